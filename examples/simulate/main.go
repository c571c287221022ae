// Command simulate is the walkthrough a newcomer runs first:
//
//	go run ./examples/simulate
//
// It runs a small discrete-event simulation of an Amazon ECS cluster and
// prints a timeline: a service on container instances over three
// Availability Zones is scaled, updated to a new task definition with
// minimum 50% / maximum 200% batching and AZ-balanced placement, one of its
// instances is drained mid-deployment, one instance's container agent is
// updated (and loses its connection while staging), and finally a bad task
// definition is deployed whose tasks fail to start, so the deployment
// circuit breaker trips and rolls the service back. Each scheduler step is
// shown with the service events ECS would write, in ECS's words, followed
// (when they changed) by the service's tasks per Availability Zone and per
// task definition revision: the tasks the scheduler wants running, RUNNING
// or still starting, not those it is stopping. The chart plots the RUNNING
// ones.
//
// The library holds no clock, no randomness and no state: this program owns
// them. Its event loop (package examples/internal/sim) keeps the simulated
// time, draws task start and stop delays from a seeded generator, calls
// service.Reconcile every scheduler interval and applies the result with
// service.ApplyStep, and plays the agents' part (tasks reaching RUNNING or
// failing, agent update progress). The same seed gives the same output.
//
// To keep lines short the timeline abbreviates task IDs to their first eight
// hex digits and lists at most three of them per event; everything else is
// ECS's message as the library writes it.
//
// Flags:
//
//	-scenario FILE  a scenario in JSON (default: the embedded scenario.json,
//	                which documents the format)
//	-seed N         the seed of the simulation's randomness (default 1)
//	-instances N    cluster size: overrides the scenario's instance count
//	-out PATH       write the timeline (or the -size / -runs report) to PATH
//	                instead of standard output
//	-svg PATH       where to write the chart (default: ecsstate-simulate.svg
//	                in the system's temporary directory, so the README's
//	                command leaves nothing in the working tree; "" for none)
//	-size N         instead of the scenario, a rolling deployment of an
//	                N-task service on N instances over three zones, run to
//	                steady state, with its cost
//	-runs N         instead of the scenario, N seeded runs of its web:2
//	                deployment with random task failures (-failrate), and
//	                the distribution of deployment times
//	-failrate P     probability that a task fails to start, for -runs
//	                (default 0.1)
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ecsstate/ecsstate/agentupdate"
	"github.com/ecsstate/ecsstate/examples/internal/sim"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "simulate:", err)
		}
		os.Exit(1)
	}
}

// start is the simulated clock's origin; the timeline shows time since it.
var start = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

// defaultSVG is where the chart goes unless -svg says otherwise: the
// temporary directory, so that running the README's command from a clone
// does not add an untracked file to it.
func defaultSVG() string { return filepath.Join(os.TempDir(), "ecsstate-simulate.svg") }

func run(args []string, stdout io.Writer) (err error) {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stdout)
	scenarioPath := fs.String("scenario", "", "scenario `file` (JSON; default: the embedded scenario.json)")
	seed := fs.Uint64("seed", 1, "seed of the simulation's randomness")
	instances := fs.Int("instances", 0, "cluster size (overrides the scenario's instance count)")
	svgPath := fs.String("svg", defaultSVG(), "where to write the SVG chart (\"\" for none)")
	size := fs.Int("size", 0, "run a rolling deployment of a `N`-task service on N instances instead of the scenario")
	runs := fs.Int("runs", 0, "run the scenario's first deployment `N` times with random task failures and report")
	failRate := fs.Float64("failrate", 0.1, "probability that a task fails to start, for -runs")
	outPath := fs.String("out", "", "write the timeline or report to this `file` instead of standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, f.Close()) }()
		stdout = f
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *size > 0 {
		return runScale(stdout, *size, *seed)
	}
	raw := defaultScenario
	if *scenarioPath != "" {
		b, err := os.ReadFile(*scenarioPath)
		if err != nil {
			return err
		}
		raw = b
	}
	scn, err := parseScenario(raw)
	if err != nil {
		return err
	}
	if *instances > 0 {
		scn.Instances = *instances
		if err := scn.check(); err != nil {
			return err
		}
	}
	if *runs > 0 {
		return runReport(stdout, scn, *runs, *seed, *failRate)
	}
	h, err := simulate(scn, *seed, stdout)
	if err != nil {
		return err
	}
	if *svgPath == "" {
		return nil
	}
	f, err := os.Create(*svgPath)
	if err != nil {
		return err
	}
	if err := writeChart(f, h); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "chart: %s\n", *svgPath)
	return nil
}

// history is what a run leaves for the chart and the tests.
type history struct {
	Zones     []string
	Revisions []string
	Samples   []sample
	Marks     []mark
	// Settled holds the running task counts each time the service reached
	// a steady state with its deployment COMPLETED.
	Settled []settled
	// Events are every service event written, oldest first.
	Events []string
	// AgentStatuses are the agent update statuses the instance went
	// through, in order.
	AgentStatuses []string
	End           time.Duration
}

// settled is a steady state: the running tasks and the index in Events
// of the last event written with it.
type settled struct {
	sim.Counts
	Event int
}

type sample struct {
	At time.Duration
	sim.Counts
}

type mark struct {
	At    time.Duration
	Label string
}

// newWorld builds the scenario's world with the given seed.
func newWorld(scn *Scenario, seed uint64) (*sim.World, error) {
	w, err := sim.Build(scn.spec(), start, seed)
	if err != nil {
		return nil, err
	}
	w.Tick = time.Duration(scn.SchedulerInterval)
	w.Behaviour.Start = sim.Delay{Min: time.Duration(scn.TaskStart[0]), Max: time.Duration(scn.TaskStart[1])}
	w.Behaviour.Stop = sim.Delay{Min: time.Duration(scn.TaskStop[0]), Max: time.Duration(scn.TaskStop[1])}
	return w, nil
}

// simulate runs the scenario and prints its timeline to out.
func simulate(scn *Scenario, seed uint64, out io.Writer) (*history, error) {
	w, err := newWorld(scn, seed)
	if err != nil {
		return nil, err
	}
	h := &history{Zones: w.Zones()}
	for _, td := range w.TaskDefs {
		h.Revisions = append(h.Revisions, sim.Revision(td.TaskDefinitionARN))
	}
	say := func(format string, args ...any) {
		d := w.Now.Sub(start)
		fmt.Fprintf(out, "%02d:%02d  %s\n", int(d.Minutes()), int(d.Seconds())%60, fmt.Sprintf(format, args...))
	}
	fmt.Fprintf(out, "cluster %s: %d container instances (%d CPU units, %d MiB, agent %s) over %s; service %s; seed %d\n",
		scn.Cluster, len(w.Instances), scn.InstanceCPU, scn.InstanceMemory, scn.AgentVersion, strings.Join(h.Zones, ", "), scn.Service, seed)
	lastCounts := ""
	w.OnStep = func(w *sim.World, st *service.Step) {
		c := w.Count()
		h.Samples = append(h.Samples, sample{At: w.Now.Sub(start), Counts: c})
		for i := len(st.Events) - 1; i >= 0; i-- {
			h.Events = append(h.Events, st.Events[i].Message)
			say("%s", sim.Shorten(st.Events[i].Message))
		}
		if w.Settled() && len(st.Events) > 0 {
			h.Settled = append(h.Settled, settled{Counts: c, Event: len(h.Events) - 1})
		}
		if s := countsLine(h, w.CountPlaced()); len(st.Events) > 0 && s != lastCounts {
			fmt.Fprintf(out, "       %s\n", s)
			lastCounts = s
		}
	}
	for i := range scn.Actions {
		a := scn.Actions[i]
		w.At(start.Add(time.Duration(a.At)), func(w *sim.World) error {
			h.Marks = append(h.Marks, mark{At: w.Now.Sub(start), Label: a.Note})
			return act(w, scn, &a, h, say)
		})
	}
	w.Start()
	end := start.Add(time.Duration(scn.Until))
	if _, err := w.RunUntil(end, nil); err != nil {
		return nil, err
	}
	h.End = w.Now.Sub(start)
	c := w.Count()
	say("end: %d tasks running; deployments:", c.Total)
	for _, d := range service.Describe(w.Service).Deployments {
		fmt.Fprintf(out, "       %s %s %s %s running %d, failed tasks %d\n", d.ID, d.Status, d.RolloutState,
			sim.Revision(d.TaskDefinition), d.RunningCount, d.FailedTasks)
	}
	return h, nil
}

// countsLine renders task counts per zone and per revision.
func countsLine(h *history, c sim.Counts) string {
	var b strings.Builder
	b.WriteString("tasks:")
	for _, z := range h.Zones {
		fmt.Fprintf(&b, " %s %d", z, c.ByZone[z])
	}
	b.WriteString(" |")
	for _, r := range h.Revisions {
		if n := c.ByRevision[r]; n > 0 {
			fmt.Fprintf(&b, " %s %d", r, n)
		}
	}
	return b.String()
}

// act carries out one scenario action.
func act(w *sim.World, scn *Scenario, a *Action, h *history, say func(string, ...any)) error {
	switch {
	case a.UpdateService != nil:
		body, err := json.Marshal(a.UpdateService)
		if err != nil {
			return err
		}
		res, err := w.UpdateService(*a.UpdateService)
		if err != nil {
			say("▶ %s: UpdateService %s refused: %v", a.Note, body, err)
			return nil
		}
		say("▶ %s: UpdateService %s", a.Note, body)
		if res.NewDeployment != "" {
			say("  new PRIMARY deployment %s (IN_PROGRESS); %s is now ACTIVE", res.NewDeployment, res.Superseded)
		}
	case a.DrainInstance != 0:
		k := a.DrainInstance - 1
		ci, err := model.TransitionContainerInstance(w.Instances[k], model.ContainerInstanceStatusDraining)
		if err != nil {
			return err
		}
		w.Instances[k] = ci
		say("▶ %s: instance %d (%s) is DRAINING with %s", a.Note, a.DrainInstance, ci.AvailabilityZone(), plural(int(ci.RunningTasksCount), "running task"))
	case a.UpdateAgent != nil:
		return updateAgent(w, scn, a, h, say)
	}
	return nil
}

// updateAgent calls UpdateContainerAgent and schedules the agent's side of
// the update: staging (with a disconnect when asked), the restart, and the
// reconnect on the new version. Each step goes through agentupdate.Apply.
func updateAgent(w *sim.World, scn *Scenario, a *Action, h *history, say func(string, ...any)) error {
	k := a.UpdateAgent.Instance - 1
	arn := w.Instances[k].ContainerInstanceARN
	catalog := agentupdate.Catalog{Latest: scn.LatestAgentVersion}
	resp, err := agentupdate.UpdateContainerAgent(
		model.UpdateContainerAgentRequest{Cluster: scn.Cluster, ContainerInstance: arn},
		agentupdate.NewSnapshot(agentupdate.ClusterState{Cluster: w.Cluster, Instances: w.Instances}), catalog, w.Now)
	if err != nil {
		say("▶ %s: UpdateContainerAgent on instance %d refused: %v", a.Note, a.UpdateAgent.Instance, err)
		return nil
	}
	w.Instances[k] = *resp.ContainerInstance
	h.AgentStatuses = append(h.AgentStatuses, string(resp.ContainerInstance.AgentUpdateStatus))
	say("▶ %s: UpdateContainerAgent on instance %d (%s): %s, agent %s, %s not interrupted", a.Note, a.UpdateAgent.Instance,
		w.Instances[k].AvailabilityZone(), resp.ContainerInstance.AgentUpdateStatus, resp.ContainerInstance.VersionInfo.AgentVersion,
		plural(int(resp.ContainerInstance.RunningTasksCount), "running task"))
	events := []agentupdate.Event{{Kind: agentupdate.StagingStarted}}
	gaps := []time.Duration{0}
	if d := time.Duration(a.UpdateAgent.DisconnectFor); d > 0 {
		events = append(events, agentupdate.Event{Kind: agentupdate.AgentDisconnected}, agentupdate.Event{Kind: agentupdate.AgentConnected})
		gaps = append(gaps, 0, d)
	}
	events = append(events, agentupdate.Event{Kind: agentupdate.Staged}, agentupdate.Event{Kind: agentupdate.UpdateStarted},
		agentupdate.Event{Kind: agentupdate.AgentReconnected, AgentVersion: scn.LatestAgentVersion})
	gaps = append(gaps, 0, 0, 0)
	at := w.Now
	for i, ev := range events {
		at = at.Add(gaps[i] + time.Duration(5+w.Rand().IntN(16))*time.Second)
		w.At(at, func(w *sim.World) error {
			k := w.Instance(arn)
			step, err := agentupdate.Apply(w.Instances[k], ev, w.Now)
			if err != nil {
				return err
			}
			w.Instances[k] = step.Instance
			ci := &step.Instance
			switch ev.Kind {
			case agentupdate.AgentDisconnected:
				say("agent on instance %d disconnected: update stays %s; no task is placed there meanwhile", k+1, step.To)
			case agentupdate.AgentConnected:
				say("agent on instance %d connected again: the update resumes from %s", k+1, step.To)
			case agentupdate.AgentReconnected:
				h.AgentStatuses = append(h.AgentStatuses, string(step.To))
				say("agent on instance %d: %s → %s, agent %s, still %s", k+1, step.From, step.To, ci.VersionInfo.AgentVersion, plural(int(ci.RunningTasksCount), "running task"))
			default:
				h.AgentStatuses = append(h.AgentStatuses, string(step.To))
				say("agent on instance %d: %s → %s", k+1, step.From, step.To)
			}
			return nil
		})
	}
	return nil
}

// zonesWithinOne reports whether the counts of every pair of zones differ
// by at most one.
func zonesWithinOne(c sim.Counts) bool {
	var ns []int
	for _, n := range c.ByZone {
		ns = append(ns, n)
	}
	return len(ns) == 0 || slices.Max(ns)-slices.Min(ns) <= 1
}

// plural writes "1 task", "2 tasks".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
