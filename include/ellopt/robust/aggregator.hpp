// Robust aggregation of n vectors in R^d (seed 7: Byzantine-robust federated linear bandits). One interface,
// many implementations chosen by name: mean, coordinate-median, trimmed-mean, krum, geometric-median, gmom.
// Points are the columns of a d x n matrix (one column per agent), viewed without copying.
//
// Bad input policy (issue 5, "Bad input"): every robust aggregator drops columns that contain NaN or an
// infinity and lists them in `excluded`, so a Byzantine message can never poison its result; finite but
// absurd norms (1e300) are handled with scale-safe distance computations. The plain mean is NOT robust by
// design (breakdown point 0): it averages every column, excludes nothing, and reports the damage through
// `poisoned` and `warning` instead of hiding it.
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
  Vector value;                         // the aggregate, length d
  int iterations = 0;                   // iterative methods (Weiszfeld); 0 otherwise
  std::string stop_reason;              // "ftol", "xtol", "max_iter", "exact", ...
  std::vector<double> objective_trace;  // e.g. sum of distances per Weiszfeld iteration
  std::vector<Index> excluded;  // columns ignored as non-finite or malformed (never poison the result)
  // Only the non-robust mean sets these: the input held a non-finite column (or the average overflowed), so
  // `value` is not a meaningful aggregate. Robust aggregators exclude such columns instead.
  bool poisoned = false;
  // The aggregator could not run as configured on this input and changed a setting to fit it (GMoM with more
  // groups than usable points uses one point per group); `warning` says what it did. The value is still
  // robust.
  bool adjusted = false;
  std::string warning;  // human-readable note (poisoning, excluded columns); empty if none
};

class Aggregator {
 public:
  virtual ~Aggregator() = default;
  virtual std::string name() const = 0;
  // `rng` is used only by randomized aggregators (GMoM's random partition); pass the caller's stream so the
  // result is deterministic for a seed.
  virtual AggregateResult aggregate(PointsView points, RngStream& rng) const = 0;
  // The largest fraction of the n inputs that may be arbitrary while the aggregate stays bounded (the
  // breakdown point). Arbitrary points must be strictly fewer than this fraction for mean-like bounds:
  // 0 for the mean, 1/2 for the medians, the trim fraction for the trimmed mean, f/n for Krum, and
  // floor((k-1)/2)/n for GMoM with k groups (a group holding one bad point is a bad group).
  virtual double breakdown_point(Index n) const {
    static_cast<void>(n);
    return 0.0;
  }
};

using AggregatorFactory = std::function<std::unique_ptr<Aggregator>(const Params&)>;
using AggregatorRegistry = NamedRegistry<AggregatorFactory>;

// Every aggregator, registered once.
const AggregatorRegistry& aggregators();
// Convenience: bind `params` (JSON object or null) to the named aggregator's schema and build it.
std::unique_ptr<Aggregator> make_aggregator(const std::string& name, const Json& params = Json());

// Stacks agents' messages into the d x n matrix the aggregators take. A message of the wrong length (a
// malformed Byzantine message) becomes a column of NaN, so robust aggregators exclude it and the mean
// reports itself poisoned; nothing throws. `dim` must be >= 1.
Matrix stack_messages(const std::vector<Vector>& messages, Index dim);

// Minsker (2015), Hilbert-space geometric-median lemma (spec bandits_adversarial.md §1.4): if at most a
// fraction alpha < 1/2 of the points lie farther than r from z, then ||GM - z|| <= C_alpha * r with
// C_alpha = (1 - alpha) / sqrt(1 - 2 alpha). Throws ConfigError for alpha outside [0, 1/2).
double robustness_constant(double alpha);
// The general (Banach-space) constant of the same lemma, 2 (1 - alpha) / (1 - 2 alpha).
double robustness_constant_banach(double alpha);

}  // namespace ellopt::robust
