// The plain average: the non-robust baseline (breakdown point 0). One Byzantine column moves it anywhere,
// and a NaN column makes it NaN. By design it excludes nothing; it says when it broke (`poisoned`).
#include <fmt/format.h>

#include "column_support.hpp"
#include "registrations.hpp"

namespace ellopt::robust {
namespace {

class MeanAggregator final : public Aggregator {
 public:
  std::string name() const override { return "mean"; }
  double breakdown_point(Index n) const override {
    static_cast<void>(n);
    return 0.0;
  }

  AggregateResult aggregate(PointsView points, RngStream& rng) const override {
    static_cast<void>(rng);
    detail::require_shape(points, "aggregator 'mean'");
    AggregateResult result;
    result.stop_reason = "closed-form";
    std::vector<Index> all(static_cast<std::size_t>(points.cols()));
    std::vector<Index> nonfinite;
    for (Index j = 0; j < points.cols(); ++j) {
      all[static_cast<std::size_t>(j)] = j;
      if (!points.col(j).allFinite()) nonfinite.push_back(j);
    }
    detail::mean_of_columns(points, all, result.value);
    if (!nonfinite.empty() || !result.value.allFinite()) {
      result.poisoned = true;
      std::string cols;
      for (std::size_t k = 0; k < nonfinite.size() && k < 10; ++k) cols += (k ? ", " : "") + std::to_string(nonfinite[k]);
      result.warning = nonfinite.empty()
                           ? "the mean overflowed; the plain mean is not robust (breakdown point 0)"
                           : fmt::format("the mean includes {} non-finite column(s) ({}) and is poisoned; the "
                                         "plain mean is not robust (breakdown point 0): use a robust aggregator",
                                         nonfinite.size(), cols);
    }
    return result;
  }
};

}  // namespace

void detail::register_mean(AggregatorRegistry& registry) {
  registry.add({.name = "mean",
                .description = "plain average (not robust: breakdown point 0; reports poisoning)",
                .schema = ParamSchema{},
                .factory = [](const Params&) -> std::unique_ptr<Aggregator> {
                  return std::make_unique<MeanAggregator>();
                }});
}

}  // namespace ellopt::robust
