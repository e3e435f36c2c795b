// Geometric median of means (Chen, Su & Xu 2017, "Distributed statistical machine learning in adversarial
// settings: Byzantine gradient descent"): split the finite points into k groups by a random partition,
// average each group, and take the geometric median of the k group means. With q Byzantine points at most q
// groups are bad, so k >= 2(1 + eps) q keeps a clean majority of groups (spec §1.4; FedML states the same
// range); we also require k >= 2q + 1, since at eps = 0 the bound admits k = 2q, a tie between bad and clean
// groups. Each non-finite input is excluded and counted as one of the q; with fewer usable points than
// groups, k is capped at the number of points with a warning (a Byzantine agent must not be able to stop the
// run). Averaging shrinks the honest spread by sqrt(n/k), which is GMoM's gain when q is known to be small.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "column_support.hpp"
#include "ellopt/core/error.hpp"
#include "ellopt/robust/geometric_median.hpp"
#include "registrations.hpp"

namespace ellopt::robust {
namespace {

const std::string kWho = "aggregator 'gmom'";

class GeometricMedianOfMeans final : public Aggregator {
 public:
  GeometricMedianOfMeans(Index groups, std::optional<Index> byzantine, double eps,
                         GeometricMedianOptions options)
      : groups_(groups), byzantine_(byzantine), eps_(eps), median_(options) {
    if (byzantine) {
      derived_groups_ = groups_ == 0;
      if (derived_groups_) {
        groups_ = groups_for(*byzantine);
      } else if (groups_ < minimum_groups(*byzantine)) {
        throw ConfigError(
            fmt::format("{}: groups = {} is too few for byzantine = {} and eps = {}: GMoM needs "
                        "k >= max(2(1+eps)q, 2q + 1) = {} groups so that a strict majority of "
                        "groups is clean; raise groups or lower byzantine",
                        kWho, groups_, *byzantine, eps, minimum_groups(*byzantine)));
      }
    } else if (groups_ == 0) {
      throw ConfigError(
          fmt::format("{}: give 'groups' (k) or 'byzantine' (q, then k = floor(2(1+eps)q) + 1)", kWho));
    }
  }

  std::string name() const override { return "gmom"; }
  double breakdown_point(Index n) const override {
    if (n <= 0) return 0.0;
    return static_cast<double>((groups_ - 1) / 2) / static_cast<double>(n);
  }

  AggregateResult aggregate(PointsView points, RngStream& rng) const override {
    auto split = detail::split_finite_columns(points, kWho);
    const auto m = static_cast<Index>(split.active.size());
    const auto excluded_count = static_cast<Index>(split.excluded.size());
    std::vector<std::string> notes;
    if (!split.excluded.empty()) notes.push_back(detail::excluded_note(split.excluded, "NaN or infinity"));
    // A non-finite column can only come from a Byzantine input, so each excluded column uses up one of the q
    // assumed Byzantine inputs (as in krum.cpp); the remaining finite points hold at most q - excluded bad
    // ones. Without this, q = 8 of 20 non-finite inputs would ask for 2q + 1 = 17 groups of 12 points.
    const Index requested =
        derived_groups_ ? groups_for(std::max<Index>(0, *byzantine_ - excluded_count)) : groups_;
    Index groups = requested;
    // Never stop a run for too few points (a Byzantine agent controls how many arrive): one point per group
    // is the plain geometric median of the usable points, robust to fewer than half of them.
    if (groups > m) {
      notes.push_back(
          fmt::format("{} groups asked for but only {} usable points: used {} groups of one point "
                      "(the geometric median of the points, robust to {} bad ones)",
                      groups, m, m, (m - 1) / 2));
      groups = m;
    }
    // Random partition: Fisher-Yates shuffle from the caller's stream, then contiguous groups whose sizes
    // differ by at most one.
    std::vector<Index> order = split.active;
    for (Index i = m - 1; i > 0; --i) {
      const auto j = static_cast<Index>(rng.below(static_cast<std::uint64_t>(i + 1)));
      std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
    }
    Matrix means(points.rows(), groups);
    Vector mean;
    std::vector<std::vector<Index>> members(static_cast<std::size_t>(groups));
    Index start = 0;
    for (Index g = 0; g < groups; ++g) {
      const Index size = m / groups + (g < m % groups ? 1 : 0);
      auto& group = members[static_cast<std::size_t>(g)];
      group.assign(order.begin() + start, order.begin() + start + size);
      detail::mean_of_columns(points, group, mean);
      means.col(g) = mean;
      start += size;
    }
    AggregateResult result = median_.solve(means);
    // The inner median reports group indices, which mean nothing to the caller: report the columns of the
    // groups it excluded, next to the non-finite columns, and keep its warning next to ours.
    std::vector<Index> excluded = split.excluded;
    for (const Index g : result.excluded) {
      const auto& group = members[static_cast<std::size_t>(g)];
      excluded.insert(excluded.end(), group.begin(), group.end());
    }
    std::sort(excluded.begin(), excluded.end());
    if (!result.warning.empty()) notes.push_back("geometric median of the group means: " + result.warning);
    result.excluded = std::move(excluded);
    result.adjusted = groups != requested;
    result.warning.clear();
    for (const auto& note : notes) result.warning += (result.warning.empty() ? "" : "; ") + note;
    return result;
  }

 private:
  // The k chosen for q Byzantine inputs when the user gave none: floor(2(1+eps)q) + 1 (spec §1.10: 2q + 1
  // when eps = 0), which is at least minimum_groups(q).
  Index groups_for(Index byzantine) const {
    return static_cast<Index>(std::floor(2.0 * (1.0 + eps_) * static_cast<double>(byzantine))) + 1;
  }
  // The fewest groups a user may give for q: k >= 2(1+eps)q (Chen, Su & Xu 2017) and k >= 2q + 1, because at
  // eps = 0 the first admits k = 2q, q bad groups against q clean ones: a tie, where the median breaks.
  Index minimum_groups(Index byzantine) const {
    // The 1e-9 keeps rounding (2 * 1.1 * 5 = 11.000000000000002) from asking for one group more.
    const auto needed =
        static_cast<Index>(std::ceil(2.0 * (1.0 + eps_) * static_cast<double>(byzantine) - 1e-9));
    return std::max(needed, 2 * byzantine + 1);
  }

  Index groups_;
  std::optional<Index> byzantine_;
  double eps_;
  bool derived_groups_ = false;  // k came from q (groups = 0), so it follows q as inputs are excluded
  GeometricMedian median_;
};

}  // namespace

void detail::register_gmom(AggregatorRegistry& registry) {
  ParamSchema schema = GeometricMedianOptions::schema();
  schema.add({.name = "groups",
              .type = ParamType::kInteger,
              .default_value = 0,
              .doc = "number of groups k (0: floor(2(1+eps) byzantine) + 1)",
              .min = 0.0});
  schema.add({.name = "byzantine",
              .type = ParamType::kInteger,
              .default_value = Json(),
              .doc = "number q of Byzantine points; when given, k >= max(2(1+eps)q, 2q+1) is checked",
              .min = 0.0,
              .optional = true});
  schema.add({.name = "eps",
              .type = ParamType::kReal,
              .default_value = 0.0,
              .doc = "slack in k >= 2(1+eps)q (Chen, Su & Xu 2017)",
              .min = 0.0});
  registry.add(
      {.name = "gmom",
       .description = "geometric median of k group means over a random partition (Chen, Su & Xu 2017)",
       .schema = schema,
       .factory = [](const Params& params) -> std::unique_ptr<Aggregator> {
         std::optional<Index> q;
         if (params.has("byzantine")) q = static_cast<Index>(params.integer("byzantine"));
         return std::make_unique<GeometricMedianOfMeans>(static_cast<Index>(params.integer("groups")), q,
                                                         params.real("eps"),
                                                         GeometricMedianOptions::from(params));
       }});
}

}  // namespace ellopt::robust
