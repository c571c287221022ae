package model

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"

	ecserrors "github.com/ecsstate/ecsstate/errors"
)

// The members ECS added for the BLUE_GREEN, LINEAR and CANARY deployment
// strategies, typed so that their rules can be checked and read, and
// encoded key for key as ECS sends them.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html

// DeploymentLifecycleHook runs a Lambda function, or pauses the deployment
// until ContinueServiceDeployment, at the lifecycle stages it names.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentLifecycleHook.html
type DeploymentLifecycleHook struct {
	HookTargetARN        string                                       `json:"hookTargetArn,omitempty"`
	RoleARN              string                                       `json:"roleArn,omitempty"`
	LifecycleStages      []DeploymentLifecycleHookStage               `json:"lifecycleStages,omitzero"`
	HookDetails          json.RawMessage                              `json:"hookDetails,omitzero"`
	TargetType           DeploymentLifecycleHookTargetType            `json:"targetType,omitempty"`
	TimeoutConfiguration *DeploymentLifecycleHookTimeoutConfiguration `json:"timeoutConfiguration,omitzero"`
}

// DeploymentLifecycleHookTimeoutConfiguration says how long ECS waits for a
// hook and what it does then.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentLifecycleHookTimeoutConfiguration.html
type DeploymentLifecycleHookTimeoutConfiguration struct {
	Action           DeploymentLifecycleHookAction `json:"action,omitempty"`
	TimeoutInMinutes *int32                        `json:"timeoutInMinutes,omitzero"`
}

// LinearConfiguration shifts production traffic in equal steps with a bake
// between steps.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinearConfiguration.html
type LinearConfiguration struct {
	StepPercent           *float64 `json:"stepPercent,omitzero"`
	StepBakeTimeInMinutes *int32   `json:"stepBakeTimeInMinutes,omitzero"`
}

// CanaryConfiguration shifts a share of production traffic, bakes, then
// shifts the rest.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html
type CanaryConfiguration struct {
	CanaryPercent           *float64 `json:"canaryPercent,omitzero"`
	CanaryBakeTimeInMinutes *int32   `json:"canaryBakeTimeInMinutes,omitzero"`
}

// AdvancedConfiguration is what a load balancer needs for ECS to shift
// traffic itself: the alternate (green) target group, the production and
// test listener rules (listeners, for a Network Load Balancer) and the role
// ECS uses to call Elastic Load Balancing.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AdvancedConfiguration.html
type AdvancedConfiguration struct {
	AlternateTargetGroupARN string `json:"alternateTargetGroupArn,omitempty"`
	ProductionListenerRule  string `json:"productionListenerRule,omitempty"`
	TestListenerRule        string `json:"testListenerRule,omitempty"`
	RoleARN                 string `json:"roleArn,omitempty"`
}

// DeploymentLifecycleHookStage is the ECS DeploymentLifecycleHookStage
// enumeration: the stages a hook may run at.
type DeploymentLifecycleHookStage string

// Values of DeploymentLifecycleHookStage. SCALE_UP, BAKE_TIME and CLEAN_UP
// are lifecycle stages too, but no hook runs at them.
const (
	HookStageReconcileService           DeploymentLifecycleHookStage = "RECONCILE_SERVICE"
	HookStagePreScaleUp                 DeploymentLifecycleHookStage = "PRE_SCALE_UP"
	HookStagePostScaleUp                DeploymentLifecycleHookStage = "POST_SCALE_UP"
	HookStageTestTrafficShift           DeploymentLifecycleHookStage = "TEST_TRAFFIC_SHIFT"
	HookStagePostTestTrafficShift       DeploymentLifecycleHookStage = "POST_TEST_TRAFFIC_SHIFT"
	HookStagePreProductionTrafficShift  DeploymentLifecycleHookStage = "PRE_PRODUCTION_TRAFFIC_SHIFT"
	HookStageProductionTrafficShift     DeploymentLifecycleHookStage = "PRODUCTION_TRAFFIC_SHIFT"
	HookStagePostProductionTrafficShift DeploymentLifecycleHookStage = "POST_PRODUCTION_TRAFFIC_SHIFT"
)

// Values returns every DeploymentLifecycleHookStage value, in the API's order.
func (DeploymentLifecycleHookStage) Values() []DeploymentLifecycleHookStage {
	return []DeploymentLifecycleHookStage{HookStageReconcileService, HookStagePreScaleUp, HookStagePostScaleUp,
		HookStageTestTrafficShift, HookStagePostTestTrafficShift, HookStagePreProductionTrafficShift,
		HookStageProductionTrafficShift, HookStagePostProductionTrafficShift}
}

// DeploymentLifecycleHookTargetType is the ECS DeploymentLifecycleHookTargetType enumeration.
type DeploymentLifecycleHookTargetType string

// Values of DeploymentLifecycleHookTargetType. An absent target type is AWS_LAMBDA.
const (
	HookTargetLambda DeploymentLifecycleHookTargetType = "AWS_LAMBDA"
	HookTargetPause  DeploymentLifecycleHookTargetType = "PAUSE"
)

// Values returns every DeploymentLifecycleHookTargetType value, in the API's order.
func (DeploymentLifecycleHookTargetType) Values() []DeploymentLifecycleHookTargetType {
	return []DeploymentLifecycleHookTargetType{HookTargetLambda, HookTargetPause}
}

// DeploymentLifecycleHookAction is the ECS DeploymentLifecycleHookAction
// enumeration: what a timed-out hook does, and what ContinueServiceDeployment asks.
type DeploymentLifecycleHookAction string

// Values of DeploymentLifecycleHookAction.
const (
	HookActionRollback DeploymentLifecycleHookAction = "ROLLBACK"
	HookActionContinue DeploymentLifecycleHookAction = "CONTINUE"
)

// Values returns every DeploymentLifecycleHookAction value, in the API's order.
func (DeploymentLifecycleHookAction) Values() []DeploymentLifecycleHookAction {
	return []DeploymentLifecycleHookAction{HookActionRollback, HookActionContinue}
}

// Ranges and defaults of the strategy members, as the API reference gives them.
const (
	MaxBakeTimeInMinutes       = 1440  // bakeTimeInMinutes, stepBakeTimeInMinutes, canaryBakeTimeInMinutes
	DefaultStepPercent         = 10.0  // LinearConfiguration.stepPercent
	MinStepPercent             = 3.0   // LinearConfiguration.stepPercent
	DefaultStepBakeTimeMinutes = 6     // LinearConfiguration.stepBakeTimeInMinutes
	DefaultCanaryPercent       = 5.0   // CanaryConfiguration.canaryPercent
	MinCanaryPercent           = 0.1   // CanaryConfiguration.canaryPercent
	DefaultCanaryBakeMinutes   = 10    // CanaryConfiguration.canaryBakeTimeInMinutes
	DefaultHookTimeoutMinutes  = 1440  // DeploymentLifecycleHookTimeoutConfiguration.timeoutInMinutes
	MaxHookTimeoutMinutes      = 20160 // DeploymentLifecycleHookTimeoutConfiguration.timeoutInMinutes
	DefaultHookTimeoutAction   = HookActionRollback
	DefaultHookTargetType      = HookTargetLambda
)

// Resolved returns the step percent and step bake of c, defaults filled in
// (10.0 and 6 minutes); c may be nil.
func (c *LinearConfiguration) Resolved() (stepPercent float64, stepBakeMinutes int32) {
	stepPercent, stepBakeMinutes = DefaultStepPercent, DefaultStepBakeTimeMinutes
	if c != nil && c.StepPercent != nil {
		stepPercent = *c.StepPercent
	}
	if c != nil && c.StepBakeTimeInMinutes != nil {
		stepBakeMinutes = *c.StepBakeTimeInMinutes
	}
	return
}

// Resolved returns the canary percent and canary bake of c, defaults filled
// in (5.0 and 10 minutes); c may be nil.
func (c *CanaryConfiguration) Resolved() (canaryPercent float64, canaryBakeMinutes int32) {
	canaryPercent, canaryBakeMinutes = DefaultCanaryPercent, DefaultCanaryBakeMinutes
	if c != nil && c.CanaryPercent != nil {
		canaryPercent = *c.CanaryPercent
	}
	if c != nil && c.CanaryBakeTimeInMinutes != nil {
		canaryBakeMinutes = *c.CanaryBakeTimeInMinutes
	}
	return
}

// Resolved returns the target type, timeout and timeout action of h,
// defaults filled in (AWS_LAMBDA, 1,440 minutes, ROLLBACK).
func (h *DeploymentLifecycleHook) Resolved() (target DeploymentLifecycleHookTargetType, timeoutMinutes int32, onTimeout DeploymentLifecycleHookAction) {
	target, timeoutMinutes, onTimeout = DefaultHookTargetType, DefaultHookTimeoutMinutes, DefaultHookTimeoutAction
	if h.TargetType != "" {
		target = h.TargetType
	}
	if tc := h.TimeoutConfiguration; tc != nil {
		if tc.TimeoutInMinutes != nil {
			timeoutMinutes = *tc.TimeoutInMinutes
		}
		if tc.Action != "" {
			onTimeout = tc.Action
		}
	}
	return
}

// TrafficShifting reports whether s is one of the strategies that move
// traffic between a blue and a green revision (BLUE_GREEN, LINEAR, CANARY).
func (s DeploymentStrategy) TrafficShifting() bool {
	return s == DeploymentStrategyBlueGreen || s == DeploymentStrategyLinear || s == DeploymentStrategyCanary
}

// tenths reports whether v is a multiple of 0.1, the granularity the API
// reference gives for stepPercent and canaryPercent. A float64 holds 0.1
// only approximately, so the test allows a rounding error far below 0.1.
func tenths(v float64) bool {
	t := v * 10
	return math.Abs(t-math.Round(t)) < 1e-6
}

func checkPercent(member string, p *float64, lo float64) error {
	if p == nil {
		return nil
	}
	v := *p
	if math.IsNaN(v) || v < lo-1e-9 || v > 100+1e-9 || !tenths(v) {
		return invalid("%s: must be a multiple of 0.1 from %.1f to 100.0, got %g.", member, lo, v)
	}
	return nil
}

// checkMinutes checks an optional int32 against a closed range (minutes,
// or a percentage).
func checkMinutes(member string, p *int32, lo, hi int32) error {
	if p != nil && (*p < lo || *p > hi) {
		return invalid("%s: must be %d to %d, got %d.", member, lo, hi, *p)
	}
	return nil
}

// checkForeignARN checks that s is an ARN of another AWS service (service
// is its third field) whose resource starts with one of prefixes. ECS cannot
// know whether the resource exists; it can refuse what is not even an ARN of
// the right kind.
func checkForeignARN(member, s, service string, prefixes ...string) error {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[2] != service {
		return invalid("%s: %q is not an ARN of %s.", member, ecserrors.Clip(s), service)
	}
	for _, p := range prefixes {
		if strings.HasPrefix(parts[5], p) && len(parts[5]) > len(p) {
			return nil
		}
	}
	return invalid("%s: %q is not a %s ARN.", member, ecserrors.Clip(s), strings.TrimSuffix(strings.TrimSuffix(prefixes[0], "/"), ":"))
}

// validateStrategyMembers checks the members the traffic-shifting
// strategies add to a deployment configuration, one by one; the rules
// that need the service's load balancers are in
// [ValidateStrategyRequirements].
func validateStrategyMembers(member string, dc *DeploymentConfiguration) error {
	if err := checkMinutes(member+".bakeTimeInMinutes", dc.BakeTimeInMinutes, 0, MaxBakeTimeInMinutes); err != nil {
		return err
	}
	if c := dc.LinearConfiguration; c != nil {
		m := member + ".linearConfiguration"
		if dc.Strategy != "" && dc.Strategy != DeploymentStrategyLinear {
			return invalid("%s: is only valid with the LINEAR strategy, not %s.", m, dc.Strategy)
		}
		if err := firstErr(checkPercent(m+".stepPercent", c.StepPercent, MinStepPercent),
			checkMinutes(m+".stepBakeTimeInMinutes", c.StepBakeTimeInMinutes, 0, MaxBakeTimeInMinutes)); err != nil {
			return err
		}
	}
	if c := dc.CanaryConfiguration; c != nil {
		m := member + ".canaryConfiguration"
		if dc.Strategy != "" && dc.Strategy != DeploymentStrategyCanary {
			return invalid("%s: is only valid with the CANARY strategy, not %s.", m, dc.Strategy)
		}
		if err := firstErr(checkPercent(m+".canaryPercent", c.CanaryPercent, MinCanaryPercent),
			checkMinutes(m+".canaryBakeTimeInMinutes", c.CanaryBakeTimeInMinutes, 0, MaxBakeTimeInMinutes)); err != nil {
			return err
		}
	}
	if err := validateEarlySuccess(member, dc); err != nil {
		return err
	}
	for i := range dc.LifecycleHooks {
		if err := validateHook(member+".lifecycleHooks["+strconv.Itoa(i)+"]", &dc.LifecycleHooks[i]); err != nil {
			return err
		}
	}
	return nil
}

// validateHook checks one lifecycle hook.
//
// Decisions where the API reference is silent, each a refusal ECS would
// otherwise have to make later, at deployment time:
//   - lifecycleStages must name at least one stage and no stage twice (a
//     hook with no stage never runs);
//   - a PAUSE hook takes no hookTargetArn ("not applicable for PAUSE
//     hooks") and may not sit at TEST_TRAFFIC_SHIFT or
//     PRODUCTION_TRAFFIC_SHIFT, the stages where traffic is being moved
//     (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/pause-lifecycle-hooks.html);
//   - an AWS_LAMBDA hook needs hookTargetArn (a Lambda function ARN) and
//     roleArn (an IAM role ARN): without the role ECS cannot invoke it
//     (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-permissions.html).
//
// hookDetails may be any JSON value; a PAUSE hook ignores it.
func validateHook(m string, h *DeploymentLifecycleHook) error {
	if err := checkEnum(m+".targetType", h.TargetType, DeploymentLifecycleHookTargetType("").Values(), true); err != nil {
		return err
	}
	target, _, _ := h.Resolved()
	if len(h.LifecycleStages) == 0 {
		return invalid("%s.lifecycleStages: at least one lifecycle stage is required.", m)
	}
	seen := map[DeploymentLifecycleHookStage]bool{}
	for j, st := range h.LifecycleStages {
		sm := m + ".lifecycleStages[" + strconv.Itoa(j) + "]"
		if err := checkEnum(sm, st, DeploymentLifecycleHookStage("").Values(), false); err != nil {
			return err
		}
		if seen[st] {
			return invalid("%s: %s is named twice.", sm, st)
		}
		seen[st] = true
		if target == HookTargetPause && (st == HookStageTestTrafficShift || st == HookStageProductionTrafficShift) {
			return invalid("%s: a PAUSE hook cannot run at %s.", sm, st)
		}
	}
	switch target {
	case HookTargetPause:
		if h.HookTargetARN != "" {
			return invalid("%s.hookTargetArn: is not applicable to a PAUSE hook.", m)
		}
	default:
		if h.HookTargetARN == "" {
			return invalid("%s.hookTargetArn: is required for an AWS_LAMBDA hook.", m)
		}
		if err := checkForeignARN(m+".hookTargetArn", h.HookTargetARN, "lambda", "function:"); err != nil {
			return err
		}
		if h.RoleARN == "" {
			return invalid("%s.roleArn: is required for an AWS_LAMBDA hook.", m)
		}
	}
	if h.RoleARN != "" {
		if err := checkForeignARN(m+".roleArn", h.RoleARN, "iam", "role/"); err != nil {
			return err
		}
	}
	if tc := h.TimeoutConfiguration; tc != nil {
		if err := firstErr(
			checkEnum(m+".timeoutConfiguration.action", tc.Action, DeploymentLifecycleHookAction("").Values(), true),
			checkMinutes(m+".timeoutConfiguration.timeoutInMinutes", tc.TimeoutInMinutes, 1, MaxHookTimeoutMinutes),
		); err != nil {
			return err
		}
	}
	return nil
}

// ValidateLoadBalancers checks the advancedConfiguration of each load
// balancer: an alternate target group (required, as CloudFormation marks
// it, and different from the load balancer's own target group), listener
// rules and role, each an ARN of the right kind.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AdvancedConfiguration.html
func ValidateLoadBalancers(member string, lbs []LoadBalancer) error {
	for i, lb := range lbs {
		ac := lb.AdvancedConfiguration
		if ac == nil {
			continue
		}
		m := member + "[" + strconv.Itoa(i) + "].advancedConfiguration"
		switch {
		case ac.AlternateTargetGroupARN == "":
			return invalid("%s.alternateTargetGroupArn: is required.", m)
		case ac.AlternateTargetGroupARN == lb.TargetGroupARN:
			return invalid("%s.alternateTargetGroupArn: must differ from the load balancer's targetGroupArn.", m)
		}
		if err := checkForeignARN(m+".alternateTargetGroupArn", ac.AlternateTargetGroupARN, "elasticloadbalancing", "targetgroup/"); err != nil {
			return err
		}
		if ac.ProductionListenerRule != "" {
			if err := checkForeignARN(m+".productionListenerRule", ac.ProductionListenerRule, "elasticloadbalancing", "listener-rule/", "listener/"); err != nil {
				return err
			}
		}
		if ac.TestListenerRule != "" {
			if err := checkForeignARN(m+".testListenerRule", ac.TestListenerRule, "elasticloadbalancing", "listener-rule/", "listener/"); err != nil {
				return err
			}
		}
		if ac.RoleARN != "" {
			if err := checkForeignARN(m+".roleArn", ac.RoleARN, "iam", "role/"); err != nil {
				return err
			}
		}
	}
	return nil
}

// ValidateStrategyRequirements checks the rules that tie a service's
// deployment strategy to its load balancers, once the strategy in force is
// known (after an UpdateService merges its request into the service).
// serviceConnect says whether the service uses Service Connect.
//
//   - LINEAR and CANARY shift production traffic step by step and need
//     Elastic Load Balancing or Service Connect to do it
//     (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deploy-linear-service.html,
//     https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deploy-canary-service.html).
//   - BLUE_GREEN is allowed without either: a headless service gets a
//     blue/green deployment without managed traffic shifting
//     (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html).
//   - With any of the three, a load balancer with a target group must
//     carry an advancedConfiguration with a production listener rule and a
//     role: ECS has nowhere to send green's traffic otherwise, and no
//     permission to move it (decision; the API reference marks them optional
//     because ROLLING services do not need them).
//   - linearConfiguration and canaryConfiguration are only valid with their
//     own strategy.
func ValidateStrategyRequirements(member string, dc *DeploymentConfiguration, lbs []LoadBalancer, serviceConnect bool) error {
	if dc == nil {
		return nil
	}
	s := dc.Strategy
	if dc.LinearConfiguration != nil && s != DeploymentStrategyLinear {
		return invalid("%s.linearConfiguration: is only valid with the LINEAR strategy, not %s.", member, orRolling(s))
	}
	if dc.CanaryConfiguration != nil && s != DeploymentStrategyCanary {
		return invalid("%s.canaryConfiguration: is only valid with the CANARY strategy, not %s.", member, orRolling(s))
	}
	if !s.TrafficShifting() {
		return nil
	}
	if (s == DeploymentStrategyLinear || s == DeploymentStrategyCanary) && len(lbs) == 0 && !serviceConnect {
		return invalid("%s.strategy: %s needs a load balancer or Service Connect to shift traffic.", member, s)
	}
	for i, lb := range lbs {
		if lb.TargetGroupARN == "" {
			continue
		}
		m := "loadBalancers[" + strconv.Itoa(i) + "].advancedConfiguration"
		ac := lb.AdvancedConfiguration
		switch {
		case ac == nil:
			return invalid("%s: is required with the %s strategy.", m, s)
		case ac.ProductionListenerRule == "":
			return invalid("%s.productionListenerRule: is required with the %s strategy.", m, s)
		case ac.RoleARN == "":
			return invalid("%s.roleArn: is required with the %s strategy.", m, s)
		}
	}
	return nil
}

func orRolling(s DeploymentStrategy) DeploymentStrategy {
	if s == "" {
		return DeploymentStrategyRolling
	}
	return s
}

// ServiceConnectEnabled reports whether a serviceConnectConfiguration, kept
// as raw JSON, turns Service Connect on (its enabled member is true).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectConfiguration.html
func ServiceConnectEnabled(raw json.RawMessage) bool {
	var sc struct {
		Enabled bool `json:"enabled"`
	}
	return len(raw) > 0 && json.Unmarshal(raw, &sc) == nil && sc.Enabled
}

// CloneLifecycleHooks returns a deep copy of hooks (nil stays nil), so that
// a configuration merged from a request shares no memory with it.
func CloneLifecycleHooks(hooks []DeploymentLifecycleHook) []DeploymentLifecycleHook {
	if hooks == nil {
		return nil
	}
	out := make([]DeploymentLifecycleHook, len(hooks))
	for i, h := range hooks {
		h.LifecycleStages = slices.Clone(h.LifecycleStages)
		h.HookDetails = slices.Clone(h.HookDetails)
		if tc := h.TimeoutConfiguration; tc != nil {
			c := *tc
			if tc.TimeoutInMinutes != nil {
				c.TimeoutInMinutes = Int32(*tc.TimeoutInMinutes)
			}
			h.TimeoutConfiguration = &c
		}
		out[i] = h
	}
	return out
}

// Clone returns a deep copy of c (nil stays nil).
func (c *LinearConfiguration) Clone() *LinearConfiguration {
	if c == nil {
		return nil
	}
	return &LinearConfiguration{StepPercent: copyPtr(c.StepPercent), StepBakeTimeInMinutes: copyPtr(c.StepBakeTimeInMinutes)}
}

// Clone returns a deep copy of c (nil stays nil).
func (c *CanaryConfiguration) Clone() *CanaryConfiguration {
	if c == nil {
		return nil
	}
	return &CanaryConfiguration{CanaryPercent: copyPtr(c.CanaryPercent), CanaryBakeTimeInMinutes: copyPtr(c.CanaryBakeTimeInMinutes)}
}

func copyPtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// GoString writes the DeploymentLifecycleHook as a Go expression, pointers shown by value.
func (x DeploymentLifecycleHook) GoString() string { return goSyntax(x) }

// GoString writes the DeploymentLifecycleHookTimeoutConfiguration as a Go expression, pointers shown by value.
func (x DeploymentLifecycleHookTimeoutConfiguration) GoString() string { return goSyntax(x) }

// GoString writes the LinearConfiguration as a Go expression, pointers shown by value.
func (x LinearConfiguration) GoString() string { return goSyntax(x) }

// GoString writes the CanaryConfiguration as a Go expression, pointers shown by value.
func (x CanaryConfiguration) GoString() string { return goSyntax(x) }

// DeploymentEarlySuccessCriteria lets a rolling deployment complete once a
// share of the target revision is healthy (and the bake time has passed),
// the old tasks removed before (BLOCKING) or after (DEFERRED) it completes.
// Rolling strategy only. [DeploymentConfiguration] keeps the member as raw
// JSON (the service scheduler decodes it); validation decodes it into this
// type.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentEarlySuccessCriteria.html
type DeploymentEarlySuccessCriteria struct {
	Enable                       bool                   `json:"enable"`
	HealthyPercent               *int32                 `json:"healthyPercent,omitzero"`
	SourceServiceRevisionCleanup ServiceRevisionCleanup `json:"sourceServiceRevisionCleanup,omitempty"`
}

// ServiceRevisionCleanup is the ECS ServiceRevisionCleanup enumeration.
type ServiceRevisionCleanup string

// Values of ServiceRevisionCleanup.
const (
	ServiceRevisionCleanupBlocking ServiceRevisionCleanup = "BLOCKING"
	ServiceRevisionCleanupDeferred ServiceRevisionCleanup = "DEFERRED"
)

// Values returns every ServiceRevisionCleanup value, in the API's order.
func (ServiceRevisionCleanup) Values() []ServiceRevisionCleanup {
	return []ServiceRevisionCleanup{ServiceRevisionCleanupBlocking, ServiceRevisionCleanupDeferred}
}

// GoString writes the DeploymentEarlySuccessCriteria as a Go expression, pointers shown by value.
func (x DeploymentEarlySuccessCriteria) GoString() string { return goSyntax(x) }

// validateEarlySuccess checks earlySuccessCriteria: when enabled,
// healthyPercent (0 to 100, and not below minimumHealthyPercent when the
// configuration gives one) and sourceServiceRevisionCleanup are required;
// only with the rolling strategy.
func validateEarlySuccess(member string, dc *DeploymentConfiguration) error {
	raw := strings.TrimSpace(string(dc.EarlySuccessCriteria))
	if raw == "" || raw == "null" {
		return nil
	}
	m := member + ".earlySuccessCriteria"
	e := new(DeploymentEarlySuccessCriteria)
	if err := json.Unmarshal(dc.EarlySuccessCriteria, e); err != nil {
		return invalid("%s: is not a DeploymentEarlySuccessCriteria object.", m)
	}
	if e.Enable && dc.Strategy.TrafficShifting() {
		return invalid("%s: early success criteria are only supported with the ROLLING strategy, not %s.", m, dc.Strategy)
	}
	if err := checkEnum(m+".sourceServiceRevisionCleanup", e.SourceServiceRevisionCleanup, ServiceRevisionCleanup("").Values(), !e.Enable); err != nil {
		return err
	}
	if e.HealthyPercent == nil {
		if e.Enable {
			return invalid("%s.healthyPercent: is required when early success criteria are enabled.", m)
		}
		return nil
	}
	if err := checkMinutes(m+".healthyPercent", e.HealthyPercent, 0, 100); err != nil {
		return err
	}
	if dc.MinimumHealthyPercent != nil && *e.HealthyPercent < *dc.MinimumHealthyPercent {
		return invalid("%s.healthyPercent: must be at least minimumHealthyPercent (%d), got %d.", m, *dc.MinimumHealthyPercent, *e.HealthyPercent)
	}
	return nil
}
