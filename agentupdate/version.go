package agentupdate

import (
	"strconv"
	"strings"

	ecserrors "github.com/ecsstate/ecsstate/errors"
)

// AgentVersion is a parsed Amazon ECS container agent version, MAJOR.MINOR.PATCH
// as the agent reports it in versionInfo.agentVersion (for example "1.87.0").
// The zero value is 0.0.0.
type AgentVersion struct {
	Major, Minor, Patch int
}

// ParseAgentVersion reads an agent version in ECS's own versioning: three
// dot-separated decimal numbers and nothing else. A build suffix ("1.87.0-dev"),
// a leading "v", or a missing part is not ECS's versioning: ECS answers such
// an agent with MissingVersionException, so ParseAgentVersion reports
// ok=false rather than guessing. Each part is at most nine digits, so no input
// can overflow.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateContainerAgent.html
func ParseAgentVersion(s string) (v AgentVersion, ok bool) {
	var n [3]int
	for i := range n {
		part := s
		if i < 2 {
			var found bool
			if part, s, found = strings.Cut(s, "."); !found {
				return AgentVersion{}, false
			}
		}
		if part == "" || len(part) > 9 {
			return AgentVersion{}, false
		}
		for _, c := range []byte(part) {
			if c < '0' || c > '9' {
				return AgentVersion{}, false
			}
			n[i] = n[i]*10 + int(c-'0')
		}
	}
	return AgentVersion{n[0], n[1], n[2]}, true
}

// String formats v as MAJOR.MINOR.PATCH.
func (v AgentVersion) String() string {
	return strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor) + "." + strconv.Itoa(v.Patch)
}

// Compare returns -1, 0 or +1 as v is older than, equal to or newer than w.
func (v AgentVersion) Compare(w AgentVersion) int {
	for _, d := range [3]int{v.Major - w.Major, v.Minor - w.Minor, v.Patch - w.Patch} {
		switch {
		case d < 0:
			return -1
		case d > 0:
			return 1
		}
	}
	return 0
}

// Catalog is what the caller knows about released agent versions: ECS keeps
// this list on its side, so the library takes it as an argument instead of
// guessing. Both members are agent versions in ECS's own versioning.
type Catalog struct {
	// Latest is the newest released agent version. An instance already
	// running it (or something newer) has no update available.
	Latest string
	// OldestUpdatable is the oldest agent version that still has an update
	// path to Latest. An agent older than this is "so old that there's no
	// update path" (NoUpdateAvailableException). Empty means every version
	// from 1.0.0 on can be updated: agents before 1.0.0 reported no version
	// at all, so ECS cannot update them.
	// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-update.html
	OldestUpdatable string
}

// parsedCatalog is a Catalog checked once.
type parsedCatalog struct {
	latest, oldest AgentVersion
}

// parse checks the catalog. A catalog that does not parse is ECS's side of
// the call going wrong, not the request's, so it is a ServerException.
func (c Catalog) parse() (parsedCatalog, error) {
	latest, ok := ParseAgentVersion(c.Latest)
	if !ok {
		return parsedCatalog{}, ecserrors.New(ecserrors.CodeServer, "The agent version catalog is invalid: latest version %q is not MAJOR.MINOR.PATCH.", ecserrors.Clip(c.Latest))
	}
	oldest := AgentVersion{Major: 1}
	if c.OldestUpdatable != "" {
		if oldest, ok = ParseAgentVersion(c.OldestUpdatable); !ok {
			return parsedCatalog{}, ecserrors.New(ecserrors.CodeServer, "The agent version catalog is invalid: oldest updatable version %q is not MAJOR.MINOR.PATCH.", ecserrors.Clip(c.OldestUpdatable))
		}
	}
	if oldest.Compare(latest) > 0 {
		return parsedCatalog{}, ecserrors.New(ecserrors.CodeServer, "The agent version catalog is invalid: oldest updatable version %s is newer than latest version %s.", oldest, latest)
	}
	return parsedCatalog{latest: latest, oldest: oldest}, nil
}
