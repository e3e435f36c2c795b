// Each aggregator file registers itself through one of these (private to src/robust; called by
// registry.cpp, the one place that builds the registry).
#pragma once

#include "ellopt/robust/aggregator.hpp"

namespace ellopt::robust::detail {

void register_mean(AggregatorRegistry& registry);
void register_coordinate_median(AggregatorRegistry& registry);
void register_trimmed_mean(AggregatorRegistry& registry);
void register_krum(AggregatorRegistry& registry);
void register_geometric_median(AggregatorRegistry& registry);
void register_gmom(AggregatorRegistry& registry);

}  // namespace ellopt::robust::detail
