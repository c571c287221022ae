package model

import (
	"regexp"
	"strconv"
	"strings"

	ecserrors "github.com/ecsstate/ecsstate/errors"
)

// ResourceKind is the resource-type part of an ECS ARN.
type ResourceKind string

// The ECS resource kinds that appear in ARNs.
const (
	KindCluster           ResourceKind = "cluster"
	KindContainerInstance ResourceKind = "container-instance"
	KindService           ResourceKind = "service"
	KindTask              ResourceKind = "task"
	KindTaskDefinition    ResourceKind = "task-definition"
	KindTaskSet           ResourceKind = "task-set"
	KindCapacityProvider  ResourceKind = "capacity-provider"
)

// DefaultCluster is the cluster ECS assumes when a request names none.
const DefaultCluster = "default"

// ARN is a parsed ECS Amazon Resource Name.
//
// Container instance, service and task ARNs come in two forms: the old one
// without the cluster ("task/ID") and the long form that ECS has used since
// 2018 ("task/CLUSTER/ID"). Cluster is empty for the old form. See
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html#ecs-resource-ids
type ARN struct {
	Partition string // "aws", "aws-cn", "aws-us-gov", …
	Region    string
	AccountID string
	Kind      ResourceKind
	// Cluster is the cluster name of a long-form container-instance, service
	// or task ARN, and of a task-set ARN.
	Cluster string
	// Service is the service name of a task-set ARN.
	Service string
	// Name is the last part: the cluster, service or capacity provider name,
	// the container instance, task or task set ID, or the task definition
	// family.
	Name string
	// Revision is the task definition revision; 0 for other kinds.
	Revision int32
}

// Account is the partition, Region and account in which ARNs are built.
type Account struct {
	Partition string
	Region    string
	AccountID string
}

func (a Account) arn(kind ResourceKind, cluster, service, name string, rev int32) ARN {
	return ARN{Partition: a.Partition, Region: a.Region, AccountID: a.AccountID,
		Kind: kind, Cluster: cluster, Service: service, Name: name, Revision: rev}
}

// ClusterARN builds the ARN of a cluster.
func (a Account) ClusterARN(name string) string {
	return a.arn(KindCluster, "", "", name, 0).String()
}

// ContainerInstanceARN builds the long-form ARN of a container instance.
func (a Account) ContainerInstanceARN(cluster, id string) string {
	return a.arn(KindContainerInstance, cluster, "", id, 0).String()
}

// ServiceARN builds the long-form ARN of a service.
func (a Account) ServiceARN(cluster, name string) string {
	return a.arn(KindService, cluster, "", name, 0).String()
}

// TaskARN builds the long-form ARN of a task.
func (a Account) TaskARN(cluster, id string) string {
	return a.arn(KindTask, cluster, "", id, 0).String()
}

// TaskDefinitionARN builds the ARN of a task definition revision.
func (a Account) TaskDefinitionARN(family string, revision int32) string {
	return a.arn(KindTaskDefinition, "", "", family, revision).String()
}

// TaskSetARN builds the ARN of a task set.
func (a Account) TaskSetARN(cluster, service, id string) string {
	return a.arn(KindTaskSet, cluster, service, id, 0).String()
}

// CapacityProviderARN builds the ARN of a capacity provider.
func (a Account) CapacityProviderARN(name string) string {
	return a.arn(KindCapacityProvider, "", "", name, 0).String()
}

// String formats the ARN; it is the inverse of [ParseARN].
func (a ARN) String() string {
	var b strings.Builder
	b.WriteString("arn:")
	b.WriteString(a.Partition)
	b.WriteString(":ecs:")
	b.WriteString(a.Region)
	b.WriteByte(':')
	b.WriteString(a.AccountID)
	b.WriteByte(':')
	b.WriteString(string(a.Kind))
	b.WriteByte('/')
	if a.Cluster != "" {
		b.WriteString(a.Cluster)
		b.WriteByte('/')
	}
	if a.Service != "" {
		b.WriteString(a.Service)
		b.WriteByte('/')
	}
	b.WriteString(a.Name)
	if a.Kind == KindTaskDefinition {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(int(a.Revision)))
	}
	return b.String()
}

var (
	partitionRE = regexp.MustCompile(`^aws(-[a-z]+)*$`)
	regionRE    = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
	accountRE   = regexp.MustCompile(`^\d{12}$`)
	// Cluster, service, task definition family and capacity provider names:
	// up to 255 letters, digits, hyphens and underscores (CreateCluster,
	// CreateService, RegisterTaskDefinition).
	nameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)
	// Container instance and task IDs: 32 hexadecimal digits in the current
	// format, a UUID in the old one.
	idRE = regexp.MustCompile(`^([0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`)
	// Task set IDs: "ecs-svc/" or "ecs-ts-" style IDs are letters, digits,
	// hyphens and underscores.
	taskSetIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)
)

func invalid(format string, args ...any) *ecserrors.Error {
	return ecserrors.New(ecserrors.CodeInvalidParameter, format, args...)
}

// ParseARN parses an ECS ARN of any kind. A malformed ARN is an
// InvalidParameterException saying which part is wrong.
func ParseARN(s string) (ARN, error) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return ARN{}, invalid("Invalid ARN %q: expected arn:PARTITION:ecs:REGION:ACCOUNT:RESOURCE.", ecserrors.Clip(s))
	}
	a := ARN{Partition: parts[1], Region: parts[3], AccountID: parts[4]}
	switch {
	case !partitionRE.MatchString(a.Partition):
		return ARN{}, invalid("Invalid ARN %q: partition %q is not an AWS partition.", ecserrors.Clip(s), ecserrors.Clip(a.Partition))
	case parts[2] != "ecs":
		return ARN{}, invalid("Invalid ARN %q: service is %q, not ecs.", ecserrors.Clip(s), ecserrors.Clip(parts[2]))
	case !regionRE.MatchString(a.Region):
		return ARN{}, invalid("Invalid ARN %q: %q is not a Region.", ecserrors.Clip(s), ecserrors.Clip(a.Region))
	case !accountRE.MatchString(a.AccountID):
		return ARN{}, invalid("Invalid ARN %q: account ID must be 12 digits.", ecserrors.Clip(s))
	}
	res := parts[5]
	if strings.HasPrefix(res, "task-definition/") {
		// The family may not contain ':', so the revision is what follows
		// the only colon.
		fam, rev, ok := strings.Cut(strings.TrimPrefix(res, "task-definition/"), ":")
		if !ok {
			return ARN{}, invalid("Invalid ARN %q: a task definition ARN needs family:revision.", ecserrors.Clip(s))
		}
		if !nameRE.MatchString(fam) {
			return ARN{}, invalid("Invalid ARN %q: family %q must be 1 to 255 letters, digits, hyphens or underscores.", ecserrors.Clip(s), ecserrors.Clip(fam))
		}
		r, err := parseRevision(rev)
		if err != nil {
			return ARN{}, invalid("Invalid ARN %q: %s", ecserrors.Clip(s), err.Message())
		}
		a.Kind, a.Name, a.Revision = KindTaskDefinition, fam, r
		return a, nil
	}
	segs := strings.Split(res, "/")
	a.Kind = ResourceKind(segs[0])
	path := segs[1:]
	check := func(v string, re *regexp.Regexp, what string) error {
		if !re.MatchString(v) {
			return invalid("Invalid ARN %q: %q is not a valid %s.", ecserrors.Clip(s), ecserrors.Clip(v), what)
		}
		return nil
	}
	var err error
	switch a.Kind {
	case KindCluster, KindCapacityProvider:
		if len(path) != 1 {
			return ARN{}, invalid("Invalid ARN %q: expected %s/NAME.", ecserrors.Clip(s), a.Kind)
		}
		a.Name = path[0]
		err = check(a.Name, nameRE, string(a.Kind)+" name")
	case KindContainerInstance, KindTask, KindService:
		what, re := "ID", idRE
		if a.Kind == KindService {
			what, re = "service name", nameRE
		}
		switch len(path) {
		case 1:
			a.Name = path[0]
		case 2:
			a.Cluster, a.Name = path[0], path[1]
			err = check(a.Cluster, nameRE, "cluster name")
		default:
			return ARN{}, invalid("Invalid ARN %q: expected %s/NAME or %s/CLUSTER/NAME.", ecserrors.Clip(s), a.Kind, a.Kind)
		}
		if err == nil {
			err = check(a.Name, re, string(a.Kind)+" "+what)
		}
	case KindTaskSet:
		if len(path) != 3 {
			return ARN{}, invalid("Invalid ARN %q: expected task-set/CLUSTER/SERVICE/ID.", ecserrors.Clip(s))
		}
		a.Cluster, a.Service, a.Name = path[0], path[1], path[2]
		if err = check(a.Cluster, nameRE, "cluster name"); err == nil {
			if err = check(a.Service, nameRE, "service name"); err == nil {
				err = check(a.Name, taskSetIDRE, "task set ID")
			}
		}
	default:
		return ARN{}, invalid("Invalid ARN %q: unknown ECS resource type %q.", ecserrors.Clip(s), ecserrors.Clip(string(a.Kind)))
	}
	if err != nil {
		return ARN{}, err
	}
	return a, nil
}

func parseRevision(s string) (int32, *ecserrors.Error) {
	r, err := strconv.ParseInt(s, 10, 32)
	if err != nil || r < 1 || strconv.FormatInt(r, 10) != s {
		return 0, invalid("Revision %q must be a whole number from 1 to 2147483647.", ecserrors.Clip(s))
	}
	return int32(r), nil
}

// ResolveCluster turns the cluster member of a request (short name, full
// ARN, or empty for the default cluster) into the cluster name.
func ResolveCluster(id string) (string, error) {
	if id == "" {
		return DefaultCluster, nil
	}
	if strings.HasPrefix(id, "arn:") {
		a, err := ParseARN(id)
		if err != nil {
			return "", err
		}
		if a.Kind != KindCluster {
			return "", invalid("Invalid cluster %q: the ARN is a %s ARN, not a cluster ARN.", ecserrors.Clip(id), a.Kind)
		}
		return a.Name, nil
	}
	if !nameRE.MatchString(id) {
		return "", invalid("Invalid cluster %q: a cluster name is 1 to 255 letters, digits, hyphens or underscores.", ecserrors.Clip(id))
	}
	return id, nil
}

// ResolveService turns a service short name or ARN into its name, and the
// cluster named in a long-form ARN ("" otherwise).
func ResolveService(id string) (name, cluster string, err error) {
	return resolveIn(id, KindService, nameRE, "service name")
}

// ResolveContainerInstance turns a container instance ID or ARN into its ID,
// and the cluster named in a long-form ARN ("" otherwise).
func ResolveContainerInstance(id string) (instanceID, cluster string, err error) {
	return resolveIn(id, KindContainerInstance, idRE, "container instance ID")
}

// ResolveTask turns a task ID or ARN into its ID, and the cluster named in a
// long-form ARN ("" otherwise).
func ResolveTask(id string) (taskID, cluster string, err error) {
	return resolveIn(id, KindTask, idRE, "task ID")
}

func resolveIn(id string, kind ResourceKind, re *regexp.Regexp, what string) (string, string, error) {
	if id == "" {
		return "", "", invalid("A %s is required.", what)
	}
	if strings.HasPrefix(id, "arn:") {
		a, err := ParseARN(id)
		if err != nil {
			return "", "", err
		}
		if a.Kind != kind {
			return "", "", invalid("Invalid %s %q: the ARN is a %s ARN.", what, ecserrors.Clip(id), a.Kind)
		}
		return a.Name, a.Cluster, nil
	}
	if !re.MatchString(id) {
		return "", "", invalid("Invalid %s %q.", what, ecserrors.Clip(id))
	}
	return id, "", nil
}

// ResolveTaskDefinition reads a task definition given as "family",
// "family:revision" or a full ARN. Revision 0 means "the latest ACTIVE
// revision", as ECS reads a family without a revision.
func ResolveTaskDefinition(id string) (family string, revision int32, err error) {
	if strings.HasPrefix(id, "arn:") {
		a, err := ParseARN(id)
		if err != nil {
			return "", 0, err
		}
		if a.Kind != KindTaskDefinition {
			return "", 0, invalid("Invalid task definition %q: the ARN is a %s ARN.", ecserrors.Clip(id), a.Kind)
		}
		return a.Name, a.Revision, nil
	}
	fam, rev, hasRev := strings.Cut(id, ":")
	if !nameRE.MatchString(fam) {
		return "", 0, invalid("Invalid task definition %q: the family must be 1 to 255 letters, digits, hyphens or underscores.", ecserrors.Clip(id))
	}
	if !hasRev {
		return fam, 0, nil
	}
	r, e := parseRevision(rev)
	if e != nil {
		return "", 0, invalid("Invalid task definition %q: %s", ecserrors.Clip(id), e.Message())
	}
	return fam, r, nil
}

// ValidName reports whether s is a valid cluster, service, task definition
// family or capacity provider name.
func ValidName(s string) bool { return nameRE.MatchString(s) }
