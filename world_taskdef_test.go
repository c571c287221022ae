package ecsstate

import (
	"slices"
	"testing"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// Task definition revisions: each registration is the next revision of
// its family; DeregisterTaskDefinition makes one INACTIVE (still
// describable, no longer usable for new tasks or services); a family
// without revision means its latest ACTIVE revision.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterTaskDefinition.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitions.html
func TestWorldTaskDefinitionRevisions(t *testing.T) {
	f := newFixture(t, 2)
	f.taskDef(t, "web", 256, 512, 0) // web:2
	f.taskDef(t, "web", 256, 512, 0) // web:3
	latest := func() string {
		t.Helper()
		return ok(f.w.DescribeTaskDefinition(model.DescribeTaskDefinitionRequest{TaskDefinition: "web"}))(t).TaskDefinition.TaskDefinitionARN
	}
	arn := func(rev int32) string { return DefaultAccount.TaskDefinitionARN("web", rev) }
	if got := latest(); got != arn(3) {
		t.Fatalf("web means %s, want web:3", got)
	}
	f.service(t, "s", "web:3", 1)
	f.advance(t, time.Minute)

	d := ok(f.w.DeregisterTaskDefinition(model.DeregisterTaskDefinitionRequest{TaskDefinition: "web:3"}))(t).TaskDefinition
	if d.Status != model.TaskDefinitionStatusInactive || d.DeregisteredAt.IsZero() {
		t.Fatalf("deregistered: status %s deregisteredAt %v", d.Status, d.DeregisteredAt)
	}
	if got := latest(); got != arn(2) {
		t.Errorf("after deregistering web:3, web means %s, want web:2", got)
	}
	// Deregistering again returns it as it is.
	again := ok(f.w.DeregisterTaskDefinition(model.DeregisterTaskDefinitionRequest{TaskDefinition: arn(3)}))(t).TaskDefinition
	if again.Status != model.TaskDefinitionStatusInactive || !again.DeregisteredAt.Equal(d.DeregisteredAt.Time) {
		t.Errorf("second deregistration: %s %v", again.Status, again.DeregisteredAt)
	}
	// An INACTIVE revision is still described by its revision.
	if got := ok(f.w.DescribeTaskDefinition(model.DescribeTaskDefinitionRequest{TaskDefinition: "web:3"}))(t).TaskDefinition; got.Status != model.TaskDefinitionStatusInactive {
		t.Errorf("web:3 described as %s", got.Status)
	}
	// A service already on the INACTIVE revision keeps running and scales.
	ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", DesiredCount: model.Int32(2)}))(t)
	f.advance(t, time.Minute)
	if s := f.describeService(t, "s"); s.RunningCount != 2 || s.TaskDefinition != arn(3) {
		t.Errorf("service on the INACTIVE revision: running %d on %s", s.RunningCount, s.TaskDefinition)
	}
	// No new task or service may use it.
	_, err := f.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "web:3"})
	wantCode(t, err, ecserrors.CodeClient)
	_, err = f.w.CreateService(model.CreateServiceRequest{Cluster: "c", ServiceName: "t", TaskDefinition: "web:3", DesiredCount: model.Int32(1)})
	wantCode(t, err, ecserrors.CodeClient)

	lst := func(status model.TaskDefinitionStatus) []string {
		return ok(f.w.ListTaskDefinitions(model.ListTaskDefinitionsRequest{FamilyPrefix: "we", Status: status}))(t).TaskDefinitionARNs
	}
	if got := lst(""); !slices.Equal(got, []string{arn(1), arn(2)}) {
		t.Errorf("ACTIVE web revisions %v", got)
	}
	if got := lst(model.TaskDefinitionStatusInactive); !slices.Equal(got, []string{arn(3)}) {
		t.Errorf("INACTIVE web revisions %v", got)
	}
	ok(f.w.DeregisterTaskDefinition(model.DeregisterTaskDefinitionRequest{TaskDefinition: "web:1"}))(t)
	ok(f.w.DeregisterTaskDefinition(model.DeregisterTaskDefinitionRequest{TaskDefinition: "web:2"}))(t)
	_, err = f.w.DescribeTaskDefinition(model.DescribeTaskDefinitionRequest{TaskDefinition: "web"})
	wantCode(t, err, ecserrors.CodeClient)
	// Numbering goes on after every revision was deregistered.
	if got := f.taskDef(t, "web", 256, 512, 0); got != arn(4) {
		t.Errorf("next registration %s, want web:4", got)
	}
	if got := latest(); got != arn(4) {
		t.Errorf("web means %s, want web:4", got)
	}

	for _, c := range []struct {
		td   string
		code ecserrors.Code
	}{
		{"web", ecserrors.CodeInvalidParameter}, // a revision is required
		{"", ecserrors.CodeInvalidParameter},
		{"web:0", ecserrors.CodeInvalidParameter},
		{"web:x", ecserrors.CodeInvalidParameter},
		{"web:99", ecserrors.CodeClient},
		{"nope:1", ecserrors.CodeClient},
	} {
		_, err := f.w.DeregisterTaskDefinition(model.DeregisterTaskDefinitionRequest{TaskDefinition: c.td})
		wantCode(t, err, c.code)
	}
	for _, c := range []struct {
		td   string
		code ecserrors.Code
	}{
		{"", ecserrors.CodeInvalidParameter},
		{"nope", ecserrors.CodeClient},
		{"web:99", ecserrors.CodeClient},
	} {
		_, err := f.w.DescribeTaskDefinition(model.DescribeTaskDefinitionRequest{TaskDefinition: c.td})
		wantCode(t, err, c.code)
	}
	for _, req := range []model.RegisterTaskDefinitionRequest{
		{Family: "web"}, // no container definitions
		{Family: "bad family", ContainerDefinitions: []model.ContainerDefinition{{Name: "a", Image: "i", Memory: model.Int32(64)}}},
		{Family: "", ContainerDefinitions: []model.ContainerDefinition{{Name: "a", Image: "i", Memory: model.Int32(64)}}},
	} {
		_, err := f.w.RegisterTaskDefinition(req)
		wantCode(t, err, ecserrors.CodeInvalidParameter)
	}
}

// UpdateService may not move a service to an INACTIVE revision; given a
// family, it takes the latest ACTIVE revision.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
func TestWorldUpdateServiceTaskDefinition(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "s", "web", 1)
	f.taskDef(t, "web", 256, 512, 0) // web:2
	f.taskDef(t, "web", 256, 512, 0) // web:3
	ok(f.w.DeregisterTaskDefinition(model.DeregisterTaskDefinitionRequest{TaskDefinition: "web:3"}))(t)
	_, err := f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: "web:3"})
	if c := ecserrors.CodeOf(err); c != ecserrors.CodeClient && c != ecserrors.CodeInvalidParameter {
		t.Fatalf("UpdateService to an INACTIVE revision: %v", err)
	}
	r := ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: "web"}))(t)
	if want := DefaultAccount.TaskDefinitionARN("web", 2); r.Service.TaskDefinition != want {
		t.Errorf("taskDefinition %s, want %s", r.Service.TaskDefinition, want)
	}
}

// DeleteCluster refuses a cluster with registered instances or with
// services that are not INACTIVE; a deleted cluster is INACTIVE in
// DescribeClusters and missing from ListClusters. DescribeClusters
// reports unknown clusters as failures with reason MISSING.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteCluster.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeClusters.html
func TestWorldDeleteAndDescribeClusters(t *testing.T) {
	f := newFixture(t, 1)
	_, err := f.w.DeleteCluster(model.DeleteClusterRequest{Cluster: "c"})
	wantCode(t, err, ecserrors.CodeClusterContainsContainerInstances)
	ok(f.w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: "c", ContainerInstance: f.insts[0]}))(t)
	f.service(t, "s", "web", 0)
	_, err = f.w.DeleteCluster(model.DeleteClusterRequest{Cluster: "c"})
	wantCode(t, err, ecserrors.CodeClusterContainsServices)
	ok(f.w.DeleteService(model.DeleteServiceRequest{Cluster: "c", Service: "s"}))(t)
	_, err = f.w.DeleteCluster(model.DeleteClusterRequest{Cluster: "c"})
	wantCode(t, err, ecserrors.CodeClusterContainsServices) // DRAINING still counts
	f.advance(t, time.Minute)
	r := ok(f.w.DeleteCluster(model.DeleteClusterRequest{Cluster: DefaultAccount.ClusterARN("c")}))(t)
	if r.Cluster.Status != model.ClusterStatusInactive {
		t.Fatalf("deleted cluster status %s", r.Cluster.Status)
	}
	_, err = f.w.DeleteCluster(model.DeleteClusterRequest{Cluster: "c"})
	wantCode(t, err, ecserrors.CodeClusterNotFound)
	_, err = f.w.DeleteCluster(model.DeleteClusterRequest{})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	if l := ok(f.w.ListClusters(model.ListClustersRequest{}))(t); len(l.ClusterARNs) != 0 {
		t.Errorf("ListClusters after delete: %v", l.ClusterARNs)
	}
	d := ok(f.w.DescribeClusters(model.DescribeClustersRequest{Clusters: []string{"c", "nope", DefaultAccount.ClusterARN("x")}}))(t)
	if len(d.Clusters) != 1 || d.Clusters[0].Status != model.ClusterStatusInactive {
		t.Errorf("DescribeClusters of the deleted cluster: %+v", d.Clusters)
	}
	want := []model.Failure{{ARN: DefaultAccount.ClusterARN("nope"), Reason: "MISSING"}, {ARN: DefaultAccount.ClusterARN("x"), Reason: "MISSING"}}
	if !slices.Equal(d.Failures, want) {
		t.Errorf("failures %+v, want %+v", d.Failures, want)
	}
	// Without clusters, DescribeClusters describes "default".
	d = ok(f.w.DescribeClusters(model.DescribeClustersRequest{}))(t)
	if len(d.Failures) != 1 || d.Failures[0].ARN != DefaultAccount.ClusterARN("default") {
		t.Errorf("DescribeClusters of no cluster: %+v", d)
	}
	// CreateCluster of an existing name returns it unchanged; of the
	// deleted name, a new ACTIVE cluster.
	c := ok(f.w.CreateCluster(model.CreateClusterRequest{ClusterName: "c"}))(t).Cluster
	if c.Status != model.ClusterStatusActive || c.RegisteredContainerInstancesCount != 0 || c.ActiveServicesCount != 0 {
		t.Errorf("recreated cluster %+v", c)
	}
	for _, bad := range []string{"a b", "x/y"} {
		_, err := f.w.CreateCluster(model.CreateClusterRequest{ClusterName: bad})
		wantCode(t, err, ecserrors.CodeInvalidParameter)
	}
}

// RegisterContainerInstance needs CPU and MEMORY; re-registering an
// instance that has tasks is refused; the identity document supplies the
// zone attribute.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterContainerInstance.html
func TestWorldRegisterContainerInstance(t *testing.T) {
	f := newFixture(t, 1)
	cpu, mem := model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)
	for _, req := range []model.RegisterContainerInstanceRequest{
		{TotalResources: []model.Resource{cpu}},
		{TotalResources: []model.Resource{mem}},
		{TotalResources: []model.Resource{cpu, model.IntegerResource(model.ResourceMemory, -1)}},
		{TotalResources: []model.Resource{cpu, mem}, InstanceIdentityDocument: "{"},
		{TotalResources: []model.Resource{cpu, mem}, ContainerInstanceARN: DefaultAccount.ContainerInstanceARN("c", "0123456789abcdef0123456789abcdef")},
	} {
		req.Cluster = "c"
		_, err := f.w.RegisterContainerInstance(req)
		wantCode(t, err, ecserrors.CodeInvalidParameter)
	}
	r := ok(f.w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "c", TotalResources: []model.Resource{cpu, mem},
		InstanceIdentityDocument: `{"instanceId":"i-0abc","availabilityZone":"us-east-1f","instanceType":"m5.large"}`}))(t).ContainerInstance
	if r.EC2InstanceID != "i-0abc" || r.AvailabilityZone() != "us-east-1f" {
		t.Errorf("from the identity document: %s %s", r.EC2InstanceID, r.AvailabilityZone())
	}
	if got := r.Remaining(); got.CPU != 1024 || got.Memory != 2048 {
		t.Errorf("remaining %+v", got)
	}
	ok(f.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "web", PlacementConstraints: []model.PlacementConstraint{
		{Type: model.PlacementConstraintTypeMemberOf, Expression: "ec2InstanceId == i-0abc"}}}))(t)
	_, err := f.w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "c", TotalResources: []model.Resource{cpu, mem}, ContainerInstanceARN: r.ContainerInstanceARN})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	// Registering with no cluster creates "default", as ECS does.
	ok(f.w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{TotalResources: []model.Resource{cpu, mem}}))(t)
	if d := ok(f.w.DescribeClusters(model.DescribeClustersRequest{}))(t); len(d.Clusters) != 1 || d.Clusters[0].RegisteredContainerInstancesCount != 1 {
		t.Errorf("default cluster: %+v", d)
	}
}

// Advance, AdvanceTo and RunUntil refuse to move time backwards.
func TestWorldTimeRefusals(t *testing.T) {
	w := New(Options{})
	wantCode(t, w.Advance(-time.Second), ecserrors.CodeInvalidParameter)
	wantCode(t, w.AdvanceTo(w.Now().Add(-time.Second)), ecserrors.CodeInvalidParameter)
	_, err := w.RunUntil(func(*World) bool { return false }, -time.Second)
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	_, err = w.RunUntil(nil, time.Second)
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	if !w.Now().Equal(DefaultStart) {
		t.Errorf("refusals moved time to %s", w.Now())
	}
}

// RunUntil checks its condition first (no time passes when it holds),
// then after each moment something happened; when the condition never
// holds it stops at the limit. AdvanceTo lands on the time given.
func TestWorldRunUntilAndAdvanceTo(t *testing.T) {
	f := newFixture(t, 1)
	start := f.w.Now()
	if ok, err := f.w.RunUntil(func(*World) bool { return true }, time.Hour); !ok || err != nil || !f.w.Now().Equal(start) {
		t.Fatalf("condition true at once: %v %v, time moved to %s", ok, err, f.w.Now())
	}
	if ok, err := f.w.RunUntil(func(*World) bool { return false }, 90*time.Second); ok || err != nil || !f.w.Now().Equal(start.Add(90*time.Second)) {
		t.Fatalf("condition never true: %v %v at %s", ok, err, f.w.Now())
	}
	task := ok(f.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "web"}))(t).Tasks[0].TaskARN
	running := func(w *World) bool {
		d, _ := w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: []string{task}})
		return len(d.Tasks) == 1 && d.Tasks[0].LastStatus == model.TaskStatusRunning
	}
	before := f.w.Now()
	if ok, err := f.w.RunUntil(running, time.Hour); !ok || err != nil {
		t.Fatalf("task never ran: %v %v", ok, err)
	}
	d := ok(f.w.DescribeTasks(model.DescribeTasksRequest{Cluster: "c", Tasks: []string{task}}))(t).Tasks[0]
	if !d.StartedAt.Equal(model.At(f.w.Now()).Time) || f.w.Now().Sub(before) > time.Minute {
		t.Errorf("RunUntil stopped at %s; the task started at %s", f.w.Now(), d.StartedAt.Time)
	}
	to := f.w.Now().Add(37 * time.Minute)
	if err := f.w.AdvanceTo(to); err != nil || !f.w.Now().Equal(to) {
		t.Errorf("AdvanceTo: %v, at %s, want %s", err, f.w.Now(), to)
	}
}
