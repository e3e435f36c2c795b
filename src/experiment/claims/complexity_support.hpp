// Shared machinery of the complexity claims E2.2, E3.1, E3.2 (spec optimization.md §7): the RA2 stopping rule,
// seeds run in parallel with one RNG stream per (claim, setting, seed) so results do not depend on the thread
// count, medians, and the "tune once at the largest eps on disjoint seeds, then hold" protocol.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "ellopt/optim/method.hpp"

namespace ellopt::experiment::complexity {

struct Ra2Outcome {
  std::int64_t evaluations = 0;  // stochastic gradient evaluations spent to produce the stopping iterate
  std::int64_t steps = 0;
  bool reached = false;
  bool diverged = false;
  double max_grad_norm = 0.0;
};

// Spec §7, RA2: the first t with (1/t) sum_{s<=t} |grad f(x_s)|^2 <= eps^2 (x_1 = x0, exact gradients of f);
// gives up (reached = false) once `max_evaluations` are spent or the iterate is non-finite.
Ra2Outcome run_ra2(const optim::Objective& f, optim::Method& method, const Vector& x0, double eps,
                   std::int64_t max_evaluations, std::uint64_t seed);

// Runs job(i) for i < count on up to `threads` threads; job i must depend only on i (its own RNG stream).
void parallel_for(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& job);
unsigned claim_threads();  // min(2, hardware threads): the machine budget of the default profile

}  // namespace ellopt::experiment::complexity
