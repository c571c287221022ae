package deployment

import "testing"

// Tasks leaving a DRAINING instance hold their room under the ceiling
// until they have stopped: "If the maximum is 100%, then replacement tasks
// can't start until the draining tasks have stopped."
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html
// Truly unhealthy tasks keep the stop-first replacement of the rolling
// update page (the room is used in the same step).
func TestDrainingTasksHoldTheirRoom(t *testing.T) {
	cfg := Config{MinimumHealthyPercent: 50, MaximumPercent: 100}
	cases := []struct {
		name      string
		dep       DeploymentTasks
		wantStart int32
		wantStop  int32
	}{
		{"truly unhealthy: stop one, start at once", DeploymentTasks{ID: "p", Tasks: Tasks{Healthy: 2, Unhealthy: 1}}, 1, 1},
		{"draining: stop one, start nothing yet", DeploymentTasks{ID: "p", Tasks: Tasks{Healthy: 2, Unhealthy: 1}, DrainingUnhealthy: 1}, 0, 1},
		{"draining task still stopping: no start", DeploymentTasks{ID: "p", Tasks: Tasks{Healthy: 2, Stopping: 1}, DrainingStopping: 1}, 0, 0},
		{"ordinary stopping task: start", DeploymentTasks{ID: "p", Tasks: Tasks{Healthy: 2, Stopping: 1}}, 1, 0},
		{"draining task stopped: start", DeploymentTasks{ID: "p", Tasks: Tasks{Healthy: 2}}, 1, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := Input{ServiceName: "web", DesiredCount: 3, Config: cfg, Deployments: []DeploymentTasks{c.dep}}
			d, err := Plan(&in)
			if err != nil {
				t.Fatal(err)
			}
			var stops int32
			for _, s := range d.Stops {
				stops += s.Count
			}
			if d.Start != c.wantStart || stops != c.wantStop {
				t.Errorf("start %d stop %d, want %d %d", d.Start, stops, c.wantStart, c.wantStop)
			}
		})
	}
	bad := Input{DesiredCount: 1, Config: cfg, Deployments: []DeploymentTasks{{ID: "p", Tasks: Tasks{Unhealthy: 1}, DrainingUnhealthy: 2}}}
	if _, err := Plan(&bad); err == nil {
		t.Error("more draining than unhealthy tasks accepted")
	}
}
