package main

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// R's quantile(x, type = 7) on 1..10 and on a shuffled small sample: the
// values the R-7 rule gives, worked by hand: position (n-1)q.
func TestQuantilesR7(t *testing.T) {
	one2ten := []float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}
	got := quantiles(one2ten, 0, 0.25, 0.5, 0.9, 0.99, 1)
	want := []float64{1, 3.25, 5.5, 9.1, 9.91, 10}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 })); diff != "" {
		t.Errorf("quantiles (-want +got):\n%s", diff)
	}
	if one2ten[0] != 10 {
		t.Error("quantiles sorted its input")
	}
	if got := quantiles([]float64{4}, 0.5, 0.99); got[0] != 4 || got[1] != 4 {
		t.Errorf("one value: %v", got)
	}
	if quantiles(nil, 0.5) != nil {
		t.Error("no values should give no quantiles")
	}
}

// The report's runs add up, and with no failures every deployment completes.
func TestReport(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-runs", "20", "-failrate", "0"}, &out); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`completed: 20 runs; minutes p50 [\d.]+`).MatchString(out.String()) ||
		!regexp.MustCompile(`rolled back by the circuit breaker: none`).MatchString(out.String()) {
		t.Errorf("with no failures:\n%s", out.String())
	}
	out.Reset()
	if err := run([]string{"-runs", "40", "-failrate", "0.4"}, &out); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, m := range regexp.MustCompile(`: (\d+) runs;`).FindAllStringSubmatch(out.String(), -1) {
		n, _ := strconv.Atoi(m[1])
		total += n
	}
	if total != 40 || !regexp.MustCompile(`rolled back by the circuit breaker: \d+ runs`).MatchString(out.String()) {
		t.Errorf("40 runs at 40%% failures (outcomes add up to %d):\n%s", total, out.String())
	}
}
