// Command endpoint serves a simulated Amazon ECS cluster on 127.0.0.1 as
// an ECS endpoint, for the AWS CLI and AWS SDKs:
//
//	go run ./examples/endpoint -port 4566
//	aws ecs update-service --endpoint-url http://127.0.0.1:4566 --region us-east-1 \
//	    --cluster demo --service web --task-definition web:2
//	aws ecs wait services-stable --endpoint-url http://127.0.0.1:4566 --region us-east-1 \
//	    --cluster demo --services web
//
// The AWS CLI needs credentials of any value (AWS_ACCESS_KEY_ID=x
// AWS_SECRET_ACCESS_KEY=x): the endpoint checks no signature.
//
// The demo world is cluster "demo" with six container instances over three
// Availability Zones (us-east-1a, b, c; 2 vCPU and 4 GiB each), task
// definition "web" in two revisions (web:1, web:2: one container of 256
// CPU units and 512 MiB), and service "web" running 6 tasks of web:1 with
// minimum healthy 50% and maximum 150%, steady for two minutes. An update to web:2
// then rolls three tasks at a time.
//
// Virtual time follows the wall clock at -speed (60 by default: one
// second is one simulated minute), so `aws ecs wait services-stable`, which
// polls every 15 seconds, works unmodified; -speed 0 stops the clock, and
// time then moves only through the control API:
//
//	curl -X POST 'http://127.0.0.1:4566/_ecsstate/advance?d=30s'
//	curl -X POST  http://127.0.0.1:4566/_ecsstate/run-until-steady
//	curl         'http://127.0.0.1:4566/_ecsstate/timeline?format=text'
//	curl -X POST  http://127.0.0.1:4566/_ecsstate/reset
//
// With -load, the world is instead the one the AWS CLI's describe output
// describes (a file per output; see examples/plan for the commands that
// save them), so that a copy of a real cluster answers:
//
//	go run ./examples/endpoint -load services.json -load instances.json -load tasks.json \
//	    -load td7.json -load td8.json
//
// The control API's POST /_ecsstate/load does the same at run time, and
// POST /_ecsstate/reset returns to the world last loaded.
//
// Every call is logged on one line: the virtual time, the operation, the
// HTTP status and the exception if any.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ecsstate/ecsstate"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "endpoint:", err)
		}
		os.Exit(1)
	}
}

// config is what the flags say.
type config struct {
	port  int
	speed float64
	seed  uint64
	load  files
}

// files is a repeatable flag.
type files []string

func (f *files) String() string     { return strings.Join(*f, ",") }
func (f *files) Set(s string) error { *f = append(*f, s); return nil }

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("endpoint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&c.port, "port", 4566, "TCP port on 127.0.0.1 (0: any free port)")
	fs.Float64Var(&c.speed, "speed", 60, "virtual seconds per wall-clock second (0: virtual time moves only through /_ecsstate/advance)")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the world's random draws (task timings, task IDs)")
	fs.Var(&c.load, "load", "a file of aws ecs describe-* output to build the world from instead of the demo (repeat the flag for each file)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.port < 0 || c.port > 65535 {
		return c, fmt.Errorf("-port %d is not a TCP port", c.port)
	}
	if c.speed < 0 || c.speed > 1e6 {
		return c, fmt.Errorf("-speed %g is outside 0 to 1000000", c.speed)
	}
	return c, nil
}

// run serves until ctx is done. The first line on stdout is the
// endpoint's URL, for scripts that start it with -port 0.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	logger := log.New(stderr, "", 0)
	var w *ecsstate.World
	if len(c.load) > 0 {
		var warnings []ecsstate.Warning
		if w, warnings, err = loadWorld(c.seed, c.load); err != nil {
			return err
		}
		for _, wn := range warnings {
			logger.Printf("load: %s", wn)
		}
	} else if w, err = demoWorld(c.seed); err != nil {
		return err
	}
	h := newHandler(w, c, time.Now, logger)

	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", c.port))
	if err != nil {
		return err
	}
	mode := fmt.Sprintf("virtual time at %g× the wall clock", c.speed)
	if c.speed == 0 {
		mode = "virtual time moved only by POST /_ecsstate/advance"
	}
	fmt.Fprintf(stdout, "http://%s\n", ln.Addr())
	what := "cluster demo, service web"
	if len(c.load) > 0 {
		what = "the world of " + c.load.String()
	}
	logger.Printf("ECS endpoint on http://%s (%s); %s", ln.Addr(), mode, what)

	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shut)
	}
}

// newHandler serves w with the flags' time mode, logging each call.
func newHandler(w *ecsstate.World, c config, clock func() time.Time, logger *log.Logger) *ecsstate.Handler {
	opts := ecsstate.HandlerOptions{OnCall: func(call ecsstate.Call) {
		line := fmt.Sprintf("%s %-30s %d", call.Now.Format(time.RFC3339), call.Operation, call.Status)
		if call.Code != "" {
			line += fmt.Sprintf(" %s: %s", call.Code, call.Message)
		}
		logger.Print(line)
	}}
	if c.speed > 0 {
		opts.Clock, opts.Speed = clock, c.speed
	}
	return ecsstate.NewHandler(w, opts)
}

// loadWorld builds a world from describe-* outputs, one a file.
func loadWorld(seed uint64, paths []string) (*ecsstate.World, []ecsstate.Warning, error) {
	var snap ecsstate.Snapshot
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, err
		}
		if err := snap.AddJSON(b); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	return ecsstate.Load(ecsstate.Options{Seed: seed}, snap)
}

// demoWorld builds the demo cluster and runs it until service web is
// steady.
func demoWorld(seed uint64) (*ecsstate.World, error) {
	w := ecsstate.New(ecsstate.Options{Seed: seed})
	if _, err := w.CreateCluster(model.CreateClusterRequest{ClusterName: "demo"}); err != nil {
		return nil, err
	}
	for _, az := range []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1a", "us-east-1b", "us-east-1c"} {
		_, err := w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "demo",
			TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 2048), model.IntegerResource(model.ResourceMemory, 4096)},
			Attributes:     []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: az}}})
		if err != nil {
			return nil, err
		}
	}
	for _, image := range []string{"nginx:1.27", "nginx:1.28"} {
		if _, err := w.RegisterTaskDefinition(model.RegisterTaskDefinitionRequest{Family: "web",
			ContainerDefinitions: []model.ContainerDefinition{{Name: "app", Image: image, CPU: 256, Memory: model.Int32(512), Essential: new(true)}}}); err != nil {
			return nil, err
		}
	}
	if _, err := w.CreateService(model.CreateServiceRequest{Cluster: "demo", ServiceName: "web", TaskDefinition: "web:1", DesiredCount: model.Int32(6),
		DeploymentConfiguration: &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(50), MaximumPercent: model.Int32(150)}}); err != nil {
		return nil, err
	}
	ok, err := w.RunUntil(func(w *ecsstate.World) bool {
		r, err := w.DescribeServices(model.DescribeServicesRequest{Cluster: "demo", Services: []string{"web"}})
		return err == nil && service.StableResponse(&r) == service.WaiterSuccess
	}, time.Hour)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errors.New("the demo service did not reach a steady state within an hour")
	}
	// Two minutes more: the tasks have run past the 40 seconds after which
	// ECS counts a task without health checks toward the minimum healthy
	// percent, and the first deployment is COMPLETED.
	// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service_definition_parameters.html
	return w, w.Advance(2 * time.Minute)
}
