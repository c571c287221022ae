package ecsstate_test

import (
	"fmt"
	"time"

	"github.com/ecsstate/ecsstate"
	"github.com/ecsstate/ecsstate/model"
)

// A service's second deployment is stopped with StopServiceDeployment:
// it rolls back to the revision of the first, and its service deployment
// records the rollback.
func ExampleWorld_StopServiceDeployment() {
	w := ecsstate.New(ecsstate.Options{})
	must := func(_ any, err error) {
		if err != nil {
			panic(err)
		}
	}
	must(w.CreateCluster(model.CreateClusterRequest{ClusterName: "prod"}))
	for range 2 {
		must(w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "prod",
			TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)}}))
	}
	for _, image := range []string{"nginx:1.27", "nginx:1.28"} {
		must(w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "web",
			ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: image, CPU: 256, Memory: model.Int32(512)}}}))
	}
	must(w.CreateService(model.CreateServiceRequest{Cluster: "prod", ServiceName: "web", TaskDefinition: "web:1", DesiredCount: model.Int32(2)}))
	must(nil, w.Advance(3*time.Minute))
	must(w.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: "web", TaskDefinition: "web:2"}))
	must(nil, w.Advance(30*time.Second))

	list := func() []model.ServiceDeployment {
		l, _ := w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: "prod", Service: "web"})
		var arns []string
		for _, b := range l.ServiceDeployments {
			arns = append(arns, b.ServiceDeploymentARN)
		}
		d, _ := w.DescribeServiceDeployments(model.DescribeServiceDeploymentsRequest{ServiceDeploymentARNs: arns})
		return d.ServiceDeployments
	}
	newest := list()[0]
	fmt.Println("before:", newest.Status)
	must(w.StopServiceDeployment(model.StopServiceDeploymentRequest{ServiceDeploymentARN: newest.ServiceDeploymentARN}))
	fmt.Println("stopped:", list()[0].Status)
	must(nil, w.Advance(3*time.Minute))
	for _, sd := range list() {
		r, _ := w.DescribeServiceRevisions(model.DescribeServiceRevisionsRequest{ServiceRevisionARNs: []string{sd.TargetServiceRevision.ARN}})
		fmt.Println(sd.Status, r.ServiceRevisions[0].TaskDefinition[len(r.ServiceRevisions[0].TaskDefinition)-5:])
	}
	// Output:
	// before: IN_PROGRESS
	// stopped: ROLLBACK_IN_PROGRESS
	// ROLLBACK_SUCCESSFUL web:2
	// SUCCESSFUL web:1
}
