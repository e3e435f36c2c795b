// `ellopt bench robust`: the geometric median's Weiszfeld iterations against a STREAM triad measured in the
// same process (issue 5, Speed; target >= 50% of the triad at the large sizes), the in-process twin of
// bench/robust_bench.
//
// `ellopt bench optim`: a quick version of bench/optim_bench (issue 3, Speed): the fused Adam kernel on the
// float32 shapes {1x64M, 16x4M, 256x256K, 4096x16K}, a STREAM triad measured in the same process, libtorch
// 1.13's torch::optim::Adam on the same shapes, and the composed method against a hand-written loop, with the
// ratios and whether the targets are met. The ellopt binary does not link libtorch (loading it costs seconds
// on every command), so the libtorch column comes from running the optim_bench binary built next to it
// (build/<preset>/bench/optim_bench, or the path in ELLOPT_OPTIM_BENCH); without it the column is left empty.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "cli_context.hpp"
#include "ellopt/core/error.hpp"
#include "ellopt/experiment/optimizer_throughput.hpp"
#include "ellopt/robust/throughput.hpp"
#include "output.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace ellopt::cli {
namespace {

namespace fs = std::filesystem;

struct BenchOptions {
  CommonOptions common;
  int steps = 20;  // performance spec §6: the median of at least 20 steps
  int warmup = 1;
  bool torch = true;
};

std::string optim_bench_path() {
  if (const char* from_env = std::getenv("ELLOPT_OPTIM_BENCH")) return from_env;
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (error) return {};
  // build/<preset>/src/cli/ellopt -> build/<preset>/bench/optim_bench
  const fs::path candidate = self.parent_path().parent_path().parent_path() / "bench" / "optim_bench";
  return fs::exists(candidate) ? candidate.string() : std::string();
}

// Median ms/step of torch::optim::Adam per shape label, from the optim_bench binary's JSON output.
std::map<std::string, double> torch_adam_milliseconds(int steps, std::string& note) {
  const std::string bench = optim_bench_path();
  if (bench.empty()) {
    note = "libtorch baseline skipped: optim_bench not found (build it, or set ELLOPT_OPTIM_BENCH)";
    return {};
  }
  const fs::path out = fs::temp_directory_path() / fmt::format("ellopt-torch-adam-{}.json", ::getpid());
  const std::string command = fmt::format(
      "ELLOPT_BENCH_STEPS={} '{}' --benchmark_filter=BM_TorchAdam --benchmark_out='{}' "
      "--benchmark_out_format=json > /dev/null 2>&1",
      steps, bench, out.string());
  const int status = std::system(command.c_str());
  std::map<std::string, double> result;
  std::ifstream in(out);
  if (status != 0 || !in) {
    note = fmt::format("libtorch baseline skipped: '{}' failed (status {})", bench, status);
    return result;
  }
  const Json json = Json::parse(in, nullptr, false);
  fs::remove(out);
  if (json.is_discarded() || !json.contains("benchmarks")) {
    note = "libtorch baseline skipped: unreadable optim_bench output";
    return result;
  }
  for (const Json& run : json["benchmarks"])
    if (run.contains("label") && run.contains("median_ms"))
      result[run["label"].get<std::string>()] = run["median_ms"].get<double>();
  if (result.empty()) note = "libtorch baseline skipped: optim_bench was built without libtorch";
  return result;
}

void run_optim_bench(const BenchOptions& options) {
  if (options.steps < 1 || options.warmup < 0)
    throw ConfigError(fmt::format("bench optim: --steps = {} must be >= 1 and --warmup = {} >= 0",
                                  options.steps, options.warmup));
  const bool quiet = options.common.quiet;
  const auto say = [quiet](const std::string& text) {
    if (!quiet) std::fprintf(stderr, "%s\n", text.c_str());
  };
  say("measuring the STREAM triad (64M floats)...");
  double triad_gbps = 0.0;
  {
    experiment::StreamTriadWorkload triad(std::size_t{1} << 26);
    const double ms = experiment::median_step_milliseconds([&](std::int64_t) { triad.run(); }, options.warmup,
                                                           options.steps);
    triad_gbps =
        static_cast<double>(triad.elements()) * experiment::kTriadBytesPerElement / (ms * 1e-3) / 1e9;
  }
  std::map<std::string, double> fused;
  for (const experiment::ParamShape& shape : experiment::standard_shapes()) {
    say(fmt::format("fused Adam on {}...", shape.label()));
    experiment::FusedAdamWorkload adam(shape);
    fused[shape.label()] = experiment::median_step_milliseconds([&](std::int64_t t) { adam.step(t); },
                                                                options.warmup, options.steps);
  }
  std::string torch_note;
  std::map<std::string, double> torch;
  if (options.torch) {
    say("libtorch torch::optim::Adam on the same shapes (optim_bench)...");
    torch = torch_adam_milliseconds(options.steps, torch_note);
  } else {
    torch_note = "libtorch baseline skipped (--no-torch)";
  }
  say("composed adam vs hand-written loop (dim 10)...");
  experiment::ComposedAdamWorkload small;
  const double composed_ms =
      experiment::median_step_milliseconds([&](std::int64_t) { small.composed_steps(10000); }, 1, 9);
  const double hand_ms =
      experiment::median_step_milliseconds([&](std::int64_t) { small.handwritten_steps(10000); }, 1, 9);

  Table table{{"shape", "fused_ms", "Mparam_per_s", "GB_per_s", "percent_of_triad", "torch_ms",
               "speedup_vs_torch", "targets"},
              {}};
  for (const experiment::ParamShape& shape : experiment::standard_shapes()) {
    const double ms = fused.at(shape.label());
    const double params = static_cast<double>(shape.parameters());
    const double gbps = params * experiment::kAdamBytesPerParameter / (ms * 1e-3) / 1e9;
    const double percent = 100.0 * gbps / triad_gbps;
    const bool has_torch = torch.count(shape.label()) > 0;
    const double speedup = has_torch ? torch.at(shape.label()) / ms : 0.0;
    std::string targets = percent >= 70.0 ? "triad>=70%: met" : "triad>=70%: MISSED";
    if (has_torch) targets += speedup >= 3.0 ? ", torch>=3x: met" : ", torch>=3x: MISSED";
    table.rows.push_back({shape.label(), format_number(ms), format_number(params / (ms * 1e-3) / 1e6),
                          format_number(gbps), format_number(percent),
                          has_torch ? format_number(torch.at(shape.label())) : "-",
                          has_torch ? format_number(speedup) : "-", targets});
  }
  table.rows.push_back(
      {"triad-64M",
       format_number(triad_gbps > 0 ? static_cast<double>(std::size_t{1} << 26) *
                                          experiment::kTriadBytesPerElement / triad_gbps / 1e6
                                    : 0.0),
       "-", format_number(triad_gbps), "100", "-", "-", "reference"});
  const double ratio = composed_ms / hand_ms;
  table.rows.push_back({"composed/hand dim10", format_number(composed_ms / 10.0), "-", "-", "-", "-",
                        format_number(ratio),
                        ratio <= 1.3 ? "composed<=1.3x: met" : "composed<=1.3x: MISSED"});
  print_table(std::cout, table, options.common.output_format());
  if (options.common.output_format() == Format::kTable) {
    int threads = 1;
#ifdef _OPENMP
    threads = omp_get_max_threads();
#endif
    std::cout << fmt::format(
        "median of {} steps after {} warm-up; {} OpenMP threads; Adam at 28 B/param, triad at "
        "12 B/element; composed row: ms per 1000 steps and composed/hand ratio\n",
        options.steps, options.warmup, threads);
    // Same number of steps of the same update from the same start: the two iterates should agree.
    std::cout << fmt::format(
        "composed vs hand-written iterates after the same steps: max |difference| = {:.3g}\n",
        small.max_difference());
    if (!torch_note.empty()) std::cout << torch_note << "\n";
  }
}

struct RobustBenchOptions {
  CommonOptions common;
  int threads = 0;
  int repeats = 3;
  bool large = true;
};

void run_robust_bench(const RobustBenchOptions& options) {
  if (options.threads < 0 || options.repeats < 1)
    throw ConfigError(
        fmt::format("bench robust: --threads = {} must be >= 0 (0: default) and --repeats = {} >= 1",
                    options.threads, options.repeats));
  const bool quiet = options.common.quiet;
  const auto say = [quiet](const std::string& text) {
    if (!quiet) std::fprintf(stderr, "%s\n", text.c_str());
  };
  int threads = options.threads;
#ifdef _OPENMP
  if (threads == 0) threads = omp_get_max_threads();
#else
  threads = 1;
#endif
  // The triad's arrays (3 x 32M doubles, 768 MB) exceed any cache, like the (100, 1e6) points (800 MB).
  say(fmt::format("measuring the STREAM triad (32M doubles, {} threads)...", threads));
  const double triad = robust::stream_triad_gbps(std::size_t{1} << 25, threads, options.repeats);
  std::vector<std::pair<Index, Index>> sizes{{50, 10}, {1000, 1000}};
  if (options.large) sizes.emplace_back(100, 1000000);
  Table table{{"n", "d", "threads", "iterations", "stop", "total_ms", "setup_ms", "ms_per_iteration",
               "GB_per_s", "percent_of_triad", "target"},
              {}};
  for (const auto& size : sizes) {
    say(fmt::format("geometric median, n = {}, d = {}...", size.first, size.second));
    const auto rows = robust::measure_geometric_median({size}, threads, options.repeats);
    for (const auto& row : rows) {
      const double percent = triad > 0 ? 100.0 * row.gbps_per_iteration / triad : 0.0;
      // Small inputs live in cache and are dominated by setup: the bandwidth target applies to n d >= 1e6.
      const bool large = static_cast<double>(row.n) * static_cast<double>(row.d) >= 1e6;
      table.rows.push_back({std::to_string(row.n), std::to_string(row.d), std::to_string(row.threads),
                            std::to_string(row.iterations), row.stop_reason, format_number(row.total_ms),
                            format_number(row.setup_ms), format_number(row.ms_per_iteration),
                            format_number(row.gbps_per_iteration), format_number(percent),
                            large ? (percent >= 50.0 ? "triad>=50%: met" : "triad>=50%: MISSED") : "-"});
    }
  }
  print_table(std::cout, table, options.common.output_format());
  if (options.common.output_format() == Format::kTable)
    std::cout << fmt::format(
        "Gaussian points (seeded), ftol 1e-10, best of {} runs; per-iteration cost = (10 fixed iterations - "
        "setup) / 10, at 8 n d bytes per iteration; STREAM triad {:.3g} GB/s (24 B/element) in this run\n",
        options.repeats, triad);
}

}  // namespace

void add_bench_command(CLI::App& app) {
  static BenchOptions options;
  auto* command =
      app.add_subcommand("bench", "performance measurements (quick versions of the bench/ binaries)");
  command->require_subcommand(1);
  auto* optim = command->add_subcommand(
      "optim",
      "fused Adam vs STREAM triad vs libtorch torch::optim::Adam on float32 shapes; composed vs loop");
  optim->add_option("--steps", options.steps, "timed steps per measurement (median reported)")
      ->capture_default_str();
  optim->add_option("--warmup", options.warmup, "untimed steps first")->capture_default_str();
  optim->add_flag("--torch,!--no-torch", options.torch, "also time libtorch's Adam through optim_bench")
      ->capture_default_str();
  add_common_options(optim, options.common);
  optim->callback([] { run_optim_bench(options); });

  static RobustBenchOptions robust_options;
  auto* robust = command->add_subcommand(
      "robust", "geometric median (Weiszfeld) per-iteration bandwidth vs a STREAM triad in the same run");
  robust->add_option("--threads", robust_options.threads, "OpenMP threads (0: the default)")
      ->capture_default_str();
  robust->add_option("--repeats", robust_options.repeats, "runs per size (best reported)")
      ->capture_default_str();
  robust
      ->add_flag("--large,!--no-large", robust_options.large, "include (n, d) = (100, 1e6): 800 MB of points")
      ->capture_default_str();
  add_common_options(robust, robust_options.common);
  robust->callback([] { run_robust_bench(robust_options); });
}

}  // namespace ellopt::cli
