#include "ellopt/diagnostics/displacement.hpp"

#include <fmt/format.h>

#include "ellopt/core/error.hpp"

namespace ellopt::diagnostics {

std::vector<double> mean_displacement(const std::vector<Vector>& snapshots,
                                      const std::vector<std::int64_t>& lags) {
  const auto n = static_cast<std::int64_t>(snapshots.size());
  for (const auto& s : snapshots)
    if (s.size() != snapshots.front().size())
      throw ConfigError(fmt::format("mean_displacement: snapshots of dimensions {} and {}",
                                    snapshots.front().size(), s.size()));
  std::vector<double> out;
  for (std::int64_t lag : lags) {
    if (lag < 1 || lag >= n)
      throw ConfigError(
          fmt::format("mean_displacement: lag {} needs 1 <= lag < {} (the number of snapshots)", lag, n));
    double total = 0.0;
    for (std::int64_t t = 0; t + lag < n; ++t)
      total += (snapshots[static_cast<std::size_t>(t + lag)] - snapshots[static_cast<std::size_t>(t)]).norm();
    out.push_back(total / static_cast<double>(n - lag));
  }
  return out;
}

}  // namespace ellopt::diagnostics
