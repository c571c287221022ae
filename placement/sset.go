package placement

import "slices"

// skey orders an instance in one of the kept index's orders: by a, then
// b, then r (the instance's rank in container instance ARN order). s is the
// instance's slot; r is unique per instance, so (a, b, r) identifies an
// entry.
type skey struct {
	a, b int64
	r    uint64
	s    int32
}

func (x skey) less(y skey) bool {
	if x.a != y.a {
		return x.a < y.a
	}
	if x.b != y.b {
		return x.b < y.b
	}
	return x.r < y.r
}

// sset is an ordered set of skeys kept in chunks of at most chunkMax
// entries, so an insert or a delete moves O(chunkMax + n/chunkMax) entries
// instead of O(n), and walking it in order is a slice walk. It is the
// shape of a B-tree with two levels, which at ECS's 5,000 (or even 50,000)
// instances is as shallow as a B-tree gets.
type sset struct {
	chunks [][]skey
	n      int
}

const chunkMax = 512

// search returns the chunk and position of the first entry not less than
// k; ci == len(chunks) when every entry is less.
func (t *sset) search(k skey) (ci, j int) {
	ci, _ = slices.BinarySearchFunc(t.chunks, k, func(c []skey, k skey) int {
		if c[len(c)-1].less(k) {
			return -1
		}
		return 1
	})
	if ci == len(t.chunks) {
		return ci, 0
	}
	c := t.chunks[ci]
	j, _ = slices.BinarySearchFunc(c, k, func(e, k skey) int {
		if e.less(k) {
			return -1
		}
		return 1
	})
	return ci, j
}

func (t *sset) insert(k skey) {
	t.n++
	if len(t.chunks) == 0 {
		t.chunks = append(t.chunks, append(make([]skey, 0, 8), k))
		return
	}
	ci, j := t.search(k)
	if ci == len(t.chunks) {
		ci = len(t.chunks) - 1
		j = len(t.chunks[ci])
	}
	c := slices.Insert(t.chunks[ci], j, k)
	if len(c) > chunkMax {
		h := len(c) / 2
		right := make([]skey, len(c)-h, chunkMax)
		copy(right, c[h:])
		c = c[:h:h]
		t.chunks = slices.Insert(t.chunks, ci+1, right)
	}
	t.chunks[ci] = c
}

// remove deletes the entry equal to k (same a, b and r); it reports
// whether there was one.
func (t *sset) remove(k skey) bool {
	ci, j := t.search(k)
	if ci == len(t.chunks) {
		return false
	}
	c := t.chunks[ci]
	if j == len(c) || c[j].r != k.r || c[j].a != k.a || c[j].b != k.b {
		return false
	}
	t.n--
	c = slices.Delete(c, j, j+1)
	if len(c) == 0 {
		t.chunks = slices.Delete(t.chunks, ci, ci+1)
		return true
	}
	t.chunks[ci] = c
	return true
}

func (t *sset) clone() sset {
	out := sset{chunks: make([][]skey, len(t.chunks)), n: t.n}
	for i, c := range t.chunks {
		out.chunks[i] = slices.Clone(c)
	}
	return out
}

// all returns the entries in order (tests and rebuilds).
func (t *sset) all() []skey {
	out := make([]skey, 0, t.n)
	for _, c := range t.chunks {
		out = append(out, c...)
	}
	return out
}

// cursor walks an sset in order. The set must not change while a cursor
// is in use.
type cursor struct {
	t     *sset
	ci, j int
}

func (c *cursor) valid() bool { return c.ci < len(c.t.chunks) }

func (c *cursor) cur() skey { return c.t.chunks[c.ci][c.j] }

func (c *cursor) next() {
	c.j++
	if c.j == len(c.t.chunks[c.ci]) {
		c.ci, c.j = c.ci+1, 0
	}
}
