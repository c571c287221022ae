package placement

import (
	"fmt"
	"slices"
)

// CheckIndex verifies the kept index's invariants against a rebuild of
// each of its views and counts from the instances and tasks it holds.
func CheckIndex(x *Index) error {
	for k := 1; k < len(x.order); k++ {
		a, b := &x.c.inst[x.order[k-1]], &x.c.inst[x.order[k]]
		if a.ci.ContainerInstanceARN >= b.ci.ContainerInstanceARN || a.rank >= b.rank {
			return fmt.Errorf("order broken at %d", k)
		}
	}
	if len(x.byHash) != len(x.tasks) {
		return fmt.Errorf("%d startedBy hashes for %d task ids", len(x.byHash), len(x.tasks))
	}
	for id := range x.tasks {
		if it := &x.tasks[id]; it.arn != "" && x.byHash[id] != startedByHash(it.startedBy) {
			return fmt.Errorf("task %s: the startedBy hash is not its startedBy's", it.arn)
		}
	}
	draining := 0
	if len(x.c.arns) != len(x.c.inst) {
		return fmt.Errorf("%d instance ARNs for %d slots", len(x.c.arns), len(x.c.inst))
	}
	for s := range x.c.inst {
		if ci := x.c.inst[s].ci; ci == nil && x.c.arns[s] != "" || ci != nil && x.c.arns[s] != ci.ContainerInstanceARN {
			return fmt.Errorf("slot %d holds ARN %q, its instance is %v", s, x.c.arns[s], ci)
		}
	}
	for _, s := range x.order {
		if x.c.inst[s].draining {
			draining++
		}
	}
	if draining != x.draining {
		return fmt.Errorf("the index counts %d DRAINING instances, holds %d", x.draining, draining)
	}
	if x.empty != nil {
		for s := range x.c.inst {
			if x.empty.cnt(int32(s)) != 0 {
				return fmt.Errorf("the task-less group counts %d tasks on slot %d", x.empty.cnt(int32(s)), s)
			}
		}
	}
	groups := map[string]*igroup{"": x.empty}
	for name, g := range x.groups {
		if g.total <= 0 {
			return fmt.Errorf("group %s kept with %d tasks", name, g.total)
		}
		groups[name] = g
	}
	for name, g := range groups {
		if g == nil {
			continue
		}
		want := map[int32]int32{}
		for _, id := range x.taskID {
			if it := &x.tasks[id]; it.group == name && it.slot >= 0 && g != x.empty {
				want[it.slot]++
			}
		}
		for s := range x.c.inst {
			if g.cnt(int32(s)) != want[int32(s)] {
				return fmt.Errorf("group %s slot %d: count %d, want %d", name, s, g.cnt(int32(s)), want[int32(s)])
			}
			l := g.tasksOn(int32(s))
			if n := int32(len(l)); n != want[int32(s)] {
				return fmt.Errorf("group %s slot %d: %d tasks listed, want %d", name, s, n, want[int32(s)])
			}
			for j, id := range l {
				if it := &x.tasks[id]; it.group != name || it.slot != int32(s) || j > 0 && x.tasks[l[j-1]].arn >= it.arn {
					return fmt.Errorf("group %s slot %d: task %d (%s) out of place in %v", name, s, id, it.arn, l)
				}
			}
		}
		if len(g.on) != len(g.onSlot) {
			return fmt.Errorf("group %s: %d lists, %d slots for them", name, len(g.on), len(g.onSlot))
		}
		for i, s := range g.onSlot {
			if int(s) >= len(g.onAt) || g.onAt[s] != int32(i+1) || len(g.on[i]) == 0 {
				return fmt.Errorf("group %s: list %d of slot %d is not where slot %d finds it, or empty", name, i, s, s)
			}
		}
		for _, v := range g.views {
			w := x.buildView(g, v.sig())
			for p := range max(len(v.parts), len(w.parts)) {
				var got, exp []skey
				if p < len(v.parts) {
					got = v.parts[p].all()
				}
				if p < len(w.parts) {
					exp = w.parts[p].all()
				}
				if !slices.Equal(got, exp) {
					return fmt.Errorf("group %s view %+v part %d:\n got %v\nwant %v", name, v.sig(), p, got, exp)
				}
				if p < len(v.parts) && v.parts[p].n != len(got) {
					return fmt.Errorf("group %s view %+v part %d: n %d, have %d", name, v.sig(), p, v.parts[p].n, len(got))
				}
			}
		}
	}
	return nil
}

// LookupInstance is Cluster.lookup: the instance's position in ARN
// order, and whether the Cluster has it.
func LookupInstance(c *Cluster, arn string) (int, bool) {
	r, ok := c.lookup(arn)
	return int(r), ok
}

// Key8 is key8.
func Key8(s string) uint64 { return key8(s) }
