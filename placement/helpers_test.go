package placement_test

import (
	"fmt"
	"slices"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
)

// The test generators build small clusters with tight capacities, so that
// placements fail for every reason, over a handful of AZs.

var acct = model.Account{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"}

const clusterName = "prod"

func instanceARN(i int) string {
	return acct.ContainerInstanceARN(clusterName, fmt.Sprintf("%032x", i+1))
}
func taskARN(i int) string { return acct.TaskARN(clusterName, fmt.Sprintf("%032x", i+1)) }

var zones = []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"}

// instanceOpts fixes what a test needs fixed.
type instanceOpts struct {
	index     int
	az        string
	cpu, mem  int64
	tcp, udp  []int32
	placeable bool // ACTIVE and agent connected
}

func newInstance(o instanceOpts) model.ContainerInstance {
	ci := model.ContainerInstance{
		ContainerInstanceARN: instanceARN(o.index),
		EC2InstanceID:        fmt.Sprintf("i-%017x", o.index+1),
		Version:              1,
		VersionInfo:          &model.VersionInfo{AgentVersion: "1.87.0"},
		Status:               model.ContainerInstanceStatusActive,
		AgentConnected:       true,
		Attributes: []model.Attribute{
			{Name: model.AttributeAvailabilityZone, Value: o.az},
			{Name: model.AttributeOSType, Value: "linux"},
			{Name: "ecs.instance-type", Value: "m5.large"},
		},
		RegisteredResources: []model.Resource{
			model.IntegerResource(model.ResourceCPU, o.cpu),
			model.IntegerResource(model.ResourceMemory, o.mem),
			model.PortsResource(model.ResourcePorts, o.tcp),
			model.PortsResource(model.ResourcePortsUDP, o.udp),
		},
	}
	ci.RemainingResources = slices.Clone(ci.RegisteredResources)
	return ci
}

// genInstances draws 0 to maxN instances over k AZs with small capacities,
// some of them not placeable.
func genInstances(t *rapid.T, maxN int) []model.ContainerInstance {
	n := rapid.IntRange(0, maxN).Draw(t, "instances")
	k := rapid.IntRange(1, len(zones)).Draw(t, "zones")
	out := make([]model.ContainerInstance, n)
	for i := range out {
		out[i] = genInstance(t, i, k)
	}
	// Draw the order the caller passes them in: placement must not care.
	return rapid.Permutation(out).Draw(t, "order")
}

// genInstance draws instance i over the first k AZs.
func genInstance(t *rapid.T, i, k int) model.ContainerInstance {
	ci := newInstance(instanceOpts{
		index: i,
		az:    zones[rapid.IntRange(0, k-1).Draw(t, "az")],
		cpu:   int64(rapid.SampledFrom([]int{0, 256, 512, 1024, 2048}).Draw(t, "cpu")),
		mem:   int64(rapid.SampledFrom([]int{0, 256, 512, 1024, 4096}).Draw(t, "mem")),
		tcp:   portSubset(t, "tcp", []int32{22, 80, 443}),
		udp:   portSubset(t, "udp", []int32{53}),
	})
	if rapid.IntRange(0, 5).Draw(t, "unplaceable") == 0 {
		ci.Status = rapid.SampledFrom(model.ContainerInstanceStatus("").Values()).Draw(t, "status")
		ci.AgentConnected = rapid.Bool().Draw(t, "connected")
	}
	ci.Attributes[2].Value = rapid.SampledFrom([]string{"t3.medium", "m5.large", "c6g.xlarge"}).Draw(t, "type")
	if rapid.Bool().Draw(t, "gpu?") {
		ci.Attributes = append(ci.Attributes, model.Attribute{Name: "gpu"})
	}
	if rapid.Bool().Draw(t, "noAZ?") && rapid.Bool().Draw(t, "reallyNoAZ?") {
		ci.Attributes = ci.Attributes[1:]
	}
	ci.RunningTasksCount = int32(rapid.IntRange(0, 3).Draw(t, "running"))
	return ci
}

func portSubset(t *rapid.T, label string, from []int32) []int32 {
	var out []int32
	for _, p := range from {
		if rapid.Bool().Draw(t, label) {
			out = append(out, p)
		}
	}
	return out
}

var groups = []string{"service:web", "service:api", "family:batch"}

// startedBys are the startedBy values tasks draw: none, or one of two
// deployments.
var startedBys = []string{"", "ecs-svc/1", "ecs-svc/2"}

// genTasks draws tasks of a few groups on the instances (and a few on
// unknown instances, and some stopped).
func genTasks(t *rapid.T, instances []model.ContainerInstance, maxN int) []model.Task {
	n := rapid.IntRange(0, maxN).Draw(t, "tasks")
	out := make([]model.Task, n)
	for i := range out {
		task := model.Task{
			TaskARN:       taskARN(i),
			Group:         rapid.SampledFrom(groups).Draw(t, "group"),
			StartedBy:     rapid.SampledFrom(startedBys).Draw(t, "startedBy"),
			DesiredStatus: model.DesiredStatusRunning,
			LastStatus:    model.TaskStatusRunning,
			CPU:           fmt.Sprint(rapid.SampledFrom([]int{0, 128, 256}).Draw(t, "taskCPU")),
			Memory:        fmt.Sprint(rapid.SampledFrom([]int{0, 128, 512}).Draw(t, "taskMem")),
		}
		if len(instances) > 0 && rapid.IntRange(0, 9).Draw(t, "unknownInstance") > 0 {
			task.ContainerInstanceARN = instances[rapid.IntRange(0, len(instances)-1).Draw(t, "on")].ContainerInstanceARN
		} else {
			task.ContainerInstanceARN = instanceARN(1000 + i)
		}
		if rapid.IntRange(0, 7).Draw(t, "stopped") == 0 {
			task.DesiredStatus = model.DesiredStatusStopped
		}
		out[i] = task
	}
	return out
}

// genTaskDefinition draws a bridge, host or awsvpc task definition with
// small needs, maybe static ports and required attributes.
func genTaskDefinition(t *rapid.T) *model.TaskDefinition {
	mode := rapid.SampledFrom([]model.NetworkMode{model.NetworkModeBridge, model.NetworkModeHost, model.NetworkModeAwsvpc}).Draw(t, "mode")
	c := model.ContainerDefinition{
		Name:   "app",
		CPU:    int32(rapid.SampledFrom([]int{0, 128, 256, 512}).Draw(t, "cpu")),
		Memory: model.Int32(int32(rapid.SampledFrom([]int{64, 128, 256, 512}).Draw(t, "mem"))),
	}
	for range rapid.IntRange(0, 2).Draw(t, "ports") {
		pm := model.PortMapping{
			ContainerPort: model.Int32(rapid.SampledFrom([]int32{80, 443, 53, 8080}).Draw(t, "containerPort")),
			Protocol:      rapid.SampledFrom([]model.TransportProtocol{model.TransportProtocolTCP, model.TransportProtocolUDP}).Draw(t, "protocol"),
		}
		if rapid.Bool().Draw(t, "hostPort?") {
			pm.HostPort = model.Int32(rapid.SampledFrom([]int32{0, 80, 8080, 53}).Draw(t, "hostPort"))
		}
		c.PortMappings = append(c.PortMappings, pm)
	}
	td := &model.TaskDefinition{
		Family:               "app",
		NetworkMode:          mode,
		ContainerDefinitions: []model.ContainerDefinition{c},
	}
	if rapid.Bool().Draw(t, "requires?") {
		td.RequiresAttributes = []model.Attribute{{Name: rapid.SampledFrom([]string{"gpu", "ecs.instance-type"}).Draw(t, "reqName")}}
		if rapid.Bool().Draw(t, "reqValue?") {
			td.RequiresAttributes[0].Value = "c6g.xlarge"
		}
	}
	if rapid.IntRange(0, 3).Draw(t, "tdConstraint?") == 0 {
		td.PlacementConstraints = []model.TaskDefinitionPlacementConstraint{{
			Type: model.TaskDefinitionPlacementConstraintTypeMemberOf, Expression: rapid.SampledFrom(memberOfExprs).Draw(t, "tdExpr"),
		}}
	}
	return td
}

var memberOfExprs = []string{
	"attribute:ecs.instance-type != t3.medium",
	"attribute:ecs.availability-zone in [us-east-1a, us-east-1b]",
	"runningTasksCount < 3",
	"not(task:group == service:api)",
	"attribute:gpu exists or attribute:ecs.instance-type =~ c6g.*",
	"task:group !~ service:a.*",
}

func genConstraints(t *rapid.T) []model.PlacementConstraint {
	var cs []model.PlacementConstraint
	if rapid.IntRange(0, 3).Draw(t, "distinct?") == 0 {
		cs = append(cs, model.PlacementConstraint{Type: model.PlacementConstraintTypeDistinctInstance})
	}
	for range rapid.IntRange(0, 2).Draw(t, "memberOf") {
		cs = append(cs, model.PlacementConstraint{Type: model.PlacementConstraintTypeMemberOf, Expression: rapid.SampledFrom(memberOfExprs).Draw(t, "expr")})
	}
	return cs
}

var strategyRules = []model.PlacementStrategy{
	{Type: model.PlacementStrategyTypeSpread, Field: "attribute:ecs.availability-zone"},
	{Type: model.PlacementStrategyTypeSpread, Field: "attribute:ecs.instance-type"},
	{Type: model.PlacementStrategyTypeSpread, Field: "instanceId"},
	{Type: model.PlacementStrategyTypeSpread, Field: "host"},
	{Type: model.PlacementStrategyTypeBinpack, Field: "memory"},
	{Type: model.PlacementStrategyTypeBinpack, Field: "cpu"},
	{Type: model.PlacementStrategyTypeRandom},
}

func genStrategy(t *rapid.T) []model.PlacementStrategy {
	n := rapid.IntRange(0, 4).Draw(t, "rules")
	var ss []model.PlacementStrategy
	for range n {
		ss = append(ss, rapid.SampledFrom(strategyRules).Draw(t, "rule"))
	}
	return ss
}

type scenario struct {
	instances []model.ContainerInstance
	tasks     []model.Task
	req       placementRequest
}

// placementRequest mirrors placement.Request so the reference does not
// depend on the package under test's types.
type placementRequest struct {
	td          *model.TaskDefinition
	group       string
	count       int
	constraints []model.PlacementConstraint
	strategy    []model.PlacementStrategy
	seed        uint64
}

func genScenario(t *rapid.T, withConstraints bool) scenario {
	inst := genInstances(t, 12)
	s := scenario{instances: inst, tasks: genTasks(t, inst, 12)}
	s.req = placementRequest{
		td:       genTaskDefinition(t),
		group:    rapid.SampledFrom(groups).Draw(t, "reqGroup"),
		count:    rapid.IntRange(0, 15).Draw(t, "count"),
		strategy: genStrategy(t),
		seed:     rapid.Uint64().Draw(t, "seed"),
	}
	if withConstraints {
		s.req.constraints = genConstraints(t)
	}
	return s
}
