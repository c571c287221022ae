package service_test

import (
	"errors"
	"testing"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// TestNilArguments: the exported functions taking pointers give a typed
// error or a documented zero result for nil.
func TestNilArguments(t *testing.T) {
	insts, tasks, err := service.ApplyStep(nil, nil, nil, nil, time.Unix(0, 0))
	if !errors.Is(err, ecserrors.ErrInvalidParameter) || insts != nil || tasks != nil {
		t.Errorf("ApplyStep(nil step) = %v, %v, %v; want InvalidParameterException", insts, tasks, err)
	}
	if got := service.Present(nil); got != nil {
		t.Errorf("Present(nil) = %v, want nil", got)
	}
	var none *service.Step
	if none.Changed(&model.Service{}) || none.Changed(nil) {
		t.Error("a nil step reports a change")
	}
	// Against the zero Service: an empty step changes nothing, a step with
	// a deployment or a count does.
	cases := []struct {
		name string
		step service.Step
		want bool
	}{
		{"empty", service.Step{}, false},
		{"running count", service.Step{Service: model.Service{RunningCount: 1}}, true},
		{"a deployment", service.Step{Service: model.Service{Deployments: []model.Deployment{{ID: "ecs-svc/1"}}}}, true},
		{"a start", service.Step{Start: []model.Task{{}}}, true},
	}
	for _, c := range cases {
		if got := c.step.Changed(nil); got != c.want {
			t.Errorf("%s: Changed(nil) = %v, want %v", c.name, got, c.want)
		}
		if got, want := c.step.Changed(nil), c.step.Changed(&model.Service{}); got != want {
			t.Errorf("%s: Changed(nil) = %v but Changed(&Service{}) = %v", c.name, got, want)
		}
	}
}
