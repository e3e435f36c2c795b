// Geometric-median speed (issue 5 "Speed", performance.md §5): smoothed Weiszfeld to ftol 1e-10 for
// (n, d) in {(50, 10), (1000, 1000), (100, 1e6)}, reporting total ms, iterations, the setup cost
// (finiteness check, coordinate median, first distances), ms per iteration and the effective bandwidth of an
// iteration, 8 n d bytes (the points read once) per iteration time, against a STREAM triad measured in the
// same binary (a[i] = b[i] + s c[i], 24 bytes per element, arrays far larger than the caches).
//
//   ./robust_bench                      # everything
//   ./robust_bench --benchmark_filter=Triad
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <vector>

#include "ellopt/core/rng.hpp"
#include "ellopt/robust/geometric_median.hpp"

namespace {

using ellopt::Index;
using ellopt::Matrix;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// STREAM triad, single thread, best of `repeats`, in GB/s (10^9 bytes).
double triad_gbps(std::size_t elements, int repeats) {
  std::vector<double> a(elements, 0.0), b(elements, 1.0), c(elements, 2.0);
  const double scalar = 3.0;
  double best = 0.0;
  for (int r = 0; r < repeats; ++r) {
    const auto start = Clock::now();
    double* __restrict pa = a.data();
    const double* __restrict pb = b.data();
    const double* __restrict pc = c.data();
    for (std::size_t i = 0; i < elements; ++i) pa[i] = pb[i] + scalar * pc[i];
    benchmark::DoNotOptimize(a.data());
    benchmark::ClobberMemory();
    best = std::max(best, 24.0 * static_cast<double>(elements) / seconds_since(start) / 1e9);
  }
  return best;
}

constexpr std::size_t kTriadElements = std::size_t{1} << 25;  // 3 x 256 MiB, far beyond the 32 MiB L3

double reference_triad() {
  static const double gbps = triad_gbps(kTriadElements, 10);
  return gbps;
}

void BM_StreamTriad(benchmark::State& state) {
  std::vector<double> a(kTriadElements, 0.0), b(kTriadElements, 1.0), c(kTriadElements, 2.0);
  for (auto _ : state) {
    double* __restrict pa = a.data();
    const double* __restrict pb = b.data();
    const double* __restrict pc = c.data();
    for (std::size_t i = 0; i < kTriadElements; ++i) pa[i] = pb[i] + 3.0 * pc[i];
    benchmark::DoNotOptimize(a.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 24 *
                          static_cast<std::int64_t>(kTriadElements));
  state.counters["triad_GBps"] = reference_triad();
}
BENCHMARK(BM_StreamTriad)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1.0);

const Matrix& points_for(Index n, Index d) {
  static std::unique_ptr<Matrix> cached;
  static Index cached_n = -1, cached_d = -1;
  if (!cached || cached_n != n || cached_d != d) {
    cached.reset();  // free the previous size first (the largest is 800 MB)
    auto points = std::make_unique<Matrix>(d, n);
    ellopt::RngStream rng(2026, {static_cast<std::uint64_t>(n), static_cast<std::uint64_t>(d)});
    double* data = points->data();
    for (Index k = 0; k < n * d; ++k) data[k] = rng.normal();
    cached = std::move(points);
    cached_n = n;
    cached_d = d;
  }
  return *cached;
}

void BM_GeometricMedian(benchmark::State& state) {
  const Index n = state.range(0);
  const Index d = state.range(1);
  const Matrix& points = points_for(n, d);
  ellopt::robust::GeometricMedianOptions options;
  options.ftol = 1e-10;
  options.xtol = 0.0;
  options.max_iter = 100000;
  const ellopt::robust::GeometricMedian median(options);
  ellopt::robust::GeometricMedianOptions setup_only = options;
  setup_only.max_iter = 0;
  const ellopt::robust::GeometricMedian setup(setup_only);

  double total = 0.0, setup_total = 0.0;
  int iterations = 0;
  std::string stop;
  for (auto _ : state) {
    auto start = Clock::now();
    const auto result = median.solve(points);
    const double elapsed = seconds_since(start);
    benchmark::DoNotOptimize(result.value.data());
    state.SetIterationTime(elapsed);
    state.PauseTiming();
    start = Clock::now();
    const auto baseline = setup.solve(points);
    setup_total += seconds_since(start);
    benchmark::DoNotOptimize(baseline.value.data());
    state.ResumeTiming();
    total += elapsed;
    iterations = result.iterations;
    stop = result.stop_reason;
  }
  const double runs = static_cast<double>(state.iterations());
  const double per_iteration = iterations > 0 ? std::max(0.0, total - setup_total) / runs / iterations : 0.0;
  const double gbps = per_iteration > 0.0 ? 8.0 * static_cast<double>(n) * static_cast<double>(d) / per_iteration / 1e9 : 0.0;
  state.counters["iters"] = iterations;
  state.counters["setup_ms"] = 1e3 * setup_total / runs;
  state.counters["ms_per_iter"] = 1e3 * per_iteration;
  state.counters["GBps_per_iter"] = gbps;
  state.counters["triad_GBps"] = reference_triad();
  state.counters["frac_of_triad"] = gbps / reference_triad();
  state.SetLabel("stop=" + stop);
}
BENCHMARK(BM_GeometricMedian)
    ->Args({50, 10})
    ->Args({1000, 1000})
    ->Args({100, 1000000})
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
