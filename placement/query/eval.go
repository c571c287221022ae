package query

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Instance is the view of a container instance that expressions are
// evaluated against. Package placement adapts its container instances to
// it; [Fields] is a plain implementation.
//
// Eval calls only the methods the expression needs, never retains or
// modifies what they return, and does not allocate. An adapter implemented
// on a pointer type (func (a *adapter) AgentConnected() bool …) can be
// passed to Eval without allocating either.
type Instance interface {
	// AgentConnected reports whether the container agent is connected.
	AgentConnected() bool
	// AgentVersion returns the agent version ("1.14.5"), "" if unknown.
	AgentVersion() string
	// Attribute returns the value of the named attribute and whether the
	// instance has it. An attribute without a value is ("", true). A value
	// over MaxAttributeValueLength characters, which ECS never stores, is
	// taken as absent.
	Attribute(name string) (value string, ok bool)
	// EC2InstanceID returns the EC2 instance ID, "" if there is none.
	EC2InstanceID() string
	// RegisteredAt returns the registration time, the zero time if
	// unknown.
	RegisteredAt() time.Time
	// RunningTasksCount returns the number of running tasks.
	RunningTasksCount() int
	// HasTaskGroup reports whether some task on the instance is in the
	// group.
	HasTaskGroup(group string) bool
	// TaskGroups returns the groups of the tasks on the instance, each once
	// or more, in any order. It is called only for task:group with =~, !~,
	// exists and !exists; ==, !=, in and !in use HasTaskGroup.
	TaskGroups() []string
}

// Fields is a plain [Instance].
type Fields struct {
	Connected    bool
	Version      string
	Attributes   map[string]string // name → value ("" for an attribute without a value)
	InstanceID   string
	Registered   time.Time
	RunningTasks int
	Groups       []string // task groups of the tasks on the instance
}

var _ Instance = Fields{}

// AgentConnected returns f.Connected.
func (f Fields) AgentConnected() bool { return f.Connected }

// AgentVersion returns f.Version.
func (f Fields) AgentVersion() string { return f.Version }

// EC2InstanceID returns f.InstanceID.
func (f Fields) EC2InstanceID() string { return f.InstanceID }

// RegisteredAt returns f.Registered.
func (f Fields) RegisteredAt() time.Time { return f.Registered }

// RunningTasksCount returns f.RunningTasks.
func (f Fields) RunningTasksCount() int { return f.RunningTasks }

// TaskGroups returns f.Groups.
func (f Fields) TaskGroups() []string { return f.Groups }

// Attribute looks name up in f.Attributes.
func (f Fields) Attribute(name string) (string, bool) {
	v, ok := f.Attributes[name]
	return v, ok
}

// HasTaskGroup reports whether f.Groups contains group.
func (f Fields) HasTaskGroup(group string) bool { return slices.Contains(f.Groups, group) }

// compiled holds what Parse works out once for a condition.
type compiled struct {
	re  *regexp.Regexp // =~, !~: anchored at both ends
	n   int64          // runningTasksCount argument
	t   time.Time      // registeredAt argument
	day bool           // registeredAt argument is a date
	ins int            // size of the compiled regular expression
}

// maxRegexInsts bounds the compiled size of the regular expressions of one
// expression (together), which bounds the cost of matching them: Go's
// regexp matches in time proportional to the length of the value times the
// size of the compiled expression.
const maxRegexInsts = 1000

// prepare checks c and works out its compiled form. On failure it returns
// nil, the index of the offending argument (-1 for the operator) and what
// was expected.
func prepare(c *Cond) (*compiled, int, string) {
	if !c.Subject.Supports(c.Op) {
		return nil, -1, "expected an operator that " + subjectText(c) + " supports (" + supportedOps(c.Subject) + "), found " + c.Op.String()
	}
	if c.Subject == SubjectAttribute {
		if c.Attribute == "" || len(c.Attribute) > MaxAttributeNameLength {
			return nil, -1, "expected an attribute name"
		}
		for i := 0; i < len(c.Attribute); i++ {
			if !attrNameByte(c.Attribute[i]) {
				return nil, -1, "expected an attribute name"
			}
		}
	}
	switch c.Op {
	case OpExists, OpNotExists:
		if len(c.Args) != 0 {
			return nil, 0, "expected no argument for " + c.Op.String()
		}
		return &compiled{}, 0, ""
	case OpIn, OpNotIn:
		if len(c.Args) == 0 || len(c.Args) > MaxListLength {
			return nil, -1, "expected a list of 1 to " + strconv.Itoa(MaxListLength) + " values"
		}
	default:
		if len(c.Args) != 1 {
			return nil, -1, "expected one value"
		}
	}
	k := &compiled{}
	if c.Op == OpMatches || c.Op == OpNotMatches {
		re, ins, msg := compileRegex(c.Args[0])
		if re == nil {
			return nil, 0, msg
		}
		k.re, k.ins = re, ins
		return k, 0, ""
	}
	for i, a := range c.Args {
		switch c.Subject {
		case SubjectAgentConnected:
			if a != "true" && a != "false" {
				return nil, i, "expected true or false, found " + strconv.Quote(a)
			}
		case SubjectAgentVersion:
			if !isVersion(a) {
				return nil, i, "expected an agent version of dot-separated numbers such as 1.14.5, found " + strconv.Quote(a)
			}
		case SubjectRunningTasksCount:
			n, err := strconv.ParseInt(a, 10, 64)
			if err != nil {
				return nil, i, "expected an integer, found " + strconv.Quote(a)
			}
			k.n = n
		case SubjectRegisteredAt:
			t, day, ok := parseDate(a)
			if !ok {
				return nil, i, "expected a date such as 2018-06-18T22:28:28+00:00, 2018-06-18T22:28:28Z, 2018-06-18T22:28:28 or 2018-06-18, found " + strconv.Quote(a)
			}
			k.t, k.day = t, day
		}
	}
	return k, 0, ""
}

func compileRegex(pat string) (*regexp.Regexp, int, string) {
	if unicodeClasses(pat) > maxUnicodeClasses {
		return nil, 0, tooManyClasses
	}
	sre, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return nil, 0, "expected a regular expression: " + err.Error()
	}
	if regexCost(sre, maxRegexEstimate) > maxRegexEstimate {
		return nil, 0, tooComplex
	}
	prog, err := syntax.Compile(sre.Simplify())
	if err != nil {
		return nil, 0, "expected a regular expression: " + err.Error()
	}
	if len(prog.Inst) > maxRegexInsts {
		return nil, 0, tooComplex
	}
	re, err := regexp.Compile(`^(?:` + pat + `)$`)
	if err != nil {
		return nil, 0, "expected a regular expression: " + err.Error()
	}
	return re, len(prog.Inst), ""
}

var tooManyClasses = "expected simpler regular expressions: together they use more than " + strconv.Itoa(maxUnicodeClasses) + " Unicode classes (\\p or \\P)"

var tooComplex = "expected simpler regular expressions: together they compile to more than " + strconv.Itoa(maxRegexInsts) + " instructions"

// Trees built by hand may hold nils. Eval gives them a meaning rather than
// panic: a nil Expr (a nil child, or a nil node such as (*Cond)(nil)) is a
// condition no instance satisfies, so "x or nil" is x, "x and nil" is
// false and "not nil" is true; a nil Instance is the empty instance,
// Fields{} (no attributes, no tasks, agent disconnected). Parse never
// builds nils.

// emptyInstance stands in for a nil Instance; a package variable, so
// that using it does not allocate.
var emptyInstance Instance = Fields{}

func evalChild(e Expr, inst Instance) bool { return e != nil && e.Eval(inst) }

// Eval reports whether inst satisfies either side.
func (e *Or) Eval(inst Instance) bool {
	return e != nil && (evalChild(e.Left, inst) || evalChild(e.Right, inst))
}

// Eval reports whether inst satisfies both sides.
func (e *And) Eval(inst Instance) bool {
	return e != nil && evalChild(e.Left, inst) && evalChild(e.Right, inst)
}

// Eval reports whether inst does not satisfy X.
func (e *Not) Eval(inst Instance) bool { return e != nil && !evalChild(e.X, inst) }

// Eval reports whether inst satisfies the condition; see the package
// documentation for how each subject and operator compare.
func (c *Cond) Eval(inst Instance) bool {
	if c == nil {
		return false
	}
	if inst == nil {
		inst = emptyInstance
	}
	k := c.k
	if k == nil {
		if k, _, _ = prepare(c); k == nil {
			return false
		}
	}
	switch c.Subject {
	case SubjectAgentConnected:
		v := "false"
		if inst.AgentConnected() {
			v = "true"
		}
		return c.evalString(k, v, true)
	case SubjectEC2InstanceID:
		v := inst.EC2InstanceID()
		return c.evalString(k, v, v != "")
	case SubjectAttribute:
		v, ok := inst.Attribute(c.Attribute)
		if ok && overLong(v) {
			v, ok = "", false
		}
		return c.evalString(k, v, ok)
	case SubjectAgentVersion:
		v := inst.AgentVersion()
		if !isVersion(v) {
			return false
		}
		return holds(c.Op, compareVersions(v, c.Args[0]))
	case SubjectRunningTasksCount:
		n := int64(inst.RunningTasksCount())
		return holds(c.Op, cmpInt(n, k.n))
	case SubjectRegisteredAt:
		t := inst.RegisteredAt()
		if t.IsZero() {
			return false
		}
		if k.day {
			y, m, d := t.UTC().Date()
			t = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		} else {
			t = t.Truncate(time.Second)
		}
		return holds(c.Op, t.Compare(k.t))
	case SubjectTaskGroup:
		return c.evalGroups(k, inst)
	}
	return false
}

// evalString evaluates a condition on a subject with one string value v,
// present says whether the subject has a value at all.
func (c *Cond) evalString(k *compiled, v string, present bool) bool {
	switch c.Op {
	case OpExists:
		return present
	case OpNotExists:
		return !present
	}
	if !present {
		return false
	}
	switch c.Op {
	case OpEq:
		return v == c.Args[0]
	case OpNe:
		return v != c.Args[0]
	case OpIn:
		return slices.Contains(c.Args, v)
	case OpNotIn:
		return !slices.Contains(c.Args, v)
	case OpMatches:
		return k.re.MatchString(v)
	case OpNotMatches:
		return !k.re.MatchString(v)
	}
	return holds(c.Op, compareOrdered(v, c.Args[0]))
}

func (c *Cond) evalGroups(k *compiled, inst Instance) bool {
	switch c.Op {
	case OpEq:
		return inst.HasTaskGroup(c.Args[0])
	case OpNe:
		return !inst.HasTaskGroup(c.Args[0])
	case OpIn, OpNotIn:
		found := false
		for _, a := range c.Args {
			if inst.HasTaskGroup(a) {
				found = true
				break
			}
		}
		return found == (c.Op == OpIn)
	case OpMatches, OpNotMatches:
		found := false
		for _, g := range inst.TaskGroups() {
			if k.re.MatchString(g) {
				found = true
				break
			}
		}
		return found == (c.Op == OpMatches)
	case OpExists:
		return len(inst.TaskGroups()) > 0
	case OpNotExists:
		return len(inst.TaskGroups()) == 0
	}
	return false
}

// overLong reports whether an attribute value is over
// MaxAttributeValueLength characters.
func overLong(v string) bool {
	if len(v) <= MaxAttributeValueLength {
		return false
	}
	return len(v) > utf8.UTFMax*MaxAttributeValueLength || utf8.RuneCountInString(v) > MaxAttributeValueLength
}

// holds applies an ordering operator to the result of a three-way
// comparison.
func holds(op Op, cmp int) bool {
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
	return false
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
