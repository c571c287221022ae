package ecsstate

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// capFixture is the fixture's cluster "c" with the capacity provider
// "asg" (settings from asg) associated, and n instances launched by its
// Auto Scaling group.
func capFixture(t *testing.T, asg model.AutoScalingGroupProvider, n int) (*fixture, []string) {
	t.Helper()
	f := newFixture(t, 0)
	ok(f.w.CreateCapacityProvider(model.CreateCapacityProviderRequest{Name: "asg", AutoScalingGroupProvider: &asg}))(t)
	ok(f.w.PutClusterCapacityProviders(model.PutClusterCapacityProvidersRequest{Cluster: "c", CapacityProviders: []string{"asg"},
		DefaultCapacityProviderStrategy: []model.CapacityProviderStrategyItem{{CapacityProvider: "asg", Weight: 1}}}))(t)
	var arns []string
	for i := range n {
		r := ok(f.w.LaunchInstance("asg", model.RegisterContainerInstanceRequest{Cluster: "c",
			TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)},
			Attributes:     []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: fixtureZones[i%3]}}}))(t)
		arns = append(arns, r.ContainerInstance.ContainerInstanceARN)
	}
	f.insts = arns
	return f, arns
}

// tasksOn lists the live tasks on an instance.
func tasksOn(w *World, cluster, arn string) []model.Task {
	var out []model.Task
	for _, t := range w.clusters[cluster].tasks {
		if t.ContainerInstanceARN == arn && t.LastStatus != model.TaskStatusStopped {
			out = append(out, t)
		}
	}
	return out
}

// The example of the managed instance draining guide: a provider created
// with managedDraining ENABLED comes back ACTIVE with those settings; the
// guide also says managed draining is on by default.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/enable-managed-instance-draining.html
func TestCreateCapacityProviderGuideExample(t *testing.T) {
	w := New(Options{})
	r := ok(w.CreateCapacityProvider(model.CreateCapacityProviderRequest{Name: "capacity-provider", AutoScalingGroupProvider: &model.AutoScalingGroupProvider{
		AutoScalingGroupARN: "asg-arn",
		ManagedScaling:      &model.ManagedScaling{Status: model.ManagedScalingStatusEnabled, TargetCapacity: 100, MinimumScalingStepSize: 1, MaximumScalingStepSize: 1},
		ManagedDraining:     model.ManagedDrainingEnabled, ManagedTerminationProtection: model.ManagedTerminationProtectionEnabled,
	}}))(t)
	want := model.CapacityProvider{
		CapacityProviderARN: "arn:aws:ecs:us-east-1:123456789012:capacity-provider/capacity-provider", Name: "capacity-provider",
		Status: model.CapacityProviderStatusActive, Type: model.CapacityProviderTypeEC2Autoscaling,
		AutoScalingGroupProvider: &model.AutoScalingGroupProvider{AutoScalingGroupARN: "asg-arn",
			// instanceWarmupPeriod: 300 is the API reference's default.
			ManagedScaling:  &model.ManagedScaling{Status: model.ManagedScalingStatusEnabled, TargetCapacity: 100, MinimumScalingStepSize: 1, MaximumScalingStepSize: 1, InstanceWarmupPeriod: 300},
			ManagedDraining: model.ManagedDrainingEnabled, ManagedTerminationProtection: model.ManagedTerminationProtectionEnabled},
	}
	if d := cmp.Diff(want, *r.CapacityProvider); d != "" {
		t.Errorf("CreateCapacityProvider (-want +got):\n%s", d)
	}
	// Defaults: managed draining ENABLED, managed termination protection
	// DISABLED ("The default is off"), managed scaling DISABLED.
	// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AutoScalingGroupProvider.html
	r = ok(w.CreateCapacityProvider(model.CreateCapacityProviderRequest{Name: "plain", AutoScalingGroupProvider: &model.AutoScalingGroupProvider{AutoScalingGroupARN: "other"}}))(t)
	p := r.CapacityProvider.AutoScalingGroupProvider
	if p.ManagedDraining != model.ManagedDrainingEnabled || p.ManagedTerminationProtection != model.ManagedTerminationProtectionDisabled || p.ManagedScaling.Status != model.ManagedScalingStatusDisabled {
		t.Errorf("defaults: %+v %+v", p, p.ManagedScaling)
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCapacityProvider.html
func TestCreateCapacityProviderErrors(t *testing.T) {
	asg := func(arn string) *model.AutoScalingGroupProvider {
		return &model.AutoScalingGroupProvider{AutoScalingGroupARN: arn}
	}
	w := New(Options{})
	ok(w.CreateCapacityProvider(model.CreateCapacityProviderRequest{Name: "one", AutoScalingGroupProvider: asg("g1")}))(t)
	for _, c := range []struct {
		name string
		req  model.CreateCapacityProviderRequest
		code ecserrors.Code
	}{
		{"no name", model.CreateCapacityProviderRequest{AutoScalingGroupProvider: asg("g")}, ecserrors.CodeInvalidParameter},
		{"prefix aws", model.CreateCapacityProviderRequest{Name: "awsx", AutoScalingGroupProvider: asg("g")}, ecserrors.CodeInvalidParameter},
		{"prefix ecs", model.CreateCapacityProviderRequest{Name: "ecs-x", AutoScalingGroupProvider: asg("g")}, ecserrors.CodeInvalidParameter},
		{"prefix fargate", model.CreateCapacityProviderRequest{Name: "FARGATE", AutoScalingGroupProvider: asg("g")}, ecserrors.CodeInvalidParameter},
		{"bad character", model.CreateCapacityProviderRequest{Name: "a.b", AutoScalingGroupProvider: asg("g")}, ecserrors.CodeInvalidParameter},
		{"no provider", model.CreateCapacityProviderRequest{Name: "x"}, ecserrors.CodeInvalidParameter},
		{"no group", model.CreateCapacityProviderRequest{Name: "x", AutoScalingGroupProvider: asg("")}, ecserrors.CodeInvalidParameter},
		{"termination protection without managed scaling", model.CreateCapacityProviderRequest{Name: "x", AutoScalingGroupProvider: &model.AutoScalingGroupProvider{
			AutoScalingGroupARN: "g", ManagedTerminationProtection: model.ManagedTerminationProtectionEnabled}}, ecserrors.CodeInvalidParameter},
		{"bad draining value", model.CreateCapacityProviderRequest{Name: "x", AutoScalingGroupProvider: &model.AutoScalingGroupProvider{
			AutoScalingGroupARN: "g", ManagedDraining: "ON"}}, ecserrors.CodeInvalidParameter},
		{"target capacity 101", model.CreateCapacityProviderRequest{Name: "x", AutoScalingGroupProvider: &model.AutoScalingGroupProvider{
			AutoScalingGroupARN: "g", ManagedScaling: &model.ManagedScaling{TargetCapacity: 101}}}, ecserrors.CodeInvalidParameter},
		{"name taken", model.CreateCapacityProviderRequest{Name: "one", AutoScalingGroupProvider: asg("g2")}, ecserrors.CodeClient},
		{"group taken", model.CreateCapacityProviderRequest{Name: "two", AutoScalingGroupProvider: asg("g1")}, ecserrors.CodeClient},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := w.CreateCapacityProvider(c.req)
			wantCode(t, err, c.code)
		})
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeCapacityProviders.html
func TestDescribeCapacityProviders(t *testing.T) {
	w := New(Options{})
	ok(w.CreateCapacityProvider(model.CreateCapacityProviderRequest{Name: "mine", AutoScalingGroupProvider: &model.AutoScalingGroupProvider{AutoScalingGroupARN: "g"},
		Tags: []model.Tag{{Key: "k", Value: "v"}}}))(t)
	r := ok(w.DescribeCapacityProviders(model.DescribeCapacityProvidersRequest{}))(t)
	var names []string
	for _, cp := range r.CapacityProviders {
		names = append(names, cp.Name)
	}
	if d := cmp.Diff([]string{"FARGATE", "FARGATE_SPOT", "mine"}, names); d != "" {
		t.Errorf("all providers (-want +got):\n%s", d)
	}
	// Pages of one.
	var paged []string
	token := ""
	for range 5 {
		r := ok(w.DescribeCapacityProviders(model.DescribeCapacityProvidersRequest{MaxResults: model.Int32(1), NextToken: token}))(t)
		for _, cp := range r.CapacityProviders {
			paged = append(paged, cp.Name)
		}
		if token = r.NextToken; token == "" {
			break
		}
	}
	if d := cmp.Diff(names, paged); d != "" {
		t.Errorf("paged (-want +got):\n%s", d)
	}
	r = ok(w.DescribeCapacityProviders(model.DescribeCapacityProvidersRequest{CapacityProviders: []string{"arn:aws:ecs:us-east-1:123456789012:capacity-provider/mine", "nope"}, Include: []string{"TAGS"}}))(t)
	if len(r.CapacityProviders) != 1 || r.CapacityProviders[0].Name != "mine" || len(r.CapacityProviders[0].Tags) != 1 {
		t.Errorf("by ARN with tags: %+v", r.CapacityProviders)
	}
	if d := cmp.Diff([]model.Failure{{ARN: "nope", Reason: "MISSING"}}, r.Failures); d != "" {
		t.Errorf("failures (-want +got):\n%s", d)
	}
	_, err := w.DescribeCapacityProviders(model.DescribeCapacityProvidersRequest{MaxResults: model.Int32(11)})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutClusterCapacityProviders.html
func TestPutClusterCapacityProviders(t *testing.T) {
	f, insts := capFixture(t, model.AutoScalingGroupProvider{AutoScalingGroupARN: "g"}, 1)
	w := f.w
	c := ok(w.DescribeClusters(model.DescribeClustersRequest{Clusters: []string{"c"}}))(t).Clusters[0]
	if d := cmp.Diff([]string{"asg"}, c.CapacityProviders); d != "" {
		t.Errorf("capacityProviders (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]model.CapacityProviderStrategyItem{{CapacityProvider: "asg", Weight: 1}}, c.DefaultCapacityProviderStrategy); d != "" {
		t.Errorf("defaultCapacityProviderStrategy (-want +got):\n%s", d)
	}
	if ci := f.instance(t, insts[0]); ci.CapacityProviderName != "asg" {
		t.Errorf("capacityProviderName = %q, want asg", ci.CapacityProviderName)
	}
	ok(w.CreateCluster(model.CreateClusterRequest{ClusterName: "other"}))(t)
	strategy := []model.CapacityProviderStrategyItem{}
	for _, tc := range []struct {
		name string
		req  model.PutClusterCapacityProvidersRequest
		code ecserrors.Code
	}{
		{"lists required", model.PutClusterCapacityProvidersRequest{Cluster: "c"}, ecserrors.CodeInvalidParameter},
		{"unknown provider", model.PutClusterCapacityProvidersRequest{Cluster: "c", CapacityProviders: []string{"nope"}, DefaultCapacityProviderStrategy: strategy}, ecserrors.CodeInvalidParameter},
		{"strategy names an unlisted provider", model.PutClusterCapacityProvidersRequest{Cluster: "c", CapacityProviders: []string{"asg"},
			DefaultCapacityProviderStrategy: []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Weight: 1}}}, ecserrors.CodeInvalidParameter},
		// "the capacity provider must already be created and not already
		// associated with another cluster" (CreateCluster's reference).
		{"associated elsewhere", model.PutClusterCapacityProvidersRequest{Cluster: "other", CapacityProviders: []string{"asg"}, DefaultCapacityProviderStrategy: strategy}, ecserrors.CodeResourceInUse},
		{"no cluster", model.PutClusterCapacityProvidersRequest{Cluster: "nope", CapacityProviders: []string{}, DefaultCapacityProviderStrategy: strategy}, ecserrors.CodeClusterNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.PutClusterCapacityProviders(tc.req)
			wantCode(t, err, tc.code)
		})
	}
	// "You can only disassociate an existing capacity provider from a
	// cluster if it's not being used by any existing tasks."
	f.service(t, "s", "web", 1)
	f.advance(t, time.Minute)
	_, err := w.PutClusterCapacityProviders(model.PutClusterCapacityProvidersRequest{Cluster: "c", CapacityProviders: []string{"FARGATE"}, DefaultCapacityProviderStrategy: strategy})
	wantCode(t, err, ecserrors.CodeResourceInUse)
	// FARGATE is every account's; adding it keeps asg.
	r := ok(w.PutClusterCapacityProviders(model.PutClusterCapacityProvidersRequest{Cluster: "c", CapacityProviders: []string{"asg", "FARGATE"}, DefaultCapacityProviderStrategy: strategy}))(t)
	if d := cmp.Diff([]string{"asg", "FARGATE"}, r.Cluster.CapacityProviders); d != "" {
		t.Errorf("after put (-want +got):\n%s", d)
	}
	// An instance cannot join through a provider the cluster lacks.
	_, err = w.LaunchInstance("asg", model.RegisterContainerInstanceRequest{Cluster: "other",
		TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)}})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
}

// Managed draining ENABLED: the terminating instance drains first, its
// service tasks move elsewhere, and it is deregistered once empty.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-instance-draining.html
func TestTerminateInstanceManagedDraining(t *testing.T) {
	f, insts := capFixture(t, model.AutoScalingGroupProvider{AutoScalingGroupARN: "g"}, 3)
	f.service(t, "s", "web", 3)
	f.advance(t, 2*time.Minute)
	victim := insts[0]
	before := len(tasksOn(f.w, "c", victim))
	if before == 0 {
		t.Fatal("the service placed no task on the victim")
	}
	if err := f.w.TerminateInstance("c", victim); err != nil {
		t.Fatal(err)
	}
	if s := f.instance(t, victim).Status; s != model.ContainerInstanceStatusDraining {
		t.Fatalf("right after termination: %s, want DRAINING", s)
	}
	f.advance(t, 10*time.Minute)
	if s := f.instance(t, victim).Status; s != model.ContainerInstanceStatusInactive {
		t.Fatalf("after draining: %s, want INACTIVE", s)
	}
	if s := f.describeService(t, "s"); s.RunningCount != 3 {
		t.Errorf("running %d, want 3", s.RunningCount)
	}
	var msgs []string
	for _, r := range f.w.Timeline() {
		if r.Resource == victim && (r.Kind == RecordCall || r.Kind == RecordInstanceStatus) {
			msgs = append(msgs, string(r.Kind)+" "+r.To)
		}
	}
	want := []string{"InstanceStatus ACTIVE", "Call ", "InstanceStatus DRAINING", "Call ", "InstanceStatus INACTIVE"}
	if d := cmp.Diff(want, msgs); d != "" {
		t.Errorf("timeline of the victim (-want +got):\n%s", d)
	}
}

// A standalone task keeps running on a DRAINING instance, so managed
// draining ends at its 48-hour limit, not before.
func TestTerminateInstanceDrainingLimit(t *testing.T) {
	f, insts := capFixture(t, model.AutoScalingGroupProvider{AutoScalingGroupARN: "g"}, 1)
	ok(f.w.StartTask(model.StartTaskRequest{Cluster: "c", TaskDefinition: "web", ContainerInstances: insts}))(t)
	f.advance(t, time.Minute)
	start := f.w.Now()
	if err := f.w.TerminateInstance("c", insts[0]); err != nil {
		t.Fatal(err)
	}
	if err := f.w.AdvanceTo(start.Add(ManagedDrainingLimit - time.Second)); err != nil {
		t.Fatal(err)
	}
	if s := f.instance(t, insts[0]).Status; s != model.ContainerInstanceStatusDraining {
		t.Fatalf("a second before the limit: %s, want DRAINING", s)
	}
	if err := f.w.AdvanceTo(start.Add(ManagedDrainingLimit)); err != nil {
		t.Fatal(err)
	}
	if s := f.instance(t, insts[0]).Status; s != model.ContainerInstanceStatusInactive {
		t.Fatalf("at the limit: %s, want INACTIVE", s)
	}
	if n := len(tasksOn(f.w, "c", insts[0])); n != 0 {
		t.Errorf("%d tasks left on the terminated instance", n)
	}
	found := false
	for _, r := range f.w.Timeline() {
		found = found || strings.Contains(r.Message, "48-hour limit")
	}
	if !found {
		t.Error("no timeline record of the 48-hour limit")
	}
}

// Managed draining DISABLED: the instance goes at once, with its tasks;
// the service replaces them elsewhere.
func TestTerminateInstanceWithoutDraining(t *testing.T) {
	f, insts := capFixture(t, model.AutoScalingGroupProvider{AutoScalingGroupARN: "g", ManagedDraining: model.ManagedDrainingDisabled}, 3)
	f.service(t, "s", "web", 3)
	f.advance(t, 2*time.Minute)
	if err := f.w.TerminateInstance("c", insts[0]); err != nil {
		t.Fatal(err)
	}
	if s := f.instance(t, insts[0]).Status; s != model.ContainerInstanceStatusInactive {
		t.Fatalf("right after termination: %s, want INACTIVE", s)
	}
	if n := len(tasksOn(f.w, "c", insts[0])); n != 0 {
		t.Errorf("%d tasks left on the terminated instance", n)
	}
	f.advance(t, 5*time.Minute)
	if s := f.describeService(t, "s"); s.RunningCount != 3 {
		t.Errorf("running %d, want 3", s.RunningCount)
	}
	// Terminating again changes nothing.
	if err := f.w.TerminateInstance("c", insts[0]); err != nil {
		t.Fatal(err)
	}
}

// Managed termination protection: scale-in skips an instance with tasks,
// not an empty one; termination for other reasons is not stopped.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-termination-protection.html
func TestScaleInManagedTerminationProtection(t *testing.T) {
	f, insts := capFixture(t, model.AutoScalingGroupProvider{AutoScalingGroupARN: "g",
		ManagedScaling:               &model.ManagedScaling{Status: model.ManagedScalingStatusEnabled},
		ManagedTerminationProtection: model.ManagedTerminationProtectionEnabled}, 2)
	ok(f.w.StartTask(model.StartTaskRequest{Cluster: "c", TaskDefinition: "web", ContainerInstances: insts[:1]}))(t)
	f.advance(t, time.Minute)
	if p := ok(f.w.ScaleInProtected("c", insts[0]))(t); !p {
		t.Error("instance with a task: not protected")
	}
	if p := ok(f.w.ScaleInProtected("c", insts[1]))(t); p {
		t.Error("empty instance: protected")
	}
	wantCode(t, f.w.ScaleIn("c", insts[0]), ecserrors.CodeResourceInUse)
	if s := f.instance(t, insts[0]).Status; s != model.ContainerInstanceStatusActive {
		t.Errorf("protected instance: %s, want ACTIVE", s)
	}
	if err := f.w.ScaleIn("c", insts[1]); err != nil {
		t.Fatal(err)
	}
	f.advance(t, time.Minute)
	if s := f.instance(t, insts[1]).Status; s != model.ContainerInstanceStatusInactive {
		t.Errorf("unprotected empty instance: %s, want INACTIVE", s)
	}
	// Without termination protection the same instance is not protected.
	g, gi := capFixture(t, model.AutoScalingGroupProvider{AutoScalingGroupARN: "g"}, 1)
	ok(g.w.StartTask(model.StartTaskRequest{Cluster: "c", TaskDefinition: "web", ContainerInstances: gi}))(t)
	if p := ok(g.w.ScaleInProtected("c", gi[0]))(t); p {
		t.Error("protection DISABLED: protected")
	}
}

// A clone keeps its own terminations.
func TestTerminateInstanceClone(t *testing.T) {
	f, insts := capFixture(t, model.AutoScalingGroupProvider{AutoScalingGroupARN: "g"}, 1)
	ok(f.w.StartTask(model.StartTaskRequest{Cluster: "c", TaskDefinition: "web", ContainerInstances: insts}))(t)
	f.advance(t, time.Minute)
	c := f.w.Clone()
	if err := c.TerminateInstance("c", insts[0]); err != nil {
		t.Fatal(err)
	}
	if len(f.w.capacity.terminating) != 0 {
		t.Error("terminating in the clone changed the original")
	}
}

// A property of managed draining, when the other instances have room: the
// instance an Auto Scaling group terminates ends INACTIVE with no task,
// every service is back at its desired count, and, with the default
// minimumHealthyPercent of 100, no service ever has fewer RUNNING tasks
// than desired on the way (replacements run before the drained tasks
// stop).
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-instance-draining.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-draining.html
func TestPropManagedDrainingKeepsServices(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(2, 5).Draw(rt, "instances")
		f, insts := capFixtureSeed(rt, rapid.Uint64().Draw(rt, "seed"), n)
		// An instance holds 4 "web" tasks; the others must hold them all.
		room := 4 * (n - 1)
		desired := map[string]int32{}
		for i := range rapid.IntRange(1, 2).Draw(rt, "services") {
			d := int32(rapid.IntRange(1, room/2).Draw(rt, "desired"))
			name := fmt.Sprintf("s%d", i)
			desired[name] = d
			must(rt)(f.w.CreateService(model.CreateServiceRequest{Cluster: "c", ServiceName: name, TaskDefinition: "web", DesiredCount: model.Int32(d)}))
		}
		steady := func(w *World) bool {
			for name, d := range desired {
				if runningOf(w, name) != int(d) {
					return false
				}
			}
			return true
		}
		if reached, err := f.w.RunUntil(steady, 10*time.Minute); err != nil || !reached {
			rt.Fatalf("services never reached their desired counts (%v)", err)
		}
		victim := rapid.SampledFrom(insts).Draw(rt, "victim")
		if err := f.w.TerminateInstance("c", victim); err != nil {
			rt.Fatal(err)
		}
		var low string
		done := func(w *World) bool {
			for name, d := range desired {
				if r := runningOf(w, name); r < int(d) && low == "" {
					low = fmt.Sprintf("%s: %d RUNNING of %d at %s", name, r, d, w.Now().Format(time.TimeOnly))
				}
			}
			return w.clusters["c"].instance(victim).Status == model.ContainerInstanceStatusInactive && steady(w)
		}
		if reached, err := f.w.RunUntil(done, 30*time.Minute); err != nil || !reached {
			rt.Fatalf("not settled (%v): victim %s, tasks on it %d", err, f.w.clusters["c"].instance(victim).Status, len(tasksOn(f.w, "c", victim)))
		}
		if low != "" {
			rt.Fatalf("a service fell below its desired count while draining: %s", low)
		}
		if k := len(tasksOn(f.w, "c", victim)); k != 0 {
			rt.Fatalf("%d tasks on the terminated instance", k)
		}
	})
}

// runningOf counts a service's RUNNING tasks.
func runningOf(w *World, service string) int {
	k := 0
	for _, t := range w.clusters["c"].tasks {
		if t.Group == "service:"+service && t.LastStatus == model.TaskStatusRunning {
			k++
		}
	}
	return k
}

// capFixtureSeed is capFixture with a seed and managed draining at its
// default (ENABLED), for rapid.
func capFixtureSeed(rt *rapid.T, seed uint64, n int) (*fixture, []string) {
	f := &fixture{w: New(Options{Seed: seed})}
	must(rt)(f.w.CreateCluster(model.CreateClusterRequest{ClusterName: "c"}))
	c := model.ContainerDefinition{Name: "app", Image: "nginx", CPU: 256, Memory: model.Int32(512)}
	must(rt)(f.w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "web", ContainerDefinitions: []model.ContainerDefinition{c}}))
	must(rt)(f.w.CreateCapacityProvider(model.CreateCapacityProviderRequest{Name: "asg", AutoScalingGroupProvider: &model.AutoScalingGroupProvider{AutoScalingGroupARN: "g"}}))
	must(rt)(f.w.PutClusterCapacityProviders(model.PutClusterCapacityProvidersRequest{Cluster: "c", CapacityProviders: []string{"asg"},
		DefaultCapacityProviderStrategy: []model.CapacityProviderStrategyItem{}}))
	var arns []string
	for i := range n {
		r, err := f.w.LaunchInstance("asg", model.RegisterContainerInstanceRequest{Cluster: "c",
			TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)},
			Attributes:     []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: fixtureZones[i%3]}}})
		must(rt)(r, err)
		arns = append(arns, r.ContainerInstance.ContainerInstanceARN)
	}
	f.insts = arns
	return f, arns
}

// must(rt)(v, err) fails the rapid check when err is not nil.
func must(rt *rapid.T) func(any, error) {
	return func(_ any, err error) {
		if err != nil {
			rt.Helper()
			rt.Fatal(err)
		}
	}
}

// An instance deregistered by hand while it drains for termination is
// forgotten by managed draining (no second deregistration, no record of
// its end); one set ACTIVE again still terminates at the limit.
func TestTerminateInstanceInterrupted(t *testing.T) {
	f, insts := capFixture(t, model.AutoScalingGroupProvider{AutoScalingGroupARN: "g"}, 2)
	ok(f.w.StartTask(model.StartTaskRequest{Cluster: "c", TaskDefinition: "web", ContainerInstances: insts}))(t)
	f.advance(t, time.Minute)
	for _, arn := range insts {
		if err := f.w.TerminateInstance("c", arn); err != nil {
			t.Fatal(err)
		}
	}
	ok(f.w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: "c", ContainerInstance: insts[0], Force: model.Bool(true)}))(t)
	ok(f.w.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: "c", ContainerInstances: insts[1:], Status: model.ContainerInstanceStatusActive}))(t)
	f.advance(t, time.Minute)
	if _, still := f.w.capacity.terminating[insts[0]]; still {
		t.Error("a deregistered instance is still terminating")
	}
	f.advance(t, ManagedDrainingLimit)
	if s := f.instance(t, insts[1]).Status; s != model.ContainerInstanceStatusInactive {
		t.Errorf("reactivated instance after the limit: %s, want INACTIVE", s)
	}
	ends := 0
	for _, r := range f.w.Timeline() {
		if strings.Contains(r.Message, "managed draining of") {
			ends++
		}
	}
	if ends != 1 {
		t.Errorf("%d records of a managed draining's end, want 1 (the reactivated instance's)", ends)
	}
}
