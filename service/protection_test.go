package service_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// pstep runs one reconcile step of w with the given protection and
// applies it, checking the floor and ceiling as world.step does.
func pstep(t tb, w *world, prot map[string]model.ProtectedTask) service.Step {
	t.Helper()
	in := w.input()
	in.Protection = prot
	st, err := service.Reconcile(in, w.now)
	if err != nil {
		t.Fatalf("reconcile: %v", err)
	}
	if w.checkBounds {
		w.bounds(t, &st)
	}
	insts, tasks, err := service.ApplyStep(w.insts, w.tasks, w.tds, &st, w.now)
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	w.insts, w.tasks, w.svc = insts, tasks, st.Service
	return st
}

func liveTasks(w *world) []model.Task {
	var out []model.Task
	for _, tk := range w.tasks {
		if live(&tk) {
			out = append(out, tk)
		}
	}
	return out
}

// The protection UpdateTaskProtection sets, from the API reference:
// "If you don't specify the time, then the task is automatically
// protected for 120 minutes", "a value from 1 minute to up to 2,880
// minutes", "After this time period lapses, protectionEnabled will be
// reset to false", and the expiration is reset by every call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateTaskProtection.html
func TestProtectDocumentedRules(t *testing.T) {
	arn := wacct.TaskARN("prod", "0123456789abcdef0123456789abcdef")
	on := func(m *int32) *model.UpdateTaskProtectionRequest {
		return &model.UpdateTaskProtectionRequest{Cluster: "prod", Tasks: []string{arn}, ProtectionEnabled: true, ExpiresInMinutes: m}
	}
	cases := []struct {
		name    string
		req     *model.UpdateTaskProtectionRequest
		at      time.Duration // when GetTaskProtection looks, after t0
		enabled bool
		expires time.Time
	}{
		{"default two hours", on(nil), time.Hour, true, t0.Add(120 * time.Minute)},
		{"custom 60 minutes", on(model.Int32(60)), 59 * time.Minute, true, t0.Add(time.Hour)},
		{"lapsed at the expiration date", on(model.Int32(60)), time.Hour, false, time.Time{}},
		{"lapsed after", on(nil), 3 * time.Hour, false, time.Time{}},
		{"the maximum, 48 hours", on(model.Int32(2880)), 47 * time.Hour, true, t0.Add(48 * time.Hour)},
		{"disabled has no expiration", &model.UpdateTaskProtectionRequest{Cluster: "prod", Tasks: []string{arn}}, 0, false, time.Time{}},
	}
	for _, c := range cases {
		if err := c.req.Validate(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got := service.ProtectionAt(service.Protect(arn, c.req, t0), t0.Add(c.at))
		if got.TaskARN != arn || got.ProtectionEnabled != c.enabled || !got.ExpirationDate.Time.Equal(c.expires) {
			t.Errorf("%s: got %+v, want enabled %v until %v", c.name, got, c.enabled, c.expires)
		}
	}
	// Each call resets the expiration.
	later := service.Protect(arn, on(model.Int32(10)), t0.Add(time.Hour))
	if !later.ExpirationDate.Time.Equal(t0.Add(70 * time.Minute)) {
		t.Errorf("renewed protection expires %v", later.ExpirationDate)
	}
	bad := []*model.UpdateTaskProtectionRequest{
		on(model.Int32(0)), on(model.Int32(2881)), on(model.Int32(-5)),
		{Cluster: "prod", ProtectionEnabled: true},                                 // no tasks
		{Tasks: []string{arn}, ProtectionEnabled: true},                            // no cluster
		{Cluster: "prod", Tasks: strings.Split(strings.Repeat("a,", 10)+"a", ",")}, // 11 tasks
	}
	for _, r := range bad {
		if err := r.Validate(); err == nil || !strings.Contains(err.Error(), "InvalidParameterException") {
			t.Errorf("%+v: got %v, want InvalidParameterException", r, err)
		}
	}
}

// "During this time, your task will not be terminated by scale-in events
// from Service Auto Scaling or deployments": a scale-in from 4 to 1 with
// two protected tasks stops only the unprotected surplus, writes the
// documented event, and finishes once protection lapses.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-scale-in-protection.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html
func TestScaleInSkipsProtectedTasks(t *testing.T) {
	w := newWorld(threeZones(2, 4096, 8192), 100, 200)
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(4)})
	w.settle(t, 10)
	tasks := liveTasks(w)
	prot := map[string]model.ProtectedTask{}
	req := &model.UpdateTaskProtectionRequest{Cluster: "prod", Tasks: []string{"x"}, ProtectionEnabled: true, ExpiresInMinutes: model.Int32(30)}
	for _, tk := range tasks[:2] {
		prot[tk.TaskARN] = service.Protect(tk.TaskARN, req, w.now)
	}
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(1)})
	st := pstep(t, w, prot)
	if len(st.Stop) != 2 {
		t.Fatalf("stopped %d tasks, want the 2 unprotected ones", len(st.Stop))
	}
	for _, s := range st.Stop {
		if _, ok := prot[s.TaskARN]; ok {
			t.Fatalf("stopped protected task %s", s.TaskARN)
		}
	}
	want := fmt.Sprintf("(service web) was unable to reach steady state because task set (%s) was unable to scale in. Reason: The number of protected tasks are more than the desired count of tasks.", w.svc.Deployments[0].ID)
	if st.Blocked != service.BlockedByProtection || st.BlockedReason != want || !contains(messages(st.Events), want) {
		t.Fatalf("blocked %q %q, events %q", st.Blocked, st.BlockedReason, messages(st.Events))
	}
	for range 20 { // 20 minutes: still protected, nothing more stops
		w.agent(t)
		if st := pstep(t, w, prot); len(st.Stop) > 0 || st.Steady {
			t.Fatalf("at %v: stops %v steady %v", w.now.Sub(t0), st.Stop, st.Steady)
		}
	}
	for range 15 { // protection lapses after 30 minutes
		w.agent(t)
		pstep(t, w, prot)
	}
	if n := len(liveTasks(w)); n != 1 {
		t.Fatalf("%d live tasks after protection lapsed, want 1: %s", n, w.describe())
	}
}

// A deployment waits for protected tasks of the old deployment: new tasks
// start within maximumPercent, the protected ones keep running until their
// protection is cleared, then the deployment completes.
func TestDeploymentWaitsForProtectedTasks(t *testing.T) {
	w := newWorld(threeZones(2, 4096, 8192), 100, 200)
	w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(3)})
	w.settle(t, 10)
	prot := map[string]model.ProtectedTask{}
	req := &model.UpdateTaskProtectionRequest{Cluster: "prod", Tasks: []string{"x"}, ProtectionEnabled: true}
	old := liveTasks(w)
	for _, tk := range old {
		prot[tk.TaskARN] = service.Protect(tk.TaskARN, req, w.now)
	}
	w.tds = append(w.tds, taskDef("web", 2, 256))
	w.update(t, model.UpdateServiceRequest{TaskDefinition: "web:2"})
	for range 10 {
		st := pstep(t, w, prot)
		for _, s := range st.Stop {
			t.Fatalf("stopped %s while protected", s.TaskARN)
		}
		w.agent(t)
	}
	if n := len(liveTasks(w)); n != 6 {
		t.Fatalf("%d live tasks, want 3 old protected + 3 new", n)
	}
	if w.svc.Deployments[0].RolloutState == model.DeploymentRolloutStateCompleted || service.Stable(&w.svc) == service.WaiterSuccess {
		t.Fatalf("deployment completed with protected old tasks: %s", w.describe())
	}
	// The task clears its protection (UpdateTaskProtection false).
	off := &model.UpdateTaskProtectionRequest{Cluster: "prod", Tasks: []string{"x"}}
	for _, tk := range old {
		prot[tk.TaskARN] = service.Protect(tk.TaskARN, off, w.now)
	}
	for range 10 {
		pstep(t, w, prot)
		w.agent(t)
	}
	st := pstep(t, w, prot)
	if !st.Steady || w.svc.Deployments[0].RolloutState != model.DeploymentRolloutStateCompleted {
		t.Fatalf("not steady after protection cleared: %s", w.describe())
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestProtectedTaskIsNeverStoppedWhileProtected drives random scale-ins,
// deployments and protections: no step stops a task that is protected at
// that step (neither to scale in, for a deployment nor to rebalance), the
// floor and ceiling hold, and once every protection lapses the service
// converges.
func TestProtectedTaskIsNeverStoppedWhileProtected(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := genWorld(t)
		prot := map[string]model.ProtectedTask{}
		rev := int32(1)
		w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(int32(rapid.IntRange(1, 6).Draw(t, "desired0")))})
		for i := range rapid.IntRange(1, 8).Draw(t, "actions") {
			switch rapid.IntRange(0, 3).Draw(t, fmt.Sprint("kind", i)) {
			case 0:
				w.update(t, model.UpdateServiceRequest{DesiredCount: model.Int32(int32(rapid.IntRange(0, 6).Draw(t, fmt.Sprint("desired", i))))})
			case 1:
				rev++
				w.tds = append(w.tds, taskDef("web", rev, 256))
				w.update(t, model.UpdateServiceRequest{TaskDefinition: "web"})
			case 2, 3:
				lt := liveTasks(w)
				if len(lt) == 0 {
					break
				}
				tk := lt[rapid.IntRange(0, len(lt)-1).Draw(t, fmt.Sprint("task", i))]
				req := &model.UpdateTaskProtectionRequest{Cluster: "prod", Tasks: []string{tk.TaskARN},
					ProtectionEnabled: rapid.IntRange(0, 3).Draw(t, fmt.Sprint("on", i)) > 0,
					ExpiresInMinutes:  model.Int32(int32(rapid.IntRange(1, 30).Draw(t, fmt.Sprint("minutes", i))))}
				prot[tk.TaskARN] = service.Protect(tk.TaskARN, req, w.now)
			}
			for range rapid.IntRange(1, 4).Draw(t, fmt.Sprint("rounds", i)) {
				now := w.now
				st := pstep(t, w, prot)
				for _, s := range st.Stop {
					if p, ok := prot[s.TaskARN]; ok && service.IsProtected(p, now) {
						t.Fatalf("stopped protected task %s (%s) at %v, protected until %v", s.TaskARN, s.Reason, now, p.ExpirationDate)
					}
				}
				w.agent(t)
			}
		}
		w.now = w.now.Add(31 * time.Minute) // every protection has lapsed
		for range 60 {
			st := pstep(t, w, prot)
			if st.Steady && service.Stable(&w.svc) == service.WaiterSuccess && w.svc.Deployments[0].RolloutState == model.DeploymentRolloutStateCompleted {
				return
			}
			w.agent(t)
		}
		t.Fatalf("no steady state once protection lapsed: %s", w.describe())
	})
}
