// Package sdktest drives the ecsstate endpoint with real ECS clients: the
// AWS SDK for Go v2 (this module's tests) and the AWS CLI (cli_test.sh).
// It is a module of its own so that the library's module depends on no
// AWS code.
package sdktest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/smithy-go"

	"github.com/ecsstate/ecsstate"
)

// env is an endpoint on a loopback port and an SDK client for it. Virtual
// time follows a fake clock that moves Step on every request, so a waiter
// that polls sees the cluster move between polls without any real wait.
type env struct {
	h      *ecsstate.Handler
	client *ecs.Client
	url    string

	mu    sync.Mutex
	calls []ecsstate.Call
}

func newEnv(t *testing.T, step time.Duration) *env {
	t.Helper()
	e := &env{}
	wall := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	var clockMu sync.Mutex
	clock := func() time.Time {
		clockMu.Lock()
		defer clockMu.Unlock()
		wall = wall.Add(step)
		return wall
	}
	e.h = ecsstate.NewHandler(ecsstate.New(ecsstate.Options{Seed: 3}), ecsstate.HandlerOptions{
		Clock: clock,
		OnCall: func(c ecsstate.Call) {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.calls = append(e.calls, c)
		},
	})
	srv := httptest.NewServer(e.h)
	t.Cleanup(srv.Close)
	e.url = srv.URL
	e.client = ecs.New(ecs.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret"}, nil
		}),
		RetryMaxAttempts: 1,
	})
	return e
}

// countCalls counts the calls of an operation the endpoint has answered.
func (e *env) countCalls(op string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, c := range e.calls {
		if c.Operation == op {
			n++
		}
	}
	return n
}

// cluster creates cluster "prod" with n instances over three zones and
// task definition web in two revisions, all through the SDK.
func (e *env) cluster(t *testing.T, n int) {
	t.Helper()
	ctx := context.Background()
	if _, err := e.client.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: aws.String("prod")}); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		_, err := e.client.RegisterContainerInstance(ctx, &ecs.RegisterContainerInstanceInput{
			Cluster: aws.String("prod"),
			TotalResources: []types.Resource{
				{Name: aws.String("CPU"), Type: aws.String("INTEGER"), IntegerValue: 2048},
				{Name: aws.String("MEMORY"), Type: aws.String("INTEGER"), IntegerValue: 4096},
			},
			Attributes: []types.Attribute{{Name: aws.String("ecs.availability-zone"), Value: aws.String(fmt.Sprintf("us-east-1%c", 'a'+i%3))}},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, image := range []string{"nginx:1.27", "nginx:1.28"} {
		_, err := e.client.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{
			Family: aws.String("web"),
			ContainerDefinitions: []types.ContainerDefinition{{
				Name: aws.String("app"), Image: aws.String(image), Cpu: 256, Memory: aws.Int32(512), Essential: aws.Bool(true),
			}},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func fastStable(o *ecs.ServicesStableWaiterOptions) {
	o.MinDelay, o.MaxDelay = time.Millisecond, 5*time.Millisecond
}

// Create a service, update it to a new revision, and let the SDK's own
// ServicesStable waiter decide when each rollout is over; afterwards the
// service runs 6 tasks of the new revision in one deployment, and the
// timeline shows that the rollout went batch by batch (minimum healthy
// 50%: never more than 3 old tasks stopped at once).
func TestServiceRolloutWithSDKWaiter(t *testing.T) {
	e := newEnv(t, 15*time.Second)
	e.cluster(t, 6)
	ctx := context.Background()
	_, err := e.client.CreateService(ctx, &ecs.CreateServiceInput{
		Cluster: aws.String("prod"), ServiceName: aws.String("web"), TaskDefinition: aws.String("web:1"), DesiredCount: aws.Int32(6),
		DeploymentConfiguration: &types.DeploymentConfiguration{MinimumHealthyPercent: aws.Int32(50), MaximumPercent: aws.Int32(150)},
	})
	if err != nil {
		t.Fatal(err)
	}
	stable := ecs.NewServicesStableWaiter(e.client, fastStable)
	in := &ecs.DescribeServicesInput{Cluster: aws.String("prod"), Services: []string{"web"}}
	if err := stable.Wait(ctx, in, time.Minute); err != nil {
		t.Fatal("create:", err)
	}
	// Let the first tasks pass the 40 s after which ECS counts them healthy.
	e.h.Do(func(w *ecsstate.World) { w.Advance(2 * time.Minute) })

	polls := e.countCalls("DescribeServices")
	up, err := e.client.UpdateService(ctx, &ecs.UpdateServiceInput{Cluster: aws.String("prod"), Service: aws.String("web"), TaskDefinition: aws.String("web:2")})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(up.Service.TaskDefinition); !strings.HasSuffix(got, "task-definition/web:2") || len(up.Service.Deployments) != 2 {
		t.Fatalf("UpdateService answered %s with %d deployments", got, len(up.Service.Deployments))
	}
	out, err := stable.WaitForOutput(ctx, in, time.Minute)
	if err != nil {
		t.Fatal("update:", err)
	}
	if n := e.countCalls("DescribeServices") - polls; n < 3 {
		t.Errorf("the waiter polled %d times: the rollout was over before it began", n)
	}
	s := out.Services[0]
	if s.RunningCount != 6 || len(s.Deployments) != 1 || !strings.HasSuffix(aws.ToString(s.Deployments[0].TaskDefinition), "web:2") {
		t.Errorf("after the waiter: running %d, deployments %d", s.RunningCount, len(s.Deployments))
	}
	var stops []string
	e.h.Do(func(w *ecsstate.World) {
		for _, r := range w.Timeline() {
			if r.Kind == ecsstate.RecordServiceEvent && strings.Contains(r.Message, "has stopped") {
				stops = append(stops, r.Message)
			}
		}
	})
	if len(stops) < 2 {
		t.Errorf("old tasks stopped in %d batches, want at least 2: %q", len(stops), stops)
	}
	for _, m := range stops {
		if strings.Contains(m, "stopped 4") || strings.Contains(m, "stopped 5") || strings.Contains(m, "stopped 6") {
			t.Errorf("more than half the service stopped at once: %s", m)
		}
	}
}

// Every ECS exception comes back as the SDK's typed error, with the
// status, the message and the endpoint's request ID.
func TestTypedErrors(t *testing.T) {
	e := newEnv(t, time.Second)
	e.cluster(t, 3)
	ctx := context.Background()
	_, err := e.client.CreateService(ctx, &ecs.CreateServiceInput{Cluster: aws.String("prod"), ServiceName: aws.String("web"), TaskDefinition: aws.String("web:1"), DesiredCount: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, err error, target any, code string) {
		t.Helper()
		if err == nil {
			t.Errorf("%s: no error", name)
			return
		}
		if !errors.As(err, target) {
			t.Errorf("%s: %T %v, want %T", name, err, err, reflect.ValueOf(target).Elem().Interface())
		}
		var api smithy.APIError
		if !errors.As(err, &api) || api.ErrorCode() != code || api.ErrorMessage() == "" {
			t.Errorf("%s: APIError %v", name, api)
		}
		var re *awshttp.ResponseError
		if !errors.As(err, &re) || re.HTTPStatusCode() != 400 || re.ServiceRequestID() == "" {
			t.Errorf("%s: response error %+v", name, re)
		}
	}
	_, err = e.client.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String("nope"), Services: []string{"web"}})
	var cnf *types.ClusterNotFoundException
	check("DescribeServices on a missing cluster", err, &cnf, "ClusterNotFoundException")

	_, err = e.client.UpdateService(ctx, &ecs.UpdateServiceInput{Cluster: aws.String("prod"), Service: aws.String("api"), DesiredCount: aws.Int32(1)})
	var snf *types.ServiceNotFoundException
	check("UpdateService of a missing service", err, &snf, "ServiceNotFoundException")

	_, err = e.client.UpdateService(ctx, &ecs.UpdateServiceInput{Cluster: aws.String("prod"), Service: aws.String("web"), DesiredCount: aws.Int32(-1)})
	var ipe *types.InvalidParameterException
	check("UpdateService with desiredCount -1", err, &ipe, "InvalidParameterException")

	_, err = e.client.DeleteCluster(ctx, &ecs.DeleteClusterInput{Cluster: aws.String("prod")})
	var ccs *types.ClusterContainsServicesException
	var cci *types.ClusterContainsContainerInstancesException
	if !errors.As(err, &ccs) && !errors.As(err, &cci) {
		t.Errorf("DeleteCluster of a cluster in use: %T %v", err, err)
	}

	_, err = e.client.DeleteCapacityProvider(ctx, &ecs.DeleteCapacityProviderInput{CapacityProvider: aws.String("cp")})
	var ufe *types.UnsupportedFeatureException
	check("an operation ecsstate leaves out", err, &ufe, "UnsupportedFeatureException")

	_, err = e.client.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String("nope:9")})
	var ce *types.ClientException
	if !errors.As(err, &ce) && !errors.As(err, &ipe) {
		t.Errorf("DescribeTaskDefinition of a missing revision: %T %v", err, err)
	}
}

// Paginators walk every page: 25 instances 10 at a time, 25 tasks 10 at a
// time, no item twice, none missing.
func TestPaginators(t *testing.T) {
	e := newEnv(t, time.Second)
	e.cluster(t, 25)
	ctx := context.Background()
	pages, seen := 0, map[string]bool{}
	ci := ecs.NewListContainerInstancesPaginator(e.client, &ecs.ListContainerInstancesInput{Cluster: aws.String("prod"), MaxResults: aws.Int32(10)})
	for ci.HasMorePages() {
		p, err := ci.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, arn := range p.ContainerInstanceArns {
			if seen[arn] {
				t.Errorf("%s twice", arn)
			}
			seen[arn] = true
		}
	}
	if pages != 3 || len(seen) != 25 {
		t.Errorf("container instances: %d pages, %d instances; want 3, 25", pages, len(seen))
	}

	var started []string
	for _, n := range []int32{10, 10, 5} {
		out, err := e.client.RunTask(ctx, &ecs.RunTaskInput{Cluster: aws.String("prod"), TaskDefinition: aws.String("web"), Count: aws.Int32(n)})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Failures) > 0 {
			t.Fatalf("RunTask failures: %+v", out.Failures)
		}
		for _, task := range out.Tasks {
			started = append(started, aws.ToString(task.TaskArn))
		}
	}
	pages, seen = 0, map[string]bool{}
	lt := ecs.NewListTasksPaginator(e.client, &ecs.ListTasksInput{Cluster: aws.String("prod"), MaxResults: aws.Int32(10)})
	for lt.HasMorePages() {
		p, err := lt.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, arn := range p.TaskArns {
			seen[arn] = true
		}
	}
	if pages != 3 || len(seen) != 25 {
		t.Errorf("tasks: %d pages, %d tasks; want 3, 25", pages, len(seen))
	}
	for _, arn := range started {
		if !seen[arn] {
			t.Errorf("task %s not listed", arn)
		}
	}
}

// The SDK's TasksRunning, TasksStopped and ServicesInactive waiters reach
// success against the world.
func TestOtherWaiters(t *testing.T) {
	e := newEnv(t, 5*time.Second)
	e.cluster(t, 3)
	ctx := context.Background()
	run, err := e.client.RunTask(ctx, &ecs.RunTaskInput{Cluster: aws.String("prod"), TaskDefinition: aws.String("web:2"), Count: aws.Int32(3)})
	if err != nil || len(run.Tasks) != 3 {
		t.Fatal(err, run)
	}
	var arns []string
	for _, task := range run.Tasks {
		arns = append(arns, aws.ToString(task.TaskArn))
	}
	tasks := &ecs.DescribeTasksInput{Cluster: aws.String("prod"), Tasks: arns}
	running := ecs.NewTasksRunningWaiter(e.client, func(o *ecs.TasksRunningWaiterOptions) { o.MinDelay, o.MaxDelay = time.Millisecond, 5*time.Millisecond })
	if err := running.Wait(ctx, tasks, time.Minute); err != nil {
		t.Fatal("TasksRunning:", err)
	}
	for _, arn := range arns {
		if _, err := e.client.StopTask(ctx, &ecs.StopTaskInput{Cluster: aws.String("prod"), Task: aws.String(arn), Reason: aws.String("test")}); err != nil {
			t.Fatal(err)
		}
	}
	stopped := ecs.NewTasksStoppedWaiter(e.client, func(o *ecs.TasksStoppedWaiterOptions) { o.MinDelay, o.MaxDelay = time.Millisecond, 5*time.Millisecond })
	out, err := stopped.WaitForOutput(ctx, tasks, time.Minute)
	if err != nil {
		t.Fatal("TasksStopped:", err)
	}
	for _, task := range out.Tasks {
		if aws.ToString(task.LastStatus) != "STOPPED" || aws.ToString(task.StoppedReason) != "test" {
			t.Errorf("task %s: %s, %q", aws.ToString(task.TaskArn), aws.ToString(task.LastStatus), aws.ToString(task.StoppedReason))
		}
	}

	if _, err := e.client.CreateService(ctx, &ecs.CreateServiceInput{Cluster: aws.String("prod"), ServiceName: aws.String("web"), TaskDefinition: aws.String("web"), DesiredCount: aws.Int32(2)}); err != nil {
		t.Fatal(err)
	}
	in := &ecs.DescribeServicesInput{Cluster: aws.String("prod"), Services: []string{"web"}}
	if err := ecs.NewServicesStableWaiter(e.client, fastStable).Wait(ctx, in, time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.DeleteService(ctx, &ecs.DeleteServiceInput{Cluster: aws.String("prod"), Service: aws.String("web"), Force: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	inactive := ecs.NewServicesInactiveWaiter(e.client, func(o *ecs.ServicesInactiveWaiterOptions) {
		o.MinDelay, o.MaxDelay = time.Millisecond, 5*time.Millisecond
	})
	if err := inactive.Wait(ctx, in, time.Minute); err != nil {
		t.Fatal("ServicesInactive:", err)
	}
}

// Every operation of the SDK's ECS client (its methods, one per ECS
// operation) reaches the endpoint as an operation it knows: served, or
// refused as unsupported, never UnknownOperationException, which would
// mean the endpoint's list of ECS operations is behind the SDK's. The
// calls go as raw requests with an empty body, past the SDK's own checks
// of required members.
func TestEveryClientOperationIsKnown(t *testing.T) {
	e := newEnv(t, time.Second)
	served := map[string]bool{}
	for _, op := range ecsstate.Operations() {
		served[op] = true
	}
	ct := reflect.TypeFor[*ecs.Client]()
	n := 0
	for i := range ct.NumMethod() {
		m := ct.Method(i)
		if m.Type.NumIn() != 4 || m.Type.In(1) != reflect.TypeFor[context.Context]() {
			continue // Options
		}
		n++
		req, _ := http.NewRequest("POST", e.url, strings.NewReader(`{}`))
		req.Header.Set("X-Amz-Target", ecsstate.TargetPrefix+m.Name)
		req.Header.Set("Content-Type", ecsstate.ContentType)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Type string `json:"__type"`
		}
		json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if strings.HasSuffix(body.Type, "UnknownOperationException") {
			t.Errorf("%s: %s", m.Name, body.Type)
		}
		if unsupported := body.Type == "UnsupportedFeatureException"; served[m.Name] == unsupported {
			t.Errorf("%s: served %v, but answered %d %s", m.Name, served[m.Name], resp.StatusCode, body.Type)
		}
	}
	if n < 80 {
		t.Errorf("only %d operations on the client", n)
	}
}

// The capacity provider operations through the SDK: a provider created
// with the managed instance draining guide's example settings comes back
// as sent, DescribeCapacityProviders lists it after FARGATE and
// FARGATE_SPOT, and PutClusterCapacityProviders shows in DescribeClusters.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/enable-managed-instance-draining.html
func TestCapacityProviders(t *testing.T) {
	e := newEnv(t, time.Second)
	e.cluster(t, 0)
	ctx := context.Background()
	cr, err := e.client.CreateCapacityProvider(ctx, &ecs.CreateCapacityProviderInput{
		Name: aws.String("capacity-provider"),
		AutoScalingGroupProvider: &types.AutoScalingGroupProvider{
			AutoScalingGroupArn: aws.String("asg-arn"),
			ManagedScaling: &types.ManagedScaling{Status: types.ManagedScalingStatusEnabled, TargetCapacity: aws.Int32(100),
				MinimumScalingStepSize: aws.Int32(1), MaximumScalingStepSize: aws.Int32(1)},
			ManagedDraining:              types.ManagedDrainingEnabled,
			ManagedTerminationProtection: types.ManagedTerminationProtectionEnabled,
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	cp := cr.CapacityProvider
	if cp.Status != types.CapacityProviderStatusActive || aws.ToString(cp.AutoScalingGroupProvider.AutoScalingGroupArn) != "asg-arn" ||
		cp.AutoScalingGroupProvider.ManagedDraining != types.ManagedDrainingEnabled || aws.ToInt32(cp.AutoScalingGroupProvider.ManagedScaling.TargetCapacity) != 100 {
		t.Errorf("CreateCapacityProvider: %+v", cp)
	}
	dr, err := e.client.DescribeCapacityProviders(ctx, &ecs.DescribeCapacityProvidersInput{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range dr.CapacityProviders {
		names = append(names, aws.ToString(p.Name))
	}
	if strings.Join(names, ",") != "FARGATE,FARGATE_SPOT,capacity-provider" {
		t.Errorf("DescribeCapacityProviders: %v", names)
	}
	_, err = e.client.PutClusterCapacityProviders(ctx, &ecs.PutClusterCapacityProvidersInput{Cluster: aws.String("prod"),
		CapacityProviders:               []string{"capacity-provider"},
		DefaultCapacityProviderStrategy: []types.CapacityProviderStrategyItem{{CapacityProvider: aws.String("capacity-provider"), Weight: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := e.client.DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: []string{"prod"}})
	if err != nil {
		t.Fatal(err)
	}
	if c := cl.Clusters[0]; len(c.CapacityProviders) != 1 || len(c.DefaultCapacityProviderStrategy) != 1 {
		t.Errorf("DescribeClusters: %v %+v", c.CapacityProviders, c.DefaultCapacityProviderStrategy)
	}
	_, err = e.client.CreateCapacityProvider(ctx, &ecs.CreateCapacityProviderInput{Name: aws.String("ecs-no"),
		AutoScalingGroupProvider: &types.AutoScalingGroupProvider{AutoScalingGroupArn: aws.String("g")}})
	var ipe *types.InvalidParameterException
	if !errors.As(err, &ipe) {
		t.Errorf("a name starting with ecs: %T %v", err, err)
	}
}
