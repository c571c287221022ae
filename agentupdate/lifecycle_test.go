package agentupdate

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
)

// deepCopy copies an instance through its JSON form, independently of the
// package's own cloning, so that a shallow clone cannot hide a mutation.
func deepCopy(t interface{ Fatalf(string, ...any) }, ci model.ContainerInstance) model.ContainerInstance {
	b, err := json.Marshal(ci)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	var out model.ContainerInstance
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return out
}

// The catalog the state machine runs against.
var smCatalog = Catalog{Latest: "1.50.0", OldestUpdatable: "1.10.0"}

// refVersion is the reference model's reading of an agent version: written
// independently of ParseAgentVersion.
var refVersionRE = regexp.MustCompile(`^([0-9]{1,9})\.([0-9]{1,9})\.([0-9]{1,9})$`)

func refVersion(s string) ([3]int, bool) {
	m := refVersionRE.FindStringSubmatch(s)
	if m == nil {
		return [3]int{}, false
	}
	var v [3]int
	for i := range v {
		v[i], _ = strconv.Atoi(m[i+1])
	}
	return v, true
}

func refOlder(a, b [3]int) bool { return slices.Compare(a[:], b[:]) < 0 }

// ref is the reference model of one container instance's agent update.
type ref struct {
	status    model.AgentUpdateStatus
	connected bool
	version   int64
	agent     string
	hash      string
}

func (r ref) updating() bool {
	switch r.status {
	case "PENDING", "STAGING", "STAGED", "UPDATING":
		return true
	}
	return false
}

// next is the reference lifecycle, written out case by case.
func (r ref) next(ev Event) (ref, bool) {
	n := r
	n.version++
	switch ev.Kind {
	case StagingStarted:
		n.status = "STAGING"
		return n, r.status == "PENDING" && r.connected
	case Staged:
		n.status = "STAGED"
		return n, r.status == "STAGING" && r.connected
	case UpdateStarted:
		n.status = "UPDATING"
		return n, r.status == "STAGED" && r.connected
	case AgentReconnected:
		_, valid := refVersion(ev.AgentVersion)
		n.status, n.connected, n.agent, n.hash = "UPDATED", true, ev.AgentVersion, ev.AgentHash
		return n, r.status == "UPDATING" && valid
	case Failed:
		n.status = "FAILED"
		return n, r.updating()
	case AgentDisconnected:
		n.connected = false
		return n, r.connected
	case AgentConnected:
		n.connected = true
		return n, !r.connected
	}
	return r, false
}

// request is the reference answer to a request naming this instance.
func (r ref) request() (ref, ecserrors.Code) {
	if r.updating() {
		return r, ecserrors.CodeUpdateInProgress
	}
	v, ok := refVersion(r.agent)
	if !ok {
		return r, ecserrors.CodeMissingVersion
	}
	latest, _ := refVersion(smCatalog.Latest)
	oldest, _ := refVersion(smCatalog.OldestUpdatable)
	if !refOlder(v, latest) || refOlder(v, oldest) {
		return r, ecserrors.CodeNoUpdateAvailable
	}
	n := r
	n.status = "PENDING"
	n.version++
	return n, ""
}

type machine struct {
	initial model.ContainerInstance
	cur     model.ContainerInstance
	model   ref
	now     time.Time
	// path is the statuses the instance went through since the last
	// accepted request; nil when no request has been seen yet.
	path []model.AgentUpdateStatus
}

const smCluster = "fleet"

func newMachine(t *rapid.T) *machine {
	ci := gen.ContainerInstanceFor(gen.InstanceSpec{Account: testAccount, Cluster: smCluster, Index: 41, AZ: "us-west-2b", Placeable: true}).Draw(t, "instance")
	ci.RunningTasksCount = int32(rapid.IntRange(0, 40).Draw(t, "running"))
	ci.PendingTasksCount = int32(rapid.IntRange(0, 5).Draw(t, "pending"))
	ci.AgentConnected = rapid.Bool().Draw(t, "connected")
	ci.AgentUpdateStatus = rapid.SampledFrom(allStatuses).Draw(t, "agentUpdateStatus")
	ci.VersionInfo.AgentVersion = rapid.SampledFrom([]string{"1.5.0", "1.10.0", "1.20.3", "1.49.9", "1.50.0", "1.60.0"}).Draw(t, "agentVersion")
	m := &machine{
		initial: ci, cur: ci, now: testNow,
		model: ref{status: ci.AgentUpdateStatus, connected: ci.AgentConnected, version: ci.Version, agent: ci.VersionInfo.AgentVersion, hash: ci.VersionInfo.AgentHash},
	}
	return m
}

func (m *machine) tick(t *rapid.T) time.Time {
	m.now = m.now.Add(time.Duration(rapid.IntRange(0, 3600).Draw(t, "seconds")) * time.Second)
	return m.now
}

// apply drives one event through Apply and checks it against the model.
func (m *machine) apply(t *rapid.T, ev Event) (Step, bool) {
	before := deepCopy(t, m.cur)
	now := m.tick(t)
	step, err := Apply(m.cur, ev, now)
	if d := cmp.Diff(before, m.cur); d != "" {
		t.Fatalf("Apply(%+v) modified its input (-before +after):\n%s", ev, d)
	}
	want, ok := m.model.next(ev)
	if !ok {
		if err == nil {
			t.Fatalf("Apply(%+v) in %q (connected %v) accepted; the model refuses it", ev, m.model.status, m.model.connected)
		}
		if c := ecserrors.CodeOf(err); c != ecserrors.CodeInvalidParameter {
			t.Fatalf("refusal %v has code %q, want InvalidParameterException", err, c)
		}
		return Step{}, false
	}
	if err != nil {
		t.Fatalf("Apply(%+v) in %q (connected %v): %v; the model accepts it", ev, m.model.status, m.model.connected, err)
	}
	if step.Instance.Version <= m.cur.Version {
		t.Fatalf("version %d did not increase from %d", step.Instance.Version, m.cur.Version)
	}
	if step.From != m.cur.AgentUpdateStatus || step.To != step.Instance.AgentUpdateStatus || step.At != model.At(now) || step.Event != ev {
		t.Fatalf("step %+v does not describe the change", step)
	}
	if step.To == model.AgentUpdateStatusUpdated && step.From != step.To {
		if step.From != model.AgentUpdateStatusUpdating {
			t.Fatalf("UPDATED reached from %q", step.From)
		}
		if m.path != nil {
			want := []model.AgentUpdateStatus{"PENDING", "STAGING", "STAGED", "UPDATING"}
			if d := cmp.Diff(want, m.path); d != "" {
				t.Fatalf("UPDATED reached along an unexpected path (-want +got):\n%s", d)
			}
		}
	}
	if m.path != nil && step.To != step.From {
		m.path = append(m.path, step.To)
	}
	m.model = want
	m.cur = step.Instance
	return step, true
}

func (m *machine) request(t *rapid.T) {
	id := m.cur.ContainerInstanceARN[strings.LastIndexByte(m.cur.ContainerInstanceARN, '/')+1:]
	variant := rapid.IntRange(0, 4).Draw(t, "variant")
	req := model.UpdateContainerAgentRequest{Cluster: smCluster, ContainerInstance: id}
	wantCode := ecserrors.Code("")
	switch variant {
	case 1:
		req.ContainerInstance = m.cur.ContainerInstanceARN
	case 2:
		req.Cluster = "elsewhere"
		wantCode = ecserrors.CodeClusterNotFound
	case 3:
		req.ContainerInstance = "i-" + id
		wantCode = ecserrors.CodeInvalidParameter
	case 4:
		req.ContainerInstance = fmt.Sprintf("%032x", 7)
		wantCode = ecserrors.CodeInvalidParameter
	}
	snapshotInput := []model.ContainerInstance{m.cur}
	before := deepCopy(t, m.cur)
	resp, err := UpdateContainerAgent(req, NewSnapshot(ClusterState{Cluster: model.Cluster{ClusterName: smCluster, Status: model.ClusterStatusActive}, Instances: snapshotInput}), smCatalog, m.tick(t))
	if d := cmp.Diff(before, snapshotInput[0]); d != "" {
		t.Fatalf("UpdateContainerAgent modified its input (-before +after):\n%s", d)
	}
	next := m.model
	if wantCode == "" {
		next, wantCode = m.model.request()
		if m.model.updating() && wantCode != ecserrors.CodeUpdateInProgress {
			t.Fatalf("reference model disagrees with itself")
		}
	}
	if got := ecserrors.CodeOf(err); got != wantCode {
		t.Fatalf("request %+v in %q: code %q (%v), want %q", req, m.model.status, got, err, wantCode)
	}
	if err != nil {
		if inProgress(m.cur.AgentUpdateStatus) && variant < 2 && ecserrors.CodeOf(err) != ecserrors.CodeUpdateInProgress {
			t.Fatalf("request during %s answered %v", m.cur.AgentUpdateStatus, err)
		}
		return
	}
	if resp.ContainerInstance.Version <= m.cur.Version {
		t.Fatalf("accepted request did not increase version")
	}
	m.cur, m.model = *resp.ContainerInstance, next
	m.path = []model.AgentUpdateStatus{model.AgentUpdateStatusPending}
}

func (m *machine) event(kind EventKind) func(*rapid.T) {
	return func(t *rapid.T) {
		ev := Event{Kind: kind}
		switch kind {
		case AgentReconnected:
			ev.AgentVersion = rapid.SampledFrom([]string{"1.50.0", "1.60.0", "1.49.0", "", "1.50", "v1.50.0", "1.50.0-rc1"}).Draw(t, "reportedVersion")
			ev.AgentHash = rapid.SampledFrom([]string{"", "5e6f7a8b"}).Draw(t, "reportedHash")
		case Failed:
			ev.Reason = rapid.SampledFrom([]string{"Hashsum validation failed", "Updates are disabled", ""}).Draw(t, "reason")
		}
		m.apply(t, ev)
	}
}

func (m *machine) bogus(t *rapid.T) {
	kind := rapid.SampledFrom([]EventKind{Requested, "", "Rebooted", "staged"}).Draw(t, "bogusKind")
	m.apply(t, Event{Kind: kind})
}

// disconnectReconnect drops the agent and brings it back: the status must be
// the same afterwards.
func (m *machine) disconnectReconnect(t *rapid.T) {
	status := m.cur.AgentUpdateStatus
	if m.cur.AgentConnected {
		if _, ok := m.apply(t, Event{Kind: AgentDisconnected}); !ok {
			t.Fatalf("disconnect of a connected agent refused")
		}
	}
	if _, ok := m.apply(t, Event{Kind: AgentConnected}); !ok {
		t.Fatalf("connect of a disconnected agent refused")
	}
	if m.cur.AgentUpdateStatus != status {
		t.Fatalf("status %q after disconnect and reconnect, was %q", m.cur.AgentUpdateStatus, status)
	}
}

// check is the invariant after every step.
func (m *machine) check(t *rapid.T) {
	got, want := m.cur, m.model
	if got.AgentUpdateStatus != want.status || got.AgentConnected != want.connected || got.Version != want.version {
		t.Fatalf("instance (status %q, connected %v, version %d), model (%q, %v, %d)",
			got.AgentUpdateStatus, got.AgentConnected, got.Version, want.status, want.connected, want.version)
	}
	if got.VersionInfo == nil || got.VersionInfo.AgentVersion != want.agent || got.VersionInfo.AgentHash != want.hash {
		t.Fatalf("versionInfo %+v, model agent %q hash %q", got.VersionInfo, want.agent, want.hash)
	}
	// Nothing else ever changes: tasks, resources, attributes, status.
	norm := func(ci model.ContainerInstance) model.ContainerInstance {
		ci.AgentUpdateStatus, ci.AgentConnected, ci.Version, ci.VersionInfo = "", false, 0, nil
		return ci
	}
	if d := cmp.Diff(norm(m.initial), norm(got)); d != "" {
		t.Fatalf("agent update touched more than its own fields (-initial +now):\n%s", d)
	}
}

// TestAgentUpdateStateMachine drives random valid and invalid requests and
// events against the reference model above.
func TestAgentUpdateStateMachine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := newMachine(t)
		t.Repeat(map[string]func(*rapid.T){
			"request":             m.request,
			"stagingStarted":      m.event(StagingStarted),
			"staged":              m.event(Staged),
			"updateStarted":       m.event(UpdateStarted),
			"agentReconnected":    m.event(AgentReconnected),
			"failed":              m.event(Failed),
			"agentDisconnected":   m.event(AgentDisconnected),
			"agentConnected":      m.event(AgentConnected),
			"bogus":               m.bogus,
			"disconnectReconnect": m.disconnectReconnect,
			"":                    m.check,
		})
	})
}

// TestUpdatedOnlyThroughStagingStagedUpdating reads the exported table: the
// only way into UPDATED is the chain PENDING → STAGING → STAGED → UPDATING.
func TestUpdatedOnlyThroughStagingStagedUpdating(t *testing.T) {
	into := map[model.AgentUpdateStatus][]model.AgentUpdateStatus{}
	for _, tr := range Transitions() {
		if tr.From != tr.To {
			into[tr.To] = append(into[tr.To], tr.From)
		}
	}
	want := map[model.AgentUpdateStatus][]model.AgentUpdateStatus{
		"UPDATED":  {"UPDATING"},
		"UPDATING": {"STAGED"},
		"STAGED":   {"STAGING"},
		"STAGING":  {"PENDING"},
		"PENDING":  {"", "UPDATED", "FAILED"},
		"FAILED":   {"PENDING", "STAGING", "STAGED", "UPDATING"},
	}
	if d := cmp.Diff(want, into); d != "" {
		t.Errorf("status changes (-want +got):\n%s", d)
	}
}

// TestApplyTable walks every event in every status through Apply and checks
// the answer against the documented table.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/agent-update-ecs-ami.html
func TestApplyTable(t *testing.T) {
	const Y, N = true, false
	// status → event → allowed (agent connected)
	allowed := map[model.AgentUpdateStatus]map[EventKind]bool{
		"":         {StagingStarted: N, Staged: N, UpdateStarted: N, AgentReconnected: N, Failed: N, AgentDisconnected: Y},
		"PENDING":  {StagingStarted: Y, Staged: N, UpdateStarted: N, AgentReconnected: N, Failed: Y, AgentDisconnected: Y},
		"STAGING":  {StagingStarted: N, Staged: Y, UpdateStarted: N, AgentReconnected: N, Failed: Y, AgentDisconnected: Y},
		"STAGED":   {StagingStarted: N, Staged: N, UpdateStarted: Y, AgentReconnected: N, Failed: Y, AgentDisconnected: Y},
		"UPDATING": {StagingStarted: N, Staged: N, UpdateStarted: N, AgentReconnected: Y, Failed: Y, AgentDisconnected: Y},
		"UPDATED":  {StagingStarted: N, Staged: N, UpdateStarted: N, AgentReconnected: N, Failed: N, AgentDisconnected: Y},
		"FAILED":   {StagingStarted: N, Staged: N, UpdateStarted: N, AgentReconnected: N, Failed: N, AgentDisconnected: Y},
	}
	for status, events := range allowed {
		for kind, ok := range events {
			ci := seedInstanceRecord()
			ci.AgentUpdateStatus = status
			_, err := Apply(ci, Event{Kind: kind, AgentVersion: "1.2.0", Reason: "x"}, testNow)
			if (err == nil) != ok {
				t.Errorf("%q + %s: err %v, want allowed=%v", status, kind, err, ok)
			}
			// Disconnected: progress needs the agent; Failed and
			// AgentReconnected do not.
			ci.AgentConnected = false
			_, err = Apply(ci, Event{Kind: kind, AgentVersion: "1.2.0", Reason: "x"}, testNow)
			wantDisc := ok && (kind == Failed || kind == AgentReconnected)
			if (err == nil) != wantDisc {
				t.Errorf("%q + %s while disconnected: err %v, want allowed=%v", status, kind, err, wantDisc)
			}
		}
	}
}

func TestApplyReconnectSetsVersionInfo(t *testing.T) {
	ci := seedInstanceRecord()
	ci.AgentUpdateStatus = model.AgentUpdateStatusUpdating
	ci.AgentConnected = false
	step, err := Apply(ci, Event{Kind: AgentReconnected, AgentVersion: "1.2.0", AgentHash: "abcdef01"}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := seedInstanceRecord()
	want.AgentUpdateStatus = model.AgentUpdateStatusUpdated
	want.Version++
	want.VersionInfo = &model.VersionInfo{AgentVersion: "1.2.0", AgentHash: "abcdef01", DockerVersion: "DockerVersion: 1.5.0"}
	if d := cmp.Diff(want, step.Instance); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestApplyRefusesAtVersionLimit(t *testing.T) {
	ci := seedInstanceRecord()
	ci.Version = 1<<63 - 1
	if _, err := Apply(ci, Event{Kind: AgentDisconnected}, testNow); ecserrors.CodeOf(err) != ecserrors.CodeServer {
		t.Errorf("got %v, want ServerException", err)
	}
}
