package ecsstate

import (
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/placement"
)

// daemonCount is the desired count of a DAEMON service on the cluster as
// it stands: the ACTIVE instances with a connected agent that meet the
// task definition's required attributes and the memberOf constraints
// (placement.Cluster.Daemon), the number the service scheduler keeps it
// at. CreateService reports it at once, so that a ServicesStable waiter
// does not take a new daemon service at 0 of 0 for a stable one before
// the scheduler's first run. An invalid constraint counts no instance; the
// request's validation reports it.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html
func daemonCount(cs *clusterState, td *model.TaskDefinition, name string, constraints []model.PlacementConstraint) int32 {
	out, err := placement.Daemon(cs.instances, cs.tasks, placement.Request{TaskDefinition: td, Group: "service:" + name, Constraints: constraints})
	if err != nil {
		return 0
	}
	n := int32(0)
	for _, d := range out {
		if ci := cs.instance(d.ContainerInstanceARN); d.Eligible && ci != nil && ci.AgentConnected {
			n++
		}
	}
	return n
}
