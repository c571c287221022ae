package ecsstate

import (
	"strings"
	"testing"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// The world accepts every deployment strategy at CreateService and
// UpdateService (BLUE_GREEN, LINEAR and CANARY run as traffic shifts,
// world_bluegreen.go), after validating what each needs: LINEAR and CANARY
// without a load balancer or Service Connect are an
// InvalidParameterException and leave the service unchanged.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-linear.html
func TestWorldAcceptsTrafficShiftingStrategies(t *testing.T) {
	f := newFixture(t, 1)
	f.service(t, "s", "web", 1)
	for _, s := range []model.DeploymentStrategy{model.DeploymentStrategyLinear, model.DeploymentStrategyCanary} {
		dc := &model.DeploymentConfiguration{Strategy: s}
		_, err := f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", DeploymentConfiguration: dc})
		wantCode(t, err, ecserrors.CodeInvalidParameter)
		if !strings.Contains(err.Error(), string(s)) {
			t.Errorf("UpdateService %s: %v does not name the strategy", s, err)
		}
		r := ok(f.w.DescribeServices(model.DescribeServicesRequest{Cluster: "c", Services: []string{"s"}}))(t)
		if got := r.Services[0].DeploymentConfiguration.Strategy; got != "" && got != model.DeploymentStrategyRolling {
			t.Errorf("strategy after the refusal: %s", got)
		}
	}
	sc := []byte(`{"enabled":true,"namespace":"ns"}`)
	for _, s := range []model.DeploymentStrategy{model.DeploymentStrategyBlueGreen, model.DeploymentStrategyLinear, model.DeploymentStrategyCanary} {
		dc := &model.DeploymentConfiguration{Strategy: s}
		name := "x" + strings.ToLower(string(s))
		ok(f.w.CreateService(model.CreateServiceRequest{Cluster: "c", ServiceName: name, TaskDefinition: "web", DesiredCount: model.Int32(1),
			DeploymentConfiguration: dc, ServiceConnectConfiguration: sc}))(t)
		ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", DeploymentConfiguration: dc, ServiceConnectConfiguration: sc}))(t)
		if got := f.describeService(t, "s").DeploymentConfiguration.Strategy; got != s {
			t.Errorf("strategy after UpdateService %s: %s", s, got)
		}
	}
	// A service created with a traffic-shifting strategy has nothing to
	// shift from: its first deployment starts its tasks and completes.
	f.advance(t, 3*time.Minute)
	for _, s := range []model.DeploymentStrategy{model.DeploymentStrategyBlueGreen, model.DeploymentStrategyLinear, model.DeploymentStrategyCanary} {
		svc := f.describeService(t, "x"+strings.ToLower(string(s)))
		if svc.RunningCount != 1 || svc.Deployments[0].RolloutState != model.DeploymentRolloutStateCompleted {
			t.Errorf("%s service: running %d, %+v", s, svc.RunningCount, svc.Deployments)
		}
	}
}
