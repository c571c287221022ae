package service_test

import (
	"errors"
	"strings"
	"testing"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// TestUpdateServiceStrategyRules checks UpdateService against the strategy
// rules that need the service: the strategy in force after the merge, and
// the load balancers the service keeps.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deploy-linear-service.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html
func TestUpdateServiceStrategyRules(t *testing.T) {
	const tg = "arn:aws:elasticloadbalancing:us-east-1:012345678910:targetgroup/blue/0123456789abcdef"
	f64 := func(v float64) *float64 { return &v }
	cases := []struct {
		name   string
		setup  func(*model.Service)
		dc     *model.DeploymentConfiguration
		member string
	}{
		{"canaryPercent 250", nil, &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyCanary,
			CanaryConfiguration: &model.CanaryConfiguration{CanaryPercent: f64(250)}}, "deploymentConfiguration.canaryConfiguration.canaryPercent"},
		{"LINEAR without a load balancer", nil, &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyLinear}, "deploymentConfiguration.strategy"},
		{"BLUE_GREEN headless", nil, &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyBlueGreen}, ""},
		{"BLUE_GREEN on a target group without advancedConfiguration", func(s *model.Service) {
			s.LoadBalancers = []model.LoadBalancer{{TargetGroupARN: tg, ContainerName: "app", ContainerPort: model.Int32(80)}}
		}, &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyBlueGreen}, "loadBalancers[0].advancedConfiguration"},
		{"canary settings while the service stays ROLLING", nil,
			&model.DeploymentConfiguration{CanaryConfiguration: &model.CanaryConfiguration{}}, "deploymentConfiguration.canaryConfiguration"},
		{"canary settings on a CANARY service with Service Connect", func(s *model.Service) {
			s.DeploymentConfiguration.Strategy = model.DeploymentStrategyCanary
			s.Deployments[0].ServiceConnectConfiguration = []byte(`{"enabled":true,"namespace":"ns"}`)
		}, &model.DeploymentConfiguration{CanaryConfiguration: &model.CanaryConfiguration{CanaryPercent: f64(20)}}, ""},
		{"back to ROLLING keeps stored linear settings without complaint", func(s *model.Service) {
			s.DeploymentConfiguration.Strategy = model.DeploymentStrategyLinear
			s.DeploymentConfiguration.LinearConfiguration = &model.LinearConfiguration{StepPercent: f64(20)}
			s.LoadBalancers = []model.LoadBalancer{{TargetGroupARN: tg}}
		}, &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyRolling}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := fixture(model.DeploymentControllerTypeECS, model.LaunchTypeFargate)
			if c.setup != nil {
				c.setup(st.Service)
			}
			req := model.UpdateServiceRequest{Cluster: "prod", Service: "web", DeploymentConfiguration: c.dc}
			_, err := service.UpdateService(req, st, t0)
			if c.member == "" {
				if err != nil {
					t.Fatalf("want accepted, got %v", err)
				}
				return
			}
			var e *ecserrors.Error
			if !errors.Is(err, ecserrors.ErrInvalidParameter) || !errors.As(err, &e) || !strings.HasPrefix(e.Message(), c.member+":") {
				t.Fatalf("want InvalidParameterException naming %s, got %v", c.member, err)
			}
		})
	}
}
