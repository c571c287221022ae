package service

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/deployment"
	"github.com/ecsstate/ecsstate/model"
)

// drawInstant draws a time near base (often exactly SettleTime or the
// grace period away, where Healthy begins), at the edges of what
// time.Time holds, or carrying a monotonic clock reading.
func drawInstant(t *rapid.T, label string, base time.Time) time.Time {
	switch rapid.IntRange(0, 5).Draw(t, label+"Kind") {
	case 0:
		return time.Time{}
	case 1: // around base, to the nanosecond
		d := time.Duration(rapid.Int64Range(-int64(2*time.Minute), int64(2*time.Minute)).Draw(t, label+"Off"))
		return base.Add(d)
	case 2: // exactly a settle time or a second off it
		d := deployment.SettleTime + time.Duration(rapid.IntRange(-1, 1).Draw(t, label+"Ns"))
		if rapid.Bool().Draw(t, label+"Ahead") {
			d = -d
		}
		return base.Add(d)
	case 3: // far away: Sub saturates
		return time.Unix(rapid.Int64Range(math.MinInt64/2, math.MaxInt64/2).Draw(t, label+"Far"), 0)
	case 4: // a monotonic clock reading
		return time.Now().Add(time.Duration(rapid.Int64Range(-int64(time.Hour), int64(time.Hour)).Draw(t, label+"Mono")))
	default:
		return time.Unix(0, rapid.Int64().Draw(t, label+"Unix")).UTC()
	}
}

// TestClassifierIsClassify: the step's classifier, which decides a
// RUNNING task without health checks by a cut-off computed once, says
// what deployment.Classify says for any task, rules and instant.
func TestClassifierIsClassify(t *testing.T) {
	statuses := []model.TaskStatus{model.TaskStatusRunning, model.TaskStatusRunning, model.TaskStatusPending,
		model.TaskStatusProvisioning, model.TaskStatusStopping, model.TaskStatusStopped, model.TaskStatusDeleted, "running"}
	rapid.Check(t, func(t *rapid.T) {
		var now time.Time
		switch rapid.IntRange(0, 3).Draw(t, "nowKind") {
		case 0:
			now = time.Now()
		case 1: // the smallest instant time.Time holds, or just after: now minus SettleTime saturates
			now = time.Unix(math.MinInt64, 0)
			for range 7 {
				now = now.Add(math.MinInt64) // saturates at the smallest instant
			}
			now = now.Add(time.Duration(rapid.Int64Range(0, int64(time.Minute)).Draw(t, "nowOff")))
		default:
			now = model.At(time.UnixMilli(rapid.Int64Range(0, 1<<42).Draw(t, "nowMs"))).Time
		}
		c := newClassifier(now)
		for i := range 20 {
			task := &model.Task{
				LastStatus:    rapid.SampledFrom(statuses).Draw(t, "last"),
				DesiredStatus: rapid.SampledFrom([]model.DesiredStatus{model.DesiredStatusRunning, model.DesiredStatusStopped, ""}).Draw(t, "desired"),
				HealthStatus:  rapid.SampledFrom([]model.HealthStatus{model.HealthStatusHealthy, model.HealthStatusUnhealthy, ""}).Draw(t, "health"),
				StartedAt:     model.Time{Time: drawInstant(t, "started", now)},
			}
			rules := deployment.HealthRules{ContainerChecks: rapid.Bool().Draw(t, "checks"), LoadBalanced: rapid.Bool().Draw(t, "lb"),
				GracePeriod: time.Duration(rapid.IntRange(0, 120).Draw(t, "grace")) * time.Second}
			target := rapid.SampledFrom([]deployment.TargetHealth{deployment.TargetUnknown, deployment.TargetHealthy, deployment.TargetUnhealthy}).Draw(t, "target")
			got, want := c.classify(task, rules, target), deployment.Classify(task, rules, target, now)
			if got != want {
				t.Fatalf("task %d started %v, now %v (%s): classifier says %v, Classify %v", i, task.StartedAt.Time, now,
					strings.Join([]string{string(task.LastStatus), string(task.DesiredStatus)}, "/"), got, want)
			}
		}
	})
}

// TestSortTasksClassifiesAsClassify: sortTasks, which decides the common
// case itself, puts every task of the service in its deployment's bucket
// under the state deployment.Classify gives it (tasks of no current
// deployment in the last bucket), leaves out other services' tasks,
// forgets the STOPPED and DELETED ones in input order, and notices a task
// created at now.
func TestSortTasksClassifiesAsClassify(t *testing.T) {
	checked := &model.TaskDefinition{TaskDefinitionARN: "arn:aws:ecs:us-east-1:1:task-definition/web:2",
		ContainerDefinitions: []model.ContainerDefinition{{Name: "web", HealthCheck: &model.HealthCheck{Command: []string{"CMD", "true"}}}}}
	plain := &model.TaskDefinition{TaskDefinitionARN: "arn:aws:ecs:us-east-1:1:task-definition/web:1",
		ContainerDefinitions: []model.ContainerDefinition{{Name: "web"}}}
	statuses := []model.TaskStatus{model.TaskStatusRunning, model.TaskStatusRunning, model.TaskStatusRunning, model.TaskStatusPending,
		model.TaskStatusProvisioning, model.TaskStatusStopping, model.TaskStatusStopped, model.TaskStatusDeleted}
	rapid.Check(t, func(t *rapid.T) {
		var now time.Time
		switch rapid.IntRange(0, 3).Draw(t, "nowKind") {
		case 0:
			now = time.Now()
		case 1: // the smallest instant time.Time holds, or just after
			now = time.Unix(math.MinInt64, 0)
			for range 7 {
				now = now.Add(math.MinInt64)
			}
			now = now.Add(time.Duration(rapid.Int64Range(0, int64(time.Minute)).Draw(t, "nowOff")))
		default:
			now = model.At(time.UnixMilli(rapid.Int64Range(0, 1<<42).Draw(t, "nowMs"))).Time
		}
		ids := []string{"ecs-svc/1", "ecs-svc/2", "ecs-svc/3"}[:rapid.IntRange(1, 3).Draw(t, "deployments")]
		svc := model.Service{ServiceName: "web", Status: model.ServiceStatusActive}
		if rapid.Bool().Draw(t, "loadBalanced") {
			svc.LoadBalancers = []model.LoadBalancer{{ContainerName: "web", ContainerPort: model.Int32(80)}}
		}
		if rapid.Bool().Draw(t, "grace") {
			svc.HealthCheckGracePeriodSeconds = model.Int32(int32(rapid.IntRange(0, 90).Draw(t, "graceSeconds")))
		}
		for i, id := range ids {
			d := model.Deployment{ID: id, Status: model.DeploymentStatusActive, CreatedAt: model.At(now.Add(-time.Duration(i+1) * time.Hour)),
				TaskDefinition: rapid.SampledFrom([]string{plain.TaskDefinitionARN, checked.TaskDefinitionARN}).Draw(t, "td")}
			if i == 0 {
				d.Status = model.DeploymentStatusPrimary
			}
			svc.Deployments = append(svc.Deployments, d)
		}
		targets := map[string]deployment.TargetHealth{}
		var tasks []model.Task
		for i := range rapid.IntRange(0, 30).Draw(t, "tasks") {
			task := model.Task{
				TaskARN:       fmt.Sprintf("arn:aws:ecs:us-east-1:1:task/c/%032x", i),
				Group:         rapid.SampledFrom([]string{"service:web", "service:web", "service:other", "", "family:web"}).Draw(t, "group"),
				StartedBy:     rapid.SampledFrom([]string{"ecs-svc/1", "ecs-svc/2", "ecs-svc/3", "ecs-svc/9", ""}).Draw(t, "startedBy"),
				LastStatus:    rapid.SampledFrom(statuses).Draw(t, "last"),
				DesiredStatus: rapid.SampledFrom([]model.DesiredStatus{model.DesiredStatusRunning, model.DesiredStatusRunning, model.DesiredStatusStopped}).Draw(t, "desired"),
				HealthStatus:  rapid.SampledFrom([]model.HealthStatus{model.HealthStatusHealthy, model.HealthStatusUnhealthy, ""}).Draw(t, "health"),
				StartedAt:     model.Time{Time: drawInstant(t, "started", now)},
			}
			switch rapid.IntRange(0, 4).Draw(t, "created") {
			case 0:
				task.CreatedAt = model.At(now)
			case 1: // the same second or the next, another millisecond
				task.CreatedAt = model.At(now.Add(time.Duration(rapid.IntRange(-999, 999).Draw(t, "createdMs")) * time.Millisecond))
			}
			if h := rapid.IntRange(0, 2).Draw(t, "target"); h > 0 {
				targets[task.TaskARN] = deployment.TargetHealth(h)
			}
			tasks = append(tasks, task)
		}
		in := &Input{Service: svc, Tasks: tasks, TaskDefinitions: []model.TaskDefinition{*plain, *checked}, TargetHealth: targets}
		r := &reconciler{in: in, now: now}
		r.svc = in.Service
		r.svc.Deployments = slices.Clone(in.Service.Deployments)
		r.name, r.group = "web", "service:web"
		r.tds = map[string]*model.TaskDefinition{plain.TaskDefinitionARN: plain, checked.TaskDefinitionARN: checked}
		if err := r.orderDeployments(); err != nil {
			t.Fatal(err)
		}
		r.sortTasks()

		type place struct {
			bucket int
			state  deployment.TaskState
		}
		got := map[*model.Task]place{}
		for b := range r.buckets {
			for s, ts := range r.buckets[b].byState {
				for _, task := range ts {
					got[task] = place{b, deployment.TaskState(s)}
				}
			}
		}
		var forget []string
		createdNow := false
		for k := range in.Tasks {
			task := &in.Tasks[k]
			createdNow = createdNow || task.CreatedAt.Equal(model.At(now).Time)
			want, in := place{-1, 0}, true
			di := slices.Index(r.ids, task.StartedBy)
			switch {
			case task.Group != "service:web" && strings.HasPrefix(task.Group, "service:"):
				in = false
			case di < 0 && task.Group != "service:web":
				in = false
			case task.LastStatus == model.TaskStatusStopped || task.LastStatus == model.TaskStatusDeleted:
				forget = append(forget, task.TaskARN)
				in = false
			}
			if in {
				if di < 0 {
					di = len(r.ids)
				}
				rules := deployment.HealthRules{LoadBalanced: len(svc.LoadBalancers) > 0, GracePeriod: deployment.GracePeriod(svc.HealthCheckGracePeriodSeconds)}
				if di < len(r.ids) {
					rules.ContainerChecks = deployment.HasContainerChecks(r.tds[r.dep(di).TaskDefinition])
				}
				want = place{di, deployment.Classify(task, rules, targets[task.TaskARN], now)}
			}
			if p, ok := got[task]; !ok && in || ok && (!in || p != want) {
				t.Fatalf("task %d (%s %s %s/%s): sorted into %v (%v), want %v (%v)", k, task.Group, task.StartedBy, task.LastStatus, task.DesiredStatus, p, ok, want, in)
			}
		}
		if !slices.Equal(r.step.Forget, forget) {
			t.Fatalf("Forget %v, want %v", r.step.Forget, forget)
		}
		if r.createdNow != createdNow {
			t.Fatalf("createdNow %v, want %v", r.createdNow, createdNow)
		}
	})
}
