package ecsstate

import (
	"encoding/json"
	"testing"

	"github.com/ecsstate/ecsstate/model"
)

// TestHandlerMemberNamesAreExact: the endpoint reads member names exactly,
// as ECS and the AWS SDKs do. With desiredCount 1 and DesiredCount 5 in
// one body the SDK sends (and ECS reads) 1; "ſervice" (long s) is not
// "service".
func TestHandlerMemberNamesAreExact(t *testing.T) {
	h := NewHandler(endpointWorld(t), HandlerOptions{})
	rec := ecs(h, "UpdateService", `{"cluster":"prod","service":"web","desiredCount":1,"DesiredCount":5}`)
	if rec.Code != 200 {
		t.Fatalf("UpdateService: %d %s", rec.Code, rec.Body)
	}
	var resp model.UpdateServiceResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || resp.Service == nil || resp.Service.DesiredCount != 1 {
		t.Errorf("desiredCount after the update: %s", rec.Body)
	}
	// Without the exact "service" member the request names no service.
	if rec := ecs(h, "UpdateService", `{"cluster":"prod","ſervice":"web","desiredCount":2}`); rec.Code != 400 {
		t.Errorf("UpdateService with ſervice: %d %s, want a 400", rec.Code, rec.Body)
	}
}
