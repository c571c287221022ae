package ecsstate_test

import (
	"fmt"
	"time"

	"github.com/ecsstate/ecsstate"
	"github.com/ecsstate/ecsstate/model"
)

// A BLUE_GREEN deployment with a PAUSE hook after test traffic moved to
// green: the deployment waits there, green at full size and blue still
// serving production, until ContinueServiceDeployment; then production
// traffic moves, and after the bake time blue is cleaned up.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
func ExampleWorld_TrafficShift() {
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
	must(w.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: "web", TaskDefinition: "web:2",
		DeploymentConfiguration: &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyBlueGreen, BakeTimeInMinutes: model.Int32(10),
			LifecycleHooks: []model.DeploymentLifecycleHook{{TargetType: model.HookTargetPause,
				LifecycleStages: []model.DeploymentLifecycleHookStage{model.HookStagePostTestTrafficShift}}}}}))
	l, _ := w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: "prod", Service: "web"})
	arn := l.ServiceDeployments[0].ServiceDeploymentARN
	show := func() {
		st, _, _ := w.TrafficShift("prod", "web")
		fmt.Printf("%s %s: blue %d tasks %v%% production, green %d tasks %v%% production %v%% test\n",
			st.Status, st.Stage, st.BlueDesired, st.ProductionBlue, st.GreenDesired, st.ProductionGreen, st.TestGreen)
	}
	must(nil, w.Advance(5*time.Minute))
	show()
	d, _ := w.DescribeServiceDeployments(model.DescribeServiceDeploymentsRequest{ServiceDeploymentARNs: []string{arn}})
	must(w.ContinueServiceDeployment(model.ContinueServiceDeploymentRequest{ServiceDeploymentARN: arn,
		HookID: d.ServiceDeployments[0].LifecycleHookDetails[0].HookID}))
	must(nil, w.Advance(time.Minute))
	show()
	must(nil, w.Advance(10*time.Minute))
	show()
	d, _ = w.DescribeServiceDeployments(model.DescribeServiceDeploymentsRequest{ServiceDeploymentARNs: []string{arn}})
	fmt.Println(d.ServiceDeployments[0].Status)
	// Output:
	// IN_PROGRESS POST_TEST_TRAFFIC_SHIFT: blue 2 tasks 100% production, green 2 tasks 0% production 100% test
	// IN_PROGRESS BAKE_TIME: blue 2 tasks 0% production, green 2 tasks 100% production 100% test
	// SUCCESSFUL CLEAN_UP: blue 0 tasks 0% production, green 2 tasks 100% production 100% test
	// SUCCESSFUL
}
