package ecsstate

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// MaxLoadBytes caps the body of POST /_ecsstate/load: 64 MiB, room for
// the describe output of a cluster at ECS's limits (5,000 instances,
// thousands of tasks).
const MaxLoadBytes = 64 << 20

// controlLoad replaces the world with one rebuilt by [Load] from the
// describe-* outputs in the body: one or more JSON documents one after
// the other (as `cat *.json` gives them), or a JSON array of them. The
// new world keeps the handler's seed, agent, scheduler interval and
// agent catalog; its account comes from the snapshot's ARNs and its clock
// starts at the snapshot's latest timestamp, as [Load] decides. The
// answer lists Load's warnings. A later reset returns to the loaded world.
func (h *Handler) controlLoad(r *http.Request) (any, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxLoadBytes+1))
	if err != nil {
		return nil, ecserrors.New(CodeSerialization, "The request body cannot be read.")
	}
	if len(body) > MaxLoadBytes {
		return nil, ecserrors.New(CodeSerialization, "The request body is larger than %d bytes.", MaxLoadBytes)
	}
	var snap Snapshot
	if err := addDocuments(&snap, body); err != nil {
		return nil, err
	}
	opts := h.world.opts
	opts.Account, opts.Start = model.Account{}, time.Time{}
	w, warnings, err := Load(opts, snap)
	if err != nil {
		return nil, err
	}
	h.world, h.initial, h.seenSeq = w, w.Clone(), 0
	out := struct {
		controlState
		Warnings []string `json:"warnings"`
	}{controlState: h.state(), Warnings: make([]string, len(warnings))}
	for i, wn := range warnings {
		out.Warnings[i] = wn.String()
	}
	return out, nil
}

// addDocuments adds every describe output in data to s: JSON values one
// after the other, each an object (one output) or an array of objects.
func addDocuments(s *Snapshot, data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	n := 0
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return ecserrors.New(CodeSerialization, "%s", ecserrors.Clip(jsonProblem(err)))
		}
		docs := []json.RawMessage{raw}
		if t := bytes.TrimLeft(raw, " \t\r\n"); len(t) > 0 && t[0] == '[' {
			if err := json.Unmarshal(raw, &docs); err != nil {
				return ecserrors.New(CodeSerialization, "%s", ecserrors.Clip(jsonProblem(err)))
			}
		}
		for _, d := range docs {
			if err := s.AddJSON(d); err != nil {
				return err
			}
			n++
		}
	}
	if n == 0 {
		return invalid("load: the body has no describe output.")
	}
	return nil
}
