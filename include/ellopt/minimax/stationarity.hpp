// Stationarity measures for minimax problems (spec minimax.md §1.1):
//  * NC-SC: ||grad Phi(x)||, in closed form when the problem has one, otherwise through an inner solve of the
//    strongly concave max_y f(x, y) (projected gradient ascent with step 1/ell, linear rate 1 - 1/kappa).
//  * The gradient proxy ||grad_x f(x, y)|| <= eps with ||grad_y f(x, y)|| <= eps/kappa, which implies
//    ||grad Phi(x)|| <= ||grad_x f|| + ell ||y - y*(x)|| <= ||grad_x f|| + kappa ||grad_y f|| <= 2 eps (Y = R^d).
//  * NC-C: the gradient of the Moreau envelope Phi_{1/(2 ell)}(x) = min_w Phi(w) + ell ||w - x||^2,
//    grad = 2 ell (x - prox(x)).
#pragma once

#include "ellopt/problems/minimax/minimax_problem.hpp"

namespace ellopt::minimax {

struct InnerSolveOptions {
  double tolerance = 1e-12;          // stop when ||y_{k+1} - y_k|| <= tolerance (1 + ||y_k||)
  std::int64_t max_iterations = 1'000'000;
};

// argmax_{y in Y} f(x, y) for a strongly concave problem, warm-started at `y` (overwritten). Uses the closed
// form when the problem has one. ConfigError when the problem is not strongly concave.
void solve_inner_max(const problems::MinimaxProblem& problem, const Vector& x, Vector& y,
                     const InnerSolveOptions& options = {});

// grad Phi(x) = grad_x f(x, y*(x)) (Danskin; Lin, Jin, Jordan 2020): closed form or inner solve.
void grad_phi(const problems::MinimaxProblem& problem, const Vector& x, Vector& g,
              const InnerSolveOptions& options = {});
double grad_phi_norm(const problems::MinimaxProblem& problem, const Vector& x, const InnerSolveOptions& options = {});

struct StationarityProxy {
  double grad_x_norm = 0.0;
  double grad_y_norm = 0.0;
  double grad_phi_bound = 0.0;  // ||grad_x f|| + kappa ||grad_y f||, an upper bound on ||grad Phi(x)||
  // True when ||grad_x f|| <= eps and ||grad_y f|| <= eps/kappa (which gives ||grad Phi|| <= 2 eps).
  bool proxy_stationary(double eps, double kappa) const { return grad_x_norm <= eps && grad_y_norm <= eps / kappa; }
};
// The proxy at (x, y); needs a strongly concave problem with Y = R^{dim_y} (ConfigError otherwise).
StationarityProxy stationarity_proxy(const problems::MinimaxProblem& problem, const Vector& x, const Vector& y);

struct MoreauOptions {
  std::int64_t iterations = 20000;
  // The weak-convexity modulus rho of Phi (default: the problem's ell). The envelope uses 1/(2 rho).
  double rho = 0.0;
};
struct MoreauResult {
  Vector prox;             // argmin_w Phi(w) + rho ||w - x||^2 (approximate)
  Vector gradient;         // 2 rho (x - prox)
  double gradient_norm = 0.0;
  double envelope_value = 0.0;
};
// Needs Phi (closed form, possibly nonsmooth, with a subgradient) or strong concavity (inner solve). The
// prox subproblem is rho-strongly convex; it is solved by the subgradient method with steps 2/(rho (k + 2))
// and (k+1)-weighted averaging (Lacoste-Julien, Schmidt, Bach 2012), O(1/k) accurate.
MoreauResult moreau_envelope_gradient(const problems::MinimaxProblem& problem, const Vector& x,
                                      const MoreauOptions& options = {});

}  // namespace ellopt::minimax
