package model_test

import (
	"encoding/json"
	"errors"
	"testing"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// FuzzTaskProtectionRequests decodes arbitrary bodies as
// UpdateTaskProtection and GetTaskProtection requests and validates them:
// no panic, and a rejection is always an ECS error.
func FuzzTaskProtectionRequests(f *testing.F) {
	f.Add([]byte(`{"cluster":"prod","tasks":["0123456789abcdef0123456789abcdef"],"protectionEnabled":true,"expiresInMinutes":60}`))
	f.Add([]byte(`{"cluster":"prod","tasks":[],"protectionEnabled":true,"expiresInMinutes":2881}`))
	f.Add([]byte(`{"cluster":"","tasks":["a","b","c","d","e","f","g","h","i","j","k"]}`))
	f.Add([]byte(`{"cluster":"arn:aws:ecs:us-east-1:123456789012:cluster/prod","expiresInMinutes":-2147483648}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var up model.UpdateTaskProtectionRequest
		if json.Unmarshal(body, &up) == nil {
			typed(t, up.Validate())
		}
		var get model.GetTaskProtectionRequest
		if json.Unmarshal(body, &get) == nil {
			typed(t, get.Validate())
		}
	})
}

func typed(t *testing.T, err error) {
	t.Helper()
	var e *ecserrors.Error
	if err != nil && !errors.As(err, &e) {
		t.Fatalf("untyped error %T: %v", err, err)
	}
}

// The API reference's limits: 1 to 10 tasks, expiresInMinutes 1 to 2,880,
// the cluster required.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateTaskProtection.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_GetTaskProtection.html
func TestTaskProtectionRequestLimits(t *testing.T) {
	id := "0123456789abcdef0123456789abcdef"
	ten := make([]string, 10)
	for i := range ten {
		ten[i] = id
	}
	cases := []struct {
		name string
		err  error
		ok   bool
	}{
		{"one task, default expiry", (&model.UpdateTaskProtectionRequest{Cluster: "c", Tasks: []string{id}, ProtectionEnabled: true}).Validate(), true},
		{"ten tasks", (&model.UpdateTaskProtectionRequest{Cluster: "c", Tasks: ten}).Validate(), true},
		{"eleven tasks", (&model.UpdateTaskProtectionRequest{Cluster: "c", Tasks: append(ten, id)}).Validate(), false},
		{"1 minute", (&model.UpdateTaskProtectionRequest{Cluster: "c", Tasks: []string{id}, ProtectionEnabled: true, ExpiresInMinutes: model.Int32(1)}).Validate(), true},
		{"2880 minutes", (&model.UpdateTaskProtectionRequest{Cluster: "c", Tasks: []string{id}, ProtectionEnabled: true, ExpiresInMinutes: model.Int32(2880)}).Validate(), true},
		{"0 minutes", (&model.UpdateTaskProtectionRequest{Cluster: "c", Tasks: []string{id}, ProtectionEnabled: true, ExpiresInMinutes: model.Int32(0)}).Validate(), false},
		{"no cluster", (&model.UpdateTaskProtectionRequest{Tasks: []string{id}}).Validate(), false},
		{"get without tasks", (&model.GetTaskProtectionRequest{Cluster: "c"}).Validate(), true},
		{"get eleven tasks", (&model.GetTaskProtectionRequest{Cluster: "c", Tasks: append(ten, id)}).Validate(), false},
		{"get without cluster", (&model.GetTaskProtectionRequest{Tasks: []string{id}}).Validate(), false},
	}
	for _, c := range cases {
		if (c.err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, c.err)
		}
		if c.err != nil && !errors.Is(c.err, ecserrors.ErrInvalidParameter) {
			t.Errorf("%s: %v is not InvalidParameterException", c.name, c.err)
		}
	}
}
