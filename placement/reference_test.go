package placement_test

import (
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
	"github.com/ecsstate/ecsstate/placement/query"
)

// This file holds the simple reference implementation the optimised
// placement is compared with: for every task it looks at every instance,
// rebuilding everything from model values with model's own helpers
// (Remaining, Fits, ReserveTask), and sorts the candidates by the full
// strategy key. It is slow and obviously follows the documented rules.

type refInstance struct {
	ci     model.ContainerInstance
	groups map[string]int // live tasks per group
}

func refLive(t model.Task) bool {
	return t.DesiredStatus != model.DesiredStatusStopped && t.LastStatus != model.TaskStatusStopped
}

func refState(instances []model.ContainerInstance, tasks []model.Task) []*refInstance {
	out := make([]*refInstance, len(instances))
	byARN := map[string]*refInstance{}
	for i, ci := range instances {
		out[i] = &refInstance{ci: ci, groups: map[string]int{}}
		byARN[ci.ContainerInstanceARN] = out[i]
	}
	for _, t := range tasks {
		if r, ok := byARN[t.ContainerInstanceARN]; ok && refLive(t) {
			r.groups[t.Group]++
		}
	}
	slices.SortFunc(out, func(a, b *refInstance) int {
		return strings.Compare(a.ci.ContainerInstanceARN, b.ci.ContainerInstanceARN)
	})
	return out
}

func (r *refInstance) fields() query.Fields {
	f := query.Fields{
		Connected: r.ci.AgentConnected, Version: r.ci.VersionInfo.AgentVersion,
		Attributes: map[string]string{}, InstanceID: r.ci.EC2InstanceID,
		Registered: r.ci.RegisteredAt.Time, RunningTasks: int(r.ci.RunningTasksCount),
	}
	for _, a := range r.ci.Attributes {
		f.Attributes[a.Name] = a.Value
	}
	for g, n := range r.groups {
		if n > 0 {
			f.Groups = append(f.Groups, g)
		}
	}
	return f
}

// refStage returns how far the instance gets through the checks (see
// placement.Reason), 100 when it passes them all.
func refStage(r *refInstance, req placementRequest, need model.TaskResources) int {
	if !r.ci.AgentConnected {
		return 0
	}
	for _, a := range req.td.RequiresAttributes {
		v, ok := r.ci.Attribute(a.Name)
		if !ok || (a.Value != "" && a.Value != v) {
			return 1
		}
	}
	if ok, what := r.ci.Remaining().Fits(need); !ok {
		return map[string]int{"CPU": 2, "memory": 3, "ports": 4}[what]
	}
	var exprs []string
	for _, c := range req.constraints {
		if c.Type == model.PlacementConstraintTypeDistinctInstance {
			if r.groups[req.group] > 0 {
				return 5
			}
		} else {
			exprs = append(exprs, c.Expression)
		}
	}
	for _, c := range req.td.PlacementConstraints {
		exprs = append(exprs, c.Expression)
	}
	for k, e := range exprs {
		x, err := query.Parse(e)
		if err != nil || !x.Eval(r.fields()) {
			return 6 + k
		}
	}
	return 100
}

// refPlace is the reference for placement.Place on a valid request.
func refPlace(instances []model.ContainerInstance, tasks []model.Task, req placementRequest) []placement.Placement {
	state := refState(instances, tasks)
	need := model.ResourcesOf(req.td)
	group := req.group
	if group == "" {
		group = "family:" + req.td.Family
	}
	req.group = group
	strategy := req.strategy
	if len(strategy) == 0 {
		strategy = []model.PlacementStrategy{
			{Type: "spread", Field: "attribute:ecs.availability-zone"},
			{Type: "spread", Field: "instanceId"},
		}
	}
	rng := rand.New(rand.NewPCG(req.seed, req.seed))
	out := make([]placement.Placement, req.count)
	for k := range out {
		var cands []*refInstance
		for _, r := range state {
			if r.ci.Status == model.ContainerInstanceStatusActive && refStage(r, req, need) == 100 {
				cands = append(cands, r)
			}
		}
		if len(cands) == 0 {
			out[k].Reason = refReason(state, req, need)
			continue
		}
		// key returns the strategy key of an instance; random ends it.
		key := func(r *refInstance) []int64 {
			var ks []int64
			for _, s := range strategy {
				switch {
				case s.Type == "random":
					return ks
				case s.Type == "binpack" && strings.EqualFold(s.Field, "cpu"):
					ks = append(ks, r.ci.Remaining().CPU)
				case s.Type == "binpack":
					ks = append(ks, r.ci.Remaining().Memory)
				case strings.HasPrefix(s.Field, "attribute:"):
					name := strings.TrimPrefix(s.Field, "attribute:")
					v, _ := r.ci.Attribute(name)
					n := 0
					for _, o := range state {
						if w, _ := o.ci.Attribute(name); w == v {
							n += o.groups[group]
						}
					}
					ks = append(ks, int64(n))
				default:
					ks = append(ks, int64(r.groups[group]))
				}
			}
			return ks
		}
		// cands are in ARN order; a stable sort keeps it among equals.
		slices.SortStableFunc(cands, func(a, b *refInstance) int { return slices.Compare(key(a), key(b)) })
		chosen := cands[0]
		if slices.ContainsFunc(strategy, func(s model.PlacementStrategy) bool { return s.Type == "random" }) {
			n := 0
			for n < len(cands) && slices.Equal(key(cands[n]), key(cands[0])) {
				n++
			}
			chosen = cands[rng.IntN(n)]
		}
		ci, err := model.ReserveTask(chosen.ci, need, true)
		if err != nil {
			panic(err)
		}
		chosen.ci = ci
		chosen.groups[group]++
		out[k].ContainerInstanceARN = ci.ContainerInstanceARN
		out[k].AvailabilityZone, _ = ci.Attribute(model.AttributeAvailabilityZone)
	}
	return out
}

func refReason(state []*refInstance, req placementRequest, need model.TaskResources) *placement.Reason {
	best, bestStage := -1, -1
	for i, r := range state {
		if r.ci.Status != model.ContainerInstanceStatusActive {
			continue
		}
		if s := refStage(r, req, need); s > bestStage {
			best, bestStage = i, s
		}
	}
	if best < 0 {
		return &placement.Reason{Code: placement.ReasonNoInstances}
	}
	codes := []placement.ReasonCode{placement.ReasonAgent, placement.ReasonAttribute, placement.ReasonCPU,
		placement.ReasonMemory, placement.ReasonPorts, placement.ReasonDistinctInstance}
	code := placement.ReasonMemberOf
	if bestStage < len(codes) {
		code = codes[bestStage]
	}
	return &placement.Reason{Code: code, ContainerInstanceARN: state[best].ci.ContainerInstanceARN}
}
