// Command plan predicts what Amazon ECS will do with an UpdateService call
// on a real service, without calling AWS:
//
//	go run ./examples/plan
//
// runs it on the sample files in examples/plan/sample (a four-task service
// "web" on six instances over three Availability Zones, updated from web:7
// to web:8 with minimum 100% and maximum 150%). For your own service, save
// what the AWS CLI prints and pass the files, in any order, with the
// request body:
//
//	aws ecs describe-services --cluster prod --services web > services.json
//	aws ecs list-container-instances --cluster prod --query containerInstanceArns --output text |
//	    xargs aws ecs describe-container-instances --cluster prod --container-instances > instances.json
//	aws ecs list-tasks --cluster prod --query taskArns --output text |
//	    xargs aws ecs describe-tasks --cluster prod --tasks > tasks.json
//	aws ecs describe-task-definition --task-definition web:7 > td7.json
//	aws ecs describe-task-definition --task-definition web:8 > td8.json
//	echo '{"cluster":"prod","service":"web","taskDefinition":"web:8"}' > request.json
//	go run ./examples/plan -request request.json services.json instances.json tasks.json td7.json td8.json
//
// Each file is recognised by its content (ecsstate.Snapshot.AddJSON), so
// describe-clusters output may be added too; list every task of the
// cluster, not only the service's, so that the instances' free resources
// come out right. (describe-tasks and describe-container-instances take at
// most 100 resources per call: pass each call's output as its own file.)
// One file may be "-", read from standard input. The older flags
// -services, -instances, -tasks and -task-definition name files too.
//
// It loads the files into an ecsstate world (ecsstate.Load, printing each
// warning: a count that does not match the tasks given, a task on an
// instance not described, …), then predicts the update on it
// (ecsstate.World.Predict) and prints: the service as it is; whether ECS
// accepts the request, and if not the exception ECS returns; the floor and
// ceiling minimumHealthyPercent and maximumPercent give; then the rollout
// batch by batch with the service events: each new task and the instance
// and zone it goes to, each task stopped and why; and how it ends. It
// exits with status 1 when ECS refuses the request or the service does not
// reach a steady state with the update done (stuck, rolled back, or
// -limit reached).
//
// Flags:
//
//	-request FILE   the UpdateService request body (JSON); the sample's without files
//	-output FORMAT  text (default) or json: the prediction as data (ecsstate.Prediction)
//	-svg PATH       where to draw the rollout as an SVG chart (default:
//	                ecsstate-plan.svg in the temporary directory; "" for none)
//	-limit D        how much simulated time to predict at most (default 2h)
//	-now TIME       the time of the request (RFC 3339; default: the newest
//	                timestamp in the input)
//	-seed N         seed for task timings and the random placement strategy
//	-pull D, -stop D  fix how long a new task takes to pull and start, and a
//	                stopped task to stop (default: the world's agent, 10–20 s
//	                and 30 s)
//
// The prediction assumes the agents behave (every task starts and passes
// its health checks); a task without health checks counts as healthy 40
// seconds after it starts, as ECS documents.
package main

import (
	"embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ecsstate/ecsstate"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

//go:embed sample/*.json
var samples embed.FS

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "plan:", err)
		}
		os.Exit(1)
	}
}

// defaultLimit is how much simulated time -limit allows by default.
const defaultLimit = 2 * time.Hour

// errNotDone is returned when the prediction ends without the update done.
var errNotDone = errors.New("the update does not complete")

// files is a repeatable flag.
type files []string

func (f *files) String() string     { return strings.Join(*f, ",") }
func (f *files) Set(s string) error { *f = append(*f, s); return nil }

// options are the flags that shape the prediction.
type options struct {
	output    string
	svg       string
	limit     time.Duration
	now       string
	seed      uint64
	pull, stp time.Duration
}

func defaultSVG() string { return filepath.Join(os.TempDir(), "ecsstate-plan.svg") }

func run(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("plan", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var inputs files
	fset.Var(&inputs, "services", "`file` with the output of aws ecs describe-services")
	fset.Var(&inputs, "instances", "`file` with the output of aws ecs describe-container-instances")
	fset.Var(&inputs, "tasks", "`file` with the output of aws ecs describe-tasks")
	fset.Var(&inputs, "task-definition", "`file` with the output of aws ecs describe-task-definition (repeat for each revision)")
	requestPath := fset.String("request", "", "`file` with the UpdateService request body (JSON)")
	var opt options
	fset.StringVar(&opt.output, "output", "text", "`format` of the prediction: text or json")
	fset.StringVar(&opt.svg, "svg", defaultSVG(), "`path` of the SVG chart of the rollout (\"\" for none)")
	fset.DurationVar(&opt.limit, "limit", defaultLimit, "the most simulated time to predict")
	fset.StringVar(&opt.now, "now", "", "the `time` of the request (RFC 3339; default: the newest timestamp in the input)")
	fset.Uint64Var(&opt.seed, "seed", 0, "seed for task timings and the random placement strategy")
	fset.DurationVar(&opt.pull, "pull", 0, "how long a new task takes to pull and start (0: the world's agent)")
	fset.DurationVar(&opt.stp, "stop", 0, "how long a stopped task takes to stop (0: the world's agent)")
	if err := fset.Parse(args); err != nil {
		return err
	}
	inputs = append(inputs, fset.Args()...)
	if opt.output != "text" && opt.output != "json" {
		return fmt.Errorf("-output %q: want text or json", opt.output)
	}
	if opt.limit <= 0 {
		return fmt.Errorf("-limit %s: must be positive", opt.limit)
	}
	var open func(string) ([]byte, error)
	switch {
	case len(inputs) == 0:
		if opt.output == "text" {
			fmt.Fprintln(stdout, "(no input files given: using the samples in examples/plan/sample)")
		}
		open = sampleOpen
		entries, err := fs.Glob(samples, "sample/*.json")
		if err != nil {
			return err
		}
		for _, e := range entries {
			if path.Base(e) != "update-service.json" {
				inputs = append(inputs, e)
			}
		}
		if *requestPath == "" {
			*requestPath = "sample/update-service.json"
		} else {
			open = func(name string) ([]byte, error) {
				if name == *requestPath {
					return fileOpen(name)
				}
				return sampleOpen(name)
			}
		}
	case *requestPath == "":
		return fmt.Errorf("give the UpdateService request body with -request")
	default:
		if n := countStdin(append(slices.Clone(inputs), *requestPath)); n > 1 {
			return fmt.Errorf("only one input can be standard input (-)")
		}
		open = fileOpen
	}
	var snap ecsstate.Snapshot
	for _, p := range inputs {
		b, err := open(p)
		if err != nil {
			return err
		}
		if err := snap.AddJSON(b); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	body, err := open(*requestPath)
	if err != nil {
		return err
	}
	var req model.UpdateServiceRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return fmt.Errorf("%s: not an UpdateService request body: %w", *requestPath, err)
	}
	return plan(stdout, stderr, snap, req, opt)
}

func countStdin(paths []string) int {
	n := 0
	for _, p := range paths {
		if p == "-" {
			n++
		}
	}
	return n
}

func sampleOpen(name string) ([]byte, error) { return samples.ReadFile(name) }

func fileOpen(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(name)
}

// plan loads the snapshot, predicts the request and reports.
func plan(stdout, stderr io.Writer, snap ecsstate.Snapshot, req model.UpdateServiceRequest, opt options) error {
	wopts := ecsstate.Options{Seed: opt.seed}
	if opt.now != "" {
		t, err := time.Parse(time.RFC3339, opt.now)
		if err != nil {
			return fmt.Errorf("-now: %w", err)
		}
		wopts.Start = t
	}
	a := ecsstate.DefaultAgent()
	if opt.pull > 0 {
		a.Provision, a.Pull = ecsstate.Fixed(0), ecsstate.Fixed(opt.pull)
	}
	if opt.stp > 0 {
		a.Stop = ecsstate.Fixed(opt.stp)
	}
	wopts.Agent = &a
	w, warnings, err := ecsstate.Load(wopts, snap)
	if err != nil {
		return err
	}
	text := opt.output == "text"
	out := stdout
	if !text {
		out = io.Discard
	}
	for _, wn := range warnings {
		if text {
			fmt.Fprintln(stdout, "warning:", wn)
		} else {
			fmt.Fprintln(stderr, "warning:", wn)
		}
	}
	before, err := describe(out, w, req)
	if err != nil {
		return err
	}
	reqBody, _ := json.Marshal(req)
	fmt.Fprintf(out, "\nUpdateService %s\n", reqBody)
	p, err := w.Predict(req, opt.limit)
	if err != nil {
		var e *ecserrors.Error
		if !errors.As(err, &e) {
			return err
		}
		if text {
			fmt.Fprintf(stdout, "ECS refuses it: %s (HTTP %d): %s\n", e.Code(), e.HTTPStatus(), e.Message())
		} else {
			b, _ := json.MarshalIndent(map[string]any{"refused": e}, "", "  ")
			fmt.Fprintf(stdout, "%s\n", b)
		}
		return fmt.Errorf("ECS refuses the request: %w", err)
	}
	if !text {
		b, err := json.MarshalIndent(p, "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s\n", b)
	} else {
		report(stdout, w, &p, before)
	}
	if opt.svg != "" {
		f, err := os.Create(opt.svg)
		if err != nil {
			return err
		}
		err = writeChart(f, &p)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "chart: %s\n", opt.svg)
	}
	if p.Stuck != nil {
		return fmt.Errorf("%w: %s: %s", errNotDone, p.Stuck.Kind, p.Stuck.Reason)
	}
	return nil
}

// zoneTasks is the service's live tasks per zone and revision.
type zoneTasks struct {
	byZone map[string]int
	byRev  map[string]int
	zones  []string
}

// describe prints the service as it is, and returns its live tasks.
func describe(out io.Writer, w *ecsstate.World, req model.UpdateServiceRequest) (zoneTasks, error) {
	zt := zoneTasks{byZone: map[string]int{}, byRev: map[string]int{}}
	ds, err := w.DescribeServices(model.DescribeServicesRequest{Cluster: req.Cluster, Services: []string{req.Service}})
	if err != nil || len(ds.Services) == 0 {
		return zt, nil // the prediction reports ECS's exception
	}
	svc := ds.Services[0]
	ca, _ := model.ParseARN(svc.ClusterARN)
	fmt.Fprintf(out, "service %s in cluster %s at %s: desired %d, running %d, pending %d\n", svc.ServiceName, ca.Name,
		w.Now().Format(time.RFC3339), svc.DesiredCount, svc.RunningCount, svc.PendingCount)
	for _, d := range svc.Deployments {
		fmt.Fprintf(out, "  deployment %s %s %s on %s: %d running\n", d.ID, d.Status, d.RolloutState, path.Base(d.TaskDefinition), d.RunningCount)
	}
	ci, err := w.ListContainerInstances(model.ListContainerInstancesRequest{Cluster: req.Cluster})
	if err != nil {
		return zt, err
	}
	if len(ci.ContainerInstanceARNs) > 0 {
		dci, err := w.DescribeContainerInstances(model.DescribeContainerInstancesRequest{Cluster: req.Cluster, ContainerInstances: ci.ContainerInstanceARNs})
		if err != nil {
			return zt, err
		}
		for _, c := range dci.ContainerInstances {
			if z := c.AvailabilityZone(); z != "" && !slices.Contains(zt.zones, z) {
				zt.zones = append(zt.zones, z)
			}
		}
	}
	slices.Sort(zt.zones)
	lt, err := w.ListTasks(model.ListTasksRequest{Cluster: req.Cluster, ServiceName: svc.ServiceName})
	if err != nil {
		return zt, err
	}
	if len(lt.TaskARNs) > 0 {
		dt, err := w.DescribeTasks(model.DescribeTasksRequest{Cluster: req.Cluster, Tasks: lt.TaskARNs})
		if err != nil {
			return zt, err
		}
		for _, t := range dt.Tasks {
			if t.DesiredStatus == model.DesiredStatusRunning {
				zt.byZone[t.AvailabilityZone]++
				zt.byRev[path.Base(t.TaskDefinitionARN)]++
			}
		}
	}
	fmt.Fprintf(out, "  %d container instances; %s\n", len(ci.ContainerInstanceARNs), zt.line())
	return zt, nil
}

func (zt *zoneTasks) line() string {
	var b strings.Builder
	total := 0
	for _, n := range zt.byRev {
		total += n
	}
	fmt.Fprintf(&b, "%d tasks", total)
	for _, r := range slices.Sorted(maps.Keys(zt.byRev)) {
		if zt.byRev[r] != 0 {
			fmt.Fprintf(&b, " %s %d", r, zt.byRev[r])
		}
	}
	b.WriteString(" | per zone:")
	for _, z := range zt.zones {
		fmt.Fprintf(&b, " %s %d", z, zt.byZone[z])
	}
	return b.String()
}

// report prints the prediction: acceptance, bounds, then batches and
// events in time order, then the end.
func report(out io.Writer, w *ecsstate.World, p *ecsstate.Prediction, zt zoneTasks) {
	if p.Deployment != "" {
		fmt.Fprintf(out, "ECS accepts it: deployment %s (PRIMARY, IN_PROGRESS) runs %s.\n", p.Deployment, path.Base(p.TaskDefinition))
	} else {
		fmt.Fprintln(out, "ECS accepts it: no new deployment (nothing that needs new tasks changed).")
	}
	fmt.Fprintf(out, "Desired %d: keep at least %d healthy tasks (minimumHealthyPercent), at most %d tasks at once (maximumPercent).\n",
		p.DesiredCount, p.Floor, p.Ceiling)
	d := int64(p.DesiredCount)
	switch {
	case d > 0 && p.Ceiling <= d && p.Floor >= d:
		fmt.Fprintln(out, "These settings cannot replace a task: no start before a stop, no stop before a start.")
	case p.Ceiling > d && p.Floor < d:
		fmt.Fprintln(out, "Progress: new tasks can start before old ones stop, and old ones can stop first.")
	case p.Ceiling > d:
		fmt.Fprintln(out, "Progress: new tasks start first (the floor keeps every old task until a new one is healthy).")
	case p.Floor < d:
		fmt.Fprintln(out, "Progress: old tasks stop first (the ceiling leaves no room for an extra task).")
	}

	names := instanceNames(w)
	fmt.Fprintf(out, "\nWhat ECS will do:\n")
	ei, peak := 0, 0
	live := zt.total()
	for _, b := range p.Batches {
		at := fmt.Sprintf("+%s", b.At.Sub(p.Start))
		for ; ei < len(p.Events) && !p.Events[ei].At.After(b.At); ei++ {
			fmt.Fprintf(out, "%-8s %s\n", fmt.Sprintf("+%s", p.Events[ei].At.Sub(p.Start)), shorten(p.Events[ei].Message))
		}
		for _, s := range b.Stopped {
			fmt.Fprintf(out, "%-8s   stop  %s %s on %s: %s\n", at, path.Base(s.TaskDefinition), shortID(s.TaskARN), names[s.ContainerInstanceARN], s.Reason)
			zt.byZone[s.AvailabilityZone]--
			zt.byRev[path.Base(s.TaskDefinition)]--
		}
		for _, s := range b.Started {
			fmt.Fprintf(out, "%-8s   start %s %s on %s\n", at, path.Base(s.TaskDefinition), shortID(s.TaskARN), names[s.ContainerInstanceARN])
			zt.byZone[s.AvailabilityZone]++
			zt.byRev[path.Base(s.TaskDefinition)]++
		}
		live += len(b.Started) - len(b.Stopped)
		peak = max(peak, live)
		fmt.Fprintf(out, "           → %s\n", zt.line())
	}
	for ; ei < len(p.Events); ei++ {
		fmt.Fprintf(out, "%-8s %s\n", fmt.Sprintf("+%s", p.Events[ei].At.Sub(p.Start)), shorten(p.Events[ei].Message))
	}
	fmt.Fprintln(out)
	switch {
	case p.Completed:
		fmt.Fprintf(out, "Steady after %s: %s.\n", p.SteadyAt.Sub(p.Start), zt.line())
		fmt.Fprintf(out, "At most %d tasks were wanted at once (ceiling %d; tasks being stopped do not count).\n", peak, p.Ceiling)
	case p.Stuck != nil && p.Steady:
		fmt.Fprintf(out, "The update fails (%s): %s\nSteady again after %s, on the rollback: %s.\n", p.Stuck.Kind, p.Stuck.Reason, p.SteadyAt.Sub(p.Start), zt.line())
	case p.Stuck != nil:
		fmt.Fprintf(out, "Stuck after %s (%s): %s\n", p.Stuck.At.Sub(p.Start), p.Stuck.Kind, p.Stuck.Reason)
	}
}

func (zt *zoneTasks) total() int {
	n := 0
	for _, v := range zt.byRev {
		n += v
	}
	return n
}

// instanceNames names each container instance by its EC2 instance ID and
// zone.
func instanceNames(w *ecsstate.World) map[string]string {
	m := map[string]string{"": "Fargate"}
	lc, _ := w.ListClusters(model.ListClustersRequest{})
	for _, c := range lc.ClusterARNs {
		li, _ := w.ListContainerInstances(model.ListContainerInstancesRequest{Cluster: c})
		if len(li.ContainerInstanceARNs) == 0 {
			continue
		}
		di, _ := w.DescribeContainerInstances(model.DescribeContainerInstancesRequest{Cluster: c, ContainerInstances: li.ContainerInstanceARNs})
		for _, ci := range di.ContainerInstances {
			id := ci.EC2InstanceID
			if id == "" {
				id = shortID(ci.ContainerInstanceARN)
			}
			m[ci.ContainerInstanceARN] = fmt.Sprintf("%s (%s)", id, ci.AvailabilityZone())
		}
	}
	return m
}

// shorten abbreviates the task IDs in a service event.
func shorten(msg string) string {
	var b strings.Builder
	for {
		i := strings.Index(msg, "(task ")
		if i < 0 {
			b.WriteString(msg)
			return b.String()
		}
		j := strings.IndexByte(msg[i:], ')')
		if j < 0 {
			b.WriteString(msg)
			return b.String()
		}
		b.WriteString(msg[:i])
		b.WriteString("(task " + shortID(msg[i+6:i+j]) + ")")
		msg = msg[i+j+1:]
	}
}

func shortID(arn string) string {
	id := arn[strings.LastIndexByte(arn, '/')+1:]
	if len(id) > 8 {
		return id[:8] + "…"
	}
	return id
}
