package ecsstate

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ecsstate/ecsstate/deployment"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// RegisterTaskDefinition registers the next revision of a family (the
// first is 1). The new revision is ACTIVE; its compatibilities are EC2 and
// EXTERNAL, plus FARGATE when the request requires it.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
func (w *World) RegisterTaskDefinition(req model.RegisterTaskDefinitionRequest) (resp model.RegisterTaskDefinitionResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.RegisterTaskDefinitionResponse{}, err
	}
	rev := w.latestRev[req.Family]
	if rev == 1<<31-1 {
		return model.RegisterTaskDefinitionResponse{}, ecserrors.New(ecserrors.CodeLimitExceeded, "Family %s has reached the maximum revision.", req.Family)
	}
	rev++
	compat := []model.Compatibility{model.CompatibilityEC2, model.CompatibilityExternal}
	if slices.Contains(req.RequiresCompatibilities, model.CompatibilityFargate) {
		compat = append(compat, model.CompatibilityFargate)
	}
	td := model.TaskDefinition{
		TaskDefinitionARN: w.opts.Account.TaskDefinitionARN(req.Family, rev), Family: req.Family, Revision: rev,
		ContainerDefinitions: slices.Clone(req.ContainerDefinitions), TaskRoleARN: req.TaskRoleARN, ExecutionRoleARN: req.ExecutionRoleARN,
		NetworkMode: req.NetworkMode, Volumes: req.Volumes, Status: model.TaskDefinitionStatusActive,
		PlacementConstraints: slices.Clone(req.PlacementConstraints), Compatibilities: compat,
		RequiresCompatibilities: slices.Clone(req.RequiresCompatibilities), CPU: req.CPU, Memory: req.Memory,
		PidMode: req.PidMode, IpcMode: req.IpcMode, ProxyConfiguration: req.ProxyConfiguration,
		InferenceAccelerators: req.InferenceAccelerators, EphemeralStorage: req.EphemeralStorage,
		RuntimePlatform: req.RuntimePlatform, EnableFaultInjection: req.EnableFaultInjection,
		RegisteredAt: model.At(w.now), RegisteredBy: "arn:" + w.opts.Account.Partition + ":iam::" + w.opts.Account.AccountID + ":root",
	}
	if td.NetworkMode == "" {
		td.NetworkMode = model.NetworkModeBridge
	}
	if err := td.Validate(); err != nil {
		return model.RegisterTaskDefinitionResponse{}, err
	}
	w.latestRev[req.Family] = rev
	w.taskDefAt[td.TaskDefinitionARN] = len(w.taskDefs)
	w.taskDefs = append(w.taskDefs, td)
	if len(req.Tags) > 0 {
		if w.taskDefTags == nil {
			w.taskDefTags = map[string][]model.Tag{}
		}
		w.taskDefTags[td.TaskDefinitionARN] = slices.Clone(req.Tags)
	}
	w.record(Record{Kind: RecordCall, Resource: td.TaskDefinitionARN, Message: fmt.Sprintf("RegisterTaskDefinition %s:%d", td.Family, rev)})
	return model.RegisterTaskDefinitionResponse{TaskDefinition: new(td), Tags: slices.Clone(req.Tags)}, nil
}

// resolveTaskDef finds a task definition by ARN, "family:revision", or
// family (its latest ACTIVE revision). A missing one is ECS's
// ClientException.
func (w *World) resolveTaskDef(id string) (*model.TaskDefinition, error) {
	fam, rev, err := model.ResolveTaskDefinition(id)
	if err != nil {
		return nil, err
	}
	if rev == 0 {
		for r := w.latestRev[fam]; r > 0; r-- {
			if td := w.taskDef(w.opts.Account.TaskDefinitionARN(fam, r)); td != nil && td.Status == model.TaskDefinitionStatusActive {
				return td, nil
			}
		}
		return nil, ecserrors.New(ecserrors.CodeClient, "Unable to describe task definition.")
	}
	if td := w.taskDef(w.opts.Account.TaskDefinitionARN(fam, rev)); td != nil {
		return td, nil
	}
	return nil, ecserrors.New(ecserrors.CodeClient, "Unable to describe task definition.")
}

// DescribeTaskDefinition describes a task definition: a family alone means
// its latest ACTIVE revision. The response is what `aws ecs
// describe-task-definition` prints; tags are included when asked for.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html
func (w *World) DescribeTaskDefinition(req model.DescribeTaskDefinitionRequest) (resp model.DescribeTaskDefinitionResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.DescribeTaskDefinitionResponse{}, err
	}
	td, err := w.resolveTaskDef(req.TaskDefinition)
	if err != nil {
		return model.DescribeTaskDefinitionResponse{}, err
	}
	out := model.DescribeTaskDefinitionResponse{TaskDefinition: new(*td)}
	if slices.Contains(req.Include, model.TaskDefinitionFieldTags) {
		out.Tags = slices.Clone(w.taskDefTags[td.TaskDefinitionARN])
	}
	return out, nil
}

// DeregisterTaskDefinition marks a revision INACTIVE: services and tasks
// that use it keep running, but no new service or task may use it (a
// service already on it may still scale).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterTaskDefinition.html
func (w *World) DeregisterTaskDefinition(req model.DeregisterTaskDefinitionRequest) (resp model.DeregisterTaskDefinitionResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.DeregisterTaskDefinitionResponse{}, err
	}
	if _, rev, err := model.ResolveTaskDefinition(req.TaskDefinition); err != nil {
		return model.DeregisterTaskDefinitionResponse{}, err
	} else if rev == 0 {
		return model.DeregisterTaskDefinitionResponse{}, invalid("taskDefinition must name a revision: family:revision or a full ARN.")
	}
	td, err := w.resolveTaskDef(req.TaskDefinition)
	if err != nil {
		return model.DeregisterTaskDefinitionResponse{}, err
	}
	if td.Status == model.TaskDefinitionStatusActive {
		td.Status = model.TaskDefinitionStatusInactive
		td.DeregisteredAt = model.At(w.now)
		w.record(Record{Kind: RecordCall, Resource: td.TaskDefinitionARN, Message: fmt.Sprintf("DeregisterTaskDefinition %s:%d", td.Family, td.Revision)})
	}
	return model.DeregisterTaskDefinitionResponse{TaskDefinition: new(*td)}, nil
}

// ListTaskDefinitions lists task definition ARNs by family then revision
// (ASC, or DESC), filtered by family prefix and status (ACTIVE when
// absent), a page at a time (maxResults 1–100, default 100).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitions.html
func (w *World) ListTaskDefinitions(req model.ListTaskDefinitionsRequest) (resp model.ListTaskDefinitionsResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.ListTaskDefinitionsResponse{}, err
	}
	status := req.Status
	if status == "" {
		status = model.TaskDefinitionStatusActive
	}
	// Family by name, then revision by number (web:2 before web:10);
	// reversed for DESC. The same order finds where a token resumes.
	order := func(a, b string) int {
		fa, ra, _ := model.ResolveTaskDefinition(a)
		fb, rb, _ := model.ResolveTaskDefinition(b)
		c := strings.Compare(fa, fb)
		if c == 0 {
			c = cmp.Compare(ra, rb)
		}
		if req.Sort == model.SortOrderDesc {
			c = -c
		}
		return c
	}
	var arns []string
	for _, td := range w.taskDefs {
		if td.Status == status && strings.HasPrefix(td.Family, req.FamilyPrefix) {
			arns = append(arns, td.TaskDefinitionARN)
		}
	}
	slices.SortFunc(arns, order)
	p, next, err := pageFunc(arns, req.NextToken, maxResults(req.MaxResults), 100, order)
	return model.ListTaskDefinitionsResponse{TaskDefinitionARNs: p, NextToken: next}, err
}

// CreateService creates a REPLICA or DAEMON service under the ECS (rolling)
// deployment controller, with its first deployment PRIMARY and
// IN_PROGRESS; the scheduler starts its tasks on its next run.
// Defaults, as DescribeServices shows them: launch type EC2 (unless a
// capacity provider strategy is given or the cluster has a default one),
// minimum healthy 100% and maximum 200%, circuit breaker off, AZ
// rebalancing ENABLED (CreateService's default), propagateTags NONE.
// A DAEMON service (EC2, no capacity provider strategy) defaults to
// minimum healthy 0% and maximum 100%, AZ rebalancing DISABLED, and its
// desired count follows the instances the scheduler runs it on. The
// CODE_DEPLOY and EXTERNAL controllers are not modelled by the world: they
// are refused with UnsupportedFeatureException rather than run as
// something they are not.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
func (w *World) CreateService(req model.CreateServiceRequest) (resp model.CreateServiceResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.CreateServiceResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.CreateServiceResponse{}, err
	}
	if s := cs.service(req.ServiceName); s != nil && s.Status != model.ServiceStatusInactive {
		return model.CreateServiceResponse{}, invalid("Creation of service was not idempotent.")
	}
	daemon := req.SchedulingStrategy == model.SchedulingStrategyDaemon
	if daemon && len(req.CapacityProviderStrategy) > 0 {
		// The daemon scheduler runs on every eligible instance; ECS
		// documents DAEMON services as EC2 only and without capacity
		// providers (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html).
		return model.CreateServiceResponse{}, invalid("capacityProviderStrategy: not supported with the DAEMON scheduling strategy.")
	}
	if dc := req.DeploymentController; dc != nil && dc.Type != "" && dc.Type != model.DeploymentControllerTypeECS {
		return model.CreateServiceResponse{}, unsupported("the " + string(dc.Type) + " deployment controller")
	}
	if req.TaskDefinition == "" {
		return model.CreateServiceResponse{}, invalid("taskDefinition is required for a service under the ECS deployment controller.")
	}
	td, err := w.resolveTaskDef(req.TaskDefinition)
	if err != nil {
		return model.CreateServiceResponse{}, ecserrors.New(ecserrors.CodeClient, "TaskDefinition not found.")
	}
	if td.Status != model.TaskDefinitionStatusActive {
		return model.CreateServiceResponse{}, ecserrors.New(ecserrors.CodeClient, "TaskDefinition is inactive.")
	}
	if err := model.ValidatePlacementConstraints("placementConstraints", req.PlacementConstraints, len(td.PlacementConstraints)); err != nil {
		return model.CreateServiceResponse{}, err
	}
	if err := model.ValidatePlacementStrategy("placementStrategy", req.PlacementStrategy); err != nil {
		return model.CreateServiceResponse{}, err
	}
	desired := int32(0)
	if req.DesiredCount != nil {
		desired = *req.DesiredCount
	}
	// Each provider of the strategy must be associated with the cluster,
	// and Fargate and Auto Scaling group providers do not mix; as
	// UpdateService checks them (the service package).
	// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
	fargate, other := "", ""
	for i, it := range req.CapacityProviderStrategy {
		if !slices.Contains(cs.info.CapacityProviders, it.CapacityProvider) {
			return model.CreateServiceResponse{}, invalid("capacityProviderStrategy[%d].capacityProvider: the capacity provider %s is not associated with the cluster.", i, it.CapacityProvider)
		}
		if it.CapacityProvider == "FARGATE" || it.CapacityProvider == "FARGATE_SPOT" {
			fargate = it.CapacityProvider
		} else {
			other = it.CapacityProvider
		}
		if fargate != "" && other != "" {
			return model.CreateServiceResponse{}, invalid("capacityProviderStrategy: the strategy mixes the Fargate capacity provider %s and the Auto Scaling group capacity provider %s.", fargate, other)
		}
	}
	launch, cps := req.LaunchType, slices.Clone(req.CapacityProviderStrategy)
	if daemon && launch == "" {
		launch = model.LaunchTypeEC2
	}
	if launch == "" && len(cps) == 0 {
		if len(cs.info.DefaultCapacityProviderStrategy) > 0 {
			cps = slices.Clone(cs.info.DefaultCapacityProviderStrategy)
		} else {
			launch = model.LaunchTypeEC2
		}
	}
	dc := &model.DeploymentConfiguration{MaximumPercent: new(int32(200)), MinimumHealthyPercent: new(int32(100)),
		DeploymentCircuitBreaker: &model.DeploymentCircuitBreaker{}}
	strategy := model.SchedulingStrategyReplica
	if daemon { // the API's DAEMON defaults: 0% and 100% (deployment.DaemonDefaults)
		strategy = model.SchedulingStrategyDaemon
		dc.MaximumPercent, dc.MinimumHealthyPercent = new(int32(100)), new(int32(0))
		desired = daemonCount(cs, td, req.ServiceName, req.PlacementConstraints) // ops_daemon.go
	}
	if c := req.DeploymentConfiguration; c != nil {
		merged := *c
		if merged.MaximumPercent == nil {
			merged.MaximumPercent = dc.MaximumPercent
		}
		if merged.MinimumHealthyPercent == nil {
			merged.MinimumHealthyPercent = dc.MinimumHealthyPercent
		}
		if merged.DeploymentCircuitBreaker == nil {
			merged.DeploymentCircuitBreaker = dc.DeploymentCircuitBreaker
		}
		dc = &merged
	}
	if _, err := deployment.Resolve(dc, strategy, model.DeploymentControllerTypeECS); err != nil {
		return model.CreateServiceResponse{}, err
	}
	if err := worldStrategyModelled(dc); err != nil {
		return model.CreateServiceResponse{}, err
	}
	rebalancing := req.AvailabilityZoneRebalancing
	if rebalancing == "" && daemon {
		rebalancing = model.AvailabilityZoneRebalancingDisabled // it does not apply to DAEMON services
	}
	if rebalancing == "" {
		rebalancing = model.AvailabilityZoneRebalancingEnabled
	}
	propagate := req.PropagateTags
	if propagate == "" {
		propagate = model.PropagateTagsNone
	}
	now := model.At(w.now)
	// Deployment IDs come from the time; keep them unique in the cluster,
	// as ECS's are, so that a task's startedBy names one deployment of
	// one service.
	var existing []model.Deployment
	for i := range cs.services {
		existing = append(existing, cs.services[i].Deployments...)
	}
	id := service.NewDeploymentID(existing, w.now)
	dep := model.Deployment{
		ID: id, Status: model.DeploymentStatusPrimary, TaskDefinition: td.TaskDefinitionARN, DesiredCount: desired,
		CreatedAt: now, UpdatedAt: now, LaunchType: launch, CapacityProviderStrategy: slices.Clone(cps),
		PlatformVersion: req.PlatformVersion, NetworkConfiguration: req.NetworkConfiguration,
		RolloutState: model.DeploymentRolloutStateInProgress, RolloutStateReason: "ECS deployment " + id + " in progress.",
	}
	s := model.Service{
		ServiceARN: w.opts.Account.ServiceARN(cs.name(), req.ServiceName), ServiceName: req.ServiceName, ClusterARN: cs.info.ClusterARN,
		LoadBalancers: slices.Clone(req.LoadBalancers), ServiceRegistries: slices.Clone(req.ServiceRegistries),
		Status: model.ServiceStatusActive, DesiredCount: desired, LaunchType: launch, CapacityProviderStrategy: cps,
		PlatformVersion: req.PlatformVersion, TaskDefinition: td.TaskDefinitionARN, DeploymentConfiguration: dc,
		Deployments: []model.Deployment{dep}, RoleARN: req.Role, Events: []model.ServiceEvent{}, CreatedAt: now,
		PlacementConstraints: nonNil(req.PlacementConstraints), PlacementStrategy: nonNil(req.PlacementStrategy),
		NetworkConfiguration: req.NetworkConfiguration, HealthCheckGracePeriodSeconds: req.HealthCheckGracePeriodSeconds,
		SchedulingStrategy: strategy, DeploymentController: &model.DeploymentController{Type: model.DeploymentControllerTypeECS},
		Tags: slices.Clone(req.Tags), CreatedBy: "arn:" + w.opts.Account.Partition + ":iam::" + w.opts.Account.AccountID + ":root",
		EnableECSManagedTags: req.EnableECSManagedTags, PropagateTags: propagate, EnableExecuteCommand: req.EnableExecuteCommand,
		AvailabilityZoneRebalancing: rebalancing,
	}
	if err := s.Validate(); err != nil {
		return model.CreateServiceResponse{}, err
	}
	if i, ok := cs.svcAt[s.ServiceName]; ok {
		cs.services[i] = s // the name of an INACTIVE service may be reused
	} else {
		cs.svcAt[s.ServiceName] = len(cs.services)
		cs.services = append(cs.services, s)
	}
	cs.sdeps.forgetService(s.ServiceName)
	w.syncServiceDeployments(cs, s.ServiceName)
	w.record(Record{Kind: RecordCall, Cluster: cs.name(), Service: s.ServiceName, Message: fmt.Sprintf("CreateService %s: %s, desired %d", s.ServiceName, shortID(td.TaskDefinitionARN), desired)})
	out := w.describeService(cs, cs.service(s.ServiceName))
	return model.CreateServiceResponse{Service: &out}, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return slices.Clone(s)
}

func unsupported(what string) error {
	return ecserrors.New(ecserrors.CodeUnsupportedFeature, "ecsstate's world does not model %s yet.", what)
}

// UpdateService applies an UpdateService request with every rule ECS
// applies (see [service.UpdateService]); a new deployment is then rolled
// out by the scheduler within the service's minimum healthy and maximum
// percent.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
func (w *World) UpdateService(req model.UpdateServiceRequest) (resp model.UpdateServiceResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.UpdateServiceResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.UpdateServiceResponse{}, err
	}
	var svc *model.Service
	if name, _, err := model.ResolveService(req.Service); err == nil {
		svc = cs.service(name)
	}
	res, err := service.UpdateService(req, service.State{Cluster: &cs.info, Service: svc, TaskDefinitions: w.taskDefs}, w.now)
	if err != nil {
		return model.UpdateServiceResponse{}, err
	}
	if err := worldStrategyModelled(res.Response.Service.DeploymentConfiguration); err != nil {
		return model.UpdateServiceResponse{}, err
	}
	*svc = *res.Response.Service
	msg := "UpdateService " + svc.ServiceName
	if res.NewDeployment != "" {
		msg += ": new deployment " + res.NewDeployment + " on " + shortID(svc.TaskDefinition)
	}
	w.record(Record{Kind: RecordCall, Cluster: cs.name(), Service: svc.ServiceName, Message: msg})
	w.syncServiceDeployments(cs, svc.ServiceName)
	out := w.describeService(cs, svc)
	return model.UpdateServiceResponse{Service: &out}, nil
}

// DeleteService deletes a service: it becomes DRAINING, the scheduler
// stops its tasks, and once none is left it is INACTIVE. A service with a
// desired count above 0 is refused unless force is set (which scales it to
// 0). Deleting a service that is already DRAINING or INACTIVE returns it
// unchanged.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteService.html
func (w *World) DeleteService(req model.DeleteServiceRequest) (resp model.DeleteServiceResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.DeleteServiceResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.DeleteServiceResponse{}, err
	}
	s, err := cs.lookupService(req.Service)
	if err != nil {
		return model.DeleteServiceResponse{}, err
	}
	if s.Status != model.ServiceStatusActive {
		// Deleting a service that is already DRAINING or INACTIVE returns
		// it as it is: ServiceNotActiveException is not among DeleteService's
		// documented errors, and ECS answers a repeated delete with the
		// service (https://github.com/aws/aws-sdk-js/issues/4189).
		out := w.describeService(cs, s)
		return model.DeleteServiceResponse{Service: &out}, nil
	}
	force := req.Force != nil && *req.Force
	if s.DesiredCount > 0 && !force {
		return model.DeleteServiceResponse{}, invalid("The service cannot be stopped while it is scaled above 0.")
	}
	s.Status = model.ServiceStatusDraining
	s.DesiredCount = 0
	// A clone of the world shares the deployments' backing array: write
	// into a copy.
	s.Deployments = slices.Clone(s.Deployments)
	for i := range s.Deployments {
		if s.Deployments[i].Status == model.DeploymentStatusPrimary {
			s.Deployments[i].DesiredCount = 0
		}
	}
	w.record(Record{Kind: RecordCall, Cluster: cs.name(), Service: s.ServiceName, From: string(model.ServiceStatusActive), To: string(s.Status), Message: "DeleteService " + s.ServiceName})
	w.syncServiceDeployments(cs, s.ServiceName)
	out := w.describeService(cs, s)
	return model.DeleteServiceResponse{Service: &out}, nil
}

// describeService is the service as DescribeServices shows it (no
// INACTIVE deployment, see [service.Describe]), with the
// service's and each deployment's running and pending counts taken from
// its tasks now: pending until RUNNING, running while RUNNING, neither
// once it is being stopped.
func (w *World) describeService(cs *clusterState, s *model.Service) model.Service {
	out := service.Describe(*s)
	out.Deployments = slices.Clone(out.Deployments)
	out.Events = slices.Clone(s.Events)
	var run, pend int32
	at := map[string]int{}
	for i := range out.Deployments {
		out.Deployments[i].RunningCount, out.Deployments[i].PendingCount = 0, 0
		at[out.Deployments[i].ID] = i
	}
	// The API reference defines runningCount as the tasks "in the RUNNING
	// state" and does not say whether a task the scheduler has told to
	// stop, still RUNNING through its stop timeout, is one of them. We
	// count only tasks the service keeps (desiredStatus RUNNING): the
	// service event "has stopped N running tasks" is written when the stop
	// is asked for, and the counts agree with it from that moment.
	// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html
	g := "service:" + s.ServiceName
	for i := range cs.tasks {
		t := &cs.tasks[i]
		if t.Group != g || t.DesiredStatus != model.DesiredStatusRunning {
			continue
		}
		var n *int32
		d, ok := at[t.StartedBy]
		switch t.LastStatus {
		case model.TaskStatusRunning:
			run++
			if ok {
				n = &out.Deployments[d].RunningCount
			}
		case model.TaskStatusProvisioning, model.TaskStatusPending, model.TaskStatusActivating:
			pend++
			if ok {
				n = &out.Deployments[d].PendingCount
			}
		}
		if n != nil {
			*n++
		}
	}
	out.RunningCount, out.PendingCount = run, pend
	return out
}

// DescribeServices describes up to 10 services of a cluster by name or
// ARN; an unknown one is a failure with reason MISSING. Tags are included
// when asked for.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html
func (w *World) DescribeServices(req model.DescribeServicesRequest) (resp model.DescribeServicesResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.DescribeServicesResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.DescribeServicesResponse{}, err
	}
	out := model.DescribeServicesResponse{Services: []model.Service{}}
	for _, id := range req.Services {
		s, err := cs.lookupService(id)
		if err != nil {
			arn := id
			if !strings.HasPrefix(id, "arn:") {
				arn = w.opts.Account.ServiceARN(cs.name(), id)
			}
			out.Failures = append(out.Failures, model.Failure{ARN: arn, Reason: "MISSING"})
			continue
		}
		d := w.describeService(cs, s)
		if !slices.Contains(req.Include, model.ServiceFieldTags) {
			d.Tags = nil
		}
		out.Services = append(out.Services, d)
	}
	return out, nil
}

// ListServices lists the ARNs of a cluster's services that are not
// INACTIVE, sorted, filtered by launch type and scheduling strategy, a
// page at a time (maxResults 1–100, default 10).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServices.html
func (w *World) ListServices(req model.ListServicesRequest) (resp model.ListServicesResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.ListServicesResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.ListServicesResponse{}, err
	}
	var arns []string
	for _, s := range cs.services {
		if s.Status == model.ServiceStatusInactive ||
			req.LaunchType != "" && s.LaunchType != req.LaunchType ||
			req.SchedulingStrategy != "" && s.SchedulingStrategy != req.SchedulingStrategy {
			continue
		}
		arns = append(arns, s.ServiceARN)
	}
	slices.Sort(arns)
	p, next, err := page(arns, req.NextToken, maxResults(req.MaxResults), 10)
	return model.ListServicesResponse{ServiceARNs: p, NextToken: next}, err
}
