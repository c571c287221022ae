package ecsstate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// The ECS wire protocol is AWS JSON 1.1: every call is a POST whose
// X-Amz-Target header names the operation and whose body is the request
// as JSON; the answer is the response as JSON, or an error body
// {"__type":"<exception>","message":"…"} with the exception's HTTP status.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/Welcome.html
// https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
const (
	// TargetPrefix is the part of X-Amz-Target before the operation name.
	TargetPrefix = "AmazonEC2ContainerServiceV20141113."
	// ContentType is the media type of ECS request and response bodies.
	ContentType = "application/x-amz-json-1.1"
	// DefaultMaxBodyBytes is the largest request body a [Handler] reads
	// when its options set none: 1 MiB, sixteen times the largest task
	// definition ECS accepts (64 KiB).
	// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html
	DefaultMaxBodyBytes = 1 << 20
	// ControlPrefix is the path under which a [Handler] serves its control
	// API (time, timeline, reset, load) beside the ECS API.
	ControlPrefix = "/_ecsstate/"
)

// The exceptions the endpoint answers with before a request reaches the
// world. They come from AWS's service framework rather than from ECS's
// model, so AWS writes their __type with the framework's namespace
// ("com.amazon.coral.service#…"); SDKs strip it. The X-Amzn-ErrorType
// header carries the bare code.
const (
	// CodeUnknownOperation: X-Amz-Target names no ECS operation, the
	// method is not POST, or the content type is not JSON.
	CodeUnknownOperation ecserrors.Code = "UnknownOperationException"
	// CodeSerialization: the body is not one JSON object of the
	// operation's request shape, or it is too large.
	CodeSerialization ecserrors.Code = "SerializationException"
)

const coralNamespace = "com.amazon.coral.service#"

// HandlerOptions configure a [Handler].
type HandlerOptions struct {
	// Clock, when set, makes virtual time follow the caller's clock
	// (wall-clock mode): before each request the world advances to
	// where Speed has carried it since the handler was made (or since the
	// control API last moved, reset or loaded it). The handler reads no
	// clock of its own: a program passes time.Now. Without Clock, time
	// moves only through the control API (virtual mode). One request
	// catches up at most [MaxControlAdvance] of virtual time; past that,
	// virtual time lags the clock.
	Clock func() time.Time
	// Speed is how many virtual seconds pass per second of Clock; zero
	// means 1. At 60, a waiter that polls every 15 seconds sees 15
	// minutes of the cluster's life between two polls.
	Speed float64
	// MaxBodyBytes caps the request body; zero means
	// [DefaultMaxBodyBytes]. A larger body is answered with HTTP 413
	// and a SerializationException body.
	MaxBodyBytes int64
	// NoControl hides the control API: paths under [ControlPrefix] are
	// then answered like any other ECS request.
	NoControl bool
	// OnCall, when set, sees every request once it is answered (under the
	// handler's lock, so calls arrive one at a time and in order).
	OnCall func(Call)
}

// Call is what a [Handler] tells [HandlerOptions.OnCall] about one
// request.
type Call struct {
	// RequestID is the x-amzn-RequestId the handler answered with.
	RequestID string
	// Operation is the ECS operation ("UpdateService"), or the control
	// path ("/_ecsstate/advance"), or "" when X-Amz-Target named none.
	Operation string
	// Status is the HTTP status of the answer.
	Status int
	// Code is the exception's code when the call failed.
	Code ecserrors.Code
	// Message is the exception's message when the call failed.
	Message string
	// Now is the world's virtual time when the call was answered.
	Now time.Time
}

// Handler serves a [World] as an Amazon ECS endpoint: an AWS SDK or the AWS
// CLI pointed at it (an endpoint URL override; any
// credentials, the handler checks no signature) drives the world through
// the ECS API. It serves every operation the world has, one request at a
// time, so concurrent clients are safe; an operation ECS has but the
// world lacks is an UnsupportedFeatureException, a name ECS does not have
// an UnknownOperationException. No input makes it panic or answer 500:
// only a failure inside the world (a bug) is a ServerException.
//
// Beside the ECS API it serves a small control API under [ControlPrefix]
// (see [Handler.ServeHTTP]) to move virtual time, read the timeline, reset
// the world or load one from describe-* output.
type Handler struct {
	mu      sync.Mutex
	world   *World
	initial *World
	opts    HandlerOptions
	seq     uint64 // requests answered
	seenSeq uint64 // see lastSeq

	// In wall-clock mode, virtual time anchorVirtual corresponds to
	// clock reading anchorWall.
	anchorWall, anchorVirtual time.Time
}

// NewHandler returns a handler serving w. The handler owns w from then
// on: use [Handler.Do] to reach it while the handler serves. A reset
// (POST /_ecsstate/reset) returns the world to a copy of w as it is now.
func NewHandler(w *World, opts HandlerOptions) *Handler {
	if opts.Speed <= 0 || math.IsNaN(opts.Speed) || math.IsInf(opts.Speed, 0) {
		opts.Speed = 1
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	h := &Handler{world: w, initial: w.Clone(), opts: opts}
	h.anchor()
	return h
}

// Do runs f with the handler's world, between two requests. f must not
// keep the world after it returns.
func (h *Handler) Do(f func(*World)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.follow()
	f(h.world)
	h.anchor()
}

// anchor ties the world's present to the clock's present.
func (h *Handler) anchor() {
	if h.opts.Clock != nil {
		h.anchorWall, h.anchorVirtual = h.opts.Clock(), h.world.Now()
	}
}

// follow advances the world to the virtual time the clock says (in
// wall-clock mode). A clock that goes back leaves the world where it is.
func (h *Handler) follow() error {
	if h.opts.Clock == nil {
		return nil
	}
	elapsed := h.opts.Clock().Sub(h.anchorWall)
	if elapsed <= 0 {
		return nil
	}
	v := float64(elapsed) * h.opts.Speed
	d := time.Duration(math.MaxInt64)
	if v < float64(math.MaxInt64) {
		d = time.Duration(v)
	}
	target := h.anchorVirtual.Add(d)
	if !target.After(h.world.Now()) {
		return nil
	}
	if target.Sub(h.world.Now()) > MaxControlAdvance {
		// An endpoint left idle for long at a high speed would owe years
		// of scheduler runs: it catches up a week, and virtual time goes
		// on from there.
		if err := h.world.Advance(MaxControlAdvance); err != nil {
			return err
		}
		h.anchor()
		return nil
	}
	return h.world.AdvanceTo(target)
}

// operation runs one ECS operation on the world from a request body.
type operation func(w *World, body []byte) (any, error)

// op adapts a world method to an [operation]: decode the body into the
// request type, call, return the response for encoding.
func op[Req, Resp any](f func(*World, Req) (Resp, error)) operation {
	return func(w *World, body []byte) (any, error) {
		var req Req
		if err := decodeRequest(body, &req); err != nil {
			return nil, err
		}
		resp, err := f(w, req)
		if err != nil {
			return nil, err
		}
		return resp, nil
	}
}

// decodeRequest reads exactly one JSON object into req. Members the
// request type does not have are ignored, as AWS JSON protocols require
// of both sides so that a client built from a newer API model still works
// (https://smithy.io/2.0/guides/evolving-models.html); a member of the
// wrong JSON type, trailing data, or anything but an object is a
// SerializationException, as ECS answers.
func decodeRequest(body []byte, req any) error {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return ecserrors.New(CodeSerialization, "The request body must be a JSON object.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	decode := dec.Decode
	valid := json.Valid(body)
	if valid {
		// Member names match exactly, as ECS and the SDKs read them;
		// encoding/json alone folds case ("DesiredCount" would be read).
		decode = func(v any) error { return model.Unmarshal(body, v) }
	}
	if err := decode(req); err != nil {
		var ee *ecserrors.Error
		if errors.As(err, &ee) {
			return ee // a model type's own rule, e.g. a bad timestamp
		}
		return ecserrors.New(CodeSerialization, "%s", ecserrors.Clip(jsonProblem(err)))
	}
	if _, err := dec.Token(); !valid && err != io.EOF {
		return ecserrors.New(CodeSerialization, "The request body has data after its JSON object.")
	}
	return nil
}

// jsonProblem says what is wrong with a body in the terms of the request
// shape, without Go type names.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return fmt.Sprintf("The member %q cannot take a JSON %s.", te.Field, te.Value)
		}
		return fmt.Sprintf("The request cannot take a JSON %s.", te.Value)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("The request body is not valid JSON at byte %d.", se.Offset)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "The request body ends before its JSON object does."
	}
	return "The request body cannot be read: " + err.Error()
}

// ServeHTTP answers one request.
//
// ECS API: POST (any path outside [ControlPrefix]) with X-Amz-Target
// "AmazonEC2ContainerServiceV20141113.<Operation>", Content-Type
// application/x-amz-json-1.1 (application/x-amz-json-1.0 and
// application/json are taken too, as AWS does), and the request as one
// JSON object. The answer is 200 with the response, or the exception's
// status with {"__type":…,"message":…}, an X-Amzn-ErrorType header, and
// always an x-amzn-RequestId header. A request that is not a POST of
// JSON is answered 404 UnknownOperationException, as AWS's JSON endpoints
// answer one they cannot route, but always with the JSON error body (AWS's
// is not JSON there), so that every error a client sees has one form.
//
// Control API (unless [HandlerOptions.NoControl]); every answer but the
// text timeline is JSON and tells the world's virtual time as "now":
//
//	GET  /_ecsstate/status                      {"now","mode","speed","timelineSeq"}
//	POST /_ecsstate/advance?d=30s               advance by a Go duration (or ?to=RFC 3339 time)
//	POST /_ecsstate/run-until-steady?limit=1h   advance until every ACTIVE service is stable
//	                                            as the ServicesStable waiter sees it
//	                                            (optional cluster=…); {"steady":true|false}
//	GET  /_ecsstate/timeline?since=N            the records after N; &format=text: one a line
//	POST /_ecsstate/reset                       back to the world the handler was made with (or last loaded)
//	POST /_ecsstate/load                        replace the world with one Load rebuilds from the
//	                                            describe-* outputs in the body (JSON documents one
//	                                            after the other, or an array); {"warnings":[…]}
//	POST /_ecsstate/alarm?name=N&state=ALARM    set a CloudWatch alarm's state (OK, ALARM,
//	                                            INSUFFICIENT_DATA) and/or its window
//	                                            (&period=60s&evaluationPeriods=3), see World.SetAlarmState
//
// In wall-clock mode the control API moves the world as in virtual mode,
// and virtual time then goes on from where it left the world.
func (h *Handler) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seq++
	call := Call{RequestID: requestID(h.seq)}
	rw.Header().Set("X-Amzn-Requestid", call.RequestID)
	defer func() {
		if p := recover(); p != nil {
			// A bug, never input: say so as ECS says its own faults.
			h.writeError(rw, &call, http.StatusInternalServerError,
				ecserrors.New(ecserrors.CodeServer, "ecsstate: internal error: %v", p))
		}
		call.Now = h.world.Now()
		if h.opts.OnCall != nil {
			h.opts.OnCall(call)
		}
	}()
	if !h.opts.NoControl && strings.HasPrefix(r.URL.Path, ControlPrefix) {
		call.Operation = ControlPrefix + strings.TrimPrefix(r.URL.Path, ControlPrefix)
		h.control(rw, r, &call)
		return
	}
	h.serveECS(rw, r, &call)
}

func (h *Handler) serveECS(rw http.ResponseWriter, r *http.Request, call *Call) {
	target := r.Header.Get("X-Amz-Target")
	name, ok := strings.CutPrefix(target, TargetPrefix)
	if ok {
		call.Operation = ecserrors.Clip(name)
	}
	if r.Method != http.MethodPost {
		h.writeError(rw, call, http.StatusNotFound, ecserrors.New(CodeUnknownOperation, "The endpoint serves the ECS API with POST only, not %s.", ecserrors.Clip(r.Method)))
		return
	}
	if !jsonContentType(r.Header.Get("Content-Type")) {
		h.writeError(rw, call, http.StatusNotFound, ecserrors.New(CodeUnknownOperation, "The content type must be %s.", ContentType))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(rw, r.Body, h.opts.MaxBodyBytes))
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			h.writeError(rw, call, http.StatusRequestEntityTooLarge, ecserrors.New(CodeSerialization, "The request body is larger than %d bytes.", mb.Limit))
			return
		}
		h.writeError(rw, call, http.StatusBadRequest, ecserrors.New(CodeSerialization, "The request body cannot be read."))
		return
	}
	run, known := operations[name]
	if !ok || !known {
		if ok && unimplemented[name] {
			h.writeError(rw, call, http.StatusBadRequest, ecserrors.New(ecserrors.CodeUnsupportedFeature, "ecsstate does not implement %s.", name))
			return
		}
		h.writeError(rw, call, http.StatusBadRequest, ecserrors.New(CodeUnknownOperation, "X-Amz-Target %q names no ECS operation.", ecserrors.Clip(target)))
		return
	}
	if err := h.follow(); err != nil {
		h.writeError(rw, call, 0, err)
		return
	}
	resp, err := run(h.world, body)
	if err != nil {
		h.writeError(rw, call, 0, err)
		return
	}
	h.writeJSON(rw, call, resp)
}

// jsonContentType accepts the media types AWS's JSON endpoints take,
// whatever their parameters (charset).
func jsonContentType(v string) bool {
	mt, _, err := mime.ParseMediaType(v)
	if err != nil {
		return false
	}
	switch mt {
	case ContentType, "application/x-amz-json-1.0", "application/json":
		return true
	}
	return false
}

// requestID formats the n-th request's ID in the UUID form ECS uses,
// deterministically.
func requestID(n uint64) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012x", n&0xffffffffffff)
}

func (h *Handler) writeJSON(rw http.ResponseWriter, call *Call, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		h.writeError(rw, call, http.StatusInternalServerError, ecserrors.New(ecserrors.CodeServer, "ecsstate: cannot encode the response: %v", err))
		return
	}
	rw.Header().Set("Content-Type", ContentType)
	rw.WriteHeader(http.StatusOK)
	call.Status = http.StatusOK
	rw.Write(b)
}

// writeError answers with err's AWS JSON 1.1 error body. status 0 means
// the exception's own status; an error that is not an ECS exception is a
// ServerException.
func (h *Handler) writeError(rw http.ResponseWriter, call *Call, status int, err error) {
	var ee *ecserrors.Error
	if !errors.As(err, &ee) {
		ee = ecserrors.New(ecserrors.CodeServer, "ecsstate: %v", err)
	}
	if status == 0 {
		status = ee.HTTPStatus()
	}
	typ := string(ee.Code())
	if ee.Code() == CodeUnknownOperation || ee.Code() == CodeSerialization {
		typ = coralNamespace + typ
	}
	b, _ := json.Marshal(struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}{typ, ee.Message()})
	hd := rw.Header()
	hd.Set("Content-Type", ContentType)
	hd.Set("X-Amzn-Errortype", string(ee.Code()))
	rw.WriteHeader(status)
	rw.Write(b)
	call.Status, call.Code, call.Message = status, ee.Code(), ee.Message()
}
