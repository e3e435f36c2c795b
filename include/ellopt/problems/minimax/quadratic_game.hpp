// Quadratic games f(x, y) = 1/2 x'Ax + x'By - 1/2 y'Cy, optionally perturbed by + (c/4) sum x_i^4
// - (c/4) sum y_i^4 (the minus sign keeps f concave in y; spec minimax.md §3.5 item 1).
//
// At the origin: H_xx = A, H_xy = B, H_yy = -C. With C > 0 the game is mu_y-strongly concave
// (mu_y = lambda_min(C)); the Schur complement S = A + B C^{-1} B' is the Hessian of Phi, and the origin is a
// strict local minimax (differential Stackelberg) point iff S > 0, a local Nash point iff also A >= 0
// (spec §1.1). Without the quartic term Phi(x) = 1/2 x'Sx, grad Phi = Sx, y*(x) = C^{-1}B'x (spec §2.6 P1-b).
#pragma once

#include "ellopt/problems/minimax/minimax_problem.hpp"

namespace ellopt::problems {

// The local constants of spec §1.1 at a point with Hessian blocks (H_xx, H_xy, H_yy).
struct LocalConstants {
  double mu_y = 0.0;                  // lambda_min(-H_yy)
  double mu_x = 0.0;                  // lambda_min(S)
  double ell = 0.0;                   // spectral norm of the full Hessian
  double kappa_y = 0.0;               // ell / mu_y
  double kappa_x = 0.0;               // ell / mu_x (infinite when mu_x <= 0)
  Matrix schur;                       // S = H_xx - H_xy H_yy^{-1} H_yx
  bool strict_local_minimax = false;  // H_yy < 0 and S > 0
  bool local_nash = false;            // additionally H_xx >= 0
};

LocalConstants local_constants(const Matrix& h_xx, const Matrix& h_xy, const Matrix& h_yy);

class QuadraticGame final : public MinimaxProblem {
 public:
  // A symmetric (dim_x x dim_x), B (dim_x x dim_y), C symmetric positive definite (dim_y x dim_y).
  QuadraticGame(std::string name, Matrix a, Matrix b, Matrix c, double quartic = 0.0);

  std::string name() const override { return name_; }
  Index dim_x() const override { return a_.rows(); }
  Index dim_y() const override { return c_.rows(); }
  double value(const Vector& x, const Vector& y) const override;
  void grad_x(const Vector& x, const Vector& y, Vector& gx) const override;
  void grad_y(const Vector& x, const Vector& y, Vector& gy) const override;

  std::optional<double> strong_concavity() const override { return constants_.mu_y; }
  // Global for the pure quadratic; for the quartic perturbation the local constant at the origin.
  double smoothness() const override { return constants_.ell; }

  bool has_phi() const override { return true; }
  double phi(const Vector& x) const override;
  void grad_phi(const Vector& x, Vector& g) const override;
  void best_response(const Vector& x, Vector& y) const override;
  std::optional<SaddlePoint> solution() const override;
  Json describe() const override;

  const Matrix& a() const { return a_; }
  const Matrix& b() const { return b_; }
  const Matrix& c() const { return c_; }
  double quartic() const { return quartic_; }
  const LocalConstants& constants() const { return constants_; }
  // Hessian blocks at the origin (exact for the quadratic; the quartic term has zero Hessian there).
  Matrix h_xx() const { return a_; }
  Matrix h_xy() const { return b_; }
  Matrix h_yy() const { return -c_; }

 private:
  std::string name_;
  Matrix a_, b_, c_;
  double quartic_;
  LocalConstants constants_;
  Matrix response_;  // C^{-1} B'
};

// The scalar Stackelberg-but-not-Nash game of spec §3.3: f = -(a/2)x^2 + b x y - (mu/2) y^2 (+ quartic).
std::unique_ptr<QuadraticGame> make_stackelberg_scalar(double a, double b, double mu, double quartic = 0.0);
// The local-rate instance of spec §3.3: f = (mu_x/2) x2^2 - 1/2 x1^2 + x1 y - (mu_y/2) y^2.
std::unique_ptr<QuadraticGame> make_local_rate_game(double mu_x, double mu_y);
// A = -a I, C = mu I, B = U diag(s) V' with random orthogonal U, V (seeded) and singular values s
// spaced linearly in [b_min, b_max]; the exact small-step threshold is again a/mu when b_min^2 > a mu
// (spec §3.5 item 1).
std::unique_ptr<QuadraticGame> make_random_quadratic_game(Index dim_x, Index dim_y, double a, double mu,
                                                          double b_min, double b_max, std::uint64_t seed,
                                                          double quartic = 0.0);

}  // namespace ellopt::problems
