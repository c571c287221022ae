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
	copyInto(reflect.ValueOf(&out).Elem(), reflect.ValueOf(&v).Elem())
	return out
}

func copyInto(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		n := reflect.New(src.Type().Elem())
		copyInto(n.Elem(), src.Elem())
		dst.Set(n)
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		n := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		if flat(src.Type().Elem()) {
			reflect.Copy(n, src)
		} else {
			for i := range src.Len() {
				copyInto(n.Index(i), src.Index(i))
			}
		}
		dst.Set(n)
	case reflect.Map:
		if src.IsNil() {
			return
		}
		n := reflect.MakeMapWithSize(src.Type(), src.Len())
		for it := src.MapRange(); it.Next(); {
			e := reflect.New(src.Type().Elem()).Elem()
			copyInto(e, it.Value())
			n.SetMapIndex(it.Key(), e)
		}
		dst.Set(n)
	case reflect.Struct:
		dst.Set(src)
		for i := range src.NumField() {
			if f := dst.Field(i); f.CanSet() && !flat(f.Type()) {
				copyInto(f, src.Field(i))
			}
		}
	case reflect.Interface:
		if src.IsNil() {
			return
		}
		e := reflect.New(src.Elem().Type()).Elem()
		copyInto(e, src.Elem())
		dst.Set(e)
	default:
		dst.Set(src)
	}
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
