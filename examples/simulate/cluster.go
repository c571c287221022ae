package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ecsstate/ecsstate"
	"github.com/ecsstate/ecsstate/agentupdate"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// TaskDef describes one revision of the service's task definition family
// in a scenario file.
type TaskDef struct {
	// Revision must count from 1 in order: the world numbers revisions as
	// RegisterTaskDefinition does.
	Revision int32 `json:"revision"`
	// CPU units and memory (MiB) of its one container.
	CPU    int32 `json:"cpu"`
	Memory int32 `json:"memory"`
	// FailsToStart: every task of this revision stops before it runs (an
	// [ecsstate.Agent] FailToStart fault on the revision).
	FailsToStart bool `json:"failsToStart,omitempty"`
}

// clusterSpec is the cluster and service a run builds with world
// operations, before any task runs.
type clusterSpec struct {
	Account model.Account
	Cluster string
	Zones   []string
	// Instances are spread over Zones round-robin: instance i (from 1) is
	// in Zones[(i-1) mod len(Zones)].
	Instances      int
	InstanceCPU    int64
	InstanceMemory int64
	AgentVersion   string
	LatestAgent    string
	Service        string
	TaskDefs       []TaskDef
	// Daemons are DAEMON services created after the service.
	Daemons []Daemon
	// Desired is the service's desired count at creation.
	Desired int32
	// Strategy is the service's scheduling strategy (empty: REPLICA).
	Strategy   model.SchedulingStrategy
	Deployment *model.DeploymentConfiguration
	Placement  []model.PlacementStrategy
	// LoadBalancers are the service's; the service's container maps
	// their port (a dynamic host port, as in bridge mode).
	LoadBalancers []model.LoadBalancer
	Interval      time.Duration
	Agent         ecsstate.Agent
	Seed          uint64
	// DiscardTimeline: the run reads no timeline (-size), so the world
	// keeps none ([ecsstate.Options.DiscardTimeline]).
	DiscardTimeline bool
}

// cluster is a world built from a clusterSpec, with what the program needs
// to name things: instances in registration order, the revisions, and the
// last timeline record it has read.
type cluster struct {
	w         *ecsstate.World
	spec      clusterSpec
	instances []string // ARNs; instance k of the scenario is instances[k-1]
	number    map[string]int
	zones     []string
	revisions []string // "family:revision", in registration order
	seen      uint64
}

// build creates the world of spec through ECS operations: CreateCluster,
// RegisterContainerInstance for each instance (with the Availability Zone,
// OS and architecture attributes the agent reports), RegisterTaskDefinition
// for each revision, CreateService on the first revision, and a DAEMON
// CreateService for each daemon on its first revision.
func build(spec clusterSpec) (*cluster, error) {
	if len(spec.Zones) == 0 || spec.Instances < 1 || len(spec.TaskDefs) == 0 {
		return nil, fmt.Errorf("a cluster needs zones, at least one instance and a task definition")
	}
	agent := spec.Agent
	families := []Daemon{{Service: spec.Service, TaskDefinitions: spec.TaskDefs}}
	for _, f := range append(families, spec.Daemons...) {
		for _, td := range f.TaskDefinitions {
			if td.FailsToStart {
				agent.FailToStart = append(slices.Clip(agent.FailToStart), ecsstate.Fault{TaskDefinition: fmt.Sprintf("%s:%d", f.Service, td.Revision)})
			}
		}
	}
	w := ecsstate.New(ecsstate.Options{Account: spec.Account, Start: start, Seed: spec.Seed, SchedulerInterval: spec.Interval,
		Agent: &agent, AgentCatalog: catalog(spec.LatestAgent), DiscardTimeline: spec.DiscardTimeline})
	c := &cluster{w: w, spec: spec, number: map[string]int{}}
	if _, err := w.CreateCluster(model.CreateClusterRequest{ClusterName: spec.Cluster}); err != nil {
		return nil, err
	}
	for range spec.Instances {
		if _, err := c.register(); err != nil {
			return nil, err
		}
	}
	var port *int32
	if len(spec.LoadBalancers) > 0 {
		port = spec.LoadBalancers[0].ContainerPort
	}
	revs, err := c.registerFamily(spec.Service, spec.TaskDefs, port)
	if err != nil {
		return nil, err
	}
	c.revisions = revs
	create := model.CreateServiceRequest{
		Cluster: spec.Cluster, ServiceName: spec.Service, TaskDefinition: c.revisions[0], DesiredCount: model.Int32(spec.Desired),
		LaunchType: model.LaunchTypeEC2, DeploymentConfiguration: spec.Deployment, PlacementStrategy: spec.Placement,
		LoadBalancers: spec.LoadBalancers,
	}
	if spec.Strategy == model.SchedulingStrategyDaemon { // one task per instance: no count, no strategy
		create.SchedulingStrategy, create.DesiredCount, create.PlacementStrategy = spec.Strategy, nil, nil
	}
	if _, err := w.CreateService(create); err != nil {
		return nil, err
	}
	for _, d := range spec.Daemons {
		revs, err := c.registerFamily(d.Service, d.TaskDefinitions, nil)
		if err != nil {
			return nil, err
		}
		if _, err := w.CreateService(model.CreateServiceRequest{
			Cluster: spec.Cluster, ServiceName: d.Service, TaskDefinition: revs[0], LaunchType: model.LaunchTypeEC2,
			SchedulingStrategy: model.SchedulingStrategyDaemon, DeploymentConfiguration: d.DeploymentConfiguration,
		}); err != nil {
			return nil, fmt.Errorf("daemon %s: %w", d.Service, err)
		}
	}
	return c, nil
}

// register registers the next container instance (RegisterContainerInstance
// with the Availability Zone, OS and architecture attributes the agent
// reports): instance i (from 1) goes to Zones[(i-1) mod len(Zones)]. It
// returns the instance's number.
func (c *cluster) register() (int, error) {
	spec := &c.spec
	i := len(c.instances)
	zone := spec.Zones[i%len(spec.Zones)]
	res, err := c.w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{
		Cluster: spec.Cluster,
		TotalResources: []model.Resource{
			model.IntegerResource(model.ResourceCPU, spec.InstanceCPU),
			model.IntegerResource(model.ResourceMemory, spec.InstanceMemory),
		},
		VersionInfo: &model.VersionInfo{AgentVersion: spec.AgentVersion, AgentHash: "4023248", DockerVersion: "DockerVersion: 25.0.8"},
		Attributes: []model.Attribute{
			{Name: model.AttributeAvailabilityZone, Value: zone},
			{Name: model.AttributeOSType, Value: "linux"},
			{Name: model.AttributeCPUArchitecture, Value: "x86_64"},
			{Name: "ecs.instance-type", Value: "m6i.large"},
		},
	})
	if err != nil {
		return 0, fmt.Errorf("instance %d: %w", i+1, err)
	}
	arn := res.ContainerInstance.ContainerInstanceARN
	c.instances = append(c.instances, arn)
	c.number[arn] = i + 1
	if !slices.Contains(c.zones, zone) {
		c.zones = append(c.zones, zone)
	}
	return i + 1, nil
}

// registerFamily registers the revisions of a task definition family, one
// container each (mapping port, when not nil, to a dynamic host port), and
// returns their "family:revision" names.
func (c *cluster) registerFamily(family string, tds []TaskDef, port *int32) ([]string, error) {
	var ports []model.PortMapping
	if port != nil {
		ports = []model.PortMapping{{ContainerPort: port, HostPort: model.Int32(0), Protocol: model.TransportProtocolTCP}}
	}
	var out []string
	for i, td := range tds {
		if td.Revision != int32(i+1) {
			return nil, fmt.Errorf("task definition revisions must count 1, 2, 3, …; revision %d is number %d", td.Revision, i+1)
		}
		res, err := c.w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{
			Family: family, NetworkMode: model.NetworkModeBridge,
			ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: fmt.Sprintf("public.ecr.aws/nginx/nginx:r%d", td.Revision),
				CPU: td.CPU, Memory: model.Int32(td.Memory), Essential: model.Bool(true), PortMappings: ports}},
		})
		if err != nil {
			return nil, fmt.Errorf("task definition %s:%d: %w", family, td.Revision, err)
		}
		out = append(out, revision(res.TaskDefinition.TaskDefinitionARN))
	}
	return out, nil
}

// catalog is the agent catalog whose newest agent is latest.
func catalog(latest string) agentupdate.Catalog {
	if latest == "" {
		return ecsstate.DefaultAgentCatalog
	}
	return agentupdate.Catalog{Latest: latest}
}

// describe is the service as DescribeServices returns it.
func (c *cluster) describe() (model.Service, error) { return c.describeService(c.spec.Service) }

// describeService is a service of the cluster (the service or a daemon)
// as DescribeServices returns it.
func (c *cluster) describeService(name string) (model.Service, error) {
	res, err := c.w.DescribeServices(model.DescribeServicesRequest{Cluster: c.spec.Cluster, Services: []string{name}})
	if err != nil {
		return model.Service{}, err
	}
	if len(res.Services) != 1 {
		return model.Service{}, fmt.Errorf("service %s is missing", name)
	}
	return res.Services[0], nil
}

// settled reports whether the service is where a deployment ends: the AWS
// ServicesStable waiter would succeed, and its one deployment is COMPLETED.
func (c *cluster) settled() (bool, error) { return c.serviceSettled(c.spec.Service) }

// serviceSettled is settled for any service of the cluster.
func (c *cluster) serviceSettled(name string) (bool, error) {
	s, err := c.describeService(name)
	if err != nil {
		return false, err
	}
	return service.Stable(&s) == service.WaiterSuccess && len(s.Deployments) == 1 &&
		s.Deployments[0].RolloutState == model.DeploymentRolloutStateCompleted, nil
}

// primary is the service's PRIMARY deployment.
func primary(s *model.Service) *model.Deployment {
	for i := range s.Deployments {
		if s.Deployments[i].Status == model.DeploymentStatusPrimary {
			return &s.Deployments[i]
		}
	}
	return nil
}

// news returns the timeline records written since the last call.
func (c *cluster) news() []ecsstate.Record {
	rs := c.w.TimelineSince(c.seen)
	if len(rs) > 0 {
		c.seen = rs[len(rs)-1].Seq
	}
	return rs
}

// runEvery advances the world one scheduler interval at a time (each stop
// just after a scheduler run) until done holds or limit has passed, and
// reports whether done held. Checking at scheduler runs is enough: the
// service only changes there.
func (c *cluster) runEvery(limit time.Duration, done func() (bool, error)) (bool, error) {
	end := c.w.Now().Add(limit)
	for c.w.Now().Before(end) {
		if err := c.w.AdvanceTo(earliest(c.nextTick(), end)); err != nil {
			return false, err
		}
		ok, err := done()
		if ok || err != nil {
			return ok, err
		}
	}
	return false, nil
}

// nextTick is the time of the next scheduler run: the world runs the
// scheduler at its start and every interval after it.
func (c *cluster) nextTick() time.Time {
	iv := c.spec.Interval
	k := c.w.Now().Sub(start) / iv
	return start.Add((k + 1) * iv)
}

// counts are the service's tasks per Availability Zone and per revision.
type counts struct {
	ByZone     map[string]int
	ByRevision map[string]int
	Total      int
}

// tasks lists the service's tasks ECS wants running (ListTasks, whose
// desired status is RUNNING by default) and describes them.
func (c *cluster) tasks() ([]model.Task, error) { return c.tasksOf(c.spec.Service) }

// tasksOf is tasks for any service of the cluster.
func (c *cluster) tasksOf(name string) ([]model.Task, error) {
	var arns []string
	req := model.ListTasksRequest{Cluster: c.spec.Cluster, ServiceName: name}
	for {
		res, err := c.w.ListTasks(req)
		if err != nil {
			return nil, err
		}
		arns = append(arns, res.TaskARNs...)
		if res.NextToken == "" {
			break
		}
		req.NextToken = res.NextToken
	}
	return c.describeTasks(arns)
}

// describeTasks calls DescribeTasks 100 tasks at a time, its limit.
func (c *cluster) describeTasks(arns []string) ([]model.Task, error) {
	var out []model.Task
	for chunk := range slices.Chunk(arns, 100) {
		res, err := c.w.DescribeTasks(model.DescribeTasksRequest{Cluster: c.spec.Cluster, Tasks: chunk})
		if err != nil {
			return nil, err
		}
		out = append(out, res.Tasks...)
	}
	return out, nil
}

// count counts tasks per zone and revision, every zone present.
func (c *cluster) count(ts []model.Task, keep func(*model.Task) bool) counts {
	n := counts{ByZone: map[string]int{}, ByRevision: map[string]int{}}
	for _, z := range c.zones {
		n.ByZone[z] = 0
	}
	for i := range ts {
		if keep(&ts[i]) {
			n.ByZone[ts[i].AvailabilityZone]++
			n.ByRevision[revision(ts[i].TaskDefinitionARN)]++
			n.Total++
		}
	}
	return n
}

// running: RUNNING (and wanted, as every listed task is).
func running(t *model.Task) bool { return t.LastStatus == model.TaskStatusRunning }

// placed: launched and wanted, whatever its progress.
func placed(*model.Task) bool { return true }

// revision is the "family:revision" of a task definition ARN.
func revision(tdARN string) string {
	if i := strings.LastIndexByte(tdARN, '/'); i >= 0 {
		return tdARN[i+1:]
	}
	return tdARN
}

var taskIDs = regexp.MustCompile(`\b([0-9a-f]{8})[0-9a-f]{24}\b`)

// shorten abbreviates the 32-digit task IDs in a service event message to
// their first eight digits and lists at most three "(task …)" per message,
// so a timeline stays readable; the rest of the message is unchanged.
func shorten(msg string) string {
	msg = taskIDs.ReplaceAllString(msg, "$1…")
	if n := strings.Count(msg, "(task "); n > 3 {
		i := 0
		for range 3 {
			i += strings.Index(msg[i:], "(task ") + 1
		}
		j := strings.LastIndex(msg, ")")
		k := strings.Index(msg[i:], ")") + i + 1
		msg = msg[:k] + fmt.Sprintf(" … and %d more", n-3) + msg[j+1:]
	}
	return msg
}

// earliest is the earliest of times.
func earliest(t time.Time, ts ...time.Time) time.Time {
	for _, u := range ts {
		if u.Before(t) {
			t = u
		}
	}
	return t
}
