package deployment

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// StopServiceDeployment by status, as the stop page gives it: PENDING or
// IN_PROGRESS move to ROLLBACK_REQUESTED (ROLLBACK, the default) or
// STOP_REQUESTED (ABORT); a deployment already stopping or rolling back
// keeps going; a completed one cannot be stopped.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stop-service-deployment.html
func TestStopServiceDeployment(t *testing.T) {
	cases := []struct {
		from model.ServiceDeploymentStatus
		stop model.ServiceDeploymentStopType
		want model.ServiceDeploymentStatus // "" : ConflictException
	}{
		{model.ServiceDeploymentPending, "", model.ServiceDeploymentRollbackRequested},
		{model.ServiceDeploymentInProgress, model.StopTypeRollback, model.ServiceDeploymentRollbackRequested},
		{model.ServiceDeploymentInProgress, model.StopTypeAbort, model.ServiceDeploymentStopRequested},
		{model.ServiceDeploymentStopRequested, model.StopTypeRollback, model.ServiceDeploymentStopRequested},
		{model.ServiceDeploymentRollbackRequested, model.StopTypeRollback, model.ServiceDeploymentRollbackRequested},
		{model.ServiceDeploymentRollbackInProgress, model.StopTypeAbort, model.ServiceDeploymentRollbackInProgress},
		{model.ServiceDeploymentSuccessful, "", ""},
		{model.ServiceDeploymentStopped, "", ""},
		{model.ServiceDeploymentRollbackSuccessful, "", ""},
		{model.ServiceDeploymentRollbackFailed, "", ""},
	}
	for _, c := range cases {
		sd := model.ServiceDeployment{ServiceDeploymentARN: "arn:aws:ecs:us-east-1:123456789012:service-deployment/c/s/x", Status: c.from}
		got, err := StopServiceDeployment(&sd, c.stop, t0)
		switch {
		case c.want == "" && ecserrors.CodeOf(err) != ecserrors.CodeConflict:
			t.Errorf("%s %s: %v, want ConflictException", c.from, c.stop, err)
		case c.want != "" && (err != nil || got.Status != c.want):
			t.Errorf("%s %s: %s %v, want %s", c.from, c.stop, got.Status, err, c.want)
		}
		if sd.Status != c.from {
			t.Errorf("input modified")
		}
	}
	if _, err := StopServiceDeployment(&model.ServiceDeployment{Status: model.ServiceDeploymentInProgress}, "PAUSE", t0); ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
		t.Errorf("unknown stop type: %v", err)
	}
}

// The status machine as data: completed statuses are final, every status
// is reachable from PENDING, and the table answers as NextServiceDeploymentStatus.
func TestServiceDeploymentMachine(t *testing.T) {
	reach := map[model.ServiceDeploymentStatus]bool{model.ServiceDeploymentPending: true}
	for changed := true; changed; {
		changed = false
		for _, tr := range ServiceDeploymentTransitions() {
			if tr.From.Completed() {
				t.Errorf("%s leaves completed status %s", tr.On, tr.From)
			}
			if reach[tr.From] && !reach[tr.To] {
				reach[tr.To], changed = true, true
			}
			if to, ok := NextServiceDeploymentStatus(tr.From, tr.On); !ok || to != tr.To {
				t.Errorf("Next(%s, %s) = %s %v", tr.From, tr.On, to, ok)
			}
		}
	}
	for _, s := range model.ServiceDeploymentStatus("").Values() {
		if !reach[s] {
			t.Errorf("%s is unreachable", s)
		}
	}
}

// Any sequence of moves keeps the timestamps honest: startedAt once
// started, finishedAt exactly when completed, stoppedAt once stopped or a
// stop was asked; a refused move changes nothing.
func TestServiceDeploymentMoves(t *testing.T) {
	triggers := []SDTrigger{SDStarted, SDSucceeded, SDFailed, SDFailedRollback, SDStopAbort, SDStopRollback, SDStopDone, SDRollbackStarted, SDRollbackSucceeded, SDRollbackFailed}
	rapid.Check(t, func(rt *rapid.T) {
		sd := model.ServiceDeployment{ServiceDeploymentARN: "sd", Status: model.ServiceDeploymentPending, CreatedAt: model.At(t0)}
		now := t0
		stopAsked := false
		for range rapid.IntRange(1, 12).Draw(rt, "n") {
			now = now.Add(time.Second)
			on := rapid.SampledFrom(triggers).Draw(rt, "on")
			next, err := MoveServiceDeployment(&sd, on, "", now)
			if _, ok := NextServiceDeploymentStatus(sd.Status, on); !ok {
				if ecserrors.CodeOf(err) != ecserrors.CodeConflict {
					rt.Fatalf("%s from %s: %v", on, sd.Status, err)
				}
				continue
			}
			if err != nil {
				rt.Fatal(err)
			}
			// A stop request that changes the status stops the deployment;
			// one on a deployment already stopping or rolling back is
			// answered without a change.
			stopAsked = stopAsked || (on == SDStopAbort || on == SDStopRollback) && next.Status != sd.Status
			sd = next
			if sd.Status.Completed() != !sd.FinishedAt.IsZero() {
				rt.Fatalf("status %s finishedAt %v", sd.Status, sd.FinishedAt)
			}
			if (stopAsked || sd.Status == model.ServiceDeploymentStopped) && sd.StoppedAt.IsZero() {
				rt.Fatalf("stopped without stoppedAt: %+v", sd)
			}
			if sd.Status != model.ServiceDeploymentPending && sd.StartedAt.IsZero() && !stopAsked {
				rt.Fatalf("%s without startedAt", sd.Status)
			}
		}
	})
}

// ContinueServiceDeployment resolves a PAUSE hook awaiting action.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/pause-lifecycle-hooks.html
func TestContinueServiceDeployment(t *testing.T) {
	sd := model.ServiceDeployment{Status: model.ServiceDeploymentInProgress, LifecycleHookDetails: []model.DeploymentLifecycleHookDetail{
		{HookID: "ecs-pause-1", TargetType: model.HookTargetPause, Status: string(HookAwaitingAction), TimeoutAction: model.HookActionRollback}}}
	got, o, err := ContinueServiceDeployment(&sd, "ecs-pause-1", "", t0)
	if err != nil || o != HookSucceeded || got.LifecycleHookDetails[0].Status != string(HookSucceeded) || sd.LifecycleHookDetails[0].Status != string(HookAwaitingAction) {
		t.Errorf("CONTINUE: %v %v %+v", o, err, got)
	}
	if _, o, err = ContinueServiceDeployment(&sd, "ecs-pause-1", model.HookActionRollback, t0); err != nil || o != HookFailed {
		t.Errorf("ROLLBACK: %v %v", o, err)
	}
	if _, _, err = ContinueServiceDeployment(&got, "ecs-pause-1", "", t0); ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
		t.Errorf("hook already resolved: %v", err)
	}
	if _, _, err = ContinueServiceDeployment(&sd, "nope", "", t0); ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
		t.Errorf("unknown hook: %v", err)
	}
}

// ListServiceDeployments pages through the same deployments a filter of
// the whole list gives, newest first, whatever the page size.
func TestListServiceDeploymentsPages(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		var all []model.ServiceDeployment
		for i := range rapid.IntRange(0, 30).Draw(rt, "n") {
			all = append(all, model.ServiceDeployment{
				ServiceDeploymentARN: fmt.Sprintf("sd-%02d", i),
				ServiceARN:           rapid.SampledFrom([]string{"s1", "s2"}).Draw(rt, "svc"),
				Status:               rapid.SampledFrom(model.ServiceDeploymentStatus("").Values()).Draw(rt, "status"),
				CreatedAt:            model.At(t0.Add(time.Duration(rapid.IntRange(0, 5).Draw(rt, "at")) * time.Minute)),
			})
		}
		statuses := rapid.SliceOfN(rapid.SampledFrom(model.ServiceDeploymentStatus("").Values()), 0, 3).Draw(rt, "filter")
		var want []string
		for _, sd := range all {
			if sd.ServiceARN == "s1" && (len(statuses) == 0 || slices.Contains(statuses, sd.Status)) {
				want = append(want, sd.ServiceDeploymentARN)
			}
		}
		// Reference order: newest first, then ARN.
		byARN := map[string]time.Time{}
		for _, sd := range all {
			byARN[sd.ServiceDeploymentARN] = sd.CreatedAt.Time
		}
		slices.SortFunc(want, func(a, b string) int {
			if c := byARN[b].Compare(byARN[a]); c != 0 {
				return c
			}
			if a < b {
				return -1
			}
			return 1
		})
		page := int32(rapid.IntRange(1, 7).Draw(rt, "page"))
		var got []string
		token := ""
		for range 100 {
			r, err := ListServiceDeployments(all, "s1", statuses, &page, token)
			if err != nil {
				rt.Fatal(err)
			}
			if len(r.ServiceDeployments) > int(page) {
				rt.Fatalf("page of %d for maxResults %d", len(r.ServiceDeployments), page)
			}
			for _, b := range r.ServiceDeployments {
				got = append(got, b.ServiceDeploymentARN)
			}
			if token = r.NextToken; token == "" {
				break
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			rt.Fatalf("pages (-want +got):\n%s", diff)
		}
	})
}

func TestDescribeServiceDeploymentsAndRevisions(t *testing.T) {
	all := []model.ServiceDeployment{{ServiceDeploymentARN: "a"}, {ServiceDeploymentARN: "b"}}
	r, err := DescribeServiceDeployments(all, []string{"b", "x"})
	if err != nil || len(r.ServiceDeployments) != 1 || r.ServiceDeployments[0].ServiceDeploymentARN != "b" ||
		!cmp.Equal(r.Failures, []model.Failure{{ARN: "x", Reason: "MISSING"}}) {
		t.Errorf("%+v %v", r, err)
	}
	if _, err := DescribeServiceDeployments(all, nil); ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
		t.Errorf("no ARN: %v", err)
	}
	rev, err := DescribeServiceRevisions([]model.ServiceRevision{{ServiceRevisionARN: "r1", TaskDefinition: "web:1"}}, []string{"r1", "r2"})
	if err != nil || len(rev.ServiceRevisions) != 1 || rev.ServiceRevisions[0].TaskDefinition != "web:1" || len(rev.Failures) != 1 {
		t.Errorf("%+v %v", rev, err)
	}
}
