package query

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestNilTrees: hand-built trees with nil parts evaluate by the documented
// rule (a nil Expr is a condition nothing satisfies) instead of panicking,
// and print with <nil> in their place.
func TestNilTrees(t *testing.T) {
	yes := &Cond{Subject: SubjectAttribute, Attribute: "a", Op: OpExists}
	no := &Cond{Subject: SubjectAttribute, Attribute: "b", Op: OpExists}
	inst := Fields{Attributes: map[string]string{"a": ""}}
	var nilCond *Cond
	cases := []struct {
		name string
		e    Expr
		want bool // nil counted as false, by hand
	}{
		{"nil *Cond", nilCond, false},
		{"nil *Or", (*Or)(nil), false},
		{"nil *And", (*And)(nil), false},
		{"nil *Not", (*Not)(nil), false},
		{"yes or nil", &Or{Left: yes}, true},
		{"nil or yes", &Or{Right: yes}, true},
		{"nil or nil", &Or{}, false},
		{"yes and nil", &And{Left: yes}, false},
		{"nil and yes", &And{Right: yes}, false},
		{"not nil", &Not{}, true},
		{"not typed nil", &Not{X: nilCond}, true},
		{"not (no or nil)", &Not{X: &Or{Left: no}}, true},
		{"yes and not nil", &And{Left: yes, Right: &Not{}}, true},
	}
	for _, c := range cases {
		if got := c.e.Eval(inst); got != c.want {
			t.Errorf("%s: Eval = %v, want %v", c.name, got, c.want)
		}
		_ = c.e.String() // must not panic
	}
	if got := (&And{Left: yes}).String(); got != "attribute:a exists and <nil>" {
		t.Errorf("String with a nil child = %q", got)
	}
}

// TestNilInstance: a nil Instance evaluates as the empty instance Fields{},
// for every subject and operator the parser accepts, without allocating.
func TestNilInstance(t *testing.T) {
	for _, s := range []string{
		"attribute:a exists", "attribute:a !exists", "attribute:a == x", "attribute:a != x", "attribute:a =~ '.*'",
		"agentConnected == false", "agentConnected == true", "agentVersion >= 1.0", "ec2InstanceId !~ 'i-.*'",
		"registeredAt < 2030-01-01", "runningTasksCount == 0", "runningTasksCount > 0",
		"task:group exists", "task:group !exists", "task:group != web", "task:group =~ 'w.*'", "task:group in [a, b]",
		"not (attribute:a exists or task:group == web)",
	} {
		e := mustParse(t, s)
		if got, want := e.Eval(nil), e.Eval(Fields{}); got != want {
			t.Errorf("%s: Eval(nil) = %v, Eval(Fields{}) = %v", s, got, want)
		}
	}
	// The empty instance lacks attribute a and runs no task; its
	// registration time is unknown, which no registeredAt condition holds
	// for.
	e := mustParse(t, "attribute:a !exists and runningTasksCount == 0 and not registeredAt < 2030-01-01T00:00:00Z")
	if !e.Eval(nil) {
		t.Error("Eval(nil) = false, want true")
	}
	if n := testing.AllocsPerRun(100, func() { e.Eval(nil) }); n != 0 {
		t.Errorf("Eval(nil) allocates %v times", n)
	}
}

// TestAttributeValueLimit: an attribute value over 128 characters (which
// ECS's PutAttributes refuses,
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Attribute.html)
// is taken as absent, counting characters, not bytes; so a regular
// expression never runs over a 16 KiB value.
func TestAttributeValueLimit(t *testing.T) {
	at := func(v string) Fields { return Fields{Attributes: map[string]string{"a": v}} }
	cases := []struct {
		v       string
		present bool
	}{
		{strings.Repeat("x", 128), true},
		{strings.Repeat("é", 128), true}, // 256 bytes
		{strings.Repeat("x", 129), false},
		{strings.Repeat("é", 129), false},
		{strings.Repeat("x", 16<<10), false},
	}
	exists, absent := mustParse(t, "attribute:a exists"), mustParse(t, "attribute:a !exists")
	matches := mustParse(t, "attribute:a =~ '.*'")
	for _, c := range cases {
		f := at(c.v)
		if exists.Eval(f) != c.present || absent.Eval(f) == c.present || matches.Eval(f) != c.present {
			t.Errorf("value of %d characters: exists %v, !exists %v, =~ .* %v; want present=%v",
				utf8.RuneCountInString(c.v), exists.Eval(f), absent.Eval(f), matches.Eval(f), c.present)
		}
	}
	var inst Instance = at(strings.Repeat("ab", 8<<10))
	e := mustParse(t, "attribute:a =~ '"+strings.Repeat("(a|b)*", 100)+"'")
	if n := testing.AllocsPerRun(10, func() { e.Eval(inst) }); n != 0 {
		t.Errorf("Eval on an over-long value allocates %v times", n)
	}
}
