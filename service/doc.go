// Package service implements what Amazon ECS does to a service: the
// UpdateService API, the capacity provider split, the steady-state test of
// the AWS ServicesStable waiter, and one step of the service scheduler —
// rolling deployments, scaling, moving tasks off draining instances, the
// circuit breaker, AZ rebalancing — with the service events ECS writes as
// it acts.
//
// Everything is pure: the caller passes the state it read and the time,
// and gets back the new state plus what happened; nothing is stored
// between calls, nothing random happens without the caller's seed, and no
// input is modified.
//
//   - [UpdateService] checks a model.UpdateServiceRequest against the
//     service, cluster, task definitions, capacity providers and platform
//     versions in a [State], with ECS's exception codes, and returns the
//     updated service. A change that needs new tasks (task definition,
//     network, platform version, load balancers, …, or
//     forceNewDeployment) starts a deployment: PRIMARY and IN_PROGRESS,
//     with an "ecs-svc/…" ID computed the way ECS computes it, while the
//     old PRIMARY turns ACTIVE. [Allowed] and [Present] expose which
//     members each deployment controller may change.
//   - [Split] divides a task count over a capacity provider strategy:
//     base first, the rest by weight, largest remainder.
//   - [Stable] and [StableResponse] evaluate the ServicesStable waiter's
//     acceptors: exactly one deployment and runningCount == desiredCount;
//     a missing, DRAINING or INACTIVE service is a failure.
//   - [Reconcile] is one step of the service scheduler. It asks package
//     deployment how many tasks to start and which deployments' tasks to
//     stop within minimumHealthyPercent and maximumPercent, and package
//     placement where the new tasks go and which tasks go first; it keeps
//     the deployments' counts and states, runs the circuit breaker and
//     the deployment alarms (a steady deployment bakes before it completes,
//     [BakeTime]; a watched CloudWatch alarm entering ALARM fails it,
//     [FiredAlarms]), evens out Availability Zones, and writes events such as
//     "(service web) has started 2 tasks: (task 1a2b…) (task 3c4d…).".
//     [ApplyStep] applies the resulting [Step] to the instances and tasks;
//     the caller moves tasks through their lifecycle, lets time pass and
//     calls Reconcile again. Once nothing changes, a step changes nothing:
//     the scheduler's fixed point.
//   - For a DAEMON service, Reconcile runs one task on every container
//     instance that is ACTIVE, has its agent connected and meets the task
//     definition's required attributes and the memberOf constraints
//     (placement.Cluster.Daemon); the service's desiredCount becomes that
//     number. Tasks on instances that drain or stop matching stop; a
//     deployment stops old tasks within minimumHealthyPercent (default 0)
//     and starts a replacement on an instance only once its old task has
//     stopped (maximumPercent 100 per instance); no AZ rebalancing.
//   - Input.Protection carries task scale-in protection
//     (UpdateTaskProtection; [Protect], [IsProtected]): a protected task
//     is never chosen to scale in, to be replaced by a deployment or to
//     rebalance zones, and the step reports [BlockedByProtection] with
//     ECS's event. Tasks failing health checks or on draining instances
//     are still replaced: protection guards against scale-in events only.
//   - [InactiveResponse], [TasksRunningResponse] and [TasksStoppedResponse]
//     are the ServicesInactive, TasksRunning and TasksStopped waiters'
//     verdicts on one Describe response.
//
// A loop:
//
//	for {
//		step, err := service.Reconcile(&service.Input{Service: svc, Tasks: tasks, Instances: instances, TaskDefinitions: tds}, now)
//		if err != nil { … }
//		instances, tasks, err = service.ApplyStep(instances, tasks, tds, &step, now)
//		svc = step.Service
//		// … agents start and stop tasks; now advances …
//	}
//
// The rules come from the ECS API reference and Developer Guide, cited on
// each function. Where AWS leaves a point open, the doc comment of the
// function concerned says what this package decided.
package service
