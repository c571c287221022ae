package ecsstate

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

func loadSample(t testing.TB, edit func(*Snapshot)) *World {
	t.Helper()
	_, s := readSample(t)
	if edit != nil {
		edit(&s)
	}
	w, warns, err := Load(Options{Seed: 1}, s)
	if err != nil || len(warns) != 0 {
		t.Fatal(warns, err)
	}
	return w
}

var update8 = model.UpdateServiceRequest{Cluster: "prod", Service: "web", TaskDefinition: "web:8"}

// The sample: four tasks of web:7, minimum 100% and maximum 150%, spread
// over zones then instances. Floor ⌈4×100%⌉ = 4, ceiling ⌊4×150%⌋ = 6
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html):
// the first batch may only start 2 and stop none. Zone spread puts them in
// eu-west-1b and eu-west-1c (one task each, against two in 1a), and
// instance spread on the two empty instances there. In the end four web:8
// tasks run and the four web:7 tasks were stopped.
func TestPredictSample(t *testing.T) {
	w := loadSample(t, nil)
	p, err := w.Predict(update8, 2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if p.Floor != 4 || p.Ceiling != 6 || p.DesiredCount != 4 || !strings.HasSuffix(p.TaskDefinition, "/web:8") || p.Deployment == "" {
		t.Errorf("prediction header %+v", p)
	}
	if !p.Steady || !p.Completed || p.Stuck != nil || p.SteadyAt.IsZero() || !p.End.Equal(p.SteadyAt) {
		t.Fatalf("ending: steady %v completed %v stuck %+v", p.Steady, p.Completed, p.Stuck)
	}
	first := p.Batches[0]
	if len(first.Started) != 2 || len(first.Stopped) != 0 {
		t.Fatalf("first batch starts %d stops %d", len(first.Started), len(first.Stopped))
	}
	var got []string
	for _, s := range first.Started {
		got = append(got, s.AvailabilityZone+" "+shortID(s.ContainerInstanceARN))
	}
	slices.Sort(got)
	want := []string{"eu-west-1b 4d5e6f7a8b9c40d1e2f3a4b5c6d7e8f9", "eu-west-1c 5e6f7a8b9c0d41e2f3a4b5c6d7e8f9a0"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("first batch placement (-want +got):\n%s", diff)
	}
	started, stopped := 0, 0
	for _, b := range p.Batches {
		for _, s := range b.Started {
			started++
			if !strings.HasSuffix(s.TaskDefinition, "/web:8") || s.Deployment != p.Deployment {
				t.Errorf("started %+v", s)
			}
		}
		for _, s := range b.Stopped {
			stopped++
			if !strings.HasSuffix(s.TaskDefinition, "/web:7") || s.Reason != "Scaling activity initiated by (deployment "+p.Deployment+")" {
				t.Errorf("stopped %+v", s)
			}
		}
		if b.Floor != 4 || b.Ceiling != 6 {
			t.Errorf("batch bounds %d %d", b.Floor, b.Ceiling)
		}
	}
	if started != 4 || stopped != 4 {
		t.Errorf("started %d stopped %d, want 4 and 4", started, stopped)
	}
	last := p.Counts[len(p.Counts)-1].Deployments
	if len(last) != 1 || last[0].ID != p.Deployment || last[0].Running != 4 {
		t.Errorf("final counts %+v", last)
	}
	if n := len(p.Events); n < 2 || p.Events[n-1].Message != "(service web) has reached a steady state." {
		t.Errorf("events %+v", p.Events)
	}
	if _, err := json.Marshal(p); err != nil {
		t.Error(err)
	}
}

// Predict changes nothing in the world: same time, same timeline, same
// service, and a second prediction is the same as the first.
func TestPredictLeavesTheWorldAlone(t *testing.T) {
	w := loadSample(t, nil)
	now, tl := w.Now(), w.Timeline()
	before, _ := w.DescribeServices(model.DescribeServicesRequest{Cluster: "prod", Services: []string{"web"}})
	p1, err := w.Predict(update8, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := w.DescribeServices(model.DescribeServicesRequest{Cluster: "prod", Services: []string{"web"}})
	if !w.Now().Equal(now) || !cmp.Equal(tl, w.Timeline()) || !cmp.Equal(before, after) {
		t.Fatal("Predict changed the world")
	}
	p2, _ := w.Predict(update8, time.Hour)
	if diff := cmp.Diff(p1, p2); diff != "" {
		t.Errorf("second prediction differs:\n%s", diff)
	}
}

// A refused request returns the exception UpdateService returns.
func TestPredictRefused(t *testing.T) {
	w := loadSample(t, nil)
	for _, req := range []model.UpdateServiceRequest{
		{Cluster: "prod", Service: "api", TaskDefinition: "web:8"},
		{Cluster: "prod", Service: "web", TaskDefinition: "web:9"},
		{Cluster: "staging", Service: "web"},
		{Cluster: "prod", Service: "web", DesiredCount: model.Int32(-1)},
	} {
		_, want := w.Clone().UpdateService(req)
		_, err := w.Predict(req, time.Hour)
		var e *ecserrors.Error
		if want == nil || !errors.As(err, &e) || err.Error() != want.Error() {
			t.Errorf("%+v: %v, want %v", req, err, want)
		}
	}
	if _, err := w.Predict(update8, 0); !errors.Is(err, ecserrors.New(ecserrors.CodeInvalidParameter, "")) {
		t.Errorf("limit 0: %v", err)
	}
}

// How an update gets stuck, each with ECS's words.
func TestPredictStuck(t *testing.T) {
	noProgress := "(service web) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again."
	t.Run("minimum 100% and maximum 100%", func(t *testing.T) {
		w := loadSample(t, nil)
		req := update8
		req.DeploymentConfiguration = &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(100), MaximumPercent: model.Int32(100)}
		p, err := w.Predict(req, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if p.Stuck == nil || p.Stuck.Kind != StuckDeploymentConfiguration || p.Stuck.Reason != noProgress || p.Steady || p.Completed || len(p.Batches) != 0 {
			t.Errorf("stuck %+v steady %v batches %d", p.Stuck, p.Steady, len(p.Batches))
		}
		if p.End.Sub(p.Start) > time.Minute {
			t.Errorf("ran %s before saying it is stuck", p.End.Sub(p.Start))
		}
	})
	t.Run("placement", func(t *testing.T) {
		// web:8 asks for more memory than any instance registered.
		w := loadSample(t, func(s *Snapshot) {
			td := *s.TaskDefinitions[1].TaskDefinition
			td.ContainerDefinitions = slices.Clone(td.ContainerDefinitions)
			td.ContainerDefinitions[0].Memory = model.Int32(8192)
			s.TaskDefinitions[1].TaskDefinition = &td
		})
		p, err := w.Predict(update8, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if p.Stuck == nil || p.Stuck.Kind != StuckPlacement || !strings.HasPrefix(p.Stuck.Reason, "(service web) was unable to place a task because no container instance met all of its requirements.") ||
			!strings.Contains(p.Stuck.Reason, "insufficient memory") || p.Completed {
			t.Errorf("stuck %+v", p.Stuck)
		}
	})
	t.Run("circuit breaker with rollback", func(t *testing.T) {
		w := loadSample(t, nil)
		a := w.Agent()
		a.FailToStart = []Fault{{TaskDefinition: "web:8"}}
		w.SetAgent(a)
		p, err := w.Predict(update8, 2*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if p.Stuck == nil || p.Stuck.Kind != StuckCircuitBreaker || !strings.HasSuffix(p.Stuck.Reason, "deployment failed: tasks failed to start.") {
			t.Fatalf("stuck %+v", p.Stuck)
		}
		if !p.Steady || p.Completed {
			t.Errorf("steady %v completed %v: want steady on the rollback, not completed", p.Steady, p.Completed)
		}
		last := p.Counts[len(p.Counts)-1].Deployments
		if len(last) != 1 || !strings.HasSuffix(last[0].TaskDefinition, "/web:7") || last[0].Running != 4 {
			t.Errorf("after the rollback %+v", last)
		}
	})
	t.Run("circuit breaker without rollback", func(t *testing.T) {
		w := loadSample(t, func(s *Snapshot) { s.Services[0].DeploymentConfiguration.DeploymentCircuitBreaker.Rollback = false })
		a := w.Agent()
		a.FailToStart = []Fault{{TaskDefinition: "web:8"}}
		w.SetAgent(a)
		p, err := w.Predict(update8, 2*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if p.Stuck == nil || p.Stuck.Kind != StuckCircuitBreaker || p.Steady || p.Completed || p.End.Sub(p.Start) > 30*time.Minute {
			t.Errorf("stuck %+v steady %v, ran %s", p.Stuck, p.Steady, p.End.Sub(p.Start))
		}
	})
	t.Run("limit", func(t *testing.T) {
		w := loadSample(t, nil)
		p, err := w.Predict(update8, 30*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if p.Stuck == nil || p.Stuck.Kind != StuckLimit || p.Steady || !p.End.Equal(p.Start.Add(30*time.Second)) {
			t.Errorf("stuck %+v end %s", p.Stuck, p.End)
		}
	})
}

// fataler is what the reference needs of *testing.T and *rapid.T.
type fataler interface {
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// refBatch is a batch as read from the timeline: task IDs started and
// stopped at one time.
type refBatch struct {
	At      time.Time
	Started []string
	Stopped []string
}

var stoppedRE = regexp.MustCompile(`\(task ([0-9a-f]+)\)`)

// byHand is the reference for Predict: UpdateService on a clone, then
// Advance a second at a time, reading the timeline: a scheduler start is a
// TaskStatus record to PROVISIONING of the service, a stop is named by the
// "has stopped" service event, and the steady state is its event.
func byHand(t fataler, w *World, req model.UpdateServiceRequest, limit time.Duration) (batches []refBatch, steadyAt time.Time, err error) {
	c := w.Clone()
	if _, err := c.UpdateService(req); err != nil {
		return nil, time.Time{}, err
	}
	name, _, _ := model.ResolveService(req.Service)
	seq := c.TimelineSince(0)[len(c.TimelineSince(0))-1].Seq
	end := c.Now().Add(limit)
	var recs []Record
	for c.Now().Before(end) && steadyAt.IsZero() {
		if err := c.Advance(time.Second); err != nil {
			t.Fatal(err)
		}
		for _, r := range c.TimelineSince(seq) {
			seq = r.Seq
			if r.Service != name {
				continue
			}
			recs = append(recs, r)
			if r.Kind == RecordServiceEvent && r.Message == "(service "+name+") has reached a steady state." {
				steadyAt = r.At
			}
		}
	}
	at := func(ts time.Time) *refBatch {
		if n := len(batches); n > 0 && batches[n-1].At.Equal(ts) {
			return &batches[n-1]
		}
		batches = append(batches, refBatch{At: ts})
		return &batches[len(batches)-1]
	}
	for _, r := range recs {
		switch {
		case r.Kind == RecordTaskStatus && r.From == "" && r.To == string(model.TaskStatusProvisioning):
			b := at(r.At)
			b.Started = append(b.Started, shortID(r.Resource))
		case r.Kind == RecordServiceEvent && strings.Contains(r.Message, ") has stopped "):
			b := at(r.At)
			for _, m := range stoppedRE.FindAllStringSubmatch(r.Message, -1) {
				b.Stopped = append(b.Stopped, m[1])
			}
		}
	}
	return batches, steadyAt, nil
}

// asRef turns a prediction's batches into the reference's form, keeping
// those up to end.
func asRef(p *Prediction) []refBatch {
	var out []refBatch
	for _, b := range p.Batches {
		r := refBatch{At: b.At}
		for _, s := range b.Started {
			r.Started = append(r.Started, shortID(s.TaskARN))
		}
		for _, s := range b.Stopped {
			r.Stopped = append(r.Stopped, shortID(s.TaskARN))
		}
		out = append(out, r)
	}
	return out
}

func sameAsByHand(t fataler, w *World, req model.UpdateServiceRequest, limit time.Duration) Prediction {
	p, err := w.Predict(req, limit)
	ref, steadyAt, refErr := byHand(t, w, req, limit)
	if (err == nil) != (refErr == nil) || err != nil && err.Error() != refErr.Error() {
		t.Fatalf("Predict error %v, by hand %v", err, refErr)
	}
	if err != nil {
		return p
	}
	ref = slices.DeleteFunc(ref, func(b refBatch) bool { return b.At.After(p.End) })
	if diff := cmp.Diff(ref, asRef(&p)); diff != "" {
		t.Fatalf("batches (-by hand +Predict):\n%s", diff)
	}
	if p.Steady != !steadyAt.IsZero() || p.Steady && !p.SteadyAt.Equal(steadyAt) {
		t.Fatalf("Predict steady %v at %s, by hand at %s (stuck %+v)", p.Steady, p.SteadyAt, steadyAt, p.Stuck)
	}
	return p
}

// Predict agrees batch for batch with stepping a clone by hand, on the
// sample and its stuck variants.
func TestPredictAgreesWithSteppingByHand(t *testing.T) {
	sameAsByHand(t, loadSample(t, nil), update8, 2*time.Hour)
	w := loadSample(t, nil)
	a := w.Agent()
	a.FailToStart = []Fault{{TaskDefinition: "web:8", Probability: 0.5}}
	w.SetAgent(a)
	sameAsByHand(t, w, update8, 2*time.Hour)
	req := update8
	req.DesiredCount = model.Int32(9)
	sameAsByHand(t, loadSample(t, nil), req, 2*time.Hour)
}

// Over generated small clusters and services, Predict agrees with
// stepping by hand, and a prediction that completes ends with the
// desired count of the new revision running.
func TestPredictProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := New(Options{Seed: rapid.Uint64().Draw(t, "seed")})
		if _, err := w.CreateCluster(model.CreateClusterRequest{ClusterName: "prod"}); err != nil {
			t.Fatal(err)
		}
		zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
		for i := range rapid.IntRange(1, 5).Draw(t, "instances") {
			cpu := rapid.Int64Range(512, 4096).Draw(t, "cpu")
			mem := rapid.Int64Range(512, 8192).Draw(t, "mem")
			_, err := w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "prod",
				TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, cpu), model.IntegerResource(model.ResourceMemory, mem)},
				Attributes:     []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: zones[i%3]}}})
			if err != nil {
				t.Fatal(err)
			}
		}
		for i := range 2 {
			mem := rapid.Int32Range(128, 2048).Draw(t, fmt.Sprintf("td%d.mem", i+1))
			if _, err := w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "web",
				ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: "nginx", CPU: 128, Memory: model.Int32(mem)}}}); err != nil {
				t.Fatal(err)
			}
		}
		desired := rapid.Int32Range(1, 5).Draw(t, "desired")
		minP := rapid.SampledFrom([]int32{0, 50, 100}).Draw(t, "min")
		maxP := rapid.SampledFrom([]int32{100, 150, 200}).Draw(t, "max")
		var strategy []model.PlacementStrategy
		if rapid.Bool().Draw(t, "spread") {
			strategy = []model.PlacementStrategy{{Type: model.PlacementStrategyTypeSpread, Field: "attribute:ecs.availability-zone"}}
		}
		breaker := &model.DeploymentCircuitBreaker{Enable: rapid.Bool().Draw(t, "breaker"), Rollback: rapid.Bool().Draw(t, "rollback")}
		if _, err := w.CreateService(model.CreateServiceRequest{Cluster: "prod", ServiceName: "web", TaskDefinition: "web:1",
			DesiredCount: model.Int32(desired), PlacementStrategy: strategy,
			DeploymentConfiguration: &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(minP), MaximumPercent: model.Int32(maxP),
				DeploymentCircuitBreaker: breaker}}); err != nil {
			t.Fatal(err)
		}
		// Tasks of web:2 may fail to start, some or all.
		if p := rapid.SampledFrom([]float64{-1, 0.3, 0}).Draw(t, "failToStart"); p >= 0 {
			a := w.Agent()
			a.FailToStart = []Fault{{TaskDefinition: "web:2", Probability: p}}
			w.SetAgent(a)
		}
		if err := w.Advance(rapid.SampledFrom([]time.Duration{0, time.Minute, 10 * time.Minute}).Draw(t, "settle")); err != nil {
			t.Fatal(err)
		}
		req := model.UpdateServiceRequest{Cluster: "prod", Service: "web", TaskDefinition: "web:2"}
		if rapid.Bool().Draw(t, "scale") {
			req.DesiredCount = model.Int32(rapid.Int32Range(1, 6).Draw(t, "newDesired"))
		}
		p := sameAsByHand(t, w, req, 30*time.Minute)
		if p.Stuck != nil && p.Stuck.Kind == StuckCircuitBreaker && !breaker.Enable {
			t.Fatalf("stuck by a circuit breaker that is off: %+v", p.Stuck)
		}
		if p.Completed {
			last := p.Counts[len(p.Counts)-1].Deployments
			if len(last) != 1 || last[0].ID != p.Deployment || last[0].Running != p.DesiredCount || last[0].Pending != 0 {
				t.Fatalf("completed with counts %+v", last)
			}
		}
	})
}

// FuzzPredict: any UpdateService body against the sample is predicted or
// refused with ECS's exception, never a panic, and the prediction encodes.
func FuzzPredict(f *testing.F) {
	for _, s := range []string{
		`{"cluster":"prod","service":"web","taskDefinition":"web:8"}`,
		`{"cluster":"prod","service":"web","desiredCount":0}`,
		`{"cluster":"prod","service":"web","desiredCount":2147483647}`,
		`{"cluster":"prod","service":"web","deploymentConfiguration":{"minimumHealthyPercent":0,"maximumPercent":2147483647},"forceNewDeployment":true}`,
		`{"cluster":"prod","service":"web","placementStrategy":[{"type":"binpack","field":"memory"}],"forceNewDeployment":true}`,
		`{"cluster":"prod","service":"web","placementConstraints":[{"type":"memberOf","expression":"attribute:ecs.availability-zone == eu-west-1a"}],"forceNewDeployment":true}`,
	} {
		f.Add([]byte(s))
	}
	w := loadSample(f, nil)
	f.Fuzz(func(t *testing.T, body []byte) {
		var req model.UpdateServiceRequest
		if json.Unmarshal(body, &req) != nil {
			return
		}
		p, err := w.Predict(req, 20*time.Minute)
		if err != nil {
			var e *ecserrors.Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %T %v", err, err)
			}
			return
		}
		if _, err := json.Marshal(p); err != nil {
			t.Fatal(err)
		}
	})
}

// Two services created at the same virtual instant get the same
// deployment ID (IDs come from the time); each still keeps its own tasks,
// and a prediction for one leaves the other alone.
func TestServicesCreatedTogetherKeepTheirTasks(t *testing.T) {
	w := New(Options{Seed: 1})
	fleet(t, w, []fleetInstance{{zone: "us-east-1a", version: "1.101.0"}, {zone: "us-east-1b", version: "1.101.0"}})
	for _, f := range []string{"web", "api"} {
		if _, err := w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: f,
			ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: "nginx", CPU: 128, Memory: model.Int32(256)}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.CreateService(model.CreateServiceRequest{Cluster: "prod", ServiceName: f, TaskDefinition: f, DesiredCount: model.Int32(2)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Advance(10 * time.Minute); err != nil {
		t.Fatal(err)
	}
	ds, _ := w.DescribeServices(model.DescribeServicesRequest{Cluster: "prod", Services: []string{"web", "api"}})
	if ds.Services[0].Deployments[0].ID != ds.Services[1].Deployments[0].ID {
		t.Log("the deployment IDs differ; the test no longer covers a shared ID")
	}
	for _, s := range ds.Services {
		if s.RunningCount != 2 {
			t.Errorf("%s runs %d tasks, want 2", s.ServiceName, s.RunningCount)
		}
	}
	for _, r := range w.Timeline() {
		if r.Kind == RecordTaskStatus && r.To == string(model.TaskStatusStopped) {
			t.Errorf("a task stopped: %s", r)
		}
	}
	p, err := w.Predict(model.UpdateServiceRequest{Cluster: "prod", Service: "web", ForceNewDeployment: model.Bool(true)}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range p.Batches {
		for _, s := range b.Stopped {
			if !strings.HasSuffix(s.TaskDefinition, "/web:1") {
				t.Errorf("the rollout of web stops %s", s.TaskDefinition)
			}
		}
	}
}
