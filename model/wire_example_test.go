package model_test

import (
	"errors"
	"fmt"

	"github.com/ecsstate/ecsstate/model"
)

// Member names match exactly, as ECS reads them: "DesiredCount" is not
// "desiredCount" and is dropped; UnmarshalStrict names it.
func ExampleUnmarshal() {
	body := []byte(`{"service":"web","desiredCount":1,"DesiredCount":5}`)
	var req model.UpdateServiceRequest
	if err := model.Unmarshal(body, &req); err != nil {
		fmt.Println(err)
	}
	fmt.Println(req.Service, *req.DesiredCount)

	var ue *model.UnknownMembersError
	if err := model.UnmarshalStrict(body, &req); errors.As(err, &ue) {
		fmt.Println(ue.Members[0].Path, "near", ue.Members[0].Near)
	}
	// Output:
	// web 1
	// DesiredCount near desiredCount
}
