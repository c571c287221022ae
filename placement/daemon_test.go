package placement_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
	"github.com/ecsstate/ecsstate/placement/query"
)

// refDaemon is the brute-force reading of the daemon scheduler's rule:
// an ACTIVE instance with the required attributes that satisfies every
// memberOf expression should run the task; it can take one now when its
// agent is connected and the task fits what remains.
func refDaemon(instances []model.ContainerInstance, tasks []model.Task, req placementRequest) []placement.DaemonInstance {
	group := req.group
	if group == "" {
		group = "family:" + req.td.Family
	}
	var exprs []string
	for _, c := range req.constraints {
		if c.Type == model.PlacementConstraintTypeMemberOf {
			exprs = append(exprs, c.Expression)
		}
	}
	for _, c := range req.td.PlacementConstraints {
		exprs = append(exprs, c.Expression)
	}
	need := model.ResourcesOf(req.td)
	var out []placement.DaemonInstance
	for _, r := range refState(instances, tasks) {
		d := placement.DaemonInstance{ContainerInstanceARN: r.ci.ContainerInstanceARN}
		if r.ci.Status != model.ContainerInstanceStatusActive {
			out = append(out, d)
			continue
		}
		code := placement.ReasonCode("")
		for _, a := range req.td.RequiresAttributes {
			if v, ok := r.ci.Attribute(a.Name); !ok || a.Value != "" && a.Value != v {
				code = placement.ReasonAttribute
			}
		}
		if code == "" {
			for _, e := range exprs {
				x, err := query.Parse(e)
				if err != nil || !x.Eval(r.fields()) {
					code = placement.ReasonMemberOf
					break
				}
			}
		}
		if code == "" && !r.ci.AgentConnected {
			code = placement.ReasonAgent
		}
		if code == "" {
			if ok, what := r.ci.Remaining().Fits(need); !ok {
				code = map[string]placement.ReasonCode{"CPU": placement.ReasonCPU, "memory": placement.ReasonMemory, "ports": placement.ReasonPorts}[what]
			}
		}
		d.Eligible = code != placement.ReasonAttribute && code != placement.ReasonMemberOf
		d.Fits = code == ""
		if code != "" {
			d.Reason = &placement.Reason{Code: code, ContainerInstanceARN: d.ContainerInstanceARN}
		}
		out = append(out, d)
	}
	return out
}

// TestDaemonMatchesReference compares Cluster.Daemon with the brute-force
// reading on random clusters, task definitions and constraints.
func TestDaemonMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genScenario(t, true)
		req := placement.Request{TaskDefinition: s.req.td, Group: s.req.group, Constraints: s.req.constraints}
		got, err := placement.Daemon(s.instances, s.tasks, req)
		if err != nil {
			return // an invalid expression: a typed error, as Place gives
		}
		want := refDaemon(s.instances, s.tasks, s.req)
		if len(want) == 0 && len(got) == 0 {
			return
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("Daemon differs from the reference (-want +got):\n%s", diff)
		}
	})
}

// The daemon scheduler "places one task on each active container instance
// that meets all of the task placement constraints": a DRAINING instance
// is not eligible, an instance without the required attribute or outside
// the memberOf expression is not either, a disconnected or full one is
// eligible but cannot take a task now.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html
func TestDaemonDocumentedCases(t *testing.T) {
	mk := func(i int, edit func(*model.ContainerInstance)) model.ContainerInstance {
		ci := newInstance(instanceOpts{index: i, az: "us-east-1a", cpu: 1024, mem: 2048})
		ci.Attributes = append(ci.Attributes, model.Attribute{Name: "role", Value: "edge"})
		if edit != nil {
			edit(&ci)
		}
		return ci
	}
	insts := []model.ContainerInstance{
		mk(0, nil),
		mk(1, func(ci *model.ContainerInstance) { ci.Status = model.ContainerInstanceStatusDraining }),
		mk(2, func(ci *model.ContainerInstance) { ci.Attributes[len(ci.Attributes)-1].Value = "batch" }),
		mk(3, func(ci *model.ContainerInstance) { ci.AgentConnected = false }),
		mk(4, func(ci *model.ContainerInstance) {
			ci.RemainingResources[1] = model.IntegerResource(model.ResourceMemory, 10)
		}),
	}
	td := &model.TaskDefinition{Family: "agent", ContainerDefinitions: []model.ContainerDefinition{{Name: "a", CPU: 128, Memory: model.Int32(256)}}}
	got, err := placement.Daemon(insts, nil, placement.Request{TaskDefinition: td, Group: "service:agent",
		Constraints: []model.PlacementConstraint{{Type: model.PlacementConstraintTypeMemberOf, Expression: "attribute:role == edge"}}})
	if err != nil {
		t.Fatal(err)
	}
	type v struct {
		eligible, fits bool
		code           placement.ReasonCode
	}
	want := []v{{true, true, ""}, {false, false, ""}, {false, false, placement.ReasonMemberOf}, {true, false, placement.ReasonAgent}, {true, false, placement.ReasonMemory}}
	for i, d := range got {
		code := placement.ReasonCode("")
		if d.Reason != nil {
			code = d.Reason.Code
		}
		if (v{d.Eligible, d.Fits, code}) != want[i] {
			t.Errorf("instance %d: %+v %q, want %+v", i, d, code, want[i])
		}
	}
}
