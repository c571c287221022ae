package ecsstate

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/model"
)

// node reaches itself through a pointer, a slice, a map, an array and an
// interface, the shapes detached must copy; hidden is unexported and is
// shared, as the unexported fields of standard library types are.
type node struct {
	Name   string
	At     time.Time
	Next   *node
	Kids   []node
	ByName map[string]*node
	Pair   [2]*int
	Any    any
	Flat   [3]int
	hidden []int
}

func genNode(depth int) *rapid.Generator[*node] {
	return rapid.Custom(func(t *rapid.T) *node {
		n := &node{Name: rapid.String().Draw(t, "name"), At: time.Unix(rapid.Int64Range(0, 1<<40).Draw(t, "at"), 0),
			Flat: [3]int{rapid.Int().Draw(t, "flat"), 1, 2}, hidden: []int{1}}
		for i := range n.Pair {
			if rapid.Bool().Draw(t, "pair") {
				n.Pair[i] = new(rapid.Int().Draw(t, "v"))
			}
		}
		switch rapid.IntRange(0, 3).Draw(t, "any") {
		case 1:
			n.Any = []string{"a", "b"}
		case 2:
			n.Any = &model.Task{TaskARN: "t", Tags: []model.Tag{{Key: "k"}}}
		case 3:
			n.Any = 7
		}
		if depth > 0 {
			if rapid.Bool().Draw(t, "next") {
				n.Next = genNode(depth-1).Draw(t, "nextNode")
			}
			for range rapid.IntRange(0, 2).Draw(t, "kids") {
				n.Kids = append(n.Kids, *genNode(depth-1).Draw(t, "kid"))
			}
			if rapid.Bool().Draw(t, "map") {
				n.ByName = map[string]*node{"x": genNode(depth-1).Draw(t, "mapNode"), "nil": nil}
			}
		}
		return n
	})
}

// sharedRef names the first pointer, slice or map two values of the same
// type share, "" when none. It knows nothing of how detached copies.
func sharedRef(a, b reflect.Value, path string) string {
	switch a.Kind() {
	case reflect.Pointer, reflect.Map:
		if a.IsNil() || b.IsNil() {
			return ""
		}
		if a.Pointer() == b.Pointer() {
			return path
		}
		if a.Kind() == reflect.Map {
			for _, k := range a.MapKeys() {
				if p := sharedRef(a.MapIndex(k), b.MapIndex(k), path+"["+k.String()+"]"); p != "" {
					return p
				}
			}
			return ""
		}
		return sharedRef(a.Elem(), b.Elem(), path)
	case reflect.Slice:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			return path
		}
		fallthrough
	case reflect.Array:
		for i := range min(a.Len(), b.Len()) {
			if p := sharedRef(a.Index(i), b.Index(i), path+"[]"); p != "" {
				return p
			}
		}
	case reflect.Interface:
		if !a.IsNil() && !b.IsNil() {
			return sharedRef(a.Elem(), b.Elem(), path+".(any)")
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if a.Type().Field(i).IsExported() {
				if p := sharedRef(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
					return p
				}
			}
		}
	}
	return ""
}

// TestDetachedCopiesEveryReference: detached returns a value equal to its
// input that shares no exported pointer, slice or map with it, at any
// depth, through recursive types, arrays and interfaces.
func TestDetachedCopiesEveryReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := genNode(3).Draw(t, "node")
		out := detached(in)
		if diff := cmp.Diff(in, out, cmp.AllowUnexported(node{})); diff != "" {
			t.Fatalf("the copy differs (-in +out):\n%s", diff)
		}
		if p := sharedRef(reflect.ValueOf(in), reflect.ValueOf(out), "node"); p != "" {
			t.Fatalf("the copy shares %s", p)
		}
	})
	var nilNode *node
	if detached(nilNode) != nil {
		t.Error("a nil pointer's copy is not nil")
	}
	if got := detached(node{}); !cmp.Equal(got, node{}, cmp.AllowUnexported(node{})) {
		t.Errorf("a zero node's copy is %+v", got)
	}
}
