package ecsstate_test

import (
	"fmt"
	"time"

	"github.com/ecsstate/ecsstate"
	"github.com/ecsstate/ecsstate/model"
)

// An Auto Scaling group terminates an instance of a capacity provider
// with managed draining (the default): the instance drains first, the
// service's task moves to the other instance, then the instance goes.
func ExampleWorld_TerminateInstance() {
	w := ecsstate.New(ecsstate.Options{})
	must := func(_ any, err error) {
		if err != nil {
			panic(err)
		}
	}
	must(w.CreateCluster(model.CreateClusterRequest{ClusterName: "prod"}))
	must(w.CreateCapacityProvider(model.CreateCapacityProviderRequest{Name: "asg",
		AutoScalingGroupProvider: &model.AutoScalingGroupProvider{AutoScalingGroupARN: "my-asg"}}))
	must(w.PutClusterCapacityProviders(model.PutClusterCapacityProvidersRequest{Cluster: "prod",
		CapacityProviders: []string{"asg"}, DefaultCapacityProviderStrategy: []model.CapacityProviderStrategyItem{}}))
	var insts []string
	for range 2 {
		r, err := w.LaunchInstance("asg", model.RegisterContainerInstanceRequest{Cluster: "prod",
			TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)}})
		must(r, err)
		insts = append(insts, r.ContainerInstance.ContainerInstanceARN)
	}
	must(w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "web",
		ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: "nginx", CPU: 256, Memory: model.Int32(512)}}}))
	must(w.CreateService(model.CreateServiceRequest{Cluster: "prod", ServiceName: "web", TaskDefinition: "web", DesiredCount: model.Int32(2)}))
	must(nil, w.Advance(2*time.Minute))

	must(nil, w.TerminateInstance("prod", insts[0]))
	status := func() model.ContainerInstanceStatus {
		r, _ := w.DescribeContainerInstances(model.DescribeContainerInstancesRequest{Cluster: "prod", ContainerInstances: insts[:1]})
		return r.ContainerInstances[0].Status
	}
	fmt.Println("terminating:", status())
	must(nil, w.Advance(5*time.Minute))
	s, _ := w.DescribeServices(model.DescribeServicesRequest{Cluster: "prod", Services: []string{"web"}})
	fmt.Println("after draining:", status(), "running", s.Services[0].RunningCount)
	// Output:
	// terminating: DRAINING
	// after draining: INACTIVE running 2
}
