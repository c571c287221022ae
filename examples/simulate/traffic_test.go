package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
)

// The traffic-shifting scenarios, each deploying web:2 (and, in two of
// them, web:3) to 4 tasks.
const (
	blueGreenPath = "scenarios/blue-green.json"
	canaryPath    = "scenarios/canary.json"
	linearPath    = "scenarios/linear.json"
	shiftDesired  = 4
)

// shiftRun runs a scenario file with seed 1 and returns its output and
// history.
func shiftRun(t testing.TB, path string) (string, *history) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	scn, err := parseScenario(b)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	h, err := simulate(scn, 1, &out)
	if err != nil {
		t.Fatal(err)
	}
	return out.String(), h
}

// runningAt is the RUNNING tasks of rev in the task sample taken with a
// traffic sample (both after the same scheduler run).
func runningAt(t interface{ Fatalf(string, ...any) }, h *history, at time.Duration, rev string) int {
	i := slices.IndexFunc(h.Samples, func(s sample) bool { return s.At == at })
	if i < 0 {
		t.Fatalf("no task sample at %s", at)
	}
	return h.Samples[i].Running.ByRevision[rev]
}

// The facts every traffic-shifting run must show: production and test
// weights sum to 100 whenever there is traffic; green gets no production
// traffic before it runs its full count; each run's lifecycle stages come
// in the documented order. The order is written here from the guide, not
// taken from the code: PRE_PRODUCTION_TRAFFIC_SHIFT and
// PRODUCTION_TRAFFIC_SHIFT repeat at each traffic step.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-linear.html
func TestShiftScenariosInvariants(t *testing.T) {
	documented := []string{"RECONCILE_SERVICE", "PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT",
		"POST_TEST_TRAFFIC_SHIFT", "PRE_PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT",
		"POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP"}
	for _, path := range []string{blueGreenPath, canaryPath, linearPath} {
		t.Run(path, func(t *testing.T) {
			_, h := shiftRun(t, path)
			runs := 0
			for _, s := range h.Traffic {
				for name, m := range map[string]map[string]float64{"production": s.Production, "test": s.Test} {
					sum := 0.0
					for _, p := range m {
						sum += p
					}
					if len(m) > 0 && math.Abs(sum-100) > 1e-9 {
						t.Fatalf("at %s %s weights %v sum to %v", s.At, name, m, sum)
					}
				}
				if s.Run > 0 && len(s.Production) == 0 {
					t.Fatalf("at %s run %d has no production traffic", s.At, s.Run)
				}
				if s.Run > 0 && s.Status == model.ServiceDeploymentInProgress && s.Production[s.Green] > 0 {
					if n := runningAt(t, h, s.At, s.Green); n < shiftDesired {
						t.Fatalf("at %s (%s) %v%% of production on %s with %d of %d tasks RUNNING", s.At, s.Stage, s.Production[s.Green], s.Green, n, shiftDesired)
					}
				}
				runs = max(runs, s.Run)
			}
			if runs == 0 {
				t.Fatal("no traffic-shifting deployment ran")
			}
			last := map[int]int{}
			for _, m := range h.StageMarks {
				i := slices.Index(documented, m.Stage)
				if i < 0 {
					t.Fatalf("stage %q at %s is not a documented stage", m.Stage, m.At)
				}
				prev, seen := last[m.Run]
				repeat := documented[prev] == "PRODUCTION_TRAFFIC_SHIFT" && m.Stage == "PRE_PRODUCTION_TRAFFIC_SHIFT"
				if seen && i < prev && !repeat {
					t.Fatalf("run %d: %s at %s after %s", m.Run, m.Stage, m.At, documented[prev])
				}
				last[m.Run] = i
			}
		})
	}
}

// trafficOf is the production weights of rev, each with the first time it
// was seen, in run.
func trafficOf(h *history, run int, rev string) (weights []float64, at []time.Duration) {
	for _, s := range h.Traffic {
		if s.Run != run {
			continue
		}
		if p := s.Production[rev]; len(weights) == 0 || weights[len(weights)-1] != p {
			weights, at = append(weights, p), append(at, s.At)
		}
	}
	return weights, at
}

// The canary gets 20% of production for its 5-minute bake, then all of
// it; the second canary, stopped during its bake, returns all traffic to
// web:2 and leaves no web:3 task.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-canary.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html
func TestCanaryScenario(t *testing.T) {
	out, h := shiftRun(t, canaryPath)
	w, at := trafficOf(h, 1, "web:2")
	if diff := cmp.Diff([]float64{0, 20, 100}, w); diff != "" {
		t.Fatalf("web:2's production weights (-want +got):\n%s", diff)
	}
	if bake := at[2] - at[1]; bake < 5*time.Minute || bake >= 5*time.Minute+15*time.Second {
		t.Fatalf("the canary baked %s, want 5m (within a scheduler interval)", bake)
	}
	end := h.Traffic[len(h.Traffic)-1]
	if end.Run != 2 || end.Status != model.ServiceDeploymentRollbackSuccessful || !cmp.Equal(end.Production, map[string]float64{"web:2": 100}) {
		t.Fatalf("the end: run %d %s production %v, want run 2 ROLLBACK_SUCCESSFUL with 100%% on web:2", end.Run, end.Status, end.Production)
	}
	if n := h.Samples[len(h.Samples)-1].Running.ByRevision["web:3"]; n != 0 {
		t.Fatalf("%d web:3 tasks run after the rollback", n)
	}
	for _, want := range []string{"StopServiceDeployment", "CompleteLifecycleHook SUCCEEDED"} {
		if strings.Count(out, want) == 0 {
			t.Errorf("the output does not say %q", want)
		}
	}
}

// LINEAR moves production in 25% steps, 2 minutes apart; the PAUSE hook
// after the last step holds the bake until it is continued.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-linear.html
func TestLinearScenario(t *testing.T) {
	_, h := shiftRun(t, linearPath)
	w, at := trafficOf(h, 1, "web:2")
	if diff := cmp.Diff([]float64{0, 25, 50, 75, 100}, w); diff != "" {
		t.Fatalf("web:2's production weights (-want +got):\n%s", diff)
	}
	for i := 2; i < len(at); i++ {
		if d := at[i] - at[i-1]; d < 2*time.Minute || d >= 2*time.Minute+15*time.Second {
			t.Errorf("step %d came %s after the one before, want 2m", i, d)
		}
	}
	var continued, bake time.Duration
	for _, m := range h.StageMarks {
		if m.Stage == "BAKE_TIME" && bake == 0 {
			bake = m.At
		}
		if m.Stage == "POST_PRODUCTION_TRAFFIC_SHIFT" && continued == 0 {
			continued = m.At
		}
	}
	if bake-continued < time.Minute {
		t.Fatalf("BAKE_TIME at %s, %s after the PAUSE hook began at %s; the hook is answered after 1m", bake, bake-continued, continued)
	}
}

// BLUE_GREEN holds at the PAUSE hook with test traffic on green and
// production on blue until CONTINUE, moves production at once; the second
// deployment's FAILED hook rolls back with all traffic on web:2.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
func TestBlueGreenScenario(t *testing.T) {
	_, h := shiftRun(t, blueGreenPath)
	w, _ := trafficOf(h, 1, "web:2")
	if diff := cmp.Diff([]float64{0, 100}, w); diff != "" {
		t.Fatalf("web:2's production weights (-want +got):\n%s", diff)
	}
	var paused []trafficSample
	for _, s := range h.Traffic {
		if s.Run == 1 && s.Stage == "POST_TEST_TRAFFIC_SHIFT" {
			paused = append(paused, s)
		}
	}
	if len(paused) == 0 {
		t.Fatal("never at POST_TEST_TRAFFIC_SHIFT")
	}
	if d := paused[len(paused)-1].At - paused[0].At; d < 2*time.Minute-15*time.Second {
		t.Fatalf("held %s at the PAUSE hook, answered after 2m", d)
	}
	for _, s := range paused {
		if s.Production["web:1"] != 100 || s.Test["web:2"] != 100 {
			t.Fatalf("at the PAUSE hook: production %v test %v", s.Production, s.Test)
		}
	}
	w3, _ := trafficOf(h, 2, "web:3")
	if slices.Max(w3) != 0 {
		t.Fatalf("web:3 had production traffic %v; its hook failed before any moved", w3)
	}
	end := h.Traffic[len(h.Traffic)-1]
	if end.Status != model.ServiceDeploymentRollbackSuccessful || !cmp.Equal(end.Production, map[string]float64{"web:2": 100}) {
		t.Fatalf("the end: %s production %v, want ROLLBACK_SUCCESSFUL with 100%% on web:2", end.Status, end.Production)
	}
}

// The same scenario and seed give the same output and chart.
func TestShiftScenarioDeterministic(t *testing.T) {
	var outs, charts [2]string
	for i := range 2 {
		out, h := shiftRun(t, canaryPath)
		var b bytes.Buffer
		if err := writeChart(&b, h); err != nil {
			t.Fatal(err)
		}
		outs[i], charts[i] = out, b.String()
	}
	if outs[0] != outs[1] || charts[0] != charts[1] {
		t.Fatal("two runs of the canary scenario differ")
	}
}

// A property against a small model of the schedule, written from the
// guides: with no hooks, green's production weight is 0 until the
// scheduler run that finds green's full count RUNNING (a fact read from the
// tasks, not the traffic); from then it is the k-th traffic step after k
// step bakes, and 100 after the last step. CANARY's steps are the canary
// percent then 100; LINEAR's are the step percent, twice it, … then 100,
// in tenths of a percent.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-canary.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-linear.html
func TestTrafficMatchesScheduleModel(t *testing.T) {
	base, err := os.ReadFile(canaryPath)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		scn, err := parseScenario(base)
		if err != nil {
			t.Fatal(err)
		}
		desired := int32(rapid.IntRange(1, 6).Draw(t, "desired"))
		bake := rapid.IntRange(0, 3).Draw(t, "stepBakeMinutes")
		dc := &model.DeploymentConfiguration{BakeTimeInMinutes: model.Int32(int32(rapid.IntRange(0, 3).Draw(t, "bakeMinutes")))}
		var steps []float64 // in tenths of a percent
		if rapid.Bool().Draw(t, "linear") {
			tenths := rapid.IntRange(100, 1000).Draw(t, "stepTenths")
			dc.Strategy = model.DeploymentStrategyLinear
			dc.LinearConfiguration = &model.LinearConfiguration{StepPercent: new(float64(tenths) / 10), StepBakeTimeInMinutes: model.Int32(int32(bake))}
			for w := tenths; w < 1000; w += tenths {
				steps = append(steps, float64(w))
			}
		} else {
			tenths := rapid.IntRange(1, 1000).Draw(t, "canaryTenths")
			dc.Strategy = model.DeploymentStrategyCanary
			dc.CanaryConfiguration = &model.CanaryConfiguration{CanaryPercent: new(float64(tenths) / 10), CanaryBakeTimeInMinutes: model.Int32(int32(bake))}
			if tenths < 1000 {
				steps = append(steps, float64(tenths))
			}
		}
		steps = append(steps, 1000)
		scn.DeploymentConfiguration, scn.HookAnswers = dc, nil
		scn.Actions = []Action{
			{At: 0, UpdateService: &model.UpdateServiceRequest{DesiredCount: model.Int32(desired)}},
			{At: Duration(2 * time.Minute), UpdateService: &model.UpdateServiceRequest{TaskDefinition: "web:2"}},
		}
		scn.Until = Duration(45 * time.Minute)
		if err := scn.check(); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		h, err := simulate(scn, rapid.Uint64Range(1, 1000).Draw(t, "seed"), &out)
		if err != nil {
			t.Fatal(err)
		}
		full := time.Duration(-1) // the first scheduler run after the update with green at full count
		var got, want []float64
		for _, s := range h.Traffic {
			if s.Run != 1 {
				continue
			}
			if full < 0 && runningAt(t, h, s.At, "web:2") >= int(desired) {
				full = s.At
			}
			w := 0.0
			if full >= 0 {
				k := len(steps) - 1
				if bake > 0 {
					k = min(k, int((s.At-full)/(time.Duration(bake)*time.Minute)))
				}
				w = steps[k] / 10
			}
			got, want = append(got, s.Production["web:2"]), append(want, w)
		}
		if full < 0 {
			t.Fatalf("web:2 never ran %d tasks:\n%s", desired, out.String())
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("web:2's production weight after each scheduler run (-model +simulator):\n%s", diff)
		}
	})
}

// -runs deploys without the scenario's actions, so it cannot answer
// hooks: it refuses a scenario with hooks or hook answers, saying why.
func TestRunsRefusesHooks(t *testing.T) {
	for _, path := range []string{blueGreenPath, canaryPath, linearPath} {
		err := run([]string{"-scenario", path, "-runs", "2", "-svg", ""}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "cannot answer lifecycle hooks") {
			t.Errorf("%s: %v, want the refusal", path, err)
		}
	}
}

// Each new member of the scenario format is checked, with an error that
// names it.
func TestShiftScenarioIsCheckedStrictly(t *testing.T) {
	canary, err := os.ReadFile(canaryPath)
	if err != nil {
		t.Fatal(err)
	}
	bg, err := os.ReadFile(blueGreenPath)
	if err != nil {
		t.Fatal(err)
	}
	c, b := string(canary), string(bg)
	rep := func(s, old, new string) string {
		if !strings.Contains(s, old) {
			t.Fatalf("the scenario has no %q", old)
		}
		return strings.Replace(s, old, new, 1)
	}
	noLB := func(s string) string {
		i := strings.Index(s, `"loadBalancers"`)
		j := strings.Index(s, `"deploymentConfiguration"`)
		return s[:i] + s[j:]
	}
	const prodRule = `"productionListenerRule": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee",`
	for _, tc := range []struct{ name, body, want string }{
		{"canary without a load balancer", noLB(c), "needs a load balancer"},
		{"classic load balancer", rep(c, `"containerName": "app"`, `"containerName": "app", "loadBalancerName": "web"`), "Classic Load Balancer"},
		{"no target group", rep(c, `"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/0123456789abcdef",`, ``), "targetGroupArn is required"},
		{"another container", rep(c, `"containerName": "app"`, `"containerName": "web"`), "containerName"},
		{"no port", rep(c, `"containerPort": 80,`, ``), "containerPort"},
		{"port out of range", rep(c, `"containerPort": 80,`, `"containerPort": 70000,`), "containerPort"},
		{"no alternate target group", rep(c, `"alternateTargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-green/fedcba9876543210",`, ``), "alternateTargetGroupArn"},
		{"alternate is the same group", rep(c, `targetgroup/web-green/fedcba9876543210`, `targetgroup/web-blue/0123456789abcdef`), "must differ"},
		{"alternate not a target group", rep(c, `targetgroup/web-green/fedcba9876543210`, `loadbalancer/app/web/1`), "alternateTargetGroupArn"},
		{"no production listener rule", rep(c, prodRule, ``), "productionListenerRule"},
		{"test listener rule not a rule", rep(c, `listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/1a2b3c4d5e6f7a8b`, `targetgroup/x/1`), "testListenerRule"},
		{"no role", rep(c, `"roleArn": "arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers"`, `"roleArn": ""`), "roleArn"},
		{"six load balancers", strings.Replace(c, `"loadBalancers": [{`, `"loadBalancers": [{"targetGroupArn": "a"}, {"targetGroupArn": "b"}, {"targetGroupArn": "c"}, {"targetGroupArn": "d"}, {"targetGroupArn": "e"}, {`, 1), "at most 5"},
		{"an update to CANARY without a load balancer", rep(string(defaultScenario), `"updateService": {"taskDefinition": "web:2"}`,
			`"updateService": {"taskDefinition": "web:2", "deploymentConfiguration": {"strategy": "CANARY"}}`), "action 3: InvalidParameterException: updateService.deploymentConfiguration.strategy: CANARY needs a load balancer"},
		{"hook outcome unknown", rep(c, `"outcome": "SUCCEEDED"`, `"outcome": "OK"`), "outcome \"OK\""},
		{"hook stage unknown", rep(c, `"stage": "POST_SCALE_UP"`, `"stage": "SCALE_UP"`), "not a stage"},
		{"no hook at that stage", rep(c, `"stage": "POST_SCALE_UP"`, `"stage": "PRE_SCALE_UP"`), "no deploymentConfiguration"},
		{"a PAUSE answer to a Lambda hook", rep(c, `"outcome": "SUCCEEDED"`, `"outcome": "CONTINUE"`), "PAUSE hook"},
		{"a Lambda answer to a PAUSE hook", rep(b, `"outcome": "CONTINUE"`, `"outcome": "SUCCEEDED"`), "AWS_LAMBDA hook"},
		{"negative run", rep(c, `"after": "30s"`, `"after": "30s", "run": -1`), "run is -1"},
		{"answer after the end", rep(c, `"after": "30s"`, `"after": "2h"`), "past the end"},
		{"negative after", rep(c, `"after": "30s"`, `"after": "-30s"`), "negative"},
		{"two answers to one hook", rep(b, `"run": 2`, `"run": 1`), "answers already"},
		{"an every-run answer beside a run's", rep(b, `"after": "1m",
      "run": 2`, `"after": "1m"`), "answers already"},
		{"stop with ABORT", rep(c, `"stopType": "ROLLBACK"`, `"stopType": "ABORT"`), "ABORT is not modelled"},
		{"stop type unknown", rep(c, `"stopType": "ROLLBACK"`, `"stopType": "UNDO"`), "neither ROLLBACK nor ABORT"},
		{"stop and update at once", rep(c, `"stopServiceDeployment": {`, `"updateService": {}, "stopServiceDeployment": {`), "exactly one"},
		{"unknown hook answer member", rep(c, `"after": "30s"`, `"after": "30s", "when": "now"`), "unknown field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseScenario([]byte(tc.body))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("%v, want an error saying %q", err, tc.want)
			}
		})
	}
	for _, body := range []string{c, b} {
		if _, err := parseScenario([]byte(body)); err != nil {
			t.Fatalf("the scenario itself: %v", err)
		}
	}
}

// The README's "Blue/green, linear and canary deployments" shows lines of
// the canary run's output (other than the "…" marking cuts), in order,
// and its chart is the canary run's, committed as canary.svg.
func TestCanaryReadmeIsCurrent(t *testing.T) {
	block := readmeExcerpt(t, "### Blue/green, linear and canary deployments")
	if strings.Count(block, "\n") < 10 {
		t.Fatalf("the section's excerpt is short:\n%s", block)
	}
	svg := filepath.Join(t.TempDir(), "canary.svg")
	var out bytes.Buffer
	if err := run([]string{"-scenario", canaryPath, "-svg", svg}, &out); err != nil {
		t.Fatal(err)
	}
	if want, ok := excerptOf(block, out.String()); !ok {
		t.Fatalf("README line not in the canary run's output (in this order): %q\nregenerate the excerpt from go run ./examples/simulate -scenario %s", want, filepath.Join("examples/simulate", canaryPath))
	}
	chart, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("canary.svg")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, chart) {
		t.Error("canary.svg is stale: regenerate it with go run ./examples/simulate -scenario examples/simulate/scenarios/canary.json -svg examples/simulate/canary.svg")
	}
	if !strings.Contains(string(chart), "traffic per revision") {
		t.Error("the canary chart has no traffic panel")
	}
}
