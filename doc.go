// Package ecsstate is the Amazon ECS control plane as pure, deterministic
// Go: a [World] holds a whole ECS deployment (clusters, container
// instances, task definitions, services, tasks) in memory, serves the ECS
// API operations on it with the request and response types of the model
// package and ECS's exceptions, and moves only in virtual time the caller
// drives ([World.Advance], [World.RunUntil]), playing the service
// scheduler's and the container agents' parts and writing everything it
// does to its timeline ([World.Timeline]). It performs no I/O, starts no goroutine and reads
// no clock: the same calls on a world built with the same [Options] give
// the same results.
//
// Use it to predict what UpdateService or UpdateContainerAgent will do
// before calling AWS, to embed ECS behaviour in a simulator or a local
// endpoint, or as the reference oracle in property tests of your own ECS
// tools.
//
// # The front door: a world from your own cluster
//
// [Snapshot.AddJSON] reads what `aws ecs describe-services`,
// `describe-container-instances`, `describe-tasks`,
// `describe-task-definition` and `describe-clusters` print; [Load] rebuilds
// a consistent world from them and says, in a [Warning] each, what it made
// of any inconsistency (a count that does not match the tasks given, a task
// on an instance not described). [World.Predict] then runs an UpdateService
// on a copy of the world until the service is steady or the update is
// stuck, and returns the rollout as data: each batch of tasks started (with
// instance and zone) and stopped (with ECS's reason), the floor and ceiling
// of minimumHealthyPercent and maximumPercent, the service events, and how
// it ended. The package example below does exactly that in under 30 lines;
// `go run ./examples/plan` is the same as a command.
// [World.PredictAgentUpdate] does the same for a fleet agent update: the
// UpdateContainerAgent calls [agentupdate.PlanRollout] paces, zone by zone,
// and how each update ends.
//
// A world can also be built from nothing with the API operations
// ([World.CreateCluster], [World.RegisterContainerInstance],
// [World.RegisterTaskDefinition], [World.CreateService], …), and its
// agents made to misbehave ([Agent]: tasks that fail to start or fail
// their health checks, slow pulls, failed agent updates) to see what the
// scheduler and the circuit breaker do about it.
// Services deploy with ECS's rolling update (minimum healthy and maximum
// percent, circuit breaker, deployment alarms and their bake time, with
// the caller playing CloudWatch through [World.SetAlarmState], rollback) or with the BLUE_GREEN, LINEAR and
// CANARY strategies: the world scales the green revision, shifts
// traffic through the lifecycle stages ([World.TrafficShift]), holds at
// lifecycle hooks until the caller answers them
// ([World.ContinueServiceDeployment], [World.CompleteLifecycleHook]), and
// cleans up or rolls back.
// Services may be REPLICA or DAEMON (one task on every eligible
// instance), and tasks can be protected from scale-in
// ([World.UpdateTaskProtection], [World.GetTaskProtection]).
// Auto Scaling group capacity providers ([World.CreateCapacityProvider],
// [World.PutClusterCapacityProviders]) launch instances
// ([World.LaunchInstance]) and terminate them ([World.TerminateInstance],
// [World.ScaleIn]) with managed instance draining and managed termination
// protection.
// Every deployment the world starts is kept as a service deployment with
// its service revisions, its status following the rollout
// ([World.ListServiceDeployments], [World.DescribeServiceDeployments],
// [World.DescribeServiceRevisions]), and [World.StopServiceDeployment]
// rolls one back.
//
// # Packages
//
//   - [github.com/ecsstate/ecsstate/errors]: ECS exceptions as one typed
//     error with the exception code, message and HTTP status; errors.Is
//     against sentinels such as ErrUpdateInProgress.
//   - [github.com/ecsstate/ecsstate/model]: the nouns (ContainerInstance,
//     Service, Deployment, Task, TaskDefinition, …) as types that decode
//     the real ECS JSON, `aws ecs describe-*` output included, every
//     member the API defines, names matched exactly; ARNs; field rules;
//     the container instance and task
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
// deployment} ← service ← ecsstate (the world).
//
// # Underneath
//
// The world is built on the packages below, each usable alone as pure
// functions of the state you pass in. Decode an UpdateService body as an
// AWS SDK sends it; absent, zero and empty members stay distinct, because
// UpdateService gives each a meaning:
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
// Example_reconcile runs a whole rolling deployment with
// [github.com/ecsstate/ecsstate/service] alone, the caller playing the
// agents. The command `go run ./examples/simulate` runs a longer scenario
// with draining, an agent update and a circuit-breaker rollback.
package ecsstate
