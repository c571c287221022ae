package model

import (
	"encoding/json"
	"errors"
	"fmt"
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
// [UnmarshalStrict] reports them instead, and a [Kept] keeps them for
// re-encoding.
//
// A member of the same name given twice keeps the last, as encoding/json
// does. Members of types with their own decoding (Time, json.RawMessage)
// are passed through as they are.
//
// Before decoding, Unmarshal checks the body with json.Valid and scans it
// once beside the types (no allocation per member, no copy unless a
// member is cut): on a 5,000-task DescribeTasks body it costs about what
// encoding/json alone does (BenchmarkUnmarshal).
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

// filter returns data with the object members t does not have by their
// exact name cut out, and lists them. It scans the bytes once, after
// json.Valid has vouched for them, and copies nothing when there is
// nothing to cut (the common case).
func filter(data []byte, t reflect.Type) ([]byte, []Unknown, error) {
	if t == nil || t.Kind() != reflect.Pointer {
		return nil, nil, errors.New("model: Unmarshal needs a non-nil pointer")
	}
	if !json.Valid(data) {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return nil, nil, err
		}
		return nil, nil, errors.New("model: invalid JSON")
	}
	s := &scanner{data: data}
	s.value(t.Elem())
	if len(s.cuts) == 0 {
		return data, s.unknown, nil
	}
	out := make([]byte, 0, len(data))
	at := 0
	for _, c := range s.cuts {
		out = append(out, data[at:c[0]]...)
		at = c[1]
	}
	return append(out, data[at:]...), s.unknown, nil
}

var (
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	opaqueCache     sync.Map // reflect.Type → bool (rawType is in gostring.go)
)

// opaque reports whether values of t are passed over as they are: types
// that decode themselves, raw JSON, and anything that is not a struct,
// slice, array or map (scalars, interfaces, []byte).
func opaque(t reflect.Type) bool {
	if v, ok := opaqueCache.Load(t); ok {
		return v.(bool)
	}
	o := true
	if t != rawType && !reflect.PointerTo(t).Implements(unmarshalerType) {
		switch t.Kind() {
		case reflect.Struct, reflect.Map:
			o = false
		case reflect.Slice, reflect.Array:
			o = t.Elem().Kind() == reflect.Uint8
		}
	}
	opaqueCache.Store(t, o)
	return o
}

// pathString renders the scanner's stack of raw member names (nil for a
// list item) as "deployments[].failedTask"; only for unknown members.
func pathString(stack [][]byte) string {
	var b strings.Builder
	for _, raw := range stack {
		if raw == nil {
			b.WriteString("[]")
			continue
		}
		key := string(raw)
		if strings.IndexByte(key, '\\') >= 0 {
			json.Unmarshal(append(append([]byte{'"'}, raw...), '"'), &key)
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(key)
	}
	return b.String()
}

// scanner walks valid JSON beside the model's types.
type scanner struct {
	data    []byte
	i       int
	cuts    [][2]int // byte ranges to cut, in order, not overlapping
	unknown []Unknown
	stack   [][]byte // where the scanner is: raw member names, nil for list items
}

func (s *scanner) ws() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// value scans one value at s.i; t is the model type there (nil: none).
func (s *scanner) value(t reflect.Type) {
	s.ws()
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t != nil && opaque(t) {
		t = nil
	}
	switch s.data[s.i] {
	case '{':
		if t != nil && (t.Kind() == reflect.Struct || t.Kind() == reflect.Map) {
			s.object(t)
			return
		}
	case '[':
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			s.i++
			s.ws()
			if s.data[s.i] == ']' {
				s.i++
				return
			}
			for {
				s.stack = append(s.stack, nil)
				s.value(t.Elem())
				s.stack = s.stack[:len(s.stack)-1]
				s.ws()
				if s.data[s.i] == ']' {
					s.i++
					return
				}
				s.i++ // ','
			}
		}
	}
	s.skip()
}

// skip passes over one value without looking inside.
func (s *scanner) skip() {
	depth := 0
	for {
		switch c := s.data[s.i]; c {
		case '"':
			s.str()
		case '{', '[':
			depth++
			s.i++
		case '}', ']':
			depth--
			s.i++
		default:
			// A literal or number: up to the next delimiter.
			for s.i < len(s.data) && !strings.ContainsRune(",}] \t\n\r", rune(s.data[s.i])) {
				s.i++
			}
		}
		s.ws()
		if depth == 0 || s.i >= len(s.data) {
			return
		}
		if c := s.data[s.i]; c == ',' || c == ':' {
			s.i++
			s.ws()
		}
	}
}

// str passes over a string and returns its raw contents (without quotes)
// and whether it has escapes.
func (s *scanner) str() ([]byte, bool) {
	start := s.i + 1
	esc := false
	for s.i = start; s.data[s.i] != '"'; s.i++ {
		if s.data[s.i] == '\\' {
			esc = true
			s.i++
		}
	}
	s.i++
	return s.data[start : s.i-1], esc
}

func (s *scanner) object(t reflect.Type) {
	var fields *fieldSet
	if t.Kind() == reflect.Struct {
		fields = fieldsOf(t)
	}
	s.i++ // '{'
	s.ws()
	if s.data[s.i] == '}' {
		s.i++
		return
	}
	keptComma := -1 // position of the comma after the last kept member
	for {
		keyStart := s.i
		raw, esc := s.str()
		var elem reflect.Type
		var key string
		switch {
		case t.Kind() == reflect.Map:
			elem = t.Elem()
		case esc:
			json.Unmarshal(s.data[keyStart:s.i], &key) // valid: json.Valid said so
			elem = fields.exact[key]
		default:
			elem = fields.exact[string(raw)] // no allocation for the lookup
		}
		s.ws()
		s.i++ // ':'
		if elem != nil {
			s.stack = append(s.stack, raw)
			s.value(elem)
			s.stack = s.stack[:len(s.stack)-1]
			s.ws()
			if s.data[s.i] == '}' {
				s.i++
				return
			}
			keptComma = s.i
			s.i++ // ','
			s.ws()
			continue
		}
		if !esc {
			key = string(raw)
		}
		s.unknown = append(s.unknown, Unknown{Path: pathString(append(s.stack, raw)), Near: fields.near(key)})
		s.skip()
		s.ws()
		if s.data[s.i] == ',' {
			s.i++
			s.ws()
			s.cut(keyStart, s.i) // the member and its comma
			continue
		}
		// The last member: cut from the comma after the last kept one, so
		// that no comma dangles (absorbing cuts of dropped members since).
		from := keyStart
		if keptComma >= 0 {
			from = keptComma
		}
		s.cut(from, s.i)
		s.i++ // '}'
		return
	}
}

func (s *scanner) cut(from, to int) {
	for len(s.cuts) > 0 && s.cuts[len(s.cuts)-1][0] >= from {
		s.cuts = s.cuts[:len(s.cuts)-1]
	}
	s.cuts = append(s.cuts, [2]int{from, to})
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
