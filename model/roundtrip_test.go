package model_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
)

// roundTrip checks that encoding v and decoding the result gives v back,
// and that a second encoding is byte-for-byte the first.
func roundTrip[T any](t *rapid.T, v T) {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	var back T
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("unmarshal %s: %v", b, err)
	}
	if diff := cmp.Diff(v, back); diff != "" {
		t.Fatalf("decode(encode(v)) != v (-want +got):\n%s\njson: %s", diff, b)
	}
	b2, _ := json.Marshal(back)
	if string(b) != string(b2) {
		t.Fatalf("re-encoding differs:\n%s\n%s", b, b2)
	}
}

func TestJSONRoundTripIsIdentity(t *testing.T) {
	t.Run("ContainerInstance", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) { roundTrip(t, gen.ContainerInstance().Draw(t, "v")) })
	})
	t.Run("Service", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) { roundTrip(t, gen.Service().Draw(t, "v")) })
	})
	t.Run("Deployment", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			roundTrip(t, gen.Deployment(rapid.SampledFrom(model.DeploymentStatus("").Values()).Draw(t, "s")).Draw(t, "v"))
		})
	})
	t.Run("Task", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) { roundTrip(t, gen.Task().Draw(t, "v")) })
	})
	t.Run("TaskDefinition", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) { roundTrip(t, gen.TaskDefinition().Draw(t, "v")) })
	})
	t.Run("UpdateServiceRequest", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) { roundTrip(t, gen.UpdateServiceRequest().Draw(t, "v")) })
	})
	t.Run("Cluster", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			c := gen.Cluster(rapid.IntRange(0, 6).Draw(t, "n"), rapid.IntRange(1, 3).Draw(t, "k")).Draw(t, "v")
			roundTrip(t, c.Cluster)
			roundTrip(t, model.DescribeContainerInstancesResponse{ContainerInstances: c.Instances})
		})
	})
}

func TestGeneratedValuesAreValid(t *testing.T) {
	check := func(name string, f func(*rapid.T) error) {
		t.Run(name, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				if err := f(t); err != nil {
					t.Fatalf("valid value rejected: %v", err)
				}
			})
		})
	}
	check("ContainerInstance", func(t *rapid.T) error { v := gen.ContainerInstance().Draw(t, "v"); return v.Validate() })
	check("Service", func(t *rapid.T) error { v := gen.Service().Draw(t, "v"); return v.Validate() })
	check("Task", func(t *rapid.T) error { v := gen.Task().Draw(t, "v"); return v.Validate() })
	check("TaskDefinition", func(t *rapid.T) error { v := gen.TaskDefinition().Draw(t, "v"); return v.Validate() })
	check("UpdateServiceRequest", func(t *rapid.T) error { v := gen.UpdateServiceRequest().Draw(t, "v"); return v.Validate() })
	check("Deployment", func(t *rapid.T) error {
		v := gen.Deployment(model.DeploymentStatusActive).Draw(t, "v")
		return v.Validate()
	})
	check("Cluster", func(t *rapid.T) error {
		c := gen.Cluster(rapid.IntRange(0, 6).Draw(t, "n"), rapid.IntRange(1, 3).Draw(t, "k")).Draw(t, "v")
		for i := range c.Instances {
			if err := c.Instances[i].Validate(); err != nil {
				return err
			}
		}
		return nil
	})
}
