// Command simulate is the walkthrough a newcomer runs first:
//
//	go run ./examples/simulate
//
// It runs an Amazon ECS cluster in the library's world ([ecsstate.World])
// and prints a timeline: a service on container instances over three
// Availability Zones is scaled, updated to a new task definition with
// minimum 50% / maximum 200% batching and AZ-balanced placement, one of its
// instances is drained mid-deployment, one instance's container agent is
// updated (and loses its connection while staging), and finally a bad task
// definition is deployed whose tasks fail to start, so the deployment
// circuit breaker trips and rolls the service back. The service events ECS
// would write are shown in ECS's words, followed after each scheduler run
// (when they changed) by the service's tasks per Availability Zone and per
// task definition revision: the tasks the scheduler wants running, RUNNING
// or still starting, not those it is stopping. The first column is the
// virtual time elapsed since the start, in minutes and seconds. The chart
// plots RUNNING tasks, and per revision also the tasks launched but not yet
// running, so that a deployment whose tasks never run is visible.
//
// Everything goes through the world's ECS operations, as a program talking
// to ECS would: CreateCluster, RegisterContainerInstance,
// RegisterTaskDefinition and CreateService build the cluster;
// UpdateService, UpdateContainerInstancesState (draining) and
// UpdateContainerAgent are the scenario's actions; the tasks that fail to
// start are an [ecsstate.Agent] fault, and the agent's disconnect is
// [ecsstate.World.SetAgentConnected]. The program only moves virtual time
// ([ecsstate.World.AdvanceTo], [ecsstate.World.RunUntil]) and reads what
// happened from the world's timeline ([ecsstate.World.TimelineSince]) and
// its Describe and List operations. The same seed gives the same output.
//
// A second scenario, scenarios/daemon-protection.json, runs a DAEMON
// service beside the service ([ecsstate.World.CreateService] with
// schedulingStrategy DAEMON) while instances join and drain, and protects
// tasks from scale-in ([ecsstate.World.UpdateTaskProtection]) through a
// deployment, a scale-in and a daemon deployment, which wait on the
// protected tasks with ECS's event until the protection is cleared or
// expires:
//
//	go run ./examples/simulate -scenario examples/simulate/scenarios/daemon-protection.json
//
// After each scheduler run that wrote a daemon's events, the timeline shows
// on which instances the daemon's tasks run or start, against the ACTIVE
// instances it should run on.
//
// Three scenarios deploy through traffic shifts behind a load balancer,
// BLUE_GREEN, LINEAR and CANARY, with lifecycle hooks the scenario answers
// and a StopServiceDeployment rollback; the timeline then prints each
// lifecycle stage and the traffic per revision, and the chart draws it:
//
//	go run ./examples/simulate -scenario examples/simulate/scenarios/canary.json
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
//	                steady state, with its cost: CPU time (user and system,
//	                and the page faults the kernel served) and the process's
//	                peak resident memory; it sets a soft memory limit of
//	                40 MiB + 4.5 KiB per task unless GOMEMLIMIT is set
//	-runs N         instead of the scenario, N seeded runs of its web:2
//	                deployment with random task failures (-failrate), and
//	                the distribution of deployment times
//	-failrate P     probability that a task fails to start, for -runs
//	                (default 0.1)
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "simulate:", err)
		}
		os.Exit(1)
	}
}

// start is the world's virtual time at the start; the timeline shows the
// time elapsed since it.
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
