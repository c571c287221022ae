package model_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
)

// TestMemberNamesAreExact: member names match exactly, as ECS and the AWS
// SDKs read them; encoding/json alone matches without regard to case.
// Each expected value is what the SDK decodes: only the exact name counts.
func TestMemberNamesAreExact(t *testing.T) {
	cases := []struct {
		body    string
		want    model.UpdateServiceRequest
		unknown []model.Unknown
	}{
		{`{"service":"web"}`, model.UpdateServiceRequest{Service: "web"}, nil},
		{`{"Service":"web"}`, model.UpdateServiceRequest{}, []model.Unknown{{Path: "Service", Near: "service"}}},
		{`{"SERVICE":"web"}`, model.UpdateServiceRequest{}, []model.Unknown{{Path: "SERVICE", Near: "service"}}},
		{`{"ſervice":"web"}`, model.UpdateServiceRequest{}, []model.Unknown{{Path: "ſervice", Near: "service"}}}, // U+017F long s
		{`{"desiredCount":1,"DesiredCount":5}`, model.UpdateServiceRequest{DesiredCount: model.Int32(1)}, []model.Unknown{{Path: "DesiredCount", Near: "desiredCount"}}},
		{`{"DesiredCount":5,"desiredCount":1}`, model.UpdateServiceRequest{DesiredCount: model.Int32(1)}, []model.Unknown{{Path: "DesiredCount", Near: "desiredCount"}}},
		{`{"desiredCount":1,"desiredCount":2}`, model.UpdateServiceRequest{DesiredCount: model.Int32(2)}, nil}, // last wins, as encoding/json
		{`{"deploymentConfiguration":{"MaximumPercent":300,"minimumHealthyPercent":50}}`,
			model.UpdateServiceRequest{DeploymentConfiguration: &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(50)}},
			[]model.Unknown{{Path: "deploymentConfiguration.MaximumPercent", Near: "maximumPercent"}}},
		{`{"placementConstraints":[{"type":"memberOf","Expression":"x"}],"taskkDefinition":"td:1"}`,
			model.UpdateServiceRequest{PlacementConstraints: []model.PlacementConstraint{{Type: model.PlacementConstraintTypeMemberOf}}},
			[]model.Unknown{{Path: "placementConstraints[].Expression", Near: "expression"}, {Path: "taskkDefinition"}}},
	}
	for _, c := range cases {
		var got model.UpdateServiceRequest
		if err := model.Unmarshal([]byte(c.body), &got); err != nil {
			t.Errorf("%s: %v", c.body, err)
			continue
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.body, diff)
		}
		var strict model.UpdateServiceRequest
		err := model.UnmarshalStrict([]byte(c.body), &strict)
		var ue *model.UnknownMembersError
		switch {
		case c.unknown == nil && err != nil:
			t.Errorf("%s: strict: %v", c.body, err)
		case c.unknown != nil && !errors.As(err, &ue):
			t.Errorf("%s: strict: %v, want an *UnknownMembersError", c.body, err)
		case c.unknown != nil:
			if diff := cmp.Diff(c.unknown, ue.Members); diff != "" {
				t.Errorf("%s: unknown members (-want +got):\n%s", c.body, diff)
			}
			if !cmp.Equal(strict, model.UpdateServiceRequest{}) {
				t.Errorf("%s: strict decoding changed v: %+v", c.body, strict)
			}
		}
	}
	// Bodies encoding/json refuses are refused.
	for _, bad := range []string{``, `{`, `{"service":}`, `{"service":"a"} x`, `[1,]`, `{"desiredCount":"x"}`, `{"desiredCount":1.5}`, strings.Repeat("[", 10001)} {
		var v model.UpdateServiceRequest
		if err := model.Unmarshal([]byte(bad), &v); err == nil {
			t.Errorf("%.40q accepted", bad)
		}
	}
	if err := model.Unmarshal([]byte(`{}`), model.UpdateServiceRequest{}); err == nil {
		t.Error("a non-pointer accepted")
	}
}

// TestUnmarshalAgreesWithEncodingJSON: on bodies whose member names are
// all exact (every encoding of a model value), Unmarshal decodes what
// encoding/json decodes, and UnmarshalStrict finds nothing unknown.
func TestUnmarshalAgreesWithEncodingJSON(t *testing.T) {
	check := func(t *rapid.T, v any, fresh func() any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		want, got, strict := fresh(), fresh(), fresh()
		if err := json.Unmarshal(b, want); err != nil {
			t.Fatal(err)
		}
		if err := model.Unmarshal(b, got); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if err := model.UnmarshalStrict(b, strict); err != nil {
			t.Fatalf("%s: strict: %v", b, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("Unmarshal differs from encoding/json (-json +model):\n%s", diff)
		}
		if diff := cmp.Diff(want, strict); diff != "" {
			t.Fatalf("UnmarshalStrict differs from encoding/json:\n%s", diff)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		check(t, gen.Task().Draw(t, "task"), func() any { return new(model.Task) })
		check(t, gen.Service().Draw(t, "service"), func() any { return new(model.Service) })
		check(t, gen.ContainerInstance().Draw(t, "instance"), func() any { return new(model.ContainerInstance) })
		check(t, gen.TaskDefinition().Draw(t, "td"), func() any { return new(model.TaskDefinition) })
		check(t, gen.UpdateServiceRequest().Draw(t, "req"), func() any { return new(model.UpdateServiceRequest) })
	})
}

// FuzzUnmarshal: Unmarshal never panics; it refuses what encoding/json
// refuses as JSON; and when UnmarshalStrict finds no unknown member it
// decodes exactly what encoding/json does.
func FuzzUnmarshal(f *testing.F) {
	for _, s := range []string{
		`{"service":"web","desiredCount":2}`, `{"DesiredCount":5,"desiredCount":1}`, `{"ſervice":"x"}`,
		`{"deploymentConfiguration":{"deploymentCircuitBreaker":{"enable":true}}}`, `null`, `[]`, `{"placementConstraints":null}`,
		`{"createdAt":1430333711.033}`, `{"desiredCount":1e2}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var got, want, strict model.Service
		err := model.Unmarshal(b, &got)
		if !json.Valid(b) {
			if err == nil {
				t.Fatalf("%q is not JSON but was accepted", b)
			}
			return
		}
		werr := json.Unmarshal(b, &want)
		if serr := model.UnmarshalStrict(b, &strict); serr == nil {
			if (werr == nil) != (err == nil) {
				t.Fatalf("%q: model %v, encoding/json %v", b, err, werr)
			}
			if err == nil && !cmp.Equal(want, got) {
				t.Fatalf("%q: %s", b, cmp.Diff(want, got))
			}
		}
	})
}

func describeTasksBody(n int) []byte {
	type describeTasks struct {
		Tasks    []model.Task    `json:"tasks"`
		Failures []model.Failure `json:"failures"`
	}
	var body describeTasks
	body.Failures = []model.Failure{}
	for i := range n {
		body.Tasks = append(body.Tasks, fullTask())
		body.Tasks[i].TaskARN = fmt.Sprintf("arn:aws:ecs:us-east-1:123456789012:task/c/%032x", i)
	}
	b, _ := json.Marshal(body)
	return b
}

// BenchmarkUnmarshal decodes a 5,000-task DescribeTasks body with
// Unmarshal and, as the baseline, with encoding/json alone.
func BenchmarkUnmarshal(b *testing.B) {
	body := describeTasksBody(5000)
	type describeTasks struct {
		Tasks    []model.Task    `json:"tasks"`
		Failures []model.Failure `json:"failures"`
	}
	for _, bc := range []struct {
		name string
		f    func([]byte, any) error
	}{
		{"encoding-json", json.Unmarshal},
		{"model", model.Unmarshal},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				var v describeTasks
				if err := bc.f(body, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
