package service_test

import (
	"strings"
	"testing"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// Reconcile refuses to run BLUE_GREEN, LINEAR and CANARY as a rolling
// update: an UnsupportedFeatureException naming the strategy, and nothing
// started or stopped. ROLLING and an absent strategy run as before.
func TestReconcileRefusesUnmodelledStrategies(t *testing.T) {
	for _, s := range []model.DeploymentStrategy{model.DeploymentStrategyBlueGreen, model.DeploymentStrategyLinear, model.DeploymentStrategyCanary} {
		w := newWorld(threeZones(1, 2048, 4096), 100, 200)
		w.svc.DesiredCount = 2
		w.svc.DeploymentConfiguration.Strategy = s
		st, err := service.Reconcile(w.input(), w.now)
		if ecserrors.CodeOf(err) != ecserrors.CodeUnsupportedFeature || !strings.Contains(err.Error(), string(s)) {
			t.Errorf("%s: err %v, want UnsupportedFeatureException naming it", s, err)
		}
		if len(st.Start) != 0 || len(st.Stop) != 0 {
			t.Errorf("%s: step %+v", s, st)
		}
	}
	for _, s := range []model.DeploymentStrategy{"", model.DeploymentStrategyRolling} {
		w := newWorld(threeZones(1, 2048, 4096), 100, 200)
		w.svc.DesiredCount = 2
		w.svc.DeploymentConfiguration.Strategy = s
		if st, err := service.Reconcile(w.input(), w.now); err != nil || len(st.Start) != 2 {
			t.Errorf("%q: %v, started %d", s, err, len(st.Start))
		}
	}
}
