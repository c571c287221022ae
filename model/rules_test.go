package model_test

import (
	"errors"
	"strings"
	"testing"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// Each documented field rule, once accepted at its limit and once refused
// just past it, with the member the message must name.
// Sources: API_PlacementConstraint.html, API_PlacementStrategy.html,
// API_CapacityProviderStrategyItem.html, API_AwsVpcConfiguration.html,
// API_DeploymentConfiguration.html, API_ThresholdConfiguration.html and
// task_definition_parameters.html (portMappings) under
// https://docs.aws.amazon.com/AmazonECS/latest/
func TestDocumentedFieldRules(t *testing.T) {
	cp := func(name string, base, weight int32) model.CapacityProviderStrategyItem {
		return model.CapacityProviderStrategyItem{CapacityProvider: name, Base: base, Weight: weight}
	}
	providers := func(n int) []model.CapacityProviderStrategyItem {
		out := make([]model.CapacityProviderStrategyItem, n)
		for i := range out {
			out[i] = cp(strings.Repeat("p", i+1), 0, 1)
		}
		return out
	}
	distinct := func(n int) []model.PlacementConstraint {
		return make([]model.PlacementConstraint, n)
	}
	fill := func(cs []model.PlacementConstraint) []model.PlacementConstraint {
		for i := range cs {
			cs[i].Type = model.PlacementConstraintTypeDistinctInstance
		}
		return cs
	}
	subnets := func(n int) []string { return make([]string, n) }
	vpc := func(subnets, groups []string) *model.NetworkConfiguration {
		return &model.NetworkConfiguration{AWSVPCConfiguration: &model.AwsVpcConfiguration{Subnets: subnets, SecurityGroups: groups}}
	}
	dc := func(f func(*model.DeploymentConfiguration)) *model.DeploymentConfiguration {
		d := &model.DeploymentConfiguration{}
		f(d)
		return d
	}
	req := func(f func(*model.UpdateServiceRequest)) error {
		r := model.UpdateServiceRequest{Service: "web"}
		f(&r)
		return r.Validate()
	}
	cases := []struct {
		name   string
		err    error
		member string // "" means the value is valid
	}{
		{"20 capacity providers", model.ValidateCapacityProviderStrategy("cps", providers(20)), ""},
		{"21 capacity providers", model.ValidateCapacityProviderStrategy("cps", providers(21)), "cps"},
		{"a provider named twice", model.ValidateCapacityProviderStrategy("cps", []model.CapacityProviderStrategyItem{cp("A", 0, 1), cp("A", 0, 1)}), "cps[1].capacityProvider"},
		{"a base on one provider", model.ValidateCapacityProviderStrategy("cps", []model.CapacityProviderStrategyItem{cp("A", 100000, 0), cp("B", 0, 1000)}), ""},
		{"a base on two providers", model.ValidateCapacityProviderStrategy("cps", []model.CapacityProviderStrategyItem{cp("A", 1, 1), cp("B", 1, 1)}), "cps"},
		{"weight 1001", model.ValidateCapacityProviderStrategy("cps", []model.CapacityProviderStrategyItem{cp("A", 0, 1001)}), "cps[0].weight"},
		{"empty strategy", model.ValidateCapacityProviderStrategy("cps", []model.CapacityProviderStrategyItem{}), ""},

		{"10 constraints", model.ValidatePlacementConstraints("pc", fill(distinct(10)), 0), ""},
		{"9 constraints and 2 in the task definition", model.ValidatePlacementConstraints("pc", fill(distinct(9)), 2), "pc"},
		{"distinctInstance with an expression", model.ValidatePlacementConstraints("pc", []model.PlacementConstraint{{Type: model.PlacementConstraintTypeDistinctInstance, Expression: "x"}}, 0), "pc[0].expression"},
		{"a 2,000-character expression", model.ValidatePlacementConstraints("pc", []model.PlacementConstraint{{Type: model.PlacementConstraintTypeMemberOf, Expression: strings.Repeat("a", 2000)}}, 0), ""},
		{"a 2,001-character expression", model.ValidatePlacementConstraints("pc", []model.PlacementConstraint{{Type: model.PlacementConstraintTypeMemberOf, Expression: strings.Repeat("a", 2001)}}, 0), "pc[0].expression"},
		{"unknown constraint type", model.ValidatePlacementConstraints("pc", []model.PlacementConstraint{{Type: "sameZone"}}, 0), "pc[0].type"},

		{"spread over an attribute", model.ValidatePlacementStrategy("ps", []model.PlacementStrategy{{Type: model.PlacementStrategyTypeSpread, Field: "attribute:ecs.availability-zone"}}), ""},
		{"spread over host", model.ValidatePlacementStrategy("ps", []model.PlacementStrategy{{Type: model.PlacementStrategyTypeSpread, Field: "host"}}), ""},
		{"spread over nothing", model.ValidatePlacementStrategy("ps", []model.PlacementStrategy{{Type: model.PlacementStrategyTypeSpread, Field: "attribute:"}}), "ps[0].field"},
		{"random with a field", model.ValidatePlacementStrategy("ps", []model.PlacementStrategy{{Type: model.PlacementStrategyTypeRandom, Field: "cpu"}}), "ps[0].field"},
		{"binpack on MEMORY", model.ValidatePlacementStrategy("ps", []model.PlacementStrategy{{Type: model.PlacementStrategyTypeBinpack, Field: "MEMORY"}}), ""},

		{"16 subnets, 5 security groups", req(func(r *model.UpdateServiceRequest) { r.NetworkConfiguration = vpc(subnets(16), subnets(5)) }), ""},
		{"no subnet", req(func(r *model.UpdateServiceRequest) { r.NetworkConfiguration = vpc(nil, nil) }), "networkConfiguration.awsvpcConfiguration.subnets"},
		{"17 subnets", req(func(r *model.UpdateServiceRequest) { r.NetworkConfiguration = vpc(subnets(17), nil) }), "networkConfiguration.awsvpcConfiguration.subnets"},
		{"6 security groups", req(func(r *model.UpdateServiceRequest) { r.NetworkConfiguration = vpc(subnets(1), subnets(6)) }), "networkConfiguration.awsvpcConfiguration.securityGroups"},

		{"bake time 1,440", req(func(r *model.UpdateServiceRequest) {
			r.DeploymentConfiguration = dc(func(d *model.DeploymentConfiguration) { d.BakeTimeInMinutes = model.Int32(1440) })
		}), ""},
		{"bake time 1,441", req(func(r *model.UpdateServiceRequest) {
			r.DeploymentConfiguration = dc(func(d *model.DeploymentConfiguration) { d.BakeTimeInMinutes = model.Int32(1441) })
		}), "deploymentConfiguration.bakeTimeInMinutes"},
		{"threshold 101 percent", req(func(r *model.UpdateServiceRequest) {
			r.DeploymentConfiguration = dc(func(d *model.DeploymentConfiguration) {
				d.DeploymentCircuitBreaker = &model.DeploymentCircuitBreaker{Enable: true, ThresholdConfiguration: &model.ThresholdConfiguration{Type: model.ThresholdTypeBoundedPercent, Value: 101}}
			})
		}), "deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.value"},
		{"COUNT threshold 500", req(func(r *model.UpdateServiceRequest) {
			r.DeploymentConfiguration = dc(func(d *model.DeploymentConfiguration) {
				d.DeploymentCircuitBreaker = &model.DeploymentCircuitBreaker{Enable: true, ThresholdConfiguration: &model.ThresholdConfiguration{Type: model.ThresholdTypeCount, Value: 500}}
			})
		}), ""},
		{"alarms enabled without names", req(func(r *model.UpdateServiceRequest) {
			r.DeploymentConfiguration = dc(func(d *model.DeploymentConfiguration) { d.Alarms = &model.DeploymentAlarms{Enable: true} })
		}), "deploymentConfiguration.alarms.alarmNames"},
	}
	for _, c := range cases {
		switch {
		case c.member == "" && c.err != nil:
			t.Errorf("%s: refused: %v", c.name, c.err)
		case c.member != "" && !errors.Is(c.err, ecserrors.ErrInvalidParameter):
			t.Errorf("%s: got %v, want InvalidParameterException", c.name, c.err)
		case c.member != "" && !strings.Contains(c.err.Error(), c.member+":"):
			t.Errorf("%s: message %q does not name %s", c.name, c.err, c.member)
		}
	}
}

// In host and awsvpc network modes a container's host port must be unset,
// 0 or equal to its container port; bridge mode maps freely.
func TestHostPortRuleFollowsNetworkMode(t *testing.T) {
	for _, c := range []struct {
		mode      model.NetworkMode
		container int32
		host      int32
		ok        bool
	}{
		{model.NetworkModeHost, 80, 80, true},
		{model.NetworkModeHost, 80, 0, true},
		{model.NetworkModeHost, 80, 8080, false},
		{model.NetworkModeAwsvpc, 443, 8443, false},
		{model.NetworkModeBridge, 80, 8080, true},
	} {
		td := model.TaskDefinition{
			TaskDefinitionARN: "arn:aws:ecs:us-east-1:012345678910:task-definition/web:1", Family: "web", Revision: 1,
			NetworkMode: c.mode,
			ContainerDefinitions: []model.ContainerDefinition{{Name: "app",
				PortMappings: []model.PortMapping{{ContainerPort: model.Int32(c.container), HostPort: model.Int32(c.host)}}}},
		}
		err := td.Validate()
		if (err == nil) != c.ok {
			t.Errorf("%s %d→%d: %v", c.mode, c.container, c.host, err)
		}
		if err != nil && !strings.Contains(err.Error(), "containerDefinitions[0].portMappings[0].hostPort") {
			t.Errorf("%s: message %q does not name the host port", c.mode, err)
		}
	}
}
