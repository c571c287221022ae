package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
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
// registerInstances and protectTasks actions; scenarios/canary.json (with
// blue-green.json and linear.json) of the service's loadBalancers, the
// hookAnswers to lifecycle hooks, and the stopServiceDeployment action.
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
	// LoadBalancers are the service's, as CreateService takes them: a
	// BLUE_GREEN, LINEAR or CANARY deployment moves their production (and
	// test) traffic through advancedConfiguration's alternate target group
	// and listener rules. containerName is the task definition's one
	// container, "app".
	LoadBalancers []model.LoadBalancer `json:"loadBalancers,omitempty"`
	// HookAnswers answer the lifecycle hooks of the service's BLUE_GREEN,
	// LINEAR and CANARY deployments, playing the hook's Lambda function
	// or the operator who resumes a PAUSE hook. A hook with no answer runs
	// into its timeout.
	HookAnswers []HookAnswer `json:"hookAnswers,omitempty"`
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

// HookAnswer is the outcome a lifecycle hook reports, After the hook
// starts running, at Stage of the service's Run-th traffic-shifting
// deployment (BLUE_GREEN, LINEAR or CANARY; counting from 1; 0 means every
// one). For an AWS_LAMBDA hook the outcome is SUCCEEDED or FAILED, what
// the function returns to ECS ([ecsstate.World.CompleteLifecycleHook]);
// for a PAUSE hook CONTINUE or ROLLBACK, the ContinueServiceDeployment
// action. A hook at PRE_PRODUCTION_TRAFFIC_SHIFT or
// PRODUCTION_TRAFFIC_SHIFT runs again at every traffic step; the answer
// answers each run.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContinueServiceDeployment.html
type HookAnswer struct {
	Stage   model.DeploymentLifecycleHookStage `json:"stage"`
	Outcome string                             `json:"outcome"`
	After   Duration                           `json:"after,omitempty"`
	Run     int                                `json:"run,omitempty"`
}

// Hook outcomes a scenario may give.
const (
	outcomeSucceeded = "SUCCEEDED"
	outcomeFailed    = "FAILED"
	outcomeContinue  = "CONTINUE"
	outcomeRollback  = "ROLLBACK"
)

// StopDeployment is a StopServiceDeployment call on the service's service
// deployment in progress. ECS's stopType ROLLBACK is the only one the
// world models (and the default).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html
type StopDeployment struct {
	StopType model.ServiceDeploymentStopType `json:"stopType,omitempty"`
}

// Action is one thing the operator (or the world) does at a time. Exactly
// one of UpdateService, DrainInstance, RegisterInstances, UpdateAgent,
// ProtectTasks and StopServiceDeployment is set.
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
	// StopServiceDeployment stops the service's deployment in progress
	// and rolls it back.
	StopServiceDeployment *StopDeployment `json:"stopServiceDeployment,omitempty"`
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
	if err := s.checkLoadBalancers(); err != nil {
		return err
	}
	if err := s.checkHookAnswers(); err != nil {
		return err
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
		if sd := a.StopServiceDeployment; sd != nil {
			n++
			if err := sd.check(); err != nil {
				return fmt.Errorf("scenario: action %d: stopServiceDeployment: %w", i+1, err)
			}
		}
		if p := a.ProtectTasks; p != nil {
			n++
			if err := p.check(services); err != nil {
				return fmt.Errorf("scenario: action %d: protectTasks: %w", i+1, err)
			}
		}
		if n != 1 {
			return fmt.Errorf("scenario: action %d must set exactly one of updateService, drainInstance, registerInstances, updateAgent, protectTasks, stopServiceDeployment", i+1)
		}
		if u := a.UpdateService; u != nil && (u.Service == "" || u.Service == s.Service) && u.LoadBalancers == nil && u.DeploymentConfiguration != nil {
			// The world would refuse it at run time; say so before.
			if err := model.ValidateStrategyRequirements("updateService.deploymentConfiguration", u.DeploymentConfiguration, s.LoadBalancers, false); err != nil {
				return fmt.Errorf("scenario: action %d: %w", i+1, err)
			}
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

// maxLoadBalancers is ECS's quota of target groups per service; the
// simulator models target groups, not Classic Load Balancers.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html
const maxLoadBalancers = 5

// checkLoadBalancers checks the service's load balancers: target groups
// on the one container ("app") and a port, each advancedConfiguration as
// the ECS API checks it, and the service's own deployment configuration
// against them (LINEAR and CANARY need one; any traffic-shifting strategy
// needs the production listener rule and role).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LoadBalancer.html
func (s *Scenario) checkLoadBalancers() error {
	if len(s.LoadBalancers) > maxLoadBalancers {
		return fmt.Errorf("scenario: at most %d loadBalancers (ECS's quota of target groups per service)", maxLoadBalancers)
	}
	for i, lb := range s.LoadBalancers {
		switch {
		case lb.LoadBalancerName != "":
			return fmt.Errorf("scenario: loadBalancers[%d]: loadBalancerName (a Classic Load Balancer) is not modelled; give a targetGroupArn", i)
		case lb.TargetGroupARN == "":
			return fmt.Errorf("scenario: loadBalancers[%d]: targetGroupArn is required", i)
		case lb.ContainerName != "app":
			return fmt.Errorf("scenario: loadBalancers[%d]: containerName is %q; the task definitions' one container is \"app\"", i, lb.ContainerName)
		case lb.ContainerPort == nil || *lb.ContainerPort < 1 || *lb.ContainerPort > 65535:
			return fmt.Errorf("scenario: loadBalancers[%d]: containerPort must be 1 to 65535", i)
		}
		if i > 0 && *lb.ContainerPort != *s.LoadBalancers[0].ContainerPort {
			return fmt.Errorf("scenario: loadBalancers[%d]: containerPort %d; the container has one port, %d", i, *lb.ContainerPort, *s.LoadBalancers[0].ContainerPort)
		}
	}
	if err := model.ValidateLoadBalancers("loadBalancers", s.LoadBalancers); err != nil {
		return fmt.Errorf("scenario: %w", err)
	}
	if err := model.ValidateStrategyRequirements("deploymentConfiguration", s.DeploymentConfiguration, s.LoadBalancers, false); err != nil {
		return fmt.Errorf("scenario: %w", err)
	}
	return nil
}

// maxHookAnswers keeps the answers few; a walkthrough needs a handful.
const maxHookAnswers = 50

// checkHookAnswers checks each answer: a stage a hook can run at, an
// outcome of the kind of hook the scenario declares there (SUCCEEDED or
// FAILED for an AWS_LAMBDA hook, CONTINUE or ROLLBACK for a PAUSE hook),
// and no two answers to the same hook run.
func (s *Scenario) checkHookAnswers() error {
	if len(s.HookAnswers) > maxHookAnswers {
		return fmt.Errorf("scenario: at most %d hookAnswers", maxHookAnswers)
	}
	// The hooks the scenario declares: in the service's deployment
	// configuration and in its updates'.
	declared := map[model.DeploymentLifecycleHookStage]map[model.DeploymentLifecycleHookTargetType]bool{}
	add := func(dc *model.DeploymentConfiguration) {
		if dc == nil {
			return
		}
		for i := range dc.LifecycleHooks {
			target, _, _ := dc.LifecycleHooks[i].Resolved()
			for _, st := range dc.LifecycleHooks[i].LifecycleStages {
				if declared[st] == nil {
					declared[st] = map[model.DeploymentLifecycleHookTargetType]bool{}
				}
				declared[st][target] = true
			}
		}
	}
	add(s.DeploymentConfiguration)
	for _, a := range s.Actions {
		if u := a.UpdateService; u != nil && (u.Service == "" || u.Service == s.Service) {
			add(u.DeploymentConfiguration)
		}
	}
	for i, h := range s.HookAnswers {
		var target model.DeploymentLifecycleHookTargetType
		switch h.Outcome {
		case outcomeSucceeded, outcomeFailed:
			target = model.HookTargetLambda
		case outcomeContinue, outcomeRollback:
			target = model.HookTargetPause
		default:
			return fmt.Errorf("scenario: hookAnswers[%d]: outcome %q is none of SUCCEEDED, FAILED (an AWS_LAMBDA hook), CONTINUE, ROLLBACK (a PAUSE hook)", i, h.Outcome)
		}
		switch {
		case !slices.Contains(model.DeploymentLifecycleHookStage("").Values(), h.Stage):
			return fmt.Errorf("scenario: hookAnswers[%d]: stage %q is not a stage a lifecycle hook runs at (%v)", i, h.Stage, model.DeploymentLifecycleHookStage("").Values())
		case h.Run < 0:
			return fmt.Errorf("scenario: hookAnswers[%d]: run is %d; it counts the traffic-shifting deployments from 1 (0: every one)", i, h.Run)
		case h.After > s.Until:
			return fmt.Errorf("scenario: hookAnswers[%d]: after %s is past the end of the run (until %s)", i, time.Duration(h.After), time.Duration(s.Until))
		case !declared[h.Stage][target]:
			return fmt.Errorf("scenario: hookAnswers[%d]: %s answers an %s hook, and no deploymentConfiguration of the service has one at %s", i, h.Outcome, target, h.Stage)
		}
		// Two answers to one hook run: the same stage and kind of hook, and
		// the same run or one of them every run.
		if j := slices.IndexFunc(s.HookAnswers[:i], func(o HookAnswer) bool {
			return o.Stage == h.Stage && hookTarget(o.Outcome) == target && (o.Run == h.Run || o.Run == 0 || h.Run == 0)
		}); j >= 0 {
			return fmt.Errorf("scenario: hookAnswers[%d]: answers the %s hook at %s that hookAnswers[%d] answers already", i, target, h.Stage, j)
		}
	}
	return nil
}

// hookTarget is the kind of hook an outcome answers.
func hookTarget(outcome string) model.DeploymentLifecycleHookTargetType {
	if outcome == outcomeContinue || outcome == outcomeRollback {
		return model.HookTargetPause
	}
	return model.HookTargetLambda
}

// check refuses the stop types the world does not model.
func (sd *StopDeployment) check() error {
	switch sd.StopType {
	case "", model.StopTypeRollback:
		return nil
	case model.StopTypeAbort:
		return fmt.Errorf("stopType ABORT is not modelled by the world; ROLLBACK is")
	}
	return fmt.Errorf("stopType %q is neither ROLLBACK nor ABORT", sd.StopType)
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
		Deployment: s.DeploymentConfiguration, Placement: s.PlacementStrategy, LoadBalancers: s.LoadBalancers,
		Interval: time.Duration(s.SchedulerInterval), Agent: agent, Seed: seed,
	}
}
