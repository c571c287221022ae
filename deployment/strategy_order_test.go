package deployment

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecsstate/ecsstate/model"
)

// With a hook at every hookable stage (PAUSE where allowed, Lambda at the
// two traffic-shift stages), the deployment stops at each in the
// documented order, and the traffic at each stage is the one the
// lifecycle-stage list of DeploymentLifecycleHook describes: before
// POST_SCALE_UP no test traffic and blue serving production; after the
// test shift, test traffic on green; after the production shift,
// production on green. LINEAR repeats PRE_PRODUCTION_TRAFFIC_SHIFT and
// PRODUCTION_TRAFFIC_SHIFT at every step.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentLifecycleHook.html
func TestShiftStageOrderAndTraffic(t *testing.T) {
	var hooks []model.DeploymentLifecycleHook
	for _, st := range model.DeploymentLifecycleHookStage("").Values() {
		h := model.DeploymentLifecycleHook{TargetType: model.HookTargetPause, LifecycleStages: []model.DeploymentLifecycleHookStage{st}}
		if st == model.HookStageTestTrafficShift || st == model.HookStageProductionTrafficShift {
			h = model.DeploymentLifecycleHook{HookTargetARN: "arn:aws:lambda:us-east-1:123456789012:function:f", RoleARN: "arn:aws:iam::123456789012:role/r",
				LifecycleStages: []model.DeploymentLifecycleHookStage{st}}
		}
		hooks = append(hooks, h)
	}
	type seen struct {
		Stage                 Stage
		ProdGreen, TestGreen  float64
		GreenDesired, BlueDes int32
	}
	run := func(dc *model.DeploymentConfiguration) []seen {
		s, err := StartShift(dc, 2, true, t0)
		if err != nil {
			t.Fatal(err)
		}
		now := t0
		var got []seen
		record := func() {
			if len(s.Hooks) == 1 && !s.Hooks[0].resolved() {
				got = append(got, seen{s.Stage, s.ProductionGreen, s.TestGreen, s.GreenDesired, s.BlueDesired})
			}
		}
		record()
		for range 100 {
			// Each hooked stage holds exactly one hook: resolve it, and
			// the deployment runs on to the next hooked stage.
			in := ShiftInput{GreenHealthy: s.GreenDesired, GreenTasks: s.GreenDesired, BlueTasks: s.BlueDesired}
			if len(s.Hooks) == 1 {
				in.HookOutcomes = map[string]HookStatus{s.Hooks[0].ID: HookSucceeded}
			}
			now = now.Add(time.Minute)
			s = Shift(dc, s, in, now)
			if s.Status != ShiftInProgress {
				break
			}
			record()
		}
		if s.Status != ShiftSuccessful {
			t.Fatalf("%s did not complete: %+v", dc.Strategy, s)
		}
		return got
	}
	bg := run(&model.DeploymentConfiguration{Strategy: model.DeploymentStrategyBlueGreen, LifecycleHooks: hooks})
	want := []seen{
		{StageReconcileService, 0, 0, 0, 2},
		{StagePreScaleUp, 0, 0, 0, 2},
		{StagePostScaleUp, 0, 0, 2, 2},
		{StageTestTrafficShift, 0, 100, 2, 2},
		{StagePostTestTrafficShift, 0, 100, 2, 2},
		{StagePreProductionTrafficShift, 0, 100, 2, 2},
		{StageProductionTrafficShift, 100, 100, 2, 2},
		{StagePostProductionTrafficShift, 100, 100, 2, 2},
	}
	if d := cmp.Diff(want, bg); d != "" {
		t.Errorf("BLUE_GREEN stages (-want +got):\n%s", d)
	}
	half := 50.0
	lin := run(&model.DeploymentConfiguration{Strategy: model.DeploymentStrategyLinear, LifecycleHooks: hooks,
		LinearConfiguration: &model.LinearConfiguration{StepPercent: &half, StepBakeTimeInMinutes: model.Int32(0)}})
	want = []seen{
		{StageReconcileService, 0, 0, 0, 2},
		{StagePreScaleUp, 0, 0, 0, 2},
		{StagePostScaleUp, 0, 0, 2, 2},
		{StageTestTrafficShift, 0, 100, 2, 2},
		{StagePostTestTrafficShift, 0, 100, 2, 2},
		{StagePreProductionTrafficShift, 0, 100, 2, 2},
		{StageProductionTrafficShift, 50, 100, 2, 2},
		{StagePreProductionTrafficShift, 50, 100, 2, 2},
		{StageProductionTrafficShift, 100, 100, 2, 2},
		{StagePostProductionTrafficShift, 100, 100, 2, 2},
	}
	if d := cmp.Diff(want, lin); d != "" {
		t.Errorf("LINEAR stages (-want +got):\n%s", d)
	}
}
