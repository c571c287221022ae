package deployment

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// FuzzInputFor feeds InputFor a service and tasks decoded from arbitrary
// JSON (and nil for either). It never panics, fails only with an
// InvalidParameterException, and a success counts every task that is not
// Gone under exactly one deployment.
func FuzzInputFor(f *testing.F) {
	f.Add([]byte(`{"deployments":[{"id":"p","status":"PRIMARY"}]}`), []byte(`[{"taskArn":"t","lastStatus":"RUNNING","desiredStatus":"RUNNING","startedBy":"p"}]`), false)
	f.Add([]byte(`{"desiredCount":-1}`), []byte(`[]`), true)
	f.Add([]byte(`null`), []byte(`null`), false)
	f.Add([]byte(`{"deployments":[{"id":"p","status":"PRIMARY"},{"id":"o","status":"INACTIVE"}]}`), []byte(`[{"lastStatus":"STOPPING","startedBy":"o"},{"lastStatus":"PENDING","startedBy":"o"}]`), true)
	f.Fuzz(func(t *testing.T, svcJSON, tasksJSON []byte, checks bool) {
		var svc *model.Service
		var tasks []model.Task
		if json.Unmarshal(svcJSON, &svc) != nil || json.Unmarshal(tasksJSON, &tasks) != nil {
			return
		}
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		in, err := InputFor(svc, tasks, HealthRules{ContainerChecks: checks}, func(string) TargetHealth { return TargetUnknown }, now)
		if err != nil {
			var e *ecserrors.Error
			if !errors.As(err, &e) || e.Code() != ecserrors.CodeInvalidParameter {
				t.Fatalf("error %v is not an InvalidParameterException", err)
			}
			return
		}
		var counted, live int32
		for _, d := range in.Deployments {
			counted += d.Tasks.Pending + d.Tasks.Settling + d.Tasks.Healthy + d.Tasks.Unhealthy + d.Tasks.Stopping
		}
		for i := range tasks {
			if Classify(&tasks[i], HealthRules{ContainerChecks: checks}, TargetUnknown, now) != Gone {
				live++
			}
		}
		if counted != live {
			t.Fatalf("counted %d tasks under deployments, %d are not Gone", counted, live)
		}
	})
}
