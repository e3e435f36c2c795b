// Robust aggregation of n vectors in R^d (seed 7: Byzantine-robust federated linear bandits). One interface,
// many implementations chosen by name: mean, coordinate-median, trimmed-mean, krum, geometric-median, gmom.
// Points are the columns of a d x n matrix (one column per agent), viewed without copying.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ellopt/core/params.hpp"
#include "ellopt/core/registry.hpp"
#include "ellopt/core/rng.hpp"
#include "ellopt/core/types.hpp"

namespace ellopt::robust {

using PointsView = Eigen::Ref<const Matrix>;  // d x n, column j is agent j's vector

struct AggregateResult {
  Vector value;                          // the aggregate, length d
  int iterations = 0;                    // iterative methods (Weiszfeld); 0 otherwise
  std::string stop_reason;               // "ftol", "xtol", "max_iter", "exact", ...
  std::vector<double> objective_trace;   // e.g. sum of distances per Weiszfeld iteration
  std::vector<Index> excluded;           // columns ignored as non-finite or malformed (never poison the result)
};

class Aggregator {
 public:
  virtual ~Aggregator() = default;
  virtual std::string name() const = 0;
  // `rng` is used only by randomized aggregators (GMoM's random partition); pass the caller's stream so the
  // result is deterministic for a seed.
  virtual AggregateResult aggregate(PointsView points, RngStream& rng) const = 0;
};

using AggregatorFactory = std::function<std::unique_ptr<Aggregator>(const Params&)>;
using AggregatorRegistry = NamedRegistry<AggregatorFactory>;

// Every aggregator, registered once.
const AggregatorRegistry& aggregators();
// Convenience: bind `params` (JSON object or null) to the named aggregator's schema and build it.
std::unique_ptr<Aggregator> make_aggregator(const std::string& name, const Json& params = Json());

}  // namespace ellopt::robust
