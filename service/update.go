package service

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/ecsstate/ecsstate/deployment"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement/query"
)

// State is everything UpdateService reads: plain values the caller looked
// up, never modified.
type State struct {
	// Cluster is the cluster the request names (the "default" cluster when
	// it names none). Nil, or a cluster of another name, means the cluster
	// does not exist: ClusterNotFoundException.
	Cluster *model.Cluster
	// Service is the service the request names in that cluster. Nil, or a
	// service of another name or cluster, means ServiceNotFoundException.
	Service *model.Service
	// TaskDefinitions holds the revisions of the families the request may
	// name (any order). A family given without a revision resolves to its
	// highest ACTIVE revision here.
	TaskDefinitions []model.TaskDefinition
	// CapacityProviders describes the Auto Scaling group (and managed
	// instances) capacity providers the cluster may use. FARGATE and
	// FARGATE_SPOT need no entry: AWS provides them to every account.
	CapacityProviders []model.CapacityProvider
	// PlatformVersions lists the Fargate platform versions that exist.
	// Nil means [DefaultPlatformVersions].
	PlatformVersions []PlatformVersion
}

// PlatformVersion is one AWS Fargate platform version and the task
// definition requirements it satisfies.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-fargate.html
type PlatformVersion struct {
	// Version is the version name, e.g. "1.4.0".
	Version string
	// Family is the operating system family, "LINUX" or "WINDOWS" (empty
	// means LINUX).
	Family string
	// Latest marks the version LATEST resolves to for its family.
	Latest bool
	// Capabilities are the requiresAttributes names (e.g.
	// "ecs.capability.efsAuth") that tasks on this version may require. A
	// task definition requiring an attribute of the form
	// "ecs.capability.*" or "com.amazonaws.ecs.capability.*" that is not
	// listed is incompatible with the version.
	Capabilities []string
}

// DefaultPlatformVersions are the Fargate Linux platform versions AWS
// lists as current (1.4.0 is LATEST, 1.3.0 the previous one), with the
// capabilities that tell them apart: 1.4.0 added EFS volumes, ephemeral
// storage configuration and the task metadata endpoint v4.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-linux-fargate.html
func DefaultPlatformVersions() []PlatformVersion {
	common := []string{
		"com.amazonaws.ecs.capability.docker-remote-api.1.18",
		"com.amazonaws.ecs.capability.docker-remote-api.1.19",
		"com.amazonaws.ecs.capability.docker-remote-api.1.21",
		"com.amazonaws.ecs.capability.logging-driver.awslogs",
		"com.amazonaws.ecs.capability.ecr-auth",
		"com.amazonaws.ecs.capability.task-iam-role",
		"ecs.capability.execution-role-awslogs",
		"ecs.capability.execution-role-ecr-pull",
		"ecs.capability.secrets.asm.environment-variables",
		"ecs.capability.secrets.ssm.environment-variables",
		"ecs.capability.task-eni",
		"ecs.capability.container-health-check",
	}
	v14 := append(slices.Clone(common),
		"ecs.capability.efs", "ecs.capability.efsAuth", "ecs.capability.fargate.ephemeral-storage",
		"ecs.capability.container-ordering", "ecs.capability.firelens.fluentbit")
	return []PlatformVersion{
		{Version: "1.4.0", Family: "LINUX", Latest: true, Capabilities: v14},
		{Version: "1.3.0", Family: "LINUX", Capabilities: common},
	}
}

// Member names of UpdateServiceRequest, as ECS spells them on the wire.
const (
	MemberDesiredCount                  = "desiredCount"
	MemberTaskDefinition                = "taskDefinition"
	MemberCapacityProviderStrategy      = "capacityProviderStrategy"
	MemberDeploymentConfiguration       = "deploymentConfiguration"
	MemberAvailabilityZoneRebalancing   = "availabilityZoneRebalancing"
	MemberNetworkConfiguration          = "networkConfiguration"
	MemberPlacementConstraints          = "placementConstraints"
	MemberPlacementStrategy             = "placementStrategy"
	MemberPlatformVersion               = "platformVersion"
	MemberForceNewDeployment            = "forceNewDeployment"
	MemberHealthCheckGracePeriodSeconds = "healthCheckGracePeriodSeconds"
	MemberDeploymentController          = "deploymentController"
	MemberEnableExecuteCommand          = "enableExecuteCommand"
	MemberEnableECSManagedTags          = "enableECSManagedTags"
	MemberLoadBalancers                 = "loadBalancers"
	MemberPropagateTags                 = "propagateTags"
	MemberServiceRegistries             = "serviceRegistries"
	MemberServiceConnectConfiguration   = "serviceConnectConfiguration"
	MemberVolumeConfigurations          = "volumeConfigurations"
	MemberVPCLatticeConfigurations      = "vpcLatticeConfigurations"
	MemberGatewayConnectors             = "gatewayConnectors"
	MemberMonitoring                    = "monitoring"
)

// members lists every optional member of UpdateServiceRequest, in the
// order a request names them in its errors.
var members = []string{
	MemberDesiredCount, MemberTaskDefinition, MemberCapacityProviderStrategy, MemberDeploymentConfiguration,
	MemberAvailabilityZoneRebalancing, MemberNetworkConfiguration, MemberPlacementConstraints, MemberPlacementStrategy,
	MemberPlatformVersion, MemberForceNewDeployment, MemberHealthCheckGracePeriodSeconds, MemberDeploymentController,
	MemberEnableExecuteCommand, MemberEnableECSManagedTags, MemberLoadBalancers, MemberPropagateTags,
	MemberServiceRegistries, MemberServiceConnectConfiguration, MemberVolumeConfigurations,
	MemberVPCLatticeConfigurations, MemberGatewayConnectors, MemberMonitoring,
}

// Members returns the optional members of UpdateServiceRequest (all but
// cluster and service), as spelled on the wire.
func Members() []string { return slices.Clone(members) }

// allowed says which members each deployment controller lets
// UpdateService change. From the UpdateService API reference
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html):
//
//   - ECS (rolling): every member.
//   - CODE_DEPLOY: desired count, deployment configuration, placement
//     constraints and strategy, health check grace period, and the two tag
//     settings (the current reference adds enableECSManagedTags and
//     propagateTags to the list its older versions gave).
//   - EXTERNAL: the same without deployment configuration.
//
// deploymentController is accepted by every controller but may only name
// the controller the service already has (see [UpdateService]).
var allowed = map[model.DeploymentControllerType][]string{
	model.DeploymentControllerTypeCodeDeploy: {MemberDesiredCount, MemberDeploymentConfiguration, MemberPlacementConstraints,
		MemberPlacementStrategy, MemberHealthCheckGracePeriodSeconds, MemberEnableECSManagedTags, MemberPropagateTags, MemberDeploymentController},
	model.DeploymentControllerTypeExternal: {MemberDesiredCount, MemberPlacementConstraints, MemberPlacementStrategy,
		MemberHealthCheckGracePeriodSeconds, MemberEnableECSManagedTags, MemberPropagateTags, MemberDeploymentController},
}

// Allowed reports whether a service under controller may change member
// through UpdateService. An empty controller means ECS.
func Allowed(controller model.DeploymentControllerType, member string) bool {
	if controller == "" || controller == model.DeploymentControllerTypeECS {
		return slices.Contains(members, member)
	}
	return slices.Contains(allowed[controller], member)
}

// Present returns the optional members a request sets, in [Members]
// order. A member is set when it is present on the wire: a non-nil pointer
// or slice (an empty list is present: it removes), a non-empty string or
// raw JSON value. forceNewDeployment counts only when true: the AWS SDKs
// send false as "not set". A nil request sets nothing (nil).
func Present(r *model.UpdateServiceRequest) []string {
	if r == nil {
		return nil
	}
	var out []string
	add := func(m string, ok bool) {
		if ok {
			out = append(out, m)
		}
	}
	add(MemberDesiredCount, r.DesiredCount != nil)
	add(MemberTaskDefinition, r.TaskDefinition != "")
	add(MemberCapacityProviderStrategy, r.CapacityProviderStrategy != nil)
	add(MemberDeploymentConfiguration, r.DeploymentConfiguration != nil)
	add(MemberAvailabilityZoneRebalancing, r.AvailabilityZoneRebalancing != "")
	add(MemberNetworkConfiguration, r.NetworkConfiguration != nil)
	add(MemberPlacementConstraints, r.PlacementConstraints != nil)
	add(MemberPlacementStrategy, r.PlacementStrategy != nil)
	add(MemberPlatformVersion, r.PlatformVersion != "")
	add(MemberForceNewDeployment, r.ForceNewDeployment != nil && *r.ForceNewDeployment)
	add(MemberHealthCheckGracePeriodSeconds, r.HealthCheckGracePeriodSeconds != nil)
	add(MemberDeploymentController, r.DeploymentController != nil)
	add(MemberEnableExecuteCommand, r.EnableExecuteCommand != nil)
	add(MemberEnableECSManagedTags, r.EnableECSManagedTags != nil)
	add(MemberLoadBalancers, r.LoadBalancers != nil)
	add(MemberPropagateTags, r.PropagateTags != "")
	add(MemberServiceRegistries, r.ServiceRegistries != nil)
	add(MemberServiceConnectConfiguration, rawSet(r.ServiceConnectConfiguration))
	add(MemberVolumeConfigurations, rawSet(r.VolumeConfigurations))
	add(MemberVPCLatticeConfigurations, rawSet(r.VPCLatticeConfigurations))
	add(MemberGatewayConnectors, rawSet(r.GatewayConnectors))
	add(MemberMonitoring, rawSet(r.Monitoring))
	return out
}

func rawSet(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && !bytes.Equal(b, []byte("null"))
}

// Result is what UpdateService returns.
type Result struct {
	// Response is the UpdateService response body: the whole service after
	// the update.
	Response model.UpdateServiceResponse
	// NewDeployment is the ID of the deployment the update started, "" when
	// it started none.
	NewDeployment string
	// Superseded is the ID of the PRIMARY deployment the new one replaced
	// (now ACTIVE), "" when none.
	Superseded string
	// Events are the service events the call produced. ECS writes none on
	// UpdateService itself (the scheduler writes them as it acts, see
	// [Reconcile]), so this is always empty; it is here so callers treat
	// every operation alike.
	Events []model.ServiceEvent
}

// UpdateService applies an UpdateService request to the service in st, as
// Amazon ECS does, and returns the updated service. It never modifies req
// or st. A request ECS would reject returns a *errors.Error with ECS's
// exception code and the service is unchanged.
//
// Checks, in order (the first failure is returned):
//
//  1. The request's shape (model.UpdateServiceRequest.Validate):
//     InvalidParameterException.
//  2. ClusterNotFoundException when st.Cluster is nil or not the named
//     cluster (no cluster member means "default").
//  3. ServiceNotFoundException when st.Service is nil or not the named
//     service of that cluster; ServiceNotActiveException when it is
//     DRAINING or INACTIVE.
//     https://docs.aws.amazon.com/AmazonECS/latest/developerguide/delete-service.html
//  4. The controller allow-list (see [Allowed]): a member the service's
//     deployment controller may not change is an InvalidParameterException
//     naming the member. deploymentController must name the current
//     controller: ECS documents no rule for moving between controllers, so
//     this package refuses the move rather than guess.
//  5. desiredCount on a DAEMON service: InvalidParameterException (a
//     daemon runs one task per instance; ECS rejects the member).
//  6. The task definition: "family" means the highest ACTIVE revision of
//     the family; "family:revision" or an ARN must exist and be ACTIVE
//     (unless it is the service's current one). A missing one is a
//     ClientException "TaskDefinition not found.", the code and text ECS
//     returns for CreateService and UpdateService (ECS treats it as a bad
//     identifier, which the API reference files under ClientException);
//     an INACTIVE one "TaskDefinition is inactive.".
//  7. The platform version: only for Fargate (a FARGATE launch type or
//     Fargate capacity providers), else InvalidParameterException; a
//     version not in st.PlatformVersions (LATEST resolves to the version
//     marked Latest) is PlatformUnknownException; a version lacking a
//     capability the task definition requires is
//     PlatformTaskDefinitionIncompatibilityException.
//  8. The capacity provider strategy, by the rules of the API reference.
//  9. Placement: at most 10 constraints counting the task definition's
//     own, memberOf expressions valid in the cluster query language
//     (package placement/query), at most 5 strategy rules.
//  10. The deployment configuration, merged member by member into the
//     service's (an absent member keeps its value), must resolve
//     (deployment.Resolve); the circuit breaker and alarms are for the ECS
//     controller only.
//  11. healthCheckGracePeriodSeconds must be 0..2,147,483,647 (any int32
//     that is not negative). The 2015 API reference allowed it only with a
//     load balancer; the current one also applies it to container health
//     checks, so it is accepted on any service.
//     https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
//
// What the update does:
//
//   - placementConstraints and placementStrategy: absent keeps, a list
//     replaces, an empty list removes.
//   - loadBalancers and serviceRegistries: absent keeps, a list replaces,
//     an empty list removes.
//   - capacityProviderStrategy: absent keeps; a non-empty list replaces
//     the launch type or strategy; an empty list returns the service to a
//     launch type: FARGATE when its strategy (or, for a service on the
//     cluster default, the cluster's default strategy) uses Fargate
//     providers, EC2 otherwise; a service already on a launch type keeps
//     it.
//   - A new deployment starts when the task definition, network
//     configuration, platform version, load balancers, service registries,
//     Service Connect, volume or VPC Lattice configuration change (a value
//     equal to the current one changes nothing), or forceNewDeployment is
//     true. Desired count, deployment configuration, placement, grace
//     period, tag settings, execute command, AZ rebalancing and capacity
//     provider strategy alone never start one (the strategy applies to the
//     next deployment).
//     https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
//   - The new deployment becomes PRIMARY, IN_PROGRESS, with the ID
//     "ecs-svc/N" where N = 9,223,372,036,854,775,807 − now in Unix
//     milliseconds: ECS's own IDs follow that rule (the API reference's sample
//     deployment ecs-svc/9223370606521064774 was created at
//     1430333711.033), which makes IDs deterministic and newest-smallest.
//     A clash with an existing ID takes the next smaller number. The old
//     PRIMARY becomes ACTIVE (deployment.Apply), keeping its rollout state.
//   - desiredCount also becomes the PRIMARY deployment's desired count.
//   - gatewayConnectors and monitoring are accepted under the ECS
//     controller but not stored: model.Service has no member for them.
//
// Of the errors the API reference lists, AccessDeniedException (IAM) is
// outside this model and never returned; ServerException is returned only
// when the stored service is inconsistent (two PRIMARY deployments), where
// ECS itself would fail.
func UpdateService(req model.UpdateServiceRequest, st State, now time.Time) (Result, error) {
	u := updater{req: &req, st: &st, now: now}
	return u.run()
}

type updater struct {
	req *model.UpdateServiceRequest
	st  *State
	now time.Time

	svc        *model.Service // the copy being built
	controller model.DeploymentControllerType
	taskDef    *model.TaskDefinition // resolved from the request, or nil
	currentTD  *model.TaskDefinition // the service's current one, if known
	platform   string                // resolved platform version of a new deployment
}

func invalid(format string, args ...any) error {
	return ecserrors.New(ecserrors.CodeInvalidParameter, format, args...)
}

func (u *updater) run() (Result, error) {
	r := u.req
	if err := r.Validate(); err != nil {
		return Result{}, err
	}
	svc, err := u.find()
	if err != nil {
		return Result{}, err
	}
	u.controller = model.DeploymentControllerTypeECS
	if svc.DeploymentController != nil && svc.DeploymentController.Type != "" {
		u.controller = svc.DeploymentController.Type
	}
	for _, m := range Present(r) {
		if !Allowed(u.controller, m) {
			return Result{}, invalid("%s: a service with the %s deployment controller cannot update %s.", m, u.controller, m)
		}
	}
	if r.DeploymentController != nil && r.DeploymentController.Type != u.controller {
		return Result{}, invalid("deploymentController: changing the deployment controller from %s to %s is not supported.", u.controller, r.DeploymentController.Type)
	}
	if r.DesiredCount != nil && svc.SchedulingStrategy == model.SchedulingStrategyDaemon {
		return Result{}, invalid("desiredCount: the DAEMON scheduling strategy does not support a desired count.")
	}
	u.currentTD = u.lookupARN(svc.TaskDefinition)
	if err := u.resolveTaskDefinition(svc); err != nil {
		return Result{}, err
	}
	newCPS, newLaunch, cpsChanged, err := u.capacity(svc)
	if err != nil {
		return Result{}, err
	}
	if err := u.checkPlatform(svc, newCPS, newLaunch); err != nil {
		return Result{}, err
	}
	if err := u.checkPlacement(svc); err != nil {
		return Result{}, err
	}
	dc, err := u.deploymentConfiguration(svc)
	if err != nil {
		return Result{}, err
	}
	if err := u.checkStrategy(svc, dc); err != nil {
		return Result{}, err
	}

	// Every check passed: build the new service.
	out := cloneService(svc)
	u.svc = &out
	startsDeployment := false
	if r.DesiredCount != nil {
		out.DesiredCount = *r.DesiredCount
	}
	if r.DeploymentConfiguration != nil {
		out.DeploymentConfiguration = dc
	}
	if r.PlacementConstraints != nil {
		out.PlacementConstraints = slices.Clone(r.PlacementConstraints)
	}
	if r.PlacementStrategy != nil {
		out.PlacementStrategy = slices.Clone(r.PlacementStrategy)
	}
	if r.HealthCheckGracePeriodSeconds != nil {
		out.HealthCheckGracePeriodSeconds = model.Int32(*r.HealthCheckGracePeriodSeconds)
	}
	if r.EnableECSManagedTags != nil {
		out.EnableECSManagedTags = *r.EnableECSManagedTags
	}
	if r.EnableExecuteCommand != nil {
		out.EnableExecuteCommand = *r.EnableExecuteCommand
	}
	if r.PropagateTags != "" {
		out.PropagateTags = r.PropagateTags
	}
	if r.AvailabilityZoneRebalancing != "" {
		out.AvailabilityZoneRebalancing = r.AvailabilityZoneRebalancing
	}
	if cpsChanged {
		out.CapacityProviderStrategy, out.LaunchType = newCPS, newLaunch
	}
	if u.taskDef != nil && u.taskDef.TaskDefinitionARN != svc.TaskDefinition {
		out.TaskDefinition = u.taskDef.TaskDefinitionARN
		startsDeployment = true
	}
	if r.NetworkConfiguration != nil && !reflect.DeepEqual(r.NetworkConfiguration, svc.NetworkConfiguration) {
		out.NetworkConfiguration = cloneNetwork(r.NetworkConfiguration)
		startsDeployment = true
	}
	if r.PlatformVersion != "" && r.PlatformVersion != svc.PlatformVersion {
		out.PlatformVersion = r.PlatformVersion
		startsDeployment = true
	}
	if r.LoadBalancers != nil && !equalLists(r.LoadBalancers, svc.LoadBalancers) {
		out.LoadBalancers = slices.Clone(r.LoadBalancers)
		startsDeployment = true
	}
	if r.ServiceRegistries != nil && !equalLists(r.ServiceRegistries, svc.ServiceRegistries) {
		out.ServiceRegistries = slices.Clone(r.ServiceRegistries)
		startsDeployment = true
	}
	primary := primaryOf(svc)
	rawChange := func(v []byte, cur []byte) bool {
		return rawSet(v) && !bytes.Equal(bytes.TrimSpace(v), bytes.TrimSpace(cur))
	}
	var curSC, curVol, curLattice []byte
	if primary != nil {
		curSC, curVol, curLattice = primary.ServiceConnectConfiguration, primary.VolumeConfigurations, primary.VPCLatticeConfigurations
	}
	if rawChange(r.ServiceConnectConfiguration, curSC) || rawChange(r.VolumeConfigurations, curVol) || rawChange(r.VPCLatticeConfigurations, curLattice) {
		startsDeployment = true
	}
	if r.ForceNewDeployment != nil && *r.ForceNewDeployment {
		startsDeployment = true
	}
	res := Result{Events: []model.ServiceEvent{}}
	if r.DesiredCount != nil && !startsDeployment {
		// The PRIMARY's desired count follows the service's; the other
		// deployments drain (deployment.Plan's target).
		if i := primaryIndex(out.Deployments); i >= 0 && out.Deployments[i].DesiredCount != out.DesiredCount {
			out.Deployments = slices.Clone(out.Deployments)
			out.Deployments[i].DesiredCount = out.DesiredCount
			out.Deployments[i].UpdatedAt = model.At(u.now)
		}
	}
	if startsDeployment && u.controller == model.DeploymentControllerTypeECS {
		id := NewDeploymentID(out.Deployments, u.now)
		if p := primaryOf(&out); p != nil {
			res.Superseded = p.ID
		}
		ar, err := deployment.Apply(out, deployment.Event{Kind: deployment.NewDeployment, DeploymentID: id, TaskDefinition: out.TaskDefinition}, u.now)
		if err != nil {
			// The service in st is not a valid ECS service (e.g. two
			// PRIMARY deployments); ECS would fail on its side.
			return Result{}, ecserrors.New(ecserrors.CodeServer, "The service's deployments are inconsistent: %s", messageOf(err))
		}
		out = ar.Service
		d := &out.Deployments[0]
		d.PlatformVersion = u.platform
		if rawSet(r.ServiceConnectConfiguration) {
			d.ServiceConnectConfiguration = slices.Clone(r.ServiceConnectConfiguration)
		} else if primary != nil {
			d.ServiceConnectConfiguration = primary.ServiceConnectConfiguration
		}
		if rawSet(r.VolumeConfigurations) {
			d.VolumeConfigurations = slices.Clone(r.VolumeConfigurations)
		} else if primary != nil {
			d.VolumeConfigurations = primary.VolumeConfigurations
		}
		if rawSet(r.VPCLatticeConfigurations) {
			d.VPCLatticeConfigurations = slices.Clone(r.VPCLatticeConfigurations)
		} else if primary != nil {
			d.VPCLatticeConfigurations = primary.VPCLatticeConfigurations
		}
		res.NewDeployment = id
	}
	res.Response = model.UpdateServiceResponse{Service: &out}
	return res, nil
}

func messageOf(err error) string {
	if e, ok := err.(*ecserrors.Error); ok {
		return e.Message()
	}
	return err.Error()
}

// find resolves the cluster and service the request names.
func (u *updater) find() (*model.Service, error) {
	r, st := u.req, u.st
	clusterName, _ := model.ResolveCluster(r.Cluster) // Validate accepted it
	svcName, svcCluster, _ := model.ResolveService(r.Service)
	if svcCluster != "" && r.Cluster != "" && svcCluster != clusterName {
		return nil, invalid("service: the service ARN names cluster %s, not %s.", svcCluster, clusterName)
	}
	if svcCluster != "" && r.Cluster == "" {
		clusterName = svcCluster
	}
	if st.Cluster == nil || clusterNameOf(st.Cluster) != clusterName {
		return nil, ecserrors.New(ecserrors.CodeClusterNotFound, "Cluster not found.")
	}
	s := st.Service
	if s == nil || s.ServiceName != svcName || !sameCluster(s.ClusterARN, st.Cluster) {
		return nil, ecserrors.New(ecserrors.CodeServiceNotFound, "Service not found.")
	}
	if s.Status == model.ServiceStatusDraining || s.Status == model.ServiceStatusInactive {
		return nil, ecserrors.New(ecserrors.CodeServiceNotActive, "Service was not ACTIVE.")
	}
	return s, nil
}

func clusterNameOf(c *model.Cluster) string {
	if c.ClusterName != "" {
		return c.ClusterName
	}
	if a, err := model.ParseARN(c.ClusterARN); err == nil {
		return a.Name
	}
	return ""
}

// sameCluster reports whether a service's clusterArn is the cluster c. A
// service without clusterArn is taken to be in c.
func sameCluster(arn string, c *model.Cluster) bool {
	if arn == "" || arn == c.ClusterARN {
		return true
	}
	a, err := model.ParseARN(arn)
	return err == nil && a.Kind == model.KindCluster && a.Name == clusterNameOf(c)
}

func (u *updater) lookupARN(arn string) *model.TaskDefinition {
	if arn == "" {
		return nil
	}
	fam, rev, err := model.ResolveTaskDefinition(arn)
	if err != nil {
		return nil
	}
	return u.lookup(fam, rev)
}

// lookup finds family:revision, or the highest ACTIVE revision for
// revision 0.
func (u *updater) lookup(family string, revision int32) *model.TaskDefinition {
	var best *model.TaskDefinition
	for i := range u.st.TaskDefinitions {
		td := &u.st.TaskDefinitions[i]
		if td.Family != family {
			continue
		}
		if revision != 0 {
			if td.Revision == revision {
				return td
			}
			continue
		}
		if td.Status != model.TaskDefinitionStatusActive && td.Status != "" {
			continue
		}
		if best == nil || td.Revision > best.Revision {
			best = td
		}
	}
	return best
}

func (u *updater) resolveTaskDefinition(svc *model.Service) error {
	if u.req.TaskDefinition == "" {
		return nil
	}
	fam, rev, _ := model.ResolveTaskDefinition(u.req.TaskDefinition) // Validate accepted it
	td := u.lookup(fam, rev)
	if td == nil {
		return ecserrors.New(ecserrors.CodeClient, "TaskDefinition not found.")
	}
	if td.Status != "" && td.Status != model.TaskDefinitionStatusActive && td.TaskDefinitionARN != svc.TaskDefinition {
		return ecserrors.New(ecserrors.CodeClient, "TaskDefinition is inactive.")
	}
	u.taskDef = td
	return nil
}

// effectiveTD is the task definition the service will run.
func (u *updater) effectiveTD() *model.TaskDefinition {
	if u.taskDef != nil {
		return u.taskDef
	}
	return u.currentTD
}

// isFargateProvider reports whether name is one of the two providers AWS
// gives every account.
func isFargateProvider(name string) bool { return name == "FARGATE" || name == "FARGATE_SPOT" }

func usesFargate(launch model.LaunchType, cps []model.CapacityProviderStrategyItem) bool {
	if len(cps) > 0 {
		return isFargateProvider(cps[0].CapacityProvider)
	}
	return launch == model.LaunchTypeFargate
}

// capacity applies the capacity provider strategy member and returns the
// service's resulting strategy and launch type. Rules (from
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html):
//
//   - Each provider must be associated with the cluster (listed in its
//     capacityProviders). FARGATE and FARGATE_SPOT need nothing else; any
//     other must be described in st.CapacityProviders with status ACTIVE
//     (an ACTIVE provider whose update is in progress is what the API
//     reference calls UPDATING; the literal status UPDATING is accepted too).
//   - A strategy may not mix Fargate and Auto Scaling providers.
//   - The current API allows moves between Fargate and Auto Scaling
//     providers and between launch types and providers (the 2023 guide
//     forbade some of them; we follow the current text). The older reference's "no
//     return to the cluster default" holds by construction: UpdateService
//     has no way to ask for the cluster default, since an empty list now
//     means "back to a launch type".
//
// Failures are InvalidParameterException naming capacityProviderStrategy.
func (u *updater) capacity(svc *model.Service) ([]model.CapacityProviderStrategyItem, model.LaunchType, bool, error) {
	cps := u.req.CapacityProviderStrategy
	if cps == nil {
		return svc.CapacityProviderStrategy, svc.LaunchType, false, nil
	}
	if len(cps) == 0 {
		if len(svc.CapacityProviderStrategy) == 0 && svc.LaunchType != "" {
			return svc.CapacityProviderStrategy, svc.LaunchType, false, nil
		}
		from := svc.CapacityProviderStrategy
		if len(from) == 0 {
			from = u.st.Cluster.DefaultCapacityProviderStrategy
		}
		lt := model.LaunchTypeEC2
		if usesFargate("", from) {
			lt = model.LaunchTypeFargate
		}
		return nil, lt, true, nil
	}
	fargate, asg := "", ""
	for i, it := range cps {
		m := fmt.Sprintf("capacityProviderStrategy[%d].capacityProvider", i)
		if !slices.Contains(u.st.Cluster.CapacityProviders, it.CapacityProvider) {
			return nil, "", false, invalid("%s: the capacity provider %s is not associated with the cluster.", m, it.CapacityProvider)
		}
		if isFargateProvider(it.CapacityProvider) {
			fargate = it.CapacityProvider
		} else {
			cp := u.provider(it.CapacityProvider)
			switch {
			case cp == nil:
				return nil, "", false, invalid("%s: the capacity provider %s does not exist.", m, it.CapacityProvider)
			case cp.Status != model.CapacityProviderStatusActive && cp.Status != "UPDATING":
				return nil, "", false, invalid("%s: the capacity provider %s is not ACTIVE or UPDATING (status %s).", m, it.CapacityProvider, cp.Status)
			}
			asg = it.CapacityProvider
		}
		if fargate != "" && asg != "" {
			return nil, "", false, invalid("capacityProviderStrategy: the strategy mixes the Fargate capacity provider %s and the Auto Scaling group capacity provider %s.", fargate, asg)
		}
	}
	return slices.Clone(cps), "", true, nil
}

func (u *updater) provider(name string) *model.CapacityProvider {
	for i := range u.st.CapacityProviders {
		cp := &u.st.CapacityProviders[i]
		if cp.Name == name {
			return cp
		}
		if a, err := model.ParseARN(cp.CapacityProviderARN); cp.Name == "" && err == nil && a.Name == name {
			return cp
		}
	}
	return nil
}

func (u *updater) platformVersions() []PlatformVersion {
	if u.st.PlatformVersions != nil {
		return u.st.PlatformVersions
	}
	return DefaultPlatformVersions()
}

// checkPlatform validates the platform version of the deployment the
// update would start and records the resolved version.
func (u *updater) checkPlatform(svc *model.Service, cps []model.CapacityProviderStrategyItem, launch model.LaunchType) error {
	r := u.req
	fargate := usesFargate(launch, cps)
	if r.PlatformVersion != "" && !fargate {
		return invalid("platformVersion: a platform version applies only to tasks on AWS Fargate.")
	}
	if !fargate {
		return nil
	}
	want := r.PlatformVersion
	if want == "" {
		want = svc.PlatformVersion
	}
	if want == "" {
		want = "LATEST"
	}
	family := strings.ToUpper(svc.PlatformFamily)
	if family == "" {
		family = "LINUX"
	}
	var pv *PlatformVersion
	vs := u.platformVersions()
	for i := range vs {
		v := &vs[i]
		fam := strings.ToUpper(v.Family)
		if fam == "" {
			fam = "LINUX"
		}
		if (want == "LATEST" && v.Latest || v.Version == want) && (fam == family || want != "LATEST" && svc.PlatformFamily == "") {
			pv = v
			break
		}
	}
	// Only a request that names the platform version or the task
	// definition is refused over them; other updates keep what runs.
	strict := r.PlatformVersion != "" || u.taskDef != nil
	if pv == nil {
		if !strict {
			u.platform = svc.PlatformVersion
			if p := primaryOf(svc); p != nil && p.PlatformVersion != "" {
				u.platform = p.PlatformVersion
			}
			return nil
		}
		return ecserrors.New(ecserrors.CodePlatformUnknown, "The specified platform version %s does not exist.", ecserrors.Clip(want))
	}
	u.platform = pv.Version
	if td := u.effectiveTD(); td != nil && strict {
		for _, a := range td.RequiresAttributes {
			if isCapability(a.Name) && !slices.Contains(pv.Capabilities, a.Name) {
				return ecserrors.New(ecserrors.CodePlatformTaskDefinitionIncompatibility,
					"The specified platform does not satisfy the task definition's required capabilities: %s is not supported by platform version %s.", ecserrors.Clip(a.Name), pv.Version)
			}
		}
	}
	return nil
}

func isCapability(name string) bool {
	return strings.HasPrefix(name, "ecs.capability.") || strings.HasPrefix(name, "com.amazonaws.ecs.capability.")
}

func (u *updater) checkPlacement(svc *model.Service) error {
	cs := svc.PlacementConstraints
	member := "placementConstraints"
	if u.req.PlacementConstraints != nil {
		cs = u.req.PlacementConstraints
	}
	fromTD := 0
	if td := u.effectiveTD(); td != nil {
		fromTD = len(td.PlacementConstraints)
	}
	if n := len(cs) + fromTD; n > model.MaxPlacementConstraints {
		return invalid("%s: at most %d placement constraints are allowed, task definition's included; got %d.", member, model.MaxPlacementConstraints, n)
	}
	// A memberOf expression must parse in the cluster query language.
	for i, c := range u.req.PlacementConstraints {
		if c.Type != model.PlacementConstraintTypeMemberOf {
			continue
		}
		if _, err := query.Parse(c.Expression); err != nil {
			return invalid("%s[%d].expression: %s", member, i, messageOf(err))
		}
	}
	return model.ValidatePlacementStrategy("placementStrategy", u.req.PlacementStrategy)
}

// deploymentConfiguration merges the request's deployment configuration
// into the service's: a member the request leaves absent keeps its value.
func (u *updater) deploymentConfiguration(svc *model.Service) (*model.DeploymentConfiguration, error) {
	in := u.req.DeploymentConfiguration
	if in == nil {
		return svc.DeploymentConfiguration, nil
	}
	var dc model.DeploymentConfiguration
	if svc.DeploymentConfiguration != nil {
		dc = *svc.DeploymentConfiguration
	}
	if in.MaximumPercent != nil {
		dc.MaximumPercent = model.Int32(*in.MaximumPercent)
	}
	if in.MinimumHealthyPercent != nil {
		dc.MinimumHealthyPercent = model.Int32(*in.MinimumHealthyPercent)
	}
	if in.DeploymentCircuitBreaker != nil {
		cb := *in.DeploymentCircuitBreaker
		dc.DeploymentCircuitBreaker = &cb
	}
	if in.Alarms != nil {
		a := *in.Alarms
		a.AlarmNames = slices.Clone(a.AlarmNames)
		dc.Alarms = &a
	}
	if in.Strategy != "" {
		dc.Strategy = in.Strategy
	}
	if in.BakeTimeInMinutes != nil {
		dc.BakeTimeInMinutes = model.Int32(*in.BakeTimeInMinutes)
	}
	if in.LifecycleHooks != nil {
		dc.LifecycleHooks = model.CloneLifecycleHooks(in.LifecycleHooks)
	}
	if in.LinearConfiguration != nil {
		dc.LinearConfiguration = in.LinearConfiguration.Clone()
	}
	if in.CanaryConfiguration != nil {
		dc.CanaryConfiguration = in.CanaryConfiguration.Clone()
	}
	if rawSet(in.EarlySuccessCriteria) {
		dc.EarlySuccessCriteria = slices.Clone(in.EarlySuccessCriteria)
	}
	if u.controller != model.DeploymentControllerTypeECS {
		if in.DeploymentCircuitBreaker != nil && in.DeploymentCircuitBreaker.Enable {
			return nil, invalid("deploymentConfiguration.deploymentCircuitBreaker: the circuit breaker is only supported with the ECS deployment controller.")
		}
		if in.Alarms != nil && in.Alarms.Enable {
			return nil, invalid("deploymentConfiguration.alarms: deployment alarms are only supported with the ECS deployment controller.")
		}
	}
	if _, err := deployment.Resolve(&dc, svc.SchedulingStrategy, u.controller); err != nil {
		return nil, err
	}
	return &dc, nil
}

// NewDeploymentID returns the ID ECS gives a deployment created at now:
// "ecs-svc/" followed by 9,223,372,036,854,775,807 minus now in Unix
// milliseconds (19 digits for any date from 1970 to 2286), the rule ECS's
// own IDs follow. An ID that clashes with one of existing takes the next
// smaller number.
func NewDeploymentID(existing []model.Deployment, now time.Time) string {
	ms := now.UnixMilli()
	ms = max(ms, 0)
	n := int64(math.MaxInt64) - ms
	for {
		id := fmt.Sprintf("ecs-svc/%d", n)
		if !slices.ContainsFunc(existing, func(d model.Deployment) bool { return d.ID == id }) {
			return id
		}
		n--
	}
}

func primaryIndex(ds []model.Deployment) int {
	return slices.IndexFunc(ds, func(d model.Deployment) bool { return d.Status == model.DeploymentStatusPrimary })
}

func primaryOf(s *model.Service) *model.Deployment {
	if i := primaryIndex(s.Deployments); i >= 0 {
		return &s.Deployments[i]
	}
	return nil
}

func equalLists[T any](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	return reflect.DeepEqual(a, b) || len(a) == 0
}

func cloneNetwork(nc *model.NetworkConfiguration) *model.NetworkConfiguration {
	if nc == nil {
		return nil
	}
	out := *nc
	if nc.AWSVPCConfiguration != nil {
		v := *nc.AWSVPCConfiguration
		v.Subnets = slices.Clone(v.Subnets)
		v.SecurityGroups = slices.Clone(v.SecurityGroups)
		out.AWSVPCConfiguration = &v
	}
	return &out
}

// cloneService copies the members UpdateService may replace, so that the
// result shares no mutable memory that the update writes with the input.
// Members it never writes are shared (they are not modified).
func cloneService(s *model.Service) model.Service {
	out := *s
	out.Deployments = slices.Clone(s.Deployments)
	return out
}
