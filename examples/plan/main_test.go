package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ecsstate/ecsstate/model"
)

// The sample: service web, desired 4, minimum 100%, maximum 150%, its four
// web:7 tasks two in eu-west-1a and one each in eu-west-1b and eu-west-1c,
// six instances (two per zone) with room to spare; the request deploys
// web:8. From the documented rules, independently of the code:
//   - floor ⌈4 × 100 / 100⌉ = 4, ceiling ⌊4 × 150 / 100⌋ = 6: two new tasks
//     at a time, and no old task stops before new ones are healthy;
//   - AZ-balanced placement puts the first two in the zones with the fewest
//     tasks of the service: eu-west-1b and eu-west-1c;
//   - so the rollout is two batches of two, ending with four web:8 tasks.
//
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
func TestSamplePrediction(t *testing.T) {
	var buf bytes.Buffer
	if err := run(nil, &buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"service web in cluster prod at 2026-11-20T15:05:40Z: desired 4, running 4",
		"ECS accepts it: deployment ecs-svc/",
		"minimumHealthyPercent 100: keep at least 4 healthy tasks; maximumPercent 150: at most 6 tasks at once.",
		"Progress: new tasks start first",
		"deployment completed.",
		"has reached a steady state.",
		"At most 6 tasks were wanted at once (ceiling 6",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("prediction lacks %q:\n%s", want, out)
		}
	}
	first := regexp.MustCompile(`\+0s +\(service web\) has started 2 tasks: .*\n +start web:8 \S+ on \S+ \((eu-west-1.)\)\n +start web:8 \S+ on \S+ \((eu-west-1.)\)\n`).FindStringSubmatch(out)
	if first == nil {
		t.Fatalf("the first step does not start two web:8 tasks:\n%s", out)
	}
	if zones := first[1] + "," + first[2]; zones != "eu-west-1b,eu-west-1c" && zones != "eu-west-1c,eu-west-1b" {
		t.Errorf("first batch went to %s, want the two zones with one task each", zones)
	}
	if n := strings.Count(out, "has started 2 tasks"); n != 2 {
		t.Errorf("%d batches of two starts, want 2", n)
	}
	if n := strings.Count(out, "stop  web:7"); n != 4 {
		t.Errorf("%d old tasks stopped, want 4", n)
	}
	final := regexp.MustCompile(`Steady after \S+: 4 tasks web:8 4 \| per zone: eu-west-1a (\d) eu-west-1b (\d) eu-west-1c (\d)\.`).FindStringSubmatch(out)
	if final == nil {
		t.Fatalf("no final steady state with 4 web:8 tasks:\n%s", out)
	}
	lo, hi := final[1][0], final[1][0]
	for _, z := range final[2:] {
		lo, hi = min(lo, z[0]), max(hi, z[0])
	}
	if hi-lo > 1 {
		t.Errorf("zones %v not within one", final[1:])
	}
}

// sampleFiles writes the samples to a directory, with the request
// replaced, and returns the flags that name them.
func sampleFiles(t *testing.T, request string) []string {
	t.Helper()
	dir := t.TempDir()
	entries, err := samples.ReadDir("sample")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, _ := samples.ReadFile("sample/" + e.Name())
		if e.Name() == "update-service.json" {
			b = []byte(request)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := func(n string) string { return filepath.Join(dir, n) }
	return []string{"-services", p("services.json"), "-instances", p("container-instances.json"), "-tasks", p("tasks.json"),
		"-task-definition", p("task-definition-web-7.json"), "-task-definition", p("task-definition-web-8.json"),
		"-request", p("update-service.json")}
}

// Requests ECS rejects print the exception ECS returns, with its code.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
func TestRefusedRequests(t *testing.T) {
	for _, c := range []struct{ request, want string }{
		{`{"cluster":"prod","service":"web","taskDefinition":"web:9"}`, "ECS refuses it: ClientException (HTTP 400): TaskDefinition not found."},
		{`{"cluster":"prod","service":"web","desiredCount":-1}`, "ECS refuses it: InvalidParameterException (HTTP 400)"},
		{`{"cluster":"staging","service":"web","taskDefinition":"web:8"}`, "ECS refuses it: ClusterNotFoundException (HTTP 400)"},
		{`{"cluster":"prod","service":"api","taskDefinition":"web:8"}`, "ECS refuses it: ServiceNotFoundException (HTTP 400)"},
	} {
		var out bytes.Buffer
		if err := run(sampleFiles(t, c.request), &out); err != nil {
			t.Fatalf("%s: %v", c.request, err)
		}
		if !strings.Contains(out.String(), c.want) || strings.Contains(out.String(), "What ECS will do") {
			t.Errorf("%s:\n%s", c.request, out.String())
		}
	}
}

// Minimum 100% with maximum 100% can never replace a task: the planner says
// so in ECS's words and the rollout does not finish.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
func TestSettingsThatCannotProgress(t *testing.T) {
	var out bytes.Buffer
	req := `{"cluster":"prod","service":"web","taskDefinition":"web:8","deploymentConfiguration":{"minimumHealthyPercent":100,"maximumPercent":100}}`
	if err := run(sampleFiles(t, req), &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"These settings cannot make progress; ECS reports: (service web) was unable to stop or start tasks during a deployment because of the service deployment configuration.",
		"No steady state within two hours of simulated time.",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "start web:8") {
		t.Errorf("a task started:\n%s", out.String())
	}
}

// A desired-count change alone starts no deployment; the scheduler scales.
func TestScaleOnly(t *testing.T) {
	var out bytes.Buffer
	if err := run(sampleFiles(t, `{"cluster":"prod","service":"web","desiredCount":6}`), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "no new deployment") || !regexp.MustCompile(`Steady after \S+: 6 tasks web:7 6 \| per zone: eu-west-1a 2 eu-west-1b 2 eu-west-1c 2\.`).MatchString(out.String()) {
		t.Errorf("scale to 6:\n%s", out.String())
	}
}

func TestFlagErrors(t *testing.T) {
	files := sampleFiles(t, `{"service":"web"}`)
	for _, args := range [][]string{
		{"-services", files[1]}, // the others missing
		{"-nosuchflag"},         // unknown flag
		{"extra"},               // stray argument
		append(append([]string{}, files[:10]...), "-request", "-", "-services", "-"), // two stdins
		append(append([]string{}, files...), "-service", "api"),                      // no such service
	} {
		if err := run(args, &bytes.Buffer{}); err == nil {
			t.Errorf("run %q: no error", args)
		}
	}
}

func TestDecodeTaskDefinition(t *testing.T) {
	td := model.TaskDefinition{TaskDefinitionARN: "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3", Family: "web", Revision: 3}
	bare, _ := json.Marshal(td)
	wrapped, _ := json.Marshal(map[string]any{"taskDefinition": td})
	for _, b := range [][]byte{bare, wrapped} {
		got, err := decodeTaskDefinition(b)
		if err != nil || got.TaskDefinitionARN != td.TaskDefinitionARN || got.Revision != 3 {
			t.Errorf("%s: %+v %v", b, got, err)
		}
	}
	if _, err := decodeTaskDefinition([]byte(`{"family":"web"}`)); err == nil {
		t.Error("a document without taskDefinitionArn was accepted")
	}
}
