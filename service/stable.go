package service

import (
	"slices"

	"github.com/ecsstate/ecsstate/model"
)

// WaiterState is the outcome of one poll of an AWS SDK waiter.
type WaiterState uint8

// Waiter outcomes.
const (
	// WaiterRetry: no acceptor matched; the waiter polls again.
	WaiterRetry WaiterState = iota
	// WaiterSuccess: the success acceptor matched.
	WaiterSuccess
	// WaiterFailure: a failure acceptor matched; the waiter gives up.
	WaiterFailure
)

// String returns "retry", "success" or "failure".
func (w WaiterState) String() string {
	switch w {
	case WaiterSuccess:
		return "success"
	case WaiterFailure:
		return "failure"
	}
	return "retry"
}

// StableResponse evaluates the acceptors of the AWS SDK waiter
// ServicesStable (botocore ecs/2014-11-13/waiters-2.json, the same in
// every SDK) on one DescribeServices response, in the waiter's order:
//
//  1. failure if any failures[].reason is "MISSING" (a service that does
//     not exist);
//  2. failure if any services[].status is "DRAINING";
//  3. failure if any services[].status is "INACTIVE";
//  4. success if no service fails "exactly one deployment and
//     runningCount == desiredCount", i.e.
//     length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`;
//  5. otherwise retry.
//
// As the waiter does, it counts every deployment listed, whatever its
// status, and a desired count of 0 with nothing running is stable. An
// empty response (no services, no failures) is success, as in the SDKs.
func StableResponse(resp *model.DescribeServicesResponse) WaiterState {
	if resp == nil {
		return WaiterSuccess // the JMESPath of an empty body: length(null[]) is 0
	}
	for _, f := range resp.Failures {
		if f.Reason == "MISSING" {
			return WaiterFailure
		}
	}
	for _, s := range resp.Services {
		if s.Status == model.ServiceStatusDraining {
			return WaiterFailure
		}
	}
	for _, s := range resp.Services {
		if s.Status == model.ServiceStatusInactive {
			return WaiterFailure
		}
	}
	for i := range resp.Services {
		s := &resp.Services[i]
		if !(len(s.Deployments) == 1 && s.RunningCount == s.DesiredCount) {
			return WaiterRetry
		}
	}
	return WaiterSuccess
}

// Stable tells what the ServicesStable waiter decides for one service as
// this library stores it: svc nil is a missing service (failure). The
// service is first shown as DescribeServices would show it ([Describe]),
// because deployment.Apply keeps one INACTIVE deployment in the stored
// service as a rollback target, which DescribeServices does not list.
func Stable(svc *model.Service) WaiterState {
	if svc == nil {
		return StableResponse(&model.DescribeServicesResponse{Failures: []model.Failure{{Reason: "MISSING"}}})
	}
	d := Describe(*svc)
	return StableResponse(&model.DescribeServicesResponse{Services: []model.Service{d}})
}

// Describe returns svc as DescribeServices lists it: INACTIVE deployments
// left out (ECS reports only PRIMARY and ACTIVE ones,
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html).
// The input is not modified.
func Describe(svc model.Service) model.Service {
	if !slices.ContainsFunc(svc.Deployments, isInactive) {
		return svc
	}
	svc.Deployments = slices.DeleteFunc(slices.Clone(svc.Deployments), isInactive)
	return svc
}

func isInactive(d model.Deployment) bool { return d.Status == model.DeploymentStatusInactive }
