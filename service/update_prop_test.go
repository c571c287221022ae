package service_test

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
	"github.com/ecsstate/ecsstate/service"
)

// updateCase is a generated service with what UpdateService reads, and a
// request aimed at it (sometimes broken on purpose).
type updateCase struct {
	St  service.State
	Req model.UpdateServiceRequest
	Now time.Time
}

// updateCaseGen draws cases; with breakage, about a third of requests are
// broken on purpose and controllers are uniform; without, the controller
// is ECS two times in three and only the generator's own choices (a
// missing task definition, a platform version on EC2, …) make requests
// invalid.
func updateCaseGen(breakage bool) *rapid.Generator[updateCase] {
	return rapid.Custom(func(t *rapid.T) updateCase {
		svc := gen.Service().Draw(t, "service")
		ca, _ := model.ParseARN(svc.ClusterARN)
		cluster := model.Cluster{ClusterARN: svc.ClusterARN, ClusterName: ca.Name, Status: model.ClusterStatusActive,
			CapacityProviders: []string{"FARGATE", "FARGATE_SPOT", "asg-a"}}
		if rapid.Bool().Draw(t, "fargate service") {
			svc.LaunchType = model.LaunchTypeFargate
			svc.PlatformVersion = "LATEST"
		}
		controllers := model.DeploymentControllerType("").Values()
		if !breakage {
			controllers = append(controllers, model.DeploymentControllerTypeECS, model.DeploymentControllerTypeECS, model.DeploymentControllerTypeECS)
		}
		svc.DeploymentController.Type = rapid.SampledFrom(controllers).Draw(t, "controller")
		req := gen.UpdateServiceRequest().Draw(t, "request")
		req.Service = svc.ServiceName
		req.Cluster = rapid.SampledFrom([]string{ca.Name, svc.ClusterARN, ca.Name}).Draw(t, "clusterForm")
		st := service.State{Cluster: &cluster, Service: &svc,
			CapacityProviders: []model.CapacityProvider{{Name: "asg-a", Status: model.CapacityProviderStatusActive}}}
		if ta, err := model.ParseARN(svc.TaskDefinition); err == nil {
			st.TaskDefinitions = append(st.TaskDefinitions, model.TaskDefinition{TaskDefinitionARN: svc.TaskDefinition, Family: ta.Name, Revision: ta.Revision, Status: model.TaskDefinitionStatusActive})
		}
		if req.TaskDefinition != "" && rapid.Bool().Draw(t, "task definition exists") {
			fam, rev, _ := model.ResolveTaskDefinition(req.TaskDefinition)
			if rev == 0 {
				rev = int32(rapid.IntRange(1, 5).Draw(t, "latest"))
			}
			st.TaskDefinitions = append(st.TaskDefinitions, model.TaskDefinition{TaskDefinitionARN: acct.TaskDefinitionARN(fam, rev), Family: fam, Revision: rev, Status: model.TaskDefinitionStatusActive})
		}
		// Break the request now and then, in the ways ECS rejects.
		kind := -1
		if breakage {
			kind = rapid.IntRange(0, 9).Draw(t, "breakage")
		}
		switch kind {
		case 0:
			req.DesiredCount = model.Int32(rapid.SampledFrom([]int32{-1, math.MinInt32}).Draw(t, "badDesired"))
		case 1:
			req.HealthCheckGracePeriodSeconds = model.Int32(math.MinInt32)
		case 2:
			req.CapacityProviderStrategy = []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Weight: 1}, {CapacityProvider: "asg-a", Weight: 1}}
		case 3:
			req.PlacementStrategy = slices.Repeat([]model.PlacementStrategy{{Type: model.PlacementStrategyTypeRandom}}, 6)
		case 4:
			req.Cluster = "nowhere"
		case 5:
			st.Service.Status = rapid.SampledFrom([]model.ServiceStatus{model.ServiceStatusDraining, model.ServiceStatusInactive}).Draw(t, "badStatus")
		}
		return updateCase{St: st, Req: req, Now: gen.Time().Draw(t, "now").Time}
	})
}

// deepCopy copies a value through JSON, which every model type
// round-trips exactly (model's own tests check that).
func deepCopy[T any](t *rapid.T, v T) T {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(v, out, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("deep copy is not exact:\n%s", diff)
	}
	return out
}

func TestUpdateServiceNeverMutatesItsInputs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := updateCaseGen(true).Draw(t, "case")
		before := deepCopy(t, c)
		_, _ = service.UpdateService(c.Req, c.St, c.Now)
		if diff := cmp.Diff(before, c, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("inputs changed:\n%s", diff)
		}
	})
}

// TestInvalidUpdateNeverChangesTheService: a rejected request is a typed
// ECS error and returns no service (and, with the no-mutation property,
// leaves the stored one as it was).
func TestInvalidUpdateNeverChangesTheService(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := updateCaseGen(true).Draw(t, "case")
		res, err := service.UpdateService(c.Req, c.St, c.Now)
		if err != nil {
			var e *ecserrors.Error
			if !errors.As(err, &e) || e.Code() == "" {
				t.Fatalf("untyped error %v", err)
			}
			if res.Response.Service != nil {
				t.Fatal("a rejected request returned a service")
			}
			return
		}
		if res.Response.Service == nil {
			t.Fatal("an accepted request returned no service")
		}
	})
}

// fieldsOf names the service members each request member may change, on
// top of the deployment bookkeeping (deployments, running and pending
// counts) a new deployment implies.
var fieldsOf = map[string][]string{
	"desiredCount":                  {"DesiredCount"},
	"taskDefinition":                {"TaskDefinition"},
	"capacityProviderStrategy":      {"CapacityProviderStrategy", "LaunchType"},
	"deploymentConfiguration":       {"DeploymentConfiguration"},
	"availabilityZoneRebalancing":   {"AvailabilityZoneRebalancing"},
	"networkConfiguration":          {"NetworkConfiguration"},
	"placementConstraints":          {"PlacementConstraints"},
	"placementStrategy":             {"PlacementStrategy"},
	"platformVersion":               {"PlatformVersion"},
	"healthCheckGracePeriodSeconds": {"HealthCheckGracePeriodSeconds"},
	"enableExecuteCommand":          {"EnableExecuteCommand"},
	"enableECSManagedTags":          {"EnableECSManagedTags"},
	"loadBalancers":                 {"LoadBalancers"},
	"propagateTags":                 {"PropagateTags"},
	"serviceRegistries":             {"ServiceRegistries"},
}

func TestValidUpdateChangesOnlyTheMembersItNames(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := updateCaseGen(false).Draw(t, "case")
		res, err := service.UpdateService(c.Req, c.St, c.Now)
		if err != nil {
			t.Skip("rejected")
		}
		ignore := []string{"Deployments", "RunningCount", "PendingCount"}
		for _, m := range service.Present(&c.Req) {
			ignore = append(ignore, fieldsOf[m]...)
		}
		if diff := cmp.Diff(*c.St.Service, *res.Response.Service, cmpopts.IgnoreFields(model.Service{}, ignore...), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("members the request does not name changed (%v):\n%s", service.Present(&c.Req), diff)
		}
		if res.NewDeployment == "" && !cmp.Equal(c.St.Service.RunningCount, res.Response.Service.RunningCount) {
			t.Fatal("running count changed without a deployment")
		}
	})
}

func TestUpdateWithoutDeploymentLeavesDeploymentsAlone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := updateCaseGen(false).Draw(t, "case")
		// Keep only members that start no deployment.
		r := &c.Req
		r.TaskDefinition, r.NetworkConfiguration, r.PlatformVersion, r.ForceNewDeployment = "", nil, "", nil
		r.LoadBalancers, r.ServiceRegistries, r.ServiceConnectConfiguration = nil, nil, nil
		r.VolumeConfigurations, r.VPCLatticeConfigurations = nil, nil
		res, err := service.UpdateService(c.Req, c.St, c.Now)
		if err != nil {
			t.Skip("rejected")
		}
		if res.NewDeployment != "" {
			t.Fatalf("%v started deployment %s", service.Present(&c.Req), res.NewDeployment)
		}
		got := res.Response.Service.Deployments
		want := slices.Clone(c.St.Service.Deployments)
		if c.Req.DesiredCount != nil {
			// The one piece of bookkeeping: the PRIMARY follows the
			// service's desired count.
			for i := range want {
				if want[i].Status == model.DeploymentStatusPrimary && want[i].DesiredCount != *c.Req.DesiredCount {
					want[i].DesiredCount = *c.Req.DesiredCount
					want[i].UpdatedAt = model.At(c.Now)
				}
			}
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("deployments changed without a new deployment:\n%s", diff)
		}
	})
}

func TestNewDeploymentIsTheOnlyPrimary(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := updateCaseGen(false).Draw(t, "case")
		force := true
		c.Req.ForceNewDeployment = &force
		res, err := service.UpdateService(c.Req, c.St, c.Now)
		if err != nil {
			t.Skip("rejected")
		}
		s := res.Response.Service
		if c.St.Service.DeploymentController.Type != model.DeploymentControllerTypeECS {
			t.Fatalf("a %s service accepted forceNewDeployment", c.St.Service.DeploymentController.Type)
		}
		if res.NewDeployment == "" || s.Deployments[0].ID != res.NewDeployment {
			t.Fatalf("forceNewDeployment started %q; deployments %v", res.NewDeployment, s.Deployments)
		}
		primaries := 0
		for _, d := range s.Deployments {
			if d.Status == model.DeploymentStatusPrimary {
				primaries++
			}
		}
		if primaries != 1 || s.Deployments[0].RolloutState != model.DeploymentRolloutStateInProgress || s.Deployments[0].DesiredCount != s.DesiredCount {
			t.Fatalf("deployments after the update: %+v", s.Deployments)
		}
	})
}

// FuzzUpdateService feeds arbitrary request bodies to UpdateService
// against services of every controller and launch type: any outcome is
// fine except a panic or an error that is not an ECS error.
func FuzzUpdateService(f *testing.F) {
	f.Add([]byte(`{"service":"web","cluster":"prod","desiredCount":3}`), uint8(0))
	f.Add([]byte(`{ "service": "hello_world", "desiredCount": 3 }`), uint8(1))
	f.Add([]byte(`{"service":"web","cluster":"prod","taskDefinition":"web","forceNewDeployment":true}`), uint8(2))
	f.Add([]byte(`{"service":"web","cluster":"prod","capacityProviderStrategy":[{"capacityProvider":"FARGATE","weight":1,"base":2147483647}]}`), uint8(3))
	f.Add([]byte(`{"service":"web","cluster":"prod","capacityProviderStrategy":[]}`), uint8(4))
	f.Add([]byte(`{"service":"web","cluster":"prod","platformVersion":"LATEST","taskDefinition":"efs:1"}`), uint8(5))
	f.Add([]byte(`{"service":"web","cluster":"prod","healthCheckGracePeriodSeconds":-2147483648}`), uint8(6))
	f.Add([]byte(`{"service":"web","cluster":"prod","deploymentConfiguration":{"maximumPercent":2147483647,"minimumHealthyPercent":-1}}`), uint8(7))
	f.Add([]byte(`{"service":"arn:aws:ecs:us-east-1:012345678910:service/prod/web","placementConstraints":[],"placementStrategy":[]}`), uint8(8))
	f.Fuzz(func(t *testing.T, body []byte, variant uint8) {
		var req model.UpdateServiceRequest
		if json.Unmarshal(body, &req) != nil {
			return
		}
		controllers := model.DeploymentControllerType("").Values()
		launches := []model.LaunchType{model.LaunchTypeFargate, model.LaunchTypeEC2, ""}
		st := fixture(controllers[int(variant)%len(controllers)], launches[int(variant/3)%len(launches)])
		if variant&0x80 != 0 {
			st.Service.Status = model.ServiceStatusDraining
		}
		_, err := service.UpdateService(req, st, t0)
		if err != nil {
			var e *ecserrors.Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %T %v", err, err)
			}
		}
	})
}
