package sdktest

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// UpdateTaskProtection and GetTaskProtection through the SDK: protection
// of a service task for 30 minutes (the expiration date decodes), a
// standalone task is TASK_NOT_VALID, and a DAEMON service created through
// the SDK runs one task per instance.
func TestTaskProtectionAndDaemonWithSDK(t *testing.T) {
	e := newEnv(t, 5*time.Second)
	e.cluster(t, 3)
	ctx := context.Background()
	if _, err := e.client.CreateService(ctx, &ecs.CreateServiceInput{Cluster: aws.String("prod"), ServiceName: aws.String("web"),
		TaskDefinition: aws.String("web"), DesiredCount: aws.Int32(2)}); err != nil {
		t.Fatal(err)
	}
	in := &ecs.DescribeServicesInput{Cluster: aws.String("prod"), Services: []string{"web"}}
	if err := ecs.NewServicesStableWaiter(e.client, fastStable).Wait(ctx, in, time.Minute); err != nil {
		t.Fatal(err)
	}
	l, err := e.client.ListTasks(ctx, &ecs.ListTasksInput{Cluster: aws.String("prod"), ServiceName: aws.String("web")})
	if err != nil || len(l.TaskArns) != 2 {
		t.Fatal(err, l)
	}
	run, err := e.client.RunTask(ctx, &ecs.RunTaskInput{Cluster: aws.String("prod"), TaskDefinition: aws.String("web")})
	if err != nil {
		t.Fatal(err)
	}
	up, err := e.client.UpdateTaskProtection(ctx, &ecs.UpdateTaskProtectionInput{Cluster: aws.String("prod"), ProtectionEnabled: true,
		ExpiresInMinutes: aws.Int32(30), Tasks: []string{l.TaskArns[0], aws.ToString(run.Tasks[0].TaskArn)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(up.ProtectedTasks) != 1 || !up.ProtectedTasks[0].ProtectionEnabled || up.ProtectedTasks[0].ExpirationDate == nil ||
		len(up.Failures) != 1 || aws.ToString(up.Failures[0].Reason) != "TASK_NOT_VALID" {
		t.Fatalf("UpdateTaskProtection: %+v", up)
	}
	get, err := e.client.GetTaskProtection(ctx, &ecs.GetTaskProtectionInput{Cluster: aws.String("prod"), Tasks: l.TaskArns})
	if err != nil {
		t.Fatal(err)
	}
	if len(get.ProtectedTasks) != 2 || !get.ProtectedTasks[0].ProtectionEnabled || get.ProtectedTasks[1].ProtectionEnabled {
		t.Fatalf("GetTaskProtection: %+v", get.ProtectedTasks)
	}
	if d := get.ProtectedTasks[0].ExpirationDate.Sub(*up.ProtectedTasks[0].ExpirationDate); d != 0 {
		t.Fatalf("expiration dates differ by %v", d)
	}

	if _, err := e.client.CreateService(ctx, &ecs.CreateServiceInput{Cluster: aws.String("prod"), ServiceName: aws.String("agent"),
		TaskDefinition: aws.String("web"), SchedulingStrategy: types.SchedulingStrategyDaemon}); err != nil {
		t.Fatal(err)
	}
	din := &ecs.DescribeServicesInput{Cluster: aws.String("prod"), Services: []string{"agent"}}
	if err := ecs.NewServicesStableWaiter(e.client, fastStable).Wait(ctx, din, time.Minute); err != nil {
		t.Fatal(err)
	}
	ds, err := e.client.DescribeServices(ctx, din)
	if err != nil || len(ds.Services) != 1 || ds.Services[0].DesiredCount != 3 || ds.Services[0].RunningCount != 3 {
		t.Fatalf("daemon service: %v %+v", err, ds)
	}
}
