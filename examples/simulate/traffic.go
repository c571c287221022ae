package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/ecsstate/ecsstate/deployment"
	"github.com/ecsstate/ecsstate/model"
)

// Traffic per revision. After each scheduler run the runner reads the
// service's latest service deployment (ListServiceDeployments,
// DescribeServiceDeployments): while a BLUE_GREEN, LINEAR or CANARY
// deployment shifts traffic, and after it, the production and test
// weights it requests of its source (blue) and target (green) revisions
// are the traffic; the service revisions name their task definitions
// (DescribeServiceRevisions). A service that never shifted traffic sends
// it to its RUNNING tasks in equal shares, as a target group routes to its
// healthy targets, so each revision's share is its share of the RUNNING
// tasks (a decision: the simulator has no requests to count).
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html

// trafficSample is the traffic per revision after one scheduler run.
type trafficSample struct {
	At time.Duration
	// Run numbers the service's traffic-shifting deployments from 1; 0
	// before the first.
	Run int
	// Strategy, Status and Stage are the run's: its lifecycle stage and
	// status as DescribeServiceDeployments shows them.
	Strategy model.DeploymentStrategy
	Status   model.ServiceDeploymentStatus
	Stage    string
	// Blue and Green name the run's source and target revisions.
	Blue, Green string
	// Production and Test are the percentages of traffic per revision
	// ("web:2"); a revision with no traffic has no entry.
	Production, Test map[string]float64
}

// stageMark is a lifecycle stage a run was at after a scheduler run, when
// it differs from the one after the run before (so stages that began and
// ended between two scheduler runs are not marked); once the run is no
// longer IN_PROGRESS, its status (SUCCESSFUL, ROLLBACK_IN_PROGRESS, …)
// stands for the stage in Label.
type stageMark struct {
	At     time.Duration
	Run    int
	Stage  string
	Status model.ServiceDeploymentStatus
}

// Label is what the chart writes at the mark.
func (m stageMark) Label() string {
	if m.Status == model.ServiceDeploymentInProgress {
		return m.Stage
	}
	return string(m.Status)
}

// traffic keeps what the runner learnt about the service deployments.
type traffic struct {
	runs      map[string]int    // service deployment ARN → run
	revisions map[string]string // service revision ARN → "family:revision"
	last      string            // the last traffic line printed
	answered  map[string]bool   // hook runs (deployment ARN and hook ID) answered or seen
}

// sampleTraffic records the traffic after a scheduler run, marks a stage
// change, prints the traffic when it changed, and schedules the answers
// to the hooks that started running. run counts are by revision.
func (r *runner) sampleTraffic(run counts) error {
	t := &r.traffic
	at := r.c.w.Now().Sub(start)
	s := trafficSample{At: at, Production: map[string]float64{}, Test: map[string]float64{}}
	sd, err := r.latestShift()
	if err != nil {
		return err
	}
	if sd == nil {
		total := 0
		for _, n := range run.ByRevision {
			total += n
		}
		for rev, n := range run.ByRevision {
			if n > 0 {
				s.Production[rev] = 100 * float64(n) / float64(total)
				s.Test[rev] = s.Production[rev]
			}
		}
		r.h.Traffic = append(r.h.Traffic, s)
		return nil
	}
	if t.runs[sd.ServiceDeploymentARN] == 0 {
		t.runs[sd.ServiceDeploymentARN] = len(t.runs) + 1
	}
	s.Run, s.Status, s.Stage = t.runs[sd.ServiceDeploymentARN], sd.Status, sd.LifecycleStage
	if sd.DeploymentConfiguration != nil {
		s.Strategy = sd.DeploymentConfiguration.Strategy
	}
	if s.Green, err = r.revisionOf(sd.TargetServiceRevision.ARN); err != nil {
		return err
	}
	add := func(rev string, prod, test *float64) {
		if prod != nil && *prod > 0 {
			s.Production[rev] += *prod
		}
		if test != nil && *test > 0 {
			s.Test[rev] += *test
		}
	}
	add(s.Green, sd.TargetServiceRevision.RequestedProductionTrafficWeight, sd.TargetServiceRevision.RequestedTestTrafficWeight)
	for i, src := range sd.SourceServiceRevisions {
		rev, err := r.revisionOf(src.ARN)
		if err != nil {
			return err
		}
		if i == 0 {
			s.Blue = rev
		}
		add(rev, src.RequestedProductionTrafficWeight, src.RequestedTestTrafficWeight)
	}
	r.h.Traffic = append(r.h.Traffic, s)
	m := stageMark{At: at, Run: s.Run, Stage: s.Stage, Status: s.Status}
	if n := len(r.h.StageMarks); n == 0 || r.h.StageMarks[n-1].Label() != m.Label() || r.h.StageMarks[n-1].Run != m.Run {
		r.h.StageMarks = append(r.h.StageMarks, m)
	}
	if line := trafficLine(&s); line != t.last {
		r.say("%s", line)
		t.last = line
	}
	if s.Status == model.ServiceDeploymentInProgress {
		return r.answerHooks(sd.ServiceDeploymentARN, s.Run)
	}
	return nil
}

// trafficLine renders a traffic sample: the run's strategy, stage and
// status, and the weights per revision.
func trafficLine(s *trafficSample) string {
	weights := func(m map[string]float64) string {
		var parts []string
		for _, rev := range slices.Sorted(maps.Keys(m)) {
			parts = append(parts, fmt.Sprintf("%s %g%%", rev, m[rev]))
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprintf("traffic (%s %s, %s): production %s; test %s", s.Strategy, s.Status, s.Stage, weights(s.Production), weights(s.Test))
}

// latestShift is the service's newest service deployment when it is a
// traffic-shifting one (it requests traffic weights), or nil.
func (r *runner) latestShift() (*model.ServiceDeployment, error) {
	l, err := r.c.w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: r.scn.Cluster, Service: r.scn.Service, MaxResults: model.Int32(1)})
	if err != nil || len(l.ServiceDeployments) == 0 {
		return nil, err
	}
	d, err := r.c.w.DescribeServiceDeployments(model.DescribeServiceDeploymentsRequest{ServiceDeploymentARNs: []string{l.ServiceDeployments[0].ServiceDeploymentARN}})
	if err != nil {
		return nil, err
	}
	if len(d.ServiceDeployments) != 1 {
		return nil, fmt.Errorf("service deployment %s is missing", l.ServiceDeployments[0].ServiceDeploymentARN)
	}
	sd := &d.ServiceDeployments[0]
	if sd.TargetServiceRevision == nil || sd.TargetServiceRevision.RequestedProductionTrafficWeight == nil {
		return nil, nil
	}
	return sd, nil
}

// revisionOf names the task definition of a service revision.
func (r *runner) revisionOf(arn string) (string, error) {
	if rev, ok := r.traffic.revisions[arn]; ok {
		return rev, nil
	}
	d, err := r.c.w.DescribeServiceRevisions(model.DescribeServiceRevisionsRequest{ServiceRevisionARNs: []string{arn}})
	if err != nil {
		return "", err
	}
	if len(d.ServiceRevisions) != 1 {
		return "", fmt.Errorf("service revision %s is missing", arn)
	}
	rev := revision(d.ServiceRevisions[0].TaskDefinition)
	r.traffic.revisions[arn] = rev
	return rev, nil
}

// answerHooks prints each hook that started running at the run's current
// stage and schedules its answer, if the scenario gives one, After the
// stage began (when the hook started).
func (r *runner) answerHooks(arn string, run int) error {
	st, ok, err := r.c.w.TrafficShift(r.scn.Cluster, r.scn.Service)
	if err != nil || !ok {
		return err
	}
	for _, h := range st.Hooks {
		key := arn + " " + h.ID
		if r.traffic.answered[key] || h.Status != deployment.HookInProgress && h.Status != deployment.HookAwaitingAction {
			continue
		}
		r.traffic.answered[key] = true
		i := slices.IndexFunc(r.scn.HookAnswers, func(a HookAnswer) bool {
			return string(a.Stage) == string(h.Stage) && hookTarget(a.Outcome) == h.TargetType && (a.Run == 0 || a.Run == run)
		})
		r.say("lifecycle hook %d (%s) at %s: %s; times out after %s, then %s", h.Index, h.TargetType, h.Stage, h.Status,
			h.ExpiresAt.Sub(st.StageStartedAt), h.TimeoutAction)
		if i < 0 {
			continue
		}
		a := r.scn.HookAnswers[i]
		at := st.StageStartedAt.Add(time.Duration(a.After))
		if at.Before(r.c.w.Now()) {
			at = r.c.w.Now()
		}
		hookID, stage := h.ID, h.Stage
		r.addOp(op{at: at, do: func() error { return r.answer(arn, hookID, stage, a.Outcome) }})
	}
	return nil
}

// answer reports a hook's outcome: ContinueServiceDeployment for a PAUSE
// hook, [ecsstate.World.CompleteLifecycleHook] for a Lambda hook's.
func (r *runner) answer(arn, hookID string, stage deployment.Stage, outcome string) error {
	var err error
	call := "CompleteLifecycleHook " + outcome
	switch outcome {
	case outcomeContinue, outcomeRollback:
		call = "ContinueServiceDeployment " + outcome
		_, err = r.c.w.ContinueServiceDeployment(model.ContinueServiceDeploymentRequest{ServiceDeploymentARN: arn, HookID: hookID,
			Action: model.DeploymentLifecycleHookAction(outcome)})
	default:
		err = r.c.w.CompleteLifecycleHook(arn, hookID, deployment.HookStatus(outcome))
	}
	if err != nil {
		r.say("▶ hook at %s: %s refused: %v", stage, call, err)
		return nil
	}
	r.say("▶ hook at %s: %s", stage, call)
	return nil
}

// stopDeployment carries out a stopServiceDeployment action: it stops the
// service's newest service deployment in progress.
func (r *runner) stopDeployment(a *Action) error {
	l, err := r.c.w.ListServiceDeployments(model.ListServiceDeploymentsRequest{Cluster: r.scn.Cluster, Service: r.scn.Service,
		Status: []model.ServiceDeploymentStatus{model.ServiceDeploymentInProgress}, MaxResults: model.Int32(1)})
	if err != nil {
		return err
	}
	if len(l.ServiceDeployments) == 0 {
		r.say("▶ %s: no service deployment of %s is in progress to stop", a.Note, r.scn.Service)
		return nil
	}
	arn := l.ServiceDeployments[0].ServiceDeploymentARN
	stopType := a.StopServiceDeployment.StopType
	if stopType == "" {
		stopType = model.StopTypeRollback
	}
	if _, err := r.c.w.StopServiceDeployment(model.StopServiceDeploymentRequest{ServiceDeploymentARN: arn, StopType: stopType}); err != nil {
		r.say("▶ %s: StopServiceDeployment refused: %v", a.Note, err)
		return nil
	}
	r.say("▶ %s: StopServiceDeployment %s (%s)", a.Note, shorten(arn[strings.LastIndexByte(arn, '/')+1:]), stopType)
	return nil
}
