package placement_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
)

// threeZones builds one roomy instance per AZ listed (a, b, c, …) and puts
// the given number of the service's tasks on each.
func threeZones(perZone ...int) ([]model.ContainerInstance, []model.Task) {
	var inst []model.ContainerInstance
	var tasks []model.Task
	for z, n := range perZone {
		for j := range 2 { // two instances per zone
			i := len(inst)
			inst = append(inst, newInstance(instanceOpts{index: i, az: zones[z], cpu: 4096, mem: 8192}))
			if j == 0 {
				for range n {
					tasks = append(tasks, model.Task{TaskARN: taskARN(len(tasks)), Group: "service:web",
						ContainerInstanceARN: inst[i].ContainerInstanceARN, DesiredStatus: model.DesiredStatusRunning,
						LastStatus: model.TaskStatusRunning, CPU: "128", Memory: "256"})
				}
			}
		}
	}
	return inst, tasks
}

func zoneOf(inst []model.ContainerInstance, arn string) string {
	for _, ci := range inst {
		if ci.ContainerInstanceARN == arn {
			return ci.AvailabilityZone()
		}
	}
	return ""
}

// TestSeedPlacementExample is the UpdateService reference's example: zone A
// has one task of the service and zones B and C none, so instances in B or C
// are optimal.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
func TestSeedPlacementExample(t *testing.T) {
	for _, tc := range []struct {
		name     string
		perZone  []int
		strategy []model.PlacementStrategy
		want     []string
	}{
		{"A=1 B=0 C=0, default", []int{1, 0, 0}, nil, []string{"us-east-1b", "us-east-1c"}},
		{"A=1 B=0 C=0, spread AZ", []int{1, 0, 0}, []model.PlacementStrategy{{Type: "spread", Field: "attribute:ecs.availability-zone"}}, []string{"us-east-1b", "us-east-1c"}},
		{"A=0 B=1 C=1, default", []int{0, 1, 1}, nil, []string{"us-east-1a"}},
		{"A=2 B=2 C=1, default", []int{2, 2, 1}, nil, []string{"us-east-1c"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inst, tasks := threeZones(tc.perZone...)
			res := mustPlace(t, inst, tasks, placement.Request{TaskDefinition: smallTask, Group: "service:web", Count: 1, Strategy: tc.strategy})
			if z := zoneOf(inst, res.Placements[0].ContainerInstanceARN); !slices.Contains(tc.want, z) {
				t.Fatalf("placed in %q, want one of %v", z, tc.want)
			}
		})
	}
}

// TestSeedPlacementPrefersInstanceWithFewestTasks: within the optimal AZ
// the instance with the fewest tasks of the service wins (the reference's
// second rule).
func TestSeedPlacementPrefersInstanceWithFewestTasks(t *testing.T) {
	inst, tasks := threeZones(1, 1, 1) // the first instance of each zone has a task
	res := mustPlace(t, inst, tasks, placement.Request{TaskDefinition: smallTask, Group: "service:web", Count: 3})
	for k, p := range res.Placements {
		for _, task := range tasks {
			if task.ContainerInstanceARN == p.ContainerInstanceARN {
				t.Fatalf("task %d went to %s, which already runs a task, while its AZ has an empty instance", k, p.ContainerInstanceARN)
			}
		}
	}
}

// TestSeedTerminationExample is the reference's scale-in example: zone A
// has one task and zones B and C two each, so B or C is optimal for the
// next stop, and within it the instance with the most tasks.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
func TestSeedTerminationExample(t *testing.T) {
	for _, tc := range []struct {
		name    string
		perZone []int
		want    []string
	}{
		{"A=1 B=2 C=2", []int{1, 2, 2}, []string{"us-east-1b", "us-east-1c"}},
		{"A=3 B=2 C=2", []int{3, 2, 2}, []string{"us-east-1a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inst, tasks := threeZones(tc.perZone...)
			stop, err := placement.ChooseTasksToStop(inst, tasks, placement.StopRequest{Group: "service:web", Count: 1})
			if err != nil {
				t.Fatal(err)
			}
			var on string
			for _, task := range tasks {
				if task.TaskARN == stop[0] {
					on = task.ContainerInstanceARN
				}
			}
			if z := zoneOf(inst, on); !slices.Contains(tc.want, z) {
				t.Fatalf("stopped a task in %q, want one of %v", z, tc.want)
			}
		})
	}
}

// TestStopPrefersInstanceWithMostTasks: in the chosen AZ the task comes
// from the instance running the most tasks of the service.
func TestStopPrefersInstanceWithMostTasks(t *testing.T) {
	inst, _ := threeZones(0, 0, 0)
	on := []int{0, 1, 1, 1} // instance 0 (zone a) one task, instance 1 (zone a) three
	var tasks []model.Task
	for k, i := range on {
		tasks = append(tasks, model.Task{TaskARN: taskARN(k), Group: "service:web", ContainerInstanceARN: inst[i].ContainerInstanceARN, DesiredStatus: model.DesiredStatusRunning})
	}
	stop, err := placement.ChooseTasksToStop(inst, tasks, placement.StopRequest{Group: "service:web", Count: 2})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{taskARN(1), taskARN(2)}; !cmp.Equal(stop, want) {
		t.Fatalf("stopped %v, want %v (the busiest instance first, then by task ARN)", stop, want)
	}
}

// TestStopBinpackFreesTheMost: with binpack on memory, the task whose
// removal leaves its instance with the most free memory goes first.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html
func TestStopBinpackFreesTheMost(t *testing.T) {
	inst := []model.ContainerInstance{
		newInstance(instanceOpts{index: 0, az: zones[0], cpu: 1024, mem: 100}),
		newInstance(instanceOpts{index: 1, az: zones[0], cpu: 1024, mem: 900}),
	}
	tasks := []model.Task{
		{TaskARN: taskARN(0), Group: "service:web", ContainerInstanceARN: inst[0].ContainerInstanceARN, Memory: "512"},
		{TaskARN: taskARN(1), Group: "service:web", ContainerInstanceARN: inst[1].ContainerInstanceARN, Memory: "256"},
	}
	stop, err := placement.ChooseTasksToStop(inst, tasks, placement.StopRequest{Group: "service:web", Count: 1,
		Strategy: []model.PlacementStrategy{{Type: "binpack", Field: "memory"}}})
	if err != nil {
		t.Fatal(err)
	}
	if stop[0] != taskARN(1) { // 900+256 free beats 100+512
		t.Fatalf("stopped %v, want %s", stop, taskARN(1))
	}
}

// TestReasons checks each reason a task cannot be placed for, in ECS's
// service-event words, naming the closest matching instance.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html
func TestReasons(t *testing.T) {
	id := func(i int) string { a := instanceARN(i); return a[strings.LastIndexByte(a, '/')+1:] }
	roomy := func(i int) model.ContainerInstance {
		return newInstance(instanceOpts{index: i, az: zones[0], cpu: 1024, mem: 1024, tcp: []int32{22}})
	}
	tdWith := func(cpu int32, mem int32, hostPort int32) *model.TaskDefinition {
		c := model.ContainerDefinition{Name: "app", CPU: cpu, Memory: model.Int32(mem)}
		if hostPort > 0 {
			c.PortMappings = []model.PortMapping{{ContainerPort: model.Int32(hostPort), HostPort: model.Int32(hostPort)}}
		}
		return &model.TaskDefinition{Family: "app", NetworkMode: model.NetworkModeBridge, ContainerDefinitions: []model.ContainerDefinition{c}}
	}
	disconnected := roomy(0)
	disconnected.AgentConnected = false
	draining := roomy(0)
	draining.Status = model.ContainerInstanceStatusDraining
	manyPorts := roomy(0)
	var ps []int32
	for p := range int32(100) {
		ps = append(ps, 1000+p)
	}
	manyPorts.RemainingResources[2] = model.PortsResource(model.ResourcePorts, ps)
	requires := tdWith(0, 64, 0)
	requires.RequiresAttributes = []model.Attribute{{Name: "com.amazonaws.ecs.capability.docker-remote-api.1.44"}}

	for _, tc := range []struct {
		name        string
		instances   []model.ContainerInstance
		tasks       []model.Task
		td          *model.TaskDefinition
		constraints []model.PlacementConstraint
		want        string
	}{
		{"empty cluster", nil, nil, tdWith(0, 64, 0), nil,
			"Reason: No Container Instances were found in your cluster."},
		{"only a draining instance", []model.ContainerInstance{draining}, nil, tdWith(0, 64, 0), nil,
			"Reason: No Container Instances were found in your cluster."},
		{"agent disconnected", []model.ContainerInstance{disconnected}, nil, tdWith(0, 64, 0), nil,
			`The closest matching (container-instance ` + id(0) + `) encountered error "AGENT".`},
		{"missing attribute", []model.ContainerInstance{roomy(0)}, nil, requires, nil,
			"The closest matching (container-instance " + id(0) + ") is missing an attribute required by your task."},
		{"cpu", []model.ContainerInstance{roomy(0)}, nil, tdWith(2048, 64, 0), nil,
			"The closest matching (container-instance " + id(0) + ") has insufficient CPU units available."},
		{"memory", []model.ContainerInstance{roomy(0)}, nil, tdWith(0, 2048, 0), nil,
			"The closest matching (container-instance " + id(0) + ") has insufficient memory available."},
		{"port in use", []model.ContainerInstance{roomy(0)}, nil, tdWith(0, 64, 22), nil,
			"The closest matching (container-instance " + id(0) + ") is already using a port required by your task."},
		{"more than 100 reserved ports", []model.ContainerInstance{manyPorts}, nil, tdWith(0, 64, 80), nil,
			"The closest matching (container-instance " + id(0) + ") is already using a port required by your task."},
		{"distinctInstance", []model.ContainerInstance{roomy(0)},
			[]model.Task{{TaskARN: taskARN(0), Group: "family:app", ContainerInstanceARN: instanceARN(0)}},
			tdWith(0, 64, 0), []model.PlacementConstraint{{Type: "distinctInstance"}},
			`The closest matching (container-instance ` + id(0) + `) encountered error "DistinctInstance placement constraint unsatisfied.".`},
		{"memberOf", []model.ContainerInstance{roomy(0)}, nil, tdWith(0, 64, 0),
			[]model.PlacementConstraint{{Type: "memberOf", Expression: "attribute:ecs.instance-type == t2.small"}},
			`The closest matching (container-instance ` + id(0) + `) encountered error "MemberOf placement constraint unsatisfied.".`},
		// The closest match is the one that gets furthest: instance 1 has
		// the CPU but not the memory, instance 0 not even the CPU.
		{"closest is the furthest along", []model.ContainerInstance{
			newInstance(instanceOpts{index: 0, az: zones[0], cpu: 100, mem: 100}),
			newInstance(instanceOpts{index: 1, az: zones[1], cpu: 1024, mem: 100}),
		}, nil, tdWith(512, 512, 0), nil,
			"The closest matching (container-instance " + id(1) + ") has insufficient memory available."},
		// Equally close: the smallest ARN.
		{"ties go to the smallest ARN", []model.ContainerInstance{
			newInstance(instanceOpts{index: 3, az: zones[0], cpu: 100, mem: 100}),
			newInstance(instanceOpts{index: 2, az: zones[1], cpu: 100, mem: 100}),
		}, nil, tdWith(512, 512, 0), nil,
			"The closest matching (container-instance " + id(2) + ") has insufficient CPU units available."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := mustPlace(t, tc.instances, tc.tasks, placement.Request{TaskDefinition: tc.td, Count: 2, Constraints: tc.constraints})
			for k, p := range res.Placements {
				if p.Reason == nil {
					t.Fatalf("task %d placed on %s", k, p.ContainerInstanceARN)
				}
				if got := p.Reason.String(); got != tc.want {
					t.Fatalf("task %d reason\n got %q\nwant %q", k, got, tc.want)
				}
			}
		})
	}
}

func TestServiceEventWording(t *testing.T) {
	r := placement.Reason{Code: placement.ReasonCPU, ContainerInstanceARN: instanceARN(0)}
	want := "(service web) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 00000000000000000000000000000001) has insufficient CPU units available."
	if got := r.ServiceEvent("web"); got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

// TestInvalidRequests: each invalid request is an InvalidParameterException
// naming the member at fault.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PlacementConstraint.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PlacementStrategy.html
func TestInvalidRequests(t *testing.T) {
	memberOf := func(e string) model.PlacementConstraint {
		return model.PlacementConstraint{Type: "memberOf", Expression: e}
	}
	tdConstraints := func(n int) *model.TaskDefinition {
		td := *smallTask
		for range n {
			td.PlacementConstraints = append(td.PlacementConstraints, model.TaskDefinitionPlacementConstraint{Type: "memberOf", Expression: "runningTasksCount < 9"})
		}
		return &td
	}
	eleven := make([]model.PlacementConstraint, 11)
	for i := range eleven {
		eleven[i] = memberOf("runningTasksCount < 9")
	}
	for _, tc := range []struct {
		name string
		req  placement.Request
		want string // in the message
	}{
		{"no task definition", placement.Request{Count: 1}, "taskDefinition"},
		{"negative count", placement.Request{TaskDefinition: smallTask, Count: -1}, "count"},
		{"huge count", placement.Request{TaskDefinition: smallTask, Count: placement.MaxCount + 1}, "count"},
		{"long group", placement.Request{TaskDefinition: smallTask, Group: strings.Repeat("g", 256), Count: 1}, "group"},
		{"11 constraints", placement.Request{TaskDefinition: smallTask, Count: 1, Constraints: eleven}, "placementConstraints"},
		{"6 + 5 from the task definition", placement.Request{TaskDefinition: tdConstraints(5), Count: 1, Constraints: eleven[:6]}, "task definition's included"},
		{"expression too long", placement.Request{TaskDefinition: smallTask, Count: 1,
			Constraints: []model.PlacementConstraint{memberOf("attribute:a == " + strings.Repeat("x", 1990))}}, "placementConstraints[0].expression"},
		{"bad expression", placement.Request{TaskDefinition: smallTask, Count: 1,
			Constraints: []model.PlacementConstraint{{Type: "distinctInstance"}, memberOf("attribute:a === b")}}, "placementConstraints[1].expression"},
		{"bad task definition expression", placement.Request{TaskDefinition: &model.TaskDefinition{Family: "x",
			PlacementConstraints: []model.TaskDefinitionPlacementConstraint{{Type: "memberOf", Expression: "runningTasksCount <"}}}, Count: 1},
			"taskDefinition.placementConstraints[0].expression"},
		{"distinctInstance with expression", placement.Request{TaskDefinition: smallTask, Count: 1,
			Constraints: []model.PlacementConstraint{{Type: "distinctInstance", Expression: "x"}}}, "placementConstraints[0].expression"},
		{"unknown constraint", placement.Request{TaskDefinition: smallTask, Count: 1,
			Constraints: []model.PlacementConstraint{{Type: "sameInstance"}}}, "placementConstraints[0].type"},
		{"6 strategy rules", placement.Request{TaskDefinition: smallTask, Count: 1,
			Strategy: slices.Repeat([]model.PlacementStrategy{{Type: "random"}}, 6)}, "placementStrategy"},
		{"binpack on ports", placement.Request{TaskDefinition: smallTask, Count: 1,
			Strategy: []model.PlacementStrategy{{Type: "binpack", Field: "ports"}}}, "placementStrategy[0].field"},
		{"spread on nothing", placement.Request{TaskDefinition: smallTask, Count: 1,
			Strategy: []model.PlacementStrategy{{Type: "spread", Field: "attribute:"}}}, "placementStrategy[0].field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := placement.Place(nil, nil, tc.req)
			var e *ecserrors.Error
			if !errors.As(err, &e) || !errors.Is(err, ecserrors.ErrInvalidParameter) {
				t.Fatalf("got %v, want an InvalidParameterException", err)
			}
			if !strings.Contains(e.Message(), tc.want) {
				t.Fatalf("message %q does not mention %q", e.Message(), tc.want)
			}
		})
	}
}

func TestInvalidStopRequests(t *testing.T) {
	for _, req := range []placement.StopRequest{
		{Count: 1},
		{Group: "service:web", Count: -1},
		{Group: "service:web", Count: 1, Strategy: []model.PlacementStrategy{{Type: "binpack", Field: "disk"}}},
	} {
		if _, err := placement.ChooseTasksToStop(nil, nil, req); !errors.Is(err, ecserrors.ErrInvalidParameter) {
			t.Errorf("%+v: got %v, want an InvalidParameterException", req, err)
		}
	}
}

func TestDuplicateInstanceIsRejected(t *testing.T) {
	ci := newInstance(instanceOpts{index: 0, az: zones[0], cpu: 1, mem: 1})
	if _, err := placement.NewCluster([]model.ContainerInstance{ci, ci}, nil); !errors.Is(err, ecserrors.ErrInvalidParameter) {
		t.Fatalf("got %v, want an InvalidParameterException", err)
	}
}

// TestHostPorts: static host ports conflict per protocol, dynamic ones
// (host port 0 or absent in bridge mode) never do, host mode uses the
// container port, and awsvpc tasks take no host port.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html
func TestHostPorts(t *testing.T) {
	taken := newInstance(instanceOpts{index: 0, az: zones[0], cpu: 4096, mem: 4096, tcp: []int32{80}, udp: []int32{53}})
	td := func(mode model.NetworkMode, pms ...model.PortMapping) *model.TaskDefinition {
		return &model.TaskDefinition{Family: "app", NetworkMode: mode, ContainerDefinitions: []model.ContainerDefinition{
			{Name: "app", Memory: model.Int32(64), PortMappings: pms}}}
	}
	pm := func(container int32, host *int32, proto model.TransportProtocol) model.PortMapping {
		return model.PortMapping{ContainerPort: model.Int32(container), HostPort: host, Protocol: proto}
	}
	for _, tc := range []struct {
		name string
		td   *model.TaskDefinition
		fits int // tasks that fit on the one instance (of 3 asked)
	}{
		{"bridge, host port 0 is dynamic", td(model.NetworkModeBridge, pm(80, model.Int32(0), "")), 3},
		{"bridge, absent host port is dynamic", td(model.NetworkModeBridge, pm(80, nil, "")), 3},
		{"bridge, static TCP 80 is taken", td(model.NetworkModeBridge, pm(8080, model.Int32(80), model.TransportProtocolTCP)), 0},
		{"bridge, UDP 80 is free (TCP 80 is not UDP)", td(model.NetworkModeBridge, pm(80, model.Int32(80), model.TransportProtocolUDP)), 1},
		{"bridge, static 8080 fits once", td(model.NetworkModeBridge, pm(80, model.Int32(8080), "")), 1},
		{"host, container port 8080 is the host port", td(model.NetworkModeHost, pm(8080, nil, "")), 1},
		{"host, UDP 53 is taken", td(model.NetworkModeHost, pm(53, nil, model.TransportProtocolUDP)), 0},
		{"awsvpc takes no host port", td(model.NetworkModeAwsvpc, pm(80, model.Int32(80), "")), 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := mustPlace(t, []model.ContainerInstance{taken}, nil, placement.Request{TaskDefinition: tc.td, Count: 3})
			if got := res.Placed(); got != tc.fits {
				t.Fatalf("placed %d, want %d", got, tc.fits)
			}
			if tc.fits < 3 {
				if r := res.Placements[2].Reason; r == nil || r.Code != placement.ReasonPorts {
					t.Fatalf("reason %v, want %s", r, placement.ReasonPorts)
				}
			}
		})
	}
}

// TestRequiredAttributes: a required attribute without a value needs only
// the name; with a value, the exact value.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskDefinition.html
func TestRequiredAttributes(t *testing.T) {
	ci := newInstance(instanceOpts{index: 0, az: zones[0], cpu: 4096, mem: 4096}) // ecs.instance-type = m5.large
	for _, tc := range []struct {
		req  model.Attribute
		fits bool
	}{
		{model.Attribute{Name: "ecs.instance-type"}, true},
		{model.Attribute{Name: "ecs.instance-type", Value: "m5.large"}, true},
		{model.Attribute{Name: "ecs.instance-type", Value: "t3.small"}, false},
		{model.Attribute{Name: "com.amazonaws.ecs.capability.docker-remote-api.1.44"}, false},
	} {
		td := *smallTask
		td.RequiresAttributes = []model.Attribute{tc.req}
		res := mustPlace(t, []model.ContainerInstance{ci}, nil, placement.Request{TaskDefinition: &td, Count: 1})
		if got := res.Placed() == 1; got != tc.fits {
			t.Errorf("%+v: placed %v, want %v", tc.req, got, tc.fits)
		}
	}
}
