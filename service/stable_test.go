package service_test

import (
	"testing"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// The acceptors of the ServicesStable waiter (botocore
// ecs/2014-11-13/waiters-2.json; the AWS CLI's `aws ecs wait
// services-stable`), one case per acceptor and order.
func TestStableMatchesTheServicesStableWaiter(t *testing.T) {
	primary := model.Deployment{ID: "ecs-svc/1", Status: model.DeploymentStatusPrimary}
	active := model.Deployment{ID: "ecs-svc/2", Status: model.DeploymentStatusActive}
	inactive := model.Deployment{ID: "ecs-svc/3", Status: model.DeploymentStatusInactive}
	svc := func(status model.ServiceStatus, desired, running int32, ds ...model.Deployment) model.Service {
		return model.Service{ServiceName: "web", Status: status, DesiredCount: desired, RunningCount: running, Deployments: ds}
	}
	cases := []struct {
		name string
		resp model.DescribeServicesResponse
		want service.WaiterState
	}{
		{"steady", model.DescribeServicesResponse{Services: []model.Service{svc("ACTIVE", 3, 3, primary)}}, service.WaiterSuccess},
		{"desired 0 is steady", model.DescribeServicesResponse{Services: []model.Service{svc("ACTIVE", 0, 0, primary)}}, service.WaiterSuccess},
		{"still starting", model.DescribeServicesResponse{Services: []model.Service{svc("ACTIVE", 3, 2, primary)}}, service.WaiterRetry},
		{"two deployments", model.DescribeServicesResponse{Services: []model.Service{svc("ACTIVE", 3, 3, primary, active)}}, service.WaiterRetry},
		{"no deployment", model.DescribeServicesResponse{Services: []model.Service{svc("ACTIVE", 0, 0)}}, service.WaiterRetry},
		{"missing", model.DescribeServicesResponse{Failures: []model.Failure{{Reason: "MISSING"}}}, service.WaiterFailure},
		{"missing beats steady", model.DescribeServicesResponse{Services: []model.Service{svc("ACTIVE", 1, 1, primary)}, Failures: []model.Failure{{Reason: "MISSING"}}}, service.WaiterFailure},
		{"draining", model.DescribeServicesResponse{Services: []model.Service{svc("DRAINING", 0, 0, primary)}}, service.WaiterFailure},
		{"inactive", model.DescribeServicesResponse{Services: []model.Service{svc("INACTIVE", 0, 0, primary)}}, service.WaiterFailure},
		{"one of two unstable", model.DescribeServicesResponse{Services: []model.Service{svc("ACTIVE", 1, 1, primary), svc("ACTIVE", 2, 1, primary)}}, service.WaiterRetry},
		{"other failure reasons retry the rest", model.DescribeServicesResponse{Services: []model.Service{svc("ACTIVE", 1, 1, primary)}, Failures: []model.Failure{{Reason: "ACCESS_DENIED"}}}, service.WaiterSuccess},
		{"the waiter counts INACTIVE entries it is shown", model.DescribeServicesResponse{Services: []model.Service{svc("ACTIVE", 1, 1, primary, inactive)}}, service.WaiterRetry},
		{"empty", model.DescribeServicesResponse{}, service.WaiterSuccess},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := service.StableResponse(&c.resp); got != c.want {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	if got := service.Stable(nil); got != service.WaiterFailure {
		t.Errorf("nil service: %v", got)
	}
	s := svc("ACTIVE", 1, 1, primary, inactive)
	if got := service.Stable(&s); got != service.WaiterSuccess {
		t.Errorf("stored service with a kept INACTIVE rollback target: %v", got)
	}
	if len(s.Deployments) != 2 {
		t.Error("Stable modified its input")
	}
}
