// Geometric-median speed measured in-process, for `ellopt bench robust` (issue 5, Speed; performance.md §5):
// the same quantities as bench/robust_bench, without Google Benchmark, so the CLI can print them.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ellopt/core/types.hpp"

namespace ellopt::robust {

struct GeometricMedianThroughput {
  Index n = 0;
  Index d = 0;
  int threads = 1;
  int iterations = 0;          // Weiszfeld iterations to ftol 1e-10 (Gaussian points, seeded)
  std::string stop_reason{};
  double total_ms = 0.0;       // the whole solve, best of `repeats`
  double setup_ms = 0.0;       // finiteness check, coordinate median, first distances (max_iter = 0)
  double ms_per_iteration = 0.0;  // (a 10-iteration run - setup) / 10
  double gbps_per_iteration = 0.0;  // 8 n d bytes per iteration time
};

// Measures each (n, d) with `threads` OpenMP threads (0: default), best of `repeats` wall-clock runs.
std::vector<GeometricMedianThroughput> measure_geometric_median(const std::vector<std::pair<Index, Index>>& sizes,
                                                                int threads, int repeats, std::uint64_t seed = 2026);

// STREAM triad a = b + 3 c over `elements` doubles on `threads` threads, best of `repeats`, GB/s (24 bytes
// per element).
double stream_triad_gbps(std::size_t elements, int threads, int repeats);

}  // namespace ellopt::robust
