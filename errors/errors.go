// Package errors models the exceptions of the Amazon ECS API as one typed Go
// error.
//
// Every rejection the library makes is an *Error carrying the ECS exception
// name (its [Code]), a message in the style ECS writes, and whether the fault
// lies with the client (HTTP 400) or the server (HTTP 500). One sentinel per
// exception lets callers test for a kind of failure with the standard
// library's errors.Is, whatever the message:
//
//	if errors.Is(err, ecserrors.ErrUpdateInProgress) { … }
//
// An *Error marshals to the AWS JSON 1.1 error body that AWS SDKs turn into
// their typed exceptions, and [Decode] reads such a body back.
//
// The list of exceptions follows the ECS API reference, "Errors" section of
// each action and "Common Errors":
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/CommonErrors.html
package errors

import (
	"encoding/json"
	stderrors "errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Code is the name of an ECS exception exactly as it appears in the
// "__type" member of an error response, for example
// "ClusterNotFoundException".
type Code string

// The exception codes of the current ECS API.
const (
	CodeAccessDenied                          Code = "AccessDeniedException"
	CodeAttributeLimitExceeded                Code = "AttributeLimitExceededException"
	CodeBlocked                               Code = "BlockedException"
	CodeClient                                Code = "ClientException"
	CodeClusterContainsCapacityProvider       Code = "ClusterContainsCapacityProviderException"
	CodeClusterContainsContainerInstances     Code = "ClusterContainsContainerInstancesException"
	CodeClusterContainsServices               Code = "ClusterContainsServicesException"
	CodeClusterContainsTasks                  Code = "ClusterContainsTasksException"
	CodeClusterNotFound                       Code = "ClusterNotFoundException"
	CodeConflict                              Code = "ConflictException"
	CodeDaemonNotActive                       Code = "DaemonNotActiveException"
	CodeDaemonNotFound                        Code = "DaemonNotFoundException"
	CodeGatewayNotFound                       Code = "GatewayNotFoundException"
	CodeInvalidParameter                      Code = "InvalidParameterException"
	CodeLimitExceeded                         Code = "LimitExceededException"
	CodeMissingVersion                        Code = "MissingVersionException"
	CodeNamespaceNotFound                     Code = "NamespaceNotFoundException"
	CodeNoUpdateAvailable                     Code = "NoUpdateAvailableException"
	CodePlatformTaskDefinitionIncompatibility Code = "PlatformTaskDefinitionIncompatibilityException"
	CodePlatformUnknown                       Code = "PlatformUnknownException"
	CodeResourceInUse                         Code = "ResourceInUseException"
	CodeResourceNotFound                      Code = "ResourceNotFoundException"
	CodeServer                                Code = "ServerException"
	CodeServiceDeploymentNotFound             Code = "ServiceDeploymentNotFoundException"
	CodeServiceNotActive                      Code = "ServiceNotActiveException"
	CodeServiceNotFound                       Code = "ServiceNotFoundException"
	CodeTargetNotConnected                    Code = "TargetNotConnectedException"
	CodeTargetNotFound                        Code = "TargetNotFoundException"
	CodeTaskSetNotFound                       Code = "TaskSetNotFoundException"
	CodeUnsupportedFeature                    Code = "UnsupportedFeatureException"
	CodeUpdateInProgress                      Code = "UpdateInProgressException"
)

// Fault says which side of the API call caused an error.
type Fault string

const (
	// FaultClient marks errors caused by the request: HTTP 400.
	FaultClient Fault = "client"
	// FaultServer marks errors caused by ECS itself: HTTP 500.
	FaultServer Fault = "server"
)

// Error is an ECS exception. Build one with [New]; compare with errors.Is
// against a sentinel such as [ErrClusterNotFound]. The zero value is not
// useful.
type Error struct {
	code    Code
	message string
}

// New returns an ECS exception with the given code and a message formatted
// as by fmt.Sprintf.
func New(code Code, format string, args ...any) *Error {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &Error{code: code, message: msg}
}

// Code returns the ECS exception name, for example
// "ClusterNotFoundException"; "" for a nil *Error.
func (e *Error) Code() Code {
	if e == nil {
		return ""
	}
	return e.code
}

// Message returns the human-readable message of the exception; "" for a
// nil *Error.
func (e *Error) Message() string {
	if e == nil {
		return ""
	}
	return e.message
}

// Fault reports whether the client or the server is at fault. Only
// ServerException is a server fault in the ECS API.
func (e *Error) Fault() Fault {
	if e.Code() == CodeServer {
		return FaultServer
	}
	return FaultClient
}

// HTTPStatus returns the HTTP status code ECS answers with: 500 for a server
// fault, 400 otherwise.
func (e *Error) HTTPStatus() int {
	if e.Fault() == FaultServer {
		return 500
	}
	return 400
}

// Error formats the exception as the AWS SDKs do: "Code: message". A nil
// *Error formats as "<nil>", as fmt prints a nil pointer.
func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	if e.message == "" {
		return string(e.code)
	}
	return string(e.code) + ": " + e.message
}

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, ErrX) matches by code whatever the message.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t != nil && e != nil && t.code == e.code
}

// wireError is the AWS JSON 1.1 error body.
type wireError struct {
	Type    string `json:"__type"`
	Message string `json:"message"`
}

// MarshalJSON writes the AWS JSON 1.1 error body,
// {"__type":"ClusterNotFoundException","message":"…"}. A nil *Error
// marshals as null.
func (e *Error) MarshalJSON() ([]byte, error) {
	if e == nil {
		return []byte("null"), nil
	}
	return json.Marshal(wireError{Type: string(e.code), Message: e.message})
}

// UnmarshalJSON reads an AWS JSON 1.1 error body; see [Decode].
func (e *Error) UnmarshalJSON(b []byte) error {
	d, err := Decode(b)
	if err != nil {
		return err
	}
	*e = *d
	return nil
}

// Decode reads an AWS JSON 1.1 error body. The "__type" member may carry a
// Smithy namespace ("com.amazonaws.ecs#ClusterNotFoundException") or a
// trailing ":"-separated suffix, which are stripped the way AWS SDKs strip
// them; the message may be spelled "message" or "Message". Codes the library
// does not list are kept as they are.
func Decode(body []byte) (*Error, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("ecs error body: %w", err)
	}
	var typ string
	if v, ok := raw["__type"]; ok {
		if err := json.Unmarshal(v, &typ); err != nil {
			return nil, fmt.Errorf("ecs error body: __type: %w", err)
		}
	}
	if i := strings.LastIndexByte(typ, '#'); i >= 0 {
		typ = typ[i+1:]
	}
	if i := strings.IndexByte(typ, ':'); i >= 0 {
		typ = typ[:i]
	}
	typ = strings.TrimSpace(typ)
	if typ == "" {
		return nil, fmt.Errorf("ecs error body: no __type")
	}
	var msg string
	for _, k := range []string{"message", "Message"} {
		if v, ok := raw[k]; ok {
			if err := json.Unmarshal(v, &msg); err != nil {
				return nil, fmt.Errorf("ecs error body: %s: %w", k, err)
			}
			break
		}
	}
	return &Error{code: Code(typ), message: msg}, nil
}

// CodeOf returns the ECS exception code of the first *Error in err's tree
// (as the standard library's errors.As finds it, so errors.Join and
// multiple %w work), or "" when there is none or it is a nil *Error.
func CodeOf(err error) Code {
	var e *Error
	if stderrors.As(err, &e) && e != nil {
		return e.code
	}
	return ""
}

// MaxQuoted is how many bytes of a caller-supplied value [Clip] keeps.
const MaxQuoted = 100

// Clip shortens a caller-supplied value for quoting in an error message,
// so that hostile input cannot make messages unbounded. It keeps at most
// MaxQuoted bytes, cut at a character boundary, and marks a cut with "…".
func Clip(s string) string {
	if len(s) <= MaxQuoted {
		return s
	}
	cut := MaxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
