package service

// ListStopCandidates makes Reconcile hand placement every stop candidate
// as a list (StopRequest.Candidates) instead of naming a deployment's by
// StartedBy and Except, so that tests can check both ways stop the same
// tasks. Tests that use it must not run in parallel.
func ListStopCandidates(on bool) { listStops = on }
