package model_test

import (
	"encoding/json"
	"errors"
	"testing"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// fuzzDecode decodes arbitrary bytes into T and, when that succeeds,
// checks that re-encoding and decoding again is stable and validation
// answers with nil or an InvalidParameterException, never a panic.
func fuzzDecode[T any](t *testing.T, b []byte, validate func(*T) error) {
	var v T
	if json.Unmarshal(b, &v) != nil {
		return
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("re-encode: %v", err)
	}
	var again T
	if err := json.Unmarshal(out, &again); err != nil {
		t.Fatalf("decode of our own encoding %s: %v", out, err)
	}
	out2, _ := json.Marshal(again)
	if string(out) != string(out2) {
		t.Fatalf("encoding not stable:\n%s\n%s", out, out2)
	}
	if validate != nil {
		if err := validate(&v); err != nil && !errors.Is(err, ecserrors.ErrInvalidParameter) {
			t.Fatalf("validator returned %v", err)
		}
	}
}

func seedBodies(f *testing.F) {
	f.Add([]byte(seedUpdateServiceRequest))
	f.Add([]byte(seedUpdateServiceResponse))
	f.Add([]byte(seedUpdateContainerAgentRequest))
	f.Add([]byte(seedUpdateContainerAgentResponse))
	f.Add([]byte(`{"service":"web","placementConstraints":[],"desiredCount":0}`))
	f.Add([]byte(`{"createdAt":"2015-04-29T11:55:11.033000-07:00","version":-1}`))
}

func FuzzDecodeUpdateServiceRequest(f *testing.F) {
	seedBodies(f)
	f.Fuzz(func(t *testing.T, b []byte) { fuzzDecode(t, b, (*model.UpdateServiceRequest).Validate) })
}

func FuzzDecodeService(f *testing.F) {
	seedBodies(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzDecode(t, b, (*model.Service).Validate)
		fuzzDecode[model.UpdateServiceResponse](t, b, nil)
		fuzzDecode[model.DescribeServicesResponse](t, b, nil)
		fuzzDecode[model.TaskSet](t, b, nil)
	})
}

func FuzzDecodeContainerInstance(f *testing.F) {
	seedBodies(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzDecode(t, b, (*model.ContainerInstance).Validate)
		fuzzDecode[model.UpdateContainerAgentRequest](t, b, nil)
		fuzzDecode[model.UpdateContainerAgentResponse](t, b, nil)
		fuzzDecode[model.DescribeContainerInstancesResponse](t, b, nil)
	})
}

func FuzzDecodeTaskAndDefinition(f *testing.F) {
	seedBodies(f)
	f.Add([]byte(`{"family":"web","revision":1,"containerDefinitions":[{"name":"a","portMappings":[{"containerPort":80,"hostPort":70000}]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzDecode(t, b, (*model.Task).Validate)
		fuzzDecode(t, b, (*model.TaskDefinition).Validate)
		fuzzDecode(t, b, (*model.Deployment).Validate)
		fuzzDecode[model.DescribeTasksResponse](t, b, nil)
		fuzzDecode[model.Cluster](t, b, nil)
		fuzzDecode[model.CapacityProvider](t, b, nil)
	})
}

func FuzzParseARN(f *testing.F) {
	for _, s := range []string{
		"arn:aws:ecs:us-east-1:012345678910:cluster/default",
		"arn:aws:ecs:us-east-1:012345678910:task-definition/web:1",
		"arn:aws:ecs:us-east-1:012345678910:task-set/c/s/ecs-svc-1",
		"arn:aws:ecs:us-east-1:012345678910:service/c/s",
		"web:0", "", "arn:::::",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := model.ParseARN(s)
		if err != nil {
			if !errors.Is(err, ecserrors.ErrInvalidParameter) {
				t.Fatalf("ParseARN(%q) = %v", s, err)
			}
		} else if a.String() != s {
			t.Fatalf("ParseARN(%q).String() = %q", s, a.String())
		}
		for _, resolve := range []func(string) error{
			func(s string) error { _, err := model.ResolveCluster(s); return err },
			func(s string) error { _, _, err := model.ResolveService(s); return err },
			func(s string) error { _, _, err := model.ResolveContainerInstance(s); return err },
			func(s string) error { _, _, err := model.ResolveTask(s); return err },
			func(s string) error { _, _, err := model.ResolveTaskDefinition(s); return err },
		} {
			if err := resolve(s); err != nil && !errors.Is(err, ecserrors.ErrInvalidParameter) {
				t.Fatalf("resolve(%q) = %v", s, err)
			}
		}
	})
}

func FuzzValidators(f *testing.F) {
	f.Add("team", "platform", "ecs.availability-zone", "us-east-1a", "attribute:ecs.az", 3, 1)
	f.Add("aws:x", "", "", " ", "", -1, 1001)
	f.Fuzz(func(t *testing.T, key, value, attrName, attrValue, field string, base, weight int) {
		for _, err := range []error{
			model.ValidateTags("tags", []model.Tag{{Key: key, Value: value}}),
			model.ValidateAttribute("attribute", model.Attribute{Name: attrName, Value: attrValue}),
			model.ValidatePlacementStrategy("placementStrategy", []model.PlacementStrategy{{Type: model.PlacementStrategyType(key), Field: field}}),
			model.ValidatePlacementConstraints("placementConstraints", []model.PlacementConstraint{{Type: model.PlacementConstraintType(value), Expression: field}}, base),
			model.ValidateCapacityProviderStrategy("capacityProviderStrategy", []model.CapacityProviderStrategyItem{{CapacityProvider: key, Base: int32(base), Weight: int32(weight)}}),
		} {
			if err != nil && !errors.Is(err, ecserrors.ErrInvalidParameter) {
				t.Fatalf("validator returned %v", err)
			}
		}
	})
}
