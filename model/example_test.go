package model_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/ecsstate/ecsstate/model"
)

// Decode what `aws ecs describe-services` prints and read it as typed values.
func Example() {
	out := `{"services":[{"serviceName":"web","status":"ACTIVE","desiredCount":4,
	  "deploymentConfiguration":{"maximumPercent":200,"minimumHealthyPercent":50},
	  "deployments":[{"id":"ecs-svc/1","status":"PRIMARY","rolloutState":"IN_PROGRESS",
	    "createdAt":"2026-11-21T10:00:00.000000+00:00"}]}]}`
	var resp model.DescribeServicesResponse
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		panic(err)
	}
	s := resp.Services[0]
	d := s.Deployments[0]
	fmt.Println(s.ServiceName, s.DesiredCount, *s.DeploymentConfiguration.MinimumHealthyPercent, d.RolloutState, d.CreatedAt.Unix())
	// Output: web 4 50 IN_PROGRESS 1795255200
}

// An UpdateService body keeps "absent" apart from "empty": an empty list of
// placement constraints removes them all, a missing one keeps them.
func ExampleUpdateServiceRequest() {
	req := model.UpdateServiceRequest{
		Service:              "web",
		DesiredCount:         model.Int32(0),
		PlacementConstraints: []model.PlacementConstraint{},
	}
	b, _ := json.Marshal(req)
	fmt.Println(string(b))
	// Output: {"service":"web","desiredCount":0,"placementConstraints":[]}
}

func ExampleParseARN() {
	a, err := model.ParseARN("arn:aws:ecs:us-east-1:012345678910:service/prod/web")
	fmt.Println(a.Kind, a.Cluster, a.Name, err)
	_, err = model.ParseARN("arn:aws:ecs:us-east-1:012345678910:task-definition/web")
	fmt.Println(err)
	// Output:
	// service prod web <nil>
	// InvalidParameterException: Invalid ARN "arn:aws:ecs:us-east-1:012345678910:task-definition/web": a task definition ARN needs family:revision.
}

func ExampleAccount() {
	acct := model.Account{Partition: "aws", Region: "eu-west-1", AccountID: "012345678910"}
	fmt.Println(acct.TaskDefinitionARN("web", 7))
	fmt.Println(acct.ContainerInstanceARN("prod", "0123456789abcdef0123456789abcdef"))
	// Output:
	// arn:aws:ecs:eu-west-1:012345678910:task-definition/web:7
	// arn:aws:ecs:eu-west-1:012345678910:container-instance/prod/0123456789abcdef0123456789abcdef
}

func ExampleResolveTaskDefinition() {
	fam, rev, _ := model.ResolveTaskDefinition("web")
	fmt.Println(fam, rev, "(0: the latest ACTIVE revision)")
	// Output: web 0 (0: the latest ACTIVE revision)
}

func ExampleTransitionContainerInstance() {
	ci := model.ContainerInstance{Status: model.ContainerInstanceStatusRegistering, Version: 1}
	ci, _ = model.TransitionContainerInstance(ci, model.ContainerInstanceStatusActive)
	fmt.Println(ci.Status, ci.Version)
	_, err := model.TransitionContainerInstance(ci, model.ContainerInstanceStatusRegistering)
	fmt.Println(err)
	// Output:
	// ACTIVE 2
	// InvalidParameterException: status: container instance  cannot move from ACTIVE to REGISTERING.
}

func ExampleTransitionTask() {
	t := model.Task{LastStatus: model.TaskStatusPending, DesiredStatus: model.DesiredStatusRunning}
	t, _ = model.TransitionTask(t, model.TaskStatusRunning, time.Unix(1800000000, 0))
	fmt.Println(t.LastStatus, t.StartedAt.Unix(), t.Version)
	// Output: RUNNING 1800000000 1
}

func ExampleReserveTask() {
	ci := model.ContainerInstance{
		ContainerInstanceARN: "arn:aws:ecs:us-east-1:012345678910:container-instance/c/0123456789abcdef0123456789abcdef",
		RemainingResources: []model.Resource{
			model.IntegerResource(model.ResourceCPU, 2048),
			model.IntegerResource(model.ResourceMemory, 4096),
			model.PortsResource(model.ResourcePorts, []int32{22}),
		},
	}
	task := model.TaskResources{CPU: 512, Memory: 1024, TCPPorts: []int32{80}}
	after, _ := model.ReserveTask(ci, task, false)
	fmt.Printf("%+v pending=%d\n", after.Remaining(), after.PendingTasksCount)
	fmt.Printf("%+v (the original is untouched)\n", ci.Remaining())
	// Output:
	// {CPU:1536 Memory:3072 TCPPorts:[22 80] UDPPorts:[]} pending=1
	// {CPU:2048 Memory:4096 TCPPorts:[22] UDPPorts:[]} (the original is untouched)
}
