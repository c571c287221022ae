package deployment

import (
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// Circuit-breaker threshold bounds for BOUNDED_PERCENT, and its default
// percentage. The current API gives a floor of 3 (the 2020–2023 guide said
// 10; we follow the current text).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html
const (
	DefaultThresholdPercent = 50
	MinBoundedThreshold     = 3
	MaxBoundedThreshold     = 200
)

// Threshold returns how many failed tasks trip the circuit breaker cb for
// the service's latest desired count:
//
//   - no thresholdConfiguration: BOUNDED_PERCENT at 50%;
//   - BOUNDED_PERCENT: ⌈value% × desired⌉ clamped to 3..200, so desired 1
//     gives 3, 25 gives 13, 400 and 800 give 200;
//   - UNBOUNDED_PERCENT: ⌈value% × desired⌉ with no clamp. The API says
//     "rounded up" only for the default; we round up here too, and use at
//     least 1, since a threshold of 0 would fail a deployment that had no
//     failure at all;
//   - COUNT: value itself.
//
// A value below 1 or an unknown type is an InvalidParameterException; so is
// a negative desired count. The result is int64 because an unbounded
// percentage above 100 of a large desired count exceeds int32.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html
func Threshold(cb *model.DeploymentCircuitBreaker, desired int32) (int64, error) {
	if desired < 0 {
		return 0, ecserrors.New(ecserrors.CodeInvalidParameter, "desiredCount: must not be negative, got %d.", desired)
	}
	typ, value := model.ThresholdTypeBoundedPercent, int32(DefaultThresholdPercent)
	if cb != nil && cb.ThresholdConfiguration != nil {
		typ, value = cb.ThresholdConfiguration.Type, cb.ThresholdConfiguration.Value
	}
	if value < 1 {
		return 0, ecserrors.New(ecserrors.CodeInvalidParameter, "deploymentCircuitBreaker.thresholdConfiguration.value: must be at least 1, got %d.", value)
	}
	pct := ceilDiv(int64(desired)*int64(value), 100)
	switch typ {
	case model.ThresholdTypeBoundedPercent:
		return min(max(pct, MinBoundedThreshold), MaxBoundedThreshold), nil
	case model.ThresholdTypeUnboundedPercent:
		return max(pct, 1), nil
	case model.ThresholdTypeCount:
		return int64(value), nil
	}
	return 0, ecserrors.New(ecserrors.CodeInvalidParameter, "deploymentCircuitBreaker.thresholdConfiguration.type: %q is not COUNT, BOUNDED_PERCENT or UNBOUNDED_PERCENT.", ecserrors.Clip(string(typ)))
}

// ResetsOnHealthyTask reports whether a task of the deployment turning
// healthy sets its failure count back to 0 (the default, true) or failures
// add up over the whole deployment (false).
func ResetsOnHealthyTask(cb *model.DeploymentCircuitBreaker) bool {
	return cb == nil || cb.ResetOnHealthyTask == nil || *cb.ResetOnHealthyTask
}

// Failure is one kind of task failure the circuit breaker counts, from
// the failedTasks member of
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html
type Failure uint8

// Failure kinds. The first two are the breaker's stage 1 (tasks that do
// not reach RUNNING); the last is stage 2 (health checks of running tasks:
// ELB, Cloud Map or container checks).
const (
	NoFailure Failure = iota
	// FailedToLaunch: the scheduler could not launch the task at all.
	FailedToLaunch
	// FailedToStart: the task stopped before it reached RUNNING.
	FailedToStart
	// FailedHealthCheck: a running task failed a health check and was
	// stopped.
	FailedHealthCheck
)

var failureNames = [...]string{"", "FAILED_TO_LAUNCH", "FAILED_TO_START", "FAILED_HEALTH_CHECK"}

// String names the failure kind.
func (f Failure) String() string {
	if int(f) < len(failureNames) {
		return failureNames[f]
	}
	return "Failure(?)"
}

// Stage returns the breaker stage a failure belongs to: 1 for tasks that
// never reached RUNNING, 2 for health-check failures, 0 for NoFailure.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
func (f Failure) Stage() int {
	switch f {
	case FailedToLaunch, FailedToStart:
		return 1
	case FailedHealthCheck:
		return 2
	}
	return 0
}
