package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	ecserrors "github.com/ecsstate/ecsstate/errors"
)

// Validators of the request types of api.go. Each checks what the API
// reference page cited on the type documents of the members alone (required
// members, list sizes, ranges, enumerations, lengths, identifier forms); what
// needs the cluster (does the service exist, is the instance ACTIVE) is the
// business of whoever serves the request. Every finding is an
// InvalidParameterException whose message starts with the member's name.

// Limits of the request members, as the API reference pages state them.
const (
	MaxListResults                 = 100 // maxResults of every List operation: 1 to 100
	MaxDescribeClusters            = 100 // DescribeClusters clusters
	MaxDescribeContainerInstances  = 100 // DescribeContainerInstances containerInstances
	MaxDescribeServices            = 10  // DescribeServices services
	MaxDescribeTasks               = 100 // DescribeTasks tasks
	MaxUpdateContainerInstances    = 10  // UpdateContainerInstancesState containerInstances
	MaxStartTaskContainerInstances = 10  // StartTask containerInstances
	MaxRunTaskCount                = 10  // RunTask count
	MaxAttributesPerCall           = 10  // PutAttributes attributes
	MaxStopTaskReasonLength        = 255 // StopTask reason
	MaxRunTaskStartedByLength      = 128 // RunTask startedBy
	MaxStartTaskStartedByLength    = 36  // StartTask startedBy
	MaxRunTaskClientTokenLength    = 64  // RunTask clientToken
	MaxServiceClientTokenLength    = 36  // CreateService clientToken
	MaxTaskDefinitionConstraints   = 10  // RegisterTaskDefinition placementConstraints
)

func checkMaxResults(p *int32) error {
	if p != nil && (*p < 1 || *p > MaxListResults) {
		return invalid("maxResults: must be 1 to %d, got %d.", MaxListResults, *p)
	}
	return nil
}

func checkClusterMember(cluster string) error {
	if cluster == "" {
		return nil
	}
	if _, err := ResolveCluster(cluster); err != nil {
		return invalid("cluster: %s", reason(err))
	}
	return nil
}

func checkRequired(member, v string) error {
	if v == "" {
		return invalid("%s: is required.", member)
	}
	return nil
}

// checkIDs checks a list of identifiers: required (at least one), at most
// max, each one resolvable.
func checkIDs(member string, ids []string, max int, resolve func(string) error) error {
	if len(ids) == 0 {
		return invalid("%s: at least one is required.", member)
	}
	if len(ids) > max {
		return invalid("%s: at most %d are allowed, got %d.", member, max, len(ids))
	}
	for i, id := range ids {
		if err := resolve(id); err != nil {
			return invalid("%s[%d]: %s", member, i, reason(err))
		}
	}
	return nil
}

func resolveClusterID(s string) error {
	if s == "" {
		return invalid("A cluster is required.")
	}
	_, err := ResolveCluster(s)
	return err
}
func resolveInstanceID(s string) error { _, _, err := ResolveContainerInstance(s); return err }
func resolveServiceID(s string) error  { _, _, err := ResolveService(s); return err }
func resolveTaskID(s string) error     { _, _, err := ResolveTask(s); return err }

func checkIncludes[E ~string](member string, vs []E, values []E) error {
	for i, v := range vs {
		if err := checkEnum(fmt.Sprintf("%s[%d]", member, i), v, values, false); err != nil {
			return err
		}
	}
	return nil
}

func checkTaskDefinitionID(member, id string, needRevision bool) error {
	if id == "" {
		return invalid("%s: is required.", member)
	}
	_, rev, err := ResolveTaskDefinition(id)
	if err != nil {
		return invalid("%s: %s", member, reason(err))
	}
	if needRevision && rev == 0 {
		return invalid("%s: %q must name a revision (family:revision or a full ARN).", member, ecserrors.Clip(id))
	}
	return nil
}

// checkToken checks an idempotency token: at most max characters in the
// range 33 to 126.
func checkToken(member, s string, max int) error {
	if len(s) > max {
		return invalid("%s: must be at most %d characters, got %d.", member, max, len(s))
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 33 || s[i] > 126 {
			return invalid("%s: only the ASCII characters 33 to 126 are allowed.", member)
		}
	}
	return nil
}

// checkStartedBy checks a startedBy tag: at most max letters, digits,
// hyphens, forward slashes and underscores.
func checkStartedBy(s string, max int) error {
	if len(s) > max {
		return invalid("startedBy: must be at most %d characters, got %d.", max, len(s))
	}
	for _, r := range s {
		if !isASCIIAlnum(r) && r != '-' && r != '/' && r != '_' {
			return invalid("startedBy: %q may hold only letters, digits, hyphens, forward slashes and underscores.", ecserrors.Clip(s))
		}
	}
	return nil
}

func checkLaunchTypeOrProviders(lt LaunchType, cps []CapacityProviderStrategyItem) error {
	if lt != "" && len(cps) > 0 {
		return invalid("launchType: cannot be given together with capacityProviderStrategy.")
	}
	return firstErr(
		checkEnum("launchType", lt, LaunchType("").Values(), true),
		ValidateCapacityProviderStrategy("capacityProviderStrategy", cps),
	)
}

func checkName(member, s string) error {
	if !ValidName(s) {
		return invalid("%s: %q must be 1 to 255 letters, digits, hyphens or underscores.", member, ecserrors.Clip(s))
	}
	return nil
}

// Validate checks a CreateCluster request.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html
func (r *CreateClusterRequest) Validate() error {
	var errs []error
	if r.ClusterName != "" {
		errs = append(errs, checkName("clusterName", r.ClusterName))
	}
	for i, cp := range r.CapacityProviders {
		errs = append(errs, checkName(fmt.Sprintf("capacityProviders[%d]", i), cp))
	}
	errs = append(errs,
		ValidateTags("tags", r.Tags),
		ValidateCapacityProviderStrategy("defaultCapacityProviderStrategy", r.DefaultCapacityProviderStrategy),
	)
	return firstErr(errs...)
}

// Validate checks a DescribeClusters request: at most 100 clusters.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeClusters.html
func (r *DescribeClustersRequest) Validate() error {
	var err error
	if len(r.Clusters) > 0 {
		err = checkIDs("clusters", r.Clusters, MaxDescribeClusters, resolveClusterID)
	}
	return firstErr(err, checkIncludes("include", r.Include, ClusterField("").Values()))
}

// Validate checks a DeleteCluster request: the cluster is required.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteCluster.html
func (r *DeleteClusterRequest) Validate() error {
	return firstErr(checkRequired("cluster", r.Cluster), checkClusterMember(r.Cluster))
}

// Validate checks a ListClusters request: maxResults 1 to 100.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListClusters.html
func (r *ListClustersRequest) Validate() error { return checkMaxResults(r.MaxResults) }

// Validate checks a RegisterContainerInstance request: well-formed
// resources, attributes and tags, and a container-instance ARN when one
// is given.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterContainerInstance.html
func (r *RegisterContainerInstanceRequest) Validate() error {
	errs := []error{
		checkClusterMember(r.Cluster),
		checkARN("containerInstanceArn", r.ContainerInstanceARN, KindContainerInstance, true),
		validateResources("totalResources", r.TotalResources),
		ValidateTags("tags", r.Tags),
	}
	for i, a := range r.Attributes {
		errs = append(errs, ValidateAttribute(fmt.Sprintf("attributes[%d]", i), a))
	}
	return firstErr(errs...)
}

// Validate checks a DeregisterContainerInstance request.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterContainerInstance.html
func (r *DeregisterContainerInstanceRequest) Validate() error {
	var err error
	if r.ContainerInstance == "" {
		err = invalid("containerInstance: is required.")
	} else if e := resolveInstanceID(r.ContainerInstance); e != nil {
		err = invalid("containerInstance: %s", reason(e))
	}
	return firstErr(checkClusterMember(r.Cluster), err)
}

// Validate checks a DescribeContainerInstances request: 1 to 100 instances.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeContainerInstances.html
func (r *DescribeContainerInstancesRequest) Validate() error {
	return firstErr(
		checkClusterMember(r.Cluster),
		checkIDs("containerInstances", r.ContainerInstances, MaxDescribeContainerInstances, resolveInstanceID),
		checkIncludes("include", r.Include, ContainerInstanceField("").Values()),
	)
}

// Validate checks a ListContainerInstances request: maxResults 1 to 100,
// a status filter other than INACTIVE (ECS lists no deregistered
// instances), a filter of at most 2,000 characters. The filter's grammar
// is the placement/query package's to check.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListContainerInstances.html
func (r *ListContainerInstancesRequest) Validate() error {
	var errs []error
	if r.Status == ContainerInstanceStatusInactive {
		errs = append(errs, invalid("status: INACTIVE is not a filter ListContainerInstances accepts."))
	}
	if len(r.Filter) > MaxExpressionLength {
		errs = append(errs, invalid("filter: must be at most %d characters, got %d.", MaxExpressionLength, len(r.Filter)))
	}
	return firstErr(append([]error{
		checkClusterMember(r.Cluster),
		checkMaxResults(r.MaxResults),
		checkEnum("status", r.Status, ContainerInstanceStatus("").Values(), true),
	}, errs...)...)
}

// Validate checks an UpdateContainerInstancesState request: 1 to 10
// instances and a status of ACTIVE or DRAINING, the only two the
// operation sets.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html
func (r *UpdateContainerInstancesStateRequest) Validate() error {
	var st error
	switch r.Status {
	case "":
		st = invalid("status: is required.")
	case ContainerInstanceStatusActive, ContainerInstanceStatusDraining:
	default:
		st = invalid("status: must be ACTIVE or DRAINING, got %q.", ecserrors.Clip(string(r.Status)))
	}
	return firstErr(
		checkClusterMember(r.Cluster),
		checkIDs("containerInstances", r.ContainerInstances, MaxUpdateContainerInstances, resolveInstanceID),
		st,
	)
}

// validateTargetedAttributes checks the attributes of PutAttributes and
// DeleteAttributes. ECS applies an attribute to the target its targetId
// names; the API reference marks targetId optional in the Attribute shape
// but an attribute without a target has nothing to apply to, so this
// library requires it (decision; the shape page is
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Attribute.html).
func validateTargetedAttributes(attrs []Attribute) error {
	if len(attrs) == 0 {
		return invalid("attributes: at least one is required.")
	}
	for i, a := range attrs {
		m := fmt.Sprintf("attributes[%d]", i)
		if err := ValidateAttribute(m, a); err != nil {
			return err
		}
		if a.TargetID == "" {
			return invalid("%s.targetId: is required.", m)
		}
		if _, _, err := ResolveContainerInstance(a.TargetID); err != nil {
			return invalid("%s.targetId: %s", m, reason(err))
		}
	}
	return nil
}

// Validate checks a PutAttributes request: 1 to 10 attributes, each with
// a valid name and value and the container instance it goes on.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutAttributes.html
func (r *PutAttributesRequest) Validate() error {
	var n error
	if len(r.Attributes) > MaxAttributesPerCall {
		n = invalid("attributes: at most %d attributes are allowed in one call, got %d.", MaxAttributesPerCall, len(r.Attributes))
	}
	return firstErr(checkClusterMember(r.Cluster), n, validateTargetedAttributes(r.Attributes))
}

// Validate checks a DeleteAttributes request: at least one attribute, each
// naming the container instance it is deleted from.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteAttributes.html
func (r *DeleteAttributesRequest) Validate() error {
	return firstErr(checkClusterMember(r.Cluster), validateTargetedAttributes(r.Attributes))
}

// Validate checks a ListAttributes request: targetType is required (and
// container-instance), attributeValue needs attributeName, maxResults 1
// to 100.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListAttributes.html
func (r *ListAttributesRequest) Validate() error {
	var v error
	if r.AttributeValue != "" && r.AttributeName == "" {
		v = invalid("attributeValue: needs attributeName.")
	}
	return firstErr(
		checkClusterMember(r.Cluster),
		checkEnum("targetType", r.TargetType, TargetType("").Values(), false),
		v,
		checkMaxResults(r.MaxResults),
	)
}

// Validate checks a RegisterTaskDefinition request: a family name, at
// least one container definition, task cpu and memory in any form ECS
// accepts, at most 10 memberOf placement constraints, and then everything
// [TaskDefinition.Validate] checks of the revision it would register.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
func (r *RegisterTaskDefinitionRequest) Validate() error {
	if err := checkName("family", r.Family); err != nil {
		return err
	}
	if len(r.PlacementConstraints) > MaxTaskDefinitionConstraints {
		return invalid("placementConstraints: at most %d are allowed, got %d.", MaxTaskDefinitionConstraints, len(r.PlacementConstraints))
	}
	for i, c := range r.PlacementConstraints {
		if len(c.Expression) > MaxExpressionLength {
			return invalid("placementConstraints[%d].expression: must be at most %d characters.", i, MaxExpressionLength)
		}
	}
	for i, c := range r.RequiresCompatibilities {
		if err := checkEnum(fmt.Sprintf("requiresCompatibilities[%d]", i), c, Compatibility("").Values(), false); err != nil {
			return err
		}
	}
	if err := ValidateTags("tags", r.Tags); err != nil {
		return err
	}
	td, err := r.TaskDefinition(Account{Partition: "aws", Region: "us-east-1", AccountID: "000000000000"}, 1, Time{})
	if err != nil {
		return err
	}
	return td.Validate()
}

// TaskDefinition returns the ACTIVE revision the request registers, with
// task cpu and memory normalised to the whole numbers ECS returns ("1 vCPU"
// becomes "1024", "2 GB" becomes "2048"). Compatibilities is the requested
// list, EC2 when none is requested. acct supplies the ARN's account and
// Region; revision and at are the caller's (the next revision of the family
// and the registration time).
func (r *RegisterTaskDefinitionRequest) TaskDefinition(acct Account, revision int32, at Time) (TaskDefinition, error) {
	cpu, err := NormalizeTaskCPU(r.CPU)
	if err != nil {
		return TaskDefinition{}, err
	}
	mem, err := NormalizeTaskMemory(r.Memory)
	if err != nil {
		return TaskDefinition{}, err
	}
	compat := cloneList(r.RequiresCompatibilities)
	if len(compat) == 0 {
		compat = []Compatibility{CompatibilityEC2}
	}
	td := TaskDefinition{
		TaskDefinitionARN:       acct.TaskDefinitionARN(r.Family, revision),
		ContainerDefinitions:    cloneContainerDefinitions(r.ContainerDefinitions),
		Family:                  r.Family,
		TaskRoleARN:             r.TaskRoleARN,
		ExecutionRoleARN:        r.ExecutionRoleARN,
		NetworkMode:             r.NetworkMode,
		Revision:                revision,
		Volumes:                 cloneList(r.Volumes),
		Status:                  TaskDefinitionStatusActive,
		PlacementConstraints:    cloneList(r.PlacementConstraints),
		Compatibilities:         compat,
		RuntimePlatform:         cloneList(r.RuntimePlatform),
		RequiresCompatibilities: cloneList(r.RequiresCompatibilities),
		CPU:                     cpu,
		Memory:                  mem,
		InferenceAccelerators:   cloneList(r.InferenceAccelerators),
		PidMode:                 r.PidMode,
		IpcMode:                 r.IpcMode,
		ProxyConfiguration:      cloneList(r.ProxyConfiguration),
		RegisteredAt:            at,
		EphemeralStorage:        cloneList(r.EphemeralStorage),
	}
	if r.EnableFaultInjection != nil {
		td.EnableFaultInjection = Bool(*r.EnableFaultInjection)
	}
	return td, nil
}

func cloneList[E any, S ~[]E](s S) S {
	if s == nil {
		return nil
	}
	return append(S{}, s...)
}

// cloneContainerDefinitions copies the definitions deeply enough that the
// pointers and slices the library reads (memory, ports, essential) are not
// shared with the request.
func cloneContainerDefinitions(cs []ContainerDefinition) []ContainerDefinition {
	if cs == nil {
		return nil
	}
	out := make([]ContainerDefinition, len(cs))
	for i, c := range cs {
		if c.Memory != nil {
			c.Memory = Int32(*c.Memory)
		}
		if c.MemoryReservation != nil {
			c.MemoryReservation = Int32(*c.MemoryReservation)
		}
		if c.Essential != nil {
			c.Essential = Bool(*c.Essential)
		}
		if c.PortMappings != nil {
			pms := make([]PortMapping, len(c.PortMappings))
			for j, p := range c.PortMappings {
				if p.ContainerPort != nil {
					p.ContainerPort = Int32(*p.ContainerPort)
				}
				if p.HostPort != nil {
					p.HostPort = Int32(*p.HostPort)
				}
				pms[j] = p
			}
			c.PortMappings = pms
		}
		out[i] = c
	}
	return out
}

// NormalizeTaskCPU turns the task-level cpu of a RegisterTaskDefinition
// request into CPU units: "1024" stays, "1 vCPU", "1vcpu" and "0.25 vCPU"
// become 1024, 1024 and 256. Empty stays empty.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size
func NormalizeTaskCPU(s string) (string, error) {
	return normalizeUnits("cpu", s, "vcpu")
}

// NormalizeTaskMemory turns the task-level memory of a
// RegisterTaskDefinition request into MiB: "2048" stays, "2 GB" and "2GB"
// become 2048, "0.5 GB" 512. Empty stays empty.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size
func NormalizeTaskMemory(s string) (string, error) {
	return normalizeUnits("memory", s, "gb")
}

func normalizeUnits(member, s, unit string) (string, error) {
	if s == "" {
		return "", nil
	}
	t := strings.TrimSpace(s)
	if n, err := strconv.ParseInt(t, 10, 32); err == nil && n >= 0 {
		return strconv.FormatInt(n, 10), nil
	}
	lower := strings.ToLower(t)
	if num, ok := strings.CutSuffix(lower, unit); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err == nil && f >= 0 && f <= math.MaxInt32/1024 && !math.IsNaN(f) {
			v := f * 1024
			if v == math.Trunc(v) {
				return strconv.FormatInt(int64(v), 10), nil
			}
		}
	}
	return "", invalid("%s: %q is neither a whole number nor a whole number of units in %s.", member, ecserrors.Clip(s), strings.ToUpper(unit))
}

// Validate checks a DeregisterTaskDefinition request: the task definition
// must name a revision.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterTaskDefinition.html
func (r *DeregisterTaskDefinitionRequest) Validate() error {
	return checkTaskDefinitionID("taskDefinition", r.TaskDefinition, true)
}

// Validate checks a DescribeTaskDefinition request.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html
func (r *DescribeTaskDefinitionRequest) Validate() error {
	return firstErr(
		checkTaskDefinitionID("taskDefinition", r.TaskDefinition, false),
		checkIncludes("include", r.Include, TaskDefinitionField("").Values()),
	)
}

// Validate checks a ListTaskDefinitions request: status and sort values,
// maxResults 1 to 100.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitions.html
func (r *ListTaskDefinitionsRequest) Validate() error {
	return firstErr(
		checkEnum("status", r.Status, TaskDefinitionStatus("").Values(), true),
		checkEnum("sort", r.Sort, SortOrder("").Values(), true),
		checkMaxResults(r.MaxResults),
	)
}

// Validate checks a ListTaskDefinitionFamilies request: status value,
// maxResults 1 to 100.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitionFamilies.html
func (r *ListTaskDefinitionFamiliesRequest) Validate() error {
	return firstErr(
		checkEnum("status", r.Status, TaskDefinitionFamilyStatus("").Values(), true),
		checkMaxResults(r.MaxResults),
	)
}

// Validate checks a CreateService request: a service name; a task
// definition unless the EXTERNAL controller is used; a desired count for
// REPLICA services; launchType or capacityProviderStrategy, not both; a
// role only with a load balancer; no DAEMON with the CODE_DEPLOY or
// EXTERNAL controller, with FARGATE, or with a placement strategy; and the
// member checks UpdateService shares.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
func (r *CreateServiceRequest) Validate() error {
	if err := checkName("serviceName", r.ServiceName); err != nil {
		return err
	}
	ctrl := DeploymentControllerTypeECS
	if r.DeploymentController != nil {
		if err := checkEnum("deploymentController.type", r.DeploymentController.Type, DeploymentControllerType("").Values(), false); err != nil {
			return err
		}
		ctrl = r.DeploymentController.Type
	}
	var errs []error
	errs = append(errs, checkClusterMember(r.Cluster))
	if r.TaskDefinition == "" && ctrl != DeploymentControllerTypeExternal {
		errs = append(errs, invalid("taskDefinition: is required."))
	} else if r.TaskDefinition != "" {
		errs = append(errs, checkTaskDefinitionID("taskDefinition", r.TaskDefinition, false))
	}
	daemon := r.SchedulingStrategy == SchedulingStrategyDaemon
	switch {
	case !daemon && r.DesiredCount == nil:
		errs = append(errs, invalid("desiredCount: is required for a REPLICA service."))
	case r.DesiredCount != nil:
		errs = append(errs, checkNonNegative("desiredCount", *r.DesiredCount))
	}
	if daemon {
		switch {
		case ctrl != DeploymentControllerTypeECS:
			errs = append(errs, invalid("schedulingStrategy: DAEMON is not supported with the %s deployment controller.", ctrl))
		case r.LaunchType == LaunchTypeFargate:
			errs = append(errs, invalid("schedulingStrategy: DAEMON is not supported with the FARGATE launch type."))
		case len(r.PlacementStrategy) > 0:
			errs = append(errs, invalid("placementStrategy: placement strategies are not supported with the DAEMON scheduling strategy."))
		}
	}
	if r.Role != "" && len(r.LoadBalancers) == 0 {
		errs = append(errs, invalid("role: is only allowed with loadBalancers."))
	}
	if r.HealthCheckGracePeriodSeconds != nil {
		errs = append(errs, checkNonNegative("healthCheckGracePeriodSeconds", *r.HealthCheckGracePeriodSeconds))
	}
	errs = append(errs,
		checkToken("clientToken", r.ClientToken, MaxServiceClientTokenLength),
		checkLaunchTypeOrProviders(r.LaunchType, r.CapacityProviderStrategy),
		checkEnum("schedulingStrategy", r.SchedulingStrategy, SchedulingStrategy("").Values(), true),
		validateDeploymentConfiguration("deploymentConfiguration", r.DeploymentConfiguration),
		ValidateLoadBalancers("loadBalancers", r.LoadBalancers),
		ValidateStrategyRequirements("deploymentConfiguration", r.DeploymentConfiguration, r.LoadBalancers, ServiceConnectEnabled(r.ServiceConnectConfiguration)),
		validateNetworkConfiguration("networkConfiguration", r.NetworkConfiguration),
		ValidatePlacementConstraints("placementConstraints", r.PlacementConstraints, 0),
		ValidatePlacementStrategy("placementStrategy", r.PlacementStrategy),
		ValidateTags("tags", r.Tags),
		checkEnum("propagateTags", r.PropagateTags, PropagateTags("").Values(), true),
		checkEnum("availabilityZoneRebalancing", r.AvailabilityZoneRebalancing, AvailabilityZoneRebalancing("").Values(), true),
	)
	return firstErr(errs...)
}

// Validate checks a DeleteService request.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteService.html
func (r *DeleteServiceRequest) Validate() error {
	var err error
	if r.Service == "" {
		err = invalid("service: is required.")
	} else if e := resolveServiceID(r.Service); e != nil {
		err = invalid("service: %s", reason(e))
	}
	return firstErr(checkClusterMember(r.Cluster), err)
}

// Validate checks a DescribeServices request: 1 to 10 services.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html
func (r *DescribeServicesRequest) Validate() error {
	return firstErr(
		checkClusterMember(r.Cluster),
		checkIDs("services", r.Services, MaxDescribeServices, resolveServiceID),
		checkIncludes("include", r.Include, ServiceField("").Values()),
	)
}

// Validate checks a ListServices request: maxResults 1 to 100 and the
// launch type and scheduling strategy filters.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServices.html
func (r *ListServicesRequest) Validate() error {
	return firstErr(
		checkClusterMember(r.Cluster),
		checkMaxResults(r.MaxResults),
		checkEnum("launchType", r.LaunchType, LaunchType("").Values(), true),
		checkEnum("schedulingStrategy", r.SchedulingStrategy, SchedulingStrategy("").Values(), true),
	)
}

// Validate checks a RunTask request: a task definition, count 1 to 10,
// launchType or capacityProviderStrategy but not both, startedBy of at
// most 128 characters, a client token of at most 64, propagateTags other
// than SERVICE (a standalone task has no service to take tags from), and
// the placement, network and tag members.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
func (r *RunTaskRequest) Validate() error {
	var errs []error
	errs = append(errs, checkClusterMember(r.Cluster), checkTaskDefinitionID("taskDefinition", r.TaskDefinition, false))
	if r.Count != nil && (*r.Count < 1 || *r.Count > MaxRunTaskCount) {
		errs = append(errs, invalid("count: must be 1 to %d, got %d.", MaxRunTaskCount, *r.Count))
	}
	if r.PropagateTags == PropagateTagsService {
		errs = append(errs, invalid("propagateTags: SERVICE is not allowed for a task RunTask starts."))
	}
	errs = append(errs,
		checkLaunchTypeOrProviders(r.LaunchType, r.CapacityProviderStrategy),
		checkStartedBy(r.StartedBy, MaxRunTaskStartedByLength),
		checkToken("clientToken", r.ClientToken, MaxRunTaskClientTokenLength),
		checkEnum("propagateTags", r.PropagateTags, PropagateTags("").Values(), true),
		validateNetworkConfiguration("networkConfiguration", r.NetworkConfiguration),
		ValidatePlacementConstraints("placementConstraints", r.PlacementConstraints, 0),
		ValidatePlacementStrategy("placementStrategy", r.PlacementStrategy),
		ValidateTags("tags", r.Tags),
	)
	return firstErr(errs...)
}

// Validate checks a StartTask request: a task definition, 1 to 10
// container instances, startedBy of at most 36 characters, propagateTags
// other than SERVICE.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StartTask.html
func (r *StartTaskRequest) Validate() error {
	var pt error
	if r.PropagateTags == PropagateTagsService {
		pt = invalid("propagateTags: SERVICE is not allowed for a task StartTask starts.")
	}
	return firstErr(
		checkClusterMember(r.Cluster),
		checkTaskDefinitionID("taskDefinition", r.TaskDefinition, false),
		checkIDs("containerInstances", r.ContainerInstances, MaxStartTaskContainerInstances, resolveInstanceID),
		checkStartedBy(r.StartedBy, MaxStartTaskStartedByLength),
		pt,
		checkEnum("propagateTags", r.PropagateTags, PropagateTags("").Values(), true),
		validateNetworkConfiguration("networkConfiguration", r.NetworkConfiguration),
		ValidateTags("tags", r.Tags),
	)
}

// Validate checks a StopTask request: a task, and a reason of at most 255
// characters.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopTask.html
func (r *StopTaskRequest) Validate() error {
	var err error
	if r.Task == "" {
		err = invalid("task: is required.")
	} else if e := resolveTaskID(r.Task); e != nil {
		err = invalid("task: %s", reason(e))
	}
	var rs error
	if len(r.Reason) > MaxStopTaskReasonLength {
		rs = invalid("reason: must be at most %d characters, got %d.", MaxStopTaskReasonLength, len(r.Reason))
	}
	return firstErr(checkClusterMember(r.Cluster), err, rs)
}

// Validate checks a DescribeTasks request: 1 to 100 tasks.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html
func (r *DescribeTasksRequest) Validate() error {
	return firstErr(
		checkClusterMember(r.Cluster),
		checkIDs("tasks", r.Tasks, MaxDescribeTasks, resolveTaskID),
		checkIncludes("include", r.Include, TaskField("").Values()),
	)
}

// Validate checks a ListTasks request: maxResults 1 to 100, the desired
// status and launch type filters, and the identifiers it filters by.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html
func (r *ListTasksRequest) Validate() error {
	var errs []error
	if r.ContainerInstance != "" {
		if err := resolveInstanceID(r.ContainerInstance); err != nil {
			errs = append(errs, invalid("containerInstance: %s", reason(err)))
		}
	}
	if r.ServiceName != "" {
		if err := resolveServiceID(r.ServiceName); err != nil {
			errs = append(errs, invalid("serviceName: %s", reason(err)))
		}
	}
	if r.Family != "" {
		errs = append(errs, checkName("family", r.Family))
	}
	return firstErr(append([]error{
		checkClusterMember(r.Cluster),
		checkMaxResults(r.MaxResults),
		checkEnum("desiredStatus", r.DesiredStatus, DesiredStatus("").Values(), true),
		checkEnum("launchType", r.LaunchType, LaunchType("").Values(), true),
	}, errs...)...)
}

func checkResourceARN(s string) error {
	if s == "" {
		return invalid("resourceArn: is required.")
	}
	if _, err := ParseARN(s); err != nil {
		return invalid("resourceArn: %s", reason(err))
	}
	return nil
}

// Validate checks a TagResource request: an ECS ARN and 1 to 50 valid tags.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TagResource.html
func (r *TagResourceRequest) Validate() error {
	var n error
	if len(r.Tags) == 0 {
		n = invalid("tags: at least one is required.")
	}
	return firstErr(checkResourceARN(r.ResourceARN), n, ValidateTags("tags", r.Tags))
}

// Validate checks an UntagResource request: an ECS ARN and 1 to 50 tag
// keys of 1 to 128 characters.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UntagResource.html
func (r *UntagResourceRequest) Validate() error {
	if err := checkResourceARN(r.ResourceARN); err != nil {
		return err
	}
	if len(r.TagKeys) == 0 {
		return invalid("tagKeys: at least one is required.")
	}
	if len(r.TagKeys) > MaxTags {
		return invalid("tagKeys: at most %d are allowed, got %d.", MaxTags, len(r.TagKeys))
	}
	for i, k := range r.TagKeys {
		if err := ValidateTags(fmt.Sprintf("tagKeys[%d]", i), []Tag{{Key: k}}); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks a ListTagsForResource request: an ECS ARN.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTagsForResource.html
func (r *ListTagsForResourceRequest) Validate() error { return checkResourceARN(r.ResourceARN) }
