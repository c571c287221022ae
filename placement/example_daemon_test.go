package placement_test

import (
	"fmt"

	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
)

// The daemon scheduler's view of three instances: one with room, one whose
// agent is disconnected (it keeps its task but gets no new one), and one
// DRAINING (not eligible at all).
func ExampleDaemon() {
	acct := model.Account{Partition: "aws", Region: "us-east-1", AccountID: "012345678910"}
	res := []model.Resource{model.IntegerResource(model.ResourceCPU, 1024), model.IntegerResource(model.ResourceMemory, 2048)}
	inst := func(i int, status model.ContainerInstanceStatus, connected bool) model.ContainerInstance {
		return model.ContainerInstance{ContainerInstanceARN: acct.ContainerInstanceARN("prod", fmt.Sprintf("%032x", i)),
			Status: status, AgentConnected: connected, RegisteredResources: res, RemainingResources: res}
	}
	td := &model.TaskDefinition{Family: "agent", ContainerDefinitions: []model.ContainerDefinition{{Name: "a", CPU: 128, Memory: model.Int32(128)}}}
	out, err := placement.Daemon([]model.ContainerInstance{
		inst(1, model.ContainerInstanceStatusActive, true),
		inst(2, model.ContainerInstanceStatusActive, false),
		inst(3, model.ContainerInstanceStatusDraining, true),
	}, nil, placement.Request{TaskDefinition: td, Group: "service:agent"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, d := range out {
		fmt.Println(i+1, d.Eligible, d.Fits, d.Reason != nil && d.Reason.Code == placement.ReasonAgent)
	}
	// Output:
	// 1 true true false
	// 2 true false true
	// 3 false false false
}
