// Optimizer-step throughput (issue 3, Speed; performance spec §3, §4, §6). For float32 parameter shapes
// {1x64M, 16x4M, 256x256K, 4096x16K}: ms/step (median over the timed steps), Mparam/s, effective GB/s at
// 28 B/param for Adam, next to a STREAM triad measured in the same run and libtorch 1.13's torch::optim::Adam
// on the same shapes (when built with libtorch); plus the composed `adam` method against a hand-written loop
// of the same update on a 10-dimensional problem. A summary table with the ratios and the targets (Adam >=
// 70% of triad and >= 3x libtorch on the large shapes; composed within 1.3x of the loop) is printed at the
// end.
//
//   ./optim_bench                                  # everything (a few minutes; ~2.5 GiB of memory at peak)
//   ./optim_bench --benchmark_filter='Fused|Triad' # without libtorch
//   OMP_NUM_THREADS=1 ./optim_bench                # single thread
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "ellopt/experiment/optimizer_throughput.hpp"

#ifdef ELLOPT_BENCH_HAS_TORCH
#include <torch/torch.h>
#endif

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

using ellopt::experiment::ParamShape;
using Clock = std::chrono::steady_clock;

constexpr int kWarmupSteps = 2;

// Spec §6: the median of >= 20 steps. ELLOPT_BENCH_STEPS overrides it (`ellopt bench optim` runs the libtorch
// part of this binary with a few steps).
int timed_steps() {
  const char* text = std::getenv("ELLOPT_BENCH_STEPS");
  const int steps = text != nullptr ? std::atoi(text) : 20;
  return steps > 0 ? steps : 20;
}
const int kTimedSteps = timed_steps();

// Median ms/step per benchmark name, for the summary.
std::map<std::string, double>& medians() {
  static std::map<std::string, double> table;
  return table;
}

// Runs `step` kWarmupSteps times untimed, then once per benchmark iteration with the wall time reported
// manually, and records the median.
template <class Step>
void time_steps(benchmark::State& state, const std::string& key, double parameters,
                double bytes_per_parameter, Step&& step) {
  std::int64_t t = 1;
  for (int i = 0; i < kWarmupSteps; ++i) step(t++);
  std::vector<double> times;
  for (auto _ : state) {
    const auto start = Clock::now();
    step(t++);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    state.SetIterationTime(seconds);
    times.push_back(seconds * 1e3);
  }
  std::sort(times.begin(), times.end());
  const double median = times[times.size() / 2];
  medians()[key] = median;
  state.counters["median_ms"] = median;
  if (bytes_per_parameter <= 0.0) return;  // the small-problem benchmarks report time only
  state.counters["Mparam/s"] = parameters / (median * 1e-3) / 1e6;
  state.counters["GB/s"] = parameters * bytes_per_parameter / (median * 1e-3) / 1e9;
}

// The OpenMP thread count at start-up (OMP_NUM_THREADS or the core count), used for libtorch too: loading
// libtorch may change the process-wide OpenMP setting.
int threads_at_start() {
#ifdef _OPENMP
  static const int threads = omp_get_max_threads();
  return threads;
#else
  return 1;
#endif
}

ParamShape shape_at(benchmark::State& state) {
  return ellopt::experiment::standard_shapes().at(static_cast<std::size_t>(state.range(0)));
}

void BM_StreamTriad(benchmark::State& state) {
#ifdef _OPENMP
  omp_set_num_threads(threads_at_start());
#endif
  ellopt::experiment::StreamTriadWorkload triad(std::size_t{1} << 26);
  time_steps(state, "triad", static_cast<double>(triad.elements()), ellopt::experiment::kTriadBytesPerElement,
             [&](std::int64_t) { triad.run(); });
}
BENCHMARK(BM_StreamTriad)->UseManualTime()->Iterations(kTimedSteps)->Unit(benchmark::kMillisecond);

void BM_FusedAdam(benchmark::State& state) {
  const ParamShape shape = shape_at(state);
  state.SetLabel(shape.label());
#ifdef _OPENMP
  omp_set_num_threads(threads_at_start());
#endif
  ellopt::experiment::FusedAdamWorkload adam(shape);
  time_steps(state, "fused/" + shape.label(), static_cast<double>(shape.parameters()),
             ellopt::experiment::kAdamBytesPerParameter, [&](std::int64_t t) { adam.step(t); });
}
BENCHMARK(BM_FusedAdam)
    ->DenseRange(0, 3)
    ->UseManualTime()
    ->Iterations(kTimedSteps)
    ->Unit(benchmark::kMillisecond);

#ifdef ELLOPT_BENCH_HAS_TORCH
// libtorch 1.13 torch::optim::Adam (single-tensor path, ~8 passes per step; spec §3.2) on the same shapes.
void BM_TorchAdam(benchmark::State& state) {
  const ParamShape shape = shape_at(state);
  state.SetLabel(shape.label());
  torch::set_num_threads(threads_at_start());
  std::vector<torch::Tensor> params;
  for (std::int64_t k = 0; k < shape.tensors; ++k) {
    params.push_back(torch::full({shape.elements}, 0.5f).set_requires_grad(true));
    params.back().mutable_grad() = torch::full({shape.elements}, 0.25f);
  }
  torch::optim::Adam optimizer(params, torch::optim::AdamOptions(1e-3));
  time_steps(state, "torch/" + shape.label(), static_cast<double>(shape.parameters()),
             ellopt::experiment::kAdamBytesPerParameter, [&](std::int64_t) { optimizer.step(); });
}
BENCHMARK(BM_TorchAdam)
    ->DenseRange(0, 3)
    ->UseManualTime()
    ->Iterations(kTimedSteps)
    ->Unit(benchmark::kMillisecond);
#endif

// The composition overhead on a tiny problem: 1000 steps per iteration.
void BM_ComposedAdam10(benchmark::State& state) {
  ellopt::experiment::ComposedAdamWorkload workload;
  time_steps(state, "composed10", 10.0, 0.0, [&](std::int64_t) { workload.composed_steps(1000); });
}
BENCHMARK(BM_ComposedAdam10)->UseManualTime()->Iterations(200)->Unit(benchmark::kMicrosecond);

void BM_HandWrittenAdam10(benchmark::State& state) {
  ellopt::experiment::ComposedAdamWorkload workload;
  time_steps(state, "hand10", 10.0, 0.0, [&](std::int64_t) { workload.handwritten_steps(1000); });
}
BENCHMARK(BM_HandWrittenAdam10)->UseManualTime()->Iterations(200)->Unit(benchmark::kMicrosecond);

const char* verdict(bool met) {
  return met ? "met" : "MISSED";
}

void print_summary() {
  const auto& m = medians();
  std::printf("\nSummary (median ms/step; Adam counted at 28 B/param, triad at 12 B/element)\n");
  std::printf("threads (ours and libtorch): %d\n", threads_at_start());
  double triad_gbps = 0.0;
  if (m.count("triad")) {
    triad_gbps = static_cast<double>(std::size_t{1} << 26) * 12.0 / (m.at("triad") * 1e-3) / 1e9;
    std::printf("STREAM triad: %.1f GB/s\n", triad_gbps);
  }
  std::printf("%-10s %10s %10s %8s %8s %10s %9s\n", "shape", "fused ms", "Mparam/s", "GB/s", "%triad",
              "torch ms", "speedup");
  for (const ParamShape& shape : ellopt::experiment::standard_shapes()) {
    const std::string label = shape.label();
    if (!m.count("fused/" + label)) continue;
    const double ms = m.at("fused/" + label);
    const double params = static_cast<double>(shape.parameters());
    const double gbps = params * 28.0 / (ms * 1e-3) / 1e9;
    const double torch_ms = m.count("torch/" + label) ? m.at("torch/" + label) : 0.0;
    std::printf("%-10s %10.2f %10.1f %8.1f %7.0f%% ", label.c_str(), ms, params / (ms * 1e-3) / 1e6, gbps,
                triad_gbps > 0 ? 100.0 * gbps / triad_gbps : 0.0);
    if (torch_ms > 0)
      std::printf("%10.2f %8.2fx\n", torch_ms, torch_ms / ms);
    else
      std::printf("%10s %9s\n", "-", "-");
  }
  if (m.count("composed10") && m.count("hand10")) {
    const double ratio = m.at("composed10") / m.at("hand10");
    std::printf("composed adam / hand-written loop, dim 10: %.2fx (target <= 1.3x: %s)\n", ratio,
                verdict(ratio <= 1.3));
  }
}

}  // namespace

int main(int argc, char** argv) {
  threads_at_start();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  print_summary();
  return 0;
}
