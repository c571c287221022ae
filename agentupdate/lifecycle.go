package agentupdate

import (
	"math"
	"slices"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// EventKind names something that happens to an agent update after ECS has
// accepted it: the agent's progress reports and its connection changes.
type EventKind string

// The events of the agent-update lifecycle. The agent side follows the
// two-phase protocol of amazon-ecs-agent (agent/acs/updater): a stage message
// (download and verify), then a perform message (the agent exits and ecs-init
// restarts it on the new version).
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/agent-update-ecs-ami.html
const (
	// Requested is UpdateContainerAgent itself. It appears in the table so
	// the whole lifecycle can be rendered; [Apply] refuses it, because only
	// [UpdateContainerAgent] knows the checks a request must pass.
	Requested EventKind = "Requested"
	// StagingStarted: the agent has begun downloading the update (PENDING →
	// STAGING).
	StagingStarted EventKind = "StagingStarted"
	// Staged: the download is complete and its checksum verified (STAGING →
	// STAGED).
	Staged EventKind = "Staged"
	// UpdateStarted: the agent has acknowledged the perform message and
	// exits so that ecs-init restarts it (STAGED → UPDATING).
	UpdateStarted EventKind = "UpdateStarted"
	// AgentReconnected: the restarted agent reconnected and reports
	// Event.AgentVersion (UPDATING → UPDATED). The version must be in ECS's
	// versioning but need not be newer than the old one: ECS records what
	// the agent reports, and the library does not second-guess it.
	AgentReconnected EventKind = "AgentReconnected"
	// Failed: the agent declined a message, the download or checksum failed,
	// or the agent could not restart; Event.Reason says which (any
	// in-progress status → FAILED).
	Failed EventKind = "Failed"
	// AgentDisconnected: the agent lost its connection to ECS. The update
	// status is kept.
	AgentDisconnected EventKind = "AgentDisconnected"
	// AgentConnected: the agent connected again without restarting. The
	// update resumes from the status it had.
	AgentConnected EventKind = "AgentConnected"
)

// Event is one occurrence of an [EventKind] with its data.
type Event struct {
	Kind EventKind
	// AgentVersion is the version the reconnected agent reports
	// (AgentReconnected only); it must be in ECS's versioning.
	AgentVersion string
	// AgentHash is the reconnected agent's build hash (AgentReconnected
	// only). It replaces the old hash, which described the old build;
	// empty leaves the hash unset rather than stale.
	AgentHash string
	// Reason is why the update failed (Failed only), for example the
	// agent's "Hashsum validation failed".
	Reason string
}

// Transition is one row of the lifecycle table: in status From, event On
// leads to status To. From "" is an instance on which no update was ever
// requested (agentUpdateStatus absent).
type Transition struct {
	From model.AgentUpdateStatus
	On   EventKind
	To   model.AgentUpdateStatus
}

const (
	none     model.AgentUpdateStatus = ""
	pending                          = model.AgentUpdateStatusPending
	staging                          = model.AgentUpdateStatusStaging
	staged                           = model.AgentUpdateStatusStaged
	updating                         = model.AgentUpdateStatusUpdating
	updated                          = model.AgentUpdateStatusUpdated
	failed                           = model.AgentUpdateStatusFailed
)

// allStatuses is every agentUpdateStatus an instance can have, "" first.
var allStatuses = []model.AgentUpdateStatus{none, pending, staging, staged, updating, updated, failed}

// transitions is the lifecycle:
//
//	"" | UPDATED | FAILED --Requested--> PENDING
//	PENDING --StagingStarted--> STAGING --Staged--> STAGED --UpdateStarted--> UPDATING --AgentReconnected--> UPDATED
//	PENDING | STAGING | STAGED | UPDATING --Failed--> FAILED
//	any --AgentDisconnected--> same;  any --AgentConnected--> same
//
// Sources: the status meanings in
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/agent-update-ecs-ami.html
// and the UpdateInProgressException text in
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html
// (a disconnected agent keeps its transitional status and resumes from it).
// UPDATED being set when the restarted agent reconnects with its new version
// is our reading (UNCERTAIN): AWS says only that the agent tells ECS the
// update is done. No control-plane timeout moves a stuck update to FAILED
// (UNCERTAIN; none is documented): only a Failed event does.
var transitions = func() []Transition {
	t := []Transition{
		{none, Requested, pending},
		{updated, Requested, pending},
		{failed, Requested, pending},
		{pending, StagingStarted, staging},
		{staging, Staged, staged},
		{staged, UpdateStarted, updating},
		{updating, AgentReconnected, updated},
	}
	for _, s := range []model.AgentUpdateStatus{pending, staging, staged, updating} {
		t = append(t, Transition{s, Failed, failed})
	}
	for _, s := range allStatuses {
		t = append(t, Transition{s, AgentDisconnected, s}, Transition{s, AgentConnected, s})
	}
	return t
}()

// Transitions returns the agent-update lifecycle table (a fresh copy the
// caller may keep). Besides the table, [Apply] enforces guards on the
// agent's connection: progress events (StagingStarted, Staged,
// UpdateStarted) need a connected agent, since only a connected agent can
// report them; AgentDisconnected needs a connected agent and AgentConnected
// a disconnected one. AgentReconnected and Failed are accepted either way:
// the agent that reconnects after the restart was disconnected by it, and a
// failure may be recorded whatever the connection.
func Transitions() []Transition { return slices.Clone(transitions) }

// next looks the event up in the table.
func next(from model.AgentUpdateStatus, on EventKind) (model.AgentUpdateStatus, bool) {
	for _, t := range transitions {
		if t.From == from && t.On == on {
			return t.To, true
		}
	}
	return "", false
}

// Step is what applying one event did: the instance after it, the status
// change (From may equal To for connection events), the event, and when.
type Step struct {
	Instance model.ContainerInstance
	From, To model.AgentUpdateStatus
	Event    Event
	At       model.Time
}

// Apply applies one event to a container instance at now and returns the
// new instance, or an InvalidParameterException when the lifecycle (table and
// guards, see [Transitions]) does not allow the event in the instance's
// state (or a ServerException when the version counter is already at
// math.MaxInt64). Every accepted event is a change ECS reports, so it increases the
// instance's version by one; a refused event changes nothing. Only
// agentUpdateStatus, agentConnected, versionInfo (on UPDATED) and version
// ever change: running and pending tasks and the resources are never
// touched, because an agent update does not interrupt tasks.
// The input is never modified and the result shares no memory with it.
func Apply(ci model.ContainerInstance, ev Event, now time.Time) (Step, error) {
	from := ci.AgentUpdateStatus
	refuse := func(why string) (Step, error) {
		return Step{}, ecserrors.New(ecserrors.CodeInvalidParameter,
			"agentUpdateStatus: container instance %s cannot take event %s in status %s: %s",
			instanceID(ci.ContainerInstanceARN), ecserrors.Clip(string(ev.Kind)), statusName(from), why)
	}
	if ev.Kind == Requested {
		return refuse("requests go through UpdateContainerAgent, which checks them.")
	}
	if !slices.Contains(allStatuses, from) {
		return refuse("the status is not an agent update status.")
	}
	to, ok := next(from, ev.Kind)
	if !ok {
		if !slices.ContainsFunc(transitions, func(t Transition) bool { return t.On == ev.Kind }) {
			return refuse("unknown event.")
		}
		return refuse("the lifecycle does not allow it.")
	}
	switch ev.Kind {
	case StagingStarted, Staged, UpdateStarted:
		if !ci.AgentConnected {
			return refuse("the agent is disconnected; it resumes when it connects again.")
		}
	case AgentDisconnected:
		if !ci.AgentConnected {
			return refuse("the agent is already disconnected.")
		}
	case AgentConnected:
		if ci.AgentConnected {
			return refuse("the agent is already connected.")
		}
	case AgentReconnected:
		if _, ok := ParseAgentVersion(ev.AgentVersion); !ok {
			return refuse("the reported agent version " + quote(ev.AgentVersion) + " is not MAJOR.MINOR.PATCH.")
		}
	}
	if ci.Version == math.MaxInt64 {
		return Step{}, ecserrors.New(ecserrors.CodeServer, "Container instance %s cannot be changed: its version counter is at its maximum.", instanceID(ci.ContainerInstanceARN))
	}
	out := ci.Clone()
	out.AgentUpdateStatus = to
	out.Version++
	switch ev.Kind {
	case AgentDisconnected:
		out.AgentConnected = false
	case AgentConnected:
		out.AgentConnected = true
	case AgentReconnected:
		out.AgentConnected = true
		vi := model.VersionInfo{}
		if out.VersionInfo != nil {
			vi = *out.VersionInfo
		}
		vi.AgentVersion, vi.AgentHash = ev.AgentVersion, ev.AgentHash
		out.VersionInfo = &vi
	}
	return Step{Instance: out, From: from, To: to, Event: ev, At: model.At(now)}, nil
}

func statusName(s model.AgentUpdateStatus) string {
	if s == "" {
		return "(none)"
	}
	return ecserrors.Clip(string(s))
}
