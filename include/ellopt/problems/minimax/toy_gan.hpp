// The regularized toy GAN of spec minimax.md §3.5 item 4 (a Stackelberg, non-Nash equilibrium when a > 0).
// Data N(m, s^2); generator G(z) = theta_1 + theta_2 z; quadratic discriminator D(t) = psi_1 t + psi_2 t^2:
//   f(theta, psi) = psi_1 (m - theta_1) + psi_2 (m^2 + s^2 - theta_1^2 - theta_2^2) - (mu/2)||psi||^2
//                   - (a/2)||theta - theta*||^2,   theta* = (m, s).
// At (theta*, 0): H_theta_theta = -a I, B = [[-1, -2m], [0, -2s]], C = mu I; Stackelberg iff
// sigma_min(B)^2 > a mu; the continuous-time GDA threshold is exactly tau* = a/mu (a = 0: any ratio works).
// f is not globally smooth (psi_2 theta^2 terms): smoothness() is the local constant at the equilibrium.
#pragma once

#include "ellopt/problems/minimax/minimax_problem.hpp"

namespace ellopt::problems {

class ToyGan final : public MinimaxProblem {
 public:
  ToyGan(double m, double s, double mu, double a);

  std::string name() const override { return "toy-gan"; }
  Index dim_x() const override { return 2; }
  Index dim_y() const override { return 2; }
  double value(const Vector& theta, const Vector& psi) const override;
  void grad_x(const Vector& theta, const Vector& psi, Vector& gx) const override;
  void grad_y(const Vector& theta, const Vector& psi, Vector& gy) const override;

  std::optional<double> strong_concavity() const override { return mu_; }
  double smoothness() const override { return ell_; }
  bool has_phi() const override { return true; }
  double phi(const Vector& theta) const override;
  void grad_phi(const Vector& theta, Vector& g) const override;
  void best_response(const Vector& theta, Vector& psi) const override;
  std::optional<SaddlePoint> solution() const override;
  Json describe() const override;

  // Hessian blocks at the equilibrium (theta*, 0).
  Matrix h_xx() const;
  Matrix h_xy() const;
  Matrix h_yy() const;

 private:
  double m_, s_, mu_, a_;
  double ell_;
};

}  // namespace ellopt::problems
