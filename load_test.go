package ecsstate

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// sampleFiles are real describe-* outputs (as the AWS CLI prints them) of a
// four-task service "web" on six instances in three zones.
var sampleFiles = []string{"services.json", "container-instances.json", "tasks.json", "task-definition-web-7.json", "task-definition-web-8.json"}

func readSample(t testing.TB) ([][]byte, Snapshot) {
	t.Helper()
	var docs [][]byte
	var s Snapshot
	for _, f := range sampleFiles {
		b, err := os.ReadFile(filepath.Join("examples", "plan", "sample", f))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, b)
		if err := s.AddJSON(b); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	return docs, s
}

var isoRE = regexp.MustCompile(`"(\d{4}-\d\d-\d\dT[0-9:.]+[+-]\d\d:\d\d)"`)

// The sample is consistent, so it loads without a warning; the world then
// describes what the files describe, and its clock starts at the newest
// timestamp in them (found here by scanning the raw text).
func TestLoadSample(t *testing.T) {
	docs, s := readSample(t)
	if len(s.Services) != 1 || len(s.ContainerInstances) != 6 || len(s.Tasks) != 4 || len(s.TaskDefinitions) != 2 {
		t.Fatalf("snapshot holds %d services, %d instances, %d tasks, %d task definitions", len(s.Services), len(s.ContainerInstances), len(s.Tasks), len(s.TaskDefinitions))
	}
	w, warns, err := Load(Options{Seed: 1}, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 0 {
		t.Errorf("warnings on a consistent snapshot: %v", warns)
	}
	var latest time.Time
	for _, d := range docs {
		for _, m := range isoRE.FindAllSubmatch(d, -1) {
			ts, err := time.Parse("2006-01-02T15:04:05.999999-07:00", string(m[1]))
			if err != nil {
				t.Fatal(err)
			}
			if ts.After(latest) {
				latest = ts
			}
		}
	}
	if !w.Now().Equal(latest) {
		t.Errorf("clock %s, want the newest timestamp %s", w.Now(), latest)
	}
	if got := w.Account(); got != (model.Account{Partition: "aws", Region: "eu-west-1", AccountID: "123456789012"}) {
		t.Errorf("account %+v", got)
	}
	ds, err := w.DescribeServices(model.DescribeServicesRequest{Cluster: "prod", Services: []string{"web"}})
	if err != nil || len(ds.Services) != 1 {
		t.Fatal(ds, err)
	}
	sv := ds.Services[0]
	if sv.RunningCount != 4 || sv.DesiredCount != 4 || len(sv.Deployments) != 1 || sv.Deployments[0].ID != s.Services[0].Deployments[0].ID {
		t.Errorf("service: running %d desired %d deployments %+v", sv.RunningCount, sv.DesiredCount, sv.Deployments)
	}
	// "family:revision" resolves in the snapshot's account.
	if _, err := w.DescribeTaskDefinition(model.DescribeTaskDefinitionRequest{TaskDefinition: "web:8"}); err != nil {
		t.Error(err)
	}
	di, err := w.DescribeContainerInstances(model.DescribeContainerInstancesRequest{Cluster: "prod",
		ContainerInstances: []string{s.ContainerInstances[0].ContainerInstanceARN, s.ContainerInstances[4].ContainerInstanceARN}})
	if err != nil || len(di.ContainerInstances) != 2 {
		t.Fatal(di, err)
	}
	for i, want := range []model.ContainerInstance{s.ContainerInstances[0], s.ContainerInstances[4]} {
		got := di.ContainerInstances[i]
		if got.Remaining().CPU != want.Remaining().CPU || got.Remaining().Memory != want.Remaining().Memory ||
			got.RunningTasksCount != want.RunningTasksCount || got.Version != want.Version {
			t.Errorf("instance %d: remaining %+v running %d version %d, want %+v %d %d", i, got.Remaining(), got.RunningTasksCount, got.Version,
				want.Remaining(), want.RunningTasksCount, want.Version)
		}
	}
	// A loaded world runs: with nothing to do the service stays as it is.
	if err := w.Advance(5 * time.Minute); err != nil {
		t.Fatal(err)
	}
	ds, _ = w.DescribeServices(model.DescribeServicesRequest{Cluster: "prod", Services: []string{"web"}})
	if ds.Services[0].RunningCount != 4 {
		t.Errorf("after 5 minutes running %d", ds.Services[0].RunningCount)
	}
}

// Each inconsistency of a snapshot is one warning naming the resource, and
// Load does what its documentation says with it.
func TestLoadWarnings(t *testing.T) {
	_, base := readSample(t)
	clone := func() Snapshot {
		var s Snapshot
		b, _ := json.Marshal(base)
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	svcARN := base.Services[0].ServiceARN
	task0 := base.Tasks[0].TaskARN
	inst0 := base.Tasks[0].ContainerInstanceARN
	for _, tc := range []struct {
		name      string
		edit      func(*Snapshot)
		want      []Warning
		running   int32 // the service's runningCount once loaded
		instances int
	}{
		{"no tasks given", func(s *Snapshot) { s.Tasks = nil }, append(instanceWarnings(base, 0, 1, 2, 3),
			Warning{svcARN, "runningCount 4 but 0 running tasks given"}), 0, 6},
		{"task on an unknown instance", func(s *Snapshot) {
			s.ContainerInstances = slices.DeleteFunc(s.ContainerInstances, func(c model.ContainerInstance) bool { return c.ContainerInstanceARN == inst0 })
		},
			[]Warning{{task0, "its container instance " + inst0 + " is not in the snapshot: dropped"}, {svcARN, "runningCount 4 but 3 running tasks given"}}, 3, 5},
		{"unknown task definition", func(s *Snapshot) { s.TaskDefinitions = s.TaskDefinitions[1:] }, append([]Warning{
			{svcARN, "deployment ecs-svc/9223370273512345678 uses arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7, which the snapshot does not describe: dropped (add its describe-task-definition output)"},
			{task0, "its task definition arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7 is not in the snapshot: dropped"},
			{base.Tasks[1].TaskARN, "its task definition arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7 is not in the snapshot: dropped"},
			{base.Tasks[2].TaskARN, "its task definition arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7 is not in the snapshot: dropped"},
			{base.Tasks[3].TaskARN, "its task definition arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7 is not in the snapshot: dropped"}},
			instanceWarnings(base, 0, 1, 2, 3)...), -1, 6},
		{"duplicate task", func(s *Snapshot) { s.Tasks = append(s.Tasks, s.Tasks[0]) }, []Warning{{task0, "described twice: the first is kept"}}, 4, 6},
		{"duplicate instance, its second description inconsistent", func(s *Snapshot) {
			ci := s.ContainerInstances[0].Clone()
			ci.RunningTasksCount = 7
			s.ContainerInstances = append(s.ContainerInstances, ci)
		}, []Warning{{base.ContainerInstances[0].ContainerInstanceARN, "described twice: the first is kept"}}, 4, 6},
		{"task of another service", func(s *Snapshot) {
			x := s.Tasks[0]
			x.TaskARN = strings.Replace(x.TaskARN, "8f1c", "9f1c", 1)
			x.Group = "service:api"
			x.ContainerInstanceARN = s.ContainerInstances[4].ContainerInstanceARN
			s.Tasks = append(s.Tasks, x)
		}, []Warning{
			{strings.Replace(task0, "8f1c", "9f1c", 1), "its service api is not in the snapshot: kept, as load on its instance"},
			{base.ContainerInstances[4].ContainerInstanceARN, "runningTasksCount 0 and pendingTasksCount 0 but 1 running and 0 pending tasks given"},
			{base.ContainerInstances[4].ContainerInstanceARN, "remainingResources CPU 2048, MEMORY 3843 but 1536 and 2819 once its tasks given are taken from its registered resources"},
		}, 4, 6},
		{"describe failure", func(s *Snapshot) {
			s.Failures = []model.Failure{{ARN: "arn:aws:ecs:eu-west-1:123456789012:service/prod/api", Reason: "MISSING"}}
		},
			[]Warning{{"arn:aws:ecs:eu-west-1:123456789012:service/prod/api", "not described: MISSING"}}, 4, 6},
		{"daemon service with maximumPercent 150", func(s *Snapshot) { s.Services[0].SchedulingStrategy = model.SchedulingStrategyDaemon }, []Warning{
			{svcARN, "the service scheduler cannot run it (InvalidParameterException: deploymentConfiguration.maximumPercent: a DAEMON service takes only 100, got 150.): dropped"}}, -1, 6},
		{"daemon service", func(s *Snapshot) {
			s.Services[0].SchedulingStrategy = model.SchedulingStrategyDaemon
			s.Services[0].DeploymentConfiguration.MaximumPercent, s.Services[0].DeploymentConfiguration.MinimumHealthyPercent = model.Int32(100), model.Int32(0)
		}, nil, 4, 6},
		{"old-form instance ARN with one cluster", func(s *Snapshot) {
			old := strings.Replace(s.ContainerInstances[5].ContainerInstanceARN, "container-instance/prod/", "container-instance/", 1)
			s.ContainerInstances[5].ContainerInstanceARN = old
		}, nil, 4, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := clone()
			tc.edit(&s)
			w, warns, err := Load(Options{Seed: 1}, s)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(warns, tc.want) {
				t.Errorf("warnings:\n%s\nwant:\n%s", joinWarnings(warns), joinWarnings(tc.want))
			}
			if tc.running >= 0 {
				ds, err := w.DescribeServices(model.DescribeServicesRequest{Cluster: "prod", Services: []string{"web"}})
				if err != nil || len(ds.Services) != 1 {
					t.Fatal(ds, err)
				}
				if ds.Services[0].RunningCount != tc.running {
					t.Errorf("runningCount %d, want %d", ds.Services[0].RunningCount, tc.running)
				}
			}
			l, err := w.ListContainerInstances(model.ListContainerInstancesRequest{Cluster: "prod"})
			if err != nil || len(l.ContainerInstanceARNs) != tc.instances {
				t.Errorf("instances %v %v, want %d", l.ContainerInstanceARNs, err, tc.instances)
			}
		})
	}
}

// instanceWarnings are the warnings of sample instances whose one task is
// missing: the input says 1 running and 512 CPU and 1024 MiB taken.
func instanceWarnings(s Snapshot, idx ...int) []Warning {
	var out []Warning
	for _, i := range idx {
		arn := s.Tasks[i].ContainerInstanceARN
		out = append(out, Warning{arn, "runningTasksCount 1 and pendingTasksCount 0 but 0 running and 0 pending tasks given"},
			Warning{arn, "remainingResources CPU 1536, MEMORY 2819 but 2048 and 3843 once its tasks given are taken from its registered resources"})
	}
	// Load checks instances in the order given.
	slices.SortStableFunc(out, func(a, b Warning) int {
		return slices.IndexFunc(s.ContainerInstances, func(c model.ContainerInstance) bool { return c.ContainerInstanceARN == a.Resource }) -
			slices.IndexFunc(s.ContainerInstances, func(c model.ContainerInstance) bool { return c.ContainerInstanceARN == b.Resource })
	})
	return out
}

func joinWarnings(ws []Warning) string {
	var b strings.Builder
	for _, w := range ws {
		b.WriteString("  " + w.String() + "\n")
	}
	return b.String()
}

// A STOPPED task is kept as stopped: DescribeTasks shows it, and it holds
// nothing on its instance. An old-form instance ARN, when the snapshot has
// two clusters, cannot be placed in one: the instance and its task are
// dropped.
func TestLoadStoppedTasksAndOldFormARNs(t *testing.T) {
	_, s := readSample(t)
	s.Tasks[0].LastStatus, s.Tasks[0].DesiredStatus = model.TaskStatusStopped, model.DesiredStatusStopped
	s.Services[0].RunningCount = 3
	inst0 := s.Tasks[0].ContainerInstanceARN
	for i := range s.ContainerInstances {
		if s.ContainerInstances[i].ContainerInstanceARN == inst0 {
			s.ContainerInstances[i].RemainingResources = s.ContainerInstances[i].RegisteredResources
			s.ContainerInstances[i].RunningTasksCount = 0
		}
	}
	w, warns, err := Load(Options{}, s)
	if err != nil || len(warns) != 0 {
		t.Fatal(warns, err)
	}
	dt, err := w.DescribeTasks(model.DescribeTasksRequest{Cluster: "prod", Tasks: []string{s.Tasks[0].TaskARN}})
	if err != nil || len(dt.Tasks) != 1 || dt.Tasks[0].LastStatus != model.TaskStatusStopped {
		t.Fatalf("%+v %v", dt, err)
	}

	_, s = readSample(t)
	s.Clusters = []model.Cluster{{ClusterName: "prod", RegisteredContainerInstancesCount: 6}, {ClusterName: "staging"}}
	old := strings.Replace(s.Tasks[1].ContainerInstanceARN, "container-instance/prod/", "container-instance/", 1)
	for i := range s.ContainerInstances {
		if s.ContainerInstances[i].ContainerInstanceARN == s.Tasks[1].ContainerInstanceARN {
			s.ContainerInstances[i].ContainerInstanceARN = old
		}
	}
	s.Tasks[1].ContainerInstanceARN = old
	_, warns, err = Load(Options{}, s)
	if err != nil {
		t.Fatal(err)
	}
	want := []Warning{
		{old, "an old-form ARN without its cluster, and the snapshot has several clusters: dropped"},
		{s.Tasks[1].TaskARN, "its container instance " + old + " is not in the snapshot: dropped"},
		{s.Services[0].ServiceARN, "runningCount 4 but 3 running tasks given"},
		{"arn:aws:ecs:eu-west-1:123456789012:cluster/prod", "registeredContainerInstancesCount 6 but 5 instances given"},
	}
	if !slices.Equal(warns, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", joinWarnings(warns), joinWarnings(want))
	}
}

// A Start given before the snapshot's newest timestamp is kept, with a
// warning; a later one is silent.
func TestLoadStartBeforeSnapshot(t *testing.T) {
	_, s := readSample(t)
	early := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	w, warns, err := Load(Options{Start: early}, s)
	if err != nil {
		t.Fatal(err)
	}
	if !w.Now().Equal(early) || len(warns) != 1 || !strings.Contains(warns[0].Message, "after the world's start 2026-11-01T00:00:00Z") {
		t.Errorf("now %s warnings %v", w.Now(), warns)
	}
	late := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	if w, warns, _ := Load(Options{Start: late}, s); !w.Now().Equal(late) || len(warns) != 0 {
		t.Errorf("now %s warnings %v", w.Now(), warns)
	}
}

// A snapshot with a task PROVISIONING and one being stopped continues:
// the first runs, the second stops, with the instance's resources
// following.
func TestLoadTasksOnTheirWay(t *testing.T) {
	_, s := readSample(t)
	s.Tasks[0].LastStatus = model.TaskStatusProvisioning
	s.Tasks[1].DesiredStatus = model.DesiredStatusStopped
	s.Services[0].DesiredCount = 3
	s.Services[0].Deployments[0].DesiredCount = 3
	// Only tasks whose desired status is RUNNING count, as the world's
	// DescribeServices counts them.
	s.Services[0].RunningCount, s.Services[0].PendingCount = 2, 1
	for i := range s.ContainerInstances {
		if s.ContainerInstances[i].ContainerInstanceARN == s.Tasks[0].ContainerInstanceARN {
			s.ContainerInstances[i].RunningTasksCount, s.ContainerInstances[i].PendingTasksCount = 0, 1
		}
	}
	w, warns, err := Load(Options{Seed: 1}, s)
	if err != nil || len(warns) != 0 {
		t.Fatal(warns, err)
	}
	if err := w.Advance(2 * time.Minute); err != nil {
		t.Fatal(err)
	}
	dt, err := w.DescribeTasks(model.DescribeTasksRequest{Cluster: "prod", Tasks: []string{s.Tasks[0].TaskARN, s.Tasks[1].TaskARN}})
	if err != nil || len(dt.Tasks) != 2 {
		t.Fatal(dt, err)
	}
	if dt.Tasks[0].LastStatus != model.TaskStatusRunning || dt.Tasks[1].LastStatus != model.TaskStatusStopped {
		t.Errorf("statuses %s %s", dt.Tasks[0].LastStatus, dt.Tasks[1].LastStatus)
	}
	di, _ := w.DescribeContainerInstances(model.DescribeContainerInstancesRequest{Cluster: "prod", ContainerInstances: []string{s.Tasks[1].ContainerInstanceARN}})
	if c := di.ContainerInstances[0]; c.Remaining().CPU != 2048 || c.RunningTasksCount != 0 {
		t.Errorf("instance of the stopped task: remaining %+v running %d", c.Remaining(), c.RunningTasksCount)
	}
}

// Documents that are not a describe output are refused with an
// InvalidParameterException and change nothing.
func TestSnapshotAddJSONRefuses(t *testing.T) {
	for _, doc := range []string{
		``, `null`, `[]`, `"services"`, `{}`, `{"serviceArns":[]}`,
		`{"services":[],"tasks":[]}`,
		`{"services":{"serviceName":"web"}}`,
		`{"taskDefinition":null}`,
		`{"tasks":[{"createdAt":"yesterday"}]}`,
	} {
		var s Snapshot
		err := s.AddJSON([]byte(doc))
		var e *ecserrors.Error
		if !errors.As(err, &e) || e.Code() != ecserrors.CodeInvalidParameter {
			t.Errorf("%q: %v, want InvalidParameterException", doc, err)
		}
		if s.Services != nil || s.Tasks != nil || s.TaskDefinitions != nil || s.Failures != nil {
			t.Errorf("%q changed the snapshot", doc)
		}
	}
}

// Failures in a describe output are kept and a service without
// deployments is dropped; epoch timestamps (the API's
// form) load as the CLI's ISO 8601 does.
func TestSnapshotAddJSONFailuresAndEpoch(t *testing.T) {
	var s Snapshot
	err := s.AddJSON([]byte(`{"services":[{"serviceName":"web","clusterArn":"arn:aws:ecs:us-east-1:111122223333:cluster/a","createdAt":1767225600.5}],
		"failures":[{"arn":"arn:aws:ecs:us-east-1:111122223333:service/a/api","reason":"MISSING"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Failures) != 1 || s.Failures[0].Reason != "MISSING" {
		t.Errorf("failures %+v", s.Failures)
	}
	if want := time.Date(2026, 1, 1, 0, 0, 0, 5e8, time.UTC); !s.Services[0].CreatedAt.Equal(want) {
		t.Errorf("createdAt %s, want %s", s.Services[0].CreatedAt.Time, want)
	}
	w, warns, err := Load(Options{}, s)
	if err != nil {
		t.Fatal(err)
	}
	if !w.Now().Equal(time.Date(2026, 1, 1, 0, 0, 0, 5e8, time.UTC)) || w.Account().AccountID != "111122223333" {
		t.Errorf("now %s account %+v", w.Now(), w.Account())
	}
	// The service has no deployment at all: the scheduler cannot run it.
	if len(warns) != 2 || warns[0].Message != "not described: MISSING" || !strings.Contains(warns[1].Message, "no PRIMARY deployment") {
		t.Errorf("warnings %v", warns)
	}
}

func FuzzSnapshotAddJSON(f *testing.F) {
	for _, name := range sampleFiles {
		b, err := os.ReadFile(filepath.Join("examples", "plan", "sample", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"services":[],"tasks":[]}`))
	f.Add([]byte(`{"clusters":[{"clusterName":"a"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Snapshot
		if err := s.AddJSON(b); err != nil {
			var e *ecserrors.Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %T %v", err, err)
			}
		}
	})
}

// FuzzLoad: any snapshot (built from the sample with one document replaced
// by the fuzzer's) loads without a panic, and the world it gives runs.
func FuzzLoad(f *testing.F) {
	docs, _ := readSample(f)
	for _, d := range docs {
		f.Add(uint8(0), d)
	}
	f.Add(uint8(2), []byte(`{"tasks":[{"taskArn":"arn:aws:ecs:eu-west-1:123456789012:task/prod/x","lastStatus":"PENDING","taskDefinitionArn":"web:7"}]}`))
	f.Fuzz(func(t *testing.T, which uint8, b []byte) {
		var s Snapshot
		for i, d := range docs {
			if i == int(which)%len(docs) {
				d = b
			}
			_ = s.AddJSON(d)
		}
		w, _, err := Load(Options{Seed: 1}, s)
		if err != nil {
			var e *ecserrors.Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %T %v", err, err)
			}
			return
		}
		// Running is bounded by the world's size: a fuzzed desired count
		// of millions would place thousands of tasks a step.
		for _, sv := range s.Services {
			if sv.DesiredCount > 50 {
				return
			}
		}
		if err := w.Advance(2 * time.Minute); err != nil {
			t.Fatalf("a loaded world fails to run: %v", err)
		}
	})
}

// A service deploying with a strategy the scheduler does not model
// (BLUE_GREEN, LINEAR, CANARY) is dropped with a warning naming the
// strategy, rather than loaded and then failing the world's first step.
func TestLoadDropsServicesWithUnmodelledStrategies(t *testing.T) {
	for _, strategy := range []model.DeploymentStrategy{model.DeploymentStrategyBlueGreen, model.DeploymentStrategyLinear, model.DeploymentStrategyCanary} {
		_, s := readSample(t)
		dc := *s.Services[0].DeploymentConfiguration
		dc.Strategy = strategy
		s.Services[0].DeploymentConfiguration = &dc
		w, warnings, err := Load(Options{}, s)
		if err != nil {
			t.Fatal(err)
		}
		if len(warnings) == 0 || !strings.Contains(joinWarnings(warnings), string(strategy)) {
			t.Errorf("%s: warnings %v, want one naming the strategy", strategy, warnings)
		}
		if err := w.Advance(time.Minute); err != nil {
			t.Errorf("%s: the world fails after loading: %v", strategy, err)
		}
		r, err := w.DescribeServices(model.DescribeServicesRequest{Cluster: s.Services[0].ClusterARN, Services: []string{s.Services[0].ServiceName}})
		if err != nil || len(r.Services) != 0 {
			t.Errorf("%s: the service is still there: %v %v", strategy, err, r.Services)
		}
	}
}
