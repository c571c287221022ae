package service_test

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// acceptor is one entry of a waiter definition in botocore's
// ecs/2014-11-13/waiters-2.json, as data: a matcher over a projected list
// of strings, the expected value and the state it leads to.
type acceptor struct {
	matcher  string // "pathAny" or "pathAll"
	path     func(ts []model.Task, fs []model.Failure, ss []model.Service) []string
	expected string
	state    service.WaiterState
}

func lastStatuses(ts []model.Task, _ []model.Failure, _ []model.Service) []string {
	var out []string
	for _, t := range ts {
		if t.LastStatus != "" { // a projection drops null members
			out = append(out, string(t.LastStatus))
		}
	}
	return out
}

func reasons(_ []model.Task, fs []model.Failure, _ []model.Service) []string {
	var out []string
	for _, f := range fs {
		if f.Reason != "" {
			out = append(out, f.Reason)
		}
	}
	return out
}

func serviceStatuses(_ []model.Task, _ []model.Failure, ss []model.Service) []string {
	var out []string
	for _, s := range ss {
		if s.Status != "" {
			out = append(out, string(s.Status))
		}
	}
	return out
}

// The three waiter definitions, transcribed from waiters-2.json.
var (
	tasksRunningDef = []acceptor{
		{"pathAny", lastStatuses, "STOPPED", service.WaiterFailure},
		{"pathAny", reasons, "MISSING", service.WaiterFailure},
		{"pathAll", lastStatuses, "RUNNING", service.WaiterSuccess},
	}
	tasksStoppedDef = []acceptor{
		{"pathAll", lastStatuses, "STOPPED", service.WaiterSuccess},
	}
	servicesInactiveDef = []acceptor{
		{"pathAny", reasons, "MISSING", service.WaiterFailure},
		{"pathAny", serviceStatuses, "INACTIVE", service.WaiterSuccess},
	}
)

// evaluate is the generic waiter engine: the first acceptor that matches
// decides; none matching means retry. pathAll needs a non-empty list, as
// the SDKs implement it.
func evaluate(def []acceptor, ts []model.Task, fs []model.Failure, ss []model.Service) service.WaiterState {
	for _, a := range def {
		vals := a.path(ts, fs, ss)
		match := false
		switch a.matcher {
		case "pathAny":
			for _, v := range vals {
				match = match || v == a.expected
			}
		case "pathAll":
			match = len(vals) > 0
			for _, v := range vals {
				match = match && v == a.expected
			}
		}
		if match {
			return a.state
		}
	}
	return service.WaiterRetry
}

// TestWaiterTables: the behaviour the AWS CLI reference states for each
// waiter ("wait until JMESPath query tasks[].lastStatus returns RUNNING for
// all elements", …).
// https://docs.aws.amazon.com/cli/latest/reference/ecs/wait/tasks-running.html
// https://docs.aws.amazon.com/cli/latest/reference/ecs/wait/tasks-stopped.html
// https://docs.aws.amazon.com/cli/latest/reference/ecs/wait/services-inactive.html
func TestWaiterTables(t *testing.T) {
	task := func(s model.TaskStatus) model.Task { return model.Task{LastStatus: s} }
	missing := []model.Failure{{ARN: "arn:aws:ecs:us-east-1:1:task/x", Reason: "MISSING"}}
	tasks := []struct {
		name             string
		resp             *model.DescribeTasksResponse
		running, stopped service.WaiterState
	}{
		{"all running", &model.DescribeTasksResponse{Tasks: []model.Task{task("RUNNING"), task("RUNNING")}}, service.WaiterSuccess, service.WaiterRetry},
		{"one still pending", &model.DescribeTasksResponse{Tasks: []model.Task{task("RUNNING"), task("PENDING")}}, service.WaiterRetry, service.WaiterRetry},
		{"one stopped fails TasksRunning", &model.DescribeTasksResponse{Tasks: []model.Task{task("RUNNING"), task("STOPPED")}}, service.WaiterFailure, service.WaiterRetry},
		{"all stopped", &model.DescribeTasksResponse{Tasks: []model.Task{task("STOPPED"), task("STOPPED")}}, service.WaiterFailure, service.WaiterSuccess},
		{"missing task", &model.DescribeTasksResponse{Tasks: []model.Task{task("RUNNING")}, Failures: missing}, service.WaiterFailure, service.WaiterRetry},
		{"only missing: TasksStopped has no failure acceptor", &model.DescribeTasksResponse{Failures: missing}, service.WaiterFailure, service.WaiterRetry},
		{"empty response", &model.DescribeTasksResponse{}, service.WaiterRetry, service.WaiterRetry},
		{"nil response", nil, service.WaiterRetry, service.WaiterRetry},
		{"a task without lastStatus is left out", &model.DescribeTasksResponse{Tasks: []model.Task{task("RUNNING"), {}}}, service.WaiterSuccess, service.WaiterRetry},
		{"stopping is not stopped", &model.DescribeTasksResponse{Tasks: []model.Task{task("STOPPED"), task("DEPROVISIONING")}}, service.WaiterFailure, service.WaiterRetry},
	}
	for _, c := range tasks {
		if got := service.TasksRunningResponse(c.resp); got != c.running {
			t.Errorf("%s: TasksRunning = %v, want %v", c.name, got, c.running)
		}
		if got := service.TasksStoppedResponse(c.resp); got != c.stopped {
			t.Errorf("%s: TasksStopped = %v, want %v", c.name, got, c.stopped)
		}
	}
	svc := func(s model.ServiceStatus) model.Service { return model.Service{Status: s} }
	services := []struct {
		name string
		resp *model.DescribeServicesResponse
		want service.WaiterState
	}{
		{"inactive", &model.DescribeServicesResponse{Services: []model.Service{svc("INACTIVE")}}, service.WaiterSuccess},
		{"draining", &model.DescribeServicesResponse{Services: []model.Service{svc("DRAINING")}}, service.WaiterRetry},
		{"active", &model.DescribeServicesResponse{Services: []model.Service{svc("ACTIVE")}}, service.WaiterRetry},
		{"any inactive is enough", &model.DescribeServicesResponse{Services: []model.Service{svc("ACTIVE"), svc("INACTIVE")}}, service.WaiterSuccess},
		{"missing wins over inactive", &model.DescribeServicesResponse{Services: []model.Service{svc("INACTIVE")}, Failures: []model.Failure{{Reason: "MISSING"}}}, service.WaiterFailure},
		{"empty", &model.DescribeServicesResponse{}, service.WaiterRetry},
		{"nil", nil, service.WaiterRetry},
	}
	for _, c := range services {
		if got := service.InactiveResponse(c.resp); got != c.want {
			t.Errorf("%s: ServicesInactive = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestWaiterVerdictsMatchDefinitions compares the three waiters with the
// generic acceptor engine over the transcribed definitions.
func TestWaiterVerdictsMatchDefinitions(t *testing.T) {
	taskStatus := rapid.SampledFrom([]model.TaskStatus{"", "PROVISIONING", "PENDING", "RUNNING", "STOPPING", "DEPROVISIONING", "STOPPED"})
	svcStatus := rapid.SampledFrom([]model.ServiceStatus{"", "ACTIVE", "DRAINING", "INACTIVE"})
	reason := rapid.SampledFrom([]string{"", "MISSING", "ACCESS_DENIED"})
	rapid.Check(t, func(t *rapid.T) {
		ts := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) model.Task { return model.Task{LastStatus: taskStatus.Draw(t, "status")} }), 0, 4).Draw(t, "tasks")
		ss := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) model.Service { return model.Service{Status: svcStatus.Draw(t, "status")} }), 0, 4).Draw(t, "services")
		fs := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) model.Failure { return model.Failure{Reason: reason.Draw(t, "reason")} }), 0, 2).Draw(t, "failures")
		tr := &model.DescribeTasksResponse{Tasks: ts, Failures: fs}
		sr := &model.DescribeServicesResponse{Services: ss, Failures: fs}
		if got, want := service.TasksRunningResponse(tr), evaluate(tasksRunningDef, ts, fs, nil); got != want {
			t.Fatalf("TasksRunning = %v, definition says %v", got, want)
		}
		if got, want := service.TasksStoppedResponse(tr), evaluate(tasksStoppedDef, ts, fs, nil); got != want {
			t.Fatalf("TasksStopped = %v, definition says %v", got, want)
		}
		if got, want := service.InactiveResponse(sr), evaluate(servicesInactiveDef, nil, fs, ss); got != want {
			t.Fatalf("ServicesInactive = %v, definition says %v", got, want)
		}
	})
}
