package model_test

import (
	"fmt"
	"strings"
	"testing"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// Each row is a rule of the API reference pages cited in
// model.CreateCapacityProviderRequest.Validate.
func TestCreateCapacityProviderValidate(t *testing.T) {
	asg := func(p model.AutoScalingGroupProvider) *model.AutoScalingGroupProvider {
		if p.AutoScalingGroupARN == "" {
			p.AutoScalingGroupARN = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/g"
		}
		return &p
	}
	scaling := &model.ManagedScaling{Status: model.ManagedScalingStatusEnabled}
	for _, c := range []struct {
		name string
		req  model.CreateCapacityProviderRequest
		ok   bool
	}{
		{"minimal", model.CreateCapacityProviderRequest{Name: "cp", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{})}, true},
		{"group by name", model.CreateCapacityProviderRequest{Name: "cp", AutoScalingGroupProvider: &model.AutoScalingGroupProvider{AutoScalingGroupARN: "my-asg"}}, true},
		{"255 characters", model.CreateCapacityProviderRequest{Name: strings.Repeat("a", 255), AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{})}, true},
		{"256 characters", model.CreateCapacityProviderRequest{Name: strings.Repeat("a", 256), AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{})}, false},
		{"underscore and hyphen", model.CreateCapacityProviderRequest{Name: "my_cp-1", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{})}, true},
		{"prefix aws", model.CreateCapacityProviderRequest{Name: "aws-cp", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{})}, false},
		{"prefix ecs", model.CreateCapacityProviderRequest{Name: "ecscp", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{})}, false},
		{"prefix fargate", model.CreateCapacityProviderRequest{Name: "fargate2", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{})}, false},
		{"prefix in capitals", model.CreateCapacityProviderRequest{Name: "ECS_cp", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{})}, false},
		{"aws later in the name", model.CreateCapacityProviderRequest{Name: "my-aws", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{})}, true},
		{"no name", model.CreateCapacityProviderRequest{AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{})}, false},
		{"no provider", model.CreateCapacityProviderRequest{Name: "cp"}, false},
		{"no group", model.CreateCapacityProviderRequest{Name: "cp", AutoScalingGroupProvider: &model.AutoScalingGroupProvider{}}, false},
		{"draining DISABLED", model.CreateCapacityProviderRequest{Name: "cp", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{ManagedDraining: model.ManagedDrainingDisabled})}, true},
		{"draining bad", model.CreateCapacityProviderRequest{Name: "cp", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{ManagedDraining: "yes"})}, false},
		{"termination protection with managed scaling", model.CreateCapacityProviderRequest{Name: "cp", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{
			ManagedScaling: scaling, ManagedTerminationProtection: model.ManagedTerminationProtectionEnabled})}, true},
		{"termination protection without managed scaling", model.CreateCapacityProviderRequest{Name: "cp", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{
			ManagedTerminationProtection: model.ManagedTerminationProtectionEnabled})}, false},
		{"termination protection with managed scaling DISABLED", model.CreateCapacityProviderRequest{Name: "cp", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{
			ManagedScaling: &model.ManagedScaling{Status: model.ManagedScalingStatusDisabled}, ManagedTerminationProtection: model.ManagedTerminationProtectionEnabled})}, false},
		// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ManagedScaling.html
		{"target capacity 100", model.CreateCapacityProviderRequest{Name: "cp", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{ManagedScaling: &model.ManagedScaling{TargetCapacity: 100}})}, true},
		{"target capacity 101", model.CreateCapacityProviderRequest{Name: "cp", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{ManagedScaling: &model.ManagedScaling{TargetCapacity: 101}})}, false},
		{"step 10001", model.CreateCapacityProviderRequest{Name: "cp", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{ManagedScaling: &model.ManagedScaling{MaximumScalingStepSize: 10001}})}, false},
		{"minimum above maximum", model.CreateCapacityProviderRequest{Name: "cp", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{ManagedScaling: &model.ManagedScaling{MinimumScalingStepSize: 5, MaximumScalingStepSize: 2}})}, false},
		{"warm-up 10001", model.CreateCapacityProviderRequest{Name: "cp", AutoScalingGroupProvider: asg(model.AutoScalingGroupProvider{ManagedScaling: &model.ManagedScaling{InstanceWarmupPeriod: 10001}})}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.req.Validate()
			if c.ok != (err == nil) {
				t.Fatalf("Validate() = %v, want ok=%v", err, c.ok)
			}
			if err != nil && ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
				t.Errorf("code %s, want InvalidParameterException", ecserrors.CodeOf(err))
			}
		})
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutClusterCapacityProviders.html
func TestPutClusterCapacityProvidersValidate(t *testing.T) {
	none := []model.CapacityProviderStrategyItem{}
	for _, c := range []struct {
		name string
		req  model.PutClusterCapacityProvidersRequest
		ok   bool
	}{
		{"empty lists", model.PutClusterCapacityProvidersRequest{Cluster: "c", CapacityProviders: []string{}, DefaultCapacityProviderStrategy: none}, true},
		{"no cluster", model.PutClusterCapacityProvidersRequest{CapacityProviders: []string{}, DefaultCapacityProviderStrategy: none}, false},
		{"no providers list", model.PutClusterCapacityProvidersRequest{Cluster: "c", DefaultCapacityProviderStrategy: none}, false},
		{"no strategy list", model.PutClusterCapacityProvidersRequest{Cluster: "c", CapacityProviders: []string{}}, false},
		{"twice", model.PutClusterCapacityProvidersRequest{Cluster: "c", CapacityProviders: []string{"a", "a"}, DefaultCapacityProviderStrategy: none}, false},
		{"21 providers", model.PutClusterCapacityProvidersRequest{Cluster: "c", CapacityProviders: names(21), DefaultCapacityProviderStrategy: none}, false},
		{"weight 1001", model.PutClusterCapacityProvidersRequest{Cluster: "c", CapacityProviders: []string{"a"},
			DefaultCapacityProviderStrategy: []model.CapacityProviderStrategyItem{{CapacityProvider: "a", Weight: 1001}}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := c.req.Validate(); c.ok != (err == nil) {
				t.Fatalf("Validate() = %v, want ok=%v", err, c.ok)
			}
		})
	}
}

func names(n int) []string {
	var out []string
	for i := range n {
		out = append(out, "p"+strings.Repeat("x", i))
	}
	return out
}

// The defaults ECS stores: managed draining on ("Managed instance draining
// is on by default when you create a capacity provider"), managed
// termination protection off ("The default is off").
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/enable-managed-instance-draining.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AutoScalingGroupProvider.html
func TestAutoScalingGroupProviderDefaults(t *testing.T) {
	p := model.AutoScalingGroupProvider{AutoScalingGroupARN: "g"}.WithDefaults()
	if p.ManagedDraining != model.ManagedDrainingEnabled || p.ManagedTerminationProtection != model.ManagedTerminationProtectionDisabled {
		t.Errorf("defaults: %#v", p)
	}
	s := p.ManagedScaling
	if s == nil || s.Status != model.ManagedScalingStatusDisabled || s.TargetCapacity != 100 || s.MinimumScalingStepSize != 1 || s.MaximumScalingStepSize != 10000 || s.InstanceWarmupPeriod != 300 {
		t.Errorf("managed scaling defaults: %#v", s)
	}
	// Given values stay.
	q := model.AutoScalingGroupProvider{AutoScalingGroupARN: "g", ManagedDraining: model.ManagedDrainingDisabled,
		ManagedScaling: &model.ManagedScaling{Status: model.ManagedScalingStatusEnabled, TargetCapacity: 80}}.WithDefaults()
	if q.ManagedDraining != model.ManagedDrainingDisabled || q.ManagedScaling.TargetCapacity != 80 || q.ManagedScaling.Status != model.ManagedScalingStatusEnabled {
		t.Errorf("given values changed: %#v", q)
	}
}

func ExampleCreateCapacityProviderRequest_Validate() {
	req := model.CreateCapacityProviderRequest{Name: "fargate-like", AutoScalingGroupProvider: &model.AutoScalingGroupProvider{AutoScalingGroupARN: "my-asg"}}
	fmt.Println(ecserrors.CodeOf(req.Validate()))
	// Output: InvalidParameterException
}
