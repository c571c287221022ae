package model

// Int32 returns a pointer to v, for the optional members of requests.
func Int32(v int32) *int32 { return &v }

// Bool returns a pointer to v, for the optional members of requests.
func Bool(v bool) *bool { return &v }
