package model

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	ecserrors "github.com/ecsstate/ecsstate/errors"
)

// Field rules as ECS states them. Every failure is an
// InvalidParameterException whose message starts with the name of the member
// at fault, the way a caller would find it in the request.

// Limits ECS documents for the members the validators check.
const (
	MaxTags                   = 50   // tags per resource (TagResource)
	MaxTagKeyLength           = 128  // UTF-8 characters
	MaxTagValueLength         = 256  // UTF-8 characters
	MaxAttributeNameLength    = 128  // PutAttributes
	MaxAttributeValueLength   = 128  // PutAttributes
	MaxPlacementConstraints   = 10   // per service or task, task definition's included
	MaxPlacementStrategies    = 5    // rules per service or task
	MaxExpressionLength       = 2000 // cluster query language expression
	MaxCapacityProviderBase   = 100000
	MaxCapacityProviderWeight = 1000
	MaxCapacityProviders      = 20 // providers in one strategy
)

// ValidateTags checks a resource's tags: at most 50, keys of 1 to 128 and
// values of 0 to 256 UTF-8 characters made of letters, digits, spaces and
// + - = . _ : / @, unique keys, and no key starting with the reserved "aws:"
// prefix in any letter case.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html
func ValidateTags(member string, tags []Tag) error {
	if len(tags) > MaxTags {
		return invalid("%s: at most %d tags are allowed, got %d.", member, MaxTags, len(tags))
	}
	seen := make(map[string]struct{}, len(tags))
	for i, t := range tags {
		n := utf8.RuneCountInString(t.Key)
		switch {
		case !utf8.ValidString(t.Key) || !utf8.ValidString(t.Value):
			return invalid("%s[%d]: tags must be valid UTF-8.", member, i)
		case n < 1 || n > MaxTagKeyLength:
			return invalid("%s[%d].key: must be 1 to %d characters, got %d.", member, i, MaxTagKeyLength, n)
		case utf8.RuneCountInString(t.Value) > MaxTagValueLength:
			return invalid("%s[%d].value: must be at most %d characters.", member, i, MaxTagValueLength)
		case len(t.Key) >= 4 && strings.EqualFold(t.Key[:4], "aws:"):
			return invalid("%s[%d].key: the aws: prefix is reserved for AWS use.", member, i)
		case !tagText(t.Key):
			return invalid("%s[%d].key: %q has a character tags do not allow.", member, i, ecserrors.Clip(t.Key))
		case !tagText(t.Value):
			return invalid("%s[%d].value: %q has a character tags do not allow.", member, i, ecserrors.Clip(t.Value))
		}
		if _, dup := seen[t.Key]; dup {
			return invalid("%s[%d].key: duplicate tag key %q.", member, i, ecserrors.Clip(t.Key))
		}
		seen[t.Key] = struct{}{}
	}
	return nil
}

func tagText(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || strings.ContainsRune("+-=._:/@", r) {
			continue
		}
		return false
	}
	return true
}

// ValidateAttribute checks a container instance attribute: a name of 1 to
// 128 letters, digits, hyphens, underscores, slashes, backslashes or
// periods; an optional value of 1 to 128 letters, digits, hyphens,
// underscores, periods, at signs, slashes, backslashes, colons or spaces,
// not starting or ending with a space; and, when set, the target type
// container-instance.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Attribute.html
func ValidateAttribute(member string, a Attribute) error {
	if n := len(a.Name); n < 1 || n > MaxAttributeNameLength {
		return invalid("%s.name: must be 1 to %d characters, got %d.", member, MaxAttributeNameLength, n)
	}
	for _, r := range a.Name {
		if !isASCIIAlnum(r) && !strings.ContainsRune(`-_/\.`, r) {
			return invalid("%s.name: %q has a character attribute names do not allow.", member, ecserrors.Clip(a.Name))
		}
	}
	if a.Value != "" {
		if n := len(a.Value); n > MaxAttributeValueLength {
			return invalid("%s.value: must be at most %d characters, got %d.", member, MaxAttributeValueLength, n)
		}
		if a.Value[0] == ' ' || a.Value[len(a.Value)-1] == ' ' {
			return invalid("%s.value: must not start or end with a space.", member)
		}
		for _, r := range a.Value {
			if !isASCIIAlnum(r) && !strings.ContainsRune(`-_.@/\: `, r) {
				return invalid("%s.value: %q has a character attribute values do not allow.", member, ecserrors.Clip(a.Value))
			}
		}
	}
	if a.TargetType != "" && a.TargetType != TargetTypeContainerInstance {
		return invalid("%s.targetType: must be %s.", member, TargetTypeContainerInstance)
	}
	return nil
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// oneOf reports whether v is one of the values of its enum type; empty
// values are accepted when optional.
func oneOf[E ~string](v E, values []E, optional bool) bool {
	if v == "" {
		return optional
	}
	for _, x := range values {
		if v == x {
			return true
		}
	}
	return false
}

func checkEnum[E ~string](member string, v E, values []E, optional bool) error {
	if oneOf(v, values, optional) {
		return nil
	}
	if v == "" {
		return invalid("%s: is required.", member)
	}
	return invalid("%s: %q is not one of %v.", member, ecserrors.Clip(string(v)), values)
}

func checkARN(member, s string, kind ResourceKind, optional bool) error {
	if s == "" {
		if optional {
			return nil
		}
		return invalid("%s: is required.", member)
	}
	a, err := ParseARN(s)
	if err != nil {
		return invalid("%s: %s", member, reason(err))
	}
	if a.Kind != kind {
		return invalid("%s: %q is a %s ARN, not a %s ARN.", member, ecserrors.Clip(s), a.Kind, kind)
	}
	return nil
}

func checkNonNegative[N int32 | int64](member string, v N) error {
	if v < 0 {
		return invalid("%s: must not be negative, got %d.", member, v)
	}
	return nil
}

// firstErr returns the first non-nil error, so that validators read as a
// list of rules.
func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// ValidatePlacementConstraints checks the constraint list of a service or
// request: at most 10 (fromTaskDefinition of them already taken by the task
// definition), known types, memberOf with an expression of at most 2,000
// characters, distinctInstance without one. The expression's grammar is
// checked by the placement/query package.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PlacementConstraint.html
func ValidatePlacementConstraints(member string, cs []PlacementConstraint, fromTaskDefinition int) error {
	if n := len(cs) + fromTaskDefinition; n > MaxPlacementConstraints {
		return invalid("%s: at most %d placement constraints are allowed, task definition's included; got %d.", member, MaxPlacementConstraints, n)
	}
	for i, c := range cs {
		m := fmt.Sprintf("%s[%d]", member, i)
		if err := checkEnum(m+".type", c.Type, PlacementConstraintType("").Values(), false); err != nil {
			return err
		}
		switch {
		case c.Type == PlacementConstraintTypeMemberOf && strings.TrimSpace(c.Expression) == "":
			return invalid("%s.expression: memberOf needs an expression.", m)
		case c.Type == PlacementConstraintTypeDistinctInstance && c.Expression != "":
			return invalid("%s.expression: distinctInstance takes no expression.", m)
		case utf8.RuneCountInString(c.Expression) > MaxExpressionLength:
			// Characters, as the API reference says and as the query
			// parser counts them; not bytes.
			return invalid("%s.expression: must be at most %d characters, got %d.", m, MaxExpressionLength, utf8.RuneCountInString(c.Expression))
		}
	}
	return nil
}

// ValidatePlacementStrategy checks a placement strategy: at most 5 rules;
// random takes no field, binpack takes cpu or memory, spread takes
// instanceId, host or attribute:NAME.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PlacementStrategy.html
func ValidatePlacementStrategy(member string, ss []PlacementStrategy) error {
	if len(ss) > MaxPlacementStrategies {
		return invalid("%s: at most %d placement strategy rules are allowed, got %d.", member, MaxPlacementStrategies, len(ss))
	}
	for i, s := range ss {
		m := fmt.Sprintf("%s[%d]", member, i)
		if err := checkEnum(m+".type", s.Type, PlacementStrategyType("").Values(), false); err != nil {
			return err
		}
		f := s.Field
		switch s.Type {
		case PlacementStrategyTypeRandom:
			if f != "" {
				return invalid("%s.field: random takes no field.", m)
			}
		case PlacementStrategyTypeBinpack:
			if !strings.EqualFold(f, "cpu") && !strings.EqualFold(f, "memory") {
				return invalid("%s.field: binpack takes cpu or memory, got %q.", m, ecserrors.Clip(f))
			}
		case PlacementStrategyTypeSpread:
			name, isAttr := strings.CutPrefix(f, "attribute:")
			if !(strings.EqualFold(f, "instanceId") || strings.EqualFold(f, "host") || isAttr && name != "") {
				return invalid("%s.field: spread takes instanceId, host or attribute:NAME, got %q.", m, ecserrors.Clip(f))
			}
		}
	}
	return nil
}

// ValidateCapacityProviderStrategy checks the shape of a capacity provider
// strategy: at most 20 providers, each named once, base 0 to 100,000 on at
// most one provider, weight 0 to 1,000 with at least one above 0. Whether
// the providers exist and may be used is the service package's business.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html
func ValidateCapacityProviderStrategy(member string, items []CapacityProviderStrategyItem) error {
	if len(items) == 0 {
		return nil
	}
	if len(items) > MaxCapacityProviders {
		return invalid("%s: at most %d capacity providers are allowed, got %d.", member, MaxCapacityProviders, len(items))
	}
	seen := map[string]bool{}
	bases, weighted := 0, false
	for i, it := range items {
		m := fmt.Sprintf("%s[%d]", member, i)
		switch {
		case it.CapacityProvider == "":
			return invalid("%s.capacityProvider: is required.", m)
		case seen[it.CapacityProvider]:
			return invalid("%s.capacityProvider: %q is named twice.", m, ecserrors.Clip(it.CapacityProvider))
		case it.Base < 0 || it.Base > MaxCapacityProviderBase:
			return invalid("%s.base: must be 0 to %d, got %d.", m, MaxCapacityProviderBase, it.Base)
		case it.Weight < 0 || it.Weight > MaxCapacityProviderWeight:
			return invalid("%s.weight: must be 0 to %d, got %d.", m, MaxCapacityProviderWeight, it.Weight)
		}
		seen[it.CapacityProvider] = true
		if it.Base > 0 {
			bases++
		}
		weighted = weighted || it.Weight > 0
	}
	if bases > 1 {
		return invalid("%s: only one capacity provider may have a base.", member)
	}
	if !weighted {
		return invalid("%s: at least one capacity provider must have a weight greater than 0.", member)
	}
	return nil
}

func validateDeploymentConfiguration(member string, dc *DeploymentConfiguration) error {
	if dc == nil {
		return nil
	}
	if dc.MinimumHealthyPercent != nil && *dc.MinimumHealthyPercent < 0 {
		return invalid("%s.minimumHealthyPercent: must not be negative, got %d.", member, *dc.MinimumHealthyPercent)
	}
	if dc.MaximumPercent != nil && *dc.MaximumPercent < 0 {
		return invalid("%s.maximumPercent: must not be negative, got %d.", member, *dc.MaximumPercent)
	}
	if err := checkEnum(member+".strategy", dc.Strategy, DeploymentStrategy("").Values(), true); err != nil {
		return err
	}
	if err := validateStrategyMembers(member, dc); err != nil {
		return err
	}
	if cb := dc.DeploymentCircuitBreaker; cb != nil && cb.ThresholdConfiguration != nil {
		tc := cb.ThresholdConfiguration
		if err := checkEnum(member+".deploymentCircuitBreaker.thresholdConfiguration.type", tc.Type, ThresholdType("").Values(), false); err != nil {
			return err
		}
		if tc.Value < 1 || tc.Type != ThresholdTypeCount && tc.Value > 100 {
			return invalid("%s.deploymentCircuitBreaker.thresholdConfiguration.value: must be 1 to 100 for a percentage or at least 1 for COUNT, got %d.", member, tc.Value)
		}
	}
	if a := dc.Alarms; a != nil && a.Enable && len(a.AlarmNames) == 0 {
		return invalid("%s.alarms.alarmNames: enabled alarms need at least one alarm name.", member)
	}
	return nil
}

func validateNetworkConfiguration(member string, nc *NetworkConfiguration) error {
	if nc == nil || nc.AWSVPCConfiguration == nil {
		return nil
	}
	v := nc.AWSVPCConfiguration
	switch {
	case len(v.Subnets) == 0:
		return invalid("%s.awsvpcConfiguration.subnets: at least one subnet is required.", member)
	case len(v.Subnets) > 16:
		return invalid("%s.awsvpcConfiguration.subnets: at most 16 subnets are allowed.", member)
	case len(v.SecurityGroups) > 5:
		return invalid("%s.awsvpcConfiguration.securityGroups: at most 5 security groups are allowed.", member)
	}
	return checkEnum(member+".awsvpcConfiguration.assignPublicIp", v.AssignPublicIP, AssignPublicIP("").Values(), true)
}

// Validate checks the members of an UpdateService request one by one, the
// checks that need no knowledge of the service: a service is named, counts
// are not negative, placement and capacity provider strategy lists are well
// formed, enumerations hold known values. The service package adds the
// checks that need the service and cluster.
func (r *UpdateServiceRequest) Validate() error {
	if r.Service == "" {
		return invalid("service: is required.")
	}
	var errs []error
	if _, _, err := ResolveService(r.Service); err != nil {
		errs = append(errs, invalid("service: %s", reason(err)))
	}
	if r.Cluster != "" {
		if _, err := ResolveCluster(r.Cluster); err != nil {
			errs = append(errs, invalid("cluster: %s", reason(err)))
		}
	}
	if r.TaskDefinition != "" {
		if _, _, err := ResolveTaskDefinition(r.TaskDefinition); err != nil {
			errs = append(errs, invalid("taskDefinition: %s", reason(err)))
		}
	}
	if r.DesiredCount != nil {
		errs = append(errs, checkNonNegative("desiredCount", *r.DesiredCount))
	}
	if r.HealthCheckGracePeriodSeconds != nil {
		errs = append(errs, checkNonNegative("healthCheckGracePeriodSeconds", *r.HealthCheckGracePeriodSeconds))
	}
	if r.DeploymentController != nil {
		errs = append(errs, checkEnum("deploymentController.type", r.DeploymentController.Type, DeploymentControllerType("").Values(), false))
	}
	errs = append(errs,
		validateDeploymentConfiguration("deploymentConfiguration", r.DeploymentConfiguration),
		ValidateLoadBalancers("loadBalancers", r.LoadBalancers),
		validateNetworkConfiguration("networkConfiguration", r.NetworkConfiguration),
		ValidatePlacementConstraints("placementConstraints", r.PlacementConstraints, 0),
		ValidatePlacementStrategy("placementStrategy", r.PlacementStrategy),
		ValidateCapacityProviderStrategy("capacityProviderStrategy", r.CapacityProviderStrategy),
		checkEnum("availabilityZoneRebalancing", r.AvailabilityZoneRebalancing, AvailabilityZoneRebalancing("").Values(), true),
		checkEnum("propagateTags", r.PropagateTags, PropagateTags("").Values(), true),
	)
	return firstErr(errs...)
}

// Validate checks a container instance as ECS would describe it: a
// container-instance ARN, a known status and agent update status,
// non-negative counts and version, well-formed attributes and tags.
func (ci *ContainerInstance) Validate() error {
	errs := []error{
		checkARN("containerInstanceArn", ci.ContainerInstanceARN, KindContainerInstance, false),
		checkEnum("status", ci.Status, ContainerInstanceStatus("").Values(), false),
		checkEnum("agentUpdateStatus", ci.AgentUpdateStatus, AgentUpdateStatus("").Values(), true),
		checkNonNegative("version", ci.Version),
		checkNonNegative("runningTasksCount", ci.RunningTasksCount),
		checkNonNegative("pendingTasksCount", ci.PendingTasksCount),
		ValidateTags("tags", ci.Tags),
		validateResources("registeredResources", ci.RegisteredResources),
		validateResources("remainingResources", ci.RemainingResources),
	}
	for i, a := range ci.Attributes {
		errs = append(errs, ValidateAttribute(fmt.Sprintf("attributes[%d]", i), a))
	}
	return firstErr(errs...)
}

func validateResources(member string, rs []Resource) error {
	seen := map[string]bool{}
	for i, r := range rs {
		m := fmt.Sprintf("%s[%d]", member, i)
		if r.Name == "" {
			return invalid("%s.name: is required.", m)
		}
		if seen[r.Name] {
			return invalid("%s.name: %q is listed twice.", m, ecserrors.Clip(r.Name))
		}
		seen[r.Name] = true
		if err := checkEnum(m+".type", r.Type, ResourceType("").Values(), false); err != nil {
			return err
		}
		if r.IntegerValue < 0 || r.LongValue < 0 || r.DoubleValue < 0 {
			return invalid("%s: a resource amount must not be negative.", m)
		}
		for _, p := range r.StringSetValue {
			if r.Name != ResourcePorts && r.Name != ResourcePortsUDP {
				break
			}
			if n, err := strconv.Atoi(p); err != nil || n < 0 || n > 65535 {
				return invalid("%s.stringSetValue: %q is not a port number.", m, ecserrors.Clip(p))
			}
		}
	}
	return nil
}

// Validate checks a deployment's identifier, status, rollout state, task
// definition ARN and counts.
func (d *Deployment) Validate() error {
	return d.validate("deployment")
}

func (d *Deployment) validate(m string) error {
	if d.ID == "" {
		return invalid("%s.id: is required.", m)
	}
	return firstErr(
		checkEnum(m+".status", d.Status, DeploymentStatus("").Values(), false),
		checkEnum(m+".rolloutState", d.RolloutState, DeploymentRolloutState("").Values(), true),
		checkEnum(m+".launchType", d.LaunchType, LaunchType("").Values(), true),
		checkARN(m+".taskDefinition", d.TaskDefinition, KindTaskDefinition, false),
		checkNonNegative(m+".desiredCount", d.DesiredCount),
		checkNonNegative(m+".pendingCount", d.PendingCount),
		checkNonNegative(m+".runningCount", d.RunningCount),
		checkNonNegative(m+".failedTasks", d.FailedTasks),
		validateNetworkConfiguration(m+".networkConfiguration", d.NetworkConfiguration),
	)
}

// Validate checks a service: ARNs, name, status and enumerations, counts,
// the grace period, deployments (at most one PRIMARY), placement, capacity
// provider strategy and tags.
func (s *Service) Validate() error {
	errs := []error{
		checkARN("serviceArn", s.ServiceARN, KindService, false),
		checkARN("clusterArn", s.ClusterARN, KindCluster, false),
		checkEnum("status", s.Status, ServiceStatus("").Values(), false),
		checkEnum("launchType", s.LaunchType, LaunchType("").Values(), true),
		checkEnum("schedulingStrategy", s.SchedulingStrategy, SchedulingStrategy("").Values(), true),
		checkEnum("propagateTags", s.PropagateTags, PropagateTags("").Values(), true),
		checkEnum("availabilityZoneRebalancing", s.AvailabilityZoneRebalancing, AvailabilityZoneRebalancing("").Values(), true),
		checkARN("taskDefinition", s.TaskDefinition, KindTaskDefinition, true),
		checkNonNegative("desiredCount", s.DesiredCount),
		checkNonNegative("runningCount", s.RunningCount),
		checkNonNegative("pendingCount", s.PendingCount),
		validateDeploymentConfiguration("deploymentConfiguration", s.DeploymentConfiguration),
		validateNetworkConfiguration("networkConfiguration", s.NetworkConfiguration),
		ValidatePlacementConstraints("placementConstraints", s.PlacementConstraints, 0),
		ValidatePlacementStrategy("placementStrategy", s.PlacementStrategy),
		ValidateCapacityProviderStrategy("capacityProviderStrategy", s.CapacityProviderStrategy),
		ValidateTags("tags", s.Tags),
	}
	if !ValidName(s.ServiceName) {
		errs = append(errs, invalid("serviceName: %q must be 1 to 255 letters, digits, hyphens or underscores.", ecserrors.Clip(s.ServiceName)))
	} else if a, err := ParseARN(s.ServiceARN); err == nil && a.Name != s.ServiceName {
		errs = append(errs, invalid("serviceName: %q does not match the service ARN.", ecserrors.Clip(s.ServiceName)))
	}
	if s.HealthCheckGracePeriodSeconds != nil {
		errs = append(errs, checkNonNegative("healthCheckGracePeriodSeconds", *s.HealthCheckGracePeriodSeconds))
	}
	if s.DeploymentController != nil {
		errs = append(errs, checkEnum("deploymentController.type", s.DeploymentController.Type, DeploymentControllerType("").Values(), false))
	}
	primaries := 0
	for i := range s.Deployments {
		d := &s.Deployments[i]
		errs = append(errs, d.validate(fmt.Sprintf("deployments[%d]", i)))
		if d.Status == DeploymentStatusPrimary {
			primaries++
		}
	}
	if primaries > 1 {
		errs = append(errs, invalid("deployments: at most one deployment can be PRIMARY, got %d.", primaries))
	}
	return firstErr(errs...)
}

// Validate checks a task: ARNs, statuses, version, CPU and memory.
func (t *Task) Validate() error {
	errs := []error{
		checkARN("taskArn", t.TaskARN, KindTask, false),
		checkARN("clusterArn", t.ClusterARN, KindCluster, false),
		checkARN("taskDefinitionArn", t.TaskDefinitionARN, KindTaskDefinition, false),
		checkARN("containerInstanceArn", t.ContainerInstanceARN, KindContainerInstance, true),
		checkEnum("lastStatus", t.LastStatus, TaskStatus("").Values(), false),
		checkEnum("desiredStatus", t.DesiredStatus, DesiredStatus("").Values(), false),
		checkEnum("launchType", t.LaunchType, LaunchType("").Values(), true),
		checkEnum("healthStatus", t.HealthStatus, HealthStatus("").Values(), true),
		checkEnum("stopCode", t.StopCode, TaskStopCode("").Values(), true),
		checkNonNegative("version", t.Version),
		checkUnits("cpu", t.CPU),
		checkUnits("memory", t.Memory),
		ValidateTags("tags", t.Tags),
	}
	return firstErr(errs...)
}

// checkUnits accepts the CPU and memory strings of tasks and task
// definitions: empty, or a whole number. (ECS also accepts "1 vCPU" and
// "2 GB" in RegisterTaskDefinition but always returns the number.)
func checkUnits(member, s string) error {
	if s == "" {
		return nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err != nil || n < 0 {
		return invalid("%s: %q is not a whole number of units.", member, ecserrors.Clip(s))
	}
	return nil
}

// Validate checks a task definition: family and revision matching the ARN,
// a known network mode and status, containers with unique names, at least
// one essential container, and port mappings in range and consistent with
// the network mode (host and awsvpc need hostPort equal to containerPort
// or unset).
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html
func (td *TaskDefinition) Validate() error {
	errs := []error{
		checkARN("taskDefinitionArn", td.TaskDefinitionARN, KindTaskDefinition, false),
		checkEnum("networkMode", td.NetworkMode, NetworkMode("").Values(), true),
		checkEnum("status", td.Status, TaskDefinitionStatus("").Values(), true),
		checkUnits("cpu", td.CPU),
		checkUnits("memory", td.Memory),
	}
	if !ValidName(td.Family) {
		errs = append(errs, invalid("family: %q must be 1 to 255 letters, digits, hyphens or underscores.", ecserrors.Clip(td.Family)))
	} else if td.Revision < 1 {
		errs = append(errs, invalid("revision: must be at least 1, got %d.", td.Revision))
	} else if a, err := ParseARN(td.TaskDefinitionARN); err == nil && (a.Name != td.Family || a.Revision != td.Revision) {
		errs = append(errs, invalid("taskDefinitionArn: %q does not match family %s and revision %d.", ecserrors.Clip(td.TaskDefinitionARN), td.Family, td.Revision))
	}
	if len(td.ContainerDefinitions) == 0 {
		errs = append(errs, invalid("containerDefinitions: at least one container is required."))
	}
	names := map[string]bool{}
	essential := false
	for i, c := range td.ContainerDefinitions {
		m := fmt.Sprintf("containerDefinitions[%d]", i)
		if c.Name == "" || names[c.Name] {
			errs = append(errs, invalid("%s.name: container names must be present and unique, got %q.", m, ecserrors.Clip(c.Name)))
		}
		names[c.Name] = true
		essential = essential || c.Essential == nil || *c.Essential
		errs = append(errs, checkNonNegative(m+".cpu", c.CPU))
		if c.Memory != nil && *c.Memory < 0 || c.MemoryReservation != nil && *c.MemoryReservation < 0 {
			errs = append(errs, invalid("%s: memory and memoryReservation must not be negative.", m))
		}
		for j, p := range c.PortMappings {
			pm := fmt.Sprintf("%s.portMappings[%d]", m, j)
			errs = append(errs, checkEnum(pm+".protocol", p.Protocol, TransportProtocol("").Values(), true))
			if p.ContainerPort != nil && (*p.ContainerPort < 0 || *p.ContainerPort > 65535) ||
				p.HostPort != nil && (*p.HostPort < 0 || *p.HostPort > 65535) {
				errs = append(errs, invalid("%s: ports must be 0 to 65535.", pm))
			}
			if (td.NetworkMode == NetworkModeHost || td.NetworkMode == NetworkModeAwsvpc) &&
				p.HostPort != nil && *p.HostPort != 0 && (p.ContainerPort == nil || *p.HostPort != *p.ContainerPort) {
				errs = append(errs, invalid("%s.hostPort: in %s network mode the host port must equal the container port.", pm, td.NetworkMode))
			}
		}
	}
	if len(td.ContainerDefinitions) > 0 && !essential {
		errs = append(errs, invalid("containerDefinitions: at least one container must be essential."))
	}
	for i, c := range td.PlacementConstraints {
		if c.Type != TaskDefinitionPlacementConstraintTypeMemberOf {
			errs = append(errs, invalid("placementConstraints[%d].type: task definitions take only memberOf.", i))
		}
	}
	return firstErr(errs...)
}

// reason is the message of an ECS error without its code, for wrapping one
// validator's finding in another member's name.
func reason(err error) string {
	if e, ok := err.(*ecserrors.Error); ok {
		return e.Message()
	}
	return err.Error()
}
