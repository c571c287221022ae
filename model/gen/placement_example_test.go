package gen_test

import (
	"fmt"
	"slices"
	"strconv"
	"testing"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
	"github.com/ecsstate/ecsstate/placement"
	"github.com/ecsstate/ecsstate/placement/query"
)

// toyPlace is a placement anyone can read in a minute, to check a real one
// against: among the instances that can take a task of the service (ACTIVE
// with the agent connected, every required attribute, enough CPU and
// memory left, its static host ports free, every memberOf expression of
// the task definition and the service true, and for distinctInstance no
// task of the service on it), the one with the most CPU left, ties to the
// smallest ARN. It returns "" when none can take the task.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement.html
func toyPlace(w *gen.WorldState, svc *model.Service) string {
	best, bestCPU := "", int64(-1)
	for i := range w.Instances {
		ci := &w.Instances[i]
		if !toyFits(w, svc, ci) {
			continue
		}
		cpu := int64(resource(ci.RemainingResources, model.ResourceCPU).IntegerValue)
		if cpu > bestCPU || cpu == bestCPU && ci.ContainerInstanceARN < best {
			best, bestCPU = ci.ContainerInstanceARN, cpu
		}
	}
	return best
}

// toyFits is toyPlace's test of one instance.
func toyFits(w *gen.WorldState, svc *model.Service, ci *model.ContainerInstance) bool {
	td := w.TaskDefinition(svc.TaskDefinition)
	if ci.Status != model.ContainerInstanceStatusActive || !ci.AgentConnected {
		return false
	}
	for _, a := range td.RequiresAttributes {
		if v, ok := ci.Attribute(a.Name); !ok || a.Value != "" && v != a.Value {
			return false
		}
	}
	var cpu, mem int64
	for _, c := range td.ContainerDefinitions {
		cpu += int64(c.CPU)
		mem += int64(*c.Memory)
	}
	rem := ci.RemainingResources
	if int64(resource(rem, model.ResourceCPU).IntegerValue) < cpu || int64(resource(rem, model.ResourceMemory).IntegerValue) < mem {
		return false
	}
	taken := resource(rem, model.ResourcePorts).StringSetValue
	for _, p := range staticPorts(td) {
		if slices.Contains(taken, strconv.Itoa(int(p))) {
			return false
		}
	}
	group := "service:" + svc.ServiceName
	f := queryFields(ci)
	f.RunningTasks = int(ci.RunningTasksCount)
	for _, tk := range w.Tasks {
		if tk.ContainerInstanceARN == ci.ContainerInstanceARN {
			f.Groups = append(f.Groups, tk.Group)
		}
	}
	var exprs []string
	for _, c := range td.PlacementConstraints {
		exprs = append(exprs, c.Expression)
	}
	for _, c := range svc.PlacementConstraints {
		switch c.Type {
		case model.PlacementConstraintTypeMemberOf:
			exprs = append(exprs, c.Expression)
		case model.PlacementConstraintTypeDistinctInstance:
			if slices.Contains(f.Groups, group) {
				return false
			}
		}
	}
	for _, e := range exprs {
		if !query.MustParse(e).Eval(f) {
			return false
		}
	}
	return true
}

// libraryPlace asks the placement package where one more task of the
// service goes, under the service's constraints and strategy.
func libraryPlace(w *gen.WorldState, svc *model.Service) (string, error) {
	res, err := placement.Place(w.Instances, w.Tasks, placement.Request{
		TaskDefinition: w.TaskDefinition(svc.TaskDefinition), Group: "service:" + svc.ServiceName, Count: 1,
		Constraints: svc.PlacementConstraints, Strategy: svc.PlacementStrategy,
	})
	if err != nil {
		return "", err
	}
	return res.Placements[0].ContainerInstanceARN, nil
}

// comparePlacement checks the library against the toy on one world, for
// each service: the library places a task exactly when the toy finds an
// instance, and the instance it picks is one the toy finds fit (the two
// may pick different fit instances: the library follows the service's
// strategy, the toy takes the most CPU). It returns what happened to each
// service: "placed" or "none fits".
func comparePlacement(w *gen.WorldState) ([]string, error) {
	var out []string
	for i := range w.Services {
		svc := &w.Services[i]
		lib, err := libraryPlace(w, svc)
		if err != nil {
			return nil, err
		}
		toy := toyPlace(w, svc)
		switch {
		case lib == "" && toy != "":
			return nil, fmt.Errorf("service %s: the library placed nothing, the toy found %s", svc.ServiceName, toy)
		case lib != "" && toy == "":
			return nil, fmt.Errorf("service %s: the library placed on %s, the toy finds no fit instance", svc.ServiceName, lib)
		case lib != "" && !toyFits(w, svc, instanceByARN(w, lib)):
			return nil, fmt.Errorf("service %s: the library placed on %s, which breaks a constraint or lacks resources", svc.ServiceName, lib)
		case lib != "":
			out = append(out, "placed")
		default:
			out = append(out, "none fits")
		}
	}
	return out, nil
}

func instanceByARN(w *gen.WorldState, arn string) *model.ContainerInstance {
	for i := range w.Instances {
		if w.Instances[i].ContainerInstanceARN == arn {
			return &w.Instances[i]
		}
	}
	return nil
}

// A property test of the placement package against a toy placement on
// generated worlds: clusters with tasks already running, instances with
// Graviton and x86 types, required attributes, memberOf and
// distinctInstance constraints, and static host ports. Whenever the
// library places a task, the instance it picks satisfies every constraint
// and has the resources; whenever the toy finds an instance, the library
// places the task too.
//
// In a test, write the check inside rapid.Check so that rapid shrinks a
// failing world to a small one (TestPlacementAgreesWithToy below does);
// here gen.World(…).Example(seed) draws the worlds from fixed seeds, as an
// example must print the same thing every run.
func Example_placementAgainstAToy() {
	tally := map[string]int{}
	for seed := range 300 {
		w := gen.World(gen.WorldSpec{MaxInstances: 6, MaxServices: 3, MaxTasksPerService: 8}).Example(seed)
		outcomes, err := comparePlacement(&w)
		if err != nil {
			fmt.Printf("seed %d: %v\n", seed, err)
			return
		}
		for _, o := range outcomes {
			tally[o]++
		}
	}
	fmt.Println("library and toy agree on 300 worlds")
	fmt.Println("some services placed:", tally["placed"] > 0, "| some with no fit instance:", tally["none fits"] > 0)
	// Output:
	// library and toy agree on 300 worlds
	// some services placed: true | some with no fit instance: true
}

// TestPlacementAgreesWithToy is the example's property under rapid, which
// shrinks a failing world.
func TestPlacementAgreesWithToy(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := gen.World(gen.WorldSpec{}).Draw(t, "world")
		if _, err := comparePlacement(&w); err != nil {
			t.Fatal(err)
		}
	})
}
