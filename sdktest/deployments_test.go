package sdktest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/ecsstate/ecsstate"
)

// The service deployment operations through the SDK: a service's two
// deployments list newest first, describe with their revisions, counts,
// monitors and timestamps, StopServiceDeployment rolls the second back,
// and the SDK decodes every member, including the rollback and the
// revision's task definition.
func TestServiceDeploymentsWithSDK(t *testing.T) {
	e := newEnv(t, 15*time.Second)
	e.cluster(t, 3)
	ctx := context.Background()
	if _, err := e.client.CreateService(ctx, &ecs.CreateServiceInput{Cluster: aws.String("prod"), ServiceName: aws.String("web"),
		TaskDefinition: aws.String("web:1"), DesiredCount: aws.Int32(2)}); err != nil {
		t.Fatal(err)
	}
	in := &ecs.DescribeServicesInput{Cluster: aws.String("prod"), Services: []string{"web"}}
	if err := ecs.NewServicesStableWaiter(e.client, fastStable).Wait(ctx, in, time.Minute); err != nil {
		t.Fatal(err)
	}
	// Let the first deployment complete (its tasks count as healthy after 40 s).
	e.h.Do(func(w *ecsstate.World) { w.Advance(2 * time.Minute) })
	if _, err := e.client.UpdateService(ctx, &ecs.UpdateServiceInput{Cluster: aws.String("prod"), Service: aws.String("web"),
		TaskDefinition: aws.String("web:2")}); err != nil {
		t.Fatal(err)
	}
	l, err := e.client.ListServiceDeployments(ctx, &ecs.ListServiceDeploymentsInput{Cluster: aws.String("prod"), Service: aws.String("web")})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.ServiceDeployments) != 2 || l.ServiceDeployments[0].Status != types.ServiceDeploymentStatusInProgress ||
		l.ServiceDeployments[1].Status != types.ServiceDeploymentStatusSuccessful || l.ServiceDeployments[0].StartedAt == nil {
		t.Fatalf("ListServiceDeployments: %+v", l.ServiceDeployments)
	}
	arn := aws.ToString(l.ServiceDeployments[0].ServiceDeploymentArn)
	if !strings.Contains(arn, ":service-deployment/prod/web/") {
		t.Errorf("service deployment ARN %s", arn)
	}
	d, err := e.client.DescribeServiceDeployments(ctx, &ecs.DescribeServiceDeploymentsInput{ServiceDeploymentArns: []string{arn}})
	if err != nil || len(d.ServiceDeployments) != 1 {
		t.Fatal(err, d)
	}
	sd := d.ServiceDeployments[0]
	if sd.TargetServiceRevision == nil || sd.TargetServiceRevision.RequestedTaskCount != 2 || len(sd.SourceServiceRevisions) != 1 ||
		sd.DeploymentCircuitBreaker == nil || sd.DeploymentCircuitBreaker.Status != types.ServiceDeploymentRollbackMonitorsStatusDisabled ||
		sd.DeploymentConfiguration == nil || aws.ToInt32(sd.DeploymentConfiguration.MaximumPercent) != 200 {
		t.Fatalf("DescribeServiceDeployments: %+v", sd)
	}
	r, err := e.client.DescribeServiceRevisions(ctx, &ecs.DescribeServiceRevisionsInput{
		ServiceRevisionArns: []string{aws.ToString(sd.TargetServiceRevision.Arn), aws.ToString(sd.SourceServiceRevisions[0].Arn)}})
	if err != nil || len(r.ServiceRevisions) != 2 {
		t.Fatal(err, r)
	}
	if !strings.HasSuffix(aws.ToString(r.ServiceRevisions[0].TaskDefinition), "web:2") || !strings.HasSuffix(aws.ToString(r.ServiceRevisions[1].TaskDefinition), "web:1") ||
		r.ServiceRevisions[0].LaunchType != types.LaunchTypeEc2 || r.ServiceRevisions[0].CreatedAt == nil {
		t.Errorf("DescribeServiceRevisions: %+v", r.ServiceRevisions)
	}
	stop, err := e.client.StopServiceDeployment(ctx, &ecs.StopServiceDeploymentInput{ServiceDeploymentArn: aws.String(arn),
		StopType: types.StopServiceDeploymentStopTypeRollback})
	if err != nil || aws.ToString(stop.ServiceDeploymentArn) != arn {
		t.Fatal(err, stop)
	}
	if err := ecs.NewServicesStableWaiter(e.client, fastStable).Wait(ctx, in, time.Minute); err != nil {
		t.Fatal(err)
	}
	e.h.Do(func(w *ecsstate.World) { w.Advance(2 * time.Minute) }) // the rollback completes
	d, err = e.client.DescribeServiceDeployments(ctx, &ecs.DescribeServiceDeploymentsInput{ServiceDeploymentArns: []string{arn, arn + "x"}})
	if err != nil {
		t.Fatal(err)
	}
	sd = d.ServiceDeployments[0]
	if sd.Status != types.ServiceDeploymentStatusRollbackSuccessful || sd.Rollback == nil ||
		aws.ToString(sd.Rollback.ServiceRevisionArn) != aws.ToString(r.ServiceRevisions[1].ServiceRevisionArn) || sd.FinishedAt == nil ||
		len(d.Failures) != 1 || aws.ToString(d.Failures[0].Reason) != "MISSING" {
		t.Fatalf("after the stop: %+v %+v", sd, d.Failures)
	}
	_, err = e.client.ContinueServiceDeployment(ctx, &ecs.ContinueServiceDeploymentInput{ServiceDeploymentArn: aws.String(arn), HookId: aws.String("h")})
	var conflict *types.ConflictException
	if !errors.As(err, &conflict) {
		t.Errorf("ContinueServiceDeployment on a finished deployment: %v", err)
	}
	_, err = e.client.StopServiceDeployment(ctx, &ecs.StopServiceDeploymentInput{ServiceDeploymentArn: aws.String(strings.Replace(arn, "/web/", "/api/", 1))})
	var missing *types.ServiceDeploymentNotFoundException
	if !errors.As(err, &missing) {
		t.Errorf("StopServiceDeployment of an unknown deployment: %v", err)
	}
}
