package ecsstate

import (
	"maps"
	"slices"
	"strings"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// The world's CloudWatch alarms, which services' deploymentConfiguration.alarms
// name. The caller plays CloudWatch: it sets alarm states and windows; the
// scheduler reads them on its next run (a deployment fails at the first
// scheduler run that sees a monitored alarm in ALARM, not at the instant
// the state is set) and derives the bake from the windows (see
// [service.BakeTime]).
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html

// SetAlarmState sets the state of the CloudWatch alarm name, as of at (the
// zero time: the world's time), creating the alarm when the world does not
// know it (window unknown, see [World.SetAlarmWindow]). A state equal to
// the current one changes nothing, as CloudWatch's StateUpdatedTimestamp
// moves only when the state changes. An alarm entering ALARM fails the
// IN_PROGRESS deployment of every service that monitors it and whose
// deployment started before at (see [service.FiredAlarms]), at the
// scheduler's next run: a rolling one as its circuit breaker would, a
// BLUE_GREEN, LINEAR or CANARY one by rolling its traffic shift back to
// blue at whatever stage it is.
//
// Errors are InvalidParameterException (an empty or over-long name, an
// unknown state, at after the world's time or before the alarm's last
// change) and UnsupportedFeatureException when the alarm enters ALARM
// while a BLUE_GREEN, LINEAR or CANARY deployment that monitors it with
// rollback off is in progress: ECS then stops the deployment where its
// traffic stands, which the world does not model, so it refuses rather
// than let the alarm go unheeded. The alarm is left as it was on error.
func (w *World) SetAlarmState(name string, state service.AlarmState, at time.Time) error {
	if at.IsZero() {
		at = w.now
	}
	if err := service.CheckAlarms([]service.Alarm{{Name: name, State: state}}); err != nil {
		return err
	}
	if at.After(w.now) {
		return invalid("SetAlarmState: %s is after the world's time %s.", at.UTC().Format(time.RFC3339), w.now.Format(time.RFC3339))
	}
	a, known := w.alarms[name]
	if known && at.Before(a.StateUpdatedAt) {
		return invalid("SetAlarmState: alarm %s last changed at %s, after %s.", ecserrors.Clip(name), a.StateUpdatedAt.Format(time.RFC3339), at.UTC().Format(time.RFC3339))
	}
	if known && a.State == state {
		return nil
	}
	if state == service.AlarmStateAlarm {
		if err := w.unheededAlarm(name); err != nil {
			return err
		}
	}
	from := string(a.State)
	if !known {
		a = service.Alarm{Name: name}
	}
	a.State, a.StateUpdatedAt = state, at.UTC()
	w.putAlarm(a)
	w.record(Record{Kind: RecordCall, Resource: name, From: from, To: string(state), Message: "alarm " + name + " is " + string(state)})
	return nil
}

// SetAlarmWindow sets the CloudWatch alarm name's Period and
// EvaluationPeriods, from which the bake of a deployment that monitors it
// follows (see [service.BakeTime]); zero means unknown. An alarm the world
// does not know yet is created in INSUFFICIENT_DATA, as CloudWatch creates
// alarms. Invalid values are an InvalidParameterException
// ([service.CheckAlarms]).
func (w *World) SetAlarmWindow(name string, period time.Duration, evaluationPeriods int32) error {
	a, known := w.alarms[name]
	if !known {
		a = service.Alarm{Name: name, State: service.AlarmStateInsufficientData, StateUpdatedAt: w.now}
	}
	a.Period, a.EvaluationPeriods = period, evaluationPeriods
	if err := service.CheckAlarms([]service.Alarm{a}); err != nil {
		return err
	}
	w.putAlarm(a)
	return nil
}

// Alarms returns the world's CloudWatch alarms by name.
func (w *World) Alarms() []service.Alarm {
	return slices.SortedFunc(maps.Values(w.alarms), func(a, b service.Alarm) int { return strings.Compare(a.Name, b.Name) })
}

// putAlarm stores a, copying the map first: a clone shares it.
func (w *World) putAlarm(a service.Alarm) {
	m := make(map[string]service.Alarm, len(w.alarms)+1)
	maps.Copy(m, w.alarms)
	m[a.Name] = a
	w.alarms = m
}

// alarmsFor returns the alarms dc monitors that the world knows, for a
// reconcile step: a monitored alarm the world does not know never fires.
func (w *World) alarmsFor(dc *model.DeploymentConfiguration) []service.Alarm {
	if dc == nil || dc.Alarms == nil || !dc.Alarms.Enable || len(w.alarms) == 0 {
		return nil
	}
	var out []service.Alarm
	for _, name := range dc.Alarms.AlarmNames {
		if a, ok := w.alarms[name]; ok && !slices.ContainsFunc(out, func(x service.Alarm) bool { return x.Name == name }) {
			out = append(out, a)
		}
	}
	return out
}

// unheededAlarm refuses an alarm entering ALARM that an in-progress
// traffic-shifting deployment monitors with rollback off (see
// [World.SetAlarmState]).
func (w *World) unheededAlarm(name string) error {
	for _, cn := range slices.Sorted(maps.Keys(w.clusters)) {
		cs := w.clusters[cn]
		for i := range cs.services {
			s := &cs.services[i]
			dc := s.DeploymentConfiguration
			if s.Status != model.ServiceStatusActive || !shiftedStrategy(s) || dc.Alarms == nil || !dc.Alarms.Enable ||
				dc.Alarms.Rollback || !slices.Contains(dc.Alarms.AlarmNames, name) {
				continue
			}
			if p := shiftPrimary(s); p != nil && p.RolloutState == model.DeploymentRolloutStateInProgress {
				return ecserrors.New(ecserrors.CodeUnsupportedFeature,
					"SetAlarmState: service %s deploys with %s and alarm rollback off; ecsstate does not model a traffic shift stopped by an alarm, so alarm %s would go unheeded.",
					ecserrors.Clip(s.ServiceName), dc.Strategy, ecserrors.Clip(name))
			}
		}
	}
	return nil
}

// triggeredAlarms names the alarms that failed a service deployment that
// started at since: those dc monitors in ALARM since after it started.
func (w *World) triggeredAlarms(dc *model.DeploymentConfiguration, since time.Time) []string {
	return service.FiredAlarms(dc, w.alarmsFor(dc), since)
}
