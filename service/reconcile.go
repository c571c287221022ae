package service

import (
	"cmp"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/ecsstate/ecsstate/deployment"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
)

// MaxEvents is how many service events ECS keeps: the 100 newest.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html
const MaxEvents = 100

// RepeatInterval is how long ECS holds back a scheduler message it has
// just written (steady state, placement failures, the deployment
// configuration message) before writing it again while its cause persists.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html
// (the 2023 guide: a repeated message is suppressed until the cause
// clears or six hours pass; real logs show "has reached a steady state."
// about every six hours, aws/containers-roadmap#333).
const RepeatInterval = 6 * time.Hour

// MaxStartsPerStep bounds the tasks one step launches: ECS's quota of
// tasks per service (5,000), so a huge desired count (any int32 is
// accepted) is reached over several steps instead of one enormous one.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html
const MaxStartsPerStep = 5000

// Input is what one reconcile step reads. Nothing in it is modified.
type Input struct {
	// Service is the service as stored: deployments, configuration and
	// events.
	Service model.Service
	// Tasks are the cluster's tasks. The service's are those in its task
	// group ("service:NAME") or started by one of its deployments
	// (startedBy is the deployment ID, as ECS sets it); the others only
	// matter to placement.
	Tasks []model.Task
	// Instances are the cluster's container instances, with remaining
	// resources that account for the tasks on them (model.ReserveTask).
	Instances []model.ContainerInstance
	// TaskDefinitions holds at least the task definitions of the service's
	// deployments (by ARN).
	TaskDefinitions []model.TaskDefinition
	// TargetHealth is the load balancer's verdict per task ARN, for a
	// service with load balancers; absent means no verdict yet.
	TargetHealth map[string]deployment.TargetHealth
	// Seed feeds the random placement strategy.
	Seed uint64
	// Index, when not nil, is the caller's kept placement index of exactly
	// Instances and Tasks (placement.NewIndex, kept up to date with
	// PutInstance and PutTask). The step then places and orders stops from
	// it instead of indexing the cluster anew, so its cost follows what it
	// decides rather than the size of the cluster. The step does not change
	// what the index holds (it may cache orders in it); it falls back to
	// indexing Instances and Tasks when a task started by one of the
	// service's deployments is not in the service's task group, since the
	// scheduler counts such a task as the service's.
	Index *placement.Index
	// Protection is the scale-in protection of tasks, by task ARN
	// (UpdateTaskProtection). A task protected at now is not stopped to
	// scale in, to replace it in a deployment or to rebalance zones; see
	// [IsProtected] and BlockedByProtection.
	Protection map[string]model.ProtectedTask
	// Alarms are the CloudWatch alarms the service's
	// deploymentConfiguration.alarms may name, with their states (see
	// bake.go: [BakeTime], [FiredAlarms]). A monitored alarm missing here
	// never fires and bakes for [DefaultAlarmWindow].
	Alarms []Alarm
	// Reuse, when set, lends the step the array of a slice of tasks the
	// caller is done with, typically the Start of its previous step once
	// applied: Step.Start is built in it when it has room for every task
	// the step tries to start (Start and Unplaced), so that a caller
	// stepping a big service does not allocate a new array of tasks every
	// step, and leave the old one to the garbage collector. Its contents
	// are overwritten: it is the one input the step writes to. The memory
	// of Tasks (up to its length) is never reused; its spare capacity may
	// be: a caller keeping its tasks in one array lends
	// tasks[len(tasks):cap(tasks)] and finds the started tasks already in
	// place after its own when Step.Start begins there.
	Reuse []model.Task
}

// StopTask is a task the scheduler stops.
type StopTask struct {
	TaskARN      string
	DeploymentID string
	// Reason is the task's stoppedReason in ECS's words.
	Reason string
	// Rebalancing: stopped to even out the Availability Zones.
	Rebalancing bool
}

// Step is one reconcile step: what the scheduler does now. The caller
// launches Start, asks Stop to stop (desiredStatus STOPPED), drops the
// Forget tasks from its task list, stores Service, lets time pass, and
// calls Reconcile again.
type Step struct {
	// Service is the service after the step: deployment statuses, rollout
	// states and counts, failedTasks, and events (newest first, at most
	// MaxEvents). It shares no memory the step wrote with the input.
	Service model.Service
	// Start are the new tasks (lastStatus PROVISIONING, desiredStatus
	// RUNNING) with their ARNs, container instances and deployment
	// (startedBy). Their IDs are derived from the service ARN, now and
	// their position, so the same input gives the same IDs.
	Start []model.Task
	// Stop lists the tasks to stop.
	Stop []StopTask
	// Forget lists STOPPED tasks of the service the step has accounted for
	// (their failures counted by the circuit breaker); the caller removes
	// them so that the next step does not count them again.
	Forget []string
	// Events are the service events the step wrote, newest first (they are
	// also at the front of Service.Events).
	Events []model.ServiceEvent
	// Steady: the PRIMARY runs the desired count of healthy tasks, no
	// other task of the service exists, and the step started no AZ
	// rebalancing.
	Steady bool
	// Bounds are the step's floor (minimumHealthyPercent of the desired
	// count, in healthy tasks) and ceiling (maximumPercent of it, in
	// tasks), as [deployment.Decision] has them. Zero when the step ended
	// before planning (a circuit breaker trip, AZ rebalancing's stops).
	Bounds deployment.Bounds
	// Blocked says what keeps the step from doing work the service needs,
	// when it is something other than time (tasks on their way); empty
	// otherwise. It is set on every step the cause persists, while the
	// service event saying so is written only once (see [RepeatInterval]).
	Blocked BlockKind
	// BlockedReason is ECS's words for Blocked: the service event of the
	// no-progress, placement failure or circuit breaker, or the FAILED
	// PRIMARY's rolloutStateReason.
	BlockedReason string
	// Unplaced is how many of the tasks the plan wanted to start
	// placement found no room for (with Blocked [BlockedByPlacement]).
	Unplaced int
	// BakeUntil is when the bake of the steady, still IN_PROGRESS PRIMARY
	// ends (see [BakeTime]): a step at or after it completes the
	// deployment. Zero when the step is not baking.
	BakeUntil time.Time
}

// BlockKind is what keeps a service from reaching its steady state.
type BlockKind string

// The reasons a step can be blocked.
const (
	// BlockedByDeploymentConfiguration: work remains, no task is on its
	// way, and the floor forbids every stop while the ceiling forbids
	// every start ([deployment.Decision] Blocked; ECS's
	// [deployment.NoProgressMessage]).
	BlockedByDeploymentConfiguration BlockKind = "DeploymentConfiguration"
	// BlockedByPlacement: no container instance could take some of the
	// tasks the plan started (ECS's "was unable to place a task" event);
	// the others, if any, were started.
	BlockedByPlacement BlockKind = "Placement"
	// BlockedByCircuitBreaker: the deployment circuit breaker tripped in
	// this step (rolling back when rollback is on), or the PRIMARY
	// deployment is FAILED and the scheduler starts and stops nothing
	// until the service is updated.
	// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
	BlockedByCircuitBreaker BlockKind = "CircuitBreaker"
)

// Changed reports whether the step does anything or changed the service.
// A nil step changes nothing; a nil before is compared as the zero Service.
func (s *Step) Changed(before *model.Service) bool {
	if s == nil {
		return false
	}
	if before == nil {
		before = &model.Service{}
	}
	return len(s.Start) > 0 || len(s.Stop) > 0 || len(s.Forget) > 0 || len(s.Events) > 0 ||
		!deploymentsEqual(before.Deployments, s.Service.Deployments) ||
		before.RunningCount != s.Service.RunningCount || before.PendingCount != s.Service.PendingCount
}

func deploymentsEqual(a, b []model.Deployment) bool {
	return slices.EqualFunc(a, b, func(x, y model.Deployment) bool {
		return x.ID == y.ID && x.Status == y.Status && x.RolloutState == y.RolloutState && x.RunningCount == y.RunningCount &&
			x.PendingCount == y.PendingCount && x.FailedTasks == y.FailedTasks && x.DesiredCount == y.DesiredCount &&
			x.RolloutStateReason == y.RolloutStateReason && x.UpdatedAt.Equal(y.UpdatedAt.Time)
	})
}

// Reconcile computes one step of the ECS service scheduler for a REPLICA
// service under the ECS (rolling) deployment controller:
//
//  1. Each task of the service is classified (deployment.Classify) and
//     counted under its deployment (its startedBy); tasks of no current
//     deployment drain like an old deployment. A PENDING task on a DRAINING
//     container instance stops at once; a running one is replaced like an
//     unhealthy one: a replacement
//     starts first when maximumPercent leaves room, and the task stops once
//     healthy tasks make up for it, or one at a time within
//     minimumHealthyPercent when there is no room
//     (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-draining.html).
//     Draining does not count as a failure.
//  2. Failures feed the circuit breaker through deployment.Apply: a
//     PRIMARY task that STOPPED before it ever ran (stopCode
//     TaskFailedToStart, or no startedAt) and a PRIMARY task stopped for
//     failing its health checks. A trip (and its rollback) ends the step:
//     the next step plans with the new deployments. With
//     resetOnHealthyTask (the default) a PRIMARY task that turned healthy
//     since the deployment last changed (its updatedAt, which every step
//     that changes it sets) resets failedTasks to 0 before new failures
//     are counted. Reconcile sees snapshots, not transitions, so it can
//     date that only for tasks without container or load balancer health
//     checks (healthy SettleTime after startedAt); for the others
//     failedTasks is not reset here, as if resetOnHealthyTask were false.
//     Placement failures are not breaker failures: no task was launched.
//  3. deployment.Plan decides how many PRIMARY tasks to start and which
//     deployments' tasks to stop, within the floor and ceiling of
//     minimumHealthyPercent and maximumPercent. Which tasks stop is
//     placement.ChooseTasksToStop's termination order (AZ with the most
//     tasks first by default); where new tasks go is placement.Place, on
//     the instances of the service's launch type or capacity providers.
//     A Fargate service (FARGATE launch type or Fargate providers) starts
//     its tasks without a container instance; AWS picks the subnet.
//  4. Deployment counts are set from the tasks (pending; running =
//     RUNNING and not stopping), an ACTIVE deployment with none left
//     becomes INACTIVE (dropped, except the most recent COMPLETED one kept
//     as the rollback target, as deployment.Apply does), and when the
//     PRIMARY runs the desired count and nothing else remains the
//     deployment completes, once its bake (alarms, bakeTimeInMinutes; see
//     [BakeTime]) has passed. A monitored alarm entering ALARM fails an
//     IN_PROGRESS deployment, with rollback when alarms.rollback is on
//     (see [FiredAlarms], BlockedByAlarm).
//  5. AZ rebalancing, when the service is steady (see [Reconcile]'s rebalancing rules in the package docs).
//  6. Service events, in ECS's words, newest first, the 100 newest kept.
//     "has started" and "has stopped" name the tasks; the steady-state,
//     placement-failure, no-progress and balance messages are not written
//     again while the newest event already says the same thing and is
//     younger than [RepeatInterval]. Within a step the steady-state message
//     is written last, so a steady service is a fixed point: calling again
//     with nothing changed returns a step that changes nothing.
//
// A DRAINING service (being deleted) reconciles to zero tasks; an
// INACTIVE one does nothing. A DAEMON service runs one task on every
// eligible container instance instead of a desired count (see the
// package documentation). Other controllers are not modelled (CODE_DEPLOY and
// EXTERNAL services run task sets): Reconcile returns an
// InvalidParameterException for them rather than guess. Errors also
// cover inputs no real service has (no PRIMARY deployment, the PRIMARY's
// task definition missing from TaskDefinitions).
func Reconcile(in *Input, now time.Time) (Step, error) {
	return reconcile(in, now, false)
}

// reconcile is Reconcile; listStops hands placement every stop candidate
// as a list instead of naming a deployment's by StartedBy and Except, so
// that tests can check both ways stop the same tasks.
func reconcile(in *Input, now time.Time, listStops bool) (Step, error) {
	if in == nil {
		return Step{}, invalid("reconcile: input is required.")
	}
	if err := StrategyModelled(in.Service.DeploymentConfiguration); err != nil {
		return Step{}, err
	}
	if err := CheckAlarms(in.Alarms); err != nil { // bake.go
		return Step{}, err
	}
	r := &reconciler{in: in, now: now, listStops: listStops}
	return r.run()
}

type reconciler struct {
	in        *Input
	now       time.Time
	listStops bool // see reconcile
	reused    bool // Step.Start is in Input.Reuse's array

	svc      model.Service // being built
	name     string
	group    string
	cfg      deployment.Config
	tds      map[string]*model.TaskDefinition
	insts    map[string]*model.ContainerInstance
	ids      []string // deployment IDs: PRIMARY first, then ACTIVE newest first
	buckets  []bucket // per ids entry, plus one for tasks of no deployment
	failures []failure
	step     Step
	cluster  placer
	events   []string  // messages of this step, oldest first
	acted    bool      // the step started or stopped tasks
	stopped  []stopped // bucket and state of each task in step.Stop
	// datableHealth: the PRIMARY's tasks turn healthy SettleTime after
	// they start (no health checks), so the time is known.
	datableHealth bool
	usedIDs       map[string]bool
	// createdNow: a task of the input was created at now, so it may hold
	// an ID this step derives; sortTasks, which reads every task anyway,
	// finds it (createdNowKnown) and spares taskIDUsed a pass of its own.
	createdNow, createdNowKnown bool
	idBuf                       []byte  // appendTaskID's scratch
	idSeed                      fnv128a // FNV-128a after "serviceARN|now|"
	idSeeded                    bool
	// idTensState is idSeed after the decimal digits of idTens, the
	// positions idTens*10 to idTens*10+9 share (none for 0; -1: not yet).
	idTens      int
	idTensState fnv128a
	// held counts the stops protection held back (protection.go), the
	// first of them in deployment heldBy.
	held   int
	heldBy string
	// regrouped caches regroup once regroupKnown: sortTasks, which reads
	// every task anyway, finds it.
	regrouped, regroupKnown bool
}

// bucket holds one deployment's live tasks by state.
type bucket struct {
	byState  [6][]*model.Task // indexed by deployment.TaskState
	draining []*model.Task    // subset of byState[Unhealthy] on DRAINING instances
	// deleted are the deployment's DELETED tasks: forgotten by the step,
	// yet live to placement when their desiredStatus is not STOPPED.
	deleted    []*model.Task
	isDraining map[*model.Task]bool
	// drainingStopping counts the tasks of byState[Stopping] leaving a
	// DRAINING instance: they hold their room under maximumPercent until
	// they have stopped (see deployment.DeploymentTasks).
	drainingStopping int
}

// drainReason is the stoppedReason of a task moved off a draining
// instance.
const drainReason = "Container instance is being drained"

// stopped records where a stopped task was counted.
type stopped struct {
	bucket int
	state  deployment.TaskState
}

type failure struct {
	task *model.Task
	kind deployment.Failure
}

func (r *reconciler) run() (Step, error) {
	in := r.in
	r.svc = in.Service
	r.svc.Deployments = slices.Clone(in.Service.Deployments)
	r.name = in.Service.ServiceName
	r.group = "service:" + r.name
	s := &r.svc
	switch s.Status {
	case model.ServiceStatusInactive:
		return Step{Service: r.svc}, nil
	case model.ServiceStatusActive, model.ServiceStatusDraining, "":
	default:
		return Step{}, invalid("service.status: %q is not ACTIVE, DRAINING or INACTIVE.", ecserrors.Clip(string(s.Status)))
	}
	controller := model.DeploymentControllerTypeECS
	if s.DeploymentController != nil && s.DeploymentController.Type != "" {
		controller = s.DeploymentController.Type
	}
	if controller != model.DeploymentControllerTypeECS {
		return Step{}, invalid("deploymentController: reconcile models the ECS controller only; %s services run task sets.", controller)
	}
	cfg, err := deployment.Resolve(s.DeploymentConfiguration, s.SchedulingStrategy, controller)
	if err != nil {
		return Step{}, err
	}
	r.cfg = cfg
	if s.DesiredCount < 0 {
		return Step{}, invalid("desiredCount: must not be negative, got %d.", s.DesiredCount)
	}
	r.tds = make(map[string]*model.TaskDefinition, len(in.TaskDefinitions))
	for i := range in.TaskDefinitions {
		r.tds[in.TaskDefinitions[i].TaskDefinitionARN] = &in.TaskDefinitions[i]
	}
	if err := r.orderDeployments(); err != nil {
		return Step{}, err
	}
	if td := r.dep(0).TaskDefinition; r.tds[td] == nil {
		return Step{}, invalid("taskDefinitions: the PRIMARY deployment's task definition %s is not given.", ecserrors.Clip(td))
	}
	settled := r.dep(0).RolloutState == model.DeploymentRolloutStateCompleted
	r.sortTasks()
	r.resetOnHealthy()
	r.setCounts()
	if tripped, err := r.countFailures(); err != nil || tripped {
		if err != nil {
			return Step{}, err
		}
		return r.finish(), nil
	}
	if tripped, err := r.checkAlarms(); err != nil || tripped { // bake.go
		if err != nil {
			return Step{}, err
		}
		return r.finish(), nil
	}
	if s.SchedulingStrategy == model.SchedulingStrategyDaemon {
		if err := r.daemon(); err != nil { // daemon.go
			return Step{}, err
		}
		return r.finish(), nil
	}
	desired := s.DesiredCount
	if s.Status == model.ServiceStatusDraining {
		desired = 0
	}
	if r.rebalancing() && r.quiet() {
		// The extra tasks of a rebalancing: stop the surplus in the
		// fullest zones once the new tasks are healthy.
		if err := r.rebalanceStop(int(desired)); err != nil {
			return Step{}, err
		}
		return r.finish(), nil
	}
	pin := deployment.Input{ServiceName: r.name, DesiredCount: desired, Config: cfg,
		PrimaryFailed: r.dep(0).RolloutState == model.DeploymentRolloutStateFailed}
	for i := range r.buckets {
		id := ""
		if i < len(r.ids) {
			id = r.ids[i]
		}
		b := &r.buckets[i]
		pin.Deployments = append(pin.Deployments, deployment.DeploymentTasks{ID: id, Tasks: deployment.Tasks{
			Pending: int32(len(b.byState[deployment.Pending])), Settling: int32(len(b.byState[deployment.Settling])),
			Healthy: int32(len(b.byState[deployment.Healthy])), Unhealthy: int32(len(b.byState[deployment.Unhealthy])),
			Stopping: int32(len(b.byState[deployment.Stopping])),
		}, DrainingUnhealthy: int32(len(b.draining)), DrainingStopping: int32(b.drainingStopping)})
	}
	dec, err := deployment.Plan(&pin)
	if err != nil {
		return Step{}, err
	}
	r.step.Bounds = dec.Bounds
	if dec.Halted {
		r.block(BlockedByCircuitBreaker, r.dep(0).RolloutStateReason)
	}
	if err := r.stops(&dec); err != nil {
		return Step{}, err
	}
	r.holdBack(&dec)
	if tripped, err := r.healthFailures(); err != nil || tripped {
		if err != nil {
			return Step{}, err
		}
		return r.finish(), nil
	}
	if dec.Start > 0 {
		if err := r.starts(min(int(dec.Start), MaxStartsPerStep)); err != nil {
			return Step{}, err
		}
	}
	if dec.Blocked {
		r.block(BlockedByDeploymentConfiguration, dec.Message)
		r.say(dec.Message)
	}
	if dec.Steady {
		r.step.Steady = true
		if s.Status == model.ServiceStatusActive {
			if err := r.completePrimary(); err != nil {
				return Step{}, err
			}
		}
		if settled && r.rebalanceEnabled() {
			if err := r.rebalance(pin.DesiredCount, dec.Bounds.Ceiling); err != nil {
				return Step{}, err
			}
		}
		if r.step.Steady {
			r.say(r.steadyMessage())
		}
	} else if err := r.earlySuccess(); err != nil { // early.go
		return Step{}, err
	}
	return r.finish(), nil
}

func (r *reconciler) orderDeployments() error {
	s := &r.svc
	var primary *model.Deployment
	var active []*model.Deployment
	for i := range s.Deployments {
		d := &s.Deployments[i]
		switch d.Status {
		case model.DeploymentStatusPrimary:
			if primary != nil {
				return invalid("deployments: at most one deployment can be PRIMARY.")
			}
			primary = d
		case model.DeploymentStatusActive:
			active = append(active, d)
		}
	}
	if primary == nil {
		return invalid("deployments: the service has no PRIMARY deployment.")
	}
	slices.SortStableFunc(active, func(a, b *model.Deployment) int { return b.CreatedAt.Compare(a.CreatedAt.Time) })
	r.ids = []string{primary.ID}
	for _, d := range active {
		if slices.Contains(r.ids, d.ID) {
			return invalid("deployments: the ID %s is used twice.", ecserrors.Clip(d.ID))
		}
		r.ids = append(r.ids, d.ID)
	}
	r.buckets = make([]bucket, len(r.ids)+1)
	return nil
}

// dep returns the deployment of ids[i] in the service being built, or a
// zero deployment when an update removed it.
func (r *reconciler) dep(i int) *model.Deployment {
	for k := range r.svc.Deployments {
		if d := &r.svc.Deployments[k]; d.ID == r.ids[i] {
			return d
		}
	}
	return &model.Deployment{ID: r.ids[i]}
}

// sortTasks classifies the service's tasks into buckets.
func (r *reconciler) sortTasks() {
	in := r.in
	loadBalanced := len(r.svc.LoadBalancers) > 0
	grace := deployment.GracePeriod(r.svc.HealthCheckGracePeriodSeconds)
	rules := make([]deployment.HealthRules, len(r.buckets))
	for i := range rules {
		rules[i] = deployment.HealthRules{LoadBalanced: loadBalanced, GracePeriod: grace}
		if i < len(r.ids) {
			rules[i].ContainerChecks = deployment.HasContainerChecks(r.tds[r.dep(i).TaskDefinition])
		}
	}
	r.datableHealth = !rules[0].ContainerChecks && !rules[0].LoadBalanced
	r.regroupKnown = true // the loop below sees every task regroup would
	drain := r.drainingInstances()
	cl := newClassifier(r.now)
	// Each task's bucket and state, by its position, so that the buckets
	// (and Forget) are filled afterwards at their final sizes rather than
	// grown.
	const states = len(bucket{}.byState)
	const forget = -1                     // where: a STOPPED or DELETED task the step forgets
	where := make([]int32, len(in.Tasks)) // 0: in no bucket; else 1 + bucket*states + state
	count := make([]int32, len(r.buckets)*states)
	forgets := 0
	// A task created at now, compared as time.Time.Equal does for a time
	// without a monotonic clock reading (model.At strips it), by calls
	// the compiler inlines.
	createdAt := model.At(r.now)
	createdSec, createdNsec := createdAt.Unix(), createdAt.Nanosecond()
	createdNow := false
	lbHealth := len(r.in.TargetHealth) > 0 // else no look-up (of an ARN on another cache line) per task
	// Held in locals: the loop appends to r's slices, after which fields
	// of r would be loaded again for every task.
	group, ids, nIDs := r.group, r.ids, len(r.ids)
	last := 0 // the bucket of the previous task of a deployment: tasks come in runs
	for k := range in.Tasks {
		t := &in.Tasks[k]
		if !createdNow && t.CreatedAt.Nanosecond() == createdNsec && t.CreatedAt.Unix() == createdSec {
			createdNow = true // see taskIDUsed
		}
		// One comparison of the group per task, where otherService and
		// the checks below would make three.
		inGroup := t.Group == group
		if !inGroup && strings.HasPrefix(t.Group, "service:") {
			continue // another service's (otherService)
		}
		di, known := last, t.StartedBy == ids[last]
		if !known {
			if di, known = r.depIndex(t.StartedBy); known {
				last = di
			}
		}
		if !known {
			if !inGroup {
				continue
			}
			di = nIDs
		} else if !inGroup {
			r.regrouped = true // see regroup
		}
		if t.LastStatus == model.TaskStatusStopped || t.LastStatus == model.TaskStatusDeleted {
			if t.LastStatus == model.TaskStatusDeleted {
				r.buckets[di].deleted = append(r.buckets[di].deleted, t)
			}
			where[k] = forget
			forgets++
			if di == 0 && (t.StopCode == model.TaskStopCodeTaskFailedToStart || t.StartedAt.IsZero()) && t.StopCode != model.TaskStopCodeServiceSchedulerInitiated {
				r.failures = append(r.failures, failure{t, deployment.FailedToStart})
			}
			continue
		}
		var target deployment.TargetHealth
		if lbHealth {
			target = r.in.TargetHealth[t.TaskARN]
		}
		st := cl.classify(t, rules[di], target)
		b := &r.buckets[di]
		// Most steps see no DRAINING instance and look nothing up.
		onDraining := drain != nil && st != deployment.Gone && drain[t.ContainerInstanceARN]
		if st != deployment.Stopping && st != deployment.Gone {
			if onDraining && st == deployment.Pending {
				// PENDING service tasks on a draining instance stop at once;
				// the plan sees them on their way out and replaces them.
				r.step.Stop = append(r.step.Stop, StopTask{TaskARN: t.TaskARN, DeploymentID: t.StartedBy, Reason: drainReason})
				st = deployment.Stopping // counted as stopping from now on
				r.stopped = append(r.stopped, stopped{di, st})
			} else if onDraining {
				st = deployment.Unhealthy
				b.draining = append(b.draining, t)
				if b.isDraining == nil {
					b.isDraining = map[*model.Task]bool{}
				}
				b.isDraining[t] = true
			}
		}
		if st == deployment.Stopping && onDraining {
			b.drainingStopping++
		}
		c := di*states + int(st)
		where[k] = int32(c + 1)
		count[c]++
	}
	r.createdNow, r.createdNowKnown = createdNow, true
	var total int32
	for _, n := range count {
		total += n
	}
	all := make([]*model.Task, total) // one array carved into the buckets
	next := count                     // count becomes where the next task of each bucket and state goes in all
	var at int32
	for c, n := range count {
		if n > 0 {
			r.buckets[c/states].byState[c%states] = all[at : at+n : at+n]
		}
		next[c], at = at, at+n
	}
	var forgot []string
	if forgets > 0 {
		forgot = make([]string, 0, forgets)
	}
	for k, w := range where {
		if w > 0 {
			all[next[w-1]] = &in.Tasks[k]
			next[w-1]++
		} else if w == forget {
			forgot = append(forgot, in.Tasks[k].TaskARN)
		}
	}
	r.step.Forget = forgot
}

// classifier is deployment.Classify at one instant, with the common case
// (a RUNNING task without health checks, Healthy once it has run
// SettleTime) decided by comparing its start with a cut-off computed
// once: a step classifies thousands of tasks, and Classify's time.Sub
// is most of its cost.
type classifier struct {
	now time.Time
	// settled is now minus deployment.SettleTime; a task started at or
	// before it has run SettleTime. ok: settled can stand in for Sub,
	// which it cannot when now carries a monotonic clock reading (Sub of
	// two such readings compares those) or the subtraction saturated.
	settled time.Time
	ok      bool
}

func newClassifier(now time.Time) classifier {
	settled := now.Add(-deployment.SettleTime)
	return classifier{now: now, settled: settled,
		ok: now == now.Round(0) && settled.Add(deployment.SettleTime).Equal(now)}
}

// classify is deployment.Classify(t, rules, target, c.now).
func (c *classifier) classify(t *model.Task, rules deployment.HealthRules, target deployment.TargetHealth) deployment.TaskState {
	if !c.ok || rules.ContainerChecks || rules.LoadBalanced || t.LastStatus != model.TaskStatusRunning || t.DesiredStatus == model.DesiredStatusStopped {
		return deployment.Classify(t, rules, target, c.now)
	}
	// Classify takes a task that has not started as started now: up 0.
	if t.StartedAt.IsZero() || t.StartedAt.After(c.settled) {
		return deployment.Settling
	}
	return deployment.Healthy
}

// depIndex returns the position in ids of the deployment with the ID: a
// service has a handful of deployments, so a scan beats hashing the ID of
// each of thousands of tasks.
func (r *reconciler) depIndex(id string) (int, bool) {
	for i, d := range r.ids {
		if d == id {
			return i, true
		}
	}
	return 0, false
}

// drainingInstances returns the ARNs of the DRAINING container instances
// as a set, nil when there are none (the usual case).
func (r *reconciler) drainingInstances() map[string]bool {
	var arns []string
	if x := r.in.Index; x != nil {
		arns = x.Draining()
	} else {
		for i := range r.in.Instances {
			if ci := &r.in.Instances[i]; ci.Status == model.ContainerInstanceStatusDraining {
				arns = append(arns, ci.ContainerInstanceARN)
			}
		}
	}
	if len(arns) == 0 {
		return nil
	}
	set := make(map[string]bool, len(arns))
	for _, a := range arns {
		set[a] = true
	}
	if r.in.Index == nil {
		// An ARN listed twice (an input placement will refuse) reads as
		// its last record, as a look-up by ARN in a map of them would.
		for i := range r.in.Instances {
			ci := &r.in.Instances[i]
			if _, ok := set[ci.ContainerInstanceARN]; ok {
				set[ci.ContainerInstanceARN] = ci.Status == model.ContainerInstanceStatusDraining
			}
		}
	}
	return set
}

// resetOnHealthy sets the PRIMARY's failedTasks back to 0 when one of its
// tasks turned healthy since the deployment last changed; see Reconcile.
func (r *reconciler) resetOnHealthy() {
	p := r.dep(0)
	if p.FailedTasks == 0 || p.RolloutState != model.DeploymentRolloutStateInProgress || !r.datableHealth {
		return
	}
	var cb *model.DeploymentCircuitBreaker
	if dc := r.svc.DeploymentConfiguration; dc != nil {
		cb = dc.DeploymentCircuitBreaker
	}
	if !deployment.ResetsOnHealthyTask(cb) {
		return
	}
	for _, t := range r.buckets[0].byState[deployment.Healthy] {
		if r.buckets[0].isDraining[t] || t.StartedAt.IsZero() {
			continue
		}
		if t.StartedAt.Add(deployment.SettleTime).After(p.UpdatedAt.Time) {
			p.FailedTasks = 0
			p.UpdatedAt = model.At(r.now)
			return
		}
	}
}

// countFailures feeds the STOPPED-before-running tasks of the PRIMARY to
// the circuit breaker; it reports whether the breaker tripped.
func (r *reconciler) countFailures() (bool, error) {
	for _, f := range r.failures {
		if tripped, err := r.fail(f); err != nil || tripped {
			return tripped, err
		}
	}
	return false, nil
}

// steadyMessage is the service event of a steady state.
func (r *reconciler) steadyMessage() string {
	return fmt.Sprintf("(service %s) has reached a steady state.", r.name)
}

func (r *reconciler) fail(f failure) (bool, error) {
	p := r.dep(0)
	if p.RolloutState != model.DeploymentRolloutStateInProgress || p.Status != model.DeploymentStatusPrimary {
		return false, nil
	}
	res, err := r.applyFailure(deployment.Event{Kind: deployment.LaunchFailed, DeploymentID: p.ID})
	if err != nil {
		return false, err
	}
	for _, c := range res.Changes {
		if c.On == deployment.CircuitBreakerTripped {
			r.failed(BlockedByCircuitBreaker, c.DeploymentID, "tasks failed to start", res.RolledBackTo)
			return true, nil
		}
	}
	return false, nil
}

// applyFailure applies a failure event (a circuit breaker count, a fired
// alarm) to the service, naming the rollback deployment it may start.
func (r *reconciler) applyFailure(ev deployment.Event) (deployment.Result, error) {
	ev.RollbackID = NewDeploymentID(r.svc.Deployments, r.now)
	res, err := deployment.Apply(r.svc, ev, r.now)
	if err != nil {
		return res, err
	}
	// Apply recomputes the totals from the deployment counts, leaving out
	// tasks of no deployment; keep ours.
	res.Service.RunningCount, res.Service.PendingCount = r.svc.RunningCount, r.svc.PendingCount
	r.svc = res.Service
	return res, nil
}

// failed blocks the step and writes the events of a failed deployment.
// ECS does not document these events' texts; ours follow the
// deployment-completed form: the failure with the rolloutStateReason's
// words, then the rollback target.
func (r *reconciler) failed(why BlockKind, id, reason, rolledBackTo string) {
	msg := fmt.Sprintf("(service %s) (deployment %s) deployment failed: %s.", r.name, id, reason)
	r.block(why, msg)
	r.say(msg)
	if rolledBackTo != "" {
		r.say(fmt.Sprintf("(service %s) (deployment %s) rolling back to deployment %s.", r.name, id, rolledBackTo))
	}
}

// stops turns the plan's stops into tasks, in placement's termination
// order.
func (r *reconciler) stops(dec *deployment.Decision) error {
	total := 0
	for _, st := range dec.Stops {
		total += int(max(st.Count, 0))
	}
	total = min(total, len(r.in.Tasks)) // room for them all, grown once
	r.step.Stop = slices.Grow(r.step.Stop, total)
	r.stopped = slices.Grow(r.stopped, total)
	for _, st := range dec.Stops {
		bi := len(r.ids)
		for i, id := range r.ids {
			if id == st.DeploymentID && st.DeploymentID != "" {
				bi = i
			}
		}
		b := &r.buckets[bi]
		cands := b.byState[st.State]
		reason := "Scaling activity initiated by (deployment " + r.ids[0] + ")"
		if st.State != deployment.Unhealthy && bi < len(r.ids) {
			// A deployment's tasks to scale in or replace: named by the
			// deployment (stopAmong), and stopped for the same reason.
			arns, err := r.stopAmong(r.unprotected(cands, st.DeploymentID, int(st.Count)), int(st.Count), bi, st.State)
			if err != nil {
				return err
			}
			for _, a := range arns {
				r.step.Stop = append(r.step.Stop, StopTask{TaskARN: a, DeploymentID: st.DeploymentID, Reason: reason})
				r.stopped = append(r.stopped, stopped{bi, st.State})
			}
			continue
		}
		var chosen []*model.Task
		if st.State == deployment.Unhealthy && len(b.draining) > 0 {
			// Truly unhealthy tasks first: they serve nothing; tasks on
			// draining instances still do.
			var sick []*model.Task
			for _, t := range cands {
				if !b.isDraining[t] {
					sick = append(sick, t)
				}
			}
			chosen = append(chosen, r.order(sick, int(st.Count))...)
			if rest := int(st.Count) - len(chosen); rest > 0 {
				chosen = append(chosen, r.order(b.draining, rest)...)
			}
		} else {
			if st.State != deployment.Unhealthy {
				cands = r.unprotected(cands, st.DeploymentID, int(st.Count))
			}
			var err error
			if chosen, err = r.orderErr(cands, int(st.Count)); err != nil {
				return err
			}
		}
		for _, t := range chosen {
			why := reason
			if b.isDraining[t] {
				why = drainReason
			} else if st.State == deployment.Unhealthy {
				why = "Task failed health checks"
				if bi == 0 {
					r.failures = append(r.failures, failure{t, deployment.FailedHealthCheck})
				}
			}
			r.step.Stop = append(r.step.Stop, StopTask{TaskARN: t.TaskARN, DeploymentID: st.DeploymentID, Reason: why})
			r.stopped = append(r.stopped, stopped{bi, st.State})
		}
	}
	if n := len(r.step.Stop); n > 0 {
		r.say(taskMessage(r.name, "has stopped", n, "running tasks", func(i int) string { return r.step.Stop[i].TaskARN }))
	}
	return nil
}

// healthFailures counts the PRIMARY tasks stopped for failing health
// checks.
func (r *reconciler) healthFailures() (bool, error) {
	for _, f := range r.failures {
		if f.kind != deployment.FailedHealthCheck {
			continue
		}
		if tripped, err := r.fail(f); err != nil || tripped {
			return tripped, err
		}
	}
	return false, nil
}

// stopAmong returns the ARNs of n of cands in termination order, as
// orderErr does, for cands among bucket bi's tasks of state st (a
// subsequence of them: protected ones may be left out). When the
// bucket's other tasks are fewer than cands, placement is asked for the
// tasks started by the bucket's deployment except those others, instead
// of being handed every candidate: a deployment's thousands of healthy
// tasks are not listed, looked up and mapped back one by one.
func (r *reconciler) stopAmong(cands []*model.Task, n int, bi int, st deployment.TaskState) ([]string, error) {
	n = min(n, len(cands))
	if n <= 0 {
		return nil, nil
	}
	if except, ok := r.except(cands, bi, st); ok && !r.listStops {
		c, err := r.placementCluster()
		if err != nil {
			return nil, err
		}
		picked, err := c.ChooseTasksToStop(placement.StopRequest{Group: r.group, Count: n, Strategy: r.svc.PlacementStrategy, Seed: r.in.Seed,
			StartedBy: r.ids[bi], Except: except, Stopping: r.stoppingARNs()})
		if err != nil {
			return nil, err
		}
		// Fewer picks (candidates on instances placement does not know),
		// or one task picked twice (an ARN the input repeats, which an
		// Index cannot hold): orderErr settles those.
		_, unique := c.(*placement.Index)
		if len(picked) == n && (unique || !hasRepeats(picked)) {
			return picked, nil
		}
	}
	chosen, err := r.orderErr(cands, n)
	if err != nil {
		return nil, err
	}
	arns := make([]string, len(chosen))
	for i, t := range chosen {
		arns[i] = t.TaskARN
	}
	return arns, nil
}

// except returns the ARNs of bucket bi's tasks, of any state, that are not
// in cands (a subsequence of its tasks of state st), with its DELETED
// tasks that placement may still count as live; ok is false when they
// are not fewer than cands, or the bucket has no deployment ID to name
// its tasks by.
func (r *reconciler) except(cands []*model.Task, bi int, st deployment.TaskState) (out []string, ok bool) {
	if bi >= len(r.ids) || r.ids[bi] == "" {
		return nil, false
	}
	b := &r.buckets[bi]
	k := len(b.deleted) + len(b.byState[st]) - len(cands)
	for s := range b.byState {
		if deployment.TaskState(s) != st {
			k += len(b.byState[s])
		}
	}
	if k >= len(cands) {
		return nil, false
	}
	out = make([]string, 0, k)
	for s := range b.byState {
		if deployment.TaskState(s) != st {
			for _, t := range b.byState[s] {
				out = append(out, t.TaskARN)
			}
		}
	}
	j := 0
	for _, t := range b.byState[st] {
		if j < len(cands) && cands[j] == t {
			j++
		} else {
			out = append(out, t.TaskARN)
		}
	}
	if j < len(cands) {
		return nil, false // not a subsequence after all: list them
	}
	for _, t := range b.deleted {
		out = append(out, t.TaskARN)
	}
	return out, true
}

// stoppingARNs lists the tasks the step has chosen to stop so far.
func (r *reconciler) stoppingARNs() []string {
	if len(r.step.Stop) == 0 {
		return nil
	}
	out := make([]string, len(r.step.Stop))
	for i, st := range r.step.Stop {
		out[i] = st.TaskARN
	}
	return out
}

// hasRepeats reports whether an ARN occurs twice in arns.
func hasRepeats(arns []string) bool {
	seen := make(map[string]struct{}, len(arns))
	for _, a := range arns {
		if _, ok := seen[a]; ok {
			return true
		}
		seen[a] = struct{}{}
	}
	return false
}

func (r *reconciler) order(cands []*model.Task, n int) []*model.Task {
	out, _ := r.orderErr(cands, n)
	return out
}

// orderErr returns n of cands in termination order: placement's order for
// tasks on known instances, then the rest by task ARN.
func (r *reconciler) orderErr(cands []*model.Task, n int) ([]*model.Task, error) {
	n = min(n, len(cands))
	if n <= 0 {
		return nil, nil
	}
	arns := make([]string, len(cands))
	for i, t := range cands {
		arns[i] = t.TaskARN
	}
	c, err := r.placementCluster()
	if err != nil {
		return nil, err
	}
	// Tasks this step has already chosen to stop no longer count toward
	// their zone or instance: otherwise a second batch of stops in the
	// same step (an old deployment's tasks, then the PRIMARY's surplus)
	// would be ordered against the cluster as it was before the first
	// batch and could thin one zone twice.
	stopping := r.stoppingARNs()
	picked, err := c.ChooseTasksToStop(placement.StopRequest{Group: r.group, Count: n, Strategy: r.svc.PlacementStrategy, Seed: r.in.Seed,
		Candidates: arns, Stopping: stopping})
	if err != nil {
		return nil, err
	}
	// Map the picks back to tasks through a map of the picks, which are
	// usually far fewer than the candidates.
	at := make(map[string]int, len(picked))
	for j, a := range picked {
		at[a] = j
	}
	found := make([]*model.Task, len(picked))
	for _, t := range cands {
		if j, ok := at[t.TaskARN]; ok && found[j] == nil {
			found[j] = t
		}
	}
	out := make([]*model.Task, 0, n)
	seen := make(map[string]bool, n)
	for _, t := range found {
		if t != nil && !seen[t.TaskARN] {
			out = append(out, t)
			seen[t.TaskARN] = true
		}
	}
	if len(out) < n {
		rest := slices.Clone(cands)
		slices.SortFunc(rest, func(a, b *model.Task) int { return cmp.Compare(a.TaskARN, b.TaskARN) })
		for _, t := range rest {
			if len(out) == n {
				break
			}
			if !seen[t.TaskARN] {
				out = append(out, t)
				seen[t.TaskARN] = true
			}
		}
	}
	return out, nil
}

// placer is what a step needs of a placement index: a Cluster built for
// the step, or the caller's kept Index.
type placer interface {
	Place(placement.Request) (placement.Result, error)
	ChooseTasksToStop(placement.StopRequest) ([]string, error)
}

// placementCluster is the placement index of the whole cluster: the
// caller's kept Index when it has one that can serve, or else one built
// once per step.
func (r *reconciler) placementCluster() (placer, error) {
	if r.cluster != nil {
		return r.cluster, nil
	}
	if x := r.in.Index; x != nil && !r.regroup() {
		r.cluster = x
		return x, nil
	}
	c, err := placement.NewCluster(r.in.Instances, r.serviceGroupTasks())
	if err != nil {
		return nil, err
	}
	r.cluster = c
	return c, nil
}

// inst returns the container instance with the ARN, or nil.
func (r *reconciler) inst(arn string) *model.ContainerInstance {
	if x := r.in.Index; x != nil {
		return x.Instance(arn)
	}
	if r.insts == nil {
		r.insts = make(map[string]*model.ContainerInstance, len(r.in.Instances))
		for i := range r.in.Instances {
			r.insts[r.in.Instances[i].ContainerInstanceARN] = &r.in.Instances[i]
		}
	}
	return r.insts[arn]
}

// regroup reports whether a task started by one of the service's
// deployments is in another task group: the step counts it as the
// service's (see serviceGroupTasks).
func (r *reconciler) regroup() bool {
	if r.regroupKnown {
		return r.regrouped
	}
	for i := range r.in.Tasks {
		t := &r.in.Tasks[i]
		if t.Group != r.group && slices.Contains(r.ids, t.StartedBy) && !r.otherService(t) {
			return true
		}
	}
	return false
}

// serviceGroupTasks returns the input tasks with the service's tasks put
// in its group (a task started by one of its deployments belongs to it
// whatever its group says).
func (r *reconciler) serviceGroupTasks() []model.Task {
	idx := make(map[string]bool, len(r.ids))
	for _, id := range r.ids {
		idx[id] = true
	}
	if !r.regroup() {
		return r.in.Tasks
	}
	out := slices.Clone(r.in.Tasks)
	for i := range out {
		if idx[out[i].StartedBy] && !r.otherService(&out[i]) {
			out[i].Group = r.group
		}
	}
	return out
}

// otherService reports whether a task's group names another service
// ("service:OTHER"): it is that service's, whatever its startedBy says.
// Deployment IDs derive from the time a deployment is created (see
// [NewDeploymentID]), so two services deployed in the same millisecond
// share one, and startedBy alone cannot tell their tasks apart.
func (r *reconciler) otherService(t *model.Task) bool {
	return strings.HasPrefix(t.Group, "service:") && t.Group != r.group
}

// starts places n new PRIMARY tasks.
func (r *reconciler) starts(n int) error {
	p := r.dep(0)
	td := r.tds[p.TaskDefinition]
	launch, cps := p.LaunchType, p.CapacityProviderStrategy
	if launch == "" && len(cps) == 0 {
		launch, cps = r.svc.LaunchType, r.svc.CapacityProviderStrategy
	}
	type lane struct {
		provider string
		n        int
	}
	var lanes []lane
	if len(cps) > 0 {
		var live []int32
		for i := range cps {
			live = append(live, 0)
			for _, st := range [...]deployment.TaskState{deployment.Pending, deployment.Settling, deployment.Healthy} {
				for _, t := range r.buckets[0].byState[st] {
					if t.CapacityProviderName == cps[i].CapacityProvider {
						live[i]++
					}
				}
			}
		}
		var total int32
		for _, v := range live {
			total += v
		}
		want, err := Split(cps, total+int32(n))
		if err != nil {
			return err
		}
		left := n
		for i := range cps {
			k := min(left, int(max(0, want[i]-live[i])))
			if k > 0 {
				lanes = append(lanes, lane{cps[i].CapacityProvider, k})
				left -= k
			}
		}
		for i := 0; left > 0 && i < len(cps); i++ { // rounding leftovers, strategy order
			if cps[i].Weight > 0 || cps[i].Base > 0 {
				lanes = append(lanes, lane{cps[i].CapacityProvider, left})
				left = 0
			}
		}
	} else {
		lanes = []lane{{"", n}}
	}
	acct, cluster := r.account()
	// Every new task's ARN is this prefix and its ID (the ARN's name is
	// its last part): built once, not once per task.
	arnPrefix := acct.TaskARN(cluster, "")
	res, err := model.CheckedResourcesOf(td)
	if err != nil {
		return err
	}
	fargate := usesFargate(launch, cps)
	// Tasks are big: room for all of them is allocated once, zeroed, and
	// each new task is filled in place in it (see below).
	base := len(r.step.Start)
	r.makeRoom(n)
	// The new ARNs are written into one string, and each task's ARN is a
	// piece of it (ends: where each piece ends): one allocation instead of
	// one per task. (A caller keeping one of these ARNs keeps the string
	// of them all, some 100 bytes per task started.)
	var arns strings.Builder
	arns.Grow(n * (len(arnPrefix) + 32)) // IDs are 32 hex digits
	ends := make([]int32, 0, n)
	// What every new task shares, formatted once.
	cpu, mem := strconv.FormatInt(res.CPU, 10), strconv.FormatInt(res.Memory, 10)
	createdAt := model.At(r.now)
	var arnBuf []byte
	var failed *placement.Reason
	for _, ln := range lanes {
		var where []placement.Placement
		if fargate {
			where = make([]placement.Placement, ln.n)
		} else {
			c, err := r.clusterFor(ln.provider)
			if err != nil {
				return err
			}
			pr, err := c.Place(placement.Request{TaskDefinition: td, Group: r.group, Count: ln.n,
				Constraints: r.svc.PlacementConstraints, Strategy: r.svc.PlacementStrategy, Seed: r.in.Seed})
			if err != nil {
				return err
			}
			where = pr.Placements
		}
		for _, pl := range where {
			if pl.Reason != nil {
				if failed == nil {
					reason := *pl.Reason
					failed = &reason
				}
				r.step.Unplaced++
				continue
			}
			arnBuf = r.appendTaskID(append(arnBuf[:0], arnPrefix...), len(r.step.Start))
			arns.Write(arnBuf)
			ends = append(ends, int32(arns.Len()))
			// Filled in place, field by field, in the zeroed room made
			// above: a task is big, and building one to copy it in (or
			// appending a zero one, zeroed again) costs more than the rest
			// of deciding it.
			if len(r.step.Start) < cap(r.step.Start) {
				r.step.Start = r.step.Start[:len(r.step.Start)+1]
			} else { // more placements than asked for: not expected
				r.step.Start = append(r.step.Start, model.Task{})
			}
			t := &r.step.Start[len(r.step.Start)-1]
			t.ClusterARN = r.svc.ClusterARN
			t.TaskDefinitionARN, t.ContainerInstanceARN = td.TaskDefinitionARN, pl.ContainerInstanceARN
			t.LastStatus, t.DesiredStatus = model.TaskStatusProvisioning, model.DesiredStatusRunning
			t.Group, t.StartedBy, t.LaunchType, t.CapacityProviderName = r.group, p.ID, launch, ln.provider
			t.CPU, t.Memory, t.CreatedAt, t.Version = cpu, mem, createdAt, 1
			if fargate {
				t.PlatformVersion = p.PlatformVersion
				if t.LaunchType == "" {
					t.LaunchType = model.LaunchTypeFargate
				}
			} else if pl.ContainerInstanceARN != "" {
				// Placement names the zone: no look-up of the instance.
				t.AvailabilityZone = pl.AvailabilityZone
				if t.LaunchType == "" {
					t.LaunchType = model.LaunchTypeEC2
				}
			}
		}
	}
	all, from := arns.String(), int32(0)
	for i, end := range ends {
		r.step.Start[base+i].TaskARN = all[from:end]
		from = end
	}
	if k := len(r.step.Start); k > 0 {
		r.say(taskMessage(r.name, "has started", k, "tasks", func(i int) string { return r.step.Start[i].TaskARN }))
	}
	if failed != nil {
		r.block(BlockedByPlacement, failed.ServiceEvent(r.name))
		r.say(failed.ServiceEvent(r.name))
	} else if placed := len(r.step.Start); placed < n {
		// Placement returns a reason with every unplaced task; this
		// covers a placement that returns fewer placements than asked.
		r.step.Unplaced += n - placed
		r.block(BlockedByPlacement, fmt.Sprintf("(service %s) was unable to place a task.", r.name))
	}
	return nil
}

// makeRoom gives Step.Start room for n more tasks, zeroed: in
// Input.Reuse's array the first time it is big enough, in a grown array
// when the one it has is too small.
func (r *reconciler) makeRoom(n int) {
	base := len(r.step.Start)
	buf := r.step.Start
	if reuse := r.in.Reuse; !r.reused && cap(reuse) >= base+n && !overlaps(reuse, r.in.Tasks[:len(r.in.Tasks):len(r.in.Tasks)]) {
		buf, r.reused = append(reuse[:0], r.step.Start...), true
	}
	if cap(buf) < base+n {
		buf = slices.Grow(r.step.Start, n)
	}
	clear(buf[base : base+n])
	r.step.Start = buf[:base]
}

// addStart adds one new task to Step.Start.
func (r *reconciler) addStart(t model.Task) {
	r.makeRoom(1)
	r.step.Start = append(r.step.Start, t)
}

// overlaps reports whether a's and b's arrays share memory (up to their
// capacities).
func overlaps(a, b []model.Task) bool {
	if cap(a) == 0 || cap(b) == 0 {
		return false
	}
	size := unsafe.Sizeof(model.Task{})
	a0, b0 := uintptr(unsafe.Pointer(unsafe.SliceData(a))), uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return a0 < b0+uintptr(cap(b))*size && b0 < a0+uintptr(cap(a))*size
}

// block records the first cause that blocks the step.
func (r *reconciler) block(kind BlockKind, reason string) {
	if r.step.Blocked == "" {
		r.step.Blocked, r.step.BlockedReason = kind, reason
	}
}

// clusterFor returns the placement view for one capacity provider's
// instances ("" : every instance).
func (r *reconciler) clusterFor(provider string) (placer, error) {
	if provider == "" {
		return r.placementCluster()
	}
	var insts []model.ContainerInstance
	for i := range r.in.Instances {
		if r.in.Instances[i].CapacityProviderName == provider {
			insts = append(insts, r.in.Instances[i])
		}
	}
	return placement.NewCluster(insts, r.serviceGroupTasks())
}

func (r *reconciler) account() (model.Account, string) {
	a, _ := model.ParseARN(r.svc.ServiceARN)
	cluster := a.Cluster
	if ca, err := model.ParseARN(r.svc.ClusterARN); err == nil {
		cluster = ca.Name
		if a.AccountID == "" {
			a = ca
		}
	}
	if cluster == "" {
		cluster = model.DefaultCluster
	}
	return model.Account{Partition: or(a.Partition, "aws"), Region: or(a.Region, "us-east-1"), AccountID: or(a.AccountID, "000000000000")}, cluster
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// newTaskID derives a 32-hex-digit task ID from the service, the time and
// the task's position in the step, skipping IDs already in use.
func (r *reconciler) newTaskID(i int) string {
	return string(r.appendTaskID(nil, i))
}

// appendTaskID appends newTaskID(i) to dst: the ID is FNV-128a of fmt's
// "%s|%d|%d|%d" of the service ARN, now, i and a salt (0 unless that ID
// is taken), hashed from a state that has already read the "ARN|now|"
// part once for the step, and the digits of i but its last for the ten
// positions that share them, since a step can start thousands of tasks.
func (r *reconciler) appendTaskID(dst []byte, i int) []byte {
	if !r.idSeeded {
		buf := append(r.idBuf[:0], r.svc.ServiceARN...)
		buf = strconv.AppendInt(append(buf, '|'), r.now.UnixNano(), 10)
		r.idSeed = fnv128aOffset.write(append(buf, '|'))
		r.idSeeded = true
		r.idBuf = buf
		r.idTens = -1
	}
	var h fnv128a // the state after "ARN|now|i|"
	if i >= 0 {
		if tens := i / 10; tens != r.idTens {
			r.idTensState = r.idSeed
			if tens > 0 {
				r.idTensState = r.idSeed.write(strconv.AppendInt(r.idBuf[:0], int64(tens), 10))
			}
			r.idTens = tens
		}
		h = r.idTensState.writeByte(byte('0' + i%10)).writeByte('|')
	} else {
		h = r.idSeed.write(append(strconv.AppendInt(r.idBuf[:0], int64(i), 10), '|'))
	}
	n := len(dst)
	for salt := 0; ; salt++ {
		var sum [16]byte
		if salt == 0 {
			sum = h.writeByte('0').sum()
		} else {
			r.idBuf = strconv.AppendInt(r.idBuf[:0], int64(salt), 10)
			sum = h.write(r.idBuf).sum()
		}
		dst = hex.AppendEncode(dst[:n], sum[:])
		if !r.taskIDUsed(dst[n:]) {
			return dst
		}
	}
}

// fnv128a is the state of an FNV-128a hash (hash/fnv's New128a), as a
// value that can be copied to resume hashing from it. (A struct, not an
// array: the compiler keeps a struct's words in registers.)
type fnv128a struct{ hi, lo uint64 }

// fnv128aOffset is FNV-128a's initial state (the offset basis).
var fnv128aOffset = fnv128a{0x6c62272e07bb0142, 0x62b821756295c58d}

// write returns the state after hashing b.
func (h fnv128a) write(b []byte) fnv128a {
	for _, c := range b {
		h = h.writeByte(c)
	}
	return h
}

// writeByte returns the state after hashing c: FNV-1a multiplies by the
// 128-bit prime 2^88 + 0x13b after xoring in each byte.
func (h fnv128a) writeByte(c byte) fnv128a {
	const primeLow, primeShift = 0x13b, 24
	h.lo ^= uint64(c)
	hi, lo := bits.Mul64(primeLow, h.lo)
	hi += h.lo<<primeShift + primeLow*h.hi
	return fnv128a{hi, lo}
}

// sum is the digest, big-endian, as hash.Hash's Sum gives it.
func (h fnv128a) sum() [16]byte {
	var out [16]byte
	binary.BigEndian.PutUint64(out[:8], h.hi)
	binary.BigEndian.PutUint64(out[8:], h.lo)
	return out
}

// taskIDUsed reports whether a task of the input holds the ID. An ID
// derives from the service, now and a position, so only a task created
// at this same instant (a step run again at the same now, before or after
// its tasks were applied) can already hold it; any other match, among
// them two of this step's IDs, would take a 128-bit hash collision.
func (r *reconciler) taskIDUsed(id []byte) bool {
	if r.createdNowKnown && !r.createdNow {
		return false
	}
	if r.usedIDs == nil {
		r.usedIDs = map[string]bool{}
		at := model.At(r.now)
		for i := range r.in.Tasks {
			if t := &r.in.Tasks[i]; t.CreatedAt.Equal(at.Time) {
				r.usedIDs[taskID(t.TaskARN)] = true
			}
		}
	}
	return len(r.usedIDs) > 0 && r.usedIDs[string(id)]
}

// taskList is "(task ID) (task ID) ..." for the n task ARNs arn(0) to
// arn(n-1), as the "has started" and "has stopped" events name tasks.
func taskList(n int, arn func(int) string) string {
	return taskMessage("", "", n, "", arn)
}

// taskMessage is "(service NAME) VERB N WHAT: (task ID) (task ID) ...."
// for the n task ARNs arn(0) to arn(n-1), as the "has started" and "has
// stopped" events say it; with an empty verb, the list alone. It is
// written into one buffer of its final size: a step naming thousands of
// tasks would otherwise copy the list a few times over through fmt.
func taskMessage(name, verb string, n int, what string, arn func(int) string) string {
	const perTask = len("(task 0123456789abcdef0123456789abcdef) ")
	var b strings.Builder
	if verb != "" {
		b.Grow(len("(service ) ") + len(name) + len(verb) + len(" 1234567890 : .") + len(what) + n*perTask)
		b.WriteString("(service ")
		b.WriteString(name)
		b.WriteString(") ")
		b.WriteString(verb)
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(n))
		b.WriteByte(' ')
		b.WriteString(what)
		b.WriteString(": ")
	} else {
		b.Grow(n * perTask)
	}
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("(task ")
		b.WriteString(taskID(arn(i)))
		b.WriteByte(')')
	}
	if verb != "" {
		b.WriteByte('.')
	}
	return b.String()
}

func taskID(arn string) string {
	// ECS's task IDs are 32 characters: a forward search of them (which
	// the standard library vectorises) first, where LastIndexByte would
	// step back through them byte by byte.
	const idLen = 32
	if n := len(arn) - idLen; n > 0 && arn[n-1] == '/' && strings.IndexByte(arn[n:], '/') < 0 {
		return arn[n:]
	}
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// setCounts sets each deployment's counts from the tasks (pending; and
// running: RUNNING and not stopping) and the service's totals, touching
// updatedAt only when a count changes.
func (r *reconciler) setCounts() {
	s := &r.svc
	var run, pend int64
	for i := range r.buckets {
		b := &r.buckets[i]
		p := int32(len(b.byState[deployment.Pending]))
		ru := int32(len(b.byState[deployment.Settling]) + len(b.byState[deployment.Healthy]) + len(b.byState[deployment.Unhealthy]))
		run += int64(ru)
		pend += int64(p)
		if i == len(r.ids) {
			break // tasks of no deployment count only toward the totals
		}
		if d := r.dep(i); d.PendingCount != p || d.RunningCount != ru {
			d.PendingCount, d.RunningCount = p, ru
			d.UpdatedAt = model.At(r.now)
		}
	}
	s.RunningCount, s.PendingCount = int32(min(run, 1<<31-1)), int32(min(pend, 1<<31-1))
}

// drain moves ACTIVE deployments with no pending or running task to
// INACTIVE and drops INACTIVE deployments except the most recent
// COMPLETED one that is not PRIMARY (the rollback target), as
// deployment.Apply does.
func (r *reconciler) drain() {
	s := &r.svc
	for i := range s.Deployments {
		d := &s.Deployments[i]
		if d.Status == model.DeploymentStatusActive && d.RunningCount == 0 && d.PendingCount == 0 {
			if to, ok := deployment.Next(deployment.State{Status: d.Status, Rollout: d.RolloutState}, deployment.Drained); ok {
				d.Status, d.RolloutState, d.DesiredCount = to.Status, to.Rollout, 0
				d.UpdatedAt = model.At(r.now)
			}
		}
	}
	keep := ""
	var keepAt model.Time
	for _, d := range s.Deployments {
		if d.Status != model.DeploymentStatusPrimary && d.RolloutState == model.DeploymentRolloutStateCompleted &&
			(keep == "" || d.CreatedAt.After(keepAt.Time)) {
			keep, keepAt = d.ID, d.CreatedAt
		}
	}
	drop := func(d model.Deployment) bool { return isInactive(d) && d.ID != keep }
	if slices.ContainsFunc(s.Deployments, drop) {
		s.Deployments = slices.DeleteFunc(s.Deployments, drop)
	}
}

// completePrimary completes an IN_PROGRESS PRIMARY of a steady service.
func (r *reconciler) completePrimary() error {
	p := primaryOf(&r.svc)
	if p == nil || p.RolloutState != model.DeploymentRolloutStateInProgress {
		return nil
	}
	if r.baking(p) { // bake.go: IN_PROGRESS until the bake ends
		return nil
	}
	res, err := deployment.Apply(r.svc, deployment.Event{Kind: deployment.SteadyStateReached}, r.now)
	if err != nil {
		return err
	}
	res.Service.RunningCount, res.Service.PendingCount = r.svc.RunningCount, r.svc.PendingCount
	r.svc = res.Service
	for _, m := range res.Messages {
		r.say(m)
	}
	return nil
}

// say adds a service event message unless it repeats what the log
// already says: the same message among the newest events, back to the
// last "has started"/"has stopped" event (which marks a change of state),
// younger than RepeatInterval, while this step has taken no action yet.
// Messages naming tasks never repeat.
func (r *reconciler) say(msg string) {
	// A message naming a step's thousands of tasks is scanned for its
	// kind once.
	action := isAction(msg)
	if slices.Contains(r.events, msg) {
		return
	}
	if !r.acted && !action {
		for _, e := range r.in.Service.Events {
			if isAction(e.Message) {
				break
			}
			if e.Message == msg && r.now.Sub(e.CreatedAt.Time) < RepeatInterval {
				return
			}
		}
	}
	if action {
		r.acted = true
	}
	r.events = append(r.events, msg)
}

// isAction reports whether a message reports tasks started or stopped.
func isAction(msg string) bool {
	return hasPhrase(msg, " has started ") || hasPhrase(msg, " has stopped ")
}

// hasPhrase is strings.Contains(msg, phrase) for a phrase that starts
// with a space: it searches from the byte after it, since a message
// listing thousands of tasks is mostly spaces and task IDs, and a search
// anchored on a space stops at every one of them.
func hasPhrase(msg, phrase string) bool {
	for i := 1; i <= len(msg); {
		j := strings.Index(msg[i:], phrase[1:])
		if j < 0 {
			return false
		}
		if i += j; msg[i-1] == phrase[0] {
			return true
		}
		i++
	}
	return false
}

// afterStep makes the counts say what they will be once the step is
// applied: started tasks are pending in the PRIMARY, stopped tasks no
// longer pending or running (as deployment.Apply counts STOPPING tasks);
// then ACTIVE deployments left with nothing drain.
func (r *reconciler) afterStep() {
	s := &r.svc
	at := model.At(r.now) // once: touch runs per stopped task
	touch := func(d *model.Deployment) { d.UpdatedAt = at }
	if n := int32(len(r.step.Start)); n > 0 {
		p := r.dep(0)
		p.PendingCount = add32(p.PendingCount, n)
		touch(p)
		s.PendingCount = add32(s.PendingCount, n)
	}
	for _, st := range r.stopped {
		var d *model.Deployment
		if st.bucket < len(r.ids) {
			d = r.dep(st.bucket)
		}
		switch st.state {
		case deployment.Pending:
			s.PendingCount--
			if d != nil {
				d.PendingCount--
			}
		case deployment.Settling, deployment.Healthy, deployment.Unhealthy:
			s.RunningCount--
			if d != nil {
				d.RunningCount--
			}
		}
		if d != nil {
			touch(d)
		}
	}
	r.drain()
}

// add32 adds without overflowing.
func add32(a, b int32) int32 { return int32(min(int64(a)+int64(b), 1<<31-1)) }

// finish writes the step's events and returns the step.
func (r *reconciler) finish() Step {
	r.afterStep()
	s := &r.svc
	if len(r.events) > 0 {
		evs := make([]model.ServiceEvent, 0, len(r.events))
		for i := len(r.events) - 1; i >= 0; i-- {
			evs = append(evs, model.ServiceEvent{ID: eventID(s.ServiceARN, r.now, i), CreatedAt: model.At(r.now), Message: r.events[i]})
		}
		r.step.Events = evs
		all := make([]model.ServiceEvent, 0, min(MaxEvents, len(evs)+len(s.Events)))
		all = append(all, evs...)
		all = append(all, s.Events...)
		if len(all) > MaxEvents {
			all = all[:MaxEvents]
		}
		s.Events = all
	}
	r.step.Service = r.svc
	return r.step
}

// eventID derives a UUID-shaped event ID from the service, the time and
// the message's position in the step.
func eventID(svcARN string, now time.Time, i int) string {
	h := fnv.New128a()
	fmt.Fprintf(h, "%s|%d|%d", svcARN, now.UnixNano(), i)
	b := h.Sum(nil)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
