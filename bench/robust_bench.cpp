// Geometric-median speed (issue 5 "Speed", performance.md §5): smoothed Weiszfeld to ftol 1e-10 for
// (n, d) in {(50, 10), (1000, 1000), (100, 1e6)}, reporting total ms, iterations, the setup cost
// (finiteness check, coordinate median, first distances), ms per iteration and the effective bandwidth of an
// iteration, 8 n d bytes (the points read once) per iteration time, against a STREAM triad measured in the
// same binary (a[i] = b[i] + s c[i], 24 bytes per element, arrays far larger than the caches) with the same
// thread count (inputs with n d >= 2^20 run their row ranges on OpenMP threads; smaller ones use one).
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

constexpr std::size_t kTriadElements = std::size_t{1} << 25;  // 3 x 256 MiB, far beyond the 32 MiB L3

// One STREAM triad sweep a = b + s c on `threads` threads (static split, first-touch initialised the same way).
void triad_sweep(double* __restrict a, const double* __restrict b, const double* __restrict c, std::size_t n,
                 int threads) {
#if defined(_OPENMP)
#pragma omp parallel for schedule(static) num_threads(threads)
#endif
  for (std::size_t i = 0; i < n; ++i) a[i] = b[i] + 3.0 * c[i];
  static_cast<void>(threads);
}

// Best of `repeats` sweeps, in GB/s (10^9 bytes, 24 bytes per element as STREAM counts).
double triad_gbps(int threads, int repeats) {
  std::vector<double> a(kTriadElements), b(kTriadElements), c(kTriadElements);
#if defined(_OPENMP)
#pragma omp parallel for schedule(static) num_threads(threads)
#endif
  for (std::size_t i = 0; i < kTriadElements; ++i) {
    a[i] = 0.0;
    b[i] = 1.0;
    c[i] = 2.0;
  }
  double best = 0.0;
  for (int r = 0; r < repeats; ++r) {
    const auto start = Clock::now();
    triad_sweep(a.data(), b.data(), c.data(), kTriadElements, threads);
    benchmark::DoNotOptimize(a.data());
    benchmark::ClobberMemory();
    best = std::max(best, 24.0 * static_cast<double>(kTriadElements) / seconds_since(start) / 1e9);
  }
  return best;
}

double reference_triad(int threads) {
  static const double one = triad_gbps(1, 10);
  static const double two = triad_gbps(2, 10);
  return threads == 1 ? one : two;
}

void BM_StreamTriad(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(reference_triad(threads));
  state.counters["triad_GBps"] = reference_triad(threads);
}
BENCHMARK(BM_StreamTriad)->Arg(1)->Arg(2)->Iterations(1)->Unit(benchmark::kMillisecond);

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
  const int threads = static_cast<int>(state.range(2));
  const Matrix& points = points_for(n, d);
  ellopt::robust::GeometricMedianOptions options;
  options.threads = threads;
  options.ftol = 1e-10;
  options.xtol = 0.0;
  options.max_iter = 100000;
  const ellopt::robust::GeometricMedian median(options);
  ellopt::robust::GeometricMedianOptions setup_only = options;
  setup_only.max_iter = 0;
  const ellopt::robust::GeometricMedian setup(setup_only);
  // Per-iteration cost from a run of exactly kFixed iterations minus the setup-only run: the ftol run is too
  // short (a few iterations) to separate them.
  constexpr int kFixed = 10;
  ellopt::robust::GeometricMedianOptions fixed_options = options;
  fixed_options.ftol = 0.0;
  fixed_options.max_iter = kFixed;
  const ellopt::robust::GeometricMedian fixed(fixed_options);

  double total = 0.0, setup_total = 0.0, fixed_total = 0.0;
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
    start = Clock::now();
    const auto ten = fixed.solve(points);
    fixed_total += seconds_since(start);
    benchmark::DoNotOptimize(ten.value.data());
    state.ResumeTiming();
    total += elapsed;
    iterations = result.iterations;
    stop = result.stop_reason;
  }
  const double runs = static_cast<double>(state.iterations());
  const double per_iteration = std::max(0.0, fixed_total - setup_total) / runs / kFixed;
  const double gbps = per_iteration > 0.0 ? 8.0 * static_cast<double>(n) * static_cast<double>(d) / per_iteration / 1e9 : 0.0;
  state.counters["iters"] = iterations;
  state.counters["setup_ms"] = 1e3 * setup_total / runs;
  state.counters["ms_per_iter"] = 1e3 * per_iteration;
  state.counters["GBps_per_iter"] = gbps;
  state.counters["threads"] = threads;
  state.counters["triad_GBps"] = reference_triad(threads);
  state.counters["frac_of_triad"] = gbps / reference_triad(threads);
  state.SetLabel("stop=" + stop);
}
BENCHMARK(BM_GeometricMedian)
    ->Args({50, 10, 1})
    ->Args({1000, 1000, 1})
    ->Args({1000, 1000, 2})
    ->Args({100, 1000000, 1})
    ->Args({100, 1000000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
