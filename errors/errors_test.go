package errors_test

import (
	"encoding/json"
	stderrors "errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
)

// TestDocumentedExceptionsHaveTheirHTTPStatus pins the status codes the API reference
// pages list for UpdateContainerAgent and UpdateService: every exception is
// HTTP 400 except ServerException, which is 500.
func TestDocumentedExceptionsHaveTheirHTTPStatus(t *testing.T) {
	cases := []struct {
		err    *ecserrors.Error
		code   string
		status int
	}{
		{ecserrors.ErrAccessDenied, "AccessDeniedException", 400},
		{ecserrors.ErrClient, "ClientException", 400},
		{ecserrors.ErrClusterNotFound, "ClusterNotFoundException", 400},
		{ecserrors.ErrInvalidParameter, "InvalidParameterException", 400},
		{ecserrors.ErrMissingVersion, "MissingVersionException", 400},
		{ecserrors.ErrNoUpdateAvailable, "NoUpdateAvailableException", 400},
		{ecserrors.ErrPlatformTaskDefinitionIncompatibility, "PlatformTaskDefinitionIncompatibilityException", 400},
		{ecserrors.ErrPlatformUnknown, "PlatformUnknownException", 400},
		{ecserrors.ErrServer, "ServerException", 500},
		{ecserrors.ErrServiceNotActive, "ServiceNotActiveException", 400},
		{ecserrors.ErrServiceNotFound, "ServiceNotFoundException", 400},
		{ecserrors.ErrUpdateInProgress, "UpdateInProgressException", 400},
	}
	for _, c := range cases {
		if got := string(c.err.Code()); got != c.code {
			t.Errorf("code = %q, want %q", got, c.code)
		}
		if got := c.err.HTTPStatus(); got != c.status {
			t.Errorf("%s: status = %d, want %d", c.code, got, c.status)
		}
	}
}

// TestSentinelCodesAreDistinctAndNamedAfterTheirException guards against a
// copy-paste slip in the sentinel table: two sentinels with one code would
// make errors.Is match the wrong exception.
func TestSentinelCodesAreDistinctAndNamedAfterTheirException(t *testing.T) {
	seen := map[ecserrors.Code]bool{}
	for _, e := range ecserrors.All() {
		if seen[e.Code()] {
			t.Errorf("duplicate code %s", e.Code())
		}
		seen[e.Code()] = true
		if len(e.Code()) < len("Exception") || e.Code()[len(e.Code())-len("Exception"):] != "Exception" {
			t.Errorf("code %q does not end in Exception", e.Code())
		}
	}
	// ECS exceptions beyond the two API references; all must be present.
	for _, c := range []string{"AttributeLimitExceededException", "LimitExceededException",
		"ResourceNotFoundException", "ResourceInUseException", "TargetNotFoundException",
		"UnsupportedFeatureException", "ServiceDeploymentNotFoundException", "ConflictException",
		"TaskSetNotFoundException", "NamespaceNotFoundException", "BlockedException"} {
		if !seen[ecserrors.Code(c)] {
			t.Errorf("missing sentinel for %s", c)
		}
	}
}

func anySentinel() *rapid.Generator[*ecserrors.Error] {
	return rapid.SampledFrom(ecserrors.All())
}

// TestIsMatchesByCodeWhateverTheMessage: errors.Is(New(c, m), ErrX) holds
// exactly when c is ErrX's code, also through fmt.Errorf wrapping.
func TestIsMatchesByCodeWhateverTheMessage(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := anySentinel().Draw(t, "a")
		b := anySentinel().Draw(t, "b")
		msg := rapid.String().Draw(t, "msg")
		err := fmt.Errorf("wrapped: %w", ecserrors.New(a.Code(), "%s", msg))
		if got, want := stderrors.Is(err, b), a.Code() == b.Code(); got != want {
			t.Fatalf("Is(%s, %s) = %v, want %v", a.Code(), b.Code(), got, want)
		}
		if got := ecserrors.CodeOf(err); got != a.Code() {
			t.Fatalf("CodeOf = %q, want %q", got, a.Code())
		}
	})
}

// TestJSONBodyRoundTrips: marshalling gives the AWS JSON 1.1 error body and
// Decode reads back the same code and message.
func TestJSONBodyRoundTrips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := anySentinel().Draw(t, "code")
		msg := rapid.String().Draw(t, "msg")
		e := ecserrors.New(s.Code(), "%s", msg)
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]string
		if err := json.Unmarshal(b, &body); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[string]string{"__type": string(s.Code()), "message": e.Message()}, body); diff != "" {
			t.Fatalf("wire body (-want +got):\n%s", diff)
		}
		back, err := ecserrors.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if back.Code() != e.Code() || back.Message() != e.Message() {
			t.Fatalf("round trip: got %v, want %v", back, e)
		}
	})
}

func TestDecodeStripsNamespaceAndSuffix(t *testing.T) {
	cases := map[string]ecserrors.Code{
		`{"__type":"com.amazonaws.ecs#ClusterNotFoundException","message":"Cluster not found."}`:           ecserrors.CodeClusterNotFound,
		`{"__type":"ServiceNotFoundException:http://internal.amazon.com/","Message":"Service not found."}`: ecserrors.CodeServiceNotFound,
		`{"__type":"aws.ecs#UpdateInProgressException:extra","message":"x"}`:                               ecserrors.CodeUpdateInProgress,
	}
	for body, want := range cases {
		e, err := ecserrors.Decode([]byte(body))
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if e.Code() != want || e.Message() == "" {
			t.Errorf("%s: got %q %q", body, e.Code(), e.Message())
		}
	}
	for _, bad := range []string{``, `{}`, `[]`, `{"__type":5}`, `{"__type":"#"}`, `{"__type":"X","message":1}`} {
		if _, err := ecserrors.Decode([]byte(bad)); err == nil {
			t.Errorf("Decode(%q) accepted bad input", bad)
		}
	}
}

func TestFaultIsServerOnlyForServerException(t *testing.T) {
	for _, e := range ecserrors.All() {
		want := ecserrors.FaultClient
		if e.Code() == ecserrors.CodeServer {
			want = ecserrors.FaultServer
		}
		if e.Fault() != want {
			t.Errorf("%s: fault %s, want %s", e.Code(), e.Fault(), want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"__type":"ClusterNotFoundException","message":"Cluster not found."}`))
	f.Add([]byte(`{"__type":"com.amazonaws.ecs#ServerException"}`))
	f.Add([]byte(`{"__type":":","Message":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := ecserrors.Decode(b)
		if err != nil {
			return
		}
		if e.Code() == "" {
			t.Fatal("decoded an error without a code")
		}
		out, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ecserrors.Decode(out)
		if err != nil || again.Code() != e.Code() || again.Message() != e.Message() {
			t.Fatalf("re-decode of %s: %v %v", out, again, err)
		}
	})
}

func Example() {
	err := ecserrors.New(ecserrors.CodeClusterNotFound, "Cluster %q not found.", "prod")
	fmt.Println(stderrors.Is(err, ecserrors.ErrClusterNotFound), err.HTTPStatus())
	body, _ := json.Marshal(err)
	fmt.Println(string(body))
	// Output:
	// true 400
	// {"__type":"ClusterNotFoundException","message":"Cluster \"prod\" not found."}
}

func ExampleDecode() {
	e, _ := ecserrors.Decode([]byte(`{"__type":"com.amazonaws.ecs#UpdateInProgressException","message":"busy"}`))
	fmt.Println(e.Code(), stderrors.Is(e, ecserrors.ErrUpdateInProgress))
	// Output: UpdateInProgressException true
}

// TestClipKeepsMessagesBoundedAndValid: a clipped value is at most
// MaxQuoted bytes plus the marker, is a prefix of the input, and stays
// valid UTF-8 when the input is.
func TestClipKeepsMessagesBoundedAndValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.String().Draw(t, "s")
		c := ecserrors.Clip(s)
		if len(s) <= ecserrors.MaxQuoted {
			if c != s {
				t.Fatalf("short value changed: %q → %q", s, c)
			}
			return
		}
		body := strings.TrimSuffix(c, "…")
		if len(body) > ecserrors.MaxQuoted || !strings.HasPrefix(s, body) || body == c {
			t.Fatalf("Clip(%q) = %q", s, c)
		}
		if !utf8.ValidString(c) {
			t.Fatalf("Clip split a character: %q", c)
		}
	})
}
