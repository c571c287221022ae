package ecsstate

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// tasksOn lists the tasks ECS wants running on an instance.
func (f *fixture) tasksOn(t testing.TB, arn string) []model.Task {
	t.Helper()
	l := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c", ContainerInstance: arn}))(t)
	if len(l.TaskARNs) == 0 {
		return nil
	}
	return ok(f.w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: l.TaskARNs}))(t).Tasks
}

// UpdateContainerInstancesState sets ACTIVE or DRAINING; an unknown
// instance is a failure with reason MISSING, not an error; a status other
// than ACTIVE or DRAINING is InvalidParameterException.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html
func TestWorldUpdateContainerInstancesState(t *testing.T) {
	f := newFixture(t, 2)
	unknown := "0123456789abcdef0123456789abcdef"
	r := ok(f.w.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: "c",
		ContainerInstances: []string{f.insts[0], unknown}, Status: model.ContainerInstanceStatusDraining}))(t)
	if len(r.ContainerInstances) != 1 || r.ContainerInstances[0].Status != model.ContainerInstanceStatusDraining {
		t.Fatalf("containerInstances %+v", r.ContainerInstances)
	}
	if len(r.Failures) != 1 || r.Failures[0].Reason != "MISSING" || r.Failures[0].ARN != unknown {
		t.Fatalf("failures %+v, want one MISSING for %s", r.Failures, unknown)
	}
	v := r.ContainerInstances[0].Version
	// Draining again changes nothing, the version included.
	r = ok(f.w.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: "c",
		ContainerInstances: []string{shortID(f.insts[0])}, Status: model.ContainerInstanceStatusDraining}))(t)
	if r.ContainerInstances[0].Version != v {
		t.Errorf("a no-op drain moved the version %d → %d", v, r.ContainerInstances[0].Version)
	}
	if c := f.cluster(t); c.RegisteredContainerInstancesCount != 2 {
		t.Errorf("registeredContainerInstancesCount %d, want 2 (DRAINING counts)", c.RegisteredContainerInstancesCount)
	}
	l := ok(f.w.ListContainerInstances(model.ListContainerInstancesRequest{Cluster: "c", Status: model.ContainerInstanceStatusDraining}))(t)
	if !slices.Equal(l.ContainerInstanceARNs, f.insts[:1]) {
		t.Errorf("ListContainerInstances DRAINING: %v", l.ContainerInstanceARNs)
	}
	r = ok(f.w.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: "c",
		ContainerInstances: []string{f.insts[0]}, Status: model.ContainerInstanceStatusActive}))(t)
	if r.ContainerInstances[0].Status != model.ContainerInstanceStatusActive || r.ContainerInstances[0].Version <= v {
		t.Errorf("reactivated: %s version %d (was %d)", r.ContainerInstances[0].Status, r.ContainerInstances[0].Version, v)
	}
	for _, st := range []model.ContainerInstanceStatus{"", model.ContainerInstanceStatusInactive, model.ContainerInstanceStatusRegistering, "draining"} {
		_, err := f.w.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: "c", ContainerInstances: []string{f.insts[0]}, Status: st})
		wantCode(t, err, ecserrors.CodeInvalidParameter)
	}
	eleven := slices.Repeat([]string{shortID(f.insts[0])}, 11)
	_, err := f.w.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: "c", ContainerInstances: eleven, Status: model.ContainerInstanceStatusActive})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	// A deregistered instance cannot be drained: ECS only drains ACTIVE ones.
	ok(f.w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: "c", ContainerInstance: f.insts[1]}))(t)
	r = ok(f.w.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: "c",
		ContainerInstances: []string{f.insts[1]}, Status: model.ContainerInstanceStatusDraining}))(t)
	if len(r.ContainerInstances) != 0 || len(r.Failures) != 1 {
		t.Errorf("draining an INACTIVE instance: %+v %+v", r.ContainerInstances, r.Failures)
	}
}

// Draining an instance: the service scheduler stops its service tasks and
// starts replacements on other instances (within min/max), standalone
// tasks keep running, and nothing new is placed on it.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-draining.html
func TestWorldDrainingReplacesServiceTasks(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "s", "web", 3)
	f.advance(t, 2*time.Minute)
	if s := f.describeService(t, "s"); s.RunningCount != 3 {
		t.Fatalf("running %d, want 3", s.RunningCount)
	}
	drained := f.insts[0]
	rt := ok(f.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "web", PlacementConstraints: []model.PlacementConstraint{
		{Type: model.PlacementConstraintTypeMemberOf, Expression: "ec2InstanceId == " + f.instance(t, drained).EC2InstanceID}}}))(t)
	if len(rt.Tasks) != 1 {
		t.Fatalf("RunTask: %+v", rt.Failures)
	}
	standalone := rt.Tasks[0].TaskARN
	f.advance(t, time.Minute)
	before := len(f.tasksOn(t, drained))
	if before != 2 {
		t.Fatalf("%d tasks on the instance to drain, want 2 (one service task, one standalone)", before)
	}
	ok(f.w.UpdateContainerInstancesState(model.UpdateContainerInstancesStateRequest{Cluster: "c",
		ContainerInstances: []string{drained}, Status: model.ContainerInstanceStatusDraining}))(t)
	seq := f.w.Timeline()[len(f.w.Timeline())-1].Seq
	f.advance(t, 5*time.Minute)
	left := f.tasksOn(t, drained)
	if len(left) != 1 || left[0].TaskARN != standalone {
		t.Fatalf("tasks left on the DRAINING instance: %v, want only the standalone task", left)
	}
	s := f.describeService(t, "s")
	if s.RunningCount != 3 || s.PendingCount != 0 {
		t.Errorf("service running %d pending %d, want 3 0", s.RunningCount, s.PendingCount)
	}
	for _, rec := range f.w.TimelineSince(seq) {
		if rec.Kind == RecordTaskStatus && rec.From == "" && strings.Contains(rec.Message, shortID(drained)) {
			t.Errorf("task placed on the DRAINING instance: %s", rec)
		}
	}
	// RunTask does not place on a DRAINING instance either.
	rt = ok(f.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "web", PlacementConstraints: []model.PlacementConstraint{
		{Type: model.PlacementConstraintTypeMemberOf, Expression: "ec2InstanceId == " + f.instance(t, drained).EC2InstanceID}}}))(t)
	if len(rt.Tasks) != 0 || len(rt.Failures) != 1 {
		t.Errorf("RunTask onto a DRAINING instance: tasks %d failures %+v", len(rt.Tasks), rt.Failures)
	}
}

// DeregisterContainerInstance refuses an instance with tasks unless force
// is set; forced, its service tasks are replaced elsewhere; the instance
// is INACTIVE, out of ListContainerInstances and the cluster's count.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterContainerInstance.html
func TestWorldDeregisterContainerInstance(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "s", "web", 3)
	f.advance(t, 2*time.Minute)
	victim := f.insts[0]
	if len(f.tasksOn(t, victim)) != 1 {
		t.Fatalf("tasks on %s: %v", victim, f.tasksOn(t, victim))
	}
	_, err := f.w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: "c", ContainerInstance: victim})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	_, err = f.w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: "c", ContainerInstance: "0123456789abcdef0123456789abcdef"})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	_, err = f.w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: "c"})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	_, err = f.w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: "c", ContainerInstance: DefaultAccount.ContainerInstanceARN("other", shortID(victim))})
	wantCode(t, err, ecserrors.CodeInvalidParameter)

	r := ok(f.w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: "c", ContainerInstance: victim, Force: model.Bool(true)}))(t)
	if r.ContainerInstance.Status != model.ContainerInstanceStatusInactive {
		t.Fatalf("status %s, want INACTIVE", r.ContainerInstance.Status)
	}
	if c := f.cluster(t); c.RegisteredContainerInstancesCount != 2 {
		t.Errorf("registeredContainerInstancesCount %d, want 2", c.RegisteredContainerInstancesCount)
	}
	l := ok(f.w.ListContainerInstances(model.ListContainerInstancesRequest{Cluster: "c"}))(t)
	if slices.Contains(l.ContainerInstanceARNs, victim) || len(l.ContainerInstanceARNs) != 2 {
		t.Errorf("ListContainerInstances after deregistration: %v", l.ContainerInstanceARNs)
	}
	f.advance(t, 2*time.Minute)
	s := f.describeService(t, "s")
	if s.RunningCount != 3 {
		t.Errorf("running %d after the forced deregistration, want 3 (replaced elsewhere)", s.RunningCount)
	}
	if n := len(f.tasksOn(t, victim)); n != 0 {
		t.Errorf("%d tasks on the deregistered instance", n)
	}
	// Deregistering again returns the INACTIVE instance.
	r = ok(f.w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: "c", ContainerInstance: victim}))(t)
	if r.ContainerInstance.Status != model.ContainerInstanceStatusInactive {
		t.Errorf("second deregistration: %s", r.ContainerInstance.Status)
	}
	// An instance whose tasks have all STOPPED deregisters without force.
	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", DesiredCount: model.Int32(0)}))(t)
	f.advance(t, 3*time.Minute)
	ok(f.w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: "c", ContainerInstance: f.insts[1]}))(t)
}

// PutAttributes adds or replaces custom attributes, all or none; more
// than 10 custom attributes on an instance is
// AttributeLimitExceededException; an unknown target is
// TargetNotFoundException.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutAttributes.html
func TestWorldPutAttributes(t *testing.T) {
	f := newFixture(t, 1)
	id := shortID(f.insts[0])
	v0 := f.instance(t, id).Version
	ok(f.w.PutAttributes(model.PutAttributesRequest{Cluster: "c", Attributes: []model.Attribute{
		{Name: "stack", Value: "prod", TargetID: id}, {Name: "flag", TargetID: f.insts[0]}}}))(t)
	ci := f.instance(t, id)
	if v, _ := ci.Attribute("stack"); v != "prod" {
		t.Errorf("stack = %q", v)
	}
	if _, has := ci.Attribute("flag"); !has {
		t.Errorf("flag attribute (no value) missing")
	}
	if ci.Version <= v0 {
		t.Errorf("version %d did not grow from %d", ci.Version, v0)
	}
	ok(f.w.PutAttributes(model.PutAttributesRequest{Cluster: "c", Attributes: []model.Attribute{{Name: "stack", Value: "test", TargetID: id}}}))(t)
	if after := f.instance(t, id); !slices.Contains(after.Attributes, model.Attribute{Name: "stack", Value: "test"}) {
		t.Errorf("stack after replace: %v", after.Attributes)
	}
	// 8 more custom attributes reach 10; the 11th is refused and the whole
	// call changes nothing.
	var eight []model.Attribute
	for i := range 8 {
		eight = append(eight, model.Attribute{Name: fmt.Sprintf("k%d", i), Value: "v", TargetID: id})
	}
	ok(f.w.PutAttributes(model.PutAttributesRequest{Cluster: "c", Attributes: eight}))(t)
	before := f.instance(t, id)
	_, err := f.w.PutAttributes(model.PutAttributesRequest{Cluster: "c", Attributes: []model.Attribute{
		{Name: "stack", Value: "again", TargetID: id}, {Name: "eleventh", Value: "v", TargetID: id}}})
	wantCode(t, err, ecserrors.CodeAttributeLimitExceeded)
	if after := f.instance(t, id); after.Version != before.Version || len(after.Attributes) != len(before.Attributes) {
		t.Errorf("a refused PutAttributes changed the instance")
	}
	// ecs.* attributes do not count toward the limit of custom attributes.
	ok(f.w.PutAttributes(model.PutAttributesRequest{Cluster: "c", Attributes: []model.Attribute{{Name: "ecs.capability.x", TargetID: id}}}))(t)

	_, err = f.w.PutAttributes(model.PutAttributesRequest{Cluster: "c", Attributes: []model.Attribute{{Name: "a", TargetID: "0123456789abcdef0123456789abcdef"}}})
	wantCode(t, err, ecserrors.CodeTargetNotFound)
	_, err = f.w.PutAttributes(model.PutAttributesRequest{Cluster: "c"})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	_, err = f.w.PutAttributes(model.PutAttributesRequest{Cluster: "c", Attributes: []model.Attribute{{Name: "a b", TargetID: id}}})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	_, err = f.w.PutAttributes(model.PutAttributesRequest{Cluster: "c", Attributes: slices.Repeat([]model.Attribute{{Name: "a", TargetID: id}}, 11)})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
}

// ListContainerInstances filters by status (all but INACTIVE when none is
// given) and by a cluster query language expression; a malformed
// expression is InvalidParameterException.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListContainerInstances.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html
func TestWorldListContainerInstancesFilter(t *testing.T) {
	f := newFixture(t, 6) // zones a b c a b c
	ok(f.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "web", Group: "g1", PlacementConstraints: []model.PlacementConstraint{
		{Type: model.PlacementConstraintTypeMemberOf, Expression: "ec2InstanceId == " + f.instance(t, f.insts[4]).EC2InstanceID}}}))(t)
	f.advance(t, time.Minute)
	ok(f.w.PutAttributes(model.PutAttributesRequest{Cluster: "c", Attributes: []model.Attribute{{Name: "stack", Value: "prod", TargetID: f.insts[2]}}}))(t)
	sorted := func(xs ...string) []string { return slices.Sorted(slices.Values(xs)) }
	cases := []struct {
		filter string
		want   []string
	}{
		{"attribute:ecs.availability-zone == us-east-1a", sorted(f.insts[0], f.insts[3])},
		{"attribute:ecs.availability-zone in [us-east-1b, us-east-1c]", sorted(f.insts[1], f.insts[2], f.insts[4], f.insts[5])},
		{"attribute:stack exists", sorted(f.insts[2])},
		{"runningTasksCount > 0", sorted(f.insts[4])},
		{"task:group == g1", sorted(f.insts[4])},
		{"not(attribute:ecs.availability-zone == us-east-1a) and runningTasksCount == 0", sorted(f.insts[1], f.insts[2], f.insts[5])},
		{"agentConnected == true", sorted(f.insts...)},
		{"attribute:stack == nothing", nil},
	}
	for _, c := range cases {
		l := ok(f.w.ListContainerInstances(model.ListContainerInstancesRequest{Cluster: "c", Filter: c.filter}))(t)
		if !slices.Equal(l.ContainerInstanceARNs, c.want) {
			t.Errorf("filter %q: got %v, want %v", c.filter, l.ContainerInstanceARNs, c.want)
		}
	}
	for _, bad := range []string{"attribute:", "runningTasksCount > x", "((", strings.Repeat("a", 2001)} {
		_, err := f.w.ListContainerInstances(model.ListContainerInstancesRequest{Cluster: "c", Filter: bad})
		wantCode(t, err, ecserrors.CodeInvalidParameter)
	}
	_, err := f.w.ListContainerInstances(model.ListContainerInstancesRequest{Cluster: "c", Status: model.ContainerInstanceStatusInactive})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
}

// UpdateContainerAgent takes an instance through PENDING, STAGING,
// STAGED, UPDATING to UPDATED; a second request while one is in progress
// is UpdateInProgressException; an agent already at the latest version is
// NoUpdateAvailableException; an unknown instance is
// InvalidParameterException.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html
func TestWorldUpdateContainerAgent(t *testing.T) {
	f := newFixture(t, 0)
	old := ok(f.w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "c",
		TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)},
		VersionInfo:    &model.VersionInfo{AgentVersion: "1.90.0", AgentHash: "abc", DockerVersion: "DockerVersion: 20.10.25"}}))(t).ContainerInstance.ContainerInstanceARN
	latest := f.addInstance(t, "us-east-1a")
	_, err := f.w.UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: "c", ContainerInstance: latest})
	wantCode(t, err, ecserrors.CodeNoUpdateAvailable)
	_, err = f.w.UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: "c", ContainerInstance: "0123456789abcdef0123456789abcdef"})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	_, err = f.w.UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: "c"})
	wantCode(t, err, ecserrors.CodeInvalidParameter)

	r := ok(f.w.UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: "c", ContainerInstance: old}))(t)
	if r.ContainerInstance.AgentUpdateStatus != model.AgentUpdateStatusPending {
		t.Fatalf("agentUpdateStatus %s, want PENDING", r.ContainerInstance.AgentUpdateStatus)
	}
	_, err = f.w.UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: "c", ContainerInstance: old})
	wantCode(t, err, ecserrors.CodeUpdateInProgress)
	var seen []model.AgentUpdateStatus
	for range 10 {
		f.advance(t, 30*time.Second)
		s := f.instance(t, old).AgentUpdateStatus
		if len(seen) == 0 || seen[len(seen)-1] != s {
			seen = append(seen, s)
		}
	}
	want := []model.AgentUpdateStatus{model.AgentUpdateStatusStaging, model.AgentUpdateStatusStaged, model.AgentUpdateStatusUpdating, model.AgentUpdateStatusUpdated}
	if !slices.Equal(seen, want) {
		t.Errorf("stages %v, want %v", seen, want)
	}
	if v := f.instance(t, old).VersionInfo.AgentVersion; v != DefaultAgentCatalog.Latest {
		t.Errorf("agent version after the update %s, want %s", v, DefaultAgentCatalog.Latest)
	}
}
