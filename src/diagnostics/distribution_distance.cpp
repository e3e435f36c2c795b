#include "ellopt/diagnostics/distribution_distance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "ellopt/core/error.hpp"

namespace ellopt::diagnostics {
namespace {

std::vector<double> sorted_copy(std::span<const double> values, const char* which) {
  if (values.empty()) throw ConfigError(fmt::format("wasserstein1: sample '{}' is empty", which));
  std::vector<double> out(values.begin(), values.end());
  for (double v : out)
    if (!std::isfinite(v)) throw ConfigError(fmt::format("wasserstein1: sample '{}' holds {}", which, v));
  std::sort(out.begin(), out.end());
  return out;
}

// Both quantile functions are step functions; walk the merged breakpoints i/n and j/m once.
double sorted_w1(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size()), m = static_cast<double>(b.size());
  std::size_t i = 0, j = 0;
  double u = 0.0, total = 0.0;
  while (i < a.size() && j < b.size()) {
    const double next_a = static_cast<double>(i + 1) / n, next_b = static_cast<double>(j + 1) / m;
    const double next = std::min(next_a, next_b);
    total += (next - u) * std::abs(a[i] - b[j]);
    u = next;
    if (next_a <= next) ++i;
    if (next_b <= next) ++j;
  }
  return total;
}

}  // namespace

double wasserstein1(std::span<const double> a, std::span<const double> b) {
  return sorted_w1(sorted_copy(a, "a"), sorted_copy(b, "b"));
}

double sliced_wasserstein1(const Matrix& x, const Matrix& y, int directions, std::uint64_t seed) {
  if (x.rows() != y.rows())
    throw ConfigError(
        fmt::format("sliced_wasserstein1: the clouds have dimensions {} and {}", x.rows(), y.rows()));
  if (x.cols() == 0 || y.cols() == 0) throw ConfigError("sliced_wasserstein1: an empty point cloud");
  if (directions < 1)
    throw ConfigError(fmt::format("sliced_wasserstein1: directions = {} must be >= 1", directions));
  if (!x.allFinite() || !y.allFinite())
    throw ConfigError("sliced_wasserstein1: a point holds NaN or infinity");
  Vector theta(x.rows());
  Vector px(x.cols()), py(y.cols());
  std::vector<double> sx(static_cast<std::size_t>(x.cols())), sy(static_cast<std::size_t>(y.cols()));
  double total = 0.0;
  for (int k = 0; k < directions; ++k) {
    // Direction k has its own stream: the same seed gives the same directions whatever else ran before.
    RngStream rng(seed, {static_cast<std::uint64_t>(k)});
    do {
      rng.fill_normal(theta);
    } while (theta.norm() == 0.0);
    theta.normalize();
    px.noalias() = x.transpose() * theta;
    py.noalias() = y.transpose() * theta;
    std::copy(px.data(), px.data() + px.size(), sx.begin());
    std::copy(py.data(), py.data() + py.size(), sy.begin());
    std::sort(sx.begin(), sx.end());
    std::sort(sy.begin(), sy.end());
    total += sorted_w1(sx, sy);
  }
  return total / directions;
}

}  // namespace ellopt::diagnostics
