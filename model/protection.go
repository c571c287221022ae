package model

// Task scale-in protection: the UpdateTaskProtection and GetTaskProtection
// operations and the ProtectedTask shape.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateTaskProtection.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_GetTaskProtection.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ProtectedTask.html

// Limits of task scale-in protection.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-scale-in-protection.html
const (
	// DefaultProtectionMinutes is how long a task stays protected when
	// expiresInMinutes is absent: 2 hours.
	DefaultProtectionMinutes = 120
	// MaxProtectionMinutes is the longest protection: 2,880 minutes (48
	// hours). The shortest is 1 minute.
	MaxProtectionMinutes = 2880
	// MaxProtectionTasks is how many tasks one UpdateTaskProtection or
	// GetTaskProtection call names at most.
	MaxProtectionTasks = 10
)

// ProtectedTask is a task's scale-in protection status. ExpirationDate is
// absent when protection is disabled.
type ProtectedTask struct {
	TaskARN           string `json:"taskArn,omitempty"`
	ProtectionEnabled bool   `json:"protectionEnabled"`
	ExpirationDate    Time   `json:"expirationDate,omitzero"`
}

// UpdateTaskProtectionRequest is the body of an UpdateTaskProtection call.
// ExpiresInMinutes is a pointer: absent means DefaultProtectionMinutes.
type UpdateTaskProtectionRequest struct {
	Cluster           string   `json:"cluster,omitempty"`
	Tasks             []string `json:"tasks,omitzero"`
	ProtectionEnabled bool     `json:"protectionEnabled"`
	ExpiresInMinutes  *int32   `json:"expiresInMinutes,omitempty"`
}

// UpdateTaskProtectionResponse is the body UpdateTaskProtection returns.
type UpdateTaskProtectionResponse struct {
	ProtectedTasks []ProtectedTask `json:"protectedTasks,omitzero"`
	Failures       []Failure       `json:"failures,omitzero"`
}

// GetTaskProtectionRequest is the body of a GetTaskProtection call.
type GetTaskProtectionRequest struct {
	Cluster string   `json:"cluster,omitempty"`
	Tasks   []string `json:"tasks,omitzero"`
}

// GetTaskProtectionResponse is the body GetTaskProtection returns.
type GetTaskProtectionResponse struct {
	ProtectedTasks []ProtectedTask `json:"protectedTasks,omitzero"`
	Failures       []Failure       `json:"failures,omitzero"`
}

// Validate checks an UpdateTaskProtection request: cluster required (the
// API reference marks it so), 1 to 10 task IDs or ARNs, expiresInMinutes
// 1 to 2,880 when present. expiresInMinutes with protectionEnabled false
// is accepted and ignored: the reference only says it applies when
// protection is enabled.
func (r *UpdateTaskProtectionRequest) Validate() error {
	var errs []error
	errs = append(errs, checkRequired("cluster", r.Cluster), checkClusterMember(r.Cluster),
		checkIDs("tasks", r.Tasks, MaxProtectionTasks, resolveTaskID))
	if m := r.ExpiresInMinutes; m != nil && (*m < 1 || *m > MaxProtectionMinutes) {
		errs = append(errs, invalid("expiresInMinutes: must be 1 to %d, got %d.", MaxProtectionMinutes, *m))
	}
	return firstErr(errs...)
}

// Validate checks a GetTaskProtection request: cluster required, at most
// 10 task IDs or ARNs (the list is optional).
func (r *GetTaskProtectionRequest) Validate() error {
	errs := []error{checkRequired("cluster", r.Cluster), checkClusterMember(r.Cluster)}
	if len(r.Tasks) > 0 {
		errs = append(errs, checkIDs("tasks", r.Tasks, MaxProtectionTasks, resolveTaskID))
	}
	return firstErr(errs...)
}

// GoString writes the UpdateTaskProtectionRequest as a Go expression, pointers shown by value.
func (x UpdateTaskProtectionRequest) GoString() string { return goSyntax(x) }
