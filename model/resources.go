package model

import (
	"math"
	"slices"
	"strconv"

	ecserrors "github.com/ecsstate/ecsstate/errors"
)

// Names of the resources a container instance registers, see
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerInstance.html
// and of the attributes ECS sets on every instance it registers, see
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-constraints.html#attributes
const (
	ResourceCPU      = "CPU"       // INTEGER, CPU units (1024 per vCPU)
	ResourceMemory   = "MEMORY"    // INTEGER, MiB
	ResourcePorts    = "PORTS"     // STRINGSET, reserved TCP host ports
	ResourcePortsUDP = "PORTS_UDP" // STRINGSET, reserved UDP host ports

	// AttributeAvailabilityZone is the attribute the agent sets to the
	// instance's Availability Zone.
	AttributeAvailabilityZone = "ecs.availability-zone"
	// AttributeOSType is "linux" or "windows".
	AttributeOSType = "ecs.os-type"
	// AttributeOSFamily is LINUX or WINDOWS_SERVER_<release>_<FULL|CORE>.
	AttributeOSFamily = "ecs.os-family"
	// AttributeCPUArchitecture is x86_64 or arm64.
	AttributeCPUArchitecture = "ecs.cpu-architecture"
	// AttributeExternal marks an ECS Anywhere (external) instance.
	AttributeExternal = "ecs.capability.external"

	// MaxReservedPorts is how many host ports one container instance can
	// have reserved; ECS refuses more ("Too many ports registered").
	MaxReservedPorts = 100
)

// Attribute returns the value of the named attribute and whether the
// instance has it.
func (ci *ContainerInstance) Attribute(name string) (string, bool) {
	for _, a := range ci.Attributes {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

// AvailabilityZone returns the instance's Availability Zone, from the
// ecs.availability-zone attribute ("" when absent).
func (ci *ContainerInstance) AvailabilityZone() string {
	az, _ := ci.Attribute(AttributeAvailabilityZone)
	return az
}

// Capacity is a numeric view of a container instance's registered or
// remaining resources. Ports are sorted and unique.
type Capacity struct {
	CPU, Memory        int64
	TCPPorts, UDPPorts []int32
}

// Remaining returns what the instance has left for new tasks.
func (ci *ContainerInstance) Remaining() Capacity { return capacityOf(ci.RemainingResources) }

// Registered returns what the instance registered with.
func (ci *ContainerInstance) Registered() Capacity { return capacityOf(ci.RegisteredResources) }

func capacityOf(rs []Resource) Capacity {
	var c Capacity
	for i := range rs {
		r := &rs[i]
		switch r.Name {
		case ResourceCPU:
			c.CPU = r.amount()
		case ResourceMemory:
			c.Memory = r.amount()
		case ResourcePorts:
			c.TCPPorts = portSet(r.StringSetValue)
		case ResourcePortsUDP:
			c.UDPPorts = portSet(r.StringSetValue)
		}
	}
	return c
}

func (r *Resource) amount() int64 {
	switch r.Type {
	case ResourceTypeLong:
		return r.LongValue
	case ResourceTypeDouble:
		// Converting NaN or a value out of int64's range is
		// implementation-defined in Go; clamp instead.
		switch d := r.DoubleValue; {
		case d != d:
			return 0
		case d >= 1<<63:
			return math.MaxInt64
		case d <= -1<<63:
			return math.MinInt64
		default:
			return int64(d)
		}
	}
	return int64(r.IntegerValue)
}

// addSat adds two amounts, saturating at the ends of int64 instead of
// wrapping (a LONG resource can be registered at MaxInt64).
func addSat(a, b int64) int64 {
	if s := a + b; (s > a) == (b > 0) {
		return s
	}
	if b > 0 {
		return math.MaxInt64
	}
	return math.MinInt64
}

func portSet(ss []string) []int32 {
	ps := make([]int32, 0, len(ss))
	for _, s := range ss {
		if n, err := strconv.Atoi(s); err == nil && n >= 0 && n <= 65535 {
			ps = append(ps, int32(n))
		}
	}
	slices.Sort(ps)
	return slices.Compact(ps)
}

// TaskResources is what one task takes from the instance it runs on.
type TaskResources struct {
	CPU, Memory int64
	// Static host ports, sorted and unique; dynamic ports (host port 0 or
	// absent in bridge mode) are not listed because they never conflict.
	TCPPorts, UDPPorts []int32
}

// ResourcesOf computes what a task of the definition reserves on an EC2
// container instance: the task-level cpu and memory when set, otherwise the
// sum over containers (memory, or memoryReservation where memory is unset);
// and the static host ports. A nil definition reserves nothing (the zero
// TaskResources). Negative amounts, which [TaskDefinition.Validate]
// refuses, count as 0 here, so that no definition, valid or not, can give
// an instance capacity by reserving a negative amount; the same holds for
// a task-level cpu or memory that is not a non-negative integer, which
// falls back to the containers' sum. In host mode a mapping's host port defaults
// to its container port; in bridge mode 0 or absent is dynamic; awsvpc
// tasks use their own network interface and reserve no host ports.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html
func ResourcesOf(td *TaskDefinition) TaskResources {
	var r TaskResources
	if td == nil {
		return r
	}
	var sumCPU, sumMem int64 // at most 2^31 per container: no overflow
	for _, c := range td.ContainerDefinitions {
		sumCPU += max(int64(c.CPU), 0)
		switch {
		case c.Memory != nil:
			sumMem += max(int64(*c.Memory), 0)
		case c.MemoryReservation != nil:
			sumMem += max(int64(*c.MemoryReservation), 0)
		}
		if td.NetworkMode == NetworkModeAwsvpc || td.NetworkMode == NetworkModeNone {
			continue
		}
		for _, p := range c.PortMappings {
			host := int32(0)
			if p.HostPort != nil {
				host = *p.HostPort
			}
			if host == 0 && td.NetworkMode == NetworkModeHost && p.ContainerPort != nil {
				host = *p.ContainerPort
			}
			if host <= 0 {
				continue
			}
			if p.Protocol == TransportProtocolUDP {
				r.UDPPorts = append(r.UDPPorts, host)
			} else {
				r.TCPPorts = append(r.TCPPorts, host)
			}
		}
	}
	r.CPU, r.Memory = parseUnits(td.CPU, sumCPU), parseUnits(td.Memory, sumMem)
	slices.Sort(r.TCPPorts)
	slices.Sort(r.UDPPorts)
	r.TCPPorts, r.UDPPorts = slices.Compact(r.TCPPorts), slices.Compact(r.UDPPorts)
	return r
}

// CheckedResourcesOf is [ResourcesOf] for entry points that take a task
// definition from the caller and reserve what it asks for: it refuses,
// with an InvalidParameterException, a nil definition and the amounts
// ResourcesOf would have to read as 0 or fall back from (a negative
// container cpu, memory or memoryReservation, a task-level cpu or memory
// that is not a non-negative whole number), the same rules
// [TaskDefinition.Validate] applies, so that what is reserved is what the
// definition says.
func CheckedResourcesOf(td *TaskDefinition) (TaskResources, error) {
	if td == nil {
		return TaskResources{}, invalid("taskDefinition: is required.")
	}
	if err := firstErr(checkUnits("taskDefinition.cpu", td.CPU), checkUnits("taskDefinition.memory", td.Memory)); err != nil {
		return TaskResources{}, err
	}
	for i, c := range td.ContainerDefinitions {
		if c.CPU < 0 || c.Memory != nil && *c.Memory < 0 || c.MemoryReservation != nil && *c.MemoryReservation < 0 {
			return TaskResources{}, invalid("taskDefinition.containerDefinitions[%d]: cpu, memory and memoryReservation must not be negative.", i)
		}
	}
	return ResourcesOf(td), nil
}

func parseUnits(s string, fallback int64) int64 {
	if s == "" { // the usual case on EC2; ParseInt would allocate its error
		return fallback
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n >= 0 {
		return n
	}
	return fallback
}

// Fits reports whether the capacity holds the task: enough CPU and memory
// and none of its static host ports taken. When it does not, the returned
// reason names the first shortfall, in ECS's order: CPU, memory, ports.
func (c Capacity) Fits(t TaskResources) (ok bool, shortfall string) {
	switch {
	case t.CPU > c.CPU:
		return false, "CPU"
	case t.Memory > c.Memory:
		return false, "memory"
	case intersects(c.TCPPorts, t.TCPPorts) || intersects(c.UDPPorts, t.UDPPorts):
		return false, "ports"
	case len(c.TCPPorts)+len(c.UDPPorts)+len(t.TCPPorts)+len(t.UDPPorts) > MaxReservedPorts:
		return false, "ports"
	}
	return true, ""
}

func intersects(a, b []int32) bool {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			return true
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return false
}

// Validate checks what [ReserveTask] and [ReleaseTask] rely on: CPU and
// memory not negative (a negative reservation would add capacity) and host
// ports between 1 and 65535, sorted and unique as [ResourcesOf] gives them.
// A failure is an InvalidParameterException.
func (t TaskResources) Validate() error {
	switch {
	case t.CPU < 0:
		return invalid("task cpu: must not be negative, got %d.", t.CPU)
	case t.Memory < 0:
		return invalid("task memory: must not be negative, got %d.", t.Memory)
	}
	for _, ps := range [][]int32{t.TCPPorts, t.UDPPorts} {
		for i, p := range ps {
			if p < 1 || p > 65535 || i > 0 && p <= ps[i-1] {
				return invalid("task host ports: must be sorted, unique and between 1 and 65535, got %v.", ps)
			}
		}
	}
	return nil
}

// Counters never wrap. runningTasksCount and pendingTasksCount are 32-bit
// Integers and version a 64-bit Long in the ECS API
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerInstance.html,
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Task.html).
// ECS documents no behaviour at their maximum; we refuse the change with a
// LimitExceededException rather than saturate, because a saturated version
// would make the next change look stale to a consumer that orders events
// by version, and a saturated task count would lose a task.

// errCounter refuses a change that would take a counter past its maximum.
func errCounter(what, arn string) error {
	return ecserrors.New(ecserrors.CodeLimitExceeded, "%s of %s is at its maximum.", what, ecserrors.Clip(arn))
}

// bumpVersion checks that version can be increased.
func bumpVersion(v int64, arn string) error {
	if v == math.MaxInt64 {
		return errCounter("version", arn)
	}
	return nil
}

// ReserveTask returns a copy of the instance with the task's resources
// taken from its remaining resources, its pending (or, with running, its
// running) task count increased, and its version increased. It refuses a
// task that does not fit, and invalid task resources (see
// [TaskResources.Validate]), with an InvalidParameterException; placement
// decides what fits before it reserves. A count or the version at its
// maximum is a LimitExceededException: counters never wrap.
func ReserveTask(ci ContainerInstance, t TaskResources, running bool) (ContainerInstance, error) {
	if err := t.Validate(); err != nil {
		return ci, err
	}
	count, name := ci.PendingTasksCount, "pendingTasksCount"
	if running {
		count, name = ci.RunningTasksCount, "runningTasksCount"
	}
	if count == math.MaxInt32 {
		return ci, errCounter(name, ci.ContainerInstanceARN)
	}
	if err := bumpVersion(ci.Version, ci.ContainerInstanceARN); err != nil {
		return ci, err
	}
	rem := ci.Remaining()
	if ok, what := rem.Fits(t); !ok {
		return ci, invalid("containerInstance: %s has insufficient %s for the task.", ecserrors.Clip(ci.ContainerInstanceARN), what)
	}
	rem.CPU -= t.CPU
	rem.Memory -= t.Memory
	rem.TCPPorts = union(rem.TCPPorts, t.TCPPorts)
	rem.UDPPorts = union(rem.UDPPorts, t.UDPPorts)
	out := ci.Clone().withRemaining(rem)
	if running {
		out.RunningTasksCount++
	} else {
		out.PendingTasksCount++
	}
	out.Version++
	return out, nil
}

// StartTask returns a copy of the instance with one pending task counted
// as running instead, and its version increased. It refuses when no task is
// pending (InvalidParameterException), and when runningTasksCount or the
// version is at its maximum (LimitExceededException).
func StartTask(ci ContainerInstance) (ContainerInstance, error) {
	if ci.PendingTasksCount < 1 {
		return ci, invalid("containerInstance: %s has no pending task to start.", ecserrors.Clip(ci.ContainerInstanceARN))
	}
	if ci.RunningTasksCount == math.MaxInt32 {
		return ci, errCounter("runningTasksCount", ci.ContainerInstanceARN)
	}
	if err := bumpVersion(ci.Version, ci.ContainerInstanceARN); err != nil {
		return ci, err
	}
	out := ci.Clone()
	out.PendingTasksCount--
	out.RunningTasksCount++
	out.Version++
	return out, nil
}

// ReleaseTask returns a copy of the instance with the task's resources given
// back, its pending (or, with running, running) count decreased, and its
// version increased. Remaining CPU and memory never exceed what was
// registered, and never wrap. Invalid task resources are an
// InvalidParameterException, the version at its maximum a
// LimitExceededException.
func ReleaseTask(ci ContainerInstance, t TaskResources, running bool) (ContainerInstance, error) {
	if err := t.Validate(); err != nil {
		return ci, err
	}
	if err := bumpVersion(ci.Version, ci.ContainerInstanceARN); err != nil {
		return ci, err
	}
	count := &ci.PendingTasksCount
	if running {
		count = &ci.RunningTasksCount
	}
	if *count < 1 {
		return ci, invalid("containerInstance: %s has no such task to release.", ecserrors.Clip(ci.ContainerInstanceARN))
	}
	rem, reg := ci.Remaining(), ci.Registered()
	rem.CPU = min(addSat(rem.CPU, t.CPU), max(reg.CPU, rem.CPU))
	rem.Memory = min(addSat(rem.Memory, t.Memory), max(reg.Memory, rem.Memory))
	rem.TCPPorts = minus(rem.TCPPorts, t.TCPPorts, reg.TCPPorts)
	rem.UDPPorts = minus(rem.UDPPorts, t.UDPPorts, reg.UDPPorts)
	out := ci.Clone().withRemaining(rem)
	if running {
		out.RunningTasksCount--
	} else {
		out.PendingTasksCount--
	}
	out.Version++
	return out, nil
}

func union(a, b []int32) []int32 {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// minus removes b's ports from a, keeping the ports the agent reserved at
// registration (keep).
func minus(a, b, keep []int32) []int32 {
	out := make([]int32, 0, len(a))
	for _, p := range a {
		if _, taken := slices.BinarySearch(b, p); taken {
			if _, reserved := slices.BinarySearch(keep, p); !reserved {
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// withRemaining returns a copy whose remainingResources reflect c. The
// resource list is rebuilt, never edited in place, so the original instance
// is left untouched; resources other than CPU, memory and ports are kept.
// CPU and memory keep the type they had (see amountResource).
func (ci ContainerInstance) withRemaining(c Capacity) ContainerInstance {
	rs := make([]Resource, 0, len(ci.RemainingResources)+4)
	seen := map[string]bool{}
	for _, r := range ci.RemainingResources {
		switch r.Name {
		case ResourceCPU:
			r = amountResource(r, c.CPU)
		case ResourceMemory:
			r = amountResource(r, c.Memory)
		case ResourcePorts:
			r = PortsResource(ResourcePorts, c.TCPPorts)
		case ResourcePortsUDP:
			r = PortsResource(ResourcePortsUDP, c.UDPPorts)
		}
		seen[r.Name] = true
		rs = append(rs, r)
	}
	if !seen[ResourceCPU] {
		rs = append(rs, amountResource(Resource{Name: ResourceCPU, Type: ResourceTypeInteger}, c.CPU))
	}
	if !seen[ResourceMemory] {
		rs = append(rs, amountResource(Resource{Name: ResourceMemory, Type: ResourceTypeInteger}, c.Memory))
	}
	if !seen[ResourcePorts] && len(c.TCPPorts) > 0 {
		rs = append(rs, PortsResource(ResourcePorts, c.TCPPorts))
	}
	if !seen[ResourcePortsUDP] && len(c.UDPPorts) > 0 {
		rs = append(rs, PortsResource(ResourcePortsUDP, c.UDPPorts))
	}
	ci.RemainingResources = rs
	return ci
}

// amountResource returns r holding v in r's own type: a LONG stays LONG
// and a DOUBLE stays DOUBLE, so a LONG registered beyond int32 is never
// clamped. An INTEGER whose value no longer fits 32 bits (only possible when
// the registered amount was a LONG) becomes a LONG rather than be clamped.
func amountResource(r Resource, v int64) Resource {
	out := Resource{Name: r.Name, Type: r.Type}
	switch {
	case r.Type == ResourceTypeLong:
		out.LongValue = v
	case r.Type == ResourceTypeDouble:
		out.DoubleValue = float64(v)
	case v >= math.MinInt32 && v <= math.MaxInt32:
		out.Type, out.IntegerValue = ResourceTypeInteger, int32(v)
	default:
		out.Type, out.LongValue = ResourceTypeLong, v
	}
	return out
}

// IntegerResource builds an INTEGER resource such as CPU or MEMORY. Values
// beyond int32 are clamped, as the API's integerValue is 32-bit.
func IntegerResource(name string, v int64) Resource {
	v = max(min(v, 1<<31-1), -1<<31)
	return Resource{Name: name, Type: ResourceTypeInteger, IntegerValue: int32(v)}
}

// PortsResource builds a STRINGSET resource of port numbers such as PORTS.
func PortsResource(name string, ports []int32) Resource {
	ss := make([]string, len(ports))
	for i, p := range ports {
		ss[i] = strconv.Itoa(int(p))
	}
	return Resource{Name: name, Type: ResourceTypeStringset, StringSetValue: ss}
}
