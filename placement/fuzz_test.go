package placement_test

import (
	"errors"
	"reflect"
	"testing"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
)

func fuzzCluster() ([]model.ContainerInstance, []model.Task) {
	inst, tasks := threeZones(1, 0, 2)
	inst[1].AgentConnected = false
	inst[2].Status = model.ContainerInstanceStatusDraining
	return inst, tasks
}

func checkErr(t *testing.T, err error) {
	t.Helper()
	var e *ecserrors.Error
	if !errors.As(err, &e) || e.Code() != ecserrors.CodeInvalidParameter {
		t.Fatalf("error %v is not an InvalidParameterException", err)
	}
}

// FuzzPlace feeds arbitrary constraints, strategies, counts and task sizes
// (int32 extremes included) to Place: it must never panic, and must either
// return one placement per task or an InvalidParameterException.
func FuzzPlace(f *testing.F) {
	f.Add("attribute:ecs.instance-type == m5.large", "spread", "attribute:ecs.availability-zone", "", 3, "service:web", int32(128), int32(256), int32(80), uint64(1))
	f.Add("", "binpack", "memory", "distinctInstance", 4, "", int32(0), int32(0), int32(0), uint64(7))
	f.Add("not(task:group == service:web) and runningTasksCount < 3", "random", "", "", 2, "family:x", int32(-2147483648), int32(2147483647), int32(-1), uint64(0))
	f.Add("attribute:a =~ (", "spread", "host", "", 1, "service:web", int32(1), int32(1), int32(65535), uint64(3))
	f.Add("agentVersion >= 1.2.3", "binpack", "disk", "", -1, "service:web", int32(1), int32(1), int32(22), uint64(3))
	inst, tasks := fuzzCluster()
	c, err := placement.NewCluster(inst, tasks)
	if err != nil {
		f.Fatal(err)
	}
	x, err := placement.NewIndex(inst, tasks)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, expr, stype, field, ctype string, count int, group string, cpu, mem, hostPort int32, seed uint64) {
		count %= 50 // keep each run small; the limit itself is tested elsewhere
		td := &model.TaskDefinition{Family: "app", NetworkMode: model.NetworkModeHost, ContainerDefinitions: []model.ContainerDefinition{{
			Name: "app", CPU: cpu, Memory: model.Int32(mem),
			PortMappings: []model.PortMapping{{ContainerPort: model.Int32(hostPort), HostPort: model.Int32(hostPort)}},
		}}}
		req := placement.Request{TaskDefinition: td, Group: group, Count: count, Seed: seed,
			Strategy: []model.PlacementStrategy{{Type: model.PlacementStrategyType(stype), Field: field}}}
		if expr != "" {
			req.Constraints = append(req.Constraints, model.PlacementConstraint{Type: "memberOf", Expression: expr})
		}
		if ctype != "" {
			req.Constraints = append(req.Constraints, model.PlacementConstraint{Type: model.PlacementConstraintType(ctype)})
		}
		res, err := c.Place(req)
		// A kept Index answers the same, errors included.
		kres, kerr := x.Place(req)
		if (err == nil) != (kerr == nil) || err != nil && err.Error() != kerr.Error() || !reflect.DeepEqual(res, kres) {
			t.Fatalf("Cluster: %v %v\nIndex: %v %v", res, err, kres, kerr)
		}
		if err != nil {
			checkErr(t, err)
			return
		}
		if len(res.Placements) != count {
			t.Fatalf("%d placements for %d tasks", len(res.Placements), count)
		}
		for _, p := range res.Placements {
			if (p.Reason == nil) == (p.ContainerInstanceARN == "") {
				t.Fatalf("placement %+v has neither or both of an instance and a reason", p)
			}
		}
	})
}

// FuzzChooseTasksToStop feeds arbitrary groups, counts and strategies.
func FuzzChooseTasksToStop(f *testing.F) {
	f.Add("service:web", 2, "spread", "attribute:ecs.availability-zone", uint64(1))
	f.Add("service:web", 9, "random", "", uint64(2))
	f.Add("", -5, "binpack", "cpu", uint64(0))
	f.Add("service:web", 1, "binpack", "ports", uint64(0))
	inst, tasks := fuzzCluster()
	c, err := placement.NewCluster(inst, tasks)
	if err != nil {
		f.Fatal(err)
	}
	x, err := placement.NewIndex(inst, tasks)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, group string, count int, stype, field string, seed uint64) {
		count %= 50
		req := placement.StopRequest{Group: group, Count: count, Seed: seed,
			Strategy: []model.PlacementStrategy{{Type: model.PlacementStrategyType(stype), Field: field}}}
		if seed%3 == 1 { // candidates named by startedBy, one task kept back
			req.StartedBy, req.Except = field, []string{tasks[int(seed/3)%len(tasks)].TaskARN, group}
		}
		out, err := c.ChooseTasksToStop(req)
		kout, kerr := x.ChooseTasksToStop(req)
		if (err == nil) != (kerr == nil) || err != nil && err.Error() != kerr.Error() || len(out)+len(kout) > 0 && !reflect.DeepEqual(out, kout) {
			t.Fatalf("Cluster: %v %v\nIndex: %v %v", out, err, kout, kerr)
		}
		if err != nil {
			checkErr(t, err)
			return
		}
		if len(out) > count {
			t.Fatalf("%d tasks chosen for %d", len(out), count)
		}
	})
}
