#include "ellopt/diagnostics/chain_statistics.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numeric>

#include "ellopt/core/error.hpp"

namespace ellopt::diagnostics {
namespace {

void require(std::span<const double> series, std::size_t at_least, const char* who) {
  if (series.size() < at_least)
    throw ConfigError(fmt::format("{}: needs at least {} values, got {}", who, at_least, series.size()));
  for (double v : series)
    if (!std::isfinite(v)) throw ConfigError(fmt::format("{}: the series holds {}", who, v));
}

double mean_of(std::span<const double> s) {
  return std::accumulate(s.begin(), s.end(), 0.0) / static_cast<double>(s.size());
}

double variance_of(std::span<const double> s) {
  const double m = mean_of(s);
  double total = 0.0;
  for (double v : s) total += (v - m) * (v - m);
  return total / static_cast<double>(s.size() - 1);
}

}  // namespace

double integrated_autocorrelation_time(std::span<const double> series, double window_factor) {
  require(series, 4, "integrated_autocorrelation_time");
  const std::size_t n = series.size();
  const double m = mean_of(series);
  double c0 = 0.0;
  for (double v : series) c0 += (v - m) * (v - m);
  c0 /= static_cast<double>(n);
  if (c0 == 0.0) return 1.0;  // a constant series: no correlation to speak of
  double tau = 1.0;
  for (std::size_t k = 1; k < n; ++k) {
    double ck = 0.0;
    for (std::size_t t = 0; t + k < n; ++t) ck += (series[t] - m) * (series[t + k] - m);
    ck /= static_cast<double>(n);
    tau += 2.0 * ck / c0;
    if (static_cast<double>(k) >= window_factor * tau) break;  // Sokal's window
  }
  return std::max(tau, 1e-12);
}

double geweke_z(std::span<const double> series, double first, double last) {
  if (!(first > 0.0 && last > 0.0 && first + last <= 1.0))
    throw ConfigError(fmt::format(
        "geweke_z: first = {} and last = {} must be positive with first + last <= 1", first, last));
  require(series, 20, "geweke_z");
  const auto n = series.size();
  const auto a_len = static_cast<std::size_t>(std::floor(first * static_cast<double>(n)));
  const auto b_len = static_cast<std::size_t>(std::floor(last * static_cast<double>(n)));
  const auto a = series.subspan(0, a_len);
  const auto b = series.subspan(n - b_len, b_len);
  const auto se2 = [](std::span<const double> part) {
    return variance_of(part) * integrated_autocorrelation_time(part) / static_cast<double>(part.size());
  };
  const double denominator = std::sqrt(se2(a) + se2(b));
  if (denominator == 0.0)
    return mean_of(a) == mean_of(b) ? 0.0 : std::copysign(INFINITY, mean_of(a) - mean_of(b));
  return (mean_of(a) - mean_of(b)) / denominator;
}

double gelman_rubin(const std::vector<std::vector<double>>& chains) {
  if (chains.size() < 2)
    throw ConfigError(fmt::format("gelman_rubin: needs >= 2 chains, got {}", chains.size()));
  const std::size_t n = chains.front().size();
  std::vector<double> means;
  double within = 0.0;
  for (const auto& chain : chains) {
    if (chain.size() != n)
      throw ConfigError(
          fmt::format("gelman_rubin: chains of lengths {} and {}; give equal lengths", n, chain.size()));
    require(chain, 2, "gelman_rubin");
    means.push_back(mean_of(chain));
    within += variance_of(chain);
  }
  within /= static_cast<double>(chains.size());
  const double between = static_cast<double>(n) * variance_of(means);  // B = n * var(chain means)
  if (within == 0.0) return between == 0.0 ? 1.0 : INFINITY;
  const double pooled =
      (static_cast<double>(n - 1) / static_cast<double>(n)) * within + between / static_cast<double>(n);
  return std::sqrt(pooled / within);
}

std::vector<double> running_mean(std::span<const double> series) {
  std::vector<double> out;
  out.reserve(series.size());
  double total = 0.0;
  for (std::size_t k = 0; k < series.size(); ++k) {
    total += series[k];
    out.push_back(total / static_cast<double>(k + 1));
  }
  return out;
}

}  // namespace ellopt::diagnostics
