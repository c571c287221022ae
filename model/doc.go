// Package model holds the nouns of the Amazon ECS control plane as
// wire-compatible Go types: container instances, services and their
// deployments, tasks, task definitions, clusters and capacity providers,
// and the request and response bodies of UpdateService and
// UpdateContainerAgent.
//
// # Wire format
//
// Every type marshals to and from the AWS JSON 1.1 body of the ECS API
// with the API's own member names, so the output of `aws ecs describe-*`
// or an SDK's raw response decodes straight into these types and
// re-encodes into JSON that AWS SDKs decode to the same values.
//
//   - Timestamps are [Time]: epoch seconds with a millisecond fraction on
//     output; numbers or ISO-8601 strings on input.
//   - Optional request members keep absent distinct from zero and from
//     empty. Boxed scalars are pointers (nil is absent); lists are slices
//     where nil is absent and an empty non-nil slice is an explicit []
//     (UpdateService gives "placementConstraints": [] the meaning "remove
//     all"). Nested structures are pointers.
//   - Members the library does not interpret (Service Connect, volume
//     configurations, log configuration, …) are kept as json.RawMessage.
//   - Member names are case-sensitive on the wire, but encoding/json
//     matches them without regard to case ("DesiredCount", even
//     "ſervice", would be read). Decode bodies from outside with
//     [Unmarshal], which matches exactly, as ECS and the SDKs do, or
//     [UnmarshalStrict], which also refuses members the model does not
//     know. Plain values re-encode as encoding/json says: members the
//     model does not know are gone, members ECS sends as false or 0 are
//     omitted, members without omitempty appear at 0. To give a decoded
//     body back member for member, decode it into a [Kept].
//
// # Rules and lifecycles
//
// Field rules ECS documents (tags, attributes, placement lists, capacity
// provider strategies, identifiers) are validators that return an
// InvalidParameterException naming the member at fault. ARNs of every ECS
// kind parse with [ParseARN] and are built with [Account]. The container
// instance and task lifecycles are data ([ContainerInstanceTransitions],
// [TaskTransitions]) with transition functions that refuse what ECS does
// not allow and bump the resource's version.
//
// No function in this package modifies its arguments: helpers such as
// [ReserveTask] return new values.
package model
