package service_test

import (
	"fmt"
	"time"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// A rolling deployment watched by two CloudWatch alarms bakes for the
// longest alarm window after steady state; bakeTimeInMinutes wins when it
// is longer.
func ExampleBakeTime() {
	dc := &model.DeploymentConfiguration{
		Alarms: &model.DeploymentAlarms{AlarmNames: []string{"5xx", "latency"}, Enable: true, Rollback: true},
	}
	alarms := []service.Alarm{
		{Name: "5xx", State: service.AlarmStateOK, Period: time.Minute, EvaluationPeriods: 3},
		{Name: "latency", State: service.AlarmStateOK}, // window unknown: one minute
	}
	fmt.Println(service.BakeTime(dc, alarms))
	dc.BakeTimeInMinutes = model.Int32(10)
	fmt.Println(service.BakeTime(dc, alarms))
	// Output:
	// 3m0s
	// 10m0s
}

// Only an alarm that enters ALARM after the deployment started fails it.
func ExampleFiredAlarms() {
	start := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	dc := &model.DeploymentConfiguration{
		Alarms: &model.DeploymentAlarms{AlarmNames: []string{"5xx", "latency"}, Enable: true},
	}
	alarms := []service.Alarm{
		{Name: "5xx", State: service.AlarmStateAlarm, StateUpdatedAt: start.Add(-time.Hour)}, // already firing
		{Name: "latency", State: service.AlarmStateAlarm, StateUpdatedAt: start.Add(2 * time.Minute)},
	}
	fmt.Println(service.FiredAlarms(dc, alarms, start))
	// Output:
	// [latency]
}
