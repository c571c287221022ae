package ecsstate

import (
	"encoding/base64"
	"fmt"
	"slices"
	"testing"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// pages reads a whole list a page of max at a time, failing on a repeat.
func pages(t *testing.T, max int32, list func(token string, max *int32) ([]string, string, error)) []string {
	t.Helper()
	var all []string
	token := ""
	for range 1000 {
		got, next, err := list(token, &max)
		if err != nil {
			t.Fatal(err)
		}
		if int32(len(got)) > max {
			t.Fatalf("page of %d items, maxResults %d", len(got), max)
		}
		all = append(all, got...)
		if next == "" {
			return all
		}
		token = next
	}
	t.Fatal("pagination never ended")
	return nil
}

// Every List operation pages with maxResults (1 to 100) and nextToken;
// walking the pages gives the whole list once; a token that ECS did not
// issue is InvalidParameterException.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListClusters.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListContainerInstances.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServices.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitions.html
func TestWorldPagination(t *testing.T) {
	f := newFixture(t, 7)
	for i := range 4 {
		ok(f.w.CreateCluster(model.CreateClusterRequest{ClusterName: fmt.Sprintf("k%d", i)}))(t)
		f.service(t, fmt.Sprintf("s%d", i), "web", 0)
	}
	for range 11 {
		f.taskDef(t, "web", 8, 8, 0)
	}
	ok(f.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "web", Count: model.Int32(9)}))(t)
	lists := map[string]func(token string, max *int32) ([]string, string, error){
		"ListClusters": func(tok string, max *int32) ([]string, string, error) {
			r, err := f.w.ListClusters(model.ListClustersRequest{NextToken: tok, MaxResults: max})
			return r.ClusterARNs, r.NextToken, err
		},
		"ListContainerInstances": func(tok string, max *int32) ([]string, string, error) {
			r, err := f.w.ListContainerInstances(model.ListContainerInstancesRequest{Cluster: "c", NextToken: tok, MaxResults: max})
			return r.ContainerInstanceARNs, r.NextToken, err
		},
		"ListServices": func(tok string, max *int32) ([]string, string, error) {
			r, err := f.w.ListServices(model.ListServicesRequest{Cluster: "c", NextToken: tok, MaxResults: max})
			return r.ServiceARNs, r.NextToken, err
		},
		"ListTasks": func(tok string, max *int32) ([]string, string, error) {
			r, err := f.w.ListTasks(model.ListTasksRequest{Cluster: "c", NextToken: tok, MaxResults: max})
			return r.TaskARNs, r.NextToken, err
		},
		"ListTaskDefinitions": func(tok string, max *int32) ([]string, string, error) {
			r, err := f.w.ListTaskDefinitions(model.ListTaskDefinitionsRequest{NextToken: tok, MaxResults: max})
			return r.TaskDefinitionARNs, r.NextToken, err
		},
		"ListTaskDefinitions DESC": func(tok string, max *int32) ([]string, string, error) {
			r, err := f.w.ListTaskDefinitions(model.ListTaskDefinitionsRequest{Sort: model.SortOrderDesc, NextToken: tok, MaxResults: max})
			return r.TaskDefinitionARNs, r.NextToken, err
		},
	}
	sizes := map[string]int{"ListClusters": 5, "ListContainerInstances": 7, "ListServices": 4, "ListTasks": 9,
		"ListTaskDefinitions": 15, "ListTaskDefinitions DESC": 15}
	for name, list := range lists {
		t.Run(name, func(t *testing.T) {
			whole := pages(t, 100, list)
			if len(whole) != sizes[name] {
				t.Fatalf("%d items, want %d", len(whole), sizes[name])
			}
			for _, max := range []int32{1, 2, 3, 100} {
				if got := pages(t, max, list); !slices.Equal(got, whole) {
					t.Errorf("maxResults %d: %v, want %v", max, got, whole)
				}
			}
			for _, bad := range []int32{0, -1, 101} {
				_, _, err := list("", &bad)
				wantCode(t, err, ecserrors.CodeInvalidParameter)
			}
			for _, tok := range []string{"garbage!", base64.RawURLEncoding.EncodeToString([]byte("other:x"))} {
				_, _, err := list(tok, nil)
				wantCode(t, err, ecserrors.CodeInvalidParameter)
			}
		})
	}
	// ListTaskDefinitions orders revisions by number (web:2 before web:10),
	// ASC by default and DESC on request.
	// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitions.html
	asc := pages(t, 100, lists["ListTaskDefinitions"])
	var webRevs []string
	for _, a := range asc {
		if fam, _, _ := model.ResolveTaskDefinition(a); fam == "web" {
			webRevs = append(webRevs, a)
		}
	}
	for i := range webRevs {
		if want := DefaultAccount.TaskDefinitionARN("web", int32(i+1)); webRevs[i] != want {
			t.Fatalf("web revisions %v: position %d is not %s", webRevs, i, want)
		}
	}
	desc := pages(t, 100, lists["ListTaskDefinitions DESC"])
	if !slices.Equal(desc, reversed(asc)) {
		t.Errorf("DESC %v is not ASC reversed %v", desc, asc)
	}
}

// When the item a token was issued after is gone by the next call (a task
// definition deregistered between two pages), the next page resumes where
// it stood: nothing is repeated and nothing that is still listed is
// skipped.
func TestWorldPaginationAfterRemoval(t *testing.T) {
	for _, sort := range []model.SortOrder{model.SortOrderAsc, model.SortOrderDesc} {
		f := newFixture(t, 0)
		for range 11 {
			f.taskDef(t, "web", 8, 8, 0)
		}
		all := ok(f.w.ListTaskDefinitions(model.ListTaskDefinitionsRequest{Sort: sort}))(t).TaskDefinitionARNs
		for cut := 1; cut < len(all)-1; cut++ {
			g := f.w.Clone()
			p := ok(g.ListTaskDefinitions(model.ListTaskDefinitionsRequest{Sort: sort, MaxResults: model.Int32(int32(cut))}))(t)
			last := p.TaskDefinitionARNs[len(p.TaskDefinitionARNs)-1]
			ok(g.DeregisterTaskDefinition(model.DeregisterTaskDefinitionRequest{TaskDefinition: last}))(t)
			rest := ok(g.ListTaskDefinitions(model.ListTaskDefinitionsRequest{Sort: sort, NextToken: p.NextToken}))(t).TaskDefinitionARNs
			if want := all[cut:]; !slices.Equal(rest, want) {
				t.Errorf("%s, page of %d, last item deregistered: rest %v, want %v", sort, cut, rest, want)
			}
		}
	}
}

func reversed(s []string) []string {
	c := slices.Clone(s)
	slices.Reverse(c)
	return c
}
