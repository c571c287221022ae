package service

import "github.com/ecsstate/ecsstate/model"

// The waiters below read one Describe response the way the AWS SDK for Go
// v2 does (service/ecs, the generated servicesInactiveStateRetryable,
// tasksRunningStateRetryable and tasksStoppedStateRetryable, which follow
// botocore's ecs/2014-11-13/waiters-2.json). Their JMESPath projections
// (failures[].reason, tasks[].lastStatus, services[].status) drop absent
// members; an empty string here is an absent member, because the model
// omits it on the wire.

// InactiveResponse evaluates the acceptors of the ServicesInactive waiter
// on one DescribeServices response, in order:
//
//  1. failure if any failures[].reason is "MISSING";
//  2. success if any services[].status is "INACTIVE" (anyMatch: one
//     inactive service among several is enough);
//  3. otherwise retry.
//
// A nil or empty response retries.
func InactiveResponse(resp *model.DescribeServicesResponse) WaiterState {
	if resp == nil {
		return WaiterRetry
	}
	for _, f := range resp.Failures {
		if f.Reason == "MISSING" {
			return WaiterFailure
		}
	}
	for _, s := range resp.Services {
		if s.Status == model.ServiceStatusInactive {
			return WaiterSuccess
		}
	}
	return WaiterRetry
}

// TasksRunningResponse evaluates the acceptors of the TasksRunning waiter
// on one DescribeTasks response, in order:
//
//  1. failure if any tasks[].lastStatus is "STOPPED" (anyMatch);
//  2. failure if any failures[].reason is "MISSING" (anyMatch);
//  3. success if every tasks[].lastStatus is "RUNNING" and there is at
//     least one (allMatch over a non-empty list);
//  4. otherwise retry.
//
// Tasks without a lastStatus are left out of the list, as the projection
// drops them: RUNNING beside a task with no status is success.
func TasksRunningResponse(resp *model.DescribeTasksResponse) WaiterState {
	if resp == nil {
		return WaiterRetry
	}
	for _, t := range resp.Tasks {
		if t.LastStatus == model.TaskStatusStopped {
			return WaiterFailure
		}
	}
	for _, f := range resp.Failures {
		if f.Reason == "MISSING" {
			return WaiterFailure
		}
	}
	if allStatus(resp.Tasks, model.TaskStatusRunning) {
		return WaiterSuccess
	}
	return WaiterRetry
}

// TasksStoppedResponse evaluates the single acceptor of the TasksStopped
// waiter on one DescribeTasks response: success if every
// tasks[].lastStatus is "STOPPED" and there is at least one; otherwise
// retry. It has no failure acceptor: a MISSING task retries until the
// waiter times out.
func TasksStoppedResponse(resp *model.DescribeTasksResponse) WaiterState {
	if resp != nil && allStatus(resp.Tasks, model.TaskStatusStopped) {
		return WaiterSuccess
	}
	return WaiterRetry
}

// allStatus is the SDK's allMatch: every present lastStatus equals want,
// and at least one is present.
func allStatus(tasks []model.Task, want model.TaskStatus) bool {
	n := 0
	for i := range tasks {
		s := tasks[i].LastStatus
		if s == "" {
			continue
		}
		if s != want {
			return false
		}
		n++
	}
	return n > 0
}
