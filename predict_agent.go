package ecsstate

import (
	"slices"
	"strings"
	"time"

	"github.com/ecsstate/ecsstate/agentupdate"
	"github.com/ecsstate/ecsstate/model"
)

// AgentRollout is what updating the container agent across a cluster will
// do, as [World.PredictAgentUpdate] foresees it. It encodes to JSON as is.
type AgentRollout struct {
	Cluster string `json:"cluster"`
	// Latest is the agent version the instances update to (the world's
	// [Options.AgentCatalog]).
	Latest string    `json:"latest"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	// Waves are the UpdateContainerAgent calls, grouped by the time they
	// are made.
	Waves []AgentWave `json:"waves"`
	// Instances are the updates the rollout starts, in the order it starts
	// them, with how each ends.
	Instances []AgentInstance `json:"instances"`
	// Held are the instances the rollout leaves as they are, with
	// agentupdate's reason: those UpdateContainerAgent would refuse (up
	// to date, Windows, …) and those still waiting at the end (DRAINING,
	// agent disconnected). Each encodes to JSON with its message.
	Held []agentupdate.Hold `json:"held"`
	// Done: every update started finished UPDATED and no instance waits.
	Done bool `json:"done"`
	// Stuck is set when the limit passed with updates in progress.
	Stuck *Stuck `json:"stuck,omitempty"`
}

// AgentWave is one round of UpdateContainerAgent calls.
type AgentWave struct {
	At   time.Time `json:"at"`
	Zone string    `json:"zone"`
	// Instances are the container instance ARNs updated.
	Instances []string `json:"instances"`
}

// AgentInstance is one instance's update.
type AgentInstance struct {
	ContainerInstanceARN string    `json:"containerInstanceArn"`
	AvailabilityZone     string    `json:"availabilityZone"`
	RunningTasks         int32     `json:"runningTasks"`
	FromVersion          string    `json:"fromVersion"`
	StartedAt            time.Time `json:"startedAt"`
	// Status is UPDATED or FAILED once the update ended (at FinishedAt),
	// or the stage it was in when the prediction ended.
	Status     model.AgentUpdateStatus `json:"status"`
	FinishedAt time.Time               `json:"finishedAt,omitzero"`
	// Reason is the failure's, for a FAILED update.
	Reason string `json:"reason,omitempty"`
}

// PredictAgentUpdate foresees a fleet agent update of a cluster, without
// changing the world: on a [World.Clone] it calls UpdateContainerAgent on
// the instances [agentupdate.PlanRollout] picks, at most parallel at a
// time and one Availability Zone at a time, fewest running tasks first;
// re-plans whenever an update ends; and stops when nothing is left to
// update or limit has passed. Each update goes through its stages one
// [Agent.UpdateStage] apart ([Agent.FailAgentUpdate] makes some fail). An
// instance whose update fails is not tried again. A cluster that does not
// exist is ClusterNotFoundException; parallel below 1 or a limit of zero
// or less is an InvalidParameterException.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-update.html
func (w *World) PredictAgentUpdate(cluster string, parallel int, limit time.Duration) (AgentRollout, error) {
	if parallel < 1 {
		return AgentRollout{}, invalid("PredictAgentUpdate: parallel must be at least 1, got %d.", parallel)
	}
	if limit <= 0 {
		return AgentRollout{}, invalid("PredictAgentUpdate: the limit %s must be positive.", limit)
	}
	c := w.Clone()
	c.opts.DiscardTimeline = false // the prediction reads it
	c.onStep = nil
	cs, err := c.lookupCluster(cluster)
	if err != nil {
		return AgentRollout{}, err
	}
	r := AgentRollout{Cluster: cs.name(), Latest: c.opts.AgentCatalog.Latest, Start: c.now,
		Waves: []AgentWave{}, Instances: []AgentInstance{}, Held: []agentupdate.Hold{}}
	end := c.now.Add(limit)
	seq := c.recSeq
	at := map[string]int{} // index in r.Instances by ARN
	failed := func(arn string) bool {
		i, ok := at[arn]
		return ok && r.Instances[i].Status == model.AgentUpdateStatusFailed
	}
	// finish reads how the updates started so far stand.
	finish := func() {
		for i := range r.Instances {
			in := &r.Instances[i]
			if in.Status == model.AgentUpdateStatusUpdated || in.Status == model.AgentUpdateStatusFailed {
				continue
			}
			if ci := cs.instance(in.ContainerInstanceARN); ci != nil {
				in.Status = ci.AgentUpdateStatus
				if in.Status == model.AgentUpdateStatusUpdated || in.Status == model.AgentUpdateStatusFailed {
					in.FinishedAt = c.now
				}
			}
		}
	}
	var plan agentupdate.RolloutPlan
	for {
		finish()
		var insts []model.ContainerInstance
		for i := range cs.instances {
			if !failed(cs.instances[i].ContainerInstanceARN) {
				insts = append(insts, cs.instances[i])
			}
		}
		plan, err = agentupdate.PlanRollout(insts, c.opts.AgentCatalog, parallel)
		if err != nil {
			return AgentRollout{}, err
		}
		if len(plan.Next) > 0 {
			wave := AgentWave{At: c.now, Zone: plan.Zone}
			for _, arn := range plan.Next {
				ci := cs.instance(arn)
				in := AgentInstance{ContainerInstanceARN: arn, AvailabilityZone: ci.AvailabilityZone(), RunningTasks: ci.RunningTasksCount, StartedAt: c.now}
				if ci.VersionInfo != nil {
					in.FromVersion = ci.VersionInfo.AgentVersion
				}
				if _, err := c.UpdateContainerAgent(model.UpdateContainerAgentRequest{Cluster: cs.name(), ContainerInstance: arn}); err != nil {
					return AgentRollout{}, err // PlanRollout picked it: the checks are the same
				}
				in.Status = cs.instance(arn).AgentUpdateStatus
				at[arn] = len(r.Instances)
				r.Instances = append(r.Instances, in)
				wave.Instances = append(wave.Instances, arn)
			}
			r.Waves = append(r.Waves, wave)
		}
		busy := append(slices.Clone(plan.InProgress), plan.Next...)
		if len(busy) == 0 {
			break
		}
		// Run until one of the updates in progress ends.
		ended := func(*World) bool {
			for _, arn := range busy {
				if ci := cs.instance(arn); ci == nil || !agentUpdating(ci.AgentUpdateStatus) {
					return true
				}
			}
			return false
		}
		ok, err := c.RunUntil(ended, max(0, end.Sub(c.now)))
		if err != nil {
			return AgentRollout{}, err
		}
		if !ok {
			finish()
			r.Stuck = &Stuck{Kind: StuckLimit, Reason: "agent updates still in progress after " + limit.String(), At: c.now}
			break
		}
	}
	r.End = c.now
	for _, h := range plan.Held {
		if _, started := at[h.ContainerInstanceARN]; !started {
			r.Held = append(r.Held, h)
		}
	}
	r.Done = r.Stuck == nil && !slices.ContainsFunc(r.Held, agentupdate.Hold.Waiting) &&
		!slices.ContainsFunc(r.Instances, func(in AgentInstance) bool { return in.Status != model.AgentUpdateStatusUpdated })
	// Failure reasons, from the clone's timeline ("… agent Failed: REASON").
	for _, rec := range c.TimelineSince(seq) {
		if i, ok := at[rec.Resource]; ok && rec.Kind == RecordAgentUpdate && rec.To == string(model.AgentUpdateStatusFailed) {
			r.Instances[i].Reason = rec.Message
			if k := strings.LastIndex(rec.Message, ": "); k >= 0 {
				r.Instances[i].Reason = rec.Message[k+2:]
			}
		}
	}
	return r, nil
}

// agentUpdating reports whether an agent update is PENDING, STAGING,
// STAGED or UPDATING.
func agentUpdating(s model.AgentUpdateStatus) bool {
	switch s {
	case model.AgentUpdateStatusPending, model.AgentUpdateStatusStaging, model.AgentUpdateStatusStaged, model.AgentUpdateStatusUpdating:
		return true
	}
	return false
}
