package model_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/ecsstate/ecsstate/model"
)

func TestTimeWireForms(t *testing.T) {
	want := time.Date(2015, 4, 29, 18, 55, 11, 33e6, time.UTC)
	for _, in := range []string{
		`1430333711.033`,
		`1.430333711033E9`, // Java-style, as some ECS responses print it
		`"1430333711.033"`,
		`"2015-04-29T18:55:11.033Z"`,
		`"2015-04-29T11:55:11.033000-07:00"`, // aws ecs describe-* output
		`"2015-04-29 18:55:11.033+00:00"`,
		`"2015-04-29T18:55:11.033"`,
	} {
		var got model.Time
		if err := json.Unmarshal([]byte(in), &got); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("%s decoded to %v, want %v", in, got, want)
		}
	}
	for in, want := range map[model.Time]string{
		model.At(want):                             `1430333711.033`,
		model.At(time.Unix(1430333711, 0)):         `1430333711`,
		model.At(time.Unix(1430333711, 500000000)): `1430333711.5`,
		model.At(time.UnixMilli(-1)):               `-0.001`,
	} {
		b, err := json.Marshal(in)
		if err != nil || string(b) != want {
			t.Errorf("Marshal(%v) = %s %v, want %s", in, b, err, want)
		}
	}
	for _, bad := range []string{`"yesterday"`, `true`, `{}`, `1e300`, `"NaN"`, `-1e20`} {
		var got model.Time
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("%s accepted as %v", bad, got)
		}
	}
}

func TestZeroTimeIsOmitted(t *testing.T) {
	b, _ := json.Marshal(model.Deployment{ID: "ecs-svc/1"})
	var m map[string]any
	json.Unmarshal(b, &m)
	if _, ok := m["createdAt"]; ok {
		t.Errorf("zero createdAt encoded: %s", b)
	}
	b, _ = json.Marshal(model.Deployment{ID: "ecs-svc/1", CreatedAt: model.At(time.Unix(0, 0))})
	json.Unmarshal(b, &m)
	if m["createdAt"] != 0.0 {
		t.Errorf("the epoch itself must be kept: %s", b)
	}
}
