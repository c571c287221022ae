package ecsstate

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/deployment"
	"github.com/ecsstate/ecsstate/model"
)

// bgFixture is a world with service "s" running desired tasks of web:1,
// steady, then updated to web:2 with deployment configuration dc. It
// returns the service deployment ARN of the update.
func bgFixture(t testing.TB, desired int32, dc *model.DeploymentConfiguration) (*fixture, string) {
	t.Helper()
	f := newFixture(t, 3)
	f.service(t, "s", "web", desired)
	f.advance(t, 3*time.Minute)
	f.taskDef(t, "web", 256, 512, 0) // web:2
	req := model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: "web:2", DeploymentConfiguration: dc}
	if dc.Strategy != model.DeploymentStrategyBlueGreen {
		// LINEAR and CANARY need a load balancer or Service Connect.
		req.ServiceConnectConfiguration = []byte(`{"enabled":true,"namespace":"ns"}`)
	}
	ok(f.w.UpdateService(req))(t)
	l := ok(f.w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: "c", Service: "s"}))(t)
	if len(l.ServiceDeployments) == 0 {
		t.Fatal("no service deployment")
	}
	return f, l.ServiceDeployments[0].ServiceDeploymentARN
}

// revTasks counts the service's tasks that are not STOPPED by task
// definition revision (web:1 blue, web:2 green), and the RUNNING ones.
func revTasks(w *World) (blueLive, greenLive, greenRunning int) {
	for _, t := range w.clusters["c"].tasks {
		if t.LastStatus == model.TaskStatusStopped {
			continue
		}
		switch {
		case strings.HasSuffix(t.TaskDefinitionARN, "/web:1"):
			blueLive++
		case strings.HasSuffix(t.TaskDefinitionARN, "/web:2"):
			greenLive++
			if t.LastStatus == model.TaskStatusRunning {
				greenRunning++
			}
		}
	}
	return
}

func sdOf(t testing.TB, w *World, arn string) model.ServiceDeployment {
	t.Helper()
	r := ok(w.DescribeServiceDeployments(model.DescribeServiceDeploymentsRequest{ServiceDeploymentARNs: []string{arn}}))(t)
	return r.ServiceDeployments[0]
}

// A whole BLUE_GREEN deployment, stage by stage: the stages come in the
// documented order; green runs its full count before any production
// traffic moves; blue keeps running until CLEAN_UP, through the bake
// time; the deployment then completes with only green running.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html
func TestWorldBlueGreenWhole(t *testing.T) {
	const desired = 3
	// A Lambda hook at every stage a hook may run at (but
	// RECONCILE_SERVICE: one revision is ACTIVE) makes every stage
	// observable; each is continued as soon as it is seen.
	var stages []model.DeploymentLifecycleHookStage
	for _, st := range model.DeploymentLifecycleHookStage("").Values() {
		if st != model.HookStageReconcileService {
			stages = append(stages, st)
		}
	}
	dc := &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyBlueGreen, BakeTimeInMinutes: model.Int32(5),
		LifecycleHooks: []model.DeploymentLifecycleHook{{HookTargetARN: "arn:aws:lambda:us-east-1:123456789012:function:check",
			RoleARN: "arn:aws:iam::123456789012:role/hooks", LifecycleStages: stages}}}
	f, arn := bgFixture(t, desired, dc)
	want := []deployment.Stage{deployment.StagePreScaleUp, deployment.StageScaleUp, deployment.StagePostScaleUp,
		deployment.StageTestTrafficShift, deployment.StagePostTestTrafficShift, deployment.StagePreProductionTrafficShift,
		deployment.StageProductionTrafficShift, deployment.StagePostProductionTrafficShift, deployment.StageBakeTime, deployment.StageCleanUp}
	var seen []deployment.Stage
	var bakeStart, cleanAt time.Time
	for range 200 {
		f.advance(t, 15*time.Second)
		st, on, err := f.w.TrafficShift("c", "s")
		if err != nil || !on {
			t.Fatalf("TrafficShift: %v %v", on, err)
		}
		sd := sdOf(t, f.w, arn)
		if sd.LifecycleStage != string(st.Stage) {
			t.Fatalf("lifecycleStage %s, shift at %s", sd.LifecycleStage, st.Stage)
		}
		if len(seen) == 0 || seen[len(seen)-1] != st.Stage {
			seen = append(seen, st.Stage)
		}
		blue, green, greenRunning := revTasks(f.w)
		if st.ProductionGreen > 0 && greenRunning < desired {
			t.Fatalf("production traffic %v%% on green with %d green tasks running", st.ProductionGreen, greenRunning)
		}
		if st.Status == deployment.ShiftInProgress && st.Stage != deployment.StageCleanUp && blue != desired {
			t.Fatalf("at %s blue has %d tasks, want %d", st.Stage, blue, desired)
		}
		if green > desired {
			t.Fatalf("%d green tasks", green)
		}
		if st.Stage == deployment.StageBakeTime && bakeStart.IsZero() {
			bakeStart = f.w.Now()
		}
		if st.Stage == deployment.StageCleanUp && cleanAt.IsZero() {
			cleanAt = f.w.Now()
		}
		if st.Status == deployment.ShiftSuccessful {
			if sd.Status != model.ServiceDeploymentSuccessful {
				t.Fatalf("shift successful, service deployment %s", sd.Status)
			}
			if blue != 0 || green != desired {
				t.Fatalf("after success blue %d green %d", blue, green)
			}
			if w := *sd.TargetServiceRevision.RequestedProductionTrafficWeight; w != 100 {
				t.Fatalf("green production weight %v", w)
			}
			break
		}
		for _, h := range sd.LifecycleHookDetails {
			if h.Status == string(deployment.HookInProgress) {
				if err := f.w.CompleteLifecycleHook(arn, h.HookID, deployment.HookSucceeded); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if !slices.Equal(seen, want) {
		t.Fatalf("stages %v, want %v", seen, want)
	}
	if d := cleanAt.Sub(bakeStart); d < 5*time.Minute {
		t.Fatalf("bake of %s, want at least 5 minutes", d)
	}
	f.advance(t, 2*time.Minute)
	s := f.describeService(t, "s")
	if len(s.Deployments) != 1 || s.Deployments[0].RolloutState != model.DeploymentRolloutStateCompleted || s.RunningCount != desired {
		t.Fatalf("service not steady on green: %+v", s.Deployments)
	}
}

func pauseAt(stage model.DeploymentLifecycleHookStage) *model.DeploymentConfiguration {
	return &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyBlueGreen, LifecycleHooks: []model.DeploymentLifecycleHook{{
		TargetType: model.HookTargetPause, LifecycleStages: []model.DeploymentLifecycleHookStage{stage}}}}
}

// A PAUSE hook at POST_TEST_TRAFFIC_SHIFT holds the deployment there, test
// traffic on green and production on blue, until ContinueServiceDeployment.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/pause-lifecycle-hooks.html
func TestWorldBlueGreenPauseHolds(t *testing.T) {
	f, arn := bgFixture(t, 2, pauseAt("POST_TEST_TRAFFIC_SHIFT"))
	f.advance(t, 5*time.Minute)
	st, _, _ := f.w.TrafficShift("c", "s")
	if st.Stage != deployment.StagePostTestTrafficShift || st.ProductionBlue != 100 || st.TestGreen != 100 {
		t.Fatalf("held at %s, production blue %v, test green %v", st.Stage, st.ProductionBlue, st.TestGreen)
	}
	f.advance(t, 30*time.Minute)
	sd := sdOf(t, f.w, arn)
	if st2, _, _ := f.w.TrafficShift("c", "s"); st2.Stage != deployment.StagePostTestTrafficShift || sd.Status != model.ServiceDeploymentInProgress {
		t.Fatalf("after 30 more minutes: %s %s", st2.Stage, sd.Status)
	}
	if len(sd.LifecycleHookDetails) != 1 || sd.LifecycleHookDetails[0].Status != string(deployment.HookAwaitingAction) {
		t.Fatalf("hooks %+v", sd.LifecycleHookDetails)
	}
	ok(f.w.ContinueServiceDeployment(model.ContinueServiceDeploymentRequest{ServiceDeploymentARN: arn, HookID: sd.LifecycleHookDetails[0].HookID}))(t)
	f.advance(t, 5*time.Minute)
	if st, _, _ := f.w.TrafficShift("c", "s"); st.Status != deployment.ShiftSuccessful {
		t.Fatalf("after CONTINUE: %s at %s", st.Status, st.Stage)
	}
	if b, g, _ := revTasks(f.w); b != 0 || g != 2 {
		t.Fatalf("blue %d green %d", b, g)
	}
}

// Rollbacks: a PAUSE hook resolved with ROLLBACK, a Lambda hook FAILED,
// StopServiceDeployment. All traffic returns to blue, no green task runs,
// blue is the service's PRIMARY again and the service deployment is
// ROLLBACK_SUCCESSFUL.
func TestWorldBlueGreenRollback(t *testing.T) {
	lambda := &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyBlueGreen, LifecycleHooks: []model.DeploymentLifecycleHook{{
		HookTargetARN: "arn:aws:lambda:us-east-1:123456789012:function:check", RoleARN: "arn:aws:iam::123456789012:role/hooks",
		LifecycleStages: []model.DeploymentLifecycleHookStage{"POST_PRODUCTION_TRAFFIC_SHIFT"}}}}
	for _, tc := range []struct {
		name string
		dc   *model.DeploymentConfiguration
		act  func(t *testing.T, f *fixture, arn string, sd model.ServiceDeployment)
	}{
		{"pause ROLLBACK", pauseAt("POST_SCALE_UP"), func(t *testing.T, f *fixture, arn string, sd model.ServiceDeployment) {
			ok(f.w.ContinueServiceDeployment(model.ContinueServiceDeploymentRequest{ServiceDeploymentARN: arn, HookID: sd.LifecycleHookDetails[0].HookID, Action: model.HookActionRollback}))(t)
		}},
		{"lambda FAILED", lambda, func(t *testing.T, f *fixture, arn string, sd model.ServiceDeployment) {
			if err := f.w.CompleteLifecycleHook(arn, sd.LifecycleHookDetails[0].HookID, deployment.HookFailed); err != nil {
				t.Fatal(err)
			}
		}},
		{"StopServiceDeployment", pauseAt("POST_SCALE_UP"), func(t *testing.T, f *fixture, arn string, _ model.ServiceDeployment) {
			ok(f.w.StopServiceDeployment(model.StopServiceDeploymentRequest{ServiceDeploymentARN: arn}))(t)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, arn := bgFixture(t, 2, tc.dc)
			f.advance(t, 5*time.Minute)
			sd := sdOf(t, f.w, arn)
			if len(sd.LifecycleHookDetails) != 1 {
				t.Fatalf("no hook held the deployment: %s %+v", sd.LifecycleStage, sd.LifecycleHookDetails)
			}
			if _, g, _ := revTasks(f.w); g != 2 {
				t.Fatalf("green %d before the rollback", g)
			}
			tc.act(t, f, arn, sd)
			f.advance(t, 5*time.Minute)
			st, _, _ := f.w.TrafficShift("c", "s")
			sd = sdOf(t, f.w, arn)
			if st.Status != deployment.ShiftRollbackSuccessful || sd.Status != model.ServiceDeploymentRollbackSuccessful {
				t.Fatalf("shift %s, service deployment %s", st.Status, sd.Status)
			}
			if st.ProductionBlue != 100 || st.TestBlue != 100 || st.ProductionGreen != 0 || st.TestGreen != 0 {
				t.Fatalf("weights %+v", st)
			}
			if b, g, _ := revTasks(f.w); b != 2 || g != 0 {
				t.Fatalf("blue %d green %d", b, g)
			}
			s := f.describeService(t, "s")
			if p := shiftPrimary(&s); p == nil || !strings.HasSuffix(p.TaskDefinition, "/web:1") || s.TaskDefinition != p.TaskDefinition {
				t.Fatalf("primary after rollback: %+v", s.Deployments)
			}
		})
	}
}

// LINEAR and CANARY: production traffic moves to green in the documented
// steps (stepPercent each time; canaryPercent then the rest), each step
// held for its bake, and only once green runs its full count.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-linear.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-canary.html
func TestWorldLinearCanarySteps(t *testing.T) {
	for _, tc := range []struct {
		name  string
		dc    *model.DeploymentConfiguration
		steps []float64
		bake  time.Duration // between steps
	}{
		{"linear 25% every 2 minutes", &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyLinear,
			LinearConfiguration: &model.LinearConfiguration{StepPercent: new(25.0), StepBakeTimeInMinutes: model.Int32(2)}}, []float64{25, 50, 75, 100}, 2 * time.Minute},
		{"canary 10% for 3 minutes", &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyCanary,
			CanaryConfiguration: &model.CanaryConfiguration{CanaryPercent: new(10.0), CanaryBakeTimeInMinutes: model.Int32(3)}}, []float64{10, 100}, 3 * time.Minute},
		{"canary defaults: 5% for 10 minutes", &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyCanary}, []float64{5, 100}, 10 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, arn := bgFixture(t, 2, tc.dc)
			var seen []float64
			var at []time.Time
			for range 400 {
				f.advance(t, 15*time.Second)
				st, _, _ := f.w.TrafficShift("c", "s")
				if st.ProductionBlue+st.ProductionGreen != 100 {
					t.Fatalf("weights %v + %v", st.ProductionBlue, st.ProductionGreen)
				}
				if _, _, running := revTasks(f.w); st.ProductionGreen > 0 && st.Status == deployment.ShiftInProgress && st.Stage != deployment.StageCleanUp && running < 2 {
					t.Fatalf("production %v%% on green with %d running", st.ProductionGreen, running)
				}
				if w := st.ProductionGreen; w > 0 && (len(seen) == 0 || seen[len(seen)-1] != w) {
					seen, at = append(seen, w), append(at, f.w.Now())
				}
				if st.Status == deployment.ShiftSuccessful {
					break
				}
			}
			if !slices.Equal(seen, tc.steps) {
				t.Fatalf("production weights of green %v, want %v", seen, tc.steps)
			}
			for i := 1; i < len(at); i++ {
				if d := at[i].Sub(at[i-1]); d < tc.bake || d > tc.bake+30*time.Second {
					t.Errorf("step %d after %s, want the %s bake (within a scheduler run or two)", i, d, tc.bake)
				}
			}
			if sd := sdOf(t, f.w, arn); sd.Status != model.ServiceDeploymentSuccessful {
				t.Fatalf("service deployment %s", sd.Status)
			}
			if b, g, _ := revTasks(f.w); b != 0 || g != 2 {
				t.Fatalf("blue %d green %d", b, g)
			}
		})
	}
}

// A clone taken during a BLUE_GREEN deployment evolves on its own: the
// original rolled back does not change the clone, which completes.
func TestWorldBlueGreenClone(t *testing.T) {
	f, arn := bgFixture(t, 2, pauseAt("POST_SCALE_UP"))
	f.advance(t, 5*time.Minute)
	c := f.w.Clone()
	ok(f.w.StopServiceDeployment(model.StopServiceDeploymentRequest{ServiceDeploymentARN: arn}))(t)
	f.advance(t, 5*time.Minute)
	sd := sdOf(t, c, arn)
	ok(c.ContinueServiceDeployment(model.ContinueServiceDeploymentRequest{ServiceDeploymentARN: arn, HookID: sd.LifecycleHookDetails[0].HookID}))(t)
	if err := c.Advance(5 * time.Minute); err != nil {
		t.Fatal(err)
	}
	a, _, _ := f.w.TrafficShift("c", "s")
	b, _, _ := c.TrafficShift("c", "s")
	if a.Status != deployment.ShiftRollbackSuccessful || b.Status != deployment.ShiftSuccessful {
		t.Fatalf("original %s, clone %s at %s", a.Status, b.Status, b.Stage)
	}
}

// CompleteLifecycleHook takes any strings: it never panics and fails with
// a typed ECS error.
func FuzzCompleteLifecycleHook(f *testing.F) {
	lambda := &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyBlueGreen, LifecycleHooks: []model.DeploymentLifecycleHook{{
		HookTargetARN: "arn:aws:lambda:us-east-1:123456789012:function:check", RoleARN: "arn:aws:iam::123456789012:role/hooks",
		LifecycleStages: []model.DeploymentLifecycleHookStage{"PRE_SCALE_UP"}}}}
	fx, arn := bgFixture(f, 1, lambda)
	fx.advance(f, 15*time.Second)
	sd := sdOf(f, fx.w, arn)
	f.Add(arn, sd.LifecycleHookDetails[0].HookID, "SUCCEEDED")
	f.Add(arn, "x", "FAILED")
	f.Add("arn:aws:ecs:us-east-1:1:service-deployment/c/s/1", "", "IN_PROGRESS")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, a, hook, status string) {
		w := fx.w.Clone()
		if err := w.CompleteLifecycleHook(a, hook, deployment.HookStatus(status)); err != nil {
			checkErr(t, "CompleteLifecycleHook", err)
			return
		}
		if err := w.Advance(time.Minute); err != nil {
			t.Fatal(err)
		}
	})
}

// While a traffic shift runs, the scheduler sees green alone and would
// say "deployment completed." and "has reached a steady state." as soon
// as green runs at full count, before any production traffic moved. ECS
// says them once the deployment is done: the world writes them only at
// CLEAN_UP, and the stored service's events never held the early ones.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
func TestWorldBlueGreenCompletesAfterCleanUp(t *testing.T) {
	for _, dc := range []*model.DeploymentConfiguration{
		{Strategy: model.DeploymentStrategyBlueGreen, BakeTimeInMinutes: model.Int32(5)},
		{Strategy: model.DeploymentStrategyCanary, BakeTimeInMinutes: model.Int32(2),
			CanaryConfiguration: &model.CanaryConfiguration{CanaryPercent: new(20.0), CanaryBakeTimeInMinutes: model.Int32(3)}},
	} {
		t.Run(string(dc.Strategy), func(t *testing.T) {
			f, arn := bgFixture(t, 3, dc)
			green := ""
			for _, d := range f.describeService(t, "s").Deployments {
				if d.Status == model.DeploymentStatusPrimary {
					green = d.ID
				}
			}
			seq := uint64(len(f.w.Timeline()))
			var completedAt []deployment.Stage
			for range 200 {
				f.advance(t, 15*time.Second)
				st, _, _ := f.w.TrafficShift("c", "s")
				for _, rec := range f.w.TimelineSince(seq) {
					if rec.Kind != RecordServiceEvent || rec.Service != "s" {
						continue
					}
					if strings.HasSuffix(rec.Message, "deployment completed.") || strings.HasSuffix(rec.Message, "has reached a steady state.") {
						if st.Stage != deployment.StageCleanUp {
							t.Fatalf("%q at %s (%s, production green %v%%)", rec.Message, st.Stage, st.Status, st.ProductionGreen)
						}
						if strings.Contains(rec.Message, green) {
							completedAt = append(completedAt, st.Stage)
						}
					}
				}
				seq = uint64(len(f.w.Timeline()))
				if st.Status != deployment.ShiftInProgress {
					for _, e := range f.describeService(t, "s").Events {
						if strings.HasSuffix(e.Message, "deployment completed.") && !strings.Contains(e.Message, green) {
							continue // web:1's, from before the update
						}
						if strings.HasSuffix(e.Message, "deployment completed.") && e.CreatedAt.Before(f.w.Now().Add(-30*time.Second)) {
							t.Errorf("stored event %q at %s, before CLEAN_UP", e.Message, e.CreatedAt.Time)
						}
					}
					break
				}
			}
			if sd := sdOf(t, f.w, arn); sd.Status != model.ServiceDeploymentSuccessful {
				t.Fatalf("service deployment %s", sd.Status)
			}
			if len(completedAt) != 1 {
				t.Fatalf("green's deployment completed %d times, want once at CLEAN_UP", len(completedAt))
			}
		})
	}
}
