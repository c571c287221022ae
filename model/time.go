package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Time is a timestamp as the ECS API carries it. It encodes as epoch seconds
// with a millisecond fraction (a JSON number, the AWS JSON 1.1 form, e.g.
// 1430333711.033) and decodes from such a number (or a string holding one)
// or from an ISO-8601 string as `aws ecs describe-*` prints it
// ("2015-04-29T12:01:51.033000-07:00").
//
// ECS keeps milliseconds. Decoding reads the digits exactly (never through
// a float64) and truncates to the millisecond, towards the past, whatever
// the form: 1430333711.0339 and "2015-04-29T18:55:11.0339Z" are both .033,
// and so is what [At] makes of that instant. The decoded value is in UTC.
// A number must be a JSON number: "0x1p-2", "1_000", "+5" and "Inf" are
// not timestamps. An ISO offset must be a real one, -23:59 to +23:59.
// Timestamps run from year 0001 through 9999; the zero Time means
// "absent" and is omitted, so its instant, 0001-01-01T00:00:00Z, cannot be
// decoded as a present value and is refused.
type Time struct{ time.Time }

// At returns t as a model Time, truncated to the millisecond ECS keeps and
// converted to UTC.
func At(t time.Time) Time {
	if t.IsZero() {
		return Time{}
	}
	return Time{time.UnixMilli(t.UnixMilli()).UTC()}
}

// MarshalJSON writes epoch seconds with up to three fraction digits.
func (t Time) MarshalJSON() ([]byte, error) {
	ms := t.UnixMilli()
	var b []byte
	if ms < 0 {
		b, ms = append(b, '-'), -ms
	}
	b = strconv.AppendInt(b, ms/1000, 10)
	if frac := ms % 1000; frac != 0 {
		b = bytes.TrimRight(fmt.Appendf(b, ".%03d", frac), "0")
	}
	return b, nil
}

// isoLayouts are the ISO-8601 forms the AWS CLI and SDKs print.
var isoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
}

// UnmarshalJSON reads an epoch-seconds number or an ISO-8601 string. A JSON
// null leaves t unchanged, as encoding/json does for other types.
func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if ms, ok, inRange := epochMillis(s); ok {
			return t.setMillis(ms, inRange, s)
		}
		for _, layout := range isoLayouts {
			if p, err := time.Parse(layout, s); err == nil {
				if !validOffset(s) {
					return fmt.Errorf("model.Time: %q has a time zone offset outside -23:59 to +23:59", s)
				}
				// UnixMilli truncates towards the past, as epochMillis does.
				return t.setMillis(p.UnixMilli(), p.Year() >= 1 && p.Year() <= 9999, s)
			}
		}
		return fmt.Errorf("model.Time: %q is neither epoch seconds nor an ISO-8601 timestamp", s)
	}
	ms, ok, inRange := epochMillis(string(b))
	if !ok {
		return fmt.Errorf("model.Time: %s is not a timestamp", b)
	}
	return t.setMillis(ms, inRange, string(b))
}

// Timestamps are bounded to the years 0001 through 9999, so that every
// millisecond is exact in a float64 and survives an encode/decode round trip.
const (
	minEpochSeconds = -62135596800 // 0001-01-01T00:00:00Z, the zero time.Time
	maxEpochSeconds = 253402300799 // 9999-12-31T23:59:59Z
	minEpochMillis  = minEpochSeconds * 1000
	maxEpochMillis  = maxEpochSeconds*1000 + 999
)

func (t *Time) setMillis(ms int64, inRange bool, text string) error {
	if !inRange || ms < minEpochMillis || ms > maxEpochMillis {
		return fmt.Errorf("model.Time: %.40q is out of range (years 0001 to 9999)", text)
	}
	if ms == minEpochMillis {
		return fmt.Errorf("model.Time: %.40q is the zero time, which stands for an absent timestamp", text)
	}
	*t = Time{time.UnixMilli(ms).UTC()}
	return nil
}

// epochMillis reads a JSON number of epoch seconds exactly, as
// milliseconds truncated towards the past. ok is false when s is not a
// JSON number; inRange is false when it is one too large for int64
// milliseconds (it is then out of the timestamp range too).
func epochMillis(s string) (ms int64, ok, inRange bool) {
	i := 0
	neg := i < len(s) && s[i] == '-'
	if neg {
		i++
	}
	digits := func() string {
		j := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return s[j:i]
	}
	intPart := digits()
	if intPart == "" || len(intPart) > 1 && intPart[0] == '0' {
		return 0, false, false
	}
	var frac string
	if i < len(s) && s[i] == '.' {
		i++
		if frac = digits(); frac == "" {
			return 0, false, false
		}
	}
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		expNeg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			expNeg = s[i] == '-'
			i++
		}
		e := digits()
		if e == "" {
			return 0, false, false
		}
		e = strings.TrimLeft(e, "0")
		if len(e) > 6 {
			e = "1000000" // beyond any timestamp either way; keeps Atoi bounded
		}
		if e != "" {
			exp, _ = strconv.Atoi(e)
		}
		if expNeg {
			exp = -exp
		}
	}
	if i != len(s) {
		return 0, false, false
	}
	// value = 0.D × 10^point seconds with D the significant digits, so in
	// milliseconds the integer part is D[:point+3].
	d := strings.TrimLeft(intPart+frac, "0")
	point := len(intPart) - (len(intPart+frac) - len(d)) + exp + 3
	if d == "" {
		return 0, true, true
	}
	var whole string
	rest := false
	switch {
	case point <= 0:
		rest = true
	case point >= len(d):
		if point > 18 {
			return 0, true, false
		}
		whole = d + strings.Repeat("0", point-len(d))
	default:
		whole = d[:point]
		rest = strings.Trim(d[point:], "0") != ""
	}
	if len(whole) > 18 {
		return 0, true, false
	}
	if whole != "" {
		ms, _ = strconv.ParseInt(whole, 10, 64)
	}
	if neg {
		ms = -ms
		if rest {
			ms-- // towards the past
		}
	}
	return ms, true, true
}

// validOffset reports whether an ISO timestamp's numeric offset, if it
// ends with one (±hh:mm), is a real one: time.Parse accepts +24:00 and
// +23:60 (as +24:00) and reads +00:60 as an hour.
func validOffset(s string) bool {
	if len(s) < 6 {
		return true
	}
	z := s[len(s)-6:]
	if z[0] != '+' && z[0] != '-' || z[3] != ':' {
		return true
	}
	return z[1:3] <= "23" && z[4:6] <= "59"
}
