package ecsstate

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ecsstate/ecsstate/agentupdate"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement/query"
)

// clusterNameRE is CreateCluster's rule for names: up to 255 letters,
// numbers, underscores and hyphens.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html
var clusterNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)

// CreateCluster creates a cluster ("default" when the request names
// none). Creating a cluster that exists returns it unchanged, as ECS does.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html
func (w *World) CreateCluster(req model.CreateClusterRequest) (resp model.CreateClusterResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.CreateClusterResponse{}, err
	}
	name := req.ClusterName
	if name == "" {
		name = model.DefaultCluster
	}
	if !clusterNameRE.MatchString(name) {
		return model.CreateClusterResponse{}, invalid("Cluster name must be 1-255 characters: letters, numbers, hyphens and underscores.")
	}
	if cs := w.clusters[name]; cs != nil && cs.info.Status == model.ClusterStatusActive {
		c := w.describeCluster(cs)
		return model.CreateClusterResponse{Cluster: &c}, nil
	}
	info := model.Cluster{
		ClusterARN: w.opts.Account.ClusterARN(name), ClusterName: name, Status: model.ClusterStatusActive,
		Tags: slices.Clone(req.Tags), Settings: req.Settings, Configuration: req.Configuration,
		CapacityProviders: slices.Clone(req.CapacityProviders), DefaultCapacityProviderStrategy: slices.Clone(req.DefaultCapacityProviderStrategy),
		ServiceConnectDefaults: req.ServiceConnectDefaults,
	}
	w.clusters[name] = newClusterState(info)
	w.record(Record{Kind: RecordCall, Cluster: name, Message: "CreateCluster " + name})
	w.startTicking()
	c := w.describeCluster(w.clusters[name])
	return model.CreateClusterResponse{Cluster: &c}, nil
}

// cluster returns the cluster for a request, creating "default" on first
// use as ECS does for RegisterContainerInstance and CreateService.
func (w *World) clusterForWrite(id string) (*clusterState, error) {
	if id == "" || id == model.DefaultCluster {
		if cs := w.clusters[model.DefaultCluster]; cs == nil || cs.info.Status != model.ClusterStatusActive {
			if _, err := w.CreateCluster(model.CreateClusterRequest{}); err != nil {
				return nil, err
			}
		}
	}
	return w.lookupCluster(id)
}

// describeCluster is the cluster with its counts computed from what it
// holds: registered instances (ACTIVE or DRAINING), running and pending
// tasks, ACTIVE services.
func (w *World) describeCluster(cs *clusterState) model.Cluster {
	c := cs.info
	c.Tags = slices.Clone(c.Tags)
	c.CapacityProviders = slices.Clone(c.CapacityProviders)
	c.DefaultCapacityProviderStrategy = slices.Clone(c.DefaultCapacityProviderStrategy)
	c.RegisteredContainerInstancesCount, c.RunningTasksCount, c.PendingTasksCount, c.ActiveServicesCount = 0, 0, 0, 0
	for i := range cs.instances {
		if s := cs.instances[i].Status; s == model.ContainerInstanceStatusActive || s == model.ContainerInstanceStatusDraining {
			c.RegisteredContainerInstancesCount++
		}
	}
	for i := range cs.tasks {
		switch cs.tasks[i].LastStatus {
		case model.TaskStatusRunning:
			c.RunningTasksCount++
		case model.TaskStatusProvisioning, model.TaskStatusPending, model.TaskStatusActivating:
			c.PendingTasksCount++
		}
	}
	for i := range cs.services {
		if cs.services[i].Status == model.ServiceStatusActive {
			c.ActiveServicesCount++
		}
	}
	return c
}

// DescribeClusters describes clusters by name or ARN ("default" when the
// request names none). A cluster that does not exist is a failure with
// reason MISSING, not an error.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeClusters.html
func (w *World) DescribeClusters(req model.DescribeClustersRequest) (resp model.DescribeClustersResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.DescribeClustersResponse{}, err
	}
	ids := req.Clusters
	if len(ids) == 0 {
		ids = []string{model.DefaultCluster}
	}
	out := model.DescribeClustersResponse{Clusters: []model.Cluster{}}
	for _, id := range ids {
		name, err := model.ResolveCluster(id)
		cs := w.clusters[name]
		if err != nil || cs == nil {
			out.Failures = append(out.Failures, model.Failure{ARN: w.clusterARNFor(id), Reason: "MISSING"})
			continue
		}
		out.Clusters = append(out.Clusters, w.describeCluster(cs))
	}
	return out, nil
}

func (w *World) clusterARNFor(id string) string {
	if strings.HasPrefix(id, "arn:") {
		return id
	}
	return w.opts.Account.ClusterARN(id)
}

// DeleteCluster deletes an empty cluster: it becomes INACTIVE. A cluster
// with registered instances, active or draining services, or tasks is
// refused with the exception ECS uses for each.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteCluster.html
func (w *World) DeleteCluster(req model.DeleteClusterRequest) (resp model.DeleteClusterResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.DeleteClusterResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.DeleteClusterResponse{}, err
	}
	c := w.describeCluster(cs)
	switch {
	case c.RegisteredContainerInstancesCount > 0:
		return model.DeleteClusterResponse{}, ecserrors.New(ecserrors.CodeClusterContainsContainerInstances, "The Cluster cannot be deleted while Container Instances are active or draining.")
	case slices.ContainsFunc(cs.services, func(s model.Service) bool { return s.Status != model.ServiceStatusInactive }):
		return model.DeleteClusterResponse{}, ecserrors.New(ecserrors.CodeClusterContainsServices, "The Cluster cannot be deleted while Services are active.")
	case c.RunningTasksCount+c.PendingTasksCount > 0:
		return model.DeleteClusterResponse{}, ecserrors.New(ecserrors.CodeClusterContainsTasks, "The Cluster cannot be deleted while Tasks are active.")
	}
	cs.info.Status = model.ClusterStatusInactive
	w.record(Record{Kind: RecordCall, Cluster: cs.name(), Message: "DeleteCluster " + cs.name()})
	c = w.describeCluster(cs)
	return model.DeleteClusterResponse{Cluster: &c}, nil
}

// ListClusters lists the ARNs of the ACTIVE clusters, sorted, a page at a
// time (maxResults 1–100, default 100).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListClusters.html
func (w *World) ListClusters(req model.ListClustersRequest) (resp model.ListClustersResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.ListClustersResponse{}, err
	}
	var arns []string
	for _, cs := range w.clusters {
		if cs.info.Status == model.ClusterStatusActive {
			arns = append(arns, cs.info.ClusterARN)
		}
	}
	slices.Sort(arns)
	p, next, err := page(arns, req.NextToken, maxResults(req.MaxResults), 100)
	return model.ListClustersResponse{ClusterARNs: p, NextToken: next}, err
}

// defaultReservedPorts are the TCP ports the ECS agent reserves on every
// instance when it registers: SSH, the Docker daemon, and the agent's own.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerInstance.html
var defaultReservedPorts = []int32{22, 2375, 2376, 51678, 51679}

// identityDocument is the part of an EC2 instance identity document the
// world reads.
type identityDocument struct {
	InstanceID       string `json:"instanceId"`
	AvailabilityZone string `json:"availabilityZone"`
	InstanceType     string `json:"instanceType"`
	Architecture     string `json:"architecture"`
	ImageID          string `json:"imageId"`
}

// RegisterContainerInstance registers an instance with a cluster ("default"
// is created on first use), as the container agent does when it starts.
// totalResources must give CPU and MEMORY; PORTS defaults to the ports the
// agent reserves (22, 2375, 2376, 51678, 51679) and PORTS_UDP to none.
// An EC2 instance identity document, when given, supplies the instance ID
// and the ecs.availability-zone, ecs.instance-type, ecs.ami-id and
// ecs.cpu-architecture attributes the agent would report; attributes in
// the request win. Without versionInfo the agent is taken to run the
// catalog's latest version. Re-registering an existing containerInstanceArn
// updates its resources and attributes and reactivates it.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterContainerInstance.html
func (w *World) RegisterContainerInstance(req model.RegisterContainerInstanceRequest) (resp model.RegisterContainerInstanceResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.RegisterContainerInstanceResponse{}, err
	}
	cs, err := w.clusterForWrite(req.Cluster)
	if err != nil {
		return model.RegisterContainerInstanceResponse{}, err
	}
	var doc identityDocument
	if req.InstanceIdentityDocument != "" {
		if err := json.Unmarshal([]byte(req.InstanceIdentityDocument), &doc); err != nil {
			return model.RegisterContainerInstanceResponse{}, invalid("instanceIdentityDocument is not a valid instance identity document.")
		}
	}
	res, err := registeredResources(req.TotalResources)
	if err != nil {
		return model.RegisterContainerInstanceResponse{}, err
	}
	attrs := slices.Clone(req.Attributes)
	addAttr := func(name, value string) {
		if value != "" && !slices.ContainsFunc(attrs, func(a model.Attribute) bool { return a.Name == name }) {
			attrs = append(attrs, model.Attribute{Name: name, Value: value})
		}
	}
	addAttr(model.AttributeAvailabilityZone, doc.AvailabilityZone)
	addAttr("ecs.instance-type", doc.InstanceType)
	addAttr("ecs.ami-id", doc.ImageID)
	addAttr(model.AttributeCPUArchitecture, doc.Architecture)
	addAttr(model.AttributeCPUArchitecture, "x86_64")
	addAttr(model.AttributeOSType, "linux")
	vi := req.VersionInfo
	if vi == nil {
		vi = &model.VersionInfo{AgentVersion: w.opts.AgentCatalog.Latest}
	}
	vi = new(*vi)

	if req.ContainerInstanceARN != "" {
		ci, err := cs.lookupInstance(req.ContainerInstanceARN)
		if err != nil {
			return model.RegisterContainerInstanceResponse{}, err
		}
		if ci.RunningTasksCount+ci.PendingTasksCount > 0 {
			return model.RegisterContainerInstanceResponse{}, invalid("Container instance %s has tasks; it cannot register again with new resources.", shortID(ci.ContainerInstanceARN))
		}
		wasConnected := ci.AgentConnected
		res, attrs = w.interned.resources(res), w.interned.attributes(attrs)
		ci.RegisteredResources, ci.RemainingResources = res, res
		ci.Attributes, ci.VersionInfo = attrs, vi
		ci.Status, ci.AgentConnected = model.ContainerInstanceStatusActive, true
		ci.Version++
		w.record(Record{Kind: RecordInstanceStatus, Cluster: cs.name(), Resource: ci.ContainerInstanceARN, To: string(ci.Status),
			Message: "container instance " + shortID(ci.ContainerInstanceARN) + " registered again"})
		if !wasConnected {
			// The agent is back: an agent update waiting in its stage
			// goes on, as on a reconnection.
			w.scheduleAgentStage(cs, ci)
		}
		out := ci.Clone()
		return model.RegisterContainerInstanceResponse{ContainerInstance: &out}, nil
	}
	id := w.newID()
	ec2 := doc.InstanceID
	if ec2 == "" {
		ec2 = "i-" + id[:17]
	}
	res, attrs = w.interned.resources(res), w.interned.attributes(attrs)
	ci := model.ContainerInstance{
		ContainerInstanceARN: cs.instanceARN(id), EC2InstanceID: ec2, Version: 1, VersionInfo: vi,
		RegisteredResources: res, RemainingResources: res, Status: model.ContainerInstanceStatusActive,
		AgentConnected: true, Attributes: attrs, RegisteredAt: model.At(w.now), Tags: slices.Clone(req.Tags),
	}
	cs.instAt[ci.ContainerInstanceARN] = len(cs.instances)
	cs.instances = append(cs.instances, ci)
	w.record(Record{Kind: RecordInstanceStatus, Cluster: cs.name(), Resource: ci.ContainerInstanceARN, To: string(ci.Status),
		Message: fmt.Sprintf("container instance %s registered in %s", id, ci.AvailabilityZone())})
	out := ci.Clone()
	return model.RegisterContainerInstanceResponse{ContainerInstance: &out}, nil
}

// registeredResources checks an instance's total resources and adds the
// port sets the agent always reports.
func registeredResources(total []model.Resource) ([]model.Resource, error) {
	res := slices.Clone(total)
	has := func(name string) bool {
		return slices.ContainsFunc(res, func(r model.Resource) bool { return r.Name == name })
	}
	for _, need := range []string{model.ResourceCPU, model.ResourceMemory} {
		if !has(need) {
			return nil, invalid("totalResources must include %s.", need)
		}
	}
	for _, r := range res {
		if (r.Name == model.ResourceCPU || r.Name == model.ResourceMemory) && (r.IntegerValue < 0 || r.LongValue < 0 || r.DoubleValue < 0) {
			return nil, invalid("totalResources: %s cannot be negative.", r.Name)
		}
	}
	if !has(model.ResourcePorts) {
		res = append(res, model.PortsResource(model.ResourcePorts, defaultReservedPorts))
	}
	if !has(model.ResourcePortsUDP) {
		res = append(res, model.PortsResource(model.ResourcePortsUDP, nil))
	}
	return res, nil
}

// DeregisterContainerInstance deregisters an instance: it becomes INACTIVE
// and takes no more tasks. With tasks on it, ECS refuses unless force is
// set; forced, those tasks are orphaned (ECS no longer tracks them, so
// they leave the world) and services start replacements elsewhere.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterContainerInstance.html
func (w *World) DeregisterContainerInstance(req model.DeregisterContainerInstanceRequest) (resp model.DeregisterContainerInstanceResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.DeregisterContainerInstanceResponse{}, err
	}
	cs, ci, err := w.lookupInstance(req.Cluster, req.ContainerInstance)
	if err != nil {
		return model.DeregisterContainerInstanceResponse{}, err
	}
	if ci.Status == model.ContainerInstanceStatusInactive {
		out := ci.Clone()
		return model.DeregisterContainerInstanceResponse{ContainerInstance: &out}, nil
	}
	arn := ci.ContainerInstanceARN
	live := func(t *model.Task) bool {
		return t.ContainerInstanceARN == arn && t.LastStatus != model.TaskStatusStopped
	}
	if slices.ContainsFunc(cs.tasks, func(t model.Task) bool { return live(&t) }) {
		if req.Force == nil || !*req.Force {
			return model.DeregisterContainerInstanceResponse{}, invalid("Found running tasks on the instance. Use force to deregister it with tasks running.")
		}
		for i := range cs.tasks {
			if live(&cs.tasks[i]) {
				delete(w.targets, cs.tasks[i].TaskARN)
				delete(w.agentTargets, cs.tasks[i].TaskARN)
			}
		}
		cs.removeTasks(live)
	}
	ci = cs.instance(arn)
	res := slices.Clone(ci.RegisteredResources)
	ci.RemainingResources, ci.RunningTasksCount, ci.PendingTasksCount = res, 0, 0
	ci.Status = model.ContainerInstanceStatusInactive
	ci.AgentConnected = false
	ci.Version++
	w.record(Record{Kind: RecordInstanceStatus, Cluster: cs.name(), Resource: arn, To: string(ci.Status),
		Message: "container instance " + shortID(arn) + " deregistered"})
	out := ci.Clone()
	return model.DeregisterContainerInstanceResponse{ContainerInstance: &out}, nil
}

// DescribeContainerInstances describes up to 100 instances by ID or ARN.
// An unknown one is a failure with reason MISSING.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeContainerInstances.html
func (w *World) DescribeContainerInstances(req model.DescribeContainerInstancesRequest) (resp model.DescribeContainerInstancesResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.DescribeContainerInstancesResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.DescribeContainerInstancesResponse{}, err
	}
	out := model.DescribeContainerInstancesResponse{ContainerInstances: []model.ContainerInstance{}}
	for _, id := range req.ContainerInstances {
		ci, err := cs.lookupInstance(id)
		if err != nil {
			out.Failures = append(out.Failures, model.Failure{ARN: id, Reason: "MISSING"})
			continue
		}
		c := ci.Clone()
		if !slices.Contains(req.Include, model.ContainerInstanceFieldTags) {
			c.Tags = nil
		}
		out.ContainerInstances = append(out.ContainerInstances, c)
	}
	return out, nil
}

// ListContainerInstances lists the ARNs of a cluster's instances, sorted,
// a page at a time (maxResults 1–100, default 100), filtered by status
// (ACTIVE, DRAINING, REGISTERING, DEREGISTERING, REGISTRATION_FAILED; all
// but INACTIVE when absent) and by a cluster query language expression.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListContainerInstances.html
func (w *World) ListContainerInstances(req model.ListContainerInstancesRequest) (resp model.ListContainerInstancesResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.ListContainerInstancesResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.ListContainerInstancesResponse{}, err
	}
	var expr query.Expr
	if req.Filter != "" {
		if expr, err = query.Parse(req.Filter); err != nil {
			return model.ListContainerInstancesResponse{}, err
		}
	}
	groups := cs.groupsByInstance()
	var arns []string
	for i := range cs.instances {
		ci := &cs.instances[i]
		if req.Status != "" && ci.Status != req.Status || req.Status == "" && ci.Status == model.ContainerInstanceStatusInactive {
			continue
		}
		if expr != nil && !expr.Eval(&queryInstance{ci: ci, groups: groups[ci.ContainerInstanceARN]}) {
			continue
		}
		arns = append(arns, ci.ContainerInstanceARN)
	}
	slices.Sort(arns)
	p, next, err := page(arns, req.NextToken, maxResults(req.MaxResults), 100)
	return model.ListContainerInstancesResponse{ContainerInstanceARNs: p, NextToken: next}, err
}

// groupsByInstance lists the task groups of the live tasks on each
// instance.
func (cs *clusterState) groupsByInstance() map[string][]string {
	m := map[string][]string{}
	for i := range cs.tasks {
		t := &cs.tasks[i]
		if t.LastStatus != model.TaskStatusStopped && t.ContainerInstanceARN != "" {
			m[t.ContainerInstanceARN] = append(m[t.ContainerInstanceARN], t.Group)
		}
	}
	return m
}

// queryInstance adapts a container instance to the cluster query
// language.
type queryInstance struct {
	ci     *model.ContainerInstance
	groups []string
}

func (q *queryInstance) AgentConnected() bool { return q.ci.AgentConnected }
func (q *queryInstance) AgentVersion() string {
	if q.ci.VersionInfo == nil {
		return ""
	}
	return q.ci.VersionInfo.AgentVersion
}
func (q *queryInstance) Attribute(name string) (string, bool) { return q.ci.Attribute(name) }
func (q *queryInstance) EC2InstanceID() string                { return q.ci.EC2InstanceID }
func (q *queryInstance) RegisteredAt() time.Time              { return q.ci.RegisteredAt.Time }
func (q *queryInstance) RunningTasksCount() int               { return int(q.ci.RunningTasksCount) }
func (q *queryInstance) HasTaskGroup(g string) bool           { return slices.Contains(q.groups, g) }
func (q *queryInstance) TaskGroups() []string                 { return q.groups }

// UpdateContainerInstancesState sets up to 10 instances to ACTIVE or
// DRAINING. A DRAINING instance takes no new tasks; the service scheduler
// replaces its service tasks (within the service's minimum healthy and
// maximum percent) while standalone tasks keep running. An unknown
// instance is a failure with reason MISSING.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-draining.html
func (w *World) UpdateContainerInstancesState(req model.UpdateContainerInstancesStateRequest) (resp model.UpdateContainerInstancesStateResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.UpdateContainerInstancesStateResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.UpdateContainerInstancesStateResponse{}, err
	}
	out := model.UpdateContainerInstancesStateResponse{ContainerInstances: []model.ContainerInstance{}}
	for _, id := range req.ContainerInstances {
		ci, err := cs.lookupInstance(id)
		if err != nil {
			out.Failures = append(out.Failures, model.Failure{ARN: id, Reason: "MISSING"})
			continue
		}
		if ci.Status != req.Status {
			from := ci.Status
			n, err := model.TransitionContainerInstance(*ci, req.Status)
			if err != nil {
				out.Failures = append(out.Failures, model.Failure{ARN: ci.ContainerInstanceARN, Reason: "INVALID_STATUS", Detail: string(ecserrors.CodeOf(err))})
				continue
			}
			*ci = n
			w.record(Record{Kind: RecordInstanceStatus, Cluster: cs.name(), Resource: ci.ContainerInstanceARN, From: string(from), To: string(ci.Status),
				Message: fmt.Sprintf("container instance %s %s → %s", shortID(ci.ContainerInstanceARN), from, ci.Status)})
		}
		out.ContainerInstances = append(out.ContainerInstances, ci.Clone())
	}
	return out, nil
}

// maxCustomAttributes is how many custom attributes a resource may have.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutAttributes.html
const maxCustomAttributes = 10

// PutAttributes creates or updates attributes on container instances
// (targetType container-instance; targetId the instance's ID or ARN).
// Attributes whose names start with "ecs." are the agent's; custom
// attributes are limited to 10 per instance (AttributeLimitExceededException).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutAttributes.html
func (w *World) PutAttributes(req model.PutAttributesRequest) (resp model.PutAttributesResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.PutAttributesResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.PutAttributesResponse{}, err
	}
	// Check everything before changing anything: the call is all or none.
	next := map[string][]model.Attribute{}
	var order []string
	for _, a := range req.Attributes {
		if a.TargetType != "" && a.TargetType != model.TargetTypeContainerInstance {
			return model.PutAttributesResponse{}, invalid("targetType %s is not supported; only container-instance.", a.TargetType)
		}
		ci, err := cs.lookupInstance(a.TargetID)
		if err != nil {
			return model.PutAttributesResponse{}, ecserrors.New(ecserrors.CodeTargetNotFound, "Could not find the target %s.", ecserrors.Clip(a.TargetID))
		}
		arn := ci.ContainerInstanceARN
		attrs, ok := next[arn]
		if !ok {
			attrs = slices.Clone(ci.Attributes)
			order = append(order, arn)
		}
		if i := slices.IndexFunc(attrs, func(b model.Attribute) bool { return b.Name == a.Name }); i >= 0 {
			attrs[i].Value = a.Value
		} else {
			attrs = append(attrs, model.Attribute{Name: a.Name, Value: a.Value})
		}
		custom := 0
		for _, b := range attrs {
			if !strings.HasPrefix(b.Name, "ecs.") {
				custom++
			}
		}
		if custom > maxCustomAttributes {
			return model.PutAttributesResponse{}, ecserrors.New(ecserrors.CodeAttributeLimitExceeded, "You can apply up to %d custom attributes for each resource.", maxCustomAttributes)
		}
		next[arn] = attrs
	}
	for _, arn := range order {
		ci := cs.instance(arn)
		ci.Attributes = next[arn]
		ci.Version++
		w.record(Record{Kind: RecordInstanceStatus, Cluster: cs.name(), Resource: arn, Message: "container instance " + shortID(arn) + " attributes changed"})
	}
	return model.PutAttributesResponse{Attributes: slices.Clone(req.Attributes)}, nil
}

// UpdateContainerAgent starts an agent update on an instance, with every
// check ECS makes (see [agentupdate.UpdateContainerAgent]); the update then
// goes through its stages as the agent reports them, one
// [Agent.UpdateStage] apart, pausing while the agent is disconnected.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html
func (w *World) UpdateContainerAgent(req model.UpdateContainerAgentRequest) (resp model.UpdateContainerAgentResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	resp, err = agentupdate.UpdateContainerAgent(req, agentState{w}, w.opts.AgentCatalog, w.now)
	if err != nil {
		return resp, err
	}
	cs := w.clusters[clusterOfARN(resp.ContainerInstance.ContainerInstanceARN)]
	ci := cs.instance(resp.ContainerInstance.ContainerInstanceARN)
	from := ci.AgentUpdateStatus
	*ci = resp.ContainerInstance.Clone()
	w.record(Record{Kind: RecordAgentUpdate, Cluster: cs.name(), Resource: ci.ContainerInstanceARN, From: string(from), To: string(ci.AgentUpdateStatus),
		Message: "container instance " + shortID(ci.ContainerInstanceARN) + " agent update requested"})
	w.scheduleAgentStage(cs, ci)
	return resp, nil
}

// agentState is the world as agentupdate.State.
type agentState struct{ w *World }

func (a agentState) Cluster(name string) (model.Cluster, bool) {
	cs := a.w.clusters[name]
	if cs == nil {
		return model.Cluster{}, false
	}
	return cs.info, true
}

func (a agentState) ContainerInstance(cluster, id string) (model.ContainerInstance, bool) {
	cs := a.w.clusters[cluster]
	if cs == nil {
		return model.ContainerInstance{}, false
	}
	ci := cs.instance(cs.instanceARN(id))
	if ci == nil {
		return model.ContainerInstance{}, false
	}
	return *ci, true
}

// clusterOfARN is the cluster name in a long-form ARN.
func clusterOfARN(arn string) string {
	a, err := model.ParseARN(arn)
	if err != nil {
		return ""
	}
	return a.Cluster
}
