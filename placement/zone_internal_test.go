package placement

import (
	"fmt"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
)

// TestNewClusterNumbersZonesByName: however many zones (past the few
// NewCluster searches one by one), a cluster's zones are the instances'
// distinct zones in name order, and each instance holds its own zone's
// number.
func TestNewClusterNumbersZonesByName(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(1, 3*zoneScan).Draw(t, "zones")
		n := rapid.IntRange(0, 60).Draw(t, "instances")
		insts := make([]model.ContainerInstance, n)
		for i := range insts {
			az := fmt.Sprintf("zone-%d", rapid.IntRange(0, k-1).Draw(t, "zone"))
			insts[i] = model.ContainerInstance{ContainerInstanceARN: fmt.Sprintf("arn:aws:ecs:us-east-1:000000000000:container-instance/c/%04d", i),
				Attributes: []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: az}}}
		}
		c, err := NewCluster(insts, nil)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for i := range insts {
			want = append(want, insts[i].AvailabilityZone())
		}
		slices.Sort(want)
		want = slices.Compact(want)
		if !slices.Equal(c.zones, want) {
			t.Fatalf("zones %q, want %q", c.zones, want)
		}
		for r := range c.inst {
			if got, az := c.zones[c.inst[r].zone], c.inst[r].ci.AvailabilityZone(); got != az {
				t.Fatalf("instance %s is numbered in zone %s, is in %s", c.inst[r].ci.ContainerInstanceARN, got, az)
			}
		}
	})
}

// TestLowerBoundIsBinarySearch: lowerBound finds what slices.BinarySearch
// finds in any sorted keys, runs of equal keys included.
func TestLowerBoundIsBinarySearch(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		keys := rapid.SliceOfN(rapid.Uint64Range(0, 40), 0, 70).Draw(t, "keys")
		slices.Sort(keys)
		for k := uint64(0); k <= 41; k++ {
			want, _ := slices.BinarySearch(keys, k)
			if got := lowerBound(keys, k); got != want {
				t.Fatalf("lowerBound(%v, %d) = %d, want %d", keys, k, got, want)
			}
		}
	})
}
