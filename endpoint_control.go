package ecsstate

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// MaxControlAdvance bounds one move of virtual time through the control
// API (advance, run-until-steady): a week, as the example scenarios are
// bounded, so that one request cannot keep the handler busy for long.
const MaxControlAdvance = 7 * 24 * time.Hour

// controlRoutes are the control API's paths (after [ControlPrefix]) and
// the method each takes.
var controlRoutes = map[string]struct {
	method string
	serve  func(h *Handler, r *http.Request) (any, error)
}{
	"status":           {http.MethodGet, (*Handler).controlStatus},
	"advance":          {http.MethodPost, (*Handler).controlAdvance},
	"run-until-steady": {http.MethodPost, (*Handler).controlRunUntilSteady},
	"timeline":         {http.MethodGet, (*Handler).controlTimeline},
	"reset":            {http.MethodPost, (*Handler).controlReset},
	"load":             {http.MethodPost, (*Handler).controlLoad},
	"alarm":            {http.MethodPost, (*Handler).controlAlarm},
}

func (h *Handler) control(rw http.ResponseWriter, r *http.Request, call *Call) {
	name := strings.TrimPrefix(r.URL.Path, ControlPrefix)
	route, ok := controlRoutes[name]
	if !ok {
		h.writeError(rw, call, http.StatusNotFound, ecserrors.New(CodeUnknownOperation, "No control operation at %s.", ecserrors.Clip(r.URL.Path)))
		return
	}
	if r.Method != route.method {
		rw.Header().Set("Allow", route.method)
		h.writeError(rw, call, http.StatusMethodNotAllowed, ecserrors.New(CodeUnknownOperation, "%s takes %s, not %s.", r.URL.Path, route.method, ecserrors.Clip(r.Method)))
		return
	}
	// In wall-clock mode the world first catches up with the clock, so
	// that a control move starts from the present.
	if err := h.follow(); err != nil {
		h.writeError(rw, call, 0, err)
		return
	}
	out, err := route.serve(h, r)
	if err != nil {
		h.writeError(rw, call, 0, err)
		return
	}
	if name != "status" && name != "timeline" {
		h.anchor()
	}
	if text, ok := out.(string); ok {
		rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
		rw.WriteHeader(http.StatusOK)
		call.Status = http.StatusOK
		rw.Write([]byte(text))
		return
	}
	h.writeJSON(rw, call, out)
}

// controlState is the answer of every control operation but timeline.
type controlState struct {
	Now         time.Time `json:"now"`
	Mode        string    `json:"mode,omitempty"`
	Speed       float64   `json:"speed,omitempty"`
	TimelineSeq uint64    `json:"timelineSeq"`
	Steady      *bool     `json:"steady,omitempty"`
}

func (h *Handler) state() controlState {
	return controlState{Now: h.world.Now(), TimelineSeq: h.lastSeq()}
}

// lastSeq is the number of the world's newest timeline record, read from
// what was added since the last call so that the timeline is not copied
// whole.
func (h *Handler) lastSeq() uint64 {
	if recs := h.world.TimelineSince(h.seenSeq); len(recs) > 0 {
		h.seenSeq = recs[len(recs)-1].Seq
	}
	return h.seenSeq
}

func (h *Handler) controlStatus(*http.Request) (any, error) {
	st := h.state()
	st.Mode = "virtual"
	if h.opts.Clock != nil {
		st.Mode, st.Speed = "wall-clock", h.opts.Speed
	}
	return st, nil
}

func (h *Handler) controlAdvance(r *http.Request) (any, error) {
	q := r.URL.Query()
	switch {
	case q.Has("d") && q.Has("to"):
		return nil, invalid("advance takes d or to, not both.")
	case q.Has("to"):
		t, err := time.Parse(time.RFC3339Nano, q.Get("to"))
		if err != nil {
			return nil, invalid("advance: to=%q is not an RFC 3339 time.", ecserrors.Clip(q.Get("to")))
		}
		if t.Sub(h.world.Now()) > MaxControlAdvance {
			return nil, invalid("advance: to is more than %s ahead.", MaxControlAdvance)
		}
		if err := h.world.AdvanceTo(t); err != nil {
			return nil, err
		}
	default:
		d, err := controlDuration(q.Get("d"), "d")
		if err != nil {
			return nil, err
		}
		if err := h.world.Advance(d); err != nil {
			return nil, err
		}
	}
	return h.state(), nil
}

// controlDuration parses a Go duration between 0 and [MaxControlAdvance].
func controlDuration(s, name string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, invalid("%s=%q is not a duration such as 30s or 5m.", name, ecserrors.Clip(s))
	}
	if d < 0 || d > MaxControlAdvance {
		return 0, invalid("%s=%s is outside 0 to %s.", name, d, MaxControlAdvance)
	}
	return d, nil
}

func (h *Handler) controlRunUntilSteady(r *http.Request) (any, error) {
	q := r.URL.Query()
	limit := time.Hour
	if q.Has("limit") {
		var err error
		if limit, err = controlDuration(q.Get("limit"), "limit"); err != nil {
			return nil, err
		}
	}
	var clusters []string
	if c := q.Get("cluster"); c != "" {
		clusters = []string{c}
	}
	if _, err := steady(h.world, clusters); err != nil {
		return nil, err
	}
	ok, err := h.world.RunUntil(func(w *World) bool {
		ok, err := steady(w, clusters)
		return ok && err == nil
	}, limit)
	if err != nil {
		return nil, err
	}
	st := h.state()
	st.Steady = &ok
	return st, nil
}

// steady reports whether every ACTIVE service of the clusters (nil: all
// clusters) passes the ServicesStable waiter, reading the world through
// its own API as a client would.
func steady(w *World, clusters []string) (bool, error) {
	if clusters == nil {
		var token string
		for {
			page, err := w.ListClusters(model.ListClustersRequest{NextToken: token, MaxResults: model.Int32(100)})
			if err != nil {
				return false, err
			}
			clusters = append(clusters, page.ClusterARNs...)
			if token = page.NextToken; token == "" {
				break
			}
		}
	}
	for _, c := range clusters {
		var arns []string
		var token string
		for {
			page, err := w.ListServices(model.ListServicesRequest{Cluster: c, NextToken: token, MaxResults: model.Int32(100)})
			if err != nil {
				return false, err
			}
			arns = append(arns, page.ServiceARNs...)
			if token = page.NextToken; token == "" {
				break
			}
		}
		for len(arns) > 0 {
			n := min(10, len(arns)) // DescribeServices takes 10 at a time
			resp, err := w.DescribeServices(model.DescribeServicesRequest{Cluster: c, Services: arns[:n]})
			if err != nil {
				return false, err
			}
			arns = arns[n:]
			active := model.DescribeServicesResponse{}
			for _, s := range resp.Services {
				if s.Status == model.ServiceStatusActive {
					active.Services = append(active.Services, s)
				}
			}
			if service.StableResponse(&active) != service.WaiterSuccess {
				return false, nil
			}
		}
	}
	return true, nil
}

// timelineRecord is a [Record] on the wire.
type timelineRecord struct {
	Seq      uint64     `json:"seq"`
	At       time.Time  `json:"at"`
	Kind     RecordKind `json:"kind"`
	Cluster  string     `json:"cluster,omitempty"`
	Service  string     `json:"service,omitempty"`
	Resource string     `json:"resource,omitempty"`
	From     string     `json:"from,omitempty"`
	To       string     `json:"to,omitempty"`
	Message  string     `json:"message,omitempty"`
}

func (h *Handler) controlTimeline(r *http.Request) (any, error) {
	q := r.URL.Query()
	var since uint64
	if q.Has("since") {
		var err error
		if since, err = strconv.ParseUint(q.Get("since"), 10, 64); err != nil {
			return nil, invalid("since=%q is not a record number.", ecserrors.Clip(q.Get("since")))
		}
	}
	recs := h.world.TimelineSince(since)
	switch q.Get("format") {
	case "text":
		var b strings.Builder
		for _, rec := range recs {
			b.WriteString(rec.String())
			b.WriteByte('\n')
		}
		return b.String(), nil
	case "", "json":
	default:
		return nil, invalid("format=%q is not json or text.", ecserrors.Clip(q.Get("format")))
	}
	out := struct {
		Now     time.Time        `json:"now"`
		Records []timelineRecord `json:"records"`
	}{Now: h.world.Now(), Records: make([]timelineRecord, len(recs))}
	for i, r := range recs {
		out.Records[i] = timelineRecord{Seq: r.Seq, At: r.At, Kind: r.Kind, Cluster: r.Cluster, Service: r.Service,
			Resource: r.Resource, From: r.From, To: r.To, Message: r.Message}
	}
	return out, nil
}

func (h *Handler) controlReset(*http.Request) (any, error) {
	h.world, h.seenSeq = h.initial.Clone(), 0
	return h.state(), nil
}

// controlAlarm sets a CloudWatch alarm: POST alarm?name=N&state=ALARM
// (OK, ALARM, INSUFFICIENT_DATA; [World.SetAlarmState] at the world's
// time) and/or period=60s&evaluationPeriods=3 ([World.SetAlarmWindow]).
// The window is set first, so one call can create an alarm with both.
func (h *Handler) controlAlarm(r *http.Request) (any, error) {
	q := r.URL.Query()
	name := q.Get("name")
	if name == "" {
		return nil, invalid("alarm: name is required.")
	}
	if !q.Has("state") && !q.Has("period") && !q.Has("evaluationPeriods") {
		return nil, invalid("alarm: give state, or period and evaluationPeriods.")
	}
	// Refusals of the state come first, so that a refused call changes
	// nothing.
	if st := service.AlarmState(q.Get("state")); q.Has("state") && !st.Valid() {
		return nil, invalid("alarm: state=%q is not OK, ALARM or INSUFFICIENT_DATA.", ecserrors.Clip(string(st)))
	} else if st == service.AlarmStateAlarm {
		if err := h.world.unheededAlarm(name); err != nil {
			return nil, err
		}
	}
	if q.Has("period") || q.Has("evaluationPeriods") {
		var period time.Duration
		if q.Has("period") {
			d, err := time.ParseDuration(q.Get("period"))
			if err != nil {
				return nil, invalid("alarm: period=%q is not a duration such as 60s.", ecserrors.Clip(q.Get("period")))
			}
			period = d
		}
		var evals int64
		if q.Has("evaluationPeriods") {
			n, err := strconv.ParseInt(q.Get("evaluationPeriods"), 10, 32)
			if err != nil {
				return nil, invalid("alarm: evaluationPeriods=%q is not a whole number.", ecserrors.Clip(q.Get("evaluationPeriods")))
			}
			evals = n
		}
		if err := h.world.SetAlarmWindow(name, period, int32(evals)); err != nil {
			return nil, err
		}
	}
	if q.Has("state") {
		if err := h.world.SetAlarmState(name, service.AlarmState(q.Get("state")), time.Time{}); err != nil {
			return nil, err
		}
	}
	return h.state(), nil
}
