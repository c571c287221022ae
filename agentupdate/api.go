package agentupdate

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// State is what UpdateContainerAgent reads: the clusters and their container
// instances. It is read-only; the caller owns the storage and may back it by
// anything that can look a record up by name (see [NewSnapshot] for one built
// from plain slices).
type State interface {
	// Cluster returns the cluster with the given short name.
	Cluster(name string) (model.Cluster, bool)
	// ContainerInstance returns the instance with the given ID (the last
	// part of its ARN) registered in the named cluster.
	ContainerInstance(cluster, id string) (model.ContainerInstance, bool)
}

// ClusterState is one cluster and the container instances registered to it,
// as DescribeClusters and DescribeContainerInstances return them.
type ClusterState struct {
	Cluster   model.Cluster
	Instances []model.ContainerInstance
}

// Snapshot is a [State] indexed from plain values, so each look-up costs a
// map access however large the cluster. Build it with [NewSnapshot].
type Snapshot struct {
	clusters map[string]snapCluster
}

type snapCluster struct {
	cluster   model.Cluster
	instances map[string]model.ContainerInstance
}

// NewSnapshot indexes the clusters by name (clusterName, or the name in
// clusterArn when that is empty) and their instances by the ID in their
// containerInstanceArn. Instances whose ARN does not parse cannot be named by
// a request and are left out. When a name or ID repeats, the first one wins.
// The records are copied into the index; the slices inside them are shared
// with the caller's but never written.
func NewSnapshot(clusters ...ClusterState) Snapshot {
	s := Snapshot{clusters: make(map[string]snapCluster, len(clusters))}
	for _, cs := range clusters {
		name := cs.Cluster.ClusterName
		if name == "" {
			if a, err := model.ParseARN(cs.Cluster.ClusterARN); err == nil && a.Kind == model.KindCluster {
				name = a.Name
			}
		}
		if _, dup := s.clusters[name]; dup || name == "" {
			continue
		}
		sc := snapCluster{cluster: cs.Cluster, instances: make(map[string]model.ContainerInstance, len(cs.Instances))}
		for _, ci := range cs.Instances {
			a, err := model.ParseARN(ci.ContainerInstanceARN)
			if err != nil || a.Kind != model.KindContainerInstance {
				continue
			}
			if _, dup := sc.instances[a.Name]; !dup {
				sc.instances[a.Name] = ci
			}
		}
		s.clusters[name] = sc
	}
	return s
}

// Cluster implements [State].
func (s Snapshot) Cluster(name string) (model.Cluster, bool) {
	c, ok := s.clusters[name]
	return c.cluster, ok
}

// ContainerInstance implements [State].
func (s Snapshot) ContainerInstance(cluster, id string) (model.ContainerInstance, bool) {
	c, ok := s.clusters[cluster]
	if !ok {
		return model.ContainerInstance{}, false
	}
	ci, ok := c.instances[id]
	return ci, ok
}

// UpdateContainerAgent predicts the UpdateContainerAgent call: it returns the
// container instance as ECS answers it, with agentUpdateStatus PENDING and
// its version one higher, or the exception ECS refuses the request with.
// Nothing else of the instance changes: an agent update never interrupts the
// running tasks, so their counts and the resources are returned as they were.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html
//
// The checks run in this order, and the first that fails decides the error:
//
//  1. containerInstance is given (InvalidParameterException);
//  2. cluster is a valid short name or cluster ARN; empty means "default"
//     (InvalidParameterException);
//  3. containerInstance is a valid container instance ID or ARN
//     (InvalidParameterException);
//  4. a long-form instance ARN names the same cluster as the request
//     (InvalidParameterException): the library does not move a request to
//     the cluster an ARN names, it refuses the contradiction;
//  5. the cluster exists and is not INACTIVE (ClusterNotFoundException; a
//     deleted cluster stays describable as INACTIVE, but ECS no longer acts
//     on it);
//  6. the instance is registered in that cluster and not INACTIVE
//     (InvalidParameterException);
//  7. the instance is ACTIVE or DRAINING (InvalidParameterException): as for
//     UpdateContainerInstancesState, an instance that is REGISTERING,
//     DEREGISTERING or REGISTRATION_FAILED can be described but not updated
//     (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html);
//  8. no update is in progress: agentUpdateStatus is not PENDING, STAGING,
//     STAGED or UPDATING (UpdateInProgressException). This comes before the
//     platform and version checks so that a request during an update is
//     always answered the same way, whatever else is true of the instance;
//  9. the platform is supported (ClientException), see below;
//  10. the running agent version is known and in ECS's versioning
//     (MissingVersionException), see [ParseAgentVersion];
//  11. an update exists: the version is older than catalog.Latest and not
//     older than catalog.OldestUpdatable (NoUpdateAvailableException);
//  12. the instance's version counter can still increase (ServerException,
//     only at math.MaxInt64).
//
// A catalog that does not parse is a ServerException, reported after the
// request itself has been checked (steps 1–4).
//
// Platform check (step 9). The API reference says the operation does not
// apply to Windows instances, nor to the ECS-optimized Amazon Linux 2 arm64
// AMI, and needs an ECS-optimized or Amazon Linux AMI running ecs-init. The
// library reads only attributes ECS itself registers:
//
//   - Windows: ecs.os-type is "windows", or ecs.os-family starts with
//     "WINDOWS" (either one is enough, so a hand-built record with only one
//     of them is still caught);
//   - arm64: ecs.cpu-architecture is "arm64". An AMI ID (ecs.ami-id) cannot
//     be told to be the ECS-optimized Amazon Linux 2 AMI without the AMI
//     catalog, and ECS's own refusal is worded by architecture ("Update not
//     supported on Arm architecture", reported in
//     https://github.com/aws/amazon-ecs-agent/issues/4099), so every arm64
//     instance is refused;
//   - no ecs-init: the agent registers no attribute that says whether
//     ecs-init supervises it, so ECS cannot see this at request time. The
//     one case the record does show is an external (ECS Anywhere) instance,
//     marked by ecs.capability.external, which runs on no AMI at all; it is
//     refused. On any other host without ecs-init the agent itself declines
//     the staging message ("Updates are disabled", see amazon-ecs-agent
//     agent/acs/updater), which the lifecycle models as a Failed event.
//
// The exception for an unsupported platform is not documented (UNCERTAIN).
// The library uses ClientException: it is in the operation's documented
// list and is ECS's general refusal for a cause on the client's side, while
// InvalidParameterException would wrongly suggest the request's parameters
// are malformed. The message names the platform.
//
// An instance whose agent is disconnected is accepted: the update stays
// PENDING until the agent reconnects, as the UpdateInProgressException text
// describes for an agent that drops mid-update.
//
// now is not recorded: the ContainerInstance shape has no agent-update
// timestamp. It is taken so that every operation in this library reads time
// the same way. The inputs are never modified; the returned instance shares
// no memory with them.
func UpdateContainerAgent(req model.UpdateContainerAgentRequest, state State, catalog Catalog, now time.Time) (model.UpdateContainerAgentResponse, error) {
	_ = now
	if req.ContainerInstance == "" {
		return model.UpdateContainerAgentResponse{}, invalid("containerInstance is required: give the container instance ID or full ARN.")
	}
	cluster, err := model.ResolveCluster(req.Cluster)
	if err != nil {
		return model.UpdateContainerAgentResponse{}, err
	}
	id, arnCluster, err := model.ResolveContainerInstance(req.ContainerInstance)
	if err != nil {
		return model.UpdateContainerAgentResponse{}, err
	}
	if arnCluster != "" && arnCluster != cluster {
		return model.UpdateContainerAgentResponse{}, invalid("Container instance %s belongs to cluster %s, but the request names cluster %s.", ecserrors.Clip(req.ContainerInstance), arnCluster, cluster)
	}
	cat, err := catalog.parse()
	if err != nil {
		return model.UpdateContainerAgentResponse{}, err
	}
	if state == nil {
		return model.UpdateContainerAgentResponse{}, ecserrors.New(ecserrors.CodeClusterNotFound, "Cluster not found: %s.", cluster)
	}
	c, ok := state.Cluster(cluster)
	if !ok || c.Status == model.ClusterStatusInactive {
		return model.UpdateContainerAgentResponse{}, ecserrors.New(ecserrors.CodeClusterNotFound, "Cluster not found: %s.", cluster)
	}
	ci, ok := state.ContainerInstance(cluster, id)
	if !ok || ci.Status == model.ContainerInstanceStatusInactive {
		return model.UpdateContainerAgentResponse{}, invalid("Container instance %s was not found in cluster %s.", id, cluster)
	}
	if r := check(&ci, cat); r != nil {
		return model.UpdateContainerAgentResponse{}, r.err()
	}
	out := ci.Clone()
	out.AgentUpdateStatus = model.AgentUpdateStatusPending
	out.Version++
	return model.UpdateContainerAgentResponse{ContainerInstance: &out}, nil
}

// HoldReason says why an instance cannot take an agent update. The values
// that mirror an UpdateContainerAgent refusal carry that exception's code
// through [Hold]; the others are reasons a rollout waits.
type HoldReason string

// Reasons an instance is not updated.
const (
	// HoldNotRegistered: the instance is REGISTERING, DEREGISTERING,
	// REGISTRATION_FAILED or INACTIVE.
	HoldNotRegistered HoldReason = "NOT_REGISTERED"
	// HoldInProgress: an update is already PENDING, STAGING, STAGED or
	// UPDATING on it.
	HoldInProgress HoldReason = "UPDATE_IN_PROGRESS"
	// HoldWindows: agent updates do not apply to Windows instances.
	HoldWindows HoldReason = "WINDOWS"
	// HoldArm64: agent updates are not supported on arm64.
	HoldArm64 HoldReason = "ARM64"
	// HoldNoECSInit: the instance runs no ecs-init (an external instance).
	HoldNoECSInit HoldReason = "NO_ECS_INIT"
	// HoldMissingVersion: the agent version is unknown or not ECS's own.
	HoldMissingVersion HoldReason = "MISSING_VERSION"
	// HoldUpToDate: the agent already runs the latest version.
	HoldUpToDate HoldReason = "UP_TO_DATE"
	// HoldNoUpdatePath: the agent is too old to have an update path.
	HoldNoUpdatePath HoldReason = "NO_UPDATE_PATH"
	// HoldVersionExhausted: the version counter is at its maximum.
	HoldVersionExhausted HoldReason = "VERSION_EXHAUSTED"
	// HoldDraining: the instance is DRAINING; the rollout waits for it.
	HoldDraining HoldReason = "DRAINING"
	// HoldDisconnected: the agent is disconnected; the rollout waits for it.
	HoldDisconnected HoldReason = "AGENT_DISCONNECTED"
	// HoldLimit: as many instances as the limit allows are already updating.
	HoldLimit HoldReason = "LIMIT_REACHED"
	// HoldOtherZone: another Availability Zone is being updated.
	HoldOtherZone HoldReason = "OTHER_ZONE_IN_PROGRESS"
	// HoldDuplicate: the same container instance ARN appears more than once.
	HoldDuplicate HoldReason = "DUPLICATE"
)

// refusal is one failed instance-level check.
type refusal struct {
	code   ecserrors.Code
	reason HoldReason
	msg    string
}

func (r *refusal) err() error { return ecserrors.New(r.code, "%s", r.msg) }

// inProgress reports whether an update is underway in status s.
func inProgress(s model.AgentUpdateStatus) bool {
	switch s {
	case model.AgentUpdateStatusPending, model.AgentUpdateStatusStaging,
		model.AgentUpdateStatusStaged, model.AgentUpdateStatusUpdating:
		return true
	}
	return false
}

// check runs the instance-level checks 7–12 of [UpdateContainerAgent], in
// that order, and returns the first that fails.
func check(ci *model.ContainerInstance, cat parsedCatalog) *refusal {
	reason, v := refuse(ci, cat)
	if reason == 0 {
		return nil
	}
	h := Hold{ContainerInstanceARN: ci.ContainerInstanceARN, Reason: holdReasons[reason].reason, text: refusalText(ci, reason, v, cat)}
	return &refusal{holdReasons[reason].code, h.Reason, h.Message()}
}

// refuse runs the checks of check: it returns the index in holdReasons of
// the first that fails, 0 if none does, and the agent version it read.
func refuse(ci *model.ContainerInstance, cat parsedCatalog) (uint8, AgentVersion) {
	switch ci.Status {
	case model.ContainerInstanceStatusActive, model.ContainerInstanceStatusDraining:
	default:
		return reasonNotRegistered, AgentVersion{}
	}
	if inProgress(ci.AgentUpdateStatus) {
		return reasonInProgress, AgentVersion{}
	}
	if platform, _ := attributes(ci); platform != 0 {
		return platform, AgentVersion{}
	}
	var e memoVersion
	e.set(agentVersion(ci), cat)
	return versionRefusal(ci, &e), e.v
}

// agentVersion is the agent version the instance reports, "" if none.
func agentVersion(ci *model.ContainerInstance) string {
	if ci.VersionInfo != nil {
		return ci.VersionInfo.AgentVersion
	}
	return ""
}

// versionRefusal runs checks 10–12 on an instance whose agent version is
// checked as e.
func versionRefusal(ci *model.ContainerInstance, e *memoVersion) uint8 {
	if e.reason == 0 && ci.Version == math.MaxInt64 {
		return reasonVersionExhausted
	}
	return e.reason
}

// versionMemo remembers the last few agent versions checked, and the
// text of their holds, for a planner that checks thousands of instances
// running a handful of versions.
type versionMemo struct {
	cat  parsedCatalog
	seen [4]memoVersion
	n    int          // calls that missed, to pick the entry to replace
	at   *memoVersion // the entry parse returned last, nil before the first
}

// last returns the entry parse returned last.
func (m *versionMemo) last() *memoVersion { return m.at }

// memoVersion is one agent version checked against the catalog.
type memoVersion struct {
	used    bool
	running string
	v       AgentVersion
	reason  uint8  // the version's refusal: missing, up to date or no update path; 0 for none
	text    string // the hold text for reason, once built
	idx     int32  // where PlanRollout keeps that text, once there
}

func (e *memoVersion) set(running string, cat parsedCatalog) {
	v, ok := ParseAgentVersion(running)
	*e = memoVersion{used: true, running: running, v: v}
	switch {
	case !ok:
		e.reason = reasonMissingVersion
	case v.Compare(cat.latest) >= 0:
		e.reason = reasonUpToDate
	case v.Compare(cat.oldest) < 0:
		e.reason = reasonNoUpdatePath
	}
}

// parse returns the entry for running, checked against m.cat.
func (m *versionMemo) parse(running string) *memoVersion {
	// Neighbouring instances mostly run the same version: the entry
	// returned last is checked in line.
	if e := m.at; e != nil && e.running == running {
		return e
	}
	return m.find(running)
}

func (m *versionMemo) find(running string) *memoVersion {
	for i := range m.seen {
		if e := &m.seen[i]; e.used && e.running == running {
			m.at = e
			return e
		}
	}
	e := &m.seen[m.n%len(m.seen)]
	m.n++
	e.set(running, m.cat)
	m.at = e
	return e
}

// A Hold's text is its message without the instance: the words before
// and after the instance's ID, preceded by the length of the first as a
// uvarint. Plans share one text among the holds that say the same, so a
// plan writes no message: Message puts the ID in when asked.

// holdText returns the text of the message head + ID + tail.
func holdText(head, tail string) string {
	b := make([]byte, 0, binary.MaxVarintLen64+len(head)+len(tail))
	b = binary.AppendUvarint(b, uint64(len(head)))
	return string(append(append(b, head...), tail...))
}

// Message explains the reason in a sentence, naming the instance. It is
// "" for a Hold this package did not make.
func (h Hold) Message() string {
	head, n := binary.Uvarint([]byte(h.text[:min(len(h.text), binary.MaxVarintLen64)]))
	if n <= 0 {
		return ""
	}
	id := instanceID(h.ContainerInstanceARN)
	if h.Reason == HoldDuplicate {
		id = ecserrors.Clip(h.ContainerInstanceARN)
	}
	words := h.text[n:]
	return words[:head] + id + words[head:]
}

// Equal reports whether h and o are the same hold: the same instance,
// reason, code and message. It is h == o, for go-cmp, which does not
// compare the unexported fields a Hold words its message from.
func (h Hold) Equal(o Hold) bool { return h == o }

// MarshalJSON encodes the hold with its message, as an object with the
// members ContainerInstanceARN, Reason, Code and Message.
func (h Hold) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ContainerInstanceARN string
		Reason               HoldReason
		Code                 ecserrors.Code
		Message              string
	}{h.ContainerInstanceARN, h.Reason, h.Code, h.Message()})
}

// The texts of the holds whose words do not depend on the instance.
var (
	textWindows      = holdText("Agent updates are not supported on Windows container instances (", "); launch new instances instead.")
	textArm64        = holdText("Update not supported on Arm architecture (container instance ", "); update the ecs-init package instead.")
	textNoECSInit    = holdText("Agent updates need an Amazon ECS-optimized or Amazon Linux AMI with ecs-init; container instance ", " is an external instance.")
	textExhausted    = holdText("Container instance ", " cannot be changed: its version counter is at its maximum.")
	textDraining     = holdText("Container instance ", " is DRAINING; its agent is updated once it is ACTIVE again.")
	textDisconnected = holdText("The agent on container instance ", " is disconnected; it is updated once it connects again.")
	textDuplicate    = holdText("Container instance ", " appears more than once; only its first record is planned.")
)

// refusalText returns the text of the hold for refusal reason (an index in
// holdReasons) of ci, whose agent version is v.
func refusalText(ci *model.ContainerInstance, reason uint8, v AgentVersion, cat parsedCatalog) string {
	switch reason {
	case reasonNotRegistered:
		st := string(ci.Status)
		if st == "" {
			st = "(no status)"
		}
		return holdText("Container instance ", " is "+ecserrors.Clip(st)+"; only ACTIVE or DRAINING instances can be updated.")
	case reasonInProgress:
		return holdText("An agent update is already in progress on container instance ", " ("+string(ci.AgentUpdateStatus)+").")
	case reasonWindows:
		return textWindows
	case reasonArm64:
		return textArm64
	case reasonNoECSInit:
		return textNoECSInit
	case reasonVersionExhausted:
		return textExhausted
	}
	var running string
	if ci.VersionInfo != nil {
		running = ci.VersionInfo.AgentVersion
	}
	return versionText(reason, running, v, cat)
}

// versionText returns the text of a version refusal (missing, up to date,
// no update path) of an agent reporting running, parsed as v.
func versionText(reason uint8, running string, v AgentVersion, cat parsedCatalog) string {
	switch reason {
	case reasonMissingVersion:
		what := " reports no agent version"
		if running != "" {
			what = " reports agent version " + quote(running) + ", which is not an Amazon ECS agent version"
		}
		return holdText("Container instance ", what+"; the agent cannot be updated through the API.")
	case reasonUpToDate:
		return holdText("No update is available: container instance ", " already runs agent "+v.String()+" (latest "+cat.latest.String()+").")
	case reasonNoUpdatePath:
		return holdText("No update is available: agent "+v.String()+" on container instance ", " is older than "+cat.oldest.String()+" and has no update path.")
	}
	panic("agentupdate: no version text for hold reason " + string(holdReasons[reason].reason))
}

// The texts of the holds that depend on the plan.

func limitText(limit int) string {
	return holdText(strconv.Itoa(limit)+" agent updates are already in progress or planned; container instance ", " waits.")
}

func otherZoneText(planZone, zone string) string {
	return holdText("Availability Zone "+quote(planZone)+" is being updated; container instance ", " in "+quote(zone)+" waits.")
}

func multiZoneText(busyZones []string) string {
	q := make([]string, len(busyZones))
	for i, z := range busyZones {
		q[i] = quote(z)
	}
	return holdText("Updates are in progress in "+strconv.Itoa(len(busyZones))+" Availability Zones ("+
		strings.Join(q, ", ")+"); container instance ", " waits until at most one is.")
}

// attributes reads, in one pass over the attributes, the instance's
// platform check (step 9 of [UpdateContainerAgent]: the index in
// holdReasons of the reason its platform takes no agent update, or 0) and
// its Availability Zone. Each name's first occurrence counts, as
// ContainerInstance.Attribute does; each is judged when it is met, so that
// the pass keeps flags rather than values.
func attributes(ci *model.ContainerInstance) (platform uint8, zone string) {
	const seenZone, seenType, seenFamily, seenArch = 1, 2, 4, 8
	var seen uint8
	var windows, arm64, external bool
	for i := range ci.Attributes {
		a := &ci.Attributes[i]
		switch a.Name {
		case model.AttributeAvailabilityZone:
			if seen&seenZone == 0 {
				seen |= seenZone
				zone = a.Value
			}
		case model.AttributeOSType:
			if seen&seenType == 0 {
				seen |= seenType
				windows = windows || strings.EqualFold(a.Value, "windows")
			}
		case model.AttributeOSFamily:
			if seen&seenFamily == 0 {
				seen |= seenFamily
				windows = windows || strings.HasPrefix(strings.ToUpper(a.Value), "WINDOWS")
			}
		case model.AttributeCPUArchitecture:
			if seen&seenArch == 0 {
				seen |= seenArch
				arm64 = strings.EqualFold(a.Value, "arm64")
			}
		case model.AttributeExternal:
			external = true
		}
	}
	switch {
	case windows:
		return reasonWindows, zone
	case arm64:
		return reasonArm64, zone
	case external:
		return reasonNoECSInit, zone
	}
	return 0, zone
}

// instanceID is the last part of a container instance ARN, for messages.
func instanceID(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return ecserrors.Clip(arn[i+1:])
	}
	return ecserrors.Clip(arn)
}

func quote(s string) string { return "\"" + ecserrors.Clip(s) + "\"" }

func invalid(format string, args ...any) error {
	return ecserrors.New(ecserrors.CodeInvalidParameter, format, args...)
}
