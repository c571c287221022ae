package ecsstate

import (
	"strings"
	"testing"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// The world refuses the deployment strategies its scheduler does not model
// (LINEAR, CANARY; BLUE_GREEN runs, world_bluegreen.go) at CreateService
// and UpdateService, with an
// UnsupportedFeatureException, and leaves the service unchanged.
func TestWorldRefusesUnmodelledStrategies(t *testing.T) {
	f := newFixture(t, 1)
	f.service(t, "s", "web", 1)
	for _, s := range []model.DeploymentStrategy{model.DeploymentStrategyLinear, model.DeploymentStrategyCanary} {
		dc := &model.DeploymentConfiguration{Strategy: s}
		// LINEAR and CANARY need a load balancer or Service Connect to
		// pass validation first.
		sc := []byte(`{"enabled":true,"namespace":"ns"}`)
		_, err := f.w.CreateService(model.CreateServiceRequest{Cluster: "c", ServiceName: "x", TaskDefinition: "web", DesiredCount: model.Int32(1),
			DeploymentConfiguration: dc, ServiceConnectConfiguration: sc})
		wantCode(t, err, ecserrors.CodeUnsupportedFeature)
		if !strings.Contains(err.Error(), string(s)) {
			t.Errorf("CreateService %s: %v does not name the strategy", s, err)
		}
		_, err = f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", DeploymentConfiguration: dc, ServiceConnectConfiguration: sc})
		wantCode(t, err, ecserrors.CodeUnsupportedFeature)
		if !strings.Contains(err.Error(), string(s)) {
			t.Errorf("UpdateService %s: %v does not name the strategy", s, err)
		}
	}
	r := ok(f.w.DescribeServices(model.DescribeServicesRequest{Cluster: "c", Services: []string{"s"}}))(t)
	if got := r.Services[0].DeploymentConfiguration.Strategy; got != "" && got != model.DeploymentStrategyRolling {
		t.Errorf("strategy after the refusals: %s", got)
	}
	if len(ok(f.w.DescribeServices(model.DescribeServicesRequest{Cluster: "c", Services: []string{"x"}}))(t).Services) != 0 {
		t.Error("refused service x exists")
	}
	// ROLLING stays accepted.
	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", DeploymentConfiguration: &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyRolling}}))(t)
}
