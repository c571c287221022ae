package service_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// FuzzReconcile builds a service from arbitrary numbers (int32 extremes
// included) and tasks in arbitrary states and deployments, and checks that
// Reconcile and ApplyStep never panic and fail only with ECS errors.
func FuzzReconcile(f *testing.F) {
	f.Add(int32(3), int32(100), int32(200), []byte{0, 1, 2, 3}, uint8(0), uint8(0))
	f.Add(int32(0), int32(0), int32(0), []byte{}, uint8(1), uint8(1))
	f.Add(int32(-1), int32(-5), int32(1<<31-1), []byte{9, 9, 9}, uint8(2), uint8(2))
	f.Add(int32(1<<31-1), int32(1<<31-1), int32(1<<31-1), []byte{4, 5, 6, 7, 8}, uint8(3), uint8(3))
	f.Add(int32(5), int32(50), int32(150), []byte{0x13, 0x24, 0x35, 0x46, 0x57, 0x68}, uint8(7), uint8(4))
	statuses := model.TaskStatus("").Values()
	f.Fuzz(func(t *testing.T, desired, minP, maxP int32, tasks []byte, variant, extra uint8) {
		if len(tasks) > 64 {
			tasks = tasks[:64]
		}
		w := newWorld(threeZones(1, 1024, 1024), minP, maxP)
		w.svc.DesiredCount = desired
		w.svc.Deployments[0].DesiredCount = desired
		if variant&1 != 0 {
			w.tds = append(w.tds, taskDef("web", 2, 256))
			w.svc.Deployments = append([]model.Deployment{{ID: "ecs-svc/2", Status: model.DeploymentStatusPrimary,
				TaskDefinition: w.tds[1].TaskDefinitionARN, RolloutState: model.DeploymentRolloutStateInProgress}}, w.svc.Deployments...)
			w.svc.Deployments[1].Status = model.DeploymentStatusActive
		}
		if variant&2 != 0 {
			w.svc.AvailabilityZoneRebalancing = model.AvailabilityZoneRebalancingEnabled
		}
		if variant&4 != 0 {
			w.insts[int(extra)%3].Status = model.ContainerInstanceStatusDraining
		}
		if variant&8 != 0 {
			w.svc.DeploymentConfiguration.DeploymentCircuitBreaker = &model.DeploymentCircuitBreaker{Enable: true, Rollback: variant&16 != 0}
		}
		if variant&32 != 0 {
			w.svc.Status = model.ServiceStatusDraining
		}
		if variant&64 != 0 {
			w.svc.PlacementStrategy = []model.PlacementStrategy{{Type: model.PlacementStrategyTypeRandom}}
		}
		for i, b := range tasks {
			dep := w.svc.Deployments[int(b>>4)%len(w.svc.Deployments)]
			tk := model.Task{
				TaskARN: wacct.TaskARN("prod", fmt.Sprintf("%032x", i+1)), ClusterARN: w.svc.ClusterARN,
				TaskDefinitionARN: dep.TaskDefinition, ContainerInstanceARN: w.insts[i%3].ContainerInstanceARN,
				LastStatus: statuses[int(b)%len(statuses)], DesiredStatus: model.DesiredStatusRunning,
				Group: "service:web", StartedBy: dep.ID, Version: 1,
			}
			if b&8 != 0 {
				tk.DesiredStatus = model.DesiredStatusStopped
			}
			if b&64 != 0 {
				tk.StartedAt = model.At(w.now.Add(-time.Duration(extra) * time.Second))
			}
			if b&128 != 0 {
				tk.StartedBy = "someone-else"
			}
			w.tasks = append(w.tasks, tk)
		}
		st, err := service.Reconcile(w.input(), w.now)
		if err != nil {
			var e *ecserrors.Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %T %v", err, err)
			}
			return
		}
		if len(st.Service.Events) > service.MaxEvents {
			t.Fatalf("%d events", len(st.Service.Events))
		}
		// The same step built in a lent array: one of extra's size, or
		// the tasks' own when extra is odd (never written).
		in := w.input()
		in.Reuse = make([]model.Task, int(extra)%16, int(extra))
		if extra&1 != 0 {
			in.Reuse = w.tasks
		}
		before := slices.Clone(w.tasks)
		lent, err := service.Reconcile(in, w.now)
		if diff := cmp.Diff(st, lent); err != nil || diff != "" {
			t.Fatalf("lent %d tasks, the step differs: %v\n%s", cap(in.Reuse), err, diff)
		}
		if diff := cmp.Diff(before, w.tasks); diff != "" {
			t.Fatalf("the step wrote into the tasks:\n%s", diff)
		}
		if _, _, err := service.ApplyStep(w.insts, w.tasks, w.tds, &st, w.now); err != nil {
			var e *ecserrors.Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %T %v", err, err)
			}
		}
	})
}
