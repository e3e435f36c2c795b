// Distances between empirical distributions, for the invariant-measure diagnostics of Zhang, Li, Sra,
// Jadbabaie 2022 (seed 8; spec optimization.md §4.5): the weights may keep moving while their distribution
// settles, so the quantity to watch is a distance between laws, not ||x_t - x_s||.
#pragma once

#include <cstdint>
#include <span>

#include "ellopt/core/rng.hpp"
#include "ellopt/core/types.hpp"

namespace ellopt::diagnostics {

// W1 between the empirical laws of two samples of real numbers (any sizes): the integral over u in (0, 1) of
// |F_a^{-1}(u) - F_b^{-1}(u)|, computed exactly from the sorted samples. ConfigError on an empty sample or a
// NaN/inf value. Sorting copies: O((n + m) log(n + m)).
double wasserstein1(std::span<const double> a, std::span<const double> b);

// Sliced W1 between two point clouds (one point per column, same dimension): the average over `directions`
// random unit vectors theta (from `seed`) of the 1-D W1 between the projections theta^T x (spec §4.5 item 3).
// A shift of every point by v gives ||v|| E|theta_1|; identical clouds give 0.
double sliced_wasserstein1(const Matrix& x, const Matrix& y, int directions, std::uint64_t seed);

// The per-layer proxy of spec §4.5 item 6: W1 between the empirical laws of the coordinates of two weight
// vectors. Permutation-invariant, so it can stay at 0 while the weights move: a proxy, labelled as such.
inline double coordinate_wasserstein1(const Vector& before, const Vector& after) {
  return wasserstein1(std::span<const double>(before.data(), static_cast<std::size_t>(before.size())),
                      std::span<const double>(after.data(), static_cast<std::size_t>(after.size())));
}

}  // namespace ellopt::diagnostics
