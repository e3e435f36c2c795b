// Nesterov's accelerated gradient, Li et al. 2023a Algorithm 1 (modified NAG), with a flag for classical NAG.
// Three sequences x, y, z do not factor as estimator | transforms | step, so it implements Method directly:
//   B_{t+1} = B_t + (1 + sqrt(4 B_t + 1))/2          ((B_{t+1} - B_t)^2 = B_{t+1}, B_t >= t^2/4)
//   A_{t+1} = B_{t+1} + 1/eta   (classical: A_{t+1} = B_{t+1}, A_0 = B_0 = 0; modified: A_0 = 1/eta)
//   y_t     = x_t + (1 - A_t/A_{t+1}) (z_t - x_t)
//   x_{t+1} = y_t - eta grad f(y_t)
//   z_{t+1} = z_t - eta (A_{t+1} - A_t) grad f(y_t)
// One gradient per iteration, at y_t (spec optimization.md §1.4(b); line order [R], as the public re-implementation).
#pragma once

#include <optional>
#include <string>

#include "ellopt/optim/method.hpp"

namespace ellopt::optim {

enum class NagStepKind {
  kConstant,    // the user's eta
  kTheorem44,   // Thm 4.4: eta = scale * min(1/(16 L^2), 1/(2L))
  kSubLinear,   // Thm 4.4 refinement for sub-linear l (Appendix C): eta = scale / (2L) [R: the constant]
};

struct NagOptions {
  bool classical = false;
  NagStepKind step = NagStepKind::kTheorem44;
  double lr = 0.0;                    // for kConstant
  double scale = 1.0;                 // fraction of a theory step actually used
  std::optional<double> f_star;       // default: the problem's f*
  std::optional<double> distance;     // an upper bound on |x0 - x*|; default: from the problem's x*
};

// The constants of the Thm 4.4 rule at a start point.
struct NagTheoryConstants {
  double G = 0;  // max{G_fix, |grad f(x0)|}, G_fix = 8 sqrt(l(2 G_fix) (Delta + D^2)) (bisection, compute_G)
  double L = 0;  // l(2G)
  double eta = 0;
  double initial_gap = 0;  // Delta = f(x0) - f*
  double distance = 0;     // D >= |x0 - x*|
};

// Li et al. 2023a, Thm 4.4: choose G >= max{8 sqrt(l(2G)((f(x0) - f*) + |x0 - x*|^2)), |grad f(x0)|}; such a G
// exists because l is sub-quadratic. G^2/l(2G) is increasing for the polynomial l, so the smallest solution of
// the first inequality is compute_G(l, F) with F = 32 (Delta + D^2) (u^2 = 2 l(2u) F <=> u = 8 sqrt(l(2u)(Delta + D^2))).
NagTheoryConstants nag_theory_constants(const Objective& f, const Vector& x0, const NagOptions& options);

class NesterovMethod final : public Method {
 public:
  explicit NesterovMethod(NagOptions options);
  std::string name() const override { return "nag"; }
  void reset(const Objective& f, const Vector& x0, RngStream& rng) override;
  // If the extrapolated point y_t leaves the domain the method writes y_t into x, so the runner stops with
  // status left_domain instead of evaluating a gradient outside the domain.
  StepReport step(const Objective& f, Vector& x, RngStream& rng) override;
  Json describe() const override;
  // {"method": "nag", "dim", "classical", "eta", "A", "B", "t", "z"}: resumes bit-identically after reset(f, x0).
  Json state() const override;
  void load_state(const Json& state) override;

  double eta() const { return eta_; }
  double A() const { return A_; }
  double B() const { return B_; }
  const Vector& z() const { return z_; }
  const Vector& y() const { return y_; }
  std::int64_t iterations() const { return t_; }

 private:
  NagOptions options_;
  NagTheoryConstants constants_;
  double eta_ = 0, A_ = 0, B_ = 0;
  Vector y_, z_, gradient_;
  std::int64_t t_ = 0;
};

}  // namespace ellopt::optim
