// Deterministic reductions over contiguous spans: fixed chunks (chunking.hpp), inside each chunk 16 running
// double sums in lane order i % 16 (vectorizable without -ffast-math), chunk sums added in chunk order. The
// result depends on the data only, not on OMP_NUM_THREADS.
#pragma once

#include <cstddef>
#include <span>

namespace ellopt::kernels {

inline constexpr std::size_t kReductionLanes = 16;

// sum_i x_i^2, accumulated in double.
template <class T>
double squared_norm(std::span<const T> x);

extern template double squared_norm<float>(std::span<const float>);
extern template double squared_norm<double>(std::span<const double>);

}  // namespace ellopt::kernels
