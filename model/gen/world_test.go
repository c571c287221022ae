package gen_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
	"github.com/ecsstate/ecsstate/placement/query"
)

// The ports the ECS agent reserves on every Linux instance.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerInstance.html
var agentPorts = []int32{22, 2375, 2376, 51678, 51679}

// staticPorts lists the host ports a task of td holds on its instance,
// read from the container definitions: in host mode the container port,
// in bridge mode a non-zero host port (0 or none is dynamic).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html
func staticPorts(td *model.TaskDefinition) []int32 {
	var ps []int32
	for _, c := range td.ContainerDefinitions {
		for _, pm := range c.PortMappings {
			switch {
			case td.NetworkMode == model.NetworkModeHost:
				ps = append(ps, *pm.ContainerPort)
			case pm.HostPort != nil && *pm.HostPort != 0:
				ps = append(ps, *pm.HostPort)
			}
		}
	}
	return ps
}

// resource reads one named resource.
func resource(rs []model.Resource, name string) model.Resource {
	for _, r := range rs {
		if r.Name == name {
			return r
		}
	}
	return model.Resource{}
}

// queryFields is an instance as the cluster query language sees it.
func queryFields(ci *model.ContainerInstance) query.Fields {
	f := query.Fields{Connected: ci.AgentConnected, Attributes: map[string]string{}, InstanceID: ci.EC2InstanceID}
	for _, a := range ci.Attributes {
		f.Attributes[a.Name] = a.Value
	}
	return f
}

// TestWorldIsCoherent checks every promise of gen.WorldState on drawn
// worlds, recomputing each fact from the values themselves: resources,
// counts, architecture, placement constraints (evaluated by the cluster
// query language's own evaluator), required attributes, host ports,
// services and their deployments, validation and the JSON round trip.
func TestWorldIsCoherent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := gen.World(gen.WorldSpec{}).Draw(t, "world")
		inst := map[string]*model.ContainerInstance{}
		for i := range w.Instances {
			ci := &w.Instances[i]
			inst[ci.ContainerInstanceARN] = ci
			if err := ci.Validate(); err != nil {
				t.Fatalf("instance %d: %v", i, err)
			}
			typ, _ := ci.Attribute("ecs.instance-type")
			arch, _ := ci.Attribute(model.AttributeCPUArchitecture)
			// Graviton families carry a "g" after the generation number.
			wantArch := "x86_64"
			if regexp.MustCompile(`^[a-z]+\d+g`).MatchString(typ) {
				wantArch = "arm64"
			}
			if arch != wantArch {
				t.Fatalf("instance %s of type %s reports architecture %s", ci.ContainerInstanceARN, typ, arch)
			}
			if !strings.HasPrefix(ci.AvailabilityZone(), w.Account.Region) {
				t.Fatalf("zone %s is not in %s", ci.AvailabilityZone(), w.Account.Region)
			}
		}
		tds := map[string]*model.TaskDefinition{}
		for i := range w.TaskDefinitions {
			td := &w.TaskDefinitions[i]
			tds[td.TaskDefinitionARN] = td
			if err := td.Validate(); err != nil {
				t.Fatalf("task definition %s: %v", td.TaskDefinitionARN, err)
			}
		}
		svcs := map[string]*model.Service{}
		for i := range w.Services {
			s := &w.Services[i]
			svcs["service:"+s.ServiceName] = s
			if err := s.Validate(); err != nil {
				t.Fatalf("service %s: %v", s.ServiceName, err)
			}
			if s.ClusterARN != w.Cluster.ClusterARN || tds[s.TaskDefinition] == nil {
				t.Fatalf("service %s: cluster %s, task definition %s not in the world", s.ServiceName, s.ClusterARN, s.TaskDefinition)
			}
			if len(s.Deployments) != 1 || s.Deployments[0].Status != model.DeploymentStatusPrimary ||
				s.Deployments[0].RolloutState != model.DeploymentRolloutStateCompleted || s.Deployments[0].TaskDefinition != s.TaskDefinition {
				t.Fatalf("service %s: deployments %#v", s.ServiceName, s.Deployments)
			}
		}

		// Per instance: what its tasks hold, recomputed.
		type held struct {
			cpu, mem int64
			ports    []int32
			n        int32
		}
		use := map[string]*held{}
		perService := map[string]int32{}
		onInstance := map[string]bool{} // group|instance
		for i := range w.Tasks {
			tk := &w.Tasks[i]
			if err := tk.Validate(); err != nil {
				t.Fatalf("task %s: %v", tk.TaskARN, err)
			}
			ci, td, s := inst[tk.ContainerInstanceARN], tds[tk.TaskDefinitionARN], svcs[tk.Group]
			if ci == nil || td == nil || s == nil {
				t.Fatalf("task %s: instance, task definition or service not in the world", tk.TaskARN)
			}
			if tk.LastStatus != model.TaskStatusRunning || tk.DesiredStatus != model.DesiredStatusRunning ||
				tk.StartedBy != s.Deployments[0].ID || tk.TaskDefinitionARN != s.TaskDefinition || tk.AvailabilityZone != ci.AvailabilityZone() {
				t.Fatalf("task %#v does not belong where it is", *tk)
			}
			if ci.Status != model.ContainerInstanceStatusActive && ci.Status != model.ContainerInstanceStatusDraining {
				t.Fatalf("task %s runs on a %s instance", tk.TaskARN, ci.Status)
			}
			for _, a := range td.RequiresAttributes {
				if v, ok := ci.Attribute(a.Name); !ok || a.Value != "" && v != a.Value {
					t.Fatalf("task %s runs on %s, which lacks the required attribute %s", tk.TaskARN, ci.ContainerInstanceARN, a.Name)
				}
			}
			var exprs []string
			for _, c := range td.PlacementConstraints {
				exprs = append(exprs, c.Expression)
			}
			for _, c := range s.PlacementConstraints {
				switch c.Type {
				case model.PlacementConstraintTypeMemberOf:
					exprs = append(exprs, c.Expression)
				case model.PlacementConstraintTypeDistinctInstance:
					if onInstance[tk.Group+"|"+ci.ContainerInstanceARN] {
						t.Fatalf("service %s is distinctInstance but runs two tasks on %s", s.ServiceName, ci.ContainerInstanceARN)
					}
				}
			}
			onInstance[tk.Group+"|"+ci.ContainerInstanceARN] = true
			for _, e := range exprs {
				q, err := query.Parse(e)
				if err != nil {
					t.Fatalf("constraint %q does not parse: %v", e, err)
				}
				if !q.Eval(queryFields(ci)) {
					t.Fatalf("task %s runs on %s, which fails %q", tk.TaskARN, ci.ContainerInstanceARN, e)
				}
			}
			h := use[ci.ContainerInstanceARN]
			if h == nil {
				h = &held{}
				use[ci.ContainerInstanceARN] = h
			}
			for _, c := range td.ContainerDefinitions {
				h.cpu += int64(c.CPU)
				h.mem += int64(*c.Memory)
			}
			for _, p := range staticPorts(td) {
				if slices.Contains(h.ports, p) || slices.Contains(agentPorts, p) {
					t.Fatalf("host port %d is taken twice on %s", p, ci.ContainerInstanceARN)
				}
				h.ports = append(h.ports, p)
			}
			h.n++
			perService[tk.Group]++
		}
		for arn, ci := range inst {
			h := use[arn]
			if h == nil {
				h = &held{}
			}
			reg, rem := ci.RegisteredResources, ci.RemainingResources
			if got, want := resource(rem, model.ResourceCPU).IntegerValue, int64(resource(reg, model.ResourceCPU).IntegerValue)-h.cpu; int64(got) != want {
				t.Fatalf("%s: remaining CPU %d, registered less tasks %d", arn, got, want)
			}
			if got, want := resource(rem, model.ResourceMemory).IntegerValue, int64(resource(reg, model.ResourceMemory).IntegerValue)-h.mem; int64(got) != want {
				t.Fatalf("%s: remaining memory %d, registered less tasks %d", arn, got, want)
			}
			wantPorts := slices.Sorted(slices.Values(append(slices.Clone(agentPorts), h.ports...)))
			gotPorts := slices.Sorted(slices.Values(resourcePorts(resource(rem, model.ResourcePorts))))
			if !slices.Equal(gotPorts, wantPorts) {
				t.Fatalf("%s: remaining ports %v, want the agent's and the tasks' %v", arn, gotPorts, wantPorts)
			}
			if ci.RunningTasksCount != h.n || ci.PendingTasksCount != 0 {
				t.Fatalf("%s: running %d pending %d, holds %d tasks", arn, ci.RunningTasksCount, ci.PendingTasksCount, h.n)
			}
		}
		for g, s := range svcs {
			if s.DesiredCount != perService[g] || s.RunningCount != perService[g] || s.Deployments[0].RunningCount != perService[g] || s.Deployments[0].DesiredCount != perService[g] {
				t.Fatalf("service %s: desired %d running %d, has %d tasks", s.ServiceName, s.DesiredCount, s.RunningCount, perService[g])
			}
		}
		if int(w.Cluster.RegisteredContainerInstancesCount) != len(w.Instances) || int(w.Cluster.RunningTasksCount) != len(w.Tasks) ||
			int(w.Cluster.ActiveServicesCount) != len(w.Services) {
			t.Fatalf("cluster counts %#v", w.Cluster)
		}
		// Nothing is lost on the wire.
		b, err := json.Marshal(w)
		if err != nil {
			t.Fatal(err)
		}
		var back gen.WorldState
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(w, back); diff != "" {
			t.Fatalf("JSON round trip (-drawn +decoded):\n%s", diff)
		}
	})
}

// resourcePorts reads a STRINGSET of ports.
func resourcePorts(r model.Resource) []int32 {
	var ps []int32
	for _, s := range r.StringSetValue {
		var p int32
		fmt.Sscan(s, &p)
		ps = append(ps, p)
	}
	return ps
}

// TestWorldHasTasksAttributesAndConstraints: the generator does produce
// what placement tests need, not only empty clusters: across many draws,
// worlds with tasks, with Graviton and x86 instances, required attributes,
// memberOf and distinctInstance constraints, and static host ports.
func TestWorldHasTasksAttributesAndConstraints(t *testing.T) {
	seen := map[string]bool{}
	rapid.Check(t, func(t *rapid.T) {
		w := gen.World(gen.WorldSpec{}).Draw(t, "world")
		seen["tasks"] = seen["tasks"] || len(w.Tasks) > 0
		for i := range w.Instances {
			a, _ := w.Instances[i].Attribute(model.AttributeCPUArchitecture)
			seen[a] = true
			seen[string(w.Instances[i].Status)] = true
		}
		for _, td := range w.TaskDefinitions {
			seen["requires"] = seen["requires"] || len(td.RequiresAttributes) > 0
			seen["td memberOf"] = seen["td memberOf"] || len(td.PlacementConstraints) > 0
			seen["static port"] = seen["static port"] || len(staticPorts(&td)) > 0
		}
		for _, s := range w.Services {
			for _, c := range s.PlacementConstraints {
				seen[string(c.Type)] = true
			}
		}
	})
	for _, want := range []string{"tasks", "arm64", "x86_64", "ACTIVE", "DRAINING", "requires", "td memberOf", "static port", "memberOf", "distinctInstance"} {
		if !seen[want] {
			t.Errorf("no drawn world had %s", want)
		}
	}
}

// TestArchitecture: instance type names from the EC2 documentation and the
// processor each has. Graviton types carry a "g" after the generation.
// https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html
// https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html
func TestArchitecture(t *testing.T) {
	for typ, want := range map[string]string{
		"m7g.large": "arm64", "c6g.xlarge": "arm64", "t4g.micro": "arm64", "r7gd.2xlarge": "arm64", "c7gn.large": "arm64",
		"x2gd.xlarge": "arm64", "g5g.xlarge": "arm64", "im4gn.large": "arm64", "a1.medium": "arm64", "r8g.large": "arm64",
		"m5.large": "x86_64", "t3.medium": "x86_64", "g5.xlarge": "x86_64", "m7i-flex.large": "x86_64", "c6in.large": "x86_64",
		"m7a.large": "x86_64", "inf2.xlarge": "x86_64", "p4d.24xlarge": "x86_64",
	} {
		if got := gen.Architecture(typ); got != want {
			t.Errorf("Architecture(%q) = %s, want %s", typ, got, want)
		}
	}
}

// TestDeploymentReasonMatchesState: no drawn deployment says it completed
// unless it did.
func TestDeploymentReasonMatchesState(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := gen.Deployment(model.DeploymentStatusPrimary).Draw(t, "deployment")
		completed := strings.Contains(d.RolloutStateReason, "completed")
		if completed != (d.RolloutState == model.DeploymentRolloutStateCompleted) {
			t.Fatalf("rollout state %s with reason %q", d.RolloutState, d.RolloutStateReason)
		}
	})
}

// TestFailuresShowValues: what rapid logs for a drawn world (%#v) shows
// the values behind pointers, never an address.
func TestFailuresShowValues(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := gen.World(gen.WorldSpec{MaxInstances: 2, MaxServices: 1}).Draw(t, "world")
		s := fmt.Sprintf("%#v", w)
		if m := regexp.MustCompile(`\(0x[0-9a-f]+\)|0xc[0-9a-f]{6,}`).FindString(s); m != "" {
			t.Fatalf("%%#v prints the address %s:\n%s", m, s)
		}
		if len(w.Instances) > 0 && !strings.Contains(s, `VersionInfo:&model.VersionInfo{AgentVersion:"`+w.Instances[0].VersionInfo.AgentVersion) {
			t.Fatalf("%%#v does not show the instance's agent version:\n%s", s)
		}
	})
}
