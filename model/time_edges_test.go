package model_test

import (
	"encoding/json"
	"math/big"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
)

// TestTimeEdges: offsets must be real, sub-millisecond digits truncate the
// same way in every form, year 0001 is a present timestamp except for the
// zero instant itself, and only JSON numbers are epoch seconds.
func TestTimeEdges(t *testing.T) {
	ms := func(v int64) time.Time { return time.UnixMilli(v).UTC() }
	good := []struct {
		in   string
		want time.Time
	}{
		// Truncation, the same for an epoch number, an epoch string and ISO.
		{`1430333711.0339`, ms(1430333711033)},
		{`"1430333711.0339"`, ms(1430333711033)},
		{`"2015-04-29T18:55:11.0339Z"`, ms(1430333711033)},
		{`"2015-04-29T18:55:11.033999999Z"`, ms(1430333711033)},
		{`1430333711.0339999999999999999`, ms(1430333711033)},
		// Towards the past before 1970, as time.Time.UnixMilli does.
		{`-0.0001`, ms(-1)},
		{`"1969-12-31T23:59:59.9999Z"`, ms(-1)},
		{`-1.0005`, ms(-1001)},
		// Exponents, exact.
		{`1.4303337110339E9`, ms(1430333711033)},
		{`14303337110339e-4`, ms(1430333711033)},
		{`0e99999999`, ms(0)},
		{`1e-99999999`, ms(0)},
		{`-0`, ms(0)},
		// Extreme real offsets are fine.
		{`"2015-04-29T18:55:11+23:59"`, time.Date(2015, 4, 28, 18, 56, 11, 0, time.UTC)},
		{`"2015-04-29T18:55:11-23:59"`, time.Date(2015, 4, 30, 18, 54, 11, 0, time.UTC)},
		// Year 0001 after the zero instant, and the last millisecond of 9999.
		{`"0001-01-01T00:00:00.001Z"`, time.Date(1, 1, 1, 0, 0, 0, 1e6, time.UTC)},
		{`"0001-06-01T00:00:00Z"`, time.Date(1, 6, 1, 0, 0, 0, 0, time.UTC)},
		{`-62135596799.999`, time.Date(1, 1, 1, 0, 0, 0, 1e6, time.UTC)},
		{`253402300799.999`, time.Date(9999, 12, 31, 23, 59, 59, 999e6, time.UTC)},
	}
	for _, c := range good {
		var got model.Time
		if err := json.Unmarshal([]byte(c.in), &got); err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if !got.Equal(c.want) {
			t.Errorf("%s decoded to %v, want %v", c.in, got.Time, c.want)
		}
		if got.IsZero() {
			t.Errorf("%s decoded as absent", c.in)
		}
	}
	for _, bad := range []string{
		`"2015-04-29T18:55:11+24:00"`, `"2015-04-29T18:55:11+23:60"`, `"2015-04-29T18:55:11-24:00"`,
		`"2015-04-29T18:55:11+00:60"`, `"2015-04-29 18:55:11.5+24:00"`,
		`"0x1p-2"`, `"1_000"`, `"+5"`, `"Inf"`, `"infinity"`, `"NaN"`, `".5"`, `"5."`, `"05"`, `"1e"`, `"1e+"`, `"--1"`, `"0x10"`,
		`.5`, `+5`, `01`,
		`"0001-01-01T00:00:00Z"`, `-62135596800`, `-62135596800.0009`, `"0001-01-01T00:30:00+01:00"`,
		`253402300800`, `"10000-01-01T00:00:00Z"`, `1e19`, `99999999999999999999999`,
	} {
		var got model.Time
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("%s accepted as %v", bad, got.Time)
		}
	}
	// At truncates the same way decoding does.
	in := time.Date(2015, 4, 29, 18, 55, 11, 33999999, time.UTC)
	var dec model.Time
	b, _ := json.Marshal(in.Format(time.RFC3339Nano))
	if err := json.Unmarshal(b, &dec); err != nil || !dec.Equal(model.At(in).Time) {
		t.Errorf("decoded %v, At gives %v (%v)", dec.Time, model.At(in).Time, err)
	}
}

// TestEpochDecodingIsExact: any decimal epoch number decodes to
// floor(value × 1000) milliseconds, checked against exact rational
// arithmetic.
func TestEpochDecodingIsExact(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		sec := rapid.Int64Range(-62135596799, 253402300798).Draw(rt, "seconds")
		frac := rapid.StringMatching(`[0-9]{0,12}`).Draw(rt, "fraction")
		exp := rapid.IntRange(-3, 3).Draw(rt, "exponent shift")
		// Write sec.frac, then move the point by exp with a matching
		// exponent so that the value is unchanged.
		text := strconv.FormatInt(sec, 10)
		if frac != "" {
			text += "." + frac
		}
		r, _ := new(big.Rat).SetString(text)
		if exp != 0 {
			scaled := new(big.Rat).Mul(r, new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp)), nil)))
			if exp < 0 {
				scaled = new(big.Rat).Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-exp)), nil)))
			}
			text = scaled.FloatString(20) + "e" + strconv.Itoa(exp)
		}
		// Reference: floor(r × 1000).
		m := new(big.Rat).Mul(r, big.NewRat(1000, 1))
		q := new(big.Int).Div(m.Num(), m.Denom()) // Euclidean: floor for a positive denominator
		var got model.Time
		if err := json.Unmarshal([]byte(text), &got); err != nil {
			rt.Fatalf("%s: %v", text, err)
		}
		if got.UnixMilli() != q.Int64() {
			rt.Fatalf("%s decoded to %d ms, want %d", text, got.UnixMilli(), q.Int64())
		}
	})
}

// TestExpressionLimitCountsCharacters: the 2,000 limit of a memberOf
// expression is in characters (as the query parser counts), not bytes: 2,000
// two-byte characters pass, 2,001 do not.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PlacementConstraint.html
func TestExpressionLimitCountsCharacters(t *testing.T) {
	expr := func(n int) string {
		pre := "attribute:a == '"
		return pre + strings.Repeat("é", n-len(pre)-1) + "'"
	}
	for n, ok := range map[int]bool{model.MaxExpressionLength: true, model.MaxExpressionLength + 1: false} {
		err := model.ValidatePlacementConstraints("placementConstraints", []model.PlacementConstraint{{Type: model.PlacementConstraintTypeMemberOf, Expression: expr(n)}}, 0)
		if (err == nil) != ok {
			t.Errorf("%d characters (%d bytes): %v, want ok=%v", n, len(expr(n)), err, ok)
		}
	}
}
