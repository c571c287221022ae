package model_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/model/gen"
)

// Forms of ECS ARNs, old and new, as the ECS documentation shows them:
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html#ecs-resource-ids
func TestParseARNForms(t *testing.T) {
	cases := []struct {
		in   string
		want model.ARN
	}{
		{"arn:aws:ecs:us-east-1:012345678910:cluster/default",
			model.ARN{Partition: "aws", Region: "us-east-1", AccountID: "012345678910", Kind: model.KindCluster, Name: "default"}},
		{"arn:aws:ecs:us-west-2:012345678910:container-instance/53ac7152-dcd1-4102-81f5-208962864132",
			model.ARN{Partition: "aws", Region: "us-west-2", AccountID: "012345678910", Kind: model.KindContainerInstance, Name: "53ac7152-dcd1-4102-81f5-208962864132"}},
		{"arn:aws:ecs:us-west-2:012345678910:container-instance/prod/0123456789abcdef0123456789abcdef",
			model.ARN{Partition: "aws", Region: "us-west-2", AccountID: "012345678910", Kind: model.KindContainerInstance, Cluster: "prod", Name: "0123456789abcdef0123456789abcdef"}},
		{"arn:aws:ecs:us-east-1:012345678910:service/hello_world",
			model.ARN{Partition: "aws", Region: "us-east-1", AccountID: "012345678910", Kind: model.KindService, Name: "hello_world"}},
		{"arn:aws:ecs:us-east-1:012345678910:service/default/hello_world",
			model.ARN{Partition: "aws", Region: "us-east-1", AccountID: "012345678910", Kind: model.KindService, Cluster: "default", Name: "hello_world"}},
		{"arn:aws:ecs:eu-west-1:012345678910:task/1dc5c17a-422b-4dc4-b493-371970c6c4d6",
			model.ARN{Partition: "aws", Region: "eu-west-1", AccountID: "012345678910", Kind: model.KindTask, Name: "1dc5c17a-422b-4dc4-b493-371970c6c4d6"}},
		{"arn:aws-cn:ecs:cn-north-1:012345678910:task/c1/0123456789abcdef0123456789abcdef",
			model.ARN{Partition: "aws-cn", Region: "cn-north-1", AccountID: "012345678910", Kind: model.KindTask, Cluster: "c1", Name: "0123456789abcdef0123456789abcdef"}},
		{"arn:aws:ecs:us-east-1:012345678910:task-definition/hello_world:10",
			model.ARN{Partition: "aws", Region: "us-east-1", AccountID: "012345678910", Kind: model.KindTaskDefinition, Name: "hello_world", Revision: 10}},
		{"arn:aws-us-gov:ecs:us-gov-west-1:012345678910:task-set/c1/web/ecs-svc-1234",
			model.ARN{Partition: "aws-us-gov", Region: "us-gov-west-1", AccountID: "012345678910", Kind: model.KindTaskSet, Cluster: "c1", Service: "web", Name: "ecs-svc-1234"}},
		{"arn:aws:ecs:us-east-1:012345678910:capacity-provider/asg-1",
			model.ARN{Partition: "aws", Region: "us-east-1", AccountID: "012345678910", Kind: model.KindCapacityProvider, Name: "asg-1"}},
	}
	for _, c := range cases {
		got, err := model.ParseARN(c.in)
		if err != nil {
			t.Errorf("ParseARN(%q): %v", c.in, err)
			continue
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("ParseARN(%q) (-want +got):\n%s", c.in, diff)
		}
		if got.String() != c.in {
			t.Errorf("String() = %q, want %q", got.String(), c.in)
		}
	}
}

func TestParseARNRejectsWithInvalidParameter(t *testing.T) {
	bad := map[string]string{
		"":                "expected arn:",
		"cluster/default": "expected arn:",
		"arn:aws:ec2:us-east-1:012345678910:cluster/x":                      "not ecs",
		"arn:aws:ecs:us-east-1:0123:cluster/x":                              "12 digits",
		"arn:aws:ecs:nowhere:012345678910:cluster/x":                        "not a Region",
		"arn:foo:ecs:us-east-1:012345678910:cluster/x":                      "partition",
		"arn:aws:ecs:us-east-1:012345678910:widget/x":                       "unknown ECS resource type",
		"arn:aws:ecs:us-east-1:012345678910:cluster/a/b":                    "expected cluster/NAME",
		"arn:aws:ecs:us-east-1:012345678910:task/xyz":                       "task ID",
		"arn:aws:ecs:us-east-1:012345678910:task-definition/web":            "family:revision",
		"arn:aws:ecs:us-east-1:012345678910:task-definition/web:0":          "Revision",
		"arn:aws:ecs:us-east-1:012345678910:task-definition/web:07":         "Revision",
		"arn:aws:ecs:us-east-1:012345678910:task-definition/web:9999999999": "Revision",
		"arn:aws:ecs:us-east-1:012345678910:service/bad name":               "service name",
	}
	for in, want := range bad {
		_, err := model.ParseARN(in)
		if !errors.Is(err, ecserrors.ErrInvalidParameter) || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseARN(%q) = %v, want InvalidParameterException mentioning %q", in, err, want)
		}
	}
}

func TestARNBuildParseRoundTrips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		acct := gen.Account().Draw(t, "account")
		cluster, name := gen.Name().Draw(t, "cluster"), gen.Name().Draw(t, "name")
		id := fmt.Sprintf("%032x", rapid.Uint64().Draw(t, "id"))
		rev := rapid.Int32Range(1, 1<<31-1).Draw(t, "revision")
		built := map[string]model.ARN{
			acct.ClusterARN(cluster):                      {Kind: model.KindCluster, Name: cluster},
			acct.ContainerInstanceARN(cluster, id):        {Kind: model.KindContainerInstance, Cluster: cluster, Name: id},
			acct.ServiceARN(cluster, name):                {Kind: model.KindService, Cluster: cluster, Name: name},
			acct.TaskARN(cluster, id):                     {Kind: model.KindTask, Cluster: cluster, Name: id},
			acct.TaskDefinitionARN(name, rev):             {Kind: model.KindTaskDefinition, Name: name, Revision: rev},
			acct.TaskSetARN(cluster, name, "ecs-svc-"+id): {Kind: model.KindTaskSet, Cluster: cluster, Service: name, Name: "ecs-svc-" + id},
			acct.CapacityProviderARN(name):                {Kind: model.KindCapacityProvider, Name: name},
		}
		for s, want := range built {
			want.Partition, want.Region, want.AccountID = acct.Partition, acct.Region, acct.AccountID
			got, err := model.ParseARN(s)
			if err != nil {
				t.Fatalf("ParseARN(%q): %v", s, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("ParseARN(%q) (-want +got):\n%s", s, diff)
			}
			if got.String() != s {
				t.Fatalf("String() = %q, want %q", got.String(), s)
			}
		}
	})
}

func TestResolveShortNamesAndARNs(t *testing.T) {
	if c, err := model.ResolveCluster(""); err != nil || c != "default" {
		t.Errorf("empty cluster = %q, %v; want default", c, err)
	}
	if c, _ := model.ResolveCluster("arn:aws:ecs:us-east-1:012345678910:cluster/prod"); c != "prod" {
		t.Errorf("cluster ARN resolved to %q", c)
	}
	if _, err := model.ResolveCluster("arn:aws:ecs:us-east-1:012345678910:service/prod"); !errors.Is(err, ecserrors.ErrInvalidParameter) {
		t.Errorf("service ARN as cluster: %v", err)
	}
	if _, err := model.ResolveCluster("no spaces"); !errors.Is(err, ecserrors.ErrInvalidParameter) {
		t.Errorf("bad cluster name: %v", err)
	}
	if n, c, err := model.ResolveService("arn:aws:ecs:us-east-1:012345678910:service/prod/web"); err != nil || n != "web" || c != "prod" {
		t.Errorf("ResolveService = %q %q %v", n, c, err)
	}
	if _, _, err := model.ResolveContainerInstance(""); !errors.Is(err, ecserrors.ErrInvalidParameter) {
		t.Errorf("empty instance: %v", err)
	}
	if _, _, err := model.ResolveContainerInstance("not-an-id"); !errors.Is(err, ecserrors.ErrInvalidParameter) {
		t.Errorf("malformed instance: %v", err)
	}
	for in, want := range map[string]struct {
		fam string
		rev int32
	}{
		"web":    {"web", 0},
		"web:12": {"web", 12},
		"arn:aws:ecs:us-east-1:012345678910:task-definition/web:3": {"web", 3},
	} {
		f, r, err := model.ResolveTaskDefinition(in)
		if err != nil || f != want.fam || r != want.rev {
			t.Errorf("ResolveTaskDefinition(%q) = %q %d %v", in, f, r, err)
		}
	}
	for _, in := range []string{"", "web:", "web:x", "web:-1", "a:b:c", "arn:aws:ecs:us-east-1:012345678910:cluster/x"} {
		if _, _, err := model.ResolveTaskDefinition(in); !errors.Is(err, ecserrors.ErrInvalidParameter) {
			t.Errorf("ResolveTaskDefinition(%q) accepted: %v", in, err)
		}
	}
}
