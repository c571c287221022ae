package ecsstate

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// fuzzOp is a world operation taking a JSON request body.
type fuzzOp struct {
	name string
	call func(w *World, body []byte) (decoded bool, err error)
}

func opOf[Req, Resp any](name string, f func(*World, Req) (Resp, error)) fuzzOp {
	return fuzzOp{name, func(w *World, body []byte) (bool, error) {
		var req Req
		if json.Unmarshal(body, &req) != nil {
			return false, nil
		}
		_, err := f(w, req)
		return true, err
	}}
}

// fuzzOps are every request-taking operation of the world.
var fuzzOps = []fuzzOp{
	opOf("CreateCluster", (*World).CreateCluster),
	opOf("DescribeClusters", (*World).DescribeClusters),
	opOf("DeleteCluster", (*World).DeleteCluster),
	opOf("ListClusters", (*World).ListClusters),
	opOf("RegisterContainerInstance", (*World).RegisterContainerInstance),
	opOf("DeregisterContainerInstance", (*World).DeregisterContainerInstance),
	opOf("DescribeContainerInstances", (*World).DescribeContainerInstances),
	opOf("ListContainerInstances", (*World).ListContainerInstances),
	opOf("UpdateContainerInstancesState", (*World).UpdateContainerInstancesState),
	opOf("PutAttributes", (*World).PutAttributes),
	opOf("UpdateContainerAgent", (*World).UpdateContainerAgent),
	opOf("RegisterTaskDefinition", (*World).RegisterTaskDefinition),
	opOf("DescribeTaskDefinition", (*World).DescribeTaskDefinition),
	opOf("DeregisterTaskDefinition", (*World).DeregisterTaskDefinition),
	opOf("ListTaskDefinitions", (*World).ListTaskDefinitions),
	opOf("CreateService", (*World).CreateService),
	opOf("UpdateService", (*World).UpdateService),
	opOf("DeleteService", (*World).DeleteService),
	opOf("DescribeServices", (*World).DescribeServices),
	opOf("ListServices", (*World).ListServices),
	opOf("RunTask", (*World).RunTask),
	opOf("StartTask", (*World).StartTask),
	opOf("StopTask", (*World).StopTask),
	opOf("DescribeTasks", (*World).DescribeTasks),
	opOf("ListTasks", (*World).ListTasks),
	opOf("UpdateTaskProtection", (*World).UpdateTaskProtection),
	opOf("GetTaskProtection", (*World).GetTaskProtection),
	opOf("CreateCapacityProvider", (*World).CreateCapacityProvider),
	opOf("DescribeCapacityProviders", (*World).DescribeCapacityProviders),
	opOf("PutClusterCapacityProviders", (*World).PutClusterCapacityProviders),
	// The Auto Scaling events of ops_capacity.go, which take no ECS
	// request: their arguments come as JSON too.
	{"LaunchInstance", func(w *World, body []byte) (bool, error) {
		var a struct {
			Provider string                                 `json:"provider"`
			Request  model.RegisterContainerInstanceRequest `json:"request"`
		}
		if json.Unmarshal(body, &a) != nil {
			return false, nil
		}
		_, err := w.LaunchInstance(a.Provider, a.Request)
		return true, err
	}},
	{"TerminateInstance", func(w *World, body []byte) (bool, error) {
		var a struct {
			Cluster           string `json:"cluster"`
			ContainerInstance string `json:"containerInstance"`
			ScaleIn           bool   `json:"scaleIn"`
		}
		if json.Unmarshal(body, &a) != nil {
			return false, nil
		}
		if a.ScaleIn {
			return true, w.ScaleIn(a.Cluster, a.ContainerInstance)
		}
		return true, w.TerminateInstance(a.Cluster, a.ContainerInstance)
	}},
	opOf("DescribeServiceDeployments", (*World).DescribeServiceDeployments),
	opOf("ListServiceDeployments", (*World).ListServiceDeployments),
	opOf("DescribeServiceRevisions", (*World).DescribeServiceRevisions),
	opOf("StopServiceDeployment", (*World).StopServiceDeployment),
	opOf("ContinueServiceDeployment", (*World).ContinueServiceDeployment),
}

// fuzzWorld is a small world with something of everything: three
// instances (one with an old agent), four task definitions, a service
// with running tasks and a standalone task.
func fuzzWorld(t testing.TB) (*World, *fixture) {
	f := newFixture(t, 3)
	ok(f.w.RegisterContainerInstance(model.RegisterContainerInstanceRequest{Cluster: "c",
		TotalResources: []model.Resource{model.IntegerResource(model.ResourceCPU, 2048), model.IntegerResource(model.ResourceMemory, 4096)},
		VersionInfo:    &model.VersionInfo{AgentVersion: "1.90.0", AgentHash: "abc"}}))(t)
	f.service(t, "s", "web", 3)
	ok(f.w.RunTask(model.RunTaskRequest{Cluster: "c", TaskDefinition: "port"}))(t)
	f.advance(t, time.Minute)
	return f.w, f
}

// fuzzSeeds are request bodies that reach past validation on fuzzWorld.
func fuzzSeeds(f *fixture) map[string][]string {
	inst, id := f.insts[0], shortID(f.insts[1])
	task := ""
	if l, err := f.w.ListTasks(model.ListTasksRequest{Cluster: "c"}); err == nil && len(l.TaskARNs) > 0 {
		task = l.TaskARNs[0]
	}
	sd, rev := "", ""
	if l, err := f.w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: "c", Service: "s"}); err == nil && len(l.ServiceDeployments) > 0 {
		sd, rev = l.ServiceDeployments[0].ServiceDeploymentARN, l.ServiceDeployments[0].TargetServiceRevisionARN
	}
	return map[string][]string{
		"DescribeServiceDeployments":    {fmt.Sprintf(`{"serviceDeploymentArns":[%q,"arn:aws:ecs:us-east-1:123456789012:service-deployment/c/s/1"]}`, sd)},
		"ListServiceDeployments":        {`{"cluster":"c","service":"s","status":["IN_PROGRESS","SUCCESSFUL"],"maxResults":1}`},
		"DescribeServiceRevisions":      {fmt.Sprintf(`{"serviceRevisionArns":[%q]}`, rev)},
		"StopServiceDeployment":         {fmt.Sprintf(`{"serviceDeploymentArn":%q,"stopType":"ROLLBACK"}`, sd)},
		"ContinueServiceDeployment":     {fmt.Sprintf(`{"serviceDeploymentArn":%q,"hookId":"h","action":"CONTINUE"}`, sd)},
		"CreateCluster":                 {`{"clusterName":"x","tags":[{"key":"k","value":"v"}]}`, `{}`},
		"DescribeClusters":              {`{"clusters":["c","nope","arn:aws:ecs:us-east-1:123456789012:cluster/c"]}`},
		"DeleteCluster":                 {`{"cluster":"c"}`},
		"ListClusters":                  {`{"maxResults":1}`, `{"nextToken":"ZWNzc3RhdGU6eA"}`},
		"RegisterContainerInstance":     {`{"cluster":"c","totalResources":[{"name":"CPU","type":"INTEGER","integerValue":1024},{"name":"MEMORY","type":"INTEGER","integerValue":512}],"instanceIdentityDocument":"{\"availabilityZone\":\"us-east-1a\"}"}`, fmt.Sprintf(`{"cluster":"c","containerInstanceArn":%q,"totalResources":[{"name":"CPU","type":"INTEGER","integerValue":1}]}`, inst)},
		"DeregisterContainerInstance":   {fmt.Sprintf(`{"cluster":"c","containerInstance":%q,"force":true}`, inst), fmt.Sprintf(`{"cluster":"c","containerInstance":%q}`, id)},
		"DescribeContainerInstances":    {fmt.Sprintf(`{"cluster":"c","containerInstances":[%q,%q],"include":["TAGS"]}`, inst, id)},
		"ListContainerInstances":        {`{"cluster":"c","filter":"attribute:ecs.availability-zone in [us-east-1a] and runningTasksCount > 0","maxResults":2}`, `{"cluster":"c","status":"DRAINING"}`},
		"UpdateContainerInstancesState": {fmt.Sprintf(`{"cluster":"c","containerInstances":[%q],"status":"DRAINING"}`, inst)},
		"PutAttributes":                 {fmt.Sprintf(`{"cluster":"c","attributes":[{"name":"stack","value":"prod","targetId":%q}]}`, id)},
		"UpdateContainerAgent":          {fmt.Sprintf(`{"cluster":"c","containerInstance":%q}`, inst)},
		"RegisterTaskDefinition":        {`{"family":"web","containerDefinitions":[{"name":"a","image":"i","cpu":10,"memory":64,"portMappings":[{"containerPort":80,"hostPort":80}]}],"cpu":"1 vCPU","memory":"1 GB"}`},
		"DescribeTaskDefinition":        {`{"taskDefinition":"web","include":["TAGS"]}`},
		"DeregisterTaskDefinition":      {`{"taskDefinition":"web:1"}`},
		"ListTaskDefinitions":           {`{"familyPrefix":"w","status":"INACTIVE","sort":"DESC","maxResults":1}`},
		"CreateService":                 {`{"cluster":"c","serviceName":"t","taskDefinition":"web","desiredCount":2,"placementStrategy":[{"type":"binpack","field":"memory"}],"placementConstraints":[{"type":"distinctInstance"}]}`},
		"UpdateService":                 {`{"cluster":"c","service":"s","desiredCount":5,"taskDefinition":"port","forceNewDeployment":true,"deploymentConfiguration":{"maximumPercent":150,"minimumHealthyPercent":50}}`},
		"DeleteService":                 {`{"cluster":"c","service":"s","force":true}`},
		"DescribeServices":              {`{"cluster":"c","services":["s","nope"],"include":["TAGS"]}`},
		"ListServices":                  {`{"cluster":"c","launchType":"EC2","maxResults":1}`},
		"RunTask":                       {`{"cluster":"c","taskDefinition":"web","count":10,"placementStrategy":[{"type":"spread","field":"attribute:ecs.availability-zone"}],"placementConstraints":[{"type":"memberOf","expression":"runningTasksCount < 3"}]}`},
		"StartTask":                     {fmt.Sprintf(`{"cluster":"c","taskDefinition":"port","containerInstances":[%q,%q]}`, inst, id)},
		"StopTask":                      {fmt.Sprintf(`{"cluster":"c","task":%q,"reason":"r"}`, task)},
		"DescribeTasks":                 {fmt.Sprintf(`{"cluster":"c","tasks":[%q],"include":["TAGS"]}`, task)},
		"ListTasks":                     {`{"cluster":"c","serviceName":"s","desiredStatus":"STOPPED","maxResults":1}`, fmt.Sprintf(`{"cluster":"c","containerInstance":%q,"family":"web","startedBy":"x"}`, id)},
		"CreateCapacityProvider":        {`{"name":"cp","autoScalingGroupProvider":{"autoScalingGroupArn":"asg","managedScaling":{"status":"ENABLED"},"managedTerminationProtection":"ENABLED"}}`},
		"DescribeCapacityProviders":     {`{"capacityProviders":["FARGATE","nope"],"include":["TAGS"]}`, `{"maxResults":1}`},
		"LaunchInstance":                {`{"provider":"cp","request":{"cluster":"c","totalResources":[{"name":"CPU","type":"INTEGER","integerValue":1024},{"name":"MEMORY","type":"INTEGER","integerValue":2048}]}}`},
		"TerminateInstance":             {fmt.Sprintf(`{"cluster":"c","containerInstance":%q}`, inst), fmt.Sprintf(`{"cluster":"c","containerInstance":%q,"scaleIn":true}`, id)},
		"PutClusterCapacityProviders":   {`{"cluster":"c","capacityProviders":["FARGATE"],"defaultCapacityProviderStrategy":[{"capacityProvider":"FARGATE","weight":1}]}`, `{"cluster":"c","capacityProviders":["cp"],"defaultCapacityProviderStrategy":[]}`},
	}
}

// checkErr fails unless err is nil or an ECS exception.
func checkErr(t *testing.T, op string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *ecserrors.Error
	if !errors.As(err, &e) || e.Code() == "" {
		t.Fatalf("%s: %v (%T) is not an ECS exception", op, err, err)
	}
}

// FuzzWorldOperation decodes a JSON body into the request of the
// operation the first byte picks and calls it on a small world: no
// panic, and any error is an ECS exception. The world must stay
// consistent and keep running (a scheduler run on a broken state would
// fail).
func FuzzWorldOperation(f *testing.F) {
	base, fx := fuzzWorld(f)
	seeds := fuzzSeeds(fx)
	for i, op := range fuzzOps {
		for _, body := range seeds[op.name] {
			f.Add(uint8(i), []byte(body))
		}
		f.Add(uint8(i), []byte(`{}`))
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		op := fuzzOps[int(which)%len(fuzzOps)]
		w := base.Clone()
		_, err := op.call(w, body)
		checkErr(t, op.name, err)
		checkConsistent(t, w)
		if err := w.Advance(2 * time.Minute); err != nil {
			t.Fatalf("after %s %s: Advance: %v", op.name, body, err)
		}
		checkConsistent(t, w)
	})
}

// FuzzWorldSequence runs a sequence of operations read from the input:
// each is an operation byte, a one-byte length and that many bytes of
// JSON body, followed by a step of time; at most 12 operations.
func FuzzWorldSequence(f *testing.F) {
	base, fx := fuzzWorld(f)
	seeds := fuzzSeeds(fx)
	enc := func(parts ...any) []byte {
		var b []byte
		for i := 0; i+1 < len(parts); i += 2 {
			body := parts[i+1].(string)
			if len(body) > 255 {
				body = body[:255]
			}
			b = append(b, byte(parts[i].(int)), byte(len(body)))
			b = append(b, body...)
		}
		return b
	}
	idx := map[string]int{}
	for i, op := range fuzzOps {
		idx[op.name] = i
	}
	f.Add(enc(idx["UpdateContainerInstancesState"], seeds["UpdateContainerInstancesState"][0], idx["RunTask"], seeds["RunTask"][0], idx["DeleteService"], seeds["DeleteService"][0]))
	f.Add(enc(idx["UpdateService"], seeds["UpdateService"][0], idx["DeregisterContainerInstance"], seeds["DeregisterContainerInstance"][0], idx["CreateService"], seeds["CreateService"][0]))
	f.Add(enc(idx["DeregisterTaskDefinition"], seeds["DeregisterTaskDefinition"][0], idx["UpdateService"], `{"cluster":"c","service":"s","taskDefinition":"web"}`, idx["StopTask"], seeds["StopTask"][0]))
	// An Auto Scaling group provider, an instance of it, a service task
	// there, and its termination.
	f.Add(enc(idx["CreateCapacityProvider"], seeds["CreateCapacityProvider"][0], idx["PutClusterCapacityProviders"], seeds["PutClusterCapacityProviders"][1],
		idx["LaunchInstance"], seeds["LaunchInstance"][0], idx["UpdateService"], seeds["UpdateService"][0], idx["TerminateInstance"], seeds["TerminateInstance"][0]))
	f.Fuzz(func(t *testing.T, data []byte) {
		w := base.Clone()
		for n := 0; n < 12 && len(data) >= 2; n++ {
			op := fuzzOps[int(data[0])%len(fuzzOps)]
			size := min(int(data[1]), len(data)-2)
			body := data[2 : 2+size]
			data = data[2+size:]
			_, err := op.call(w, body)
			checkErr(t, op.name, err)
			if desiredTotal(w) > fuzzMaxDesired {
				// Thousands of tasks make each input cost seconds (every
				// step is checked against the whole world) and starve the
				// fuzzer of executions; scale is the benchmarks' job.
				return
			}
			if err := w.Advance(time.Duration(size%90) * time.Second); err != nil {
				t.Fatalf("after %s %s: Advance: %v", op.name, body, err)
			}
			checkConsistent(t, w)
		}
		if err := w.Advance(5 * time.Minute); err != nil {
			t.Fatalf("Advance: %v", err)
		}
	})
}

// fuzzMaxDesired bounds the tasks a FuzzWorldSequence input may ask for
// in all (its services' desired counts): the operation that crosses it
// still runs and is checked, the sequence ends there.
const fuzzMaxDesired = 100

func desiredTotal(w *World) int64 {
	var n int64
	for _, cs := range w.clusters {
		for i := range cs.services {
			n += int64(cs.services[i].DesiredCount)
		}
	}
	return n
}

// checkConsistent checks what the world keeps by construction, from its
// own records: every instance's remaining CPU and memory are what it
// registered less what its unstopped tasks reserve, its task counts
// follow its tasks' statuses, and every task is indexed where it is.
func checkConsistent(t *testing.T, w *World) {
	t.Helper()
	for name, cs := range w.clusters {
		for i := range cs.instances {
			ci := &cs.instances[i]
			reg := ci.Registered()
			cpu, mem := reg.CPU, reg.Memory
			var running, pending int32
			for k := range cs.tasks {
				x := &cs.tasks[k]
				if x.ContainerInstanceARN != ci.ContainerInstanceARN || x.LastStatus == model.TaskStatusStopped {
					continue
				}
				r := w.taskResources(x.TaskDefinitionARN)
				cpu, mem = cpu-r.CPU, mem-r.Memory
				if x.LastStatus == model.TaskStatusRunning {
					running++
				} else {
					pending++
				}
			}
			if got := ci.Remaining(); got.CPU != cpu || got.Memory != mem || ci.RunningTasksCount != running || ci.PendingTasksCount != pending {
				t.Fatalf("cluster %s instance %s: remaining %d CPU %d MiB, counts %d running %d pending; its tasks say %d, %d, %d, %d",
					name, shortID(ci.ContainerInstanceARN), got.CPU, got.Memory, ci.RunningTasksCount, ci.PendingTasksCount, cpu, mem, running, pending)
			}
			if cs.instAt[ci.ContainerInstanceARN] != i {
				t.Fatalf("cluster %s: instance index broken at %d", name, i)
			}
		}
		for k := range cs.tasks {
			if i, ok := cs.taskPos(cs.tasks[k].TaskARN); !ok || i != k || k > 0 && cs.ords[k-1] >= cs.ords[k] {
				t.Fatalf("cluster %s: task index broken at %d", name, k)
			}
		}
		if len(cs.taskAt) != len(cs.tasks) || len(cs.ords) != len(cs.tasks) || len(cs.instOf) != len(cs.tasks) || len(cs.instAt) != len(cs.instances) || len(cs.svcAt) != len(cs.services) {
			t.Fatalf("cluster %s: an index holds stale entries", name)
		}
	}
}
