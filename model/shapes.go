// Code generated from the ECS API's Smithy model (member names and types of
// github.com/aws/aws-sdk-go-v2/service/ecs v1.104.0), then documented by hand.
// Members the state machines do not interpret are kept as json.RawMessage so
// that nothing in a response is lost on a decode and re-encode.
//
// Scalars ECS always returns (task counts, versions, resource amounts,
// agentConnected) are always encoded; newer optional scalars (failedTasks,
// the enable* flags) are omitted when zero, as ECS omits them, so that a
// response re-encodes key for key.

package model

import "encoding/json"

// Service is an ECS service as DescribeServices, CreateService and UpdateService return it.
type Service struct {
	ServiceARN                    string                          `json:"serviceArn,omitempty"`
	ServiceName                   string                          `json:"serviceName,omitempty"`
	ClusterARN                    string                          `json:"clusterArn,omitempty"`
	LoadBalancers                 []LoadBalancer                  `json:"loadBalancers,omitzero"`
	ServiceRegistries             []ServiceRegistry               `json:"serviceRegistries,omitzero"`
	Status                        ServiceStatus                   `json:"status,omitempty"`
	DesiredCount                  int32                           `json:"desiredCount"`
	RunningCount                  int32                           `json:"runningCount"`
	PendingCount                  int32                           `json:"pendingCount"`
	LaunchType                    LaunchType                      `json:"launchType,omitempty"`
	CapacityProviderStrategy      []CapacityProviderStrategyItem  `json:"capacityProviderStrategy,omitzero"`
	PlatformVersion               string                          `json:"platformVersion,omitempty"`
	PlatformFamily                string                          `json:"platformFamily,omitempty"`
	TaskDefinition                string                          `json:"taskDefinition,omitempty"`
	DeploymentConfiguration       *DeploymentConfiguration        `json:"deploymentConfiguration,omitzero"`
	TaskSets                      []TaskSet                       `json:"taskSets,omitzero"`
	Deployments                   []Deployment                    `json:"deployments,omitzero"`
	RoleARN                       string                          `json:"roleArn,omitempty"`
	Events                        []ServiceEvent                  `json:"events,omitzero"`
	CreatedAt                     Time                            `json:"createdAt,omitzero"`
	CurrentServiceDeployment      string                          `json:"currentServiceDeployment,omitempty"`
	CurrentServiceRevisions       []ServiceCurrentRevisionSummary `json:"currentServiceRevisions,omitzero"`
	PlacementConstraints          []PlacementConstraint           `json:"placementConstraints,omitzero"`
	PlacementStrategy             []PlacementStrategy             `json:"placementStrategy,omitzero"`
	NetworkConfiguration          *NetworkConfiguration           `json:"networkConfiguration,omitzero"`
	HealthCheckGracePeriodSeconds *int32                          `json:"healthCheckGracePeriodSeconds,omitzero"`
	SchedulingStrategy            SchedulingStrategy              `json:"schedulingStrategy,omitempty"`
	DeploymentController          *DeploymentController           `json:"deploymentController,omitzero"`
	Tags                          []Tag                           `json:"tags,omitzero"`
	CreatedBy                     string                          `json:"createdBy,omitempty"`
	EnableECSManagedTags          bool                            `json:"enableECSManagedTags,omitempty"`
	PropagateTags                 PropagateTags                   `json:"propagateTags,omitempty"`
	EnableExecuteCommand          bool                            `json:"enableExecuteCommand,omitempty"`
	AvailabilityZoneRebalancing   AvailabilityZoneRebalancing     `json:"availabilityZoneRebalancing,omitempty"`
	ResourceManagementType        ResourceManagementType          `json:"resourceManagementType,omitempty"`
}

// Deployment is one deployment of a service under the ECS (rolling) controller: the PRIMARY one being rolled out or kept, and ACTIVE ones being drained.
type Deployment struct {
	ID                          string                         `json:"id,omitempty"`
	Status                      DeploymentStatus               `json:"status,omitempty"`
	TaskDefinition              string                         `json:"taskDefinition,omitempty"`
	DesiredCount                int32                          `json:"desiredCount"`
	PendingCount                int32                          `json:"pendingCount"`
	RunningCount                int32                          `json:"runningCount"`
	FailedTasks                 int32                          `json:"failedTasks,omitempty"`
	CreatedAt                   Time                           `json:"createdAt,omitzero"`
	UpdatedAt                   Time                           `json:"updatedAt,omitzero"`
	CapacityProviderStrategy    []CapacityProviderStrategyItem `json:"capacityProviderStrategy,omitzero"`
	LaunchType                  LaunchType                     `json:"launchType,omitempty"`
	PlatformVersion             string                         `json:"platformVersion,omitempty"`
	PlatformFamily              string                         `json:"platformFamily,omitempty"`
	NetworkConfiguration        *NetworkConfiguration          `json:"networkConfiguration,omitzero"`
	RolloutState                DeploymentRolloutState         `json:"rolloutState,omitempty"`
	RolloutStateReason          string                         `json:"rolloutStateReason,omitempty"`
	ServiceConnectConfiguration json.RawMessage                `json:"serviceConnectConfiguration,omitzero"`
	ServiceConnectResources     json.RawMessage                `json:"serviceConnectResources,omitzero"`
	VolumeConfigurations        json.RawMessage                `json:"volumeConfigurations,omitzero"`
	FargateEphemeralStorage     json.RawMessage                `json:"fargateEphemeralStorage,omitzero"`
	VPCLatticeConfigurations    json.RawMessage                `json:"vpcLatticeConfigurations,omitzero"`
}

// ContainerInstance is an EC2 or external instance registered to a cluster, as DescribeContainerInstances and UpdateContainerAgent return it.
type ContainerInstance struct {
	ContainerInstanceARN string                         `json:"containerInstanceArn,omitempty"`
	EC2InstanceID        string                         `json:"ec2InstanceId,omitempty"`
	CapacityProviderName string                         `json:"capacityProviderName,omitempty"`
	Version              int64                          `json:"version"`
	VersionInfo          *VersionInfo                   `json:"versionInfo,omitzero"`
	RemainingResources   []Resource                     `json:"remainingResources,omitzero"`
	RegisteredResources  []Resource                     `json:"registeredResources,omitzero"`
	Status               ContainerInstanceStatus        `json:"status,omitempty"`
	StatusReason         string                         `json:"statusReason,omitempty"`
	AgentConnected       bool                           `json:"agentConnected"`
	RunningTasksCount    int32                          `json:"runningTasksCount"`
	PendingTasksCount    int32                          `json:"pendingTasksCount"`
	AgentUpdateStatus    AgentUpdateStatus              `json:"agentUpdateStatus,omitempty"`
	Attributes           []Attribute                    `json:"attributes,omitzero"`
	RegisteredAt         Time                           `json:"registeredAt,omitzero"`
	Attachments          []Attachment                   `json:"attachments,omitzero"`
	Tags                 []Tag                          `json:"tags,omitzero"`
	HealthStatus         *ContainerInstanceHealthStatus `json:"healthStatus,omitzero"`
	GPUDevices           json.RawMessage                `json:"gpuDevices,omitzero"`
}

// TaskSet is a set of tasks of a service under the CODE_DEPLOY or EXTERNAL controller.
type TaskSet struct {
	ID                       string                         `json:"id,omitempty"`
	TaskSetARN               string                         `json:"taskSetArn,omitempty"`
	ServiceARN               string                         `json:"serviceArn,omitempty"`
	ClusterARN               string                         `json:"clusterArn,omitempty"`
	StartedBy                string                         `json:"startedBy,omitempty"`
	ExternalID               string                         `json:"externalId,omitempty"`
	Status                   TaskSetStatus                  `json:"status,omitempty"`
	TaskDefinition           string                         `json:"taskDefinition,omitempty"`
	ComputedDesiredCount     int32                          `json:"computedDesiredCount"`
	PendingCount             int32                          `json:"pendingCount"`
	RunningCount             int32                          `json:"runningCount"`
	CreatedAt                Time                           `json:"createdAt,omitzero"`
	UpdatedAt                Time                           `json:"updatedAt,omitzero"`
	LaunchType               LaunchType                     `json:"launchType,omitempty"`
	CapacityProviderStrategy []CapacityProviderStrategyItem `json:"capacityProviderStrategy,omitzero"`
	PlatformVersion          string                         `json:"platformVersion,omitempty"`
	PlatformFamily           string                         `json:"platformFamily,omitempty"`
	NetworkConfiguration     *NetworkConfiguration          `json:"networkConfiguration,omitzero"`
	LoadBalancers            []LoadBalancer                 `json:"loadBalancers,omitzero"`
	ServiceRegistries        []ServiceRegistry              `json:"serviceRegistries,omitzero"`
	Scale                    *Scale                         `json:"scale,omitzero"`
	StabilityStatus          StabilityStatus                `json:"stabilityStatus,omitempty"`
	StabilityStatusAt        Time                           `json:"stabilityStatusAt,omitzero"`
	Tags                     []Tag                          `json:"tags,omitzero"`
	FargateEphemeralStorage  json.RawMessage                `json:"fargateEphemeralStorage,omitzero"`
}

// Cluster is an ECS cluster as DescribeClusters returns it.
type Cluster struct {
	ClusterARN                        string                         `json:"clusterArn,omitempty"`
	ClusterName                       string                         `json:"clusterName,omitempty"`
	Configuration                     json.RawMessage                `json:"configuration,omitzero"`
	Status                            ClusterStatus                  `json:"status,omitempty"`
	RegisteredContainerInstancesCount int32                          `json:"registeredContainerInstancesCount"`
	RunningTasksCount                 int32                          `json:"runningTasksCount"`
	PendingTasksCount                 int32                          `json:"pendingTasksCount"`
	ActiveServicesCount               int32                          `json:"activeServicesCount"`
	Statistics                        []KeyValuePair                 `json:"statistics,omitzero"`
	Tags                              []Tag                          `json:"tags,omitzero"`
	Settings                          json.RawMessage                `json:"settings,omitzero"`
	CapacityProviders                 []string                       `json:"capacityProviders,omitzero"`
	DefaultCapacityProviderStrategy   []CapacityProviderStrategyItem `json:"defaultCapacityProviderStrategy,omitzero"`
	Attachments                       []Attachment                   `json:"attachments,omitzero"`
	AttachmentsStatus                 string                         `json:"attachmentsStatus,omitempty"`
	ServiceConnectDefaults            json.RawMessage                `json:"serviceConnectDefaults,omitzero"`
}

// Task is one task as DescribeTasks returns it.
type Task struct {
	Attachments             []Attachment    `json:"attachments,omitzero"`
	Attributes              []Attribute     `json:"attributes,omitzero"`
	AvailabilityZone        string          `json:"availabilityZone,omitempty"`
	CapacityProviderName    string          `json:"capacityProviderName,omitempty"`
	ClusterARN              string          `json:"clusterArn,omitempty"`
	Connectivity            Connectivity    `json:"connectivity,omitempty"`
	ConnectivityAt          Time            `json:"connectivityAt,omitzero"`
	ContainerInstanceARN    string          `json:"containerInstanceArn,omitempty"`
	Containers              []Container     `json:"containers,omitzero"`
	CPU                     string          `json:"cpu,omitempty"`
	CreatedAt               Time            `json:"createdAt,omitzero"`
	DesiredStatus           DesiredStatus   `json:"desiredStatus,omitempty"`
	EnableExecuteCommand    bool            `json:"enableExecuteCommand,omitempty"`
	ExecutionStoppedAt      Time            `json:"executionStoppedAt,omitzero"`
	Group                   string          `json:"group,omitempty"`
	HealthStatus            HealthStatus    `json:"healthStatus,omitempty"`
	InferenceAccelerators   json.RawMessage `json:"inferenceAccelerators,omitzero"`
	LastStatus              TaskStatus      `json:"lastStatus,omitempty"`
	LaunchType              LaunchType      `json:"launchType,omitempty"`
	Memory                  string          `json:"memory,omitempty"`
	Overrides               json.RawMessage `json:"overrides,omitzero"`
	PlatformVersion         string          `json:"platformVersion,omitempty"`
	PlatformFamily          string          `json:"platformFamily,omitempty"`
	PullStartedAt           Time            `json:"pullStartedAt,omitzero"`
	PullStoppedAt           Time            `json:"pullStoppedAt,omitzero"`
	StartedAt               Time            `json:"startedAt,omitzero"`
	StartedBy               string          `json:"startedBy,omitempty"`
	StopCode                TaskStopCode    `json:"stopCode,omitempty"`
	StoppedAt               Time            `json:"stoppedAt,omitzero"`
	StoppedReason           string          `json:"stoppedReason,omitempty"`
	StoppingAt              Time            `json:"stoppingAt,omitzero"`
	Tags                    []Tag           `json:"tags,omitzero"`
	TaskARN                 string          `json:"taskArn,omitempty"`
	TaskDefinitionARN       string          `json:"taskDefinitionArn,omitempty"`
	Version                 int64           `json:"version"`
	EphemeralStorage        json.RawMessage `json:"ephemeralStorage,omitzero"`
	FargateEphemeralStorage json.RawMessage `json:"fargateEphemeralStorage,omitzero"`
}

// TaskDefinition is one revision of a task definition family.
type TaskDefinition struct {
	TaskDefinitionARN       string                              `json:"taskDefinitionArn,omitempty"`
	ContainerDefinitions    []ContainerDefinition               `json:"containerDefinitions,omitzero"`
	Family                  string                              `json:"family,omitempty"`
	TaskRoleARN             string                              `json:"taskRoleArn,omitempty"`
	ExecutionRoleARN        string                              `json:"executionRoleArn,omitempty"`
	NetworkMode             NetworkMode                         `json:"networkMode,omitempty"`
	Revision                int32                               `json:"revision"`
	Volumes                 json.RawMessage                     `json:"volumes,omitzero"`
	Status                  TaskDefinitionStatus                `json:"status,omitempty"`
	RequiresAttributes      []Attribute                         `json:"requiresAttributes,omitzero"`
	PlacementConstraints    []TaskDefinitionPlacementConstraint `json:"placementConstraints,omitzero"`
	Compatibilities         []Compatibility                     `json:"compatibilities,omitzero"`
	RuntimePlatform         json.RawMessage                     `json:"runtimePlatform,omitzero"`
	RequiresCompatibilities []Compatibility                     `json:"requiresCompatibilities,omitzero"`
	CPU                     string                              `json:"cpu,omitempty"`
	Memory                  string                              `json:"memory,omitempty"`
	InferenceAccelerators   json.RawMessage                     `json:"inferenceAccelerators,omitzero"`
	PidMode                 string                              `json:"pidMode,omitempty"`
	IpcMode                 string                              `json:"ipcMode,omitempty"`
	ProxyConfiguration      json.RawMessage                     `json:"proxyConfiguration,omitzero"`
	RegisteredAt            Time                                `json:"registeredAt,omitzero"`
	DeregisteredAt          Time                                `json:"deregisteredAt,omitzero"`
	DeleteRequestedAt       Time                                `json:"deleteRequestedAt,omitzero"`
	RegisteredBy            string                              `json:"registeredBy,omitempty"`
	EphemeralStorage        json.RawMessage                     `json:"ephemeralStorage,omitzero"`
	EnableFaultInjection    *bool                               `json:"enableFaultInjection,omitzero"`
}

// CapacityProvider is a capacity provider as DescribeCapacityProviders returns it.
type CapacityProvider struct {
	CapacityProviderARN      string                       `json:"capacityProviderArn,omitempty"`
	Name                     string                       `json:"name,omitempty"`
	Cluster                  string                       `json:"cluster,omitempty"`
	Status                   CapacityProviderStatus       `json:"status,omitempty"`
	AutoScalingGroupProvider *AutoScalingGroupProvider    `json:"autoScalingGroupProvider,omitzero"`
	ManagedInstancesProvider json.RawMessage              `json:"managedInstancesProvider,omitzero"`
	UpdateStatus             CapacityProviderUpdateStatus `json:"updateStatus,omitempty"`
	UpdateStatusReason       string                       `json:"updateStatusReason,omitempty"`
	Tags                     []Tag                        `json:"tags,omitzero"`
	Type                     CapacityProviderType         `json:"type,omitempty"`
}

// Container is one container of a task, as reported by DescribeTasks.
type Container struct {
	ContainerARN       string             `json:"containerArn,omitempty"`
	TaskARN            string             `json:"taskArn,omitempty"`
	Name               string             `json:"name,omitempty"`
	Image              string             `json:"image,omitempty"`
	ImageDigest        string             `json:"imageDigest,omitempty"`
	RuntimeID          string             `json:"runtimeId,omitempty"`
	LastStatus         string             `json:"lastStatus,omitempty"`
	ExitCode           *int32             `json:"exitCode,omitzero"`
	Reason             string             `json:"reason,omitempty"`
	NetworkBindings    []NetworkBinding   `json:"networkBindings,omitzero"`
	NetworkInterfaces  []NetworkInterface `json:"networkInterfaces,omitzero"`
	HealthStatus       HealthStatus       `json:"healthStatus,omitempty"`
	ManagedAgents      json.RawMessage    `json:"managedAgents,omitzero"`
	CPU                string             `json:"cpu,omitempty"`
	Memory             string             `json:"memory,omitempty"`
	MemoryReservation  string             `json:"memoryReservation,omitempty"`
	GPUIDs             []string           `json:"gpuIds,omitzero"`
	NeuronDeviceIDs    []string           `json:"neuronDeviceIds,omitzero"`
	GPUSharingStrategy json.RawMessage    `json:"gpuSharingStrategy,omitzero"`
}

// ContainerDefinition is one container of a task definition.
type ContainerDefinition struct {
	Name                   string          `json:"name,omitempty"`
	Image                  string          `json:"image,omitempty"`
	RepositoryCredentials  json.RawMessage `json:"repositoryCredentials,omitzero"`
	CPU                    int32           `json:"cpu,omitempty"`
	Memory                 *int32          `json:"memory,omitzero"`
	MemoryReservation      *int32          `json:"memoryReservation,omitzero"`
	Links                  []string        `json:"links,omitzero"`
	PortMappings           []PortMapping   `json:"portMappings,omitzero"`
	Essential              *bool           `json:"essential,omitzero"`
	RestartPolicy          json.RawMessage `json:"restartPolicy,omitzero"`
	EntryPoint             []string        `json:"entryPoint,omitzero"`
	Command                []string        `json:"command,omitzero"`
	Environment            []KeyValuePair  `json:"environment,omitzero"`
	EnvironmentFiles       json.RawMessage `json:"environmentFiles,omitzero"`
	MountPoints            json.RawMessage `json:"mountPoints,omitzero"`
	VolumesFrom            json.RawMessage `json:"volumesFrom,omitzero"`
	LinuxParameters        json.RawMessage `json:"linuxParameters,omitzero"`
	Secrets                json.RawMessage `json:"secrets,omitzero"`
	DependsOn              json.RawMessage `json:"dependsOn,omitzero"`
	StartTimeout           *int32          `json:"startTimeout,omitzero"`
	StopTimeout            *int32          `json:"stopTimeout,omitzero"`
	VersionConsistency     string          `json:"versionConsistency,omitempty"`
	Hostname               string          `json:"hostname,omitempty"`
	User                   string          `json:"user,omitempty"`
	WorkingDirectory       string          `json:"workingDirectory,omitempty"`
	DisableNetworking      *bool           `json:"disableNetworking,omitzero"`
	Privileged             *bool           `json:"privileged,omitzero"`
	ReadonlyRootFilesystem *bool           `json:"readonlyRootFilesystem,omitzero"`
	DnsServers             []string        `json:"dnsServers,omitzero"`
	DnsSearchDomains       []string        `json:"dnsSearchDomains,omitzero"`
	ExtraHosts             json.RawMessage `json:"extraHosts,omitzero"`
	DockerSecurityOptions  []string        `json:"dockerSecurityOptions,omitzero"`
	Interactive            *bool           `json:"interactive,omitzero"`
	PseudoTerminal         *bool           `json:"pseudoTerminal,omitzero"`
	DockerLabels           json.RawMessage `json:"dockerLabels,omitzero"`
	Ulimits                json.RawMessage `json:"ulimits,omitzero"`
	LogConfiguration       json.RawMessage `json:"logConfiguration,omitzero"`
	HealthCheck            *HealthCheck    `json:"healthCheck,omitzero"`
	SystemControls         json.RawMessage `json:"systemControls,omitzero"`
	ResourceRequirements   json.RawMessage `json:"resourceRequirements,omitzero"`
	FirelensConfiguration  json.RawMessage `json:"firelensConfiguration,omitzero"`
	CredentialSpecs        []string        `json:"credentialSpecs,omitzero"`
}

// DeploymentConfiguration controls how a deployment starts and stops tasks: the minimum healthy and maximum percent bounds, the circuit breaker and alarms, and the deployment strategy.
type DeploymentConfiguration struct {
	DeploymentCircuitBreaker *DeploymentCircuitBreaker `json:"deploymentCircuitBreaker,omitzero"`
	MaximumPercent           *int32                    `json:"maximumPercent,omitzero"`
	MinimumHealthyPercent    *int32                    `json:"minimumHealthyPercent,omitzero"`
	Alarms                   *DeploymentAlarms         `json:"alarms,omitzero"`
	Strategy                 DeploymentStrategy        `json:"strategy,omitempty"`
	BakeTimeInMinutes        *int32                    `json:"bakeTimeInMinutes,omitzero"`
	LifecycleHooks           []DeploymentLifecycleHook `json:"lifecycleHooks,omitzero"`
	LinearConfiguration      *LinearConfiguration      `json:"linearConfiguration,omitzero"`
	CanaryConfiguration      *CanaryConfiguration      `json:"canaryConfiguration,omitzero"`
	EarlySuccessCriteria     json.RawMessage           `json:"earlySuccessCriteria,omitzero"`
}

// DeploymentCircuitBreaker makes a rolling deployment fail, and optionally roll back, once enough of its tasks fail.
type DeploymentCircuitBreaker struct {
	Enable                 bool                    `json:"enable"`
	Rollback               bool                    `json:"rollback"`
	ResetOnHealthyTask     *bool                   `json:"resetOnHealthyTask,omitzero"`
	ThresholdConfiguration *ThresholdConfiguration `json:"thresholdConfiguration,omitzero"`
}

// DeploymentAlarms makes a deployment fail, and optionally roll back, when one of the named CloudWatch alarms goes into the ALARM state.
type DeploymentAlarms struct {
	AlarmNames []string `json:"alarmNames,omitzero"`
	Rollback   bool     `json:"rollback"`
	Enable     bool     `json:"enable"`
}

// ServiceEvent is one message of a service's event log.
type ServiceEvent struct {
	ID        string `json:"id,omitempty"`
	CreatedAt Time   `json:"createdAt,omitzero"`
	Message   string `json:"message,omitempty"`
}

// Resource is one registered or remaining resource of a container instance: CPU and MEMORY as INTEGER, PORTS and PORTS_UDP as STRINGSET.
type Resource struct {
	Name           string       `json:"name,omitempty"`
	Type           ResourceType `json:"type,omitempty"`
	DoubleValue    float64      `json:"doubleValue"`
	LongValue      int64        `json:"longValue"`
	IntegerValue   int32        `json:"integerValue"`
	StringSetValue []string     `json:"stringSetValue,omitzero"`
}

// Attribute is a name-value pair attached to a container instance (or another target) that placement constraints can test.
type Attribute struct {
	Name       string     `json:"name,omitempty"`
	Value      string     `json:"value,omitempty"`
	TargetType TargetType `json:"targetType,omitempty"`
	TargetID   string     `json:"targetId,omitempty"`
}

// Attachment is an elastic network interface or other resource attached to an instance or task.
type Attachment struct {
	ID      string         `json:"id,omitempty"`
	Type    string         `json:"type,omitempty"`
	Status  string         `json:"status,omitempty"`
	Details []KeyValuePair `json:"details,omitzero"`
}

// NetworkBinding maps a container port to a host port.
type NetworkBinding struct {
	BindIP             string            `json:"bindIP,omitempty"`
	ContainerPort      *int32            `json:"containerPort,omitzero"`
	HostPort           *int32            `json:"hostPort,omitzero"`
	Protocol           TransportProtocol `json:"protocol,omitempty"`
	ContainerPortRange string            `json:"containerPortRange,omitempty"`
	HostPortRange      string            `json:"hostPortRange,omitempty"`
}

// HealthCheck is a container health check command and its timing.
type HealthCheck struct {
	Command     []string `json:"command,omitzero"`
	Interval    *int32   `json:"interval,omitzero"`
	Timeout     *int32   `json:"timeout,omitzero"`
	Retries     *int32   `json:"retries,omitzero"`
	StartPeriod *int32   `json:"startPeriod,omitzero"`
}

// PortMapping maps a container port to a host port in a task definition. A HostPort of 0 or nil asks for a dynamic port in bridge mode.
type PortMapping struct {
	ContainerPort      *int32              `json:"containerPort,omitzero"`
	HostPort           *int32              `json:"hostPort,omitzero"`
	Protocol           TransportProtocol   `json:"protocol,omitempty"`
	Name               string              `json:"name,omitempty"`
	AppProtocol        ApplicationProtocol `json:"appProtocol,omitempty"`
	ContainerPortRange string              `json:"containerPortRange,omitempty"`
}

// VersionInfo holds the versions of the ECS agent and Docker on a container instance.
type VersionInfo struct {
	AgentVersion  string `json:"agentVersion,omitempty"`
	AgentHash     string `json:"agentHash,omitempty"`
	DockerVersion string `json:"dockerVersion,omitempty"`
}

// ContainerInstanceHealthStatus is the overall health of a container instance and its individual checks.
type ContainerInstanceHealthStatus struct {
	OverallStatus InstanceHealthCheckState    `json:"overallStatus,omitempty"`
	Details       []InstanceHealthCheckResult `json:"details,omitzero"`
}

// InstanceHealthCheckResult is the result of one container-instance health check.
type InstanceHealthCheckResult struct {
	Type             InstanceHealthCheckType  `json:"type,omitempty"`
	Status           InstanceHealthCheckState `json:"status,omitempty"`
	StatusReason     string                   `json:"statusReason,omitempty"`
	LastUpdated      Time                     `json:"lastUpdated,omitzero"`
	LastStatusChange Time                     `json:"lastStatusChange,omitzero"`
}

// LoadBalancer links a service container to an Elastic Load Balancing target group or Classic Load Balancer.
type LoadBalancer struct {
	TargetGroupARN        string                 `json:"targetGroupArn,omitempty"`
	LoadBalancerName      string                 `json:"loadBalancerName,omitempty"`
	ContainerName         string                 `json:"containerName,omitempty"`
	ContainerPort         *int32                 `json:"containerPort,omitzero"`
	AdvancedConfiguration *AdvancedConfiguration `json:"advancedConfiguration,omitzero"`
}

// ServiceRegistry links a service to an AWS Cloud Map registry.
type ServiceRegistry struct {
	RegistryARN   string `json:"registryArn,omitempty"`
	Port          *int32 `json:"port,omitzero"`
	ContainerName string `json:"containerName,omitempty"`
	ContainerPort *int32 `json:"containerPort,omitzero"`
}

// NetworkConfiguration is the network of tasks that use the awsvpc network mode.
type NetworkConfiguration struct {
	AWSVPCConfiguration *AwsVpcConfiguration `json:"awsvpcConfiguration,omitzero"`
}

// AwsVpcConfiguration lists the subnets and security groups of awsvpc tasks.
type AwsVpcConfiguration struct {
	Subnets        []string       `json:"subnets,omitzero"`
	SecurityGroups []string       `json:"securityGroups,omitzero"`
	AssignPublicIP AssignPublicIP `json:"assignPublicIp,omitempty"`
}

// CapacityProviderStrategyItem is one provider of a capacity provider strategy: Base tasks go to it first, the rest are split by Weight.
type CapacityProviderStrategyItem struct {
	CapacityProvider string `json:"capacityProvider,omitempty"`
	Weight           int32  `json:"weight,omitempty"`
	Base             int32  `json:"base,omitempty"`
}

// PlacementConstraint is a rule an instance must satisfy to receive a task: distinctInstance, or memberOf with a cluster query language expression.
type PlacementConstraint struct {
	Type       PlacementConstraintType `json:"type,omitempty"`
	Expression string                  `json:"expression,omitempty"`
}

// PlacementStrategy is one rule of a placement strategy: spread, binpack or random, with the field it applies to.
type PlacementStrategy struct {
	Type  PlacementStrategyType `json:"type,omitempty"`
	Field string                `json:"field,omitempty"`
}

// DeploymentController names the deployment controller of a service.
type DeploymentController struct {
	Type DeploymentControllerType `json:"type,omitempty"`
}

// Tag is a key-value label on a resource.
type Tag struct {
	Key   string `json:"key,omitempty"`
	Value string `json:"value,omitempty"`
}

// Scale is the share of a service's desired count a task set runs.
type Scale struct {
	Value float64   `json:"value,omitempty"`
	Unit  ScaleUnit `json:"unit,omitempty"`
}

// KeyValuePair is a name-value pair.
type KeyValuePair struct {
	Name  string `json:"name,omitempty"`
	Value string `json:"value,omitempty"`
}

// ThresholdConfiguration says how many failed tasks trip the deployment circuit breaker.
type ThresholdConfiguration struct {
	Type  ThresholdType `json:"type,omitempty"`
	Value int32         `json:"value,omitempty"`
}

// TaskDefinitionPlacementConstraint is a memberOf constraint declared in a task definition.
type TaskDefinitionPlacementConstraint struct {
	Type       TaskDefinitionPlacementConstraintType `json:"type,omitempty"`
	Expression string                                `json:"expression,omitempty"`
}

// AutoScalingGroupProvider is the Auto Scaling group behind an EC2 capacity provider.
type AutoScalingGroupProvider struct {
	AutoScalingGroupARN          string                       `json:"autoScalingGroupArn,omitempty"`
	ManagedScaling               *ManagedScaling              `json:"managedScaling,omitzero"`
	ManagedTerminationProtection ManagedTerminationProtection `json:"managedTerminationProtection,omitempty"`
	ManagedDraining              ManagedDraining              `json:"managedDraining,omitempty"`
}

// ManagedScaling is the managed scaling setting of an Auto Scaling group capacity provider.
type ManagedScaling struct {
	Status                 ManagedScalingStatus `json:"status,omitempty"`
	TargetCapacity         int32                `json:"targetCapacity,omitempty"`
	MinimumScalingStepSize int32                `json:"minimumScalingStepSize,omitempty"`
	MaximumScalingStepSize int32                `json:"maximumScalingStepSize,omitempty"`
	InstanceWarmupPeriod   int32                `json:"instanceWarmupPeriod,omitempty"`
}

// UpdateServiceRequest is the body of an UpdateService call. Optional members are pointers or nil-able slices so that an absent member stays distinct from zero and from empty: a nil PlacementConstraints keeps the service's constraints, an empty non-nil one removes them all.
type UpdateServiceRequest struct {
	Cluster                       string                         `json:"cluster,omitempty"`
	Service                       string                         `json:"service,omitempty"`
	DesiredCount                  *int32                         `json:"desiredCount,omitzero"`
	TaskDefinition                string                         `json:"taskDefinition,omitempty"`
	CapacityProviderStrategy      []CapacityProviderStrategyItem `json:"capacityProviderStrategy,omitzero"`
	DeploymentConfiguration       *DeploymentConfiguration       `json:"deploymentConfiguration,omitzero"`
	AvailabilityZoneRebalancing   AvailabilityZoneRebalancing    `json:"availabilityZoneRebalancing,omitempty"`
	NetworkConfiguration          *NetworkConfiguration          `json:"networkConfiguration,omitzero"`
	PlacementConstraints          []PlacementConstraint          `json:"placementConstraints,omitzero"`
	PlacementStrategy             []PlacementStrategy            `json:"placementStrategy,omitzero"`
	PlatformVersion               string                         `json:"platformVersion,omitempty"`
	ForceNewDeployment            *bool                          `json:"forceNewDeployment,omitzero"`
	HealthCheckGracePeriodSeconds *int32                         `json:"healthCheckGracePeriodSeconds,omitzero"`
	DeploymentController          *DeploymentController          `json:"deploymentController,omitzero"`
	EnableExecuteCommand          *bool                          `json:"enableExecuteCommand,omitzero"`
	EnableECSManagedTags          *bool                          `json:"enableECSManagedTags,omitzero"`
	LoadBalancers                 []LoadBalancer                 `json:"loadBalancers,omitzero"`
	PropagateTags                 PropagateTags                  `json:"propagateTags,omitempty"`
	ServiceRegistries             []ServiceRegistry              `json:"serviceRegistries,omitzero"`
	ServiceConnectConfiguration   json.RawMessage                `json:"serviceConnectConfiguration,omitzero"`
	VolumeConfigurations          json.RawMessage                `json:"volumeConfigurations,omitzero"`
	VPCLatticeConfigurations      json.RawMessage                `json:"vpcLatticeConfigurations,omitzero"`
	GatewayConnectors             json.RawMessage                `json:"gatewayConnectors,omitzero"`
	Monitoring                    json.RawMessage                `json:"monitoring,omitzero"`
}

// UpdateServiceResponse is the body UpdateService returns.
type UpdateServiceResponse struct {
	Service *Service `json:"service,omitzero"`
}

// UpdateContainerAgentRequest is the body of an UpdateContainerAgent call. An empty Cluster means the default cluster.
type UpdateContainerAgentRequest struct {
	Cluster           string `json:"cluster,omitempty"`
	ContainerInstance string `json:"containerInstance,omitempty"`
}

// UpdateContainerAgentResponse is the body UpdateContainerAgent returns.
type UpdateContainerAgentResponse struct {
	ContainerInstance *ContainerInstance `json:"containerInstance,omitzero"`
}

// ServiceCurrentRevisionSummary counts the tasks of one service revision.
type ServiceCurrentRevisionSummary struct {
	ARN                string `json:"arn,omitempty"`
	RequestedTaskCount int32  `json:"requestedTaskCount"`
	RunningTaskCount   int32  `json:"runningTaskCount"`
	PendingTaskCount   int32  `json:"pendingTaskCount"`
}

// NetworkInterface is an elastic network interface of a container.
type NetworkInterface struct {
	AttachmentID       string `json:"attachmentId,omitempty"`
	PrivateIPv4Address string `json:"privateIpv4Address,omitempty"`
	IPv6Address        string `json:"ipv6Address,omitempty"`
}

// Failure reports a resource a Describe call could not return.
type Failure struct {
	ARN    string `json:"arn,omitempty"`
	Reason string `json:"reason,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// DescribeServicesResponse is the body DescribeServices returns (and aws ecs describe-services prints).
type DescribeServicesResponse struct {
	Services []Service `json:"services,omitzero"`
	Failures []Failure `json:"failures,omitzero"`
}

// DescribeContainerInstancesResponse is the body DescribeContainerInstances returns.
type DescribeContainerInstancesResponse struct {
	ContainerInstances []ContainerInstance `json:"containerInstances,omitzero"`
	Failures           []Failure           `json:"failures,omitzero"`
}

// DescribeTasksResponse is the body DescribeTasks returns.
type DescribeTasksResponse struct {
	Tasks    []Task    `json:"tasks,omitzero"`
	Failures []Failure `json:"failures,omitzero"`
}
