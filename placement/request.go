package placement

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// Limits of a placement request beyond those model validates.
const (
	// MaxGroupLength is the longest task group name ECS accepts; see
	// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-groups.html
	MaxGroupLength = 255
	// MaxCount bounds the tasks one Place or ChooseTasksToStop call decides
	// about. ECS itself runs at most 5,000 tasks per service; the bound keeps
	// a hostile count from allocating without limit.
	MaxCount = 1_000_000
)

// Request describes tasks to place: which task definition, how many, in
// which task group, under which constraints and strategy.
type Request struct {
	// TaskDefinition gives what each task needs: CPU, memory, static host
	// ports (model.ResourcesOf), required attributes, and the task
	// definition's own memberOf constraints. Required.
	TaskDefinition *model.TaskDefinition
	// Group is the task group the tasks join, and relative to which spread
	// and distinctInstance count tasks: "service:NAME" for a service's
	// tasks. Empty means "family:FAMILY", the default group of standalone
	// tasks; see
	// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-groups.html
	Group string
	// Count is how many tasks to place, one after the other.
	Count int
	// Constraints are the service's or RunTask's placement constraints;
	// the task definition's memberOf constraints apply as well and count
	// toward the limit of 10.
	Constraints []model.PlacementConstraint
	// Strategy is the ordered list of placement strategy rules, each
	// breaking the ties the ones before it leave. Empty means the service
	// scheduler's default: spread over attribute:ecs.availability-zone,
	// then the instance with the fewest tasks of the group (see
	// DefaultStrategy).
	Strategy []model.PlacementStrategy
	// Seed feeds the random strategy; the same seed gives the same choices.
	Seed uint64
}

// DefaultStrategy is the service scheduler's placement when a service has
// no strategy: the Availability Zone with the fewest tasks of the service
// first, then within it the instance with the fewest tasks of the service.
// It is spread over the AZ attribute followed by spread over instanceId.
// See the UpdateService API reference,
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
//
// ECS documents no default for standalone tasks (RunTask); this package
// uses the same default for them. Pass a random strategy to get RunTask's
// commonly assumed behaviour.
func DefaultStrategy() []model.PlacementStrategy {
	return []model.PlacementStrategy{
		{Type: model.PlacementStrategyTypeSpread, Field: "attribute:" + model.AttributeAvailabilityZone},
		{Type: model.PlacementStrategyTypeSpread, Field: "instanceId"},
	}
}

// termKind is one compiled strategy rule.
type termKind uint8

const (
	termSpreadAttr     termKind = iota // spread over attribute:NAME (attr)
	termSpreadInstance                 // spread over instanceId or host
	termBinpackCPU
	termBinpackMemory
	termRandom
)

type term struct {
	kind termKind
	attr string
}

// compileStrategy validates a strategy and turns it into terms; empty means
// DefaultStrategy. Rules after a random rule can never break a tie (random
// leaves none) and are dropped.
func compileStrategy(ss []model.PlacementStrategy) ([]term, error) {
	if err := model.ValidatePlacementStrategy("placementStrategy", ss); err != nil {
		return nil, err
	}
	if len(ss) == 0 {
		return defaultTerms, nil
	}
	return compileTerms(ss), nil
}

// defaultTerms is DefaultStrategy compiled once: most requests name no
// strategy, and compiled terms are only read (clipped, so an append
// copies).
var defaultTerms = slices.Clip(compileTerms(DefaultStrategy()))

// compileTerms compiles a validated, non-empty strategy.
func compileTerms(ss []model.PlacementStrategy) []term {
	terms := make([]term, 0, len(ss))
	for _, s := range ss {
		var t term
		switch s.Type {
		case model.PlacementStrategyTypeRandom:
			t.kind = termRandom
		case model.PlacementStrategyTypeBinpack:
			t.kind = termBinpackMemory
			if strings.EqualFold(s.Field, "cpu") {
				t.kind = termBinpackCPU
			}
		default: // spread; ValidatePlacementStrategy checked the field
			if name, ok := strings.CutPrefix(s.Field, "attribute:"); ok {
				t = term{kind: termSpreadAttr, attr: name}
			} else {
				t.kind = termSpreadInstance
			}
		}
		terms = append(terms, t)
		if t.kind == termRandom {
			break
		}
	}
	return terms
}

// groupOf returns the request's task group, defaulting to the family's.
func groupOf(group string, td *model.TaskDefinition) string {
	if group == "" && td != nil {
		return "family:" + td.Family
	}
	return group
}

func invalid(format string, args ...any) *ecserrors.Error {
	return ecserrors.New(ecserrors.CodeInvalidParameter, format, args...)
}

func checkGroupAndCount(group string, count int) error {
	switch {
	case group == "":
		return invalid("group: a task group is required.")
	case len(group) > MaxGroupLength:
		return invalid("group: must be at most %d characters, got %d.", MaxGroupLength, len(group))
	case count < 0 || count > MaxCount:
		return invalid("count: must be 0 to %d, got %d.", MaxCount, count)
	}
	return nil
}

// constraints is a request's compiled placement constraints.
type constraints struct {
	distinct bool
	memberOf []matcher // in order: the request's, then the task definition's
}

// compileConstraints validates the request's constraints together with the
// task definition's (at most 10 in all) and parses every memberOf
// expression. Each violation is an InvalidParameterException naming the
// offending member.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PlacementConstraint.html
func compileConstraints(cs []model.PlacementConstraint, td *model.TaskDefinition) (constraints, error) {
	var out constraints
	if err := model.ValidatePlacementConstraints("placementConstraints", cs, len(td.PlacementConstraints)); err != nil {
		return out, err
	}
	for i, c := range td.PlacementConstraints {
		m := fmt.Sprintf("taskDefinition.placementConstraints[%d]", i)
		switch {
		case c.Type != model.TaskDefinitionPlacementConstraintTypeMemberOf:
			return out, invalid("%s.type: a task definition allows only memberOf, got %q.", m, ecserrors.Clip(string(c.Type)))
		case strings.TrimSpace(c.Expression) == "":
			return out, invalid("%s.expression: memberOf needs an expression.", m)
		case len(c.Expression) > model.MaxExpressionLength:
			return out, invalid("%s.expression: must be at most %d characters, got %d.", m, model.MaxExpressionLength, len(c.Expression))
		}
	}
	add := func(member, expr string) error {
		mt, err := compileMemberOf(expr)
		if err != nil {
			var e *ecserrors.Error
			if errors.As(err, &e) {
				return ecserrors.New(e.Code(), "%s.expression: %s", member, e.Message())
			}
			return invalid("%s.expression: %s", member, err)
		}
		out.memberOf = append(out.memberOf, mt)
		return nil
	}
	for i, c := range cs {
		if c.Type == model.PlacementConstraintTypeDistinctInstance {
			out.distinct = true
			continue
		}
		if err := add(fmt.Sprintf("placementConstraints[%d]", i), c.Expression); err != nil {
			return out, err
		}
	}
	for i, c := range td.PlacementConstraints {
		if err := add(fmt.Sprintf("taskDefinition.placementConstraints[%d]", i), c.Expression); err != nil {
			return out, err
		}
	}
	return out, nil
}
