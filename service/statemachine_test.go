package service_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// TestReconcileStateMachine runs random sequences of user updates,
// scheduler steps, agent minutes and instance drains against a tiny
// reference model (the desired count and task definition the user asked
// for), checking after every action that the service agrees with the
// model and with its tasks. world.step checks the floor and ceiling.
// After the sequence, with every instance active again, the service
// converges.
func TestReconcileStateMachine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		model_ := struct {
			desired int32
			td      string
			rev     int32
		}{0, w.svc.TaskDefinition, 1}
		t.Repeat(map[string]func(*rapid.T){
			"scale": func(t *rapid.T) {
				model_.desired = int32(rapid.IntRange(0, 8).Draw(t, "desired"))
				w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(model_.desired)})
			},
			"deploy": func(t *rapid.T) {
				model_.rev++
				td := taskDef("web", model_.rev, 256)
				w.tds = append(w.tds, td)
				model_.td = td.TaskDefinitionARN
				w.update(t, model.UpdateServiceRequest{TaskDefinition: "web"})
			},
			"step": func(t *rapid.T) {
				st := w.step(t)
				if len(st.Events) > 0 && st.Service.Events[0].Message != st.Events[0].Message {
					t.Fatalf("new events are not at the front")
				}
				// Once the step is applied the counts are those of the
				// tasks: pending before RUNNING, running while RUNNING,
				// neither once asked to stop.
				type counts struct{ run, pend int32 }
				want := map[string]counts{}
				var total counts
				for _, tk := range w.tasks {
					if !live(&tk) {
						continue
					}
					c := want[tk.StartedBy]
					if tk.LastStatus == model.TaskStatusRunning {
						c.run++
						total.run++
					} else {
						c.pend++
						total.pend++
					}
					want[tk.StartedBy] = c
				}
				if got := (counts{w.svc.RunningCount, w.svc.PendingCount}); got != total {
					t.Fatalf("service counts %+v, tasks say %+v", got, total)
				}
				for _, d := range w.svc.Deployments {
					if got := (counts{d.RunningCount, d.PendingCount}); d.Status != model.DeploymentStatusInactive && got != want[d.ID] {
						t.Fatalf("deployment %s counts %+v, tasks say %+v", d.ID, got, want[d.ID])
					}
				}
			},
			"agent": func(t *rapid.T) { w.agent(t) },
			"drain": func(t *rapid.T) {
				i := rapid.IntRange(0, len(w.insts)-1).Draw(t, "instance")
				if rapid.Bool().Draw(t, "undrain") {
					w.insts[i].Status = model.ContainerInstanceStatusActive
				} else {
					w.insts[i].Status = model.ContainerInstanceStatusDraining
				}
			},
			"": func(t *rapid.T) {
				s := &w.svc
				if s.DesiredCount != model_.desired || s.TaskDefinition != model_.td {
					t.Fatalf("service desired %d td %s, model %d %s", s.DesiredCount, s.TaskDefinition, model_.desired, model_.td)
				}
				p := s.Deployments[0]
				if p.Status != model.DeploymentStatusPrimary || p.TaskDefinition != model_.td || p.DesiredCount != model_.desired {
					t.Fatalf("PRIMARY %+v", p)
				}
				primaries := 0
				for _, d := range s.Deployments {
					if d.Status == model.DeploymentStatusPrimary {
						primaries++
					}
				}
				if primaries != 1 {
					t.Fatalf("%d PRIMARY deployments", primaries)
				}
				if len(s.Events) > service.MaxEvents {
					t.Fatalf("%d events", len(s.Events))
				}
				for i := 1; i < len(s.Events); i++ {
					if s.Events[i].CreatedAt.After(s.Events[i-1].CreatedAt.Time) {
						t.Fatalf("events not newest first at %d", i)
					}
				}
			},
		})
		for i := range w.insts {
			w.insts[i].Status = model.ContainerInstanceStatusActive
		}
		w.settle(t, 60)
	})
}

// TestApplyStepNeverMutatesItsInputs: ApplyStep returns new slices.
func TestApplyStepNeverMutatesItsInputs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(int32(rapid.IntRange(1, 6).Draw(t, "desired")))})
		for range rapid.IntRange(0, 4).Draw(t, "rounds") {
			w.step(t)
			w.agent(t)
		}
		w.tds = append(w.tds, taskDef("web", 2, 256))
		w.update(t, model.UpdateServiceRequest{TaskDefinition: "web:2"})
		st, err := service.Reconcile(w.input(), w.now)
		if err != nil {
			t.Fatal(err)
		}
		insts, tasks, step := deepCopy(t, w.insts), deepCopy(t, w.tasks), deepCopy(t, st)
		if _, _, err := service.ApplyStep(w.insts, w.tasks, w.tds, &st, w.now); err != nil {
			t.Fatal(err)
		}
		for _, d := range []string{
			cmp.Diff(insts, w.insts, cmpopts.EquateEmpty()),
			cmp.Diff(tasks, w.tasks, cmpopts.EquateEmpty()),
			cmp.Diff(step, st, cmpopts.EquateEmpty()),
		} {
			if d != "" {
				t.Fatalf("input changed:\n%s", d)
			}
		}
	})
}
