package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ecsstate/ecsstate"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// runOut runs plan with args (no chart unless asked) and returns its
// standard output and error.
func runOut(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	if !containsFlag(args, "-svg") {
		args = append([]string{"-svg", ""}, args...)
	}
	err := run(args, &out, &errOut)
	return out.String(), err
}

func containsFlag(args []string, f string) bool {
	for _, a := range args {
		if a == f || strings.HasPrefix(a, f+"=") {
			return true
		}
	}
	return false
}

// The sample: service web, desired 4, minimum 100%, maximum 150%, its four
// web:7 tasks two in eu-west-1a and one each in eu-west-1b and eu-west-1c,
// six instances (two per zone) with room to spare; the request deploys
// web:8. From the documented rules, independently of the code:
//   - floor ⌈4 × 100 / 100⌉ = 4, ceiling ⌊4 × 150 / 100⌋ = 6: two new tasks
//     at a time, and no old task stops before new ones are healthy;
//   - AZ-balanced placement puts the first two in the zones with the fewest
//     tasks of the service: eu-west-1b and eu-west-1c;
//   - so the rollout starts four web:8 tasks in batches of two and stops
//     the four web:7 tasks, ending with four web:8 tasks, zones within one.
//
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
func TestSamplePrediction(t *testing.T) {
	out, err := runOut(t)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"service web in cluster prod at 2026-11-21T08:55:00Z: desired 4, running 4",
		"ECS accepts it: deployment ecs-svc/",
		"Desired 4: keep at least 4 healthy tasks (minimumHealthyPercent), at most 6 tasks at once (maximumPercent).",
		"Progress: new tasks start first",
		"deployment completed.",
		"has reached a steady state.",
		"At most 6 tasks were wanted at once (ceiling 6",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("prediction lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "warning:") {
		t.Errorf("warnings on the consistent sample:\n%s", out)
	}
	first := regexp.MustCompile(`\+0s +\(service web\) has started 2 tasks: .*\n\+0s +start web:8 \S+ on \S+ \((eu-west-1.)\)\n\+0s +start web:8 \S+ on \S+ \((eu-west-1.)\)\n`).FindStringSubmatch(out)
	if first == nil {
		t.Fatalf("the first step does not start two web:8 tasks:\n%s", out)
	}
	if zones := first[1] + "," + first[2]; zones != "eu-west-1b,eu-west-1c" && zones != "eu-west-1c,eu-west-1b" {
		t.Errorf("first batch went to %s, want the two zones with one task each", zones)
	}
	if n := strings.Count(out, "start web:8"); n != 4 {
		t.Errorf("%d web:8 tasks started, want 4", n)
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
// replaced, and returns the arguments that name them (the request with
// -request, the describe outputs as arguments).
func sampleFiles(t *testing.T, request string) []string {
	t.Helper()
	dir := t.TempDir()
	entries, err := samples.ReadDir("sample")
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	for _, e := range entries {
		b, _ := samples.ReadFile("sample/" + e.Name())
		p := filepath.Join(dir, e.Name())
		if e.Name() == "update-service.json" {
			b = []byte(request)
			args = append([]string{"-request", p}, args...)
		} else {
			args = append(args, p)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return args
}

// Requests ECS rejects print the exception ECS returns, with its code, and
// fail the command.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
func TestRefusedRequests(t *testing.T) {
	for _, c := range []struct {
		request string
		code    ecserrors.Code
	}{
		{`{"cluster":"prod","service":"web","taskDefinition":"web:9"}`, ecserrors.CodeClient},
		{`{"cluster":"prod","service":"web","desiredCount":-1}`, ecserrors.CodeInvalidParameter},
		{`{"cluster":"staging","service":"web","taskDefinition":"web:8"}`, ecserrors.CodeClusterNotFound},
		{`{"cluster":"prod","service":"api","taskDefinition":"web:8"}`, ecserrors.CodeServiceNotFound},
	} {
		out, err := runOut(t, sampleFiles(t, c.request)...)
		if !errors.Is(err, ecserrors.New(c.code, "")) {
			t.Errorf("%s: error %v, want %s", c.request, err, c.code)
		}
		if !strings.Contains(out, "ECS refuses it: "+string(c.code)+" (HTTP 400)") || strings.Contains(out, "What ECS will do") {
			t.Errorf("%s:\n%s", c.request, out)
		}
	}
}

// Minimum 100% with maximum 100% can never replace a task: ECS's words,
// no task started, and the command fails.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
func TestSettingsThatCannotProgress(t *testing.T) {
	req := `{"cluster":"prod","service":"web","taskDefinition":"web:8","deploymentConfiguration":{"minimumHealthyPercent":100,"maximumPercent":100}}`
	out, err := runOut(t, sampleFiles(t, req)...)
	if !errors.Is(err, errNotDone) {
		t.Errorf("error %v, want errNotDone", err)
	}
	for _, want := range []string{
		"These settings cannot replace a task",
		"Stuck after 0s (DeploymentConfiguration): (service web) was unable to stop or start tasks during a deployment because of the service deployment configuration.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "start web:8") {
		t.Errorf("a task started:\n%s", out)
	}
}

// A desired-count change alone starts no deployment; the scheduler scales
// to two tasks per zone.
func TestScaleOnly(t *testing.T) {
	out, err := runOut(t, sampleFiles(t, `{"cluster":"prod","service":"web","desiredCount":6}`)...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "no new deployment") || !regexp.MustCompile(`Steady after \S+: 6 tasks web:7 6 \| per zone: eu-west-1a 2 eu-west-1b 2 eu-west-1c 2\.`).MatchString(out) {
		t.Errorf("scale to 6:\n%s", out)
	}
}

// -output json prints the prediction as ecsstate.World.Predict returns it.
func TestJSONOutput(t *testing.T) {
	out, err := runOut(t, "-output", "json")
	if err != nil {
		t.Fatal(err)
	}
	var got ecsstate.Prediction
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	var snap ecsstate.Snapshot
	for _, f := range []string{"services.json", "container-instances.json", "task-definition-web-7.json", "task-definition-web-8.json", "tasks.json"} {
		b, _ := samples.ReadFile("sample/" + f)
		if err := snap.AddJSON(b); err != nil {
			t.Fatal(err)
		}
	}
	w, _, err := ecsstate.Load(ecsstate.Options{}, snap)
	if err != nil {
		t.Fatal(err)
	}
	want, err := w.Predict(model.UpdateServiceRequest{Cluster: "prod", Service: "web", TaskDefinition: "web:8"}, defaultLimit)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("-output json differs from Predict (-want +got):\n%s", diff)
	}
	// A refusal in JSON is ECS's error body.
	out, err = runOut(t, append([]string{"-output", "json"}, sampleFiles(t, `{"cluster":"prod","service":"api"}`)...)...)
	if err == nil || !strings.Contains(out, `"refused"`) || !strings.Contains(out, "ServiceNotFoundException") {
		t.Errorf("refusal as JSON: %v\n%s", err, out)
	}
}

// The chart is a well-formed SVG document with the floor and ceiling.
func TestChart(t *testing.T) {
	p := filepath.Join(t.TempDir(), "plan.svg")
	out, err := runOut(t, "-svg", p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "chart: "+p) {
		t.Errorf("output does not name the chart:\n%s", out)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
	}
	for _, want := range []string{"<svg", "floor 4 (minimum healthy)", "ceiling 6 (maximum)", "web:7", "web:8", "<polyline"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("chart lacks %q", want)
		}
	}
}

func TestFlagErrors(t *testing.T) {
	files := sampleFiles(t, `{"service":"web"}`)
	for _, args := range [][]string{
		files[2:],       // no -request
		{"-nosuchflag"}, // unknown flag
		{"-output", "yaml"},
		{"-limit", "0s"},
		{"-now", "yesterday"},
		{"-request", files[1], files[2], "nosuchfile.json"},
		{"-request", "-", "-"},           // two stdins
		{"-request", files[1], files[1]}, // a request is not a describe output
	} {
		if _, err := runOut(t, args...); err == nil {
			t.Errorf("run %q: no error", args)
		}
	}
}

// Warnings from Load are printed: here the tasks file is left out.
func TestWarnings(t *testing.T) {
	files := sampleFiles(t, `{"cluster":"prod","service":"web","taskDefinition":"web:8"}`)
	var kept []string
	for _, f := range files {
		if !strings.HasSuffix(f, "tasks.json") {
			kept = append(kept, f)
		}
	}
	out, err := runOut(t, kept...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "warning: arn:aws:ecs:eu-west-1:123456789012:service/prod/web: runningCount 4 but 0 running tasks given") {
		t.Errorf("no warning about the missing tasks:\n%s", out)
	}
}

// The committed chart is the sample's: regenerate it with
// go run ./examples/plan -svg examples/plan/plan.svg
func TestCommittedChartIsCurrent(t *testing.T) {
	p := filepath.Join(t.TempDir(), "plan.svg")
	if _, err := runOut(t, "-svg", p); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	want, err := os.ReadFile("plan.svg")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("plan.svg is not the sample's chart: run go run ./examples/plan -svg examples/plan/plan.svg")
	}
}

// -request alone runs the given request on the sample files.
func TestRequestOnTheSamples(t *testing.T) {
	p := filepath.Join(t.TempDir(), "request.json")
	if err := os.WriteFile(p, []byte(`{"cluster":"prod","service":"web","desiredCount":2}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runOut(t, "-request", p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "using the samples") || !strings.Contains(out, "Steady after") || !strings.Contains(out, ": 2 tasks web:7 2 |") {
		t.Errorf("scale the sample to 2:\n%s", out)
	}
}
