package model

import (
	"encoding/json"
	"slices"
)

// Clone returns a deep copy of the container instance. Every function of
// the library that returns a changed instance returns a clone, so a result
// never shares memory with the caller's input and editing one cannot change
// the other.
func (ci *ContainerInstance) Clone() ContainerInstance {
	out := *ci
	if ci.VersionInfo != nil {
		vi := *ci.VersionInfo
		out.VersionInfo = &vi
	}
	out.RemainingResources = cloneResources(ci.RemainingResources)
	out.RegisteredResources = cloneResources(ci.RegisteredResources)
	out.Attributes = slices.Clone(ci.Attributes)
	if ci.Attachments != nil {
		out.Attachments = make([]Attachment, len(ci.Attachments))
		for i, a := range ci.Attachments {
			a.Details = slices.Clone(a.Details)
			out.Attachments[i] = a
		}
	}
	out.Tags = slices.Clone(ci.Tags)
	if ci.HealthStatus != nil {
		hs := *ci.HealthStatus
		hs.Details = slices.Clone(hs.Details)
		out.HealthStatus = &hs
	}
	out.GPUDevices = slices.Clone(ci.GPUDevices)
	return out
}

func cloneResources(rs []Resource) []Resource {
	if rs == nil {
		return nil
	}
	out := make([]Resource, len(rs))
	for i, r := range rs {
		r.StringSetValue = slices.Clone(r.StringSetValue)
		out[i] = r
	}
	return out
}

// Clone returns a deep copy of the task: no slice, pointer or raw JSON
// member is shared with t, so editing one cannot change the other.
func (t *Task) Clone() Task {
	out := *t
	out.Attachments = cloneAttachments(t.Attachments)
	out.Attributes = slices.Clone(t.Attributes)
	if t.Containers != nil {
		out.Containers = make([]Container, len(t.Containers))
		for i, c := range t.Containers {
			if c.ExitCode != nil {
				v := *c.ExitCode
				c.ExitCode = &v
			}
			if c.NetworkBindings != nil {
				nb := make([]NetworkBinding, len(c.NetworkBindings))
				for j, b := range c.NetworkBindings {
					b.ContainerPort, b.HostPort = clonePtr(b.ContainerPort), clonePtr(b.HostPort)
					nb[j] = b
				}
				c.NetworkBindings = nb
			}
			c.NetworkInterfaces = slices.Clone(c.NetworkInterfaces)
			c.ManagedAgents = cloneRaw(c.ManagedAgents)
			c.GPUIDs = slices.Clone(c.GPUIDs)
			c.NeuronDeviceIDs = slices.Clone(c.NeuronDeviceIDs)
			c.GPUSharingStrategy = cloneRaw(c.GPUSharingStrategy)
			out.Containers[i] = c
		}
	}
	out.InferenceAccelerators = cloneRaw(t.InferenceAccelerators)
	out.Overrides = cloneRaw(t.Overrides)
	out.Tags = slices.Clone(t.Tags)
	out.EphemeralStorage = cloneRaw(t.EphemeralStorage)
	out.FargateEphemeralStorage = cloneRaw(t.FargateEphemeralStorage)
	return out
}

func cloneAttachments(as []Attachment) []Attachment {
	if as == nil {
		return nil
	}
	out := make([]Attachment, len(as))
	for i, a := range as {
		a.Details = slices.Clone(a.Details)
		out[i] = a
	}
	return out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func cloneRaw(r json.RawMessage) json.RawMessage { return json.RawMessage(slices.Clone([]byte(r))) }
