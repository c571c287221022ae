package ecsstate

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ecsstate/ecsstate/deployment"
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
	"github.com/ecsstate/ecsstate/service"
)

// Service deployments and revisions: the history ECS keeps of each
// deployment of a service. The world records one service deployment for
// every deployment it starts (CreateService, an UpdateService that starts
// a deployment) and one service revision for the configuration each
// deploys, and keeps the service deployment's status in step with the
// rolling deployment the scheduler runs:
//
//   - it is IN_PROGRESS from the moment the deployment starts (ECS shows
//     PENDING only while it waits to start, which the world never does);
//   - it is SUCCESSFUL when its deployment completes;
//   - when the circuit breaker or an alarm fails it with rollback, or
//     StopServiceDeployment asks for a rollback, the same service
//     deployment becomes ROLLBACK_IN_PROGRESS (ECS rolls back within the
//     service deployment, naming the revision it returns to in its
//     rollback member), then ROLLBACK_SUCCESSFUL when the rollback
//     deployment completes, ROLLBACK_FAILED when it fails or when there
//     was nothing to return to;
//   - a failure without rollback, or with rollback but no earlier
//     completed deployment to return to, makes it STOPPED;
//   - a newer deployment started while it is IN_PROGRESS makes it
//     STOPPED, and ROLLBACK_FAILED while it rolls back (ECS does not
//     document these two; the status machine allows nothing else, and the
//     reason says "superseded").
//
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html

// sdRecord is one service deployment and what links it to the rolling
// deployments of the service.
type sdRecord struct {
	sd      model.ServiceDeployment
	service string // the service's name
	dep     string // the deployment ID it deploys
	// rollback is the deployment ID of its rollback, once one started.
	rollback string
}

// sdState is a cluster's service deployment history. Records are
// replaced, never written into, so a clone may share their slices.
type sdState struct {
	recs []sdRecord
	revs []model.ServiceRevision
	// revOf is the service revision ARN of each deployment, by service
	// name and deployment ID. A service may reuse the ID of a deployment
	// it has dropped (IDs are unique among its current deployments), so
	// an entry is only read for a deployment the service still has.
	revOf map[string]string
	// primary is the PRIMARY deployment ID last seen, by service name: a
	// PRIMARY of another ID is a deployment that just started.
	primary map[string]string
	// seq counts the service deployments of the cluster; it makes their IDs.
	seq int64
	// shifts are the BLUE_GREEN deployments by service name
	// (world_bluegreen.go).
	shifts map[string]*bgShift
}

func (s sdState) clone() sdState {
	return sdState{recs: slices.Clone(s.recs), revs: slices.Clone(s.revs), revOf: maps.Clone(s.revOf), primary: maps.Clone(s.primary), seq: s.seq,
		shifts: maps.Clone(s.shifts)}
}

func revKey(svc, dep string) string { return svc + "\x00" + dep }

// forgetService drops the links of a service name's deployments, so a new
// service of the same name starts a fresh history (the old records stay
// readable by ARN).
func (s *sdState) forgetService(name string) {
	maps.DeleteFunc(s.revOf, func(k, _ string) bool { return strings.HasPrefix(k, name+"\x00") })
	delete(s.primary, name)
}

// sdARN builds the ARNs ECS gives service deployments and revisions:
// "service-deployment/CLUSTER/SERVICE/ID" and
// "service-revision/CLUSTER/SERVICE/ID". A revision's ID is the digits of
// its deployment's ID ("ecs-svc/NNN"), made unique; a service
// deployment's is 19 digits counting down, so that of two created at the
// same instant the newer sorts first (ListServiceDeployments breaks ties
// by ARN).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html
func (cs *clusterState) sdARN(kind, svc, id string, taken func(string) bool) string {
	a := cs.acct
	base := "arn:" + a.Partition + ":ecs:" + a.Region + ":" + a.AccountID + ":" + kind + "/" + cs.name() + "/" + svc + "/" +
		strings.TrimPrefix(id, "ecs-svc/")
	arn := base
	for n := 2; taken(arn); n++ {
		arn = base + "-" + strconv.Itoa(n)
	}
	return arn
}

// parseSDARN splits a service deployment or revision ARN of kind into its
// cluster and service names.
func parseSDARN(kind, arn string) (cluster, svc string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "ecs" {
		return "", "", false
	}
	rest, found := strings.CutPrefix(parts[5], kind+"/")
	if !found {
		return "", "", false
	}
	f := strings.Split(rest, "/")
	if len(f) != 3 || f[0] == "" || f[1] == "" || f[2] == "" {
		return "", "", false
	}
	return f[0], f[1], true
}

// newRevision records the service revision of deployment d of s.
func (w *World) newRevision(cs *clusterState, s *model.Service, d *model.Deployment) string {
	st := &cs.sdeps
	arn := cs.sdARN("service-revision", s.ServiceName, d.ID, func(a string) bool {
		return slices.ContainsFunc(st.revs, func(r model.ServiceRevision) bool { return r.ServiceRevisionARN == a })
	})
	st.revs = append(st.revs, model.ServiceRevision{
		ServiceRevisionARN: arn, ServiceARN: s.ServiceARN, ClusterARN: cs.info.ClusterARN, TaskDefinition: d.TaskDefinition,
		CapacityProviderStrategy: slices.Clone(d.CapacityProviderStrategy), LaunchType: d.LaunchType, PlatformVersion: d.PlatformVersion,
		PlatformFamily: d.PlatformFamily, LoadBalancers: slices.Clone(s.LoadBalancers), ServiceRegistries: slices.Clone(s.ServiceRegistries),
		NetworkConfiguration: d.NetworkConfiguration, CreatedAt: d.CreatedAt,
	})
	if st.revOf == nil {
		st.revOf = map[string]string{}
	}
	st.revOf[revKey(s.ServiceName, d.ID)] = arn
	return arn
}

// syncServiceDeployments brings the service deployments of the service
// name in step with its rolling deployments; see the top of this file.
func (w *World) syncServiceDeployments(cs *clusterState, name string) {
	s := cs.service(name)
	if s == nil {
		return
	}
	st := &cs.sdeps
	byID := depFinder(s)
	ongoing := func(yield func(int) bool) {
		for i := range st.recs {
			if st.recs[i].service == name && st.recs[i].sd.ServiceARN == s.ServiceARN && !st.recs[i].sd.Status.Completed() {
				if !yield(i) {
					return
				}
			}
		}
	}
	move := func(i int, on deployment.SDTrigger, reason string) {
		if out, err := deployment.MoveServiceDeployment(&st.recs[i].sd, on, reason, w.now); err == nil {
			st.recs[i].sd = out
		}
	}
	// A new PRIMARY: a rollback continues the service deployment it rolls
	// back; any other starts a new one and supersedes the ongoing ones.
	for i := range s.Deployments {
		d := &s.Deployments[i]
		if d.Status != model.DeploymentStatusPrimary || st.primary[name] == d.ID {
			continue
		}
		if st.primary == nil {
			st.primary = map[string]string{}
		}
		st.primary[name] = d.ID
		if to, ok := deployment.RollbackOf(d); ok {
			// to was in the service when the rollback began, so it is the
			// latest deployment of its ID and revOf names its revision.
			if rev := st.revOf[revKey(name, to)]; rev != "" {
				st.revOf[revKey(name, d.ID)] = rev
				for j := range ongoing {
					r := &st.recs[j]
					if f := byID(r.dep); r.rollback == "" && (f == nil || f.RolloutState == model.DeploymentRolloutStateFailed) {
						r.rollback = d.ID
						on := deployment.SDFailedRollback
						if r.sd.Status == model.ServiceDeploymentRollbackRequested {
							on = deployment.SDRollbackStarted
						}
						move(j, on, d.RolloutStateReason)
						out := r.sd
						out.Rollback = &model.ServiceDeploymentRollback{Reason: d.RolloutStateReason, StartedAt: d.CreatedAt, ServiceRevisionARN: rev}
						r.sd = out
					}
				}
				continue
			}
		}
		for j := range ongoing {
			reason := "Service deployment superseded by deployment " + d.ID + "."
			if st.recs[j].sd.Status == model.ServiceDeploymentInProgress {
				move(j, deployment.SDFailed, reason)
			} else {
				move(j, deployment.SDRollbackStarted, "")
				move(j, deployment.SDRollbackFailed, reason)
			}
		}
		w.startServiceDeployment(cs, s, d)
	}
	// Outcomes of the ongoing ones.
	for i := range ongoing {
		w.refreshCounts(cs, s, byID, i)
		r := &st.recs[i]
		switch r.sd.Status {
		case model.ServiceDeploymentInProgress:
			d := byID(r.dep)
			switch {
			case d == nil:
			case d.RolloutState == model.DeploymentRolloutStateCompleted:
				move(i, deployment.SDSucceeded, "")
			case d.RolloutState == model.DeploymentRolloutStateFailed:
				move(i, deployment.SDFailed, d.RolloutStateReason)
			}
		case model.ServiceDeploymentRollbackInProgress, model.ServiceDeploymentRollbackRequested:
			rb := byID(r.rollback)
			switch {
			case r.rollback == "":
				// A rollback was asked for but there is nothing to return to.
				move(i, deployment.SDRollbackStarted, "")
				move(i, deployment.SDRollbackFailed, "Service deployment rollback failed: no previous service revision to roll back to.")
			case rb != nil && rb.RolloutState == model.DeploymentRolloutStateCompleted:
				move(i, deployment.SDRollbackSucceeded, "")
			case rb != nil && rb.RolloutState == model.DeploymentRolloutStateFailed:
				move(i, deployment.SDRollbackFailed, rb.RolloutStateReason)
			}
		}
		if s.Status != model.ServiceStatusActive && !r.sd.Status.Completed() {
			// DeleteService ends what the service was deploying.
			if r.sd.Status == model.ServiceDeploymentInProgress {
				move(i, deployment.SDFailed, "Service deployment stopped: the service was deleted.")
			} else {
				move(i, deployment.SDRollbackStarted, "")
				move(i, deployment.SDRollbackFailed, "Service deployment stopped: the service was deleted.")
			}
		}
		w.refreshMonitors(cs, s, byID, i)
	}
	w.shiftDescribe(cs, name) // world_bluegreen.go
}

// depFinder finds a deployment of s by ID (nil when there is none); a
// service has a handful of deployments, so a scan beats a map.
func depFinder(s *model.Service) func(string) *model.Deployment {
	return func(id string) *model.Deployment {
		for i := range s.Deployments {
			if s.Deployments[i].ID == id {
				return &s.Deployments[i]
			}
		}
		return nil
	}
}

// startServiceDeployment records the service deployment of the new
// PRIMARY d, its sources being the service's other deployments that
// still have tasks.
func (w *World) startServiceDeployment(cs *clusterState, s *model.Service, d *model.Deployment) {
	st := &cs.sdeps
	rev := w.newRevision(cs, s, d)
	st.seq++
	arn := cs.sdARN("service-deployment", s.ServiceName, fmt.Sprintf("%019d", int64(1<<63-1)-st.seq), func(a string) bool {
		return slices.ContainsFunc(st.recs, func(r sdRecord) bool { return r.sd.ServiceDeploymentARN == a })
	})
	sd := model.ServiceDeployment{
		ServiceDeploymentARN: arn, ServiceARN: s.ServiceARN, ClusterARN: cs.info.ClusterARN,
		CreatedAt: model.At(w.now), UpdatedAt: model.At(w.now), Status: model.ServiceDeploymentPending,
		TargetServiceRevision: &model.ServiceRevisionSummary{ARN: rev},
	}
	if dc := s.DeploymentConfiguration; dc != nil {
		sd.DeploymentConfiguration = new(detached(*dc))
	}
	if out, err := deployment.MoveServiceDeployment(&sd, deployment.SDStarted, "", w.now); err == nil {
		sd = out
	}
	// A deployment the world did not start (a loaded service) dates from
	// its own creation.
	sd.CreatedAt, sd.StartedAt = d.CreatedAt, d.CreatedAt
	st.recs = append(st.recs, sdRecord{sd: sd, service: s.ServiceName, dep: d.ID})
	byID := depFinder(s)
	w.refreshCounts(cs, s, byID, len(st.recs)-1)
	w.refreshMonitors(cs, s, byID, len(st.recs)-1)
}

// refreshCounts sets the task counts of an ongoing service deployment's
// target and source revisions from the service's deployments (a completed
// one keeps what it showed when it ended), and its circuit breaker and
// alarm monitors.
func (w *World) refreshCounts(cs *clusterState, s *model.Service, byID func(string) *model.Deployment, i int) {
	r := &cs.sdeps.recs[i]
	out := r.sd
	if !out.Status.Completed() {
		target := *out.TargetServiceRevision
		if d := byID(r.dep); d != nil {
			target.RequestedTaskCount, target.RunningTaskCount, target.PendingTaskCount = d.DesiredCount, d.RunningCount, d.PendingCount
		}
		out.TargetServiceRevision = &target
		src := []model.ServiceRevisionSummary{}
		for j := range s.Deployments {
			d := &s.Deployments[j]
			rev := cs.sdeps.revOf[revKey(s.ServiceName, d.ID)]
			if d.ID == r.dep || rev == "" || d.Status == model.DeploymentStatusInactive {
				continue
			}
			k := slices.IndexFunc(src, func(x model.ServiceRevisionSummary) bool { return x.ARN == rev })
			if k < 0 {
				src = append(src, model.ServiceRevisionSummary{ARN: rev})
				k = len(src) - 1
			}
			src[k].RequestedTaskCount += d.DesiredCount
			src[k].RunningTaskCount += d.RunningCount
			src[k].PendingTaskCount += d.PendingCount
		}
		out.SourceServiceRevisions = src
	}
	r.sd = out
}

// refreshMonitors sets the circuit breaker and alarm monitors of service
// deployment i: DISABLED when the deployment configuration does not use
// them, MONITORING while it runs, TRIGGERED when they failed it,
// MONITORING_COMPLETE once it ended otherwise.
func (w *World) refreshMonitors(cs *clusterState, s *model.Service, byID func(string) *model.Deployment, i int) {
	r := &cs.sdeps.recs[i]
	out := r.sd
	dc := out.DeploymentConfiguration
	reason := out.StatusReason
	if out.Rollback != nil {
		reason = out.Rollback.Reason
	}
	cb := &model.ServiceDeploymentCircuitBreaker{Status: model.MonitorDisabled}
	if out.DeploymentCircuitBreaker != nil {
		cb.FailureCount, cb.Threshold = out.DeploymentCircuitBreaker.FailureCount, out.DeploymentCircuitBreaker.Threshold
	}
	if dc != nil && dc.DeploymentCircuitBreaker != nil && dc.DeploymentCircuitBreaker.Enable {
		cb.Status = model.MonitorMonitoring
		if d := byID(r.dep); d != nil {
			if th, err := deployment.Threshold(dc.DeploymentCircuitBreaker, s.DesiredCount); err == nil {
				cb.Threshold = int32(min(th, 1<<31-1))
			}
			cb.FailureCount = d.FailedTasks
		}
		switch {
		case strings.Contains(reason, "circuit breaker"):
			cb.Status = model.MonitorTriggered
		case out.Status.Completed():
			cb.Status = model.MonitorMonitoringComplete
		}
	}
	out.DeploymentCircuitBreaker = cb
	al := &model.ServiceDeploymentAlarms{Status: model.MonitorDisabled}
	if dc != nil && dc.Alarms != nil && dc.Alarms.Enable {
		al.Status, al.AlarmNames = model.MonitorMonitoring, slices.Clone(dc.Alarms.AlarmNames)
		switch {
		case strings.Contains(strings.ToLower(reason), "alarm"): // a rolling deployment's or a traffic shift's alarm failure
			al.Status = model.MonitorTriggered
			// The names are those of the step that failed it: kept once
			// known, as the alarms may change afterwards.
			if prev := r.sd.Alarms; prev != nil && len(prev.TriggeredAlarmNames) > 0 {
				al.TriggeredAlarmNames = prev.TriggeredAlarmNames
			} else {
				al.TriggeredAlarmNames = w.triggeredAlarms(dc, out.CreatedAt.Time)
			}
		case out.Status.Completed():
			al.Status = model.MonitorMonitoringComplete
		}
	}
	out.Alarms = al
	r.sd = out
}

// lookupSD finds a service deployment by ARN, or
// ServiceDeploymentNotFoundException.
func (w *World) lookupSD(arn string) (*clusterState, int, error) {
	cluster, _, ok := parseSDARN("service-deployment", arn)
	if !ok {
		return nil, 0, invalid("serviceDeploymentArn: %q is not a service deployment ARN.", ecserrors.Clip(arn))
	}
	if cs := w.clusters[cluster]; cs != nil {
		for i := range cs.sdeps.recs {
			if cs.sdeps.recs[i].sd.ServiceDeploymentARN == arn {
				return cs, i, nil
			}
		}
	}
	return nil, 0, ecserrors.New(ecserrors.CodeServiceDeploymentNotFound, "The service deployment %s does not exist.", ecserrors.Clip(arn))
}

// DescribeServiceDeployments describes 1 to 20 service deployments by
// ARN, in the order asked; an unknown one is a failure with reason
// MISSING.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceDeployments.html
func (w *World) DescribeServiceDeployments(req model.DescribeServiceDeploymentsRequest) (resp model.DescribeServiceDeploymentsResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	var all []model.ServiceDeployment
	seen := map[string]bool{}
	for _, a := range req.ServiceDeploymentARNs {
		cluster, _, ok := parseSDARN("service-deployment", a)
		if !ok || seen[cluster] {
			continue
		}
		seen[cluster] = true
		if cs := w.clusters[cluster]; cs != nil {
			for i := range cs.sdeps.recs {
				all = append(all, cs.sdeps.recs[i].sd)
			}
		}
	}
	return deployment.DescribeServiceDeployments(all, req.ServiceDeploymentARNs)
}

// ListServiceDeployments lists a service's deployments, newest first,
// filtered by status, a page at a time (maxResults 1–100, default 20).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServiceDeployments.html
func (w *World) ListServiceDeployments(req model.ListServiceDeploymentsRequest) (resp model.ListServiceDeploymentsResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if req.Service == "" {
		return model.ListServiceDeploymentsResponse{}, invalid("service: is required.")
	}
	cs, err := w.lookupCluster(req.Cluster)
	if err != nil {
		return model.ListServiceDeploymentsResponse{}, err
	}
	s, err := cs.lookupService(req.Service)
	if err != nil {
		return model.ListServiceDeploymentsResponse{}, err
	}
	for _, st := range req.Status {
		if !slices.Contains(st.Values(), st) {
			return model.ListServiceDeploymentsResponse{}, invalid("status: %q is not a service deployment status.", ecserrors.Clip(string(st)))
		}
	}
	all := make([]model.ServiceDeployment, len(cs.sdeps.recs))
	for i := range cs.sdeps.recs {
		all[i] = cs.sdeps.recs[i].sd
	}
	return deployment.ListServiceDeployments(all, s.ServiceARN, req.Status, req.MaxResults, req.NextToken)
}

// DescribeServiceRevisions describes 1 to 20 service revisions by ARN, in
// the order asked; an unknown one is a failure with reason MISSING.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html
func (w *World) DescribeServiceRevisions(req model.DescribeServiceRevisionsRequest) (resp model.DescribeServiceRevisionsResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	var all []model.ServiceRevision
	seen := map[string]bool{}
	for _, a := range req.ServiceRevisionARNs {
		cluster, _, ok := parseSDARN("service-revision", a)
		if !ok || seen[cluster] {
			continue
		}
		seen[cluster] = true
		if cs := w.clusters[cluster]; cs != nil {
			all = append(all, cs.sdeps.revs...)
		}
	}
	return deployment.DescribeServiceRevisions(all, req.ServiceRevisionARNs)
}

// StopServiceDeployment stops an ongoing service deployment. The API
// reference documents ROLLBACK (the default) as the only valid stop type,
// so ABORT is an InvalidParameterException. ROLLBACK works whether or not
// the service configured rollback: the deployment fails and the service
// returns to its last completed revision, as a circuit breaker rollback
// does (ROLLBACK_REQUESTED, then ROLLBACK_IN_PROGRESS at once, then
// ROLLBACK_SUCCESSFUL when the rollback completes; ROLLBACK_FAILED when
// there is nothing to return to). A deployment already stopping or
// rolling back is left as it is; a completed one is a ConflictException.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stop-service-deployment.html
func (w *World) StopServiceDeployment(req model.StopServiceDeploymentRequest) (resp model.StopServiceDeploymentResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if req.ServiceDeploymentARN == "" {
		return model.StopServiceDeploymentResponse{}, invalid("serviceDeploymentArn: is required.")
	}
	if req.StopType == model.StopTypeAbort {
		return model.StopServiceDeploymentResponse{}, invalid("stopType: ABORT is not supported; the valid value is ROLLBACK.")
	}
	cs, i, err := w.lookupSD(req.ServiceDeploymentARN)
	if err != nil {
		return model.StopServiceDeploymentResponse{}, err
	}
	r := &cs.sdeps.recs[i]
	out, err := deployment.StopServiceDeployment(&r.sd, req.StopType, w.now)
	if err != nil {
		return model.StopServiceDeploymentResponse{}, err
	}
	ok := model.StopServiceDeploymentResponse{ServiceDeploymentARN: out.ServiceDeploymentARN}
	if before := r.sd.Status; before != model.ServiceDeploymentInProgress && before != model.ServiceDeploymentPending {
		r.sd = out // already stopping or rolling back: it carries on
		return ok, nil
	}
	if b := cs.shiftOf(i); b != nil {
		// A BLUE_GREEN deployment rolls back at the next scheduler run
		// (world_bluegreen.go).
		nb := *b
		nb.stop = true
		cs.sdeps.shifts[r.service] = &nb
		r.sd = out
		w.record(Record{Kind: RecordCall, Cluster: cs.name(), Service: r.service, Message: "StopServiceDeployment " + shortID(out.ServiceDeploymentARN) + ": rollback requested"})
		return ok, nil
	}
	s := cs.service(r.service)
	var all []model.Deployment
	for j := range cs.services {
		all = append(all, cs.services[j].Deployments...)
	}
	res, err := deployment.Apply(*s, deployment.Event{Kind: deployment.RollbackRequested, DeploymentID: r.dep,
		RollbackID: service.NewDeploymentID(all, w.now)}, w.now)
	if err != nil {
		return model.StopServiceDeploymentResponse{}, err
	}
	r.sd = out
	// Apply recomputes the totals from the deployments' counts; the
	// world's come from its tasks.
	res.Service.RunningCount, res.Service.PendingCount = s.RunningCount, s.PendingCount
	*s = res.Service
	msg := "StopServiceDeployment " + shortID(out.ServiceDeploymentARN) + ": rollback requested"
	if res.RolledBackTo != "" {
		msg += fmt.Sprintf(", rolling back to deployment %s", res.RolledBackTo)
	}
	w.record(Record{Kind: RecordCall, Cluster: cs.name(), Service: s.ServiceName, Message: msg})
	w.syncServiceDeployments(cs, s.ServiceName)
	return ok, nil
}

// ContinueServiceDeployment resolves a PAUSE lifecycle hook awaiting
// action in a BLUE_GREEN, LINEAR or CANARY service deployment: CONTINUE lets it go on,
// ROLLBACK rolls it back, at the world's next scheduler run. A hook ID
// that is not a PAUSE hook awaiting action is an
// InvalidParameterException (rolling deployments have none), a
// deployment that is not IN_PROGRESS a ConflictException.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContinueServiceDeployment.html
func (w *World) ContinueServiceDeployment(req model.ContinueServiceDeploymentRequest) (resp model.ContinueServiceDeploymentResponse, err error) {
	req = detached(req)
	defer func() { resp = detached(resp) }()
	if req.ServiceDeploymentARN == "" {
		return model.ContinueServiceDeploymentResponse{}, invalid("serviceDeploymentArn: is required.")
	}
	cs, i, err := w.lookupSD(req.ServiceDeploymentARN)
	if err != nil {
		return model.ContinueServiceDeploymentResponse{}, err
	}
	out, outcome, err := deployment.ContinueServiceDeployment(&cs.sdeps.recs[i].sd, req.HookID, req.Action, w.now)
	if err != nil {
		return model.ContinueServiceDeploymentResponse{}, err
	}
	cs.sdeps.recs[i].sd = out
	if b := cs.shiftOf(i); b != nil {
		cs.withOutcome(cs.sdeps.recs[i].service, b, req.HookID, outcome)
	}
	return model.ContinueServiceDeploymentResponse{ServiceDeploymentARN: out.ServiceDeploymentARN}, nil
}
