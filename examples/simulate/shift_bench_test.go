package main

import (
	"fmt"
	"io"
	"os"
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
)

// BenchmarkShiftScenario runs the canary scenario's shape at ECS scale
// beside the same run as a rolling deployment (minimum 50%, maximum
// 200%), the baseline: n tasks on n instances, scaled up at the start,
// deployed to web:2 at 5m, simulated to 25m with the timeline discarded.
// Both pay for the runner's samples after every scheduler run; the canary
// also for reading its service deployment and traffic each time, for
// running both revisions at full size through the bakes, and for the
// world's traffic-shifting machine.
func BenchmarkShiftScenario(b *testing.B) {
	raw, err := os.ReadFile(canaryPath)
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{500, 5000} {
		for _, strategy := range []string{"rolling", "canary"} {
			b.Run(fmt.Sprintf("%s/tasks=%d", strategy, n), func(b *testing.B) {
				scn, err := parseScenario(raw)
				if err != nil {
					b.Fatal(err)
				}
				scn.Instances, scn.HookAnswers = n, nil
				scn.DeploymentConfiguration = &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyCanary,
					CanaryConfiguration: &model.CanaryConfiguration{CanaryPercent: new(20.0), CanaryBakeTimeInMinutes: model.Int32(5)},
					BakeTimeInMinutes:   model.Int32(5)}
				if strategy == "rolling" {
					scn.DeploymentConfiguration = &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(50), MaximumPercent: model.Int32(200)}
				}
				scn.Actions = []Action{
					{UpdateService: &model.UpdateServiceRequest{DesiredCount: model.Int32(int32(n))}},
					{At: Duration(5 * time.Minute), UpdateService: &model.UpdateServiceRequest{TaskDefinition: "web:2"}},
				}
				scn.Until = Duration(25 * time.Minute)
				if err := scn.check(); err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					h, err := simulate(scn, 1, io.Discard)
					if err != nil {
						b.Fatal(err)
					}
					if last := h.Samples[len(h.Samples)-1]; last.Running.ByRevision["web:2"] != n {
						b.Fatalf("web:2 runs %d of %d tasks at the end", last.Running.ByRevision["web:2"], n)
					}
				}
			})
		}
	}
}
