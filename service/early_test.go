package service_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// early counts the tasks of other task definitions than the service's
// that are not STOPPED, and the healthy tasks of the service's.
func early(w *world) (oldLeft, newHealthy int) {
	for i := range w.tasks {
		tk := &w.tasks[i]
		if tk.TaskDefinitionARN != w.svc.TaskDefinition {
			if tk.LastStatus != model.TaskStatusStopped {
				oldLeft++
			}
		} else if w.healthy(tk) {
			newHealthy++
		}
	}
	return
}

// Early success criteria, from the API reference and the Developer Guide:
// "After this percentage of tasks is healthy and the bake time elapses,
// Amazon ECS completes the deployment. Amazon ECS continues to scale the
// target service revision to 100%"; BLOCKING removes the source revision's
// tasks before the deployment completes, DEFERRED after.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentEarlySuccessCriteria.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/early-success-criteria.html
func TestEarlySuccessCriteria(t *testing.T) {
	cases := []struct {
		name     string
		criteria string
		alarms   bool
		// bake: bakeTimeInMinutes 1, no alarms.
		bake bool
		// early: the deployment completes before the service is steady.
		early bool
	}{
		{"deferred 50%", `{"enable":true,"healthyPercent":50,"sourceServiceRevisionCleanup":"DEFERRED"}`, false, false, true},
		{"blocking 50%", `{"enable":true,"healthyPercent":50,"sourceServiceRevisionCleanup":"BLOCKING"}`, false, false, true},
		{"disabled", `{"enable":false,"healthyPercent":50,"sourceServiceRevisionCleanup":"DEFERRED"}`, false, false, false},
		{"no cleanup mode: the default behaviour", `{"enable":true,"healthyPercent":50}`, false, false, false},
		{"alarm-based rollback waits for the bake time", `{"enable":true,"healthyPercent":50,"sourceServiceRevisionCleanup":"DEFERRED"}`, true, false, false},
		{"bakeTimeInMinutes waits too", `{"enable":true,"healthyPercent":50,"sourceServiceRevisionCleanup":"DEFERRED"}`, false, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(threeZones(2, 4096, 8192), 50, 100)
			w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(4)})
			w.settle(t, 10)
			w.svc.DeploymentConfiguration.EarlySuccessCriteria = json.RawMessage(c.criteria)
			if c.bake {
				w.svc.DeploymentConfiguration.BakeTimeInMinutes = model.Int32(1)
			}
			if c.alarms {
				w.svc.DeploymentConfiguration.Alarms = &model.DeploymentAlarms{AlarmNames: []string{"a"}, Enable: true, Rollback: true}
			}
			w.tds = append(w.tds, taskDef("web", 2, 256))
			w.update(t, model.UpdateServiceRequest{TaskDefinition: "web:2"})
			completedEarly, completions := false, 0
			var firstSteady, completedAt time.Time
			for range 30 {
				st := w.step(t)
				for _, m := range messages(st.Events) {
					if strings.HasSuffix(m, "deployment completed.") {
						completions++
					}
				}
				if w.svc.Deployments[0].RolloutState == model.DeploymentRolloutStateCompleted && completions == 1 && !st.Steady && !completedEarly {
					completedEarly = true
					oldLeft, newHealthy := early(w)
					if newHealthy < 2 {
						t.Fatalf("completed with %d healthy new tasks, want at least 50%% of 4", newHealthy)
					}
					if strings.Contains(c.criteria, "BLOCKING") && oldLeft > 0 {
						t.Fatalf("BLOCKING completed with %d old tasks left", oldLeft)
					}
					if strings.Contains(c.criteria, "DEFERRED") && oldLeft == 0 {
						t.Fatalf("DEFERRED completed only once the old tasks were gone: not early")
					}
				}
				if st.Steady && firstSteady.IsZero() {
					firstSteady = w.now
				}
				if completions == 1 && completedAt.IsZero() {
					completedAt = w.now
				}
				// With alarms the deployment stays IN_PROGRESS through its
				// bake after steady state: keep stepping until it ends.
				if st.Steady && service.Stable(&w.svc) == service.WaiterSuccess &&
					w.svc.Deployments[0].RolloutState != model.DeploymentRolloutStateInProgress {
					break
				}
				w.agent(t) // a minute passes: tasks launched run, stopping ones stop
				// Steps 30 s apart: a task that started is healthy (40 s of
				// settle time) only two steps later, which opens the window
				// early success is about.
				w.now = w.now.Add(-30 * time.Second)
			}
			if completedEarly != c.early || completions != 1 {
				t.Fatalf("completed early %v (want %v), %d completion events: %s", completedEarly, c.early, completions, w.describe())
			}
			if (c.alarms || c.bake) && completedAt.Before(firstSteady.Add(time.Minute)) {
				t.Fatalf("completed at %s, before steady state (%s) plus the one-minute bake", completedAt, firstSteady)
			}
			if oldLeft, newHealthy := early(w); oldLeft != 0 || newHealthy != 4 {
				t.Fatalf("after the deployment: %d old left, %d new healthy; the scheduler keeps scaling to 100%%", oldLeft, newHealthy)
			}
		})
	}
}
