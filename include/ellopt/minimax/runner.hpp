// Runs a minimax method on a problem and records the series columns of issue 4: `step`, `calls`,
// `grad_phi_norm` (where Phi is smooth and computable), `dist_to_solution` (where a solution is known),
// `grad_x_norm`, `grad_y_norm` (the projected-gradient mapping (y - P(y + eta_y g_y))/eta_y when Y is
// constrained). Metrics are evaluated with exact gradients and are not counted as calls.
// Divergence (non-finite values or a norm above the threshold) stops the run and is reported with its step
// and the norms; the output never contains NaN (the last finite iterate is returned).
#pragma once

#include <optional>
#include <string>

#include "ellopt/core/series.hpp"
#include "ellopt/minimax/method.hpp"

namespace ellopt::minimax {

struct MinimaxRunOptions {
  std::int64_t steps = 1000;
  std::uint64_t seed = 1;
  std::int64_t record_every = 0;          // 0: about 500 rows; rows at 0, k, 2k, ... and always the last step
  std::int64_t check_every = 1;           // how often stopping targets and output=best are evaluated
  double max_calls = 0.0;                 // > 0: stop once this many gradient calls were used
  std::optional<double> target_grad_phi;  // stop once ||grad Phi(x_t)|| <= target
  std::optional<double> target_distance;  // stop once ||z_t - z*|| <= target
  double divergence_threshold = 1e12;     // ||x||, ||y|| or a gradient norm above this counts as divergence
  bool record_series = true;
  bool throw_on_divergence = false;  // DivergenceError instead of a flagged result
};

struct Divergence {
  std::int64_t step = 0;
  double calls = 0.0;
  double norm_x = 0.0;  // at the diverging step (finite or the threshold-crossing value)
  double norm_y = 0.0;
  bool non_finite = false;  // NaN/inf appeared (then the norms are those of the last finite iterate)
  std::string message;
};

struct MinimaxRunResult {
  Vector x_initial, y_initial;
  Vector x_final, y_final;  // the iterate chosen by the output policy
  Vector x_last, y_last;    // the last finite iterate
  std::int64_t steps_done = 0;
  double calls = 0.0;
  bool reached_target = false;
  std::optional<double> calls_at_target;
  std::optional<Divergence> divergence;
  std::int64_t output_step = 0;  // which iterate was returned
  ColumnSeries series;
  // Final metrics at x_final/y_final (null when unavailable).
  std::optional<double> grad_phi_norm, dist_to_solution;
  // NC-C problems (Phi nonsmooth, no strong concavity): |grad Phi_{1/(2 ell)}(x_final)|, the Moreau-envelope
  // stationarity measure of Lin, Jin, Jordan 2020 (spec §1.1), when Phi has a closed form.
  std::optional<double> moreau_grad_norm;
  double grad_x_norm = 0.0, grad_y_norm = 0.0;
  bool diverged() const { return divergence.has_value(); }
  Json summary() const;
};

// Evaluates the recorded metrics with preallocated buffers.
class MinimaxMetrics {
 public:
  MinimaxMetrics(const problems::MinimaxProblem& problem, const UpdateScheme& scheme);
  bool has_grad_phi() const { return has_grad_phi_; }
  bool has_solution() const { return solution_.has_value(); }
  double grad_phi_norm(const Vector& x);
  double dist_to_solution(const Vector& x, const Vector& y) const;
  // (||grad_x f||, ||gradient mapping in y||).
  std::pair<double, double> gradient_norms(const Vector& x, const Vector& y);
  double metric(const std::string& name, const Vector& x, const Vector& y);

 private:
  const problems::MinimaxProblem& problem_;
  const UpdateScheme& scheme_;
  bool has_grad_phi_;
  std::optional<problems::SaddlePoint> solution_;
  Vector gx_, gy_, y_work_, y_inner_;
  std::vector<double> scratch_;
};

MinimaxRunResult run_minimax(const problems::MinimaxProblem& problem, const MethodConfig& method,
                             const MinimaxRunOptions& options);

}  // namespace ellopt::minimax
