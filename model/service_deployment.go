package model

import "encoding/json"

// Service deployments and service revisions: the read-only history ECS
// keeps of each deployment of a service (DescribeServiceDeployments,
// ListServiceDeployments, DescribeServiceRevisions) and the two calls that
// act on one (StopServiceDeployment, ContinueServiceDeployment).
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html

// ServiceDeploymentStatus is the ECS ServiceDeploymentStatus enumeration.
type ServiceDeploymentStatus string

// Values of ServiceDeploymentStatus.
const (
	ServiceDeploymentPending            ServiceDeploymentStatus = "PENDING"
	ServiceDeploymentSuccessful         ServiceDeploymentStatus = "SUCCESSFUL"
	ServiceDeploymentStopped            ServiceDeploymentStatus = "STOPPED"
	ServiceDeploymentStopRequested      ServiceDeploymentStatus = "STOP_REQUESTED"
	ServiceDeploymentInProgress         ServiceDeploymentStatus = "IN_PROGRESS"
	ServiceDeploymentRollbackRequested  ServiceDeploymentStatus = "ROLLBACK_REQUESTED"
	ServiceDeploymentRollbackInProgress ServiceDeploymentStatus = "ROLLBACK_IN_PROGRESS"
	ServiceDeploymentRollbackSuccessful ServiceDeploymentStatus = "ROLLBACK_SUCCESSFUL"
	ServiceDeploymentRollbackFailed     ServiceDeploymentStatus = "ROLLBACK_FAILED"
)

// Values returns every ServiceDeploymentStatus value, in the API's order.
func (ServiceDeploymentStatus) Values() []ServiceDeploymentStatus {
	return []ServiceDeploymentStatus{ServiceDeploymentPending, ServiceDeploymentSuccessful, ServiceDeploymentStopped,
		ServiceDeploymentStopRequested, ServiceDeploymentInProgress, ServiceDeploymentRollbackRequested,
		ServiceDeploymentRollbackInProgress, ServiceDeploymentRollbackSuccessful, ServiceDeploymentRollbackFailed}
}

// Completed reports whether s is a final status (SUCCESSFUL, STOPPED,
// ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED): the console's "Completed" group.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html
func (s ServiceDeploymentStatus) Completed() bool {
	switch s {
	case ServiceDeploymentSuccessful, ServiceDeploymentStopped, ServiceDeploymentRollbackSuccessful, ServiceDeploymentRollbackFailed:
		return true
	}
	return false
}

// MonitorStatus is the ECS ServiceDeploymentRollbackMonitorsStatus
// enumeration: the state of the circuit breaker or of the alarms of a
// service deployment.
type MonitorStatus string

// Values of MonitorStatus.
const (
	MonitorTriggered          MonitorStatus = "TRIGGERED"
	MonitorMonitoring         MonitorStatus = "MONITORING"
	MonitorMonitoringComplete MonitorStatus = "MONITORING_COMPLETE"
	MonitorDisabled           MonitorStatus = "DISABLED"
)

// Values returns every MonitorStatus value, in the API's order.
func (MonitorStatus) Values() []MonitorStatus {
	return []MonitorStatus{MonitorTriggered, MonitorMonitoring, MonitorMonitoringComplete, MonitorDisabled}
}

// ServiceDeploymentStopType is the ECS StopServiceDeploymentStopType enumeration.
type ServiceDeploymentStopType string

// Values of ServiceDeploymentStopType.
const (
	StopTypeAbort    ServiceDeploymentStopType = "ABORT"
	StopTypeRollback ServiceDeploymentStopType = "ROLLBACK"
)

// Values returns every ServiceDeploymentStopType value, in the API's order.
func (ServiceDeploymentStopType) Values() []ServiceDeploymentStopType {
	return []ServiceDeploymentStopType{StopTypeAbort, StopTypeRollback}
}

// ServiceDeployment is one deployment of a service as
// DescribeServiceDeployments returns it.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html
type ServiceDeployment struct {
	ServiceDeploymentARN     string                           `json:"serviceDeploymentArn,omitempty"`
	ServiceARN               string                           `json:"serviceArn,omitempty"`
	ClusterARN               string                           `json:"clusterArn,omitempty"`
	CreatedAt                Time                             `json:"createdAt,omitzero"`
	StartedAt                Time                             `json:"startedAt,omitzero"`
	FinishedAt               Time                             `json:"finishedAt,omitzero"`
	StoppedAt                Time                             `json:"stoppedAt,omitzero"`
	UpdatedAt                Time                             `json:"updatedAt,omitzero"`
	SourceServiceRevisions   []ServiceRevisionSummary         `json:"sourceServiceRevisions,omitzero"`
	TargetServiceRevision    *ServiceRevisionSummary          `json:"targetServiceRevision,omitzero"`
	Status                   ServiceDeploymentStatus          `json:"status,omitempty"`
	StatusReason             string                           `json:"statusReason,omitempty"`
	LifecycleStage           string                           `json:"lifecycleStage,omitempty"`
	DeploymentConfiguration  *DeploymentConfiguration         `json:"deploymentConfiguration,omitzero"`
	Rollback                 *ServiceDeploymentRollback       `json:"rollback,omitzero"`
	DeploymentCircuitBreaker *ServiceDeploymentCircuitBreaker `json:"deploymentCircuitBreaker,omitzero"`
	Alarms                   *ServiceDeploymentAlarms         `json:"alarms,omitzero"`
	LifecycleHookDetails     []DeploymentLifecycleHookDetail  `json:"lifecycleHookDetails,omitzero"`
}

// ServiceRevisionSummary counts the tasks of one revision in a service
// deployment, with the traffic it is asked to take (0.0 to 100.0).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRevisionSummary.html
type ServiceRevisionSummary struct {
	ARN                              string   `json:"arn,omitempty"`
	RequestedTaskCount               int32    `json:"requestedTaskCount"`
	RunningTaskCount                 int32    `json:"runningTaskCount"`
	PendingTaskCount                 int32    `json:"pendingTaskCount"`
	RequestedProductionTrafficWeight *float64 `json:"requestedProductionTrafficWeight,omitzero"`
	RequestedTestTrafficWeight       *float64 `json:"requestedTestTrafficWeight,omitzero"`
}

// ServiceDeploymentRollback says why and to which revision a service
// deployment rolled back (the API's Rollback shape).
type ServiceDeploymentRollback struct {
	Reason             string `json:"reason,omitempty"`
	StartedAt          Time   `json:"startedAt,omitzero"`
	ServiceRevisionARN string `json:"serviceRevisionArn,omitempty"`
}

// ServiceDeploymentCircuitBreaker is the circuit breaker's state in a
// service deployment.
type ServiceDeploymentCircuitBreaker struct {
	Status       MonitorStatus `json:"status,omitempty"`
	FailureCount int32         `json:"failureCount"`
	Threshold    int32         `json:"threshold"`
}

// ServiceDeploymentAlarms is the alarms' state in a service deployment.
type ServiceDeploymentAlarms struct {
	Status              MonitorStatus `json:"status,omitempty"`
	AlarmNames          []string      `json:"alarmNames,omitzero"`
	TriggeredAlarmNames []string      `json:"triggeredAlarmNames,omitzero"`
}

// DeploymentLifecycleHookDetail is one lifecycle hook running in a service
// deployment; a PAUSE hook's HookID is what ContinueServiceDeployment takes.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentLifecycleHookDetail.html
type DeploymentLifecycleHookDetail struct {
	HookID        string                            `json:"hookId,omitempty"`
	TargetType    DeploymentLifecycleHookTargetType `json:"targetType,omitempty"`
	TargetARN     string                            `json:"targetArn,omitempty"`
	Status        string                            `json:"status,omitempty"`
	ExpiresAt     Time                              `json:"expiresAt,omitzero"`
	TimeoutAction DeploymentLifecycleHookAction     `json:"timeoutAction,omitempty"`
}

// ServiceDeploymentBrief is one line of ListServiceDeployments.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeploymentBrief.html
type ServiceDeploymentBrief struct {
	ServiceDeploymentARN     string                  `json:"serviceDeploymentArn,omitempty"`
	ServiceARN               string                  `json:"serviceArn,omitempty"`
	ClusterARN               string                  `json:"clusterArn,omitempty"`
	StartedAt                Time                    `json:"startedAt,omitzero"`
	CreatedAt                Time                    `json:"createdAt,omitzero"`
	FinishedAt               Time                    `json:"finishedAt,omitzero"`
	TargetServiceRevisionARN string                  `json:"targetServiceRevisionArn,omitempty"`
	Status                   ServiceDeploymentStatus `json:"status,omitempty"`
	StatusReason             string                  `json:"statusReason,omitempty"`
}

// ServiceRevision is the immutable configuration one deployment deploys.
// Members the state machines do not read stay raw JSON.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRevision.html
type ServiceRevision struct {
	ServiceRevisionARN          string                         `json:"serviceRevisionArn,omitempty"`
	ServiceARN                  string                         `json:"serviceArn,omitempty"`
	ClusterARN                  string                         `json:"clusterArn,omitempty"`
	TaskDefinition              string                         `json:"taskDefinition,omitempty"`
	CapacityProviderStrategy    []CapacityProviderStrategyItem `json:"capacityProviderStrategy,omitzero"`
	LaunchType                  LaunchType                     `json:"launchType,omitempty"`
	PlatformVersion             string                         `json:"platformVersion,omitempty"`
	PlatformFamily              string                         `json:"platformFamily,omitempty"`
	LoadBalancers               []LoadBalancer                 `json:"loadBalancers,omitzero"`
	ServiceRegistries           []ServiceRegistry              `json:"serviceRegistries,omitzero"`
	NetworkConfiguration        *NetworkConfiguration          `json:"networkConfiguration,omitzero"`
	ContainerImages             json.RawMessage                `json:"containerImages,omitzero"`
	GuardDutyEnabled            bool                           `json:"guardDutyEnabled,omitempty"`
	ServiceConnectConfiguration json.RawMessage                `json:"serviceConnectConfiguration,omitzero"`
	VolumeConfigurations        json.RawMessage                `json:"volumeConfigurations,omitzero"`
	FargateEphemeralStorage     json.RawMessage                `json:"fargateEphemeralStorage,omitzero"`
	CreatedAt                   Time                           `json:"createdAt,omitzero"`
	VPCLatticeConfigurations    json.RawMessage                `json:"vpcLatticeConfigurations,omitzero"`
	ResolvedConfiguration       json.RawMessage                `json:"resolvedConfiguration,omitzero"`
	ECSManagedResources         json.RawMessage                `json:"ecsManagedResources,omitzero"`
}

// DescribeServiceDeploymentsRequest is the body of a DescribeServiceDeployments call.
type DescribeServiceDeploymentsRequest struct {
	ServiceDeploymentARNs []string `json:"serviceDeploymentArns,omitzero"`
}

// DescribeServiceDeploymentsResponse is the body DescribeServiceDeployments returns.
type DescribeServiceDeploymentsResponse struct {
	ServiceDeployments []ServiceDeployment `json:"serviceDeployments,omitzero"`
	Failures           []Failure           `json:"failures,omitzero"`
}

// ListServiceDeploymentsRequest is the body of a ListServiceDeployments call.
type ListServiceDeploymentsRequest struct {
	Service    string                    `json:"service,omitempty"`
	Cluster    string                    `json:"cluster,omitempty"`
	Status     []ServiceDeploymentStatus `json:"status,omitzero"`
	NextToken  string                    `json:"nextToken,omitempty"`
	MaxResults *int32                    `json:"maxResults,omitzero"`
}

// ListServiceDeploymentsResponse is the body ListServiceDeployments returns.
type ListServiceDeploymentsResponse struct {
	ServiceDeployments []ServiceDeploymentBrief `json:"serviceDeployments,omitzero"`
	NextToken          string                   `json:"nextToken,omitempty"`
}

// DescribeServiceRevisionsRequest is the body of a DescribeServiceRevisions call.
type DescribeServiceRevisionsRequest struct {
	ServiceRevisionARNs []string `json:"serviceRevisionArns,omitzero"`
}

// DescribeServiceRevisionsResponse is the body DescribeServiceRevisions returns.
type DescribeServiceRevisionsResponse struct {
	ServiceRevisions []ServiceRevision `json:"serviceRevisions,omitzero"`
	Failures         []Failure         `json:"failures,omitzero"`
}

// StopServiceDeploymentRequest is the body of a StopServiceDeployment call.
type StopServiceDeploymentRequest struct {
	ServiceDeploymentARN string                    `json:"serviceDeploymentArn,omitempty"`
	StopType             ServiceDeploymentStopType `json:"stopType,omitempty"`
}

// StopServiceDeploymentResponse is the body StopServiceDeployment returns.
type StopServiceDeploymentResponse struct {
	ServiceDeploymentARN string `json:"serviceDeploymentArn,omitempty"`
}

// ContinueServiceDeploymentRequest is the body of a ContinueServiceDeployment call.
type ContinueServiceDeploymentRequest struct {
	ServiceDeploymentARN string                        `json:"serviceDeploymentArn,omitempty"`
	HookID               string                        `json:"hookId,omitempty"`
	Action               DeploymentLifecycleHookAction `json:"action,omitempty"`
}

// ContinueServiceDeploymentResponse is the body ContinueServiceDeployment returns.
type ContinueServiceDeploymentResponse struct {
	ServiceDeploymentARN string `json:"serviceDeploymentArn,omitempty"`
}

// GoString writes the ServiceDeployment as a Go expression, pointers shown by value.
func (x ServiceDeployment) GoString() string { return goSyntax(x) }

// GoString writes the ServiceRevisionSummary as a Go expression, pointers shown by value.
func (x ServiceRevisionSummary) GoString() string { return goSyntax(x) }

// GoString writes the ServiceRevision as a Go expression, pointers shown by value.
func (x ServiceRevision) GoString() string { return goSyntax(x) }

// GoString writes the DescribeServiceDeploymentsResponse as a Go expression, pointers shown by value.
func (x DescribeServiceDeploymentsResponse) GoString() string { return goSyntax(x) }

// GoString writes the DescribeServiceRevisionsResponse as a Go expression, pointers shown by value.
func (x DescribeServiceRevisionsResponse) GoString() string { return goSyntax(x) }

// GoString writes the ListServiceDeploymentsRequest as a Go expression, pointers shown by value.
func (x ListServiceDeploymentsRequest) GoString() string { return goSyntax(x) }
