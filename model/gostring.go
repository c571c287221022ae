package model

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// goSyntax writes v as a Go expression that builds it: what %#v prints,
// except that pointers show the value they point to (new(int32(5)),
// &DeploymentConfiguration{…}) rather than an address, and zero fields are
// left out. Test failures (rapid logs every drawn value with %#v, go-cmp
// reports) then show values a reader can compare and paste back.
func goSyntax(v any) string {
	var b strings.Builder
	writeGo(&b, reflect.ValueOf(v), true)
	return b.String()
}

var (
	goStringer = reflect.TypeFor[fmt.GoStringer]()
	timeType   = reflect.TypeFor[Time]()
	rawType    = reflect.TypeFor[json.RawMessage]()
)

// writeGo writes v; top is true for the value whose own GoString method
// is running (calling it again would not end).
func writeGo(b *strings.Builder, v reflect.Value, top bool) {
	if !v.IsValid() {
		b.WriteString("nil")
		return
	}
	t := v.Type()
	switch {
	case t == timeType:
		tm := v.Interface().(Time)
		if tm.IsZero() {
			b.WriteString("model.Time{}")
		} else {
			b.WriteString("model.At(" + tm.Time.GoString() + ")")
		}
		return
	case t == rawType:
		if v.IsNil() {
			b.WriteString("json.RawMessage(nil)")
		} else {
			b.WriteString("json.RawMessage(" + strconv.Quote(string(v.Bytes())) + ")")
		}
		return
	case !top && t.Kind() != reflect.Pointer && t.Implements(goStringer) && v.CanInterface():
		b.WriteString(v.Interface().(fmt.GoStringer).GoString())
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		if t.Elem().Kind() == reflect.Struct {
			b.WriteString("&")
			writeGo(b, v.Elem(), false)
			return
		}
		b.WriteString("new(")
		e := v.Elem()
		switch e.Kind() {
		case reflect.Struct, reflect.Slice, reflect.Map, reflect.Array, reflect.Pointer, reflect.Interface:
			writeGo(b, e, false)
		default:
			fmt.Fprintf(b, "%s(%#v)", e.Type(), e.Interface())
		}
		b.WriteString(")")
	case reflect.Struct:
		b.WriteString(t.String() + "{")
		first := true
		for i := range t.NumField() {
			f := v.Field(i)
			if !t.Field(i).IsExported() || f.IsZero() {
				continue
			}
			if !first {
				b.WriteString(", ")
			}
			first = false
			b.WriteString(t.Field(i).Name + ":")
			writeGo(b, f, false)
		}
		b.WriteString("}")
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && v.IsNil() {
			b.WriteString(t.String() + "(nil)")
			return
		}
		b.WriteString(t.String() + "{")
		for i := range v.Len() {
			if i > 0 {
				b.WriteString(", ")
			}
			writeGo(b, v.Index(i), false)
		}
		b.WriteString("}")
	case reflect.Map:
		if v.IsNil() {
			b.WriteString(t.String() + "(nil)")
			return
		}
		b.WriteString(t.String() + "{")
		keys := v.MapKeys()
		slices.SortFunc(keys, func(x, y reflect.Value) int { return strings.Compare(fmt.Sprint(x), fmt.Sprint(y)) })
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			writeGo(b, k, false)
			b.WriteString(": ")
			writeGo(b, v.MapIndex(k), false)
		}
		b.WriteString("}")
	case reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		writeGo(b, v.Elem(), false)
	default:
		if v.CanInterface() {
			fmt.Fprintf(b, "%#v", v.Interface())
		} else {
			fmt.Fprintf(b, "%v", v)
		}
	}
}
