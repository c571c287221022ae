package query

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	ecserrors "github.com/ecsstate/ecsstate/errors"
)

var ignoreCompiled = cmpopts.IgnoreUnexported(Cond{})

func mustParse(t *testing.T, s string) Expr {
	t.Helper()
	e, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return e
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestDocumentedExamples evaluates every example expression of the cluster
// query language page,
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-query-language.html
// ("Example expressions"), and the filter and constraint examples of
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-constraints.html,
// against instances whose answer the page's own description gives.
func TestDocumentedExamples(t *testing.T) {
	type inst struct {
		name string
		f    Fields
		want bool
	}
	attrs := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	cases := []struct {
		expr  string
		canon string
		insts []inst
	}{
		// cluster-query-language: "String Equality".
		{"attribute:ecs.instance-type == t2.small", "attribute:ecs.instance-type == t2.small", []inst{
			{"t2.small", Fields{Attributes: attrs("ecs.instance-type", "t2.small")}, true},
			{"t2.medium", Fields{Attributes: attrs("ecs.instance-type", "t2.medium")}, false},
			{"no attribute", Fields{}, false},
		}},
		// "Argument List".
		{"attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", []inst{
			{"1a", Fields{Attributes: attrs("ecs.availability-zone", "us-east-1a")}, true},
			{"1b", Fields{Attributes: attrs("ecs.availability-zone", "us-east-1b")}, true},
			{"1c", Fields{Attributes: attrs("ecs.availability-zone", "us-east-1c")}, false},
		}},
		// "Compound Expression": G2 instances not in us-east-1d.
		{"attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d",
			"attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d", []inst{
				{"g2 in 1a", Fields{Attributes: attrs("ecs.instance-type", "g2.2xlarge", "ecs.availability-zone", "us-east-1a")}, true},
				{"g2 in 1d", Fields{Attributes: attrs("ecs.instance-type", "g2.2xlarge", "ecs.availability-zone", "us-east-1d")}, false},
				{"t2 in 1a", Fields{Attributes: attrs("ecs.instance-type", "t2.small", "ecs.availability-zone", "us-east-1a")}, false},
			}},
		// "Task Affinity".
		{"task:group == service:production", "task:group == service:production", []inst{
			{"hosts production", Fields{Groups: []string{"family:x", "service:production"}}, true},
			{"hosts other", Fields{Groups: []string{"service:staging"}}, false},
			{"empty", Fields{}, false},
		}},
		// "Task Anti-Affinity".
		{"not(task:group == database)", "not task:group == database", []inst{
			{"hosts database", Fields{Groups: []string{"web", "database"}}, false},
			{"hosts web", Fields{Groups: []string{"web"}}, true},
			{"empty", Fields{}, true},
		}},
		// "Running task count".
		{"runningTasksCount == 1", "runningTasksCount == 1", []inst{
			{"one", Fields{RunningTasks: 1}, true},
			{"none", Fields{}, false},
			{"two", Fields{RunningTasks: 2}, false},
		}},
		// "Amazon ECS container agent version": below 1.14.5.
		{"agentVersion < 1.14.5", "agentVersion < 1.14.5", []inst{
			{"1.14.4", Fields{Version: "1.14.4"}, true},
			{"1.9.0", Fields{Version: "1.9.0"}, true}, // numeric, not string, order
			{"1.14.5", Fields{Version: "1.14.5"}, false},
			{"1.100.0", Fields{Version: "1.100.0"}, false},
			{"unknown", Fields{}, false},
		}},
		// "Instance registration time": before February 13, 2018.
		{"registeredAt < 2018-02-13", "registeredAt < 2018-02-13", []inst{
			{"Feb 12 late", Fields{Registered: date("2018-02-12T23:59:59Z")}, true},
			{"Feb 13 early", Fields{Registered: date("2018-02-13T00:00:00Z")}, false},
			{"2019", Fields{Registered: date("2019-01-01T00:00:00Z")}, false},
		}},
		// "Amazon EC2 instance ID".
		{"ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", "ec2InstanceId in [i-abcd1234, i-wxyx7890]", []inst{
			{"first", Fields{InstanceID: "i-abcd1234"}, true},
			{"second", Fields{InstanceID: "i-wxyx7890"}, true},
			{"other", Fields{InstanceID: "i-00000000"}, false},
		}},
		// task-placement-constraints: "Built-in attribute".
		{"attribute:ecs.instance-type == g2.2xlarge", "attribute:ecs.instance-type == g2.2xlarge", []inst{
			{"g2.2xlarge", Fields{Attributes: attrs("ecs.instance-type", "g2.2xlarge")}, true},
			{"g2.8xlarge", Fields{Attributes: attrs("ecs.instance-type", "g2.8xlarge")}, false},
		}},
		// "Custom attribute".
		{"attribute:stack == prod", "attribute:stack == prod", []inst{
			{"prod", Fields{Attributes: attrs("stack", "prod")}, true},
			{"dev", Fields{Attributes: attrs("stack", "dev")}, false},
		}},
		// "Exclude an attribute value": instances with the attribute stack,
		// unless it is prod.
		{"attribute:stack != prod", "attribute:stack != prod", []inst{
			{"prod", Fields{Attributes: attrs("stack", "prod")}, false},
			{"dev", Fields{Attributes: attrs("stack", "dev")}, true},
			{"no stack", Fields{}, false},
		}},
		// "Multiple attribute values".
		{"attribute:ecs.instance-type in [t2.small, t2.medium]", "attribute:ecs.instance-type in [t2.small, t2.medium]", []inst{
			{"t2.medium", Fields{Attributes: attrs("ecs.instance-type", "t2.medium")}, true},
			{"t2.large", Fields{Attributes: attrs("ecs.instance-type", "t2.large")}, false},
		}},
		// "Multiple attributes": T2 instances in us-east-1a.
		{"attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone == us-east-1a",
			"attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone == us-east-1a", []inst{
				{"t2 1a", Fields{Attributes: attrs("ecs.instance-type", "t2.micro", "ecs.availability-zone", "us-east-1a")}, true},
				{"t2 1b", Fields{Attributes: attrs("ecs.instance-type", "t2.micro", "ecs.availability-zone", "us-east-1b")}, false},
				{"m5 1a", Fields{Attributes: attrs("ecs.instance-type", "m5.large", "ecs.availability-zone", "us-east-1a")}, false},
			}},
		// "Example constraints": T2 instances.
		{"attribute:ecs.instance-type =~ t2.*", "attribute:ecs.instance-type =~ t2.*", []inst{
			{"t2.small", Fields{Attributes: attrs("ecs.instance-type", "t2.small")}, true},
			{"c5.xlarge", Fields{Attributes: attrs("ecs.instance-type", "c5.xlarge")}, false},
			{"xt2 (whole value must match)", Fields{Attributes: attrs("ecs.instance-type", "xt2.small")}, false},
		}},
		// "Example constraints": with tasks of the databases group.
		{"task:group == databases", "task:group == databases", []inst{
			{"hosts databases", Fields{Groups: []string{"databases"}}, true},
			{"hosts web", Fields{Groups: []string{"web"}}, false},
		}},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			e := mustParse(t, c.expr)
			if got := e.String(); got != c.canon {
				t.Errorf("String() = %q, want %q", got, c.canon)
			}
			for _, in := range c.insts {
				if got := e.Eval(in.f); got != in.want {
					t.Errorf("%s: Eval = %v, want %v", in.name, got, in.want)
				}
			}
		})
	}
}

// TestOperatorForms checks that every operator's word and symbol forms give
// the same tree.
func TestOperatorForms(t *testing.T) {
	for _, op := range allOps {
		arg := " x"
		switch op {
		case OpExists, OpNotExists:
			arg = ""
		case OpIn, OpNotIn:
			arg = " [x, 'y z']"
		}
		sym := mustParse(t, "attribute:a "+op.String()+arg)
		word := mustParse(t, "attribute:a "+op.Word()+arg)
		if diff := cmp.Diff(sym, word, ignoreCompiled); diff != "" {
			t.Errorf("%s vs %s: %s", op, op.Word(), diff)
		}
		if c := sym.(*Cond); c.Op != op {
			t.Errorf("%s parsed as %s", op, c.Op)
		}
	}
	for _, s := range []string{
		"attribute:a==x&&attribute:b==y",
		"attribute:a == x and attribute:b == y",
		"attribute:a equals x AND attribute:b EQUALS y",
	} {
		want := &And{
			Left:  &Cond{Subject: SubjectAttribute, Attribute: "a", Op: OpEq, Args: []string{"x"}},
			Right: &Cond{Subject: SubjectAttribute, Attribute: "b", Op: OpEq, Args: []string{"y"}},
		}
		if diff := cmp.Diff(want, mustParse(t, s), ignoreCompiled); diff != "" {
			t.Errorf("%q: %s", s, diff)
		}
	}
}

// TestSubjectOperatorTable checks Parse against the operator table of the
// package documentation, for every subject and operator.
func TestSubjectOperatorTable(t *testing.T) {
	table := map[Subject]string{
		SubjectAgentConnected:    "== != in !in =~ !~",
		SubjectAgentVersion:      "== != > >= < <=",
		SubjectEC2InstanceID:     "== != in !in =~ !~",
		SubjectRegisteredAt:      "== != > >= < <=",
		SubjectRunningTasksCount: "== != > >= < <=",
		SubjectAttribute:         "== != > >= < <= exists !exists in !in =~ !~",
		SubjectTaskGroup:         "== != in !in =~ !~ exists !exists",
	}
	validArg := map[Subject]string{
		SubjectAgentConnected: "true", SubjectAgentVersion: "1.2.3", SubjectEC2InstanceID: "i-1",
		SubjectRegisteredAt: "2018-06-18", SubjectRunningTasksCount: "3", SubjectAttribute: "v", SubjectTaskGroup: "g",
	}
	for _, s := range allSubjects {
		subj := s.String()
		if s == SubjectAttribute {
			subj = "attribute:n"
		}
		allowed := strings.Fields(table[s])
		for _, op := range allOps {
			arg := " " + validArg[s]
			switch op {
			case OpExists, OpNotExists:
				arg = ""
			case OpIn, OpNotIn:
				arg = " [" + validArg[s] + "]"
			case OpMatches, OpNotMatches:
				arg = " .*"
			}
			want := false
			for _, a := range allowed {
				want = want || a == op.String()
			}
			if s.Supports(op) != want {
				t.Errorf("%s.Supports(%s) = %v, want %v", s, op, !want, want)
			}
			for _, form := range []string{op.String(), op.Word()} {
				expr := subj + " " + form + arg
				_, err := Parse(expr)
				if want && err != nil {
					t.Errorf("Parse(%q): %v", expr, err)
				}
				if !want {
					if err == nil {
						t.Errorf("Parse(%q) succeeded, want an error", expr)
					} else if !strings.Contains(err.Error(), "position "+strconv.Itoa(len(subj)+1)+":") {
						t.Errorf("Parse(%q): error %q should point at the operator", expr, err)
					}
				}
			}
		}
	}
}

// TestPrecedence: not binds tighter than and, and tighter than or; both
// associate to the left.
func TestPrecedence(t *testing.T) {
	a := &Cond{Subject: SubjectAttribute, Attribute: "a", Op: OpExists}
	b := &Cond{Subject: SubjectAttribute, Attribute: "b", Op: OpExists}
	c := &Cond{Subject: SubjectAttribute, Attribute: "c", Op: OpExists}
	cases := []struct {
		in   string
		want Expr
	}{
		{"attribute:a exists or attribute:b exists and attribute:c exists", &Or{a, &And{b, c}}},
		{"attribute:a exists and attribute:b exists or attribute:c exists", &Or{&And{a, b}, c}},
		{"not attribute:a exists and attribute:b exists", &And{&Not{a}, b}},
		{"!attribute:a exists || attribute:b exists", &Or{&Not{a}, b}},
		{"not (attribute:a exists and attribute:b exists)", &Not{&And{a, b}}},
		{"(attribute:a exists or attribute:b exists) and attribute:c exists", &And{&Or{a, b}, c}},
		{"attribute:a exists and attribute:b exists and attribute:c exists", &And{&And{a, b}, c}},
		{"attribute:a exists and (attribute:b exists and attribute:c exists)", &And{a, &And{b, c}}},
		{"attribute:a exists or attribute:b exists or attribute:c exists", &Or{&Or{a, b}, c}},
		{"not not attribute:a exists", &Not{&Not{a}}},
		{"!!attribute:a exists", &Not{&Not{a}}},
		{"not!attribute:a exists", &Not{&Not{a}}},
		{"((attribute:a exists))", a},
	}
	for _, tc := range cases {
		got := mustParse(t, tc.in)
		if diff := cmp.Diff(tc.want, got, ignoreCompiled); diff != "" {
			t.Errorf("%q: (-want +got)\n%s", tc.in, diff)
		}
		if diff := cmp.Diff(tc.want, mustParse(t, got.String()), ignoreCompiled); diff != "" {
			t.Errorf("%q printed as %q which reparses differently:\n%s", tc.in, got.String(), diff)
		}
	}
	// The difference shows in evaluation: only a is present.
	onlyA := Fields{Attributes: map[string]string{"a": ""}}
	if !mustParse(t, "attribute:a exists or attribute:b exists and attribute:c exists").Eval(onlyA) {
		t.Error("a or b and c: want true when only a holds (and binds tighter)")
	}
	if mustParse(t, "(attribute:a exists or attribute:b exists) and attribute:c exists").Eval(onlyA) {
		t.Error("(a or b) and c: want false when c does not hold")
	}
}

// TestCaseSensitivity: keywords and word operators ignore case; subjects,
// attribute names and values do not.
func TestCaseSensitivity(t *testing.T) {
	for _, s := range []string{
		"attribute:a EQUALS x AND NOT attribute:b Exists OR attribute:c Not_In [y]",
		"Not(attribute:a == x) oR attribute:a !EXISTS",
		"attribute:a IN [x] && attribute:a MATCHES x",
	} {
		if _, err := Parse(s); err != nil {
			t.Errorf("Parse(%q): %v", s, err)
		}
	}
	for _, s := range []string{
		"AgentConnected == true",
		"agentconnected == true",
		"Attribute:a exists",
		"TASK:GROUP == x",
		"RunningTasksCount == 1",
		"agentConnected == TRUE",
	} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) succeeded, want an error", s)
		}
	}
	f := Fields{Attributes: map[string]string{"Stack": "Prod"}}
	for s, want := range map[string]bool{
		"attribute:Stack == Prod":       true,
		"attribute:stack == Prod":       false,
		"attribute:Stack == prod":       false,
		"attribute:stack exists":        false,
		"attribute:Stack =~ prod":       false,
		"attribute:Stack =~ '(?i)prod'": true,
	} {
		if got := mustParse(t, s).Eval(f); got != want {
			t.Errorf("%q: got %v, want %v", s, got, want)
		}
	}
}

// TestRegexFullMatch: a pattern must match the whole value.
func TestRegexFullMatch(t *testing.T) {
	f := Fields{InstanceID: "i-0abc", Attributes: map[string]string{"t": "t2.small"}}
	for s, want := range map[string]bool{
		"attribute:t =~ t2.*":                 true,
		"attribute:t =~ t2":                   false,
		"attribute:t =~ small":                false,
		"attribute:t =~ .*small":              true,
		"attribute:t =~ 't2\\.(micro|small)'": true,
		"attribute:t !~ t2":                   true,
		"attribute:t !~ t2.*":                 false,
		"attribute:t =~ 't2|t2.small'":        true, // alternation is anchored as a whole
		"ec2InstanceId =~ i-.*":               true,
		"ec2InstanceId =~ 0abc":               false,
		"agentConnected =~ t.*":               false, // Connected is false: the value is "false"
		"agentConnected =~ f.*":               true,
		"agentConnected !~ true":              true,
	} {
		if got := mustParse(t, s).Eval(f); got != want {
			t.Errorf("%q: got %v, want %v", s, got, want)
		}
	}
}

// TestAbsentValues: on an absent subject every operator but exists/!exists
// is false, negated ones included.
func TestAbsentValues(t *testing.T) {
	none := Fields{} // no attributes, no version, no instance ID, zero time
	for _, s := range []string{
		"attribute:a == x", "attribute:a != x", "attribute:a in [x]", "attribute:a !in [x]",
		"attribute:a =~ .*", "attribute:a !~ x", "attribute:a > 1", "attribute:a <= 1", "attribute:a exists",
		"agentVersion == 1.0", "agentVersion != 1.0", "agentVersion < 99", "agentVersion >= 0",
		"ec2InstanceId == x", "ec2InstanceId != x", "ec2InstanceId !in [x]", "ec2InstanceId !~ x",
		"registeredAt != 2018-01-01", "registeredAt < 2999-01-01", "registeredAt > 0001-01-02",
	} {
		if mustParse(t, s).Eval(none) {
			t.Errorf("%q on an instance without the subject: got true, want false", s)
		}
	}
	for _, s := range []string{
		"attribute:a !exists", "not attribute:a == x", "not(attribute:a exists)",
		"runningTasksCount == 0", "agentConnected == false", "agentConnected != true",
	} {
		if !mustParse(t, s).Eval(none) {
			t.Errorf("%q on an empty instance: got false, want true", s)
		}
	}
	// An agent version that is not a dotted version cannot be compared.
	bad := Fields{Version: "1.14.5-beta"}
	for _, s := range []string{"agentVersion != 1.0", "agentVersion > 1.0", "agentVersion < 9"} {
		if mustParse(t, s).Eval(bad) {
			t.Errorf("%q with version 1.14.5-beta: got true, want false", s)
		}
	}
	// An attribute present without a value has the value "".
	empty := Fields{Attributes: map[string]string{"a": ""}}
	for s, want := range map[string]bool{
		"attribute:a == ''": true, "attribute:a != x": true, "attribute:a exists": true, "attribute:a =~ .*": true,
	} {
		if got := mustParse(t, s).Eval(empty); got != want {
			t.Errorf("%q with a valueless attribute: got %v, want %v", s, got, want)
		}
	}
}

// TestTaskGroupSemantics: positive operators need some group to match;
// negated ones need no group to match.
func TestTaskGroupSemantics(t *testing.T) {
	two := Fields{Groups: []string{"web", "database"}}
	none := Fields{}
	cases := []struct {
		expr      string
		two, none bool
	}{
		{"task:group == web", true, false},
		{"task:group != web", false, true},
		{"task:group != cache", true, true},
		{"task:group in [cache, database]", true, false},
		{"task:group !in [cache, database]", false, true},
		{"task:group !in [cache]", true, true},
		{"task:group =~ data.*", true, false},
		{"task:group !~ data.*", false, true},
		{"task:group !~ cache", true, true},
		{"task:group exists", true, false},
		{"task:group !exists", false, true},
	}
	for _, c := range cases {
		e := mustParse(t, c.expr)
		if got := e.Eval(two); got != c.two {
			t.Errorf("%q on {web, database}: got %v, want %v", c.expr, got, c.two)
		}
		if got := e.Eval(none); got != c.none {
			t.Errorf("%q on no tasks: got %v, want %v", c.expr, got, c.none)
		}
	}
	// != is the same as not(==) for task:group.
	for _, f := range []Fields{two, none, {Groups: []string{"database"}}} {
		if mustParse(t, "task:group != database").Eval(f) != mustParse(t, "not(task:group == database)").Eval(f) {
			t.Errorf("task:group != database and not(task:group == database) differ on %v", f.Groups)
		}
	}
}

// TestTypedComparisons covers agentVersion, runningTasksCount, registeredAt
// and attribute ordering.
func TestTypedComparisons(t *testing.T) {
	cases := []struct {
		expr string
		f    Fields
		want bool
	}{
		{"agentVersion == 1.14", Fields{Version: "1.14.0"}, true},
		{"agentVersion == 1.14.0.0", Fields{Version: "1.14"}, true},
		{"agentVersion == 01.014", Fields{Version: "1.14"}, true},
		{"agentVersion > 1.14.5", Fields{Version: "1.100"}, true},
		{"agentVersion < 1.14", Fields{Version: "1.9.9"}, true},
		{"agentVersion >= 1.14.5", Fields{Version: "1.14.5"}, true},
		{"agentVersion <= 1.14.4", Fields{Version: "1.14.5"}, false},
		{"agentVersion != 1.14.5", Fields{Version: "1.14.5"}, false},
		{"agentVersion > 99999999999999999999999.1", Fields{Version: "99999999999999999999999.2"}, true},
		{"runningTasksCount > 9", Fields{RunningTasks: 10}, true},
		{"runningTasksCount <= -1", Fields{RunningTasks: 0}, false},
		{"runningTasksCount == 007", Fields{RunningTasks: 7}, true},
		{"runningTasksCount != 7", Fields{RunningTasks: 7}, false},
		// A date compares with the UTC day of registration.
		{"registeredAt == 2018-02-13", Fields{Registered: date("2018-02-13T23:59:59.9Z")}, true},
		{"registeredAt == 2018-02-13", Fields{Registered: date("2018-02-14T00:30:00+01:00")}, true},
		{"registeredAt > 2018-02-13", Fields{Registered: date("2018-02-13T12:00:00Z")}, false},
		{"registeredAt >= 2018-02-13", Fields{Registered: date("2018-02-13T12:00:00Z")}, true},
		{"registeredAt > 2018-02-12", Fields{Registered: date("2018-02-13T00:00:00Z")}, true},
		// A date-time compares with whole seconds.
		{"registeredAt == 2018-06-18T22:28:28Z", Fields{Registered: date("2018-06-18T22:28:28.999Z")}, true},
		{"registeredAt == 2018-06-18T22:28:28", Fields{Registered: date("2018-06-18T22:28:28Z")}, true},
		{"registeredAt == 2018-06-18T22:28:28+00:00", Fields{Registered: date("2018-06-18T22:28:28Z")}, true},
		{"registeredAt == 2018-06-18T22:28:28+02:00", Fields{Registered: date("2018-06-18T20:28:28Z")}, true},
		{"registeredAt < 2018-06-18T22:28:28Z", Fields{Registered: date("2018-06-18T22:28:27.999Z")}, true},
		{"registeredAt > 2018-06-18T22:28:28Z", Fields{Registered: date("2018-06-18T22:28:28.5Z")}, false},
		// Attribute ordering: decimals numerically, the rest as strings.
		{"attribute:n > 9", Fields{Attributes: map[string]string{"n": "10"}}, true},
		{"attribute:n > 9", Fields{Attributes: map[string]string{"n": "10a"}}, false},
		{"attribute:n >= 1.5", Fields{Attributes: map[string]string{"n": "1.50"}}, true},
		{"attribute:n == 1.5", Fields{Attributes: map[string]string{"n": "1.50"}}, false},
		{"attribute:n < -0.5", Fields{Attributes: map[string]string{"n": "-1"}}, true},
		{"attribute:n <= -0", Fields{Attributes: map[string]string{"n": "0.0"}}, true},
		{"attribute:n > 0.45", Fields{Attributes: map[string]string{"n": "0.5"}}, true},
		{"attribute:n < b", Fields{Attributes: map[string]string{"n": "abc"}}, true},
		{"attribute:n > B", Fields{Attributes: map[string]string{"n": "a"}}, true},
	}
	for _, c := range cases {
		if got := mustParse(t, c.expr).Eval(c.f); got != c.want {
			t.Errorf("%q on %+v: got %v, want %v", c.expr, c.f, got, c.want)
		}
	}
}

var positionRE = regexp.MustCompile(`at position (\d+): `)

// TestParseErrors: bad input gives InvalidParameterException naming the
// byte offset and what was expected.
func TestParseErrors(t *testing.T) {
	cases := []struct {
		in   string
		pos  int
		want string // part of the message
	}{
		{"", 0, "expected a condition"},
		{"   ", 3, "expected a condition"},
		{"foo == bar", 0, "expected a subject"},
		{"attribute: == x", 10, "expected an attribute name"},
		{"attribute:a:b == x", 11, "expected an attribute name of letters"},
		{"attribute:a", 11, "expected an operator"},
		{"attribute:a = x", 12, "expected an operator"},
		{"attribute:a is x", 12, "expected an operator"},
		{"attribute:a ==", 14, "expected a value"},
		{"attribute:a == )", 15, "expected a value"},
		{"attribute:a in x", 15, "expected '['"},
		{"attribute:a in []", 16, "expected a value"},
		{"attribute:a in [x,]", 18, "expected a value"},
		{"attribute:a in [x y]", 18, "expected ',' or ']'"},
		{"attribute:a in [x", 17, "expected ',' or ']'"},
		{"attribute:a == 'x", 17, "expected ' to close the quoted value at position 15"},
		{`attribute:a == "x`, 17, `expected " to close the quoted value at position 15`},
		{"attribute:a == x y", 17, "expected and, or or the end"},
		{"attribute:a == x)", 16, "unmatched ')'"},
		{"(attribute:a == x", 17, "to close the '(' at position 0"},
		{"attribute:a == x and", 20, "expected a condition"},
		{"attribute:a == x andattribute:b == y", 17, "expected and, or or the end"},
		{"attribute:a == x & attribute:b == y", 17, "expected and, or or the end"},
		{"not", 3, "expected a condition"},
		{"ec2InstanceId > i-1", 14, "expected an operator that ec2InstanceId supports"},
		{"agentConnected exists", 15, "expected an operator that agentConnected supports"},
		{"runningTasksCount =~ 1", 18, "expected an operator that runningTasksCount supports"},
		{"runningTasksCount == one", 21, "expected an integer"},
		{"runningTasksCount == 99999999999999999999", 21, "expected an integer"},
		{"agentVersion < 1..2", 15, "expected an agent version"},
		{"agentVersion < v1.2", 15, "expected an agent version"},
		{"agentConnected == yes", 18, "expected true or false"},
		{"agentConnected in [true, no]", 25, "expected true or false"},
		{"registeredAt < 2018-2-13", 15, "expected a date"},
		{"registeredAt < 2018-02-30", 15, "expected a date"},
		{"registeredAt < 2018-02-13T00:00:00.123Z", 15, "expected a date"},
		{"registeredAt < 2018-02-13 00:00:00", 26, "expected and, or or the end"},
		{"attribute:a =~ '(x'", 15, "expected a regular expression"},
		{`attribute:a =~ '(a)\1'`, 15, "expected a regular expression"}, // no backreferences in RE2
		{"attribute:a =~ '(?=x)'", 15, "expected a regular expression"},
		{"attribute:a =~ '" + strings.Repeat("(a{1000})", 10) + "'", 15, "expected simpler regular expressions"},
		{strings.Repeat("(", MaxDepth+1) + "attribute:a exists" + strings.Repeat(")", MaxDepth+1), MaxDepth, "nest more than 64 deep"},
		{strings.Repeat("not ", MaxDepth+1) + "attribute:a exists", 4 * MaxDepth, "nest more than 64 deep"},
		{strings.Repeat("!", 1000), MaxDepth, "nest more than 64 deep"},
		{"attribute:a in [" + strings.Repeat("x,", MaxListLength) + "x]", 16 + 2*MaxListLength, "a list has at most 100 values"},
		{"attribute:a == " + strings.Repeat("x", MaxLength), MaxLength, "at most 2000 characters"},
		{"attribute:a == '" + strings.Repeat("é", MaxLength-16) + "'", 16 + 2*(MaxLength-16), "at most 2000 characters"},
	}
	for _, c := range cases {
		_, err := Parse(c.in)
		if err == nil {
			t.Errorf("Parse(%.40q) succeeded, want an error", c.in)
			continue
		}
		var ee *ecserrors.Error
		if !errors.As(err, &ee) || ee.Code() != ecserrors.CodeInvalidParameter {
			t.Errorf("Parse(%.40q): %v is not an InvalidParameterException", c.in, err)
			continue
		}
		if !errors.Is(err, ecserrors.ErrInvalidParameter) {
			t.Errorf("Parse(%.40q): errors.Is(err, ErrInvalidParameter) is false", c.in)
		}
		m := positionRE.FindStringSubmatch(ee.Message())
		if m == nil || m[1] != strconv.Itoa(c.pos) {
			t.Errorf("Parse(%.40q): %q, want position %d", c.in, ee.Message(), c.pos)
		}
		if !strings.Contains(ee.Message(), c.want) {
			t.Errorf("Parse(%.40q): %q, want it to contain %q", c.in, ee.Message(), c.want)
		}
	}
	// The regular expressions of one expression share a size budget: the
	// first one over it is blamed.
	_, size, _ := compileRegex("[ab]{0,99}b")
	n := maxRegexInsts/size + 1
	chunk := "attribute:a =~ '[ab]{0,99}b' and "
	_, err := Parse(strings.Repeat(chunk, n) + "attribute:a exists")
	if want := "position " + strconv.Itoa((n-1)*len(chunk)+15) + ": expected simpler regular expressions"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%d regular expressions of size %d: got %v, want %q", n, size, err, want)
	}
	if _, err := Parse(strings.Repeat(chunk, n-1) + "attribute:a exists"); err != nil {
		t.Errorf("%d regular expressions of size %d: %v", n-1, size, err)
	}
	// Exactly at the limits is fine.
	ok := []string{
		"attribute:a == '" + strings.Repeat("é", MaxLength-17) + "'",
		strings.Repeat("(", MaxDepth) + "attribute:a exists" + strings.Repeat(")", MaxDepth),
		strings.Repeat("!", MaxDepth) + "attribute:a exists",
		"attribute:a in [" + strings.Repeat("x,", MaxListLength-1) + "x]",
	}
	for _, s := range ok {
		if _, err := Parse(s); err != nil {
			t.Errorf("Parse(%.40q): %v", s, err)
		}
	}
}

func TestMustParse(t *testing.T) {
	if got := MustParse("runningTasksCount == 1").String(); got != "runningTasksCount == 1" {
		t.Errorf("MustParse: String() = %q", got)
	}
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, ecserrors.ErrInvalidParameter) {
			t.Errorf("MustParse of a bad expression: recovered %v, want an InvalidParameterException", err)
		}
	}()
	MustParse("runningTasksCount == one")
}

// TestQuoting: values that cannot be bare are quoted, and quoting does not
// change the tree.
func TestQuoting(t *testing.T) {
	cases := []struct{ in, canon, val string }{
		{"attribute:a == 'x'", "attribute:a == x", "x"},
		{`attribute:a == "x"`, "attribute:a == x", "x"},
		{"attribute:a == 'a b'", "attribute:a == 'a b'", "a b"},
		{`attribute:a == "it's"`, `attribute:a == "it's"`, "it's"},
		{`attribute:a == 'say "hi"'`, `attribute:a == 'say "hi"'`, `say "hi"`},
		{"attribute:a == ''", "attribute:a == ''", ""},
		{"attribute:a == 'a&&b'", "attribute:a == 'a&&b'", "a&&b"},
		{"attribute:a == 'x)'", "attribute:a == 'x)'", "x)"},
		{"attribute:a == and", "attribute:a == and", "and"},
		{"attribute:a == !x", "attribute:a == !x", "!x"},
		{`attribute:a == C:\x`, `attribute:a == C:\x`, `C:\x`},
		{"attribute:a == ===", "attribute:a == ===", "==="},
	}
	for _, c := range cases {
		e := mustParse(t, c.in)
		if got := e.String(); got != c.canon {
			t.Errorf("%q: String() = %q, want %q", c.in, got, c.canon)
		}
		if got := e.(*Cond).Args[0]; got != c.val {
			t.Errorf("%q: value %q, want %q", c.in, got, c.val)
		}
	}
}

// TestHandBuiltCond: a Cond built without Parse evaluates the same, and an
// invalid one is false.
func TestHandBuiltCond(t *testing.T) {
	f := Fields{Attributes: map[string]string{"t": "t2.small"}, RunningTasks: 3}
	if !(&Cond{Subject: SubjectAttribute, Attribute: "t", Op: OpMatches, Args: []string{"t2.*"}}).Eval(f) {
		t.Error("hand-built =~ t2.*: want true")
	}
	if !(&Cond{Subject: SubjectRunningTasksCount, Op: OpGt, Args: []string{"2"}}).Eval(f) {
		t.Error("hand-built runningTasksCount > 2: want true")
	}
	for _, c := range []*Cond{
		{Subject: SubjectAttribute, Attribute: "t", Op: OpMatches, Args: []string{"("}},
		{Subject: SubjectRunningTasksCount, Op: OpNe, Args: []string{"x"}},
		{Subject: SubjectEC2InstanceID, Op: OpExists},
		{Subject: SubjectAttribute, Attribute: "t", Op: OpNe},
		{Subject: SubjectAttribute, Op: OpNe, Args: []string{"x"}},
		{},
	} {
		if c.Eval(f) {
			t.Errorf("invalid hand-built %#v: Eval = true, want false", c)
		}
	}
}

// TestHostileInputIsBounded: inputs built to be slow or deep are rejected
// or handled quickly, never with a stack overflow or a long run.
func TestHostileInputIsBounded(t *testing.T) {
	long := strings.Repeat("b", 255)
	f := Fields{Attributes: map[string]string{"a": long}, Groups: []string{long, long + "x"}, InstanceID: long}
	for _, s := range []string{
		strings.Repeat("(", MaxLength),
		strings.Repeat("!", MaxLength),
		strings.Repeat("not ", MaxLength/4),
		strings.Repeat("(attribute:a exists or ", 400) + "attribute:a exists" + strings.Repeat(")", 400),
		strings.Repeat("attribute:a exists and ", 86) + "attribute:a exists",
		"attribute:a in [" + strings.Repeat("'',", 600) + "'']",
		"attribute:a =~ '" + strings.Repeat("(a|b)*", 300) + "'",
		"attribute:a =~ '" + strings.Repeat("(((a*)*)*)*", 180) + "'",
		"attribute:a =~ '(.*){1000}'",
		"attribute:a =~ '((((((((((a{2}){2}){2}){2}){2}){2}){2}){2}){2}){2}){3}'",
		strings.Repeat("task:group =~ '(.*b){1,60}' && ", 60) + "task:group exists",
		strings.Repeat("ec2InstanceId=~'(b|bb|bbb)*'&&", 60) + "task:group exists",
		"attribute:a == '" + strings.Repeat("\xff", 5000),
	} {
		start := time.Now()
		e, err := Parse(s)
		if err == nil {
			for range 100 {
				e.Eval(f)
			}
		}
		// Generous, and off under the race detector and on a loaded
		// machine's worst day alike: the point is to catch super-linear
		// blow-ups, which take minutes on these inputs; the memory bound is
		// TestHostileRegexMemory's.
		if d := time.Since(start); !raceEnabled && d > 10*time.Second {
			t.Errorf("Parse and 100 Evals of %.60q took %v", s, d)
		}
	}
}

// TestEvalDoesNotAllocate: placement evaluates an expression against every
// candidate instance, so Eval must not allocate.
func TestEvalDoesNotAllocate(t *testing.T) {
	e := mustParse(t, benchLarge)
	var inst Instance = Fields{
		Connected: true, Version: "1.20.0", InstanceID: "i-1", RunningTasks: 3,
		Registered: date("2019-01-01T00:00:00Z"),
		Attributes: map[string]string{"ecs.availability-zone": "us-east-1a", "ecs.instance-type": "m5.2xlarge", "stack": "dev"},
		Groups:     []string{"service:web", "service:api"},
	}
	if !e.Eval(inst) {
		t.Fatal("the benchmark expression should hold for this instance, so that (short-circuits aside) every condition runs")
	}
	if n := testing.AllocsPerRun(100, func() { e.Eval(inst) }); n != 0 {
		t.Errorf("Eval allocates %v times per run", n)
	}
}
