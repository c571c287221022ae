package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ecsstate/ecsstate"
	"github.com/ecsstate/ecsstate/model"
)

// defaultScenario is the scenario run without -scenario; it is also the
// documented sample of the file format (scenario.json in this directory).
//
//go:embed scenario.json
var defaultScenario []byte

// Scenario is the JSON file -scenario reads. Every member is described in
// scenario.json, the default scenario, which doubles as its sample:
//
//   - the cluster: name, region, account, zones, instance count and size,
//     and the agent version the instances run;
//   - the service: name, its task definition revisions (the first is the
//     one it starts on; a revision may fail to start), its deployment
//     configuration and placement strategy, exactly as in the ECS API,
//     and its scheduling strategy (DAEMON: one task per instance);
//   - how the simulated agents behave: how long a task takes to start and
//     to stop, and the scheduler's interval;
//   - daemons (optional): DAEMON services, each with its own task
//     definition revisions and deployment configuration, which ECS runs as
//     one task on every ACTIVE instance;
//   - the actions, each at a time after the start: an UpdateService
//     request body as the ECS API receives it (for the service or a
//     daemon), a container instance set to DRAINING, new container
//     instances that join the cluster, an agent update (with an optional
//     disconnect), or task scale-in protection set or cleared on some of a
//     service's tasks (protectTasks, an UpdateTaskProtection call);
//   - until: when the simulation ends.
//
// scenarios/daemon-protection.json is the sample of the daemons and of the
// registerInstances and protectTasks actions.
type Scenario struct {
	Comment   string   `json:"comment,omitempty"`
	Cluster   string   `json:"cluster"`
	Region    string   `json:"region"`
	AccountID string   `json:"accountId"`
	Zones     []string `json:"zones"`
	Instances int      `json:"instances"`
	// InstanceCPU and InstanceMemory are what each instance registers
	// (CPU units, MiB).
	InstanceCPU    int64  `json:"instanceCpu"`
	InstanceMemory int64  `json:"instanceMemory"`
	AgentVersion   string `json:"agentVersion"`
	// LatestAgentVersion is the newest agent ECS offers (the catalog).
	LatestAgentVersion string `json:"latestAgentVersion"`
	Service            string `json:"service"`
	// SchedulingStrategy DAEMON runs the service itself as a daemon (one
	// task per instance, so no desired count and no placement strategy);
	// empty or REPLICA as a replica service.
	SchedulingStrategy      model.SchedulingStrategy       `json:"schedulingStrategy,omitempty"`
	TaskDefinitions         []TaskDef                      `json:"taskDefinitions"`
	DeploymentConfiguration *model.DeploymentConfiguration `json:"deploymentConfiguration,omitempty"`
	PlacementStrategy       []model.PlacementStrategy      `json:"placementStrategy,omitempty"`
	// TaskStart and TaskStop are [min, max] durations ("5s", "20s").
	TaskStart [2]Duration `json:"taskStart"`
	TaskStop  [2]Duration `json:"taskStop"`
	// SchedulerInterval is the time between reconcile steps.
	SchedulerInterval Duration `json:"schedulerInterval"`
	// Daemons are DAEMON services next to the service.
	Daemons []Daemon `json:"daemons,omitempty"`
	Actions []Action `json:"actions"`
	Until   Duration `json:"until"`
}

// Daemon is a DAEMON service (CreateService with schedulingStrategy
// DAEMON): ECS places one of its tasks on every ACTIVE container instance
// whose agent is connected, and its desired count follows them.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html
type Daemon struct {
	// Service names the daemon service and its task definition family.
	Service string `json:"service"`
	// TaskDefinitions are its revisions, as for the service: the first is
	// the one it starts on.
	TaskDefinitions []TaskDef `json:"taskDefinitions"`
	// DeploymentConfiguration defaults to ECS's for a daemon: minimum 0%,
	// maximum 100%.
	DeploymentConfiguration *model.DeploymentConfiguration `json:"deploymentConfiguration,omitempty"`
}

// Action is one thing the operator (or the world) does at a time. Exactly
// one of UpdateService, DrainInstance, RegisterInstances, UpdateAgent and
// ProtectTasks is set.
type Action struct {
	At Duration `json:"at"`
	// Note is printed on the timeline with the action.
	Note string `json:"note,omitempty"`
	// UpdateService is an UpdateService request body; cluster and service
	// default to the scenario's.
	UpdateService *model.UpdateServiceRequest `json:"updateService,omitempty"`
	// DrainInstance is the number (1..instances) of the container
	// instance to set to DRAINING.
	DrainInstance int `json:"drainInstance,omitempty"`
	// UpdateAgent calls UpdateContainerAgent on an instance and plays the
	// agent's side of the update.
	UpdateAgent *AgentUpdate `json:"updateAgent,omitempty"`
	// RegisterInstances is a number of new container instances that
	// register (RegisterContainerInstance), numbered after those already
	// in the cluster and placed in zones by the same rule.
	RegisterInstances int `json:"registerInstances,omitempty"`
	// ProtectTasks protects or unprotects tasks of a service.
	ProtectTasks *ProtectTasks `json:"protectTasks,omitempty"`
}

// ProtectTasks is an UpdateTaskProtection call on some tasks of a service
// (a scenario cannot know their ARNs in advance, so it counts them). With
// protectionEnabled, it protects Count of the service's
// RUNNING tasks that are not protected yet (the first by instance number,
// then task ARN) for expiresInMinutes (ECS's default, 120, when absent).
// Without it, it clears the protection of Count of the service's
// protected tasks (all of them when Count is 0).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateTaskProtection.html
type ProtectTasks struct {
	// Service defaults to the scenario's service; it may name a daemon.
	Service           string `json:"service,omitempty"`
	Count             int    `json:"count,omitempty"`
	ProtectionEnabled bool   `json:"protectionEnabled"`
	ExpiresInMinutes  *int32 `json:"expiresInMinutes,omitempty"`
}

// AgentUpdate is an agent update on instance Instance (1..instances).
// With DisconnectFor set, the agent loses its connection for that long
// while it is staging the update, then resumes.
type AgentUpdate struct {
	Instance      int      `json:"instance"`
	DisconnectFor Duration `json:"disconnectFor,omitempty"`
}

// Duration is a time.Duration written as in Go ("90s", "6m30s").
type Duration time.Duration

func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a duration is a string such as \"90s\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	if v < 0 {
		return fmt.Errorf("duration %q is negative", s)
	}
	*d = Duration(v)
	return nil
}

func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// Limits that keep a scenario's run small: ECS's quota of container
// instances per cluster, and a week of simulated time.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html
const (
	maxInstances = 5000
	maxUntil     = 7 * 24 * time.Hour
	// maxInstanceSteps bounds scheduler steps × instances: a day of
	// 15-second steps on 5,000 instances (28.8 million) fits with room,
	// and so does a week of them on 500.
	maxInstanceSteps = 50_000_000
	// maxDaemons keeps a scenario's services few; ECS's quota (services
	// per cluster) is far larger, but a walkthrough needs a handful.
	maxDaemons = 10
)

// parseScenario decodes a scenario strictly (unknown members are errors,
// so a typo does not silently change the run) and checks it.
func parseScenario(b []byte) (*Scenario, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var s Scenario
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return &s, s.check()
}

func (s *Scenario) check() error {
	switch {
	case s.Cluster == "" || s.Service == "":
		return fmt.Errorf("scenario: cluster and service must be named")
	case len(s.Zones) == 0:
		return fmt.Errorf("scenario: no zones")
	case s.Instances < 1 || s.Instances > maxInstances:
		return fmt.Errorf("scenario: instances must be 1 to %d (ECS's quota per cluster)", maxInstances)
	case len(s.TaskDefinitions) == 0:
		return fmt.Errorf("scenario: no task definitions")
	case s.SchedulerInterval < Duration(time.Second):
		return fmt.Errorf("scenario: schedulerInterval must be at least 1s")
	case s.Until > Duration(maxUntil):
		return fmt.Errorf("scenario: until must be at most %s", maxUntil)
	case s.SchedulingStrategy != "" && s.SchedulingStrategy != model.SchedulingStrategyReplica && s.SchedulingStrategy != model.SchedulingStrategyDaemon:
		return fmt.Errorf("scenario: schedulingStrategy %q is neither REPLICA nor DAEMON", s.SchedulingStrategy)
	case s.SchedulingStrategy == model.SchedulingStrategyDaemon && len(s.PlacementStrategy) > 0:
		// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html
		return fmt.Errorf("scenario: a DAEMON service takes no placementStrategy: it runs one task on every instance")
	}
	for i, td := range s.TaskDefinitions {
		if td.Revision != int32(i+1) {
			return fmt.Errorf("scenario: task definition %d has revision %d; revisions count 1, 2, 3, … as RegisterTaskDefinition numbers them", i+1, td.Revision)
		}
	}
	services := map[string]bool{s.Service: true}
	if len(s.Daemons) > maxDaemons {
		return fmt.Errorf("scenario: at most %d daemons", maxDaemons)
	}
	for i, d := range s.Daemons {
		switch {
		case d.Service == "":
			return fmt.Errorf("scenario: daemon %d must be named", i+1)
		case services[d.Service]:
			return fmt.Errorf("scenario: daemon %d is named %q, as another service of the scenario", i+1, d.Service)
		case len(d.TaskDefinitions) == 0:
			return fmt.Errorf("scenario: daemon %s has no task definitions", d.Service)
		}
		services[d.Service] = true
		for j, td := range d.TaskDefinitions {
			if td.Revision != int32(j+1) {
				return fmt.Errorf("scenario: task definition %d of daemon %s has revision %d; revisions count 1, 2, 3, … as RegisterTaskDefinition numbers them", j+1, d.Service, td.Revision)
			}
		}
	}
	instances := s.Instances // registered by the time of the action
	for i, a := range s.Actions {
		n := 0
		if a.UpdateService != nil {
			n++
		}
		if a.DrainInstance != 0 {
			n++
			if a.DrainInstance < 1 || a.DrainInstance > instances {
				return fmt.Errorf("scenario: action %d drains instance %d of %d", i+1, a.DrainInstance, instances)
			}
		}
		if a.UpdateAgent != nil {
			n++
			if a.UpdateAgent.Instance < 1 || a.UpdateAgent.Instance > instances {
				return fmt.Errorf("scenario: action %d updates the agent of instance %d of %d", i+1, a.UpdateAgent.Instance, instances)
			}
		}
		if a.RegisterInstances != 0 {
			n++
			if a.RegisterInstances < 1 || a.RegisterInstances > maxInstances-instances { // not instances+n, which can overflow
				return fmt.Errorf("scenario: action %d registers %d instances to the %d there are; 1 or more, and at most %d in all (ECS's quota per cluster)",
					i+1, a.RegisterInstances, instances, maxInstances)
			}
			instances += a.RegisterInstances
		}
		if p := a.ProtectTasks; p != nil {
			n++
			if err := p.check(services); err != nil {
				return fmt.Errorf("scenario: action %d: protectTasks: %w", i+1, err)
			}
		}
		if n != 1 {
			return fmt.Errorf("scenario: action %d must set exactly one of updateService, drainInstance, registerInstances, updateAgent, protectTasks", i+1)
		}
		if i > 0 && a.At < s.Actions[i-1].At {
			return fmt.Errorf("scenario: action %d is earlier than the one before it", i+1)
		}
	}
	// Each scheduler step looks at every instance, so the run's work is
	// about steps × instances; refuse a scenario that would run for hours
	// (a week of 1-second steps on 5,000 instances is 3 billion) instead of
	// starting it without an end in sight.
	if steps := int64(s.Until) / int64(s.SchedulerInterval); steps*int64(instances) > maxInstanceSteps {
		return fmt.Errorf("scenario: %d scheduler steps (until %s every %s) on up to %d instances is more than %d instance-steps; lengthen schedulerInterval or shorten until",
			steps, time.Duration(s.Until), time.Duration(s.SchedulerInterval), instances, int64(maxInstanceSteps))
	}
	return nil
}

// check checks a protection action against the API's limits: at most 10
// tasks a call, and 1 to 2,880 minutes.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateTaskProtection.html
func (p *ProtectTasks) check(services map[string]bool) error {
	switch {
	case p.Service != "" && !services[p.Service]:
		return fmt.Errorf("service %q is neither the scenario's service nor one of its daemons", p.Service)
	case p.Count < 0 || p.Count > model.MaxProtectionTasks:
		return fmt.Errorf("count is %d; UpdateTaskProtection takes 1 to %d tasks", p.Count, model.MaxProtectionTasks)
	case p.ProtectionEnabled && p.Count == 0:
		return fmt.Errorf("protectionEnabled needs count: how many tasks to protect")
	case !p.ProtectionEnabled && p.ExpiresInMinutes != nil:
		return fmt.Errorf("expiresInMinutes is only for protectionEnabled true")
	case p.ExpiresInMinutes != nil && (*p.ExpiresInMinutes < 1 || *p.ExpiresInMinutes > model.MaxProtectionMinutes):
		return fmt.Errorf("expiresInMinutes is %d; it must be 1 to %d", *p.ExpiresInMinutes, model.MaxProtectionMinutes)
	}
	return nil
}

// spec is the scenario's cluster, with the agents' timings it gives:
// taskStart is the time from launch to RUNNING (image pull and start),
// taskStop the time from a stop to STOPPED.
func (s *Scenario) spec(seed uint64) clusterSpec {
	agent := ecsstate.DefaultAgent()
	agent.Provision = ecsstate.Fixed(0)
	agent.Pull = ecsstate.Delay{Min: time.Duration(s.TaskStart[0]), Max: time.Duration(s.TaskStart[1])}
	agent.Stop = ecsstate.Delay{Min: time.Duration(s.TaskStop[0]), Max: time.Duration(s.TaskStop[1])}
	agent.UpdateStage = ecsstate.Delay{Min: 5 * time.Second, Max: 20 * time.Second}
	return clusterSpec{
		Account: model.Account{Partition: "aws", Region: s.Region, AccountID: s.AccountID},
		Cluster: s.Cluster, Zones: s.Zones, Instances: s.Instances,
		InstanceCPU: s.InstanceCPU, InstanceMemory: s.InstanceMemory, AgentVersion: s.AgentVersion, LatestAgent: s.LatestAgentVersion,
		Service: s.Service, TaskDefs: s.TaskDefinitions, Strategy: s.SchedulingStrategy, Daemons: s.Daemons,
		Deployment: s.DeploymentConfiguration, Placement: s.PlacementStrategy,
		Interval: time.Duration(s.SchedulerInterval), Agent: agent, Seed: seed,
	}
}
