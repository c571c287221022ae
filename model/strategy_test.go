package model_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

const (
	lambdaARN   = "arn:aws:lambda:us-east-1:012345678910:function:check"
	roleARN     = "arn:aws:iam::012345678910:role/ecs-hooks"
	blueTG      = "arn:aws:elasticloadbalancing:us-east-1:012345678910:targetgroup/blue/0123456789abcdef"
	greenTG     = "arn:aws:elasticloadbalancing:us-east-1:012345678910:targetgroup/green/fedcba9876543210"
	prodRule    = "arn:aws:elasticloadbalancing:us-east-1:012345678910:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"
	testRule    = "arn:aws:elasticloadbalancing:us-east-1:012345678910:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/1111b2d02a6cabee"
	nlbListener = "arn:aws:elasticloadbalancing:us-east-1:012345678910:listener/net/web/50dc6c495c0c9188/f2f7dc8efc522ab2"
)

func f64(v float64) *float64 { return &v }

// TestStrategyMemberRanges checks every range of the strategy members at
// and beyond its bounds, from the API reference pages:
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinearConfiguration.html (stepPercent: multiples of 0.1 from 3.0 to 100.0; stepBakeTimeInMinutes 0 to 1440)
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html (canaryPercent: multiples of 0.1 from 0.1 to 100.0; canaryBakeTimeInMinutes 0 to 1440)
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentLifecycleHookTimeoutConfiguration.html (timeoutInMinutes 1 to 20160; action ROLLBACK or CONTINUE)
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentLifecycleHook.html
func TestStrategyMemberRanges(t *testing.T) {
	lambda := func(mod func(*model.DeploymentLifecycleHook)) *model.DeploymentConfiguration {
		h := model.DeploymentLifecycleHook{HookTargetARN: lambdaARN, RoleARN: roleARN,
			LifecycleStages: []model.DeploymentLifecycleHookStage{model.HookStagePostScaleUp}}
		if mod != nil {
			mod(&h)
		}
		return &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyBlueGreen, LifecycleHooks: []model.DeploymentLifecycleHook{h}}
	}
	pause := func(mod func(*model.DeploymentLifecycleHook)) *model.DeploymentConfiguration {
		return lambda(func(h *model.DeploymentLifecycleHook) {
			h.TargetType, h.HookTargetARN, h.RoleARN = model.HookTargetPause, "", ""
			if mod != nil {
				mod(h)
			}
		})
	}
	linear := func(p *float64, bake *int32) *model.DeploymentConfiguration {
		return &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyLinear,
			LinearConfiguration: &model.LinearConfiguration{StepPercent: p, StepBakeTimeInMinutes: bake}}
	}
	canary := func(p *float64, bake *int32) *model.DeploymentConfiguration {
		return &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyCanary,
			CanaryConfiguration: &model.CanaryConfiguration{CanaryPercent: p, CanaryBakeTimeInMinutes: bake}}
	}
	timeout := func(min int32, action model.DeploymentLifecycleHookAction) func(*model.DeploymentLifecycleHook) {
		return func(h *model.DeploymentLifecycleHook) {
			h.TimeoutConfiguration = &model.DeploymentLifecycleHookTimeoutConfiguration{TimeoutInMinutes: &min, Action: action}
		}
	}
	early := func(on bool, hp *int32, c model.ServiceRevisionCleanup, st model.DeploymentStrategy) *model.DeploymentConfiguration {
		b, _ := json.Marshal(model.DeploymentEarlySuccessCriteria{Enable: on, HealthyPercent: hp, SourceServiceRevisionCleanup: c})
		return &model.DeploymentConfiguration{Strategy: st, EarlySuccessCriteria: b}
	}
	cases := []struct {
		name   string
		dc     *model.DeploymentConfiguration
		member string // "" when valid
	}{
		{"bake 0", &model.DeploymentConfiguration{BakeTimeInMinutes: model.Int32(0)}, ""},
		{"bake 1440", &model.DeploymentConfiguration{BakeTimeInMinutes: model.Int32(1440)}, ""},
		{"bake 1441", &model.DeploymentConfiguration{BakeTimeInMinutes: model.Int32(1441)}, "deploymentConfiguration.bakeTimeInMinutes"},
		{"bake -1", &model.DeploymentConfiguration{BakeTimeInMinutes: model.Int32(-1)}, "deploymentConfiguration.bakeTimeInMinutes"},
		{"strategy unknown", &model.DeploymentConfiguration{Strategy: "PURPLE"}, "deploymentConfiguration.strategy"},
		{"linear defaults", linear(nil, nil), ""},
		{"linear 3.0", linear(f64(3.0), nil), ""},
		{"linear 100.0", linear(f64(100), nil), ""},
		{"linear 33.3", linear(f64(33.3), nil), ""},
		{"linear 2.9", linear(f64(2.9), nil), "deploymentConfiguration.linearConfiguration.stepPercent"},
		{"linear 100.1", linear(f64(100.1), nil), "deploymentConfiguration.linearConfiguration.stepPercent"},
		{"linear 10.05", linear(f64(10.05), nil), "deploymentConfiguration.linearConfiguration.stepPercent"},
		{"linear bake 0", linear(nil, model.Int32(0)), ""},
		{"linear bake 1440", linear(nil, model.Int32(1440)), ""},
		{"linear bake 1441", linear(nil, model.Int32(1441)), "deploymentConfiguration.linearConfiguration.stepBakeTimeInMinutes"},
		{"linear bake -1", linear(nil, model.Int32(-1)), "deploymentConfiguration.linearConfiguration.stepBakeTimeInMinutes"},
		{"linear under CANARY", &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyCanary, LinearConfiguration: &model.LinearConfiguration{}}, "deploymentConfiguration.linearConfiguration"},
		{"canary 0.1", canary(f64(0.1), nil), ""},
		{"canary 100", canary(f64(100), nil), ""},
		{"canary 0.0", canary(f64(0), nil), "deploymentConfiguration.canaryConfiguration.canaryPercent"},
		{"canary 250 (the issue's example)", canary(f64(250), nil), "deploymentConfiguration.canaryConfiguration.canaryPercent"},
		{"canary 5.55", canary(f64(5.55), nil), "deploymentConfiguration.canaryConfiguration.canaryPercent"},
		{"canary bake 1441", canary(nil, model.Int32(1441)), "deploymentConfiguration.canaryConfiguration.canaryBakeTimeInMinutes"},
		{"canary under ROLLING", &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyRolling, CanaryConfiguration: &model.CanaryConfiguration{}}, "deploymentConfiguration.canaryConfiguration"},
		// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentEarlySuccessCriteria.html
		{"early success", early(true, model.Int32(80), model.ServiceRevisionCleanupBlocking, ""), ""},
		{"early success off, nothing else", early(false, nil, "", ""), ""},
		{"early success without healthyPercent", early(true, nil, model.ServiceRevisionCleanupDeferred, ""), "deploymentConfiguration.earlySuccessCriteria.healthyPercent"},
		{"early success without cleanup", early(true, model.Int32(80), "", ""), "deploymentConfiguration.earlySuccessCriteria.sourceServiceRevisionCleanup"},
		{"early success healthyPercent 101", early(true, model.Int32(101), model.ServiceRevisionCleanupBlocking, ""), "deploymentConfiguration.earlySuccessCriteria.healthyPercent"},
		{"early success below minimumHealthyPercent", func() *model.DeploymentConfiguration {
			dc := early(true, model.Int32(40), model.ServiceRevisionCleanupBlocking, "")
			dc.MinimumHealthyPercent = model.Int32(50)
			return dc
		}(), "deploymentConfiguration.earlySuccessCriteria.healthyPercent"},
		{"early success not an object", &model.DeploymentConfiguration{EarlySuccessCriteria: json.RawMessage(`[1]`)}, "deploymentConfiguration.earlySuccessCriteria"},
		{"early success cleanup unknown", early(true, model.Int32(80), "LATER", ""), "deploymentConfiguration.earlySuccessCriteria.sourceServiceRevisionCleanup"},
		{"early success under BLUE_GREEN", early(true, model.Int32(80), model.ServiceRevisionCleanupBlocking, model.DeploymentStrategyBlueGreen), "deploymentConfiguration.earlySuccessCriteria"},
		{"lambda hook", lambda(nil), ""},
		{"lambda hook with details", lambda(func(h *model.DeploymentLifecycleHook) { h.HookDetails = json.RawMessage(`{"k":[1,2]}`) }), ""},
		{"lambda hook without target", lambda(func(h *model.DeploymentLifecycleHook) { h.HookTargetARN = "" }), "deploymentConfiguration.lifecycleHooks[0].hookTargetArn"},
		{"lambda hook with an IAM ARN as target", lambda(func(h *model.DeploymentLifecycleHook) { h.HookTargetARN = roleARN }), "deploymentConfiguration.lifecycleHooks[0].hookTargetArn"},
		{"lambda hook without role", lambda(func(h *model.DeploymentLifecycleHook) { h.RoleARN = "" }), "deploymentConfiguration.lifecycleHooks[0].roleArn"},
		{"lambda hook with a Lambda ARN as role", lambda(func(h *model.DeploymentLifecycleHook) { h.RoleARN = lambdaARN }), "deploymentConfiguration.lifecycleHooks[0].roleArn"},
		{"hook without stages", lambda(func(h *model.DeploymentLifecycleHook) { h.LifecycleStages = nil }), "deploymentConfiguration.lifecycleHooks[0].lifecycleStages"},
		{"hook at SCALE_UP (not a hook stage)", lambda(func(h *model.DeploymentLifecycleHook) {
			h.LifecycleStages = []model.DeploymentLifecycleHookStage{"SCALE_UP"}
		}), "deploymentConfiguration.lifecycleHooks[0].lifecycleStages[0]"},
		{"hook stage twice", lambda(func(h *model.DeploymentLifecycleHook) {
			h.LifecycleStages = []model.DeploymentLifecycleHookStage{model.HookStagePreScaleUp, model.HookStagePreScaleUp}
		}), "deploymentConfiguration.lifecycleHooks[0].lifecycleStages[1]"},
		{"hook target type unknown", lambda(func(h *model.DeploymentLifecycleHook) { h.TargetType = "SNS" }), "deploymentConfiguration.lifecycleHooks[0].targetType"},
		{"pause hook", pause(nil), ""},
		{"pause hook with target", pause(func(h *model.DeploymentLifecycleHook) { h.HookTargetARN = lambdaARN }), "deploymentConfiguration.lifecycleHooks[0].hookTargetArn"},
		{"pause hook at PRODUCTION_TRAFFIC_SHIFT", pause(func(h *model.DeploymentLifecycleHook) {
			h.LifecycleStages = []model.DeploymentLifecycleHookStage{model.HookStageProductionTrafficShift}
		}), "deploymentConfiguration.lifecycleHooks[0].lifecycleStages[0]"},
		{"pause timeout 1", pause(timeout(1, model.HookActionContinue)), ""},
		{"pause timeout 20160", pause(timeout(20160, "")), ""},
		{"pause timeout 0", pause(timeout(0, "")), "deploymentConfiguration.lifecycleHooks[0].timeoutConfiguration.timeoutInMinutes"},
		{"pause timeout 20161", pause(timeout(20161, "")), "deploymentConfiguration.lifecycleHooks[0].timeoutConfiguration.timeoutInMinutes"},
		{"pause timeout action unknown", pause(timeout(5, "WAIT")), "deploymentConfiguration.lifecycleHooks[0].timeoutConfiguration.action"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := model.UpdateServiceRequest{Service: "web", DeploymentConfiguration: c.dc}
			err := req.Validate()
			checkMember(t, err, c.member)
		})
	}
}

func checkMember(t *testing.T, err error, member string) {
	t.Helper()
	if member == "" {
		if err != nil {
			t.Fatalf("want valid, got %v", err)
		}
		return
	}
	if !errors.Is(err, ecserrors.ErrInvalidParameter) {
		t.Fatalf("want InvalidParameterException naming %s, got %v", member, err)
	}
	var e *ecserrors.Error
	if !errors.As(err, &e) || !strings.HasPrefix(e.Message(), member+":") {
		t.Fatalf("message %q does not start with %s:", err, member)
	}
}

// TestStrategyDefaults checks the documented defaults: stepPercent 10.0 and
// stepBakeTimeInMinutes 6 (API_LinearConfiguration), canaryPercent 5.0 and
// canaryBakeTimeInMinutes 10 (API_CanaryConfiguration), a hook timeout of
// 1440 minutes with action ROLLBACK
// (API_DeploymentLifecycleHookTimeoutConfiguration).
func TestStrategyDefaults(t *testing.T) {
	var lc *model.LinearConfiguration
	if p, b := lc.Resolved(); p != 10.0 || b != 6 {
		t.Errorf("linear defaults %v %v, want 10.0 6", p, b)
	}
	if p, b := (&model.LinearConfiguration{StepPercent: f64(20)}).Resolved(); p != 20 || b != 6 {
		t.Errorf("linear with step 20: %v %v", p, b)
	}
	var cc *model.CanaryConfiguration
	if p, b := cc.Resolved(); p != 5.0 || b != 10 {
		t.Errorf("canary defaults %v %v, want 5.0 10", p, b)
	}
	h := model.DeploymentLifecycleHook{}
	if tt, m, a := h.Resolved(); tt != model.HookTargetLambda || m != 1440 || a != model.HookActionRollback {
		t.Errorf("hook defaults %v %v %v", tt, m, a)
	}
}

// TestLoadBalancerAdvancedConfiguration checks the load balancer members of
// blue/green, linear and canary deployments.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AdvancedConfiguration.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecs-service-advancedconfiguration.html (alternateTargetGroupArn required)
func TestLoadBalancerAdvancedConfiguration(t *testing.T) {
	lb := func(ac *model.AdvancedConfiguration) []model.LoadBalancer {
		return []model.LoadBalancer{{TargetGroupARN: blueTG, ContainerName: "app", ContainerPort: model.Int32(80), AdvancedConfiguration: ac}}
	}
	full := func() *model.AdvancedConfiguration {
		return &model.AdvancedConfiguration{AlternateTargetGroupARN: greenTG, ProductionListenerRule: prodRule, TestListenerRule: testRule, RoleARN: roleARN}
	}
	with := func(mod func(*model.AdvancedConfiguration)) []model.LoadBalancer {
		ac := full()
		mod(ac)
		return lb(ac)
	}
	cases := []struct {
		name   string
		lbs    []model.LoadBalancer
		member string
	}{
		{"full", lb(full()), ""},
		{"NLB listener", with(func(a *model.AdvancedConfiguration) { a.ProductionListenerRule = nlbListener }), ""},
		{"no alternate", with(func(a *model.AdvancedConfiguration) { a.AlternateTargetGroupARN = "" }), "loadBalancers[0].advancedConfiguration.alternateTargetGroupArn"},
		{"alternate is blue", with(func(a *model.AdvancedConfiguration) { a.AlternateTargetGroupARN = blueTG }), "loadBalancers[0].advancedConfiguration.alternateTargetGroupArn"},
		{"alternate not a target group", with(func(a *model.AdvancedConfiguration) { a.AlternateTargetGroupARN = prodRule }), "loadBalancers[0].advancedConfiguration.alternateTargetGroupArn"},
		{"production rule not ELB", with(func(a *model.AdvancedConfiguration) { a.ProductionListenerRule = lambdaARN }), "loadBalancers[0].advancedConfiguration.productionListenerRule"},
		{"test rule is a target group", with(func(a *model.AdvancedConfiguration) { a.TestListenerRule = greenTG }), "loadBalancers[0].advancedConfiguration.testListenerRule"},
		{"role not IAM", with(func(a *model.AdvancedConfiguration) { a.RoleARN = "role/x" }), "loadBalancers[0].advancedConfiguration.roleArn"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkMember(t, (&model.UpdateServiceRequest{Service: "web", LoadBalancers: c.lbs}).Validate(), c.member)
		})
	}
}

// TestStrategyRequirements checks the rules between a strategy and the
// service's load balancers. LINEAR and CANARY need a load balancer or
// Service Connect:
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deploy-linear-service.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deploy-canary-service.html
// BLUE_GREEN does not (a headless service):
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html
func TestStrategyRequirements(t *testing.T) {
	dc := func(s model.DeploymentStrategy) *model.DeploymentConfiguration {
		return &model.DeploymentConfiguration{Strategy: s}
	}
	ready := []model.LoadBalancer{{TargetGroupARN: blueTG, AdvancedConfiguration: &model.AdvancedConfiguration{AlternateTargetGroupARN: greenTG, ProductionListenerRule: prodRule, RoleARN: roleARN}}}
	bare := []model.LoadBalancer{{TargetGroupARN: blueTG}}
	noRule := []model.LoadBalancer{{TargetGroupARN: blueTG, AdvancedConfiguration: &model.AdvancedConfiguration{AlternateTargetGroupARN: greenTG, RoleARN: roleARN}}}
	noRole := []model.LoadBalancer{{TargetGroupARN: blueTG, AdvancedConfiguration: &model.AdvancedConfiguration{AlternateTargetGroupARN: greenTG, ProductionListenerRule: prodRule}}}
	cases := []struct {
		name   string
		dc     *model.DeploymentConfiguration
		lbs    []model.LoadBalancer
		sc     bool
		member string
	}{
		{"rolling, no load balancer", dc(model.DeploymentStrategyRolling), nil, false, ""},
		{"rolling, bare target group", dc(model.DeploymentStrategyRolling), bare, false, ""},
		{"blue/green headless", dc(model.DeploymentStrategyBlueGreen), nil, false, ""},
		{"blue/green with ELB", dc(model.DeploymentStrategyBlueGreen), ready, false, ""},
		{"blue/green, target group without advancedConfiguration", dc(model.DeploymentStrategyBlueGreen), bare, false, "loadBalancers[0].advancedConfiguration"},
		{"blue/green, no production rule", dc(model.DeploymentStrategyBlueGreen), noRule, false, "loadBalancers[0].advancedConfiguration.productionListenerRule"},
		{"canary, no role", dc(model.DeploymentStrategyCanary), noRole, false, "loadBalancers[0].advancedConfiguration.roleArn"},
		{"linear headless", dc(model.DeploymentStrategyLinear), nil, false, "deploymentConfiguration.strategy"},
		{"canary headless", dc(model.DeploymentStrategyCanary), nil, false, "deploymentConfiguration.strategy"},
		{"canary with Service Connect", dc(model.DeploymentStrategyCanary), nil, true, ""},
		{"linear with ELB", dc(model.DeploymentStrategyLinear), ready, false, ""},
		{"linear settings under default strategy", &model.DeploymentConfiguration{LinearConfiguration: &model.LinearConfiguration{}}, nil, false, "deploymentConfiguration.linearConfiguration"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkMember(t, model.ValidateStrategyRequirements("deploymentConfiguration", c.dc, c.lbs, c.sc), c.member)
		})
	}
}

// TestStrategyMembersWireCompatible decodes a deployment configuration and
// load balancer as DescribeServices returns them for a linear service with
// a pause hook and a Lambda hook, and checks that it re-encodes key for key.
// The hook follows the example of
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/pause-lifecycle-hooks.html
func TestStrategyMembersWireCompatible(t *testing.T) {
	body := `{"loadBalancers":[{"targetGroupArn":"` + blueTG + `","containerName":"app","containerPort":80,
		"advancedConfiguration":{"alternateTargetGroupArn":"` + greenTG + `","productionListenerRule":"` + prodRule + `","testListenerRule":"` + testRule + `","roleArn":"` + roleARN + `"}}],
	"deploymentConfiguration":{"maximumPercent":200,"minimumHealthyPercent":100,"strategy":"LINEAR","bakeTimeInMinutes":5,
		"linearConfiguration":{"stepPercent":12.5,"stepBakeTimeInMinutes":2},
		"lifecycleHooks":[
			{"targetType":"PAUSE","lifecycleStages":["POST_TEST_TRAFFIC_SHIFT"],"timeoutConfiguration":{"timeoutInMinutes":60,"action":"ROLLBACK"}},
			{"hookTargetArn":"` + lambdaARN + `","roleArn":"` + roleARN + `","lifecycleStages":["PRE_SCALE_UP","POST_PRODUCTION_TRAFFIC_SHIFT"],"hookDetails":{"threshold":0.5,"paths":["/a"]}}]}}`
	var svc model.Service
	if err := model.UnmarshalStrict([]byte(body), &svc); err != nil {
		t.Fatal(err) // every member is known to the model, exactly as spelled
	}
	dc := svc.DeploymentConfiguration
	if p, b := dc.LinearConfiguration.Resolved(); p != 12.5 || b != 2 {
		t.Errorf("linear %v %v", p, b)
	}
	if tt, m, a := dc.LifecycleHooks[0].Resolved(); tt != model.HookTargetPause || m != 60 || a != model.HookActionRollback {
		t.Errorf("pause hook %v %v %v", tt, m, a)
	}
	if svc.LoadBalancers[0].AdvancedConfiguration.AlternateTargetGroupARN != greenTG {
		t.Errorf("alternate target group lost")
	}
	out, err := json.Marshal(svc)
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	_ = json.Unmarshal([]byte(body), &want)
	_ = json.Unmarshal(out, &got)
	delete(got.(map[string]any), "desiredCount")
	delete(got.(map[string]any), "runningCount")
	delete(got.(map[string]any), "pendingCount")
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("re-encoding differs (-sent +ours):\n%s", d)
	}
	// A lifecycleHooks that is not a list does not decode.
	if err := json.Unmarshal([]byte(`{"lifecycleHooks":{"hookTargetArn":"x"}}`), new(model.DeploymentConfiguration)); err == nil {
		t.Error("lifecycleHooks as an object decoded")
	}
}

// FuzzStrategyMembers decodes arbitrary deployment configurations and load
// balancers and validates them: no panic, and any refusal is an
// InvalidParameterException.
func FuzzStrategyMembers(f *testing.F) {
	f.Add([]byte(`{"strategy":"CANARY","canaryConfiguration":{"canaryPercent":250}}`), []byte(`[]`))
	f.Add([]byte(`{"strategy":"LINEAR","linearConfiguration":{"stepPercent":3.0,"stepBakeTimeInMinutes":1440},"lifecycleHooks":[{"targetType":"PAUSE","lifecycleStages":["PRE_SCALE_UP"]}]}`),
		[]byte(`[{"targetGroupArn":"`+blueTG+`","advancedConfiguration":{"alternateTargetGroupArn":"`+greenTG+`"}}]`))
	f.Add([]byte(`{"lifecycleHooks":[{"hookTargetArn":"arn:aws:lambda:x:y:function:","lifecycleStages":["X"],"timeoutConfiguration":{"timeoutInMinutes":-1}}]}`), []byte(`null`))
	f.Fuzz(func(t *testing.T, dcb, lbb []byte) {
		var dc model.DeploymentConfiguration
		var lbs []model.LoadBalancer
		if json.Unmarshal(dcb, &dc) != nil || json.Unmarshal(lbb, &lbs) != nil {
			return
		}
		for _, err := range []error{
			(&model.UpdateServiceRequest{Service: "web", DeploymentConfiguration: &dc, LoadBalancers: lbs}).Validate(),
			model.ValidateStrategyRequirements("deploymentConfiguration", &dc, lbs, false),
		} {
			if err != nil && !errors.Is(err, ecserrors.ErrInvalidParameter) {
				t.Fatalf("got %v", err)
			}
		}
	})
}
