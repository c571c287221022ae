package service

import (
	ecserrors "github.com/ecsstate/ecsstate/errors"
	"github.com/ecsstate/ecsstate/model"
)

// Split divides count tasks over the providers of a capacity provider
// strategy and returns how many go to each, in the strategy's order.
//
// The documented rule (CapacityProviderStrategyItem in
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html
// and the Developer Guide's capacity provider page): the provider with a
// base gets its base first (all of count if count is smaller), and what is
// left is shared in proportion to the weights; a weight of 0 gets nothing
// beyond its base.
//
// AWS gives no integer rounding rule, so we decided one. This
// package uses the largest remainder method: each provider gets the floor
// of its exact share, and the tasks left over go one each to the providers
// with the largest fractional remainders, ties going to the provider that
// comes first in the strategy. So FARGATE base 2 weight 1 with FARGATE_SPOT
// weight 4 splits 12 tasks 4/8, and two weight-1 providers split 5 tasks
// 3/2. The result always sums to count, and no provider is more than one
// task away from its exact share of the remainder.
//
// An invalid strategy (see model.ValidateCapacityProviderStrategy: empty,
// no positive weight, more than one base, out-of-range numbers) or a
// negative count is an InvalidParameterException.
func Split(strategy []model.CapacityProviderStrategyItem, count int32) ([]int32, error) {
	if count < 0 {
		return nil, ecserrors.New(ecserrors.CodeInvalidParameter, "count: must not be negative, got %d.", count)
	}
	if len(strategy) == 0 {
		return nil, ecserrors.New(ecserrors.CodeInvalidParameter, "capacityProviderStrategy: at least one capacity provider is required.")
	}
	if err := model.ValidateCapacityProviderStrategy("capacityProviderStrategy", strategy); err != nil {
		return nil, err
	}
	out := make([]int32, len(strategy))
	left := int64(count)
	for i, it := range strategy {
		if it.Base > 0 {
			b := min(int64(it.Base), left)
			out[i] = int32(b)
			left -= b
		}
	}
	var total int64
	for _, it := range strategy {
		total += int64(it.Weight)
	}
	rem := make([]int64, len(strategy))
	given := int64(0)
	for i, it := range strategy {
		share := left * int64(it.Weight)
		out[i] += int32(share / total)
		given += share / total
		rem[i] = share % total
	}
	// Hand out the rest by largest remainder, ties in strategy order. At
	// most len(strategy)-1 tasks are left, so this loop is short.
	for ; given < left; given++ {
		best := -1
		for i := range rem {
			if strategy[i].Weight > 0 && (best < 0 || rem[i] > rem[best]) {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
	}
	return out, nil
}
