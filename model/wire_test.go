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

// TestUnknownMembersAtAnyDepthAreDropped: a service body with unknown
// members and case-variants of known ones (carrying other values) added
// at the top, in each deployment and in the deployment configuration, at
// any position among the members, decodes to the service itself, and
// UnmarshalStrict lists exactly the added members.
func TestUnknownMembersAtAnyDepthAreDropped(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		svc := gen.Service().Draw(t, "service")
		b, _ := json.Marshal(svc)
		var doc map[string]json.RawMessage
		json.Unmarshal(b, &doc)
		added := map[string]bool{}
		// inject adds members to one object, given as its members in
		// order, at random positions, and re-encodes it in that order.
		inject := func(members []kv, at string) json.RawMessage {
			n := rapid.IntRange(0, 3).Draw(t, "n "+at)
			for i := range n {
				name := rapid.SampledFrom([]string{"zz", "taskkDefinition", "Status", "ID", "DESIREDCOUNT", "ſtatus", "maximumpercent"}).Draw(t, "name")
				name = fmt.Sprintf("%s%s", name, strings.Repeat("_", i)) // distinct within the object
				if i == 0 {
					name = strings.TrimRight(name, "_")
				}
				pos := rapid.IntRange(0, len(members)).Draw(t, "pos")
				val := rapid.SampledFrom([]string{`0`, `"x"`, `null`, `{"a":[1,{"b":2}]}`, `[]`, `true`}).Draw(t, "value")
				members = append(members[:pos], append([]kv{{name, json.RawMessage(val)}}, members[pos:]...)...)
				if at == "" {
					added[name] = true
				} else {
					added[at+"."+name] = true
				}
			}
			var out strings.Builder
			out.WriteByte('{')
			for i, m := range members {
				if i > 0 {
					out.WriteString(" , ")
				}
				k, _ := json.Marshal(m.k)
				fmt.Fprintf(&out, "%s:%s", k, m.v)
			}
			out.WriteByte('}')
			return json.RawMessage(out.String())
		}
		if raw, ok := doc["deploymentConfiguration"]; ok {
			doc["deploymentConfiguration"] = inject(ordered(raw), "deploymentConfiguration")
		}
		if raw, ok := doc["deployments"]; ok {
			var ds []json.RawMessage
			json.Unmarshal(raw, &ds)
			for i := range ds {
				ds[i] = inject(ordered(ds[i]), "deployments[]")
			}
			doc["deployments"], _ = json.Marshal(ds)
		}
		top := ordered(b)
		for i := range top {
			top[i].v = doc[top[i].k]
		}
		body := inject(top, "")

		var got model.Service
		if err := model.Unmarshal(body, &got); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if diff := cmp.Diff(svc, got); diff != "" {
			t.Fatalf("%s (-want +got):\n%s", body, diff)
		}
		var ue *model.UnknownMembersError
		err := model.UnmarshalStrict(body, new(model.Service))
		if len(added) == 0 {
			if err != nil {
				t.Fatal(err)
			}
			return
		}
		if !errors.As(err, &ue) {
			t.Fatalf("strict: %v", err)
		}
		found := map[string]bool{}
		for _, m := range ue.Members {
			found[m.Path] = true
		}
		if diff := cmp.Diff(added, found); diff != "" {
			t.Fatalf("unknown members (-added +found):\n%s", diff)
		}
	})
}

type kv struct {
	k string
	v json.RawMessage
}

// ordered lists an object's members in the order they appear.
func ordered(raw json.RawMessage) []kv {
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.Token()
	var out []kv
	for dec.More() {
		k, _ := dec.Token()
		var v json.RawMessage
		dec.Decode(&v)
		out = append(out, kv{k.(string), v})
	}
	return out
}
