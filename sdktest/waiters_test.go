package sdktest

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// verdict reads an SDK waiter's Retryable result as a waiter state.
func verdict(retry bool, err error) service.WaiterState {
	switch {
	case err != nil:
		return service.WaiterFailure
	case !retry:
		return service.WaiterSuccess
	}
	return service.WaiterRetry
}

// lists enumerates every list of length 0 to n over vals.
func lists[T any](vals []T, n int) [][]T {
	out := [][]T{nil}
	prev := [][]T{nil}
	for range n {
		var next [][]T
		for _, l := range prev {
			for _, v := range vals {
				next = append(next, append(append([]T{}, l...), v))
			}
		}
		out = append(out, next...)
		prev = next
	}
	return out
}

// TestWaiterVerdictsMatchTheSDK compares service's TasksRunning,
// TasksStopped and ServicesInactive verdicts with the AWS SDK for Go v2's
// own waiter functions (taken from the waiters' options) on every
// response of up to three tasks or services and up to one failure.
func TestWaiterVerdictsMatchTheSDK(t *testing.T) {
	var running, stopped func(context.Context, *ecs.DescribeTasksInput, *ecs.DescribeTasksOutput, error) (bool, error)
	var inactive func(context.Context, *ecs.DescribeServicesInput, *ecs.DescribeServicesOutput, error) (bool, error)
	ecs.NewTasksRunningWaiter(nil, func(o *ecs.TasksRunningWaiterOptions) { running = o.Retryable })
	ecs.NewTasksStoppedWaiter(nil, func(o *ecs.TasksStoppedWaiterOptions) { stopped = o.Retryable })
	ecs.NewServicesInactiveWaiter(nil, func(o *ecs.ServicesInactiveWaiterOptions) { inactive = o.Retryable })
	ctx := context.Background()
	failures := [][]string{nil, {"MISSING"}, {"ACCESS_DENIED"}}
	n := 0
	for _, statuses := range lists([]string{"", "PENDING", "RUNNING", "DEPROVISIONING", "STOPPED"}, 3) {
		for _, fs := range failures {
			var mine model.DescribeTasksResponse
			sdk := &ecs.DescribeTasksOutput{}
			for _, s := range statuses {
				mine.Tasks = append(mine.Tasks, model.Task{LastStatus: model.TaskStatus(s)})
				var p *string
				if s != "" {
					p = aws.String(s)
				}
				sdk.Tasks = append(sdk.Tasks, types.Task{LastStatus: p})
			}
			for _, r := range fs {
				mine.Failures = append(mine.Failures, model.Failure{Reason: r})
				sdk.Failures = append(sdk.Failures, types.Failure{Reason: aws.String(r)})
			}
			if got, want := service.TasksRunningResponse(&mine), verdict(running(ctx, nil, sdk, nil)); got != want {
				t.Errorf("TasksRunning %q %q: %v, SDK %v", statuses, fs, got, want)
			}
			if got, want := service.TasksStoppedResponse(&mine), verdict(stopped(ctx, nil, sdk, nil)); got != want {
				t.Errorf("TasksStopped %q %q: %v, SDK %v", statuses, fs, got, want)
			}
			n++
		}
	}
	for _, statuses := range lists([]string{"ACTIVE", "DRAINING", "INACTIVE"}, 3) {
		for _, fs := range failures {
			var mine model.DescribeServicesResponse
			sdk := &ecs.DescribeServicesOutput{}
			for _, s := range statuses {
				mine.Services = append(mine.Services, model.Service{Status: model.ServiceStatus(s)})
				sdk.Services = append(sdk.Services, types.Service{Status: aws.String(s)})
			}
			for _, r := range fs {
				mine.Failures = append(mine.Failures, model.Failure{Reason: r})
				sdk.Failures = append(sdk.Failures, types.Failure{Reason: aws.String(r)})
			}
			if got, want := service.InactiveResponse(&mine), verdict(inactive(ctx, nil, sdk, nil)); got != want {
				t.Errorf("ServicesInactive %q %q: %v, SDK %v", statuses, fs, got, want)
			}
			n++
		}
	}
	if n < 500 {
		t.Fatalf("only %d cases", n)
	}
}
