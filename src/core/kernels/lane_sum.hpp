// The fixed-lane-order sum used inside one chunk by every deterministic reduction (private header).
#pragma once

#include <cstddef>

#include "ellopt/core/kernels/reductions.hpp"

namespace ellopt::kernels::detail {

// Sums term(i) for i in [begin, end): lane l accumulates the i with (i - begin) % kReductionLanes == l, in
// increasing i; the lanes are then added in lane order. `begin` is always a chunk boundary, so the grouping
// is a function of the span length only. The fixed-width inner loop is what lets GCC vectorize without
// reassociating (no -ffast-math).
template <class Term>
inline double lane_sum(std::size_t begin, std::size_t end, const Term& term) {
  double lanes[kReductionLanes] = {};
  std::size_t i = begin;
  for (; i + kReductionLanes <= end; i += kReductionLanes)
    for (std::size_t l = 0; l < kReductionLanes; ++l) lanes[l] += term(i + l);
  for (std::size_t l = 0; i + l < end; ++l) lanes[l] += term(i + l);
  double total = 0.0;
  for (std::size_t l = 0; l < kReductionLanes; ++l) total += lanes[l];
  return total;
}

}  // namespace ellopt::kernels::detail
