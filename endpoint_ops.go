package ecsstate

import (
	"maps"
	"slices"
)

// operations is the handler's dispatch table: every ECS operation the
// world serves, by the name X-Amz-Target gives it. A test checks that it
// lists every method of World that has an operation's shape.
var operations = map[string]operation{
	"CreateCluster":                 op((*World).CreateCluster),
	"DescribeClusters":              op((*World).DescribeClusters),
	"DeleteCluster":                 op((*World).DeleteCluster),
	"ListClusters":                  op((*World).ListClusters),
	"RegisterContainerInstance":     op((*World).RegisterContainerInstance),
	"DeregisterContainerInstance":   op((*World).DeregisterContainerInstance),
	"DescribeContainerInstances":    op((*World).DescribeContainerInstances),
	"ListContainerInstances":        op((*World).ListContainerInstances),
	"UpdateContainerInstancesState": op((*World).UpdateContainerInstancesState),
	"PutAttributes":                 op((*World).PutAttributes),
	"UpdateContainerAgent":          op((*World).UpdateContainerAgent),
	"RegisterTaskDefinition":        op((*World).RegisterTaskDefinition),
	"DescribeTaskDefinition":        op((*World).DescribeTaskDefinition),
	"DeregisterTaskDefinition":      op((*World).DeregisterTaskDefinition),
	"ListTaskDefinitions":           op((*World).ListTaskDefinitions),
	"CreateService":                 op((*World).CreateService),
	"UpdateService":                 op((*World).UpdateService),
	"DeleteService":                 op((*World).DeleteService),
	"DescribeServices":              op((*World).DescribeServices),
	"ListServices":                  op((*World).ListServices),
	"RunTask":                       op((*World).RunTask),
	"StartTask":                     op((*World).StartTask),
	"StopTask":                      op((*World).StopTask),
	"DescribeTasks":                 op((*World).DescribeTasks),
	"ListTasks":                     op((*World).ListTasks),
	"UpdateTaskProtection":          op((*World).UpdateTaskProtection),
	"GetTaskProtection":             op((*World).GetTaskProtection),
	"CreateCapacityProvider":        op((*World).CreateCapacityProvider),
	"DescribeCapacityProviders":     op((*World).DescribeCapacityProviders),
	"PutClusterCapacityProviders":   op((*World).PutClusterCapacityProviders),
	"DescribeServiceDeployments":    op((*World).DescribeServiceDeployments),
	"ListServiceDeployments":        op((*World).ListServiceDeployments),
	"DescribeServiceRevisions":      op((*World).DescribeServiceRevisions),
	"StopServiceDeployment":         op((*World).StopServiceDeployment),
	"ContinueServiceDeployment":     op((*World).ContinueServiceDeployment),
}

// ecsOperations are the operations of the ECS API (API version
// 2014-11-13), as the API reference lists them. Those the world does not
// serve are answered with UnsupportedFeatureException rather than
// UnknownOperationException, so that a client learns the difference
// between a name ECS does not have and one this library leaves out.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Operations.html
var ecsOperations = []string{
	"AssociateGatewayWithCluster", "ContinueServiceDeployment", "CreateCapacityProvider", "CreateCluster",
	"CreateDaemon", "CreateExpressGatewayService", "CreateGateway", "CreateService", "CreateTaskSet",
	"DeleteAccountSetting", "DeleteAttributes", "DeleteCapacityProvider", "DeleteCluster", "DeleteDaemon",
	"DeleteDaemonTaskDefinition", "DeleteExpressGatewayService", "DeleteGateway", "DeleteService",
	"DeleteTaskDefinitions", "DeleteTaskSet", "DeregisterContainerInstance", "DeregisterTaskDefinition",
	"DescribeCapacityProviders", "DescribeClusters", "DescribeContainerInstances", "DescribeDaemon",
	"DescribeDaemonDeployments", "DescribeDaemonRevisions", "DescribeDaemonTaskDefinition",
	"DescribeExpressGatewayService", "DescribeGateway", "DescribeGatewayResources", "DescribeGatewayRoute",
	"DescribeServiceDeployments", "DescribeServiceRevisions", "DescribeServices", "DescribeTaskDefinition",
	"DescribeTaskSets", "DescribeTasks", "DisassociateGatewayFromCluster", "DiscoverPollEndpoint",
	"ExecuteCommand", "GetTaskProtection", "ListAccountSettings", "ListAttributes", "ListClusters",
	"ListContainerInstances", "ListDaemonDeployments", "ListDaemonTaskDefinitions", "ListDaemons",
	"ListGatewayClusterAssociations", "ListGatewayRoutes", "ListGateways", "ListServiceDeployments",
	"ListServices", "ListServicesByNamespace", "ListTagsForResource", "ListTaskDefinitionFamilies",
	"ListTaskDefinitions", "ListTasks", "PutAccountSetting", "PutAccountSettingDefault", "PutAttributes",
	"PutClusterCapacityProviders", "RegisterContainerInstance", "RegisterDaemonTaskDefinition",
	"RegisterTaskDefinition", "RunTask", "StartTask", "StopServiceDeployment", "StopTask",
	"SubmitAttachmentStateChanges", "SubmitContainerStateChange", "SubmitTaskStateChange", "TagResource",
	"UntagResource", "UpdateCapacityProvider", "UpdateCluster", "UpdateClusterSettings",
	"UpdateContainerAgent", "UpdateContainerInstancesState", "UpdateDaemon", "UpdateExpressGatewayService",
	"UpdateGateway", "UpdateService", "UpdateServicePrimaryTaskSet", "UpdateTaskProtection", "UpdateTaskSet",
}

// unimplemented is the set of ECS operations the world does not serve.
var unimplemented = func() map[string]bool {
	m := map[string]bool{}
	for _, name := range ecsOperations {
		if _, ok := operations[name]; !ok {
			m[name] = true
		}
	}
	return m
}()

// Operations returns the names of the ECS operations a [Handler] serves,
// sorted.
func Operations() []string { return slices.Sorted(maps.Keys(operations)) }
