package model

// Enumerations of the ECS API as typed strings. Values are exactly the wire
// values; each type has a Values method listing every value the current API
// defines (aws-sdk-go-v2/service/ecs v1.104.0 for the API's own enums).

// AgentUpdateStatus is the progress of an UpdateContainerAgent request on a container instance. The empty value means no update was ever requested.
type AgentUpdateStatus string

// Values of AgentUpdateStatus.
const (
	AgentUpdateStatusPending  AgentUpdateStatus = "PENDING"
	AgentUpdateStatusStaging  AgentUpdateStatus = "STAGING"
	AgentUpdateStatusStaged   AgentUpdateStatus = "STAGED"
	AgentUpdateStatusUpdating AgentUpdateStatus = "UPDATING"
	AgentUpdateStatusUpdated  AgentUpdateStatus = "UPDATED"
	AgentUpdateStatusFailed   AgentUpdateStatus = "FAILED"
)

// Values returns every AgentUpdateStatus value, in the API's order.
func (AgentUpdateStatus) Values() []AgentUpdateStatus {
	return []AgentUpdateStatus{AgentUpdateStatusPending, AgentUpdateStatusStaging, AgentUpdateStatusStaged, AgentUpdateStatusUpdating, AgentUpdateStatusUpdated, AgentUpdateStatusFailed}
}

// ApplicationProtocol is the ECS ApplicationProtocol enumeration.
type ApplicationProtocol string

// Values of ApplicationProtocol.
const (
	ApplicationProtocolHTTP  ApplicationProtocol = "http"
	ApplicationProtocolHTTP2 ApplicationProtocol = "http2"
	ApplicationProtocolGRPC  ApplicationProtocol = "grpc"
)

// Values returns every ApplicationProtocol value, in the API's order.
func (ApplicationProtocol) Values() []ApplicationProtocol {
	return []ApplicationProtocol{ApplicationProtocolHTTP, ApplicationProtocolHTTP2, ApplicationProtocolGRPC}
}

// AssignPublicIP says whether awsvpc tasks get a public IP address.
type AssignPublicIP string

// Values of AssignPublicIP.
const (
	AssignPublicIPEnabled  AssignPublicIP = "ENABLED"
	AssignPublicIPDisabled AssignPublicIP = "DISABLED"
)

// Values returns every AssignPublicIP value, in the API's order.
func (AssignPublicIP) Values() []AssignPublicIP {
	return []AssignPublicIP{AssignPublicIPEnabled, AssignPublicIPDisabled}
}

// AvailabilityZoneRebalancing is the ECS AvailabilityZoneRebalancing enumeration.
type AvailabilityZoneRebalancing string

// Values of AvailabilityZoneRebalancing.
const (
	AvailabilityZoneRebalancingEnabled  AvailabilityZoneRebalancing = "ENABLED"
	AvailabilityZoneRebalancingDisabled AvailabilityZoneRebalancing = "DISABLED"
)

// Values returns every AvailabilityZoneRebalancing value, in the API's order.
func (AvailabilityZoneRebalancing) Values() []AvailabilityZoneRebalancing {
	return []AvailabilityZoneRebalancing{AvailabilityZoneRebalancingEnabled, AvailabilityZoneRebalancingDisabled}
}

// CapacityProviderStatus is the ECS CapacityProviderStatus enumeration.
type CapacityProviderStatus string

// Values of CapacityProviderStatus.
const (
	CapacityProviderStatusProvisioning   CapacityProviderStatus = "PROVISIONING"
	CapacityProviderStatusActive         CapacityProviderStatus = "ACTIVE"
	CapacityProviderStatusDeprovisioning CapacityProviderStatus = "DEPROVISIONING"
	CapacityProviderStatusInactive       CapacityProviderStatus = "INACTIVE"
)

// Values returns every CapacityProviderStatus value, in the API's order.
func (CapacityProviderStatus) Values() []CapacityProviderStatus {
	return []CapacityProviderStatus{CapacityProviderStatusProvisioning, CapacityProviderStatusActive, CapacityProviderStatusDeprovisioning, CapacityProviderStatusInactive}
}

// CapacityProviderType is the ECS CapacityProviderType enumeration.
type CapacityProviderType string

// Values of CapacityProviderType.
const (
	CapacityProviderTypeEC2Autoscaling   CapacityProviderType = "EC2_AUTOSCALING"
	CapacityProviderTypeManagedInstances CapacityProviderType = "MANAGED_INSTANCES"
	CapacityProviderTypeFargate          CapacityProviderType = "FARGATE"
	CapacityProviderTypeFargateSpot      CapacityProviderType = "FARGATE_SPOT"
)

// Values returns every CapacityProviderType value, in the API's order.
func (CapacityProviderType) Values() []CapacityProviderType {
	return []CapacityProviderType{CapacityProviderTypeEC2Autoscaling, CapacityProviderTypeManagedInstances, CapacityProviderTypeFargate, CapacityProviderTypeFargateSpot}
}

// CapacityProviderUpdateStatus is the ECS CapacityProviderUpdateStatus enumeration.
type CapacityProviderUpdateStatus string

// Values of CapacityProviderUpdateStatus.
const (
	CapacityProviderUpdateStatusCreateInProgress CapacityProviderUpdateStatus = "CREATE_IN_PROGRESS"
	CapacityProviderUpdateStatusCreateComplete   CapacityProviderUpdateStatus = "CREATE_COMPLETE"
	CapacityProviderUpdateStatusCreateFailed     CapacityProviderUpdateStatus = "CREATE_FAILED"
	CapacityProviderUpdateStatusDeleteInProgress CapacityProviderUpdateStatus = "DELETE_IN_PROGRESS"
	CapacityProviderUpdateStatusDeleteComplete   CapacityProviderUpdateStatus = "DELETE_COMPLETE"
	CapacityProviderUpdateStatusDeleteFailed     CapacityProviderUpdateStatus = "DELETE_FAILED"
	CapacityProviderUpdateStatusUpdateInProgress CapacityProviderUpdateStatus = "UPDATE_IN_PROGRESS"
	CapacityProviderUpdateStatusUpdateComplete   CapacityProviderUpdateStatus = "UPDATE_COMPLETE"
	CapacityProviderUpdateStatusUpdateFailed     CapacityProviderUpdateStatus = "UPDATE_FAILED"
)

// Values returns every CapacityProviderUpdateStatus value, in the API's order.
func (CapacityProviderUpdateStatus) Values() []CapacityProviderUpdateStatus {
	return []CapacityProviderUpdateStatus{CapacityProviderUpdateStatusCreateInProgress, CapacityProviderUpdateStatusCreateComplete, CapacityProviderUpdateStatusCreateFailed, CapacityProviderUpdateStatusDeleteInProgress, CapacityProviderUpdateStatusDeleteComplete, CapacityProviderUpdateStatusDeleteFailed, CapacityProviderUpdateStatusUpdateInProgress, CapacityProviderUpdateStatusUpdateComplete, CapacityProviderUpdateStatusUpdateFailed}
}

// ClusterStatus is the status of a cluster.
type ClusterStatus string

// Values of ClusterStatus.
const (
	ClusterStatusActive         ClusterStatus = "ACTIVE"
	ClusterStatusProvisioning   ClusterStatus = "PROVISIONING"
	ClusterStatusDeprovisioning ClusterStatus = "DEPROVISIONING"
	ClusterStatusFailed         ClusterStatus = "FAILED"
	ClusterStatusInactive       ClusterStatus = "INACTIVE"
)

// Values returns every ClusterStatus value, in the API's order.
func (ClusterStatus) Values() []ClusterStatus {
	return []ClusterStatus{ClusterStatusActive, ClusterStatusProvisioning, ClusterStatusDeprovisioning, ClusterStatusFailed, ClusterStatusInactive}
}

// Compatibility is the ECS Compatibility enumeration.
type Compatibility string

// Values of Compatibility.
const (
	CompatibilityEC2              Compatibility = "EC2"
	CompatibilityFargate          Compatibility = "FARGATE"
	CompatibilityExternal         Compatibility = "EXTERNAL"
	CompatibilityManagedInstances Compatibility = "MANAGED_INSTANCES"
)

// Values returns every Compatibility value, in the API's order.
func (Compatibility) Values() []Compatibility {
	return []Compatibility{CompatibilityEC2, CompatibilityFargate, CompatibilityExternal, CompatibilityManagedInstances}
}

// Connectivity is the ECS Connectivity enumeration.
type Connectivity string

// Values of Connectivity.
const (
	ConnectivityConnected    Connectivity = "CONNECTED"
	ConnectivityDisconnected Connectivity = "DISCONNECTED"
)

// Values returns every Connectivity value, in the API's order.
func (Connectivity) Values() []Connectivity {
	return []Connectivity{ConnectivityConnected, ConnectivityDisconnected}
}

// ContainerInstanceStatus is the status of a container instance. INACTIVE is only ever an output value (a deregistered instance); the others are also accepted as ListContainerInstances filters.
type ContainerInstanceStatus string

// Values of ContainerInstanceStatus.
const (
	ContainerInstanceStatusRegistering        ContainerInstanceStatus = "REGISTERING"
	ContainerInstanceStatusRegistrationFailed ContainerInstanceStatus = "REGISTRATION_FAILED"
	ContainerInstanceStatusActive             ContainerInstanceStatus = "ACTIVE"
	ContainerInstanceStatusDraining           ContainerInstanceStatus = "DRAINING"
	ContainerInstanceStatusDeregistering      ContainerInstanceStatus = "DEREGISTERING"
	ContainerInstanceStatusInactive           ContainerInstanceStatus = "INACTIVE"
)

// Values returns every ContainerInstanceStatus value, in the API's order.
func (ContainerInstanceStatus) Values() []ContainerInstanceStatus {
	return []ContainerInstanceStatus{ContainerInstanceStatusRegistering, ContainerInstanceStatusRegistrationFailed, ContainerInstanceStatusActive, ContainerInstanceStatusDraining, ContainerInstanceStatusDeregistering, ContainerInstanceStatusInactive}
}

// DeploymentControllerType is the ECS DeploymentControllerType enumeration.
type DeploymentControllerType string

// Values of DeploymentControllerType.
const (
	DeploymentControllerTypeECS        DeploymentControllerType = "ECS"
	DeploymentControllerTypeCodeDeploy DeploymentControllerType = "CODE_DEPLOY"
	DeploymentControllerTypeExternal   DeploymentControllerType = "EXTERNAL"
)

// Values returns every DeploymentControllerType value, in the API's order.
func (DeploymentControllerType) Values() []DeploymentControllerType {
	return []DeploymentControllerType{DeploymentControllerTypeECS, DeploymentControllerTypeCodeDeploy, DeploymentControllerTypeExternal}
}

// DeploymentRolloutState is the rollout state of a deployment under the ECS controller.
type DeploymentRolloutState string

// Values of DeploymentRolloutState.
const (
	DeploymentRolloutStateCompleted  DeploymentRolloutState = "COMPLETED"
	DeploymentRolloutStateFailed     DeploymentRolloutState = "FAILED"
	DeploymentRolloutStateInProgress DeploymentRolloutState = "IN_PROGRESS"
)

// Values returns every DeploymentRolloutState value, in the API's order.
func (DeploymentRolloutState) Values() []DeploymentRolloutState {
	return []DeploymentRolloutState{DeploymentRolloutStateCompleted, DeploymentRolloutStateFailed, DeploymentRolloutStateInProgress}
}

// DeploymentStatus is the status of a service deployment: PRIMARY is the newest, ACTIVE ones are being replaced, INACTIVE ones are finished.
type DeploymentStatus string

// Values of DeploymentStatus.
const (
	DeploymentStatusPrimary  DeploymentStatus = "PRIMARY"
	DeploymentStatusActive   DeploymentStatus = "ACTIVE"
	DeploymentStatusInactive DeploymentStatus = "INACTIVE"
)

// Values returns every DeploymentStatus value, in the API's order.
func (DeploymentStatus) Values() []DeploymentStatus {
	return []DeploymentStatus{DeploymentStatusPrimary, DeploymentStatusActive, DeploymentStatusInactive}
}

// DeploymentStrategy is the ECS DeploymentStrategy enumeration.
type DeploymentStrategy string

// Values of DeploymentStrategy.
const (
	DeploymentStrategyRolling   DeploymentStrategy = "ROLLING"
	DeploymentStrategyBlueGreen DeploymentStrategy = "BLUE_GREEN"
	DeploymentStrategyLinear    DeploymentStrategy = "LINEAR"
	DeploymentStrategyCanary    DeploymentStrategy = "CANARY"
)

// Values returns every DeploymentStrategy value, in the API's order.
func (DeploymentStrategy) Values() []DeploymentStrategy {
	return []DeploymentStrategy{DeploymentStrategyRolling, DeploymentStrategyBlueGreen, DeploymentStrategyLinear, DeploymentStrategyCanary}
}

// DesiredStatus is the status a task is meant to reach (the desiredStatus filter of ListTasks).
type DesiredStatus string

// Values of DesiredStatus.
const (
	DesiredStatusRunning DesiredStatus = "RUNNING"
	DesiredStatusPending DesiredStatus = "PENDING"
	DesiredStatusStopped DesiredStatus = "STOPPED"
)

// Values returns every DesiredStatus value, in the API's order.
func (DesiredStatus) Values() []DesiredStatus {
	return []DesiredStatus{DesiredStatusRunning, DesiredStatusPending, DesiredStatusStopped}
}

// HealthStatus is the health of a task or container.
type HealthStatus string

// Values of HealthStatus.
const (
	HealthStatusHealthy   HealthStatus = "HEALTHY"
	HealthStatusUnhealthy HealthStatus = "UNHEALTHY"
	HealthStatusUnknown   HealthStatus = "UNKNOWN"
)

// Values returns every HealthStatus value, in the API's order.
func (HealthStatus) Values() []HealthStatus {
	return []HealthStatus{HealthStatusHealthy, HealthStatusUnhealthy, HealthStatusUnknown}
}

// InstanceHealthCheckState is the result of container instance health checks.
type InstanceHealthCheckState string

// Values of InstanceHealthCheckState.
const (
	InstanceHealthCheckStateOK               InstanceHealthCheckState = "OK"
	InstanceHealthCheckStateImpaired         InstanceHealthCheckState = "IMPAIRED"
	InstanceHealthCheckStateInsufficientData InstanceHealthCheckState = "INSUFFICIENT_DATA"
	InstanceHealthCheckStateInitializing     InstanceHealthCheckState = "INITIALIZING"
)

// Values returns every InstanceHealthCheckState value, in the API's order.
func (InstanceHealthCheckState) Values() []InstanceHealthCheckState {
	return []InstanceHealthCheckState{InstanceHealthCheckStateOK, InstanceHealthCheckStateImpaired, InstanceHealthCheckStateInsufficientData, InstanceHealthCheckStateInitializing}
}

// InstanceHealthCheckType is the ECS InstanceHealthCheckType enumeration.
type InstanceHealthCheckType string

// Values of InstanceHealthCheckType.
const (
	InstanceHealthCheckTypeContainerRuntime   InstanceHealthCheckType = "CONTAINER_RUNTIME"
	InstanceHealthCheckTypeAcceleratedCompute InstanceHealthCheckType = "ACCELERATED_COMPUTE"
	InstanceHealthCheckTypeDaemon             InstanceHealthCheckType = "DAEMON"
	InstanceHealthCheckTypeAgentConnectivity  InstanceHealthCheckType = "AGENT_CONNECTIVITY"
)

// Values returns every InstanceHealthCheckType value, in the API's order.
func (InstanceHealthCheckType) Values() []InstanceHealthCheckType {
	return []InstanceHealthCheckType{InstanceHealthCheckTypeContainerRuntime, InstanceHealthCheckTypeAcceleratedCompute, InstanceHealthCheckTypeDaemon, InstanceHealthCheckTypeAgentConnectivity}
}

// LaunchType is the ECS LaunchType enumeration.
type LaunchType string

// Values of LaunchType.
const (
	LaunchTypeEC2              LaunchType = "EC2"
	LaunchTypeFargate          LaunchType = "FARGATE"
	LaunchTypeExternal         LaunchType = "EXTERNAL"
	LaunchTypeManagedInstances LaunchType = "MANAGED_INSTANCES"
)

// Values returns every LaunchType value, in the API's order.
func (LaunchType) Values() []LaunchType {
	return []LaunchType{LaunchTypeEC2, LaunchTypeFargate, LaunchTypeExternal, LaunchTypeManagedInstances}
}

// ManagedDraining is the ECS ManagedDraining enumeration.
type ManagedDraining string

// Values of ManagedDraining.
const (
	ManagedDrainingEnabled  ManagedDraining = "ENABLED"
	ManagedDrainingDisabled ManagedDraining = "DISABLED"
)

// Values returns every ManagedDraining value, in the API's order.
func (ManagedDraining) Values() []ManagedDraining {
	return []ManagedDraining{ManagedDrainingEnabled, ManagedDrainingDisabled}
}

// ManagedScalingStatus is the ECS ManagedScalingStatus enumeration.
type ManagedScalingStatus string

// Values of ManagedScalingStatus.
const (
	ManagedScalingStatusEnabled  ManagedScalingStatus = "ENABLED"
	ManagedScalingStatusDisabled ManagedScalingStatus = "DISABLED"
)

// Values returns every ManagedScalingStatus value, in the API's order.
func (ManagedScalingStatus) Values() []ManagedScalingStatus {
	return []ManagedScalingStatus{ManagedScalingStatusEnabled, ManagedScalingStatusDisabled}
}

// ManagedTerminationProtection is the ECS ManagedTerminationProtection enumeration.
type ManagedTerminationProtection string

// Values of ManagedTerminationProtection.
const (
	ManagedTerminationProtectionEnabled  ManagedTerminationProtection = "ENABLED"
	ManagedTerminationProtectionDisabled ManagedTerminationProtection = "DISABLED"
)

// Values returns every ManagedTerminationProtection value, in the API's order.
func (ManagedTerminationProtection) Values() []ManagedTerminationProtection {
	return []ManagedTerminationProtection{ManagedTerminationProtectionEnabled, ManagedTerminationProtectionDisabled}
}

// NetworkMode is the ECS NetworkMode enumeration.
type NetworkMode string

// Values of NetworkMode.
const (
	NetworkModeBridge NetworkMode = "bridge"
	NetworkModeHost   NetworkMode = "host"
	NetworkModeAwsvpc NetworkMode = "awsvpc"
	NetworkModeNone   NetworkMode = "none"
)

// Values returns every NetworkMode value, in the API's order.
func (NetworkMode) Values() []NetworkMode {
	return []NetworkMode{NetworkModeBridge, NetworkModeHost, NetworkModeAwsvpc, NetworkModeNone}
}

// PlacementConstraintType is the ECS PlacementConstraintType enumeration.
type PlacementConstraintType string

// Values of PlacementConstraintType.
const (
	PlacementConstraintTypeDistinctInstance PlacementConstraintType = "distinctInstance"
	PlacementConstraintTypeMemberOf         PlacementConstraintType = "memberOf"
)

// Values returns every PlacementConstraintType value, in the API's order.
func (PlacementConstraintType) Values() []PlacementConstraintType {
	return []PlacementConstraintType{PlacementConstraintTypeDistinctInstance, PlacementConstraintTypeMemberOf}
}

// PlacementStrategyType is the ECS PlacementStrategyType enumeration.
type PlacementStrategyType string

// Values of PlacementStrategyType.
const (
	PlacementStrategyTypeRandom  PlacementStrategyType = "random"
	PlacementStrategyTypeSpread  PlacementStrategyType = "spread"
	PlacementStrategyTypeBinpack PlacementStrategyType = "binpack"
)

// Values returns every PlacementStrategyType value, in the API's order.
func (PlacementStrategyType) Values() []PlacementStrategyType {
	return []PlacementStrategyType{PlacementStrategyTypeRandom, PlacementStrategyTypeSpread, PlacementStrategyTypeBinpack}
}

// PropagateTags is the ECS PropagateTags enumeration.
type PropagateTags string

// Values of PropagateTags.
const (
	PropagateTagsTaskDefinition PropagateTags = "TASK_DEFINITION"
	PropagateTagsService        PropagateTags = "SERVICE"
	PropagateTagsNone           PropagateTags = "NONE"
)

// Values returns every PropagateTags value, in the API's order.
func (PropagateTags) Values() []PropagateTags {
	return []PropagateTags{PropagateTagsTaskDefinition, PropagateTagsService, PropagateTagsNone}
}

// ResourceManagementType is the ECS ResourceManagementType enumeration.
type ResourceManagementType string

// Values of ResourceManagementType.
const (
	ResourceManagementTypeCustomer ResourceManagementType = "CUSTOMER"
	ResourceManagementTypeECS      ResourceManagementType = "ECS"
)

// Values returns every ResourceManagementType value, in the API's order.
func (ResourceManagementType) Values() []ResourceManagementType {
	return []ResourceManagementType{ResourceManagementTypeCustomer, ResourceManagementTypeECS}
}

// ResourceType is the value kind of a container instance Resource.
type ResourceType string

// Values of ResourceType.
const (
	ResourceTypeInteger   ResourceType = "INTEGER"
	ResourceTypeDouble    ResourceType = "DOUBLE"
	ResourceTypeLong      ResourceType = "LONG"
	ResourceTypeStringset ResourceType = "STRINGSET"
)

// Values returns every ResourceType value, in the API's order.
func (ResourceType) Values() []ResourceType {
	return []ResourceType{ResourceTypeInteger, ResourceTypeDouble, ResourceTypeLong, ResourceTypeStringset}
}

// ScaleUnit is the ECS ScaleUnit enumeration.
type ScaleUnit string

// Values of ScaleUnit.
const (
	ScaleUnitPercent ScaleUnit = "PERCENT"
)

// Values returns every ScaleUnit value, in the API's order.
func (ScaleUnit) Values() []ScaleUnit {
	return []ScaleUnit{ScaleUnitPercent}
}

// SchedulingStrategy is REPLICA (keep a desired count) or DAEMON (one task per instance).
type SchedulingStrategy string

// Values of SchedulingStrategy.
const (
	SchedulingStrategyReplica SchedulingStrategy = "REPLICA"
	SchedulingStrategyDaemon  SchedulingStrategy = "DAEMON"
)

// Values returns every SchedulingStrategy value, in the API's order.
func (SchedulingStrategy) Values() []SchedulingStrategy {
	return []SchedulingStrategy{SchedulingStrategyReplica, SchedulingStrategyDaemon}
}

// ServiceStatus is the status of a service. DeleteService moves an ACTIVE service to DRAINING, and to INACTIVE once its tasks have stopped.
type ServiceStatus string

// Values of ServiceStatus.
const (
	ServiceStatusActive   ServiceStatus = "ACTIVE"
	ServiceStatusDraining ServiceStatus = "DRAINING"
	ServiceStatusInactive ServiceStatus = "INACTIVE"
)

// Values returns every ServiceStatus value, in the API's order.
func (ServiceStatus) Values() []ServiceStatus {
	return []ServiceStatus{ServiceStatusActive, ServiceStatusDraining, ServiceStatusInactive}
}

// StabilityStatus says whether a task set has reached a steady state.
type StabilityStatus string

// Values of StabilityStatus.
const (
	StabilityStatusSteadyState StabilityStatus = "STEADY_STATE"
	StabilityStatusStabilizing StabilityStatus = "STABILIZING"
)

// Values returns every StabilityStatus value, in the API's order.
func (StabilityStatus) Values() []StabilityStatus {
	return []StabilityStatus{StabilityStatusSteadyState, StabilityStatusStabilizing}
}

// TargetType is the ECS TargetType enumeration.
type TargetType string

// Values of TargetType.
const (
	TargetTypeContainerInstance TargetType = "container-instance"
)

// Values returns every TargetType value, in the API's order.
func (TargetType) Values() []TargetType {
	return []TargetType{TargetTypeContainerInstance}
}

// TaskDefinitionPlacementConstraintType is the ECS TaskDefinitionPlacementConstraintType enumeration.
type TaskDefinitionPlacementConstraintType string

// Values of TaskDefinitionPlacementConstraintType.
const (
	TaskDefinitionPlacementConstraintTypeMemberOf TaskDefinitionPlacementConstraintType = "memberOf"
)

// Values returns every TaskDefinitionPlacementConstraintType value, in the API's order.
func (TaskDefinitionPlacementConstraintType) Values() []TaskDefinitionPlacementConstraintType {
	return []TaskDefinitionPlacementConstraintType{TaskDefinitionPlacementConstraintTypeMemberOf}
}

// TaskDefinitionStatus is the ECS TaskDefinitionStatus enumeration.
type TaskDefinitionStatus string

// Values of TaskDefinitionStatus.
const (
	TaskDefinitionStatusActive           TaskDefinitionStatus = "ACTIVE"
	TaskDefinitionStatusInactive         TaskDefinitionStatus = "INACTIVE"
	TaskDefinitionStatusDeleteInProgress TaskDefinitionStatus = "DELETE_IN_PROGRESS"
)

// Values returns every TaskDefinitionStatus value, in the API's order.
func (TaskDefinitionStatus) Values() []TaskDefinitionStatus {
	return []TaskDefinitionStatus{TaskDefinitionStatusActive, TaskDefinitionStatusInactive, TaskDefinitionStatusDeleteInProgress}
}

// TaskSetStatus is the status of a task set.
type TaskSetStatus string

// Values of TaskSetStatus.
const (
	TaskSetStatusPrimary  TaskSetStatus = "PRIMARY"
	TaskSetStatusActive   TaskSetStatus = "ACTIVE"
	TaskSetStatusDraining TaskSetStatus = "DRAINING"
)

// Values returns every TaskSetStatus value, in the API's order.
func (TaskSetStatus) Values() []TaskSetStatus {
	return []TaskSetStatus{TaskSetStatusPrimary, TaskSetStatusActive, TaskSetStatusDraining}
}

// TaskStatus is the lastStatus of a task, in lifecycle order; see TaskTransitions.
type TaskStatus string

// Values of TaskStatus.
const (
	TaskStatusProvisioning   TaskStatus = "PROVISIONING"
	TaskStatusPending        TaskStatus = "PENDING"
	TaskStatusActivating     TaskStatus = "ACTIVATING"
	TaskStatusRunning        TaskStatus = "RUNNING"
	TaskStatusDeactivating   TaskStatus = "DEACTIVATING"
	TaskStatusStopping       TaskStatus = "STOPPING"
	TaskStatusDeprovisioning TaskStatus = "DEPROVISIONING"
	TaskStatusStopped        TaskStatus = "STOPPED"
	TaskStatusDeleted        TaskStatus = "DELETED"
)

// Values returns every TaskStatus value, in the API's order.
func (TaskStatus) Values() []TaskStatus {
	return []TaskStatus{TaskStatusProvisioning, TaskStatusPending, TaskStatusActivating, TaskStatusRunning, TaskStatusDeactivating, TaskStatusStopping, TaskStatusDeprovisioning, TaskStatusStopped, TaskStatusDeleted}
}

// TaskStopCode is why a task stopped.
type TaskStopCode string

// Values of TaskStopCode.
const (
	TaskStopCodeTaskFailedToStart         TaskStopCode = "TaskFailedToStart"
	TaskStopCodeEssentialContainerExited  TaskStopCode = "EssentialContainerExited"
	TaskStopCodeUserInitiated             TaskStopCode = "UserInitiated"
	TaskStopCodeServiceSchedulerInitiated TaskStopCode = "ServiceSchedulerInitiated"
	TaskStopCodeSpotInterruption          TaskStopCode = "SpotInterruption"
	TaskStopCodeTerminationNotice         TaskStopCode = "TerminationNotice"
	TaskStopCodeInfrastructureHealth      TaskStopCode = "InfrastructureHealth"
)

// Values returns every TaskStopCode value, in the API's order.
func (TaskStopCode) Values() []TaskStopCode {
	return []TaskStopCode{TaskStopCodeTaskFailedToStart, TaskStopCodeEssentialContainerExited, TaskStopCodeUserInitiated, TaskStopCodeServiceSchedulerInitiated, TaskStopCodeSpotInterruption, TaskStopCodeTerminationNotice, TaskStopCodeInfrastructureHealth}
}

// ThresholdType is the ECS ThresholdType enumeration.
type ThresholdType string

// Values of ThresholdType.
const (
	ThresholdTypeCount            ThresholdType = "COUNT"
	ThresholdTypeBoundedPercent   ThresholdType = "BOUNDED_PERCENT"
	ThresholdTypeUnboundedPercent ThresholdType = "UNBOUNDED_PERCENT"
)

// Values returns every ThresholdType value, in the API's order.
func (ThresholdType) Values() []ThresholdType {
	return []ThresholdType{ThresholdTypeCount, ThresholdTypeBoundedPercent, ThresholdTypeUnboundedPercent}
}

// TransportProtocol is the ECS TransportProtocol enumeration.
type TransportProtocol string

// Values of TransportProtocol.
const (
	TransportProtocolTCP TransportProtocol = "tcp"
	TransportProtocolUDP TransportProtocol = "udp"
)

// Values returns every TransportProtocol value, in the API's order.
func (TransportProtocol) Values() []TransportProtocol {
	return []TransportProtocol{TransportProtocolTCP, TransportProtocolUDP}
}
