package service

import "time"

// ReconcileListingStops is Reconcile handing placement every stop
// candidate as a list (StopRequest.Candidates) instead of naming a
// deployment's by StartedBy and Except, so that tests can check both ways
// stop the same tasks.
func ReconcileListingStops(in *Input, now time.Time) (Step, error) {
	return reconcile(in, now, true)
}
