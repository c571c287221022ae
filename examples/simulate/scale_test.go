package main

import (
	"bytes"
	"fmt"
	"regexp"
	"testing"
)

// The -size flag runs the whole deployment and says what it cost; a small
// size keeps the test fast (the benchmarks below run the big ones).
func TestSizeFlag(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-size", "300"}, &out); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`steady on web:2 after \S+ of simulated time and \d+ scheduler steps\n.* s wall, .*\n  peak resident memory [\d.]+ MB`).MatchString(out.String()) {
		t.Errorf("output:\n%s", out.String())
	}
	// Where CPU use is measured, the total is the user and system times
	// the report gives beside it.
	m := regexp.MustCompile(`([\d.]+) s CPU \(.*\): ([\d.]+) s user, ([\d.]+) s system, (\d+) page faults`).FindStringSubmatch(out.String())
	if m == nil {
		if _, ok := processCPU(); ok {
			t.Errorf("no CPU use in:\n%s", out.String())
		}
		return
	}
	var total, user, sys float64
	fmt.Sscan(m[1]+" "+m[2]+" "+m[3], &total, &user, &sys)
	if diff := total - user - sys; diff > 0.0015 || diff < -0.0015 {
		t.Errorf("%s s CPU is not %s s user and %s s system", m[1], m[2], m[3])
	}
}

// BenchmarkRollingDeployment is the whole rolling deployment of an N-task
// service on N instances over three zones (minimum 50%, maximum 200%),
// simulated on the world from UpdateService to steady state: every
// scheduler run and every agent event. Building
// the cluster and its N running tasks is not timed. 5,000 is ECS's quota of
// tasks per service; 50,000 shows how the cost grows beyond it.
//
//	go test -run x -bench RollingDeployment -benchmem ./examples/simulate
func BenchmarkRollingDeployment(b *testing.B) {
	for _, n := range []int{500, 5000, 50000} {
		b.Run(fmt.Sprintf("tasks=%d", n), func(b *testing.B) {
			steps := 0
			for b.Loop() {
				b.StopTimer()
				w, err := scaleWorld(n, 1)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				n, err := deployToSteadyState(w, nil)
				if err != nil {
					b.Fatal(err)
				}
				steps = n
			}
			b.ReportMetric(float64(steps), "steps")
		})
	}
}

// BenchmarkRollingDeployment5000 is the target on its own: under a
// second of CPU on one core for the whole deployment.
func BenchmarkRollingDeployment5000(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		w, err := scaleWorld(5000, 1)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := deployToSteadyState(w, nil); err != nil {
			b.Fatal(err)
		}
	}
}
