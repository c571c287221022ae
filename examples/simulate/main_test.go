package main

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// runDefault runs the README's command (no scenario flag) with the chart
// written to a temporary file, and returns the output and the chart.
func runDefault(t *testing.T, extra ...string) (string, []byte) {
	t.Helper()
	svg := filepath.Join(t.TempDir(), "chart.svg")
	var out bytes.Buffer
	if err := run(append([]string{"-svg", svg}, extra...), &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	text, ok := strings.CutSuffix(out.String(), "chart: "+svg+"\n")
	if !ok {
		t.Fatalf("the output does not end by saying where the chart went:\n%s", out.String())
	}
	chart, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	return text, chart
}

// TestDefaultScenarioKeyFacts checks what the walkthrough promises: the
// web:2 deployment completes, the agent update goes PENDING → STAGING →
// STAGED → UPDATING → UPDATED across a disconnect, web:3's tasks fail so
// the breaker trips and rolls back to web:2, and the output stays short.
func TestDefaultScenarioKeyFacts(t *testing.T) {
	out, _ := runDefault(t)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`UpdateService \{"taskDefinition":"web:2"\}\n\d\d:\d\d    new PRIMARY deployment (ecs-svc/\d{19})`),
		regexp.MustCompile(`instance 2 \(us-east-1b\) is DRAINING`),
		regexp.MustCompile(`agent on instance 4 disconnected: update stays STAGING`),
		regexp.MustCompile(`agent on instance 4 connected again: the update resumes from STAGING`),
		regexp.MustCompile(`UPDATING → UPDATED, agent 1\.87\.0`),
		regexp.MustCompile(`\(service web\) \(deployment (ecs-svc/\d{19})\) deployment failed: tasks failed to start\.`),
		regexp.MustCompile(`rolling back to deployment ecs-svc/\d{19}\.`),
		regexp.MustCompile(`PRIMARY COMPLETED web:2 running 6`),
	} {
		if !want.MatchString(out) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	// The web:2 deployment completes, before web:3 is deployed.
	web2 := regexp.MustCompile(`new PRIMARY deployment (ecs-svc/\d+)`).FindAllStringSubmatch(out, -1)
	if len(web2) != 2 {
		t.Fatalf("%d new deployments, want 2 (web:2 and web:3)", len(web2))
	}
	done := strings.Index(out, "(deployment "+web2[0][1]+") deployment completed.")
	if done < 0 || done > strings.Index(out, "deploy web:3") {
		t.Errorf("deployment %s (web:2) does not complete before web:3 is deployed", web2[0][1])
	}
	// The deployment that fails is web:3's, and it rolls back to web:2's.
	if !strings.Contains(out, "(deployment "+web2[1][1]+") rolling back to deployment "+web2[0][1]+".") {
		t.Errorf("web:3's deployment %s does not roll back to web:2's %s", web2[1][1], web2[0][1])
	}
	if n := strings.Count(out, "\n"); n > 80 {
		t.Errorf("the timeline has %d lines; keep it readable (at most 80)", n)
	}
}

// TestDefaultScenarioHistory checks the run's record rather than its text:
// the agent statuses in order, and the Availability Zones within one task
// of each other at every steady state — except a steady state that AZ
// rebalancing then corrects (its next event says so), since a drained
// instance can leave the zones uneven until the rebalancer moves a task.
func TestDefaultScenarioHistory(t *testing.T) {
	scn, err := parseScenario(defaultScenario)
	if err != nil {
		t.Fatal(err)
	}
	// Seed 1 is the README's run; the others show the facts do not hang
	// on one lucky draw of task start and stop times.
	for seed := uint64(1); seed <= 20; seed++ {
		h, err := simulate(scn, seed, io.Discard)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		checkHistory(t, seed, h)
	}
}

func checkHistory(t *testing.T, seed uint64, h *history) {
	t.Helper()
	want := []string{"PENDING", "STAGING", "STAGED", "UPDATING", "UPDATED"}
	if diff := cmp.Diff(want, h.AgentStatuses); diff != "" {
		t.Errorf("seed %d: agent statuses (-want +got):\n%s", seed, diff)
	}
	if len(h.Settled) < 4 {
		t.Fatalf("seed %d: %d steady states, want at least 4 (scale to 4, to 6, web:2, rollback)", seed, len(h.Settled))
	}
	for _, s := range h.Settled {
		if zonesWithinOne(s.counts) {
			continue
		}
		if s.Event+1 >= len(h.Events) || !strings.Contains(h.Events[s.Event+1], "is not AZ balanced") {
			t.Errorf("seed %d: steady with zones %v and no rebalancing after it", seed, s.ByZone)
		}
	}
	last := h.Settled[len(h.Settled)-1]
	if !zonesWithinOne(last.counts) || last.Total != 6 || last.ByRevision["web:2"] != 6 {
		t.Errorf("seed %d: final steady state %+v, want 6 web:2 tasks, zones within one", seed, last.counts)
	}
	count := func(sub string) int {
		n := 0
		for _, e := range h.Events {
			n += btoi(strings.Contains(e, sub))
		}
		return n
	}
	if count("deployment completed.") != 3 || count("deployment failed: tasks failed to start.") != 1 || count("rolling back to deployment") != 1 {
		t.Errorf("seed %d: want three completed deployments (CreateService's, web:2, the rollback) and one trip with rollback; events:\n%s", seed, strings.Join(h.Events, "\n"))
	}
	// web:3's tasks were launched and none of them ever ran.
	if h.Launched["web:3"] == 0 || h.Failed["web:3"] != h.Launched["web:3"] {
		t.Errorf("seed %d: web:3 launched %d tasks and %d failed to start; want all of them failed", seed, h.Launched["web:3"], h.Failed["web:3"])
	}
	for _, s := range h.Samples {
		if s.Running.ByRevision["web:3"] != 0 {
			t.Errorf("seed %d: at %s a web:3 task is RUNNING", seed, s.At)
		}
	}
}

// TestZoneFormula checks the rule scenario.json states for placing
// instances in zones — instance i (from 1) is in zones[(i-1) mod
// len(zones)] — against the zones the run prints for the instances its
// actions name.
func TestZoneFormula(t *testing.T) {
	scn, err := parseScenario(defaultScenario)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(scn.Comment, "instance i (from 1) is in zones[(i-1) mod len(zones)]") {
		t.Fatalf("scenario.json no longer states the zone rule this test checks: %q", scn.Comment)
	}
	out, _ := runDefault(t)
	checked := 0
	for _, m := range regexp.MustCompile(`instance (\d+) \((us-east-1[a-z])\)`).FindAllStringSubmatch(out, -1) {
		i, _ := strconv.Atoi(m[1])
		if want := scn.Zones[(i-1)%len(scn.Zones)]; m[2] != want {
			t.Errorf("instance %d is in %s; the scenario's rule says %s", i, m[2], want)
		}
		checked++
	}
	if checked < 2 {
		t.Errorf("only %d instances named with their zone in the output", checked)
	}
}

func TestSameSeedSameOutput(t *testing.T) {
	a, ca := runDefault(t)
	b, cb := runDefault(t)
	if a != b || !bytes.Equal(ca, cb) {
		t.Error("two runs with the same seed differ")
	}
	c, _ := runDefault(t, "-seed", "2")
	if a == c {
		t.Error("seeds 1 and 2 give the same timeline; the seed is not used")
	}
}

// TestChartIsSVG parses the chart with encoding/xml: a browser needs
// well-formed XML with an svg root in the SVG namespace, and the chart must
// have a line per revision and per zone.
func TestChartIsSVG(t *testing.T) {
	_, chart := runDefault(t)
	dec := xml.NewDecoder(bytes.NewReader(chart))
	var root xml.Name
	polylines := 0
	var texts []string
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("chart is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root.Local == "" {
				root = tok.Name
			}
			polylines += btoi(tok.Name.Local == "polyline")
			inText = tok.Name.Local == "text"
		case xml.CharData:
			if inText {
				texts = append(texts, string(tok))
			}
		case xml.EndElement:
			inText = false
		}
	}
	if root != (xml.Name{Space: "http://www.w3.org/2000/svg", Local: "svg"}) {
		t.Errorf("root element %v", root)
	}
	if polylines != 3*2+3 {
		t.Errorf("%d series, want 9 (running and starting for web:1..3, and three zones)", polylines)
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"web:3", "none ran", "us-east-1c", "drain an instance mid-deployment", "elapsed time since the start (minutes)"} {
		if !strings.Contains(all, want) {
			t.Errorf("chart lacks the label %q", want)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestCommittedChartIsCurrent keeps the README's chart honest: the SVG
// committed next to this file is what the default run draws.
func TestCommittedChartIsCurrent(t *testing.T) {
	committed, err := os.ReadFile("simulate.svg")
	if err != nil {
		t.Fatal(err)
	}
	_, chart := runDefault(t)
	if !bytes.Equal(committed, chart) {
		t.Error("simulate.svg is stale: regenerate it with go run ./examples/simulate -svg examples/simulate/simulate.svg")
	}
}

func TestFlags(t *testing.T) {
	// A scenario file, a bigger cluster, no chart.
	path := filepath.Join(t.TempDir(), "s.json")
	if err := os.WriteFile(path, defaultScenario, 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run([]string{"-scenario", path, "-instances", "9", "-svg", ""}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "9 container instances") || strings.Contains(out.String(), "chart:") {
		t.Errorf("output:\n%s", out.String())
	}
	// The timeline to a file.
	outPath := filepath.Join(t.TempDir(), "timeline.txt")
	if err := run([]string{"-out", outPath, "-svg", ""}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(outPath); err != nil || !strings.Contains(string(b), "deployment failed: tasks failed to start.") {
		t.Errorf("-out wrote %q (%v)", b, err)
	}
	for _, args := range [][]string{{"-nosuchflag"}, {"extra"}, {"-scenario", filepath.Join(t.TempDir(), "missing.json")}, {"-runs", "1", "-failrate", "2"}} {
		if err := run(args, io.Discard); err == nil {
			t.Errorf("run %q: no error", args)
		}
	}
}

func TestScenarioIsCheckedStrictly(t *testing.T) {
	for name, body := range map[string]string{
		"unknown member":     strings.Replace(string(defaultScenario), `"cluster"`, `"clustr"`, 1),
		"bad duration":       strings.Replace(string(defaultScenario), `"until": "25m"`, `"until": "soon"`, 1),
		"drain out of range": strings.Replace(string(defaultScenario), `"drainInstance": 2`, `"drainInstance": 7`, 1),
		"two things at once": strings.Replace(string(defaultScenario), `"drainInstance": 2`, `"drainInstance": 2, "updateAgent": {"instance": 1}`, 1),
	} {
		if _, err := parseScenario([]byte(body)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// A run whose steps × instances would take hours is refused before it
// starts; the same week at a 15-second interval on 6 instances is fine.
func TestScenarioWorkIsBounded(t *testing.T) {
	week := strings.Replace(string(defaultScenario), `"until": "25m"`, `"until": "168h"`, 1)
	if _, err := parseScenario([]byte(week)); err != nil {
		t.Fatalf("a week of the default interval on 6 instances: %v", err)
	}
	big := strings.Replace(strings.Replace(week, `"instances": 6`, `"instances": 5000`, 1), `"schedulerInterval": "15s"`, `"schedulerInterval": "1s"`, 1)
	_, err := parseScenario([]byte(big))
	if err == nil || !strings.Contains(err.Error(), "instance-steps") {
		t.Fatalf("a week of 1-second steps on 5,000 instances: %v, want the instance-steps refusal", err)
	}
	var out bytes.Buffer
	path := filepath.Join(t.TempDir(), "week.json")
	if err := os.WriteFile(path, []byte(week), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-scenario", path, "-instances", "5000", "-svg", ""}, &out); err == nil || !strings.Contains(err.Error(), "instance-steps") {
		t.Fatalf("-instances 5000 on a week: %v, want the instance-steps refusal", err)
	}
}

// TestReadmeExcerptIsCurrent keeps the README's timeline honest: its lines
// (other than the "…" that mark cuts) are lines of the default run's
// output, in the same order.
func TestReadmeExcerptIsCurrent(t *testing.T) {
	block := readmeExcerpt(t, "### What the simulator shows")
	out, _ := runDefault(t)
	if want, ok := excerptOf(block, out); !ok {
		t.Fatalf("README line not in the default output (in this order): %q\nregenerate the excerpt from go run ./examples/simulate", want)
	}
}

// readmeExcerpt returns the first text block after the README heading.
func readmeExcerpt(t *testing.T, heading string) string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), heading)
	if !ok {
		t.Fatalf("README has no %q section", heading)
	}
	_, block, _ := strings.Cut(after, "```text\n")
	block, _, _ = strings.Cut(block, "```")
	return block
}

// excerptOf reports whether every line of block other than "…" is a line
// of out, in order; if not, it returns the first line that is not.
func excerptOf(block, out string) (string, bool) {
	lines := strings.Split(out, "\n")
	next := 0
	for _, want := range strings.Split(strings.TrimSuffix(block, "\n"), "\n") {
		if want == "…" {
			continue
		}
		i := slices.Index(lines[next:], want)
		if i < 0 {
			return want, false
		}
		next += i + 1
	}
	return "", true
}
