package query

import (
	"strings"
	"time"
)

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isVersion reports whether s is one or more runs of decimal digits
// separated by single dots ("1", "1.14.5").
func isVersion(s string) bool {
	if s == "" {
		return false
	}
	prevDot := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c):
			prevDot = false
		case c == '.' && !prevDot:
			prevDot = true
		default:
			return false
		}
	}
	return !prevDot
}

// compareVersions compares two versions (see isVersion) component by
// component as numbers of any size, a missing component counting as 0.
func compareVersions(a, b string) int {
	for a != "" || b != "" {
		var ca, cb string
		ca, a, _ = strings.Cut(a, ".")
		cb, b, _ = strings.Cut(b, ".")
		if c := compareNaturals(ca, cb); c != 0 {
			return c
		}
	}
	return 0
}

// compareNaturals compares two strings of decimal digits as numbers; ""
// counts as 0.
func compareNaturals(a, b string) int {
	a = strings.TrimLeft(a, "0")
	b = strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// isDecimal reports whether s is an optional '-', digits, and optionally
// '.' and more digits.
func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	ip, fp, dot := strings.Cut(s, ".")
	if ip == "" || dot && fp == "" {
		return false
	}
	for i := 0; i < len(ip); i++ {
		if !isDigit(ip[i]) {
			return false
		}
	}
	for i := 0; i < len(fp); i++ {
		if !isDigit(fp[i]) {
			return false
		}
	}
	return true
}

// compareDecimals compares two decimals (see isDecimal) exactly.
func compareDecimals(a, b string) int {
	a, na := strings.CutPrefix(a, "-")
	b, nb := strings.CutPrefix(b, "-")
	ia, fa, _ := strings.Cut(a, ".")
	ib, fb, _ := strings.Cut(b, ".")
	fa = strings.TrimRight(fa, "0")
	fb = strings.TrimRight(fb, "0")
	zero := func(i, f string) bool { return strings.TrimLeft(i, "0") == "" && f == "" }
	za, zb := zero(ia, fa), zero(ib, fb)
	if za {
		na = false
	}
	if zb {
		nb = false
	}
	if na != nb {
		if na {
			return -1
		}
		return 1
	}
	c := compareNaturals(ia, ib)
	if c == 0 {
		c = strings.Compare(fa, fb) // equal-length prefix order is numeric order for trimmed fractions
	}
	if na {
		c = -c
	}
	return c
}

// compareOrdered orders two attribute values: numerically when both are
// decimals, otherwise byte-wise.
func compareOrdered(v, arg string) int {
	if isDecimal(v) && isDecimal(arg) {
		return compareDecimals(v, arg)
	}
	return strings.Compare(v, arg)
}

// parseDate parses the four registeredAt forms the guide lists:
// 2018-06-18T22:28:28+00:00 (any offset), 2018-06-18T22:28:28Z,
// 2018-06-18T22:28:28 (UTC) and 2018-06-18 (a UTC day; day is true).
func parseDate(s string) (t time.Time, day bool, ok bool) {
	shape := func(pattern string) bool {
		if len(s) != len(pattern) {
			return false
		}
		for i := 0; i < len(s); i++ {
			switch p := pattern[i]; p {
			case 'd':
				if !isDigit(s[i]) {
					return false
				}
			case 's':
				if s[i] != '+' && s[i] != '-' {
					return false
				}
			default:
				if s[i] != p {
					return false
				}
			}
		}
		return true
	}
	var layout string
	switch {
	case shape("dddd-dd-dd"):
		layout, day = "2006-01-02", true
	case shape("dddd-dd-ddTdd:dd:dd"):
		layout = "2006-01-02T15:04:05"
	case shape("dddd-dd-ddTdd:dd:ddZ"):
		layout = time.RFC3339
	case shape("dddd-dd-ddTdd:dd:ddsdd:dd"):
		// time.Parse accepts +24:00, reads +23:60 as +24:00 and +00:60 as
		// an hour; a real offset is -23:59 to +23:59.
		if s[20:22] > "23" || s[23:25] > "59" {
			return time.Time{}, false, false
		}
		layout = time.RFC3339
	default:
		return time.Time{}, false, false
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return time.Time{}, false, false
	}
	return t, day, true
}
