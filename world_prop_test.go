package ecsstate

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/deployment"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
)

// The state-machine test drives a world with random sequences of ECS
// operations, agent behaviour and time, and after every step checks the
// world's invariants against what it reports (Describe*/List*) and
// against a small reference model of what the caller asked for.

const propCluster = "c"

// refTaskDef is what a task of one task definition revision reserves, as
// the test registered it: container cpu and memory and one static host
// port (0: none).
type refTaskDef struct {
	family    string
	cpu, mem  int64
	port      int32
	active    bool
	revision  int32
	taskDefID string // family:revision
}

type refService struct {
	desired int32
	deleted bool // DeleteService succeeded: DRAINING, then INACTIVE
	// inactive: the world was seen to report it INACTIVE (final until
	// it is created again).
	inactive bool
	// constraint is the service's placement constraint: "",
	// distinctInstance, or memberOf "attribute:k0 != x".
	constraint model.PlacementConstraintType
}

type refInstance struct {
	status model.ContainerInstanceStatus // ACTIVE, DRAINING, INACTIVE
	custom map[string]string             // custom attributes (not ecs.*)
}

type worldMachine struct {
	opts Options
	w    *World
	// ops replays the calls made so far on another world.
	ops []func(*World) error

	// reference model
	instOrder []string
	insts     map[string]*refInstance
	taskDefs  map[string]*refTaskDef // by ARN
	revisions map[string]int32       // family → last revision
	services  map[string]*refService

	// observations of the previous check
	seenTasks   map[string]bool
	instVersion map[string]int64
	taskVersion map[string]int64
	placeable   map[string]bool // instance ARN → ACTIVE and agent connected
	liveTasks   []model.Task    // not STOPPED, ordered by ARN
	lastSeq     uint64
}

func newWorldMachine(t *rapid.T) *worldMachine {
	m := &worldMachine{
		opts:        Options{Seed: rapid.Uint64().Draw(t, "seed")},
		insts:       map[string]*refInstance{},
		taskDefs:    map[string]*refTaskDef{},
		revisions:   map[string]int32{},
		services:    map[string]*refService{},
		seenTasks:   map[string]bool{},
		instVersion: map[string]int64{},
		taskVersion: map[string]int64{},
		placeable:   map[string]bool{},
	}
	m.w = New(m.opts)
	if err := m.do(func(w *World) error {
		r, err := w.CreateCluster(model.CreateClusterRequest{ClusterName: propCluster})
		m.own(w, &r)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// Start from a cluster with some capacity and a revision of each
	// family, so that short sequences already place and stop tasks.
	acts := m.actions()
	for range rapid.IntRange(1, 4).Draw(t, "instances") {
		acts["RegisterContainerInstance"](t)
	}
	for range propFamilies {
		acts["RegisterTaskDefinition"](t)
	}
	return m
}

// own scribbles over a response of the machine's own world (not of a
// replay): a response is the caller's, so this must not change the world,
// which the comparisons with replays check.
func (m *worldMachine) own(w *World, resp any) {
	if w == m.w {
		scribble(reflect.ValueOf(resp))
	}
}

// scribble changes every value reachable from v through pointers, slices
// and maps.
func scribble(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			scribble(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			scribble(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			scribble(e)
			v.SetMapIndex(k, e)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				scribble(f)
			}
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(v.String() + "!")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if v.CanSet() {
			v.SetInt(v.Int() ^ 1)
		}
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if v.CanSet() {
			v.SetUint(v.Uint() ^ 1)
		}
	case reflect.Bool:
		if v.CanSet() {
			v.SetBool(!v.Bool())
		}
	}
}

// do applies an operation to the world and keeps it for replays.
func (m *worldMachine) do(op func(*World) error) error {
	m.ops = append(m.ops, op)
	return op(m.w)
}

func expectCode(t *rapid.T, what string, err error, want ecserrors.Code) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("%s: unexpected error %v", what, err)
		}
		return
	}
	if got := ecserrors.CodeOf(err); got != want {
		t.Fatalf("%s: error %v, want %s", what, err, want)
	}
}

func (m *worldMachine) pickInstance(t *rapid.T) string {
	if len(m.instOrder) == 0 {
		t.Skip("no instance")
	}
	return rapid.SampledFrom(m.instOrder).Draw(t, "instance")
}

func (m *worldMachine) latestActive(family string) *refTaskDef {
	var best *refTaskDef
	for _, td := range m.taskDefs {
		if td.family == family && td.active && (best == nil || td.revision > best.revision) {
			best = td
		}
	}
	return best
}

var propFamilies = []string{"a", "b"}

func (m *worldMachine) actions() map[string]func(*rapid.T) {
	return map[string]func(*rapid.T){
		"": m.check,
		"RegisterContainerInstance": func(t *rapid.T) {
			cpu := rapid.SampledFrom([]int64{512, 1024, 2048}).Draw(t, "cpu")
			mem := rapid.SampledFrom([]int64{1024, 2048, 4096}).Draw(t, "mem")
			az := rapid.SampledFrom(fixtureZones).Draw(t, "az")
			old := rapid.Bool().Draw(t, "oldAgent")
			var arn string
			err := m.do(func(w *World) error {
				req := model.RegisterContainerInstanceRequest{Cluster: propCluster,
					TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, cpu), model.IntegerResource(model.ResourceMemory, mem)},
					Attributes:     []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: az}}}
				if old {
					req.VersionInfo = &model.VersionInfo{AgentVersion: "1.90.0", AgentHash: "abc"}
				}
				r, err := w.RegisterContainerInstance(req)
				if err == nil {
					arn = r.ContainerInstance.ContainerInstanceARN
				}
				return err
			})
			expectCode(t, "RegisterContainerInstance", err, "")
			m.instOrder = append(m.instOrder, arn)
			m.insts[arn] = &refInstance{status: model.ContainerInstanceStatusActive, custom: map[string]string{}}
		},
		"DeregisterContainerInstance": func(t *rapid.T) {
			arn := m.pickInstance(t)
			force := rapid.Bool().Draw(t, "force")
			var want ecserrors.Code
			hasTasks := slices.ContainsFunc(m.liveTasks, func(x model.Task) bool { return x.ContainerInstanceARN == arn })
			if m.insts[arn].status != model.ContainerInstanceStatusInactive && hasTasks && !force {
				want = ecserrors.CodeInvalidParameter
			}
			err := m.do(func(w *World) error {
				r, err := w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: propCluster, ContainerInstance: arn, Force: model.Bool(force)})
				m.own(w, &r)
				return err
			})
			expectCode(t, "DeregisterContainerInstance", err, want)
			if want == "" {
				m.insts[arn].status = model.ContainerInstanceStatusInactive
			}
		},
		"UpdateContainerInstancesState": func(t *rapid.T) {
			a, b := m.pickInstance(t), m.pickInstance(t)
			ids := slices.Compact([]string{a, b})
			st := rapid.SampledFrom([]model.ContainerInstanceStatus{model.ContainerInstanceStatusActive, model.ContainerInstanceStatusDraining}).Draw(t, "status")
			var resp model.UpdateContainerInstancesStateResponse
			err := m.do(func(w *World) error {
				var err error
				resp, err = w.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: propCluster, ContainerInstances: ids, Status: st})
				return err
			})
			expectCode(t, "UpdateContainerInstancesState", err, "")
			var wantOK, wantFail []string
			for _, id := range ids {
				if m.insts[id].status == model.ContainerInstanceStatusInactive {
					wantFail = append(wantFail, id)
				} else {
					wantOK = append(wantOK, id)
					m.insts[id].status = st
				}
			}
			var gotOK, gotFail []string
			for _, ci := range resp.ContainerInstances {
				gotOK = append(gotOK, ci.ContainerInstanceARN)
			}
			for _, f := range resp.Failures {
				gotFail = append(gotFail, f.ARN)
			}
			if !slices.Equal(gotOK, wantOK) || !slices.Equal(gotFail, wantFail) {
				t.Fatalf("UpdateContainerInstancesState: updated %v failed %v, want %v and %v", gotOK, gotFail, wantOK, wantFail)
			}
		},
		"PutAttributes": func(t *rapid.T) {
			arn := m.pickInstance(t)
			name := fmt.Sprintf("k%d", rapid.IntRange(0, 11).Draw(t, "name"))
			value := rapid.SampledFrom([]string{"", "x", "y"}).Draw(t, "value")
			next := map[string]string{name: value}
			for k, v := range m.insts[arn].custom {
				if k != name {
					next[k] = v
				}
			}
			var want ecserrors.Code
			if len(next) > maxCustomAttributes {
				want = ecserrors.CodeAttributeLimitExceeded
			}
			err := m.do(func(w *World) error {
				r, err := w.PutAttributes(model.PutAttributesRequest{Cluster: propCluster, Attributes: []model.Attribute{{Name: name, Value: value, TargetID: arn}}})
				m.own(w, &r)
				return err
			})
			expectCode(t, "PutAttributes", err, want)
			if want == "" {
				m.insts[arn].custom = next
			}
		},
		"RegisterTaskDefinition": func(t *rapid.T) {
			fam := rapid.SampledFrom(propFamilies).Draw(t, "family")
			cpu := rapid.SampledFrom([]int64{128, 256, 512}).Draw(t, "cpu")
			mem := rapid.SampledFrom([]int64{128, 512, 1024}).Draw(t, "mem")
			port := rapid.SampledFrom([]int32{0, 0, 8080}).Draw(t, "port")
			var arn string
			err := m.do(func(w *World) error {
				c := model.ContainerDefinition{Name: "app", Image: "img", CPU: int32(cpu), Memory: model.Int32(int32(mem))}
				if port > 0 {
					c.PortMappings = []model.PortMapping{{ContainerPort: model.Int32(80), HostPort: model.Int32(port)}}
				}
				r, err := w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: fam, ContainerDefinitions: []model.ContainerDefinition{c}})
				if err == nil {
					arn = r.TaskDefinition.TaskDefinitionARN
				}
				return err
			})
			expectCode(t, "RegisterTaskDefinition", err, "")
			m.revisions[fam]++
			rev := m.revisions[fam]
			if want := DefaultAccount.TaskDefinitionARN(fam, rev); arn != want {
				t.Fatalf("registered %s, want %s", arn, want)
			}
			m.taskDefs[arn] = &refTaskDef{family: fam, cpu: cpu, mem: mem, port: port, active: true, revision: rev, taskDefID: fmt.Sprintf("%s:%d", fam, rev)}
		},
		"DeregisterTaskDefinition": func(t *rapid.T) {
			if len(m.taskDefs) == 0 {
				t.Skip("no task definition")
			}
			arn := rapid.SampledFrom(sortedKeys(m.taskDefs)).Draw(t, "taskDefinition")
			err := m.do(func(w *World) error {
				r, err := w.DeregisterTaskDefinition(model.DeregisterTaskDefinitionRequest{TaskDefinition: m.taskDefs[arn].taskDefID})
				m.own(w, &r)
				return err
			})
			expectCode(t, "DeregisterTaskDefinition", err, "")
			m.taskDefs[arn].active = false
		},
		"CreateService": func(t *rapid.T) {
			name := rapid.SampledFrom([]string{"s1", "s2", "s3"}).Draw(t, "service")
			fam := rapid.SampledFrom(propFamilies).Draw(t, "family")
			desired := int32(rapid.IntRange(0, 4).Draw(t, "desired"))
			constraint := rapid.SampledFrom([]model.PlacementConstraintType{"", model.PlacementConstraintTypeDistinctInstance, model.PlacementConstraintTypeMemberOf}).Draw(t, "constraint")
			var cons []model.PlacementConstraint
			switch constraint {
			case model.PlacementConstraintTypeDistinctInstance:
				cons = []model.PlacementConstraint{{Type: constraint}}
			case model.PlacementConstraintTypeMemberOf:
				cons = []model.PlacementConstraint{{Type: constraint, Expression: "attribute:k0 != x"}}
			}
			strategy := rapid.SampledFrom([][]model.PlacementStrategy{nil,
				{{Type: model.PlacementStrategyTypeBinpack, Field: "memory"}},
				{{Type: model.PlacementStrategyTypeSpread, Field: "instanceId"}},
				{{Type: model.PlacementStrategyTypeRandom}}}).Draw(t, "strategy")
			var want ecserrors.Code
			if s := m.services[name]; s != nil && !m.isInactive(t, name) {
				want = ecserrors.CodeInvalidParameter
			} else if m.latestActive(fam) == nil {
				want = ecserrors.CodeClient
			}
			err := m.do(func(w *World) error {
				r, err := w.CreateService(model.CreateServiceRequest{Cluster: propCluster, ServiceName: name, TaskDefinition: fam, DesiredCount: model.Int32(desired),
					PlacementConstraints: cons, PlacementStrategy: strategy})
				m.own(w, &r)
				return err
			})
			expectCode(t, "CreateService", err, want)
			if want == "" {
				m.services[name] = &refService{desired: desired, constraint: constraint}
			}
		},
		"UpdateService": func(t *rapid.T) {
			name := rapid.SampledFrom([]string{"s1", "s2", "s3"}).Draw(t, "service")
			req := model.UpdateServiceRequest{Cluster: propCluster, Service: name}
			if rapid.Bool().Draw(t, "setDesired") {
				req.DesiredCount = model.Int32(int32(rapid.IntRange(0, 4).Draw(t, "desired")))
			}
			fam := ""
			if rapid.Bool().Draw(t, "setTaskDefinition") {
				fam = rapid.SampledFrom(propFamilies).Draw(t, "family")
				req.TaskDefinition = fam
			}
			req.ForceNewDeployment = model.Bool(rapid.Bool().Draw(t, "force"))
			if rapid.Bool().Draw(t, "setDeploymentConfiguration") {
				req.DeploymentConfiguration = &model.DeploymentConfiguration{
					MinimumHealthyPercent: model.Int32(int32(rapid.SampledFrom([]int{0, 50, 100}).Draw(t, "min"))),
					MaximumPercent:        model.Int32(int32(rapid.SampledFrom([]int{100, 150, 200}).Draw(t, "max"))),
					DeploymentCircuitBreaker: &model.DeploymentCircuitBreaker{Enable: rapid.Bool().Draw(t, "breaker"),
						Rollback: rapid.Bool().Draw(t, "rollback")},
				}
			}
			s := m.services[name]
			var want ecserrors.Code
			switch {
			case s == nil:
				want = ecserrors.CodeServiceNotFound
			case s.deleted:
				want = ecserrors.CodeServiceNotActive
			case fam != "" && m.latestActive(fam) == nil:
				want = ecserrors.CodeClient
			}
			err := m.do(func(w *World) error { r, err := w.UpdateService(req); m.own(w, &r); return err })
			if want == ecserrors.CodeClient {
				// Which of the two ECS uses for an unusable task definition
				// is the service package's decision.
				if c := ecserrors.CodeOf(err); c != ecserrors.CodeClient && c != ecserrors.CodeInvalidParameter {
					t.Fatalf("UpdateService to a family with no ACTIVE revision: %v", err)
				}
				return
			}
			expectCode(t, "UpdateService", err, want)
			if want == "" && req.DesiredCount != nil {
				s.desired = *req.DesiredCount
			}
		},
		"DeleteService": func(t *rapid.T) {
			name := rapid.SampledFrom([]string{"s1", "s2", "s3"}).Draw(t, "service")
			force := rapid.Bool().Draw(t, "force")
			s := m.services[name]
			var want ecserrors.Code
			switch {
			case s == nil:
				want = ecserrors.CodeServiceNotFound
			case !s.deleted && s.desired > 0 && !force:
				want = ecserrors.CodeInvalidParameter
			}
			err := m.do(func(w *World) error {
				r, err := w.DeleteService(model.DeleteServiceRequest{Cluster: propCluster, Service: name, Force: model.Bool(force)})
				m.own(w, &r)
				return err
			})
			expectCode(t, "DeleteService", err, want)
			if want == "" {
				s.deleted, s.desired = true, 0
			}
		},
		"RunTask": func(t *rapid.T) {
			fam := rapid.SampledFrom(propFamilies).Draw(t, "family")
			count := rapid.IntRange(1, 3).Draw(t, "count")
			var want ecserrors.Code
			if m.latestActive(fam) == nil {
				want = ecserrors.CodeClient
			}
			var resp model.RunTaskResponse
			err := m.do(func(w *World) error {
				var err error
				resp, err = w.RunTask(model.RunTaskRequest{Cluster: propCluster, TaskDefinition: fam, Count: model.Int32(int32(count))})
				return err
			})
			expectCode(t, "RunTask", err, want)
			if want == "" && len(resp.Tasks)+len(resp.Failures) != count {
				t.Fatalf("RunTask of %d: %d tasks and %d failures", count, len(resp.Tasks), len(resp.Failures))
			}
		},
		"StopTask": func(t *rapid.T) {
			if len(m.liveTasks) == 0 {
				t.Skip("no task")
			}
			task := rapid.SampledFrom(m.liveTasks).Draw(t, "task").TaskARN
			err := m.do(func(w *World) error {
				r, err := w.StopTask(model.StopTaskRequest{Cluster: propCluster, Task: task})
				m.own(w, &r)
				return err
			})
			expectCode(t, "StopTask", err, "")
		},
		"SetAgentConnected": func(t *rapid.T) {
			arn := m.pickInstance(t)
			connected := rapid.Bool().Draw(t, "connected")
			var want ecserrors.Code
			if connected && m.insts[arn].status == model.ContainerInstanceStatusInactive {
				want = ecserrors.CodeInvalidParameter
			}
			expectCode(t, "SetAgentConnected", m.do(func(w *World) error { return w.SetAgentConnected(propCluster, arn, connected) }), want)
		},
		"SetTargetHealth": func(t *rapid.T) {
			if len(m.liveTasks) == 0 {
				t.Skip("no task")
			}
			task := rapid.SampledFrom(m.liveTasks).Draw(t, "task").TaskARN
			h := rapid.SampledFrom([]deployment.TargetHealth{deployment.TargetUnknown, deployment.TargetHealthy, deployment.TargetUnhealthy}).Draw(t, "health")
			expectCode(t, "SetTargetHealth", m.do(func(w *World) error { return w.SetTargetHealth(propCluster, task, h) }), "")
		},
		"UpdateContainerAgent": func(t *rapid.T) {
			arn := m.pickInstance(t)
			err := m.do(func(w *World) error {
				r, err := w.UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: propCluster, ContainerInstance: arn})
				m.own(w, &r)
				return err
			})
			switch c := ecserrors.CodeOf(err); {
			case err == nil, c == ecserrors.CodeUpdateInProgress, c == ecserrors.CodeNoUpdateAvailable:
			case c == ecserrors.CodeInvalidParameter && m.insts[arn].status == model.ContainerInstanceStatusInactive:
			default:
				t.Fatalf("UpdateContainerAgent: %v", err)
			}
		},
		"SetAgent": func(t *rapid.T) {
			a := DefaultAgent()
			a.Stop = Delay{Min: time.Duration(rapid.IntRange(0, 30).Draw(t, "stop")) * time.Second}
			a.Pull = Delay{Min: time.Second, Max: time.Duration(rapid.IntRange(1, 40).Draw(t, "pull")) * time.Second}
			if p := rapid.SampledFrom([]float64{-1, 0.3, 1}).Draw(t, "failToStart"); p >= 0 {
				a.FailToStart = []Fault{{TaskDefinition: rapid.SampledFrom(propFamilies).Draw(t, "failFamily"), Probability: p}}
			}
			if p := rapid.SampledFrom([]float64{-1, 0.5}).Draw(t, "failHealth"); p >= 0 {
				a.FailHealthChecks = []Fault{{Probability: p}}
			}
			if rapid.Bool().Draw(t, "failAgentUpdate") {
				a.FailAgentUpdate = []Fault{{Probability: 0.5}}
			}
			_ = m.do(func(w *World) error { w.SetAgent(a); return nil })
		},
		"CreateService2": func(t *rapid.T) { m.actions()["CreateService"](t) },
		"RunTask2":       func(t *rapid.T) { m.actions()["RunTask"](t) },
		"Advance2":       func(t *rapid.T) { m.actions()["Advance"](t) },
		"Advance": func(t *rapid.T) {
			d := time.Duration(rapid.IntRange(0, 300).Draw(t, "seconds")) * time.Second
			expectCode(t, "Advance", m.do(func(w *World) error { return w.Advance(d) }), "")
		},
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// isInactive asks the world whether a deleted service has reached
// INACTIVE (which the scheduler decides, not the caller).
func (m *worldMachine) isInactive(t *rapid.T, name string) bool {
	s := m.services[name]
	if s == nil || !s.deleted {
		return false
	}
	r, err := m.w.DescribeServices(model.DescribeServicesRequest{Cluster: propCluster, Services: []string{name}})
	if err != nil || len(r.Services) != 1 {
		t.Fatalf("DescribeServices %s: %v %+v", name, err, r.Failures)
	}
	return r.Services[0].Status == model.ServiceStatusInactive
}

// listAll pages through a List operation.
func listAll(t *rapid.T, list func(token string) ([]string, string, error)) []string {
	var all []string
	token := ""
	for {
		got, next, err := list(token)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, got...)
		if next == "" {
			return all
		}
		token = next
	}
}

// allTasks are the tasks ListTasks shows, whatever their desired status,
// described.
func (m *worldMachine) allTasks(t *rapid.T) []model.Task {
	var arns []string
	for _, ds := range []model.DesiredStatus{model.DesiredStatusRunning, model.DesiredStatusStopped} {
		arns = append(arns, listAll(t, func(tok string) ([]string, string, error) {
			r, err := m.w.ListTasks(model.ListTasksRequest{Cluster: propCluster, DesiredStatus: ds, NextToken: tok})
			return r.TaskARNs, r.NextToken, err
		})...)
	}
	var tasks []model.Task
	for c := range slices.Chunk(arns, 100) {
		r, err := m.w.DescribeTasks(model.DescribeTasksRequest{Cluster: propCluster, Tasks: c})
		if err != nil || len(r.Failures) > 0 {
			t.Fatalf("DescribeTasks: %v %+v", err, r.Failures)
		}
		tasks = append(tasks, r.Tasks...)
	}
	slices.SortFunc(tasks, func(a, b model.Task) int { return strings.Compare(a.TaskARN, b.TaskARN) })
	if len(slices.CompactFunc(slices.Clone(tasks), func(a, b model.Task) bool { return a.TaskARN == b.TaskARN })) != len(tasks) {
		t.Fatalf("a task is listed twice")
	}
	return tasks
}

func pendingStatus(s model.TaskStatus) bool {
	return s == model.TaskStatusProvisioning || s == model.TaskStatusPending || s == model.TaskStatusActivating
}

// check is the invariant every step keeps.
func (m *worldMachine) check(t *rapid.T) {
	w, now := m.w, m.w.Now()
	tasks := m.allTasks(t)

	// Instances: statuses and custom attributes as asked; resources and
	// task counts follow the tasks on them.
	var instances []model.ContainerInstance
	for c := range slices.Chunk(m.instOrder, 100) {
		r, err := w.DescribeContainerInstances(model.DescribeContainerInstancesRequest{Cluster: propCluster, ContainerInstances: c})
		if err != nil || len(r.Failures) > 0 {
			t.Fatalf("DescribeContainerInstances: %v %+v", err, r.Failures)
		}
		instances = append(instances, r.ContainerInstances...)
	}
	listed := listAll(t, func(tok string) ([]string, string, error) {
		r, err := w.ListContainerInstances(model.ListContainerInstancesRequest{Cluster: propCluster, NextToken: tok})
		return r.ContainerInstanceARNs, r.NextToken, err
	})
	var wantListed []string
	registered := int32(0)
	for _, arn := range m.instOrder {
		if m.insts[arn].status != model.ContainerInstanceStatusInactive {
			wantListed = append(wantListed, arn)
			registered++
		}
	}
	slices.Sort(wantListed)
	if !slices.Equal(listed, wantListed) {
		t.Fatalf("ListContainerInstances %v, want %v", listed, wantListed)
	}
	for _, ci := range instances {
		arn := ci.ContainerInstanceARN
		ref := m.insts[arn]
		if ci.Status != ref.status {
			t.Fatalf("instance %s is %s, want %s", shortID(arn), ci.Status, ref.status)
		}
		custom := map[string]string{}
		for _, a := range ci.Attributes {
			if !strings.HasPrefix(a.Name, "ecs.") {
				custom[a.Name] = a.Value
			}
		}
		if diff := cmp.Diff(ref.custom, custom); diff != "" {
			t.Fatalf("instance %s custom attributes (-want +got):\n%s", shortID(arn), diff)
		}
		reg := ci.Registered()
		want := model.Capacity{CPU: reg.CPU, Memory: reg.Memory, TCPPorts: slices.Clone(reg.TCPPorts), UDPPorts: reg.UDPPorts}
		var running, pending int32
		for _, x := range tasks {
			if x.ContainerInstanceARN != arn || x.LastStatus == model.TaskStatusStopped {
				continue
			}
			td := m.taskDefs[x.TaskDefinitionARN]
			want.CPU -= td.cpu
			want.Memory -= td.mem
			if td.port > 0 {
				want.TCPPorts = append(want.TCPPorts, td.port)
			}
			switch {
			case x.LastStatus == model.TaskStatusRunning:
				running++
			case pendingStatus(x.LastStatus):
				pending++
			}
		}
		slices.Sort(want.TCPPorts)
		if diff := cmp.Diff(want, ci.Remaining()); diff != "" {
			t.Fatalf("instance %s remaining resources (-want +got):\n%s", shortID(arn), diff)
		}
		if ci.RunningTasksCount != running || ci.PendingTasksCount != pending {
			t.Fatalf("instance %s counts running %d pending %d, its tasks say %d and %d", shortID(arn), ci.RunningTasksCount, ci.PendingTasksCount, running, pending)
		}
		if v, seen := m.instVersion[arn]; seen && ci.Version < v {
			t.Fatalf("instance %s version went back %d → %d", shortID(arn), v, ci.Version)
		}
		m.instVersion[arn] = ci.Version
		checkTimes(t, "instance "+shortID(arn), ci, now)
	}

	// Tasks: none newly placed where ECS places nothing; versions grow.
	var clusterRunning, clusterPending int32
	m.liveTasks = m.liveTasks[:0]
	for _, x := range tasks {
		if !m.seenTasks[x.TaskARN] {
			if !m.placeable[x.ContainerInstanceARN] {
				t.Fatalf("task %s was placed on %s, which was not ACTIVE with its agent connected", shortID(x.TaskARN), shortID(x.ContainerInstanceARN))
			}
			// A new task of a service with memberOf(attribute:k0 != x)
			// is on an instance whose k0 is not x (attributes do not
			// change in a step that places tasks).
			if s := m.services[serviceOfGroup(x.Group)]; s != nil && s.constraint == model.PlacementConstraintTypeMemberOf {
				if v, has := m.insts[x.ContainerInstanceARN].custom["k0"]; has && v == "x" {
					t.Fatalf("task %s of %s placed on %s, whose k0 is x", shortID(x.TaskARN), x.Group, shortID(x.ContainerInstanceARN))
				}
			}
			m.seenTasks[x.TaskARN] = true
		}
		if v, seen := m.taskVersion[x.TaskARN]; seen && x.Version < v {
			t.Fatalf("task %s version went back %d → %d", shortID(x.TaskARN), v, x.Version)
		}
		m.taskVersion[x.TaskARN] = x.Version
		checkTimes(t, "task "+shortID(x.TaskARN), x, now)
		switch {
		case x.LastStatus == model.TaskStatusRunning:
			clusterRunning++
		case pendingStatus(x.LastStatus):
			clusterPending++
		}
		if x.LastStatus != model.TaskStatusStopped {
			m.liveTasks = append(m.liveTasks, x)
		}
	}
	clear(m.placeable)
	for _, ci := range instances {
		m.placeable[ci.ContainerInstanceARN] = ci.Status == model.ContainerInstanceStatusActive && ci.AgentConnected
	}

	// Services: statuses and desired counts as asked; running and pending
	// counts, the service's and each deployment's, follow its tasks.
	names := sortedKeys(m.services)
	active := int32(0)
	var wantListedSvc []string
	for _, name := range names {
		r, err := w.DescribeServices(model.DescribeServicesRequest{Cluster: propCluster, Services: []string{name}})
		if err != nil || len(r.Services) != 1 {
			t.Fatalf("DescribeServices %s: %v %+v", name, err, r.Failures)
		}
		s, ref := r.Services[0], m.services[name]
		switch {
		case !ref.deleted && s.Status != model.ServiceStatusActive,
			ref.deleted && s.Status != model.ServiceStatusDraining && s.Status != model.ServiceStatusInactive,
			ref.inactive && s.Status != model.ServiceStatusInactive:
			t.Fatalf("service %s is %s (deleted %v, seen INACTIVE %v)", name, s.Status, ref.deleted, ref.inactive)
		}
		ref.inactive = s.Status == model.ServiceStatusInactive
		if s.Status == model.ServiceStatusActive {
			active++
		}
		if s.Status != model.ServiceStatusInactive {
			wantListedSvc = append(wantListedSvc, s.ServiceARN)
		}
		if s.DesiredCount != ref.desired {
			t.Fatalf("service %s desiredCount %d, want %d", name, s.DesiredCount, ref.desired)
		}
		if len(s.Events) > 100 {
			t.Fatalf("service %s keeps %d events", name, len(s.Events))
		}
		if ref.constraint == model.PlacementConstraintTypeDistinctInstance && !ref.deleted {
			on := map[string]string{}
			for _, x := range tasks {
				if x.Group == "service:"+name && x.DesiredStatus == model.DesiredStatusRunning && x.LastStatus != model.TaskStatusStopped {
					if prev, dup := on[x.ContainerInstanceARN]; dup {
						t.Fatalf("service %s (distinctInstance) has tasks %s and %s on %s", name, shortID(prev), shortID(x.TaskARN), shortID(x.ContainerInstanceARN))
					}
					on[x.ContainerInstanceARN] = x.TaskARN
				}
			}
		}
		var run, pend int32
		byDep := map[string][2]int32{}
		for _, x := range tasks {
			if x.Group != "service:"+name || x.DesiredStatus != model.DesiredStatusRunning {
				continue
			}
			c := byDep[x.StartedBy]
			switch {
			case x.LastStatus == model.TaskStatusRunning:
				run++
				c[0]++
			case pendingStatus(x.LastStatus):
				pend++
				c[1]++
			}
			byDep[x.StartedBy] = c
		}
		if s.RunningCount != run || s.PendingCount != pend {
			t.Fatalf("service %s running %d pending %d, its tasks say %d and %d", name, s.RunningCount, s.PendingCount, run, pend)
		}
		for _, d := range s.Deployments {
			if d.Status == model.DeploymentStatusPrimary {
				// ListTasks by startedBy lists the deployment's tasks.
				got, err := w.ListTasks(model.ListTasksRequest{Cluster: propCluster, StartedBy: d.ID})
				if err != nil {
					t.Fatal(err)
				}
				var want []string
				for _, x := range tasks {
					if x.StartedBy == d.ID && x.DesiredStatus == model.DesiredStatusRunning {
						want = append(want, x.TaskARN)
					}
				}
				if !slices.Equal(got.TaskARNs, want) {
					t.Fatalf("ListTasks startedBy %s: %v, want %v", d.ID, got.TaskARNs, want)
				}
			}
			if c := byDep[d.ID]; d.RunningCount != c[0] || d.PendingCount != c[1] {
				t.Fatalf("service %s deployment %s running %d pending %d, its tasks say %d and %d", name, d.ID, d.RunningCount, d.PendingCount, c[0], c[1])
			}
		}
		checkTimes(t, "service "+name, s, now)
		scribble(reflect.ValueOf(&r))
	}
	slices.Sort(wantListedSvc)
	gotSvc := listAll(t, func(tok string) ([]string, string, error) {
		r, err := w.ListServices(model.ListServicesRequest{Cluster: propCluster, NextToken: tok})
		return r.ServiceARNs, r.NextToken, err
	})
	if !slices.Equal(gotSvc, wantListedSvc) {
		t.Fatalf("ListServices %v, want %v", gotSvc, wantListedSvc)
	}

	// The cluster's counts.
	dc, err := w.DescribeClusters(model.DescribeClustersRequest{Clusters: []string{propCluster}})
	if err != nil || len(dc.Clusters) != 1 {
		t.Fatalf("DescribeClusters: %v %+v", err, dc.Failures)
	}
	c := dc.Clusters[0]
	if c.RegisteredContainerInstancesCount != registered || c.RunningTasksCount != clusterRunning ||
		c.PendingTasksCount != clusterPending || c.ActiveServicesCount != active {
		t.Fatalf("cluster counts instances %d running %d pending %d services %d, want %d %d %d %d",
			c.RegisteredContainerInstancesCount, c.RunningTasksCount, c.PendingTasksCount, c.ActiveServicesCount,
			registered, clusterRunning, clusterPending, active)
	}

	// Task definitions: revisions and statuses as registered.
	for _, st := range []model.TaskDefinitionStatus{model.TaskDefinitionStatusActive, model.TaskDefinitionStatusInactive} {
		got := listAll(t, func(tok string) ([]string, string, error) {
			r, err := w.ListTaskDefinitions(model.ListTaskDefinitionsRequest{Status: st, NextToken: tok})
			return r.TaskDefinitionARNs, r.NextToken, err
		})
		var want []string
		for _, fam := range propFamilies {
			for rev := int32(1); rev <= m.revisions[fam]; rev++ {
				arn := DefaultAccount.TaskDefinitionARN(fam, rev)
				if m.taskDefs[arn].active == (st == model.TaskDefinitionStatusActive) {
					want = append(want, arn)
				}
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("ListTaskDefinitions %s: %v, want %v", st, got, want)
		}
	}
	for _, fam := range propFamilies {
		r, err := w.DescribeTaskDefinition(model.DescribeTaskDefinitionRequest{TaskDefinition: fam})
		if want := m.latestActive(fam); want == nil {
			if ecserrors.CodeOf(err) != ecserrors.CodeClient {
				t.Fatalf("DescribeTaskDefinition %s with no ACTIVE revision: %v", fam, err)
			}
		} else if err != nil || r.TaskDefinition.Revision != want.revision {
			t.Fatalf("DescribeTaskDefinition %s: %v, want revision %d", fam, err, want.revision)
		}
	}

	// What Describe returned is the caller's to change.
	scribble(reflect.ValueOf(instances))
	scribble(reflect.ValueOf(tasks))
	scribble(reflect.ValueOf(&dc))

	// The timeline: numbered in order, in time order, never ahead of now.
	recs := w.TimelineSince(m.lastSeq)
	for i, r := range recs {
		if r.At.After(now) || i > 0 && (r.Seq != recs[i-1].Seq+1 || r.At.Before(recs[i-1].At)) {
			t.Fatalf("timeline record %d out of order or ahead of %s: %s", r.Seq, now, r)
		}
	}
	if len(recs) > 0 {
		m.lastSeq = recs[len(recs)-1].Seq
	}
}

// checkTimes fails if any timestamp in v is after now.
func checkTimes(t *rapid.T, what string, v any, now time.Time) {
	var walk func(path string, x reflect.Value)
	walk = func(path string, x reflect.Value) {
		switch x.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !x.IsNil() {
				walk(path, x.Elem())
			}
		case reflect.Slice, reflect.Array:
			for i := range x.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), x.Index(i))
			}
		case reflect.Struct:
			if tm, ok := x.Interface().(model.Time); ok {
				if tm.After(now) {
					t.Fatalf("%s: %s is %s, after now %s", what, path, tm.Time, now)
				}
				return
			}
			for i := range x.NumField() {
				if x.Type().Field(i).IsExported() {
					walk(path+"."+x.Type().Field(i).Name, x.Field(i))
				}
			}
		}
	}
	walk("", reflect.ValueOf(v))
}

// TestWorldStateMachine drives random operation sequences and checks the
// invariants after every step, then replays the same sequence on a new
// world with the same seed and requires the same timeline.
func TestWorldStateMachine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := newWorldMachine(t)
		t.Repeat(m.actions())
		replay := New(m.opts)
		for _, op := range m.ops {
			_ = op(replay)
		}
		if diff := cmp.Diff(m.w.Timeline(), replay.Timeline()); diff != "" {
			t.Fatalf("same seed and operations, different timeline (-first +replay):\n%s", diff)
		}
	})
}

// everything lets go-cmp compare the worlds' unexported state. A
// cluster's kept placement index is a cache: two are equal when they hold
// the same instances and tasks, whatever their internal layout, and the
// instances marked for re-indexing depend on reads as well as writes.
// The world's interned lists and remembered moves (shared.go) are caches
// keyed by addresses, which differ between two worlds in equal states.
var everything = cmp.Options{
	cmp.Exporter(func(reflect.Type) bool { return true }),
	cmp.Comparer((*placement.Index).Equal),
	cmpopts.IgnoreFields(clusterState{}, "changed", "marked"),
	cmpopts.IgnoreFields(World{}, "interned"),
}

// TestWorldCloneIndependent: after random operations, a clone of the
// world is mutated heavily; the original must stay deep-equal to a world
// rebuilt from scratch by replaying the same operations (which shares no
// memory with either).
func TestWorldCloneIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := newWorldMachine(t)
		t.Repeat(m.actions())
		snapshot := New(m.opts)
		for _, op := range m.ops {
			_ = op(snapshot)
		}
		if diff := cmp.Diff(snapshot, m.w, everything); diff != "" {
			t.Fatalf("replay differs from the world before cloning (-replay +world):\n%s", diff)
		}
		c := m.w.Clone()
		mutate(t, c, m)
		if diff := cmp.Diff(snapshot, m.w, everything); diff != "" {
			t.Fatalf("mutating the clone changed the original (-before +after):\n%s", diff)
		}
	})
}

// mutate changes every kind of state a world holds, in an order the test
// draws (an in-place write into memory shared with the original shows
// only when it comes before the call that would replace that memory).
func mutate(t *rapid.T, c *World, m *worldMachine) {
	steps := []func(){
		func() { _ = c.Advance(time.Minute) },
		func() {
			for _, name := range sortedKeys(m.services) {
				_, _ = c.UpdateService(model.UpdateServiceRequest{Cluster: propCluster, Service: name, DesiredCount: model.Int32(3), ForceNewDeployment: model.Bool(true)})
			}
		},
		func() {
			for _, x := range m.liveTasks {
				_ = c.SetTargetHealth(propCluster, x.TaskARN, deployment.TargetUnhealthy)
				_, _ = c.StopTask(model.StopTaskRequest{Cluster: propCluster, Task: x.TaskARN})
			}
		},
		func() {
			for _, arn := range m.instOrder {
				_, _ = c.PutAttributes(model.PutAttributesRequest{Cluster: propCluster, Attributes: []model.Attribute{{Name: "k0", Value: "mutated", TargetID: arn}}})
			}
		},
		func() {
			for _, arn := range m.instOrder {
				_, _ = c.UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: propCluster, ContainerInstance: arn})
			}
		},
		func() {
			_, _ = c.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: propCluster, ContainerInstances: m.instOrder[:min(len(m.instOrder), 10)], Status: model.ContainerInstanceStatusDraining})
		},
		func() {
			for _, arn := range m.instOrder {
				_ = c.SetAgentConnected(propCluster, arn, false)
			}
		},
		func() {
			for _, name := range sortedKeys(m.services) {
				_, _ = c.DeleteService(model.DeleteServiceRequest{Cluster: propCluster, Service: name, Force: model.Bool(true)})
			}
		},
		func() {
			for _, arn := range sortedKeys(m.taskDefs) {
				_, _ = c.DeregisterTaskDefinition(model.DeregisterTaskDefinitionRequest{TaskDefinition: m.taskDefs[arn].taskDefID})
			}
		},
		func() {
			a := c.Agent()
			a.FailToStart = append(a.FailToStart, Fault{})
			c.SetAgent(a)
		},
		func() {
			for _, arn := range m.instOrder {
				_, _ = c.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: propCluster, ContainerInstance: arn, Force: model.Bool(true)})
			}
		},
		func() { _ = c.Advance(10 * time.Minute) },
		func() {
			if tl := c.Timeline(); len(tl) > 0 {
				c.ForgetTimeline(tl[len(tl)-1].Seq)
			}
		},
	}
	order := rapid.Permutation(steps2idx(len(steps))).Draw(t, "mutations")
	for _, i := range order {
		steps[i]()
	}
}

func steps2idx(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}
