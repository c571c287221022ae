package placement_test

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
)

// serviceMachine drives a service through scale-outs and scale-ins with the
// default strategy on a roomy cluster, applying every decision. Its
// reference model is just the per-AZ task count.
type serviceMachine struct {
	inst  []model.ContainerInstance
	tasks []model.Task
	zones []string
	next  int // task ARN counter
	want  int // tasks the service should have
}

func (m *serviceMachine) running() []model.Task {
	var out []model.Task
	for _, t := range m.tasks {
		if t.DesiredStatus != model.DesiredStatusStopped {
			out = append(out, t)
		}
	}
	return out
}

func (m *serviceMachine) scaleOut(t *rapid.T) {
	n := rapid.IntRange(1, 8).Draw(t, "out")
	res, err := placement.Place(m.inst, m.tasks, placement.Request{TaskDefinition: smallTask, Group: "service:web", Count: n})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Placements {
		if p.Reason != nil {
			t.Fatalf("roomy cluster could not place: %v", p.Reason)
		}
		m.tasks = append(m.tasks, model.Task{TaskARN: taskARN(m.next), Group: "service:web",
			ContainerInstanceARN: p.ContainerInstanceARN, DesiredStatus: model.DesiredStatusRunning})
		m.next++
	}
	m.want += n
}

func (m *serviceMachine) scaleIn(t *rapid.T) {
	n := rapid.IntRange(1, 8).Draw(t, "in")
	stop, err := placement.ChooseTasksToStop(m.inst, m.tasks, placement.StopRequest{Group: "service:web", Count: n})
	if err != nil {
		t.Fatal(err)
	}
	if len(stop) != min(n, m.want) {
		t.Fatalf("asked to stop %d of %d, got %d", n, m.want, len(stop))
	}
	for _, arn := range stop {
		for i := range m.tasks {
			if m.tasks[i].TaskARN == arn {
				m.tasks[i].DesiredStatus = model.DesiredStatusStopped
			}
		}
	}
	m.want -= len(stop)
}

func (m *serviceMachine) check(t *rapid.T) {
	if got := len(m.running()); got != m.want {
		t.Fatalf("service runs %d tasks, model says %d", got, m.want)
	}
	if n := azCounts(m.inst, m.tasks, "service:web", m.zones); spread(n) > 1 {
		t.Fatalf("AZ counts %v are more than one apart", n)
	}
}

// TestScaleOutAndInKeepAZBalance: any sequence of default scale-outs and
// scale-ins keeps the service's AZs within one task of each other.
func TestScaleOutAndInKeepAZBalance(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(1, 4).Draw(t, "zones")
		m := &serviceMachine{zones: zones[:k]}
		for i := range rapid.IntRange(k, 12).Draw(t, "instances") {
			m.inst = append(m.inst, newInstance(instanceOpts{index: i, az: zones[i%k], cpu: 1 << 20, mem: 1 << 20}))
		}
		t.Repeat(map[string]func(*rapid.T){
			"scaleOut": m.scaleOut,
			"scaleIn":  m.scaleIn,
			"":         m.check,
		})
	})
}
