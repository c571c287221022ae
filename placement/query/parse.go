package query

import (
	"strconv"
	"strings"
	"unicode/utf8"

	ecserrors "github.com/ecsstate/ecsstate/errors"
)

// Limits on what Parse accepts.
const (
	// MaxLength is the longest expression, in characters, that ECS accepts
	// in a placement constraint (see PlacementConstraint.expression in the
	// ECS API reference,
	// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PlacementConstraint.html).
	MaxLength = 2000
	// MaxDepth bounds how deeply parentheses and not may nest. ECS documents
	// no limit; this one keeps hostile input from exhausting the stack.
	MaxDepth = 64
	// MaxListLength bounds the number of values in an in / !in list. ECS
	// documents no limit.
	MaxListLength = 100
	// MaxAttributeNameLength is the longest attribute name ECS allows.
	MaxAttributeNameLength = 128
	// MaxAttributeValueLength is the longest attribute value ECS allows
	// (PutAttributes,
	// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Attribute.html),
	// in characters. Eval takes an instance attribute with a longer value
	// as absent: no real instance has one, and matching a regular
	// expression against a value costs time in proportion to its length.
	MaxAttributeValueLength = 128
)

// Parse parses a cluster query expression. An expression that is not
// valid gives an *errors.Error with code InvalidParameterException whose
// message names the byte offset where the problem is and what was expected
// there.
func Parse(s string) (Expr, error) {
	return parse(s, true)
}

// MustParse is like [Parse] but panics if the expression is not valid. It
// is meant for expressions fixed in the program's source.
func MustParse(s string) Expr {
	e, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return e
}

func parse(s string, limit bool) (Expr, error) {
	p := &parser{src: s}
	if limit && len(s) > MaxLength {
		if n := utf8.RuneCountInString(s); n > MaxLength {
			off := 0
			for i := 0; i < MaxLength; i++ {
				_, size := utf8.DecodeRuneInString(s[off:])
				off += size
			}
			return nil, p.fail(off, "expected the end of the expression: an expression is at most %d characters long, this one has %d", MaxLength, n)
		}
	}
	e, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		if p.src[p.pos] == ')' {
			return nil, p.fail(p.pos, "expected and, or or the end of the expression, found an unmatched ')'")
		}
		return nil, p.failFound(p.pos, "and, or or the end of the expression")
	}
	return e, nil
}

type parser struct {
	src     string
	pos     int
	depth   int
	insts   int // compiled size of the regular expressions so far
	classes int // Unicode class escapes in the regular expressions so far
}

func (p *parser) fail(pos int, format string, args ...any) error {
	return ecserrors.New(ecserrors.CodeInvalidParameter,
		"Invalid cluster query expression at position "+strconv.Itoa(pos)+": "+format, args...)
}

// failFound reports that what was expected is missing at pos.
func (p *parser) failFound(pos int, expected string) error {
	return p.fail(pos, "expected %s, found %s", expected, p.found(pos))
}

// found describes the input at pos for an error message.
func (p *parser) found(pos int) string {
	if pos >= len(p.src) {
		return "the end of the expression"
	}
	end := pos + 1
	for end < len(p.src) && end-pos < 20 && !isSpace(p.src[end]) {
		end++
	}
	return strconv.Quote(p.src[pos:end])
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// wordByte reports whether c can be part of a subject or a keyword.
func wordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-' || c == '/' || c == '\\'
}

// bareByte reports whether c can be part of an unquoted value.
func bareByte(c byte) bool {
	if isSpace(c) {
		return false
	}
	switch c {
	case '(', ')', '[', ']', ',', '\'', '"', '&', '|':
		return false
	}
	return true
}

func attrNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '_' || c == '.' || c == '-' || c == '/' || c == '\\'
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) && isSpace(p.src[p.pos]) {
		p.pos++
	}
}

// keyword reports whether the case-insensitive word kw starts at p.pos and
// is not followed by another word character, and if so consumes it.
func (p *parser) keyword(kw string) bool {
	end := p.pos + len(kw)
	if end > len(p.src) || !strings.EqualFold(p.src[p.pos:end], kw) {
		return false
	}
	if end < len(p.src) && wordByte(p.src[end]) {
		return false
	}
	p.pos = end
	return true
}

func (p *parser) symbol(sym string) bool {
	if strings.HasPrefix(p.src[p.pos:], sym) {
		p.pos += len(sym)
		return true
	}
	return false
}

func (p *parser) parseOr() (Expr, error) {
	left, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		if !p.symbol("||") && !p.keyword("or") {
			return left, nil
		}
		right, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		left = &Or{Left: left, Right: right}
	}
}

func (p *parser) parseAnd() (Expr, error) {
	left, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		if !p.symbol("&&") && !p.keyword("and") {
			return left, nil
		}
		right, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		left = &And{Left: left, Right: right}
	}
}

func (p *parser) enter(pos int) error {
	p.depth++
	if p.depth > MaxDepth {
		return p.fail(pos, "expected a condition: parentheses and not nest more than %d deep", MaxDepth)
	}
	return nil
}

func (p *parser) parseUnary() (Expr, error) {
	p.skipSpace()
	start := p.pos
	switch {
	case p.pos >= len(p.src):
		return nil, p.failFound(p.pos, "a condition, '(' or not")
	case p.src[p.pos] == '(':
		if err := p.enter(start); err != nil {
			return nil, err
		}
		p.pos++
		e, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ')' {
			return nil, p.fail(p.pos, "expected and, or or ')' to close the '(' at position %d, found %s", start, p.found(p.pos))
		}
		p.pos++
		p.depth--
		return e, nil
	case p.src[p.pos] == '!' || p.keyword("not"):
		if p.pos == start {
			p.pos++ // the '!'
		}
		if err := p.enter(start); err != nil {
			return nil, err
		}
		x, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		p.depth--
		return &Not{X: x}, nil
	}
	return p.parseCond()
}

const subjectList = "a subject (agentConnected, agentVersion, attribute:NAME, ec2InstanceId, registeredAt, runningTasksCount or task:group), '(' or not"

func (p *parser) parseCond() (Expr, error) {
	start := p.pos
	for p.pos < len(p.src) && wordByte(p.src[p.pos]) {
		p.pos++
	}
	word := p.src[start:p.pos]
	c := &Cond{}
	switch word {
	case "agentConnected":
		c.Subject = SubjectAgentConnected
	case "agentVersion":
		c.Subject = SubjectAgentVersion
	case "ec2InstanceId":
		c.Subject = SubjectEC2InstanceID
	case "registeredAt":
		c.Subject = SubjectRegisteredAt
	case "runningTasksCount":
		c.Subject = SubjectRunningTasksCount
	case "task:group":
		c.Subject = SubjectTaskGroup
	default:
		name, ok := strings.CutPrefix(word, "attribute:")
		if !ok {
			return nil, p.failFound(start, subjectList)
		}
		namePos := start + len("attribute:")
		if name == "" {
			return nil, p.failFound(namePos, "an attribute name")
		}
		for i := 0; i < len(name); i++ {
			if !attrNameByte(name[i]) {
				return nil, p.fail(namePos+i, "expected an attribute name of letters, digits, '-', '_', '/', '\\' and '.', found %q", name[i:i+1])
			}
		}
		if len(name) > MaxAttributeNameLength {
			return nil, p.fail(namePos, "expected an attribute name of at most %d characters, found one of %d", MaxAttributeNameLength, len(name))
		}
		c.Subject = SubjectAttribute
		c.Attribute = name
	}

	p.skipSpace()
	opPos := p.pos
	op, ok := p.parseOp()
	if !ok {
		return nil, p.failFound(opPos, "an operator (==, !=, >, >=, <, <=, exists, !exists, in, !in, =~, !~ or a word form such as equals)")
	}
	if !c.Subject.Supports(op) {
		return nil, p.fail(opPos, "expected an operator that %s supports (%s), found %s", subjectText(c), supportedOps(c.Subject), op.String())
	}
	c.Op = op

	var argPos []int
	switch op {
	case OpExists, OpNotExists:
	case OpIn, OpNotIn:
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != '[' {
			return nil, p.failFound(p.pos, "'[' to start the list of values")
		}
		p.pos++
		for {
			p.skipSpace()
			if len(c.Args) == MaxListLength {
				return nil, p.fail(p.pos, "expected ']': a list has at most %d values", MaxListLength)
			}
			pos := p.pos
			v, err := p.parseValue()
			if err != nil {
				return nil, err
			}
			c.Args = append(c.Args, v)
			argPos = append(argPos, pos)
			p.skipSpace()
			if p.pos < len(p.src) && p.src[p.pos] == ',' {
				p.pos++
				continue
			}
			if p.pos < len(p.src) && p.src[p.pos] == ']' {
				p.pos++
				break
			}
			return nil, p.failFound(p.pos, "',' or ']'")
		}
	default:
		p.skipSpace()
		argPos = []int{p.pos}
		v, err := p.parseValue()
		if err != nil {
			return nil, err
		}
		c.Args = []string{v}
	}

	if op == OpMatches || op == OpNotMatches {
		// Counted before syntax.Parse, which builds the class tables.
		if p.classes += unicodeClasses(c.Args[0]); p.classes > maxUnicodeClasses {
			return nil, p.fail(argPos[0], "%s", tooManyClasses)
		}
	}
	k, bad, detail := prepare(c)
	if k == nil {
		pos := opPos
		if bad >= 0 && bad < len(argPos) {
			pos = argPos[bad]
		}
		return nil, p.fail(pos, "%s", detail)
	}
	if p.insts += k.ins; p.insts > maxRegexInsts {
		return nil, p.fail(argPos[0], "%s", tooComplex)
	}
	c.k = k
	return c, nil
}

func subjectText(c *Cond) string {
	if c.Subject == SubjectAttribute {
		return "attribute:" + c.Attribute
	}
	return c.Subject.String()
}

func supportedOps(s Subject) string {
	var b strings.Builder
	for _, o := range allOps {
		if s.Supports(o) {
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			b.WriteString(o.String())
		}
	}
	return b.String()
}

// parseOp reads an operator in symbol or word form.
func (p *parser) parseOp() (Op, bool) {
	if strings.HasPrefix(p.src[p.pos:], "!") {
		save := p.pos
		p.pos++
		if p.keyword("exists") {
			return OpNotExists, true
		}
		if p.keyword("in") {
			return OpNotIn, true
		}
		p.pos = save
	}
	// Symbols; the two-character ones before their one-character prefixes.
	for _, s := range [...]struct {
		sym string
		op  Op
	}{
		{"==", OpEq}, {"!=", OpNe}, {">=", OpGe}, {"<=", OpLe},
		{"=~", OpMatches}, {"!~", OpNotMatches}, {">", OpGt}, {"<", OpLt},
	} {
		if p.symbol(s.sym) {
			return s.op, true
		}
	}
	for _, o := range allOps {
		if p.keyword(o.Word()) {
			return o, true
		}
	}
	return 0, false
}

// parseValue reads one value: a quoted string or a bare word.
func (p *parser) parseValue() (string, error) {
	start := p.pos
	if p.pos >= len(p.src) {
		return "", p.failFound(p.pos, "a value")
	}
	if q := p.src[p.pos]; q == '\'' || q == '"' {
		end := strings.IndexByte(p.src[p.pos+1:], q)
		if end < 0 {
			return "", p.fail(len(p.src), "expected %c to close the quoted value at position %d, found the end of the expression", q, start)
		}
		p.pos += end + 2
		return p.src[start+1 : p.pos-1], nil
	}
	for p.pos < len(p.src) && bareByte(p.src[p.pos]) {
		p.pos++
	}
	if p.pos == start {
		return "", p.failFound(p.pos, "a value")
	}
	return p.src[start:p.pos], nil
}
