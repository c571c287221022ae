package model

// Enumerations the request types of api.go use, verbatim from
// aws-sdk-go-v2/service/ecs/types/enums.go, in the style of enums.go.

// ClusterField names extra detail DescribeClusters can include.
type ClusterField string

// Values of ClusterField.
const (
	ClusterFieldAttachments    ClusterField = "ATTACHMENTS"
	ClusterFieldConfigurations ClusterField = "CONFIGURATIONS"
	ClusterFieldSettings       ClusterField = "SETTINGS"
	ClusterFieldStatistics     ClusterField = "STATISTICS"
	ClusterFieldTags           ClusterField = "TAGS"
)

// Values returns every ClusterField value, in the API's order.
func (ClusterField) Values() []ClusterField {
	return []ClusterField{ClusterFieldAttachments, ClusterFieldConfigurations, ClusterFieldSettings, ClusterFieldStatistics, ClusterFieldTags}
}

// ContainerInstanceField names extra detail DescribeContainerInstances can include.
type ContainerInstanceField string

// Values of ContainerInstanceField.
const (
	ContainerInstanceFieldTags                    ContainerInstanceField = "TAGS"
	ContainerInstanceFieldContainerInstanceHealth ContainerInstanceField = "CONTAINER_INSTANCE_HEALTH"
)

// Values returns every ContainerInstanceField value, in the API's order.
func (ContainerInstanceField) Values() []ContainerInstanceField {
	return []ContainerInstanceField{ContainerInstanceFieldTags, ContainerInstanceFieldContainerInstanceHealth}
}

// ServiceField names extra detail DescribeServices can include.
type ServiceField string

// Values of ServiceField.
const (
	ServiceFieldTags ServiceField = "TAGS"
)

// Values returns every ServiceField value, in the API's order.
func (ServiceField) Values() []ServiceField {
	return []ServiceField{ServiceFieldTags}
}

// TaskField names extra detail DescribeTasks can include.
type TaskField string

// Values of TaskField.
const (
	TaskFieldTags TaskField = "TAGS"
)

// Values returns every TaskField value, in the API's order.
func (TaskField) Values() []TaskField {
	return []TaskField{TaskFieldTags}
}

// TaskDefinitionField names extra detail DescribeTaskDefinition can include.
type TaskDefinitionField string

// Values of TaskDefinitionField.
const (
	TaskDefinitionFieldTags TaskDefinitionField = "TAGS"
)

// Values returns every TaskDefinitionField value, in the API's order.
func (TaskDefinitionField) Values() []TaskDefinitionField {
	return []TaskDefinitionField{TaskDefinitionFieldTags}
}

// TaskDefinitionFamilyStatus filters ListTaskDefinitionFamilies: families
// with an ACTIVE revision, families with only INACTIVE ones, or ALL.
type TaskDefinitionFamilyStatus string

// Values of TaskDefinitionFamilyStatus.
const (
	TaskDefinitionFamilyStatusActive   TaskDefinitionFamilyStatus = "ACTIVE"
	TaskDefinitionFamilyStatusInactive TaskDefinitionFamilyStatus = "INACTIVE"
	TaskDefinitionFamilyStatusAll      TaskDefinitionFamilyStatus = "ALL"
)

// Values returns every TaskDefinitionFamilyStatus value, in the API's order.
func (TaskDefinitionFamilyStatus) Values() []TaskDefinitionFamilyStatus {
	return []TaskDefinitionFamilyStatus{TaskDefinitionFamilyStatusActive, TaskDefinitionFamilyStatusInactive, TaskDefinitionFamilyStatusAll}
}

// SortOrder is the order of ListTaskDefinitions results by family and revision.
type SortOrder string

// Values of SortOrder.
const (
	SortOrderAsc  SortOrder = "ASC"
	SortOrderDesc SortOrder = "DESC"
)

// Values returns every SortOrder value, in the API's order.
func (SortOrder) Values() []SortOrder {
	return []SortOrder{SortOrderAsc, SortOrderDesc}
}
