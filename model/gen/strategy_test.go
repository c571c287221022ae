package gen_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
)

// Drawn strategy configurations and load balancers pass every validation
// an UpdateService and a CreateService apply, and survive a JSON round trip.
func TestStrategyConfigurationIsValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		dc := gen.StrategyConfiguration().Draw(t, "dc")
		lbs := gen.StrategyLoadBalancers().Draw(t, "lbs")
		req := model.UpdateServiceRequest{Service: "web", DeploymentConfiguration: &dc, LoadBalancers: lbs}
		if err := req.Validate(); err != nil {
			t.Fatalf("drawn configuration refused: %v", err)
		}
		if err := model.ValidateStrategyRequirements("deploymentConfiguration", &dc, lbs, false); err != nil {
			t.Fatalf("drawn configuration refused: %v", err)
		}
		b, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		var back model.UpdateServiceRequest
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(req, back); d != "" {
			t.Fatalf("round trip (-drawn +decoded):\n%s", d)
		}
	})
}
