package ecsstate

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/ecsstate/ecsstate/model"
)

// The world never writes into the slices of a container instance it keeps:
// it replaces them (the clones in [World.Clone] already rely on this). So
// instances may share them, and at 50,000 instances sharing is most of the
// difference between fitting in memory and not: the attributes and
// registered resources of instances of one type in one zone are equal,
// and a task moving on or off an instance changes its remaining
// resources and counts only.

// internLimit bounds each interning table: past it, lists are kept as
// they come (a cluster whose every instance has its own custom attributes
// gains nothing from the table).
const internLimit = 4096

// interned is the world's tables of shared attribute and resource lists,
// by content.
type interned struct {
	attrs map[string][]model.Attribute
	res   map[string][]model.Resource
	// moves remembers how tasks change instances' remaining resources.
	moves map[moveKey]move
}

func (in *interned) clone() interned {
	return interned{attrs: maps.Clone(in.attrs), res: maps.Clone(in.res), moves: maps.Clone(in.moves)}
}

// attributes returns a list deep-equal to as, shared with every other
// instance's equal list. The caller must not write into either.
func (in *interned) attributes(as []model.Attribute) []model.Attribute {
	if len(as) == 0 {
		return as
	}
	var b strings.Builder
	for _, a := range as {
		for _, s := range []string{a.Name, a.Value, string(a.TargetType), a.TargetID} {
			writeKeyString(&b, s)
		}
	}
	return internIn(&in.attrs, b.String(), as)
}

// writeKeyString writes s into an interning key, length first, so that no
// two different lists of strings give the same key.
func writeKeyString(b *strings.Builder, s string) {
	b.WriteString(strconv.Itoa(len(s)))
	b.WriteByte(':')
	b.WriteString(s)
}

// resources is attributes for resource lists.
func (in *interned) resources(rs []model.Resource) []model.Resource {
	if len(rs) == 0 {
		return rs
	}
	var b strings.Builder
	for _, r := range rs {
		writeKeyString(&b, r.Name)
		writeKeyString(&b, string(r.Type))
		b.WriteString(strconv.FormatUint(math.Float64bits(r.DoubleValue), 16))
		b.WriteByte(',')
		b.WriteString(strconv.FormatInt(r.LongValue, 10))
		b.WriteByte(',')
		b.WriteString(strconv.FormatInt(int64(r.IntegerValue), 10))
		if r.StringSetValue == nil {
			b.WriteString("n")
		} else {
			b.WriteString("s" + strconv.Itoa(len(r.StringSetValue)))
			for _, s := range r.StringSetValue {
				writeKeyString(&b, s)
			}
		}
		b.WriteByte(';')
	}
	return internIn(&in.res, b.String(), rs)
}

func internIn[E any](m *map[string][]E, key string, xs []E) []E {
	if shared, ok := (*m)[key]; ok {
		return shared
	}
	if *m == nil {
		*m = map[string][]E{}
	}
	if len(*m) >= internLimit {
		return xs
	}
	// Clipped, so that an append by anyone copies rather than writes into
	// the shared array.
	xs = slices.Clip(xs)
	(*m)[key] = xs
	return xs
}

// lean is a shallow copy of the instance without the members that
// model.ReserveTask, model.StartTask and model.ReleaseTask copy but never
// change; withShared puts the instance's own back into their result, so
// that the result is deep-equal to theirs on the whole instance but
// allocates only what changed. resources keeps the remaining and
// registered resources (ReserveTask reads the remaining ones, ReleaseTask
// both).
func lean(ci *model.ContainerInstance, resources bool) model.ContainerInstance {
	c := *ci
	c.Attributes, c.Tags, c.Attachments, c.GPUDevices, c.HealthStatus, c.VersionInfo = nil, nil, nil, nil, nil, nil
	if !resources {
		c.RemainingResources, c.RegisteredResources = nil, nil
	}
	return c
}

func withShared(n model.ContainerInstance, ci *model.ContainerInstance, remaining []model.Resource) model.ContainerInstance {
	n.Attributes, n.Tags, n.Attachments, n.GPUDevices, n.HealthStatus, n.VersionInfo =
		ci.Attributes, ci.Tags, ci.Attachments, ci.GPUDevices, ci.HealthStatus, ci.VersionInfo
	n.RegisteredResources, n.RemainingResources = ci.RegisteredResources, remaining
	return n
}

// A task placed on or leaving an instance turns its remaining resources
// into others that depend only on them, the task's resources and (for a
// release) the registered ones. Thousands of alike instances go through
// the same few lists, so the world remembers each move by the identity of
// the lists (which it never writes into) and hands out the same result,
// shared, instead of computing and allocating it again.
type moveKey struct {
	release, running bool
	rem, reg         *model.Resource
	remN, regN       int
	cpu, memory      int64
}

// move is a remembered move; from and reg keep the key's lists alive, so
// that their addresses are never reused for other contents.
type move struct {
	from, reg, to []model.Resource
}

func first(rs []model.Resource) *model.Resource {
	if len(rs) == 0 {
		return nil
	}
	return &rs[0]
}

// moveOf returns the key of a move, false when the move is not remembered
// (a task with static ports: few, and their lists differ per instance).
func moveOf(ci *model.ContainerInstance, t *model.TaskResources, release, running bool) (moveKey, bool) {
	if len(t.TCPPorts)+len(t.UDPPorts) > 0 {
		return moveKey{}, false
	}
	k := moveKey{release: release, running: running, rem: first(ci.RemainingResources), remN: len(ci.RemainingResources), cpu: t.CPU, memory: t.Memory}
	if release {
		k.reg, k.regN = first(ci.RegisteredResources), len(ci.RegisteredResources)
	}
	return k, true
}

func (in *interned) remember(k moveKey, ok bool, ci *model.ContainerInstance, to []model.Resource) []model.Resource {
	if !ok || len(in.moves) >= internLimit {
		return to
	}
	if in.moves == nil {
		in.moves = map[moveKey]move{}
	}
	to = slices.Clip(to)
	in.moves[k] = move{from: ci.RemainingResources, reg: ci.RegisteredResources, to: to}
	return to
}

// reserve is model.ReserveTask on an instance the world keeps.
func (in *interned) reserve(ci *model.ContainerInstance, t model.TaskResources, running bool) (model.ContainerInstance, error) {
	return in.move(ci, t, false, running)
}

// release is model.ReleaseTask on an instance the world keeps.
func (in *interned) release(ci *model.ContainerInstance, t model.TaskResources, running bool) (model.ContainerInstance, error) {
	return in.move(ci, t, true, running)
}

// move reserves (or releases) t on ci, from the remembered move when the
// same lists went through it before and the counters have room for the
// same checks to pass.
func (in *interned) move(ci *model.ContainerInstance, t model.TaskResources, release, running bool) (model.ContainerInstance, error) {
	k, ok := moveOf(ci, &t, release, running)
	count := ci.PendingTasksCount
	if running {
		count = ci.RunningTasksCount
	}
	delta, room := int32(1), count < math.MaxInt32
	if release {
		delta, room = -1, count >= 1
	}
	if m, hit := in.moves[k]; ok && hit && room && ci.Version < math.MaxInt64 {
		n := *ci
		n.RemainingResources = m.to
		if running {
			n.RunningTasksCount += delta
		} else {
			n.PendingTasksCount += delta
		}
		n.Version++
		return n, nil
	}
	apply := model.ReserveTask
	if release {
		apply = model.ReleaseTask
	}
	n, err := apply(lean(ci, true), t, running)
	if err != nil {
		return *ci, err
	}
	return withShared(n, ci, in.remember(k, ok, ci, n.RemainingResources)), nil
}

// startOn is model.StartTask on an instance the world keeps.
func startOn(ci *model.ContainerInstance) (model.ContainerInstance, error) {
	n, err := model.StartTask(lean(ci, false))
	if err != nil {
		return *ci, err
	}
	return withShared(n, ci, ci.RemainingResources), nil
}
