package deployment

import (
	"testing"

	"github.com/ecsstate/ecsstate/model"
)

// TestRolledBackTargetIsNotEligibleAgain is the example of the circuit
// breaker page: D1 is COMPLETED; D2 fails and rolls back to D1, which goes
// back to IN_PROGRESS; D3 starts and fails before that rollback completes:
// D3 cannot roll back, and a FAILED D3 launches no task.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
func TestRolledBackTargetIsNotEligibleAgain(t *testing.T) {
	const d1, d2, rb, d3 = "ecs-svc/1", "ecs-svc/2", "ecs-svc/20", "ecs-svc/3"
	svc, _ := mustApply(t, stableService(1, breakerConfig(true, nil, nil)),
		Event{Kind: NewDeployment, DeploymentID: d2, TaskDefinition: tdV2})
	f2 := Event{Kind: LaunchFailed, DeploymentID: d2, RollbackID: rb}
	svc, r := mustApply(t, svc, f2, f2, f2)
	if r.RolledBackTo != d1 || svc.Deployments[0].ID != rb {
		t.Fatalf("D2's failure: %+v, primary %s", r, svc.Deployments[0].ID)
	}
	if d := deploymentByID(svc, d1); d == nil || d.RolloutState != model.DeploymentRolloutStateInProgress {
		t.Fatalf("D1 after the rollback to it: %+v, want IN_PROGRESS", d)
	}

	svc, _ = mustApply(t, svc, Event{Kind: NewDeployment, DeploymentID: d3, TaskDefinition: tdV3})
	f3 := Event{Kind: LaunchFailed, DeploymentID: d3}
	svc, r = mustApply(t, svc, f3, f3, f3)
	p := svc.Deployments[0]
	if !r.NoRollbackTarget || r.RolledBackTo != "" || p.ID != d3 || p.RolloutState != model.DeploymentRolloutStateFailed {
		t.Fatalf("D3's failure: %+v, primary %+v", r, p)
	}
	in := Input{ServiceName: "web", DesiredCount: 1, Config: ReplicaDefaults, PrimaryFailed: true,
		Deployments: []DeploymentTasks{{ID: d3}, {ID: rb}}}
	dec, err := Plan(&in)
	if err != nil {
		t.Fatal(err)
	}
	if dec.Start != 0 || !dec.Halted {
		t.Errorf("a FAILED D3 plans %+v, want no launch", dec)
	}

	// Once a deployment of D1 completes again, it is the target.
	svc2, _ := mustApply(t, stableService(1, breakerConfig(true, nil, nil)),
		Event{Kind: NewDeployment, DeploymentID: d2, TaskDefinition: tdV2}, f2, f2, f2,
		Event{Kind: TaskMoved, DeploymentID: rb, From: Gone, To: Pending},
		Event{Kind: TaskMoved, DeploymentID: rb, From: Pending, To: Settling},
		Event{Kind: TaskMoved, DeploymentID: rb, From: Settling, To: Healthy},
		Event{Kind: TaskMoved, DeploymentID: d1, From: Healthy, To: Gone},
		Event{Kind: SteadyStateReached},
		Event{Kind: NewDeployment, DeploymentID: d3, TaskDefinition: tdV3})
	svc2, r = mustApply(t, svc2, f3, f3, Event{Kind: LaunchFailed, DeploymentID: d3, RollbackID: "ecs-svc/30"})
	if r.RolledBackTo != rb || svc2.Deployments[0].TaskDefinition != tdV1 {
		t.Errorf("after the rollback completed: %+v, primary on %s", r, svc2.Deployments[0].TaskDefinition)
	}
}
