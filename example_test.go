package ecsstate_test

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/ecsstate/ecsstate"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// Predict an UpdateService on a real service, from what the AWS CLI's
// describe-services, describe-container-instances, describe-tasks and
// describe-task-definition printed (the files of examples/plan/sample:
// four tasks of web:7 on six instances in three zones, minimum healthy
// 100% and maximum 150%). Nothing here calls AWS.
func Example() {
	var snap ecsstate.Snapshot
	for _, f := range []string{"services.json", "container-instances.json", "tasks.json", "task-definition-web-7.json", "task-definition-web-8.json"} {
		data, _ := os.ReadFile(filepath.Join("examples", "plan", "sample", f))
		if err := snap.AddJSON(data); err != nil {
			log.Fatal(err)
		}
	}
	world, warnings, err := ecsstate.Load(ecsstate.Options{}, snap)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(warnings), "warnings") // each says what Load made of an inconsistency
	p, err := world.Predict(model.UpdateServiceRequest{Cluster: "prod", Service: "web", TaskDefinition: "web:8"}, 2*time.Hour)
	if err != nil {
		log.Fatal(err) // ECS's exception, had the request been refused
	}
	fmt.Printf("floor %d, ceiling %d tasks\n", p.Floor, p.Ceiling)
	for _, b := range p.Batches {
		fmt.Printf("+%-6s", b.At.Sub(p.Start))
		for _, t := range b.Started {
			fmt.Printf(" start %s in %s;", path.Base(t.TaskDefinition), t.AvailabilityZone)
		}
		for _, t := range b.Stopped {
			fmt.Printf(" stop %s in %s;", path.Base(t.TaskDefinition), t.AvailabilityZone)
		}
		fmt.Println()
	}
	fmt.Println("steady:", p.Steady, "after", p.SteadyAt.Sub(p.Start))
	// Output:
	// 0 warnings
	// floor 4, ceiling 6 tasks
	// +0s     start web:8 in eu-west-1b; start web:8 in eu-west-1c;
	// +1m0s   start web:8 in eu-west-1a; start web:8 in eu-west-1b; stop web:7 in eu-west-1a; stop web:7 in eu-west-1b;
	// +2m15s  stop web:7 in eu-west-1c; stop web:7 in eu-west-1a;
	// steady: true after 2m45s
}

// The same kind of rollout without a world, from the packages the world
// is built on: a service runs three tasks of web:1 over three zones; an
// UpdateService body, as an SDK sends it, rolls it to web:2 with minimum
// healthy 50% and maximum 200%; [service.Reconcile] runs step by step,
// with the caller playing the agents, until the AWS ServicesStable waiter
// would succeed, printing the service events ECS would write. Time is the
// caller's; nothing here touches AWS.
func Example_reconcile() {
	acct := model.Account{Partition: "aws", Region: "us-east-1", AccountID: "012345678910"}
	td := func(rev int32) model.TaskDefinition {
		return model.TaskDefinition{TaskDefinitionARN: acct.TaskDefinitionARN("web", rev), Family: "web", Revision: rev,
			Status:               model.TaskDefinitionStatusActive,
			ContainerDefinitions: []model.ContainerDefinition{{Name: "app", CPU: 256, Memory: model.Int32(512)}}}
	}
	tds := []model.TaskDefinition{td(1), td(2)}
	res := []model.Resource{model.IntegerResource(model.ResourceCPU, 2048), model.IntegerResource(model.ResourceMemory, 4096)}
	var instances []model.ContainerInstance
	for i, az := range []string{"us-east-1a", "us-east-1b", "us-east-1c"} {
		instances = append(instances, model.ContainerInstance{
			ContainerInstanceARN: acct.ContainerInstanceARN("prod", fmt.Sprintf("%032x", i+1)),
			Status:               model.ContainerInstanceStatusActive, AgentConnected: true,
			Attributes:          []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: az}},
			RegisteredResources: res, RemainingResources: res,
		})
	}
	svc := model.Service{
		ServiceARN: acct.ServiceARN("prod", "web"), ServiceName: "web", ClusterARN: acct.ClusterARN("prod"),
		Status: model.ServiceStatusActive, LaunchType: model.LaunchTypeEC2, TaskDefinition: tds[0].TaskDefinitionARN, DesiredCount: 3,
		DeploymentConfiguration: &model.DeploymentConfiguration{MinimumHealthyPercent: model.Int32(50), MaximumPercent: model.Int32(200)},
		Deployments: []model.Deployment{{ID: "ecs-svc/9223370000000000000", Status: model.DeploymentStatusPrimary,
			TaskDefinition: tds[0].TaskDefinitionARN, DesiredCount: 3, RolloutState: model.DeploymentRolloutStateInProgress}},
	}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

	// settle runs the service scheduler step by step, moving tasks through
	// their lifecycle as the agents would, until a step changes nothing
	// (the scheduler's fixed point), and reports whether the AWS
	// ServicesStable waiter would then succeed.
	var tasks []model.Task
	settle := func(show bool) bool {
		for round := 0; round < 20; round++ {
			step, err := service.Reconcile(&service.Input{Service: svc, Tasks: tasks, Instances: instances, TaskDefinitions: tds}, now)
			if err != nil {
				fmt.Println(err)
				return false
			}
			if !step.Changed(&svc) {
				break
			}
			if instances, tasks, err = service.ApplyStep(instances, tasks, tds, &step, now); err != nil {
				fmt.Println(err)
				return false
			}
			svc = step.Service
			for i := len(step.Events) - 1; i >= 0 && show; i-- { // events are newest first
				fmt.Println(step.Events[i].Message)
			}
			// The agents: new tasks go through PENDING to RUNNING, stopping
			// tasks reach STOPPED.
			now = now.Add(time.Minute)
			for i := range tasks {
				var path []model.TaskStatus
				switch {
				case tasks[i].DesiredStatus == model.DesiredStatusStopped && tasks[i].LastStatus != model.TaskStatusStopped:
					path = []model.TaskStatus{model.TaskStatusStopped}
				case tasks[i].LastStatus == model.TaskStatusProvisioning:
					path = []model.TaskStatus{model.TaskStatusPending, model.TaskStatusRunning}
				case tasks[i].LastStatus == model.TaskStatusPending:
					path = []model.TaskStatus{model.TaskStatusRunning}
				}
				for _, st := range path {
					if tasks[i], err = model.TransitionTask(tasks[i], st, now); err != nil {
						fmt.Println(err)
						return false
					}
				}
			}
		}
		return service.Stable(&svc) == service.WaiterSuccess
	}
	if !settle(false) {
		return
	}

	// The request, exactly as an AWS SDK sends it: roll to the latest
	// revision of web.
	var req model.UpdateServiceRequest
	json.Unmarshal([]byte(`{"cluster":"prod","service":"web","taskDefinition":"web"}`), &req)
	upd, err := service.UpdateService(req, service.State{
		Cluster: &model.Cluster{ClusterARN: acct.ClusterARN("prod"), ClusterName: "prod"}, Service: &svc, TaskDefinitions: tds,
	}, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	svc = *upd.Response.Service
	fmt.Println("stable:", settle(true), "on", svc.TaskDefinition)
	// Output:
	// (service web) has stopped 1 running tasks: (task a87f633b6b844cbd24fbbc5da2a78b90).
	// (service web) has started 3 tasks: (task 0869cdb0c432c73c10913128416b5909) (task 0869ca4da932c73c109131284044919e) (task 0869c6ea0e32c73c109131283f1d2cb3).
	// (service web) has stopped 2 running tasks: (task a87f692896844cbd24fbbc5da55e7ee3) (task a87f6c8bb1844cbd24fbbc5da685464e).
	// (service web) (deployment ecs-svc/9223370241592195807) deployment completed.
	// (service web) has reached a steady state.
	// stable: true on arn:aws:ecs:us-east-1:012345678910:task-definition/web:2
}

// Foresee updating the container agent of four instances in two zones,
// two at a time: one zone per wave (the first is the zone of the instance
// with the fewest running tasks, ties going by ARN), each update's four
// stages 30 seconds apart (the default agent), the world itself unchanged.
func ExampleWorld_PredictAgentUpdate() {
	world := ecsstate.New(ecsstate.Options{})
	world.CreateCluster(model.CreateClusterRequest{ClusterName: "prod"})
	for _, zone := range []string{"us-east-1a", "us-east-1b", "us-east-1a", "us-east-1b"} {
		_, err := world.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "prod",
			TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 2048), model.IntegerResource(model.ResourceMemory, 4096)},
			Attributes:     []model.Attribute{{Name: model.AttributeAvailabilityZone, Value: zone}},
			VersionInfo:    &model.VersionInfo{AgentVersion: "1.86.0"}})
		if err != nil {
			log.Fatal(err)
		}
	}
	r, err := world.PredictAgentUpdate("prod", 2, time.Hour)
	if err != nil {
		log.Fatal(err)
	}
	for _, wave := range r.Waves {
		fmt.Printf("+%s: %d instances in %s\n", wave.At.Sub(r.Start), len(wave.Instances), wave.Zone)
	}
	fmt.Println("all on", r.Latest+":", r.Done, "after", r.End.Sub(r.Start))
	// Output:
	// +0s: 2 instances in us-east-1b
	// +2m0s: 2 instances in us-east-1a
	// all on 1.101.0: true after 4m0s
}

// Load says what it made of a snapshot that does not add up: here a
// describe-services output whose service counts two running tasks, while
// no describe-tasks output was added, and which could not describe a
// second service. The world's clock starts at the snapshot's newest
// timestamp.
func ExampleLoad() {
	var snap ecsstate.Snapshot
	for _, doc := range []string{
		`{"services":[{"serviceName":"web","clusterArn":"arn:aws:ecs:us-east-1:111122223333:cluster/prod","status":"ACTIVE",
		  "desiredCount":2,"runningCount":2,"taskDefinition":"arn:aws:ecs:us-east-1:111122223333:task-definition/web:1",
		  "deployments":[{"id":"ecs-svc/1234567890123456789","status":"PRIMARY","taskDefinition":"arn:aws:ecs:us-east-1:111122223333:task-definition/web:1",
		    "desiredCount":2,"runningCount":2,"rolloutState":"COMPLETED","createdAt":"2026-05-01T10:00:00.000000+00:00"}]}],
		 "failures":[{"arn":"arn:aws:ecs:us-east-1:111122223333:service/prod/api","reason":"MISSING"}]}`,
		`{"taskDefinition":{"taskDefinitionArn":"arn:aws:ecs:us-east-1:111122223333:task-definition/web:1","family":"web","revision":1,
		  "status":"ACTIVE","containerDefinitions":[{"name":"app","image":"nginx","cpu":256,"memory":512}]}}`,
	} {
		if err := snap.AddJSON([]byte(doc)); err != nil {
			log.Fatal(err)
		}
	}
	world, warnings, err := ecsstate.Load(ecsstate.Options{}, snap)
	if err != nil {
		log.Fatal(err)
	}
	for _, w := range warnings {
		fmt.Println(w)
	}
	fmt.Println("now:", world.Now().Format(time.RFC3339), "in account", world.Account().AccountID)
	// Output:
	// arn:aws:ecs:us-east-1:111122223333:service/prod/api: not described: MISSING
	// arn:aws:ecs:us-east-1:111122223333:service/prod/web: runningCount 2 but 0 running tasks given
	// now: 2026-05-01T10:00:00Z in account 111122223333
}
