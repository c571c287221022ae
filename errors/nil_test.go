package errors_test

import (
	"encoding/json"
	stderrors "errors"
	"fmt"
	"testing"

	ecserrors "github.com/ecsstate/ecsstate/errors"
)

// TestNilError: a nil *Error, bare, in an interface, wrapped or joined,
// never panics; it has no code.
func TestNilError(t *testing.T) {
	var typedNil *ecserrors.Error
	found := ecserrors.New(ecserrors.CodeClusterNotFound, "Cluster not found.")
	cases := []struct {
		name string
		err  error
		want ecserrors.Code
	}{
		{"untyped nil", nil, ""},
		{"typed nil", typedNil, ""},
		{"wrapped typed nil", fmt.Errorf("ctx: %w", typedNil), ""},
		{"plain error", stderrors.New("x"), ""},
		{"wrapped", fmt.Errorf("ctx: %w", found), ecserrors.CodeClusterNotFound},
		{"joined after a plain error", stderrors.Join(stderrors.New("x"), found), ecserrors.CodeClusterNotFound},
		{"two %w", fmt.Errorf("%w and %w", stderrors.New("x"), found), ecserrors.CodeClusterNotFound},
	}
	for _, c := range cases {
		if got := ecserrors.CodeOf(c.err); got != c.want {
			t.Errorf("%s: CodeOf = %q, want %q", c.name, got, c.want)
		}
	}
	if typedNil.Code() != "" || typedNil.Message() != "" || typedNil.Error() != "<nil>" || typedNil.Fault() != ecserrors.FaultClient || typedNil.HTTPStatus() != 400 {
		t.Errorf("nil *Error: code %q, message %q, Error %q", typedNil.Code(), typedNil.Message(), typedNil.Error())
	}
	if typedNil.Is(found) || found.Is(typedNil) {
		t.Error("a nil *Error matches a real one")
	}
	if b, err := json.Marshal(typedNil); err != nil || string(b) != "null" {
		t.Errorf("json.Marshal(nil *Error) = %s, %v; want null", b, err)
	}
}
