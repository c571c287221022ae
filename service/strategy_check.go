package service

import (
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// checkStrategy applies [model.ValidateStrategyRequirements] to the
// deployment configuration in force after the update: the merged strategy,
// the load balancers the request sets or the service keeps, and Service
// Connect as the request or the primary deployment has it. The linear and
// canary settings checked against the strategy are the request's own: a
// setting stored under an earlier strategy is not the caller's mistake now.
func (u *updater) checkStrategy(svc *model.Service, dc *model.DeploymentConfiguration) error {
	if dc == nil {
		return nil
	}
	lbs := svc.LoadBalancers
	if u.req.LoadBalancers != nil {
		lbs = u.req.LoadBalancers
	}
	sc := model.ServiceConnectEnabled(u.req.ServiceConnectConfiguration)
	if !rawSet(u.req.ServiceConnectConfiguration) {
		if p := primaryOf(svc); p != nil {
			sc = model.ServiceConnectEnabled(p.ServiceConnectConfiguration)
		}
	}
	check := *dc
	check.LinearConfiguration, check.CanaryConfiguration = nil, nil
	if in := u.req.DeploymentConfiguration; in != nil {
		check.LinearConfiguration, check.CanaryConfiguration = in.LinearConfiguration, in.CanaryConfiguration
	}
	return model.ValidateStrategyRequirements("deploymentConfiguration", &check, lbs, sc)
}

// StrategyModelled returns nil when the scheduler models the deployment
// strategy of dc (ROLLING, the default), and an
// UnsupportedFeatureException naming what is missing otherwise.
// BLUE_GREEN, LINEAR and CANARY deploy through lifecycle stages, traffic
// shifts between two target groups, lifecycle hooks and a bake time
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html);
// running them as a rolling update would be silently wrong, so
// [Reconcile] refuses them. The ecsstate World runs them itself, on top
// of [Reconcile] and the deployment package's traffic-shift machine.
func StrategyModelled(dc *model.DeploymentConfiguration) error {
	if dc == nil {
		return nil
	}
	if !dc.Strategy.TrafficShifting() {
		return nil
	}
	return ecserrors.New(ecserrors.CodeUnsupportedFeature,
		"deploymentConfiguration.strategy: ecsstate's scheduler does not model the %s deployment strategy yet (lifecycle stages, traffic shifting between target groups, lifecycle hooks, bake time); only ROLLING is scheduled.", dc.Strategy)
}
