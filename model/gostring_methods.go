package model

// GoString methods for the model types that hold pointers, directly or in
// their members, so that %#v (as rapid prints drawn values on a failure)
// shows the values pointed to instead of addresses. See goSyntax.

// GoString writes the AutoScalingGroupProvider as a Go expression, pointers shown by value.
func (x AutoScalingGroupProvider) GoString() string { return goSyntax(x) }

// GoString writes the CapacityProvider as a Go expression, pointers shown by value.
func (x CapacityProvider) GoString() string { return goSyntax(x) }

// GoString writes the Container as a Go expression, pointers shown by value.
func (x Container) GoString() string { return goSyntax(x) }

// GoString writes the ContainerDefinition as a Go expression, pointers shown by value.
func (x ContainerDefinition) GoString() string { return goSyntax(x) }

// GoString writes the ContainerInstance as a Go expression, pointers shown by value.
func (x ContainerInstance) GoString() string { return goSyntax(x) }

// GoString writes the CreateClusterResponse as a Go expression, pointers shown by value.
func (x CreateClusterResponse) GoString() string { return goSyntax(x) }

// GoString writes the CreateServiceRequest as a Go expression, pointers shown by value.
func (x CreateServiceRequest) GoString() string { return goSyntax(x) }

// GoString writes the CreateServiceResponse as a Go expression, pointers shown by value.
func (x CreateServiceResponse) GoString() string { return goSyntax(x) }

// GoString writes the DeleteClusterResponse as a Go expression, pointers shown by value.
func (x DeleteClusterResponse) GoString() string { return goSyntax(x) }

// GoString writes the DeleteServiceRequest as a Go expression, pointers shown by value.
func (x DeleteServiceRequest) GoString() string { return goSyntax(x) }

// GoString writes the DeleteServiceResponse as a Go expression, pointers shown by value.
func (x DeleteServiceResponse) GoString() string { return goSyntax(x) }

// GoString writes the Deployment as a Go expression, pointers shown by value.
func (x Deployment) GoString() string { return goSyntax(x) }

// GoString writes the DeploymentCircuitBreaker as a Go expression, pointers shown by value.
func (x DeploymentCircuitBreaker) GoString() string { return goSyntax(x) }

// GoString writes the DeploymentConfiguration as a Go expression, pointers shown by value.
func (x DeploymentConfiguration) GoString() string { return goSyntax(x) }

// GoString writes the DeregisterContainerInstanceRequest as a Go expression, pointers shown by value.
func (x DeregisterContainerInstanceRequest) GoString() string { return goSyntax(x) }

// GoString writes the DeregisterContainerInstanceResponse as a Go expression, pointers shown by value.
func (x DeregisterContainerInstanceResponse) GoString() string { return goSyntax(x) }

// GoString writes the DeregisterTaskDefinitionResponse as a Go expression, pointers shown by value.
func (x DeregisterTaskDefinitionResponse) GoString() string { return goSyntax(x) }

// GoString writes the DescribeContainerInstancesResponse as a Go expression, pointers shown by value.
func (x DescribeContainerInstancesResponse) GoString() string { return goSyntax(x) }

// GoString writes the DescribeServicesResponse as a Go expression, pointers shown by value.
func (x DescribeServicesResponse) GoString() string { return goSyntax(x) }

// GoString writes the DescribeTaskDefinitionResponse as a Go expression, pointers shown by value.
func (x DescribeTaskDefinitionResponse) GoString() string { return goSyntax(x) }

// GoString writes the DescribeTasksResponse as a Go expression, pointers shown by value.
func (x DescribeTasksResponse) GoString() string { return goSyntax(x) }

// GoString writes the HealthCheck as a Go expression, pointers shown by value.
func (x HealthCheck) GoString() string { return goSyntax(x) }

// GoString writes the ListAttributesRequest as a Go expression, pointers shown by value.
func (x ListAttributesRequest) GoString() string { return goSyntax(x) }

// GoString writes the ListClustersRequest as a Go expression, pointers shown by value.
func (x ListClustersRequest) GoString() string { return goSyntax(x) }

// GoString writes the ListContainerInstancesRequest as a Go expression, pointers shown by value.
func (x ListContainerInstancesRequest) GoString() string { return goSyntax(x) }

// GoString writes the ListServicesRequest as a Go expression, pointers shown by value.
func (x ListServicesRequest) GoString() string { return goSyntax(x) }

// GoString writes the ListTaskDefinitionFamiliesRequest as a Go expression, pointers shown by value.
func (x ListTaskDefinitionFamiliesRequest) GoString() string { return goSyntax(x) }

// GoString writes the ListTaskDefinitionsRequest as a Go expression, pointers shown by value.
func (x ListTaskDefinitionsRequest) GoString() string { return goSyntax(x) }

// GoString writes the ListTasksRequest as a Go expression, pointers shown by value.
func (x ListTasksRequest) GoString() string { return goSyntax(x) }

// GoString writes the LoadBalancer as a Go expression, pointers shown by value.
func (x LoadBalancer) GoString() string { return goSyntax(x) }

// GoString writes the NetworkBinding as a Go expression, pointers shown by value.
func (x NetworkBinding) GoString() string { return goSyntax(x) }

// GoString writes the NetworkConfiguration as a Go expression, pointers shown by value.
func (x NetworkConfiguration) GoString() string { return goSyntax(x) }

// GoString writes the PortMapping as a Go expression, pointers shown by value.
func (x PortMapping) GoString() string { return goSyntax(x) }

// GoString writes the RegisterContainerInstanceRequest as a Go expression, pointers shown by value.
func (x RegisterContainerInstanceRequest) GoString() string { return goSyntax(x) }

// GoString writes the RegisterContainerInstanceResponse as a Go expression, pointers shown by value.
func (x RegisterContainerInstanceResponse) GoString() string { return goSyntax(x) }

// GoString writes the RegisterTaskDefinitionRequest as a Go expression, pointers shown by value.
func (x RegisterTaskDefinitionRequest) GoString() string { return goSyntax(x) }

// GoString writes the RegisterTaskDefinitionResponse as a Go expression, pointers shown by value.
func (x RegisterTaskDefinitionResponse) GoString() string { return goSyntax(x) }

// GoString writes the RunTaskRequest as a Go expression, pointers shown by value.
func (x RunTaskRequest) GoString() string { return goSyntax(x) }

// GoString writes the RunTaskResponse as a Go expression, pointers shown by value.
func (x RunTaskResponse) GoString() string { return goSyntax(x) }

// GoString writes the Service as a Go expression, pointers shown by value.
func (x Service) GoString() string { return goSyntax(x) }

// GoString writes the ServiceRegistry as a Go expression, pointers shown by value.
func (x ServiceRegistry) GoString() string { return goSyntax(x) }

// GoString writes the StartTaskRequest as a Go expression, pointers shown by value.
func (x StartTaskRequest) GoString() string { return goSyntax(x) }

// GoString writes the StartTaskResponse as a Go expression, pointers shown by value.
func (x StartTaskResponse) GoString() string { return goSyntax(x) }

// GoString writes the StopTaskResponse as a Go expression, pointers shown by value.
func (x StopTaskResponse) GoString() string { return goSyntax(x) }

// GoString writes the Task as a Go expression, pointers shown by value.
func (x Task) GoString() string { return goSyntax(x) }

// GoString writes the TaskDefinition as a Go expression, pointers shown by value.
func (x TaskDefinition) GoString() string { return goSyntax(x) }

// GoString writes the TaskSet as a Go expression, pointers shown by value.
func (x TaskSet) GoString() string { return goSyntax(x) }

// GoString writes the UpdateContainerAgentResponse as a Go expression, pointers shown by value.
func (x UpdateContainerAgentResponse) GoString() string { return goSyntax(x) }

// GoString writes the UpdateContainerInstancesStateResponse as a Go expression, pointers shown by value.
func (x UpdateContainerInstancesStateResponse) GoString() string { return goSyntax(x) }

// GoString writes the UpdateServiceRequest as a Go expression, pointers shown by value.
func (x UpdateServiceRequest) GoString() string { return goSyntax(x) }

// GoString writes the UpdateServiceResponse as a Go expression, pointers shown by value.
func (x UpdateServiceResponse) GoString() string { return goSyntax(x) }
