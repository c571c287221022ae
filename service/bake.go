package service

import (
	"slices"
	"strings"
	"time"

	"github.com/ecsstate/ecsstate/deployment"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// AlarmState is a CloudWatch alarm's state.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html
type AlarmState string

// The CloudWatch alarm states.
const (
	AlarmStateOK               AlarmState = "OK"
	AlarmStateAlarm            AlarmState = "ALARM"
	AlarmStateInsufficientData AlarmState = "INSUFFICIENT_DATA"
)

// Valid reports whether s is one of the three CloudWatch alarm states.
func (s AlarmState) Valid() bool {
	return s == AlarmStateOK || s == AlarmStateAlarm || s == AlarmStateInsufficientData
}

// Alarm is what the scheduler reads of a CloudWatch alarm a service's
// deploymentConfiguration.alarms may name: its state, when it entered it,
// and its evaluation window, from which ECS derives the bake time.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html
type Alarm struct {
	// Name is the alarm's name (AlarmName), 1 to 255 characters.
	Name  string
	State AlarmState
	// StateUpdatedAt is when the alarm entered State (CloudWatch's
	// StateUpdatedTimestamp). An ALARM entered at or before a deployment's
	// createdAt does not fail it (see [FiredAlarms]); zero means unknown
	// and counts as entering ALARM during any deployment.
	StateUpdatedAt time.Time
	// Period and EvaluationPeriods are the alarm's evaluation window;
	// zero means unknown (see [Alarm.Window]).
	Period            time.Duration
	EvaluationPeriods int32
}

// DefaultAlarmWindow is the evaluation window assumed for a monitored
// alarm whose Period or EvaluationPeriods is unknown: one evaluation of
// CloudWatch's standard one-minute period. A decision: ECS does not say
// what bake it uses for an alarm it cannot read.
const DefaultAlarmWindow = time.Minute

// MaxAlarmWindow bounds Period × EvaluationPeriods: CloudWatch refuses an
// alarm whose evaluation window exceeds seven days (PutMetricAlarm's
// EvaluationPeriods).
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
const MaxAlarmWindow = 7 * 24 * time.Hour

// maxAlarmName is CloudWatch's AlarmName length limit.
const maxAlarmName = 255

// Window is the alarm's evaluation window, Period × EvaluationPeriods, or
// [DefaultAlarmWindow] when either is unknown (zero).
func (a Alarm) Window() time.Duration {
	if a.Period <= 0 || a.EvaluationPeriods <= 0 {
		return DefaultAlarmWindow
	}
	if a.Period > MaxAlarmWindow/time.Duration(a.EvaluationPeriods) {
		return MaxAlarmWindow
	}
	return a.Period * time.Duration(a.EvaluationPeriods)
}

// CheckAlarms returns an InvalidParameterException for alarm input no
// CloudWatch alarm has: an empty or over-long name, a name given twice, a
// state other than OK, ALARM and INSUFFICIENT_DATA, a negative period or
// evaluation count, or a window longer than [MaxAlarmWindow].
func CheckAlarms(alarms []Alarm) error {
	seen := make(map[string]bool, len(alarms))
	for i, a := range alarms {
		switch {
		case a.Name == "" || len(a.Name) > maxAlarmName:
			return invalid("alarms[%d].name: must be 1 to %d characters.", i, maxAlarmName)
		case seen[a.Name]:
			return invalid("alarms[%d].name: %s is given twice.", i, ecserrors.Clip(a.Name))
		case !a.State.Valid():
			return invalid("alarms[%d].state: %q is not OK, ALARM or INSUFFICIENT_DATA.", i, ecserrors.Clip(string(a.State)))
		case a.Period < 0 || a.EvaluationPeriods < 0:
			return invalid("alarms[%d]: period and evaluationPeriods must not be negative.", i)
		case a.Period > 0 && a.EvaluationPeriods > 0 && a.Period > MaxAlarmWindow/time.Duration(a.EvaluationPeriods):
			return invalid("alarms[%d]: period × evaluationPeriods exceeds %s.", i, MaxAlarmWindow)
		}
		seen[a.Name] = true
	}
	return nil
}

// alarmsOn reports whether dc monitors CloudWatch alarms.
func alarmsOn(dc *model.DeploymentConfiguration) bool {
	return dc != nil && dc.Alarms != nil && dc.Alarms.Enable
}

// BakeTime is how long a rolling deployment under dc stays IN_PROGRESS
// after the service reaches its steady state, watching its alarms. Zero
// means it completes at steady state.
//
// With deploymentConfiguration.alarms enabled, ECS "computes this time
// period based on the alarm configuration associated with the
// deployment" and does not let it be set
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html).
// Our reading, a decision: the longest evaluation window
// ([Alarm.Window], Period × EvaluationPeriods) of the monitored alarms,
// an alarm missing from alarms counting [DefaultAlarmWindow] — the time
// an alarm needs to notice a regression the new tasks cause.
//
// bakeTimeInMinutes is documented for blue/green deployments
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html);
// a decision: a rolling deployment honours it too, and when both apply
// the longer one wins, so that a bake the user asked for is never cut
// short.
func BakeTime(dc *model.DeploymentConfiguration, alarms []Alarm) time.Duration {
	if dc == nil {
		return 0
	}
	var bake time.Duration
	if alarmsOn(dc) {
		for _, name := range dc.Alarms.AlarmNames {
			w := DefaultAlarmWindow
			if i := slices.IndexFunc(alarms, func(a Alarm) bool { return a.Name == name }); i >= 0 {
				w = alarms[i].Window()
			}
			bake = max(bake, w)
		}
	}
	if m := dc.BakeTimeInMinutes; m != nil && *m > 0 {
		bake = max(bake, time.Duration(*m)*time.Minute)
	}
	return bake
}

// FiredAlarms returns the names of the alarms dc monitors that fail a
// deployment created at since: in ALARM, entered after since (or at an
// unknown time), in the order dc names them. An alarm already in ALARM
// when the deployment starts does not fail it until it leaves ALARM and
// enters it again (the later StateUpdatedAt), as ECS ignores alarms in
// ALARM at the start of a deployment
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html).
// An alarm entering ALARM at the very instant the deployment is created
// counts as already there (a decision: the rollback deployment an alarm
// starts is created in the step that reads the alarm, and must not fail
// on the same alarm).
func FiredAlarms(dc *model.DeploymentConfiguration, alarms []Alarm, since time.Time) []string {
	if !alarmsOn(dc) {
		return nil
	}
	var fired []string
	for _, name := range dc.Alarms.AlarmNames {
		i := slices.IndexFunc(alarms, func(a Alarm) bool { return a.Name == name })
		if i < 0 || slices.Contains(fired, name) {
			continue
		}
		a := &alarms[i]
		if a.State == AlarmStateAlarm && (a.StateUpdatedAt.IsZero() || a.StateUpdatedAt.After(since)) {
			fired = append(fired, name)
		}
	}
	return fired
}

// BlockedByAlarm: a CloudWatch alarm the deployment monitors went into
// ALARM and failed it in this step (rolling back when alarms.rollback is
// on), or the PRIMARY is FAILED by an alarm and the scheduler starts and
// stops nothing until the service is updated.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html
const BlockedByAlarm BlockKind = "Alarm"

// checkAlarms fails the IN_PROGRESS PRIMARY when a monitored alarm fired
// during its deployment or bake, through deployment.Apply (rollback when
// alarms.rollback is on). It reports whether it did: that ends the step,
// as a circuit breaker trip does. A PRIMARY an alarm already failed
// blocks the step with BlockedByAlarm.
func (r *reconciler) checkAlarms() (bool, error) {
	p := r.dep(0)
	if p.Status == model.DeploymentStatusPrimary && p.RolloutState == model.DeploymentRolloutStateFailed &&
		strings.HasPrefix(p.RolloutStateReason, deployment.AlarmReasonPrefix) {
		r.block(BlockedByAlarm, p.RolloutStateReason)
		return false, nil
	}
	if r.svc.Status != model.ServiceStatusActive || p.Status != model.DeploymentStatusPrimary ||
		p.RolloutState != model.DeploymentRolloutStateInProgress {
		return false, nil
	}
	fired := FiredAlarms(r.svc.DeploymentConfiguration, r.in.Alarms, p.CreatedAt.Time)
	if len(fired) == 0 {
		return false, nil
	}
	res, err := r.applyFailure(deployment.Event{Kind: deployment.AlarmFired, AlarmNames: fired})
	if err != nil {
		return false, err
	}
	r.failed(BlockedByAlarm, p.ID, "alarms triggered: "+strings.Join(fired, ", "), res.RolledBackTo)
	return true, nil
}

// baking reports whether the steady PRIMARY p must stay IN_PROGRESS for
// its bake, setting Step.BakeUntil when it must.
//
// The bake starts at steady state: the time of the newest "has reached a
// steady state." event written since the deployment was created and since
// tasks last started or stopped, or now when there is none (this step
// writes it). A decision: ECS says the bake follows the scale-out of the
// new revision and the scale-in of the old one
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html);
// a service that loses its steady state during the bake (a task replaced)
// starts its bake again at the next steady state. The deployment
// completes in the first step at or after start + [BakeTime].
func (r *reconciler) baking(p *model.Deployment) bool {
	bake := BakeTime(r.svc.DeploymentConfiguration, r.in.Alarms)
	if bake <= 0 {
		return false
	}
	msg := r.steadyMessage()
	start := r.now
	found := false
	for _, e := range r.in.Service.Events {
		if isAction(e.Message) || e.CreatedAt.Before(p.CreatedAt.Time) {
			break
		}
		if e.Message == msg {
			start, found = e.CreatedAt.Time, true
			break
		}
	}
	end := start.Add(bake)
	if !r.now.Before(end) {
		return false
	}
	r.step.BakeUntil = end
	if !found && !slices.Contains(r.events, msg) {
		// The bake is dated by this event: write it even where say would
		// hold back a repeat of an older steady state.
		r.events = append(r.events, msg)
	}
	return true
}
