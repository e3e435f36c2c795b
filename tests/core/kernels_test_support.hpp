// Shared helpers for the fused-kernel tests: sizes that exercise vector tails and multi-chunk OpenMP paths,
// deterministic data, bitwise comparison, and running a body with a fixed OpenMP thread count.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "ellopt/core/kernels/chunking.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace ellopt::kernels::testing {

// 1 and 22 are shorter than one AVX-512 vector, 64 is a whole number of vectors, 1000 has a tail, 1048576 is
// 32 full chunks (the OpenMP path), and the last one ends in a partial chunk with a partial vector.
inline std::vector<std::size_t> test_sizes() {
  return {1, 22, 64, 1000, 1048576, 3 * kChunkElements + 17};
}

// Values in [lo, hi) from a SplitMix64 hash of (seed, i): the same data on every platform and thread count.
template <class T>
std::vector<T> deterministic_values(std::size_t n, std::uint64_t seed, double lo, double hi) {
  std::vector<T> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t z = seed * 0x9E3779B97F4A7C15ULL + i + 1;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    const double u = static_cast<double>(z >> 11) * 0x1.0p-53;
    out[i] = static_cast<T>(lo + (hi - lo) * u);
  }
  return out;
}

// Index of the first element whose bit pattern differs, or -1.
template <class T>
std::int64_t first_bitwise_difference(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::memcmp(&a[i], &b[i], sizeof(T)) != 0) return static_cast<std::int64_t>(i);
  return -1;
}

#define ELLOPT_EXPECT_BITWISE_EQUAL(actual, expected, what)                                 \
  do {                                                                                      \
    const auto at = ::ellopt::kernels::testing::first_bitwise_difference(actual, expected); \
    EXPECT_EQ(at, -1) << (what) << ": first difference at index " << at << ": "             \
                      << (at >= 0 ? (actual)[static_cast<std::size_t>(at)] : 0) << " vs "   \
                      << (at >= 0 ? (expected)[static_cast<std::size_t>(at)] : 0);          \
  } while (0)

// Runs body() with `threads` OpenMP threads and restores the previous setting.
template <class Body>
void with_threads(int threads, const Body& body) {
#ifdef _OPENMP
  const int previous = omp_get_max_threads();
  omp_set_num_threads(threads);
  body();
  omp_set_num_threads(previous);
#else
  (void)threads;
  body();
#endif
}

inline bool openmp_available() {
#ifdef _OPENMP
  return true;
#else
  return false;
#endif
}

}  // namespace ellopt::kernels::testing
