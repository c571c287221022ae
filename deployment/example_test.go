package deployment_test

import (
	"fmt"
	"time"

	"github.com/ecsstate/ecsstate/deployment"
	"github.com/ecsstate/ecsstate/model"
)

// Desired 4 at minimum 50%: two old tasks may stop before new ones start
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html).
// With maximum 100% the freed room is used at once for two new tasks.
func ExamplePlan() {
	in := deployment.Input{
		DesiredCount: 4,
		Config:       deployment.Config{MinimumHealthyPercent: 50, MaximumPercent: 100},
		Deployments: []deployment.DeploymentTasks{
			{ID: "ecs-svc/2"}, // the PRIMARY, nothing running yet
			{ID: "ecs-svc/1", Tasks: deployment.Tasks{Healthy: 4, HealthyIDs: []string{"t1", "t2", "t3", "t4"}}},
		},
	}
	d, err := deployment.Plan(&in)
	if err != nil {
		panic(err)
	}
	fmt.Printf("floor %d ceiling %d\n", d.Bounds.Floor, d.Bounds.Ceiling)
	fmt.Println("start", d.Start)
	for _, s := range d.Stops {
		fmt.Println("stop", s.Count, s.State, "of", s.DeploymentID, s.TaskIDs)
	}
	// Output:
	// floor 2 ceiling 4
	// start 2
	// stop 2 HEALTHY of ecs-svc/1 [t1 t2]
}

// A configuration that allows neither a start nor a stop is reported with
// ECS's service event.
func ExampleCheckProgress() {
	p, _ := deployment.CheckProgress(2, deployment.Config{MinimumHealthyPercent: 75, MaximumPercent: 100})
	fmt.Println(p.Bounds.Floor, p.Bounds.Ceiling, p.Stuck)
	if p.Stuck {
		fmt.Println(deployment.NoProgressMessage("web"))
	}
	// Output:
	// 2 2 true
	// (service web) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.
}

// The default circuit-breaker threshold is half the desired count, rounded
// up, kept within 3..200.
func ExampleThreshold() {
	for _, desired := range []int32{1, 25, 400, 800} {
		th, _ := deployment.Threshold(nil, desired)
		fmt.Println(desired, "→", th)
	}
	// Output:
	// 1 → 3
	// 25 → 13
	// 400 → 200
	// 800 → 200
}

// A RUNNING task without health checks counts as healthy 40 seconds after
// it started.
func ExampleClassify() {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	task := model.Task{LastStatus: model.TaskStatusRunning, DesiredStatus: model.DesiredStatusRunning,
		StartedAt: model.At(now.Add(-30 * time.Second))}
	fmt.Println(deployment.Classify(&task, deployment.HealthRules{}, deployment.TargetUnknown, now))
	fmt.Println(deployment.Classify(&task, deployment.HealthRules{}, deployment.TargetUnknown, now.Add(10*time.Second)))
	// Output:
	// SETTLING
	// HEALTHY
}

// Three tasks that fail to start trip the default breaker of a one-task
// service, and rollback returns to the last COMPLETED deployment's task
// definition.
func ExampleApply() {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	svc := model.Service{
		ServiceName: "web", DesiredCount: 1, RunningCount: 1,
		DeploymentConfiguration: &model.DeploymentConfiguration{
			DeploymentCircuitBreaker: &model.DeploymentCircuitBreaker{Enable: true, Rollback: true},
		},
		Deployments: []model.Deployment{{
			ID: "ecs-svc/1", Status: model.DeploymentStatusPrimary, TaskDefinition: "web:1",
			DesiredCount: 1, RunningCount: 1, RolloutState: model.DeploymentRolloutStateCompleted,
		}},
	}
	events := []deployment.Event{
		{Kind: deployment.NewDeployment, DeploymentID: "ecs-svc/2", TaskDefinition: "web:2"},
		{Kind: deployment.LaunchFailed, DeploymentID: "ecs-svc/2"},
		{Kind: deployment.LaunchFailed, DeploymentID: "ecs-svc/2"},
		{Kind: deployment.LaunchFailed, DeploymentID: "ecs-svc/2", RollbackID: "ecs-svc/3"},
	}
	for _, ev := range events {
		r, err := deployment.Apply(svc, ev, now)
		if err != nil {
			panic(err)
		}
		svc = r.Service
		for _, c := range r.Changes {
			fmt.Printf("%s %s → %s/%s %q\n", c.DeploymentID, c.On, c.To.Status, c.To.Rollout, c.Reason)
		}
	}
	fmt.Println("PRIMARY runs", svc.Deployments[0].TaskDefinition)
	// Output:
	// ecs-svc/1 SUPERSEDED → ACTIVE/COMPLETED ""
	// ecs-svc/2 CREATED → PRIMARY/IN_PROGRESS "ECS deployment ecs-svc/2 in progress."
	// ecs-svc/2 CIRCUIT_BREAKER_TRIPPED → PRIMARY/FAILED "ECS deployment circuit breaker: tasks failed to start."
	// ecs-svc/1 ROLLED_BACK_TO → ACTIVE/IN_PROGRESS ""
	// ecs-svc/2 SUPERSEDED → ACTIVE/FAILED "ECS deployment circuit breaker: tasks failed to start."
	// ecs-svc/3 CREATED → PRIMARY/IN_PROGRESS "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1."
	// ecs-svc/2 DRAINED → INACTIVE/FAILED "ECS deployment circuit breaker: tasks failed to start."
	// PRIMARY runs web:1
}
