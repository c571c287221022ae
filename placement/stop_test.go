package placement_test

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
)

// refStop is the brute-force reference for ChooseTasksToStop: for every
// stop it recomputes every key from the remaining tasks.
func refStop(instances []model.ContainerInstance, tasks []model.Task, group string, count int, strategy []model.PlacementStrategy, seed uint64, candidates []string) []string {
	byARN := map[string]model.ContainerInstance{}
	for _, ci := range instances {
		byARN[ci.ContainerInstanceARN] = ci
	}
	var live []model.Task // the group's live tasks on known instances
	for _, t := range tasks {
		if _, ok := byARN[t.ContainerInstanceARN]; ok && refLive(t) && t.Group == group {
			live = append(live, t)
		}
	}
	if len(strategy) == 0 {
		strategy = []model.PlacementStrategy{{Type: "spread", Field: "attribute:ecs.availability-zone"}, {Type: "spread", Field: "instanceId"}}
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	freed := map[string][2]int64{}
	num := func(s string) int64 {
		for _, r := range s {
			if r < '0' || r > '9' {
				return 0
			}
		}
		var n int64
		for _, r := range s {
			n = n*10 + int64(r-'0')
		}
		return n
	}
	var out []string
	for range count {
		var cands []model.Task
		for _, t := range live {
			if candidates == nil || slices.Contains(candidates, t.TaskARN) {
				cands = append(cands, t)
			}
		}
		if len(cands) == 0 {
			break
		}
		key := func(t model.Task) []int64 {
			ci := byARN[t.ContainerInstanceARN]
			var ks []int64
			for _, s := range strategy {
				switch {
				case s.Type == "random":
					return ks
				case s.Type == "binpack" && strings.EqualFold(s.Field, "cpu"):
					ks = append(ks, ci.Remaining().CPU+freed[ci.ContainerInstanceARN][0]+num(t.CPU))
				case s.Type == "binpack":
					ks = append(ks, ci.Remaining().Memory+freed[ci.ContainerInstanceARN][1]+num(t.Memory))
				case strings.HasPrefix(s.Field, "attribute:"):
					name := strings.TrimPrefix(s.Field, "attribute:")
					v, _ := ci.Attribute(name)
					n := 0
					for _, o := range live {
						oc := byARN[o.ContainerInstanceARN]
						if w, _ := oc.Attribute(name); w == v {
							n++
						}
					}
					ks = append(ks, int64(n))
				default:
					n := 0
					for _, o := range live {
						if o.ContainerInstanceARN == t.ContainerInstanceARN {
							n++
						}
					}
					ks = append(ks, int64(n))
				}
			}
			return ks
		}
		// Most first; then instance ARN, then task ARN.
		slices.SortStableFunc(cands, func(a, b model.Task) int {
			return cmp.Or(slices.Compare(key(b), key(a)),
				strings.Compare(a.ContainerInstanceARN, b.ContainerInstanceARN), strings.Compare(a.TaskARN, b.TaskARN))
		})
		chosen := cands[0]
		if slices.ContainsFunc(strategy, func(s model.PlacementStrategy) bool { return s.Type == "random" }) {
			n := 0
			for n < len(cands) && slices.Equal(key(cands[n]), key(cands[0])) {
				n++
			}
			chosen = cands[rng.IntN(n)]
		}
		out = append(out, chosen.TaskARN)
		f := freed[chosen.ContainerInstanceARN]
		freed[chosen.ContainerInstanceARN] = [2]int64{f[0] + num(chosen.CPU), f[1] + num(chosen.Memory)}
		live = slices.DeleteFunc(live, func(t model.Task) bool { return t.TaskARN == chosen.TaskARN })
	}
	return out
}

// TestStopMatchesReference is the differential test for
// ChooseTasksToStop.
func TestStopMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		inst := genInstances(t, 10)
		tasks := genTasks(t, inst, 20)
		group := rapid.SampledFrom(groups).Draw(t, "group")
		count := rapid.IntRange(0, 12).Draw(t, "count")
		strategy := genStrategy(t)
		seed := rapid.Uint64().Draw(t, "seed")
		var candidates []string
		if rapid.Bool().Draw(t, "candidates?") {
			candidates = []string{}
			for _, task := range tasks {
				if rapid.Bool().Draw(t, "candidate") {
					candidates = append(candidates, task.TaskARN)
				}
			}
		}
		got, err := placement.ChooseTasksToStop(inst, tasks, placement.StopRequest{Group: group, Count: count, Strategy: strategy, Seed: seed, Candidates: candidates})
		if err != nil {
			t.Fatal(err)
		}
		want := refStop(inst, tasks, group, count, strategy, seed, candidates)
		if diff := gocmp.Diff(want, got, cmpopts()); diff != "" {
			t.Fatalf("ChooseTasksToStop differs from the reference (-want +got):\n%s", diff)
		}
	})
}

func cmpopts() gocmp.Option {
	return gocmp.Transformer("nilIsEmpty", func(s []string) []string { return append([]string{}, s...) })
}

// TestStopIsDeterministic: same inputs and seed, same tasks, whatever the
// input order.
func TestStopIsDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		inst := genInstances(t, 10)
		tasks := genTasks(t, inst, 20)
		req := placement.StopRequest{Group: rapid.SampledFrom(groups).Draw(t, "group"), Count: rapid.IntRange(0, 12).Draw(t, "count"),
			Strategy: genStrategy(t), Seed: rapid.Uint64().Draw(t, "seed")}
		a, err := placement.ChooseTasksToStop(inst, tasks, req)
		if err != nil {
			t.Fatal(err)
		}
		b, err := placement.ChooseTasksToStop(rapid.Permutation(inst).Draw(t, "inst2"), rapid.Permutation(tasks).Draw(t, "tasks2"), req)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(a, b) {
			t.Fatalf("first %v, then %v", a, b)
		}
	})
}

// TestStopNamedByStartedByMatchesListing: candidates named by StartedBy
// and Except are stopped exactly as when the same tasks are listed in
// Candidates, by a Cluster and by a kept Index.
func TestStopNamedByStartedByMatchesListing(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		inst := genInstances(t, 10)
		tasks := genTasks(t, inst, 20)
		req := genStopRequest(t, tasks)
		req.StartedBy = rapid.SampledFrom(startedBys[1:]).Draw(t, "startedBy")
		listed := req
		listed.StartedBy, listed.Except = "", nil
		listed.Candidates = listedCandidates(tasks, req)
		c, err := placement.NewCluster(inst, tasks)
		if err != nil {
			t.Fatal(err)
		}
		x, err := placement.NewIndex(inst, tasks)
		if err != nil {
			t.Fatal(err)
		}
		want, err := c.ChooseTasksToStop(listed)
		if err != nil {
			t.Fatal(err)
		}
		for name, s := range map[string]interface {
			ChooseTasksToStop(placement.StopRequest) ([]string, error)
		}{"Cluster": c, "Index": x} {
			got, err := s.ChooseTasksToStop(req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(want, got, cmpopts()); diff != "" {
				t.Fatalf("%s: named by startedBy %s except %v differs from listed %v (-listed +named):\n%s", name, req.StartedBy, req.Except, listed.Candidates, diff)
			}
		}
	})
}
