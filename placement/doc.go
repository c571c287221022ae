// Package placement decides where Amazon ECS puts tasks on EC2 (and
// external) container instances, and which tasks it stops on scale-in.
//
// It implements the task placement pipeline of
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement.html
// as pure, deterministic code:
//
//   - Candidates: an instance can take a task when it is ACTIVE with its
//     agent connected, has every attribute the task definition requires
//     (requiresAttributes), and has the CPU, memory and static host ports
//     the task needs. Ports are TCP and UDP apart; a host port of 0 or none
//     in bridge mode is dynamic and never conflicts; an instance holds at
//     most 100 reserved ports.
//   - Constraints: distinctInstance (no two tasks of the group on one
//     instance) and memberOf (a cluster query language expression, see
//     package placement/query). At most 10, the task definition's
//     included.
//   - Strategies: spread (instanceId, host or attribute:NAME), binpack (cpu
//     or memory) and random, at most 5 rules, each breaking the ties of the
//     ones before it. With none, the service scheduler's default applies:
//     the Availability Zone with the fewest tasks of the service, then the
//     instance with the fewest (DefaultStrategy).
//
// Tasks are counted per task group: a service's tasks form the group
// "service:NAME", standalone tasks default to "family:FAMILY"
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-groups.html).
//
// [Place] puts N tasks one at a time, each decision seeing the ones before
// it, and returns for each the chosen container instance or a [Reason] in
// the words of ECS's service events ("The closest matching
// (container-instance …) has insufficient memory available."). Something
// that cannot happen now is such a result, never an error; an invalid
// request is an *errors.Error with code InvalidParameterException.
// [ChooseTasksToStop] picks tasks to stop on scale-in, keeping the spread:
// by default from the AZ with the most tasks of the service, then the
// instance with the most.
//
// Ties always break by container instance ARN (then task ARN), or by the
// caller's seed for the random strategy, so the same inputs give the same
// result. Inputs are never modified.
//
// # Speed
//
// [NewCluster] indexes a snapshot once (O(n log n)); [Cluster.Place] then
// keeps, per Availability Zone (or per value of the spread attribute), a
// cursor over the untouched instances in strategy order and a heap of the
// instances it has placed on, so a decision costs O(zones + log n) rather
// than a scan of every instance. The package benchmarks place 5,000 tasks
// on 5,000 and 50,000 instances.
//
// A caller that decides again and again on a changing cluster (a
// simulator, the world of package ecsstate, a scheduler loop) keeps an
// [Index] instead: it is told what changes ([Index.PutInstance],
// [Index.PutTask], [Index.RemoveTask], ...) and keeps, per task group, the
// instances in strategy order per Availability Zone and the group's tasks
// per instance. [Index.Place] and [Index.ChooseTasksToStop] then answer
// exactly as a Cluster of the same contents would, but one more task or
// one stop costs about as much at 50,000 instances as at 5,000: no
// per-call work grows with the cluster or with the group.
package placement
