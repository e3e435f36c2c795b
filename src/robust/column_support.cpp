#include "column_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "ellopt/core/error.hpp"

namespace ellopt::robust::detail {

void require_shape(PointsView points, const std::string& who) {
  if (points.rows() < 1 || points.cols() < 1)
    throw ConfigError(fmt::format("{}: got a {} x {} matrix of points; give at least one point (column) of "
                                  "dimension >= 1",
                                  who, points.rows(), points.cols()));
}

ColumnSplit split_finite_columns(PointsView points, const std::string& who) {
  require_shape(points, who);
  ColumnSplit split;
  split.active.reserve(static_cast<std::size_t>(points.cols()));
  for (Index j = 0; j < points.cols(); ++j) {
    if (points.col(j).allFinite()) {
      split.active.push_back(j);
    } else {
      split.excluded.push_back(j);
    }
  }
  if (split.active.empty())
    throw ConfigError(fmt::format("{}: all {} points contain NaN or infinity; nothing to aggregate (give at "
                                  "least one finite point)",
                                  who, points.cols()));
  return split;
}

std::vector<double> active_weights(std::span<const double> weights, Index columns,
                                   const std::vector<Index>& active, const std::string& who) {
  std::vector<double> out(active.size(), 1.0);
  if (weights.empty()) return out;
  if (static_cast<Index>(weights.size()) != columns)
    throw ConfigError(fmt::format("{}: {} weights for {} points; give one weight per point", who,
                                  weights.size(), columns));
  double total = 0.0;
  for (std::size_t k = 0; k < active.size(); ++k) {
    const double w = weights[static_cast<std::size_t>(active[k])];
    if (!std::isfinite(w) || w < 0.0)
      throw ConfigError(fmt::format("{}: weight {} of point {} is not a finite non-negative number (negative "
                                    "weights make Weiszfeld non-convex)",
                                    who, w, active[k]));
    out[k] = w;
    total += w;
  }
  if (!(total > 0.0))
    throw ConfigError(fmt::format("{}: the weights of the finite points sum to {}; give a positive total", who,
                                  total));
  return out;
}

double safe_distance(const double* a, const double* b, Index d) {
  // Halving first keeps a_r - b_r finite even when a_r and b_r are near the double limit with opposite signs.
  double largest = 0.0;
  for (Index r = 0; r < d; ++r) largest = std::max(largest, std::abs(0.5 * a[r] - 0.5 * b[r]));
  if (largest == 0.0) return 0.0;
  const double inverse = 1.0 / largest;
  double sum = 0.0;
  for (Index r = 0; r < d; ++r) {
    const double scaled = (0.5 * a[r] - 0.5 * b[r]) * inverse;
    sum += scaled * scaled;
  }
  return 2.0 * largest * std::sqrt(sum);  // may be +inf only if the true distance exceeds DBL_MAX
}

double distance(const double* a, const double* b, Index d) {
  double sum = 0.0;
#if defined(_OPENMP)
#pragma omp simd reduction(+ : sum)
#endif
  for (Index r = 0; r < d; ++r) {
    const double diff = a[r] - b[r];
    sum += diff * diff;
  }
  // Overflow, or underflow (including an exact 0 that may hide tiny differences): take the safe path.
  if (squared_norm_needs_rescue(sum)) return safe_distance(a, b, d);
  return std::sqrt(sum);
}

double weighted_median(std::vector<double>& values, std::span<const double> weights) {
  const std::size_t m = values.size();
  if (m == 0) return std::nan("");
  if (weights.empty()) {
    const std::size_t upper_index = m / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(upper_index), values.end());
    const double upper = values[upper_index];
    if (m % 2 == 1) return upper;
    const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(upper_index));
    return std::midpoint(lower, upper);
  }
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  double total = 0.0;
  for (double w : weights) total += w;
  const double half = 0.5 * total;
  double cumulative = 0.0;
  for (std::size_t k = 0; k < m; ++k) {
    cumulative += weights[order[k]];
    if (cumulative > half) return values[order[k]];
    if (cumulative == half) {
      // Exactly half the weight at or below this value: every point between it and the next value with
      // positive weight is a median; take the midpoint (the unweighted even-count convention).
      for (std::size_t next = k + 1; next < m; ++next)
        if (weights[order[next]] > 0.0) return std::midpoint(values[order[k]], values[order[next]]);
      return values[order[k]];
    }
  }
  return values[order[m - 1]];
}

namespace {

// Batcher's odd-even merge sort network for any m (Knuth, TAOCP vol. 3, 5.3.4), pruned to the
// compare-exchanges that can reach the two middle outputs. Applied to whole column blocks with element-wise
// min/max it computes the median of every row at once, branch-free and vectorized.
std::vector<std::pair<Index, Index>> median_network(Index m) {
  std::vector<std::pair<Index, Index>> network;
  for (Index p = 1; p < m; p *= 2)
    for (Index k = p; k >= 1; k /= 2)
      for (Index j = k % p; j <= m - 1 - k; j += 2 * k)
        for (Index i = 0; i <= std::min(k - 1, m - j - k - 1); ++i)
          if ((i + j) / (p * 2) == (i + j + k) / (p * 2)) network.emplace_back(i + j, i + j + k);
  std::vector<char> needed(static_cast<std::size_t>(m), 0);
  needed[static_cast<std::size_t>(m / 2)] = 1;
  needed[static_cast<std::size_t>((m - 1) / 2)] = 1;
  std::vector<std::pair<Index, Index>> kept;
  for (auto it = network.rbegin(); it != network.rend(); ++it) {
    auto& a = needed[static_cast<std::size_t>(it->first)];
    auto& b = needed[static_cast<std::size_t>(it->second)];
    if (a || b) {
      kept.push_back(*it);
      a = b = 1;
    }
  }
  std::reverse(kept.begin(), kept.end());
  return kept;
}

void coordinate_median_by_network(PointsView points, const std::vector<Index>& active, Vector& out) {
  const Index d = points.rows();
  const auto m = static_cast<Index>(active.size());
  const auto network = median_network(m);
  const Index block = std::clamp<Index>(((Index{1} << 15) / m) / 8 * 8, 8, d);
  const Index blocks = (d + block - 1) / block;
  // Rows are independent, so blocks may run on any number of OpenMP threads with identical results.
#if defined(_OPENMP)
#pragma omp parallel if (static_cast<double>(m) * static_cast<double>(d) >= static_cast<double>(1 << 20))
#endif
  {
    Matrix buffer(block, m);
#if defined(_OPENMP)
#pragma omp for schedule(static)
#endif
    for (Index b = 0; b < blocks; ++b) {
      const Index r0 = b * block;
      const Index rows = std::min(block, d - r0);
      for (Index k = 0; k < m; ++k)
        buffer.col(k).head(rows) = points.col(active[static_cast<std::size_t>(k)]).segment(r0, rows);
      for (const auto& [a, c] : network) {
        double* x = buffer.col(a).data();
        double* y = buffer.col(c).data();
        for (Index r = 0; r < rows; ++r) {
          const double low = std::min(x[r], y[r]);
          const double high = std::max(x[r], y[r]);
          x[r] = low;
          y[r] = high;
        }
      }
      const double* upper = buffer.col(m / 2).data();
      const double* lower = buffer.col((m - 1) / 2).data();
      for (Index r = 0; r < rows; ++r) out[r0 + r] = m % 2 ? upper[r] : std::midpoint(lower[r], upper[r]);
    }
  }
}

}  // namespace

void coordinate_median(PointsView points, const std::vector<Index>& active, std::span<const double> weights,
                       Vector& out) {
  const Index d = points.rows();
  const auto m = static_cast<Index>(active.size());
  out.resize(d);
  // Unweighted and many rows: the vectorized selection network (about 10x faster than nth_element per row).
  if (weights.empty() && m >= 2 && m <= 4096 && d >= 64) {
    coordinate_median_by_network(points, active, out);
    return;
  }
  // Gather rows block by block into a row-major buffer so every column is read contiguously.
  const Index block = std::max<Index>(1, std::min<Index>(d, (Index{1} << 15) / std::max<Index>(1, m)));
  std::vector<double> buffer(static_cast<std::size_t>(block * m));
  std::vector<double> row(static_cast<std::size_t>(m));
  for (Index r0 = 0; r0 < d; r0 += block) {
    const Index rows = std::min(block, d - r0);
    for (Index k = 0; k < m; ++k) {
      const double* column = points.col(active[static_cast<std::size_t>(k)]).data() + r0;
      for (Index r = 0; r < rows; ++r) buffer[static_cast<std::size_t>(r * m + k)] = column[r];
    }
    for (Index r = 0; r < rows; ++r) {
      std::copy_n(buffer.begin() + static_cast<std::ptrdiff_t>(r * m), m, row.begin());
      out[r0 + r] = weighted_median(row, weights);
    }
  }
}

std::string excluded_note(const std::vector<Index>& excluded, const std::string& why) {
  if (excluded.empty()) return "";
  std::string list;
  const std::size_t shown = std::min<std::size_t>(excluded.size(), 10);
  for (std::size_t k = 0; k < shown; ++k) list += (k ? ", " : "") + std::to_string(excluded[k]);
  if (excluded.size() > shown) list += fmt::format(", ... ({} in all)", excluded.size());
  return fmt::format("{} column{} excluded ({}): {}", excluded.size(), excluded.size() == 1 ? "" : "s", why,
                     list);
}

void mean_of_columns(PointsView points, const std::vector<Index>& columns, Vector& out) {
  out.setZero(points.rows());
  for (Index j : columns) out += points.col(j);
  const double m = static_cast<double>(columns.size());
  if (out.allFinite()) {
    out /= m;
    return;
  }
  out.setZero();
  for (Index j : columns) out += points.col(j) / m;
}

}  // namespace ellopt::robust::detail
