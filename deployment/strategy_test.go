package deployment

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
)

// TrafficSteps follows the documented schedules and defaults:
// canaryPercent 5.0 then the rest (API_CanaryConfiguration), stepPercent
// 10.0 in equal steps until 100 (API_LinearConfiguration), BLUE_GREEN all
// at once.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinearConfiguration.html
func TestTrafficSteps(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	linear := func(p *float64) *model.DeploymentConfiguration {
		return &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyLinear, LinearConfiguration: &model.LinearConfiguration{StepPercent: p}}
	}
	canary := func(p *float64) *model.DeploymentConfiguration {
		return &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyCanary, CanaryConfiguration: &model.CanaryConfiguration{CanaryPercent: p}}
	}
	cases := []struct {
		name string
		dc   *model.DeploymentConfiguration
		want []float64
	}{
		{"blue/green", &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyBlueGreen}, []float64{100}},
		{"canary default 5%", canary(nil), []float64{5, 100}},
		{"canary 0.1%", canary(f(0.1)), []float64{0.1, 100}},
		{"canary 100%", canary(f(100)), []float64{100}},
		{"linear default 10%", linear(nil), []float64{10, 20, 30, 40, 50, 60, 70, 80, 90, 100}},
		{"linear 33.3%", linear(f(33.3)), []float64{33.3, 66.6, 99.9, 100}},
		{"linear 25%", linear(f(25)), []float64{25, 50, 75, 100}},
		{"linear 100%", linear(f(100)), []float64{100}},
	}
	for _, c := range cases {
		if got := TrafficSteps(c.dc); !cmp.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if n := len(TrafficSteps(linear(f(3)))); n != 34 {
		t.Errorf("linear 3%%: %d steps, want 34 (3, 6, … 99, 100)", n)
	}
}

// A blue/green deployment with no hooks and a 10-minute bake, step by step:
// green scales fully, test traffic moves, then production, blue is kept
// through the bake to the second, then cleaned up.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
func TestBlueGreenWalkthrough(t *testing.T) {
	dc := &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyBlueGreen, BakeTimeInMinutes: model.Int32(10)}
	s, err := StartShift(dc, 3, false, t0)
	if err != nil {
		t.Fatal(err)
	}
	s = Shift(dc, s, ShiftInput{BlueTasks: 3}, t0)
	if s.Stage != StageScaleUp || s.GreenDesired != 3 || s.ProductionGreen != 0 {
		t.Fatalf("after start: %+v", s)
	}
	s = Shift(dc, s, ShiftInput{GreenHealthy: 2, GreenTasks: 3, BlueTasks: 3}, t0.Add(time.Minute))
	if s.Stage != StageScaleUp {
		t.Fatalf("moved on with 2 of 3 green healthy: %s", s.Stage)
	}
	at := t0.Add(2 * time.Minute)
	s = Shift(dc, s, ShiftInput{GreenHealthy: 3, GreenTasks: 3, BlueTasks: 3}, at)
	if s.Stage != StageBakeTime || s.ProductionGreen != 100 || s.TestGreen != 100 || s.BlueDesired != 3 {
		t.Fatalf("after scale-up: %+v", s)
	}
	s = Shift(dc, s, ShiftInput{GreenHealthy: 3, GreenTasks: 3, BlueTasks: 3}, at.Add(10*time.Minute-time.Second))
	if s.Stage != StageBakeTime {
		t.Fatalf("bake ended a second early: %s", s.Stage)
	}
	s = Shift(dc, s, ShiftInput{GreenHealthy: 3, GreenTasks: 3, BlueTasks: 3}, at.Add(10*time.Minute))
	if s.Stage != StageCleanUp || s.BlueDesired != 0 {
		t.Fatalf("after the bake: %+v", s)
	}
	s = Shift(dc, s, ShiftInput{GreenHealthy: 3, GreenTasks: 3}, at.Add(11*time.Minute))
	if s.Status != ShiftSuccessful {
		t.Fatalf("after clean-up: %+v", s)
	}
}

// A PAUSE hook at POST_TEST_TRAFFIC_SHIFT holds the deployment until
// ContinueServiceDeployment, or until its timeout with its action.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/pause-lifecycle-hooks.html
func TestPauseHookHoldsUntilContinued(t *testing.T) {
	hook := func(action model.DeploymentLifecycleHookAction) *model.DeploymentConfiguration {
		return &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyBlueGreen, LifecycleHooks: []model.DeploymentLifecycleHook{{
			TargetType: model.HookTargetPause, LifecycleStages: []model.DeploymentLifecycleHookStage{model.HookStagePostTestTrafficShift},
			TimeoutConfiguration: &model.DeploymentLifecycleHookTimeoutConfiguration{TimeoutInMinutes: model.Int32(60), Action: action}}}}
	}
	ready := ShiftInput{GreenHealthy: 2, GreenTasks: 2, BlueTasks: 2}
	for _, c := range []struct {
		name    string
		action  model.DeploymentLifecycleHookAction
		outcome HookStatus
		at      time.Duration
		want    ShiftStatus
	}{
		{"continue", "", HookSucceeded, time.Minute, ShiftInProgress},
		{"rollback", "", HookFailed, time.Minute, ShiftRollbackInProgress},
		{"timeout rolls back by default", "", "", 60 * time.Minute, ShiftRollbackInProgress},
		{"timeout continues", model.HookActionContinue, "", 60 * time.Minute, ShiftInProgress},
	} {
		dc := hook(c.action)
		s, _ := StartShift(dc, 2, false, t0)
		s = Shift(dc, s, ready, t0)
		if s.Stage != StagePostTestTrafficShift || len(s.Hooks) != 1 || s.Hooks[0].Status != HookAwaitingAction {
			t.Fatalf("%s: %+v", c.name, s)
		}
		held := Shift(dc, s, ready, t0.Add(59*time.Minute))
		if held.Stage != StagePostTestTrafficShift || held.Status != ShiftInProgress {
			t.Fatalf("%s: the hook let go before its timeout: %+v", c.name, held)
		}
		in := ready
		if c.outcome != "" {
			in.HookOutcomes = map[string]HookStatus{s.Hooks[0].ID: c.outcome}
		}
		s = Shift(dc, s, in, t0.Add(c.at))
		if s.Status != c.want || c.want == ShiftInProgress && s.ProductionGreen != 100 {
			t.Errorf("%s: %+v", c.name, s)
		}
		if c.want == ShiftRollbackInProgress && (s.ProductionBlue != 100 || s.TestBlue != 100 || s.GreenDesired != 0) {
			t.Errorf("%s: rollback left traffic or tasks on green: %+v", c.name, s)
		}
	}
}

// TestShiftStateMachine drives random strategies, hooks, bakes, alarms,
// stop requests and task counts through Shift and checks, after every
// call, the invariants the documentation states: each traffic pair sums to
// 100; production traffic never reaches green before green ran the full
// desired count healthy; a rollback from any stage puts all traffic on
// blue and scales green to 0, and succeeds only once no green task runs; a
// stage with unresolved, unexpired hooks does not move; a bake (the
// deployment's, or a traffic step's) is honoured to the second; the input
// state is never modified.
func TestShiftStateMachine(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		strategy := rapid.SampledFrom([]model.DeploymentStrategy{model.DeploymentStrategyBlueGreen, model.DeploymentStrategyLinear, model.DeploymentStrategyCanary}).Draw(rt, "strategy")
		dc := &model.DeploymentConfiguration{Strategy: strategy, BakeTimeInMinutes: model.Int32(rapid.Int32Range(0, 30).Draw(rt, "bake")),
			Alarms: &model.DeploymentAlarms{Enable: rapid.Bool().Draw(rt, "alarms"), Rollback: rapid.Bool().Draw(rt, "alarmRollback"), AlarmNames: []string{"a"}}}
		switch strategy {
		case model.DeploymentStrategyLinear:
			p := float64(rapid.IntRange(30, 1000).Draw(rt, "step")) / 10
			dc.LinearConfiguration = &model.LinearConfiguration{StepPercent: &p, StepBakeTimeInMinutes: model.Int32(rapid.Int32Range(0, 10).Draw(rt, "stepBake"))}
		case model.DeploymentStrategyCanary:
			p := float64(rapid.IntRange(1, 1000).Draw(rt, "canary")) / 10
			dc.CanaryConfiguration = &model.CanaryConfiguration{CanaryPercent: &p, CanaryBakeTimeInMinutes: model.Int32(rapid.Int32Range(0, 10).Draw(rt, "canaryBake"))}
		}
		hookStages := model.DeploymentLifecycleHookStage("").Values()
		for i := range rapid.IntRange(0, 3).Draw(rt, "hooks") {
			h := model.DeploymentLifecycleHook{TargetType: rapid.SampledFrom([]model.DeploymentLifecycleHookTargetType{model.HookTargetLambda, model.HookTargetPause}).Draw(rt, "type"),
				LifecycleStages: []model.DeploymentLifecycleHookStage{rapid.SampledFrom(hookStages).Draw(rt, "stage")},
				TimeoutConfiguration: &model.DeploymentLifecycleHookTimeoutConfiguration{TimeoutInMinutes: model.Int32(rapid.Int32Range(1, 20).Draw(rt, "timeout")),
					Action: rapid.SampledFrom(model.DeploymentLifecycleHookAction("").Values()).Draw(rt, "action")}}
			_ = i
			dc.LifecycleHooks = append(dc.LifecycleHooks, h)
		}
		desired := rapid.Int32Range(0, 5).Draw(rt, "desired")
		now := t0
		s, err := StartShift(dc, desired, rapid.Bool().Draw(rt, "reconcile"), now)
		if err != nil {
			rt.Fatal(err)
		}
		green, healthy, blue := int32(0), int32(0), desired
		sawFull := false // reference: green ran desired healthy tasks at some input
		var bakeStart, weightSince time.Time
		var stepBakeDur time.Duration
		switch strategy {
		case model.DeploymentStrategyLinear:
			stepBakeDur = time.Duration(*dc.LinearConfiguration.StepBakeTimeInMinutes) * time.Minute
		case model.DeploymentStrategyCanary:
			stepBakeDur = time.Duration(*dc.CanaryConfiguration.CanaryBakeTimeInMinutes) * time.Minute
		}
		for range rapid.IntRange(1, 80).Draw(rt, "calls") {
			now = now.Add(time.Duration(rapid.IntRange(0, 8*60).Draw(rt, "seconds")) * time.Second)
			// The world follows the desired counts, with a lag.
			if rapid.Bool().Draw(rt, "agent") {
				green = s.GreenDesired
				blue = s.BlueDesired
			}
			healthy = min(green, rapid.Int32Range(0, green).Draw(rt, "healthy"))
			in := ShiftInput{GreenHealthy: healthy, GreenTasks: green, BlueTasks: blue,
				AlarmInAlarm: rapid.IntRange(0, 40).Draw(rt, "alarm") == 0, StopRollback: rapid.IntRange(0, 60).Draw(rt, "stop") == 0}
			in.HookOutcomes = map[string]HookStatus{}
			for _, h := range s.Hooks {
				if o := rapid.SampledFrom([]HookStatus{"", "", HookSucceeded, HookSucceeded, HookInProgress, HookFailed}).Draw(rt, "outcome"); o != "" {
					in.HookOutcomes[h.ID] = o
				}
			}
			if healthy >= desired {
				sawFull = true
			}
			before := s
			beforeCopy := s
			beforeCopy.Hooks, beforeCopy.Steps = slices.Clone(s.Hooks), slices.Clone(s.Steps)
			s = Shift(dc, s, in, now)
			if !cmp.Equal(before, beforeCopy) {
				rt.Fatal("Shift modified its input")
			}
			if s.ProductionBlue+s.ProductionGreen != 100 || s.TestBlue+s.TestGreen != 100 {
				rt.Fatalf("weights %+v", s)
			}
			if s.ProductionGreen > 0 && !sawFull {
				rt.Fatalf("production traffic on green before it was fully scaled: %+v", s)
			}
			switch s.Status {
			case ShiftRollbackInProgress, ShiftRollbackSuccessful:
				if s.ProductionGreen != 0 || s.TestGreen != 0 || s.GreenDesired != 0 || s.BlueDesired != desired {
					rt.Fatalf("rollback left green serving or running: %+v", s)
				}
				if s.Status == ShiftRollbackSuccessful && green != 0 {
					rt.Fatalf("ROLLBACK_SUCCESSFUL with %d green tasks", green)
				}
			}
			quiet := !in.StopRollback && !(in.AlarmInAlarm && dc.Alarms.Enable)
			if before.Status == ShiftInProgress && quiet {
				unresolved := false
				for _, h := range before.Hooks {
					o := in.HookOutcomes[h.ID]
					if !h.resolved() && o != HookSucceeded && o != HookFailed && now.Before(h.ExpiresAt) {
						unresolved = true
					}
				}
				if unresolved && (s.Stage != before.Stage || s.Step != before.Step || s.Status == ShiftSuccessful) {
					rt.Fatalf("stage moved past an unresolved hook: %+v → %+v", before, s)
				}
				if !before.WaitUntil.IsZero() && now.Before(before.WaitUntil) && (s.Stage != before.Stage || s.Step != before.Step) {
					rt.Fatalf("bake cut short at %s (until %s): %+v → %+v", now, before.WaitUntil, before.Stage, s.Stage)
				}
			}
			if s.Status == ShiftInProgress && before.Status == ShiftInProgress && s.ProductionGreen != before.ProductionGreen {
				// Production moves forward only, one documented step at a
				// time, each after the previous step's bake.
				if s.ProductionGreen < before.ProductionGreen {
					rt.Fatalf("production weight went back from %v to %v", before.ProductionGreen, s.ProductionGreen)
				}
				if before.ProductionGreen > 0 && now.Sub(weightSince) < stepBakeDur {
					rt.Fatalf("traffic step from %v to %v after %s, step bake %s", before.ProductionGreen, s.ProductionGreen, now.Sub(weightSince), stepBakeDur)
				}
				steps := TrafficSteps(dc)
				i, j := slices.Index(steps, s.ProductionGreen), slices.Index(steps, before.ProductionGreen)
				// Without a step bake several steps may pass in one call;
				// with one, exactly the next step.
				if i < 0 || i <= j || stepBakeDur > 0 && i != j+1 {
					rt.Fatalf("production weight %v → %v does not follow the steps %v", before.ProductionGreen, s.ProductionGreen, steps)
				}
				weightSince = now
			}
			if s.Stage == StageBakeTime && before.Stage != StageBakeTime {
				bakeStart = now
			}
			if before.Stage == StageBakeTime && s.Stage == StageCleanUp {
				if now.Sub(bakeStart) < time.Duration(*dc.BakeTimeInMinutes)*time.Minute {
					rt.Fatalf("BAKE_TIME left after %s of %d minutes", now.Sub(bakeStart), *dc.BakeTimeInMinutes)
				}
			}
			if s.Status == ShiftSuccessful && (s.ProductionGreen != 100 || s.BlueDesired != 0 || blue != 0) {
				rt.Fatalf("SUCCESSFUL with %+v, %d blue tasks", s, blue)
			}
		}
	})
}

// With every hook succeeding, green healthy as soon as asked and time
// passing, every strategy ends SUCCESSFUL with all traffic on green and
// blue gone.
func TestShiftCompletes(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		strategy := rapid.SampledFrom([]model.DeploymentStrategy{model.DeploymentStrategyBlueGreen, model.DeploymentStrategyLinear, model.DeploymentStrategyCanary}).Draw(rt, "strategy")
		dc := &model.DeploymentConfiguration{Strategy: strategy, BakeTimeInMinutes: model.Int32(rapid.Int32Range(0, 60).Draw(rt, "bake"))}
		if strategy == model.DeploymentStrategyLinear {
			p := float64(rapid.IntRange(30, 1000).Draw(rt, "step")) / 10
			dc.LinearConfiguration = &model.LinearConfiguration{StepPercent: &p}
		}
		for _, st := range rapid.SliceOfDistinct(rapid.SampledFrom(model.DeploymentLifecycleHookStage("").Values()), func(s model.DeploymentLifecycleHookStage) model.DeploymentLifecycleHookStage { return s }).Draw(rt, "stages") {
			dc.LifecycleHooks = append(dc.LifecycleHooks, model.DeploymentLifecycleHook{TargetType: model.HookTargetPause, LifecycleStages: []model.DeploymentLifecycleHookStage{st}})
		}
		desired := rapid.Int32Range(0, 5).Draw(rt, "desired")
		now := t0
		s, _ := StartShift(dc, desired, rapid.Bool().Draw(rt, "reconcile"), now)
		green, blue := int32(0), desired
		for range 500 {
			in := ShiftInput{GreenHealthy: green, GreenTasks: green, BlueTasks: blue, HookOutcomes: map[string]HookStatus{}}
			for _, h := range s.Hooks {
				in.HookOutcomes[h.ID] = HookSucceeded
			}
			s = Shift(dc, s, in, now)
			if s.Status != ShiftInProgress {
				break
			}
			green, blue = s.GreenDesired, s.BlueDesired
			now = now.Add(time.Minute)
		}
		if s.Status != ShiftSuccessful || s.ProductionGreen != 100 || s.TestGreen != 100 || s.BlueDesired != 0 || s.GreenDesired != desired {
			rt.Fatalf("did not complete: %+v", s)
		}
	})
}

// Describe shows the state as a ServiceDeployment: status, stage, the
// traffic weights per revision, and the hook awaiting action with its ID,
// which ContinueServiceDeployment then resolves into an outcome for Shift.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/pause-lifecycle-hooks.html
func TestShiftDescribeAndContinue(t *testing.T) {
	dc := &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyCanary, LifecycleHooks: []model.DeploymentLifecycleHook{{
		TargetType: model.HookTargetPause, LifecycleStages: []model.DeploymentLifecycleHookStage{model.HookStagePostProductionTrafficShift}}}}
	s, _ := StartShift(dc, 2, false, t0)
	ready := ShiftInput{GreenHealthy: 2, GreenTasks: 2, BlueTasks: 2}
	s = Shift(dc, s, ready, t0)
	s = Shift(dc, s, ready, t0.Add(10*time.Minute)) // after the default 10-minute canary bake
	blue, green := RevisionTasks{ARN: "rev-blue", Running: 2}, RevisionTasks{ARN: "rev-green", Running: 2}
	sd := s.Describe(dc, model.ServiceDeployment{ServiceDeploymentARN: "sd"}, blue, green, t0.Add(10*time.Minute))
	if sd.Status != model.ServiceDeploymentInProgress || sd.LifecycleStage != "POST_PRODUCTION_TRAFFIC_SHIFT" ||
		*sd.TargetServiceRevision.RequestedProductionTrafficWeight != 100 || *sd.SourceServiceRevisions[0].RequestedProductionTrafficWeight != 0 ||
		len(sd.LifecycleHookDetails) != 1 || sd.LifecycleHookDetails[0].Status != "AWAITING_ACTION" || sd.LifecycleHookDetails[0].TimeoutAction != model.HookActionRollback {
		t.Fatalf("%#v", sd)
	}
	next, outcome, err := ContinueServiceDeployment(&sd, sd.LifecycleHookDetails[0].HookID, model.HookActionRollback, t0.Add(11*time.Minute))
	if err != nil || outcome != HookFailed || next.LifecycleHookDetails[0].Status != "FAILED" {
		t.Fatalf("continue: %v %v", outcome, err)
	}
	in := ready
	in.HookOutcomes = map[string]HookStatus{sd.LifecycleHookDetails[0].HookID: outcome}
	s = Shift(dc, s, in, t0.Add(11*time.Minute))
	sd = s.Describe(dc, next, blue, RevisionTasks{ARN: "rev-green", Running: 2}, t0.Add(11*time.Minute))
	if sd.Status != model.ServiceDeploymentRollbackInProgress || *sd.SourceServiceRevisions[0].RequestedProductionTrafficWeight != 100 ||
		*sd.TargetServiceRevision.RequestedProductionTrafficWeight != 0 || sd.TargetServiceRevision.RequestedTaskCount != 0 {
		t.Fatalf("after ROLLBACK: %#v", sd)
	}
}
