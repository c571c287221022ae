package agentupdate

import (
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
	var b msgWriter
	code, reason, refused := writeRefusal(&b, ci, cat, nil)
	if !refused {
		return nil
	}
	return &refusal{code, reason, b.String()}
}

// msgWriter builds messages. A rollout writes every hold's message into one
// writer and slices them out of its one string, so a 5,000-instance plan
// does not allocate a string per instance.
type msgWriter struct{ strings.Builder }

func (b *msgWriter) int(v int) {
	var a [20]byte
	b.Write(strconv.AppendInt(a[:0], int64(v), 10))
}

func (b *msgWriter) version(v AgentVersion) {
	b.int(v.Major)
	b.WriteByte('.')
	b.int(v.Minor)
	b.WriteByte('.')
	b.int(v.Patch)
}

// quoted writes quote(s).
func (b *msgWriter) quoted(s string) {
	b.WriteByte('"')
	b.WriteString(ecserrors.Clip(s))
	b.WriteByte('"')
}

// versionMemo remembers the last few agent versions parsed and their
// text, for a planner that checks thousands of instances running a handful
// of versions.
type versionMemo struct {
	seen           [4]memoVersion
	n              int    // calls, to pick the entry to replace
	latest, oldest string // the catalog's, as text
}

type memoVersion struct {
	running string
	v       AgentVersion
	ok      bool
	text    string // v.String(); "" for an unused entry
}

// parse is ParseAgentVersion(running), remembered, with v's text.
func (m *versionMemo) parse(running string) (AgentVersion, bool, string) {
	for i := range m.seen {
		if e := &m.seen[i]; e.text != "" && e.running == running {
			return e.v, e.ok, e.text
		}
	}
	v, ok := ParseAgentVersion(running)
	e := &m.seen[m.n%len(m.seen)]
	m.n++
	*e = memoVersion{running, v, ok, v.String()}
	return v, ok, e.text
}

// writeRefusal is check writing the refusal's message to b; refused is
// false, and nothing is written, when every check passes. memo, if not
// nil, is for the same catalog on every call.
func writeRefusal(b *msgWriter, ci *model.ContainerInstance, cat parsedCatalog, memo *versionMemo) (code ecserrors.Code, reason HoldReason, refused bool) {
	id := instanceID(ci.ContainerInstanceARN)
	switch ci.Status {
	case model.ContainerInstanceStatusActive, model.ContainerInstanceStatusDraining:
	default:
		st := string(ci.Status)
		if st == "" {
			st = "(no status)"
		}
		b.WriteString("Container instance ")
		b.WriteString(id)
		b.WriteString(" is ")
		b.WriteString(ecserrors.Clip(st))
		b.WriteString("; only ACTIVE or DRAINING instances can be updated.")
		return ecserrors.CodeInvalidParameter, HoldNotRegistered, true
	}
	if inProgress(ci.AgentUpdateStatus) {
		b.WriteString("An agent update is already in progress on container instance ")
		b.WriteString(id)
		b.WriteString(" (")
		b.WriteString(string(ci.AgentUpdateStatus))
		b.WriteString(").")
		return ecserrors.CodeUpdateInProgress, HoldInProgress, true
	}
	if reason := platform(ci); reason != "" {
		switch reason {
		case HoldWindows:
			b.WriteString("Agent updates are not supported on Windows container instances (")
			b.WriteString(id)
			b.WriteString("); launch new instances instead.")
		case HoldArm64:
			b.WriteString("Update not supported on Arm architecture (container instance ")
			b.WriteString(id)
			b.WriteString("); update the ecs-init package instead.")
		default:
			b.WriteString("Agent updates need an Amazon ECS-optimized or Amazon Linux AMI with ecs-init; container instance ")
			b.WriteString(id)
			b.WriteString(" is an external instance.")
		}
		return ecserrors.CodeClient, reason, true
	}
	var running string
	if ci.VersionInfo != nil {
		running = ci.VersionInfo.AgentVersion
	}
	var (
		v     AgentVersion
		ok    bool
		vText string
	)
	if memo != nil {
		v, ok, vText = memo.parse(running)
	} else {
		v, ok = ParseAgentVersion(running)
	}
	// writeVersion writes w: from its text in *text, kept there on first
	// use, when memo is on (v's text, the catalog's latest or oldest).
	var vSlot, latestSlot, oldestSlot *string
	if memo != nil {
		vSlot, latestSlot, oldestSlot = &vText, &memo.latest, &memo.oldest
	}
	writeVersion := func(w AgentVersion, text *string) {
		if text == nil {
			b.version(w)
			return
		}
		if *text == "" {
			*text = w.String()
		}
		b.WriteString(*text)
	}

	if !ok {
		b.WriteString("Container instance ")
		b.WriteString(id)
		if running == "" {
			b.WriteString(" reports no agent version")
		} else {
			b.WriteString(" reports agent version ")
			b.quoted(running)
			b.WriteString(", which is not an Amazon ECS agent version")
		}
		b.WriteString("; the agent cannot be updated through the API.")
		return ecserrors.CodeMissingVersion, HoldMissingVersion, true
	}
	if v.Compare(cat.latest) >= 0 {
		b.WriteString("No update is available: container instance ")
		b.WriteString(id)
		b.WriteString(" already runs agent ")
		writeVersion(v, vSlot)
		b.WriteString(" (latest ")
		writeVersion(cat.latest, latestSlot)
		b.WriteString(").")
		return ecserrors.CodeNoUpdateAvailable, HoldUpToDate, true
	}
	if v.Compare(cat.oldest) < 0 {
		b.WriteString("No update is available: agent ")
		writeVersion(v, vSlot)
		b.WriteString(" on container instance ")
		b.WriteString(id)
		b.WriteString(" is older than ")
		writeVersion(cat.oldest, oldestSlot)
		b.WriteString(" and has no update path.")
		return ecserrors.CodeNoUpdateAvailable, HoldNoUpdatePath, true
	}
	if ci.Version == math.MaxInt64 {
		b.WriteString("Container instance ")
		b.WriteString(id)
		b.WriteString(" cannot be changed: its version counter is at its maximum.")
		return ecserrors.CodeServer, HoldVersionExhausted, true
	}
	return "", "", false
}

// platform is step 9 of [UpdateContainerAgent]: the reason the instance's
// platform takes no agent update, or "". It reads the attributes in one
// pass, each name's first occurrence counting, as ContainerInstance.Attribute
// does.
func platform(ci *model.ContainerInstance) HoldReason {
	var osType, osFamily, arch string
	var seenType, seenFamily, seenArch, external bool
	for _, a := range ci.Attributes {
		switch a.Name {
		case model.AttributeOSType:
			if !seenType {
				osType, seenType = a.Value, true
			}
		case model.AttributeOSFamily:
			if !seenFamily {
				osFamily, seenFamily = a.Value, true
			}
		case model.AttributeCPUArchitecture:
			if !seenArch {
				arch, seenArch = a.Value, true
			}
		case model.AttributeExternal:
			external = true
		}
	}
	switch {
	case strings.EqualFold(osType, "windows") || strings.HasPrefix(strings.ToUpper(osFamily), "WINDOWS"):
		return HoldWindows
	case strings.EqualFold(arch, "arm64"):
		return HoldArm64
	case external:
		return HoldNoECSInit
	}
	return ""
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
