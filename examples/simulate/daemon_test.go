package main

import (
	"bytes"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const daemonScenarioPath = "scenarios/daemon-protection.json"

// protectedEvent is the service event ECS writes when protected tasks keep
// a service from scaling in.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html
const protectedEvent = "was unable to scale in. Reason: The number of protected tasks are more than the desired count of tasks."

func daemonScenario(t testing.TB) *Scenario {
	t.Helper()
	b, err := os.ReadFile(daemonScenarioPath)
	if err != nil {
		t.Fatal(err)
	}
	scn, err := parseScenario(b)
	if err != nil {
		t.Fatal(err)
	}
	return scn
}

// TestDaemonScenarioOutput runs the daemon scenario as its README line
// says and checks the timeline shows what it is for: the daemon following
// the instances, the protections and their end, and ECS's event for a
// deployment and a scale-in held back by protected tasks.
func TestDaemonScenarioOutput(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-scenario", daemonScenarioPath, "-svg", ""}, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	text := out.String()
	var again bytes.Buffer
	if err := run([]string{"-scenario", daemonScenarioPath, "-svg", ""}, &again); err != nil || again.String() != text {
		t.Errorf("a second run with the same seed differs (%v)", err)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`RegisterContainerInstance: instances 4 \(us-east-1a\) and 5 \(us-east-1b\) join`),
		regexp.MustCompile(`daemon log-router: one task RUNNING on each ACTIVE instance: 1 2 3 4 5\n`),
		regexp.MustCompile(`daemon log-router: one task RUNNING on each ACTIVE instance: 2 3 4 5\n`),
		regexp.MustCompile(`UpdateTaskProtection protects 2 tasks of web until 26:05`),
		regexp.MustCompile(`\(service web\) was unable to reach steady state because task set \(ecs-svc/\d{19}\) ` + regexp.QuoteMeta(protectedEvent)),
		regexp.MustCompile(`UpdateTaskProtection clears the protection of 2 tasks of web`),
		regexp.MustCompile(`protection of 1 task of web expired`),
		regexp.MustCompile(`\(service log-router\) was unable to reach steady state because task set \(ecs-svc/\d{19}\) ` + regexp.QuoteMeta(protectedEvent)),
		regexp.MustCompile(`protection of 1 task of log-router expired`),
		regexp.MustCompile(`daemon log-router: 5 tasks running of 5 desired; deployments: ecs-svc/\d{19} PRIMARY COMPLETED log-router:2\n`),
	} {
		if !want.MatchString(text) {
			t.Errorf("output lacks %s:\n%s", want, text)
		}
	}
	// The zone rule of the scenario format holds for instances that join.
	scn := daemonScenario(t)
	for _, m := range regexp.MustCompile(`(\d+) \((us-east-1[a-z])\)`).FindAllStringSubmatch(text, -1) {
		i, _ := strconv.Atoi(m[1])
		if want := scn.Zones[(i-1)%len(scn.Zones)]; m[2] != want {
			t.Errorf("instance %d is in %s; the rule says %s", i, m[2], want)
		}
	}
}

// TestDaemonScenarioHistory checks the daemon scenario's record over
// several seeds against what its actions imply, derived here from the
// scenario file and not from the run:
//   - every time the daemon is settled, it runs exactly one RUNNING task
//     on each instance the actions left ACTIVE (the initial ones, plus
//     those registered, minus those drained), and it settles after each
//     action that changes the instances;
//   - no protected task is told to stop while it is protected (from its
//     action until its expiration or the action clearing it), and each is
//     stopped after, since the scenario scales in or deploys past it;
//   - ECS's event for protected tasks holding a scale-in is written for
//     the service and for the daemon.
func TestDaemonScenarioHistory(t *testing.T) {
	scn := daemonScenario(t)
	type change struct {
		at     time.Duration
		active []int
	}
	active := []int{}
	for i := 1; i <= scn.Instances; i++ {
		active = append(active, i)
	}
	changes := []change{{0, slices.Clone(active)}}
	n := scn.Instances
	type window struct {
		service   string
		from, end time.Duration
		tasks     int
	}
	var windows []window
	for _, a := range scn.Actions {
		at := time.Duration(a.At)
		switch {
		case a.RegisterInstances > 0:
			for range a.RegisterInstances {
				n++
				active = append(active, n)
			}
			changes = append(changes, change{at, slices.Clone(active)})
		case a.DrainInstance > 0:
			active = slices.DeleteFunc(active, func(k int) bool { return k == a.DrainInstance })
			changes = append(changes, change{at, slices.Clone(active)})
		case a.ProtectTasks != nil:
			p := a.ProtectTasks
			svc := p.Service
			if svc == "" {
				svc = scn.Service
			}
			if p.ProtectionEnabled {
				windows = append(windows, window{svc, at, at + time.Duration(*p.ExpiresInMinutes)*time.Minute, p.Count})
				continue
			}
			for i := range windows {
				if w := &windows[i]; w.service == svc && w.from < at && at < w.end {
					w.end = at
				}
			}
		}
	}
	if len(changes) < 4 || len(windows) < 3 {
		t.Fatalf("the scenario no longer changes instances (%d) and protects tasks (%d) enough for this test", len(changes), len(windows))
	}
	for seed := uint64(1); seed <= 8; seed++ {
		h, err := simulate(scn, seed, io.Discard)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		// The daemon: one task on every ACTIVE instance once settled.
		for _, st := range h.Daemons {
			i, _ := slices.BinarySearchFunc(changes, st.At, func(c change, at time.Duration) int { return int(c.at - at) })
			want := changes[i-1].active // the last change before the run
			if diff := cmp.Diff(want, st.Eligible); diff != "" {
				t.Errorf("seed %d at %s: ACTIVE instances (-want +got):\n%s", seed, st.At, diff)
			}
			one := map[int]int{}
			for _, k := range want {
				one[k] = 1
			}
			if diff := cmp.Diff(one, st.Running); diff != "" {
				t.Errorf("seed %d at %s: daemon tasks per instance (-want +got):\n%s", seed, st.At, diff)
			}
		}
		for i, c := range changes {
			end := time.Duration(scn.Until) + time.Second
			if i+1 < len(changes) {
				end = changes[i+1].at
			}
			if !slices.ContainsFunc(h.Daemons, func(st daemonState) bool { return st.At > c.at && st.At <= end }) {
				t.Errorf("seed %d: the daemon does not settle between %s and %s", seed, c.at, end)
			}
		}
		// Protection: the run protected as many tasks as each action asks
		// for, for the action's window, and no protected task is told to
		// stop within its window (judged on the window derived from the
		// scenario, not on the run's record of it).
		perWindow := make([]int, len(windows))
		for _, p := range h.Protections {
			k := slices.IndexFunc(windows, func(w window) bool { return w.service == p.Service && w.from == p.From })
			if k < 0 {
				t.Errorf("seed %d: protection %+v set by no action (%+v)", seed, p, windows)
				continue
			}
			if windows[k].end != p.Until {
				t.Errorf("seed %d: protection %+v should end at %s", seed, p, windows[k].end)
			}
			perWindow[k]++
			w := windows[k]
			stop, ok := h.Unwanted[p.Task]
			switch {
			case !ok:
				t.Errorf("seed %d: protected %s task %s never stopped after its protection ended at %s", seed, p.Service, p.Task, w.end)
			case stop > w.from && stop < w.end:
				t.Errorf("seed %d: %s task %s stopped at %s, protected from %s to %s", seed, p.Service, p.Task, stop, w.from, w.end)
			}
		}
		for k, w := range windows {
			if perWindow[k] != w.tasks {
				t.Errorf("seed %d: %d %s tasks protected at %s, want %d", seed, perWindow[k], w.service, w.from, w.tasks)
			}
		}
		if !slices.ContainsFunc(h.Events, func(e string) bool { return strings.HasSuffix(e, protectedEvent) }) {
			t.Errorf("seed %d: no protection event for web:\n%s", seed, strings.Join(h.Events, "\n"))
		}
		if !slices.ContainsFunc(h.DaemonEvents["log-router"], func(e string) bool { return strings.HasSuffix(e, protectedEvent) }) {
			t.Errorf("seed %d: no protection event for log-router", seed)
		}
	}
}

// TestDaemonScenarioIsCheckedStrictly: each bad daemon or action member is
// refused with an error that names the problem.
func TestDaemonScenarioIsCheckedStrictly(t *testing.T) {
	b, err := os.ReadFile(daemonScenarioPath)
	if err != nil {
		t.Fatal(err)
	}
	good := string(b)
	for _, c := range []struct{ name, old, new, want string }{
		{"daemon without a name", `"service": "log-router", "taskDefinitions"`, `"service": "", "taskDefinitions"`, "daemon 1 must be named"},
		{"daemon named as the service", `"service": "log-router", "taskDefinitions"`, `"service": "web", "taskDefinitions"`, `daemon 1 is named "web"`},
		{"daemon revisions out of order", `{"revision": 1, "cpu": 128`, `{"revision": 3, "cpu": 128`, "task definition 1 of daemon log-router has revision 3"},
		{"unknown daemon member", `"service": "log-router", "taskDefinitions"`, `"service": "log-router", "desiredCount": 2, "taskDefinitions"`, "unknown field"},
		{"register none", `"registerInstances": 2`, `"registerInstances": -1`, "registers -1 instances"},
		{"register past the quota", `"registerInstances": 2`, `"registerInstances": 4998`, "at most 5000 in all"},
		{"register an overflowing number", `"registerInstances": 2`, `"registerInstances": 9223372036854775807`, "registers 9223372036854775807 instances"},
		{"drain an instance not yet registered", `"drainInstance": 1`, `"drainInstance": 6`, "drains instance 6 of 5"},
		{"protect too many", `"count": 2, "protectionEnabled": true`, `"count": 11, "protectionEnabled": true`, "count is 11"},
		{"protect none", `"count": 2, "protectionEnabled": true`, `"protectionEnabled": true`, "protectionEnabled needs count"},
		{"protect too long", `"expiresInMinutes": 20`, `"expiresInMinutes": 2881`, "expiresInMinutes is 2881"},
		{"expiry on unprotect", `"protectTasks": {"protectionEnabled": false}`, `"protectTasks": {"protectionEnabled": false, "expiresInMinutes": 5}`, "only for protectionEnabled true"},
		{"protect an unknown service", `"service": "log-router", "count": 1`, `"service": "db", "count": 1`, `service "db" is neither`},
		{"unknown scheduling strategy", `"service": "web",`, `"service": "web", "schedulingStrategy": "ONCE",`, `schedulingStrategy "ONCE"`},
		{"daemon service with a placement strategy", `"service": "web",`, `"service": "web", "schedulingStrategy": "DAEMON",`, "a DAEMON service takes no placementStrategy"},
		{"two things at once", `"registerInstances": 1}`, `"registerInstances": 1, "drainInstance": 2}`, "exactly one of"},
	} {
		body := strings.Replace(good, c.old, c.new, 1)
		if body == good {
			t.Fatalf("%s: the scenario no longer contains %s", c.name, c.old)
		}
		_, err := parseScenario([]byte(body))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
}

// TestDaemonServiceWithProtection: the scenario's service itself can be a
// DAEMON service (schedulingStrategy), one task per instance, and a
// deployment of it waits for a protected task until its protection lapses,
// then replaces it too.
func TestDaemonServiceWithProtection(t *testing.T) {
	scn, err := parseScenario([]byte(`{
		"cluster": "demo", "region": "us-east-1", "accountId": "123456789012",
		"zones": ["us-east-1a", "us-east-1b", "us-east-1c"], "instances": 3,
		"instanceCpu": 2048, "instanceMemory": 4096, "agentVersion": "1.86.0", "latestAgentVersion": "1.87.0",
		"service": "agent", "schedulingStrategy": "DAEMON",
		"taskDefinitions": [{"revision": 1, "cpu": 128, "memory": 128}, {"revision": 2, "cpu": 128, "memory": 128}],
		"taskStart": ["5s", "10s"], "taskStop": ["2s", "5s"], "schedulerInterval": "15s",
		"actions": [
			{"at": "2m", "note": "protect one daemon task", "protectTasks": {"count": 1, "protectionEnabled": true, "expiresInMinutes": 10}},
			{"at": "3m", "note": "deploy agent:2", "updateService": {"taskDefinition": "agent:2"}}
		],
		"until": "14m"
	}`))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	h, err := simulate(scn, 1, &out)
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"protects 1 task of agent until 12:00", "was unable to scale in", "protection of 1 task of agent expired", "end: 3 tasks running"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	// The protection lapses at 12m; then the old task is replaced too.
	if !strings.Contains(text, "| agent:2 3\n") || strings.Contains(text, "ACTIVE COMPLETED agent:1") {
		t.Errorf("the deployment did not finish once protection lapsed:\n%s", text)
	}
	if len(h.Protections) != 1 {
		t.Fatalf("%d protections, want 1", len(h.Protections))
	}
	p := h.Protections[0]
	if stop, ok := h.Unwanted[p.Task]; !ok || stop < 12*time.Minute {
		t.Errorf("the protected task was stopped at %s (%v), before its protection lapsed at 12m", stop, ok)
	}
	last := h.Daemons[len(h.Daemons)-1]
	if diff := cmp.Diff(map[int]int{1: 1, 2: 1, 3: 1}, last.Running); last.At < 12*time.Minute || diff != "" {
		t.Errorf("at %s, the daemon's tasks per instance (-want +got):\n%s", last.At, diff)
	}
}
