package ecsstate

import (
	"reflect"
	"sync"
)

// detached returns a deep copy of v: every pointer, slice and map
// reachable from it is new. The world's operations detach the request
// they are given and the response they return, so the world never shares
// memory with its caller: a caller that edits a request after the call,
// or a response it got, cannot change the world, and the world never
// writes into the caller's values. Strings are immutable and are shared;
// so are the unexported fields of standard library structs (time.Time's
// location, which is never written).
func detached[T any](v T) T {
	var out T
	dst, src := reflect.ValueOf(&out).Elem(), reflect.ValueOf(&v).Elem()
	if c := copierOf(src.Type()); c != nil {
		c(dst, src)
	} else {
		dst.Set(src)
	}
	return out
}

// A copier deep-copies src into dst, both of the type it was built for;
// a nil copier stands for a flat type, which dst.Set copies whole. Every
// world operation detaches its request and response, so a copier is built
// once per type and walks only the fields that hold references: reading
// the type's shape again at every value cost the operations more than
// their own work.
type copier func(dst, src reflect.Value)

var (
	copiers  sync.Map // reflect.Type → copier, complete ones only
	copierMu sync.Mutex
)

// copyInto deep-copies src into dst.
func copyInto(dst, src reflect.Value) {
	if c := copierOf(src.Type()); c != nil {
		c(dst, src)
		return
	}
	dst.Set(src)
}

func copierOf(t reflect.Type) copier {
	if c, ok := copiers.Load(t); ok {
		return c.(copier)
	}
	copierMu.Lock()
	defer copierMu.Unlock()
	return buildCopier(t, map[reflect.Type]*copier{})
}

// buildCopier builds t's copier, and those of the types it holds, with
// copierMu held. building holds the types being built further up: a
// recursive type reaches itself, and calls its copier through the
// variable that will hold it.
func buildCopier(t reflect.Type, building map[reflect.Type]*copier) copier {
	if c, ok := copiers.Load(t); ok {
		return c.(copier)
	}
	if flat(t) {
		copiers.Store(t, copier(nil))
		return nil
	}
	if p, ok := building[t]; ok {
		return func(dst, src reflect.Value) { (*p)(dst, src) }
	}
	var c copier
	building[t] = &c
	defer delete(building, t)
	// set copies src into dst with the copier e of their type.
	set := func(e copier, dst, src reflect.Value) {
		if e == nil {
			dst.Set(src)
		} else {
			e(dst, src)
		}
	}
	switch t.Kind() {
	case reflect.Pointer:
		elem, et := buildCopier(t.Elem(), building), t.Elem()
		c = func(dst, src reflect.Value) {
			if src.IsNil() {
				return
			}
			n := reflect.New(et)
			set(elem, n.Elem(), src.Elem())
			dst.Set(n)
		}
	case reflect.Slice:
		elem := buildCopier(t.Elem(), building)
		c = func(dst, src reflect.Value) {
			if src.IsNil() {
				return
			}
			n := reflect.MakeSlice(t, src.Len(), src.Len())
			if elem == nil {
				reflect.Copy(n, src)
			} else {
				for i := range src.Len() {
					elem(n.Index(i), src.Index(i))
				}
			}
			dst.Set(n)
		}
	case reflect.Array:
		elem := buildCopier(t.Elem(), building)
		c = func(dst, src reflect.Value) {
			for i := range src.Len() {
				elem(dst.Index(i), src.Index(i))
			}
		}
	case reflect.Map:
		elem, et := buildCopier(t.Elem(), building), t.Elem()
		c = func(dst, src reflect.Value) {
			if src.IsNil() {
				return
			}
			n := reflect.MakeMapWithSize(t, src.Len())
			for it := src.MapRange(); it.Next(); {
				e := reflect.New(et).Elem()
				set(elem, e, it.Value())
				n.SetMapIndex(it.Key(), e)
			}
			dst.Set(n)
		}
	case reflect.Struct:
		// The exported fields that hold references; the rest come with
		// the struct's value (the unexported fields of standard library
		// types, such as time.Time's location, are shared).
		type field struct {
			i int
			c copier
		}
		var fields []field
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() {
				if fc := buildCopier(f.Type, building); fc != nil {
					fields = append(fields, field{i, fc})
				}
			}
		}
		c = func(dst, src reflect.Value) {
			dst.Set(src)
			for _, f := range fields {
				f.c(dst.Field(f.i), src.Field(f.i))
			}
		}
	case reflect.Interface:
		c = func(dst, src reflect.Value) {
			if src.IsNil() {
				return
			}
			e := reflect.New(src.Elem().Type()).Elem()
			copyInto(e, src.Elem())
			dst.Set(e)
		}
	default: // channels, functions, unsafe pointers: shared, as before
		c = func(dst, src reflect.Value) { dst.Set(src) }
	}
	copiers.Store(t, c)
	return c
}

// flatTypes caches flat's answer per type.
var flatTypes sync.Map // reflect.Type → bool

// flat reports whether values of t hold no pointer, slice, map or
// interface a copy would share.
func flat(t reflect.Type) bool {
	if v, ok := flatTypes.Load(t); ok {
		return v.(bool)
	}
	f := isFlat(t)
	flatTypes.Store(t, f)
	return f
}

func isFlat(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return false
	case reflect.Array:
		return isFlat(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if !isFlat(t.Field(i).Type) {
				return false
			}
		}
	}
	return true
}
