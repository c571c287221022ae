package ecsstate

import (
	"fmt"
	"slices"
	"time"
)

// RecordKind says what a [Record] is about.
type RecordKind string

// The kinds of timeline records.
const (
	// RecordServiceEvent is a service event, in ECS's words, as
	// DescribeServices lists it (Message is the event's message).
	RecordServiceEvent RecordKind = "ServiceEvent"
	// RecordTaskStatus is a task's lastStatus change (From → To).
	RecordTaskStatus RecordKind = "TaskStatus"
	// RecordTaskHealth is a task's healthStatus verdict (To).
	RecordTaskHealth RecordKind = "TaskHealth"
	// RecordInstanceStatus is a container instance's status change, or
	// its registration or deregistration.
	RecordInstanceStatus RecordKind = "InstanceStatus"
	// RecordInstanceConnection is a container agent disconnecting or
	// reconnecting.
	RecordInstanceConnection RecordKind = "InstanceConnection"
	// RecordAgentUpdate is an agent update stage (agentUpdateStatus From →
	// To).
	RecordAgentUpdate RecordKind = "AgentUpdate"
	// RecordCall is an API operation that changed the world (UpdateService,
	// RunTask, …): Message names it and its outcome.
	RecordCall RecordKind = "Call"
)

// Record is one change the world made, in the order it made them.
type Record struct {
	// Seq numbers the records from 1, in order.
	Seq uint64
	// At is the virtual time of the change.
	At   time.Time
	Kind RecordKind
	// Cluster is the cluster's name.
	Cluster string
	// Service is the service's name when the change concerns a service or
	// one of its tasks.
	Service string
	// Resource is the ARN of the task or container instance, or the
	// service event's ID.
	Resource string
	// From and To are the statuses of a status change.
	From, To string
	// Message describes the change; for service events it is ECS's text.
	Message string
}

// String formats the record on one line: time, kind, cluster (and
// service) and message.
func (r Record) String() string {
	where := r.Cluster
	if r.Service != "" {
		where += "/" + r.Service
	}
	return fmt.Sprintf("%s %-18s %s %s", r.At.UTC().Format(time.RFC3339), r.Kind, where, r.Message)
}

func (w *World) record(r Record) {
	w.recSeq++
	if w.opts.DiscardTimeline {
		return
	}
	r.Seq = w.recSeq
	r.At = w.now
	w.timeline = append(w.timeline, r)
}

// keepsTimeline reports whether records are kept, so that a caller can
// skip formatting a message nobody will read.
func (w *World) keepsTimeline() bool { return !w.opts.DiscardTimeline }

// Timeline returns the records the world has kept, oldest first. The slice
// is the caller's.
func (w *World) Timeline() []Record { return slices.Clone(w.timeline) }

// TimelineSince returns the records numbered after seq (0: all), oldest
// first: a caller that remembers the last Seq it saw reads only what is new.
func (w *World) TimelineSince(seq uint64) []Record {
	i, _ := slices.BinarySearchFunc(w.timeline, seq+1, func(r Record, s uint64) int { return cmpU64(r.Seq, s) })
	return slices.Clone(w.timeline[i:])
}

// ForgetTimeline drops the records numbered up to seq, so that a long
// simulation keeps memory bounded; numbering continues.
func (w *World) ForgetTimeline(seq uint64) {
	i, _ := slices.BinarySearchFunc(w.timeline, seq+1, func(r Record, s uint64) int { return cmpU64(r.Seq, s) })
	// A fresh array (a clone of the world may share the old one), with
	// room for as many records as were kept: a simulation that forgets
	// every interval records about as many in the next, and growing the
	// slice record by record copied it again and again.
	keep := make([]Record, len(w.timeline)-i, len(w.timeline))
	copy(keep, w.timeline[i:])
	w.timeline = keep
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Filter returns the records for which keep is true.
func Filter(records []Record, keep func(*Record) bool) []Record {
	var out []Record
	for i := range records {
		if keep(&records[i]) {
			out = append(out, records[i])
		}
	}
	return out
}

// OfKind is a [Filter] predicate keeping records of the given kinds.
func OfKind(kinds ...RecordKind) func(*Record) bool {
	return func(r *Record) bool { return slices.Contains(kinds, r.Kind) }
}
