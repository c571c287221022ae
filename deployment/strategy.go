package deployment

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/ecsstate/ecsstate/model"
)

// The BLUE_GREEN, LINEAR and CANARY deployment strategies as a pure state
// machine: a green revision is scaled to full size beside the blue one,
// test and then production traffic move to it (all at once, in equal steps,
// or a canary share then the rest), both run through a bake time, and blue
// is cleaned up. Lifecycle hooks hold the deployment at their stages until
// the caller reports their outcome; an alarm, a failed hook or a stop
// request rolls everything back to blue. The caller runs the tasks (green
// and blue desired counts are outputs) and reports what runs; [Shift]
// never reads a clock.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-linear.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-canary.html
//
// service.Reconcile runs rolling updates only and refuses these strategies
// (service.StrategyModelled); the ecsstate World runs all three by driving
// this machine and the rolling scheduler together (its world_bluegreen.go).

// Stage is a lifecycle stage of a service deployment (the ECS
// ServiceDeploymentLifecycleStage enumeration).
type Stage string

// The lifecycle stages, in the order a deployment goes through them.
// RECONCILE_SERVICE happens only when the deployment starts while more than
// one revision is ACTIVE; PRE_PRODUCTION_TRAFFIC_SHIFT and
// PRODUCTION_TRAFFIC_SHIFT repeat at every traffic step of LINEAR and
// CANARY.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html
const (
	StageReconcileService           Stage = "RECONCILE_SERVICE"
	StagePreScaleUp                 Stage = "PRE_SCALE_UP"
	StageScaleUp                    Stage = "SCALE_UP"
	StagePostScaleUp                Stage = "POST_SCALE_UP"
	StageTestTrafficShift           Stage = "TEST_TRAFFIC_SHIFT"
	StagePostTestTrafficShift       Stage = "POST_TEST_TRAFFIC_SHIFT"
	StagePreProductionTrafficShift  Stage = "PRE_PRODUCTION_TRAFFIC_SHIFT"
	StageProductionTrafficShift     Stage = "PRODUCTION_TRAFFIC_SHIFT"
	StagePostProductionTrafficShift Stage = "POST_PRODUCTION_TRAFFIC_SHIFT"
	StageBakeTime                   Stage = "BAKE_TIME"
	StageCleanUp                    Stage = "CLEAN_UP"
)

// Stages returns the lifecycle stages in order (a fresh copy).
func Stages() []Stage {
	return []Stage{StageReconcileService, StagePreScaleUp, StageScaleUp, StagePostScaleUp, StageTestTrafficShift,
		StagePostTestTrafficShift, StagePreProductionTrafficShift, StageProductionTrafficShift,
		StagePostProductionTrafficShift, StageBakeTime, StageCleanUp}
}

// ShiftStatus is the status of a traffic-shifting deployment, in the words
// of the ECS ServiceDeploymentStatus enumeration.
type ShiftStatus string

// Statuses of a [ShiftState].
const (
	ShiftInProgress         ShiftStatus = "IN_PROGRESS"
	ShiftSuccessful         ShiftStatus = "SUCCESSFUL"
	ShiftStopped            ShiftStatus = "STOPPED"
	ShiftRollbackInProgress ShiftStatus = "ROLLBACK_IN_PROGRESS"
	ShiftRollbackSuccessful ShiftStatus = "ROLLBACK_SUCCESSFUL"
)

// HookStatus is the status of one running lifecycle hook (the ECS
// DeploymentLifecycleHookStatus enumeration).
type HookStatus string

// Hook statuses.
const (
	HookAwaitingAction HookStatus = "AWAITING_ACTION"
	HookInProgress     HookStatus = "IN_PROGRESS"
	HookSucceeded      HookStatus = "SUCCEEDED"
	HookFailed         HookStatus = "FAILED"
	HookTimedOut       HookStatus = "TIMED_OUT"
)

// Hook is one lifecycle hook running at the current stage.
type Hook struct {
	// ID names this run of the hook (ECS's hookId): its stage, traffic
	// step and index, so that a hook running again at a later stage or
	// step is a new run.
	ID string
	// Index is the hook's position in deploymentConfiguration.lifecycleHooks.
	Index         int
	Stage         Stage
	TargetType    model.DeploymentLifecycleHookTargetType
	Status        HookStatus
	ExpiresAt     time.Time
	TimeoutAction model.DeploymentLifecycleHookAction
}

func (h Hook) resolved() bool { return h.Status == HookSucceeded || h.Status == HookTimedOut }

// ShiftState is a traffic-shifting deployment between a blue (source) and a
// green (target) revision. Weights are percentages of traffic per revision;
// each pair sums to 100.
type ShiftState struct {
	Strategy model.DeploymentStrategy
	Status   ShiftStatus
	Stage    Stage
	// DesiredCount is the service's desired count; GreenDesired and
	// BlueDesired are the task counts each revision should run now.
	DesiredCount, GreenDesired, BlueDesired int32
	// Scaled: green ran DesiredCount healthy tasks in SCALE_UP. No
	// production traffic goes to green before.
	Scaled bool
	// Production and test traffic weights of blue and green.
	ProductionBlue, ProductionGreen, TestBlue, TestGreen float64
	// Steps are green's production weights at each traffic step; Step is
	// the index of the next (or current) one.
	Steps []float64
	Step  int
	// StageStartedAt is when the current stage began; WaitUntil, when set,
	// is the end of a bake in progress.
	StageStartedAt, WaitUntil time.Time
	// Hooks are the hooks running at the current stage.
	Hooks  []Hook
	Reason string
}

// ShiftInput is what the caller observed since the last call.
type ShiftInput struct {
	// GreenHealthy is how many green tasks are healthy; GreenTasks and
	// BlueTasks how many of each revision are not yet STOPPED.
	GreenHealthy, GreenTasks, BlueTasks int32
	// AlarmInAlarm: a CloudWatch alarm the deployment monitors is in ALARM.
	AlarmInAlarm bool
	// HookOutcomes reports hooks by [Hook] ID: SUCCEEDED, FAILED or
	// IN_PROGRESS for a Lambda hook; for a PAUSE hook, the
	// ContinueServiceDeployment action as SUCCEEDED (CONTINUE) or FAILED
	// (ROLLBACK).
	HookOutcomes map[string]HookStatus
	// StopRollback: StopServiceDeployment with stopType ROLLBACK.
	StopRollback bool
}

// TrafficSteps returns green's production weight after each traffic step:
// [100] for BLUE_GREEN; canaryPercent then 100 for CANARY (default 5.0);
// stepPercent, twice it, … then 100 for LINEAR (default 10.0). Weights
// are computed in tenths of a percent, the granularity of the API, so that
// 33.3 gives 33.3, 66.6, 99.9, 100.
func TrafficSteps(dc *model.DeploymentConfiguration) []float64 {
	var s model.DeploymentStrategy
	if dc != nil {
		s = dc.Strategy
	}
	switch s {
	case model.DeploymentStrategyCanary:
		p, _ := dc.CanaryConfiguration.Resolved()
		if t := tenthsOf(p); t < 1000 {
			return []float64{float64(t) / 10, 100}
		}
	case model.DeploymentStrategyLinear:
		p, _ := dc.LinearConfiguration.Resolved()
		step := max(tenthsOf(p), 1)
		var out []float64
		for w := step; w < 1000; w += step {
			out = append(out, float64(w)/10)
		}
		return append(out, 100)
	}
	return []float64{100}
}

func tenthsOf(p float64) int { return int(math.Round(p * 10)) }

// stepBake returns the bake after traffic step i (0-based) of n: the canary
// bake after the canary step, the step bake between linear steps, nothing
// after the last step (the deployment's own bake follows).
func stepBake(dc *model.DeploymentConfiguration, i, n int) time.Duration {
	if i >= n-1 {
		return 0
	}
	switch dc.Strategy {
	case model.DeploymentStrategyCanary:
		_, b := dc.CanaryConfiguration.Resolved()
		return time.Duration(b) * time.Minute
	case model.DeploymentStrategyLinear:
		_, b := dc.LinearConfiguration.Resolved()
		return time.Duration(b) * time.Minute
	}
	return 0
}

// StartShift begins a traffic-shifting deployment of desired tasks at now:
// all traffic on blue, blue at the desired count, green at 0. reconcile
// says more than one revision is ACTIVE (the deployment starts at
// RECONCILE_SERVICE; otherwise at PRE_SCALE_UP).
func StartShift(dc *model.DeploymentConfiguration, desired int32, reconcile bool, now time.Time) (ShiftState, error) {
	if dc == nil || !dc.Strategy.TrafficShifting() {
		return ShiftState{}, invalid("deploymentConfiguration.strategy: StartShift takes BLUE_GREEN, LINEAR or CANARY.")
	}
	if desired < 0 {
		return ShiftState{}, invalid("desiredCount: must not be negative, got %d.", desired)
	}
	s := ShiftState{Strategy: dc.Strategy, Status: ShiftInProgress, DesiredCount: desired, BlueDesired: desired,
		ProductionBlue: 100, TestBlue: 100, Steps: TrafficSteps(dc)}
	first := StagePreScaleUp
	if reconcile {
		first = StageReconcileService
	}
	s.enter(dc, first, now)
	return s, nil
}

// Shift advances s by what in reports at now, through as many stages as
// can complete at once, and returns the new state; s is not modified. A
// stage holds while its hooks are unresolved and unexpired, SCALE_UP while
// green is not fully healthy, a traffic step and BAKE_TIME while their bake
// runs, CLEAN_UP while blue tasks remain. A monitored alarm in ALARM (when
// the configuration enables alarms), a FAILED hook, a hook timing out with
// ROLLBACK, or a stop request rolls back: all traffic returns to blue,
// green scales to 0, and once no green task remains the deployment is
// ROLLBACK_SUCCESSFUL. An alarm without rollback configured STOPS the
// deployment where it is.
func Shift(dc *model.DeploymentConfiguration, s ShiftState, in ShiftInput, now time.Time) ShiftState {
	s.Steps = slices.Clone(s.Steps)
	s.Hooks = slices.Clone(s.Hooks)
	switch s.Status {
	case ShiftRollbackInProgress:
		if in.GreenTasks == 0 {
			s.Status = ShiftRollbackSuccessful
		}
		return s
	case ShiftInProgress:
	default:
		return s
	}
	if in.StopRollback {
		return s.rollback("Service deployment rolled back because of a stop request.", in)
	}
	if a := dc.Alarms; a != nil && a.Enable && in.AlarmInAlarm {
		if !a.Rollback {
			s.Status, s.Reason = ShiftStopped, "Service deployment stopped: a CloudWatch alarm is in ALARM."
			return s
		}
		return s.rollback("Service deployment rolled back because a CloudWatch alarm is in ALARM.", in)
	}
	for range 2*len(s.Steps) + len(Stages()) + 1 { // bounded: one pass per stage, two per traffic step
		// Hooks first: outcomes, then timeouts.
		for i := range s.Hooks {
			h := &s.Hooks[i]
			if h.resolved() {
				continue
			}
			switch in.HookOutcomes[h.ID] {
			case HookSucceeded:
				h.Status = HookSucceeded
				continue
			case HookFailed:
				h.Status = HookFailed
				return s.rollback(fmt.Sprintf("Service deployment rolled back: lifecycle hook %d failed at %s.", h.Index, h.Stage), in)
			}
			if !now.Before(h.ExpiresAt) {
				h.Status = HookTimedOut
				if h.TimeoutAction != model.HookActionContinue {
					return s.rollback(fmt.Sprintf("Service deployment rolled back: lifecycle hook %d timed out at %s.", h.Index, h.Stage), in)
				}
			}
		}
		if slices.ContainsFunc(s.Hooks, func(h Hook) bool { return !h.resolved() }) {
			return s
		}
		if !s.WaitUntil.IsZero() && now.Before(s.WaitUntil) {
			return s
		}
		next, done := s.work(dc, in, now)
		if !done {
			return s
		}
		if s.Status == ShiftSuccessful {
			return s
		}
		s.enter(dc, next, now)
	}
	return s
}

// work does the current stage's own work and reports whether the stage is
// over, and which comes next.
func (s *ShiftState) work(dc *model.DeploymentConfiguration, in ShiftInput, now time.Time) (Stage, bool) {
	switch s.Stage {
	case StageReconcileService:
		return StagePreScaleUp, true
	case StagePreScaleUp:
		return StageScaleUp, true
	case StageScaleUp:
		if in.GreenHealthy < s.DesiredCount {
			return "", false
		}
		s.Scaled = true
		return StagePostScaleUp, true
	case StagePostScaleUp:
		return StageTestTrafficShift, true
	case StageTestTrafficShift:
		return StagePostTestTrafficShift, true
	case StagePostTestTrafficShift:
		return StagePreProductionTrafficShift, true
	case StagePreProductionTrafficShift:
		return StageProductionTrafficShift, true
	case StageProductionTrafficShift:
		// The step's bake, if any, has ended (WaitUntil); the next step
		// starts again at PRE_PRODUCTION_TRAFFIC_SHIFT.
		if s.Step < len(s.Steps) {
			return StagePreProductionTrafficShift, true
		}
		return StagePostProductionTrafficShift, true
	case StagePostProductionTrafficShift:
		return StageBakeTime, true
	case StageBakeTime:
		return StageCleanUp, true
	case StageCleanUp:
		if in.BlueTasks > 0 {
			return "", false
		}
		s.Status, s.Reason = ShiftSuccessful, "Service deployment completed."
		return "", true
	}
	return "", false
}

// enter starts stage st at now: its own action, its bake, its hooks.
func (s *ShiftState) enter(dc *model.DeploymentConfiguration, st Stage, now time.Time) {
	s.Stage, s.StageStartedAt, s.WaitUntil = st, now, time.Time{}
	s.Hooks = nil
	switch st {
	case StageScaleUp:
		s.GreenDesired = s.DesiredCount
	case StageTestTrafficShift:
		s.TestBlue, s.TestGreen = 0, 100
	case StageProductionTrafficShift:
		if s.Scaled && s.Step < len(s.Steps) {
			g := s.Steps[s.Step]
			s.ProductionGreen, s.ProductionBlue = g, 100-g
			if b := stepBake(dc, s.Step, len(s.Steps)); b > 0 {
				s.WaitUntil = now.Add(b)
			}
			s.Step++
		}
	case StageBakeTime:
		if dc.BakeTimeInMinutes != nil && *dc.BakeTimeInMinutes > 0 {
			s.WaitUntil = now.Add(time.Duration(*dc.BakeTimeInMinutes) * time.Minute)
		}
	case StageCleanUp:
		s.BlueDesired = 0
	}
	for i := range dc.LifecycleHooks {
		h := &dc.LifecycleHooks[i]
		if !slices.Contains(h.LifecycleStages, model.DeploymentLifecycleHookStage(st)) {
			continue
		}
		target, minutes, action := h.Resolved()
		status := HookInProgress
		if target == model.HookTargetPause {
			status = HookAwaitingAction
		}
		s.Hooks = append(s.Hooks, Hook{ID: fmt.Sprintf("%s/%d/%d", st, s.Step, i), Index: i, Stage: st, TargetType: target, Status: status,
			ExpiresAt: now.Add(time.Duration(minutes) * time.Minute), TimeoutAction: action})
	}
}

// rollback returns all traffic to blue, scales blue back to the desired
// count and green to 0.
func (s ShiftState) rollback(reason string, in ShiftInput) ShiftState {
	s.Status, s.Reason = ShiftRollbackInProgress, reason
	s.ProductionBlue, s.ProductionGreen, s.TestBlue, s.TestGreen = 100, 0, 100, 0
	s.BlueDesired, s.GreenDesired = s.DesiredCount, 0
	s.WaitUntil = time.Time{}
	if in.GreenTasks == 0 {
		s.Status = ShiftRollbackSuccessful
	}
	return s
}

// RevisionTasks counts one revision's tasks for [ShiftState.Describe].
type RevisionTasks struct {
	ARN              string
	Running, Pending int32
}

// Describe writes s into sd, a copy of the caller's service deployment
// record, as DescribeServiceDeployments shows it: the status, the
// lifecycle stage, the blue (source) and green (target) revisions with
// their requested task counts and requested production and test traffic
// weights, and the hooks running at the stage (their targetArn from dc).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html
func (s ShiftState) Describe(dc *model.DeploymentConfiguration, sd model.ServiceDeployment, blue, green RevisionTasks, now time.Time) model.ServiceDeployment {
	sd.Status = model.ServiceDeploymentStatus(s.Status)
	sd.StatusReason = s.Reason
	sd.LifecycleStage = string(s.Stage)
	sd.UpdatedAt = model.At(now)
	w := func(v float64) *float64 { return &v }
	sd.SourceServiceRevisions = []model.ServiceRevisionSummary{{ARN: blue.ARN, RequestedTaskCount: s.BlueDesired,
		RunningTaskCount: blue.Running, PendingTaskCount: blue.Pending,
		RequestedProductionTrafficWeight: w(s.ProductionBlue), RequestedTestTrafficWeight: w(s.TestBlue)}}
	sd.TargetServiceRevision = &model.ServiceRevisionSummary{ARN: green.ARN, RequestedTaskCount: s.GreenDesired,
		RunningTaskCount: green.Running, PendingTaskCount: green.Pending,
		RequestedProductionTrafficWeight: w(s.ProductionGreen), RequestedTestTrafficWeight: w(s.TestGreen)}
	sd.LifecycleHookDetails = make([]model.DeploymentLifecycleHookDetail, 0, len(s.Hooks))
	for _, h := range s.Hooks {
		d := model.DeploymentLifecycleHookDetail{HookID: h.ID, TargetType: h.TargetType, Status: string(h.Status),
			ExpiresAt: model.At(h.ExpiresAt), TimeoutAction: h.TimeoutAction}
		if dc != nil && h.Index < len(dc.LifecycleHooks) && h.TargetType != model.HookTargetPause {
			d.TargetARN = dc.LifecycleHooks[h.Index].HookTargetARN
		}
		sd.LifecycleHookDetails = append(sd.LifecycleHookDetails, d)
	}
	return sd
}
