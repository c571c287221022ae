// Package deployment plans the rolling updates of Amazon ECS services (the
// ECS deployment controller) and keeps their deployments' states: how many
// tasks to start and which to stop at each step, when a deployment
// completes or fails, and where a rollback returns to.
//
// It is pure: no clocks (the caller passes now), no randomness, no I/O, and
// no input is ever modified. The service package calls it from its
// reconcile step; the placement package decides where new tasks go and
// which instance's tasks to stop.
//
// # The pieces
//
//   - [Resolve] fills in a service's deployment configuration (defaults per
//     scheduling strategy and controller) and [BoundsFor] turns it into the
//     healthy floor ⌈desired × minimumHealthyPercent / 100⌉ and the ceiling
//     ⌊desired × maximumPercent / 100⌋, exactly, for any int32 inputs.
//     [CheckProgress] says whether a configuration can ever finish a rollout,
//     and [NoProgressMessage] is ECS's service event when it cannot.
//   - [Classify] decides a task's [TaskState] — pending, settling (running
//     but not yet counted healthy, or inside the grace period), healthy,
//     unhealthy, stopping — from its status, its health checks, its load
//     balancer target and the time.
//   - [InputFor] groups a service's [model.Task] values by deployment and
//     state for the planner; at ECS scale a caller may give counts instead.
//   - [Plan] takes the desired count, the configuration and each
//     deployment's task counts by state (optionally with task IDs) and
//     returns a [Decision]: how many PRIMARY tasks to start and which tasks
//     of which deployments to stop. It never stops a healthy task below the
//     floor and never starts a task above the ceiling.
//   - [Apply] moves a service's deployments through the state machine of
//     [Transitions] — status PRIMARY → ACTIVE → INACTIVE, rolloutState
//     IN_PROGRESS → COMPLETED or FAILED — as each [Event] arrives: new
//     deployments, desired-count changes, task moves, failures, alarms and
//     steady state. It keeps the per-deployment counts true, runs the
//     circuit breaker ([Threshold]) and starts rollbacks. A rollback moves
//     its target back to IN_PROGRESS ([RolledBackTo]): nothing rolls back to
//     it again until a deployment of it completes.
//   - [StartShift] and [Shift] run the BLUE_GREEN, LINEAR and CANARY
//     strategies as a state machine over the lifecycle [Stages]: green
//     scaled fully, test then production traffic moved by [TrafficSteps],
//     bakes, lifecycle hooks held until resolved, rollback to blue. The
//     service scheduler does not call them yet and refuses these
//     strategies.
//   - [MoveServiceDeployment] and [ServiceDeploymentTransitions] are the
//     ServiceDeployment status machine; [StopServiceDeployment],
//     [ContinueServiceDeployment], [DescribeServiceDeployments],
//     [ListServiceDeployments] and [DescribeServiceRevisions] answer those
//     operations over records the caller keeps.
//
// # A reconcile loop
//
//	in, err := deployment.InputFor(&svc, tasks, rules, targetHealth, now) // or build Input from counts
//	d, err := deployment.Plan(&in)
//	// launch d.Start PRIMARY tasks (placement picks instances),
//	// stop d.Stops, feed each task's moves back through Apply,
//	// and send SteadyStateReached when d.Steady.
//
// The rules come from the ECS API reference and Developer Guide; each doc
// comment cites its page. Where AWS leaves a point open the package decides
// it and says so on the function concerned.
package deployment
