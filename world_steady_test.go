package ecsstate

import (
	"fmt"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// With room for every task and no faults, any sequence of service
// creations, scalings, task definition changes, instance drains, agent
// disconnections (each agent reconnects in the end) and stopped tasks
// settles: every ACTIVE service reaches its desired count on one
// deployment (the services-stable waiter succeeds), none of its tasks is
// on a DRAINING instance, and nothing is left PENDING.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-draining.html
func TestWorldSettlesWithRoom(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := New(Options{Seed: rapid.Uint64().Draw(t, "seed")})
		if _, err := w.CreateCluster(model.CreateClusterRequest{ClusterName: "c"}); err != nil {
			t.Fatal(err)
		}
		n := rapid.IntRange(3, 6).Draw(t, "instances")
		var insts []string
		for i := range n {
			r, err := w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "c",
				TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 4096), model.IntegerResource(model.ResourceMemory, 8192)},
				Attributes:     []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: fixtureZones[i%3]}}})
			if err != nil {
				t.Fatal(err)
			}
			insts = append(insts, r.ContainerInstance.ContainerInstanceARN)
		}
		for range 3 {
			if _, err := w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "web",
				ContainerDefinitions: []model.ContainerDefinition{{Name: "a", Image: "i", CPU: 128, Memory: model.Int32(128)}}}); err != nil {
				t.Fatal(err)
			}
		}
		// At most 2 services × 8 tasks × 128 units on 3+ instances (one may
		// drain) of 4096: always room, even while a deployment doubles them.
		services := map[string]int32{}
		drained := map[string]bool{}
		disconnected := map[string]bool{}
		for range rapid.IntRange(1, 12).Draw(t, "steps") {
			switch rapid.IntRange(0, 6).Draw(t, "op") {
			case 0:
				name := fmt.Sprintf("s%d", rapid.IntRange(0, 1).Draw(t, "service"))
				if _, ok := services[name]; ok {
					continue
				}
				d := int32(rapid.IntRange(0, 8).Draw(t, "desired"))
				if _, err := w.CreateService(model.CreateServiceRequest{Cluster: "c", ServiceName: name, TaskDefinition: "web:1", DesiredCount: model.Int32(d)}); err != nil {
					t.Fatal(err)
				}
				services[name] = d
			case 1, 2:
				for _, name := range sortedKeys(services) {
					req := model.UpdateServiceRequest{Cluster: "c", Service: name}
					if rapid.Bool().Draw(t, "scale") {
						d := int32(rapid.IntRange(0, 8).Draw(t, "desired"))
						req.DesiredCount, services[name] = &d, d
					}
					if rapid.Bool().Draw(t, "redeploy") {
						req.TaskDefinition = fmt.Sprintf("web:%d", rapid.IntRange(1, 3).Draw(t, "revision"))
					}
					if _, err := w.UpdateService(req); err != nil {
						t.Fatal(err)
					}
					break
				}
			case 3:
				if len(drained) == 0 {
					i := insts[rapid.IntRange(0, len(insts)-1).Draw(t, "drain")]
					if _, err := w.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: "c", ContainerInstances: []string{i}, Status: model.ContainerInstanceStatusDraining}); err != nil {
						t.Fatal(err)
					}
					drained[i] = true
				}
			case 5:
				i := insts[rapid.IntRange(0, len(insts)-1).Draw(t, "disconnect")]
				if err := w.SetAgentConnected("c", i, false); err != nil {
					t.Fatal(err)
				}
				disconnected[i] = true
			case 6:
				l, err := w.ListTasks(model.ListTasksRequest{Cluster: "c"})
				if err != nil {
					t.Fatal(err)
				}
				if len(l.TaskARNs) > 0 {
					task := l.TaskARNs[rapid.IntRange(0, len(l.TaskARNs)-1).Draw(t, "stop")]
					if _, err := w.StopTask(model.StopTaskRequest{Cluster: "c", Task: task}); err != nil {
						t.Fatal(err)
					}
				}
			case 4:
				if err := w.Advance(time.Duration(rapid.IntRange(0, 120).Draw(t, "seconds")) * time.Second); err != nil {
					t.Fatal(err)
				}
			}
		}
		// Every agent comes back.
		for _, i := range sortedKeys(disconnected) {
			if err := w.SetAgentConnected("c", i, true); err != nil {
				t.Fatal(err)
			}
		}
		if len(services) == 0 {
			return
		}
		names := sortedKeys(services)
		stable := func(w *World) bool {
			r, err := w.DescribeServices(model.DescribeServicesRequest{Cluster: "c", Services: names})
			return err == nil && service.StableResponse(&r) == service.WaiterSuccess
		}
		if ok, err := w.RunUntil(stable, 2*time.Hour); !ok || err != nil {
			r, _ := w.DescribeServices(model.DescribeServicesRequest{Cluster: "c", Services: names})
			for _, s := range r.Services {
				t.Logf("%s desired %d running %d pending %d deployments %d", s.ServiceName, s.DesiredCount, s.RunningCount, s.PendingCount, len(s.Deployments))
				for _, e := range s.Events[:min(3, len(s.Events))] {
					t.Logf("  %s", e.Message)
				}
			}
			t.Fatalf("services did not settle in 2 hours (err %v)", err)
		}
		// The waiter does not look at pending tasks: a surplus task still
		// PENDING when it succeeds is stopped by the next scheduler runs.
		if err := w.Advance(5 * time.Minute); err != nil {
			t.Fatal(err)
		}
		r, _ := w.DescribeServices(model.DescribeServicesRequest{Cluster: "c", Services: names})
		for _, s := range r.Services {
			if s.RunningCount != services[s.ServiceName] || s.PendingCount != 0 || len(s.Deployments) != 1 {
				t.Fatalf("%s settled at running %d pending %d deployments %d, desired %d", s.ServiceName, s.RunningCount, s.PendingCount, len(s.Deployments), services[s.ServiceName])
			}
		}
		for i := range drained {
			l, err := w.ListTasks(model.ListTasksRequest{Cluster: "c", ContainerInstance: i})
			if err != nil || len(l.TaskARNs) != 0 {
				t.Fatalf("tasks left on the DRAINING instance: %v %v", l.TaskARNs, err)
			}
		}
	})
}
