package ecsstate

import (
	"slices"
	"time"

	"github.com/ecsstate/ecsstate/deployment"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// Prediction is what ECS will do with an UpdateService call, as
// [World.Predict] foresees it: the rollout batch by batch, the service
// events, and how it ends. It encodes to JSON as is.
type Prediction struct {
	Cluster string `json:"cluster"`
	Service string `json:"service"`
	// Deployment is the ID of the deployment the update started; empty
	// when it started none (a desired count change alone).
	Deployment     string `json:"deployment,omitempty"`
	TaskDefinition string `json:"taskDefinition"`
	DesiredCount   int32  `json:"desiredCount"`
	// Floor and Ceiling are the minimum healthy and maximum task counts
	// the service's deployment configuration gives for the desired count:
	// minimumHealthyPercent rounded up, maximumPercent rounded down.
	// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
	Floor   int64 `json:"floor"`
	Ceiling int64 `json:"ceiling"`
	// Start is the time of the UpdateService call; End the time the
	// prediction stopped.
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Batches are the scheduler steps that started or stopped tasks of the
	// service, in order.
	Batches []Batch `json:"batches"`
	// Counts are the service's task counts per deployment right after
	// the call and after each scheduler step that changed them (for
	// charts).
	Counts []Count `json:"counts"`
	// Events are the service events ECS writes, oldest first.
	Events []Event `json:"events"`
	// Steady: the service reached a steady state (the PRIMARY runs the
	// desired count of healthy tasks and nothing else runs), at SteadyAt.
	// After a circuit breaker rollback, that is the rollback deployment's.
	Steady   bool      `json:"steady"`
	SteadyAt time.Time `json:"steadyAt,omitzero"`
	// BakeUntil is when the bake of the update's deployment ends (see
	// [service.BakeTime]): steady at SteadyAt, it stays IN_PROGRESS until
	// then, and completes at the first scheduler run at or after it. Zero
	// when the deployment has no bake.
	BakeUntil time.Time `json:"bakeUntil,omitzero"`
	// Completed: the update's deployment completed (or, for an update
	// that started none, the service is steady).
	Completed bool `json:"completed"`
	// Stuck says why the update did not complete; nil when it did.
	Stuck *Stuck `json:"stuck,omitempty"`
}

// Batch is one scheduler step that started or stopped tasks.
type Batch struct {
	At time.Time `json:"at"`
	// Floor and Ceiling are the step's bounds (see [service.Step]).
	Floor   int64         `json:"floor"`
	Ceiling int64         `json:"ceiling"`
	Started []TaskStarted `json:"started,omitempty"`
	Stopped []TaskStopped `json:"stopped,omitempty"`
	// Blocked and BlockedReason: what kept the step from doing all it
	// needed (a placement failure for some of its tasks, say).
	Blocked       service.BlockKind `json:"blocked,omitempty"`
	BlockedReason string            `json:"blockedReason,omitempty"`
}

// TaskStarted is a task a batch starts, where placement puts it.
type TaskStarted struct {
	TaskARN              string `json:"taskArn"`
	TaskDefinition       string `json:"taskDefinition"`
	Deployment           string `json:"deployment"`
	ContainerInstanceARN string `json:"containerInstanceArn,omitempty"`
	AvailabilityZone     string `json:"availabilityZone,omitempty"`
}

// TaskStopped is a task a batch stops, and ECS's reason.
type TaskStopped struct {
	TaskARN              string `json:"taskArn"`
	TaskDefinition       string `json:"taskDefinition,omitempty"`
	Deployment           string `json:"deployment,omitempty"`
	ContainerInstanceARN string `json:"containerInstanceArn,omitempty"`
	AvailabilityZone     string `json:"availabilityZone,omitempty"`
	Reason               string `json:"reason"`
}

// Count is the service's tasks per deployment at a time.
type Count struct {
	At          time.Time         `json:"at"`
	Deployments []DeploymentCount `json:"deployments"`
}

// DeploymentCount is one deployment's tasks: running, and pending (not
// yet RUNNING), as DescribeServices counts them.
type DeploymentCount struct {
	ID             string `json:"id"`
	Status         string `json:"status"`
	TaskDefinition string `json:"taskDefinition"`
	Running        int32  `json:"running"`
	Pending        int32  `json:"pending"`
}

// Event is a service event.
type Event struct {
	At      time.Time `json:"at"`
	Message string    `json:"message"`
}

// StuckKind is why an update did not complete.
type StuckKind string

// The ways an update can fail to complete.
const (
	// StuckDeploymentConfiguration: minimumHealthyPercent and
	// maximumPercent allow neither a stop nor a start.
	StuckDeploymentConfiguration StuckKind = "DeploymentConfiguration"
	// StuckPlacement: tasks cannot be placed, and nothing is under way
	// that could make room.
	StuckPlacement StuckKind = "Placement"
	// StuckCircuitBreaker: the deployment circuit breaker failed the
	// deployment (and rolled back when rollback is on).
	StuckCircuitBreaker StuckKind = "CircuitBreaker"
	// StuckLimit: the limit passed before a steady state.
	StuckLimit StuckKind = "Limit"
)

// Stuck is why and when an update did not complete.
type Stuck struct {
	Kind StuckKind `json:"kind"`
	// Reason is ECS's service event for it (for Limit, ours).
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// Predict foresees what ECS will do with an UpdateService request,
// without changing the world: on a [World.Clone] it applies the request
// (a refusal is returned as ECS's exception, as [World.UpdateService]
// returns it) and runs virtual time until the service is steady, the
// update is stuck, or limit has passed. The clone's agents behave as the
// world's [Agent] says, so the prediction is as good as that model: by
// default every task starts and passes its health checks.
//
// The prediction ends early, as stuck, when waiting cannot help: the
// deployment configuration blocks every start and stop; the circuit
// breaker fails the deployment without rollback; or tasks cannot be placed
// while nothing in the cluster is under way that could make room (no task
// starting, settling, awaiting a health check verdict or stopping, no
// agent update). After a rollback it runs on to
// the rollback's steady state. A deployment with a bake (alarms,
// bakeTimeInMinutes) runs on through it to its completion (BakeUntil);
// the world's alarms keep their states in the clone, so none enters ALARM
// and fails the deployment during a prediction. A limit of zero or less is an
// InvalidParameterException.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
func (w *World) Predict(req model.UpdateServiceRequest, limit time.Duration) (Prediction, error) {
	if limit <= 0 {
		return Prediction{}, invalid("Predict: the limit %s must be positive.", limit)
	}
	c := w.Clone()
	c.opts.DiscardTimeline = false // the prediction reads it
	c.onStep = nil
	resp, err := c.UpdateService(req)
	if err != nil {
		return Prediction{}, err
	}
	svc := resp.Service
	cluster := clusterName(svc.ClusterARN)
	if cluster == "" {
		cluster, _ = model.ResolveCluster(req.Cluster)
	}
	p := Prediction{Cluster: cluster, Service: svc.ServiceName, TaskDefinition: svc.TaskDefinition,
		DesiredCount: svc.DesiredCount, Start: c.now, Batches: []Batch{}, Counts: []Count{}, Events: []Event{}}
	if cfg, err := deployment.Resolve(svc.DeploymentConfiguration, svc.SchedulingStrategy, model.DeploymentControllerTypeECS); err == nil {
		if b, err := deployment.BoundsFor(svc.DesiredCount, cfg); err == nil {
			p.Floor, p.Ceiling = b.Floor, b.Ceiling
		}
	}
	// The update's deployment is the PRIMARY the service did not have.
	var before []string
	if cs := w.clusters[cluster]; cs != nil {
		if s := cs.service(svc.ServiceName); s != nil {
			for _, d := range s.Deployments {
				before = append(before, d.ID)
			}
		}
	}
	for _, d := range svc.Deployments {
		if d.Status == model.DeploymentStatusPrimary && !slices.Contains(before, d.ID) {
			p.Deployment = d.ID
		}
	}
	if cs := c.clusters[cluster]; cs != nil {
		p.count(c, cs) // as the call leaves it
	}
	seq := c.recSeq
	done := false
	c.onStep = func(cl string, st *service.Step) {
		if cl != cluster || st.Service.ServiceName != p.Service || done {
			return
		}
		cs := c.clusters[cl]
		if len(st.Start)+len(st.Stop) > 0 {
			b := Batch{At: c.now, Floor: st.Bounds.Floor, Ceiling: st.Bounds.Ceiling, Blocked: st.Blocked, BlockedReason: st.BlockedReason}
			for _, t := range st.Start {
				b.Started = append(b.Started, TaskStarted{TaskARN: t.TaskARN, TaskDefinition: t.TaskDefinitionARN, Deployment: t.StartedBy,
					ContainerInstanceARN: t.ContainerInstanceARN, AvailabilityZone: t.AvailabilityZone})
			}
			for _, s := range st.Stop {
				ts := TaskStopped{TaskARN: s.TaskARN, Deployment: s.DeploymentID, Reason: s.Reason}
				if t := cs.task(s.TaskARN); t != nil {
					ts.TaskDefinition, ts.ContainerInstanceARN, ts.AvailabilityZone = t.TaskDefinitionARN, t.ContainerInstanceARN, t.AvailabilityZone
				}
				b.Stopped = append(b.Stopped, ts)
			}
			p.Batches = append(p.Batches, b)
		}
		p.count(c, cs)
		if p.Deployment != "" {
			for _, d := range st.Service.Deployments {
				if d.ID == p.Deployment && d.RolloutState == model.DeploymentRolloutStateCompleted {
					p.Completed = true
				}
			}
		}
		if st.Steady && !st.BakeUntil.IsZero() {
			// Baking: steady, the deployment still IN_PROGRESS.
			if !p.Steady {
				p.Steady, p.SteadyAt = true, c.now
			}
			p.BakeUntil = st.BakeUntil
			return
		}
		if st.Steady {
			if !p.Steady {
				p.Steady, p.SteadyAt = true, c.now
			}
			if p.Deployment == "" {
				p.Completed = true
			}
			done = true
			return
		}
		p.Steady = false // lost during a bake; the bake starts again
		stuck := func(k StuckKind) {
			if p.Stuck == nil {
				p.Stuck = &Stuck{Kind: k, Reason: st.BlockedReason, At: c.now}
			}
		}
		switch st.Blocked {
		case service.BlockedByDeploymentConfiguration:
			stuck(StuckDeploymentConfiguration)
			done = true
		case service.BlockedByCircuitBreaker:
			stuck(StuckCircuitBreaker)
			if len(st.Service.Deployments) > 0 && st.Service.Deployments[0].RolloutState == model.DeploymentRolloutStateFailed {
				done = true // halted: no rollback to wait for
			}
		case service.BlockedByPlacement:
			grace := max(deployment.SettleTime, deployment.GracePeriod(st.Service.HealthCheckGracePeriodSeconds))
			if len(st.Start)+len(st.Stop)+len(st.Forget) == 0 && !c.underWay(cs, grace) {
				stuck(StuckPlacement)
				done = true
			}
		}
	}
	if _, err := c.RunUntil(func(*World) bool { return done }, limit); err != nil {
		return Prediction{}, err
	}
	p.End = c.now
	if !done && p.Stuck == nil {
		p.Stuck = &Stuck{Kind: StuckLimit, Reason: "no steady state within " + limit.String(), At: c.now}
	}
	if p.Completed && p.Stuck != nil && p.Stuck.Kind != StuckLimit {
		p.Stuck = nil // blocked for a while, then through
	}
	if !p.Completed && p.Stuck == nil {
		p.Stuck = &Stuck{Kind: StuckLimit, Reason: "the deployment did not complete within " + limit.String(), At: c.now}
	}
	for _, r := range c.TimelineSince(seq) {
		if r.Kind == RecordServiceEvent && r.Cluster == cluster && r.Service == p.Service {
			p.Events = append(p.Events, Event{At: r.At, Message: r.Message})
		}
	}
	return p, nil
}

// count appends the service's counts per deployment when they changed.
func (p *Prediction) count(w *World, cs *clusterState) {
	s := cs.service(p.Service)
	if s == nil {
		return
	}
	d := w.describeService(cs, s)
	cur := Count{At: w.now}
	for _, dep := range d.Deployments {
		cur.Deployments = append(cur.Deployments, DeploymentCount{ID: dep.ID, Status: string(dep.Status), TaskDefinition: dep.TaskDefinition,
			Running: dep.RunningCount, Pending: dep.PendingCount})
	}
	if n := len(p.Counts); n > 0 && slices.Equal(p.Counts[n-1].Deployments, cur.Deployments) {
		return
	}
	p.Counts = append(p.Counts, cur)
}

// underWay reports whether anything other than the scheduler can still
// change the cluster: an event due (a task starting, passing health checks
// or stopping, an agent update stage), or a task that started less than
// settle ago, whose health the scheduler judges by its age alone (see
// [deployment.SettleTime] and the health check grace period).
func (w *World) underWay(cs *clusterState, settle time.Duration) bool {
	for _, e := range w.queue {
		if e.kind != evTick && e.cluster == cs.name() {
			return true
		}
	}
	for i := range cs.tasks {
		t := &cs.tasks[i]
		if t.LastStatus == model.TaskStatusRunning && w.now.Sub(t.StartedAt.Time) < settle {
			return true
		}
	}
	return false
}
