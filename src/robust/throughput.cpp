#include "ellopt/robust/throughput.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "ellopt/core/rng.hpp"
#include "ellopt/robust/geometric_median.hpp"

namespace ellopt::robust {

namespace {
using Clock = std::chrono::steady_clock;
double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}
}  // namespace

double stream_triad_gbps(std::size_t elements, int threads, int repeats) {
  std::vector<double> a(elements), b(elements), c(elements);
  double* __restrict pa = a.data();
  double* __restrict pb = b.data();
  double* __restrict pc = c.data();
  const long long count = static_cast<long long>(elements);
#if defined(_OPENMP)
#pragma omp parallel for schedule(static) num_threads(std::max(1, threads))
#endif
  for (long long i = 0; i < count; ++i) {
    pa[i] = 0.0;
    pb[i] = 1.0;
    pc[i] = 2.0;
  }
  double best = 0.0;
  for (int r = 0; r < repeats; ++r) {
    const auto start = Clock::now();
#if defined(_OPENMP)
#pragma omp parallel for schedule(static) num_threads(std::max(1, threads))
#endif
    for (long long i = 0; i < count; ++i) pa[i] = pb[i] + 3.0 * pc[i];
    const double ms = milliseconds_since(start);
    best = std::max(best, 24.0 * static_cast<double>(elements) / (ms * 1e6));
  }
  static_cast<void>(threads);
  volatile double sink = a[elements / 2];  // keep the sweeps
  static_cast<void>(sink);
  return best;
}

std::vector<GeometricMedianThroughput> measure_geometric_median(const std::vector<std::pair<Index, Index>>& sizes,
                                                                int threads, int repeats, std::uint64_t seed) {
  std::vector<GeometricMedianThroughput> rows;
  for (const auto& [n, d] : sizes) {
    Matrix points(d, n);
    RngStream rng(seed, {static_cast<std::uint64_t>(n), static_cast<std::uint64_t>(d)});
    double* data = points.data();
    for (Index k = 0; k < n * d; ++k) data[k] = rng.normal();
    GeometricMedianOptions options;
    options.ftol = 1e-10;
    options.xtol = 0.0;
    options.max_iter = 100000;
    options.threads = threads;
    GeometricMedianOptions setup_options = options;
    setup_options.max_iter = 0;
    GeometricMedianOptions fixed_options = options;
    fixed_options.ftol = 0.0;
    fixed_options.max_iter = 10;
    GeometricMedianThroughput row{.n = n, .d = d, .threads = threads};
    row.total_ms = row.setup_ms = 1e300;
    double fixed_ms = 1e300;
    for (int r = 0; r < std::max(1, repeats); ++r) {
      auto start = Clock::now();
      const auto result = GeometricMedian(options).solve(points);
      row.total_ms = std::min(row.total_ms, milliseconds_since(start));
      row.iterations = result.iterations;
      row.stop_reason = result.stop_reason;
      start = Clock::now();
      GeometricMedian(setup_options).solve(points);
      row.setup_ms = std::min(row.setup_ms, milliseconds_since(start));
      start = Clock::now();
      GeometricMedian(fixed_options).solve(points);
      fixed_ms = std::min(fixed_ms, milliseconds_since(start));
    }
    row.ms_per_iteration = std::max(0.0, fixed_ms - row.setup_ms) / 10.0;
    if (row.ms_per_iteration > 0.0)
      row.gbps_per_iteration = 8.0 * static_cast<double>(n) * static_cast<double>(d) / (row.ms_per_iteration * 1e6);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace ellopt::robust
