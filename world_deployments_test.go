package ecsstate

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// sdFixture is a fixture with service "s" (web:1, 3 tasks) settled and its
// first deployment COMPLETED, and web:2 registered.
func sdFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, 3)
	f.service(t, "s", "web", 3)
	f.settle(t)
	f.taskDef(t, "web", 256, 512, 0) // web:2
	return f
}

// settle runs until service "s" is stable and its PRIMARY COMPLETED.
func (f *fixture) settle(t *testing.T) {
	t.Helper()
	done := func(w *World) bool {
		r, _ := w.DescribeServices(model.DescribeServicesRequest{Cluster: "c", Services: []string{"s"}})
		return service.StableResponse(&r) == service.WaiterSuccess && len(r.Services) == 1 &&
			r.Services[0].Deployments[0].RolloutState != model.DeploymentRolloutStateInProgress
	}
	if ok, err := f.w.RunUntil(done, 2*time.Hour); !ok || err != nil {
		t.Fatalf("service s never settled: %v %v; %+v", ok, err, f.describeService(t, "s").Deployments)
	}
}

// sds lists the service deployments of "s", newest first, described.
func (f *fixture) sds(t *testing.T) []model.ServiceDeployment {
	t.Helper()
	l := ok(f.w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: "c", Service: "s"}))(t)
	if len(l.ServiceDeployments) == 0 {
		return nil
	}
	var arns []string
	for _, b := range l.ServiceDeployments {
		arns = append(arns, b.ServiceDeploymentARN)
	}
	d := ok(f.w.DescribeServiceDeployments(model.DescribeServiceDeploymentsRequest{ServiceDeploymentARNs: arns}))(t)
	if len(d.Failures) > 0 {
		t.Fatalf("listed service deployments are missing: %+v", d.Failures)
	}
	return d.ServiceDeployments
}

func statuses(sds []model.ServiceDeployment) []model.ServiceDeploymentStatus {
	var out []model.ServiceDeploymentStatus
	for _, sd := range sds {
		out = append(out, sd.Status)
	}
	return out
}

func (f *fixture) revision(t testing.TB, arn string) model.ServiceRevision {
	t.Helper()
	r := ok(f.w.DescribeServiceRevisions(model.DescribeServiceRevisionsRequest{ServiceRevisionARNs: []string{arn}}))(t)
	if len(r.ServiceRevisions) != 1 {
		t.Fatalf("DescribeServiceRevisions %s: %+v", arn, r.Failures)
	}
	return r.ServiceRevisions[0]
}

// Every deployment the world starts is a service deployment: IN_PROGRESS
// while it rolls out, SUCCESSFUL once it completes; its target revision
// records the configuration it deploys and its source the one it replaces.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html
func TestWorldServiceDeploymentSucceeds(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "s", "web", 3)
	sds := f.sds(t)
	if len(sds) != 1 || sds[0].Status != model.ServiceDeploymentInProgress || sds[0].StartedAt.IsZero() {
		t.Fatalf("after CreateService: %#v", sds)
	}
	first := sds[0]
	if !strings.HasPrefix(first.ServiceDeploymentARN, "arn:aws:ecs:us-east-1:123456789012:service-deployment/c/s/") ||
		first.ServiceARN != DefaultAccount.ServiceARN("c", "s") || first.ClusterARN != DefaultAccount.ClusterARN("c") {
		t.Errorf("ARNs %s %s %s", first.ServiceDeploymentARN, first.ServiceARN, first.ClusterARN)
	}
	if first.TargetServiceRevision == nil || first.TargetServiceRevision.RequestedTaskCount != 3 || len(first.SourceServiceRevisions) != 0 {
		t.Errorf("first deployment's revisions: %#v %#v", first.TargetServiceRevision, first.SourceServiceRevisions)
	}
	if first.DeploymentCircuitBreaker == nil || first.DeploymentCircuitBreaker.Status != model.MonitorDisabled ||
		first.Alarms == nil || first.Alarms.Status != model.MonitorDisabled {
		t.Errorf("monitors of a deployment without breaker or alarms: %#v %#v", first.DeploymentCircuitBreaker, first.Alarms)
	}
	rev1 := f.revision(t, first.TargetServiceRevision.ARN)
	if rev1.TaskDefinition != DefaultAccount.TaskDefinitionARN("web", 1) || rev1.ServiceARN != first.ServiceARN || rev1.LaunchType != model.LaunchTypeEC2 {
		t.Errorf("revision %#v", rev1)
	}
	f.settle(t)
	sds = f.sds(t)
	if got := statuses(sds); !cmp.Equal(got, []model.ServiceDeploymentStatus{model.ServiceDeploymentSuccessful}) {
		t.Fatalf("after steady state: %v", got)
	}
	if sds[0].FinishedAt.IsZero() || sds[0].TargetServiceRevision.RunningTaskCount != 3 {
		t.Errorf("completed deployment %#v", sds[0])
	}

	f.taskDef(t, "web", 256, 512, 0) // web:2
	f.advance(t, time.Second)
	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: "web:2"}))(t)
	sds = f.sds(t)
	if got := statuses(sds); !cmp.Equal(got, []model.ServiceDeploymentStatus{model.ServiceDeploymentInProgress, model.ServiceDeploymentSuccessful}) {
		t.Fatalf("after UpdateService (newest first): %v", got)
	}
	second := sds[0]
	if len(second.SourceServiceRevisions) != 1 || second.SourceServiceRevisions[0].ARN != rev1.ServiceRevisionARN ||
		second.SourceServiceRevisions[0].RunningTaskCount != 3 {
		t.Errorf("second deployment's source: %#v", second.SourceServiceRevisions)
	}
	if rev2 := f.revision(t, second.TargetServiceRevision.ARN); rev2.TaskDefinition != DefaultAccount.TaskDefinitionARN("web", 2) {
		t.Errorf("second revision %s", rev2.TaskDefinition)
	}
	f.settle(t)
	if got := statuses(f.sds(t)); !cmp.Equal(got, []model.ServiceDeploymentStatus{model.ServiceDeploymentSuccessful, model.ServiceDeploymentSuccessful}) {
		t.Fatalf("after the second deployment: %v", got)
	}
	// A status filter and paging.
	l := ok(f.w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: "c", Service: "s", MaxResults: model.Int32(1)}))(t)
	if len(l.ServiceDeployments) != 1 || l.NextToken == "" || l.ServiceDeployments[0].ServiceDeploymentARN != second.ServiceDeploymentARN {
		t.Errorf("first page %#v", l)
	}
	l = ok(f.w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: "c", Service: "s", MaxResults: model.Int32(1), NextToken: l.NextToken}))(t)
	if len(l.ServiceDeployments) != 1 || l.NextToken != "" || l.ServiceDeployments[0].ServiceDeploymentARN != first.ServiceDeploymentARN {
		t.Errorf("second page %#v", l)
	}
	l = ok(f.w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: "c", Service: "s",
		Status: []model.ServiceDeploymentStatus{model.ServiceDeploymentInProgress}}))(t)
	if len(l.ServiceDeployments) != 0 {
		t.Errorf("IN_PROGRESS filter: %#v", l)
	}
}

// A circuit breaker rollback happens inside the failed service
// deployment: ROLLBACK_IN_PROGRESS naming the revision it returns to, then
// ROLLBACK_SUCCESSFUL once the rollback completes.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
func TestWorldServiceDeploymentBreakerRollback(t *testing.T) {
	f := sdFixture(t)
	rev1 := f.sds(t)[0].TargetServiceRevision.ARN
	ag := f.w.Agent()
	ag.FailToStart = []Fault{{TaskDefinition: "web:2"}}
	f.w.SetAgent(ag)
	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: "web:2",
		DeploymentConfiguration: &model.DeploymentConfiguration{DeploymentCircuitBreaker: &model.DeploymentCircuitBreaker{Enable: true, Rollback: true}}}))(t)
	if sd := f.sds(t)[0]; sd.DeploymentCircuitBreaker.Status != model.MonitorMonitoring || sd.DeploymentCircuitBreaker.Threshold != 3 {
		// The default threshold: ceil(0.5 × 3) = 2, raised to the minimum of 3.
		// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
		t.Errorf("breaker while deploying: %#v", sd.DeploymentCircuitBreaker)
	}
	rolling := func(w *World) bool {
		l, _ := w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: "c", Service: "s"})
		return len(l.ServiceDeployments) > 0 && l.ServiceDeployments[0].Status == model.ServiceDeploymentRollbackInProgress
	}
	if ok, err := f.w.RunUntil(rolling, 2*time.Hour); !ok || err != nil {
		t.Fatalf("never rolled back: %v %v; %v", ok, err, statuses(f.sds(t)))
	}
	sd := f.sds(t)[0]
	if sd.Rollback == nil || sd.Rollback.ServiceRevisionARN != rev1 || !strings.Contains(sd.Rollback.Reason, "circuit breaker") {
		t.Errorf("rollback %#v", sd.Rollback)
	}
	if sd.DeploymentCircuitBreaker.Status != model.MonitorTriggered {
		t.Errorf("breaker %#v", sd.DeploymentCircuitBreaker)
	}
	f.settle(t)
	got := f.sds(t)
	if s := statuses(got); !cmp.Equal(s, []model.ServiceDeploymentStatus{model.ServiceDeploymentRollbackSuccessful, model.ServiceDeploymentSuccessful}) {
		t.Fatalf("after the rollback: %v (a rollback is no service deployment of its own)", s)
	}
	if got[0].FinishedAt.IsZero() || f.describeService(t, "s").TaskDefinition != DefaultAccount.TaskDefinitionARN("web", 1) {
		t.Errorf("finished %v, service on %s", got[0].FinishedAt, f.describeService(t, "s").TaskDefinition)
	}
}

// StopServiceDeployment (ROLLBACK, the default) rolls a rolling deployment
// back even though the service configured no rollback; the service ends
// on its previous revision with every new task stopped.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stop-service-deployment.html
func TestWorldStopServiceDeploymentRollsBack(t *testing.T) {
	f := sdFixture(t)
	rev1 := f.sds(t)[0].TargetServiceRevision.ARN
	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: "web:2"}))(t)
	f.advance(t, 40*time.Second) // some web:2 tasks start
	sd := f.sds(t)[0]
	_, err := f.w.StopServiceDeployment(model.StopServiceDeploymentRequest{ServiceDeploymentARN: sd.ServiceDeploymentARN, StopType: model.StopTypeAbort})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	r := ok(f.w.StopServiceDeployment(model.StopServiceDeploymentRequest{ServiceDeploymentARN: sd.ServiceDeploymentARN}))(t)
	if r.ServiceDeploymentARN != sd.ServiceDeploymentARN {
		t.Errorf("response %#v", r)
	}
	sd = f.sds(t)[0]
	if sd.Status != model.ServiceDeploymentRollbackInProgress || sd.Rollback == nil || sd.Rollback.ServiceRevisionARN != rev1 || sd.StoppedAt.IsZero() {
		t.Fatalf("after the stop: %#v", sd)
	}
	// A second stop keeps it rolling back.
	ok(f.w.StopServiceDeployment(model.StopServiceDeploymentRequest{ServiceDeploymentARN: sd.ServiceDeploymentARN, StopType: model.StopTypeRollback}))(t)
	if got := f.sds(t)[0].Status; got != model.ServiceDeploymentRollbackInProgress {
		t.Errorf("after a second stop: %s", got)
	}
	f.settle(t)
	if got := statuses(f.sds(t)); !cmp.Equal(got, []model.ServiceDeploymentStatus{model.ServiceDeploymentRollbackSuccessful, model.ServiceDeploymentSuccessful}) {
		t.Fatalf("after the rollback: %v", got)
	}
	s := f.describeService(t, "s")
	if s.TaskDefinition != DefaultAccount.TaskDefinitionARN("web", 1) || s.RunningCount != 3 {
		t.Errorf("service on %s running %d", s.TaskDefinition, s.RunningCount)
	}
	tasks := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c", ServiceName: "s"}))(t)
	d := ok(f.w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: tasks.TaskARNs}))(t)
	for _, tk := range d.Tasks {
		if tk.TaskDefinitionARN != DefaultAccount.TaskDefinitionARN("web", 1) && tk.DesiredStatus == model.DesiredStatusRunning {
			t.Errorf("task %s of %s still runs", tk.TaskARN, tk.TaskDefinitionARN)
		}
	}
	// A completed deployment cannot be stopped.
	_, err = f.w.StopServiceDeployment(model.StopServiceDeploymentRequest{ServiceDeploymentARN: sd.ServiceDeploymentARN})
	wantCode(t, err, ecserrors.CodeConflict)
}

// Stopping the first deployment of a service has nothing to return to:
// the rollback fails at once.
func TestWorldStopFirstServiceDeployment(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "s", "web", 3)
	sd := f.sds(t)[0]
	ok(f.w.StopServiceDeployment(model.StopServiceDeploymentRequest{ServiceDeploymentARN: sd.ServiceDeploymentARN}))(t)
	sd = f.sds(t)[0]
	if sd.Status != model.ServiceDeploymentRollbackFailed || sd.FinishedAt.IsZero() {
		t.Errorf("after stopping the first deployment: %#v", sd)
	}
	if d := f.describeService(t, "s").Deployments[0]; d.RolloutState != model.DeploymentRolloutStateFailed {
		t.Errorf("its deployment is %s", d.RolloutState)
	}
}

// A deployment superseded by a newer one while IN_PROGRESS is STOPPED
// with a reason naming the newer deployment.
func TestWorldServiceDeploymentSuperseded(t *testing.T) {
	f := sdFixture(t)
	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: "web:2"}))(t)
	f.advance(t, time.Second)
	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: "web:1"}))(t)
	sds := f.sds(t)
	if got := statuses(sds); !cmp.Equal(got, []model.ServiceDeploymentStatus{model.ServiceDeploymentInProgress, model.ServiceDeploymentStopped, model.ServiceDeploymentSuccessful}) {
		t.Fatalf("statuses %v", got)
	}
	if !strings.Contains(sds[1].StatusReason, "superseded") || sds[1].StoppedAt.IsZero() {
		t.Errorf("superseded deployment %#v", sds[1])
	}
	f.settle(t)
	if got := statuses(f.sds(t)); got[0] != model.ServiceDeploymentSuccessful {
		t.Errorf("newest %v", got)
	}
}

// The operations' errors, and that a clone's history is its own.
func TestWorldServiceDeploymentErrorsAndClone(t *testing.T) {
	f := sdFixture(t)
	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: "web:2"}))(t)
	sd := f.sds(t)[0]
	missing := strings.Replace(sd.ServiceDeploymentARN, "/s/", "/nope/", 1)
	_, err := f.w.StopServiceDeployment(model.StopServiceDeploymentRequest{ServiceDeploymentARN: missing})
	wantCode(t, err, ecserrors.CodeServiceDeploymentNotFound)
	_, err = f.w.StopServiceDeployment(model.StopServiceDeploymentRequest{ServiceDeploymentARN: "not-an-arn"})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	_, err = f.w.ContinueServiceDeployment(model.ContinueServiceDeploymentRequest{ServiceDeploymentARN: sd.ServiceDeploymentARN, HookID: "h"})
	wantCode(t, err, ecserrors.CodeInvalidParameter) // rolling deployments have no hooks
	_, err = f.w.DescribeServiceDeployments(model.DescribeServiceDeploymentsRequest{})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	d := ok(f.w.DescribeServiceDeployments(model.DescribeServiceDeploymentsRequest{ServiceDeploymentARNs: []string{missing, sd.ServiceDeploymentARN}}))(t)
	if len(d.ServiceDeployments) != 1 || len(d.Failures) != 1 || d.Failures[0].ARN != missing || d.Failures[0].Reason != "MISSING" {
		t.Errorf("describe with a missing ARN: %#v", d)
	}
	_, err = f.w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: "c", Service: "nope"})
	wantCode(t, err, ecserrors.CodeServiceNotFound)
	_, err = f.w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: "c", Service: "s", Status: []model.ServiceDeploymentStatus{"DONE"}})
	wantCode(t, err, ecserrors.CodeInvalidParameter)

	c := f.w.Clone()
	ok(c.StopServiceDeployment(model.StopServiceDeploymentRequest{ServiceDeploymentARN: sd.ServiceDeploymentARN}))(t)
	if got := f.sds(t)[0].Status; got != model.ServiceDeploymentInProgress {
		t.Errorf("stopping in a clone changed the original: %s", got)
	}
	if got := f.describeService(t, "s").TaskDefinition; got != DefaultAccount.TaskDefinitionARN("web", 2) {
		t.Errorf("stopping in a clone changed the original service: %s", got)
	}
}

// DeleteService ends the deployment in progress.
func TestWorldDeleteServiceStopsServiceDeployment(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "s", "web", 3)
	ok(f.w.DeleteService(model.DeleteServiceRequest{Cluster: "c", Service: "s", Force: model.Bool(true)}))(t)
	if got := statuses(f.sds(t)); !cmp.Equal(got, []model.ServiceDeploymentStatus{model.ServiceDeploymentStopped}) {
		t.Errorf("after DeleteService: %v", got)
	}
}
