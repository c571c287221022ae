package agentupdate_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/ecsstate/ecsstate/agentupdate"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

var acct = model.Account{Partition: "aws", Region: "us-west-2", AccountID: "012345678910"}

func instance(cluster, id, zone, agent string, running int32) model.ContainerInstance {
	return model.ContainerInstance{
		ContainerInstanceARN: acct.ContainerInstanceARN(cluster, id),
		Version:              7,
		VersionInfo:          &model.VersionInfo{AgentVersion: agent, AgentHash: "4023248", DockerVersion: "DockerVersion: 1.5.0"},
		Status:               model.ContainerInstanceStatusActive,
		AgentConnected:       true,
		RunningTasksCount:    running,
		Attributes: []model.Attribute{
			{Name: "ecs.availability-zone", Value: zone},
			{Name: "ecs.os-type", Value: "linux"},
		},
	}
}

// The request of the API reference's example: update the agent on container
// instance 53ac7152-… in cluster "update".
func ExampleUpdateContainerAgent() {
	state := agentupdate.NewSnapshot(agentupdate.ClusterState{
		Cluster:   model.Cluster{ClusterName: "update", Status: model.ClusterStatusActive},
		Instances: []model.ContainerInstance{instance("update", "53ac7152-dcd1-4102-81f5-208962864132", "us-west-2a", "1.0.0", 2)},
	})
	catalog := agentupdate.Catalog{Latest: "1.87.0"}
	now := time.Date(2015, 5, 28, 15, 27, 56, 0, time.UTC)

	req := model.UpdateContainerAgentRequest{Cluster: "update", ContainerInstance: "53ac7152-dcd1-4102-81f5-208962864132"}
	resp, err := agentupdate.UpdateContainerAgent(req, state, catalog, now)
	if err != nil {
		panic(err)
	}
	ci := resp.ContainerInstance
	fmt.Println(ci.AgentUpdateStatus, ci.Version, ci.VersionInfo.AgentVersion, ci.RunningTasksCount)

	// The same instance, once its update is in progress, refuses another.
	state = agentupdate.NewSnapshot(agentupdate.ClusterState{
		Cluster:   model.Cluster{ClusterName: "update", Status: model.ClusterStatusActive},
		Instances: []model.ContainerInstance{*ci},
	})
	_, err = agentupdate.UpdateContainerAgent(req, state, catalog, now)
	fmt.Println(errors.Is(err, ecserrors.ErrUpdateInProgress))
	fmt.Println(err)
	// Output:
	// PENDING 8 1.0.0 2
	// true
	// UpdateInProgressException: An agent update is already in progress on container instance 53ac7152-dcd1-4102-81f5-208962864132 (PENDING).
}

// An accepted update, driven through its lifecycle, with a network blip
// while it is staging.
func ExampleApply() {
	ci := instance("prod", "0123456789abcdef0123456789abcdef", "us-west-2a", "1.86.0", 4)
	ci.AgentUpdateStatus = model.AgentUpdateStatusPending
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for _, ev := range []agentupdate.Event{
		{Kind: agentupdate.StagingStarted},
		{Kind: agentupdate.AgentDisconnected},
		{Kind: agentupdate.Staged}, // refused: the agent is away
		{Kind: agentupdate.AgentConnected},
		{Kind: agentupdate.Staged},
		{Kind: agentupdate.UpdateStarted},
		{Kind: agentupdate.AgentReconnected, AgentVersion: "1.87.0"},
	} {
		now = now.Add(time.Minute)
		step, err := agentupdate.Apply(ci, ev, now)
		if err != nil {
			fmt.Println(ev.Kind, "refused")
			continue
		}
		ci = step.Instance
		fmt.Println(ev.Kind, step.From, "->", step.To, "version", ci.Version, "connected", ci.AgentConnected)
	}
	fmt.Println(ci.VersionInfo.AgentVersion, ci.RunningTasksCount)
	// Output:
	// StagingStarted PENDING -> STAGING version 8 connected true
	// AgentDisconnected STAGING -> STAGING version 9 connected false
	// Staged refused
	// AgentConnected STAGING -> STAGING version 10 connected true
	// Staged STAGING -> STAGED version 11 connected true
	// UpdateStarted STAGED -> UPDATING version 12 connected true
	// AgentReconnected UPDATING -> UPDATED version 13 connected true
	// 1.87.0 4
}

// The lifecycle table, as data.
func ExampleTransitions() {
	for _, t := range agentupdate.Transitions() {
		if t.From != t.To {
			from := string(t.From)
			if from == "" {
				from = "(none)"
			}
			fmt.Printf("%s --%s--> %s\n", from, t.On, t.To)
		}
	}
	// Output:
	// (none) --Requested--> PENDING
	// UPDATED --Requested--> PENDING
	// FAILED --Requested--> PENDING
	// PENDING --StagingStarted--> STAGING
	// STAGING --Staged--> STAGED
	// STAGED --UpdateStarted--> UPDATING
	// UPDATING --AgentReconnected--> UPDATED
	// PENDING --Failed--> FAILED
	// STAGING --Failed--> FAILED
	// STAGED --Failed--> FAILED
	// UPDATING --Failed--> FAILED
}

// Two updates at a time, one zone at a time, quietest instances first.
func ExamplePlanRollout() {
	fleet := []model.ContainerInstance{
		instance("prod", "00000000000000000000000000000001", "us-west-2a", "1.86.0", 9),
		instance("prod", "00000000000000000000000000000002", "us-west-2b", "1.86.0", 0),
		instance("prod", "00000000000000000000000000000003", "us-west-2a", "1.86.0", 3),
		instance("prod", "00000000000000000000000000000004", "us-west-2b", "1.86.0", 1),
		instance("prod", "00000000000000000000000000000005", "us-west-2b", "1.86.0", 5),
		instance("prod", "00000000000000000000000000000006", "us-west-2b", "1.87.0", 0),
	}
	fleet[4].Status = model.ContainerInstanceStatusDraining
	plan, err := agentupdate.PlanRollout(fleet, agentupdate.Catalog{Latest: "1.87.0"}, 2)
	if err != nil {
		panic(err)
	}
	short := func(arn string) string { return arn[len(arn)-4:] }
	fmt.Println("zone", plan.Zone)
	for _, arn := range plan.Next {
		fmt.Println("update", short(arn))
	}
	for _, h := range plan.Held {
		fmt.Println("hold", short(h.ContainerInstanceARN), h.Reason)
	}
	// Output:
	// zone us-west-2b
	// update 0002
	// update 0004
	// hold 0001 OTHER_ZONE_IN_PROGRESS
	// hold 0003 OTHER_ZONE_IN_PROGRESS
	// hold 0005 DRAINING
	// hold 0006 UP_TO_DATE
}
