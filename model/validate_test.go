package model_test

import (
	"errors"
	"strings"
	"testing"

	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
)

// corruption breaks one member of a valid value; field is the member name
// the InvalidParameterException must name.
type corruption[T any] struct {
	field string
	apply func(*T)
}

// checkCorruptions draws a valid value, applies one corruption and checks
// that Validate rejects it with InvalidParameterException naming the field.
func checkCorruptions[T any](t *testing.T, g *rapid.Generator[T], validate func(*T) error, cs []corruption[T]) {
	t.Helper()
	rapid.Check(t, func(t *rapid.T) {
		v := g.Draw(t, "valid")
		c := rapid.SampledFrom(cs).Draw(t, "corruption")
		c.apply(&v)
		err := validate(&v)
		if !errors.Is(err, ecserrors.ErrInvalidParameter) {
			t.Fatalf("corrupting %s: got %v, want InvalidParameterException", c.field, err)
		}
		if !strings.Contains(err.Error(), c.field) {
			t.Fatalf("corrupting %s: message %q does not name the field", c.field, err)
		}
	})
}

func TestValidatorsRejectEachSingleFieldCorruption(t *testing.T) {
	t.Run("ContainerInstance", func(t *testing.T) {
		checkCorruptions(t, gen.ContainerInstance(), (*model.ContainerInstance).Validate, []corruption[model.ContainerInstance]{
			{"containerInstanceArn", func(v *model.ContainerInstance) { v.ContainerInstanceARN = "i-123" }},
			{"containerInstanceArn", func(v *model.ContainerInstance) {
				v.ContainerInstanceARN = "arn:aws:ecs:us-east-1:012345678910:cluster/x"
			}},
			{"status", func(v *model.ContainerInstance) { v.Status = "RUNNING" }},
			{"agentUpdateStatus", func(v *model.ContainerInstance) { v.AgentUpdateStatus = "DONE" }},
			{"version", func(v *model.ContainerInstance) { v.Version = -1 }},
			{"runningTasksCount", func(v *model.ContainerInstance) { v.RunningTasksCount = -1 }},
			{"tags", func(v *model.ContainerInstance) { v.Tags = append(v.Tags, model.Tag{Key: "AWS:x"}) }},
			{"attributes", func(v *model.ContainerInstance) {
				v.Attributes = append(v.Attributes, model.Attribute{Name: "bad name"})
			}},
			{"remainingResources", func(v *model.ContainerInstance) { v.RemainingResources[0].IntegerValue = -5 }},
		})
	})
	t.Run("Service", func(t *testing.T) {
		checkCorruptions(t, gen.Service(), (*model.Service).Validate, []corruption[model.Service]{
			{"serviceArn", func(v *model.Service) { v.ServiceARN = "" }},
			{"serviceName", func(v *model.Service) { v.ServiceName = "other-name-x" }},
			{"status", func(v *model.Service) { v.Status = "GONE" }},
			{"desiredCount", func(v *model.Service) { v.DesiredCount = -1 }},
			{"launchType", func(v *model.Service) { v.LaunchType = "LAMBDA" }},
			{"healthCheckGracePeriodSeconds", func(v *model.Service) { v.HealthCheckGracePeriodSeconds = model.Int32(-1) }},
			{"deployments", func(v *model.Service) { v.Deployments = append(v.Deployments, v.Deployments[0]) }},
			{"deployments[0].status", func(v *model.Service) { v.Deployments[0].Status = "OLD" }},
			{"placementConstraints", func(v *model.Service) {
				v.PlacementConstraints = make([]model.PlacementConstraint, 11)
				for i := range v.PlacementConstraints {
					v.PlacementConstraints[i].Type = model.PlacementConstraintTypeDistinctInstance
				}
			}},
			{"placementStrategy", func(v *model.Service) {
				v.PlacementStrategy = []model.PlacementStrategy{{Type: model.PlacementStrategyTypeBinpack, Field: "disk"}}
			}},
			{"deploymentConfiguration.minimumHealthyPercent", func(v *model.Service) {
				v.DeploymentConfiguration.MinimumHealthyPercent = model.Int32(-1)
			}},
			{"tags", func(v *model.Service) { v.Tags = []model.Tag{{Key: "a"}, {Key: "a"}} }},
		})
	})
	t.Run("Task", func(t *testing.T) {
		checkCorruptions(t, gen.Task(), (*model.Task).Validate, []corruption[model.Task]{
			{"taskArn", func(v *model.Task) { v.TaskARN = "arn:aws:ecs:us-east-1:012345678910:task/zz" }},
			{"taskDefinitionArn", func(v *model.Task) { v.TaskDefinitionARN = "web" }},
			{"lastStatus", func(v *model.Task) { v.LastStatus = "DONE" }},
			{"desiredStatus", func(v *model.Task) { v.DesiredStatus = "" }},
			{"cpu", func(v *model.Task) { v.CPU = "1 vCPU?" }},
			{"version", func(v *model.Task) { v.Version = -3 }},
		})
	})
	t.Run("TaskDefinition", func(t *testing.T) {
		checkCorruptions(t, gen.TaskDefinition(), (*model.TaskDefinition).Validate, []corruption[model.TaskDefinition]{
			{"family", func(v *model.TaskDefinition) { v.Family = "" }},
			{"taskDefinitionArn", func(v *model.TaskDefinition) { v.Revision++ }},
			{"networkMode", func(v *model.TaskDefinition) { v.NetworkMode = "overlay" }},
			{"containerDefinitions", func(v *model.TaskDefinition) { v.ContainerDefinitions = nil }},
			{"containerDefinitions", func(v *model.TaskDefinition) {
				for i := range v.ContainerDefinitions {
					v.ContainerDefinitions[i].Essential = model.Bool(false)
				}
			}},
			{"containerDefinitions[0].portMappings[0]", func(v *model.TaskDefinition) {
				v.ContainerDefinitions[0].PortMappings = []model.PortMapping{{ContainerPort: model.Int32(70000)}}
			}},
		})
	})
	t.Run("UpdateServiceRequest", func(t *testing.T) {
		checkCorruptions(t, gen.UpdateServiceRequest(), (*model.UpdateServiceRequest).Validate, []corruption[model.UpdateServiceRequest]{
			{"service", func(v *model.UpdateServiceRequest) { v.Service = "" }},
			{"desiredCount", func(v *model.UpdateServiceRequest) { v.DesiredCount = model.Int32(-1) }},
			{"healthCheckGracePeriodSeconds", func(v *model.UpdateServiceRequest) { v.HealthCheckGracePeriodSeconds = model.Int32(-1) }},
			{"taskDefinition", func(v *model.UpdateServiceRequest) { v.TaskDefinition = "web:0" }},
			{"cluster", func(v *model.UpdateServiceRequest) { v.Cluster = "a/b" }},
			{"placementStrategy", func(v *model.UpdateServiceRequest) {
				v.PlacementStrategy = make([]model.PlacementStrategy, 6)
				for i := range v.PlacementStrategy {
					v.PlacementStrategy[i].Type = model.PlacementStrategyTypeRandom
				}
			}},
			{"placementConstraints[0].expression", func(v *model.UpdateServiceRequest) {
				v.PlacementConstraints = []model.PlacementConstraint{{Type: model.PlacementConstraintTypeMemberOf}}
			}},
			{"capacityProviderStrategy", func(v *model.UpdateServiceRequest) {
				v.CapacityProviderStrategy = []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Weight: 0}}
			}},
			{"capacityProviderStrategy[0].base", func(v *model.UpdateServiceRequest) {
				v.CapacityProviderStrategy = []model.CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Base: 100001, Weight: 1}}
			}},
			{"deploymentController.type", func(v *model.UpdateServiceRequest) {
				v.DeploymentController = &model.DeploymentController{Type: "ARGO"}
			}},
			{"propagateTags", func(v *model.UpdateServiceRequest) { v.PropagateTags = "ALL" }},
		})
	})
}

// Tag rules from https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html
func TestValidateTagsRules(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) } // one character, two bytes
	ok := [][]model.Tag{
		nil,
		{{Key: "team", Value: ""}},
		{{Key: long(128), Value: long(256)}},
		{{Key: "a b+c-d=e.f_g:h/i@j", Value: "Ünïcødé"}},
		{{Key: "awsome", Value: "aws:ok in a value"}},
	}
	for _, tags := range ok {
		if err := model.ValidateTags("tags", tags); err != nil {
			t.Errorf("ValidateTags(%v) = %v", tags, err)
		}
	}
	fifty := make([]model.Tag, 51)
	for i := range fifty {
		fifty[i] = model.Tag{Key: strings.Repeat("k", i+1)}
	}
	bad := map[string][]model.Tag{
		"at most 50":     fifty,
		"1 to 128":       {{Key: ""}},
		"1 to 128 chars": {{Key: long(129)}},
		"at most 256":    {{Key: "k", Value: long(257)}},
		"reserved":       {{Key: "AwS:team"}},
		"duplicate":      {{Key: "k"}, {Key: "k"}},
		"character":      {{Key: "semi;colon"}},
	}
	for name, tags := range bad {
		if err := model.ValidateTags("tags", tags); !errors.Is(err, ecserrors.ErrInvalidParameter) {
			t.Errorf("%s: ValidateTags accepted or wrong error: %v", name, err)
		}
	}
	if err := model.ValidateTags("tags", fifty[:50]); err != nil {
		t.Errorf("50 tags rejected: %v", err)
	}
}

// Attribute rules from https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Attribute.html
func TestValidateAttributeRules(t *testing.T) {
	ok := []model.Attribute{
		{Name: "ecs.availability-zone", Value: "us-east-1a"},
		{Name: "com.amazonaws.ecs.capability.docker-remote-api.1.17"},
		{Name: `stack/env\x_1`, Value: `a-b_c.d@e/f\g:h i`},
		{Name: strings.Repeat("n", 128), Value: strings.Repeat("v", 128), TargetType: model.TargetTypeContainerInstance},
	}
	for _, a := range ok {
		if err := model.ValidateAttribute("attribute", a); err != nil {
			t.Errorf("ValidateAttribute(%+v) = %v", a, err)
		}
	}
	bad := []model.Attribute{
		{Name: ""},
		{Name: strings.Repeat("n", 129)},
		{Name: "has space"},
		{Name: "colon:name"},
		{Name: "x", Value: strings.Repeat("v", 129)},
		{Name: "x", Value: " leading"},
		{Name: "x", Value: "trailing "},
		{Name: "x", Value: "semi;colon"},
		{Name: "x", TargetType: "task"},
	}
	for _, a := range bad {
		if err := model.ValidateAttribute("attribute", a); !errors.Is(err, ecserrors.ErrInvalidParameter) {
			t.Errorf("ValidateAttribute(%+v) accepted or wrong error: %v", a, err)
		}
	}
}
