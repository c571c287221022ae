package placement

import (
	"fmt"
	"strings"
)

// ReasonCode says why no container instance could take a task. The values
// are the reasons ECS reports for a task it could not place (RunTask's
// failures[].reason and the error quoted in service events).
type ReasonCode string

// Why a task could not be placed, from the closest matching instance's point
// of view. See "Service event messages",
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html
const (
	// ReasonNoInstances: the cluster has no ACTIVE container instance.
	ReasonNoInstances ReasonCode = "No Container Instances were found in your cluster."
	// ReasonAgent: the closest instance's agent is disconnected.
	ReasonAgent ReasonCode = "AGENT"
	// ReasonAttribute: it lacks an attribute the task definition requires.
	ReasonAttribute ReasonCode = "ATTRIBUTE"
	// ReasonCPU: it has too few CPU units left.
	ReasonCPU ReasonCode = "RESOURCE:CPU"
	// ReasonMemory: it has too little memory left.
	ReasonMemory ReasonCode = "RESOURCE:MEMORY"
	// ReasonPorts: a static host port the task needs is taken, or the task
	// would take the instance beyond 100 reserved ports.
	ReasonPorts ReasonCode = "RESOURCE:PORTS"
	// ReasonDistinctInstance: it already runs a task of the group.
	ReasonDistinctInstance ReasonCode = "DistinctInstance placement constraint unsatisfied."
	// ReasonMemberOf: it does not match a memberOf expression.
	ReasonMemberOf ReasonCode = "MemberOf placement constraint unsatisfied."
)

// Reason explains why a task could not be placed, naming the closest
// matching container instance.
//
// The closest match is the ACTIVE instance that gets furthest through the
// checks in this order: agent connected, required attributes, CPU, memory,
// ports, distinctInstance, then each memberOf constraint (the request's,
// then the task definition's); ties go to the smallest container instance
// ARN. ECS does not document how it picks the closest match; this order
// follows its pipeline (resources before constraints,
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement.html).
type Reason struct {
	// Code says which check the closest matching instance failed.
	Code ReasonCode
	// ContainerInstanceARN is the closest matching instance; "" with
	// ReasonNoInstances.
	ContainerInstanceARN string
}

// String returns the explanation the way ECS words it after "no container
// instance met all of its requirements.", for example "The closest matching
// (container-instance 5e2c…) has insufficient CPU units available."
func (r Reason) String() string {
	if r.Code == ReasonNoInstances || r.ContainerInstanceARN == "" {
		return "Reason: " + string(ReasonNoInstances)
	}
	ci := "The closest matching (container-instance " + instanceID(r.ContainerInstanceARN) + ")"
	switch r.Code {
	case ReasonCPU:
		return ci + " has insufficient CPU units available."
	case ReasonMemory:
		return ci + " has insufficient memory available."
	case ReasonPorts:
		return ci + " is already using a port required by your task."
	case ReasonAttribute:
		return ci + " is missing an attribute required by your task."
	default:
		return fmt.Sprintf("%s encountered error %q.", ci, string(r.Code))
	}
}

// ServiceEvent returns the whole service event message, for example
// "(service web) was unable to place a task because no container instance
// met all of its requirements. Reason: No Container Instances were found in
// your cluster."
func (r Reason) ServiceEvent(serviceName string) string {
	return "(service " + serviceName + ") was unable to place a task because no container instance met all of its requirements. " + r.String()
}

// instanceID returns the ID part of a container instance ARN (the text
// after the last slash), or the whole string if it has none.
func instanceID(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return arn
}
