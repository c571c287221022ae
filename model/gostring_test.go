package model

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestGoStringShowsValues: %#v of a value holding pointers prints the
// values pointed to, never an address, and the text is the Go expression
// that builds the value.
func TestGoStringShowsValues(t *testing.T) {
	ci := ContainerInstance{
		ContainerInstanceARN: "arn:aws:ecs:us-east-1:123456789012:container-instance/c/1",
		VersionInfo:          &VersionInfo{AgentVersion: "1.87.0"},
		RegisteredAt:         At(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)),
		Attributes:           []Attribute{{Name: AttributeCPUArchitecture, Value: "arm64"}},
	}
	svc := Service{ServiceName: "web", DesiredCount: 3, DeploymentConfiguration: &DeploymentConfiguration{
		MaximumPercent: Int32(200), DeploymentCircuitBreaker: &DeploymentCircuitBreaker{Enable: true}}}
	td := TaskDefinition{ContainerDefinitions: []ContainerDefinition{{Name: "app", Memory: Int32(512), Essential: Bool(true)}}}
	for _, c := range []struct {
		v    any
		want string
	}{
		{ci, `model.ContainerInstance{ContainerInstanceARN:"arn:aws:ecs:us-east-1:123456789012:container-instance/c/1", ` +
			`VersionInfo:&model.VersionInfo{AgentVersion:"1.87.0"}, Attributes:[]model.Attribute{model.Attribute{Name:"ecs.cpu-architecture", Value:"arm64"}}, ` +
			`RegisteredAt:model.At(time.Date(2026, time.January, 2, 3, 4, 5, 0, time.UTC))}`},
		{svc, `model.Service{ServiceName:"web", DesiredCount:3, DeploymentConfiguration:&model.DeploymentConfiguration{` +
			`DeploymentCircuitBreaker:&model.DeploymentCircuitBreaker{Enable:true}, MaximumPercent:new(int32(200))}}`},
		{td, `model.TaskDefinition{ContainerDefinitions:[]model.ContainerDefinition{model.ContainerDefinition{Name:"app", Memory:new(int32(512)), Essential:new(bool(true))}}}`},
		{[]Service{svc}, `[]model.Service{model.Service{ServiceName:"web", DesiredCount:3, DeploymentConfiguration:&model.DeploymentConfiguration{` +
			`DeploymentCircuitBreaker:&model.DeploymentCircuitBreaker{Enable:true}, MaximumPercent:new(int32(200))}}}`},
	} {
		got := fmt.Sprintf("%#v", c.v)
		if regexp.MustCompile(`0x[0-9a-f]{6,}`).MatchString(got) {
			t.Errorf("%%#v prints an address: %s", got)
		}
		if got != c.want {
			t.Errorf("%%#v:\n got %s\nwant %s", got, c.want)
		}
	}
}

// TestEveryPointerTypeHasGoString reads this package's source: every
// exported struct type with a pointer member (directly, or through a
// member type that has one) declares a GoString method, so none prints an
// address under %#v.
func TestEveryPointerTypeHasGoString(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	structs := map[string]*ast.StructType{}
	methods := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.IsExported() {
						if st, ok := ts.Type.(*ast.StructType); ok {
							structs[ts.Name.Name] = st
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv != nil && d.Name.Name == "GoString" {
					if id, ok := d.Recv.List[0].Type.(*ast.Ident); ok {
						methods[id.Name] = true
					}
				}
			}
		}
	}
	var holds func(e ast.Expr, seen map[string]bool) bool
	holds = func(e ast.Expr, seen map[string]bool) bool {
		switch e := e.(type) {
		case *ast.StarExpr:
			return true
		case *ast.ArrayType:
			return holds(e.Elt, seen)
		case *ast.MapType:
			return holds(e.Value, seen)
		case *ast.Ident:
			st, ok := structs[e.Name]
			if !ok || seen[e.Name] {
				return false
			}
			seen[e.Name] = true
			return slices.ContainsFunc(st.Fields.List, func(f *ast.Field) bool { return holds(f.Type, seen) })
		}
		return false
	}
	n := 0
	for name := range structs {
		if holds(ast.NewIdent(name), map[string]bool{}) {
			n++
			if !methods[name] {
				t.Errorf("%s holds a pointer but has no GoString method (add it to gostring_methods.go)", name)
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d types with pointers found; the scan is broken", n)
	}
}
