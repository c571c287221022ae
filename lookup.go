package ecsstate

import (
	"encoding/base64"
	"slices"
	"strings"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// lookupCluster resolves a cluster name or ARN ("" is "default") to an
// ACTIVE cluster, or ClusterNotFoundException.
func (w *World) lookupCluster(id string) (*clusterState, error) {
	name, err := model.ResolveCluster(id)
	if err != nil {
		return nil, err
	}
	cs := w.clusters[name]
	if cs == nil || cs.info.Status != model.ClusterStatusActive {
		return nil, ecserrors.New(ecserrors.CodeClusterNotFound, "Cluster not found.")
	}
	return cs, nil
}

// lookupInstance resolves a container instance ID or ARN in a cluster.
func (w *World) lookupInstance(cluster, id string) (*clusterState, *model.ContainerInstance, error) {
	cs, err := w.lookupCluster(cluster)
	if err != nil {
		return nil, nil, err
	}
	ci, err := cs.lookupInstance(id)
	return cs, ci, err
}

func (cs *clusterState) lookupInstance(id string) (*model.ContainerInstance, error) {
	cid, arnCluster, err := model.ResolveContainerInstance(id)
	if err != nil {
		return nil, err
	}
	if arnCluster != "" && arnCluster != cs.name() {
		return nil, invalid("Container instance %s belongs to cluster %s, not %s.", ecserrors.Clip(id), arnCluster, cs.name())
	}
	ci := cs.instance(cs.instanceARN(cid))
	if ci == nil {
		return nil, invalid("The referenced container instance %s was not found.", ecserrors.Clip(id))
	}
	return ci, nil
}

func (cs *clusterState) instanceARN(id string) string {
	return cs.acct.ContainerInstanceARN(cs.name(), id)
}

func (cs *clusterState) taskARN(id string) string {
	return cs.acct.TaskARN(cs.name(), id)
}

// lookupTask resolves a task ID or ARN among the cluster's live tasks and
// its recently stopped ones.
func (cs *clusterState) lookupTask(id string) (*model.Task, error) {
	tid, arnCluster, err := model.ResolveTask(id)
	if err != nil {
		return nil, err
	}
	if arnCluster != "" && arnCluster != cs.name() {
		return nil, invalid("Task %s belongs to cluster %s, not %s.", ecserrors.Clip(id), arnCluster, cs.name())
	}
	arn := cs.taskARN(tid)
	if t := cs.task(arn); t != nil {
		return t, nil
	}
	if i, ok := cs.stoppedAt(arn); ok {
		// A copy: a STOPPED task does not change (its desiredStatus is
		// STOPPED, so StopTask leaves it alone).
		return new(cs.stopped[i].task()), nil
	}
	return nil, invalid("The referenced task was not found.")
}

func (cs *clusterState) stoppedAt(arn string) (int, bool) {
	for i := len(cs.stopped) - 1; i >= 0; i-- {
		if cs.stopped[i].taskARN() == arn {
			return i, true
		}
	}
	return 0, false
}

// lookupService resolves a service name or ARN in a cluster, or
// ServiceNotFoundException; the ARN of a service in another cluster is an
// InvalidParameterException.
func (cs *clusterState) lookupService(id string) (*model.Service, error) {
	name, arnCluster, err := model.ResolveService(id)
	if err != nil {
		return nil, err
	}
	if arnCluster != "" && arnCluster != cs.name() {
		// As UpdateService (the service package) refuses it.
		return nil, invalid("service: the service ARN names cluster %s, not %s.", arnCluster, cs.name())
	}
	s := cs.service(name)
	if s == nil {
		return nil, ecserrors.New(ecserrors.CodeServiceNotFound, "Service not found.")
	}
	return s, nil
}

// page returns the items of a list sorted by strings.Compare after the
// position a nextToken names, at most max of them, and the token of the
// next page ("" when none is left); see [pageFunc].
func page(items []string, token string, max int32, def int32) ([]string, string, error) {
	return pageFunc(items, token, max, def, strings.Compare)
}

// pageFunc is page for a list sorted by cmp. A token is the last item of
// the previous page, encoded, so a page never repeats or skips an item
// that existed on both calls: when that item is gone, the next page
// starts at the first item cmp orders after it.
func pageFunc(items []string, token string, max int32, def int32, cmp func(a, b string) int) ([]string, string, error) {
	if max == 0 {
		max = def
	}
	start := 0
	if token != "" {
		b, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil || !strings.HasPrefix(string(b), "ecsstate:") {
			return nil, "", invalid("Invalid nextToken.")
		}
		last := strings.TrimPrefix(string(b), "ecsstate:")
		i, found := slices.BinarySearchFunc(items, last, cmp)
		if found {
			i++
		}
		start = i
	}
	end := min(len(items), start+int(max))
	out := items[start:end]
	next := ""
	if end < len(items) && len(out) > 0 {
		next = base64.RawURLEncoding.EncodeToString([]byte("ecsstate:" + out[len(out)-1]))
	}
	return slices.Clone(out), next, nil
}

func maxResults(p *int32) int32 {
	if p == nil {
		return 0
	}
	return *p
}
