package ecsstate

import (
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/ecsstate/ecsstate/deployment"
	"github.com/ecsstate/ecsstate/model"
)

// reachable reports whether the service deployment status machine can go
// from one status to another in zero or more moves.
func reachable(from, to model.ServiceDeploymentStatus) bool {
	seen := map[model.ServiceDeploymentStatus]bool{from: true}
	todo := []model.ServiceDeploymentStatus{from}
	for len(todo) > 0 {
		s := todo[0]
		todo = todo[1:]
		if s == to {
			return true
		}
		for _, tr := range deployment.ServiceDeploymentTransitions() {
			if tr.From == s && !seen[tr.To] {
				seen[tr.To] = true
				todo = append(todo, tr.To)
			}
		}
	}
	return false
}

// rapidTB lets the fixture's testing.TB helpers fail a rapid check: the
// methods they call go to the rapid.T, the rest to the enclosing test.
type rapidTB struct {
	testing.TB
	rt *rapid.T
}

func (r rapidTB) Helper()                        {}
func (r rapidTB) Fatal(args ...any)              { r.rt.Fatal(args...) }
func (r rapidTB) Fatalf(format string, a ...any) { r.rt.Fatalf(format, a...) }
func (r rapidTB) Error(args ...any)              { r.rt.Error(args...) }
func (r rapidTB) Errorf(format string, a ...any) { r.rt.Errorf(format, a...) }
func (r rapidTB) Log(args ...any)                { r.rt.Log(args...) }
func (r rapidTB) Logf(format string, a ...any)   { r.rt.Logf(format, a...) }

// TestWorldServiceDeploymentsProperty drives a service with random
// updates (good and failing task definitions, circuit breaker off, on,
// with rollback), stops, scaling and time, and checks after every step
// against a reference count and the status machine:
//   - one service deployment per deployment the world started (CreateService
//     and every UpdateService that started one; rollbacks add none);
//   - at most one of them is ongoing;
//   - each one's status only moves along the service deployment status
//     machine, and a completed one never changes;
//   - a COMPLETED PRIMARY has its service deployment SUCCESSFUL, or
//     ROLLBACK_SUCCESSFUL when the PRIMARY is a rollback;
//   - an IN_PROGRESS service deployment targets the PRIMARY's task
//     definition.
func TestWorldServiceDeploymentsProperty(t *testing.T) {
	rapid.Check(t, func(r *rapid.T) {
		rt := rapidTB{t, r}
		f := newFixture(rt, 6)
		f.taskDef(rt, "web", 256, 512, 0) // web:2
		f.taskDef(rt, "web", 256, 512, 0) // web:3
		ag := f.w.Agent()
		ag.FailToStart = []Fault{{TaskDefinition: "web:3"}}
		f.w.SetAgent(ag)
		f.service(rt, "s", "web", 3)
		want := 1
		// last is the PRIMARY last seen; rollback says whether it is a
		// rollback: a PRIMARY that appears without an UpdateService call
		// starting it. (Deployment IDs can be reused once dropped, so
		// the test does not remember IDs beyond the last.)
		var last string
		var rollback bool
		seen := map[string]model.ServiceDeploymentStatus{}
		primary := func() model.Deployment {
			s := f.describeService(rt, "s")
			for _, d := range s.Deployments {
				if d.Status == model.DeploymentStatusPrimary {
					return d
				}
			}
			rt.Fatalf("no PRIMARY: %+v", s.Deployments)
			return model.Deployment{}
		}
		check := func() {
			l := ok(f.w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: "c", Service: "s", MaxResults: model.Int32(100)}))(rt)
			if len(l.ServiceDeployments) != want {
				rt.Fatalf("%d service deployments, want %d", len(l.ServiceDeployments), want)
			}
			var arns []string
			for _, b := range l.ServiceDeployments {
				arns = append(arns, b.ServiceDeploymentARN)
			}
			var sds []model.ServiceDeployment
			for i := 0; i < len(arns); i += 20 {
				d := ok(f.w.DescribeServiceDeployments(model.DescribeServiceDeploymentsRequest{ServiceDeploymentARNs: arns[i:min(i+20, len(arns))]}))(rt)
				sds = append(sds, d.ServiceDeployments...)
			}
			ongoing := 0
			for _, sd := range sds {
				if !sd.Status.Completed() {
					ongoing++
				}
				if prev, ok := seen[sd.ServiceDeploymentARN]; ok {
					if prev.Completed() && prev != sd.Status || !reachable(prev, sd.Status) {
						rt.Fatalf("%s went %s → %s", sd.ServiceDeploymentARN, prev, sd.Status)
					}
				}
				seen[sd.ServiceDeploymentARN] = sd.Status
			}
			if ongoing > 1 {
				rt.Fatalf("%d ongoing service deployments", ongoing)
			}
			p := primary()
			newest := sds[0]
			if p.ID != last {
				last, rollback = p.ID, true
			}
			if p.RolloutState == model.DeploymentRolloutStateCompleted {
				w := model.ServiceDeploymentSuccessful
				if rollback {
					w = model.ServiceDeploymentRollbackSuccessful
				}
				if newest.Status != w {
					rt.Fatalf("PRIMARY %s COMPLETED (rollback %v), newest service deployment %s", p.ID, rollback, newest.Status)
				}
			}
			if newest.Status == model.ServiceDeploymentInProgress {
				rev := f.revision(rt, newest.TargetServiceRevision.ARN)
				if rev.TaskDefinition != p.TaskDefinition || rollback {
					rt.Fatalf("IN_PROGRESS service deployment targets %s; the PRIMARY %s (rollback %v) runs %s", rev.TaskDefinition, p.ID, rollback, p.TaskDefinition)
				}
			}
		}
		last = primary().ID
		check()
		r.Repeat(map[string]func(*rapid.T){
			"update": func(r *rapid.T) {
				td := rapid.SampledFrom([]string{"web:1", "web:2", "web:3"}).Draw(r, "td")
				breaker := rapid.IntRange(0, 2).Draw(r, "breaker")
				dc := &model.DeploymentConfiguration{DeploymentCircuitBreaker: &model.DeploymentCircuitBreaker{Enable: breaker > 0, Rollback: breaker > 1}}
				before := primary().ID
				ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", TaskDefinition: td, DeploymentConfiguration: dc}))(rt)
				if id := primary().ID; id != before {
					want++
					last, rollback = id, false
				}
				check()
			},
			"stop": func(r *rapid.T) {
				l := ok(f.w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: "c", Service: "s"}))(rt)
				_, err := f.w.StopServiceDeployment(model.StopServiceDeploymentRequest{ServiceDeploymentARN: l.ServiceDeployments[0].ServiceDeploymentARN})
				if err != nil && !l.ServiceDeployments[0].Status.Completed() {
					rt.Fatalf("stopping a %s service deployment: %v", l.ServiceDeployments[0].Status, err)
				}
				check()
			},
			"scale": func(r *rapid.T) {
				n := rapid.Int32Range(1, 4).Draw(r, "desired")
				ok(f.w.UpdateService(model.UpdateServiceRequest{Cluster: "c", Service: "s", DesiredCount: model.Int32(n)}))(rt)
				check()
			},
			"advance": func(r *rapid.T) {
				d := time.Duration(rapid.IntRange(5, 600).Draw(r, "seconds")) * time.Second
				f.advance(rt, d)
				check()
			},
		})
	})
}
