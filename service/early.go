package service

import (
	"encoding/json"
	"fmt"

	"github.com/ecsstate/ecsstate/deployment"
	"github.com/ecsstate/ecsstate/model"
)

// Source service revision cleanup of early success criteria.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentEarlySuccessCriteria.html
const (
	// CleanupBlocking: the old revision's tasks are removed before the
	// deployment is declared successful.
	CleanupBlocking = "BLOCKING"
	// CleanupDeferred: the deployment succeeds first and the old tasks
	// are removed afterwards.
	CleanupDeferred = "DEFERRED"
)

// EarlySuccessCriteria is deploymentConfiguration.earlySuccessCriteria,
// which the model keeps as raw JSON.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentEarlySuccessCriteria.html
type EarlySuccessCriteria struct {
	Enable                       bool   `json:"enable"`
	HealthyPercent               *int32 `json:"healthyPercent,omitempty"`
	SourceServiceRevisionCleanup string `json:"sourceServiceRevisionCleanup,omitempty"`
}

// EarlySuccessOf decodes the service's early success criteria; ok is
// false when they are absent, disabled, unreadable or incomplete (enable
// needs healthyPercent 0 to 100 and a cleanup mode), in which case the
// deployment completes the default way: the new revision at the desired
// count, healthy, and the old tasks gone.
func EarlySuccessOf(dc *model.DeploymentConfiguration) (c EarlySuccessCriteria, ok bool) {
	if dc == nil || len(dc.EarlySuccessCriteria) == 0 {
		return c, false
	}
	if json.Unmarshal(dc.EarlySuccessCriteria, &c) != nil || !c.Enable || c.HealthyPercent == nil ||
		*c.HealthyPercent < 0 || *c.HealthyPercent > 100 ||
		c.SourceServiceRevisionCleanup != CleanupBlocking && c.SourceServiceRevisionCleanup != CleanupDeferred {
		return EarlySuccessCriteria{}, false
	}
	return c, true
}

// earlySuccess completes an IN_PROGRESS rolling deployment before the
// service is steady when its early success criteria hold after this step
// (Complete Amazon ECS rolling deployments early,
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/early-success-criteria.html):
// at least healthyPercent of the desired count (rounded up, as the floor
// is) runs healthy on the PRIMARY, and with BLOCKING cleanup no task of
// an older deployment is left, stopping ones included. The scheduler
// keeps scaling the new revision to the desired count and, with
// DEFERRED, removing the old tasks afterwards; a later steady state
// writes no second "deployment completed.".
//
// The criteria also wait for the bake time (of the alarms, or
// bakeTimeInMinutes; see [BakeTime]). A reconcile step cannot date when
// the threshold was first met, so a deployment with a bake does not
// complete early: it completes the default way, at steady state plus the
// bake, which never ends a bake before early success would (a decision:
// later rather than unbaked).
func (r *reconciler) earlySuccess() error {
	s := &r.svc
	p := r.dep(0)
	if s.Status != model.ServiceStatusActive || p.Status != model.DeploymentStatusPrimary ||
		p.RolloutState != model.DeploymentRolloutStateInProgress {
		return nil
	}
	c, ok := EarlySuccessOf(s.DeploymentConfiguration)
	if !ok {
		return nil
	}
	if BakeTime(s.DeploymentConfiguration, r.in.Alarms) > 0 {
		return nil
	}
	healthy := 0
	for _, t := range r.buckets[0].byState[deployment.Healthy] {
		if !r.buckets[0].isDraining[t] {
			healthy++
		}
	}
	left := 0
	for i := 1; i < len(r.buckets); i++ {
		for _, ts := range r.buckets[i].byState {
			left += len(ts)
		}
	}
	for _, st := range r.stopped {
		if st.bucket == 0 && st.state == deployment.Healthy {
			healthy--
		}
	}
	need := (int64(s.DesiredCount)*int64(*c.HealthyPercent) + 99) / 100
	if int64(healthy) < need || c.SourceServiceRevisionCleanup == CleanupBlocking && left > 0 {
		return nil
	}
	to, ok := deployment.Next(deployment.State{Status: p.Status, Rollout: p.RolloutState}, deployment.SteadyState)
	if !ok {
		return nil
	}
	p.Status, p.RolloutState = to.Status, to.Rollout
	p.RolloutStateReason = "ECS deployment " + p.ID + " completed."
	p.UpdatedAt = model.At(r.now)
	r.say(fmt.Sprintf("(service %s) (deployment %s) deployment completed.", r.name, p.ID))
	return nil
}
