package sim

import (
	"fmt"
	"time"

	"github.com/ecsstate/ecsstate/model"
)

// TaskDef describes one revision of the service's task definition family.
type TaskDef struct {
	Revision int32 `json:"revision"`
	// CPU units and memory (MiB) of its one container.
	CPU    int32 `json:"cpu"`
	Memory int32 `json:"memory"`
	// FailsToStart: every task of this revision stops before it runs.
	FailsToStart bool `json:"failsToStart,omitempty"`
}

// Spec describes a cluster and its service, before any task runs.
type Spec struct {
	Account model.Account
	Cluster string
	Zones   []string
	// Instances are spread over Zones round-robin; each registers
	// InstanceCPU units and InstanceMemory MiB, agent AgentVersion.
	Instances      int
	InstanceCPU    int64
	InstanceMemory int64
	AgentVersion   string
	Service        string
	// TaskDefs are the revisions of the family named like the service;
	// the service starts on the first.
	TaskDefs []TaskDef
	// Deployment is the service's deployment configuration.
	Deployment *model.DeploymentConfiguration
	// Placement is the service's placement strategy (nil: ECS's default,
	// AZ-balanced spread).
	Placement []model.PlacementStrategy
}

// Build returns the world of spec at now: instances ACTIVE, the service at
// desired 0 with one COMPLETED PRIMARY deployment on the first revision.
func Build(spec Spec, now time.Time, seed uint64) (*World, error) {
	if len(spec.Zones) == 0 || spec.Instances < 1 || len(spec.TaskDefs) == 0 {
		return nil, fmt.Errorf("a world needs zones, at least one instance and a task definition")
	}
	w := New(now, seed)
	a := spec.Account
	w.Cluster = model.Cluster{ClusterARN: a.ClusterARN(spec.Cluster), ClusterName: spec.Cluster, Status: model.ClusterStatusActive}
	w.Instances = make([]model.ContainerInstance, spec.Instances)
	for i := range w.Instances {
		res := []model.Resource{
			model.IntegerResource(model.ResourceCPU, spec.InstanceCPU),
			model.IntegerResource(model.ResourceMemory, spec.InstanceMemory),
			model.PortsResource(model.ResourcePorts, []int32{22, 2375, 2376, 51678, 51679}),
			model.PortsResource(model.ResourcePortsUDP, nil),
		}
		w.Instances[i] = model.ContainerInstance{
			ContainerInstanceARN: a.ContainerInstanceARN(spec.Cluster, fmt.Sprintf("%032x", i+1)),
			EC2InstanceID:        fmt.Sprintf("i-%017x", i+1),
			Status:               model.ContainerInstanceStatusActive, AgentConnected: true,
			VersionInfo: &model.VersionInfo{AgentVersion: spec.AgentVersion, AgentHash: "4023248", DockerVersion: "DockerVersion: 25.0.8"},
			Attributes: []model.Attribute{
				{Name: model.AttributeAvailabilityZone, Value: spec.Zones[i%len(spec.Zones)]},
				{Name: "ecs.os-type", Value: "linux"},
				{Name: "ecs.cpu-architecture", Value: "x86_64"},
			},
			RegisteredResources: res, RemainingResources: res, Version: 1,
		}
	}
	w.Behaviour.FailsToStart = map[string]bool{}
	for _, td := range spec.TaskDefs {
		arn := a.TaskDefinitionARN(spec.Service, td.Revision)
		w.TaskDefs = append(w.TaskDefs, model.TaskDefinition{
			TaskDefinitionARN: arn, Family: spec.Service, Revision: td.Revision,
			Status: model.TaskDefinitionStatusActive, NetworkMode: model.NetworkModeBridge,
			ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: fmt.Sprintf("public.ecr.aws/nginx/nginx:r%d", td.Revision),
				CPU: td.CPU, Memory: model.Int32(td.Memory), Essential: model.Bool(true)}},
		})
		if td.FailsToStart {
			w.Behaviour.FailsToStart[arn] = true
		}
	}
	first := w.TaskDefs[0].TaskDefinitionARN
	w.Service = model.Service{
		ServiceARN: a.ServiceARN(spec.Cluster, spec.Service), ServiceName: spec.Service, ClusterARN: w.Cluster.ClusterARN,
		Status: model.ServiceStatusActive, LaunchType: model.LaunchTypeEC2, TaskDefinition: first,
		DeploymentConfiguration: spec.Deployment, PlacementStrategy: spec.Placement,
		Deployments: []model.Deployment{{ID: "ecs-svc/9223370000000000001", Status: model.DeploymentStatusPrimary, TaskDefinition: first,
			LaunchType: model.LaunchTypeEC2, RolloutState: model.DeploymentRolloutStateCompleted,
			CreatedAt: model.At(now.Add(-time.Hour)), UpdatedAt: model.At(now.Add(-time.Hour))}},
		SchedulingStrategy:   model.SchedulingStrategyReplica,
		DeploymentController: &model.DeploymentController{Type: model.DeploymentControllerTypeECS},
		CreatedAt:            model.At(now.Add(-time.Hour)),
	}
	w.reindex()
	return w, nil
}

// Populate puts n RUNNING, healthy tasks of the PRIMARY deployment on the
// instances, one per instance in turn (so spread evenly over the zones),
// and sets the desired count to n: the steady state a deployment starts
// from, built directly instead of simulated.
func (w *World) Populate(n int) error {
	p := &w.Service.Deployments[0]
	res := w.taskResources(p.TaskDefinition)
	cluster := w.Cluster.ClusterName
	a, err := model.ParseARN(w.Service.ServiceARN)
	if err != nil {
		return err
	}
	acct := model.Account{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID}
	started := model.At(w.Now.Add(-30 * time.Minute))
	for i := range n {
		k := i % len(w.Instances)
		ci, err := model.ReserveTask(w.Instances[k], res, true)
		if err != nil {
			return err
		}
		w.Instances[k] = ci
		w.Tasks = append(w.Tasks, model.Task{
			TaskARN: acct.TaskARN(cluster, fmt.Sprintf("%032x", 1<<40+i)), ClusterARN: w.Cluster.ClusterARN,
			TaskDefinitionARN: p.TaskDefinition, ContainerInstanceARN: ci.ContainerInstanceARN, AvailabilityZone: ci.AvailabilityZone(),
			LastStatus: model.TaskStatusRunning, DesiredStatus: model.DesiredStatusRunning, Group: "service:" + w.Service.ServiceName,
			StartedBy: p.ID, StartedAt: started, CreatedAt: started, LaunchType: model.LaunchTypeEC2, Version: 2,
		})
	}
	w.Service.DesiredCount, w.Service.RunningCount = int32(n), int32(n)
	p.DesiredCount, p.RunningCount = int32(n), int32(n)
	w.reindex()
	return nil
}
