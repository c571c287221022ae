// Package gen provides rapid generators of valid ECS model values, for
// property tests of ecsstate and of your own ECS tools.
//
// Every generated value passes its model Validate method and survives a
// JSON encode/decode round trip unchanged. Identifiers come from counters
// or small drawn integers, so when rapid shrinks a failing case it varies
// only what matters.
//
//	rapid.Check(t, func(t *rapid.T) {
//		c := gen.Cluster(50, 3).Draw(t, "cluster")
//		svc := gen.Service().Draw(t, "service")
//		… // drive your code and check an invariant
//	})
//
// [World] draws a whole coherent cluster: instances with consistent
// attributes, task definitions, services, and tasks already running on
// the instances with their resources accounted for.
//
// On a failure rapid logs every drawn value with %#v; the model types
// print the values behind their pointers there, not addresses.
package gen

import (
	"encoding/json"
	"fmt"
	"time"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
)

// Regions the generators draw from.
var regions = []string{"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"}

// Epoch bounds the generated timestamps: 2015 (the oldest sample in the API reference) to
// 2030, in milliseconds.
var (
	minTime = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	maxTime = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
)

// Account draws the partition, Region and account ARNs are built in.
func Account() *rapid.Generator[model.Account] {
	return rapid.Custom(func(t *rapid.T) model.Account {
		return model.Account{
			Partition: "aws",
			Region:    rapid.SampledFrom(regions).Draw(t, "region"),
			AccountID: fmt.Sprintf("%012d", rapid.IntRange(0, 999_999_999_999).Draw(t, "account")),
		}
	})
}

// Time draws a timestamp between 2015 and 2030 at millisecond precision.
func Time() *rapid.Generator[model.Time] {
	return rapid.Custom(func(t *rapid.T) model.Time {
		return model.At(time.UnixMilli(rapid.Int64Range(minTime, maxTime).Draw(t, "ms")))
	})
}

// hexID formats n as a 32-digit container instance or task ID.
func hexID(n int) string { return fmt.Sprintf("%032x", n) }

// Name draws a valid cluster, service or family name.
func Name() *rapid.Generator[string] {
	return rapid.StringMatching(`[a-z][a-z0-9_-]{0,11}`)
}

func optionalTime(t *rapid.T, label string) model.Time {
	if rapid.Bool().Draw(t, label+"?") {
		return Time().Draw(t, label)
	}
	return model.Time{}
}

// Tags draws between 0 and 5 valid tags with unique keys.
func Tags() *rapid.Generator[[]model.Tag] {
	return rapid.Custom(func(t *rapid.T) []model.Tag {
		n := rapid.IntRange(0, 5).Draw(t, "tags")
		if n == 0 {
			return nil
		}
		tags := make([]model.Tag, n)
		for i := range tags {
			tags[i] = model.Tag{
				Key:   fmt.Sprintf("k%d-%s", i, rapid.StringMatching(`[A-Za-z0-9 +=._:/@-]{0,10}`).Draw(t, "key")),
				Value: rapid.StringMatching(`[A-Za-z0-9 +=._:/@-]{0,20}`).Draw(t, "value"),
			}
		}
		return tags
	})
}

// AgentVersion draws an ECS agent version such as "1.87.0".
func AgentVersion() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		return fmt.Sprintf("1.%d.%d", rapid.IntRange(0, 99).Draw(t, "minor"), rapid.IntRange(0, 9).Draw(t, "patch"))
	})
}

// defaultReservedPorts are the TCP ports the agent reserves on Linux:
// SSH, the Docker daemon, the agent's introspection and task metadata
// endpoints.
var defaultReservedPorts = []int32{22, 2375, 2376, 51678, 51679}

// InstanceSpec fixes what a generated container instance looks like where
// a test needs it fixed; the rest is drawn.
type InstanceSpec struct {
	Account model.Account
	Cluster string
	Index   int    // makes the ID: instance Index has ID %032x of Index+1
	AZ      string // value of ecs.availability-zone
	// Placeable forces an ACTIVE instance with its agent connected and no
	// tasks, as placement tests want.
	Placeable bool
}

// ContainerInstanceFor draws a valid container instance that matches spec,
// of an x86_64 instance type (so agent updates apply to it); [World] draws
// Graviton (arm64) instances as well.
func ContainerInstanceFor(spec InstanceSpec) *rapid.Generator[model.ContainerInstance] {
	return rapid.Custom(func(t *rapid.T) model.ContainerInstance {
		cpu := int64(1024 * rapid.SampledFrom([]int{1, 2, 4, 8}).Draw(t, "vcpus"))
		mem := int64(rapid.IntRange(1, 64).Draw(t, "gib"))*1024 - 256
		// x86_64 types only, so that agent updates (not supported on
		// arm64) stay possible; World draws Graviton instances too. The
		// architecture attribute follows the type, as the agent reports it.
		itype := rapid.SampledFrom([]string{"t3.medium", "m5.large", "m6i.xlarge", "r5.2xlarge"}).Draw(t, "instanceType")
		ci := model.ContainerInstance{
			ContainerInstanceARN: spec.Account.ContainerInstanceARN(spec.Cluster, hexID(spec.Index+1)),
			EC2InstanceID:        fmt.Sprintf("i-%017x", spec.Index+1),
			Version:              rapid.Int64Range(1, 1_000_000).Draw(t, "version"),
			VersionInfo: &model.VersionInfo{
				AgentVersion:  AgentVersion().Draw(t, "agentVersion"),
				AgentHash:     rapid.StringMatching(`[0-9a-f]{8}`).Draw(t, "agentHash"),
				DockerVersion: "DockerVersion: 25.0.8",
			},
			Status:         model.ContainerInstanceStatusActive,
			AgentConnected: true,
			Attributes: []model.Attribute{
				{Name: model.AttributeAvailabilityZone, Value: spec.AZ},
				{Name: model.AttributeOSType, Value: "linux"},
				{Name: model.AttributeOSFamily, Value: "LINUX"},
				{Name: model.AttributeCPUArchitecture, Value: Architecture(itype)},
				{Name: "ecs.instance-type", Value: itype},
				{Name: "ecs.capability.execution-role-awslogs"},
			},
			RegisteredResources: []model.Resource{
				model.IntegerResource(model.ResourceCPU, cpu),
				model.IntegerResource(model.ResourceMemory, mem),
				model.PortsResource(model.ResourcePorts, defaultReservedPorts),
				model.PortsResource(model.ResourcePortsUDP, nil),
			},
			RegisteredAt: Time().Draw(t, "registeredAt"),
			Tags:         Tags().Draw(t, "tags"),
		}
		ci.RemainingResources = []model.Resource{
			model.IntegerResource(model.ResourceCPU, cpu),
			model.IntegerResource(model.ResourceMemory, mem),
			model.PortsResource(model.ResourcePorts, defaultReservedPorts),
			model.PortsResource(model.ResourcePortsUDP, nil),
		}
		if spec.Placeable {
			return ci
		}
		ci.Status = rapid.SampledFrom(model.ContainerInstanceStatus("").Values()).Draw(t, "status")
		ci.AgentConnected = rapid.Bool().Draw(t, "agentConnected")
		ci.AgentUpdateStatus = rapid.SampledFrom(append([]model.AgentUpdateStatus{""}, model.AgentUpdateStatus("").Values()...)).Draw(t, "agentUpdateStatus")
		if ci.Status == model.ContainerInstanceStatusActive || ci.Status == model.ContainerInstanceStatusDraining {
			used := rapid.Int64Range(0, cpu).Draw(t, "usedCPU")
			usedMem := rapid.Int64Range(0, mem).Draw(t, "usedMemory")
			ci.RemainingResources[0] = model.IntegerResource(model.ResourceCPU, cpu-used)
			ci.RemainingResources[1] = model.IntegerResource(model.ResourceMemory, mem-usedMem)
			ci.RunningTasksCount = int32(rapid.IntRange(0, 20).Draw(t, "running"))
			ci.PendingTasksCount = int32(rapid.IntRange(0, 3).Draw(t, "pending"))
		}
		if rapid.Bool().Draw(t, "health?") {
			st := rapid.SampledFrom(model.InstanceHealthCheckState("").Values()).Draw(t, "health")
			ci.HealthStatus = &model.ContainerInstanceHealthStatus{
				OverallStatus: st,
				Details: []model.InstanceHealthCheckResult{{
					Type: model.InstanceHealthCheckTypeContainerRuntime, Status: st,
					LastUpdated: Time().Draw(t, "lastUpdated"), LastStatusChange: Time().Draw(t, "lastStatusChange"),
				}},
			}
		}
		if Architecture(itype) == "x86_64" && rapid.Bool().Draw(t, "windows?") { // Windows has no arm64 ECS AMI
			ci.Attributes[1].Value = "windows"
			ci.Attributes[2].Value = "WINDOWS_SERVER_2022_FULL"
		}
		return ci
	})
}

// ContainerInstance draws a valid container instance in any status.
func ContainerInstance() *rapid.Generator[model.ContainerInstance] {
	return rapid.Custom(func(t *rapid.T) model.ContainerInstance {
		acct := Account().Draw(t, "account")
		return ContainerInstanceFor(InstanceSpec{
			Account: acct,
			Cluster: Name().Draw(t, "cluster"),
			Index:   rapid.IntRange(0, 1000).Draw(t, "index"),
			AZ:      acct.Region + rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "az"),
		}).Draw(t, "instance")
	})
}

// ClusterState is a cluster and its registered container instances.
type ClusterState struct {
	Account   model.Account
	Cluster   model.Cluster
	Instances []model.ContainerInstance
}

// Zones returns the names of k Availability Zones of a Region:
// REGIONa, REGIONb, ….
func Zones(region string, k int) []string {
	zs := make([]string, k)
	for i := range zs {
		zs[i] = fmt.Sprintf("%s%c", region, 'a'+i%26)
		if i >= 26 {
			zs[i] += fmt.Sprint(i / 26)
		}
	}
	return zs
}

// Cluster draws an ACTIVE cluster of n placeable container instances (ACTIVE,
// agent connected, no tasks) spread round-robin over k Availability Zones,
// so every zone holds n/k or n/k+1 of them. Instance i has ID %032x of i+1,
// so instance ARNs sort in index order.
func Cluster(n, k int) *rapid.Generator[ClusterState] {
	return rapid.Custom(func(t *rapid.T) ClusterState {
		acct := Account().Draw(t, "account")
		name := Name().Draw(t, "clusterName")
		zones := Zones(acct.Region, max(k, 1))
		cs := ClusterState{
			Account: acct,
			Cluster: model.Cluster{
				ClusterARN: acct.ClusterARN(name), ClusterName: name,
				Status:                            model.ClusterStatusActive,
				RegisteredContainerInstancesCount: int32(n),
				CapacityProviders:                 []string{"FARGATE", "FARGATE_SPOT"},
			},
			Instances: make([]model.ContainerInstance, n),
		}
		for i := range cs.Instances {
			cs.Instances[i] = ContainerInstanceFor(InstanceSpec{
				Account: acct, Cluster: name, Index: i, AZ: zones[i%len(zones)], Placeable: true,
			}).Draw(t, fmt.Sprintf("instance%d", i))
		}
		return cs
	})
}

// TaskDefinition draws a valid ACTIVE task definition with one to three
// containers.
func TaskDefinition() *rapid.Generator[model.TaskDefinition] {
	return rapid.Custom(func(t *rapid.T) model.TaskDefinition {
		acct := Account().Draw(t, "account")
		family := Name().Draw(t, "family")
		rev := int32(rapid.IntRange(1, 50).Draw(t, "revision"))
		mode := rapid.SampledFrom([]model.NetworkMode{model.NetworkModeBridge, model.NetworkModeHost, model.NetworkModeAwsvpc}).Draw(t, "networkMode")
		td := model.TaskDefinition{
			TaskDefinitionARN:       acct.TaskDefinitionARN(family, rev),
			Family:                  family,
			Revision:                rev,
			Status:                  model.TaskDefinitionStatusActive,
			NetworkMode:             mode,
			RequiresCompatibilities: []model.Compatibility{model.CompatibilityEC2},
			Compatibilities:         []model.Compatibility{model.CompatibilityEC2},
			RegisteredAt:            Time().Draw(t, "registeredAt"),
		}
		n := rapid.IntRange(1, 3).Draw(t, "containers")
		port := int32(rapid.IntRange(1024, 9000).Draw(t, "port"))
		for i := range n {
			c := model.ContainerDefinition{
				Name:      fmt.Sprintf("app%d", i),
				Image:     "public.ecr.aws/nginx/nginx:" + rapid.SampledFrom([]string{"latest", "1.27", "stable"}).Draw(t, "tag"),
				CPU:       int32(rapid.SampledFrom([]int{0, 128, 256, 512}).Draw(t, "cpu")),
				Memory:    model.Int32(int32(rapid.SampledFrom([]int{128, 256, 512, 1024}).Draw(t, "memory"))),
				Essential: model.Bool(i == 0 || rapid.Bool().Draw(t, "essential")),
			}
			if rapid.Bool().Draw(t, "ports?") {
				pm := model.PortMapping{ContainerPort: model.Int32(port + int32(i)), Protocol: model.TransportProtocolTCP}
				if mode != model.NetworkModeBridge || rapid.Bool().Draw(t, "static?") {
					pm.HostPort = model.Int32(port + int32(i))
				} else {
					pm.HostPort = model.Int32(0)
				}
				c.PortMappings = []model.PortMapping{pm}
			}
			if rapid.Bool().Draw(t, "healthCheck?") {
				c.HealthCheck = &model.HealthCheck{
					Command:  []string{"CMD-SHELL", "curl -f http://localhost/ || exit 1"},
					Interval: model.Int32(30), Timeout: model.Int32(5), Retries: model.Int32(3),
				}
			}
			td.ContainerDefinitions = append(td.ContainerDefinitions, c)
		}
		return td
	})
}

// Task draws a valid task in any status.
func Task() *rapid.Generator[model.Task] {
	return rapid.Custom(func(t *rapid.T) model.Task {
		acct := Account().Draw(t, "account")
		cluster := Name().Draw(t, "cluster")
		svc := Name().Draw(t, "service")
		status := rapid.SampledFrom(model.TaskStatus("").Values()).Draw(t, "lastStatus")
		task := model.Task{
			TaskARN:              acct.TaskARN(cluster, hexID(rapid.IntRange(1, 1<<20).Draw(t, "task"))),
			ClusterARN:           acct.ClusterARN(cluster),
			TaskDefinitionARN:    acct.TaskDefinitionARN(svc, int32(rapid.IntRange(1, 20).Draw(t, "revision"))),
			ContainerInstanceARN: acct.ContainerInstanceARN(cluster, hexID(rapid.IntRange(1, 5000).Draw(t, "instance"))),
			Group:                "service:" + svc,
			StartedBy:            "ecs-svc/" + fmt.Sprint(rapid.Int64Range(1e18, 9e18).Draw(t, "deployment")),
			LastStatus:           status,
			DesiredStatus:        model.DesiredStatusRunning,
			AvailabilityZone:     acct.Region + rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "az"),
			LaunchType:           model.LaunchTypeEC2,
			CPU:                  fmt.Sprint(rapid.SampledFrom([]int{256, 512, 1024}).Draw(t, "cpu")),
			Memory:               fmt.Sprint(rapid.SampledFrom([]int{512, 1024, 2048}).Draw(t, "memory")),
			Version:              rapid.Int64Range(1, 100).Draw(t, "version"),
			CreatedAt:            Time().Draw(t, "createdAt"),
			HealthStatus:         rapid.SampledFrom(model.HealthStatus("").Values()).Draw(t, "health"),
			Containers: []model.Container{{
				Name: "app0", LastStatus: string(status),
				NetworkBindings: []model.NetworkBinding{{BindIP: "0.0.0.0", ContainerPort: model.Int32(80), HostPort: model.Int32(int32(rapid.IntRange(32768, 60999).Draw(t, "hostPort"))), Protocol: model.TransportProtocolTCP}},
			}},
		}
		if status == model.TaskStatusRunning || task.Version > 50 {
			task.StartedAt = optionalTime(t, "startedAt")
		}
		if rank := slicesIndex(model.TaskStatus("").Values(), status); rank >= slicesIndex(model.TaskStatus("").Values(), model.TaskStatusDeactivating) {
			task.DesiredStatus = model.DesiredStatusStopped
			task.StoppingAt = Time().Draw(t, "stoppingAt")
			task.StopCode = rapid.SampledFrom(model.TaskStopCode("").Values()).Draw(t, "stopCode")
			task.StoppedReason = "Scaling activity initiated by (deployment " + task.StartedBy + ")"
		}
		return task
	})
}

func slicesIndex[E comparable](s []E, v E) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// Deployment draws a valid deployment with the given status.
func Deployment(status model.DeploymentStatus) *rapid.Generator[model.Deployment] {
	return rapid.Custom(func(t *rapid.T) model.Deployment {
		acct := Account().Draw(t, "account")
		d := model.Deployment{
			ID:             fmt.Sprintf("ecs-svc/%d", rapid.Int64Range(1e18, 9e18).Draw(t, "id")),
			Status:         status,
			TaskDefinition: acct.TaskDefinitionARN(Name().Draw(t, "family"), int32(rapid.IntRange(1, 50).Draw(t, "revision"))),
			DesiredCount:   int32(rapid.IntRange(0, 5000).Draw(t, "desired")),
			PendingCount:   int32(rapid.IntRange(0, 100).Draw(t, "pending")),
			RunningCount:   int32(rapid.IntRange(0, 5000).Draw(t, "running")),
			FailedTasks:    int32(rapid.IntRange(0, 10).Draw(t, "failed")),
			CreatedAt:      Time().Draw(t, "createdAt"),
			UpdatedAt:      Time().Draw(t, "updatedAt"),
			LaunchType:     model.LaunchTypeEC2,
			RolloutState:   rapid.SampledFrom(model.DeploymentRolloutState("").Values()).Draw(t, "rolloutState"),
		}
		// The reason ECS gives for each rollout state: a FAILED deployment
		// never says "completed".
		// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
		switch d.RolloutState {
		case model.DeploymentRolloutStateCompleted:
			d.RolloutStateReason = "ECS deployment " + d.ID + " completed."
		case model.DeploymentRolloutStateFailed:
			d.RolloutStateReason = "ECS deployment circuit breaker: tasks failed to start."
		case model.DeploymentRolloutStateInProgress:
			d.RolloutStateReason = "ECS deployment " + d.ID + " in progress."
		}
		return d
	})
}

// DeploymentConfiguration draws a deployment configuration with the
// percentages ECS accepts for a REPLICA service: minimum 0 to 100, maximum
// 100 to 200, and an optional circuit breaker.
func DeploymentConfiguration() *rapid.Generator[model.DeploymentConfiguration] {
	return rapid.Custom(func(t *rapid.T) model.DeploymentConfiguration {
		dc := model.DeploymentConfiguration{
			MinimumHealthyPercent: model.Int32(int32(rapid.IntRange(0, 100).Draw(t, "min"))),
			MaximumPercent:        model.Int32(int32(rapid.IntRange(100, 200).Draw(t, "max"))),
		}
		if rapid.Bool().Draw(t, "breaker?") {
			dc.DeploymentCircuitBreaker = &model.DeploymentCircuitBreaker{
				Enable: true, Rollback: rapid.Bool().Draw(t, "rollback"),
			}
			if rapid.Bool().Draw(t, "threshold?") {
				typ := rapid.SampledFrom(model.ThresholdType("").Values()).Draw(t, "thresholdType")
				dc.DeploymentCircuitBreaker.ThresholdConfiguration = &model.ThresholdConfiguration{
					Type: typ, Value: int32(rapid.IntRange(1, 100).Draw(t, "thresholdValue")),
				}
				dc.DeploymentCircuitBreaker.ResetOnHealthyTask = model.Bool(rapid.Bool().Draw(t, "reset"))
			}
		}
		return dc
	})
}

// PlacementConstraints draws up to max valid placement constraints; nil
// and an empty list are both possible.
func PlacementConstraints(maxN int) *rapid.Generator[[]model.PlacementConstraint] {
	return rapid.Custom(func(t *rapid.T) []model.PlacementConstraint {
		if rapid.Bool().Draw(t, "constraints absent") {
			return nil
		}
		n := rapid.IntRange(0, maxN).Draw(t, "constraints")
		cs := make([]model.PlacementConstraint, n)
		for i := range cs {
			if rapid.Bool().Draw(t, "distinct") {
				cs[i] = model.PlacementConstraint{Type: model.PlacementConstraintTypeDistinctInstance}
			} else {
				cs[i] = model.PlacementConstraint{Type: model.PlacementConstraintTypeMemberOf,
					Expression: rapid.SampledFrom([]string{
						"attribute:ecs.instance-type =~ t3.*",
						"attribute:ecs.availability-zone in [us-east-1a, us-east-1b]",
						"agentConnected == true",
					}).Draw(t, "expression")}
			}
		}
		return cs
	})
}

// PlacementStrategy draws up to max valid placement strategy rules; nil
// and an empty list are both possible.
func PlacementStrategy(maxN int) *rapid.Generator[[]model.PlacementStrategy] {
	return rapid.Custom(func(t *rapid.T) []model.PlacementStrategy {
		if rapid.Bool().Draw(t, "strategy absent") {
			return nil
		}
		all := []model.PlacementStrategy{
			{Type: model.PlacementStrategyTypeSpread, Field: "attribute:ecs.availability-zone"},
			{Type: model.PlacementStrategyTypeSpread, Field: "instanceId"},
			{Type: model.PlacementStrategyTypeBinpack, Field: "memory"},
			{Type: model.PlacementStrategyTypeBinpack, Field: "cpu"},
			{Type: model.PlacementStrategyTypeRandom},
		}
		n := rapid.IntRange(0, maxN).Draw(t, "rules")
		ss := make([]model.PlacementStrategy, n)
		for i := range ss {
			ss[i] = rapid.SampledFrom(all).Draw(t, "rule")
		}
		return ss
	})
}

// Service draws a valid ACTIVE REPLICA service under the ECS controller
// with one PRIMARY deployment and up to two ACTIVE ones.
func Service() *rapid.Generator[model.Service] {
	return rapid.Custom(func(t *rapid.T) model.Service {
		acct := Account().Draw(t, "account")
		cluster := Name().Draw(t, "cluster")
		name := Name().Draw(t, "name")
		dc := DeploymentConfiguration().Draw(t, "deploymentConfiguration")
		primary := Deployment(model.DeploymentStatusPrimary).Draw(t, "primary")
		s := model.Service{
			ServiceARN:                  acct.ServiceARN(cluster, name),
			ServiceName:                 name,
			ClusterARN:                  acct.ClusterARN(cluster),
			Status:                      model.ServiceStatusActive,
			DesiredCount:                primary.DesiredCount,
			LaunchType:                  model.LaunchTypeEC2,
			TaskDefinition:              primary.TaskDefinition,
			DeploymentConfiguration:     &dc,
			Deployments:                 []model.Deployment{primary},
			Events:                      []model.ServiceEvent{},
			LoadBalancers:               []model.LoadBalancer{},
			CreatedAt:                   Time().Draw(t, "createdAt"),
			PlacementConstraints:        PlacementConstraints(model.MaxPlacementConstraints).Draw(t, "placementConstraints"),
			PlacementStrategy:           PlacementStrategy(model.MaxPlacementStrategies).Draw(t, "placementStrategy"),
			SchedulingStrategy:          model.SchedulingStrategyReplica,
			DeploymentController:        &model.DeploymentController{Type: model.DeploymentControllerTypeECS},
			PropagateTags:               model.PropagateTagsNone,
			AvailabilityZoneRebalancing: rapid.SampledFrom(model.AvailabilityZoneRebalancing("").Values()).Draw(t, "azRebalancing"),
			Tags:                        Tags().Draw(t, "tags"),
		}
		for i := range rapid.IntRange(0, 2).Draw(t, "active") {
			d := Deployment(model.DeploymentStatusActive).Draw(t, fmt.Sprintf("active%d", i))
			s.Deployments = append(s.Deployments, d)
		}
		for _, d := range s.Deployments {
			s.RunningCount += d.RunningCount
			s.PendingCount += d.PendingCount
		}
		if rapid.Bool().Draw(t, "grace?") {
			s.HealthCheckGracePeriodSeconds = model.Int32(int32(rapid.IntRange(0, 3600).Draw(t, "grace")))
		}
		for i := range rapid.IntRange(0, 3).Draw(t, "events") {
			s.Events = append(s.Events, model.ServiceEvent{
				ID: fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i), CreatedAt: Time().Draw(t, "eventAt"),
				Message: "(service " + name + ") has reached a steady state.",
			})
		}
		return s
	})
}

// UpdateServiceRequest draws a valid UpdateService request. Each optional
// member is independently absent, zero or empty where that is meaningful,
// or set, so the generator covers the distinctions the wire format keeps.
func UpdateServiceRequest() *rapid.Generator[model.UpdateServiceRequest] {
	return rapid.Custom(func(t *rapid.T) model.UpdateServiceRequest {
		r := model.UpdateServiceRequest{Service: Name().Draw(t, "service")}
		if rapid.Bool().Draw(t, "cluster?") {
			r.Cluster = Name().Draw(t, "cluster")
		}
		if rapid.Bool().Draw(t, "desiredCount?") {
			r.DesiredCount = model.Int32(int32(rapid.IntRange(0, 5000).Draw(t, "desiredCount")))
		}
		if rapid.Bool().Draw(t, "taskDefinition?") {
			r.TaskDefinition = Name().Draw(t, "family")
			if rapid.Bool().Draw(t, "revision?") {
				r.TaskDefinition += fmt.Sprintf(":%d", rapid.IntRange(1, 50).Draw(t, "revision"))
			}
		}
		if rapid.Bool().Draw(t, "deploymentConfiguration?") {
			dc := DeploymentConfiguration().Draw(t, "deploymentConfiguration")
			r.DeploymentConfiguration = &dc
		}
		r.PlacementConstraints = PlacementConstraints(model.MaxPlacementConstraints).Draw(t, "placementConstraints")
		r.PlacementStrategy = PlacementStrategy(model.MaxPlacementStrategies).Draw(t, "placementStrategy")
		if rapid.Bool().Draw(t, "forceNewDeployment?") {
			r.ForceNewDeployment = model.Bool(rapid.Bool().Draw(t, "forceNewDeployment"))
		}
		if rapid.Bool().Draw(t, "grace?") {
			r.HealthCheckGracePeriodSeconds = model.Int32(rapid.Int32Min(0).Draw(t, "grace"))
		}
		if rapid.Bool().Draw(t, "capacityProviderStrategy?") {
			r.CapacityProviderStrategy = []model.CapacityProviderStrategyItem{}
			if rapid.Bool().Draw(t, "providers?") {
				r.CapacityProviderStrategy = append(r.CapacityProviderStrategy,
					model.CapacityProviderStrategyItem{CapacityProvider: "FARGATE", Base: int32(rapid.IntRange(0, 10).Draw(t, "base")), Weight: int32(rapid.IntRange(1, 1000).Draw(t, "weight"))},
					model.CapacityProviderStrategyItem{CapacityProvider: "FARGATE_SPOT", Weight: int32(rapid.IntRange(0, 1000).Draw(t, "spotWeight"))})
			}
		}
		if rapid.Bool().Draw(t, "network?") {
			r.NetworkConfiguration = &model.NetworkConfiguration{AWSVPCConfiguration: &model.AwsVpcConfiguration{
				Subnets:        []string{"subnet-" + rapid.StringMatching(`[0-9a-f]{8}`).Draw(t, "subnet")},
				SecurityGroups: []string{"sg-" + rapid.StringMatching(`[0-9a-f]{8}`).Draw(t, "sg")},
				AssignPublicIP: rapid.SampledFrom(model.AssignPublicIP("").Values()).Draw(t, "publicIp"),
			}}
		}
		if rapid.Bool().Draw(t, "platformVersion?") {
			r.PlatformVersion = rapid.SampledFrom([]string{"LATEST", "1.4.0"}).Draw(t, "platformVersion")
		}
		if rapid.Bool().Draw(t, "enableExecuteCommand?") {
			r.EnableExecuteCommand = model.Bool(rapid.Bool().Draw(t, "enableExecuteCommand"))
		}
		if rapid.Bool().Draw(t, "serviceConnect?") {
			r.ServiceConnectConfiguration = json.RawMessage(`{"enabled":false}`)
		}
		return r
	})
}
