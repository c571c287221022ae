package ecsstate

import (
	"testing"

	"github.com/ecsstate/ecsstate/deployment"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// Every operation that names a cluster fails with ClusterNotFoundException
// when the cluster does not exist or was deleted (each operation's
// "Errors" section lists it):
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html
// and likewise the API_<Op>.html page of every operation below.
func TestWorldClusterNotFound(t *testing.T) {
	f := newFixture(t, 1)
	ok(f.w.CreateCluster(model.CreateClusterRequest{ClusterName: "gone"}))(t)
	ok(f.w.DeleteCluster(model.DeleteClusterRequest{Cluster: "gone"}))(t)
	inst := f.insts[0]
	id := shortID(inst)
	ops := map[string]func(cluster string) error{
		"DeleteCluster": func(c string) error { _, err := f.w.DeleteCluster(model.DeleteClusterRequest{Cluster: c}); return err },
		"DeregisterContainerInstance": func(c string) error {
			_, err := f.w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: c, ContainerInstance: id})
			return err
		},
		"DescribeContainerInstances": func(c string) error {
			_, err := f.w.DescribeContainerInstances(model.DescribeContainerInstancesRequest{Cluster: c, ContainerInstances: []string{id}})
			return err
		},
		"ListContainerInstances": func(c string) error {
			_, err := f.w.ListContainerInstances(model.ListContainerInstancesRequest{Cluster: c})
			return err
		},
		"UpdateContainerInstancesState": func(c string) error {
			_, err := f.w.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: c, ContainerInstances: []string{id}, Status: model.ContainerInstanceStatusDraining})
			return err
		},
		"PutAttributes": func(c string) error {
			_, err := f.w.PutAttributes(model.PutAttributesRequest{Cluster: c, Attributes: []model.Attribute{{Name: "a", Value: "b", TargetID: id}}})
			return err
		},
		"UpdateContainerAgent": func(c string) error {
			_, err := f.w.UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: c, ContainerInstance: id})
			return err
		},
		"CreateService": func(c string) error {
			_, err := f.w.CreateService(model.CreateServiceRequest{Cluster: c, ServiceName: "s", TaskDefinition: "web", DesiredCount: model.Int32(1)})
			return err
		},
		"UpdateService": func(c string) error {
			_, err := f.w.UpdateService(model.UpdateServiceRequest{Cluster: c, Service: "s", DesiredCount: model.Int32(1)})
			return err
		},
		"DeleteService": func(c string) error {
			_, err := f.w.DeleteService(model.DeleteServiceRequest{Cluster: c, Service: "s"})
			return err
		},
		"DescribeServices": func(c string) error {
			_, err := f.w.DescribeServices(model.DescribeServicesRequest{Cluster: c, Services: []string{"s"}})
			return err
		},
		"ListServices": func(c string) error { _, err := f.w.ListServices(model.ListServicesRequest{Cluster: c}); return err },
		"RunTask": func(c string) error {
			_, err := f.w.RunTask(model.RunTaskRequest{Cluster: c, TaskDefinition: "web"})
			return err
		},
		"StartTask": func(c string) error {
			_, err := f.w.StartTask(model.StartTaskRequest{Cluster: c, TaskDefinition: "web", ContainerInstances: []string{id}})
			return err
		},
		"StopTask": func(c string) error {
			_, err := f.w.StopTask(model.StopTaskRequest{Cluster: c, Task: "0123456789abcdef0123456789abcdef"})
			return err
		},
		"DescribeTasks": func(c string) error {
			_, err := f.w.DescribeTasks(model.DescribeTasksRequest{Cluster: c, Tasks: []string{"0123456789abcdef0123456789abcdef"}})
			return err
		},
		"ListTasks":         func(c string) error { _, err := f.w.ListTasks(model.ListTasksRequest{Cluster: c}); return err },
		"SetAgentConnected": func(c string) error { return f.w.SetAgentConnected(c, id, false) },
		"SetTargetHealth": func(c string) error {
			return f.w.SetTargetHealth(c, "0123456789abcdef0123456789abcdef", deployment.TargetHealthy)
		},
		"RegisterContainerInstance": func(c string) error {
			_, err := f.w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: c,
				TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 1024)}})
			return err
		},
	}
	for name, op := range ops {
		for _, cluster := range []string{"nope", "gone", DefaultAccount.ClusterARN("nope")} {
			t.Run(name+"/"+shortID(cluster), func(t *testing.T) {
				before := f.w.Clone()
				wantCode(t, op(cluster), ecserrors.CodeClusterNotFound)
				if len(f.w.Timeline()) != len(before.Timeline()) {
					t.Errorf("a refused %s changed the timeline", name)
				}
			})
		}
	}
}
