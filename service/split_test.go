package service_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

type cp = model.CapacityProviderStrategyItem

// The worked examples from the capacity provider
// pages: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html
// and https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html
func TestSplitDocumentedExamples(t *testing.T) {
	cases := []struct {
		name     string
		strategy []cp
		count    int32
		want     []int32
	}{
		{"base 2 weight 1 with weight 4, 12 tasks", []cp{{CapacityProvider: "FARGATE", Base: 2, Weight: 1}, {CapacityProvider: "FARGATE_SPOT", Weight: 4}}, 12, []int32{4, 8}},
		{"1:1, 5 tasks, tie to the first", []cp{{CapacityProvider: "A", Weight: 1}, {CapacityProvider: "B", Weight: 1}}, 5, []int32{3, 2}},
		{"1:1 even split", []cp{{CapacityProvider: "A", Weight: 1}, {CapacityProvider: "B", Weight: 1}}, 6, []int32{3, 3}},
		{"1:4, one on A for every four on B", []cp{{CapacityProvider: "A", Weight: 1}, {CapacityProvider: "B", Weight: 4}}, 10, []int32{2, 8}},
		{"count below base: all to the base provider", []cp{{CapacityProvider: "A", Base: 10, Weight: 1}, {CapacityProvider: "B", Weight: 9}}, 4, []int32{4, 0}},
		{"weight 0 gets only its base", []cp{{CapacityProvider: "A", Base: 3}, {CapacityProvider: "B", Weight: 1}}, 10, []int32{3, 7}},
		{"base on the second provider", []cp{{CapacityProvider: "A", Weight: 1}, {CapacityProvider: "B", Base: 1, Weight: 1}}, 4, []int32{2, 2}},
		{"largest remainder: shares 0.75 0.75 1.5", []cp{{CapacityProvider: "A", Weight: 1}, {CapacityProvider: "B", Weight: 1}, {CapacityProvider: "C", Weight: 2}}, 3, []int32{1, 1, 1}},
		{"largest remainder: shares 0.67 1.33", []cp{{CapacityProvider: "A", Weight: 1}, {CapacityProvider: "B", Weight: 2}}, 2, []int32{1, 1}},
		{"zero tasks", []cp{{CapacityProvider: "A", Base: 5, Weight: 1}}, 0, []int32{0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := service.Split(c.strategy, c.count)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSplitRejectsInvalidInput(t *testing.T) {
	for _, c := range []struct {
		strategy []cp
		count    int32
	}{
		{nil, 1},
		{[]cp{{CapacityProvider: "A"}}, 1},
		{[]cp{{CapacityProvider: "A", Weight: 1}}, -1},
		{[]cp{{CapacityProvider: "A", Weight: 1, Base: 1}, {CapacityProvider: "B", Weight: 1, Base: 1}}, 3},
	} {
		if _, err := service.Split(c.strategy, c.count); ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter {
			t.Errorf("%+v %d: err = %v", c.strategy, c.count, err)
		}
	}
}

// strategyGen draws a valid strategy of 1 to 6 providers, at most one
// with a base, at least one weight above 0.
func strategyGen() *rapid.Generator[[]cp] {
	return rapid.Custom(func(t *rapid.T) []cp {
		n := rapid.IntRange(1, 6).Draw(t, "providers")
		s := make([]cp, n)
		for i := range s {
			s[i] = cp{CapacityProvider: string(rune('A' + i)), Weight: int32(rapid.IntRange(0, 1000).Draw(t, "weight"))}
		}
		s[rapid.IntRange(0, n-1).Draw(t, "weighted")].Weight = int32(rapid.IntRange(1, 1000).Draw(t, "positive"))
		if rapid.Bool().Draw(t, "base?") {
			s[rapid.IntRange(0, n-1).Draw(t, "baseAt")].Base = int32(rapid.IntRange(0, 100000).Draw(t, "base"))
		}
		return s
	})
}

func TestSplitSumsToTheCount(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := strategyGen().Draw(t, "strategy")
		n := rapid.Int32Range(0, 1<<31-1).Draw(t, "count")
		got, err := service.Split(s, n)
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		for _, v := range got {
			sum += int64(v)
		}
		if sum != int64(n) {
			t.Fatalf("split %v sums to %d, want %d", got, sum, n)
		}
	})
}

func TestSplitRespectsBaseAndZeroWeights(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := strategyGen().Draw(t, "strategy")
		n := rapid.Int32Range(0, 200000).Draw(t, "count")
		got, _ := service.Split(s, n)
		var base int64
		for _, it := range s {
			base += int64(it.Base)
		}
		left := max(0, int64(n)-base)
		var total int64
		for _, it := range s {
			total += int64(it.Weight)
		}
		for i, it := range s {
			gotBase := min(int64(it.Base), int64(n))
			extra := int64(got[i]) - gotBase
			if extra < 0 {
				t.Fatalf("provider %d got %d, below its base %d of %d", i, got[i], it.Base, n)
			}
			if it.Weight == 0 && extra != 0 {
				t.Fatalf("weight-0 provider %d got %d beyond its base", i, extra)
			}
			// Within one task of the exact share (largest remainder).
			exact := float64(left) * float64(it.Weight) / float64(total)
			if float64(extra) < exact-1 || float64(extra) > exact+1 {
				t.Fatalf("provider %d got %d beyond base, exact share %.3f", i, extra, exact)
			}
		}
	})
}
