package deployment

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

func typedOrNil(t *testing.T, err error) {
	t.Helper()
	var e *ecserrors.Error
	if err != nil && !errors.As(err, &e) {
		t.Fatalf("untyped error %v", err)
	}
}

// FuzzShift runs arbitrary strategy configurations (as JSON) and inputs
// through StartShift and Shift: no panic, weights summing to 100, and a
// refusal is a typed ECS error.
func FuzzShift(f *testing.F) {
	f.Add([]byte(`{"strategy":"LINEAR","linearConfiguration":{"stepPercent":3.0,"stepBakeTimeInMinutes":0},"bakeTimeInMinutes":0}`), int32(3), int32(3), int32(3), uint16(60), true)
	f.Add([]byte(`{"strategy":"CANARY","lifecycleHooks":[{"targetType":"PAUSE","lifecycleStages":["PRE_SCALE_UP"],"timeoutConfiguration":{"timeoutInMinutes":1}}]}`), int32(2), int32(1), int32(2), uint16(61), false)
	f.Add([]byte(`{"strategy":"BLUE_GREEN","alarms":{"enable":true,"rollback":true,"alarmNames":["a"]}}`), int32(0), int32(0), int32(0), uint16(0), true)
	f.Fuzz(func(t *testing.T, dcb []byte, desired, healthy, tasks int32, seconds uint16, alarm bool) {
		var dc model.DeploymentConfiguration
		if json.Unmarshal(dcb, &dc) != nil {
			return
		}
		if p, _ := dc.LinearConfiguration.Resolved(); p < model.MinStepPercent || p > 100 {
			return // validation refuses these; TrafficSteps assumes a valid configuration
		}
		if p, _ := dc.CanaryConfiguration.Resolved(); p < model.MinCanaryPercent || p > 100 {
			return
		}
		s, err := StartShift(&dc, desired, alarm, t0)
		typedOrNil(t, err)
		if err != nil {
			return
		}
		now := t0
		for i := range 50 {
			now = now.Add(time.Duration(seconds) * time.Second)
			in := ShiftInput{GreenHealthy: healthy, GreenTasks: tasks, BlueTasks: tasks - int32(i), AlarmInAlarm: alarm && i == 40}
			s = Shift(&dc, s, in, now)
			if s.ProductionBlue+s.ProductionGreen != 100 || s.TestBlue+s.TestGreen != 100 {
				t.Fatalf("weights %+v", s)
			}
		}
	})
}

// FuzzServiceDeploymentOps feeds arbitrary requests (as JSON) to the
// service deployment operations: no panic, typed errors only, and the
// deployment given is never modified.
func FuzzServiceDeploymentOps(f *testing.F) {
	f.Add([]byte(`{"serviceDeploymentArn":"a","status":"IN_PROGRESS","lifecycleHookDetails":[{"hookId":"h","status":"AWAITING_ACTION"}]}`), []byte(`{"serviceDeploymentArn":"a","hookId":"h","action":"ROLLBACK"}`), []byte(`{"stopType":"ABORT"}`), []byte(`{"service":"s","maxResults":1,"nextToken":"1"}`))
	f.Add([]byte(`{"status":"SUCCESSFUL"}`), []byte(`{"action":"WAIT"}`), []byte(`{"stopType":"X"}`), []byte(`{"maxResults":0,"nextToken":"-3"}`))
	f.Fuzz(func(t *testing.T, sdb, contb, stopb, listb []byte) {
		var sd model.ServiceDeployment
		var cont model.ContinueServiceDeploymentRequest
		var stop model.StopServiceDeploymentRequest
		var list model.ListServiceDeploymentsRequest
		if json.Unmarshal(sdb, &sd) != nil || json.Unmarshal(contb, &cont) != nil || json.Unmarshal(stopb, &stop) != nil || json.Unmarshal(listb, &list) != nil {
			return
		}
		before, _ := json.Marshal(sd)
		_, _, err := ContinueServiceDeployment(&sd, cont.HookID, cont.Action, t0)
		typedOrNil(t, err)
		_, err = StopServiceDeployment(&sd, stop.StopType, t0)
		typedOrNil(t, err)
		all := []model.ServiceDeployment{sd, sd}
		_, err = ListServiceDeployments(all, list.Service, list.Status, list.MaxResults, list.NextToken)
		typedOrNil(t, err)
		_, err = DescribeServiceDeployments(all, []string{sd.ServiceDeploymentARN, cont.ServiceDeploymentARN})
		typedOrNil(t, err)
		if after, _ := json.Marshal(sd); string(after) != string(before) {
			t.Fatalf("input modified:\n%s\n%s", before, after)
		}
	})
}
