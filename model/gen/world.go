package gen

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
)

// WorldSpec bounds a generated [WorldState]. Zero members take the
// defaults given with each.
type WorldSpec struct {
	// MaxInstances is the most container instances (default 8); a world
	// has at least one.
	MaxInstances int
	// Zones is the most Availability Zones the instances spread over
	// (default 3).
	Zones int
	// MaxServices is the most services, each on its own task definition
	// family (default 3); a world has at least one.
	MaxServices int
	// MaxTasksPerService is the most tasks a service runs (default 6).
	// Fewer are placed when no instance can take the next one.
	MaxTasksPerService int
}

func (s WorldSpec) withDefaults() WorldSpec {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&s.MaxInstances, 8)
	def(&s.Zones, 3)
	def(&s.MaxServices, 3)
	def(&s.MaxTasksPerService, 6)
	return s
}

// WorldState is one ECS cluster as plain model values, coherent the way a
// real cluster is:
//
//   - every instance's remaining CPU, memory and ports are its registered
//     ones less what its tasks reserve ([model.ResourcesOf] of their task
//     definitions), and its runningTasksCount counts them;
//   - every instance's ecs.cpu-architecture matches its ecs.instance-type
//     (arm64 for Graviton types such as m7g.large, x86_64 otherwise; see
//     [Architecture]);
//   - every task runs (RUNNING, desired RUNNING) on an ACTIVE or DRAINING
//     instance of the cluster that has the attributes its task definition
//     requires and satisfies the task definition's and the service's
//     placement constraints (distinctInstance included), with its static
//     host ports free;
//   - every service runs one of the task definitions, in the cluster,
//     with one PRIMARY COMPLETED deployment whose counts are its tasks'.
//
// It is what the stateless packages take (placement.Place,
// service.Reconcile take instances, tasks and task definitions). To drive
// a whole cluster from it, put its values in an
// [github.com/ecsstate/ecsstate.Snapshot] (each task definition wrapped
// in a [model.DescribeTaskDefinitionResponse]) and call
// [github.com/ecsstate/ecsstate.Load]: the world starts with these tasks
// already running, without a warning.
type WorldState struct {
	Account   model.Account
	Cluster   model.Cluster
	Instances []model.ContainerInstance
	// TaskDefinitions are the services' task definitions, one family each,
	// ACTIVE.
	TaskDefinitions []model.TaskDefinition
	Services        []model.Service
	Tasks           []model.Task
	// Now is the time of the snapshot: every timestamp is at or before it.
	Now time.Time
}

// TaskDefinition returns the task definition with the given ARN, or nil.
func (w *WorldState) TaskDefinition(arn string) *model.TaskDefinition {
	for i := range w.TaskDefinitions {
		if w.TaskDefinitions[i].TaskDefinitionARN == arn {
			return &w.TaskDefinitions[i]
		}
	}
	return nil
}

// instanceType is an EC2 instance type: its vCPUs, memory and processor.
type instanceType struct {
	name      string
	vcpus     int
	gib       int
	graviton  bool
	ecsMemory int64 // what the agent registers, MiB: a little less than the instance has
}

// instanceTypes are a few current types of each kind; memory is what the
// ECS agent registers after the operating system's share.
// https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html
var instanceTypes = []instanceType{
	{"t3.medium", 2, 4, false, 3904},
	{"m5.large", 2, 8, false, 7680},
	{"m6i.xlarge", 4, 16, false, 15620},
	{"c5.2xlarge", 8, 16, false, 15235},
	{"m7g.large", 2, 8, true, 7680},
	{"c6g.xlarge", 4, 8, true, 7620},
	{"r7g.2xlarge", 8, 64, true, 63250},
	{"t4g.medium", 2, 4, true, 3904},
}

// graviton matches the instance type names of AWS Graviton (arm64)
// processors: a family whose generation number is followed by "g" (m7g,
// c6gn, r7gd, t4g, x2gd, g5g), and the first generation a1.
// https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html
var graviton = regexp.MustCompile(`^([a-z]+[0-9]+g[a-z0-9-]*|a1)\.`)

// Architecture is the ecs.cpu-architecture value the ECS agent reports on
// an EC2 instance of the given type: "arm64" for AWS Graviton types (the
// processor family "g" after the generation, as in m7g.large or c6gn.xlarge,
// and a1), "x86_64" for every other type.
func Architecture(instanceType string) string {
	if graviton.MatchString(instanceType) {
		return "arm64"
	}
	return "x86_64"
}

// capabilities are attributes the agent reports when the instance can do
// something; task definitions require some of them.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-definition-template.html
var capabilities = []string{
	"com.amazonaws.ecs.capability.docker-remote-api.1.44",
	"com.amazonaws.ecs.capability.logging-driver.awslogs",
	"ecs.capability.execution-role-awslogs",
	"ecs.capability.container-health-check",
}

// condition is a memberOf expression the generator can also evaluate:
// attribute:NAME op values.
type condition struct {
	attr string
	op   string // "==", "!=", "in", "=~" (a prefix followed by .*)
	vals []string
}

func (c condition) expression() string {
	switch c.op {
	case "in":
		return fmt.Sprintf("attribute:%s in [%s]", c.attr, strings.Join(c.vals, ", "))
	case "=~":
		return fmt.Sprintf("attribute:%s =~ %s.*", c.attr, c.vals[0])
	}
	return fmt.Sprintf("attribute:%s %s %s", c.attr, c.op, c.vals[0])
}

func (c condition) holds(ci *model.ContainerInstance) bool {
	v, ok := ci.Attribute(c.attr)
	switch c.op {
	case "==":
		return ok && v == c.vals[0]
	case "!=":
		return !ok || v != c.vals[0]
	case "in":
		return ok && slices.Contains(c.vals, v)
	case "=~":
		return ok && strings.HasPrefix(v, c.vals[0])
	}
	return false
}

// drawCondition draws a memberOf condition over the attributes generated
// instances have.
func drawCondition(t *rapid.T, zones []string, label string) condition {
	switch rapid.IntRange(0, 3).Draw(t, label+"Kind") {
	case 0:
		return condition{attr: model.AttributeCPUArchitecture, op: "==", vals: []string{rapid.SampledFrom([]string{"arm64", "x86_64"}).Draw(t, label+"Arch")}}
	case 1:
		return condition{attr: "stack", op: rapid.SampledFrom([]string{"==", "!="}).Draw(t, label+"Op"), vals: []string{rapid.SampledFrom([]string{"blue", "green"}).Draw(t, label+"Stack")}}
	case 2:
		n := rapid.IntRange(1, len(zones)).Draw(t, label+"Zones")
		return condition{attr: model.AttributeAvailabilityZone, op: "in", vals: zones[:n]}
	}
	return condition{attr: "ecs.instance-type", op: "=~", vals: []string{rapid.SampledFrom([]string{"m", "c", "t", "r"}).Draw(t, label+"Prefix")}}
}

// World draws a coherent cluster with tasks already running: see
// [WorldState] for what holds of every drawn value. Instance i has ID
// %032x of i+1, tasks count from 1<<32 the same way, so ARNs sort in
// creation order and shrinking keeps them stable.
func World(spec WorldSpec) *rapid.Generator[WorldState] {
	spec = spec.withDefaults()
	return rapid.Custom(func(t *rapid.T) WorldState {
		acct := Account().Draw(t, "account")
		name := Name().Draw(t, "clusterName")
		zones := Zones(acct.Region, rapid.IntRange(1, spec.Zones).Draw(t, "zones"))
		now := time.UnixMilli(rapid.Int64Range(minTime+int64(30*24*time.Hour/time.Millisecond), maxTime).Draw(t, "now")).UTC()
		ago := func(label string, most time.Duration) model.Time {
			return model.At(now.Add(-time.Duration(rapid.Int64Range(0, int64(most/time.Second)).Draw(t, label)) * time.Second))
		}
		w := WorldState{Account: acct, Now: now, Cluster: model.Cluster{
			ClusterARN: acct.ClusterARN(name), ClusterName: name, Status: model.ClusterStatusActive,
		}}

		n := rapid.IntRange(1, spec.MaxInstances).Draw(t, "instances")
		for i := range n {
			it := rapid.SampledFrom(instanceTypes).Draw(t, "instanceType")
			cpu := int64(1024 * it.vcpus)
			res := []model.Resource{
				model.IntegerResource(model.ResourceCPU, cpu),
				model.IntegerResource(model.ResourceMemory, it.ecsMemory),
				model.PortsResource(model.ResourcePorts, defaultReservedPorts),
				model.PortsResource(model.ResourcePortsUDP, nil),
			}
			ci := model.ContainerInstance{
				ContainerInstanceARN: acct.ContainerInstanceARN(name, hexID(i+1)),
				EC2InstanceID:        fmt.Sprintf("i-%017x", i+1),
				Version:              1,
				VersionInfo: &model.VersionInfo{AgentVersion: AgentVersion().Draw(t, "agentVersion"),
					AgentHash: rapid.StringMatching(`[0-9a-f]{8}`).Draw(t, "agentHash"), DockerVersion: "DockerVersion: 25.0.8"},
				Status:         model.ContainerInstanceStatusActive,
				AgentConnected: rapid.IntRange(0, 9).Draw(t, "disconnected?") > 0,
				Attributes: []model.Attribute{
					{Name: model.AttributeAvailabilityZone, Value: zones[i%len(zones)]},
					{Name: model.AttributeOSType, Value: "linux"},
					{Name: model.AttributeCPUArchitecture, Value: Architecture(it.name)},
					{Name: "ecs.instance-type", Value: it.name},
					{Name: "ecs.ami-id", Value: "ami-" + rapid.StringMatching(`[0-9a-f]{17}`).Draw(t, "ami")},
					{Name: "stack", Value: rapid.SampledFrom([]string{"blue", "green"}).Draw(t, "stack")},
				},
				RegisteredResources: res, RemainingResources: res,
				RegisteredAt: ago("registeredAgo", 30*24*time.Hour),
			}
			for _, c := range capabilities {
				if rapid.IntRange(0, 4).Draw(t, "capability?") > 0 {
					ci.Attributes = append(ci.Attributes, model.Attribute{Name: c})
				}
			}
			if rapid.IntRange(0, 9).Draw(t, "draining?") == 0 {
				ci.Status = model.ContainerInstanceStatusDraining
			}
			w.Instances = append(w.Instances, ci)
		}

		nextTask := 1 << 32
		for s := range rapid.IntRange(1, spec.MaxServices).Draw(t, "services") {
			family := fmt.Sprintf("svc%d-%s", s, Name().Draw(t, "family"))
			td := model.TaskDefinition{
				Family: family, Status: model.TaskDefinitionStatusActive,
				NetworkMode:             rapid.SampledFrom([]model.NetworkMode{model.NetworkModeBridge, model.NetworkModeHost}).Draw(t, "networkMode"),
				RequiresCompatibilities: []model.Compatibility{model.CompatibilityEC2},
				Compatibilities:         []model.Compatibility{model.CompatibilityEC2},
				RegisteredAt:            ago("tdAgo", 30*24*time.Hour),
			}
			td.Revision = int32(rapid.IntRange(1, 20).Draw(t, "rev"))
			td.TaskDefinitionARN = acct.TaskDefinitionARN(family, td.Revision)
			for i := range rapid.IntRange(1, 2).Draw(t, "containers") {
				c := model.ContainerDefinition{
					Name: fmt.Sprintf("app%d", i), Image: "public.ecr.aws/nginx/nginx:stable",
					CPU:       int32(rapid.SampledFrom([]int{0, 128, 256, 512, 1024}).Draw(t, "cpu")),
					Memory:    model.Int32(int32(rapid.SampledFrom([]int{128, 256, 512, 1024, 2048}).Draw(t, "memory"))),
					Essential: model.Bool(i == 0),
				}
				if rapid.Bool().Draw(t, "port?") {
					port := int32(rapid.SampledFrom([]int{80, 443, 8080}).Draw(t, "port")) + int32(i)
					pm := model.PortMapping{ContainerPort: model.Int32(port), Protocol: model.TransportProtocolTCP}
					switch {
					case td.NetworkMode == model.NetworkModeHost:
						pm.HostPort = model.Int32(port)
					case rapid.Bool().Draw(t, "static?"):
						pm.HostPort = model.Int32(port)
					default:
						pm.HostPort = model.Int32(0) // dynamic
					}
					c.PortMappings = []model.PortMapping{pm}
				}
				td.ContainerDefinitions = append(td.ContainerDefinitions, c)
			}
			for _, c := range capabilities {
				if rapid.IntRange(0, 3).Draw(t, "requires?") == 0 {
					td.RequiresAttributes = append(td.RequiresAttributes, model.Attribute{Name: c})
				}
			}
			var conds []condition
			if rapid.IntRange(0, 2).Draw(t, "tdConstraint?") == 0 {
				c := drawCondition(t, zones, "td")
				conds = append(conds, c)
				td.PlacementConstraints = []model.TaskDefinitionPlacementConstraint{{Type: model.TaskDefinitionPlacementConstraintTypeMemberOf, Expression: c.expression()}}
			}
			svcName := fmt.Sprintf("svc%d", s)
			svc := model.Service{
				ServiceARN: acct.ServiceARN(name, svcName), ServiceName: svcName, ClusterARN: w.Cluster.ClusterARN,
				Status: model.ServiceStatusActive, LaunchType: model.LaunchTypeEC2, TaskDefinition: td.TaskDefinitionARN,
				PlacementConstraints: []model.PlacementConstraint{},
				PlacementStrategy:    PlacementStrategy(model.MaxPlacementStrategies).Draw(t, "placementStrategy"),
				SchedulingStrategy:   model.SchedulingStrategyReplica, LoadBalancers: []model.LoadBalancer{}, Events: []model.ServiceEvent{},
				DeploymentController: &model.DeploymentController{Type: model.DeploymentControllerTypeECS},
				PropagateTags:        model.PropagateTagsNone, AvailabilityZoneRebalancing: model.AvailabilityZoneRebalancingEnabled,
				CreatedAt: ago("serviceAgo", 7*24*time.Hour),
			}
			if svc.PlacementStrategy == nil {
				svc.PlacementStrategy = []model.PlacementStrategy{}
			}
			dc := DeploymentConfiguration().Draw(t, "deploymentConfiguration")
			svc.DeploymentConfiguration = &dc
			distinct := rapid.IntRange(0, 2).Draw(t, "distinct?") == 0
			if distinct {
				svc.PlacementConstraints = append(svc.PlacementConstraints, model.PlacementConstraint{Type: model.PlacementConstraintTypeDistinctInstance})
			}
			if rapid.IntRange(0, 2).Draw(t, "serviceConstraint?") == 0 {
				c := drawCondition(t, zones, "service")
				conds = append(conds, c)
				svc.PlacementConstraints = append(svc.PlacementConstraints, model.PlacementConstraint{Type: model.PlacementConstraintTypeMemberOf, Expression: c.expression()})
			}
			dep := model.Deployment{
				// ECS draws deployment IDs at random, so two services never
				// share one; adding the service's number keeps them apart
				// when rapid shrinks every draw to its minimum.
				ID:     fmt.Sprintf("ecs-svc/%d", rapid.Int64Range(1e18, 9e18-1000).Draw(t, "deploymentID")+int64(s)),
				Status: model.DeploymentStatusPrimary, TaskDefinition: td.TaskDefinitionARN, LaunchType: model.LaunchTypeEC2,
				RolloutState: model.DeploymentRolloutStateCompleted, CreatedAt: svc.CreatedAt, UpdatedAt: svc.CreatedAt,
			}
			dep.RolloutStateReason = "ECS deployment " + dep.ID + " completed."

			need := model.ResourcesOf(&td)
			group := "service:" + svcName
			count := rapid.IntRange(0, spec.MaxTasksPerService).Draw(t, "tasks")
			for range count {
				var fits []int
				for i := range w.Instances {
					ci := &w.Instances[i]
					if ok, _ := ci.Remaining().Fits(need); !ok || !hasAttributes(ci, td.RequiresAttributes) {
						continue
					}
					if !allHold(conds, ci) || distinct && slices.ContainsFunc(w.Tasks, func(tk model.Task) bool {
						return tk.Group == group && tk.ContainerInstanceARN == ci.ContainerInstanceARN
					}) {
						continue
					}
					fits = append(fits, i)
				}
				if len(fits) == 0 {
					break
				}
				ci := &w.Instances[fits[rapid.IntRange(0, len(fits)-1).Draw(t, "instance")]]
				next, err := model.ReserveTask(*ci, need, true)
				if err != nil {
					panic(fmt.Sprintf("gen: an instance that fits refused the task: %v", err))
				}
				next.Version = ci.Version + 1
				*ci = next
				started := ago("startedAgo", now.Sub(svc.CreatedAt.Time))
				task := model.Task{
					TaskARN: acct.TaskARN(name, hexID(nextTask)), ClusterARN: w.Cluster.ClusterARN,
					TaskDefinitionARN: td.TaskDefinitionARN, ContainerInstanceARN: ci.ContainerInstanceARN,
					AvailabilityZone: ci.AvailabilityZone(), Group: group, StartedBy: dep.ID,
					LastStatus: model.TaskStatusRunning, DesiredStatus: model.DesiredStatusRunning, LaunchType: model.LaunchTypeEC2,
					CPU: fmt.Sprint(need.CPU), Memory: fmt.Sprint(need.Memory), Version: 3,
					CreatedAt: started, StartedAt: started, Connectivity: model.ConnectivityConnected, ConnectivityAt: started,
					HealthStatus: model.HealthStatusUnknown,
				}
				nextTask++
				for _, c := range td.ContainerDefinitions {
					ctr := model.Container{Name: c.Name, Image: c.Image, LastStatus: string(model.TaskStatusRunning), TaskARN: task.TaskARN}
					for _, pm := range c.PortMappings {
						host := *pm.HostPort
						if host == 0 {
							host = int32(rapid.IntRange(32768, 60999).Draw(t, "dynamicPort"))
						}
						ctr.NetworkBindings = append(ctr.NetworkBindings, model.NetworkBinding{BindIP: "0.0.0.0",
							ContainerPort: model.Int32(*pm.ContainerPort), HostPort: model.Int32(host), Protocol: pm.Protocol})
					}
					task.Containers = append(task.Containers, ctr)
				}
				w.Tasks = append(w.Tasks, task)
				dep.RunningCount++
			}
			dep.DesiredCount = dep.RunningCount
			svc.DesiredCount, svc.RunningCount = dep.RunningCount, dep.RunningCount
			svc.Deployments = []model.Deployment{dep}
			w.TaskDefinitions = append(w.TaskDefinitions, td)
			w.Services = append(w.Services, svc)
		}
		w.Cluster.RegisteredContainerInstancesCount = int32(len(w.Instances))
		w.Cluster.RunningTasksCount = int32(len(w.Tasks))
		w.Cluster.ActiveServicesCount = int32(len(w.Services))
		return w
	})
}

// hasAttributes reports whether the instance has every required
// attribute (with its value, when the requirement gives one).
func hasAttributes(ci *model.ContainerInstance, required []model.Attribute) bool {
	for _, a := range required {
		v, ok := ci.Attribute(a.Name)
		if !ok || a.Value != "" && v != a.Value {
			return false
		}
	}
	return true
}

func allHold(conds []condition, ci *model.ContainerInstance) bool {
	for _, c := range conds {
		if !c.holds(ci) {
			return false
		}
	}
	return true
}
