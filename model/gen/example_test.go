package gen_test

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model/gen"
)

// Draw a cluster of 6 instances over 3 Availability Zones. In a property
// test use gen.Cluster(6, 3).Draw(t, "cluster"); Example draws one value
// from a fixed seed, which is handy for documentation and debugging.
func ExampleCluster() {
	c := gen.Cluster(6, 3).Example(1)
	perAZ := map[string]int{}
	for i := range c.Instances {
		perAZ[c.Instances[i].AvailabilityZone()[len(c.Account.Region):]]++
	}
	fmt.Println(len(c.Instances), perAZ)
	// Output: 6 map[a:2 b:2 c:2]
}

// TestClusterZonesAreBalanced: gen.Cluster spreads n instances over k
// zones with n/k or n/k+1 in each, as its documentation promises.
func TestClusterZonesAreBalanced(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n, k := rapid.IntRange(0, 30).Draw(t, "n"), rapid.IntRange(1, 5).Draw(t, "k")
		c := gen.Cluster(n, k).Draw(t, "cluster")
		perAZ := map[string]int{}
		for i := range c.Instances {
			perAZ[c.Instances[i].AvailabilityZone()]++
		}
		for az, m := range perAZ {
			if m < n/k || m > n/k+1 {
				t.Fatalf("zone %s has %d of %d instances over %d zones", az, m, n, k)
			}
		}
		if len(c.Instances) != n {
			t.Fatalf("%d instances, want %d", len(c.Instances), n)
		}
	})
}
