package model

import (
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
