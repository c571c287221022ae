package query

import (
	"regexp/syntax"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// compiledSize is the reference: the exact size of the program, by
// simplifying and compiling, as compileRegex did before the estimate.
func compiledSize(t interface{ Fatalf(string, ...any) }, pat string) int {
	re, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		t.Fatalf("syntax.Parse(%q): %v", pat, err)
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		t.Fatalf("syntax.Compile(%q): %v", pat, err)
	}
	return len(prog.Inst)
}

// genPattern draws a small regular expression with repetitions, groups,
// alternations, classes and assertions, kept small enough to compile.
func genPattern(t *rapid.T, depth int) string {
	if depth <= 0 {
		return rapid.SampledFrom([]string{"a", "bc", "[a-z]", ".", "\\d", "", "(?:)", "^", "$", "\\b", "(?i)k", "é"}).Draw(t, "atom")
	}
	switch rapid.IntRange(0, 7).Draw(t, "op") {
	case 0:
		return genPattern(t, depth-1) + genPattern(t, depth-1)
	case 1:
		return "(?:" + genPattern(t, depth-1) + "|" + genPattern(t, depth-1) + ")"
	case 2:
		return "(" + genPattern(t, depth-1) + ")"
	case 3:
		return "(?:" + genPattern(t, depth-1) + ")" + rapid.SampledFrom([]string{"*", "+", "?", "*?", "+?", "??"}).Draw(t, "rep")
	case 4:
		lo := rapid.IntRange(0, 12).Draw(t, "lo")
		hi := rapid.IntRange(-1, 12).Draw(t, "hi")
		switch {
		case hi == -1:
			return "(?:" + genPattern(t, depth-1) + "){" + strconv.Itoa(lo) + ",}"
		case hi < lo:
			return "(?:" + genPattern(t, depth-1) + "){" + strconv.Itoa(lo) + "}"
		}
		return "(?:" + genPattern(t, depth-1) + "){" + strconv.Itoa(lo) + "," + strconv.Itoa(hi) + "}"
	default:
		return genPattern(t, depth-1)
	}
}

// TestRegexCostBounds: the estimate never undercounts the compiled size
// (so nothing over maxRegexEstimate is compiled), and a pattern within the
// budget after compiling is never refused by the estimate (so the estimate
// changes no verdict).
func TestRegexCostBounds(t *testing.T) {
	check := func(t interface{ Fatalf(string, ...any) }, pat string) {
		re, err := syntax.Parse(pat, syntax.Perl)
		if err != nil {
			return
		}
		const big = 1 << 20
		est := regexCost(re, big)
		act := compiledSize(t, pat)
		if est < act {
			t.Fatalf("%q: estimate %d < compiled size %d", pat, est, act)
		}
		if act <= maxRegexInsts && est > maxRegexEstimate {
			t.Fatalf("%q: compiles to %d (within budget) but the estimate %d refuses it", pat, act, est)
		}
	}
	for _, pat := range []string{
		"", "a", "abc", "[ab]{0,99}b", "(a|b)*", "(?:(?:(?:a*)*)*)*", "((a*)*)*",
		"(?:){0,1000}", "(?:){1000}", "(a){1000}", "(?:ab){2,5}", "a{3,}", "(?:a|)*",
		"t2\\.(micro|small)", "(m5|c5|r5)\\.(x|2x|4x)?large", "\\pL{900}", "(?i)abc{10,20}",
		strings.Repeat("(a|b)*", 300), strings.Repeat("(((a*)*)*)*", 180),
		"((((((((((a{2}){2}){2}){2}){2}){2}){2}){2}){2}){2}){3}",
	} {
		check(t, pat)
	}
	rapid.Check(t, func(rt *rapid.T) {
		check(rt, genPattern(rt, rapid.IntRange(0, 5).Draw(rt, "depth")))
	})
}

// TestHostileRegexMemory: every expression under the length limit is
// refused or accepted within a few MB of allocation. Before the estimate
// the first of these allocated about 400 MB.
func TestHostileRegexMemory(t *testing.T) {
	filler := func(n int) string { return strings.Repeat("a", n) }
	room := MaxLength - len("attribute:x =~ '(){1000}'")
	for _, c := range []struct {
		expr string
		ok   bool
	}{
		{"attribute:x =~ '(" + filler(room) + "){1000}'", false},
		{"attribute:x =~ '(?:" + filler(room-2) + "){1000}'", false},
		{"attribute:x =~ '(?:" + filler(room-4) + "){0,1000}'", false},
		{"attribute:x =~ '" + strings.Repeat("(?:a{1000})", 170) + "'", false},
		{"attribute:x =~ '" + strings.Repeat("\\pL{30}", 180) + "'", false},
		{"attribute:x =~ '" + strings.Repeat("[\\x{0}-\\x{10FFFF}]", 100) + "'", true},
		{"attribute:x =~ '(?i)" + strings.Repeat("\\pL", 490) + "'", false},
		{"attribute:x =~ '(?i)" + strings.Repeat("\\pL", maxUnicodeClasses) + "'", true},
		{"attribute:x =~ '(?i)" + strings.Repeat("\\PL", maxUnicodeClasses) + "'", true},
		{"attribute:x =~ '" + strings.Repeat("\\\\p", 400) + "'", true}, // escaped backslashes, no class
		{strings.Repeat("attribute:x =~ '[\\pL\\pN]' and ", maxUnicodeClasses/2) + "attribute:x =~ '\\p{Greek}'", false},
		{strings.Repeat("attribute:x =~ '[\\pL\\pN]' and ", maxUnicodeClasses/2) + "attribute:x =~ 'p'", true},
		{strings.Repeat("attribute:x =~ '(?:ab){140}' and ", 57) + "attribute:x exists", false},
		{"attribute:x =~ '(.*){1000}'", false},
	} {
		if n := len(c.expr); n > MaxLength {
			t.Fatalf("test expression of %d bytes is over the limit", n)
		}
		var err error
		got := allocated(func() { _, err = Parse(c.expr) })
		if (err == nil) != c.ok {
			t.Errorf("Parse(%.50q…): err = %v, want ok = %v", c.expr, err, c.ok)
		}
		if got > parseMemoryBound {
			t.Errorf("Parse(%.50q…) allocated %d bytes, want at most %d", c.expr, got, parseMemoryBound)
		}
	}
}

// parseMemoryBound is the promise: any expression under the length limit
// parses (or is refused) within this many bytes of allocation.
const parseMemoryBound = 4 << 20

// allocated returns the bytes f allocates. TotalAlloc counts every
// allocation whether or not it has been collected, so no GC is needed.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestRegexMemoryProperty: expressions of up to MaxLength characters made
// of expensive regular-expression pieces parse within parseMemoryBound,
// and an accepted one evaluates a 128-character value quickly.
func TestRegexMemoryProperty(t *testing.T) {
	pieces := []string{"a", "(a)", "(?:ab)", "\\pL", "(?i)\\PN", "[^a]", ".", "(a|b)", "\\b", "(?:)", "x*", "(.*)"}
	reps := []string{"", "*", "+", "?", "{1000}", "{999,}", "{0,1000}", "{2,500}", "{30}"}
	rapid.Check(t, func(rt *rapid.T) {
		var b strings.Builder
		for b.Len() < MaxLength {
			b.WriteString("attribute:x =~ '")
			for range rapid.IntRange(1, 40).Draw(rt, "n") {
				p := rapid.SampledFrom(pieces).Draw(rt, "piece")
				if rapid.Bool().Draw(rt, "group") {
					p = "(" + p + ")"
				}
				b.WriteString(p + rapid.SampledFrom(reps).Draw(rt, "rep"))
			}
			b.WriteString("' and ")
		}
		expr := b.String()[:MaxLength]
		var e Expr
		if got := allocated(func() { e, _ = Parse(expr) }); got > parseMemoryBound {
			rt.Fatalf("Parse(%q) allocated %d bytes", expr, got)
		}
		if e != nil {
			e.Eval(Fields{Attributes: map[string]string{"x": strings.Repeat("ab", 64)}})
		}
	})
}

// BenchmarkParseHostileRegex measures the refusal of the 1,925-byte
// (aaa…a){1000} pattern beside a plain one-condition regex, the baseline.
// Before the estimate the hostile one took seconds and ~400 MB per op.
func BenchmarkParseHostileRegex(b *testing.B) {
	for _, bc := range []struct{ name, expr string }{
		{"baseline", "attribute:ecs.instance-type =~ 't2\\.(micro|small)'"},
		{"hostile", "attribute:x =~ '(" + strings.Repeat("a", 1900) + "){1000}'"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Parse(bc.expr)
			}
		})
	}
}
