package query

import "regexp/syntax"

// maxUnicodeClasses bounds the \p and \P escapes (Unicode classes such as
// \pL) of the regular expressions of one expression together. Each one
// parses to a table of hundreds of ranges (about 13 KB for \pL, double
// under (?i)), which syntax.Parse builds before any size can be checked:
// 490 of them fit in the 2,000-character limit and cost about 6 MB per
// parse. ECS documents no such limit; placement patterns that need more
// than a few Unicode classes are not realistic, and this one keeps a parse
// under a few MB.
const maxUnicodeClasses = 32

// unicodeClasses counts the \p and \P escapes in a pattern, skipping
// escaped backslashes (\\p is a backslash and a p).
func unicodeClasses(pat string) int {
	n := 0
	for i := 0; i < len(pat); i++ {
		if pat[i] != '\\' || i+1 == len(pat) {
			continue
		}
		i++
		if pat[i] == 'p' || pat[i] == 'P' {
			n++
		}
	}
	return n
}

// maxRegexEstimate is the largest estimated program size that compileRegex
// hands to the compiler. The estimate (regexCost) never undercounts, so
// nothing bigger than this is ever compiled, whatever the pattern: before
// the estimate, a 1,925-byte pattern such as (aaa…a){1000} allocated about
// 400 MB and took seconds only to be refused by the exact count after
// compiling. The slack over maxRegexInsts keeps the refusal itself exact:
// a pattern whose estimate is this far over the budget is over it after
// compiling too (TestRegexCostBounds checks both directions), so every
// pattern accepted before is still accepted.
const maxRegexEstimate = 4 * maxRegexInsts

// regexCost returns an upper bound on the number of instructions
// syntax.Compile produces for re.Simplify(), without simplifying or
// compiling: it mirrors what Simplify does to repetitions (x{n,m} becomes n
// copies of x and m-n nested optional copies) and what Compile emits per
// node, saturating at limit+1 so that the walk itself is cheap. It walks
// the parsed tree once, which is linear in the length of the pattern
// (syntax.Parse already refuses repetition counts over 1,000 and nestings
// whose counts multiply past 1,000).
func regexCost(re *syntax.Regexp, limit int) int {
	// Compile adds a fail instruction at the start and a match at the end.
	return sat(2+nodeCost(re, limit), limit)
}

func sat(n, limit int) int {
	if n > limit {
		return limit + 1
	}
	return n
}

func nodeCost(re *syntax.Regexp, limit int) int {
	switch re.Op {
	case syntax.OpLiteral:
		// One instruction per rune (a nop for the empty literal).
		return sat(max(len(re.Rune), 1), limit)
	case syntax.OpCapture:
		return sat(2+nodeCost(re.Sub[0], limit), limit)
	case syntax.OpStar:
		// A nullable body compiles as (x+)?: two extra instructions.
		return sat(2+nodeCost(re.Sub[0], limit), limit)
	case syntax.OpPlus, syntax.OpQuest:
		return sat(1+nodeCost(re.Sub[0], limit), limit)
	case syntax.OpConcat:
		n := 0
		for _, s := range re.Sub {
			n = sat(n+nodeCost(s, limit), limit)
		}
		return max(n, 1)
	case syntax.OpAlternate:
		n := 0
		for _, s := range re.Sub {
			n = sat(n+1+nodeCost(s, limit), limit) // one alt per branch (one too many: an upper bound)
		}
		return n
	case syntax.OpRepeat:
		s := nodeCost(re.Sub[0], limit)
		lo, hi := re.Min, re.Max
		if hi == -1 {
			// x{n,}: n-1 copies then x+ (x* when n is 0).
			return sat(mulSat(max(lo, 1), s, limit)+2, limit)
		}
		// n copies, then m-n nested (x)? each one instruction more.
		n := mulSat(lo, s, limit) + mulSat(hi-lo, s+1, limit)
		return sat(max(n, 1), limit)
	}
	// Character classes, any character, empty-width assertions, no match,
	// empty match: one instruction each.
	return 1
}

// mulSat multiplies two non-negative numbers, saturating at limit+1.
func mulSat(a, b, limit int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a > (limit+1)/b {
		return limit + 1
	}
	return sat(a*b, limit)
}
