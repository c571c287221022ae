package ecsstate_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// Predict a rolling deployment end to end: a service runs three tasks of
// web:1 over three zones; an UpdateService body, as an SDK sends it, rolls
// it to web:2 with minimum healthy 50% and maximum 200%; the scheduler runs
// step by step until the AWS ServicesStable waiter would succeed, printing
// the service events ECS would write. Time is the caller's; nothing here
// touches AWS.
func Example() {
	acct := model.Account{Partition: "aws", Region: "us-east-1", AccountID: "012345678910"}
	td := func(rev int32) model.TaskDefinition {
		return model.TaskDefinition{TaskDefinitionARN: acct.TaskDefinitionARN("web", rev), Family: "web", Revision: rev,
			Status:               model.TaskDefinitionStatusActive,
			ContainerDefinitions: []model.ContainerDefinition{{Name: "app", CPU: 256, Memory: model.Int32(512)}}}
	}
	tds := []model.TaskDefinition{td(1), td(2)}
	res := []model.Resource{model.IntegerResource(model.ResourceCPU, 2048), model.IntegerResource(model.ResourceMemory, 4096)}
	var instances []model.ContainerInstance
	for i, az := range []string{"us-east-1a", "us-east-1b", "us-east-1c"} {
		instances = append(instances, model.ContainerInstance{
			ContainerInstanceARN: acct.ContainerInstanceARN("prod", fmt.Sprintf("%032x", i+1)),
			Status:               model.ContainerInstanceStatusActive, AgentConnected: true,
			Attributes:          []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: az}},
			RegisteredResources: res, RemainingResources: res,
		})
	}
	svc := model.Service{
		ServiceARN: acct.ServiceARN("prod", "web"), ServiceName: "web", ClusterARN: acct.ClusterARN("prod"),
		Status: model.ServiceStatusActive, LaunchType: model.LaunchTypeEC2, TaskDefinition: tds[0].TaskDefinitionARN, DesiredCount: 3,
		DeploymentConfiguration: &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(50), MaximumPercent: model.Int32(200)},
		Deployments: []model.Deployment{{ID: "ecs-svc/9223370000000000000", Status: model.DeploymentStatusPrimary,
			TaskDefinition: tds[0].TaskDefinitionARN, DesiredCount: 3, RolloutState: model.DeploymentRolloutStateInProgress}},
	}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

	// settle runs the service scheduler step by step, moving tasks through
	// their lifecycle as the agents would, until a step changes nothing
	// (the scheduler's fixed point), and reports whether the AWS
	// ServicesStable waiter would then succeed.
	var tasks []model.Task
	settle := func(show bool) bool {
		for round := 0; round < 20; round++ {
			step, err := service.Reconcile(&service.Input{Service: svc, Tasks: tasks, Instances: instances, TaskDefinitions: tds}, now)
			if err != nil {
				fmt.Println(err)
				return false
			}
			if !step.Changed(&svc) {
				break
			}
			if instances, tasks, err = service.ApplyStep(instances, tasks, tds, &step, now); err != nil {
				fmt.Println(err)
				return false
			}
			svc = step.Service
			for i := len(step.Events) - 1; i >= 0 && show; i-- { // events are newest first
				fmt.Println(step.Events[i].Message)
			}
			// The agents: new tasks go through PENDING to RUNNING, stopping
			// tasks reach STOPPED.
			now = now.Add(time.Minute)
			for i := range tasks {
				var path []model.TaskStatus
				switch {
				case tasks[i].DesiredStatus == model.DesiredStatusStopped && tasks[i].LastStatus != model.TaskStatusStopped:
					path = []model.TaskStatus{model.TaskStatusStopped}
				case tasks[i].LastStatus == model.TaskStatusProvisioning:
					path = []model.TaskStatus{model.TaskStatusPending, model.TaskStatusRunning}
				case tasks[i].LastStatus == model.TaskStatusPending:
					path = []model.TaskStatus{model.TaskStatusRunning}
				}
				for _, st := range path {
					if tasks[i], err = model.TransitionTask(tasks[i], st, now); err != nil {
						fmt.Println(err)
						return false
					}
				}
			}
		}
		return service.Stable(&svc) == service.WaiterSuccess
	}
	if !settle(false) {
		return
	}

	// The request, exactly as an AWS SDK sends it: roll to the latest
	// revision of web.
	var req model.UpdateServiceRequest
	json.Unmarshal([]byte(`{"cluster":"prod","service":"web","taskDefinition":"web"}`), &req)
	upd, err := service.UpdateService(req, service.State{
		Cluster: &model.Cluster{ClusterARN: acct.ClusterARN("prod"), ClusterName: "prod"}, Service: &svc, TaskDefinitions: tds,
	}, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	svc = *upd.Response.Service
	fmt.Println("stable:", settle(true), "on", svc.TaskDefinition)
	// Output:
	// (service web) has stopped 1 running tasks: (task a87f633b6b844cbd24fbbc5da2a78b90).
	// (service web) has started 3 tasks: (task 0869cdb0c432c73c10913128416b5909) (task 0869ca4da932c73c109131284044919e) (task 0869c6ea0e32c73c109131283f1d2cb3).
	// (service web) has stopped 2 running tasks: (task a87f692896844cbd24fbbc5da55e7ee3) (task a87f6c8bb1844cbd24fbbc5da685464e).
	// (service web) (deployment ecs-svc/9223370241592195807) deployment completed.
	// (service web) has reached a steady state.
	// stable: true on arn:aws:ecs:us-east-1:012345678910:task-definition/web:2
}
