// Command plan predicts what Amazon ECS will do with an UpdateService call
// on a real service, without calling AWS:
//
//	go run ./examples/plan
//
// runs it on the sample files in examples/plan/sample (a four-task service
// "web" on six instances over three Availability Zones, updated from web:7
// to web:8 with minimum 100% and maximum 150%). For your own service, save
// what the AWS CLI prints and pass the files:
//
//	aws ecs describe-services --cluster prod --services web > services.json
//	aws ecs list-container-instances --cluster prod --query containerInstanceArns --output text |
//	    xargs aws ecs describe-container-instances --cluster prod --container-instances > instances.json
//	aws ecs list-tasks --cluster prod --service-name web --query taskArns --output text |
//	    xargs aws ecs describe-tasks --cluster prod --tasks > tasks.json
//	aws ecs describe-task-definition --task-definition web:7 > td7.json
//	aws ecs describe-task-definition --task-definition web:8 > td8.json
//	echo '{"cluster":"prod","service":"web","taskDefinition":"web:8"}' > request.json
//	go run ./examples/plan -services services.json -instances instances.json -tasks tasks.json \
//	    -task-definition td7.json -task-definition td8.json -request request.json
//
// (describe-tasks takes at most 100 tasks per call and describe-container-
// instances 100 instances: for more, concatenate the calls' arrays into one
// file.) One of the files may be "-", read from standard input.
//
// It prints: the service as it is; whether ECS accepts the request, and
// if not the exception ECS returns (service.UpdateService, with ECS's
// exception codes); the floor and ceiling minimumHealthyPercent and
// maximumPercent give and whether a rolling update can make progress under
// them (deployment.CheckProgress); then the rollout step by step as the
// service scheduler runs it (service.Reconcile): each batch of new tasks and
// the container instance and zone each goes to, each task stopped and why,
// the service events, until the service is steady or two simulated hours
// have passed.
//
// The prediction assumes every new task starts (-start after its launch)
// and stops (-stop after the scheduler stops it) as planned; a task without
// health checks counts as healthy 40 seconds after it starts, as ECS
// documents. The clock starts at -now, by default one minute after the
// newest timestamp in the input, so the same files always give the same
// prediction.
package main

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ecsstate/ecsstate/deployment"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/examples/internal/sim"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

//go:embed sample/*.json
var samples embed.FS

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "plan:", err)
		}
		os.Exit(1)
	}
}

// files is a repeatable flag.
type files []string

func (f *files) String() string     { return strings.Join(*f, ",") }
func (f *files) Set(s string) error { *f = append(*f, s); return nil }

// input is everything the prediction reads.
type input struct {
	services  model.DescribeServicesResponse
	instances model.DescribeContainerInstancesResponse
	tasks     model.DescribeTasksResponse
	taskDefs  []model.TaskDefinition
	request   model.UpdateServiceRequest
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stdout)
	servicesPath := fs.String("services", "", "`file` with the output of aws ecs describe-services")
	instancesPath := fs.String("instances", "", "`file` with the output of aws ecs describe-container-instances")
	tasksPath := fs.String("tasks", "", "`file` with the output of aws ecs describe-tasks")
	var tdPaths files
	fs.Var(&tdPaths, "task-definition", "`file` with the output of aws ecs describe-task-definition (repeat for each revision involved)")
	requestPath := fs.String("request", "", "`file` with the UpdateService request body (JSON)")
	serviceName := fs.String("service", "", "the service to plan for, when -services describes several")
	nowFlag := fs.String("now", "", "the time the request is made (RFC 3339; default: a minute after the newest timestamp in the input)")
	seed := fs.Uint64("seed", 1, "seed for the random placement strategy")
	startAfter := fs.Duration("start", 30*time.Second, "how long a new task takes to reach RUNNING")
	stopAfter := fs.Duration("stop", 30*time.Second, "how long a stopped task takes to reach STOPPED")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	paths := []string{*servicesPath, *instancesPath, *tasksPath, *requestPath}
	given := len(tdPaths)
	for _, p := range paths {
		if p != "" {
			given++
		}
	}
	var in input
	var err error
	switch {
	case given == 0:
		fmt.Fprintln(stdout, "(no input files given: using the samples in examples/plan/sample)")
		in, err = readInput(sampleOpen, "sample/services.json", "sample/container-instances.json", "sample/tasks.json",
			"sample/update-service.json", []string{"sample/task-definition-web-7.json", "sample/task-definition-web-8.json"})
	case slices.Contains(paths, "") || len(tdPaths) == 0:
		return fmt.Errorf("give all of -services, -instances, -tasks, -request and at least one -task-definition (or none, for the samples)")
	default:
		if n := strings.Count(strings.Join(append(slices.Clone(paths), tdPaths...), "\x00")+"\x00", "-\x00"); n > 1 {
			return fmt.Errorf("only one input can be standard input (-)")
		}
		in, err = readInput(fileOpen, *servicesPath, *instancesPath, *tasksPath, *requestPath, tdPaths)
	}
	if err != nil {
		return err
	}
	return predict(stdout, &in, options{service: *serviceName, now: *nowFlag, seed: *seed, start: *startAfter, stop: *stopAfter})
}

func sampleOpen(name string) ([]byte, error) { return samples.ReadFile(name) }

func fileOpen(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(name)
}

func readInput(open func(string) ([]byte, error), services, instances, tasks, request string, tds []string) (input, error) {
	var in input
	for _, f := range []struct {
		path string
		into any
	}{{services, &in.services}, {instances, &in.instances}, {tasks, &in.tasks}, {request, &in.request}} {
		b, err := open(f.path)
		if err != nil {
			return in, err
		}
		if err := json.Unmarshal(b, f.into); err != nil {
			return in, fmt.Errorf("%s: %w", f.path, err)
		}
	}
	for _, p := range tds {
		b, err := open(p)
		if err != nil {
			return in, err
		}
		td, err := decodeTaskDefinition(b)
		if err != nil {
			return in, fmt.Errorf("%s: %w", p, err)
		}
		in.taskDefs = append(in.taskDefs, td)
	}
	return in, nil
}

// decodeTaskDefinition reads what describe-task-definition prints
// ({"taskDefinition": {...}}) or a bare task definition.
func decodeTaskDefinition(b []byte) (model.TaskDefinition, error) {
	var wrapped struct {
		TaskDefinition *model.TaskDefinition `json:"taskDefinition"`
	}
	if err := json.Unmarshal(b, &wrapped); err != nil {
		return model.TaskDefinition{}, err
	}
	if wrapped.TaskDefinition != nil {
		return *wrapped.TaskDefinition, nil
	}
	var td model.TaskDefinition
	if err := json.Unmarshal(b, &td); err != nil {
		return td, err
	}
	if td.TaskDefinitionARN == "" {
		return td, fmt.Errorf("not a task definition (no taskDefinitionArn)")
	}
	return td, nil
}

type options struct {
	service     string
	now         string
	seed        uint64
	start, stop time.Duration
}

// predict prints the prediction.
func predict(out io.Writer, in *input, opt options) error {
	svc, err := pickService(in, opt.service)
	if err != nil {
		return err
	}
	now, err := startTime(in, svc, opt.now)
	if err != nil {
		return err
	}
	ca, err := model.ParseARN(svc.ClusterARN)
	if err != nil {
		return fmt.Errorf("service %s: clusterArn: %w", svc.ServiceName, err)
	}
	w := sim.New(now, opt.seed)
	w.Cluster = model.Cluster{ClusterARN: svc.ClusterARN, ClusterName: ca.Name, Status: model.ClusterStatusActive}
	w.Service = *svc
	// The loop updates instances and tasks in place: give it copies.
	w.Instances = slices.Clone(in.instances.ContainerInstances)
	w.Tasks = slices.Clone(in.tasks.Tasks)
	w.TaskDefs = in.taskDefs
	w.Behaviour = sim.Behaviour{Start: sim.Delay{Min: opt.start, Max: opt.start}, Stop: sim.Delay{Min: opt.stop, Max: opt.stop}}
	w.Start() // indexes; the first tick runs when the loop does
	names := instanceNames(w.Instances)

	fmt.Fprintf(out, "service %s in cluster %s at %s: desired %d, running %d, pending %d\n", svc.ServiceName, ca.Name,
		now.Format(time.RFC3339), svc.DesiredCount, svc.RunningCount, svc.PendingCount)
	for _, d := range service.Describe(*svc).Deployments {
		fmt.Fprintf(out, "  deployment %s %s %s on %s: %d running\n", d.ID, d.Status, d.RolloutState, sim.Revision(d.TaskDefinition), d.RunningCount)
	}
	fmt.Fprintf(out, "  %d container instances; %s\n", len(w.Instances), zoneLine(w, w.CountPlaced()))

	body, _ := json.Marshal(in.request)
	fmt.Fprintf(out, "\nUpdateService %s\n", body)
	res, err := w.UpdateService(in.request)
	if err != nil {
		var e *ecserrors.Error
		if errors.As(err, &e) {
			fmt.Fprintf(out, "ECS refuses it: %s (HTTP %d): %s\n", e.Code(), e.HTTPStatus(), e.Message())
			return nil
		}
		return err
	}
	svc = &w.Service
	if res.NewDeployment != "" {
		fmt.Fprintf(out, "ECS accepts it: deployment %s (PRIMARY, IN_PROGRESS) runs %s; %s becomes ACTIVE and is drained.\n",
			res.NewDeployment, sim.Revision(svc.TaskDefinition), orNone(res.Superseded))
	} else {
		fmt.Fprintln(out, "ECS accepts it: no new deployment (nothing that needs new tasks changed).")
	}

	cfg, err := deployment.Resolve(svc.DeploymentConfiguration, svc.SchedulingStrategy, controller(svc))
	if err != nil {
		return err
	}
	prog, err := deployment.CheckProgress(svc.DesiredCount, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "minimumHealthyPercent %d: keep at least %d healthy tasks; maximumPercent %d: at most %d tasks at once.\n",
		cfg.MinimumHealthyPercent, prog.Bounds.Floor, cfg.MaximumPercent, prog.Bounds.Ceiling)
	switch {
	case prog.Stuck:
		fmt.Fprintf(out, "These settings cannot make progress; ECS reports: %s\n", deployment.NoProgressMessage(svc.ServiceName))
	case prog.StartFirst && prog.StopFirst:
		fmt.Fprintln(out, "Progress: new tasks can start before old ones stop, and old ones can stop first.")
	case prog.StartFirst:
		fmt.Fprintln(out, "Progress: new tasks start first (the floor keeps every old task until a new one is healthy).")
	case prog.StopFirst:
		fmt.Fprintln(out, "Progress: old tasks stop first (the ceiling leaves no room for an extra task).")
	}

	fmt.Fprintf(out, "\nWhat ECS will do (a task runs %s after launch and stops %s after the scheduler stops it):\n", opt.start, opt.stop)
	peak := 0
	w.OnStep = func(w *sim.World, st *service.Step) {
		if len(st.Start)+len(st.Stop)+len(st.Events) == 0 {
			return
		}
		at := fmt.Sprintf("+%s", w.Now.Sub(now))
		for i := len(st.Events) - 1; i >= 0; i-- {
			fmt.Fprintf(out, "%-7s %s\n", at, sim.Shorten(st.Events[i].Message))
			at = ""
		}
		for _, s := range st.Stop {
			fmt.Fprintf(out, "%-7s   stop  %s %s on %s: %s\n", at, revisionOf(w, s.TaskARN), shortID(s.TaskARN), names[taskInstance(w, s.TaskARN)], s.Reason)
			at = ""
		}
		for _, t := range st.Start {
			fmt.Fprintf(out, "%-7s   start %s %s on %s\n", at, sim.Revision(t.TaskDefinitionARN), shortID(t.TaskARN), names[t.ContainerInstanceARN])
			at = ""
		}
		placed, stopping := w.CountPlaced(), 0
		for i := range w.Tasks {
			t := &w.Tasks[i]
			if t.Group == "service:"+w.Service.ServiceName && t.DesiredStatus == model.DesiredStatusStopped && t.LastStatus != model.TaskStatusStopped {
				stopping++
			}
		}
		peak = max(peak, placed.Total)
		fmt.Fprintf(out, "          → %s; %d stopping\n", zoneLine(w, placed), stopping)
	}
	done, err := w.RunUntil(now.Add(2*time.Hour), (*sim.World).Settled)
	if err != nil {
		return err
	}
	if !done {
		fmt.Fprintf(out, "No steady state within two hours of simulated time.\n")
		return nil
	}
	c := w.Count()
	fmt.Fprintf(out, "\nSteady after %s: %s.\nAt most %d tasks were wanted at once (ceiling %d; tasks being stopped do not count, as in deployment.Plan).\n",
		w.Now.Sub(now), zoneLine(w, c), peak, prog.Bounds.Ceiling)
	return nil
}

func pickService(in *input, name string) (*model.Service, error) {
	ss := in.services.Services
	switch {
	case name != "":
		for i := range ss {
			if ss[i].ServiceName == name || ss[i].ServiceARN == name {
				return &ss[i], nil
			}
		}
		return nil, fmt.Errorf("no service %q in the describe-services output", name)
	case len(ss) == 1:
		return &ss[0], nil
	case len(ss) == 0:
		return nil, fmt.Errorf("the describe-services output lists no service (failures: %v)", in.services.Failures)
	}
	return nil, fmt.Errorf("the describe-services output lists %d services: choose one with -service", len(ss))
}

// startTime is -now, or a minute after the newest timestamp of the input.
func startTime(in *input, svc *model.Service, flagValue string) (time.Time, error) {
	if flagValue != "" {
		return time.Parse(time.RFC3339, flagValue)
	}
	var newest time.Time
	see := func(t model.Time) {
		if t.Time.After(newest) {
			newest = t.Time
		}
	}
	see(svc.CreatedAt)
	for _, d := range svc.Deployments {
		see(d.CreatedAt)
		see(d.UpdatedAt)
	}
	for _, e := range svc.Events {
		see(e.CreatedAt)
	}
	for i := range in.tasks.Tasks {
		see(in.tasks.Tasks[i].CreatedAt)
		see(in.tasks.Tasks[i].StartedAt)
	}
	if newest.IsZero() {
		return newest, fmt.Errorf("the input has no timestamps: give -now")
	}
	return newest.Add(time.Minute).Truncate(time.Second), nil
}

func controller(svc *model.Service) model.DeploymentControllerType {
	if svc.DeploymentController == nil {
		return ""
	}
	return svc.DeploymentController.Type
}

// instanceNames names each container instance by its EC2 instance ID and
// zone.
func instanceNames(cis []model.ContainerInstance) map[string]string {
	m := map[string]string{"": "Fargate"}
	for i := range cis {
		id := cis[i].EC2InstanceID
		if id == "" {
			id = shortID(cis[i].ContainerInstanceARN)
		}
		m[cis[i].ContainerInstanceARN] = fmt.Sprintf("%s (%s)", id, cis[i].AvailabilityZone())
	}
	return m
}

func zoneLine(w *sim.World, c sim.Counts) string {
	var b bytes.Buffer
	zones := w.Zones()
	fmt.Fprintf(&b, "%d tasks", c.Total)
	revs := make([]string, 0, len(c.ByRevision))
	for r := range c.ByRevision {
		revs = append(revs, r)
	}
	slices.Sort(revs)
	for _, r := range revs {
		fmt.Fprintf(&b, " %s %d", r, c.ByRevision[r])
	}
	b.WriteString(" | per zone:")
	for _, z := range zones {
		fmt.Fprintf(&b, " %s %d", z, c.ByZone[z])
	}
	return b.String()
}

func shortID(arn string) string {
	id := arn[strings.LastIndexByte(arn, '/')+1:]
	if len(id) > 8 {
		return id[:8] + "…"
	}
	return id
}

func taskInstance(w *sim.World, arn string) string {
	for i := range w.Tasks {
		if w.Tasks[i].TaskARN == arn {
			return w.Tasks[i].ContainerInstanceARN
		}
	}
	return ""
}

func revisionOf(w *sim.World, arn string) string {
	for i := range w.Tasks {
		if w.Tasks[i].TaskARN == arn {
			return sim.Revision(w.Tasks[i].TaskDefinitionARN)
		}
	}
	return "?"
}

func orNone(s string) string {
	if s == "" {
		return "no deployment"
	}
	return s
}
