package service_test

import (
	"fmt"
	"time"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// A DAEMON service runs one task on every ACTIVE instance that matches its
// constraints: here the two instances with role edge, not the batch one,
// and its desired count becomes 2.
func ExampleReconcile_daemon() {
	acct := model.Account{Partition: "aws", Region: "us-east-1", AccountID: "012345678910"}
	td := model.TaskDefinition{TaskDefinitionARN: acct.TaskDefinitionARN("agent", 1), Family: "agent", Revision: 1,
		Status:               model.TaskDefinitionStatusActive,
		ContainerDefinitions: []model.ContainerDefinition{{Name: "agent", Image: "agent", CPU: 128, Memory: model.Int32(128)}}}
	instance := func(i int, role string) model.ContainerInstance {
		res := []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)}
		return model.ContainerInstance{ContainerInstanceARN: acct.ContainerInstanceARN("prod", fmt.Sprintf("%032x", i)),
			Status: model.ContainerInstanceStatusActive, AgentConnected: true,
			Attributes:          []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: "us-east-1a"}, {Name: "role", Value: role}},
			RegisteredResources: res, RemainingResources: res}
	}
	svc := model.Service{
		ServiceARN: acct.ServiceARN("prod", "agent"), ServiceName: "agent", ClusterARN: acct.ClusterARN("prod"),
		Status: model.ServiceStatusActive, SchedulingStrategy: model.SchedulingStrategyDaemon, TaskDefinition: td.TaskDefinitionARN,
		PlacementConstraints: []model.PlacementConstraint{{Type: model.PlacementConstraintTypeMemberOf, Expression: "attribute:role == edge"}},
		Deployments: []model.Deployment{{ID: "ecs-svc/1", Status: model.DeploymentStatusPrimary, TaskDefinition: td.TaskDefinitionARN,
			RolloutState: model.DeploymentRolloutStateInProgress}},
	}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	step, err := service.Reconcile(&service.Input{Service: svc, TaskDefinitions: []model.TaskDefinition{td},
		Instances: []model.ContainerInstance{instance(1, "edge"), instance(2, "batch"), instance(3, "edge")}}, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range step.Start {
		fmt.Println("start on", t.ContainerInstanceARN)
	}
	fmt.Println("desired", step.Service.DesiredCount)
	// Output:
	// start on arn:aws:ecs:us-east-1:012345678910:container-instance/prod/00000000000000000000000000000001
	// start on arn:aws:ecs:us-east-1:012345678910:container-instance/prod/00000000000000000000000000000003
	// desired 2
}

// UpdateTaskProtection without expiresInMinutes protects a task for two
// hours; after that GetTaskProtection reads protectionEnabled false.
func ExampleProtect() {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	arn := "arn:aws:ecs:us-east-1:012345678910:task/prod/0123456789abcdef0123456789abcdef"
	p := service.Protect(arn, &model.UpdateTaskProtectionRequest{Cluster: "prod", Tasks: []string{arn}, ProtectionEnabled: true}, now)
	fmt.Println(p.ProtectionEnabled, p.ExpirationDate.Time.Format(time.TimeOnly))
	fmt.Println(service.IsProtected(p, now.Add(119*time.Minute)), service.IsProtected(p, now.Add(2*time.Hour)))
	// Output:
	// true 14:00:00
	// true false
}

// The TasksRunning waiter fails as soon as one task has STOPPED, while
// TasksStopped waits for all of them.
func ExampleTasksRunningResponse() {
	resp := &model.DescribeTasksResponse{Tasks: []model.Task{{LastStatus: model.TaskStatusRunning}, {LastStatus: model.TaskStatusStopped}}}
	fmt.Println(service.TasksRunningResponse(resp), service.TasksStoppedResponse(resp))
	// Output: failure retry
}
