package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"
)

// Unmarshal decodes a JSON body (an ECS request or response, or any model
// value) into v the way ECS and the AWS SDKs read it, which is not the way
// encoding/json does: member names match exactly. encoding/json matches
// them without regard to case (and with Unicode folding, so "ſervice", with
// a long s, is read as "service"); ECS treats "ServiceName" as an unknown
// member, and with both desiredCount:1 and DesiredCount:5 in one body reads
// 1. Unmarshal drops every member whose name is not exactly a member of the
// type at that point, whatever its case, then decodes the rest with
// encoding/json. Unknown members are dropped, as encoding/json and ECS do;
// [UnmarshalStrict] reports them instead.
//
// A member of the same name given twice keeps the last, as encoding/json
// does. Members of types with their own decoding (Time, json.RawMessage)
// are passed through as they are.
//
// Unmarshal reads the body twice, once to filter and once to decode, which
// costs about twice what encoding/json alone does (BenchmarkUnmarshal).
func Unmarshal(data []byte, v any) error {
	filtered, _, err := filter(data, reflect.TypeOf(v))
	if err != nil {
		return err
	}
	return json.Unmarshal(filtered, v)
}

// UnmarshalStrict is [Unmarshal] that refuses a body with a member the
// model does not know (including one that differs from a known member only
// in case) with an *UnknownMembersError naming them all; v is then left
// unchanged.
func UnmarshalStrict(data []byte, v any) error {
	filtered, unknown, err := filter(data, reflect.TypeOf(v))
	if err != nil {
		return err
	}
	if len(unknown) > 0 {
		return &UnknownMembersError{Members: unknown}
	}
	return json.Unmarshal(filtered, v)
}

// Unknown is a member [UnmarshalStrict] found that the model does not
// have.
type Unknown struct {
	// Path locates the member: member names and [] for list items from
	// the top of the body, such as "deployments[].failedTask".
	Path string
	// Near is the member of the model whose name differs from this one
	// only in case ("" if none): "ServiceName" is near "serviceName".
	Near string
}

// UnknownMembersError is what [UnmarshalStrict] returns for a body with
// members the model does not know.
type UnknownMembersError struct {
	Members []Unknown
}

func (e *UnknownMembersError) Error() string {
	if e == nil || len(e.Members) == 0 {
		return "model: no unknown members"
	}
	var b strings.Builder
	b.WriteString("model: unknown members:")
	for i, m := range e.Members {
		if i == 5 {
			fmt.Fprintf(&b, " and %d more", len(e.Members)-5)
			break
		}
		fmt.Fprintf(&b, " %q", m.Path)
		if m.Near != "" {
			fmt.Fprintf(&b, " (member names are case-sensitive: not %q)", m.Near)
		}
	}
	return b.String()
}

// maxDepth bounds the nesting filter follows, as encoding/json does
// (10,000), so that a hostile body cannot exhaust the stack.
const maxDepth = 10000

// filter copies the JSON value in data, dropping object members that t
// does not have by their exact name, and lists them.
func filter(data []byte, t reflect.Type) ([]byte, []Unknown, error) {
	if t == nil || t.Kind() != reflect.Pointer {
		return nil, nil, errors.New("model: Unmarshal needs a non-nil pointer")
	}
	f := &filterer{dec: json.NewDecoder(bytes.NewReader(data))}
	f.dec.UseNumber() // numbers are copied as written, never through float64
	f.out.Grow(len(data))
	if err := f.value(t.Elem(), "", 0); err != nil {
		return nil, nil, err
	}
	if _, err := f.dec.Token(); err != io.EOF {
		return nil, nil, errors.New("model: invalid JSON: data after the top-level value")
	}
	return f.out.Bytes(), f.unknown, nil
}

type filterer struct {
	dec     *json.Decoder
	out     bytes.Buffer
	unknown []Unknown
}

var (
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	rawType         = reflect.TypeFor[json.RawMessage]()
)

// opaque reports whether values of t are copied as they are: types that
// decode themselves, raw JSON, and anything that is not a struct, slice,
// array or map of such (scalars, interfaces, []byte).
func opaque(t reflect.Type) bool {
	if t == rawType || reflect.PointerTo(t).Implements(unmarshalerType) {
		return true
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return false
	case reflect.Slice, reflect.Array:
		return t.Elem().Kind() == reflect.Uint8
	}
	return true
}

func (f *filterer) value(t reflect.Type, path string, depth int) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if depth > maxDepth {
		return errors.New("model: invalid JSON: nested too deeply")
	}
	if opaque(t) {
		var raw json.RawMessage
		if err := f.dec.Decode(&raw); err != nil {
			return fmt.Errorf("model: invalid JSON: %w", err)
		}
		f.out.Write(raw)
		return nil
	}
	tok, err := f.dec.Token()
	if err != nil {
		return fmt.Errorf("model: invalid JSON: %w", err)
	}
	switch tok {
	case json.Delim('{'):
		return f.object(t, path, depth)
	case json.Delim('['):
		f.out.WriteByte('[')
		for i := 0; f.dec.More(); i++ {
			if i > 0 {
				f.out.WriteByte(',')
			}
			var elem reflect.Type
			switch t.Kind() {
			case reflect.Slice, reflect.Array:
				elem = t.Elem()
			default:
				elem = rawType // a list where the model has none: encoding/json reports it
			}
			if err := f.value(elem, path+"[]", depth+1); err != nil {
				return err
			}
		}
		if _, err := f.dec.Token(); err != nil {
			return fmt.Errorf("model: invalid JSON: %w", err)
		}
		f.out.WriteByte(']')
		return nil
	}
	// A scalar where the model has an object or list: copy it and let
	// encoding/json report the mismatch.
	b, err := json.Marshal(tok)
	if err != nil {
		return err
	}
	if n, ok := tok.(json.Number); ok {
		b = []byte(n)
	}
	f.out.Write(b)
	return nil
}

func (f *filterer) object(t reflect.Type, path string, depth int) error {
	var fields *fieldSet
	if t.Kind() == reflect.Struct {
		fields = fieldsOf(t)
	}
	f.out.WriteByte('{')
	first := true
	for f.dec.More() {
		tok, err := f.dec.Token()
		if err != nil {
			return fmt.Errorf("model: invalid JSON: %w", err)
		}
		key := tok.(string) // the decoder guarantees a string key here
		var elem reflect.Type
		switch {
		case t.Kind() == reflect.Map:
			elem = t.Elem()
		case fields != nil:
			elem = fields.exact[key]
		default:
			elem = rawType // an object where the model has none
		}
		if elem == nil {
			var skip json.RawMessage
			if err := f.dec.Decode(&skip); err != nil {
				return fmt.Errorf("model: invalid JSON: %w", err)
			}
			f.unknown = append(f.unknown, Unknown{Path: join(path, key), Near: fields.near(key)})
			continue
		}
		if !first {
			f.out.WriteByte(',')
		}
		first = false
		k, _ := json.Marshal(key)
		f.out.Write(k)
		f.out.WriteByte(':')
		if err := f.value(elem, join(path, key), depth+1); err != nil {
			return err
		}
	}
	if _, err := f.dec.Token(); err != nil {
		return fmt.Errorf("model: invalid JSON: %w", err)
	}
	f.out.WriteByte('}')
	return nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// fieldSet is the members of a struct type by their exact JSON name.
type fieldSet struct {
	exact map[string]reflect.Type
	names []string // in declaration order
}

// near returns the member encoding/json would have matched key to: equal
// under Unicode case folding ("ſervice" and "service").
func (s *fieldSet) near(key string) string {
	if s == nil {
		return ""
	}
	for _, n := range s.names {
		if strings.EqualFold(n, key) {
			return n
		}
	}
	return ""
}

var fieldCache sync.Map // reflect.Type → *fieldSet

// fieldsOf lists the JSON members of a struct type as encoding/json names
// them: the tag's name, else the Go field name; "-" and unexported fields
// skipped; embedded structs' members promoted.
func fieldsOf(t reflect.Type) *fieldSet {
	if s, ok := fieldCache.Load(t); ok {
		return s.(*fieldSet)
	}
	s := &fieldSet{exact: map[string]reflect.Type{}}
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			ft := sf.Type
			if sf.Anonymous && name == "" {
				for ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					add(ft)
					continue
				}
			}
			if !sf.IsExported() {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			if _, dup := s.exact[name]; !dup {
				s.exact[name] = sf.Type
				s.names = append(s.names, name)
			}
		}
	}
	add(t)
	actual, _ := fieldCache.LoadOrStore(t, s)
	return actual.(*fieldSet)
}
