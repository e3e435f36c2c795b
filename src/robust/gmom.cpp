// Geometric median of means (Chen, Su & Xu 2017, "Distributed statistical machine learning in adversarial
// settings: Byzantine gradient descent"): split the finite points into k groups by a random partition, average
// each group, and take the geometric median of the k group means. With q Byzantine points at most q groups
// are bad, so k >= 2(1 + eps) q keeps a clean majority of groups (spec §1.4; FedML states the same range).
// Averaging shrinks the honest spread by sqrt(n/k), which is GMoM's gain when q is known to be small.
#include <fmt/format.h>

#include <cmath>
#include <numeric>
#include <optional>

#include "column_support.hpp"
#include "ellopt/core/error.hpp"
#include "ellopt/robust/geometric_median.hpp"
#include "registrations.hpp"

namespace ellopt::robust {
namespace {

const std::string kWho = "aggregator 'gmom'";

class GeometricMedianOfMeans final : public Aggregator {
 public:
  GeometricMedianOfMeans(Index groups, std::optional<Index> byzantine, double eps, GeometricMedianOptions options)
      : groups_(groups), median_(options) {
    if (byzantine) {
      const double needed = 2.0 * (1.0 + eps) * static_cast<double>(*byzantine);
      if (groups_ == 0) {
        groups_ = static_cast<Index>(std::floor(needed)) + 1;  // spec §1.10: g = 2q + 1 when eps = 0
      } else if (static_cast<double>(groups_) < needed) {
        throw ConfigError(fmt::format("{}: groups = {} is too few for byzantine = {} and eps = {}: GMoM needs "
                                      "k >= 2(1+eps)q = {} groups so that a majority of groups is clean; raise "
                                      "groups or lower byzantine",
                                      kWho, groups_, *byzantine, eps, needed));
      }
    } else if (groups_ == 0) {
      throw ConfigError(fmt::format("{}: give 'groups' (k) or 'byzantine' (q, then k = floor(2(1+eps)q) + 1)",
                                    kWho));
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
    if (groups_ > m)
      throw ConfigError(fmt::format("{}: {} groups but only {} usable points; lower groups to at most the number "
                                    "of points",
                                    kWho, groups_, m));
    // Random partition: Fisher-Yates shuffle from the caller's stream, then contiguous groups whose sizes
    // differ by at most one.
    std::vector<Index> order = split.active;
    for (Index i = m - 1; i > 0; --i) {
      const auto j = static_cast<Index>(rng.below(static_cast<std::uint64_t>(i + 1)));
      std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
    }
    Matrix means(points.rows(), groups_);
    Vector mean;
    std::vector<Index> members;
    Index start = 0;
    for (Index g = 0; g < groups_; ++g) {
      const Index size = m / groups_ + (g < m % groups_ ? 1 : 0);
      members.assign(order.begin() + start, order.begin() + start + size);
      detail::mean_of_columns(points, members, mean);
      means.col(g) = mean;
      start += size;
    }
    AggregateResult result = median_.solve(means);
    result.excluded = split.excluded;  // group indices are internal; report the caller's columns
    result.warning = detail::excluded_note(split.excluded, "NaN or infinity");
    return result;
  }

 private:
  Index groups_;
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
              .doc = "number q of Byzantine points; when given, k >= 2(1+eps)q is checked",
              .min = 0.0,
              .optional = true});
  schema.add({.name = "eps",
              .type = ParamType::kReal,
              .default_value = 0.0,
              .doc = "slack in k >= 2(1+eps)q (Chen, Su & Xu 2017)",
              .min = 0.0});
  registry.add({.name = "gmom",
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
