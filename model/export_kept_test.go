package model

// SetKeepWhole turns the whole-value check of Kept's encoding on or off
// (off drives the member-by-member path) and returns the restore.
func SetKeepWhole(on bool) (restore func()) {
	old := keepWhole
	keepWhole = on
	return func() { keepWhole = old }
}
