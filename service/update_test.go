package service_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

var acct = model.Account{Partition: "aws", Region: "us-east-1", AccountID: "012345678910"}

var t0 = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)

// fixture is a cluster "prod" with a service "web" on task definition
// web:1 (web:2 ACTIVE and web:3 INACTIVE also exist), two Auto Scaling
// providers (one ACTIVE, one DEPROVISIONING) and the Fargate providers.
func fixture(controller model.DeploymentControllerType, launch model.LaunchType) service.State {
	cluster := model.Cluster{
		ClusterARN: acct.ClusterARN("prod"), ClusterName: "prod", Status: model.ClusterStatusActive,
		CapacityProviders: []string{"FARGATE", "FARGATE_SPOT", "asg-a", "asg-gone"},
	}
	td := func(rev int32, status model.TaskDefinitionStatus) model.TaskDefinition {
		return model.TaskDefinition{
			TaskDefinitionARN: acct.TaskDefinitionARN("web", rev), Family: "web", Revision: rev, Status: status,
			NetworkMode:          model.NetworkModeAwsvpc,
			ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: "nginx", Memory: model.Int32(512)}},
		}
	}
	efs := td(4, model.TaskDefinitionStatusActive)
	efs.Family, efs.TaskDefinitionARN = "efs", acct.TaskDefinitionARN("efs", 1)
	efs.Revision = 1
	efs.RequiresAttributes = []model.Attribute{{Name: "ecs.capability.efsAuth"}}
	svc := model.Service{
		ServiceARN: acct.ServiceARN("prod", "web"), ServiceName: "web", ClusterARN: cluster.ClusterARN,
		Status: model.ServiceStatusActive, DesiredCount: 2, RunningCount: 2,
		LaunchType: launch, TaskDefinition: acct.TaskDefinitionARN("web", 1),
		DeploymentConfiguration: &model.DeploymentConfiguration{MaximumPercent: model.Int32(200), MinimumHealthyPercent: model.Int32(100)},
		Deployments: []model.Deployment{{
			ID: "ecs-svc/9223370000000000000", Status: model.DeploymentStatusPrimary, TaskDefinition: acct.TaskDefinitionARN("web", 1),
			DesiredCount: 2, RunningCount: 2, CreatedAt: model.At(t0.Add(-time.Hour)), UpdatedAt: model.At(t0.Add(-time.Hour)),
			LaunchType: launch, RolloutState: model.DeploymentRolloutStateCompleted,
		}},
		SchedulingStrategy:   model.SchedulingStrategyReplica,
		DeploymentController: &model.DeploymentController{Type: controller},
		Events:               []model.ServiceEvent{}, LoadBalancers: []model.LoadBalancer{},
	}
	if launch == model.LaunchTypeFargate {
		svc.PlatformVersion = "LATEST"
		svc.Deployments[0].PlatformVersion = "1.4.0"
	}
	return service.State{
		Cluster: &cluster, Service: &svc,
		TaskDefinitions: []model.TaskDefinition{td(1, model.TaskDefinitionStatusActive), td(2, model.TaskDefinitionStatusActive), td(3, model.TaskDefinitionStatusInactive), efs},
		CapacityProviders: []model.CapacityProvider{
			{Name: "asg-a", Status: model.CapacityProviderStatusActive, Type: model.CapacityProviderTypeEC2Autoscaling},
			{Name: "asg-gone", Status: model.CapacityProviderStatusDeprovisioning, Type: model.CapacityProviderTypeEC2Autoscaling},
		},
	}
}

func network() *model.NetworkConfiguration {
	return &model.NetworkConfiguration{AWSVPCConfiguration: &model.AwsVpcConfiguration{Subnets: []string{"subnet-1"}}}
}

// setMember returns a request for web that sets only member m, to a
// value valid for a Fargate service of fixture.
func setMember(m string, controller model.DeploymentControllerType) model.UpdateServiceRequest {
	r := model.UpdateServiceRequest{Cluster: "prod", Service: "web"}
	switch m {
	case "desiredCount":
		r.DesiredCount = model.Int32(5)
	case "taskDefinition":
		r.TaskDefinition = "web:2"
	case "capacityProviderStrategy":
		r.CapacityProviderStrategy = []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Weight: 1}}
	case "deploymentConfiguration":
		r.DeploymentConfiguration = &model.DeploymentConfiguration{MaximumPercent: model.Int32(150)}
	case "availabilityZoneRebalancing":
		r.AvailabilityZoneRebalancing = model.AvailabilityZoneRebalancingEnabled
	case "networkConfiguration":
		r.NetworkConfiguration = network()
	case "placementConstraints":
		r.PlacementConstraints = []model.PlacementConstraint{{Type: model.PlacementConstraintTypeDistinctInstance}}
	case "placementStrategy":
		r.PlacementStrategy = []model.PlacementStrategy{{Type: model.PlacementStrategyTypeBinpack, Field: "memory"}}
	case "platformVersion":
		r.PlatformVersion = "1.3.0"
	case "forceNewDeployment":
		r.ForceNewDeployment = model.Bool(true)
	case "healthCheckGracePeriodSeconds":
		r.HealthCheckGracePeriodSeconds = model.Int32(60)
	case "deploymentController":
		r.DeploymentController = &model.DeploymentController{Type: controller}
	case "enableExecuteCommand":
		r.EnableExecuteCommand = model.Bool(true)
	case "enableECSManagedTags":
		r.EnableECSManagedTags = model.Bool(true)
	case "loadBalancers":
		r.LoadBalancers = []model.LoadBalancer{{TargetGroupARN: "arn:aws:elasticloadbalancing:us-east-1:012345678910:targetgroup/web/1", ContainerName: "app", ContainerPort: model.Int32(80)}}
	case "propagateTags":
		r.PropagateTags = model.PropagateTagsService
	case "serviceRegistries":
		r.ServiceRegistries = []model.ServiceRegistry{{RegistryARN: "arn:aws:servicediscovery:us-east-1:012345678910:service/srv-1"}}
	case "serviceConnectConfiguration":
		r.ServiceConnectConfiguration = json.RawMessage(`{"enabled":true}`)
	case "volumeConfigurations":
		r.VolumeConfigurations = json.RawMessage(`[{"name":"data"}]`)
	case "vpcLatticeConfigurations":
		r.VPCLatticeConfigurations = json.RawMessage(`[{"roleArn":"x"}]`)
	case "gatewayConnectors":
		r.GatewayConnectors = json.RawMessage(`[]`)
	case "monitoring":
		r.Monitoring = json.RawMessage(`{}`)
	default:
		panic("no value for member " + m)
	}
	return r
}

// Which members each controller may update, written out from the UpdateService API reference
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html)
// and the current reference's additions (tag settings for CODE_DEPLOY and
// EXTERNAL), independently of the package's own table.
var mayUpdate = map[model.DeploymentControllerType][]string{
	model.DeploymentControllerTypeCodeDeploy: {"desiredCount", "deploymentConfiguration", "placementConstraints", "placementStrategy",
		"healthCheckGracePeriodSeconds", "enableECSManagedTags", "propagateTags", "deploymentController"},
	model.DeploymentControllerTypeExternal: {"desiredCount", "placementConstraints", "placementStrategy",
		"healthCheckGracePeriodSeconds", "enableECSManagedTags", "propagateTags", "deploymentController"},
}

var allMembers = []string{"desiredCount", "taskDefinition", "capacityProviderStrategy", "deploymentConfiguration",
	"availabilityZoneRebalancing", "networkConfiguration", "placementConstraints", "placementStrategy", "platformVersion",
	"forceNewDeployment", "healthCheckGracePeriodSeconds", "deploymentController", "enableExecuteCommand",
	"enableECSManagedTags", "loadBalancers", "propagateTags", "serviceRegistries", "serviceConnectConfiguration",
	"volumeConfigurations", "vpcLatticeConfigurations", "gatewayConnectors", "monitoring"}

func TestMembersListsEveryOptionalRequestMember(t *testing.T) {
	if diff := cmp.Diff(allMembers, service.Members()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestEveryControllerMemberPair(t *testing.T) {
	for _, c := range model.DeploymentControllerType("").Values() {
		for _, m := range allMembers {
			t.Run(string(c)+"/"+m, func(t *testing.T) {
				want := c == model.DeploymentControllerTypeECS || slices.Contains(mayUpdate[c], m)
				if got := service.Allowed(c, m); got != want {
					t.Errorf("Allowed = %v, want %v", got, want)
				}
				st := fixture(c, model.LaunchTypeFargate)
				req := setMember(m, c)
				if got := service.Present(&req); !slices.Equal(got, []string{m}) {
					t.Fatalf("Present = %v, want [%s]", got, m)
				}
				res, err := service.UpdateService(req, st, t0)
				if want {
					if err != nil {
						t.Fatalf("allowed member refused: %v", err)
					}
					if res.Response.Service == nil {
						t.Fatal("no service in the response")
					}
					return
				}
				if ecserrors.CodeOf(err) != ecserrors.CodeInvalidParameter || !strings.Contains(err.Error(), m) {
					t.Fatalf("err = %v, want InvalidParameterException naming %s", err, m)
				}
			})
		}
	}
}

// TestSeedSampleRequest replays the sample of the UpdateService API
// reference: hello_world to a desired count of 3, and compares
// the response key for key with the documented sample response.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
func TestSeedSampleRequest(t *testing.T) {
	const sampleResponse = `{ "service": { "clusterArn": "arn:aws:ecs:us-east-1:012345678910:cluster/default", "deploymentConfiguration": { "maximumPercent": 200, "minimumHealthyPercent": 100 }, "deployments": [ { "createdAt": 1430333711.033, "desiredCount": 3, "id": "ecs-svc/9223370606521064774", "pendingCount": 0, "runningCount": 0, "status": "PRIMARY", "taskDefinition": "arn:aws:ecs:us-east-1:012345678910:task-definition/hello_world:10", "updatedAt": 1430336267.173 } ], "desiredCount": 3, "events": [], "loadBalancers": [], "pendingCount": 0, "runningCount": 0, "serviceArn": "arn:aws:ecs:us-east-1:012345678910:service/hello_world", "serviceName": "hello_world", "status": "ACTIVE", "taskDefinition": "arn:aws:ecs:us-east-1:012345678910:task-definition/hello_world:10" } }`
	var req model.UpdateServiceRequest
	if err := json.Unmarshal([]byte(`{ "service": "hello_world", "desiredCount": 3 }`), &req); err != nil {
		t.Fatal(err)
	}
	tdARN := "arn:aws:ecs:us-east-1:012345678910:task-definition/hello_world:10"
	before := model.Service{
		ClusterARN: "arn:aws:ecs:us-east-1:012345678910:cluster/default", ServiceName: "hello_world",
		ServiceARN: "arn:aws:ecs:us-east-1:012345678910:service/hello_world", Status: model.ServiceStatusActive,
		DesiredCount: 1, TaskDefinition: tdARN, Events: []model.ServiceEvent{}, LoadBalancers: []model.LoadBalancer{},
		DeploymentConfiguration: &model.DeploymentConfiguration{MaximumPercent: model.Int32(200), MinimumHealthyPercent: model.Int32(100)},
		Deployments: []model.Deployment{{
			ID: "ecs-svc/9223370606521064774", Status: model.DeploymentStatusPrimary, TaskDefinition: tdARN, DesiredCount: 1,
			CreatedAt: model.At(time.UnixMilli(1430333711033)), UpdatedAt: model.At(time.UnixMilli(1430333711033)),
		}},
	}
	st := service.State{
		Cluster: &model.Cluster{ClusterARN: before.ClusterARN, ClusterName: "default", Status: model.ClusterStatusActive},
		Service: &before,
	}
	res, err := service.UpdateService(req, st, time.UnixMilli(1430336267173))
	if err != nil {
		t.Fatal(err)
	}
	if res.NewDeployment != "" {
		t.Errorf("a desired count change started deployment %s", res.NewDeployment)
	}
	got, err := json.Marshal(res.Response)
	if err != nil {
		t.Fatal(err)
	}
	var wantMap, gotMap map[string]any
	_ = json.Unmarshal([]byte(sampleResponse), &wantMap)
	_ = json.Unmarshal(got, &gotMap)
	if diff := cmp.Diff(wantMap, gotMap); diff != "" {
		t.Errorf("response (-seed +ours):\n%s", diff)
	}
}

// TestDeploymentIDFollowsECS checks the ID rule against the API reference sample:
// deployment ecs-svc/9223370606521064774 was created at 1430333711.033.
func TestDeploymentIDFollowsECS(t *testing.T) {
	if got := service.NewDeploymentID(nil, time.UnixMilli(1430333711033)); got != "ecs-svc/9223370606521064774" {
		t.Errorf("got %s", got)
	}
	taken := []model.Deployment{{ID: "ecs-svc/9223370606521064774"}}
	if got := service.NewDeploymentID(taken, time.UnixMilli(1430333711033)); got != "ecs-svc/9223370606521064773" {
		t.Errorf("clash: got %s", got)
	}
}

func TestUpdateServiceErrors(t *testing.T) {
	type tc struct {
		name   string
		mutate func(*service.State)
		req    model.UpdateServiceRequest
		code   ecserrors.Code
		says   string
	}
	req := func(f func(*model.UpdateServiceRequest)) model.UpdateServiceRequest {
		r := model.UpdateServiceRequest{Cluster: "prod", Service: "web"}
		if f != nil {
			f(&r)
		}
		return r
	}
	cases := []tc{
		{name: "no service member", req: model.UpdateServiceRequest{Cluster: "prod"}, code: ecserrors.CodeInvalidParameter, says: "service"},
		{name: "unknown cluster", req: model.UpdateServiceRequest{Cluster: "staging", Service: "web"}, code: ecserrors.CodeClusterNotFound},
		{name: "default cluster absent", req: model.UpdateServiceRequest{Service: "web"}, code: ecserrors.CodeClusterNotFound},
		{name: "no cluster in state", mutate: func(s *service.State) { s.Cluster = nil }, req: req(nil), code: ecserrors.CodeClusterNotFound},
		{name: "unknown service", req: model.UpdateServiceRequest{Cluster: "prod", Service: "api"}, code: ecserrors.CodeServiceNotFound},
		{name: "no service in state", mutate: func(s *service.State) { s.Service = nil }, req: req(nil), code: ecserrors.CodeServiceNotFound},
		{name: "service ARN of another cluster", req: model.UpdateServiceRequest{Service: acct.ServiceARN("other", "web")}, code: ecserrors.CodeClusterNotFound},
		{name: "draining service", mutate: func(s *service.State) { s.Service.Status = model.ServiceStatusDraining }, req: req(nil), code: ecserrors.CodeServiceNotActive},
		{name: "inactive service", mutate: func(s *service.State) { s.Service.Status = model.ServiceStatusInactive }, req: req(nil), code: ecserrors.CodeServiceNotActive},
		{name: "negative desired count", req: req(func(r *model.UpdateServiceRequest) { r.DesiredCount = model.Int32(-1) }), code: ecserrors.CodeInvalidParameter, says: "desiredCount"},
		{name: "negative grace period", req: req(func(r *model.UpdateServiceRequest) { r.HealthCheckGracePeriodSeconds = model.Int32(-1) }), code: ecserrors.CodeInvalidParameter, says: "healthCheckGracePeriodSeconds"},
		{name: "unknown task definition family", req: req(func(r *model.UpdateServiceRequest) { r.TaskDefinition = "api" }), code: ecserrors.CodeClient, says: "TaskDefinition not found"},
		{name: "unknown task definition revision", req: req(func(r *model.UpdateServiceRequest) { r.TaskDefinition = "web:9" }), code: ecserrors.CodeClient, says: "TaskDefinition not found"},
		{name: "inactive task definition revision", req: req(func(r *model.UpdateServiceRequest) { r.TaskDefinition = "web:3" }), code: ecserrors.CodeClient, says: "inactive"},
		{name: "malformed task definition", req: req(func(r *model.UpdateServiceRequest) { r.TaskDefinition = "web:0" }), code: ecserrors.CodeInvalidParameter, says: "taskDefinition"},
		{name: "unknown platform version", req: req(func(r *model.UpdateServiceRequest) { r.PlatformVersion = "9.9.9" }), code: ecserrors.CodePlatformUnknown},
		{name: "platform lacks EFS auth", req: req(func(r *model.UpdateServiceRequest) { r.TaskDefinition = "efs:1"; r.PlatformVersion = "1.3.0" }), code: ecserrors.CodePlatformTaskDefinitionIncompatibility, says: "ecs.capability.efsAuth"},
		{name: "platform version on EC2", mutate: func(s *service.State) { s.Service.LaunchType = model.LaunchTypeEC2 }, req: req(func(r *model.UpdateServiceRequest) { r.PlatformVersion = "1.4.0" }), code: ecserrors.CodeInvalidParameter, says: "platformVersion"},
		{name: "provider not associated", req: req(func(r *model.UpdateServiceRequest) {
			r.CapacityProviderStrategy = []model.CapacityProviderStrategyItem{{CapacityProvider: "asg-b", Weight: 1}}
		}), code: ecserrors.CodeInvalidParameter, says: "not associated"},
		{name: "FARGATE not associated", mutate: func(s *service.State) { s.Cluster.CapacityProviders = []string{"asg-a"} }, req: req(func(r *model.UpdateServiceRequest) {
			r.CapacityProviderStrategy = []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Weight: 1}}
		}), code: ecserrors.CodeInvalidParameter, says: "not associated"},
		{name: "provider deprovisioning", req: req(func(r *model.UpdateServiceRequest) {
			r.CapacityProviderStrategy = []model.CapacityProviderStrategyItem{{CapacityProvider: "asg-gone", Weight: 1}}
		}), code: ecserrors.CodeInvalidParameter, says: "ACTIVE or UPDATING"},
		{name: "provider associated but not described", mutate: func(s *service.State) { s.CapacityProviders = nil }, req: req(func(r *model.UpdateServiceRequest) {
			r.CapacityProviderStrategy = []model.CapacityProviderStrategyItem{{CapacityProvider: "asg-a", Weight: 1}}
		}), code: ecserrors.CodeInvalidParameter, says: "does not exist"},
		{name: "Fargate mixed with Auto Scaling", req: req(func(r *model.UpdateServiceRequest) {
			r.CapacityProviderStrategy = []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Weight: 1}, {CapacityProvider: "asg-a", Weight: 1}}
		}), code: ecserrors.CodeInvalidParameter, says: "mixes"},
		{name: "two bases", req: req(func(r *model.UpdateServiceRequest) {
			r.CapacityProviderStrategy = []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Weight: 1, Base: 1}, {CapacityProvider: "FARGATE_SPOT", Weight: 1, Base: 1}}
		}), code: ecserrors.CodeInvalidParameter, says: "base"},
		{name: "base above 100,000", req: req(func(r *model.UpdateServiceRequest) {
			r.CapacityProviderStrategy = []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Weight: 1, Base: 100001}}
		}), code: ecserrors.CodeInvalidParameter, says: "base"},
		{name: "weight above 1,000", req: req(func(r *model.UpdateServiceRequest) {
			r.CapacityProviderStrategy = []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Weight: 1001}}
		}), code: ecserrors.CodeInvalidParameter, says: "weight"},
		{name: "all weights zero", req: req(func(r *model.UpdateServiceRequest) {
			r.CapacityProviderStrategy = []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Base: 2}}
		}), code: ecserrors.CodeInvalidParameter, says: "weight"},
		{name: "eleven constraints", req: req(func(r *model.UpdateServiceRequest) {
			r.PlacementConstraints = slices.Repeat([]model.PlacementConstraint{{Type: model.PlacementConstraintTypeDistinctInstance}}, 11)
		}), code: ecserrors.CodeInvalidParameter, says: "placementConstraints"},
		{name: "ten constraints plus one in the task definition", mutate: func(s *service.State) {
			s.TaskDefinitions[1].PlacementConstraints = []model.TaskDefinitionPlacementConstraint{{Type: model.TaskDefinitionPlacementConstraintTypeMemberOf, Expression: "agentConnected == true"}}
		}, req: req(func(r *model.UpdateServiceRequest) {
			r.TaskDefinition = "web:2"
			r.PlacementConstraints = slices.Repeat([]model.PlacementConstraint{{Type: model.PlacementConstraintTypeDistinctInstance}}, 10)
		}), code: ecserrors.CodeInvalidParameter, says: "task definition's included"},
		{name: "memberOf expression that does not parse", req: req(func(r *model.UpdateServiceRequest) {
			r.PlacementConstraints = []model.PlacementConstraint{{Type: model.PlacementConstraintTypeMemberOf, Expression: "attribute:ecs.instance-type =="}}
		}), code: ecserrors.CodeInvalidParameter, says: "placementConstraints[0].expression"},
		{name: "six strategy rules", req: req(func(r *model.UpdateServiceRequest) {
			r.PlacementStrategy = slices.Repeat([]model.PlacementStrategy{{Type: model.PlacementStrategyTypeRandom}}, 6)
		}), code: ecserrors.CodeInvalidParameter, says: "placementStrategy"},
		{name: "controller migration", req: req(func(r *model.UpdateServiceRequest) {
			r.DeploymentController = &model.DeploymentController{Type: model.DeploymentControllerTypeCodeDeploy}
		}), code: ecserrors.CodeInvalidParameter, says: "deploymentController"},
		{name: "desired count on a daemon", mutate: func(s *service.State) { s.Service.SchedulingStrategy = model.SchedulingStrategyDaemon },
			req: req(func(r *model.UpdateServiceRequest) { r.DesiredCount = model.Int32(3) }), code: ecserrors.CodeInvalidParameter, says: "desiredCount"},
		{name: "negative maximum percent", req: req(func(r *model.UpdateServiceRequest) {
			r.DeploymentConfiguration = &model.DeploymentConfiguration{MaximumPercent: model.Int32(-5)}
		}), code: ecserrors.CodeInvalidParameter, says: "maximumPercent"},
		{name: "two PRIMARY deployments stored", mutate: func(s *service.State) {
			s.Service.Deployments = append(s.Service.Deployments, s.Service.Deployments[0])
			s.Service.Deployments[1].ID = "ecs-svc/1"
		}, req: req(func(r *model.UpdateServiceRequest) { r.ForceNewDeployment = model.Bool(true) }), code: ecserrors.CodeServer},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := fixture(model.DeploymentControllerTypeECS, model.LaunchTypeFargate)
			if c.mutate != nil {
				c.mutate(&st)
			}
			_, err := service.UpdateService(c.req, st, t0)
			var e *ecserrors.Error
			if !errors.As(err, &e) || e.Code() != c.code {
				t.Fatalf("err = %v, want %s", err, c.code)
			}
			if !strings.Contains(e.Message(), c.says) {
				t.Errorf("message %q does not mention %q", e.Message(), c.says)
			}
		})
	}
}

func TestTaskDefinitionFamilyMeansLatestActiveRevision(t *testing.T) {
	st := fixture(model.DeploymentControllerTypeECS, model.LaunchTypeFargate)
	// web:3 is INACTIVE, so "web" is web:2.
	res, err := service.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: "web", TaskDefinition: "web"}, st, t0)
	if err != nil {
		t.Fatal(err)
	}
	s := res.Response.Service
	if want := acct.TaskDefinitionARN("web", 2); s.TaskDefinition != want || s.Deployments[0].TaskDefinition != want {
		t.Errorf("task definition %s / %s, want %s", s.TaskDefinition, s.Deployments[0].TaskDefinition, want)
	}
}

func TestNewDeploymentBecomesPrimaryAndOldOneActive(t *testing.T) {
	st := fixture(model.DeploymentControllerTypeECS, model.LaunchTypeFargate)
	res, err := service.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: "web", TaskDefinition: "web:2"}, st, t0)
	if err != nil {
		t.Fatal(err)
	}
	ds := res.Response.Service.Deployments
	if len(ds) != 2 {
		t.Fatalf("deployments %+v", ds)
	}
	wantID := service.NewDeploymentID(nil, t0)
	if ds[0].ID != wantID || res.NewDeployment != wantID || !strings.HasPrefix(wantID, "ecs-svc/") || len(wantID) != len("ecs-svc/")+19 {
		t.Errorf("new deployment ID %s (result %s), want %s with 19 digits", ds[0].ID, res.NewDeployment, wantID)
	}
	if ds[0].Status != model.DeploymentStatusPrimary || ds[0].RolloutState != model.DeploymentRolloutStateInProgress || ds[0].DesiredCount != 2 {
		t.Errorf("new deployment %+v", ds[0])
	}
	if ds[0].PlatformVersion != "1.4.0" {
		t.Errorf("LATEST resolved to %q, want 1.4.0", ds[0].PlatformVersion)
	}
	if ds[1].ID != "ecs-svc/9223370000000000000" || ds[1].Status != model.DeploymentStatusActive || res.Superseded != ds[1].ID {
		t.Errorf("old deployment %+v, superseded %q", ds[1], res.Superseded)
	}
}

func TestSameValueStartsNoDeployment(t *testing.T) {
	st := fixture(model.DeploymentControllerTypeECS, model.LaunchTypeFargate)
	for _, r := range []model.UpdateServiceRequest{
		{TaskDefinition: "web:1"},
		{PlatformVersion: "LATEST"},
		{LoadBalancers: []model.LoadBalancer{}},
		{ForceNewDeployment: model.Bool(false)},
	} {
		r.Cluster, r.Service = "prod", "web"
		res, err := service.UpdateService(r, st, t0)
		if err != nil {
			t.Fatal(err)
		}
		if res.NewDeployment != "" {
			t.Errorf("%+v started a deployment", r)
		}
	}
}

func TestCapacityProviderStrategyMoves(t *testing.T) {
	cases := []struct {
		name       string
		launch     model.LaunchType
		current    []model.CapacityProviderStrategyItem
		req        []model.CapacityProviderStrategyItem
		wantLaunch model.LaunchType
		wantCPS    []model.CapacityProviderStrategyItem
	}{
		{"EC2 launch type to Fargate provider", model.LaunchTypeEC2, nil, []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Weight: 1}}, "", []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Weight: 1}}},
		{"Fargate launch type to ASG provider", model.LaunchTypeFargate, nil, []model.CapacityProviderStrategyItem{{CapacityProvider: "asg-a", Weight: 1}}, "", []model.CapacityProviderStrategyItem{{CapacityProvider: "asg-a", Weight: 1}}},
		{"Fargate provider to ASG provider", "", []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Weight: 1}}, []model.CapacityProviderStrategyItem{{CapacityProvider: "asg-a", Weight: 1}}, "", []model.CapacityProviderStrategyItem{{CapacityProvider: "asg-a", Weight: 1}}},
		{"Fargate provider back to a launch type", "", []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE_SPOT", Weight: 1}}, []model.CapacityProviderStrategyItem{}, model.LaunchTypeFargate, nil},
		{"ASG provider back to a launch type", "", []model.CapacityProviderStrategyItem{{CapacityProvider: "asg-a", Weight: 1}}, []model.CapacityProviderStrategyItem{}, model.LaunchTypeEC2, nil},
		{"launch type stays with an empty list", model.LaunchTypeEC2, nil, []model.CapacityProviderStrategyItem{}, model.LaunchTypeEC2, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := fixture(model.DeploymentControllerTypeECS, c.launch)
			st.Service.CapacityProviderStrategy = c.current
			res, err := service.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: "web", CapacityProviderStrategy: c.req}, st, t0)
			if err != nil {
				t.Fatal(err)
			}
			s := res.Response.Service
			if s.LaunchType != c.wantLaunch || !cmp.Equal(s.CapacityProviderStrategy, c.wantCPS) {
				t.Errorf("launch %q strategy %+v, want %q %+v", s.LaunchType, s.CapacityProviderStrategy, c.wantLaunch, c.wantCPS)
			}
			if res.NewDeployment != "" {
				t.Error("a capacity provider strategy change alone started a deployment")
			}
		})
	}
}

// TestNoReturnToClusterDefault: a service on an explicit strategy that is
// given an empty list goes to a launch type, never to the cluster's
// default strategy (the API reference rule, under the current API's meaning of
// the empty list).
func TestNoReturnToClusterDefault(t *testing.T) {
	st := fixture(model.DeploymentControllerTypeECS, "")
	st.Cluster.DefaultCapacityProviderStrategy = []model.CapacityProviderStrategyItem{{CapacityProvider: "asg-a", Weight: 1}}
	st.Service.CapacityProviderStrategy = []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Weight: 1}}
	res, err := service.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: "web", CapacityProviderStrategy: []model.CapacityProviderStrategyItem{}}, st, t0)
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Response.Service; len(s.CapacityProviderStrategy) != 0 || s.LaunchType != model.LaunchTypeFargate {
		t.Errorf("got launch %q strategy %+v", s.LaunchType, s.CapacityProviderStrategy)
	}
}

func TestPlacementAbsentKeepsPresentReplacesEmptyRemoves(t *testing.T) {
	st := fixture(model.DeploymentControllerTypeECS, model.LaunchTypeFargate)
	st.Service.PlacementConstraints = []model.PlacementConstraint{{Type: model.PlacementConstraintTypeDistinctInstance}}
	st.Service.PlacementStrategy = []model.PlacementStrategy{{Type: model.PlacementStrategyTypeRandom}}
	newC := []model.PlacementConstraint{{Type: model.PlacementConstraintTypeMemberOf, Expression: "agentConnected == true"}}
	newS := []model.PlacementStrategy{{Type: model.PlacementStrategyTypeBinpack, Field: "cpu"}}
	cases := []struct {
		name  string
		c     []model.PlacementConstraint
		s     []model.PlacementStrategy
		wantC []model.PlacementConstraint
		wantS []model.PlacementStrategy
	}{
		{"absent keeps", nil, nil, st.Service.PlacementConstraints, st.Service.PlacementStrategy},
		{"present replaces", newC, newS, newC, newS},
		{"empty removes", []model.PlacementConstraint{}, []model.PlacementStrategy{}, []model.PlacementConstraint{}, []model.PlacementStrategy{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := service.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: "web", PlacementConstraints: c.c, PlacementStrategy: c.s}, st, t0)
			if err != nil {
				t.Fatal(err)
			}
			s := res.Response.Service
			if !cmp.Equal(s.PlacementConstraints, c.wantC) || !cmp.Equal(s.PlacementStrategy, c.wantS) {
				t.Errorf("got %+v %+v", s.PlacementConstraints, s.PlacementStrategy)
			}
			if res.NewDeployment != "" {
				t.Error("placement alone started a deployment")
			}
		})
	}
}

func TestGracePeriodAcceptsTheFullRangeWithoutLoadBalancer(t *testing.T) {
	st := fixture(model.DeploymentControllerTypeECS, model.LaunchTypeFargate)
	for _, g := range []int32{0, 1, 2147483647} {
		res, err := service.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: "web", HealthCheckGracePeriodSeconds: model.Int32(g)}, st, t0)
		if err != nil {
			t.Fatalf("%d: %v", g, err)
		}
		if got := res.Response.Service.HealthCheckGracePeriodSeconds; got == nil || *got != g {
			t.Errorf("%d: got %v", g, got)
		}
	}
}

func TestDeploymentConfigurationMergesMemberByMember(t *testing.T) {
	st := fixture(model.DeploymentControllerTypeECS, model.LaunchTypeFargate)
	res, err := service.UpdateService(model.UpdateServiceRequest{Cluster: "prod", Service: "web",
		DeploymentConfiguration: &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(50)}}, st, t0)
	if err != nil {
		t.Fatal(err)
	}
	dc := res.Response.Service.DeploymentConfiguration
	if *dc.MinimumHealthyPercent != 50 || *dc.MaximumPercent != 200 {
		t.Errorf("got min %d max %d", *dc.MinimumHealthyPercent, *dc.MaximumPercent)
	}
}
