package model

import (
	"fmt"
	"strings"

	ecserrors "github.com/ecsstate/ecsstate/errors"
)

// Limits and defaults of the capacity provider operations.
const (
	// MaxDescribeCapacityProviders is how many capacity providers one
	// DescribeCapacityProviders call may name, and MaxCapacityProviderResults
	// its page size limit (also the default).
	// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeCapacityProviders.html
	MaxDescribeCapacityProviders = 100
	MaxCapacityProviderResults   = 10
	// Managed scaling bounds and defaults.
	// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ManagedScaling.html
	DefaultTargetCapacity         = 100
	DefaultMinimumScalingStepSize = 1
	DefaultMaximumScalingStepSize = 10000
	DefaultInstanceWarmupPeriod   = 300
	MaxScalingStepSize            = 10000
	MaxInstanceWarmupPeriod       = 10000
)

// The capacity providers every account has, for Fargate tasks.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCapacityProvider.html
const (
	CapacityProviderFargate     = "FARGATE"
	CapacityProviderFargateSpot = "FARGATE_SPOT"
)

// CreateCapacityProviderRequest is the body of a CreateCapacityProvider
// call. Only Auto Scaling group capacity providers can be created this way
// here; Amazon ECS Managed Instances providers (cluster,
// managedInstancesProvider) are not modelled.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCapacityProvider.html
type CreateCapacityProviderRequest struct {
	Name                     string                    `json:"name,omitempty"`
	AutoScalingGroupProvider *AutoScalingGroupProvider `json:"autoScalingGroupProvider,omitzero"`
	Tags                     []Tag                     `json:"tags,omitzero"`
}

// CreateCapacityProviderResponse is the body CreateCapacityProvider returns.
type CreateCapacityProviderResponse struct {
	CapacityProvider *CapacityProvider `json:"capacityProvider,omitzero"`
}

// DescribeCapacityProvidersRequest is the body of a
// DescribeCapacityProviders call: names or ARNs (every provider when
// empty, a page at a time), include ["TAGS"].
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeCapacityProviders.html
type DescribeCapacityProvidersRequest struct {
	CapacityProviders []string `json:"capacityProviders,omitzero"`
	Include           []string `json:"include,omitzero"`
	MaxResults        *int32   `json:"maxResults,omitzero"`
	NextToken         string   `json:"nextToken,omitempty"`
}

// DescribeCapacityProvidersResponse is the body DescribeCapacityProviders
// returns.
type DescribeCapacityProvidersResponse struct {
	CapacityProviders []CapacityProvider `json:"capacityProviders"`
	Failures          []Failure          `json:"failures,omitzero"`
	NextToken         string             `json:"nextToken,omitempty"`
}

// PutClusterCapacityProvidersRequest is the body of a
// PutClusterCapacityProviders call. Both lists are required (an empty
// list is allowed) and replace the cluster's: a provider left out is
// disassociated.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutClusterCapacityProviders.html
type PutClusterCapacityProvidersRequest struct {
	Cluster                         string                         `json:"cluster,omitempty"`
	CapacityProviders               []string                       `json:"capacityProviders"`
	DefaultCapacityProviderStrategy []CapacityProviderStrategyItem `json:"defaultCapacityProviderStrategy"`
}

// PutClusterCapacityProvidersResponse is the body
// PutClusterCapacityProviders returns.
type PutClusterCapacityProvidersResponse struct {
	Cluster *Cluster `json:"cluster,omitzero"`
}

// ValidCapacityProviderName reports whether s may name a new capacity
// provider: up to 255 letters, digits, underscores and hyphens, not
// starting with "aws", "ecs" or "fargate". The API reference does not say
// whether the prefix rule ignores case; ECS reserves these names, so it is
// applied case-insensitively here ("AWSprovider" is refused too).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCapacityProvider.html
func ValidCapacityProviderName(s string) bool {
	if !ValidName(s) {
		return false
	}
	l := strings.ToLower(s)
	for _, p := range []string{"aws", "ecs", "fargate"} {
		if strings.HasPrefix(l, p) {
			return false
		}
	}
	return true
}

// Validate checks a CreateCapacityProvider request: the name, an Auto
// Scaling group provider with its group's ARN or name, the enumerations,
// the managed scaling bounds, and managed termination protection ENABLED
// only with managed scaling ENABLED ("When using managed termination
// protection, managed scaling must also be used otherwise managed
// termination protection doesn't work"; ECS refuses the combination).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCapacityProvider.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AutoScalingGroupProvider.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ManagedScaling.html
func (r *CreateCapacityProviderRequest) Validate() error {
	if r.Name == "" {
		return invalid("name: is required.")
	}
	if !ValidCapacityProviderName(r.Name) {
		return invalid("name: %q must be 1 to 255 letters, digits, hyphens or underscores and cannot start with \"aws\", \"ecs\" or \"fargate\".", ecserrors.Clip(r.Name))
	}
	p := r.AutoScalingGroupProvider
	if p == nil {
		return invalid("autoScalingGroupProvider: is required.")
	}
	if p.AutoScalingGroupARN == "" {
		return invalid("autoScalingGroupProvider.autoScalingGroupArn: is required.")
	}
	if len(p.AutoScalingGroupARN) > 1600 {
		return invalid("autoScalingGroupProvider.autoScalingGroupArn: at most 1600 characters.")
	}
	errs := []error{
		checkEnum("autoScalingGroupProvider.managedTerminationProtection", p.ManagedTerminationProtection, ManagedTerminationProtection("").Values(), true),
		checkEnum("autoScalingGroupProvider.managedDraining", p.ManagedDraining, ManagedDraining("").Values(), true),
		ValidateTags("tags", r.Tags),
	}
	if s := p.ManagedScaling; s != nil {
		errs = append(errs,
			checkEnum("autoScalingGroupProvider.managedScaling.status", s.Status, ManagedScalingStatus("").Values(), true),
			checkRange("autoScalingGroupProvider.managedScaling.targetCapacity", s.TargetCapacity, 1, 100),
			checkRange("autoScalingGroupProvider.managedScaling.minimumScalingStepSize", s.MinimumScalingStepSize, 1, MaxScalingStepSize),
			checkRange("autoScalingGroupProvider.managedScaling.maximumScalingStepSize", s.MaximumScalingStepSize, 1, MaxScalingStepSize),
			checkRange("autoScalingGroupProvider.managedScaling.instanceWarmupPeriod", s.InstanceWarmupPeriod, 0, MaxInstanceWarmupPeriod),
		)
		if s.MinimumScalingStepSize != 0 && s.MaximumScalingStepSize != 0 && s.MinimumScalingStepSize > s.MaximumScalingStepSize {
			errs = append(errs, invalid("autoScalingGroupProvider.managedScaling: minimumScalingStepSize %d is above maximumScalingStepSize %d.", s.MinimumScalingStepSize, s.MaximumScalingStepSize))
		}
	}
	if err := firstErr(errs...); err != nil {
		return err
	}
	if p.ManagedTerminationProtection == ManagedTerminationProtectionEnabled && (p.ManagedScaling == nil || p.ManagedScaling.Status != ManagedScalingStatusEnabled) {
		return invalid("autoScalingGroupProvider.managedTerminationProtection: ENABLED requires managedScaling with status ENABLED.")
	}
	return nil
}

// checkRange checks an optional (zero means absent) integer member.
func checkRange(member string, v, lo, hi int32) error {
	if v == 0 && lo > 0 {
		return nil
	}
	if v < lo || v > hi {
		return invalid("%s: must be %d to %d, got %d.", member, lo, hi, v)
	}
	return nil
}

// WithDefaults returns the provider settings as ECS stores them: managed
// draining ENABLED and managed termination protection DISABLED when
// absent, managed scaling DISABLED when absent, and the managed scaling
// defaults (target capacity 100, step sizes 1 and 10,000, warm-up 300 s).
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/enable-managed-instance-draining.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ManagedScaling.html
func (p AutoScalingGroupProvider) WithDefaults() AutoScalingGroupProvider {
	if p.ManagedDraining == "" {
		p.ManagedDraining = ManagedDrainingEnabled
	}
	if p.ManagedTerminationProtection == "" {
		p.ManagedTerminationProtection = ManagedTerminationProtectionDisabled
	}
	s := ManagedScaling{}
	if p.ManagedScaling != nil {
		s = *p.ManagedScaling
	}
	if s.Status == "" {
		s.Status = ManagedScalingStatusDisabled
	}
	if s.TargetCapacity == 0 {
		s.TargetCapacity = DefaultTargetCapacity
	}
	if s.MinimumScalingStepSize == 0 {
		s.MinimumScalingStepSize = DefaultMinimumScalingStepSize
	}
	if s.MaximumScalingStepSize == 0 {
		s.MaximumScalingStepSize = DefaultMaximumScalingStepSize
	}
	if p.ManagedScaling == nil || p.ManagedScaling.InstanceWarmupPeriod == 0 {
		s.InstanceWarmupPeriod = DefaultInstanceWarmupPeriod
	}
	p.ManagedScaling = &s
	return p
}

// Validate checks a DescribeCapacityProviders request: at most 100 names,
// include only TAGS, maxResults 1 to 10.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeCapacityProviders.html
func (r *DescribeCapacityProvidersRequest) Validate() error {
	if len(r.CapacityProviders) > MaxDescribeCapacityProviders {
		return invalid("capacityProviders: at most %d are allowed, got %d.", MaxDescribeCapacityProviders, len(r.CapacityProviders))
	}
	for i, n := range r.CapacityProviders {
		if n == "" {
			return invalid("capacityProviders[%d]: is empty.", i)
		}
	}
	for i, inc := range r.Include {
		if inc != "TAGS" {
			return invalid("include[%d]: %q is not one of [TAGS].", i, ecserrors.Clip(inc))
		}
	}
	if p := r.MaxResults; p != nil && (*p < 1 || *p > MaxCapacityProviderResults) {
		return invalid("maxResults: must be 1 to %d, got %d.", MaxCapacityProviderResults, *p)
	}
	return nil
}

// Validate checks a PutClusterCapacityProviders request: the cluster and
// both lists are required (empty lists are allowed), at most 20 providers,
// each a valid name, and the default strategy's shape. That the providers
// exist and that the strategy names only listed providers is the world's
// check.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutClusterCapacityProviders.html
func (r *PutClusterCapacityProvidersRequest) Validate() error {
	if err := resolveClusterID(r.Cluster); err != nil {
		return invalid("cluster: %s", reason(err))
	}
	if r.CapacityProviders == nil {
		return invalid("capacityProviders: is required (an empty list removes every provider).")
	}
	if r.DefaultCapacityProviderStrategy == nil {
		return invalid("defaultCapacityProviderStrategy: is required (an empty list means none).")
	}
	if len(r.CapacityProviders) > MaxCapacityProviders {
		return invalid("capacityProviders: at most %d are allowed, got %d.", MaxCapacityProviders, len(r.CapacityProviders))
	}
	seen := map[string]bool{}
	for i, n := range r.CapacityProviders {
		if err := checkName(fmt.Sprintf("capacityProviders[%d]", i), n); err != nil {
			return err
		}
		if seen[n] {
			return invalid("capacityProviders[%d]: %q is named twice.", i, n)
		}
		seen[n] = true
	}
	return ValidateCapacityProviderStrategy("defaultCapacityProviderStrategy", r.DefaultCapacityProviderStrategy)
}

// GoString writes the CreateCapacityProviderRequest as a Go expression, pointers shown by value.
func (x CreateCapacityProviderRequest) GoString() string { return goSyntax(x) }

// GoString writes the CreateCapacityProviderResponse as a Go expression, pointers shown by value.
func (x CreateCapacityProviderResponse) GoString() string { return goSyntax(x) }

// GoString writes the DescribeCapacityProvidersRequest as a Go expression, pointers shown by value.
func (x DescribeCapacityProvidersRequest) GoString() string { return goSyntax(x) }

// GoString writes the DescribeCapacityProvidersResponse as a Go expression, pointers shown by value.
func (x DescribeCapacityProvidersResponse) GoString() string { return goSyntax(x) }

// GoString writes the PutClusterCapacityProvidersResponse as a Go expression, pointers shown by value.
func (x PutClusterCapacityProvidersResponse) GoString() string { return goSyntax(x) }
