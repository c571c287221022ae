package deployment

import (
	"fmt"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// Config is a resolved deployment configuration: the two percentages that
// bound a rolling update, with the defaults filled in.
type Config struct {
	// MinimumHealthyPercent is the share of the desired count that must stay
	// healthy while tasks are replaced.
	MinimumHealthyPercent int32
	// MaximumPercent is the share of the desired count that may exist at
	// once; it sets the batch size of a rolling update.
	MaximumPercent int32
}

// Defaults of the two percentages, per scheduling strategy.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
var (
	// ReplicaDefaults are the REPLICA defaults: keep every task healthy and
	// allow a full second set of tasks during a deployment.
	ReplicaDefaults = Config{MinimumHealthyPercent: 100, MaximumPercent: 200}
	// DaemonDefaults are the DAEMON defaults through the API (the console
	// proposes 50 for the minimum): one task per instance, so the old task
	// on an instance stops before the new one starts.
	DaemonDefaults = Config{MinimumHealthyPercent: 0, MaximumPercent: 100}
)

// Resolve returns the percentages that govern a service.
//
//   - Absent members take the defaults of the scheduling strategy
//     ([ReplicaDefaults]; [DaemonDefaults] for DAEMON). An empty strategy
//     means REPLICA, as in the API.
//   - Under the CODE_DEPLOY and EXTERNAL controllers custom values are
//     ignored and the defaults apply: ECS forces them there, and they only
//     bound tasks while instances drain.
//     https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
//   - A negative percentage is an InvalidParameterException, and so is a
//     DAEMON maximum other than 100: a daemon runs one task per instance, so
//     there is no room for a second one (the Developer Guide's daemon
//     section; ECS's exact message is not documented, ours says what is
//     wrong).
//
// Configurations that can never finish a rollout are accepted, as ECS
// accepts them; [CheckProgress] reports them in ECS's service-event words.
func Resolve(dc *model.DeploymentConfiguration, strategy model.SchedulingStrategy, controller model.DeploymentControllerType) (Config, error) {
	def := ReplicaDefaults
	switch strategy {
	case "", model.SchedulingStrategyReplica:
	case model.SchedulingStrategyDaemon:
		def = DaemonDefaults
	default:
		return Config{}, ecserrors.New(ecserrors.CodeInvalidParameter, "schedulingStrategy: %q is not REPLICA or DAEMON.", ecserrors.Clip(string(strategy)))
	}
	switch controller {
	case "", model.DeploymentControllerTypeECS:
	case model.DeploymentControllerTypeCodeDeploy, model.DeploymentControllerTypeExternal:
		return def, nil
	default:
		return Config{}, ecserrors.New(ecserrors.CodeInvalidParameter, "deploymentController.type: %q is not ECS, CODE_DEPLOY or EXTERNAL.", ecserrors.Clip(string(controller)))
	}
	c := def
	if dc != nil {
		if dc.MinimumHealthyPercent != nil {
			c.MinimumHealthyPercent = *dc.MinimumHealthyPercent
		}
		if dc.MaximumPercent != nil {
			c.MaximumPercent = *dc.MaximumPercent
		}
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	if strategy == model.SchedulingStrategyDaemon && c.MaximumPercent != 100 {
		return Config{}, ecserrors.New(ecserrors.CodeInvalidParameter, "deploymentConfiguration.maximumPercent: a DAEMON service takes only 100, got %d.", c.MaximumPercent)
	}
	return c, nil
}

// Validate reports a negative percentage as an InvalidParameterException.
func (c Config) Validate() error {
	if c.MinimumHealthyPercent < 0 {
		return ecserrors.New(ecserrors.CodeInvalidParameter, "deploymentConfiguration.minimumHealthyPercent: must not be negative, got %d.", c.MinimumHealthyPercent)
	}
	if c.MaximumPercent < 0 {
		return ecserrors.New(ecserrors.CodeInvalidParameter, "deploymentConfiguration.maximumPercent: must not be negative, got %d.", c.MaximumPercent)
	}
	return nil
}

// Bounds are the two task counts a rolling update must respect for one
// desired count. They are int64 because the products of two int32 values
// do not fit in an int32 (desired 2,147,483,647 at 200% is 4,294,967,294).
type Bounds struct {
	// Floor is the lowest number of healthy tasks to keep:
	// ceil(desired × minimumHealthyPercent / 100).
	Floor int64
	// Ceiling is the highest number of tasks that may exist at once:
	// floor(desired × maximumPercent / 100). Which task states count
	// toward it is described at [Plan].
	Ceiling int64
}

// BoundsFor computes the floor and ceiling of a desired count under c.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
// (the minimum is rounded up, the maximum rounded down). The arithmetic is
// exact in int64 for every int32 input: |desired × percent| < 2^62. A
// negative desired count or percentage is an InvalidParameterException.
func BoundsFor(desired int32, c Config) (Bounds, error) {
	if desired < 0 {
		return Bounds{}, ecserrors.New(ecserrors.CodeInvalidParameter, "desiredCount: must not be negative, got %d.", desired)
	}
	if err := c.Validate(); err != nil {
		return Bounds{}, err
	}
	return bounds(int64(desired), c), nil
}

// bounds assumes non-negative inputs.
func bounds(desired int64, c Config) Bounds {
	return Bounds{
		Floor:   ceilDiv(desired*int64(c.MinimumHealthyPercent), 100),
		Ceiling: desired * int64(c.MaximumPercent) / 100,
	}
}

// ceilDiv is ⌈a/b⌉ for a ≥ 0, b > 0.
func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }

// NoProgressMessage is the service event ECS writes when the deployment
// configuration lets it neither stop nor start a task.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html
func NoProgressMessage(serviceName string) string {
	return fmt.Sprintf("(service %s) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.", serviceName)
}

// Progress says whether a rolling replacement of all desired tasks can
// finish under a configuration.
type Progress struct {
	Bounds Bounds
	// StartFirst: a new task may start while all desired tasks run
	// (Ceiling > desired).
	StartFirst bool
	// StopFirst: a healthy task may stop while all desired tasks are
	// healthy (Floor < desired).
	StopFirst bool
	// Stuck is true when the rollout can never finish: neither a start
	// nor a stop is allowed, the ceiling is below the desired count (the
	// service can never run all its tasks) or the floor is above it (the
	// last old task can never stop). A desired count of 0 is never stuck.
	Stuck bool
}

// CheckProgress tells whether a rolling update of desired tasks under c
// can make progress, so a caller can emit [NoProgressMessage] before it
// tries. The documented cases: desired 2 with minimum 75% keeps 2 healthy,
// so nothing may stop first; desired 3 with maximum 125% allows 3, so
// nothing may start first; minimum 100% with maximum 100% blocks every
// deployment.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-draining.html
func CheckProgress(desired int32, c Config) (Progress, error) {
	b, err := BoundsFor(desired, c)
	if err != nil {
		return Progress{}, err
	}
	d := int64(desired)
	p := Progress{Bounds: b, StartFirst: b.Ceiling > d, StopFirst: b.Floor < d}
	p.Stuck = d > 0 && (!p.StartFirst && !p.StopFirst || b.Ceiling < d || b.Floor > d)
	return p, nil
}
