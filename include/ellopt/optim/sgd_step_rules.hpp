// Step rules of the SGD family: the clipped step min(eta, gamma/|g|) and the Li et al. 2023a Thm 5.3 rule.
#pragma once

#include <optional>

#include "ellopt/optim/method.hpp"
#include "ellopt/optim/schedules.hpp"

namespace ellopt::optim {

// Clipped SGD (Zhang et al. 2019): eta_t = min(eta, gamma/|g_t|), so |x_{t+1} - x_t| <= gamma. A non-finite
// |g| gives a NaN step (never a silent zero step that would hide the divergence).
class ClippedStep final : public StepRule {
 public:
  ClippedStep(double lr, double clip);  // ConfigError unless both positive and finite
  // eta_t = schedule(t) in min(eta_t, gamma/|g|): the learning rate follows a schedule, the cap gamma does
  // not.
  ClippedStep(Schedule schedule, double clip);
  std::string name() const override { return "clipped"; }
  void reset(const Objective&, const Vector&) override {}
  double step_size(std::int64_t step, const Vector& direction) const override;
  Json describe() const override;

 private:
  Schedule schedule_;
  double clip_;
};

struct SgdTheoryOptions {
  std::int64_t horizon = 0;      // T: the number of steps the run will take
  double delta = 0.1;            // failure probability of the high-probability bound
  std::optional<double> sigma;   // sqrt(E|eps|^2); default: the problem's noise (NoisyObjective)
  std::optional<double> f_star;  // default: the problem's f*
  double c = 0.25;               // eta <= c/(G sqrt(T)); the theorem's constant is 1/4
  double scale = 1.0;            // fraction of the rule actually used
};

// Li et al. 2023a, Thm 5.3 (non-convex SGD, high probability): F = 8(f(x0) - f* + sigma)/delta,
// G = sup{u : u^2 <= 2 l(2u) F} (Corollary 3.6), L = l(2G), eta = scale * min(1/(2L), c/(G sqrt(T))).
class SgdTheoryStep final : public StepRule {
 public:
  explicit SgdTheoryStep(SgdTheoryOptions options);
  std::string name() const override { return "thm5.3"; }
  void reset(const Objective& f, const Vector& x0) override;
  double step_size(std::int64_t, const Vector&) const override { return eta_; }
  Json describe() const override;
  double F() const { return F_; }
  double G() const { return G_; }
  double L() const { return L_; }
  double sigma() const { return sigma_; }
  double eta() const { return eta_; }

 private:
  SgdTheoryOptions options_;
  double F_ = 0, G_ = 0, L_ = 0, sigma_ = 0, eta_ = 0;
};

}  // namespace ellopt::optim
