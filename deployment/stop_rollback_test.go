package deployment

import (
	"testing"

	"github.com/ecsstate/ecsstate/model"
)

// StopServiceDeployment with ROLLBACK works "even if you didn't configure
// the service deployment for the rollback option": the PRIMARY fails and
// the service returns to the last COMPLETED deployment.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html
func TestRollbackRequested(t *testing.T) {
	svc, _ := mustApply(t, stableService(2, nil), Event{Kind: NewDeployment, DeploymentID: "ecs-svc/2", TaskDefinition: tdV2})
	svc, r := mustApply(t, svc, Event{Kind: RollbackRequested, DeploymentID: "ecs-svc/2", RollbackID: "ecs-svc/3"})
	if r.RolledBackTo != "ecs-svc/1" {
		t.Fatalf("RolledBackTo %q, want ecs-svc/1", r.RolledBackTo)
	}
	p := svc.Deployments[0]
	if p.ID != "ecs-svc/3" || p.Status != model.DeploymentStatusPrimary || p.TaskDefinition != tdV1 || p.RolloutState != model.DeploymentRolloutStateInProgress {
		t.Errorf("rollback deployment %+v", p)
	}
	if to, ok := RollbackOf(&p); !ok || to != "ecs-svc/1" {
		t.Errorf("RollbackOf = %q, %v", to, ok)
	}
	// ecs-svc/2 had no task: it fails, is superseded and drains at once.
	if len(r.Changes) == 0 || r.Changes[0].DeploymentID != "ecs-svc/2" || r.Changes[0].On != StopRequested ||
		r.Changes[0].To.Rollout != model.DeploymentRolloutStateFailed {
		t.Errorf("changes %+v", r.Changes)
	}
	// The rollback deployment is itself ineligible: stopping it fails it
	// with nothing to return to.
	svc, r = mustApply(t, svc, Event{Kind: RollbackRequested, DeploymentID: "ecs-svc/3", RollbackID: "ecs-svc/4"})
	if !r.NoRollbackTarget || svc.Deployments[0].ID != "ecs-svc/3" || svc.Deployments[0].RolloutState != model.DeploymentRolloutStateFailed {
		t.Errorf("second stop %+v, primary %+v", r, svc.Deployments[0])
	}
	// Stopping a deployment that is not the IN_PROGRESS PRIMARY is refused.
	if _, err := Apply(svc, Event{Kind: RollbackRequested, DeploymentID: "ecs-svc/3"}, t0); err == nil {
		t.Error("stopping a FAILED deployment was accepted")
	}
	if _, ok := RollbackOf(&model.Deployment{RolloutStateReason: "ECS deployment ecs-svc/1 completed."}); ok {
		t.Error("RollbackOf recognised a plain deployment")
	}
}
