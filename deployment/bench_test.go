package deployment

import (
	"fmt"
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
)

// benchInput is a 5,000-task service in the middle of its third
// deployment: the PRIMARY has 2,000 tasks, the previous deployment 2,000
// and the one before it 1,000, in every state.
func benchInput(named bool) Input {
	mk := func(id string, pending, settling, healthy, unhealthy, stopping int32) DeploymentTasks {
		t := Tasks{Pending: pending, Settling: settling, Healthy: healthy, Unhealthy: unhealthy, Stopping: stopping}
		if named {
			ids := func(state string, n int32) []string {
				out := make([]string, n)
				for i := range out {
					out[i] = fmt.Sprintf("%s-%s-%d", id, state, i)
				}
				return out
			}
			t.PendingIDs, t.SettlingIDs = ids("p", pending), ids("s", settling)
			t.HealthyIDs, t.UnhealthyIDs = ids("h", healthy), ids("u", unhealthy)
		}
		return DeploymentTasks{ID: id, Tasks: t}
	}
	return Input{
		ServiceName:  "big",
		DesiredCount: 5000,
		Config:       Config{MinimumHealthyPercent: 50, MaximumPercent: 200},
		Deployments: []DeploymentTasks{
			mk("ecs-svc/3", 400, 300, 1200, 50, 50),
			mk("ecs-svc/2", 100, 100, 1700, 60, 40),
			mk("ecs-svc/1", 0, 50, 900, 30, 20),
		},
	}
}

// BenchmarkPlan5000Tasks3Deployments is one planning step for a 5,000-task
// service with 3 deployments, from counts alone. Target: under 10 µs, and
// allocation independent of the task count.
func BenchmarkPlan5000Tasks3Deployments(b *testing.B) {
	in := benchInput(false)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Plan(&in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlan5000NamedTasks3Deployments is the same step when the input
// names every task: the returned IDs are sub-slices of the input, so the
// cost does not grow with the number of tasks named.
func BenchmarkPlan5000NamedTasks3Deployments(b *testing.B) {
	in := benchInput(true)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Plan(&in); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPlanAllocationsDoNotGrowWithTasks checks the benchmark's promise:
// the same number of allocations for 50 and for 5,000 named tasks.
func TestPlanAllocationsDoNotGrowWithTasks(t *testing.T) {
	big := benchInput(true)
	small := Input{DesiredCount: 50, Config: big.Config, Deployments: []DeploymentTasks{
		{ID: "a", Tasks: Tasks{Pending: 4, Settling: 3, Healthy: 12, Unhealthy: 1, Stopping: 1}},
		{ID: "b", Tasks: Tasks{Pending: 1, Settling: 1, Healthy: 17, Unhealthy: 1}},
		{ID: "c", Tasks: Tasks{Settling: 1, Healthy: 9, Unhealthy: 1}},
	}}
	nBig := testing.AllocsPerRun(100, func() { _, _ = Plan(&big) })
	nSmall := testing.AllocsPerRun(100, func() { _, _ = Plan(&small) })
	if nBig > nSmall || nBig > 1 {
		t.Errorf("allocations: %v for 5,000 tasks, %v for 50", nBig, nSmall)
	}
}

// BenchmarkInputFor5000Tasks classifies 5,000 model tasks of 3
// deployments into a planner input (this layer allocates the ID lists).
func BenchmarkInputFor5000Tasks(b *testing.B) {
	svc := stableService(5000, nil)
	svc.Deployments = append([]model.Deployment{
		{ID: "ecs-svc/3", Status: model.DeploymentStatusPrimary, RolloutState: model.DeploymentRolloutStateInProgress, CreatedAt: model.At(t0)},
		{ID: "ecs-svc/2", Status: model.DeploymentStatusActive, RolloutState: model.DeploymentRolloutStateInProgress, CreatedAt: model.At(t0.Add(-time.Minute))},
	}, svc.Deployments...)
	svc.Deployments[2].Status = model.DeploymentStatusActive
	tasks := make([]model.Task, 5000)
	statuses := []model.TaskStatus{model.TaskStatusPending, model.TaskStatusRunning, model.TaskStatusRunning, model.TaskStatusRunning, model.TaskStatusStopping}
	for i := range tasks {
		tasks[i] = model.Task{
			TaskARN: fmt.Sprintf("arn:aws:ecs:us-east-1:123456789012:task/c/%032x", i), StartedBy: svc.Deployments[i%3].ID,
			LastStatus: statuses[i%len(statuses)], DesiredStatus: model.DesiredStatusRunning,
			StartedAt: model.At(t0.Add(-time.Duration(i) * time.Second)), HealthStatus: model.HealthStatusHealthy,
		}
	}
	rules := HealthRules{ContainerChecks: true}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := InputFor(&svc, tasks, rules, nil, t0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkApplyTaskMoved is one task event on a service with 3
// deployments.
func BenchmarkApplyTaskMoved(b *testing.B) {
	svc := stableService(5000, breakerConfig(true, nil, nil))
	r, err := Apply(svc, Event{Kind: NewDeployment, DeploymentID: "ecs-svc/2", TaskDefinition: tdV2}, t0)
	if err != nil {
		b.Fatal(err)
	}
	r, _ = Apply(r.Service, Event{Kind: NewDeployment, DeploymentID: "ecs-svc/3", TaskDefinition: tdV3}, t0)
	svc = r.Service
	ev := Event{Kind: TaskMoved, DeploymentID: "ecs-svc/1", From: Healthy, To: Stopping}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Apply(svc, ev, t0); err != nil {
			b.Fatal(err)
		}
	}
}
