package ecsstate

import (
	"container/heap"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// boxedQueue is eventQueue under container/heap, the reference.
type boxedQueue struct{ eventQueue }

func (q *boxedQueue) Push(x any) { q.eventQueue = append(q.eventQueue, x.(event)) }
func (q *boxedQueue) Pop() any {
	e := q.eventQueue[len(q.eventQueue)-1]
	q.eventQueue = q.eventQueue[:len(q.eventQueue)-1]
	return e
}

// The event queue's push and pop do what container/heap's do, layout
// included, on random sequences with many events due at the same time.
func TestEventQueueMatchesContainerHeap(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		var got eventQueue
		var want boxedQueue
		seq := uint64(0)
		for range rapid.IntRange(0, 200).Draw(rt, "ops") {
			if len(got) > 0 && rapid.IntRange(0, 2).Draw(rt, "pop") == 0 {
				g, w := got.pop(), heap.Pop(&want).(event)
				if g != w {
					rt.Fatalf("pop: %+v, container/heap %+v", g, w)
				}
			} else {
				seq++
				e := event{at: DefaultStart.Add(time.Duration(rapid.IntRange(0, 5).Draw(rt, "at")) * time.Second), seq: seq}
				got.push(e)
				heap.Push(&want, e)
			}
			if diff := cmp.Diff(want.eventQueue, got, cmp.AllowUnexported(event{})); diff != "" {
				rt.Fatalf("layout (-container/heap +queue):\n%s", diff)
			}
		}
	})
}
