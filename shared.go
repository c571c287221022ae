package ecsstate

import (
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
}

func (in *interned) clone() interned {
	return interned{attrs: cloneMap(in.attrs), res: cloneMap(in.res)}
}

func cloneMap[V any](m map[string]V) map[string]V {
	if m == nil {
		return nil
	}
	c := make(map[string]V, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
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
			b.WriteString(strconv.Itoa(len(s)))
			b.WriteByte(':')
			b.WriteString(s)
		}
	}
	return internIn(&in.attrs, b.String(), as)
}

// resources is attributes for resource lists.
func (in *interned) resources(rs []model.Resource) []model.Resource {
	if len(rs) == 0 {
		return rs
	}
	var b strings.Builder
	str := func(s string) {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	for _, r := range rs {
		str(r.Name)
		str(string(r.Type))
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
				str(s)
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
// allocates only what changed. registered keeps the registered resources
// (ReleaseTask reads them).
func lean(ci *model.ContainerInstance, registered bool) model.ContainerInstance {
	c := *ci
	c.Attributes, c.Tags, c.Attachments, c.GPUDevices, c.HealthStatus, c.VersionInfo = nil, nil, nil, nil, nil, nil
	if !registered {
		c.RegisteredResources = nil
	}
	return c
}

func withShared(n model.ContainerInstance, ci *model.ContainerInstance) model.ContainerInstance {
	n.Attributes, n.Tags, n.Attachments, n.GPUDevices, n.HealthStatus, n.VersionInfo =
		ci.Attributes, ci.Tags, ci.Attachments, ci.GPUDevices, ci.HealthStatus, ci.VersionInfo
	n.RegisteredResources = ci.RegisteredResources
	return n
}

// reserveOn is model.ReserveTask on an instance the world keeps.
func reserveOn(ci *model.ContainerInstance, t model.TaskResources, running bool) (model.ContainerInstance, error) {
	n, err := model.ReserveTask(lean(ci, false), t, running)
	if err != nil {
		return *ci, err
	}
	return withShared(n, ci), nil
}

// startOn is model.StartTask on an instance the world keeps.
func startOn(ci *model.ContainerInstance) (model.ContainerInstance, error) {
	n, err := model.StartTask(lean(ci, false))
	if err != nil {
		return *ci, err
	}
	return withShared(n, ci), nil
}

// releaseOn is model.ReleaseTask on an instance the world keeps.
func releaseOn(ci *model.ContainerInstance, t model.TaskResources, running bool) (model.ContainerInstance, error) {
	n, err := model.ReleaseTask(lean(ci, true), t, running)
	if err != nil {
		return *ci, err
	}
	return withShared(n, ci), nil
}
