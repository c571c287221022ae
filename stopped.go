package ecsstate

import (
	"math"
	"slices"
	"time"

	"github.com/ecsstate/ecsstate/model"
)

// stoppedTask is a STOPPED task the scheduler no longer sees, kept so that
// DescribeTasks and ListTasks show it for an hour, as ECS does
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html).
// A rolling deployment of N tasks stops N tasks within minutes, so the
// world keeps them compact: what differs from task to task (ARN, instance,
// zone, reason, times, version) is stored here, and everything else, which
// the tasks of one service and revision share, in a shape interned per
// cluster. A task the compact form cannot hold exactly (one with
// containers, attachments, attributes, tags or raw JSON members, or a time
// that is not a UTC instant in milliseconds, as [model.At] makes them) is
// kept whole in full. [stoppedTask.task] gives back a task deep-equal to
// the one stored.
type stoppedTask struct {
	shape *taskShape
	full  *model.Task

	arn, instance, az, reason string
	// times are the task's timestamps in Unix milliseconds, noTime for
	// a zero one; in the order of stoppedTimes.
	times   [8]int64
	version int64
}

// taskShape is every member of [model.Task] that is neither per task nor
// a reference (slice, raw JSON): comparable, so that it can be interned.
type taskShape struct {
	clusterARN, taskDefinitionARN, group, startedBy string
	capacityProviderName, cpu, memory               string
	platformVersion, platformFamily                 string
	launchType                                      model.LaunchType
	connectivity                                    model.Connectivity
	desiredStatus                                   model.DesiredStatus
	lastStatus                                      model.TaskStatus
	healthStatus                                    model.HealthStatus
	stopCode                                        model.TaskStopCode
	enableExecuteCommand                            bool
}

const noTime = math.MinInt64

// stoppedAtTime is the position of StoppedAt in stoppedTimes.
const stoppedAtTime = 6

// stoppedTimes lists a task's timestamps in the order stoppedTask.times
// keeps them.
func stoppedTimes(t *model.Task) [8]*model.Time {
	return [8]*model.Time{&t.CreatedAt, &t.PullStartedAt, &t.PullStoppedAt, &t.StartedAt,
		&t.StoppingAt, &t.ExecutionStoppedAt, &t.StoppedAt, &t.ConnectivityAt}
}

// compactTime is t in Unix milliseconds, or false when that would not give
// back the same value (another location, sub-millisecond precision, a
// monotonic reading, out of range).
func compactTime(t model.Time) (int64, bool) {
	if t.IsZero() {
		return noTime, t.Time == time.Time{}
	}
	ms := t.UnixMilli()
	return ms, ms != noTime && time.UnixMilli(ms).UTC() == t.Time
}

func expandTime(ms int64) model.Time {
	if ms == noTime {
		return model.Time{}
	}
	return model.Time{Time: time.UnixMilli(ms).UTC()}
}

// compactStopped returns t as the cluster keeps it once stopped; shapes
// interns the shapes (it is the cluster's).
func compactStopped(t *model.Task, shapes map[taskShape]*taskShape) stoppedTask {
	if t.Attachments != nil || t.Attributes != nil || t.Containers != nil || t.Tags != nil ||
		t.InferenceAccelerators != nil || t.Overrides != nil || t.EphemeralStorage != nil || t.FargateEphemeralStorage != nil {
		return wholeStopped(t)
	}
	st := stoppedTask{arn: t.TaskARN, instance: t.ContainerInstanceARN, az: t.AvailabilityZone, reason: t.StoppedReason, version: t.Version}
	for i, p := range stoppedTimes(t) {
		ms, ok := compactTime(*p)
		if !ok {
			return wholeStopped(t)
		}
		st.times[i] = ms
	}
	k := taskShape{clusterARN: t.ClusterARN, taskDefinitionARN: t.TaskDefinitionARN, group: t.Group, startedBy: t.StartedBy,
		capacityProviderName: t.CapacityProviderName, cpu: t.CPU, memory: t.Memory,
		platformVersion: t.PlatformVersion, platformFamily: t.PlatformFamily, launchType: t.LaunchType,
		connectivity: t.Connectivity, desiredStatus: t.DesiredStatus, lastStatus: t.LastStatus,
		healthStatus: t.HealthStatus, stopCode: t.StopCode, enableExecuteCommand: t.EnableExecuteCommand}
	s, ok := shapes[k]
	if !ok {
		s = new(taskShape) // not &k, which would put every k on the heap
		*s = k
		shapes[k] = s
	}
	st.shape = s
	return st
}

func wholeStopped(t *model.Task) stoppedTask {
	c := t.Clone()
	return stoppedTask{full: &c}
}

// task returns the stored task, whole and the caller's.
func (st *stoppedTask) task() model.Task {
	if st.full != nil {
		return st.full.Clone()
	}
	s := st.shape
	t := model.Task{
		TaskARN: st.arn, ContainerInstanceARN: st.instance, AvailabilityZone: st.az, StoppedReason: st.reason, Version: st.version,
		ClusterARN: s.clusterARN, TaskDefinitionARN: s.taskDefinitionARN, Group: s.group, StartedBy: s.startedBy,
		CapacityProviderName: s.capacityProviderName, CPU: s.cpu, Memory: s.memory,
		PlatformVersion: s.platformVersion, PlatformFamily: s.platformFamily, LaunchType: s.launchType,
		Connectivity: s.connectivity, DesiredStatus: s.desiredStatus, LastStatus: s.lastStatus,
		HealthStatus: s.healthStatus, StopCode: s.stopCode, EnableExecuteCommand: s.enableExecuteCommand,
	}
	for i, p := range stoppedTimes(&t) {
		*p = expandTime(st.times[i])
	}
	return t
}

func (st *stoppedTask) taskARN() string {
	if st.full != nil {
		return st.full.TaskARN
	}
	return st.arn
}

func (st *stoppedTask) stoppedAt() time.Time {
	if st.full != nil {
		return st.full.StoppedAt.Time
	}
	return expandTime(st.times[stoppedAtTime]).Time
}

// addStopped keeps t among the cluster's stopped tasks.
func (cs *clusterState) addStopped(t *model.Task) {
	if cs.shapes == nil {
		cs.shapes = map[taskShape]*taskShape{}
	}
	if len(cs.stopped) == cap(cs.stopped) {
		// Doubling: append grows a long slice by a quarter, and a big
		// deployment archives its old tasks by the tens of thousands,
		// copying the archive again at every growth.
		cs.stopped = slices.Grow(cs.stopped, max(len(cs.stopped), 8))
	}
	cs.stopped = append(cs.stopped, compactStopped(t, cs.shapes))
}
