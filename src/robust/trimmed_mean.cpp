// Coordinate-wise trimmed mean (Yin et al. 2018): per coordinate, drop the floor(trim * m) smallest and
// largest of the m finite entries and average the rest. Breakdown point = trim.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "column_support.hpp"
#include "ellopt/core/error.hpp"
#include "registrations.hpp"

namespace ellopt::robust {
namespace {

class TrimmedMeanAggregator final : public Aggregator {
 public:
  explicit TrimmedMeanAggregator(double trim) : trim_(trim) {}
  std::string name() const override { return "trimmed-mean"; }
  double breakdown_point(Index n) const override {
    static_cast<void>(n);
    return trim_;
  }

  AggregateResult aggregate(PointsView points, RngStream& rng) const override {
    static_cast<void>(rng);
    const auto split = detail::split_finite_columns(points, "aggregator 'trimmed-mean'");
    AggregateResult result;
    result.stop_reason = "closed-form";
    result.excluded = split.excluded;
    result.warning = detail::excluded_note(split.excluded, "NaN or infinity");
    const auto m = static_cast<Index>(split.active.size());
    const auto cut = static_cast<Index>(std::floor(trim_ * static_cast<double>(m)));
    const Index kept = m - 2 * cut;  // >= 1 because trim < 1/2
    const Index d = points.rows();
    result.value.resize(d);
    std::vector<double> row(static_cast<std::size_t>(m));
    for (Index r = 0; r < d; ++r) {
      for (Index k = 0; k < m; ++k) row[static_cast<std::size_t>(k)] = points(r, split.active[static_cast<std::size_t>(k)]);
      std::sort(row.begin(), row.end());
      double sum = 0.0;
      for (Index k = cut; k < cut + kept; ++k) sum += row[static_cast<std::size_t>(k)];
      double value = sum / static_cast<double>(kept);
      if (!std::isfinite(value)) {  // the kept entries overflowed when summed: average scaled entries
        value = 0.0;
        for (Index k = cut; k < cut + kept; ++k) value += row[static_cast<std::size_t>(k)] / static_cast<double>(kept);
      }
      result.value[r] = value;
    }
    return result;
  }

 private:
  double trim_;
};

}  // namespace

void detail::register_trimmed_mean(AggregatorRegistry& registry) {
  registry.add({.name = "trimmed-mean",
                .description = "coordinate-wise trimmed mean (breakdown point = trim)",
                .schema = ParamSchema{{.name = "trim",
                                       .type = ParamType::kReal,
                                       .default_value = 0.1,
                                       .doc = "fraction of entries dropped at each end, per coordinate",
                                       .min = 0.0,
                                       .max = 0.5,
                                       .max_exclusive = true}},
                .factory = [](const Params& params) -> std::unique_ptr<Aggregator> {
                  return std::make_unique<TrimmedMeanAggregator>(params.real("trim"));
                }});
}

}  // namespace ellopt::robust
