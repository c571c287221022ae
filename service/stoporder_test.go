package service_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// TestStopsInOneStepSeeEachOther: when one step stops an old deployment's
// tasks and trims the PRIMARY's surplus, the surplus is chosen from the
// zones as they will be after the old tasks go. PRIMARY runs 2/1/2 over
// three zones with desired 4, and both old tasks sit in the middle zone;
// ordering the surplus against the cluster before the old stops would take
// it from the middle zone too and leave 2/0/2.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html
func TestStopsInOneStepSeeEachOther(t *testing.T) {
	acct := model.Account{Partition: "aws", Region: "us-east-1", AccountID: "012345678910"}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	res := []model.Resource{model.IntegerResource(model.ResourceCPU, 4096), model.IntegerResource(model.ResourceMemory, 8192)}
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	var instances []model.ContainerInstance
	for i, az := range zones {
		instances = append(instances, model.ContainerInstance{
			ContainerInstanceARN: acct.ContainerInstanceARN("prod", fmt.Sprintf("%032x", i+1)),
			Status:               model.ContainerInstanceStatusActive, AgentConnected: true,
			Attributes:          []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: az}},
			RegisteredResources: res, RemainingResources: res,
		})
	}
	td := func(rev int32) model.TaskDefinition {
		return model.TaskDefinition{TaskDefinitionARN: acct.TaskDefinitionARN("web", rev), Family: "web", Revision: rev,
			Status: model.TaskDefinitionStatusActive, ContainerDefinitions: []model.ContainerDefinition{{Name: "app", CPU: 256, Memory: model.Int32(512)}}}
	}
	tds := []model.TaskDefinition{td(1), td(2)}
	const primary, old = "ecs-svc/9223370000000000002", "ecs-svc/9223370000000000001"
	var tasks []model.Task
	add := func(dep string, rev int32, zone int) {
		tasks = append(tasks, model.Task{
			TaskARN:           acct.TaskARN("prod", fmt.Sprintf("%032x", 100+len(tasks))),
			TaskDefinitionARN: tds[rev-1].TaskDefinitionARN, ContainerInstanceARN: instances[zone].ContainerInstanceARN,
			AvailabilityZone: zones[zone], Group: "service:web", StartedBy: dep, LaunchType: model.LaunchTypeEC2,
			LastStatus: model.TaskStatusRunning, DesiredStatus: model.DesiredStatusRunning,
			StartedAt: model.At(now.Add(-10 * time.Minute)),
		})
	}
	for _, z := range []int{0, 0, 1, 2, 2} {
		add(primary, 2, z)
	}
	add(old, 1, 1)
	add(old, 1, 1)
	svc := model.Service{
		ServiceARN: acct.ServiceARN("prod", "web"), ServiceName: "web", ClusterARN: acct.ClusterARN("prod"),
		Status: model.ServiceStatusActive, DesiredCount: 4, RunningCount: 7, LaunchType: model.LaunchTypeEC2,
		TaskDefinition:          tds[1].TaskDefinitionARN,
		DeploymentConfiguration: &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(50), MaximumPercent: model.Int32(200)},
		Deployments: []model.Deployment{
			{ID: primary, Status: model.DeploymentStatusPrimary, TaskDefinition: tds[1].TaskDefinitionARN, DesiredCount: 4, RunningCount: 5, RolloutState: model.DeploymentRolloutStateInProgress},
			{ID: old, Status: model.DeploymentStatusActive, TaskDefinition: tds[0].TaskDefinitionARN, DesiredCount: 0, RunningCount: 2, RolloutState: model.DeploymentRolloutStateCompleted},
		},
	}
	step, err := service.Reconcile(&service.Input{Service: svc, Tasks: tasks, Instances: instances, TaskDefinitions: tds}, now)
	if err != nil {
		t.Fatal(err)
	}
	stopped := map[string]bool{}
	for _, s := range step.Stop {
		stopped[s.TaskARN] = true
	}
	if len(step.Stop) != 3 {
		t.Fatalf("want both old tasks and the one surplus stopped in this step, got %d stops: %+v", len(step.Stop), step.Stop)
	}
	left := map[string]int{}
	for _, tk := range tasks {
		if !stopped[tk.TaskARN] {
			left[tk.AvailabilityZone]++
		}
	}
	lo, hi := 1<<30, 0
	for _, z := range zones {
		lo, hi = min(lo, left[z]), max(hi, left[z])
	}
	if hi-lo > 1 {
		t.Fatalf("zones left at %v after the step: the surplus stop ignored the old tasks stopped with it", left)
	}
}
