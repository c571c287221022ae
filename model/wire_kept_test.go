package model_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
)

// jtree is a JSON value with its object members in order, so that go-cmp
// compares bodies key for key, order included.
type jtree struct {
	Scalar any      // for a non-container
	Keys   []string // for an object
	Vals   []jtree  // object member values or array items
	Kind   byte     // '{', '[' or 0
}

func parseTree(t testing.TB, b []byte) jtree {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var read func() jtree
	read = func() jtree {
		tok, err := d.Token()
		if err != nil {
			t.Fatalf("%v in %s", err, b)
		}
		switch tok {
		case json.Delim('{'):
			n := jtree{Kind: '{', Keys: []string{}, Vals: []jtree{}}
			for d.More() {
				k, _ := d.Token()
				n.Keys = append(n.Keys, k.(string))
				n.Vals = append(n.Vals, read())
			}
			d.Token()
			return n
		case json.Delim('['):
			n := jtree{Kind: '[', Vals: []jtree{}}
			for d.More() {
				n.Vals = append(n.Vals, read())
			}
			d.Token()
			return n
		}
		return jtree{Scalar: tok}
	}
	n := read()
	if _, err := d.Token(); err != io.EOF {
		t.Fatalf("trailing data in %s", b)
	}
	return n
}

func (n jtree) encode(b *bytes.Buffer) {
	switch n.Kind {
	case '{':
		b.WriteByte('{')
		for i, k := range n.Keys {
			if i > 0 {
				b.WriteByte(',')
			}
			kb, _ := json.Marshal(k)
			b.Write(kb)
			b.WriteByte(':')
			n.Vals[i].encode(b)
		}
		b.WriteByte('}')
	case '[':
		b.WriteByte('[')
		for i, v := range n.Vals {
			if i > 0 {
				b.WriteByte(',')
			}
			v.encode(b)
		}
		b.WriteByte(']')
	default:
		sb, _ := json.Marshal(n.Scalar)
		b.Write(sb)
	}
}

// bothPaths runs f with Kept's whole-value check on and off, so that the
// member-by-member path is tested on every case too.
func bothPaths(t *testing.T, f func(t *testing.T)) {
	for _, whole := range []bool{true, false} {
		t.Run(fmt.Sprintf("whole=%v", whole), func(t *testing.T) {
			defer model.SetKeepWhole(whole)()
			f(t)
		})
	}
}

func keptRoundTrip[T any](t *testing.T, body string, edit func(*T)) string {
	t.Helper()
	var k model.Kept[T]
	if err := json.Unmarshal([]byte(body), &k); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	if edit != nil {
		edit(&k.Value)
	}
	out, err := json.Marshal(k)
	if err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	return string(out)
}

func sameTree(t *testing.T, want, got string) {
	t.Helper()
	if diff := cmp.Diff(parseTree(t, []byte(want)), parseTree(t, []byte(got))); diff != "" {
		t.Errorf("want %s\ngot  %s\n(-want +got):\n%s", want, got, diff)
	}
}

// TestKeptKeepsUnknownMembers (issue 15 item 2): unknown members, at the
// top, in nested objects and in list items, come back where they stood;
// the expected body is the input, or the input with the edited member
// changed in place, written by hand.
func TestKeptKeepsUnknownMembers(t *testing.T) {
	bothPaths(t, func(t *testing.T) {
		cases := []struct {
			body, want string
			edit       func(*model.Service)
		}{
			// AWS's own typo in a published example (UpdateService):
			// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
			{`{"serviceName":"web","taskkDefinition":"td:1","desiredCount":2}`, "", nil},
			{`{"zNew":{"a":[1,{"b":null}]},"serviceName":"web","deploymentConfiguration":{"newer":true,"maximumPercent":200}}`, "", nil},
			{`{"deployments":[{"id":"d1","rolloutStateNew":"X","status":"PRIMARY"},{"extra":1,"id":"d2"}],"serviceName":"web"}`, "", nil},
			{`{"ServiceName":"other","serviceName":"web"}`, "", nil}, // a case variant is unknown, kept
			{`{"serviceName":"web","taskkDefinition":"td:1","desiredCount":2}`,
				`{"serviceName":"web","taskkDefinition":"td:1","desiredCount":5}`,
				func(s *model.Service) { s.DesiredCount = 5 }},
			{`{"deployments":[{"id":"d1","future":[1],"runningCount":1}],"serviceName":"web"}`,
				`{"deployments":[{"id":"d1","future":[1],"runningCount":3}],"serviceName":"web"}`,
				func(s *model.Service) { s.Deployments[0].RunningCount = 3 }},
			{`{"deployments":[{"id":"d1","future":[1]}],"serviceName":"web"}`,
				`{"deployments":[{"id":"d1","future":[1]},{"id":"d2","desiredCount":0,"pendingCount":0,"runningCount":0}],"serviceName":"web"}`, // a new item: encoding/json,
				func(s *model.Service) { s.Deployments = append(s.Deployments, model.Deployment{ID: "d2"}) }},
		}
		for _, c := range cases {
			want := c.want
			if want == "" {
				want = c.body
			}
			sameTree(t, want, keptRoundTrip(t, c.body, c.edit))
		}
	})
}

// TestKeptKeepsFalseAndZero (issue 15 item 3): members ECS always sends
// come back when false or zero, and version:0 is not added where the
// body had none. A value built in Go encodes as encoding/json does.
func TestKeptKeepsFalseAndZero(t *testing.T) {
	bothPaths(t, func(t *testing.T) {
		svc := `{"serviceName":"web","enableECSManagedTags":false,"enableExecuteCommand":false,` +
			`"deployments":[{"id":"d1","failedTasks":0,"status":"PRIMARY"}],` +
			`"capacityProviderStrategy":[{"capacityProvider":"FARGATE","weight":1,"base":0}]}`
		sameTree(t, svc, keptRoundTrip[model.Service](t, svc, nil))
		task := `{"taskArn":"arn:aws:ecs:us-east-1:123456789012:task/c/1","enableExecuteCommand":false}`
		sameTree(t, task, keptRoundTrip[model.Task](t, task, nil))
		// Changed members stay where they were; a member the body lacked
		// appears only once it holds more than its zero value.
		sameTree(t,
			`{"serviceName":"web","enableExecuteCommand":true,"deployments":[{"id":"d1","failedTasks":0}],"desiredCount":3}`,
			keptRoundTrip(t, `{"serviceName":"web","enableExecuteCommand":false,"deployments":[{"id":"d1","failedTasks":0}]}`,
				func(s *model.Service) { s.EnableExecuteCommand = true; s.DesiredCount = 3 }))
		sameTree(t, `{"serviceName":"web","enableExecuteCommand":false}`,
			keptRoundTrip(t, `{"serviceName":"web","enableExecuteCommand":true}`,
				func(s *model.Service) { s.EnableExecuteCommand = false }))
	})
	built := model.Service{ServiceName: "web"}
	plain, _ := json.Marshal(built)
	kept, _ := json.Marshal(model.Kept[model.Service]{Value: built})
	if string(plain) != string(kept) {
		t.Errorf("built in Go: %s, encoding/json says %s", kept, plain)
	}
}

type describeTasksOut struct {
	Tasks    []model.Task    `json:"tasks"`
	Failures []model.Failure `json:"failures"`
}

type describeServicesOut struct {
	Services []model.Service `json:"services"`
	Failures []model.Failure `json:"failures"`
}

// addUnknown inserts unknown members at random positions in random
// objects of n, at any depth.
func addUnknown(t *rapid.T, n *jtree, label string) {
	for i := range n.Vals {
		addUnknown(t, &n.Vals[i], fmt.Sprintf("%s.%d", label, i))
	}
	if n.Kind != '{' || !rapid.Bool().Draw(t, label+"?") {
		return
	}
	at := rapid.IntRange(0, len(n.Keys)).Draw(t, label+"@")
	v := rapid.SampledFrom([]jtree{
		{Scalar: false}, {Scalar: json.Number("0")}, {Scalar: "x"}, {Scalar: nil},
		{Kind: '{', Keys: []string{"deep"}, Vals: []jtree{{Scalar: json.Number("1")}}},
		{Kind: '[', Vals: []jtree{{Scalar: true}}},
	}).Draw(t, label+"v")
	name := rapid.SampledFrom([]string{"zzUnknown", "taskkDefinition", "Status", "newMember"}).Draw(t, label+"k")
	n.Keys = append(n.Keys[:at], append([]string{name}, n.Keys[at:]...)...)
	n.Vals = append(n.Vals[:at], append([]jtree{v}, n.Vals[at:]...)...)
}

// TestKeptReencodesResponsesKeyForKey: any DescribeTasks or
// DescribeServices response body, with unknown members added at any
// depth, decodes into a Kept and encodes back key for key, in order.
func TestKeptReencodesResponsesKeyForKey(t *testing.T) {
	bothPaths(t, func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) {
			var v any
			if rapid.Bool().Draw(rt, "tasks") {
				v = describeTasksOut{Tasks: rapid.SliceOfN(gen.Task(), 0, 3).Draw(rt, "t"), Failures: []model.Failure{}}
			} else {
				v = describeServicesOut{Services: rapid.SliceOfN(gen.Service(), 0, 2).Draw(rt, "s"), Failures: []model.Failure{}}
			}
			plain, err := json.Marshal(v)
			if err != nil {
				rt.Fatal(err)
			}
			tree := parseTree(t, plain)
			addUnknown(rt, &tree, "")
			var body bytes.Buffer
			tree.encode(&body)
			var out []byte
			switch v.(type) {
			case describeTasksOut:
				var k model.Kept[describeTasksOut]
				if err := json.Unmarshal(body.Bytes(), &k); err != nil {
					rt.Fatal(err)
				}
				out, err = json.Marshal(k)
			default:
				var k model.Kept[describeServicesOut]
				if err := json.Unmarshal(body.Bytes(), &k); err != nil {
					rt.Fatal(err)
				}
				out, err = json.Marshal(k)
			}
			if err != nil {
				rt.Fatal(err)
			}
			if diff := cmp.Diff(tree, parseTree(t, out)); diff != "" {
				rt.Fatalf("body %s\n(-want +got):\n%s", body.Bytes(), diff)
			}
		})
	})
}

// BenchmarkKept decodes and encodes a 5,000-task DescribeTasks body:
// encoding/json (Unmarshal then Marshal) as the baseline, Kept (which
// checks the whole body still says what the value holds), and Kept's
// member-by-member path (as after an edit anywhere).
func BenchmarkKept(b *testing.B) {
	body := describeTasksBody(5000)
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var v describeTasksOut
			if err := json.Unmarshal(body, &v); err != nil {
				b.Fatal(err)
			}
			if _, err := json.Marshal(v); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, whole := range []bool{true, false} {
		b.Run(fmt.Sprintf("kept-whole=%v", whole), func(b *testing.B) {
			defer model.SetKeepWhole(whole)()
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				var k model.Kept[describeTasksOut]
				if err := json.Unmarshal(body, &k); err != nil {
					b.Fatal(err)
				}
				if _, err := k.MarshalJSON(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzKept: any body either fails to decode or decodes into a Kept that
// encodes back to valid JSON which decodes to the same value, and a Body
// set by hand to anything never panics.
func FuzzKept(f *testing.F) {
	f.Add([]byte(`{"serviceName":"web","taskkDefinition":"td:1","deployments":[{"id":"d","failedTasks":0,"x":{}}]}`), true)
	f.Add([]byte(`{"enableExecuteCommand":false,"tags":[{"key":"k"}],"ServiceName":1}`), false)
	f.Fuzz(func(t *testing.T, body []byte, whole bool) {
		if len(body) > 1<<16 {
			return
		}
		defer model.SetKeepWhole(whole)()
		var k model.Kept[model.Service]
		if err := json.Unmarshal(body, &k); err != nil {
			json.Marshal(model.Kept[model.Service]{Body: body}) // no panic
			return
		}
		out, err := json.Marshal(k)
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		var back model.Service
		if err := model.Unmarshal(out, &back); err != nil {
			t.Fatalf("%s -> %s: %v", body, out, err)
		}
		if diff := cmp.Diff(k.Value, back); diff != "" {
			t.Fatalf("%s -> %s (-want +got):\n%s", body, out, diff)
		}
	})
}

// TestKeptEditsInPlace: after an edit to one member of one task of a
// DescribeTasks body with unknown members added at any depth, the body
// comes back with only that member changed: in place if the body had it,
// else appended to that task's members (the only member the body lacked
// that is now non-zero). The expected tree is the input tree edited.
func TestKeptEditsInPlace(t *testing.T) {
	bothPaths(t, func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) {
			v := describeTasksOut{Tasks: rapid.SliceOfN(gen.Task(), 1, 3).Draw(rt, "t"), Failures: []model.Failure{}}
			plain, err := json.Marshal(v)
			if err != nil {
				rt.Fatal(err)
			}
			tree := parseTree(t, plain)
			addUnknown(rt, &tree, "")
			var body bytes.Buffer
			tree.encode(&body)

			var k model.Kept[describeTasksOut]
			if err := json.Unmarshal(body.Bytes(), &k); err != nil {
				rt.Fatal(err)
			}
			i := rapid.IntRange(0, len(k.Value.Tasks)-1).Draw(rt, "i")
			status := rapid.SampledFrom([]string{"EDITED", "STOPPED", "RUNNING"}).Draw(rt, "status")
			k.Value.Tasks[i].LastStatus = model.TaskStatus(status)
			out, err := json.Marshal(k)
			if err != nil {
				rt.Fatal(err)
			}

			// tasks is a known member: find it (the last one, should an
			// unknown member share no name with it) and edit item i.
			var tasks *jtree
			for j, key := range tree.Keys {
				if key == "tasks" {
					tasks = &tree.Vals[j]
				}
			}
			item := &tasks.Vals[i]
			found := false
			for j, key := range item.Keys {
				if key == "lastStatus" {
					item.Vals[j], found = jtree{Scalar: status}, true
				}
			}
			if !found {
				item.Keys = append(item.Keys, "lastStatus")
				item.Vals = append(item.Vals, jtree{Scalar: status})
			}
			if diff := cmp.Diff(tree, parseTree(t, out)); diff != "" {
				rt.Fatalf("body %s\n(-want +got):\n%s", body.Bytes(), diff)
			}
		})
	})
}

// A DescribeServices service as ECS sent it, with a member newer than the
// types and members at false or zero, comes back member for member after
// an edit; encoding/json alone loses the unknown member and the false and
// zero ones, and adds members the body lacked.
func ExampleKept() {
	body := []byte(`{"serviceName":"web","desiredCount":2,"enableExecuteCommand":false,"newMember":{"x":1},"deployments":[{"id":"d1","failedTasks":0}]}`)
	var k model.Kept[model.Service]
	if err := json.Unmarshal(body, &k); err != nil {
		panic(err)
	}
	k.Value.DesiredCount = 3
	kept, _ := json.Marshal(k)
	plain, _ := json.Marshal(k.Value)
	fmt.Println(string(kept))
	fmt.Println(string(plain))
	// Output:
	// {"serviceName":"web","desiredCount":3,"enableExecuteCommand":false,"newMember":{"x":1},"deployments":[{"id":"d1","failedTasks":0}]}
	// {"serviceName":"web","desiredCount":3,"runningCount":0,"pendingCount":0,"deployments":[{"id":"d1","desiredCount":0,"pendingCount":0,"runningCount":0}]}
}
