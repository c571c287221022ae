package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Time is a timestamp as the ECS API carries it. It encodes as epoch seconds
// with a millisecond fraction (a JSON number, the AWS JSON 1.1 form, e.g.
// 1430333711.033) and decodes from such a number or from an ISO-8601 string
// as `aws ecs describe-*` prints it ("2015-04-29T12:01:51.033000-07:00").
//
// ECS keeps milliseconds, so decoding rounds to the millisecond and the
// decoded value is in UTC. The zero Time means "absent" and is omitted.
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
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return t.setEpoch(f)
		}
		for _, layout := range isoLayouts {
			if p, err := time.Parse(layout, s); err == nil {
				return t.setEpoch(float64(p.UnixMilli()) / 1000)
			}
		}
		return fmt.Errorf("model.Time: %q is neither epoch seconds nor an ISO-8601 timestamp", s)
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("model.Time: %s is not a timestamp", b)
	}
	return t.setEpoch(f)
}

// Timestamps are bounded to the years 0001 through 9999, so that every
// millisecond is exact in a float64 and survives an encode/decode round trip.
const (
	minEpochSeconds = -62135596800
	maxEpochSeconds = 253402300799
)

func (t *Time) setEpoch(f float64) error {
	if math.IsNaN(f) || f < minEpochSeconds || f > maxEpochSeconds {
		return fmt.Errorf("model.Time: %v is out of range", f)
	}
	*t = Time{time.UnixMilli(int64(math.Round(f * 1000))).UTC()}
	return nil
}
