//go:build race

package query

// raceEnabled: the race detector slows regular-expression matching tenfold
// or more, so wall-clock guards do not apply.
const raceEnabled = true
