// Package service implements what Amazon ECS does to a service: the
// UpdateService API, the service scheduler's capacity provider split,
// the steady-state test of the AWS ServicesStable waiter, and one step
// of the service scheduler's reconcile loop with the service events ECS
// writes as it acts.
//
// Everything is pure: the caller passes the state it read and the time,
// and gets back the new state plus what happened; nothing is stored
// between calls and no input is modified.
//
//   - [UpdateService] validates a model.UpdateServiceRequest against the
//     service, cluster, task definitions, capacity providers and platform
//     versions in a [State], with ECS's exception codes, and returns the
//     updated service; a change that needs new tasks starts a deployment
//     (PRIMARY, IN_PROGRESS) and the old PRIMARY turns ACTIVE.
//   - [Split] divides a task count over a capacity provider strategy:
//     base first, the rest by weight, largest remainder.
//   - [Stable] and [StableResponse] are the ServicesStable waiter's
//     acceptors: one deployment and runningCount == desiredCount.
//   - [Reconcile] is one step of the scheduler: which tasks to start and
//     where, which to stop, the deployments' new states and the service
//     events ("(service web) has started 2 tasks: (task 1a2b) (task
//     3c4d)."). The caller applies the [Step] and calls again; once nothing
//     changes, a call returns an empty step.
//
// The rules come from the ECS API reference and Developer Guide, cited
// on each function. Where AWS leaves a point open, the doc comment of the
// function concerned says what this package decided.
package service
