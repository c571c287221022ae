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
package placement
