package gen

import (
	"fmt"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
)

// StrategyConfiguration draws a valid deployment configuration for the
// BLUE_GREEN, LINEAR or CANARY strategy: a bake time of 0 to 1,440
// minutes, the strategy's own settings (left to their defaults at times),
// optional alarms, and up to three lifecycle hooks, Lambda or PAUSE, at
// the stages each may use. Pair it with [StrategyLoadBalancers] for a
// service that can run it. ecsstate's scheduler refuses these strategies
// for now; the generator serves the deployment package's state machine
// and callers testing their own tooling.
func StrategyConfiguration() *rapid.Generator[model.DeploymentConfiguration] {
	return rapid.Custom(func(t *rapid.T) model.DeploymentConfiguration {
		dc := DeploymentConfiguration().Draw(t, "base")
		dc.DeploymentCircuitBreaker = nil // the circuit breaker is rolling-only
		dc.Strategy = rapid.SampledFrom([]model.DeploymentStrategy{model.DeploymentStrategyBlueGreen, model.DeploymentStrategyLinear, model.DeploymentStrategyCanary}).Draw(t, "strategy")
		dc.BakeTimeInMinutes = model.Int32(rapid.Int32Range(0, model.MaxBakeTimeInMinutes).Draw(t, "bake"))
		optional := func(label string, lo, hi int32) *int32 {
			if rapid.Bool().Draw(t, label+"?") {
				return model.Int32(rapid.Int32Range(lo, hi).Draw(t, label))
			}
			return nil
		}
		tenths := func(label string, lo, hi int) *float64 {
			if rapid.Bool().Draw(t, label+"?") {
				v := float64(rapid.IntRange(lo, hi).Draw(t, label)) / 10
				return &v
			}
			return nil
		}
		switch dc.Strategy {
		case model.DeploymentStrategyLinear:
			dc.LinearConfiguration = &model.LinearConfiguration{StepPercent: tenths("stepPercent", 30, 1000),
				StepBakeTimeInMinutes: optional("stepBake", 0, model.MaxBakeTimeInMinutes)}
		case model.DeploymentStrategyCanary:
			dc.CanaryConfiguration = &model.CanaryConfiguration{CanaryPercent: tenths("canaryPercent", 1, 1000),
				CanaryBakeTimeInMinutes: optional("canaryBake", 0, model.MaxBakeTimeInMinutes)}
		}
		if rapid.Bool().Draw(t, "alarms?") {
			dc.Alarms = &model.DeploymentAlarms{Enable: true, Rollback: rapid.Bool().Draw(t, "alarmRollback"), AlarmNames: []string{"deployment-alarm"}}
		}
		stages := model.DeploymentLifecycleHookStage("").Values()
		for i := range rapid.IntRange(0, 3).Draw(t, "hooks") {
			h := model.DeploymentLifecycleHook{LifecycleStages: []model.DeploymentLifecycleHookStage{rapid.SampledFrom(stages).Draw(t, "stage")}}
			pausable := h.LifecycleStages[0] != model.HookStageTestTrafficShift && h.LifecycleStages[0] != model.HookStageProductionTrafficShift
			if pausable && rapid.Bool().Draw(t, "pause?") {
				h.TargetType = model.HookTargetPause
			} else {
				h.HookTargetARN = fmt.Sprintf("arn:aws:lambda:us-east-1:123456789012:function:hook-%d", i)
				h.RoleARN = "arn:aws:iam::123456789012:role/ecs-hooks"
			}
			if rapid.Bool().Draw(t, "timeout?") {
				h.TimeoutConfiguration = &model.DeploymentLifecycleHookTimeoutConfiguration{
					TimeoutInMinutes: optional("timeoutMinutes", 1, model.MaxHookTimeoutMinutes),
					Action:           rapid.SampledFrom(append(model.DeploymentLifecycleHookAction("").Values(), "")).Draw(t, "timeoutAction"),
				}
			}
			dc.LifecycleHooks = append(dc.LifecycleHooks, h)
		}
		return dc
	})
}

// StrategyLoadBalancers draws one load balancer ready for a
// traffic-shifting strategy: a target group and an advancedConfiguration
// with an alternate target group, a production listener rule, optionally a
// test listener rule, and a role.
func StrategyLoadBalancers() *rapid.Generator[[]model.LoadBalancer] {
	return rapid.Custom(func(t *rapid.T) []model.LoadBalancer {
		const elb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:"
		ac := &model.AdvancedConfiguration{
			AlternateTargetGroupARN: elb + "targetgroup/green/fedcba9876543210",
			ProductionListenerRule:  elb + "listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee",
			RoleARN:                 "arn:aws:iam::123456789012:role/ecs-elb",
		}
		if rapid.Bool().Draw(t, "test?") {
			ac.TestListenerRule = elb + "listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/1111b2d02a6cabee"
		}
		return []model.LoadBalancer{{TargetGroupARN: elb + "targetgroup/blue/0123456789abcdef", ContainerName: "app",
			ContainerPort: model.Int32(int32(rapid.IntRange(1, 65535).Draw(t, "port"))), AdvancedConfiguration: ac}}
	})
}
