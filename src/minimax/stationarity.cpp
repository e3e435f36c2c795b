#include "ellopt/minimax/stationarity.hpp"

#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "ellopt/core/error.hpp"

namespace ellopt::minimax {

void solve_inner_max(const problems::MinimaxProblem& problem, const Vector& x, Vector& y,
                     const InnerSolveOptions& options) {
  if (problem.has_best_response() && problem.phi_is_smooth()) {
    problem.best_response(x, y);
    return;
  }
  const auto mu = problem.strong_concavity();
  if (!mu)
    throw ConfigError(fmt::format("problem '{}' is not strongly concave in y: grad Phi needs an inner "
                                  "strongly-concave solve; use the Moreau-envelope measure for NC-C problems",
                                  problem.name()));
  if (y.size() != problem.dim_y()) y = problem.initial_y();
  const double step = 1.0 / problem.smoothness();
  Vector gy(problem.dim_y());
  Vector previous(problem.dim_y());
  std::vector<double> scratch;
  const problems::ConstraintSet* set = problem.y_set();
  if (set) set->project(y, scratch);
  for (std::int64_t k = 0; k < options.max_iterations; ++k) {
    previous = y;
    problem.grad_y(x, y, gy);
    y.noalias() += step * gy;
    if (set) set->project(y, scratch);
    if (!y.allFinite())
      throw DivergenceError(fmt::format("inner max of problem '{}' diverged; its smoothness bound ell = {} is "
                                        "too small",
                                        problem.name(), problem.smoothness()));
    if ((y - previous).norm() <= options.tolerance * (1.0 + previous.norm())) return;
  }
}

void grad_phi(const problems::MinimaxProblem& problem, const Vector& x, Vector& g, const InnerSolveOptions& options) {
  g.resize(problem.dim_x());
  if (problem.has_phi() && problem.phi_is_smooth()) {
    problem.grad_phi(x, g);
    return;
  }
  Vector y = problem.initial_y();
  solve_inner_max(problem, x, y, options);
  problem.grad_x(x, y, g);
}

double grad_phi_norm(const problems::MinimaxProblem& problem, const Vector& x, const InnerSolveOptions& options) {
  Vector g(problem.dim_x());
  grad_phi(problem, x, g, options);
  return g.norm();
}

StationarityProxy stationarity_proxy(const problems::MinimaxProblem& problem, const Vector& x, const Vector& y) {
  const auto kappa = problem.condition_number();
  if (!kappa)
    throw ConfigError(fmt::format("stationarity proxy: problem '{}' is not strongly concave (kappa undefined)",
                                  problem.name()));
  if (problem.y_set())
    throw ConfigError(fmt::format("stationarity proxy: problem '{}' constrains y; the bound ||y - y*|| <= "
                                  "||grad_y f||/mu needs Y = R^dim_y",
                                  problem.name()));
  Vector gx(problem.dim_x()), gy(problem.dim_y());
  problem.gradient(x, y, gx, gy);
  StationarityProxy out;
  out.grad_x_norm = gx.norm();
  out.grad_y_norm = gy.norm();
  out.grad_phi_bound = out.grad_x_norm + *kappa * out.grad_y_norm;
  return out;
}

MoreauResult moreau_envelope_gradient(const problems::MinimaxProblem& problem, const Vector& x,
                                      const MoreauOptions& options) {
  const double rho = options.rho > 0.0 ? options.rho : problem.smoothness();
  if (options.iterations < 1) throw ConfigError("moreau envelope: iterations must be >= 1");
  auto phi_and_subgradient = [&](const Vector& w, Vector& s) {
    if (problem.has_phi()) {
      problem.grad_phi(w, s);
      return problem.phi(w);
    }
    Vector y = problem.initial_y();
    solve_inner_max(problem, w, y);
    problem.grad_x(w, y, s);
    return problem.value(w, y);
  };
  Vector w = x;
  Vector s(problem.dim_x());
  Vector average = Vector::Zero(problem.dim_x());
  double weight_total = 0.0;
  for (std::int64_t k = 0; k < options.iterations; ++k) {
    phi_and_subgradient(w, s);
    const double weight = static_cast<double>(k + 1);
    average += weight * w;
    weight_total += weight;
    const Vector direction = s + 2.0 * rho * (w - x);
    w.noalias() -= (2.0 / (rho * static_cast<double>(k + 2))) * direction;
  }
  average /= weight_total;
  MoreauResult out;
  // Keep whichever of the weighted average and the last iterate has the smaller prox objective.
  const double average_objective = phi_and_subgradient(average, s) + rho * (average - x).squaredNorm();
  const double last_objective = phi_and_subgradient(w, s) + rho * (w - x).squaredNorm();
  out.prox = average_objective <= last_objective ? average : w;
  out.envelope_value = std::min(average_objective, last_objective);
  out.gradient = 2.0 * rho * (x - out.prox);
  out.gradient_norm = out.gradient.norm();
  return out;
}

}  // namespace ellopt::minimax
