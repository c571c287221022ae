package placement

import (
	"slices"
	"time"

	"github.com/ecsstate/ecsstate/placement/query"
)

// matcher is a compiled memberOf expression. It is the seam between
// placement and the cluster query language of package placement/query.
type matcher interface {
	match(v *instanceView) bool
}

type queryMatcher struct{ e query.Expr }

func (m queryMatcher) match(v *instanceView) bool { return m.e.Eval(v) }

// compileMemberOf parses a memberOf expression with the cluster query
// language; a bad expression is an InvalidParameterException saying where.
func compileMemberOf(expr string) (matcher, error) {
	e, err := query.Parse(expr)
	if err != nil {
		return nil, err
	}
	return queryMatcher{e}, nil
}

// instanceView is the query language's view of one container instance in
// the middle of a Place call: its registered fields plus the tasks placed on
// it so far. Tasks placed by the call count as running (their desired
// status is RUNNING, which is what runningTasksCount counts, see
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerInstance.html)
// and belong to the request's group.
type instanceView struct {
	in     *instance
	placed int32  // tasks this call has placed on the instance
	group  string // the request's group
}

var _ query.Instance = (*instanceView)(nil)

func (v *instanceView) AgentConnected() bool { return v.in.ci.AgentConnected }

func (v *instanceView) AgentVersion() string {
	if vi := v.in.ci.VersionInfo; vi != nil {
		return vi.AgentVersion
	}
	return ""
}

func (v *instanceView) Attribute(name string) (string, bool) { return v.in.ci.Attribute(name) }

func (v *instanceView) EC2InstanceID() string { return v.in.ci.EC2InstanceID }

func (v *instanceView) RegisteredAt() time.Time { return v.in.ci.RegisteredAt.Time }

func (v *instanceView) RunningTasksCount() int {
	return int(v.in.ci.RunningTasksCount) + int(v.placed)
}

func (v *instanceView) HasTaskGroup(group string) bool {
	return v.placed > 0 && group == v.group || slices.Contains(v.in.groups, group)
}

func (v *instanceView) TaskGroups() []string {
	if v.placed > 0 {
		return append(slices.Clip(v.in.groups), v.group)
	}
	return v.in.groups
}
