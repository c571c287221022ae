// Package ecsstate implements the state machines of the Amazon ECS control
// plane as pure, deterministic Go: container instances and their agent
// updates, services and their rolling deployments, and task placement and
// termination. It performs no I/O, keeps no state between calls and reads
// no clock: the caller passes the current state, the time and a random
// seed, and gets back the new state and what happened, as plain values.
//
// Use it to predict what UpdateService or UpdateContainerAgent will do
// before calling AWS, to embed ECS behaviour in a simulator, or as the
// reference oracle in property tests of your own ECS tools.
//
// # Packages
//
//   - [github.com/ecsstate/ecsstate/errors]: ECS exceptions as one typed
//     error with the exception code, message and HTTP status; errors.Is
//     against sentinels such as ErrUpdateInProgress.
//   - [github.com/ecsstate/ecsstate/model]: the nouns (ContainerInstance,
//     Service, Deployment, Task, TaskDefinition, …) as types that decode
//     the real ECS JSON, `aws ecs describe-*` output included, with
//     nothing lost; ARNs; field rules; the container instance and task
//     lifecycles; resource accounting.
//   - [github.com/ecsstate/ecsstate/model/gen]: rapid generators of valid
//     model values for property tests.
//   - [github.com/ecsstate/ecsstate/agentupdate]: UpdateContainerAgent, the
//     agent-update lifecycle, and a fleet rollout planner.
//   - [github.com/ecsstate/ecsstate/placement]: candidate filtering,
//     constraints, strategies, AZ-balanced placement and termination order,
//     indexed for clusters of tens of thousands of instances;
//     [github.com/ecsstate/ecsstate/placement/query] is the cluster query
//     language.
//   - [github.com/ecsstate/ecsstate/deployment]: rolling-update planning
//     with minimum healthy and maximum percent, task health, rollout
//     states, the circuit breaker and rollback.
//   - [github.com/ecsstate/ecsstate/service]: UpdateService per deployment
//     controller, the capacity provider split, the ServicesStable waiter,
//     and the service scheduler's reconcile step with ECS's service events.
//
// Dependencies point one way: errors ← model ← {agentupdate, placement,
// deployment} ← service.
//
// # A first look
//
// Decode an UpdateService body as an AWS SDK sends it; absent, zero and
// empty members stay distinct, because UpdateService gives each a meaning:
//
//	var req model.UpdateServiceRequest
//	_ = json.Unmarshal([]byte(`{"service":"web","desiredCount":0,"placementConstraints":[]}`), &req)
//	err := req.Validate() // nil, or an *errors.Error such as InvalidParameterException
//
// Walk a container instance through its lifecycle; every accepted change
// returns a new value with a higher version, and a move ECS does not allow
// is refused:
//
//	ci, err = model.TransitionContainerInstance(ci, model.ContainerInstanceStatusDraining)
//
// The package example below runs a whole rolling deployment: an
// UpdateService body, then the scheduler step by step to a steady state,
// with the service events ECS would write. The command
// `go run ./examples/simulate` runs a longer scenario with draining, an
// agent update and a circuit-breaker rollback.
package ecsstate
