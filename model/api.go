package model

import "encoding/json"

// Request and response bodies of the ECS API operations a cluster world
// serves, member for member as the ECS API reference and
// aws-sdk-go-v2/service/ecs (api_op_*.go) define them. The conventions are
// those of shapes.go: a scalar whose absence means something other than
// its zero value is a pointer (RunTask count absent means 1, maxResults
// absent means the operation's default page size, force absent means
// false but is echoed back as absent); lists are omitzero so that nil is
// absent and an empty non-nil list encodes as []; members the library
// does not interpret (overrides, volumes, Service Connect, settings) are
// json.RawMessage so that a decode and re-encode loses nothing.
//
// The Validate methods (api_validate.go) check what the API reference
// documents of each member without knowing any cluster state.

// CreateClusterRequest is the body of a CreateCluster call. An empty
// ClusterName creates the cluster named default.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html
type CreateClusterRequest struct {
	ClusterName                     string                         `json:"clusterName,omitempty"`
	Tags                            []Tag                          `json:"tags,omitzero"`
	Settings                        json.RawMessage                `json:"settings,omitzero"`
	Configuration                   json.RawMessage                `json:"configuration,omitzero"`
	CapacityProviders               []string                       `json:"capacityProviders,omitzero"`
	DefaultCapacityProviderStrategy []CapacityProviderStrategyItem `json:"defaultCapacityProviderStrategy,omitzero"`
	ServiceConnectDefaults          json.RawMessage                `json:"serviceConnectDefaults,omitzero"`
}

// CreateClusterResponse is the body CreateCluster returns.
type CreateClusterResponse struct {
	Cluster *Cluster `json:"cluster,omitzero"`
}

// DescribeClustersRequest is the body of a DescribeClusters call. No
// Clusters means the default cluster.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeClusters.html
type DescribeClustersRequest struct {
	Clusters []string       `json:"clusters,omitzero"`
	Include  []ClusterField `json:"include,omitzero"`
}

// DescribeClustersResponse is the body DescribeClusters returns.
type DescribeClustersResponse struct {
	Clusters []Cluster `json:"clusters,omitzero"`
	Failures []Failure `json:"failures,omitzero"`
}

// DeleteClusterRequest is the body of a DeleteCluster call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteCluster.html
type DeleteClusterRequest struct {
	Cluster string `json:"cluster,omitempty"`
}

// DeleteClusterResponse is the body DeleteCluster returns.
type DeleteClusterResponse struct {
	Cluster *Cluster `json:"cluster,omitzero"`
}

// ListClustersRequest is the body of a ListClusters call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListClusters.html
type ListClustersRequest struct {
	NextToken  string `json:"nextToken,omitempty"`
	MaxResults *int32 `json:"maxResults,omitzero"`
}

// ListClustersResponse is the body ListClusters returns.
type ListClustersResponse struct {
	ClusterARNs []string `json:"clusterArns,omitzero"`
	NextToken   string   `json:"nextToken,omitempty"`
}

// RegisterContainerInstanceRequest is the body of a RegisterContainerInstance
// call (which ECS meant for its agent; a world uses it to add an instance
// with its resources and attributes).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterContainerInstance.html
type RegisterContainerInstanceRequest struct {
	Cluster                           string          `json:"cluster,omitempty"`
	InstanceIdentityDocument          string          `json:"instanceIdentityDocument,omitempty"`
	InstanceIdentityDocumentSignature string          `json:"instanceIdentityDocumentSignature,omitempty"`
	TotalResources                    []Resource      `json:"totalResources,omitzero"`
	VersionInfo                       *VersionInfo    `json:"versionInfo,omitzero"`
	ContainerInstanceARN              string          `json:"containerInstanceArn,omitempty"`
	Attributes                        []Attribute     `json:"attributes,omitzero"`
	PlatformDevices                   json.RawMessage `json:"platformDevices,omitzero"`
	Tags                              []Tag           `json:"tags,omitzero"`
}

// RegisterContainerInstanceResponse is the body RegisterContainerInstance returns.
type RegisterContainerInstanceResponse struct {
	ContainerInstance *ContainerInstance `json:"containerInstance,omitzero"`
}

// DeregisterContainerInstanceRequest is the body of a
// DeregisterContainerInstance call. Force deregisters an instance that
// still runs tasks (their service tasks are then replaced elsewhere).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterContainerInstance.html
type DeregisterContainerInstanceRequest struct {
	Cluster           string `json:"cluster,omitempty"`
	ContainerInstance string `json:"containerInstance,omitempty"`
	Force             *bool  `json:"force,omitzero"`
}

// DeregisterContainerInstanceResponse is the body DeregisterContainerInstance returns.
type DeregisterContainerInstanceResponse struct {
	ContainerInstance *ContainerInstance `json:"containerInstance,omitzero"`
}

// DescribeContainerInstancesRequest is the body of a DescribeContainerInstances call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeContainerInstances.html
type DescribeContainerInstancesRequest struct {
	Cluster            string                   `json:"cluster,omitempty"`
	ContainerInstances []string                 `json:"containerInstances,omitzero"`
	Include            []ContainerInstanceField `json:"include,omitzero"`
}

// ListContainerInstancesRequest is the body of a ListContainerInstances
// call. Filter is a cluster query language expression.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListContainerInstances.html
type ListContainerInstancesRequest struct {
	Cluster    string                  `json:"cluster,omitempty"`
	Filter     string                  `json:"filter,omitempty"`
	NextToken  string                  `json:"nextToken,omitempty"`
	MaxResults *int32                  `json:"maxResults,omitzero"`
	Status     ContainerInstanceStatus `json:"status,omitempty"`
}

// ListContainerInstancesResponse is the body ListContainerInstances returns.
type ListContainerInstancesResponse struct {
	ContainerInstanceARNs []string `json:"containerInstanceArns,omitzero"`
	NextToken             string   `json:"nextToken,omitempty"`
}

// UpdateContainerInstancesStateRequest is the body of an
// UpdateContainerInstancesState call: Status is ACTIVE or DRAINING.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerInstancesState.html
type UpdateContainerInstancesStateRequest struct {
	Cluster            string                  `json:"cluster,omitempty"`
	ContainerInstances []string                `json:"containerInstances,omitzero"`
	Status             ContainerInstanceStatus `json:"status,omitempty"`
}

// UpdateContainerInstancesStateResponse is the body UpdateContainerInstancesState returns.
type UpdateContainerInstancesStateResponse struct {
	ContainerInstances []ContainerInstance `json:"containerInstances,omitzero"`
	Failures           []Failure           `json:"failures,omitzero"`
}

// PutAttributesRequest is the body of a PutAttributes call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutAttributes.html
type PutAttributesRequest struct {
	Cluster    string      `json:"cluster,omitempty"`
	Attributes []Attribute `json:"attributes,omitzero"`
}

// PutAttributesResponse is the body PutAttributes returns.
type PutAttributesResponse struct {
	Attributes []Attribute `json:"attributes,omitzero"`
}

// DeleteAttributesRequest is the body of a DeleteAttributes call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteAttributes.html
type DeleteAttributesRequest struct {
	Cluster    string      `json:"cluster,omitempty"`
	Attributes []Attribute `json:"attributes,omitzero"`
}

// DeleteAttributesResponse is the body DeleteAttributes returns.
type DeleteAttributesResponse struct {
	Attributes []Attribute `json:"attributes,omitzero"`
}

// ListAttributesRequest is the body of a ListAttributes call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListAttributes.html
type ListAttributesRequest struct {
	Cluster        string     `json:"cluster,omitempty"`
	TargetType     TargetType `json:"targetType,omitempty"`
	AttributeName  string     `json:"attributeName,omitempty"`
	AttributeValue string     `json:"attributeValue,omitempty"`
	NextToken      string     `json:"nextToken,omitempty"`
	MaxResults     *int32     `json:"maxResults,omitzero"`
}

// ListAttributesResponse is the body ListAttributes returns.
type ListAttributesResponse struct {
	Attributes []Attribute `json:"attributes,omitzero"`
	NextToken  string      `json:"nextToken,omitempty"`
}

// RegisterTaskDefinitionRequest is the body of a RegisterTaskDefinition call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
type RegisterTaskDefinitionRequest struct {
	Family                  string                              `json:"family,omitempty"`
	TaskRoleARN             string                              `json:"taskRoleArn,omitempty"`
	ExecutionRoleARN        string                              `json:"executionRoleArn,omitempty"`
	NetworkMode             NetworkMode                         `json:"networkMode,omitempty"`
	ContainerDefinitions    []ContainerDefinition               `json:"containerDefinitions,omitzero"`
	Volumes                 json.RawMessage                     `json:"volumes,omitzero"`
	PlacementConstraints    []TaskDefinitionPlacementConstraint `json:"placementConstraints,omitzero"`
	RequiresCompatibilities []Compatibility                     `json:"requiresCompatibilities,omitzero"`
	CPU                     string                              `json:"cpu,omitempty"`
	Memory                  string                              `json:"memory,omitempty"`
	Tags                    []Tag                               `json:"tags,omitzero"`
	PidMode                 string                              `json:"pidMode,omitempty"`
	IpcMode                 string                              `json:"ipcMode,omitempty"`
	ProxyConfiguration      json.RawMessage                     `json:"proxyConfiguration,omitzero"`
	InferenceAccelerators   json.RawMessage                     `json:"inferenceAccelerators,omitzero"`
	EphemeralStorage        json.RawMessage                     `json:"ephemeralStorage,omitzero"`
	RuntimePlatform         json.RawMessage                     `json:"runtimePlatform,omitzero"`
	EnableFaultInjection    *bool                               `json:"enableFaultInjection,omitzero"`
}

// RegisterTaskDefinitionResponse is the body RegisterTaskDefinition returns.
type RegisterTaskDefinitionResponse struct {
	TaskDefinition *TaskDefinition `json:"taskDefinition,omitzero"`
	Tags           []Tag           `json:"tags,omitzero"`
}

// DeregisterTaskDefinitionRequest is the body of a DeregisterTaskDefinition
// call; TaskDefinition must name a revision.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterTaskDefinition.html
type DeregisterTaskDefinitionRequest struct {
	TaskDefinition string `json:"taskDefinition,omitempty"`
}

// DeregisterTaskDefinitionResponse is the body DeregisterTaskDefinition returns.
type DeregisterTaskDefinitionResponse struct {
	TaskDefinition *TaskDefinition `json:"taskDefinition,omitzero"`
}

// DescribeTaskDefinitionRequest is the body of a DescribeTaskDefinition call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html
type DescribeTaskDefinitionRequest struct {
	TaskDefinition string                `json:"taskDefinition,omitempty"`
	Include        []TaskDefinitionField `json:"include,omitzero"`
}

// DescribeTaskDefinitionResponse is the body DescribeTaskDefinition returns,
// which is what `aws ecs describe-task-definition` prints.
type DescribeTaskDefinitionResponse struct {
	TaskDefinition *TaskDefinition `json:"taskDefinition,omitzero"`
	Tags           []Tag           `json:"tags,omitzero"`
}

// ListTaskDefinitionsRequest is the body of a ListTaskDefinitions call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitions.html
type ListTaskDefinitionsRequest struct {
	FamilyPrefix string               `json:"familyPrefix,omitempty"`
	Status       TaskDefinitionStatus `json:"status,omitempty"`
	Sort         SortOrder            `json:"sort,omitempty"`
	NextToken    string               `json:"nextToken,omitempty"`
	MaxResults   *int32               `json:"maxResults,omitzero"`
}

// ListTaskDefinitionsResponse is the body ListTaskDefinitions returns.
type ListTaskDefinitionsResponse struct {
	TaskDefinitionARNs []string `json:"taskDefinitionArns,omitzero"`
	NextToken          string   `json:"nextToken,omitempty"`
}

// ListTaskDefinitionFamiliesRequest is the body of a ListTaskDefinitionFamilies call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitionFamilies.html
type ListTaskDefinitionFamiliesRequest struct {
	FamilyPrefix string                     `json:"familyPrefix,omitempty"`
	Status       TaskDefinitionFamilyStatus `json:"status,omitempty"`
	NextToken    string                     `json:"nextToken,omitempty"`
	MaxResults   *int32                     `json:"maxResults,omitzero"`
}

// ListTaskDefinitionFamiliesResponse is the body ListTaskDefinitionFamilies returns.
type ListTaskDefinitionFamiliesResponse struct {
	Families  []string `json:"families,omitzero"`
	NextToken string   `json:"nextToken,omitempty"`
}

// CreateServiceRequest is the body of a CreateService call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
type CreateServiceRequest struct {
	Cluster                       string                         `json:"cluster,omitempty"`
	ServiceName                   string                         `json:"serviceName,omitempty"`
	TaskDefinition                string                         `json:"taskDefinition,omitempty"`
	AvailabilityZoneRebalancing   AvailabilityZoneRebalancing    `json:"availabilityZoneRebalancing,omitempty"`
	LoadBalancers                 []LoadBalancer                 `json:"loadBalancers,omitzero"`
	ServiceRegistries             []ServiceRegistry              `json:"serviceRegistries,omitzero"`
	DesiredCount                  *int32                         `json:"desiredCount,omitzero"`
	ClientToken                   string                         `json:"clientToken,omitempty"`
	LaunchType                    LaunchType                     `json:"launchType,omitempty"`
	CapacityProviderStrategy      []CapacityProviderStrategyItem `json:"capacityProviderStrategy,omitzero"`
	PlatformVersion               string                         `json:"platformVersion,omitempty"`
	Role                          string                         `json:"role,omitempty"`
	DeploymentConfiguration       *DeploymentConfiguration       `json:"deploymentConfiguration,omitzero"`
	PlacementConstraints          []PlacementConstraint          `json:"placementConstraints,omitzero"`
	PlacementStrategy             []PlacementStrategy            `json:"placementStrategy,omitzero"`
	NetworkConfiguration          *NetworkConfiguration          `json:"networkConfiguration,omitzero"`
	HealthCheckGracePeriodSeconds *int32                         `json:"healthCheckGracePeriodSeconds,omitzero"`
	SchedulingStrategy            SchedulingStrategy             `json:"schedulingStrategy,omitempty"`
	DeploymentController          *DeploymentController          `json:"deploymentController,omitzero"`
	Tags                          []Tag                          `json:"tags,omitzero"`
	EnableECSManagedTags          bool                           `json:"enableECSManagedTags,omitempty"`
	PropagateTags                 PropagateTags                  `json:"propagateTags,omitempty"`
	EnableExecuteCommand          bool                           `json:"enableExecuteCommand,omitempty"`
	ServiceConnectConfiguration   json.RawMessage                `json:"serviceConnectConfiguration,omitzero"`
	VolumeConfigurations          json.RawMessage                `json:"volumeConfigurations,omitzero"`
	VPCLatticeConfigurations      json.RawMessage                `json:"vpcLatticeConfigurations,omitzero"`
}

// CreateServiceResponse is the body CreateService returns.
type CreateServiceResponse struct {
	Service *Service `json:"service,omitzero"`
}

// DeleteServiceRequest is the body of a DeleteService call. Without Force
// a service must first be scaled to a desired count of 0.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteService.html
type DeleteServiceRequest struct {
	Cluster string `json:"cluster,omitempty"`
	Service string `json:"service,omitempty"`
	Force   *bool  `json:"force,omitzero"`
}

// DeleteServiceResponse is the body DeleteService returns.
type DeleteServiceResponse struct {
	Service *Service `json:"service,omitzero"`
}

// DescribeServicesRequest is the body of a DescribeServices call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html
type DescribeServicesRequest struct {
	Cluster  string         `json:"cluster,omitempty"`
	Services []string       `json:"services,omitzero"`
	Include  []ServiceField `json:"include,omitzero"`
}

// ListServicesRequest is the body of a ListServices call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServices.html
type ListServicesRequest struct {
	Cluster            string             `json:"cluster,omitempty"`
	NextToken          string             `json:"nextToken,omitempty"`
	MaxResults         *int32             `json:"maxResults,omitzero"`
	LaunchType         LaunchType         `json:"launchType,omitempty"`
	SchedulingStrategy SchedulingStrategy `json:"schedulingStrategy,omitempty"`
}

// ListServicesResponse is the body ListServices returns.
type ListServicesResponse struct {
	ServiceARNs []string `json:"serviceArns,omitzero"`
	NextToken   string   `json:"nextToken,omitempty"`
}

// RunTaskRequest is the body of a RunTask call. Count absent means 1.
// Overrides (a TaskOverride) is kept as raw JSON: the library does not
// apply container overrides.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
type RunTaskRequest struct {
	CapacityProviderStrategy []CapacityProviderStrategyItem `json:"capacityProviderStrategy,omitzero"`
	Cluster                  string                         `json:"cluster,omitempty"`
	Count                    *int32                         `json:"count,omitzero"`
	EnableECSManagedTags     bool                           `json:"enableECSManagedTags,omitempty"`
	EnableExecuteCommand     bool                           `json:"enableExecuteCommand,omitempty"`
	Group                    string                         `json:"group,omitempty"`
	LaunchType               LaunchType                     `json:"launchType,omitempty"`
	NetworkConfiguration     *NetworkConfiguration          `json:"networkConfiguration,omitzero"`
	Overrides                json.RawMessage                `json:"overrides,omitzero"`
	PlacementConstraints     []PlacementConstraint          `json:"placementConstraints,omitzero"`
	PlacementStrategy        []PlacementStrategy            `json:"placementStrategy,omitzero"`
	PlatformVersion          string                         `json:"platformVersion,omitempty"`
	PropagateTags            PropagateTags                  `json:"propagateTags,omitempty"`
	ReferenceID              string                         `json:"referenceId,omitempty"`
	StartedBy                string                         `json:"startedBy,omitempty"`
	Tags                     []Tag                          `json:"tags,omitzero"`
	TaskDefinition           string                         `json:"taskDefinition,omitempty"`
	ClientToken              string                         `json:"clientToken,omitempty"`
	VolumeConfigurations     json.RawMessage                `json:"volumeConfigurations,omitzero"`
}

// RunTaskResponse is the body RunTask returns: the tasks placed, and a
// failure for each one that could not be.
type RunTaskResponse struct {
	Tasks    []Task    `json:"tasks,omitzero"`
	Failures []Failure `json:"failures,omitzero"`
}

// StartTaskRequest is the body of a StartTask call, which places one task
// on each named container instance.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StartTask.html
type StartTaskRequest struct {
	Cluster              string                `json:"cluster,omitempty"`
	ContainerInstances   []string              `json:"containerInstances,omitzero"`
	EnableECSManagedTags bool                  `json:"enableECSManagedTags,omitempty"`
	EnableExecuteCommand bool                  `json:"enableExecuteCommand,omitempty"`
	Group                string                `json:"group,omitempty"`
	NetworkConfiguration *NetworkConfiguration `json:"networkConfiguration,omitzero"`
	Overrides            json.RawMessage       `json:"overrides,omitzero"`
	PropagateTags        PropagateTags         `json:"propagateTags,omitempty"`
	ReferenceID          string                `json:"referenceId,omitempty"`
	StartedBy            string                `json:"startedBy,omitempty"`
	Tags                 []Tag                 `json:"tags,omitzero"`
	TaskDefinition       string                `json:"taskDefinition,omitempty"`
	VolumeConfigurations json.RawMessage       `json:"volumeConfigurations,omitzero"`
}

// StartTaskResponse is the body StartTask returns.
type StartTaskResponse struct {
	Tasks    []Task    `json:"tasks,omitzero"`
	Failures []Failure `json:"failures,omitzero"`
}

// StopTaskRequest is the body of a StopTask call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopTask.html
type StopTaskRequest struct {
	Cluster string `json:"cluster,omitempty"`
	Task    string `json:"task,omitempty"`
	Reason  string `json:"reason,omitempty"`
}

// StopTaskResponse is the body StopTask returns.
type StopTaskResponse struct {
	Task *Task `json:"task,omitzero"`
}

// DescribeTasksRequest is the body of a DescribeTasks call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html
type DescribeTasksRequest struct {
	Cluster string      `json:"cluster,omitempty"`
	Tasks   []string    `json:"tasks,omitzero"`
	Include []TaskField `json:"include,omitzero"`
}

// ListTasksRequest is the body of a ListTasks call; the filters combine.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html
type ListTasksRequest struct {
	Cluster           string        `json:"cluster,omitempty"`
	ContainerInstance string        `json:"containerInstance,omitempty"`
	Family            string        `json:"family,omitempty"`
	NextToken         string        `json:"nextToken,omitempty"`
	MaxResults        *int32        `json:"maxResults,omitzero"`
	StartedBy         string        `json:"startedBy,omitempty"`
	ServiceName       string        `json:"serviceName,omitempty"`
	DesiredStatus     DesiredStatus `json:"desiredStatus,omitempty"`
	LaunchType        LaunchType    `json:"launchType,omitempty"`
}

// ListTasksResponse is the body ListTasks returns.
type ListTasksResponse struct {
	TaskARNs  []string `json:"taskArns,omitzero"`
	NextToken string   `json:"nextToken,omitempty"`
}

// TagResourceRequest is the body of a TagResource call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TagResource.html
type TagResourceRequest struct {
	ResourceARN string `json:"resourceArn,omitempty"`
	Tags        []Tag  `json:"tags,omitzero"`
}

// TagResourceResponse is the (empty) body TagResource returns.
type TagResourceResponse struct{}

// UntagResourceRequest is the body of an UntagResource call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UntagResource.html
type UntagResourceRequest struct {
	ResourceARN string   `json:"resourceArn,omitempty"`
	TagKeys     []string `json:"tagKeys,omitzero"`
}

// UntagResourceResponse is the (empty) body UntagResource returns.
type UntagResourceResponse struct{}

// ListTagsForResourceRequest is the body of a ListTagsForResource call.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTagsForResource.html
type ListTagsForResourceRequest struct {
	ResourceARN string `json:"resourceArn,omitempty"`
}

// ListTagsForResourceResponse is the body ListTagsForResource returns.
type ListTagsForResourceResponse struct {
	Tags []Tag `json:"tags,omitzero"`
}
