package service

import (
	"fmt"
	"time"

	"github.com/ecsstate/ecsstate/deployment"
	"github.com/ecsstate/ecsstate/model"
)

// Task scale-in protection, as the service scheduler honours it.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-scale-in-protection.html

// BlockedByProtection: tasks the step would stop for a scale-in or a
// deployment are protected, so the service cannot reach its steady state
// until their protection is cleared or expires.
const BlockedByProtection BlockKind = "Protection"

// Protect returns the protection UpdateTaskProtection gives a task at now:
// enabled until now + expiresInMinutes (120 when absent), or disabled with
// no expiration date. Calling it again on a protected task resets the
// expiration, as the API reference says. The request must be valid
// ([model.UpdateTaskProtectionRequest.Validate]).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateTaskProtection.html
func Protect(taskARN string, req *model.UpdateTaskProtectionRequest, now time.Time) model.ProtectedTask {
	if !req.ProtectionEnabled {
		return model.ProtectedTask{TaskARN: taskARN}
	}
	minutes := int32(model.DefaultProtectionMinutes)
	if req.ExpiresInMinutes != nil {
		minutes = *req.ExpiresInMinutes
	}
	return model.ProtectedTask{TaskARN: taskARN, ProtectionEnabled: true,
		ExpirationDate: model.At(now.Add(time.Duration(minutes) * time.Minute))}
}

// ProtectionAt returns p as GetTaskProtection shows it at now: once the
// expiration date has passed, protectionEnabled is false ("After this
// time period lapses, protectionEnabled will be reset to false") and the
// expiration date is dropped, as for a task whose protection was never
// set. A protection that expires exactly at now has lapsed.
func ProtectionAt(p model.ProtectedTask, now time.Time) model.ProtectedTask {
	if p.ProtectionEnabled && !p.ExpirationDate.IsZero() && !now.Before(p.ExpirationDate.Time) {
		return model.ProtectedTask{TaskARN: p.TaskARN}
	}
	return p
}

// IsProtected reports whether p protects its task at now.
func IsProtected(p model.ProtectedTask, now time.Time) bool {
	return ProtectionAt(p, now).ProtectionEnabled
}

// protected reports whether the task is protected now (Input.Protection).
func (r *reconciler) protected(t *model.Task) bool {
	p, ok := r.in.Protection[t.TaskARN]
	return ok && IsProtected(p, r.now)
}

// unprotected returns cands without the protected tasks, counting those it
// held back against deploymentID.
func (r *reconciler) unprotected(cands []*model.Task, deploymentID string, want int) []*model.Task {
	if len(r.in.Protection) == 0 {
		return cands
	}
	out := make([]*model.Task, 0, len(cands))
	for _, t := range cands {
		if !r.protected(t) {
			out = append(out, t)
		}
	}
	if held := min(want, len(cands)) - min(want, len(out)); held > 0 {
		r.held += held
		if r.heldBy == "" {
			r.heldBy = deploymentID
		}
	}
	return out
}

// protectionMessage is the service event ECS writes when protected tasks
// keep a scale-in from finishing. The Developer Guide documents it for a
// task set; for a service under the rolling controller the deployment
// plays the task set's part, so its ID is named.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html
func protectionMessage(service, id string) string {
	return fmt.Sprintf("(service %s) was unable to reach steady state because task set (%s) was unable to scale in. Reason: The number of protected tasks are more than the desired count of tasks.", service, id)
}

// holdBack ends a step in which protected tasks were held back: the starts
// the plan counted on the held stops' room are cut so that the ceiling
// (maximumPercent) still holds, and the step is blocked with ECS's event.
func (r *reconciler) holdBack(dec *deployment.Decision) {
	if r.held == 0 {
		return
	}
	var live int64
	for i := range r.buckets {
		b := &r.buckets[i]
		live += int64(len(b.byState[deployment.Pending]) + len(b.byState[deployment.Settling]) +
			len(b.byState[deployment.Healthy]) + len(b.byState[deployment.Unhealthy]))
	}
	for _, st := range r.stopped {
		if st.state != deployment.Stopping {
			live--
		}
	}
	room := max(0, dec.Bounds.Ceiling-live)
	dec.Start = int32(min(int64(dec.Start), room))
	id := r.heldBy
	if id == "" {
		id = r.ids[0]
	}
	msg := protectionMessage(r.name, id)
	r.block(BlockedByProtection, msg)
	r.say(msg)
}
