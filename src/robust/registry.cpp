#include <fmt/format.h>

#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/robust/aggregator.hpp"
#include "registrations.hpp"

namespace ellopt::robust {

const AggregatorRegistry& aggregators() {
  static const AggregatorRegistry registry = [] {
    AggregatorRegistry r("aggregator");
    detail::register_mean(r);
    detail::register_coordinate_median(r);
    detail::register_trimmed_mean(r);
    detail::register_krum(r);
    detail::register_geometric_median(r);
    detail::register_gmom(r);
    return r;
  }();
  return registry;
}

std::unique_ptr<Aggregator> make_aggregator(const std::string& name, const Json& params) {
  const auto& entry = aggregators().get(name);
  return entry.factory(entry.schema.bind(params, fmt::format("aggregator '{}'", name)));
}

Matrix stack_messages(const std::vector<Vector>& messages, Index dim) {
  if (dim < 1) throw ConfigError(fmt::format("stack_messages: dimension {} must be >= 1", dim));
  Matrix points(dim, static_cast<Index>(messages.size()));
  for (std::size_t j = 0; j < messages.size(); ++j) {
    if (messages[j].size() == dim) {
      points.col(static_cast<Index>(j)) = messages[j];
    } else {
      points.col(static_cast<Index>(j)).setConstant(std::nan(""));  // malformed: excluded downstream
    }
  }
  return points;
}

namespace {
void require_alpha(double alpha, const char* who) {
  if (!(alpha >= 0.0 && alpha < 0.5))
    throw ConfigError(fmt::format("{}: alpha = {} must lie in [0, 1/2); the geometric median's breakdown "
                                  "point is 1/2",
                                  who, alpha));
}
}  // namespace

double robustness_constant(double alpha) {
  require_alpha(alpha, "robustness_constant");
  return (1.0 - alpha) / std::sqrt(1.0 - 2.0 * alpha);  // Minsker 2015, Hilbert-space lemma (spec §1.4)
}

double robustness_constant_banach(double alpha) {
  require_alpha(alpha, "robustness_constant_banach");
  return 2.0 * (1.0 - alpha) / (1.0 - 2.0 * alpha);  // Minsker 2015, general Banach-space constant
}

}  // namespace ellopt::robust
