// Package agentupdate predicts Amazon ECS container agent updates: the
// UpdateContainerAgent API call, the lifecycle an accepted update goes
// through, and a planner that rolls an update across a whole cluster.
//
// # The API call
//
// [UpdateContainerAgent] takes the request as the ECS API receives it, the
// clusters and container instances it reads (a [State]; [NewSnapshot] builds
// one from plain values), the [Catalog] of agent versions, and the time. It
// answers as ECS would: the container instance with agentUpdateStatus
// PENDING and its version increased, or the exception ECS refuses the request
// with (UpdateInProgressException, NoUpdateAvailableException,
// MissingVersionException, ClusterNotFoundException,
// InvalidParameterException, ClientException). Its documentation lists the
// checks in the order they run.
//
// # The lifecycle
//
// An accepted update moves PENDING → STAGING → STAGED → UPDATING → UPDATED,
// or to FAILED from any of the in-progress states. [Transitions] is that
// table, as data; [Apply] applies one [Event] (the agent's progress reports,
// its failure, its disconnects and reconnects) to an instance and returns a
// [Step], or an error if the event is not allowed in the instance's state.
// A disconnect keeps the status and a reconnect resumes from it. No event
// touches the instance's tasks or resources: an agent update never
// interrupts running tasks.
//
// # Rolling an update across a cluster
//
// ECS updates one instance per call. [PlanRollout] decides which instances to
// update next so that at most a given number update at once, only one
// Availability Zone is disturbed at a time, and instances with the fewest
// running tasks go first; it says why every other instance waits, in a
// [Hold] whose Message method words the reason when it is called (a plan
// over thousands of instances writes no message up front). A caller
// that plans wave after wave keeps a [Fleet] instead, puts each instance
// that changes, and plans with [Fleet.PlanRollout]: the same plan, from
// instances kept in order with each one's hold of the last plan, so a plan
// after a few changes checks and words only those instances and copies the
// rest; only a move of the wave to another zone (or a new catalog or
// limit) words every hold again.
//
// Everything here is a pure function: the caller passes the state and the
// time, and gets plain values back. Inputs are never modified.
//
// Sources: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html
// and https://docs.aws.amazon.com/AmazonECS/latest/developerguide/agent-update-ecs-ami.html
package agentupdate
