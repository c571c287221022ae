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
