package ecsstate_test

import (
	"fmt"
	"time"

	"github.com/ecsstate/ecsstate"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// A deployment watched by a CloudWatch alarm bakes after steady state;
// the alarm entering ALARM during the bake fails it and rolls back.
func ExampleWorld_SetAlarmState() {
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
	// A 5-minute window (1 minute × 5): the bake lasts 5 minutes.
	must(nil, w.SetAlarmWindow("web-5xx", time.Minute, 5))
	must(nil, w.SetAlarmState("web-5xx", service.AlarmStateOK, time.Time{}))
	must(w.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: "web", TaskDefinition: "web:2",
		DeploymentConfiguration: &model.DeploymentConfiguration{
			Alarms: &model.DeploymentAlarms{AlarmNames: []string{"web-5xx"}, Enable: true, Rollback: true}}}))
	must(nil, w.Advance(4*time.Minute))
	show := func(when string) {
		d, _ := w.DescribeServices(model.DescribeServicesRequest{Cluster: "prod", Services: []string{"web"}})
		s := d.Services[0]
		fmt.Printf("%s: running %d,", when, s.RunningCount)
		for _, dep := range s.Deployments {
			fmt.Printf(" %s %s %s", dep.Status, dep.RolloutState, dep.TaskDefinition[len(dep.TaskDefinition)-5:])
		}
		fmt.Println()
	}
	show("baking")
	must(nil, w.SetAlarmState("web-5xx", service.AlarmStateAlarm, time.Time{}))
	must(nil, w.Advance(15*time.Second))
	show("alarm")
	must(nil, w.Advance(10*time.Minute))
	show("later")
	// Output:
	// baking: running 2, PRIMARY IN_PROGRESS web:2
	// alarm: running 2, PRIMARY IN_PROGRESS web:1 ACTIVE FAILED web:2
	// later: running 2, PRIMARY COMPLETED web:1
}
