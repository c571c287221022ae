package deployment

import (
	"errors"
	"testing"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
)

// TestNilArguments: a nil task is Gone (nothing to count); a nil service is
// an InvalidParameterException, not a panic.
func TestNilArguments(t *testing.T) {
	now := time.Unix(0, 0)
	for _, r := range []HealthRules{{}, {ContainerChecks: true, LoadBalanced: true}} {
		if got := Classify(nil, r, TargetHealthy, now); got != Gone {
			t.Errorf("Classify(nil, %+v) = %v, want Gone", r, got)
		}
	}
	if _, err := InputFor(nil, nil, HealthRules{}, nil, now); !errors.Is(err, ecserrors.ErrInvalidParameter) {
		t.Errorf("InputFor(nil service): %v, want InvalidParameterException", err)
	}
}
