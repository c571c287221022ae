package ecsstate

import (
	"strings"
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// With the deployment circuit breaker and rollback on, a deployment whose
// tasks never start fails and the service rolls back to the task
// definition of its last completed deployment, then settles there.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
func TestWorldCircuitBreakerRollsBack(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "s", "web", 3)
	stable := func(w *World) bool {
		r, _ := w.DescribeServices(model.DescribeServicesRequest{Cluster: "c", Services: []string{"s"}})
		return service.StableResponse(&r) == service.WaiterSuccess
	}
	if ok, err := f.w.RunUntil(stable, time.Hour); !ok || err != nil {
		t.Fatalf("first deployment: %v %v", ok, err)
	}
	// Rollback goes to the last COMPLETED deployment: let the first one
	// complete.
	f.advance(t, 2*time.Minute)
	if d := f.describeService(t, "s").Deployments[0]; d.RolloutState != model.DeploymentRolloutStateCompleted {
		t.Fatalf("first deployment %s", d.RolloutState)
	}
	f.taskDef(t, "web", 256, 512, 0) // web:2
	ag := f.w.Agent()
	ag.FailToStart = []Fault{{TaskDefinition: "web:2"}}
	f.w.SetAgent(ag)
	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: "web:2",
		DeploymentConfiguration: &model.DeploymentConfiguration{DeploymentCircuitBreaker: &model.DeploymentCircuitBreaker{Enable: true, Rollback: true}}}))(t)
	// Minimum healthy 100%: three tasks run at every moment, the old ones
	// until the rollback's replacements run.
	settled := false
	for range 3 * 60 * 12 {
		f.advance(t, 5*time.Second)
		if s := f.describeService(t, "s"); s.RunningCount < 3 {
			t.Fatalf("at %s only %d tasks run", f.w.Now().Format(time.TimeOnly), s.RunningCount)
		}
		if stable(f.w) {
			settled = true
			break
		}
	}
	if !settled {
		s := f.describeService(t, "s")
		t.Fatalf("never settled: %s running %d deployments %+v", s.TaskDefinition, s.RunningCount, s.Deployments)
	}
	s := f.describeService(t, "s")
	if want := DefaultAccount.TaskDefinitionARN("web", 1); s.TaskDefinition != want || s.RunningCount != 3 {
		t.Fatalf("after the rollback: %s running %d, want web:1 running 3", s.TaskDefinition, s.RunningCount)
	}
	var failed bool
	for _, rec := range Filter(f.w.Timeline(), OfKind(RecordServiceEvent)) {
		if rec.Service == "s" && strings.Contains(rec.Message, "rolling back") {
			failed = true
		}
	}
	if !failed {
		t.Errorf("no service event tells of the circuit breaker or the rollback")
	}
}
