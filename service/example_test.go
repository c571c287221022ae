package service_test

import (
	"fmt"
	"time"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// A new task definition revision starts a deployment: it becomes PRIMARY
// and the one before turns ACTIVE, to be drained by the scheduler.
func ExampleUpdateService() {
	acct := model.Account{Partition: "aws", Region: "us-east-1", AccountID: "012345678910"}
	td := func(rev int32) model.TaskDefinition {
		return model.TaskDefinition{TaskDefinitionARN: acct.TaskDefinitionARN("web", rev), Family: "web", Revision: rev,
			Status: model.TaskDefinitionStatusActive}
	}
	svc := model.Service{
		ServiceARN: acct.ServiceARN("prod", "web"), ServiceName: "web", ClusterARN: acct.ClusterARN("prod"),
		Status: model.ServiceStatusActive, DesiredCount: 2, RunningCount: 2, LaunchType: model.LaunchTypeEC2,
		TaskDefinition: acct.TaskDefinitionARN("web", 1),
		Deployments: []model.Deployment{{ID: "ecs-svc/9223370000000000000", Status: model.DeploymentStatusPrimary,
			TaskDefinition: acct.TaskDefinitionARN("web", 1), DesiredCount: 2, RunningCount: 2,
			RolloutState: model.DeploymentRolloutStateCompleted}},
	}
	st := service.State{
		Cluster:         &model.Cluster{ClusterARN: acct.ClusterARN("prod"), ClusterName: "prod"},
		Service:         &svc,
		TaskDefinitions: []model.TaskDefinition{td(1), td(2)},
	}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	res, err := service.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: "web", TaskDefinition: "web"}, st, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range res.Response.Service.Deployments {
		fmt.Println(d.ID, d.Status, d.RolloutState, d.TaskDefinition)
	}

	_, err = service.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: "web", TaskDefinition: "api"}, st, now)
	fmt.Println(err)
	// Output:
	// ecs-svc/9223370241592375807 PRIMARY IN_PROGRESS arn:aws:ecs:us-east-1:012345678910:task-definition/web:2
	// ecs-svc/9223370000000000000 ACTIVE COMPLETED arn:aws:ecs:us-east-1:012345678910:task-definition/web:1
	// ClientException: TaskDefinition not found.
}

// FARGATE with a base of 2 and weight 1, FARGATE_SPOT with weight 4: the
// base goes first, the other 10 tasks split 1:4.
func ExampleSplit() {
	split, _ := service.Split([]model.CapacityProviderStrategyItem{
		{CapacityProvider: "FARGATE", Base: 2, Weight: 1},
		{CapacityProvider: "FARGATE_SPOT", Weight: 4},
	}, 12)
	fmt.Println(split)
	// Output: [4 8]
}

func ExampleStable() {
	svc := model.Service{ServiceName: "web", Status: model.ServiceStatusActive, DesiredCount: 3, RunningCount: 3,
		Deployments: []model.Deployment{{ID: "ecs-svc/1", Status: model.DeploymentStatusPrimary}}}
	fmt.Println(service.Stable(&svc))
	svc.RunningCount = 2
	fmt.Println(service.Stable(&svc))
	svc.Status = model.ServiceStatusDraining
	fmt.Println(service.Stable(&svc))
	// Output:
	// success
	// retry
	// failure
}

// One step of the service scheduler for a service scaled from 0 to 2 on
// two instances in two zones: a task in each zone, and the event ECS
// writes. The caller applies the step (ApplyStep), lets the tasks run,
// and calls Reconcile again.
func ExampleReconcile() {
	acct := model.Account{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"}
	res := []model.Resource{model.IntegerResource(model.ResourceCPU, 2048), model.IntegerResource(model.ResourceMemory, 4096)}
	inst := func(id, az string) model.ContainerInstance {
		return model.ContainerInstance{ContainerInstanceARN: acct.ContainerInstanceARN("prod", id),
			Status: model.ContainerInstanceStatusActive, AgentConnected: true,
			Attributes:          []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: az}},
			RegisteredResources: res, RemainingResources: res}
	}
	td := model.TaskDefinition{TaskDefinitionARN: acct.TaskDefinitionARN("web", 1), Family: "web", Revision: 1,
		ContainerDefinitions: []model.ContainerDefinition{{Name: "app", CPU: 256, Memory: model.Int32(512)}}}
	svc := model.Service{ServiceARN: acct.ServiceARN("prod", "web"), ServiceName: "web", ClusterARN: acct.ClusterARN("prod"),
		Status: model.ServiceStatusActive, DesiredCount: 2, LaunchType: model.LaunchTypeEC2, TaskDefinition: td.TaskDefinitionARN,
		Deployments: []model.Deployment{{ID: "ecs-svc/9223370000000000000", Status: model.DeploymentStatusPrimary,
			TaskDefinition: td.TaskDefinitionARN, DesiredCount: 2, RolloutState: model.DeploymentRolloutStateInProgress}}}
	in := &service.Input{
		Service:         svc,
		Instances:       []model.ContainerInstance{inst("0123456789abcdef0123456789abcde1", "us-east-1a"), inst("0123456789abcdef0123456789abcde2", "us-east-1b")},
		TaskDefinitions: []model.TaskDefinition{td},
	}
	step, err := service.Reconcile(in, time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range step.Start {
		fmt.Println(t.AvailabilityZone, t.LastStatus, t.StartedBy)
	}
	fmt.Println(len(step.Events), step.Events[0].Message[:40])
	// Output:
	// us-east-1a PROVISIONING ecs-svc/9223370000000000000
	// us-east-1b PROVISIONING ecs-svc/9223370000000000000
	// 1 (service web) has started 2 tasks: (task
}
