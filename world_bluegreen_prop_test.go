package ecsstate

import (
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/deployment"
	"github.com/ecsstate/ecsstate/model"
	"pgregory.net/rapid"
)

// Random BLUE_GREEN, LINEAR and CANARY deployments with random hooks, hook outcomes, stop
// requests and time advances. After every action: production and test
// weights each sum to 100; green never has production traffic before it
// has run its full count; while the shift is in progress blue keeps its
// count until CLEAN_UP. At the end (outcomes all resolved by continuing):
// a rollback leaves all traffic on blue and no green task, a success only
// green; either way the service ends steady.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
func TestWorldBlueGreenProperty(t *testing.T) {
	rapid.Check(t, func(r *rapid.T) {
		rt := rapidTB{t, r}
		desired := rapid.Int32Range(1, 4).Draw(r, "desired")
		dc := &model.DeploymentConfiguration{Strategy: rapid.SampledFrom([]model.DeploymentStrategy{model.DeploymentStrategyBlueGreen,
			model.DeploymentStrategyLinear, model.DeploymentStrategyCanary}).Draw(r, "strategy"),
			BakeTimeInMinutes: model.Int32(rapid.Int32Range(0, 3).Draw(r, "bake"))}
		switch dc.Strategy {
		case model.DeploymentStrategyLinear:
			dc.LinearConfiguration = &model.LinearConfiguration{StepPercent: new(rapid.SampledFrom([]float64{20, 33.3, 50}).Draw(r, "step")),
				StepBakeTimeInMinutes: model.Int32(rapid.Int32Range(0, 2).Draw(r, "step bake"))}
		case model.DeploymentStrategyCanary:
			dc.CanaryConfiguration = &model.CanaryConfiguration{CanaryPercent: new(float64(rapid.IntRange(1, 999).Draw(r, "canary tenths")) / 10),
				CanaryBakeTimeInMinutes: model.Int32(rapid.Int32Range(0, 2).Draw(r, "canary bake"))}
		}
		for i := range rapid.IntRange(0, 2).Draw(r, "hooks") {
			var stages []model.DeploymentLifecycleHookStage
			pause := rapid.Bool().Draw(r, "pause")
			for _, st := range model.DeploymentLifecycleHookStage("").Values() {
				if st == model.HookStageReconcileService || pause && (st == model.HookStageTestTrafficShift || st == model.HookStageProductionTrafficShift) {
					continue
				}
				if rapid.Bool().Draw(r, "at "+string(st)) {
					stages = append(stages, st)
				}
			}
			if len(stages) == 0 {
				continue
			}
			h := model.DeploymentLifecycleHook{LifecycleStages: stages,
				TimeoutConfiguration: &model.DeploymentLifecycleHookTimeoutConfiguration{TimeoutInMinutes: model.Int32(rapid.Int32Range(1, 10).Draw(r, "timeout")),
					Action: rapid.SampledFrom([]model.DeploymentLifecycleHookAction{model.HookActionContinue, model.HookActionRollback}).Draw(r, "on timeout")}}
			if pause {
				h.TargetType = model.HookTargetPause
			} else {
				h.HookTargetARN, h.RoleARN = "arn:aws:lambda:us-east-1:123456789012:function:h"+string(rune('a'+i)), "arn:aws:iam::123456789012:role/hooks"
			}
			dc.LifecycleHooks = append(dc.LifecycleHooks, h)
		}
		f, arn := bgFixture(rt, desired, dc)
		check := func(when string) deployment.ShiftState {
			st, on, err := f.w.TrafficShift("c", "s")
			if err != nil {
				rt.Fatal(err)
			}
			if !on {
				return st
			}
			if st.ProductionBlue+st.ProductionGreen != 100 || st.TestBlue+st.TestGreen != 100 {
				rt.Fatalf("%s: weights %v+%v, %v+%v", when, st.ProductionBlue, st.ProductionGreen, st.TestBlue, st.TestGreen)
			}
			blue, green, greenRunning := revTasks(f.w)
			if st.ProductionGreen > 0 && !st.Scaled {
				rt.Fatalf("%s: production traffic on green before it scaled", when)
			}
			if st.Status == deployment.ShiftInProgress && st.ProductionGreen > 0 && st.Stage != deployment.StageCleanUp && greenRunning < int(desired) {
				rt.Fatalf("%s: production traffic on green with %d of %d running", when, greenRunning, desired)
			}
			if st.Status == deployment.ShiftInProgress && st.Stage != deployment.StageCleanUp && blue != int(desired) {
				rt.Fatalf("%s: blue %d tasks at %s", when, blue, st.Stage)
			}
			if green > int(desired) {
				rt.Fatalf("%s: %d green tasks", when, green)
			}
			return st
		}
		for i := range rapid.IntRange(1, 12).Draw(r, "actions") {
			when := "action " + string(rune('0'+i%10))
			sd := sdOf(rt, f.w, arn)
			switch rapid.IntRange(0, 4).Draw(r, "action") {
			case 0, 1:
				f.advance(rt, time.Duration(rapid.IntRange(1, 40).Draw(r, "seconds/15"))*15*time.Second)
			case 2: // resolve a hook either way
				for _, h := range sd.LifecycleHookDetails {
					if sd.Status != model.ServiceDeploymentInProgress {
						break
					}
					good := rapid.Bool().Draw(r, "hook succeeds")
					switch h.Status {
					case string(deployment.HookAwaitingAction):
						a := model.HookActionContinue
						if !good {
							a = model.HookActionRollback
						}
						ok(f.w.ContinueServiceDeployment(model.ContinueServiceDeploymentRequest{ServiceDeploymentARN: arn, HookID: h.HookID, Action: a}))(rt)
					case string(deployment.HookInProgress):
						o := deployment.HookSucceeded
						if !good {
							o = deployment.HookFailed
						}
						if err := f.w.CompleteLifecycleHook(arn, h.HookID, o); err != nil {
							rt.Fatal(err)
						}
					}
				}
			case 3:
				if sd.Status == model.ServiceDeploymentInProgress && rapid.IntRange(0, 3).Draw(r, "stop?") == 0 {
					ok(f.w.StopServiceDeployment(model.StopServiceDeploymentRequest{ServiceDeploymentARN: arn}))(rt)
				}
			case 4:
				f.advance(rt, 15*time.Second)
			}
			check(when)
		}
		// Finish: continue every hook, let time pass.
		for range 400 {
			sd := sdOf(rt, f.w, arn)
			for _, h := range sd.LifecycleHookDetails {
				if sd.Status != model.ServiceDeploymentInProgress {
					break
				}
				switch h.Status {
				case string(deployment.HookAwaitingAction):
					ok(f.w.ContinueServiceDeployment(model.ContinueServiceDeploymentRequest{ServiceDeploymentARN: arn, HookID: h.HookID}))(rt)
				case string(deployment.HookInProgress):
					if err := f.w.CompleteLifecycleHook(arn, h.HookID, deployment.HookSucceeded); err != nil {
						rt.Fatal(err)
					}
				}
			}
			f.advance(rt, 15*time.Second)
			st := check("finishing")
			if st.Status != deployment.ShiftInProgress && st.Status != deployment.ShiftRollbackInProgress {
				break
			}
		}
		f.advance(rt, 2*time.Minute)
		st, _, _ := f.w.TrafficShift("c", "s")
		blue, green, _ := revTasks(f.w)
		sd := sdOf(rt, f.w, arn)
		switch st.Status {
		case deployment.ShiftSuccessful:
			if blue != 0 || green != int(desired) || sd.Status != model.ServiceDeploymentSuccessful {
				rt.Fatalf("success: blue %d green %d, %s", blue, green, sd.Status)
			}
		case deployment.ShiftRollbackSuccessful:
			if blue != int(desired) || green != 0 || st.ProductionBlue != 100 || st.TestBlue != 100 || sd.Status != model.ServiceDeploymentRollbackSuccessful {
				rt.Fatalf("rollback: blue %d green %d, weights %v/%v, %s", blue, green, st.ProductionBlue, st.TestBlue, sd.Status)
			}
		default:
			rt.Fatalf("shift did not end: %s at %s", st.Status, st.Stage)
		}
		s := f.describeService(rt, "s")
		if len(s.Deployments) != 1 || s.Deployments[0].RolloutState != model.DeploymentRolloutStateCompleted || s.RunningCount != desired {
			rt.Fatalf("service not steady: running %d, %+v", s.RunningCount, s.Deployments)
		}
	})
}
