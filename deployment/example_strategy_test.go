package deployment_test

import (
	"fmt"
	"time"

	"github.com/ecsstate/ecsstate/deployment"
	"github.com/ecsstate/ecsstate/model"
)

// A canary deployment of 4 tasks with the documented defaults (5% of
// production traffic, a 10-minute canary bake) and a 5-minute bake time:
// the caller reports the green tasks it runs and reads the weights.
func ExampleShift() {
	dc := &model.DeploymentConfiguration{Strategy: model.DeploymentStrategyCanary, BakeTimeInMinutes: model.Int32(5)}
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	s, _ := deployment.StartShift(dc, 4, false, now)
	show := func(at time.Duration, in deployment.ShiftInput) {
		s = deployment.Shift(dc, s, in, now.Add(at))
		fmt.Printf("+%-4v %-30s %-11s green %d blue %d  production %v/%v  test %v/%v\n", at, s.Stage, s.Status,
			s.GreenDesired, s.BlueDesired, s.ProductionBlue, s.ProductionGreen, s.TestBlue, s.TestGreen)
	}
	show(0, deployment.ShiftInput{BlueTasks: 4})
	show(time.Minute, deployment.ShiftInput{GreenHealthy: 4, GreenTasks: 4, BlueTasks: 4})
	show(11*time.Minute, deployment.ShiftInput{GreenHealthy: 4, GreenTasks: 4, BlueTasks: 4})
	show(16*time.Minute, deployment.ShiftInput{GreenHealthy: 4, GreenTasks: 4, BlueTasks: 4})
	show(17*time.Minute, deployment.ShiftInput{GreenHealthy: 4, GreenTasks: 4})
	// Output:
	// +0s   SCALE_UP                       IN_PROGRESS green 4 blue 4  production 100/0  test 100/0
	// +1m0s PRODUCTION_TRAFFIC_SHIFT       IN_PROGRESS green 4 blue 4  production 95/5  test 0/100
	// +11m0s BAKE_TIME                      IN_PROGRESS green 4 blue 4  production 0/100  test 0/100
	// +16m0s CLEAN_UP                       IN_PROGRESS green 4 blue 0  production 0/100  test 0/100
	// +17m0s CLEAN_UP                       SUCCESSFUL  green 4 blue 0  production 0/100  test 0/100
}
