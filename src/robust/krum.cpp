// Krum and Multi-Krum (Blanchard, El Mhamdi, Guerraoui & Stainer, NeurIPS 2017): each point's score is the
// sum of squared distances to its n - f - 2 nearest neighbours; Krum returns the point with the lowest
// score, Multi-Krum the average of the `select` lowest. Needs n > 2f + 2 (their Prop. 1).
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "column_support.hpp"
#include "ellopt/core/error.hpp"
#include "registrations.hpp"

namespace ellopt::robust {
namespace {

const std::string kWho = "aggregator 'krum'";

class KrumAggregator final : public Aggregator {
 public:
  KrumAggregator(std::optional<Index> byzantine, Index select) : byzantine_(byzantine), select_(select) {}
  std::string name() const override { return "krum"; }
  double breakdown_point(Index n) const override {
    if (n <= 0) return 0.0;
    const Index f = byzantine_ ? *byzantine_ : std::max<Index>(0, (n - 3) / 2);
    return static_cast<double>(f) / static_cast<double>(n);
  }

  AggregateResult aggregate(PointsView points, RngStream& rng) const override {
    static_cast<void>(rng);
    const auto split = detail::split_finite_columns(points, kWho);
    AggregateResult result;
    result.stop_reason = "closed-form";
    result.excluded = split.excluded;
    result.warning = detail::excluded_note(split.excluded, "NaN or infinity");
    const auto m = static_cast<Index>(split.active.size());
    // A non-finite column can only come from a Byzantine agent, so each excluded column uses up one of the
    // f assumed Byzantine agents.
    const auto excluded_count = static_cast<Index>(split.excluded.size());
    const Index f = byzantine_ ? std::max<Index>(0, *byzantine_ - excluded_count) : std::max<Index>(0, (m - 3) / 2);
    if (m < 2 * f + 3)
      throw ConfigError(fmt::format("{}: {} usable points for f = {} Byzantine; Krum needs n > 2f + 2 (give more "
                                    "points or a smaller f)",
                                    kWho, m, f));
    if (select_ > m - f)
      throw ConfigError(fmt::format("{}: select = {} exceeds n - f = {}", kWho, select_, m - f));
    const Index d = points.rows();
    Matrix distances(m, m);
    for (Index a = 0; a < m; ++a) {
      distances(a, a) = 0.0;
      for (Index b = a + 1; b < m; ++b) {
        const double dist = detail::distance(points.col(split.active[static_cast<std::size_t>(a)]).data(),
                                             points.col(split.active[static_cast<std::size_t>(b)]).data(), d);
        distances(a, b) = dist;
        distances(b, a) = dist;
      }
    }
    // Scores in long double: squares of distances near 1e300 stay finite (x87 extended exponent range).
    const Index neighbours = m - f - 2;
    std::vector<long double> scores(static_cast<std::size_t>(m));
    std::vector<double> row(static_cast<std::size_t>(m - 1));
    for (Index a = 0; a < m; ++a) {
      Index k = 0;
      for (Index b = 0; b < m; ++b)
        if (b != a) row[static_cast<std::size_t>(k++)] = distances(a, b);
      std::partial_sort(row.begin(), row.begin() + neighbours, row.end());
      long double score = 0.0L;
      for (Index j = 0; j < neighbours; ++j) {
        const auto dist = static_cast<long double>(row[static_cast<std::size_t>(j)]);
        score += dist * dist;
      }
      scores[static_cast<std::size_t>(a)] = score;
    }
    std::vector<Index> order(static_cast<std::size_t>(m));
    std::iota(order.begin(), order.end(), Index{0});
    std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
      return scores[static_cast<std::size_t>(a)] < scores[static_cast<std::size_t>(b)];
    });
    std::vector<Index> chosen;
    for (Index k = 0; k < select_; ++k) chosen.push_back(split.active[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])]);
    if (select_ == 1) {
      result.value = points.col(chosen.front());
    } else {
      detail::mean_of_columns(points, chosen, result.value);
    }
    return result;
  }

 private:
  std::optional<Index> byzantine_;
  Index select_;
};

}  // namespace

void detail::register_krum(AggregatorRegistry& registry) {
  ParamSchema schema;
  schema.add({.name = "f",
              .type = ParamType::kInteger,
              .default_value = Json(),
              .doc = "assumed number of Byzantine points (default: the most Krum tolerates, floor((n-3)/2))",
              .min = 0.0,
              .optional = true});
  schema.add({.name = "select",
              .type = ParamType::kInteger,
              .default_value = 1,
              .doc = "Multi-Krum: average the `select` best-scored points (1 = Krum)",
              .min = 1.0});
  registry.add({.name = "krum",
                .description = "Krum / Multi-Krum (Blanchard et al. 2017), needs n > 2f + 2",
                .schema = schema,
                .factory = [](const Params& params) -> std::unique_ptr<Aggregator> {
                  std::optional<Index> f;
                  if (params.has("f")) f = static_cast<Index>(params.integer("f"));
                  return std::make_unique<KrumAggregator>(f, static_cast<Index>(params.integer("select")));
                }});
}

}  // namespace ellopt::robust
