package ecsstate_test

import (
	"fmt"
	"log"
	"time"

	"github.com/ecsstate/ecsstate"
	"github.com/ecsstate/ecsstate/model"
)

// A simulation that only reads the world's state, never its timeline,
// sets DiscardTimeline: the world then keeps no records, and everything
// else (tasks, services and their events) is as it would be.
func ExampleOptions_discardTimeline() {
	w := ecsstate.New(ecsstate.Options{Seed: 1, DiscardTimeline: true})
	must := func(_ any, err error) {
		if err != nil {
			log.Fatal(err)
		}
	}
	must(w.CreateCluster(model.CreateClusterRequest{ClusterName: "c"}))
	for _, az := range []string{"us-east-1a", "us-east-1b"} {
		must(w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "c",
			TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)},
			Attributes:     []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: az}}}))
	}
	must(w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "web",
		ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: "nginx", CPU: 256, Memory: model.Int32(512)}}}))
	must(w.CreateService(model.CreateServiceRequest{Cluster: "c", ServiceName: "web", TaskDefinition: "web:1", DesiredCount: model.Int32(4)}))
	if err := w.Advance(5 * time.Minute); err != nil {
		log.Fatal(err)
	}
	d, err := w.DescribeServices(model.DescribeServicesRequest{Cluster: "c", Services: []string{"web"}})
	if err != nil {
		log.Fatal(err)
	}
	s := d.Services[0]
	fmt.Println("timeline records kept:", len(w.Timeline()))
	fmt.Println("running:", s.RunningCount, "of", s.DesiredCount)
	fmt.Println("latest service event:", s.Events[0].Message)
	// Output:
	// timeline records kept: 0
	// running: 4 of 4
	// latest service event: (service web) has reached a steady state.
}
