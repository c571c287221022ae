package service

import (
	"math"
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
