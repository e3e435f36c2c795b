// The gradient oracle seen by the update schemes: exact, or a mini-batch average of held stochastic samples
// (spec minimax.md §1.2: g_hat = (1/M) sum_{i<=M} grad f(x, y; xi_i)). It counts gradient calls, not iterations
// (spec §5): one query at one point costs 1 call when deterministic and M calls (M stochastic gradients) with
// a batch of M. A partial gradient (x-part or y-part alone) at a new point is a query of its own.
#pragma once

#include <vector>

#include "ellopt/core/rng.hpp"
#include "ellopt/problems/minimax/minimax_problem.hpp"

namespace ellopt::minimax {

class MinimaxOracle {
 public:
  // `rng` drives the sample draws of this run only (derive it from the run's seed and id).
  MinimaxOracle(const problems::MinimaxProblem& problem, Index batch_size, RngStream rng);

  // Draws a fresh batch used by the next queries (no-op for a deterministic problem). Schemes call it
  // before each query unless they reuse samples on purpose (same-sample extragradient).
  void draw_batch();
  void gradient(const Vector& x, const Vector& y, Vector& gx, Vector& gy);
  void grad_x(const Vector& x, const Vector& y, Vector& gx);
  void grad_y(const Vector& x, const Vector& y, Vector& gy);

  double calls() const { return calls_; }
  bool stochastic() const { return problem_.is_stochastic(); }
  Index batch_size() const { return batch_; }
  const problems::MinimaxProblem& problem() const { return problem_; }

 private:
  const problems::MinimaxProblem& problem_;
  Index batch_;
  RngStream rng_;
  std::vector<Sample> samples_;
  Vector work_x_, work_y_;
  double calls_ = 0.0;
};

}  // namespace ellopt::minimax
