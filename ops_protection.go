package ecsstate

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// Failure reasons of the task protection operations.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/api_failures_messages.html
const (
	failureMissing = "MISSING"
	// failureTaskNotValid: the task is not part of a service (the API
	// reference: "Invoking this operation for a standalone task will
	// result in an TASK_NOT_VALID failure"), or it has stopped.
	failureTaskNotValid = "TASK_NOT_VALID"
)

// UpdateTaskProtection sets or clears the scale-in protection of up to 10
// tasks of services: protectionEnabled true protects each for
// expiresInMinutes (120 when absent, 1 to 2,880), counted from now and
// reset by every call; false clears it. The service scheduler then never
// stops a protected task to scale in, for a deployment or to rebalance
// zones (see [service.Input]). A task that does not exist is a failure
// with reason MISSING; a standalone or stopped task one with reason
// TASK_NOT_VALID. The cluster is required.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateTaskProtection.html
func (w *World) UpdateTaskProtection(req model.UpdateTaskProtectionRequest) (model.UpdateTaskProtectionResponse, error) {
	if err := req.Validate(); err != nil {
		return model.UpdateTaskProtectionResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.UpdateTaskProtectionResponse{}, err
	}
	out := model.UpdateTaskProtectionResponse{ProtectedTasks: []model.ProtectedTask{}}
	for _, id := range req.Tasks {
		t, reason := cs.protectable(id)
		if reason != "" {
			out.Failures = append(out.Failures, model.Failure{ARN: id, Reason: reason})
			continue
		}
		p := service.Protect(t.TaskARN, &req, w.now)
		if cs.protect == nil {
			cs.protect = map[string]model.ProtectedTask{}
		}
		cs.protect[t.TaskARN] = p
		out.ProtectedTasks = append(out.ProtectedTasks, p)
		what := "off"
		if p.ProtectionEnabled {
			what = "until " + p.ExpirationDate.Time.Format("15:04:05")
		}
		w.record(Record{Kind: RecordCall, Cluster: cs.name(), Service: serviceOfGroup(t.Group), Resource: t.TaskARN,
			Message: fmt.Sprintf("UpdateTaskProtection %s: protection %s", shortID(t.TaskARN), what)})
	}
	// Forget the protection of tasks that have left the cluster.
	maps.DeleteFunc(cs.protect, func(arn string, _ model.ProtectedTask) bool { return cs.task(arn) == nil })
	return out, nil
}

// GetTaskProtection returns the scale-in protection of up to 10 tasks as
// it stands now: a protection whose expiration date has passed reads as
// protectionEnabled false. Without tasks it lists every task of the
// cluster that is protected now, by task ARN; the API reference does not
// say what an absent list returns, and this is what a caller asking "which
// tasks are protected" needs. Failures as in [World.UpdateTaskProtection].
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_GetTaskProtection.html
func (w *World) GetTaskProtection(req model.GetTaskProtectionRequest) (model.GetTaskProtectionResponse, error) {
	if err := req.Validate(); err != nil {
		return model.GetTaskProtectionResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.GetTaskProtectionResponse{}, err
	}
	out := model.GetTaskProtectionResponse{ProtectedTasks: []model.ProtectedTask{}}
	if len(req.Tasks) == 0 {
		for _, arn := range slices.Sorted(maps.Keys(cs.protect)) {
			if cs.task(arn) == nil {
				continue
			}
			if p := service.ProtectionAt(cs.protect[arn], w.now); p.ProtectionEnabled {
				out.ProtectedTasks = append(out.ProtectedTasks, p)
			}
		}
		return out, nil
	}
	for _, id := range req.Tasks {
		t, reason := cs.protectable(id)
		if reason != "" {
			out.Failures = append(out.Failures, model.Failure{ARN: id, Reason: reason})
			continue
		}
		p, ok := cs.protect[t.TaskARN]
		if !ok {
			p = model.ProtectedTask{TaskARN: t.TaskARN}
		}
		out.ProtectedTasks = append(out.ProtectedTasks, service.ProtectionAt(p, w.now))
	}
	return out, nil
}

// protectable resolves a task for the protection operations, or says
// which failure it is.
func (cs *clusterState) protectable(id string) (*model.Task, string) {
	t, err := cs.lookupTask(id)
	if err != nil {
		return nil, failureMissing
	}
	if !strings.HasPrefix(t.Group, "service:") || t.LastStatus == model.TaskStatusStopped || cs.task(t.TaskARN) == nil {
		return nil, failureTaskNotValid
	}
	return t, ""
}
