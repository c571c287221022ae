package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/ecsstate/ecsstate"
	"github.com/ecsstate/ecsstate/model"
	"golang.org/x/exp/stats"
)

// runReport is -runs: the scenario's first task definition deployment,
// repeated with seeds seed, seed+1, …, where every task fails to start
// with probability failRate. Each run starts from the service steady at
// the desired count the scenario has when it deploys, and ends when the
// service is steady again: on the new revision (the deployment completed)
// or on the old one (the circuit breaker rolled it back), or when the
// rollback itself has failed and the scheduler has stopped. It prints how
// often each happened and the quantiles of the time to steady state.
func runReport(out io.Writer, scn *Scenario, runs int, seed uint64, failRate float64) error {
	if failRate < 0 || failRate > 1 {
		return fmt.Errorf("-failrate %v is not a probability", failRate)
	}
	if err := scn.hooked(); err != nil {
		return err
	}
	desired, target := int32(0), ""
	for _, a := range scn.Actions {
		if u := a.UpdateService; u != nil && (u.Service == "" || u.Service == scn.Service) { // not a daemon's
			if u.DesiredCount != nil {
				desired = *u.DesiredCount
			}
			if u.TaskDefinition != "" {
				target = u.TaskDefinition
				break
			}
		}
	}
	if target == "" || desired < 1 {
		return fmt.Errorf("-runs needs a scenario that scales the service and then deploys a task definition")
	}
	var completed, rolledBack, stuck []float64
	for i := range runs {
		spec := scn.spec(seed + uint64(i))
		spec.Desired = desired
		c, err := build(spec)
		if err != nil {
			return err
		}
		// The service first settles at the desired count on its first
		// revision, with healthy agents; then tasks start failing.
		if ok, err := c.runEvery(time.Hour, c.settled); err != nil || !ok {
			return errors.Join(err, fmt.Errorf("seed %d: the service does not settle before the deployment", seed+uint64(i)))
		}
		if failRate > 0 {
			agent := c.w.Agent()
			agent.FailToStart = append(agent.FailToStart, ecsstate.Fault{Probability: failRate})
			c.w.SetAgent(agent)
		}
		res, err := c.w.UpdateService(model.UpdateServiceRequest{Cluster: scn.Cluster, Service: scn.Service, TaskDefinition: target})
		if err != nil {
			return err
		}
		newID := primary(res.Service).ID
		c.news()
		began, lastChange := c.w.Now(), c.w.Now()
		// A run ends at steady state, or when the PRIMARY deployment has
		// failed and nothing has happened for ten minutes: a rollback
		// whose own tasks fail is not rolled back again, and the scheduler
		// launches nothing more for a FAILED deployment.
		var s model.Service
		done, err := c.runEvery(6*time.Hour, func() (bool, error) {
			if len(c.news()) > 0 {
				lastChange = c.w.Now()
			}
			var err error
			if s, err = c.describe(); err != nil {
				return false, err
			}
			if ok, err := c.settled(); ok || err != nil {
				return ok, err
			}
			p := primary(&s)
			return p != nil && p.RolloutState == model.DeploymentRolloutStateFailed && c.w.Now().Sub(lastChange) >= 10*time.Minute, nil
		})
		if err != nil {
			return err
		}
		if !done {
			return fmt.Errorf("seed %d: no steady state after six simulated hours", seed+uint64(i))
		}
		minutes := c.w.Now().Sub(began).Minutes()
		p := primary(&s)
		switch {
		case p.RolloutState == model.DeploymentRolloutStateFailed:
			stuck = append(stuck, lastChange.Sub(began).Minutes())
		case p.ID == newID:
			completed = append(completed, minutes)
		default:
			rolledBack = append(rolledBack, minutes)
		}
	}
	fmt.Fprintf(out, "%d runs (seeds %d–%d) of deploying %s to %d tasks on %d instances, each task failing to start with probability %.2f:\n",
		runs, seed, seed+uint64(runs)-1, target, desired, scn.Instances, failRate)
	for _, g := range []struct {
		name string
		xs   []float64
	}{
		{"completed", completed},
		{"rolled back by the circuit breaker", rolledBack},
		{"stopped with the rollback itself FAILED (minutes to the last change)", stuck},
	} {
		if len(g.xs) == 0 {
			fmt.Fprintf(out, "  %s: none\n", g.name)
			continue
		}
		q := quantiles(g.xs, 0.5, 0.9, 0.99)
		fmt.Fprintf(out, "  %s: %d runs; minutes p50 %.1f, p90 %.1f, p99 %.1f, max %.1f\n",
			g.name, len(g.xs), q[0], q[1], q[2], slices.Max(g.xs))
	}
	return nil
}

// hooked refuses, for -runs, a scenario whose deployments run lifecycle
// hooks or that stops a deployment: -runs deploys without the scenario's
// actions and answers, so every hook would wait for its timeout (24 hours
// by default) and each run would end without a steady state.
func (s *Scenario) hooked() error {
	const why = "-runs deploys without the scenario's actions and cannot answer lifecycle hooks"
	if len(s.HookAnswers) > 0 {
		return fmt.Errorf("%s: the scenario has hookAnswers; run it without -runs", why)
	}
	if dc := s.DeploymentConfiguration; dc != nil && len(dc.LifecycleHooks) > 0 {
		return fmt.Errorf("%s: the service's deploymentConfiguration has lifecycleHooks; run it without -runs", why)
	}
	for i, a := range s.Actions {
		if u := a.UpdateService; u != nil && u.DeploymentConfiguration != nil && len(u.DeploymentConfiguration.LifecycleHooks) > 0 {
			return fmt.Errorf("%s: action %d sets lifecycleHooks; run it without -runs", why, i+1)
		}
		if a.StopServiceDeployment != nil {
			return fmt.Errorf("-runs deploys without the scenario's actions: action %d stops a deployment; run it without -runs", i+1)
		}
	}
	return nil
}

// quantiles returns the sample quantiles qs of xs, which it does not
// modify, by the Hyndman–Fan "R-7" rule (R's and NumPy's default): the
// q-quantile of n sorted values interpolates linearly at position (n−1)·q.
// golang.org/x/exp/stats.Quantiles does the arithmetic; this wrapper keeps
// the report total where stats panics: no values give no quantiles, and a
// q outside [0, 1] is clamped.
//
// Reference: Hyndman, R. J. and Fan, Y. (1996), "Sample Quantiles in
// Statistical Packages", The American Statistician 50(4), 361–365.
func quantiles(xs []float64, qs ...float64) []float64 {
	if len(xs) == 0 {
		return nil
	}
	clamped := make([]float64, len(qs))
	for i, q := range qs {
		clamped[i] = min(max(q, 0), 1)
	}
	return stats.Quantiles(xs, clamped...)
}
