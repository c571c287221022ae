package ecsstate

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// ManagedDrainingLimit is how long managed instance draining waits for an
// instance's tasks to leave before the Auto Scaling group terminates it
// anyway. Managed draining holds the instance in the Auto Scaling
// group's terminating lifecycle hook, and an instance "can remain in a
// wait state" at most 172,800 seconds (48 hours); the world takes the
// full limit.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-instance-draining.html
// https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_LifecycleHook.html
const ManagedDrainingLimit = 48 * time.Hour

// capacityState is the account's capacity providers (they are Regional
// resources, not a cluster's) and the instances their Auto Scaling groups
// are terminating.
type capacityState struct {
	providers []model.CapacityProvider // creation order
	at        map[string]int           // by name
	// terminating are the instances being drained before termination, by
	// container instance ARN.
	terminating map[string]termination
}

// termination is one instance that managed draining is emptying.
type termination struct {
	cluster  string
	deadline time.Time
}

func (c capacityState) clone() capacityState {
	return capacityState{providers: slices.Clone(c.providers), at: maps.Clone(c.at), terminating: maps.Clone(c.terminating)}
}

// provider finds a created capacity provider by name or ARN.
func (c *capacityState) provider(id string) *model.CapacityProvider {
	name := id
	if strings.HasPrefix(id, "arn:") {
		a, err := model.ParseARN(id)
		if err != nil || a.Kind != model.KindCapacityProvider {
			return nil
		}
		name = a.Name
	}
	i, ok := c.at[name]
	if !ok {
		return nil
	}
	return &c.providers[i]
}

// isFargateProvider reports whether name is one of the providers every
// account has.
func isFargateProvider(name string) bool {
	return name == model.CapacityProviderFargate || name == model.CapacityProviderFargateSpot
}

// CreateCapacityProvider creates an Auto Scaling group capacity provider,
// ACTIVE at once, with the defaults ECS stores (managed draining ENABLED,
// managed termination protection and managed scaling DISABLED; see
// [model.AutoScalingGroupProvider.WithDefaults]). A name already taken, or
// an Auto Scaling group another provider uses, is a ClientException (an
// Auto Scaling group can back only one capacity provider). The world does
// not model the Auto Scaling group itself: instances join a provider
// through [World.LaunchInstance].
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCapacityProvider.html
func (w *World) CreateCapacityProvider(req model.CreateCapacityProviderRequest) (resp model.CreateCapacityProviderResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.CreateCapacityProviderResponse{}, err
	}
	if w.capacity.provider(req.Name) != nil {
		return model.CreateCapacityProviderResponse{}, ecserrors.New(ecserrors.CodeClient, "The specified capacity provider %s already exists.", req.Name)
	}
	asg := req.AutoScalingGroupProvider.WithDefaults()
	for i := range w.capacity.providers {
		if w.capacity.providers[i].AutoScalingGroupProvider.AutoScalingGroupARN == asg.AutoScalingGroupARN {
			return model.CreateCapacityProviderResponse{}, ecserrors.New(ecserrors.CodeClient,
				"The specified Auto Scaling group is already used by the capacity provider %s.", w.capacity.providers[i].Name)
		}
	}
	cp := model.CapacityProvider{
		CapacityProviderARN: w.opts.Account.CapacityProviderARN(req.Name), Name: req.Name,
		Status: model.CapacityProviderStatusActive, AutoScalingGroupProvider: &asg,
		Tags: slices.Clone(req.Tags), Type: model.CapacityProviderTypeEC2Autoscaling,
	}
	if w.capacity.at == nil {
		w.capacity.at = map[string]int{}
	}
	w.capacity.at[cp.Name] = len(w.capacity.providers)
	w.capacity.providers = append(w.capacity.providers, cp)
	w.record(Record{Kind: RecordCall, Resource: cp.CapacityProviderARN, Message: "CreateCapacityProvider " + cp.Name})
	return model.CreateCapacityProviderResponse{CapacityProvider: &cp}, nil
}

// fargateProviders are the two providers DescribeCapacityProviders lists
// for every account.
func (w *World) fargateProviders() []model.CapacityProvider {
	var out []model.CapacityProvider
	for _, n := range []string{model.CapacityProviderFargate, model.CapacityProviderFargateSpot} {
		t := model.CapacityProviderTypeFargate
		if n == model.CapacityProviderFargateSpot {
			t = model.CapacityProviderTypeFargateSpot
		}
		out = append(out, model.CapacityProvider{CapacityProviderARN: w.opts.Account.CapacityProviderARN(n), Name: n,
			Status: model.CapacityProviderStatusActive, Type: t})
	}
	return out
}

// DescribeCapacityProviders describes capacity providers by name or ARN,
// or, when the request names none, every provider a page at a time
// (maxResults 1 to 10, default 10): FARGATE and FARGATE_SPOT first, then
// the account's own in creation order. An unknown name is a failure with
// reason MISSING. Tags only with include TAGS.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeCapacityProviders.html
func (w *World) DescribeCapacityProviders(req model.DescribeCapacityProvidersRequest) (resp model.DescribeCapacityProvidersResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.DescribeCapacityProvidersResponse{}, err
	}
	all := append(w.fargateProviders(), w.capacity.providers...)
	byName := map[string]model.CapacityProvider{}
	var names []string
	for _, cp := range all {
		byName[cp.Name] = cp
		names = append(names, cp.Name)
	}
	out := model.DescribeCapacityProvidersResponse{CapacityProviders: []model.CapacityProvider{}}
	if len(req.CapacityProviders) > 0 {
		names = names[:0]
		for _, id := range req.CapacityProviders {
			name := id
			if strings.HasPrefix(id, "arn:") {
				if a, err := model.ParseARN(id); err == nil && a.Kind == model.KindCapacityProvider {
					name = a.Name
				}
			}
			if _, ok := byName[name]; !ok {
				out.Failures = append(out.Failures, model.Failure{ARN: id, Reason: failureMissing})
				continue
			}
			names = append(names, name)
		}
	} else {
		// Pages follow listing order, not name order, so the token is an
		// index into it.
		p, next, err := pageFunc(names, req.NextToken, maxResults(req.MaxResults), model.MaxCapacityProviderResults, func(a, b string) int {
			return slices.Index(names, a) - slices.Index(names, b)
		})
		if err != nil {
			return model.DescribeCapacityProvidersResponse{}, err
		}
		names, out.NextToken = p, next
	}
	for _, n := range names {
		cp := byName[n]
		if !slices.Contains(req.Include, "TAGS") {
			cp.Tags = nil
		}
		out.CapacityProviders = append(out.CapacityProviders, cp)
	}
	return out, nil
}

// clusterOfProvider is the ACTIVE cluster a capacity provider is
// associated with, or "".
func (w *World) clusterOfProvider(name string) string {
	for _, cn := range slices.Sorted(maps.Keys(w.clusters)) {
		cs := w.clusters[cn]
		if cs.info.Status == model.ClusterStatusActive && slices.Contains(cs.info.CapacityProviders, name) {
			return cn
		}
	}
	return ""
}

// PutClusterCapacityProviders replaces a cluster's capacity providers and
// its default capacity provider strategy, which DescribeClusters then
// shows. Each provider must be FARGATE, FARGATE_SPOT or one created with
// [World.CreateCapacityProvider] (else InvalidParameterException); an Auto
// Scaling group provider associated with another cluster is a
// ResourceInUseException; the default strategy may name only listed
// providers (InvalidParameterException); and a provider left out must not
// be in use by a task: a live task on an instance of that provider makes
// the call a ResourceInUseException. The world does not place tasks by
// capacity provider strategies; the association matters for
// [World.LaunchInstance].
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutClusterCapacityProviders.html
func (w *World) PutClusterCapacityProviders(req model.PutClusterCapacityProvidersRequest) (resp model.PutClusterCapacityProvidersResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if err := req.Validate(); err != nil {
		return model.PutClusterCapacityProvidersResponse{}, err
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.PutClusterCapacityProvidersResponse{}, err
	}
	for _, n := range req.CapacityProviders {
		if isFargateProvider(n) {
			continue
		}
		if w.capacity.provider(n) == nil {
			return model.PutClusterCapacityProvidersResponse{}, invalid("The specified capacity provider %s does not exist.", n)
		}
		if other := w.clusterOfProvider(n); other != "" && other != cs.name() {
			return model.PutClusterCapacityProvidersResponse{}, ecserrors.New(ecserrors.CodeResourceInUse,
				"The specified capacity provider %s is already associated with the cluster %s.", n, other)
		}
	}
	for i, it := range req.DefaultCapacityProviderStrategy {
		if !slices.Contains(req.CapacityProviders, it.CapacityProvider) {
			return model.PutClusterCapacityProvidersResponse{}, invalid("defaultCapacityProviderStrategy[%d]: the capacity provider %s is not one of the cluster's capacityProviders.", i, it.CapacityProvider)
		}
	}
	for _, old := range cs.info.CapacityProviders {
		if slices.Contains(req.CapacityProviders, old) {
			continue
		}
		if n := cs.providerTasks(old); n > 0 {
			return model.PutClusterCapacityProvidersResponse{}, ecserrors.New(ecserrors.CodeResourceInUse,
				"The specified capacity provider %s is in use by %d tasks and cannot be removed.", old, n)
		}
	}
	cs.info.CapacityProviders = slices.Clone(req.CapacityProviders)
	cs.info.DefaultCapacityProviderStrategy = slices.Clone(req.DefaultCapacityProviderStrategy)
	w.record(Record{Kind: RecordCall, Cluster: cs.name(), Resource: cs.info.ClusterARN,
		Message: fmt.Sprintf("PutClusterCapacityProviders %s: %v", cs.name(), req.CapacityProviders)})
	c := w.describeCluster(cs)
	return model.PutClusterCapacityProvidersResponse{Cluster: &c}, nil
}

// providerTasks counts the live tasks on the cluster's instances of a
// capacity provider.
func (cs *clusterState) providerTasks(provider string) int {
	n := 0
	for i := range cs.tasks {
		t := &cs.tasks[i]
		if t.LastStatus == model.TaskStatusStopped || t.ContainerInstanceARN == "" {
			continue
		}
		if ci := cs.instance(t.ContainerInstanceARN); ci != nil && ci.CapacityProviderName == provider {
			n++
		}
	}
	return n
}

// LaunchInstance is the Auto Scaling group of a capacity provider
// launching an EC2 instance whose container agent then registers with
// req.Cluster: it is [World.RegisterContainerInstance] plus the
// instance's capacityProviderName, which ECS sets for instances of an
// Auto Scaling group capacity provider. It is an EC2 Auto Scaling event,
// not an ECS API operation. The provider (name or ARN) must exist and be
// associated with the cluster (InvalidParameterException otherwise: an
// instance of a group ECS does not know would simply register without a
// provider, which RegisterContainerInstance already models), and req must
// not name a containerInstanceArn (a launch is a new instance).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerInstance.html
func (w *World) LaunchInstance(provider string, req model.RegisterContainerInstanceRequest) (model.RegisterContainerInstanceResponse, error) {
	cp := w.capacity.provider(provider)
	if cp == nil {
		return model.RegisterContainerInstanceResponse{}, invalid("LaunchInstance: the capacity provider %s does not exist.", ecserrors.Clip(provider))
	}
	if req.ContainerInstanceARN != "" {
		return model.RegisterContainerInstanceResponse{}, invalid("LaunchInstance: a launched instance is new; containerInstanceArn must be empty.")
	}
	name, err := model.ResolveCluster(req.Cluster)
	if err != nil {
		return model.RegisterContainerInstanceResponse{}, err
	}
	if w.clusterOfProvider(cp.Name) != name {
		return model.RegisterContainerInstanceResponse{}, invalid("LaunchInstance: the capacity provider %s is not associated with the cluster %s (PutClusterCapacityProviders).", cp.Name, name)
	}
	resp, err := w.RegisterContainerInstance(req)
	if err != nil {
		return resp, err
	}
	cs := w.clusters[name]
	ci := cs.instance(resp.ContainerInstance.ContainerInstanceARN)
	ci.CapacityProviderName = cp.Name
	resp.ContainerInstance.CapacityProviderName = cp.Name
	return resp, nil
}

// instanceProvider is the Auto Scaling group settings of an instance's
// capacity provider, or nil for an instance outside capacity providers.
func (w *World) instanceProvider(ci *model.ContainerInstance) *model.AutoScalingGroupProvider {
	if ci.CapacityProviderName == "" {
		return nil
	}
	cp := w.capacity.provider(ci.CapacityProviderName)
	if cp == nil {
		return nil
	}
	return cp.AutoScalingGroupProvider
}

// ScaleInProtected reports whether managed termination protection keeps
// an instance from an Auto Scaling group scale-in: its capacity provider
// has managed termination protection ENABLED and the instance runs a task
// that is not a daemon task (ECS sets scale-in protection on such
// instances and clears it on instances left with daemon tasks only).
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-termination-protection.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AutoScalingGroupProvider.html
func (w *World) ScaleInProtected(cluster, containerInstance string) (bool, error) {
	cs, ci, err := w.lookupInstance(cluster, containerInstance)
	if err != nil {
		return false, err
	}
	return w.scaleInProtected(cs, ci), nil
}

func (w *World) scaleInProtected(cs *clusterState, ci *model.ContainerInstance) bool {
	p := w.instanceProvider(ci)
	if p == nil || p.ManagedTerminationProtection != model.ManagedTerminationProtectionEnabled {
		return false
	}
	for i := range cs.tasks {
		t := &cs.tasks[i]
		if t.ContainerInstanceARN != ci.ContainerInstanceARN || t.LastStatus == model.TaskStatusStopped {
			continue
		}
		if s := cs.service(serviceOfGroup(t.Group)); s != nil && strings.HasPrefix(t.Group, "service:") && s.SchedulingStrategy == model.SchedulingStrategyDaemon {
			continue
		}
		return true
	}
	return false
}

// ScaleIn is the Auto Scaling group of an instance's capacity provider
// choosing the instance to terminate on a scale-in: an EC2 Auto Scaling
// event, not an ECS API operation. An instance protected by managed
// termination protection (see [World.ScaleInProtected]) is not
// terminated: the call changes nothing and returns a ResourceInUseException
// saying so (Auto Scaling would pick another instance). Otherwise it is
// [World.TerminateInstance].
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-termination-protection.html
func (w *World) ScaleIn(cluster, containerInstance string) error {
	cs, ci, err := w.lookupInstance(cluster, containerInstance)
	if err != nil {
		return err
	}
	if w.scaleInProtected(cs, ci) {
		return ecserrors.New(ecserrors.CodeResourceInUse,
			"Container instance %s is protected from scale-in by managed termination protection: it runs tasks.", shortID(ci.ContainerInstanceARN))
	}
	return w.TerminateInstance(cluster, containerInstance)
}

// TerminateInstance is the Auto Scaling group terminating an instance for
// any reason that scale-in protection does not stop (instance refresh,
// maximum instance lifetime, a terminate call): an EC2 Auto Scaling event,
// not an ECS API operation.
//
// When the instance's capacity provider has managed draining ENABLED (the
// default), ECS drains it first: the instance becomes DRAINING, so the
// service scheduler replaces its service tasks elsewhere as it does for
// [World.UpdateContainerInstancesState], and the instance is deregistered
// (INACTIVE) once no task is left on it, or when [ManagedDrainingLimit]
// has passed, whichever comes first; tasks still there then (standalone
// tasks keep running on a DRAINING instance) end as with a forced
// [World.DeregisterContainerInstance]. The check runs after every event of
// the world, so the instance goes the moment its last task stops.
// With managed draining DISABLED, or for an instance outside capacity
// providers, the instance is deregistered at once, its tasks likewise.
//
// Terminating an INACTIVE instance, or one already draining for
// termination, changes nothing. An instance set ACTIVE again while it
// drains for termination still terminates: when it is empty or at the
// limit, as the Auto Scaling lifecycle hook waits on regardless. Every
// step is in the timeline.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-instance-draining.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-draining.html
func (w *World) TerminateInstance(cluster, containerInstance string) error {
	cs, ci, err := w.lookupInstance(cluster, containerInstance)
	if err != nil {
		return err
	}
	arn := ci.ContainerInstanceARN
	if ci.Status == model.ContainerInstanceStatusInactive {
		return nil
	}
	if _, ok := w.capacity.terminating[arn]; ok {
		return nil
	}
	p := w.instanceProvider(ci)
	if p == nil || p.ManagedDraining != model.ManagedDrainingEnabled {
		w.record(Record{Kind: RecordCall, Cluster: cs.name(), Resource: arn,
			Message: fmt.Sprintf("Auto Scaling group terminates instance %s (no managed draining)", shortID(arn))})
		return w.finishTermination(cs.name(), arn, "")
	}
	deadline := w.now.Add(ManagedDrainingLimit)
	w.record(Record{Kind: RecordCall, Cluster: cs.name(), Resource: arn,
		Message: fmt.Sprintf("Auto Scaling group terminates instance %s: managed draining until %s at the latest", shortID(arn), deadline.Format(time.RFC3339))})
	if ci.Status != model.ContainerInstanceStatusDraining {
		from := ci.Status
		n, err := model.TransitionContainerInstance(*ci, model.ContainerInstanceStatusDraining)
		if err != nil {
			return err
		}
		*ci = n
		w.record(Record{Kind: RecordInstanceStatus, Cluster: cs.name(), Resource: arn, From: string(from), To: string(ci.Status),
			Message: fmt.Sprintf("container instance %s %s → %s (managed draining)", shortID(arn), from, ci.Status)})
	}
	if w.capacity.terminating == nil {
		w.capacity.terminating = map[string]termination{}
	}
	w.capacity.terminating[arn] = termination{cluster: cs.name(), deadline: deadline}
	w.schedule(deadline, event{kind: evDrainDeadline, cluster: cs.name(), arn: arn})
	return w.settleTerminations()
}

// settleTerminations ends the managed draining of every terminating
// instance that has no task left.
func (w *World) settleTerminations() error {
	if len(w.capacity.terminating) == 0 {
		return nil
	}
	for _, arn := range slices.Sorted(maps.Keys(w.capacity.terminating)) {
		tm := w.capacity.terminating[arn]
		cs := w.clusters[tm.cluster]
		if cs == nil || cs.instance(arn) == nil || cs.instance(arn).Status == model.ContainerInstanceStatusInactive {
			// Deregistered meanwhile (DeregisterContainerInstance, or
			// the cluster went): nothing is left to terminate in ECS.
			delete(w.capacity.terminating, arn)
			continue
		}
		// The instance's task counts are kept with every task change, so
		// they answer the common case without a scan of the tasks.
		if ci := cs.instance(arn); ci.RunningTasksCount+ci.PendingTasksCount > 0 {
			continue
		}
		if slices.ContainsFunc(cs.tasks, func(t model.Task) bool {
			return t.ContainerInstanceARN == arn && t.LastStatus != model.TaskStatusStopped
		}) {
			continue
		}
		if err := w.finishTermination(tm.cluster, arn, "no task left"); err != nil {
			return err
		}
	}
	return nil
}

// drainDeadline is the managed draining limit of an instance passing.
func (w *World) drainDeadline(e event) error {
	tm, ok := w.capacity.terminating[e.arn]
	if !ok || w.now.Before(tm.deadline) {
		return nil
	}
	return w.finishTermination(tm.cluster, e.arn, "the 48-hour limit has passed")
}

// finishTermination deregisters a terminated instance (its tasks end as
// with a forced deregistration) and records why.
func (w *World) finishTermination(cluster, arn, why string) error {
	delete(w.capacity.terminating, arn)
	if why != "" {
		w.record(Record{Kind: RecordCall, Cluster: cluster, Resource: arn,
			Message: fmt.Sprintf("managed draining of %s ends (%s): the instance terminates", shortID(arn), why)})
	}
	_, err := w.DeregisterContainerInstance(model.DeregisterContainerInstanceRequest{Cluster: cluster, ContainerInstance: arn, Force: new(true)})
	return err
}
