package service_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// FuzzReconcileDaemonAndProtection builds DAEMON and REPLICA services with
// arbitrary tasks, instance states and task protections, and checks that
// Reconcile never panics, fails only with ECS errors, never starts a
// daemon task beside a live task of the service or two on one instance,
// and never stops a protected task to scale in or to replace it.
func FuzzReconcileDaemonAndProtection(f *testing.F) {
	f.Add(true, int32(0), []byte{0, 1, 2, 3}, []byte{1, 0}, uint8(0), uint8(0))
	f.Add(true, int32(50), []byte{0x43, 0x43, 0x13}, []byte{1, 1, 1}, uint8(3), uint8(1))
	f.Add(false, int32(100), []byte{0x43, 0x43, 0x43, 0x43}, []byte{1, 1}, uint8(1), uint8(2))
	f.Add(true, int32(-3), []byte{0xff, 0x80, 0x7f}, []byte{}, uint8(255), uint8(255))
	statuses := model.TaskStatus("").Values()
	f.Fuzz(func(t *testing.T, daemon bool, minP int32, tasks, protect []byte, variant, extra uint8) {
		tasks, protect = tasks[:min(len(tasks), 32)], protect[:min(len(protect), 32)]
		w := newWorld(threeZones(1, 2048, 4096), minP, 200)
		if daemon {
			w.svc.SchedulingStrategy = model.SchedulingStrategyDaemon
			w.svc.DeploymentConfiguration.MaximumPercent = model.Int32(100)
		} else {
			w.svc.DesiredCount = int32(extra % 8)
		}
		if variant&1 != 0 {
			w.tds = append(w.tds, taskDef("web", 2, 256))
			w.svc.Deployments = append([]model.Deployment{{ID: "ecs-svc/2", Status: model.DeploymentStatusPrimary,
				TaskDefinition: w.tds[1].TaskDefinitionARN, RolloutState: model.DeploymentRolloutStateInProgress}}, w.svc.Deployments...)
			w.svc.Deployments[1].Status = model.DeploymentStatusActive
		}
		if variant&2 != 0 {
			w.insts[int(extra)%3].Status = model.ContainerInstanceStatusDraining
		}
		if variant&4 != 0 {
			w.insts[int(extra>>2)%3].AgentConnected = false
		}
		if variant&8 != 0 {
			w.svc.PlacementConstraints = []model.PlacementConstraint{{Type: model.PlacementConstraintTypeMemberOf, Expression: "attribute:ecs.availability-zone != us-east-1b"}}
		}
		if variant&16 != 0 {
			w.svc.Status = model.ServiceStatusDraining
		}
		for i, b := range tasks {
			dep := w.svc.Deployments[int(b>>4)%len(w.svc.Deployments)]
			tk := model.Task{
				TaskARN: wacct.TaskARN("prod", fmt.Sprintf("%032x", i+1)), ClusterARN: w.svc.ClusterARN,
				TaskDefinitionARN: dep.TaskDefinition, ContainerInstanceARN: w.insts[(i+int(b>>6))%3].ContainerInstanceARN,
				LastStatus: statuses[int(b)%len(statuses)], DesiredStatus: model.DesiredStatusRunning,
				Group: "service:web", StartedBy: dep.ID, Version: 1, StartedAt: model.At(w.now.Add(-time.Duration(b) * time.Second)),
			}
			if b&8 != 0 {
				tk.DesiredStatus = model.DesiredStatusStopped
			}
			w.tasks = append(w.tasks, tk)
		}
		prot := map[string]model.ProtectedTask{}
		for i, b := range protect {
			if i < len(w.tasks) && b&1 != 0 {
				arn := w.tasks[i].TaskARN
				prot[arn] = model.ProtectedTask{TaskARN: arn, ProtectionEnabled: true, ExpirationDate: model.At(w.now.Add(time.Duration(b>>1) * time.Minute))}
			}
		}
		in := w.input()
		in.Protection = prot
		st, err := service.Reconcile(in, w.now)
		if err != nil {
			var e *ecserrors.Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %T %v", err, err)
			}
			return
		}
		for _, s := range st.Stop {
			if p, ok := prot[s.TaskARN]; ok && service.IsProtected(p, w.now) && s.Reason != "Container instance is being drained" &&
				s.Reason != "Task failed health checks" && !(daemon && strings.Contains(s.Reason, "no longer satisfies")) {
				t.Fatalf("stopped protected task %s: %s", s.TaskARN, s.Reason)
			}
		}
		if daemon {
			occupied := map[string]bool{}
			for _, tk := range w.tasks {
				if tk.LastStatus != model.TaskStatusStopped && tk.LastStatus != model.TaskStatusDeleted {
					occupied[tk.ContainerInstanceARN] = true
				}
			}
			for _, tk := range st.Start {
				if occupied[tk.ContainerInstanceARN] {
					t.Fatalf("daemon task started on %s, which already runs one", tk.ContainerInstanceARN)
				}
				occupied[tk.ContainerInstanceARN] = true
			}
		}
	})
}
