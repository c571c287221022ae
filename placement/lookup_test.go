package placement_test

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
)

// tieARN draws a container instance ARN whose part after the shared
// prefix comes from a tiny alphabet (with a zero byte) and runs to 12
// bytes, so that many ARNs share their first 8 bytes past the prefix (a
// tie of the cluster's 8-byte search keys) or differ only in length.
func tieARN(t *rapid.T, label string) string {
	s := rapid.SliceOfN(rapid.SampledFrom([]byte{0, 'a', 'b'}), 0, 12).Draw(t, label)
	return "arn:aws:ecs:us-east-1:123456789012:container-instance/c/" + string(s)
}

// TestClusterLookupMatchesSortedARNs: a Cluster finds an instance by ARN
// at its position in ARN order, and finds no ARN it was not given,
// however many ARNs tie on the search key.
func TestClusterLookupMatchesSortedARNs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 40).Draw(t, "instances")
		seen := map[string]bool{}
		var insts []model.ContainerInstance
		for range n {
			a := tieARN(t, "arn")
			if !seen[a] {
				seen[a] = true
				insts = append(insts, model.ContainerInstance{ContainerInstanceARN: a, Status: model.ContainerInstanceStatusActive})
			}
		}
		c, err := placement.NewCluster(insts, nil)
		if err != nil {
			t.Fatal(err)
		}
		sorted := make([]string, 0, len(seen))
		for a := range seen {
			sorted = append(sorted, a)
		}
		slices.Sort(sorted)
		for want, a := range sorted {
			if got, ok := placement.LookupInstance(c, a); !ok || got != want {
				t.Fatalf("lookup %q = %d, %v; want %d in %q", a, got, ok, want, sorted)
			}
		}
		for range 10 {
			a := tieARN(t, "probe")
			if rapid.Bool().Draw(t, "foreign") {
				a = strings.Replace(a, "/c/", "/d/", 1)
			}
			if _, ok := placement.LookupInstance(c, a); ok != seen[a] {
				t.Fatalf("lookup %q found %v, given %v", a, ok, seen[a])
			}
		}
	})
}

// TestKey8KeepsStringOrder: the 8-byte search key never orders two
// strings the other way round from the strings themselves.
func TestKey8KeepsStringOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		gen := rapid.StringOfN(rapid.RuneFrom([]rune{0, 'a', 'b', 0xff}), 0, 12, -1)
		a, b := gen.Draw(t, "a"), gen.Draw(t, "b")
		if c := cmp.Compare(a, b); c != 0 && cmp.Compare(placement.Key8(a), placement.Key8(b)) == -c {
			t.Fatalf("key8(%q) = %#x, key8(%q) = %#x", a, placement.Key8(a), b, placement.Key8(b))
		}
	})
}

// TestStopIgnoresEmptyInstances: instances running no task change no
// stop decision, so a Cluster padded with many of them (which makes a
// stop order its few candidates by comparison instead of a pass over
// every instance) picks what the bare one picks.
func TestStopIgnoresEmptyInstances(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		inst := genInstances(t, 10)
		tasks := genTasks(t, inst, 20)
		req := placement.StopRequest{Group: rapid.SampledFrom(groups).Draw(t, "group"), Count: rapid.IntRange(0, 12).Draw(t, "count"),
			Strategy: genStrategy(t), Seed: rapid.Uint64().Draw(t, "seed")}
		want, err := placement.ChooseTasksToStop(inst, tasks, req)
		if err != nil {
			t.Fatal(err)
		}
		padded := slices.Clone(inst)
		for j := range 400 {
			padded = append(padded, newInstance(instanceOpts{index: 20 + j, az: "us-east-1z", cpu: 1024, mem: 1024, placeable: true}))
		}
		got, err := placement.ChooseTasksToStop(rapid.Permutation(padded).Draw(t, "padded"), tasks, req)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(want, got) {
			t.Fatalf("bare cluster stops %v, padded %v", want, got)
		}
	})
}
