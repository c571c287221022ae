package ecsstate

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ecsstate/ecsstate/deployment"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// A service named by the ARN of a service in another cluster is not the
// cluster's service of the same name: InvalidParameterException, as the
// service package decides for UpdateService; DescribeServices reports it
// MISSING.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
func TestWorldServiceARNOfAnotherCluster(t *testing.T) {
	f := newFixture(t, 1)
	f.service(t, "s", "web", 1)
	other := DefaultAccount.ServiceARN("other", "s")
	_, err := f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: other, DesiredCount: model.Int32(0)})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	_, err = f.w.DeleteService(model.DeleteServiceRequest{Cluster: "c", Service: other, Force: model.Bool(true)})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	_, err = f.w.ListTasks(model.ListTasksRequest{Cluster: "c", ServiceName: other})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	if d := ok(f.w.DescribeServices(model.DescribeServicesRequest{Cluster: "c", Services: []string{other}}))(t); len(d.Failures) != 1 || d.Failures[0].Reason != "MISSING" {
		t.Errorf("DescribeServices of another cluster's service: %+v", d)
	}
	if s := f.describeService(t, "s"); s.DesiredCount != 1 || s.Status != model.ServiceStatusActive {
		t.Errorf("the cluster's own service changed: %s %d", s.Status, s.DesiredCount)
	}
	// Its own ARN works.
	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: DefaultAccount.ServiceARN("c", "s"), DesiredCount: model.Int32(2)}))(t)
}

// Draining stops a service task that is still PENDING on the instance at
// once, without waiting for it to run.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-draining.html
func TestWorldDrainingStopsPendingServiceTasks(t *testing.T) {
	f := newFixture(t, 2)
	a := DefaultAgent()
	a.Pull = Fixed(time.Hour)
	f.w.SetAgent(a)
	f.service(t, "s", "web", 2)
	f.advance(t, 20*time.Second)
	var pending []model.Task
	for _, x := range f.tasksOn(t, f.insts[0]) {
		if x.LastStatus == model.TaskStatusPending {
			pending = append(pending, x)
		}
	}
	if len(pending) == 0 {
		t.Fatalf("no PENDING task on %s", f.insts[0])
	}
	ok(f.w.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: "c", ContainerInstances: f.insts[:1], Status: model.ContainerInstanceStatusDraining}))(t)
	f.advance(t, 16*time.Second) // one scheduler run
	d := ok(f.w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: []string{pending[0].TaskARN}}))(t)
	if len(d.Tasks) != 1 || d.Tasks[0].DesiredStatus != model.DesiredStatusStopped {
		t.Fatalf("PENDING task on the DRAINING instance after a scheduler run: %+v", d.Tasks)
	}
}

// A clone behaves as the original would: the same calls on both give the
// same timeline and the same state.
func TestWorldCloneBehavesAsOriginal(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "s", "web", 3)
	f.advance(t, time.Minute)
	c := f.w.Clone()
	for _, w := range []*World{f.w, c} {
		ok(w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: "port", DesiredCount: model.Int32(2)}))(t)
		ok(w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "web", Count: model.Int32(3), PlacementStrategy: []model.PlacementStrategy{{Type: model.PlacementStrategyTypeRandom}}}))(t)
		if err := w.Advance(10 * time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(f.w.Timeline(), c.Timeline()); diff != "" {
		t.Fatalf("timelines differ (-original +clone):\n%s", diff)
	}
	if diff := cmp.Diff(f.w, c, everything); diff != "" {
		t.Fatalf("states differ (-original +clone):\n%s", diff)
	}
}

// Two clusters do not see each other's instances, services or tasks.
func TestWorldClustersAreIsolated(t *testing.T) {
	f := newFixture(t, 2)
	ok(f.w.CreateCluster(model.CreateClusterRequest{ClusterName: "d"}))(t)
	ok(f.w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "d",
		TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)}}))(t)
	f.service(t, "s", "web", 2)
	ok(f.w.CreateService(model.CreateServiceRequest{Cluster: "d", ServiceName: "s", TaskDefinition: "web", DesiredCount: model.Int32(1)}))(t)
	f.advance(t, 2*time.Minute)
	if s := f.describeService(t, "s"); s.RunningCount != 2 {
		t.Errorf("c/s running %d", s.RunningCount)
	}
	d := ok(f.w.DescribeServices(model.DescribeServicesRequest{Cluster: "d", Services: []string{"s"}}))(t)
	if d.Services[0].RunningCount != 1 {
		t.Errorf("d/s running %d", d.Services[0].RunningCount)
	}
	if l := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "d"}))(t); len(l.TaskARNs) != 1 {
		t.Errorf("d tasks %v", l.TaskARNs)
	}
	// An instance of c named in d is not found there.
	_, err := f.w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: "d", ContainerInstance: f.insts[0]})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	task := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c"}))(t).TaskARNs[0]
	_, err = f.w.StopTask(model.StopTaskRequest{Cluster: "d", Task: task})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
}

// The agent of a deregistered instance cannot reconnect: ECS no longer
// knows the instance. Disconnecting it is a no-op (it already is).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterContainerInstance.html
func TestWorldAgentOfInactiveInstance(t *testing.T) {
	f := newFixture(t, 1)
	ok(f.w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: "c", ContainerInstance: f.insts[0]}))(t)
	if err := f.w.SetAgentConnected("c", f.insts[0], false); err != nil {
		t.Fatal(err)
	}
	wantCode(t, f.w.SetAgentConnected("c", f.insts[0], true), ecserrors.CodeInvalidParameter)
	if ci := f.instance(t, f.insts[0]); ci.AgentConnected {
		t.Errorf("a deregistered instance's agent is connected")
	}
}

// The load balancer verdict for a task that has stopped is not kept:
// there is no target any more.
func TestWorldTargetHealthOfStoppedTask(t *testing.T) {
	f := newFixture(t, 1)
	task := ok(f.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "web"}))(t).Tasks[0].TaskARN
	ok(f.w.StopTask(model.StopTaskRequest{Cluster: "c", Task: task}))(t)
	f.advance(t, time.Minute)
	if err := f.w.SetTargetHealth("c", task, deployment.TargetHealthy); err != nil {
		t.Fatal(err)
	}
	if _, kept := f.w.targets[task]; kept {
		t.Errorf("a verdict for a STOPPED task is kept")
	}
	// Forced deregistration forgets the verdicts of the tasks it removes.
	g := newFixture(t, 1)
	task = ok(g.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "web"}))(t).Tasks[0].TaskARN
	g.advance(t, time.Minute)
	if err := g.w.SetTargetHealth("c", task, deployment.TargetHealthy); err != nil {
		t.Fatal(err)
	}
	ok(g.w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: "c", ContainerInstance: g.insts[0], Force: model.Bool(true)}))(t)
	if len(g.w.targets)+len(g.w.agentTargets) != 0 {
		t.Errorf("verdicts kept for removed tasks: %v %v", g.w.targets, g.w.agentTargets)
	}
}

// A request stays the caller's after the call and a response is the
// caller's: editing either leaves the world as it was.
func TestWorldSharesNoMemoryWithCaller(t *testing.T) {
	build := func() (*World, model.CreateServiceRequest, model.CreateServiceResponse, model.DescribeTasksResponse) {
		f := newFixture(t, 2)
		req := model.CreateServiceRequest{Cluster: "c", ServiceName: "s", TaskDefinition: "web", DesiredCount: model.Int32(2),
			DeploymentController:    &model.DeploymentController{Type: model.DeploymentControllerTypeECS},
			DeploymentConfiguration: &model.DeploymentConfiguration{DeploymentCircuitBreaker: &model.DeploymentCircuitBreaker{Enable: true}},
			PlacementConstraints:    []model.PlacementConstraint{{Type: model.PlacementConstraintTypeMemberOf, Expression: "agentConnected == true"}},
			Tags:                    []model.Tag{{Key: "k", Value: "v"}}}
		resp := ok(f.w.CreateService(req))(t)
		f.advance(t, time.Minute)
		l := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c"}))(t)
		d := ok(f.w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: l.TaskARNs, Include: []model.TaskField{model.TaskFieldTags}}))(t)
		return f.w, req, resp, d
	}
	w, req, resp, d := build()
	want, _, _, _ := build()
	scribble(reflect.ValueOf(&req))
	scribble(reflect.ValueOf(&resp))
	scribble(reflect.ValueOf(&d))
	if diff := cmp.Diff(want, w, everything); diff != "" {
		t.Fatalf("editing a request or response changed the world (-want +got):\n%s", diff)
	}
}

// Services created at the same instant each keep their own tasks: their
// deployments' IDs (from the creation time) must not make one service's
// scheduler take the other's tasks for its own.
func TestWorldServicesCreatedTogether(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "a", "web", 2)
	f.service(t, "b", "web", 3)
	f.advance(t, time.Minute)
	f.taskDef(t, "web", 256, 512, 0)
	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "a", TaskDefinition: "web:2"}))(t)
	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "b", TaskDefinition: "web:2"}))(t)
	f.advance(t, 10*time.Minute)
	da, db := f.describeService(t, "a"), f.describeService(t, "b")
	if da.RunningCount != 2 || db.RunningCount != 3 || len(da.Deployments) != 1 || len(db.Deployments) != 1 {
		t.Fatalf("a running %d (%d deployments), b running %d (%d deployments); want 2 and 3 on one deployment each",
			da.RunningCount, len(da.Deployments), db.RunningCount, len(db.Deployments))
	}
	for _, rec := range Filter(f.w.Timeline(), OfKind(RecordServiceEvent)) {
		if rec.Service == "a" && strings.Contains(rec.Message, "has stopped") {
			for _, arn := range ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c", ServiceName: "b"}))(t).TaskARNs {
				if strings.Contains(rec.Message, shortID(arn)) {
					t.Errorf("service a stopped b's task %s: %s", shortID(arn), rec.Message)
				}
			}
		}
	}
}
