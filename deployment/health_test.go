package deployment

import (
	"math"
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
)

// Rules from the minimumHealthyPercent member of
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
// and healthCheckGracePeriodSeconds of
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
func TestClassify(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	running := func(age time.Duration, h model.HealthStatus) *model.Task {
		return &model.Task{LastStatus: model.TaskStatusRunning, DesiredStatus: model.DesiredStatusRunning,
			StartedAt: model.At(now.Add(-age)), HealthStatus: h}
	}
	none := HealthRules{}
	containers := HealthRules{ContainerChecks: true}
	lb := HealthRules{LoadBalanced: true}
	both := HealthRules{ContainerChecks: true, LoadBalanced: true}
	grace := func(r HealthRules, d time.Duration) HealthRules { r.GracePeriod = d; return r }
	tests := []struct {
		name   string
		task   *model.Task
		rules  HealthRules
		target TargetHealth
		want   TaskState
	}{
		{"pending", &model.Task{LastStatus: model.TaskStatusPending, DesiredStatus: model.DesiredStatusRunning}, none, 0, Pending},
		{"provisioning", &model.Task{LastStatus: model.TaskStatusProvisioning}, none, 0, Pending},
		{"activating", &model.Task{LastStatus: model.TaskStatusActivating}, none, 0, Pending},
		{"pending told to stop", &model.Task{LastStatus: model.TaskStatusPending, DesiredStatus: model.DesiredStatusStopped}, none, 0, Stopping},
		{"running told to stop", &model.Task{LastStatus: model.TaskStatusRunning, DesiredStatus: model.DesiredStatusStopped}, none, 0, Stopping},
		{"deactivating", &model.Task{LastStatus: model.TaskStatusDeactivating}, none, 0, Stopping},
		{"deprovisioning", &model.Task{LastStatus: model.TaskStatusDeprovisioning}, none, 0, Stopping},
		{"stopped", &model.Task{LastStatus: model.TaskStatusStopped, DesiredStatus: model.DesiredStatusStopped}, none, 0, Gone},
		{"deleted", &model.Task{LastStatus: model.TaskStatusDeleted}, none, 0, Gone},
		{"no checks, 39s", running(39*time.Second, ""), none, 0, Settling},
		{"no checks, 40s", running(40*time.Second, ""), none, 0, Healthy},
		{"no checks, no startedAt", &model.Task{LastStatus: model.TaskStatusRunning}, none, 0, Settling},
		{"container checks healthy at once", running(time.Second, model.HealthStatusHealthy), containers, 0, Healthy},
		{"container checks unknown", running(time.Hour, model.HealthStatusUnknown), containers, 0, Settling},
		{"container checks unhealthy", running(time.Hour, model.HealthStatusUnhealthy), containers, 0, Unhealthy},
		{"container unhealthy inside grace", running(time.Minute, model.HealthStatusUnhealthy), grace(containers, 2*time.Minute), 0, Settling},
		{"container unhealthy at grace end", running(2*time.Minute, model.HealthStatusUnhealthy), grace(containers, 2*time.Minute), 0, Unhealthy},
		{"lb healthy", running(time.Second, ""), lb, TargetHealthy, Healthy},
		{"lb initial", running(time.Hour, ""), lb, TargetUnknown, Settling},
		{"lb unhealthy", running(time.Hour, ""), lb, TargetUnhealthy, Unhealthy},
		{"lb unhealthy inside grace", running(time.Minute, ""), grace(lb, time.Hour), TargetUnhealthy, Settling},
		{"lb unhealthy inside max grace", running(1000*time.Hour, ""), grace(lb, GracePeriod(model.Int32(math.MaxInt32))), TargetUnhealthy, Settling},
		{"both healthy", running(time.Second, model.HealthStatusHealthy), both, TargetHealthy, Healthy},
		{"both: target pending", running(time.Second, model.HealthStatusHealthy), both, TargetUnknown, Settling},
		{"both: container failing", running(time.Hour, model.HealthStatusUnhealthy), both, TargetHealthy, Unhealthy},
		{"both: target failing", running(time.Hour, model.HealthStatusHealthy), both, TargetUnhealthy, Unhealthy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Classify(tt.task, tt.rules, tt.target, now); got != tt.want {
				t.Errorf("Classify = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestGracePeriod(t *testing.T) {
	for _, tt := range []struct {
		in   *int32
		want time.Duration
	}{{nil, 0}, {model.Int32(-5), 0}, {model.Int32(0), 0}, {model.Int32(90), 90 * time.Second},
		{model.Int32(math.MaxInt32), time.Duration(math.MaxInt32) * time.Second}} {
		if got := GracePeriod(tt.in); got != tt.want || got < 0 {
			t.Errorf("GracePeriod = %v, want %v", got, tt.want)
		}
	}
}

func TestHasContainerChecks(t *testing.T) {
	check := &model.HealthCheck{Command: []string{"CMD-SHELL", "true"}}
	for _, tt := range []struct {
		name string
		td   *model.TaskDefinition
		want bool
	}{
		{"nil", nil, false},
		{"no checks", &model.TaskDefinition{ContainerDefinitions: []model.ContainerDefinition{{Name: "a"}}}, false},
		{"essential by default", &model.TaskDefinition{ContainerDefinitions: []model.ContainerDefinition{{Name: "a", HealthCheck: check}}}, true},
		{"non-essential check does not count", &model.TaskDefinition{ContainerDefinitions: []model.ContainerDefinition{
			{Name: "a"}, {Name: "side", Essential: model.Bool(false), HealthCheck: check}}}, false},
		{"empty command", &model.TaskDefinition{ContainerDefinitions: []model.ContainerDefinition{{Name: "a", HealthCheck: &model.HealthCheck{}}}}, false},
	} {
		if got := HasContainerChecks(tt.td); got != tt.want {
			t.Errorf("%s: got %v", tt.name, got)
		}
	}
}
