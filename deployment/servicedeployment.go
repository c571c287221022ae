package deployment

import (
	"slices"
	"strconv"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// SDTrigger is what moves a service deployment from one status to another.
type SDTrigger string

// Triggers of the service deployment status machine.
const (
	// SDStarted: the scheduler began the deployment.
	SDStarted SDTrigger = "STARTED"
	// SDSucceeded: the target revision reached steady state (and its bake).
	SDSucceeded SDTrigger = "SUCCEEDED"
	// SDFailed: the circuit breaker, an alarm or a hook failed it, with no
	// rollback configured; the deployment stops where it is.
	SDFailed SDTrigger = "FAILED"
	// SDFailedRollback: the same, with rollback configured.
	SDFailedRollback SDTrigger = "FAILED_ROLLBACK"
	// SDStopAbort and SDStopRollback: StopServiceDeployment with stopType
	// ABORT or ROLLBACK.
	SDStopAbort    SDTrigger = "STOP_ABORT"
	SDStopRollback SDTrigger = "STOP_ROLLBACK"
	// SDStopDone: an aborted deployment has stopped.
	SDStopDone SDTrigger = "STOP_DONE"
	// SDRollbackStarted: a requested rollback began.
	SDRollbackStarted SDTrigger = "ROLLBACK_STARTED"
	// SDRollbackSucceeded and SDRollbackFailed end a rollback.
	SDRollbackSucceeded SDTrigger = "ROLLBACK_SUCCEEDED"
	SDRollbackFailed    SDTrigger = "ROLLBACK_FAILED"
)

// SDTransition is one allowed move of the service deployment status machine.
type SDTransition struct {
	From model.ServiceDeploymentStatus
	On   SDTrigger
	To   model.ServiceDeploymentStatus
}

// sdTransitions is the service deployment status machine. Pending is
// PENDING; ongoing are IN_PROGRESS, STOP_REQUESTED, ROLLBACK_REQUESTED and
// ROLLBACK_IN_PROGRESS; completed are SUCCESSFUL, STOPPED,
// ROLLBACK_SUCCESSFUL and ROLLBACK_FAILED, which nothing leaves. A stop
// request on a deployment that is already stopping or rolling back keeps it
// where it is (StopServiceDeployment answers without a change).
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stop-service-deployment.html
var sdTransitions = []SDTransition{
	{model.ServiceDeploymentPending, SDStarted, model.ServiceDeploymentInProgress},
	{model.ServiceDeploymentInProgress, SDSucceeded, model.ServiceDeploymentSuccessful},
	{model.ServiceDeploymentInProgress, SDFailed, model.ServiceDeploymentStopped},
	{model.ServiceDeploymentInProgress, SDFailedRollback, model.ServiceDeploymentRollbackInProgress},
	{model.ServiceDeploymentPending, SDStopAbort, model.ServiceDeploymentStopRequested},
	{model.ServiceDeploymentInProgress, SDStopAbort, model.ServiceDeploymentStopRequested},
	{model.ServiceDeploymentPending, SDStopRollback, model.ServiceDeploymentRollbackRequested},
	{model.ServiceDeploymentInProgress, SDStopRollback, model.ServiceDeploymentRollbackRequested},
	{model.ServiceDeploymentStopRequested, SDStopAbort, model.ServiceDeploymentStopRequested},
	{model.ServiceDeploymentStopRequested, SDStopRollback, model.ServiceDeploymentStopRequested},
	{model.ServiceDeploymentRollbackRequested, SDStopAbort, model.ServiceDeploymentRollbackRequested},
	{model.ServiceDeploymentRollbackRequested, SDStopRollback, model.ServiceDeploymentRollbackRequested},
	{model.ServiceDeploymentRollbackInProgress, SDStopAbort, model.ServiceDeploymentRollbackInProgress},
	{model.ServiceDeploymentRollbackInProgress, SDStopRollback, model.ServiceDeploymentRollbackInProgress},
	{model.ServiceDeploymentStopRequested, SDStopDone, model.ServiceDeploymentStopped},
	{model.ServiceDeploymentRollbackRequested, SDRollbackStarted, model.ServiceDeploymentRollbackInProgress},
	{model.ServiceDeploymentRollbackInProgress, SDRollbackSucceeded, model.ServiceDeploymentRollbackSuccessful},
	{model.ServiceDeploymentRollbackInProgress, SDRollbackFailed, model.ServiceDeploymentRollbackFailed},
}

// ServiceDeploymentTransitions returns the service deployment status
// machine as data (a fresh copy).
func ServiceDeploymentTransitions() []SDTransition { return slices.Clone(sdTransitions) }

// NextServiceDeploymentStatus returns the status on leads to from s, and
// whether the machine allows it.
func NextServiceDeploymentStatus(s model.ServiceDeploymentStatus, on SDTrigger) (model.ServiceDeploymentStatus, bool) {
	for _, t := range sdTransitions {
		if t.From == s && t.On == on {
			return t.To, true
		}
	}
	return "", false
}

// MoveServiceDeployment applies on to a copy of sd at now: its status,
// updatedAt, finishedAt when it completes, stoppedAt when it stops. A move
// the machine does not allow is a ConflictException, the error ECS gives
// for an operation the deployment's state forbids.
func MoveServiceDeployment(sd *model.ServiceDeployment, on SDTrigger, reason string, now time.Time) (model.ServiceDeployment, error) {
	out := cloneSD(sd)
	to, ok := NextServiceDeploymentStatus(sd.Status, on)
	if !ok {
		return model.ServiceDeployment{}, ecserrors.New(ecserrors.CodeConflict, "service deployment %s is %s: %s is not possible.", ecserrors.Clip(sd.ServiceDeploymentARN), sd.Status, on)
	}
	if to == out.Status {
		return out, nil
	}
	out.Status, out.UpdatedAt = to, model.At(now)
	if reason != "" {
		out.StatusReason = reason
	}
	if on == SDStarted {
		out.StartedAt = model.At(now)
	}
	if to == model.ServiceDeploymentStopped || on == SDStopAbort || on == SDStopRollback {
		if out.StoppedAt.IsZero() {
			out.StoppedAt = model.At(now)
		}
	}
	if to.Completed() {
		out.FinishedAt = model.At(now)
	}
	return out, nil
}

// StopServiceDeployment applies a StopServiceDeployment call to sd: ROLLBACK
// (the default) or ABORT; allowed whether or not rollback was configured.
// A deployment already stopping or rolling back stays as it is; a
// completed one is a ConflictException.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html
func StopServiceDeployment(sd *model.ServiceDeployment, stopType model.ServiceDeploymentStopType, now time.Time) (model.ServiceDeployment, error) {
	on := SDStopRollback
	switch stopType {
	case "", model.StopTypeRollback:
	case model.StopTypeAbort:
		on = SDStopAbort
	default:
		return model.ServiceDeployment{}, ecserrors.New(ecserrors.CodeInvalidParameter, "stopType: %q is not ROLLBACK or ABORT.", ecserrors.Clip(string(stopType)))
	}
	return MoveServiceDeployment(sd, on, "Service deployment stop requested ("+string(orDefault(stopType))+").", now)
}

func orDefault(t model.ServiceDeploymentStopType) model.ServiceDeploymentStopType {
	if t == "" {
		return model.StopTypeRollback
	}
	return t
}

// ContinueServiceDeployment applies a ContinueServiceDeployment call: the
// PAUSE hook hookID, AWAITING_ACTION in sd, resolves with CONTINUE (the
// default) or ROLLBACK. It returns the updated deployment and the outcome
// to report to [Shift] (SUCCEEDED for CONTINUE, FAILED for ROLLBACK). An
// unknown hook, or one not awaiting action, is an InvalidParameterException.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/pause-lifecycle-hooks.html
func ContinueServiceDeployment(sd *model.ServiceDeployment, hookID string, action model.DeploymentLifecycleHookAction, now time.Time) (model.ServiceDeployment, HookStatus, error) {
	if action == "" {
		action = model.HookActionContinue
	}
	if action != model.HookActionContinue && action != model.HookActionRollback {
		return model.ServiceDeployment{}, "", ecserrors.New(ecserrors.CodeInvalidParameter, "action: %q is not CONTINUE or ROLLBACK.", ecserrors.Clip(string(action)))
	}
	if sd.Status != model.ServiceDeploymentInProgress {
		return model.ServiceDeployment{}, "", ecserrors.New(ecserrors.CodeConflict, "service deployment %s is %s, not IN_PROGRESS.", ecserrors.Clip(sd.ServiceDeploymentARN), sd.Status)
	}
	out := cloneSD(sd)
	i := slices.IndexFunc(out.LifecycleHookDetails, func(h model.DeploymentLifecycleHookDetail) bool { return h.HookID == hookID })
	if i < 0 || out.LifecycleHookDetails[i].Status != string(HookAwaitingAction) {
		return model.ServiceDeployment{}, "", ecserrors.New(ecserrors.CodeInvalidParameter, "hookId: %q is not a PAUSE hook awaiting action in this deployment.", ecserrors.Clip(hookID))
	}
	outcome := HookSucceeded
	if action == model.HookActionRollback {
		outcome = HookFailed
	}
	out.LifecycleHookDetails[i].Status = string(outcome)
	out.UpdatedAt = model.At(now)
	return out, outcome, nil
}

// DescribeServiceDeployments returns the deployments of all named by arns,
// in the order asked, and a MISSING failure for each ARN not found; 1 to
// 20 ARNs.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceDeployments.html
func DescribeServiceDeployments(all []model.ServiceDeployment, arns []string) (model.DescribeServiceDeploymentsResponse, error) {
	if len(arns) == 0 || len(arns) > 20 {
		return model.DescribeServiceDeploymentsResponse{}, ecserrors.New(ecserrors.CodeInvalidParameter, "serviceDeploymentArns: 1 to 20 ARNs, got %d.", len(arns))
	}
	out := model.DescribeServiceDeploymentsResponse{ServiceDeployments: []model.ServiceDeployment{}, Failures: []model.Failure{}}
	for _, a := range arns {
		i := slices.IndexFunc(all, func(sd model.ServiceDeployment) bool { return sd.ServiceDeploymentARN == a })
		if i < 0 {
			out.Failures = append(out.Failures, model.Failure{ARN: a, Reason: "MISSING"})
			continue
		}
		out.ServiceDeployments = append(out.ServiceDeployments, cloneSD(&all[i]))
	}
	return out, nil
}

// ListServiceDeployments lists the deployments of the service serviceARN,
// newest first (ties: the ARN), filtered by status when statuses is not
// empty, maxResults (1 to 100, default 20) a page; nextToken is the
// position to resume from.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServiceDeployments.html
func ListServiceDeployments(all []model.ServiceDeployment, serviceARN string, statuses []model.ServiceDeploymentStatus, maxResults *int32, nextToken string) (model.ListServiceDeploymentsResponse, error) {
	limit := 20
	if maxResults != nil {
		if *maxResults < 1 || *maxResults > 100 {
			return model.ListServiceDeploymentsResponse{}, ecserrors.New(ecserrors.CodeInvalidParameter, "maxResults: must be 1 to 100, got %d.", *maxResults)
		}
		limit = int(*maxResults)
	}
	start := 0
	if nextToken != "" {
		n, err := strconv.Atoi(nextToken)
		if err != nil || n < 0 {
			return model.ListServiceDeploymentsResponse{}, ecserrors.New(ecserrors.CodeInvalidParameter, "nextToken: %q is not a token ListServiceDeployments returned.", ecserrors.Clip(nextToken))
		}
		start = n
	}
	var sel []*model.ServiceDeployment
	for i := range all {
		sd := &all[i]
		if sd.ServiceARN == serviceARN && (len(statuses) == 0 || slices.Contains(statuses, sd.Status)) {
			sel = append(sel, sd)
		}
	}
	slices.SortStableFunc(sel, func(a, b *model.ServiceDeployment) int {
		if c := b.CreatedAt.Compare(a.CreatedAt.Time); c != 0 {
			return c
		}
		if a.ServiceDeploymentARN < b.ServiceDeploymentARN {
			return -1
		}
		if a.ServiceDeploymentARN > b.ServiceDeploymentARN {
			return 1
		}
		return 0
	})
	out := model.ListServiceDeploymentsResponse{ServiceDeployments: []model.ServiceDeploymentBrief{}}
	for i := start; i < len(sel) && i < start+limit; i++ {
		sd := sel[i]
		b := model.ServiceDeploymentBrief{ServiceDeploymentARN: sd.ServiceDeploymentARN, ServiceARN: sd.ServiceARN, ClusterARN: sd.ClusterARN,
			StartedAt: sd.StartedAt, CreatedAt: sd.CreatedAt, FinishedAt: sd.FinishedAt, Status: sd.Status, StatusReason: sd.StatusReason}
		if sd.TargetServiceRevision != nil {
			b.TargetServiceRevisionARN = sd.TargetServiceRevision.ARN
		}
		out.ServiceDeployments = append(out.ServiceDeployments, b)
	}
	if start+limit < len(sel) {
		out.NextToken = strconv.Itoa(start + limit)
	}
	return out, nil
}

// DescribeServiceRevisions returns the revisions named by arns, in the
// order asked, with a MISSING failure for each not found; 1 to 20 ARNs.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html
func DescribeServiceRevisions(all []model.ServiceRevision, arns []string) (model.DescribeServiceRevisionsResponse, error) {
	if len(arns) == 0 || len(arns) > 20 {
		return model.DescribeServiceRevisionsResponse{}, ecserrors.New(ecserrors.CodeInvalidParameter, "serviceRevisionArns: 1 to 20 ARNs, got %d.", len(arns))
	}
	out := model.DescribeServiceRevisionsResponse{ServiceRevisions: []model.ServiceRevision{}, Failures: []model.Failure{}}
	for _, a := range arns {
		i := slices.IndexFunc(all, func(r model.ServiceRevision) bool { return r.ServiceRevisionARN == a })
		if i < 0 {
			out.Failures = append(out.Failures, model.Failure{ARN: a, Reason: "MISSING"})
			continue
		}
		r := all[i]
		r.CapacityProviderStrategy = slices.Clone(r.CapacityProviderStrategy)
		r.LoadBalancers = slices.Clone(r.LoadBalancers)
		r.ServiceRegistries = slices.Clone(r.ServiceRegistries)
		out.ServiceRevisions = append(out.ServiceRevisions, r)
	}
	return out, nil
}

// cloneSD copies the members of a service deployment these functions
// write or return, so results share no written memory with inputs.
func cloneSD(sd *model.ServiceDeployment) model.ServiceDeployment {
	out := *sd
	out.SourceServiceRevisions = slices.Clone(sd.SourceServiceRevisions)
	out.LifecycleHookDetails = slices.Clone(sd.LifecycleHookDetails)
	if sd.TargetServiceRevision != nil {
		t := *sd.TargetServiceRevision
		out.TargetServiceRevision = &t
	}
	return out
}
