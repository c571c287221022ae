package deployment

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	ecserrors "github.com/ecsstate/ecsstate/errors"
)

func dep(id string, t Tasks) DeploymentTasks { return DeploymentTasks{ID: id, Tasks: t} }

// Scenario tests: every expected decision is worked out by hand from the
// rules in Plan's doc comment and the pages it cites, not read back from
// the code.
func TestPlanScenarios(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		want Decision
	}{
		{
			// Unhealthy-task replacement: start a replacement first when
			// the ceiling has room (whats-new 2023/10, deployment-type-ecs).
			name: "unhealthy replaced start-first",
			in:   Input{DesiredCount: 4, Config: Config{100, 200}, Deployments: []DeploymentTasks{dep("p", Tasks{Healthy: 3, Unhealthy: 1})}},
			want: Decision{Bounds: Bounds{4, 8}, Start: 1},
		},
		{
			name: "unhealthy stopped once its replacement is healthy",
			in:   Input{DesiredCount: 4, Config: Config{100, 200}, Deployments: []DeploymentTasks{dep("p", Tasks{Healthy: 4, Unhealthy: 1})}},
			want: Decision{Bounds: Bounds{4, 8}, Stops: []Stop{{DeploymentID: "p", State: Unhealthy, Count: 1}}},
		},
		{
			// No room under the ceiling: stop one unhealthy task first and
			// use its room at once (STOPPING does not count by default).
			name: "unhealthy replaced stop-first without room",
			in:   Input{DesiredCount: 4, Config: Config{50, 100}, Deployments: []DeploymentTasks{dep("p", Tasks{Healthy: 2, Unhealthy: 2})}},
			want: Decision{Bounds: Bounds{2, 4}, Start: 1, Stops: []Stop{{DeploymentID: "p", State: Unhealthy, Count: 1}}},
		},
		{
			name: "stop-first keeps the room while STOPPING counts toward the maximum",
			in: Input{DesiredCount: 4, Config: Config{50, 100}, StoppingCountsTowardMaximum: true,
				Deployments: []DeploymentTasks{dep("p", Tasks{Healthy: 2, Unhealthy: 2})}},
			want: Decision{Bounds: Bounds{2, 4}, Stops: []Stop{{DeploymentID: "p", State: Unhealthy, Count: 1}}},
		},
		{
			name: "stop-first waits while a task is still stopping",
			in:   Input{DesiredCount: 4, Config: Config{50, 100}, Deployments: []DeploymentTasks{dep("p", Tasks{Healthy: 2, Unhealthy: 1, Pending: 1, Stopping: 1})}},
			want: Decision{Bounds: Bounds{2, 4}},
		},
		{
			name: "stop-first waits for the previous replacement to come up",
			in:   Input{DesiredCount: 4, Config: Config{50, 100}, Deployments: []DeploymentTasks{dep("p", Tasks{Healthy: 2, Unhealthy: 1, Settling: 1})}},
			want: Decision{Bounds: Bounds{2, 4}},
		},
		{
			name: "scale-out without a deployment",
			in:   Input{DesiredCount: 6, Config: Config{100, 200}, Deployments: []DeploymentTasks{dep("p", Tasks{Healthy: 4})}},
			want: Decision{Bounds: Bounds{6, 12}, Start: 2},
		},
		{
			name: "scale-out limited by the ceiling",
			in:   Input{DesiredCount: 6, Config: Config{100, 100}, Deployments: []DeploymentTasks{dep("p", Tasks{Healthy: 4, Pending: 1})}},
			want: Decision{Bounds: Bounds{6, 6}, Start: 1},
		},
		{
			name: "scale-in without a deployment",
			in:   Input{DesiredCount: 2, Config: Config{100, 200}, Deployments: []DeploymentTasks{dep("p", Tasks{Healthy: 4})}},
			want: Decision{Bounds: Bounds{2, 4}, Stops: []Stop{{DeploymentID: "p", State: Healthy, Count: 2}}},
		},
		{
			name: "scale-in stops tasks that are not up yet first",
			in:   Input{DesiredCount: 2, Config: Config{100, 200}, Deployments: []DeploymentTasks{dep("p", Tasks{Healthy: 2, Pending: 1, Settling: 1})}},
			want: Decision{Bounds: Bounds{2, 4}, Stops: []Stop{{DeploymentID: "p", State: Pending, Count: 1}, {DeploymentID: "p", State: Settling, Count: 1}}},
		},
		{
			name: "desired 0 stops everything, unhealthy first, then older deployments",
			in: Input{DesiredCount: 0, Config: Config{100, 200}, Deployments: []DeploymentTasks{
				dep("p", Tasks{Healthy: 2, Unhealthy: 1, Pending: 1}), dep("o", Tasks{Healthy: 1, Settling: 1})}},
			want: Decision{Bounds: Bounds{0, 0}, Stops: []Stop{
				{DeploymentID: "p", State: Unhealthy, Count: 1},
				{DeploymentID: "o", State: Settling, Count: 1},
				{DeploymentID: "o", State: Healthy, Count: 1},
				{DeploymentID: "p", State: Pending, Count: 1},
				{DeploymentID: "p", State: Healthy, Count: 2},
			}},
		},
		{
			// The new desired count applies to the PRIMARY and to
			// both bounds at once.
			name: "desired count lowered mid-deployment",
			in: Input{DesiredCount: 2, Config: Config{100, 200}, Deployments: []DeploymentTasks{
				dep("p", Tasks{Healthy: 2}), dep("o", Tasks{Healthy: 4})}},
			want: Decision{Bounds: Bounds{2, 4}, Stops: []Stop{{DeploymentID: "o", State: Healthy, Count: 4}}},
		},
		{
			name: "desired count raised mid-deployment",
			in: Input{DesiredCount: 6, Config: Config{100, 200}, Deployments: []DeploymentTasks{
				dep("p", Tasks{Healthy: 2, Pending: 2}), dep("o", Tasks{Healthy: 4})}},
			want: Decision{Bounds: Bounds{6, 12}, Start: 2},
		},
		{
			name: "oldest deployment drains first",
			in: Input{DesiredCount: 4, Config: Config{50, 200}, Deployments: []DeploymentTasks{
				dep("p", Tasks{}), dep("mid", Tasks{Healthy: 2}), dep("old", Tasks{Healthy: 2})}},
			want: Decision{Bounds: Bounds{2, 8}, Start: 4, Stops: []Stop{{DeploymentID: "old", State: Healthy, Count: 2}}},
		},
		{
			name: "old tasks that are not healthy stop regardless of the floor",
			in: Input{DesiredCount: 4, Config: Config{100, 200}, Deployments: []DeploymentTasks{
				dep("p", Tasks{Pending: 4}), dep("o", Tasks{Healthy: 3, Pending: 1})}},
			want: Decision{Bounds: Bounds{4, 8}, Stops: []Stop{{DeploymentID: "o", State: Pending, Count: 1}}},
		},
		{
			name: "old healthy tasks stop once new ones are healthy",
			in: Input{DesiredCount: 4, Config: Config{100, 200}, Deployments: []DeploymentTasks{
				dep("p", Tasks{Healthy: 3, Settling: 1}), dep("o", Tasks{Healthy: 4})}},
			want: Decision{Bounds: Bounds{4, 8}, Stops: []Stop{{DeploymentID: "o", State: Healthy, Count: 3}}},
		},
		{
			// DAEMON: desired is the number of eligible instances; with the
			// defaults (0/100) each old task stops before its replacement.
			name: "daemon rollout stops first",
			in: Input{DesiredCount: 3, Config: DaemonDefaults, Deployments: []DeploymentTasks{
				dep("p", Tasks{}), dep("o", Tasks{Healthy: 3})}},
			want: Decision{Bounds: Bounds{0, 3}, Start: 3, Stops: []Stop{{DeploymentID: "o", State: Healthy, Count: 3}}},
		},
		{
			name: "daemon on a new instance starts one",
			in:   Input{DesiredCount: 4, Config: DaemonDefaults, Deployments: []DeploymentTasks{dep("p", Tasks{Healthy: 3})}},
			want: Decision{Bounds: Bounds{0, 4}, Start: 1},
		},
		{
			name: "steady",
			in:   Input{DesiredCount: 3, Config: ReplicaDefaults, Deployments: []DeploymentTasks{dep("p", Tasks{Healthy: 3}), dep("o", Tasks{})}},
			want: Decision{Bounds: Bounds{3, 6}, Steady: true},
		},
		{
			name: "desired 0 with nothing left is steady",
			in:   Input{DesiredCount: 0, Config: ReplicaDefaults, Deployments: []DeploymentTasks{dep("p", Tasks{})}},
			want: Decision{Bounds: Bounds{0, 0}, Steady: true},
		},
		{
			name: "waiting for tasks to settle is neither steady nor blocked",
			in:   Input{DesiredCount: 3, Config: ReplicaDefaults, Deployments: []DeploymentTasks{dep("p", Tasks{Healthy: 2, Settling: 1})}},
			want: Decision{Bounds: Bounds{3, 6}},
		},
		{
			name: "min 100 max 100 blocks a deployment",
			in: Input{ServiceName: "web", DesiredCount: 2, Config: Config{100, 100}, Deployments: []DeploymentTasks{
				dep("p", Tasks{}), dep("o", Tasks{Healthy: 2})}},
			want: Decision{Bounds: Bounds{2, 2}, Blocked: true, Message: NoProgressMessage("web")},
		},
		{
			name: "a FAILED primary launches nothing",
			in: Input{DesiredCount: 2, Config: ReplicaDefaults, PrimaryFailed: true, Deployments: []DeploymentTasks{
				dep("p", Tasks{Pending: 1}), dep("o", Tasks{Healthy: 2})}},
			want: Decision{Bounds: Bounds{2, 4}, Halted: true},
		},
		{
			name: "desired 2,147,483,647",
			in:   Input{DesiredCount: math.MaxInt32, Config: ReplicaDefaults, Deployments: []DeploymentTasks{dep("p", Tasks{Healthy: math.MaxInt32 - 5, Stopping: math.MaxInt32})}},
			want: Decision{Bounds: Bounds{math.MaxInt32, 2 * math.MaxInt32}, Start: 5},
		},
		{
			name: "int32 counts everywhere",
			in: Input{DesiredCount: math.MaxInt32, Config: Config{math.MaxInt32, math.MaxInt32}, Deployments: []DeploymentTasks{
				dep("p", Tasks{Healthy: math.MaxInt32, Unhealthy: math.MaxInt32, Pending: math.MaxInt32, Settling: math.MaxInt32}),
				dep("o", Tasks{Healthy: math.MaxInt32, Unhealthy: math.MaxInt32})}},
			// healthy 2·(2³¹−1) < floor, so no healthy task stops; both
			// unhealthy groups are redundant (healthy+unhealthy−desired ≥ their sum).
			want: Decision{Bounds: Bounds{(math.MaxInt32*math.MaxInt32 + 99) / 100, math.MaxInt32 * math.MaxInt32 / 100}, Stops: []Stop{
				{DeploymentID: "o", State: Unhealthy, Count: math.MaxInt32},
				{DeploymentID: "p", State: Unhealthy, Count: math.MaxInt32},
				{DeploymentID: "p", State: Pending, Count: math.MaxInt32},
				{DeploymentID: "p", State: Settling, Count: math.MaxInt32},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Plan(&tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Plan (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPlanNamesTheTasksItStops(t *testing.T) {
	in := Input{DesiredCount: 1, Config: Config{0, 100}, Deployments: []DeploymentTasks{
		dep("p", Tasks{Healthy: 1, HealthyIDs: []string{"p1"}}),
		dep("o", Tasks{Healthy: 3, HealthyIDs: []string{"o1", "o2", "o3"}, Unhealthy: 1, UnhealthyIDs: []string{"o4"}}),
	}}
	got, err := Plan(&in)
	if err != nil {
		t.Fatal(err)
	}
	want := []Stop{
		{DeploymentID: "o", State: Unhealthy, Count: 1, TaskIDs: []string{"o4"}},
		{DeploymentID: "o", State: Healthy, Count: 3, TaskIDs: []string{"o1", "o2", "o3"}},
	}
	if diff := cmp.Diff(want, got.Stops); diff != "" {
		t.Errorf("stops (-want +got):\n%s", diff)
	}
	// Appending to a returned ID list must not write into the input.
	in2 := Input{DesiredCount: 2, Config: Config{0, 100}, Deployments: []DeploymentTasks{
		dep("p", Tasks{Healthy: 3, HealthyIDs: []string{"a", "b", "c"}})}}
	d, _ := Plan(&in2)
	_ = append(d.Stops[0].TaskIDs, "x")
	if in2.Deployments[0].Tasks.HealthyIDs[1] != "b" {
		t.Error("appending to Stop.TaskIDs overwrote the input")
	}
}

func TestPlanRejectsBadInput(t *testing.T) {
	ok := []DeploymentTasks{dep("p", Tasks{Healthy: 1})}
	for name, in := range map[string]*Input{
		"nil input":        nil,
		"negative desired": {DesiredCount: -1, Config: ReplicaDefaults, Deployments: ok},
		"negative min":     {DesiredCount: 1, Config: Config{-5, 200}, Deployments: ok},
		"no deployments":   {DesiredCount: 1, Config: ReplicaDefaults},
		"negative count":   {DesiredCount: 1, Config: ReplicaDefaults, Deployments: []DeploymentTasks{dep("p", Tasks{Stopping: -1})}},
		"ids too short":    {DesiredCount: 1, Config: ReplicaDefaults, Deployments: []DeploymentTasks{dep("p", Tasks{Healthy: 2, HealthyIDs: []string{"a"}})}},
		"ids without count": {DesiredCount: 1, Config: ReplicaDefaults, Deployments: []DeploymentTasks{
			dep("p", Tasks{PendingIDs: []string{"a"}})}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Plan(in); ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
				t.Errorf("Plan = %v, want InvalidParameterException", err)
			}
		})
	}
}
