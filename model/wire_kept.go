package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"sync"
)

// Kept is a value decoded together with the body it came from, so that
// encoding it gives that body back: plain [Unmarshal] and encoding/json
// lose the members the model does not know (a member newer than the
// types, or AWS's own typo "taskkDefinition" in a published example) and
// the omitempty members ECS always sends at false or zero
// (enableExecuteCommand:false, deployments[].failedTasks:0,
// capacityProviderStrategy[].base:0), and encoding/json adds the members
// that have no omitempty (version:0) where the body had none.
//
// Decoding a Kept (with encoding/json or [Unmarshal]) decodes Value as
// [Unmarshal] does (exact member names) and keeps a copy of the body in
// Body. Encoding it (MarshalJSON) follows Body wherever Body still says
// what Value holds:
//
//   - a part of the body that decodes to the matching part of Value comes
//     back as it was, unknown members, false and zero members included;
//   - in an object that changed, the members come back in the body's
//     order: known members with Value's current value (even false, zero
//     or null: a member the body had stays), unknown members as they
//     were; then the known members the body lacked, in struct order, only
//     if Value now holds something other than the zero value their
//     absence decoded to;
//   - list items pair with the body's by position; extra items, and
//     values with no body (a Kept built in Go, Body empty), are encoded
//     by encoding/json.
//
// Kept is a wrapper rather than state inside every model struct so that
// model values stay comparable with == and go-cmp, and built values
// encode exactly as before; the price is that only the top of a decoded
// body carries the original, which is what re-encoding needs.
type Kept[T any] struct {
	Value T
	// Body is the JSON the value was decoded from, as it was.
	Body json.RawMessage
}

// UnmarshalJSON decodes data into k.Value with [Unmarshal] and keeps a
// copy of data in k.Body.
func (k *Kept[T]) UnmarshalJSON(data []byte) error {
	var v T
	if err := Unmarshal(data, &v); err != nil {
		return err
	}
	k.Value, k.Body = v, bytes.Clone(data)
	return nil
}

// MarshalJSON encodes k.Value following k.Body, as [Kept] describes; a
// Body that is not valid JSON is an error.
func (k Kept[T]) MarshalJSON() ([]byte, error) {
	v := reflect.ValueOf(&k.Value).Elem()
	if len(bytes.TrimSpace(k.Body)) == 0 {
		return json.Marshal(v.Interface())
	}
	if !json.Valid(k.Body) {
		return nil, errors.New("model: Kept.Body is not valid JSON")
	}
	return keep(nil, bytes.TrimSpace(k.Body), v)
}

// keepWhole turns off the check that a whole object or list still decodes
// to the value (tests use it to drive the member-by-member path).
var keepWhole = true

// keep appends v's encoding to buf following orig, a valid JSON value
// without surrounding space.
func keep(buf, orig []byte, v reflect.Value) ([]byte, error) {
	t := v.Type()
	if (keepWhole || opaque(derefType(t))) && decodesTo(orig, v) {
		return append(buf, orig...), nil
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return append(buf, "null"...), nil
		}
		v = v.Elem()
	}
	t = v.Type()
	switch {
	case opaque(t):
	case t.Kind() == reflect.Struct && orig[0] == '{':
		return keepStruct(buf, orig, v)
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String && orig[0] == '{' && !v.IsNil():
		return keepMap(buf, orig, v)
	case (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && orig[0] == '[':
		if t.Kind() == reflect.Slice && v.IsNil() {
			break // null, as encoding/json says
		}
		elems := elementsOf(orig)
		buf = append(buf, '[')
		for i := range v.Len() {
			if i > 0 {
				buf = append(buf, ',')
			}
			var err error
			if i < len(elems) {
				buf, err = keep(buf, elems[i], v.Index(i))
			} else {
				buf, err = appendJSON(buf, v.Index(i))
			}
			if err != nil {
				return nil, err
			}
		}
		return append(buf, ']'), nil
	}
	return appendJSON(buf, v)
}

func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// decodesTo reports whether orig decodes (as Unmarshal reads it) to v.
func decodesTo(orig []byte, v reflect.Value) bool {
	p := reflect.New(v.Type())
	if err := Unmarshal(orig, p.Interface()); err != nil {
		return false
	}
	return reflect.DeepEqual(p.Elem().Interface(), v.Interface())
}

func appendJSON(buf []byte, v reflect.Value) ([]byte, error) {
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return nil, err
	}
	return append(buf, b...), nil
}

func keepStruct(buf, orig []byte, v reflect.Value) ([]byte, error) {
	fields := keptFieldsOf(v.Type())
	ms := membersOf(orig)
	last := map[string]int{} // a name given twice counts once, where it last stood
	for i, m := range ms {
		if _, ok := fields.index[m.name]; ok {
			last[m.name] = i
		}
	}
	buf = append(buf, '{')
	n := 0
	for i, m := range ms {
		f, known := fields.index[m.name]
		if known && last[m.name] != i {
			continue
		}
		if n > 0 {
			buf = append(buf, ',')
		}
		n++
		buf = append(append(buf, m.rawKey...), ':')
		if !known {
			buf = append(buf, m.value...)
			continue
		}
		fv, err := v.FieldByIndexErr(f)
		if err != nil { // behind a nil embedded pointer: as absence decodes
			fv = reflect.Zero(v.Type().FieldByIndex(f).Type)
		}
		if buf, err = keep(buf, m.value, fv); err != nil {
			return nil, err
		}
	}
	for _, name := range fields.names {
		if _, present := last[name]; present {
			continue
		}
		fv, err := v.FieldByIndexErr(fields.index[name])
		if err != nil || fv.IsZero() {
			continue // what the absent member decoded to: stays absent
		}
		if n > 0 {
			buf = append(buf, ',')
		}
		n++
		key, _ := json.Marshal(name)
		buf = append(append(buf, key...), ':')
		if buf, err = appendJSON(buf, fv); err != nil {
			return nil, err
		}
	}
	return append(buf, '}'), nil
}

func keepMap(buf, orig []byte, v reflect.Value) ([]byte, error) {
	ms := membersOf(orig)
	done := map[string]bool{}
	last := map[string]int{}
	for i, m := range ms {
		last[m.name] = i
	}
	buf = append(buf, '{')
	n := 0
	for i, m := range ms {
		mv := v.MapIndex(reflect.ValueOf(m.name).Convert(v.Type().Key()))
		if !mv.IsValid() || last[m.name] != i {
			continue // deleted since, or given again later
		}
		done[m.name] = true
		if n > 0 {
			buf = append(buf, ',')
		}
		n++
		buf = append(append(buf, m.rawKey...), ':')
		var err error
		if buf, err = keep(buf, m.value, mv); err != nil {
			return nil, err
		}
	}
	var rest []string
	for _, k := range v.MapKeys() {
		if !done[k.String()] {
			rest = append(rest, k.String())
		}
	}
	slices.Sort(rest) // as encoding/json orders map keys
	for _, k := range rest {
		if n > 0 {
			buf = append(buf, ',')
		}
		n++
		key, _ := json.Marshal(k)
		buf = append(append(buf, key...), ':')
		var err error
		if buf, err = appendJSON(buf, v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key()))); err != nil {
			return nil, err
		}
	}
	return append(buf, '}'), nil
}

// member is one member of a JSON object as it stood.
type member struct {
	rawKey []byte // with its quotes
	name   string // decoded
	value  []byte
}

// membersOf splits a valid JSON object into its members.
func membersOf(obj []byte) []member {
	s := &scanner{data: obj, i: 1}
	s.ws()
	var ms []member
	for s.data[s.i] != '}' {
		start := s.i
		raw, esc := s.str()
		name := string(raw)
		if esc {
			json.Unmarshal(s.data[start:s.i], &name)
		}
		rawKey := s.data[start:s.i]
		s.ws()
		s.i++ // ':'
		s.ws()
		vs := s.i
		s.skip()
		ms = append(ms, member{rawKey: rawKey, name: name, value: bytes.TrimSpace(s.data[vs:s.i])})
		if s.data[s.i] == ',' {
			s.i++
			s.ws()
		}
	}
	return ms
}

// elementsOf splits a valid JSON array into its items.
func elementsOf(arr []byte) [][]byte {
	s := &scanner{data: arr, i: 1}
	s.ws()
	var es [][]byte
	for s.data[s.i] != ']' {
		vs := s.i
		s.skip()
		es = append(es, bytes.TrimSpace(s.data[vs:s.i]))
		if s.data[s.i] == ',' {
			s.i++
			s.ws()
		}
	}
	return es
}

// keptFields is a struct type's JSON members with their field index.
type keptFields struct {
	index map[string][]int
	names []string // in struct order
}

var keptFieldCache sync.Map // reflect.Type → *keptFields

func keptFieldsOf(t reflect.Type) *keptFields {
	if f, ok := keptFieldCache.Load(t); ok {
		return f.(*keptFields)
	}
	f := &keptFields{index: map[string][]int{}}
	for _, name := range fieldsOf(t).names {
		sf, ok := fieldByJSONName(t, name)
		if !ok {
			continue
		}
		f.index[name] = sf
		f.names = append(f.names, name)
	}
	actual, _ := keptFieldCache.LoadOrStore(t, f)
	return actual.(*keptFields)
}

// fieldByJSONName finds the index path of the field encoding/json names
// name, the way fieldsOf walks the type (first match, depth first).
func fieldByJSONName(t reflect.Type, name string) ([]int, bool) {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		n, _, _ := bytes.Cut([]byte(tag), []byte(","))
		ft := derefType(sf.Type)
		if sf.Anonymous && len(n) == 0 && ft.Kind() == reflect.Struct {
			if sub, ok := fieldByJSONName(ft, name); ok {
				return append([]int{i}, sub...), true
			}
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if len(n) == 0 {
			n = []byte(sf.Name)
		}
		if string(n) == name {
			return []int{i}, true
		}
	}
	return nil, false
}
