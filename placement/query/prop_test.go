package query

import (
	"flag"
	"fmt"
	"maps"
	"math/big"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// Small value sets, so that generated conditions and instances often agree.
var (
	genNames   = []string{"a", "b", "ecs.instance-type", `x/y\z`, "a-b_c"}
	genStrings = []string{
		"a", "b", "ab", "t2.small", "t2.micro", "1", "10", "9", "2.5", "2.25", "2.50", "-2.5", "-1", "0.50", "0.05", "-0", "",
		"a b", "it's", `say "x"`, "(p)", "x,y", "&&", "and", "not", "==", "[z]", "é",
	}
	genRegexes = []string{
		"a.*", "[ab]+", "a|b", `(a|t2)\..*`, ".*", `t2\.(micro|small)`, "1[0-9]*", "",
		"a b", "x{2}", "(?i)A", `-?[0-9]+(\.[0-9]+)?`,
	}
	genDecimals    = []string{"2.5", "2.25", "2.50", "-2.5", "0.5", "0.05", "-0", "0", "10", "9", "1", "-1.0"}
	genBoolRegexes = []string{"true", "t.*", "f.*|x", ".*e", "(?i)TRUE"}
	genComponents  = []string{"0", "1", "2", "9", "10", "14", "100", "01"}
)

func drawVersion(t *rapid.T, label string) string {
	n := rapid.IntRange(1, 4).Draw(t, label+"-len")
	parts := make([]string, n)
	for i := range parts {
		parts[i] = rapid.SampledFrom(genComponents).Draw(t, label)
	}
	return strings.Join(parts, ".")
}

func drawDate(t *rapid.T) string {
	day := fmt.Sprintf("2018-02-%02d", rapid.IntRange(12, 14).Draw(t, "day"))
	form := rapid.IntRange(0, 3).Draw(t, "form")
	if form == 0 {
		return day
	}
	s := fmt.Sprintf("%sT%02d:%02d:%02d", day,
		rapid.SampledFrom([]int{0, 12, 23}).Draw(t, "hour"),
		rapid.SampledFrom([]int{0, 30}).Draw(t, "min"),
		rapid.SampledFrom([]int{0, 59}).Draw(t, "sec"))
	switch form {
	case 1:
		return s + "Z"
	case 2:
		return s
	}
	return s + rapid.SampledFrom([]string{"+00:00", "+05:30", "-01:00"}).Draw(t, "offset")
}

func drawArg(t *rapid.T, s Subject, op Op) string {
	if op == OpMatches || op == OpNotMatches {
		if s == SubjectAgentConnected {
			return rapid.SampledFrom(genBoolRegexes).Draw(t, "regex")
		}
		return rapid.SampledFrom(genRegexes).Draw(t, "regex")
	}
	switch s {
	case SubjectAgentConnected:
		return rapid.SampledFrom([]string{"true", "false"}).Draw(t, "bool")
	case SubjectAgentVersion:
		return drawVersion(t, "version")
	case SubjectRunningTasksCount:
		n := rapid.IntRange(-2, 12).Draw(t, "count")
		if n < 0 {
			return strconv.Itoa(n)
		}
		return rapid.SampledFrom([]string{"", "0", "+"}).Draw(t, "count-prefix") + strconv.Itoa(n)
	case SubjectRegisteredAt:
		return drawDate(t)
	}
	if s == SubjectAttribute && op >= OpGt && op <= OpLe && rapid.Bool().Draw(t, "decimal") {
		return rapid.SampledFrom(genDecimals).Draw(t, "value")
	}
	return rapid.SampledFrom(genStrings).Draw(t, "value")
}

func drawCond(t *rapid.T) *Cond {
	c := &Cond{Subject: rapid.SampledFrom(Subjects()).Draw(t, "subject")}
	if c.Subject == SubjectAttribute {
		c.Attribute = rapid.SampledFrom(genNames).Draw(t, "name")
	}
	var ops []Op
	for _, o := range allOps {
		if c.Subject.Supports(o) {
			ops = append(ops, o)
		}
	}
	c.Op = rapid.SampledFrom(ops).Draw(t, "op")
	switch c.Op {
	case OpExists, OpNotExists:
	case OpIn, OpNotIn:
		n := rapid.IntRange(1, 4).Draw(t, "list-len")
		for range n {
			c.Args = append(c.Args, drawArg(t, c.Subject, OpEq))
		}
	default:
		c.Args = []string{drawArg(t, c.Subject, c.Op)}
	}
	return c
}

func drawExpr(t *rapid.T, depth int) Expr {
	if depth == 0 || rapid.IntRange(0, 2).Draw(t, "leaf") == 0 {
		return drawCond(t)
	}
	switch rapid.IntRange(0, 2).Draw(t, "node") {
	case 0:
		return &And{Left: drawExpr(t, depth-1), Right: drawExpr(t, depth-1)}
	case 1:
		return &Or{Left: drawExpr(t, depth-1), Right: drawExpr(t, depth-1)}
	}
	return &Not{X: drawExpr(t, depth-1)}
}

var genExpr = rapid.Custom(func(t *rapid.T) Expr { return drawExpr(t, 4) })

var genFields = rapid.Custom(func(t *rapid.T) Fields {
	f := Fields{
		Connected:    rapid.Bool().Draw(t, "connected"),
		RunningTasks: rapid.IntRange(0, 12).Draw(t, "running"),
	}
	switch rapid.IntRange(0, 3).Draw(t, "version-kind") {
	case 0:
		f.Version = ""
	case 1:
		f.Version = "1.14.5-beta"
	default:
		f.Version = drawVersion(t, "inst-version")
	}
	f.Attributes = map[string]string{}
	for _, n := range genNames {
		if rapid.Bool().Draw(t, "has-"+n) {
			f.Attributes[n] = rapid.SampledFrom(slices.Concat(genStrings, genDecimals)).Draw(t, "attr-"+n)
		}
	}
	f.InstanceID = rapid.SampledFrom(genStrings).Draw(t, "instance-id")
	if rapid.IntRange(0, 4).Draw(t, "registered-kind") > 0 {
		zone := rapid.SampledFrom([]*time.Location{time.UTC, time.FixedZone("x", 5*3600+1800), time.FixedZone("y", -3600)}).Draw(t, "zone")
		f.Registered = time.Date(2018, 2, rapid.IntRange(11, 15).Draw(t, "reg-day"),
			rapid.SampledFrom([]int{0, 1, 12, 22, 23}).Draw(t, "reg-hour"),
			rapid.SampledFrom([]int{0, 29, 30}).Draw(t, "reg-min"),
			rapid.SampledFrom([]int{0, 58, 59}).Draw(t, "reg-sec"),
			rapid.SampledFrom([]int{0, 1, 500_000_000}).Draw(t, "reg-nsec"), time.UTC).In(zone)
	}
	f.Groups = rapid.SliceOfN(rapid.SampledFrom(genStrings), 0, 3).Draw(t, "groups")
	return f
})

// TestMain raises rapid's default number of checks: the properties below
// are cheap, and some comparison rules need many draws to be exercised.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "rapid.checks" })
	if !set {
		_ = flag.Set("rapid.checks", "1000")
	}
	os.Exit(m.Run())
}

// TestStringParsesBackToSameTree: for generated trees, Parse(e.String())
// equals e.
func TestStringParsesBackToSameTree(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		e := genExpr.Draw(t, "expr")
		s := e.String()
		if utf8.RuneCountInString(s) <= MaxLength {
			if _, err := Parse(s); err != nil {
				t.Fatalf("Parse(%q): %v", s, err)
			}
		}
		got, err := parse(s, false)
		if err != nil {
			t.Fatalf("parse(%q): %v", s, err)
		}
		if diff := cmp.Diff(e, got, ignoreCompiled); diff != "" {
			t.Fatalf("%q parses to a different tree (-want +got):\n%s", s, diff)
		}
		if s2 := got.String(); s2 != s {
			t.Fatalf("String not stable: %q then %q", s, s2)
		}
	})
}

// TestEvalMatchesReference: Eval, on parsed and on hand-built trees, agrees
// with the brute-force evaluator below, and leaves the instance unchanged.
func TestEvalMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		e := genExpr.Draw(t, "expr")
		parsed, err := parse(e.String(), false)
		if err != nil {
			t.Fatalf("parse(%q): %v", e, err)
		}
		for _, f := range rapid.SliceOfN(genFields, 1, 20).Draw(t, "instances") {
			before := Fields{Attributes: maps.Clone(f.Attributes), Groups: slices.Clone(f.Groups)}
			want := refEval(e, f)
			if got := e.Eval(f); got != want {
				t.Fatalf("hand-built %q on %+v: Eval = %v, reference = %v", e, f, got, want)
			}
			if got := parsed.Eval(f); got != want {
				t.Fatalf("parsed %q on %+v: Eval = %v, reference = %v", e, f, got, want)
			}
			if !maps.Equal(before.Attributes, f.Attributes) || !slices.Equal(before.Groups, f.Groups) {
				t.Fatalf("Eval modified the instance")
			}
		}
	})
}

// TestCondEvalMatchesReference is TestEvalMatchesReference for single
// conditions, each against many instances, where the comparison rules live.
func TestCondEvalMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.Custom(drawCond).Draw(t, "cond")
		parsed, err := parse(c.String(), false)
		if err != nil {
			t.Fatalf("parse(%q): %v", c, err)
		}
		for _, f := range rapid.SliceOfN(genFields, 1, 50).Draw(t, "instances") {
			want := refEval(c, f)
			if got := c.Eval(f); got != want {
				t.Fatalf("hand-built %q on %+v: Eval = %v, reference = %v", c, f, got, want)
			}
			if got := parsed.Eval(f); got != want {
				t.Fatalf("parsed %q on %+v: Eval = %v, reference = %v", c, f, got, want)
			}
		}
	})
}

// refEval is the dumb reference evaluator: it re-reads the arguments, with
// math/big and time.Parse, on every call.
func refEval(e Expr, f Fields) bool {
	switch e := e.(type) {
	case *Or:
		return refEval(e.Left, f) || refEval(e.Right, f)
	case *And:
		return refEval(e.Left, f) && refEval(e.Right, f)
	case *Not:
		return !refEval(e.X, f)
	case *Cond:
		return refCond(e, f)
	}
	panic(fmt.Sprintf("unknown node %T", e))
}

var refVersionRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*$`)
var refDecimalRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

func refCond(c *Cond, f Fields) bool {
	if c.Subject == SubjectTaskGroup {
		some := func(op Op) bool {
			for _, g := range f.Groups {
				if refCompare(c, op, g) {
					return true
				}
			}
			return false
		}
		switch c.Op {
		case OpEq, OpIn, OpMatches:
			return some(c.Op)
		case OpNe:
			return !some(OpEq)
		case OpNotIn:
			return !some(OpIn)
		case OpNotMatches:
			return !some(OpMatches)
		case OpExists:
			return len(f.Groups) > 0
		case OpNotExists:
			return len(f.Groups) == 0
		}
		panic("bad op")
	}
	var v string
	present := true
	switch c.Subject {
	case SubjectAgentConnected:
		v = strconv.FormatBool(f.Connected)
	case SubjectAgentVersion:
		v = f.Version
		present = refVersionRE.MatchString(v)
	case SubjectAttribute:
		v, present = f.Attributes[c.Attribute]
	case SubjectEC2InstanceID:
		v = f.InstanceID
		present = v != ""
	case SubjectRegisteredAt:
		present = !f.Registered.IsZero()
	case SubjectRunningTasksCount:
		v = strconv.Itoa(f.RunningTasks)
	}
	switch c.Op {
	case OpExists:
		return present
	case OpNotExists:
		return !present
	}
	if !present {
		return false
	}
	if c.Subject == SubjectRegisteredAt {
		return refDate(c.Op, f.Registered, c.Args[0])
	}
	return refCompare(c, c.Op, v)
}

// refCompare applies op to the single value v.
func refCompare(c *Cond, op Op, v string) bool {
	switch op {
	case OpIn, OpNotIn:
		in := false
		for _, a := range c.Args {
			in = in || refCmp(c.Subject, OpEq, v, a)
		}
		return in == (op == OpIn)
	case OpMatches, OpNotMatches:
		re := regexp.MustCompile(c.Args[0])
		re.Longest()
		loc := re.FindStringIndex(v)
		full := loc != nil && loc[0] == 0 && loc[1] == len(v)
		return full == (op == OpMatches)
	}
	return refCmp(c.Subject, op, v, c.Args[0])
}

func refCmp(s Subject, op Op, v, a string) bool {
	var cmp int
	switch {
	case s == SubjectAgentVersion:
		pv, pa := strings.Split(v, "."), strings.Split(a, ".")
		for len(pv) < len(pa) {
			pv = append(pv, "0")
		}
		for len(pa) < len(pv) {
			pa = append(pa, "0")
		}
		for i := range pv {
			x, _ := new(big.Int).SetString(pv[i], 10)
			y, _ := new(big.Int).SetString(pa[i], 10)
			if cmp = x.Cmp(y); cmp != 0 {
				break
			}
		}
	case s == SubjectRunningTasksCount:
		x, _ := new(big.Int).SetString(v, 10)
		y, ok := new(big.Int).SetString(a, 10)
		if !ok {
			panic("bad count " + a)
		}
		cmp = x.Cmp(y)
	case op == OpEq || op == OpNe:
		if v != a {
			cmp = 1
		}
	case refDecimalRE.MatchString(v) && refDecimalRE.MatchString(a):
		x, _ := new(big.Rat).SetString(v)
		y, _ := new(big.Rat).SetString(a)
		cmp = x.Cmp(y)
	default:
		cmp = strings.Compare(v, a)
	}
	return refHolds(op, cmp)
}

func refDate(op Op, reg time.Time, a string) bool {
	if len(a) == len("2006-01-02") {
		d, err := time.Parse("2006-01-02", a)
		if err != nil {
			panic(err)
		}
		ry, rm, rd := reg.UTC().Date()
		dy, dm, dd := d.Date()
		cmp := (ry*100+int(rm))*100 + rd - ((dy*100+int(dm))*100 + dd)
		return refHolds(op, cmp)
	}
	layout := time.RFC3339
	if len(a) == len("2006-01-02T15:04:05") {
		layout = "2006-01-02T15:04:05"
	}
	d, err := time.Parse(layout, a)
	if err != nil {
		panic(err)
	}
	diff := reg.Unix() - d.Unix()
	return refHolds(op, int(max(-1, min(1, diff))))
}

func refHolds(op Op, cmp int) bool {
	switch op {
	case OpEq:
		return cmp == 0
	case OpNe:
		return cmp != 0
	case OpGt:
		return cmp > 0
	case OpGe:
		return cmp >= 0
	case OpLt:
		return cmp < 0
	case OpLe:
		return cmp <= 0
	}
	panic("bad op " + op.String())
}
