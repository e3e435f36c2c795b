// Coordinate-wise median (Yin, Chen, Kannan & Bartlett 2018 use it for Byzantine-robust GD): per coordinate,
// the median of the finite columns' entries. Breakdown point 1/2 per coordinate.
#include "column_support.hpp"
#include "registrations.hpp"

namespace ellopt::robust {
namespace {

class CoordinateMedianAggregator final : public Aggregator {
 public:
  std::string name() const override { return "coordinate-median"; }
  double breakdown_point(Index n) const override {
    static_cast<void>(n);
    return 0.5;
  }

  AggregateResult aggregate(PointsView points, RngStream& rng) const override {
    static_cast<void>(rng);
    const auto split = detail::split_finite_columns(points, "aggregator 'coordinate-median'");
    AggregateResult result;
    result.stop_reason = "closed-form";
    result.excluded = split.excluded;
    result.warning = detail::excluded_note(split.excluded, "NaN or infinity");
    detail::coordinate_median(points, split.active, {}, result.value);
    return result;
  }
};

}  // namespace

void detail::register_coordinate_median(AggregatorRegistry& registry) {
  registry.add({.name = "coordinate-median",
                .description = "coordinate-wise median (breakdown point 1/2)",
                .schema = ParamSchema{},
                .factory = [](const Params&) -> std::unique_ptr<Aggregator> {
                  return std::make_unique<CoordinateMedianAggregator>();
                }});
}

}  // namespace ellopt::robust
