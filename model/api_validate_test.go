package model_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

const (
	instARN = "arn:aws:ecs:us-east-1:123456789012:container-instance/c/0123456789abcdef0123456789abcdef"
	taskARN = "arn:aws:ecs:us-east-1:123456789012:task/c/0123456789abcdef0123456789abcdef"
	taskID  = "0123456789abcdef0123456789abcdef"
)

func ids(n int, id string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = id
	}
	return out
}

func attrs(n int) []model.Attribute {
	out := make([]model.Attribute, n)
	for i := range out {
		out[i] = model.Attribute{Name: fmt.Sprintf("a%d", i), TargetID: taskID}
	}
	return out
}

func tags(n int) []model.Tag {
	out := make([]model.Tag, n)
	for i := range out {
		out[i] = model.Tag{Key: fmt.Sprintf("k%d", i), Value: "v"}
	}
	return out
}

func memberOf(n int) []model.TaskDefinitionPlacementConstraint {
	out := make([]model.TaskDefinitionPlacementConstraint, n)
	for i := range out {
		out[i] = model.TaskDefinitionPlacementConstraint{Type: "memberOf", Expression: "attribute:a == b"}
	}
	return out
}

func container() []model.ContainerDefinition {
	return []model.ContainerDefinition{{Name: "app", Image: "nginx", Memory: model.Int32(128)}}
}

// Each request's documented limits, accepted at the limit and refused
// just past it, with the member the InvalidParameterException's message
// must name. Each case cites the API reference page of its operation:
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_<Op>.html
func TestRequestValidateLimits(t *testing.T) {
	n := model.Int32
	cases := []struct {
		name   string
		err    error
		member string // "" when the request is valid
	}{
		// API_CreateCluster.html: clusterName up to 255 letters, digits, hyphens, underscores.
		{"CreateCluster empty", (&model.CreateClusterRequest{}).Validate(), ""},
		{"CreateCluster 255", (&model.CreateClusterRequest{ClusterName: strings.Repeat("a", 255)}).Validate(), ""},
		{"CreateCluster 256", (&model.CreateClusterRequest{ClusterName: strings.Repeat("a", 256)}).Validate(), "clusterName"},
		{"CreateCluster dot", (&model.CreateClusterRequest{ClusterName: "a.b"}).Validate(), "clusterName"},
		{"CreateCluster 50 tags", (&model.CreateClusterRequest{Tags: tags(50)}).Validate(), ""},
		{"CreateCluster 51 tags", (&model.CreateClusterRequest{Tags: tags(51)}).Validate(), "tags"},
		// API_DescribeClusters.html: up to 100 clusters.
		{"DescribeClusters none", (&model.DescribeClustersRequest{}).Validate(), ""},
		{"DescribeClusters 100", (&model.DescribeClustersRequest{Clusters: ids(100, "c")}).Validate(), ""},
		{"DescribeClusters 101", (&model.DescribeClustersRequest{Clusters: ids(101, "c")}).Validate(), "clusters"},
		{"DescribeClusters include", (&model.DescribeClustersRequest{Include: []model.ClusterField{"NOPE"}}).Validate(), "include[0]"},
		// API_DeleteCluster.html: cluster is required.
		{"DeleteCluster", (&model.DeleteClusterRequest{Cluster: "c"}).Validate(), ""},
		{"DeleteCluster none", (&model.DeleteClusterRequest{}).Validate(), "cluster"},
		// API_ListClusters.html: maxResults 1 to 100.
		{"ListClusters 1", (&model.ListClustersRequest{MaxResults: n(1)}).Validate(), ""},
		{"ListClusters 100", (&model.ListClustersRequest{MaxResults: n(100)}).Validate(), ""},
		{"ListClusters 0", (&model.ListClustersRequest{MaxResults: n(0)}).Validate(), "maxResults"},
		{"ListClusters 101", (&model.ListClustersRequest{MaxResults: n(101)}).Validate(), "maxResults"},
		// API_RegisterContainerInstance.html
		{"RegisterContainerInstance", (&model.RegisterContainerInstanceRequest{Cluster: "c", ContainerInstanceARN: instARN}).Validate(), ""},
		{"RegisterContainerInstance bad ARN", (&model.RegisterContainerInstanceRequest{ContainerInstanceARN: taskARN}).Validate(), "containerInstanceArn"},
		{"RegisterContainerInstance bad attribute", (&model.RegisterContainerInstanceRequest{Attributes: []model.Attribute{{Name: ""}}}).Validate(), "attributes[0].name"},
		// API_DeregisterContainerInstance.html: containerInstance is required.
		{"DeregisterContainerInstance", (&model.DeregisterContainerInstanceRequest{ContainerInstance: taskID}).Validate(), ""},
		{"DeregisterContainerInstance none", (&model.DeregisterContainerInstanceRequest{}).Validate(), "containerInstance"},
		{"DeregisterContainerInstance task ARN", (&model.DeregisterContainerInstanceRequest{ContainerInstance: taskARN}).Validate(), "containerInstance"},
		// API_DescribeContainerInstances.html: 1 to 100 instances.
		{"DescribeContainerInstances 100", (&model.DescribeContainerInstancesRequest{ContainerInstances: ids(100, taskID)}).Validate(), ""},
		{"DescribeContainerInstances 101", (&model.DescribeContainerInstancesRequest{ContainerInstances: ids(101, taskID)}).Validate(), "containerInstances"},
		{"DescribeContainerInstances 0", (&model.DescribeContainerInstancesRequest{}).Validate(), "containerInstances"},
		// API_ListContainerInstances.html: status has no INACTIVE; filter up to 2,000 characters.
		{"ListContainerInstances DRAINING", (&model.ListContainerInstancesRequest{Status: model.ContainerInstanceStatusDraining}).Validate(), ""},
		{"ListContainerInstances INACTIVE", (&model.ListContainerInstancesRequest{Status: model.ContainerInstanceStatusInactive}).Validate(), "status"},
		{"ListContainerInstances lower case", (&model.ListContainerInstancesRequest{Status: "active"}).Validate(), "status"},
		{"ListContainerInstances filter 2000", (&model.ListContainerInstancesRequest{Filter: strings.Repeat("a", 2000)}).Validate(), ""},
		{"ListContainerInstances filter 2001", (&model.ListContainerInstancesRequest{Filter: strings.Repeat("a", 2001)}).Validate(), "filter"},
		{"ListContainerInstances maxResults 101", (&model.ListContainerInstancesRequest{MaxResults: n(101)}).Validate(), "maxResults"},
		// API_UpdateContainerInstancesState.html: 1 to 10 instances, ACTIVE or DRAINING.
		{"UpdateContainerInstancesState 10", (&model.UpdateContainerInstancesStateRequest{ContainerInstances: ids(10, taskID), Status: model.ContainerInstanceStatusActive}).Validate(), ""},
		{"UpdateContainerInstancesState 11", (&model.UpdateContainerInstancesStateRequest{ContainerInstances: ids(11, taskID), Status: model.ContainerInstanceStatusActive}).Validate(), "containerInstances"},
		{"UpdateContainerInstancesState no status", (&model.UpdateContainerInstancesStateRequest{ContainerInstances: ids(1, taskID)}).Validate(), "status"},
		{"UpdateContainerInstancesState REGISTERING", (&model.UpdateContainerInstancesStateRequest{ContainerInstances: ids(1, taskID), Status: model.ContainerInstanceStatusRegistering}).Validate(), "status"},
		// API_PutAttributes.html: up to 10 attributes; names up to 128, values up to 128.
		{"PutAttributes 10", (&model.PutAttributesRequest{Attributes: attrs(10)}).Validate(), ""},
		{"PutAttributes 11", (&model.PutAttributesRequest{Attributes: attrs(11)}).Validate(), "attributes"},
		{"PutAttributes none", (&model.PutAttributesRequest{}).Validate(), "attributes"},
		{"PutAttributes name 128", (&model.PutAttributesRequest{Attributes: []model.Attribute{{Name: strings.Repeat("n", 128), TargetID: taskID}}}).Validate(), ""},
		{"PutAttributes name 129", (&model.PutAttributesRequest{Attributes: []model.Attribute{{Name: strings.Repeat("n", 129), TargetID: taskID}}}).Validate(), "attributes[0].name"},
		{"PutAttributes value 128", (&model.PutAttributesRequest{Attributes: []model.Attribute{{Name: "n", Value: strings.Repeat("v", 128), TargetID: taskID}}}).Validate(), ""},
		{"PutAttributes value 129", (&model.PutAttributesRequest{Attributes: []model.Attribute{{Name: "n", Value: strings.Repeat("v", 129), TargetID: taskID}}}).Validate(), "attributes[0].value"},
		{"PutAttributes no target", (&model.PutAttributesRequest{Attributes: []model.Attribute{{Name: "n"}}}).Validate(), "attributes[0].targetId"},
		{"PutAttributes target type", (&model.PutAttributesRequest{Attributes: []model.Attribute{{Name: "n", TargetID: taskID, TargetType: "task"}}}).Validate(), "attributes[0].targetType"},
		// API_DeleteAttributes.html
		{"DeleteAttributes", (&model.DeleteAttributesRequest{Attributes: attrs(1)}).Validate(), ""},
		{"DeleteAttributes none", (&model.DeleteAttributesRequest{}).Validate(), "attributes"},
		// API_ListAttributes.html: targetType required; attributeValue needs attributeName.
		{"ListAttributes", (&model.ListAttributesRequest{TargetType: model.TargetTypeContainerInstance, AttributeName: "a", AttributeValue: "b"}).Validate(), ""},
		{"ListAttributes no target type", (&model.ListAttributesRequest{}).Validate(), "targetType"},
		{"ListAttributes value alone", (&model.ListAttributesRequest{TargetType: model.TargetTypeContainerInstance, AttributeValue: "b"}).Validate(), "attributeValue"},
		// API_RegisterTaskDefinition.html: family up to 255; up to 10 placement constraints; cpu and memory as units or whole numbers.
		{"RegisterTaskDefinition", (&model.RegisterTaskDefinitionRequest{Family: "web", ContainerDefinitions: container(), CPU: "0.25 vCPU", Memory: "0.5 GB"}).Validate(), ""},
		{"RegisterTaskDefinition family 255", (&model.RegisterTaskDefinitionRequest{Family: strings.Repeat("f", 255), ContainerDefinitions: container()}).Validate(), ""},
		{"RegisterTaskDefinition family 256", (&model.RegisterTaskDefinitionRequest{Family: strings.Repeat("f", 256), ContainerDefinitions: container()}).Validate(), "family"},
		{"RegisterTaskDefinition no family", (&model.RegisterTaskDefinitionRequest{ContainerDefinitions: container()}).Validate(), "family"},
		{"RegisterTaskDefinition 10 constraints", (&model.RegisterTaskDefinitionRequest{Family: "web", ContainerDefinitions: container(),
			PlacementConstraints: memberOf(10)}).Validate(), ""},
		{"RegisterTaskDefinition 11 constraints", (&model.RegisterTaskDefinitionRequest{Family: "web", ContainerDefinitions: container(),
			PlacementConstraints: memberOf(11)}).Validate(), "placementConstraints"},
		{"RegisterTaskDefinition expression 2001", (&model.RegisterTaskDefinitionRequest{Family: "web", ContainerDefinitions: container(),
			PlacementConstraints: []model.TaskDefinitionPlacementConstraint{{Type: "memberOf", Expression: strings.Repeat("a", 2001)}}}).Validate(), "placementConstraints[0].expression"},
		{"RegisterTaskDefinition cpu", (&model.RegisterTaskDefinitionRequest{Family: "web", ContainerDefinitions: container(), CPU: "a lot"}).Validate(), "cpu"},
		{"RegisterTaskDefinition memory", (&model.RegisterTaskDefinitionRequest{Family: "web", ContainerDefinitions: container(), Memory: "1.1 GB"}).Validate(), "memory"},
		{"RegisterTaskDefinition compatibility", (&model.RegisterTaskDefinitionRequest{Family: "web", ContainerDefinitions: container(), RequiresCompatibilities: []model.Compatibility{"LAMBDA"}}).Validate(), "requiresCompatibilities[0]"},
		// API_DeregisterTaskDefinition.html: a revision is required.
		{"DeregisterTaskDefinition", (&model.DeregisterTaskDefinitionRequest{TaskDefinition: "web:1"}).Validate(), ""},
		{"DeregisterTaskDefinition family", (&model.DeregisterTaskDefinitionRequest{TaskDefinition: "web"}).Validate(), "taskDefinition"},
		{"DeregisterTaskDefinition none", (&model.DeregisterTaskDefinitionRequest{}).Validate(), "taskDefinition"},
		// API_DescribeTaskDefinition.html
		{"DescribeTaskDefinition family", (&model.DescribeTaskDefinitionRequest{TaskDefinition: "web"}).Validate(), ""},
		{"DescribeTaskDefinition none", (&model.DescribeTaskDefinitionRequest{}).Validate(), "taskDefinition"},
		{"DescribeTaskDefinition include", (&model.DescribeTaskDefinitionRequest{TaskDefinition: "web", Include: []model.TaskDefinitionField{"ALL"}}).Validate(), "include[0]"},
		// API_ListTaskDefinitions.html and API_ListTaskDefinitionFamilies.html
		{"ListTaskDefinitions", (&model.ListTaskDefinitionsRequest{Status: model.TaskDefinitionStatusInactive, Sort: model.SortOrderDesc, MaxResults: n(100)}).Validate(), ""},
		{"ListTaskDefinitions sort", (&model.ListTaskDefinitionsRequest{Sort: "UP"}).Validate(), "sort"},
		{"ListTaskDefinitions status", (&model.ListTaskDefinitionsRequest{Status: "GONE"}).Validate(), "status"},
		{"ListTaskDefinitionFamilies", (&model.ListTaskDefinitionFamiliesRequest{Status: model.TaskDefinitionFamilyStatus("ALL")}).Validate(), ""},
		{"ListTaskDefinitionFamilies 0", (&model.ListTaskDefinitionFamiliesRequest{MaxResults: n(0)}).Validate(), "maxResults"},
		// API_CreateService.html
		{"CreateService", (&model.CreateServiceRequest{ServiceName: "s", TaskDefinition: "web", DesiredCount: n(0), ClientToken: strings.Repeat("t", 36)}).Validate(), ""},
		{"CreateService no name", (&model.CreateServiceRequest{TaskDefinition: "web", DesiredCount: n(1)}).Validate(), "serviceName"},
		{"CreateService name 256", (&model.CreateServiceRequest{ServiceName: strings.Repeat("s", 256), TaskDefinition: "web", DesiredCount: n(1)}).Validate(), "serviceName"},
		{"CreateService no task definition", (&model.CreateServiceRequest{ServiceName: "s", DesiredCount: n(1)}).Validate(), "taskDefinition"},
		{"CreateService EXTERNAL without task definition", (&model.CreateServiceRequest{ServiceName: "s", DesiredCount: n(1), DeploymentController: &model.DeploymentController{Type: model.DeploymentControllerTypeExternal}}).Validate(), ""},
		{"CreateService no desired count", (&model.CreateServiceRequest{ServiceName: "s", TaskDefinition: "web"}).Validate(), "desiredCount"},
		{"CreateService DAEMON without desired count", (&model.CreateServiceRequest{ServiceName: "s", TaskDefinition: "web", SchedulingStrategy: model.SchedulingStrategyDaemon}).Validate(), ""},
		{"CreateService negative", (&model.CreateServiceRequest{ServiceName: "s", TaskDefinition: "web", DesiredCount: n(-1)}).Validate(), "desiredCount"},
		{"CreateService client token 37", (&model.CreateServiceRequest{ServiceName: "s", TaskDefinition: "web", DesiredCount: n(1), ClientToken: strings.Repeat("t", 37)}).Validate(), "clientToken"},
		{"CreateService launch type and providers", (&model.CreateServiceRequest{ServiceName: "s", TaskDefinition: "web", DesiredCount: n(1), LaunchType: model.LaunchTypeEC2,
			CapacityProviderStrategy: []model.CapacityProviderStrategyItem{{CapacityProvider: "p", Weight: 1}}}).Validate(), "launchType"},
		{"CreateService role without load balancer", (&model.CreateServiceRequest{ServiceName: "s", TaskDefinition: "web", DesiredCount: n(1), Role: "r"}).Validate(), "role"},
		{"CreateService DAEMON with strategy", (&model.CreateServiceRequest{ServiceName: "s", TaskDefinition: "web", SchedulingStrategy: model.SchedulingStrategyDaemon,
			PlacementStrategy: []model.PlacementStrategy{{Type: model.PlacementStrategyTypeRandom}}}).Validate(), "placementStrategy"},
		{"CreateService DAEMON on FARGATE", (&model.CreateServiceRequest{ServiceName: "s", TaskDefinition: "web", SchedulingStrategy: model.SchedulingStrategyDaemon, LaunchType: model.LaunchTypeFargate}).Validate(), "schedulingStrategy"},
		{"CreateService negative grace", (&model.CreateServiceRequest{ServiceName: "s", TaskDefinition: "web", DesiredCount: n(1), HealthCheckGracePeriodSeconds: n(-1)}).Validate(), "healthCheckGracePeriodSeconds"},
		// API_DeleteService.html: service is required.
		{"DeleteService", (&model.DeleteServiceRequest{Service: "s"}).Validate(), ""},
		{"DeleteService none", (&model.DeleteServiceRequest{}).Validate(), "service"},
		// API_DescribeServices.html: 1 to 10 services.
		{"DescribeServices 10", (&model.DescribeServicesRequest{Services: ids(10, "s")}).Validate(), ""},
		{"DescribeServices 11", (&model.DescribeServicesRequest{Services: ids(11, "s")}).Validate(), "services"},
		{"DescribeServices 0", (&model.DescribeServicesRequest{}).Validate(), "services"},
		// API_ListServices.html
		{"ListServices", (&model.ListServicesRequest{LaunchType: model.LaunchTypeExternal, SchedulingStrategy: model.SchedulingStrategyReplica}).Validate(), ""},
		{"ListServices launch type", (&model.ListServicesRequest{LaunchType: "ec2"}).Validate(), "launchType"},
		// API_RunTask.html: count 1 to 10; startedBy up to 128; clientToken up to 64.
		{"RunTask 10", (&model.RunTaskRequest{TaskDefinition: "web", Count: n(10), StartedBy: strings.Repeat("s", 128), ClientToken: strings.Repeat("t", 64)}).Validate(), ""},
		{"RunTask 11", (&model.RunTaskRequest{TaskDefinition: "web", Count: n(11)}).Validate(), "count"},
		{"RunTask 0", (&model.RunTaskRequest{TaskDefinition: "web", Count: n(0)}).Validate(), "count"},
		{"RunTask startedBy 129", (&model.RunTaskRequest{TaskDefinition: "web", StartedBy: strings.Repeat("s", 129)}).Validate(), "startedBy"},
		{"RunTask startedBy space", (&model.RunTaskRequest{TaskDefinition: "web", StartedBy: "a b"}).Validate(), "startedBy"},
		{"RunTask clientToken 65", (&model.RunTaskRequest{TaskDefinition: "web", ClientToken: strings.Repeat("t", 65)}).Validate(), "clientToken"},
		{"RunTask propagate SERVICE", (&model.RunTaskRequest{TaskDefinition: "web", PropagateTags: model.PropagateTagsService}).Validate(), "propagateTags"},
		{"RunTask no task definition", (&model.RunTaskRequest{}).Validate(), "taskDefinition"},
		// API_StartTask.html: 1 to 10 instances; startedBy up to 36.
		{"StartTask 10", (&model.StartTaskRequest{TaskDefinition: "web", ContainerInstances: ids(10, taskID), StartedBy: strings.Repeat("s", 36)}).Validate(), ""},
		{"StartTask 11", (&model.StartTaskRequest{TaskDefinition: "web", ContainerInstances: ids(11, taskID)}).Validate(), "containerInstances"},
		{"StartTask startedBy 37", (&model.StartTaskRequest{TaskDefinition: "web", ContainerInstances: ids(1, taskID), StartedBy: strings.Repeat("s", 37)}).Validate(), "startedBy"},
		// API_StopTask.html: reason up to 255.
		{"StopTask 255", (&model.StopTaskRequest{Task: taskARN, Reason: strings.Repeat("r", 255)}).Validate(), ""},
		{"StopTask 256", (&model.StopTaskRequest{Task: taskARN, Reason: strings.Repeat("r", 256)}).Validate(), "reason"},
		{"StopTask none", (&model.StopTaskRequest{}).Validate(), "task"},
		{"StopTask instance ARN", (&model.StopTaskRequest{Task: instARN}).Validate(), "task"},
		// API_DescribeTasks.html: 1 to 100 tasks.
		{"DescribeTasks 100", (&model.DescribeTasksRequest{Tasks: ids(100, taskID)}).Validate(), ""},
		{"DescribeTasks 101", (&model.DescribeTasksRequest{Tasks: ids(101, taskID)}).Validate(), "tasks"},
		// API_ListTasks.html
		{"ListTasks", (&model.ListTasksRequest{ContainerInstance: instARN, ServiceName: "s", Family: "web", DesiredStatus: model.DesiredStatusStopped}).Validate(), ""},
		{"ListTasks desired", (&model.ListTasksRequest{DesiredStatus: "DONE"}).Validate(), "desiredStatus"},
		{"ListTasks instance", (&model.ListTasksRequest{ContainerInstance: taskARN}).Validate(), "containerInstance"},
		{"ListTasks family", (&model.ListTasksRequest{Family: "a:b"}).Validate(), "family"},
		// API_TagResource.html, API_UntagResource.html, API_ListTagsForResource.html: 1 to 50 tags, keys up to 128.
		{"TagResource 50", (&model.TagResourceRequest{ResourceARN: taskARN, Tags: tags(50)}).Validate(), ""},
		{"TagResource 51", (&model.TagResourceRequest{ResourceARN: taskARN, Tags: tags(51)}).Validate(), "tags"},
		{"TagResource none", (&model.TagResourceRequest{ResourceARN: taskARN}).Validate(), "tags"},
		{"TagResource no ARN", (&model.TagResourceRequest{Tags: tags(1)}).Validate(), "resourceArn"},
		{"UntagResource 50", (&model.UntagResourceRequest{ResourceARN: taskARN, TagKeys: ids(50, "k")}).Validate(), ""},
		{"UntagResource 51", (&model.UntagResourceRequest{ResourceARN: taskARN, TagKeys: ids(51, "k")}).Validate(), "tagKeys"},
		{"UntagResource key 129", (&model.UntagResourceRequest{ResourceARN: taskARN, TagKeys: []string{strings.Repeat("k", 129)}}).Validate(), "tagKeys[0]"},
		{"ListTagsForResource", (&model.ListTagsForResourceRequest{ResourceARN: taskARN}).Validate(), ""},
		{"ListTagsForResource not an ARN", (&model.ListTagsForResourceRequest{ResourceARN: "web"}).Validate(), "resourceArn"},
	}
	for _, c := range cases {
		switch {
		case c.member == "" && c.err != nil:
			t.Errorf("%s: refused: %v", c.name, c.err)
		case c.member != "" && !errors.Is(c.err, ecserrors.ErrInvalidParameter):
			t.Errorf("%s: got %v, want InvalidParameterException", c.name, c.err)
		case c.member != "" && !strings.HasPrefix(messageOf(c.err), c.member):
			t.Errorf("%s: message %q does not start with %s", c.name, c.err, c.member)
		}
	}
}

func messageOf(err error) string {
	var e *ecserrors.Error
	if errors.As(err, &e) {
		return e.Message()
	}
	return err.Error()
}

// validator is a request type that checks itself.
type validator interface{ Validate() error }

// requestTypes are fresh values of every request type with a Validate
// method, indexed by a fuzz byte.
var requestTypes = []func() validator{
	func() validator { return &model.CreateClusterRequest{} },
	func() validator { return &model.DescribeClustersRequest{} },
	func() validator { return &model.DeleteClusterRequest{} },
	func() validator { return &model.ListClustersRequest{} },
	func() validator { return &model.RegisterContainerInstanceRequest{} },
	func() validator { return &model.DeregisterContainerInstanceRequest{} },
	func() validator { return &model.DescribeContainerInstancesRequest{} },
	func() validator { return &model.ListContainerInstancesRequest{} },
	func() validator { return &model.UpdateContainerInstancesStateRequest{} },
	func() validator { return &model.PutAttributesRequest{} },
	func() validator { return &model.DeleteAttributesRequest{} },
	func() validator { return &model.ListAttributesRequest{} },
	func() validator { return &model.RegisterTaskDefinitionRequest{} },
	func() validator { return &model.DeregisterTaskDefinitionRequest{} },
	func() validator { return &model.DescribeTaskDefinitionRequest{} },
	func() validator { return &model.ListTaskDefinitionsRequest{} },
	func() validator { return &model.ListTaskDefinitionFamiliesRequest{} },
	func() validator { return &model.CreateServiceRequest{} },
	func() validator { return &model.UpdateServiceRequest{} },
	func() validator { return &model.DeleteServiceRequest{} },
	func() validator { return &model.DescribeServicesRequest{} },
	func() validator { return &model.ListServicesRequest{} },
	func() validator { return &model.RunTaskRequest{} },
	func() validator { return &model.StartTaskRequest{} },
	func() validator { return &model.StopTaskRequest{} },
	func() validator { return &model.DescribeTasksRequest{} },
	func() validator { return &model.ListTasksRequest{} },
	func() validator { return &model.TagResourceRequest{} },
	func() validator { return &model.UntagResourceRequest{} },
	func() validator { return &model.ListTagsForResourceRequest{} },
}

// FuzzRequestDecodeValidate decodes a JSON body into the request type a
// byte picks and validates it: no panic, and a refusal is always an
// InvalidParameterException whose message names a member. A request
// that validates re-encodes and decodes to one that still validates.
func FuzzRequestDecodeValidate(f *testing.F) {
	for i := range requestTypes {
		f.Add(uint8(i), []byte(`{}`))
	}
	f.Add(uint8(22), []byte(`{"taskDefinition":"web:1","count":10,"placementConstraints":[{"type":"memberOf","expression":"attribute:a == b"}]}`))
	f.Add(uint8(17), []byte(`{"serviceName":"s","taskDefinition":"web","desiredCount":2,"deploymentConfiguration":{"maximumPercent":200,"minimumHealthyPercent":50}}`))
	f.Add(uint8(12), []byte(`{"family":"f","containerDefinitions":[{"name":"a","image":"i","memory":64}],"cpu":"1 vCPU","memory":"2GB"}`))
	f.Add(uint8(9), []byte(`{"attributes":[{"name":"a","value":"b","targetId":"0123456789abcdef0123456789abcdef"}]}`))
	f.Add(uint8(7), []byte(`{"filter":"attribute:x =~ a.*","status":"ACTIVE","maxResults":100}`))
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		req := requestTypes[int(which)%len(requestTypes)]()
		if json.Unmarshal(body, req) != nil {
			return
		}
		err := req.Validate()
		if err != nil {
			if !errors.Is(err, ecserrors.ErrInvalidParameter) {
				t.Fatalf("%T.Validate() = %v, want InvalidParameterException", req, err)
			}
			if m := messageOf(err); m == "" || m[0] == ' ' {
				t.Fatalf("%T.Validate(): message %q names no member", req, m)
			}
			return
		}
		again := requestTypes[int(which)%len(requestTypes)]()
		b, err := json.Marshal(req)
		if err != nil {
			t.Fatalf("re-encoding a valid %T: %v", req, err)
		}
		if err := json.Unmarshal(b, again); err != nil {
			t.Fatalf("decoding a re-encoded %T %s: %v", req, b, err)
		}
		if err := again.Validate(); err != nil {
			t.Fatalf("%T valid, but after a round trip %s: %v", req, b, err)
		}
	})
}
