package ecsstate

import (
	"errors"
	"testing"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// fixture is a small world: cluster "c" with instances of 1024 CPU units
// and 2048 MiB spread over three zones, and the task definitions "web"
// (256 CPU, 512 MiB), "big" (4096 CPU: fits nowhere), "fat" (128 CPU,
// 4096 MiB: CPU fits, memory does not) and "port" (host port 8080).
type fixture struct {
	w     *World
	insts []string // container instance ARNs, registration order
}

var fixtureZones = []string{"us-east-1a", "us-east-1b", "us-east-1c"}

func newFixture(t testing.TB, instances int) *fixture {
	t.Helper()
	f := &fixture{w: New(Options{Seed: 7})}
	ok(f.w.CreateCluster(model.CreateClusterRequest{ClusterName: "c"}))(t)
	for i := range instances {
		f.addInstance(t, fixtureZones[i%len(fixtureZones)])
	}
	f.taskDef(t, "web", 256, 512, 0)
	f.taskDef(t, "big", 4096, 512, 0)
	f.taskDef(t, "fat", 128, 4096, 0)
	f.taskDef(t, "port", 64, 64, 8080)
	return f
}

func (f *fixture) addInstance(t testing.TB, az string) string {
	t.Helper()
	r := ok(f.w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "c",
		TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)},
		Attributes:     []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: az}}}))(t)
	f.insts = append(f.insts, r.ContainerInstance.ContainerInstanceARN)
	return r.ContainerInstance.ContainerInstanceARN
}

func (f *fixture) taskDef(t testing.TB, family string, cpu, mem, hostPort int32) string {
	t.Helper()
	c := model.ContainerDefinition{Name: "app", Image: "nginx", CPU: cpu, Memory: model.Int32(mem)}
	if hostPort > 0 {
		c.PortMappings = []model.PortMapping{{ContainerPort: model.Int32(80), HostPort: model.Int32(hostPort)}}
	}
	r := ok(f.w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: family, ContainerDefinitions: []model.ContainerDefinition{c}}))(t)
	return r.TaskDefinition.TaskDefinitionARN
}

func (f *fixture) service(t testing.TB, name, td string, desired int32) {
	t.Helper()
	ok(f.w.CreateService(model.CreateServiceRequest{Cluster: "c", ServiceName: name, TaskDefinition: td, DesiredCount: model.Int32(desired)}))(t)
}

func (f *fixture) describeService(t testing.TB, name string) model.Service {
	t.Helper()
	r := ok(f.w.DescribeServices(model.DescribeServicesRequest{Cluster: "c", Services: []string{name}}))(t)
	if len(r.Services) != 1 {
		t.Fatalf("DescribeServices %s: %+v", name, r.Failures)
	}
	return r.Services[0]
}

func (f *fixture) instance(t testing.TB, arn string) model.ContainerInstance {
	t.Helper()
	r := ok(f.w.DescribeContainerInstances(model.DescribeContainerInstancesRequest{Cluster: "c", ContainerInstances: []string{arn}}))(t)
	if len(r.ContainerInstances) != 1 {
		t.Fatalf("DescribeContainerInstances %s: %+v", arn, r.Failures)
	}
	return r.ContainerInstances[0]
}

func (f *fixture) advance(t testing.TB, d time.Duration) {
	t.Helper()
	if err := f.w.Advance(d); err != nil {
		t.Fatal(err)
	}
}

// ok(op(...))(t) is op's result, or a fatal test failure when op failed.
func ok[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// wantCode fails unless err is an *errors.Error with the given code.
func wantCode(t testing.TB, err error, code ecserrors.Code) {
	t.Helper()
	var e *ecserrors.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *errors.Error; want %s", err, err, code)
	}
	if e.Code() != code {
		t.Fatalf("error %s: %s; want %s", e.Code(), e.Message(), code)
	}
}
