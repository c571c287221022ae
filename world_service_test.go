package ecsstate

import (
	"testing"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// UpdateService on a service that does not exist is
// ServiceNotFoundException; on one that was deleted (DRAINING or
// INACTIVE) it is ServiceNotActiveException.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
func TestWorldUpdateServiceNotFoundNotActive(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "s", "web", 2)
	f.advance(t, time.Minute)
	_, err := f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "nope", DesiredCount: model.Int32(1)})
	wantCode(t, err, ecserrors.CodeServiceNotFound)

	ok(f.w.DeleteService(model.DeleteServiceRequest{Cluster: "c", Service: "s", Force: model.Bool(true)}))(t)
	if s := f.describeService(t, "s"); s.Status != model.ServiceStatusDraining {
		t.Fatalf("after DeleteService: status %s, want DRAINING", s.Status)
	}
	_, err = f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", DesiredCount: model.Int32(1)})
	wantCode(t, err, ecserrors.CodeServiceNotActive)
	if ok, err := f.w.RunUntil(func(w *World) bool { return f.describeService(t, "s").Status == model.ServiceStatusInactive }, 10*time.Minute); !ok || err != nil {
		t.Fatalf("service never became INACTIVE: %v %v", ok, err)
	}
	_, err = f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", DesiredCount: model.Int32(1)})
	wantCode(t, err, ecserrors.CodeServiceNotActive)
}

// DeleteService refuses a service scaled above zero unless force is set;
// a deleted service is DRAINING while its tasks stop, then INACTIVE. It
// leaves ListServices at once, while DescribeServices still shows it, and
// its name may then be used again.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteService.html
func TestWorldDeleteService(t *testing.T) {
	f := newFixture(t, 3)
	f.service(t, "s", "web", 3)
	f.advance(t, 2*time.Minute)
	if s := f.describeService(t, "s"); s.RunningCount != 3 {
		t.Fatalf("running %d, want 3", s.RunningCount)
	}
	_, err := f.w.DeleteService(model.DeleteServiceRequest{Cluster: "c", Service: "s"})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	_, err = f.w.DeleteService(model.DeleteServiceRequest{Cluster: "c", Service: "s", Force: model.Bool(false)})
	wantCode(t, err, ecserrors.CodeInvalidParameter)
	_, err = f.w.DeleteService(model.DeleteServiceRequest{Cluster: "c", Service: "nope"})
	wantCode(t, err, ecserrors.CodeServiceNotFound)

	r := ok(f.w.DeleteService(model.DeleteServiceRequest{Cluster: "c", Service: "s", Force: model.Bool(true)}))(t)
	if r.Service.Status != model.ServiceStatusDraining || r.Service.DesiredCount != 0 {
		t.Fatalf("DeleteService returned status %s desired %d, want DRAINING 0", r.Service.Status, r.Service.DesiredCount)
	}
	if l := ok(f.w.ListServices(model.ListServicesRequest{Cluster: "c"}))(t); len(l.ServiceARNs) != 1 {
		// ListServices shows DRAINING services until they are INACTIVE.
		t.Fatalf("ListServices while DRAINING: %v", l.ServiceARNs)
	}
	if c := f.cluster(t); c.ActiveServicesCount != 0 {
		t.Errorf("activeServicesCount %d while DRAINING, want 0", c.ActiveServicesCount)
	}
	// Deleting again is not an error: DeleteService's errors do not include
	// ServiceNotActiveException, and ECS returns the deleted service.
	again := ok(f.w.DeleteService(model.DeleteServiceRequest{Cluster: "c", Service: "s", Force: model.Bool(true)}))(t)
	if again.Service.Status != model.ServiceStatusDraining {
		t.Errorf("second DeleteService: status %s, want DRAINING", again.Service.Status)
	}
	if ok, err := f.w.RunUntil(func(w *World) bool { return f.describeService(t, "s").Status == model.ServiceStatusInactive }, 10*time.Minute); !ok || err != nil {
		t.Fatalf("service never became INACTIVE: %v %v", ok, err)
	}
	if n := ok(f.w.ListTasks(model.ListTasksRequest{Cluster: "c", ServiceName: "s"}))(t); len(n.TaskARNs) != 0 {
		t.Errorf("tasks still wanted RUNNING after delete: %v", n.TaskARNs)
	}
	if l := ok(f.w.ListServices(model.ListServicesRequest{Cluster: "c"}))(t); len(l.ServiceARNs) != 0 {
		t.Errorf("ListServices lists an INACTIVE service: %v", l.ServiceARNs)
	}
	for _, arn := range f.insts {
		ci := f.instance(t, arn)
		if ci.RunningTasksCount+ci.PendingTasksCount != 0 {
			t.Errorf("instance %s still counts %d+%d tasks", arn, ci.RunningTasksCount, ci.PendingTasksCount)
		}
	}
	if again := ok(f.w.DeleteService(model.DeleteServiceRequest{Cluster: "c", Service: "s"}))(t); again.Service.Status != model.ServiceStatusInactive {
		t.Errorf("DeleteService of an INACTIVE service: status %s", again.Service.Status)
	}
	// The name of an INACTIVE service may be used again.
	f.service(t, "s", "web", 1)
	if s := f.describeService(t, "s"); s.Status != model.ServiceStatusActive || s.DesiredCount != 1 {
		t.Errorf("recreated service: %s %d", s.Status, s.DesiredCount)
	}
	// A service scaled to zero is deleted without force.
	f.service(t, "z", "web", 0)
	if r := ok(f.w.DeleteService(model.DeleteServiceRequest{Cluster: "c", Service: "z"}))(t); r.Service.Status != model.ServiceStatusDraining {
		t.Errorf("DeleteService of a service at 0: %s", r.Service.Status)
	}
}

// CreateService: an existing ACTIVE or DRAINING name is refused; an
// unknown or INACTIVE task definition is ClientException; a DAEMON service
// takes no capacity provider strategy; the CODE_DEPLOY and EXTERNAL
// controllers are not modelled.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
func TestWorldCreateServiceRefusals(t *testing.T) {
	f := newFixture(t, 1)
	f.service(t, "s", "web", 0)
	ok(f.w.DeregisterTaskDefinition(model.DeregisterTaskDefinitionRequest{TaskDefinition: "big:1"}))(t)
	cases := []struct {
		name string
		req  model.CreateServiceRequest
		code ecserrors.Code
	}{
		{"duplicate", model.CreateServiceRequest{ServiceName: "s", TaskDefinition: "web"}, ecserrors.CodeInvalidParameter},
		{"unknown task definition", model.CreateServiceRequest{ServiceName: "x", TaskDefinition: "nope"}, ecserrors.CodeClient},
		{"unknown revision", model.CreateServiceRequest{ServiceName: "x", TaskDefinition: "web:9"}, ecserrors.CodeClient},
		{"inactive revision", model.CreateServiceRequest{ServiceName: "x", TaskDefinition: "big:1"}, ecserrors.CodeClient},
		{"family with no active revision", model.CreateServiceRequest{ServiceName: "x", TaskDefinition: "big"}, ecserrors.CodeClient},
		{"no desired count", model.CreateServiceRequest{ServiceName: "x", TaskDefinition: "web", DesiredCount: nil}, ecserrors.CodeInvalidParameter},
		{"negative desired count", model.CreateServiceRequest{ServiceName: "x", TaskDefinition: "web", DesiredCount: model.Int32(-1)}, ecserrors.CodeInvalidParameter},
		{"bad name", model.CreateServiceRequest{ServiceName: "a b", TaskDefinition: "web"}, ecserrors.CodeInvalidParameter},
		{"daemon with capacity providers", model.CreateServiceRequest{ServiceName: "x", TaskDefinition: "web", SchedulingStrategy: model.SchedulingStrategyDaemon,
			CapacityProviderStrategy: []model.CapacityProviderStrategyItem{{CapacityProvider: "cp", Weight: 1}}}, ecserrors.CodeInvalidParameter},
		{"code deploy", model.CreateServiceRequest{ServiceName: "x", TaskDefinition: "web", DeploymentController: &model.DeploymentController{Type: model.DeploymentControllerTypeCodeDeploy}}, ecserrors.CodeUnsupportedFeature},
		{"provider not associated", model.CreateServiceRequest{ServiceName: "x", TaskDefinition: "web",
			CapacityProviderStrategy: []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Weight: 1}}}, ecserrors.CodeInvalidParameter},
		{"negative minimum healthy", model.CreateServiceRequest{ServiceName: "x", TaskDefinition: "web", DeploymentConfiguration: &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(-1)}}, ecserrors.CodeInvalidParameter},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.req.Cluster = "c"
			if c.name != "no desired count" && c.req.DesiredCount == nil {
				c.req.DesiredCount = model.Int32(1)
			}
			_, err := f.w.CreateService(c.req)
			wantCode(t, err, c.code)
		})
	}
}

func (f *fixture) cluster(t testing.TB) model.Cluster {
	t.Helper()
	r := ok(f.w.DescribeClusters(model.DescribeClustersRequest{Clusters: []string{"c"}}))(t)
	if len(r.Clusters) != 1 {
		t.Fatalf("DescribeClusters: %+v", r.Failures)
	}
	return r.Clusters[0]
}

// A capacity provider strategy names providers associated with the
// cluster, and does not mix Fargate with Auto Scaling group providers.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
func TestWorldCreateServiceCapacityProviders(t *testing.T) {
	f := newFixture(t, 1)
	ok(f.w.CreateCluster(model.CreateClusterRequest{ClusterName: "f", CapacityProviders: []string{"FARGATE", "FARGATE_SPOT", "asg"}}))(t)
	cp := func(names ...string) []model.CapacityProviderStrategyItem {
		var out []model.CapacityProviderStrategyItem
		for _, n := range names {
			out = append(out, model.CapacityProviderStrategyItem{CapacityProvider: n, Weight: 1})
		}
		return out
	}
	r := ok(f.w.CreateService(model.CreateServiceRequest{Cluster: "f", ServiceName: "s", TaskDefinition: "web", DesiredCount: model.Int32(0),
		CapacityProviderStrategy: cp("FARGATE", "FARGATE_SPOT")}))(t)
	if len(r.Service.CapacityProviderStrategy) != 2 || r.Service.LaunchType != "" {
		t.Errorf("service %v %s", r.Service.CapacityProviderStrategy, r.Service.LaunchType)
	}
	for _, bad := range [][]model.CapacityProviderStrategyItem{cp("other"), cp("FARGATE", "asg")} {
		_, err := f.w.CreateService(model.CreateServiceRequest{Cluster: "f", ServiceName: "t", TaskDefinition: "web", DesiredCount: model.Int32(0), CapacityProviderStrategy: bad})
		wantCode(t, err, ecserrors.CodeInvalidParameter)
	}
}
