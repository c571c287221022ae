package placement_test

import (
	"fmt"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
)

// exampleInstance is an ACTIVE instance with an agent connected in the
// given AZ; its ID is its index.
func exampleInstance(i int, az string, cpu, mem int64) model.ContainerInstance {
	arn := acct.ContainerInstanceARN("prod", fmt.Sprintf("ci-%d", i))
	res := []model.Resource{model.IntegerResource(model.ResourceCPU, cpu), model.IntegerResource(model.ResourceMemory, mem)}
	return model.ContainerInstance{
		ContainerInstanceARN: arn, Status: model.ContainerInstanceStatusActive, AgentConnected: true,
		Attributes:          []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: az}},
		RegisteredResources: res, RemainingResources: res,
	}
}

var webTD = &model.TaskDefinition{Family: "web", NetworkMode: model.NetworkModeBridge,
	ContainerDefinitions: []model.ContainerDefinition{{Name: "web", CPU: 256, Memory: model.Int32(512)}}}

// The service default: zone a already runs a task of the service, so the
// next two go to b and c, and the third to the emptier instance of a.
func ExamplePlace() {
	inst := []model.ContainerInstance{
		exampleInstance(1, "us-east-1a", 2048, 4096),
		exampleInstance(2, "us-east-1a", 2048, 4096),
		exampleInstance(3, "us-east-1b", 2048, 4096),
		exampleInstance(4, "us-east-1c", 2048, 4096),
	}
	tasks := []model.Task{{TaskARN: "arn:aws:ecs:us-east-1:123456789012:task/prod/t1", Group: "service:web",
		ContainerInstanceARN: inst[0].ContainerInstanceARN, DesiredStatus: model.DesiredStatusRunning}}
	res, err := placement.Place(inst, tasks, placement.Request{TaskDefinition: webTD, Group: "service:web", Count: 3})
	if err != nil {
		panic(err)
	}
	for _, p := range res.Placements {
		fmt.Println(p.ContainerInstanceARN)
	}
	// Output:
	// arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-3
	// arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-4
	// arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-2
}

// Spread over AZs, then binpack on memory. Both AZs start empty, so the
// tie goes to the instance with the least memory that still fits (ci-3,
// in b); then a is the emptier AZ, and its tighter instance (ci-2) fills
// first. Once b has no room, a takes the rest. The seventh task fits
// nowhere, and the result says why in ECS's words.
func ExampleCluster_Place() {
	c, err := placement.NewCluster([]model.ContainerInstance{
		exampleInstance(1, "us-east-1a", 4096, 1536),
		exampleInstance(2, "us-east-1a", 4096, 1024),
		exampleInstance(3, "us-east-1b", 4096, 600),
	}, nil)
	if err != nil {
		panic(err)
	}
	res, err := c.Place(placement.Request{TaskDefinition: webTD, Group: "service:web", Count: 7,
		Strategy: []model.PlacementStrategy{
			{Type: model.PlacementStrategyTypeSpread, Field: "attribute:ecs.availability-zone"},
			{Type: model.PlacementStrategyTypeBinpack, Field: "memory"},
		}})
	if err != nil {
		panic(err)
	}
	for _, p := range res.Placements {
		if p.Reason != nil {
			fmt.Println(p.Reason.ServiceEvent("web"))
			continue
		}
		fmt.Println(p.ContainerInstanceARN)
	}
	// Output:
	// arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-3
	// arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-2
	// arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-2
	// arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-1
	// arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-1
	// arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-1
	// (service web) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance ci-1) has insufficient memory available.
}

// The UpdateService reference's scale-in example: zone a runs one task of
// the service, b and c two each, so the stop comes from b or c; the tie
// between them goes to the smaller instance ARN.
func ExampleChooseTasksToStop() {
	inst := []model.ContainerInstance{
		exampleInstance(1, "us-east-1a", 2048, 4096),
		exampleInstance(2, "us-east-1b", 2048, 4096),
		exampleInstance(3, "us-east-1c", 2048, 4096),
	}
	var tasks []model.Task
	for k, on := range []int{0, 1, 1, 2, 2} {
		tasks = append(tasks, model.Task{TaskARN: fmt.Sprintf("arn:aws:ecs:us-east-1:123456789012:task/prod/t%d", k),
			Group: "service:web", ContainerInstanceARN: inst[on].ContainerInstanceARN, DesiredStatus: model.DesiredStatusRunning})
	}
	stop, err := placement.ChooseTasksToStop(inst, tasks, placement.StopRequest{Group: "service:web", Count: 3})
	if err != nil {
		panic(err)
	}
	fmt.Println(stop)
	// Output:
	// [arn:aws:ecs:us-east-1:123456789012:task/prod/t1 arn:aws:ecs:us-east-1:123456789012:task/prod/t3 arn:aws:ecs:us-east-1:123456789012:task/prod/t0]
}

func ExampleReason_ServiceEvent() {
	r := placement.Reason{Code: placement.ReasonPorts,
		ContainerInstanceARN: "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/5e2c1c0e5e4f4d3c9a2b1f0e9d8c7b6a"}
	fmt.Println(r.ServiceEvent("web"))
	// Output:
	// (service web) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 5e2c1c0e5e4f4d3c9a2b1f0e9d8c7b6a) is already using a port required by your task.
}

// A kept Index is told what changes and answers each decision without
// re-indexing: here a service scales out by one task, then in by one.
func ExampleIndex() {
	inst := []model.ContainerInstance{
		exampleInstance(1, "us-east-1a", 2048, 4096),
		exampleInstance(2, "us-east-1b", 2048, 4096),
	}
	x, err := placement.NewIndex(inst, nil)
	if err != nil {
		panic(err)
	}
	req := placement.Request{TaskDefinition: webTD, Group: "service:web", Count: 1}
	for i := range 3 {
		res, _ := x.Place(req)
		where := res.Placements[0].ContainerInstanceARN
		// Apply the decision: the task, and the instance's reservation.
		x.PutTask(model.Task{TaskARN: fmt.Sprintf("arn:aws:ecs:us-east-1:123456789012:task/prod/t%d", i), Group: "service:web",
			ContainerInstanceARN: where, DesiredStatus: model.DesiredStatusRunning, CPU: "256", Memory: "512"})
		ci := *x.Instance(where)
		ci, _ = model.ReserveTask(ci, model.ResourcesOf(webTD), false)
		x.PutInstance(ci)
		fmt.Println("placed on", where[len(where)-4:])
	}
	stop, _ := x.ChooseTasksToStop(placement.StopRequest{Group: "service:web", Count: 1})
	fmt.Println("stop", stop[0][len(stop[0])-2:])
	// Output:
	// placed on ci-1
	// placed on ci-2
	// placed on ci-1
	// stop t0
}

// A deployment replacing its tasks stops one of the old deployment's,
// naming them by startedBy rather than listing them all, and keeps back
// one it must not stop (t1, scale-in protected, say). Zone b then has the
// most tasks of the service, and only t2 is left to stop there; the new
// deployment's t3 still counts for the balance.
func ExampleStopRequest() {
	inst := []model.ContainerInstance{
		exampleInstance(1, "us-east-1a", 2048, 4096),
		exampleInstance(2, "us-east-1b", 2048, 4096),
	}
	var tasks []model.Task
	for k, on := range []int{0, 1, 1, 1} {
		startedBy := "ecs-svc/old"
		if k == 3 {
			startedBy = "ecs-svc/new"
		}
		tasks = append(tasks, model.Task{TaskARN: fmt.Sprintf("arn:aws:ecs:us-east-1:123456789012:task/prod/t%d", k),
			Group: "service:web", StartedBy: startedBy, ContainerInstanceARN: inst[on].ContainerInstanceARN, DesiredStatus: model.DesiredStatusRunning})
	}
	stop, err := placement.ChooseTasksToStop(inst, tasks, placement.StopRequest{Group: "service:web", Count: 1,
		StartedBy: "ecs-svc/old", Except: []string{tasks[1].TaskARN}})
	if err != nil {
		panic(err)
	}
	fmt.Println(stop)
	// Output:
	// [arn:aws:ecs:us-east-1:123456789012:task/prod/t2]
}

// A scheduler step asks a kept index which instances are draining instead
// of looking up the instance of every task.
func ExampleIndex_Draining() {
	inst := []model.ContainerInstance{
		exampleInstance(1, "us-east-1a", 2048, 4096),
		exampleInstance(2, "us-east-1b", 2048, 4096),
	}
	x, err := placement.NewIndex(inst, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(x.Draining()))
	ci := inst[1]
	ci.Status = model.ContainerInstanceStatusDraining // UpdateContainerInstancesState
	x.PutInstance(ci)
	fmt.Println(x.Draining())
	// Output:
	// 0
	// [arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-2]
}
