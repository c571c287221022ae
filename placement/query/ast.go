package query

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Expr is a parsed cluster query expression: one of [*Or], [*And], [*Not]
// or [*Cond].
type Expr interface {
	// Eval reports whether the instance satisfies the expression.
	Eval(inst Instance) bool
	// String returns the canonical form of the expression: symbol
	// operators, the keywords and/or/not in lower case, single spaces,
	// parentheses only where precedence needs them, and arguments bare
	// where possible, otherwise quoted. Parsing it gives back an equal
	// tree. Normalised spacing can make this form longer than the text it
	// was parsed from; when it is over [MaxLength] characters String
	// returns the compact canonical form instead (&&, ||, !, no optional
	// spaces: "attribute:a==x&&!task:group in[a,b]"), which is never longer
	// than the text parsed, so the String of a parsed expression always
	// parses.
	String() string

	prec() int
	write(p *printer)
}

// Precedence levels, loosest first.
const (
	precOr = iota + 1
	precAnd
	precUnary
)

// Or is "Left or Right" (also written Left || Right).
type Or struct {
	Left, Right Expr
}

// And is "Left and Right" (also written Left && Right).
type And struct {
	Left, Right Expr
}

// Not is "not X" (also written !X).
type Not struct {
	X Expr
}

// Cond is a single condition "subject operator [argument]".
//
// Build conditions with [Parse]; a Cond built by hand also works, but its
// arguments are then checked (and its regular expression compiled) on every
// Eval, and an invalid hand-built Cond evaluates to false.
type Cond struct {
	// Subject is what the condition looks at.
	Subject Subject
	// Attribute is the NAME of an attribute:NAME subject, "" otherwise.
	Attribute string
	// Op is the comparison operator.
	Op Op
	// Args holds the argument, unquoted: nil for exists and !exists, one
	// value for the other single-argument operators, the list items for in
	// and !in.
	Args []string

	k *compiled // set by Parse; nil for a hand-built Cond
}

// Subject identifies the left-hand side of a condition.
type Subject uint8

// The subjects of the cluster query language.
const (
	SubjectAgentConnected    Subject = iota + 1 // agentConnected
	SubjectAgentVersion                         // agentVersion
	SubjectAttribute                            // attribute:NAME (the name is in Cond.Attribute)
	SubjectEC2InstanceID                        // ec2InstanceId
	SubjectRegisteredAt                         // registeredAt
	SubjectRunningTasksCount                    // runningTasksCount
	SubjectTaskGroup                            // task:group
)

var subjectNames = [...]string{
	SubjectAgentConnected:    "agentConnected",
	SubjectAgentVersion:      "agentVersion",
	SubjectAttribute:         "attribute",
	SubjectEC2InstanceID:     "ec2InstanceId",
	SubjectRegisteredAt:      "registeredAt",
	SubjectRunningTasksCount: "runningTasksCount",
	SubjectTaskGroup:         "task:group",
}

// String returns the subject as written in an expression; for
// SubjectAttribute it is "attribute" (without the name).
func (s Subject) String() string {
	if s >= 1 && int(s) < len(subjectNames) {
		return subjectNames[s]
	}
	return "Subject(" + strconv.Itoa(int(s)) + ")"
}

// Op is a comparison operator.
type Op uint8

// The comparison operators. Each has a symbol form (its String) and a word
// form (equals, not_equals, …).
const (
	OpEq         Op = iota + 1 // == (equals)
	OpNe                       // != (not_equals)
	OpGt                       // > (greater_than)
	OpGe                       // >= (greater_than_equal)
	OpLt                       // < (less_than)
	OpLe                       // <= (less_than_equal)
	OpExists                   // exists
	OpNotExists                // !exists (not_exists)
	OpIn                       // in
	OpNotIn                    // !in (not_in)
	OpMatches                  // =~ (matches)
	OpNotMatches               // !~ (not_matches)
)

var opSymbols = [...]string{
	OpEq: "==", OpNe: "!=", OpGt: ">", OpGe: ">=", OpLt: "<", OpLe: "<=",
	OpExists: "exists", OpNotExists: "!exists", OpIn: "in", OpNotIn: "!in",
	OpMatches: "=~", OpNotMatches: "!~",
}

var opWords = [...]string{
	OpEq: "equals", OpNe: "not_equals", OpGt: "greater_than", OpGe: "greater_than_equal",
	OpLt: "less_than", OpLe: "less_than_equal", OpExists: "exists", OpNotExists: "not_exists",
	OpIn: "in", OpNotIn: "not_in", OpMatches: "matches", OpNotMatches: "not_matches",
}

// String returns the symbol form of the operator ("==", "!in", "exists").
func (o Op) String() string {
	if o >= 1 && int(o) < len(opSymbols) {
		return opSymbols[o]
	}
	return "Op(" + strconv.Itoa(int(o)) + ")"
}

// Word returns the word form of the operator ("equals", "not_in").
func (o Op) Word() string {
	if o >= 1 && int(o) < len(opWords) {
		return opWords[o]
	}
	return o.String()
}

var allSubjects = [...]Subject{
	SubjectAgentConnected, SubjectAgentVersion, SubjectAttribute, SubjectEC2InstanceID,
	SubjectRegisteredAt, SubjectRunningTasksCount, SubjectTaskGroup,
}

var allOps = [...]Op{
	OpEq, OpNe, OpGt, OpGe, OpLt, OpLe, OpExists, OpNotExists, OpIn, OpNotIn, OpMatches, OpNotMatches,
}

// Subjects returns every subject, in declaration order.
func Subjects() []Subject { s := allSubjects; return s[:] }

// Ops returns every operator, in declaration order.
func Ops() []Op { o := allOps; return o[:] }

// Supports reports whether the subject accepts the operator (see the table
// in the package documentation).
func (s Subject) Supports(o Op) bool {
	switch s {
	case SubjectAgentConnected, SubjectEC2InstanceID:
		switch o {
		case OpEq, OpNe, OpIn, OpNotIn, OpMatches, OpNotMatches:
			return true
		}
	case SubjectAgentVersion, SubjectRegisteredAt, SubjectRunningTasksCount:
		switch o {
		case OpEq, OpNe, OpGt, OpGe, OpLt, OpLe:
			return true
		}
	case SubjectAttribute:
		return o >= OpEq && o <= OpNotMatches
	case SubjectTaskGroup:
		switch o {
		case OpEq, OpNe, OpIn, OpNotIn, OpMatches, OpNotMatches, OpExists, OpNotExists:
			return true
		}
	}
	return false
}

func (e *Or) prec() int   { return precOr }
func (e *And) prec() int  { return precAnd }
func (e *Not) prec() int  { return precUnary }
func (e *Cond) prec() int { return precUnary }

// String prints the expression in canonical form; Parse reads it back to
// the same tree. The same holds for And, Not and Cond.
func (e *Or) String() string { return str(e) }

// String prints the expression in canonical form; see [Or.String].
func (e *And) String() string { return str(e) }

// String prints the expression in canonical form; see [Or.String].
func (e *Not) String() string { return str(e) }

// String prints the condition in canonical form; see [Or.String].
func (e *Cond) String() string { return str(e) }

// str returns the readable canonical form, or the compact one when the
// readable one is over MaxLength characters: the compact form is never
// longer than the text Parse read (see [Expr]), so a parsed expression
// always prints as text Parse accepts.
func str(e Expr) string {
	p := &printer{}
	e.write(p)
	if p.Len() <= MaxLength || utf8.RuneCountInString(p.String()) <= MaxLength {
		return p.String()
	}
	p = &printer{compact: true}
	e.write(p)
	return p.String()
}

// printer writes the canonical form, readable or compact.
type printer struct {
	strings.Builder
	compact bool
}

// writeChild writes e, in parentheses when its precedence is below min.
func writeChild(p *printer, e Expr, min int) {
	if e == nil {
		p.WriteString("<nil>")
		return
	}
	if e.prec() < min {
		p.WriteByte('(')
		e.write(p)
		p.WriteByte(')')
		return
	}
	e.write(p)
}

func (e *Or) write(p *printer) {
	if e == nil {
		p.WriteString("<nil>")
		return
	}
	writeChild(p, e.Left, precOr)
	p.WriteString(p.pick(" or ", "||"))
	writeChild(p, e.Right, precOr+1)
}

func (e *And) write(p *printer) {
	if e == nil {
		p.WriteString("<nil>")
		return
	}
	writeChild(p, e.Left, precAnd)
	p.WriteString(p.pick(" and ", "&&"))
	writeChild(p, e.Right, precAnd+1)
}

func (e *Not) write(p *printer) {
	if e == nil {
		p.WriteString("<nil>")
		return
	}
	p.WriteString(p.pick("not ", "!"))
	writeChild(p, e.X, precUnary)
}

func (p *printer) pick(readable, compact string) string {
	if p.compact {
		return compact
	}
	return readable
}

func (e *Cond) write(p *printer) {
	if e == nil {
		p.WriteString("<nil>")
		return
	}
	if e.Subject == SubjectAttribute {
		p.WriteString("attribute:")
		p.WriteString(e.Attribute)
	} else {
		p.WriteString(e.Subject.String())
	}
	// The compact form drops every space the parser does not need: it
	// keeps one before the word operators exists and in (a subject would
	// run into them), and one between > or < and a value starting with
	// '=' (which would read as >= or <=).
	switch {
	case !p.compact, e.Op == OpExists, e.Op == OpIn:
		p.WriteByte(' ')
	}
	p.WriteString(e.Op.String())
	switch e.Op {
	case OpExists, OpNotExists:
	case OpIn, OpNotIn:
		p.WriteString(p.pick(" [", "["))
		for i, a := range e.Args {
			if i > 0 {
				p.WriteString(p.pick(", ", ","))
			}
			writeValue(p, a)
		}
		p.WriteByte(']')
	default:
		if !p.compact || len(e.Args) > 0 && (e.Op == OpGt || e.Op == OpLt) && strings.HasPrefix(e.Args[0], "=") {
			p.WriteByte(' ')
		}
		if len(e.Args) > 0 {
			writeValue(p, e.Args[0])
		}
	}
}

// writeValue writes v bare when it can be read back as one bare word, else
// in single quotes, else (when it contains a single quote) in double quotes.
func writeValue(p *printer, v string) {
	if isBare(v) {
		p.WriteString(v)
		return
	}
	q := byte('\'')
	if strings.IndexByte(v, '\'') >= 0 {
		q = '"'
	}
	p.WriteByte(q)
	p.WriteString(v)
	p.WriteByte(q)
}

// isBare reports whether v can be written without quotes.
func isBare(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !bareByte(v[i]) {
			return false
		}
	}
	return true
}
