package deployment

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// The worked examples of
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
// (and the same examples in the UpdateService API reference).
func TestBoundsDocumentedExamples(t *testing.T) {
	tests := []struct {
		name               string
		desired            int32
		cfg                Config
		floor, ceiling     int64
		stopFirst, startUp bool
	}{
		// "desired 4, minimum 50%: two old tasks may stop before two new start"
		{"desired 4 min 50", 4, Config{50, 200}, 2, 8, true, true},
		// "desired 2, minimum 75%: ceil(1.5) = 2, no task may stop first"
		{"desired 2 min 75", 2, Config{75, 100}, 2, 2, false, false},
		// "desired 4, maximum 200%: four new tasks may start before the old stop"
		{"desired 4 max 200", 4, Config{100, 200}, 4, 8, false, true},
		// "desired 3, maximum 125%: floor(3.75) = 3, no extra task may start"
		{"desired 3 max 125", 3, Config{100, 125}, 3, 3, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := CheckProgress(tt.desired, tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			want := Progress{Bounds: Bounds{tt.floor, tt.ceiling}, StartFirst: tt.startUp, StopFirst: tt.stopFirst,
				Stuck: !tt.startUp && !tt.stopFirst}
			if diff := cmp.Diff(want, p); diff != "" {
				t.Errorf("CheckProgress(%d, %+v) (-want +got):\n%s", tt.desired, tt.cfg, diff)
			}
		})
	}
}

// The same examples through the planner: what the first step of a rollout
// from desired old healthy tasks does.
func TestPlanDocumentedExamples(t *testing.T) {
	tests := []struct {
		name        string
		desired     int32
		cfg         Config
		start, stop int32
		blocked     bool
	}{
		{"desired 4 min 50 max 100 stops 2 first", 4, Config{50, 100}, 2, 2, false},
		{"desired 2 min 75 max 100 moves nothing", 2, Config{75, 100}, 0, 0, true},
		{"desired 4 min 100 max 200 starts 4 first", 4, Config{100, 200}, 4, 0, false},
		{"desired 3 min 100 max 125 moves nothing", 3, Config{100, 125}, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{ServiceName: "web", DesiredCount: tt.desired, Config: tt.cfg, Deployments: []DeploymentTasks{
				{ID: "ecs-svc/new"}, {ID: "ecs-svc/old", Tasks: Tasks{Healthy: tt.desired}},
			}}
			d, err := Plan(&in)
			if err != nil {
				t.Fatal(err)
			}
			if d.Start != tt.start || d.Stopped() != int64(tt.stop) || d.Blocked != tt.blocked {
				t.Errorf("start %d stop %d blocked %v, want %d %d %v (%+v)", d.Start, d.Stopped(), d.Blocked, tt.start, tt.stop, tt.blocked, d)
			}
			if tt.blocked && d.Message != NoProgressMessage("web") {
				t.Errorf("message %q", d.Message)
			}
		})
	}
}

// Threshold examples of the API reference's DeploymentCircuitBreaker and
// ServiceDeploymentCircuitBreaker pages:
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
func TestThresholdDocumentedExamples(t *testing.T) {
	for _, tt := range []struct {
		desired int32
		want    int64
	}{{1, 3}, {25, 13}, {400, 200}, {800, 200}} {
		got, err := Threshold(nil, tt.desired)
		if err != nil || got != tt.want {
			t.Errorf("Threshold(default, %d) = %d, %v; want %d", tt.desired, got, err, tt.want)
		}
	}
}

func TestThresholdTypes(t *testing.T) {
	cb := func(typ model.ThresholdType, v int32) *model.DeploymentCircuitBreaker {
		return &model.DeploymentCircuitBreaker{Enable: true, ThresholdConfiguration: &model.ThresholdConfiguration{Type: typ, Value: v}}
	}
	tests := []struct {
		name    string
		cb      *model.DeploymentCircuitBreaker
		desired int32
		want    int64
		code    ecserrors.Code
	}{
		{"count ignores desired", cb(model.ThresholdTypeCount, 7), 1000, 7, ""},
		{"count 1", cb(model.ThresholdTypeCount, 1), 0, 1, ""},
		{"bounded 10% of 5 rounds up then clamps to 3", cb(model.ThresholdTypeBoundedPercent, 10), 5, 3, ""},
		{"bounded 100% of 150", cb(model.ThresholdTypeBoundedPercent, 100), 150, 150, ""},
		{"bounded caps at 200", cb(model.ThresholdTypeBoundedPercent, 100), 5000, 200, ""},
		{"unbounded 100% of 5000", cb(model.ThresholdTypeUnboundedPercent, 100), 5000, 5000, ""},
		{"unbounded 10% of 5 rounds up", cb(model.ThresholdTypeUnboundedPercent, 10), 5, 1, ""},
		{"unbounded of desired 0 is at least 1", cb(model.ThresholdTypeUnboundedPercent, 50), 0, 1, ""},
		{"unbounded at int32 extremes", cb(model.ThresholdTypeUnboundedPercent, math.MaxInt32), math.MaxInt32, 46116860141324207, ""}, // ⌈4611686014132420609 / 100⌉
		{"bounded default of desired 0", nil, 0, 3, ""},
		{"breaker without threshold config", &model.DeploymentCircuitBreaker{Enable: true}, 25, 13, ""},
		{"value 0", cb(model.ThresholdTypeCount, 0), 1, 0, ecserrors.CodeInvalidParameter},
		{"unknown type", cb("PERCENT", 5), 1, 0, ecserrors.CodeInvalidParameter},
		{"negative desired", nil, -1, 0, ecserrors.CodeInvalidParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Threshold(tt.cb, tt.desired)
			if ecserrors.CodeOf(err) != tt.code {
				t.Fatalf("error %v, want code %q", err, tt.code)
			}
			if got != tt.want {
				t.Errorf("Threshold = %d, want %d", got, tt.want)
			}
		})
	}
}

// Degenerate and extreme inputs give documented results, never a panic.
func TestBoundsExtremes(t *testing.T) {
	const maxI = math.MaxInt32
	tests := []struct {
		name    string
		desired int32
		cfg     Config
		want    Bounds
		stuck   bool
	}{
		{"desired 0", 0, ReplicaDefaults, Bounds{0, 0}, false},
		{"desired max at 200%", maxI, ReplicaDefaults, Bounds{maxI, 2 * maxI}, false},
		{"everything max", maxI, Config{maxI, maxI}, Bounds{(maxI*maxI + 99) / 100, maxI * maxI / 100}, true},
		{"min 0", 10, Config{0, 200}, Bounds{0, 20}, false},
		{"max 100 with min 0", 10, Config{0, 100}, Bounds{0, 10}, false},
		{"min 100 max 100 blocks", 10, Config{100, 100}, Bounds{10, 10}, true},
		{"max below 100 never reaches desired", 10, Config{0, 50}, Bounds{0, 5}, true},
		{"min above 100 never lets the last old task stop", 10, Config{150, 300}, Bounds{15, 30}, true},
		{"desired 1 min 1 rounds up", 1, Config{1, 200}, Bounds{1, 2}, false},
		{"desired 0 is never stuck", 0, Config{100, 100}, Bounds{0, 0}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := CheckProgress(tt.desired, tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if p.Bounds != tt.want || p.Stuck != tt.stuck {
				t.Errorf("got %+v, want bounds %+v stuck %v", p, tt.want, tt.stuck)
			}
		})
	}
	for _, bad := range []struct {
		d   int32
		cfg Config
	}{{-1, ReplicaDefaults}, {1, Config{-1, 100}}, {1, Config{0, math.MinInt32}}} {
		if _, err := BoundsFor(bad.d, bad.cfg); !errors.Is(err, ecserrors.ErrInvalidParameter) {
			t.Errorf("BoundsFor(%d, %+v) = %v, want InvalidParameterException", bad.d, bad.cfg, err)
		}
	}
}

func TestResolveDefaults(t *testing.T) {
	dc := func(min, max int32) *model.DeploymentConfiguration {
		return &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(min), MaximumPercent: model.Int32(max)}
	}
	tests := []struct {
		name       string
		dc         *model.DeploymentConfiguration
		strategy   model.SchedulingStrategy
		controller model.DeploymentControllerType
		want       Config
		code       ecserrors.Code
	}{
		{"replica defaults", nil, model.SchedulingStrategyReplica, model.DeploymentControllerTypeECS, Config{100, 200}, ""},
		{"empty strategy is replica", &model.DeploymentConfiguration{}, "", "", Config{100, 200}, ""},
		{"daemon defaults", nil, model.SchedulingStrategyDaemon, model.DeploymentControllerTypeECS, Config{0, 100}, ""},
		{"custom replica", dc(50, 150), model.SchedulingStrategyReplica, model.DeploymentControllerTypeECS, Config{50, 150}, ""},
		{"only min given", &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(0)}, "", "", Config{0, 200}, ""},
		{"daemon custom min", dc(50, 100), model.SchedulingStrategyDaemon, "", Config{50, 100}, ""},
		{"daemon max must be 100", dc(0, 200), model.SchedulingStrategyDaemon, "", Config{}, ecserrors.CodeInvalidParameter},
		{"code deploy forces defaults", dc(0, 300), model.SchedulingStrategyReplica, model.DeploymentControllerTypeCodeDeploy, Config{100, 200}, ""},
		{"external forces defaults", dc(10, 110), "", model.DeploymentControllerTypeExternal, Config{100, 200}, ""},
		{"negative min", dc(-1, 200), "", "", Config{}, ecserrors.CodeInvalidParameter},
		{"negative max", dc(100, -200), "", "", Config{}, ecserrors.CodeInvalidParameter},
		{"bad strategy", nil, "BOTH", "", Config{}, ecserrors.CodeInvalidParameter},
		{"bad controller", nil, "", "ROLLING", Config{}, ecserrors.CodeInvalidParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(tt.dc, tt.strategy, tt.controller)
			if ecserrors.CodeOf(err) != tt.code {
				t.Fatalf("error %v, want code %q", err, tt.code)
			}
			if got != tt.want {
				t.Errorf("Resolve = %+v, want %+v", got, tt.want)
			}
		})
	}
}
