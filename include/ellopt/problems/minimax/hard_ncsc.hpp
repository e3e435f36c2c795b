// The NC-SC hard instance of spec minimax.md §4.2 (Li, Tian, Zhang, Jadbabaie 2021, "Complexity lower bounds
// for nonconvex-strongly-concave min-max optimization"). [R] The paper's own instance was not available; this
// is the spec's verified reconstruction on the same principle: Carmon et al.'s quadratic chain
// fbar_{T,m}(x) = (sqrt(m)/2)(x_1 - 1)^2 + 1/2 sum (x_{i+1} - x_i)^2 + m sum Upsilon(x_i) lifted into a
// min-max problem by a bilinear, strongly concave y-block:
//   beta = kappa/3, nu = 1/180, m = nu/beta, q = m^{1/4}, a = ell lambda^2 / 3,
//   u_1 = q(xh_1 - 1), u_i = xh_i - xh_{i-1};  fh(xh, yh) = <yh, u(xh)> - ||yh||^2/(2 beta) + nu sum
//   Upsilon(xh_i), f(x, y) = a fh(x/lambda, y/lambda),  y*(x) = lambda beta u(x/lambda),  Phi(x) = a beta
//   fbar(x/lambda).
// Guarantees: ell-smooth, exactly (ell/kappa)-strongly concave, zero chain (x_T != 0 needs >= 2T - 1 queries
// from (0, 0)), ||grad Phi|| >= eps_T while x_T = 0, Phi(0) - inf Phi <= Delta_T.
#pragma once

#include "ellopt/problems/minimax/minimax_problem.hpp"

namespace ellopt::problems {

// Upsilon(t) = 120 int_1^t s^2 (s - 1)/(1 + s^2) ds and its derivatives (spec §4.2).
double chain_upsilon(double t);
double chain_upsilon_derivative(double t);
double chain_upsilon_second_derivative(double t);

struct HardNcscSize {
  Index chain_length = 0;  // T
  double scale = 1.0;      // lambda
};

// T and lambda from (ell, kappa, Delta, eps) (spec §4.2): lambda = 12 eps / (ell beta m^{3/4}) makes eps_T =
// eps, T = floor((3 Delta/(ell lambda^2 beta) - sqrt(m)/2) / (10 m)) ~ sqrt(kappa) ell Delta / (11155 eps^2).
// Throws ConfigError saying what T would be when T < 1 or T > max_chain_length.
HardNcscSize hard_ncsc_size(double ell, double kappa, double delta, double eps, Index max_chain_length);
// The real-valued T before flooring (for scaling plots without building the instance).
double hard_ncsc_chain_length_real(double ell, double kappa, double delta, double eps);

class HardNcsc final : public MinimaxProblem {
 public:
  // kappa >= 3 (the construction needs beta = kappa/3 >= 1), T >= 1, ell > 0, lambda > 0.
  HardNcsc(Index chain_length, double kappa, double ell = 1.0, double scale = 1.0);

  std::string name() const override { return "hard-ncsc"; }
  Index dim_x() const override { return t_; }
  Index dim_y() const override { return t_; }
  double value(const Vector& x, const Vector& y) const override;
  void grad_x(const Vector& x, const Vector& y, Vector& gx) const override;
  void grad_y(const Vector& x, const Vector& y, Vector& gy) const override;

  std::optional<double> strong_concavity() const override { return ell_ / kappa_; }
  double smoothness() const override { return ell_; }
  bool has_phi() const override { return true; }
  double phi(const Vector& x) const override;
  void grad_phi(const Vector& x, Vector& g) const override;
  void best_response(const Vector& x, Vector& y) const override;
  // inf Phi = 0 at x = lambda * 1, y = y*(x) = 0.
  std::optional<SaddlePoint> solution() const override;
  Json describe() const override;

  Index chain_length() const { return t_; }
  double kappa() const { return kappa_; }
  double scale() const { return lambda_; }
  double chain_m() const { return m_; }
  // eps_T = (ell lambda beta / 3) m^{3/4} / 4: ||grad Phi(x)|| >= eps_T whenever x_T = 0.
  double eps_floor() const;
  // Delta_T = (ell lambda^2 beta / 3)(sqrt(m)/2 + 10 m T) >= Phi(0) - inf Phi.
  double gap_bound() const;
  // Progress measure: the largest index i (1-based) with |x_i| > threshold, 0 if none.
  static Index revealed_coordinates(const Vector& x, double threshold = 0.0);
  // The zero-chain argument (spec §4.2): a first-order method reveals at most one coordinate per oracle call,
  // and ||grad Phi|| stays above eps until x_T moves; the runner records this as the "revealed" column.
  std::string progress_name() const override { return "revealed"; }
  double progress(const Vector& x) const override { return static_cast<double>(revealed_coordinates(x)); }
  // The unlifted chain fbar_{T,m} and its gradient (for tests).
  double chain_value(const Vector& xh) const;
  void chain_gradient(const Vector& xh, Vector& g) const;

 private:
  Index t_;
  double kappa_, ell_, lambda_;
  double beta_, nu_, m_, q_, a_;
  mutable Vector uh_;  // scratch
};

}  // namespace ellopt::problems
