// Step rules (the third axis of a composed method). Theory rules compute their step once, in reset(), from
// the problem's smoothness model l and the start point, and cite the theorem they implement.
#pragma once

#include <optional>

#include "ellopt/optim/method.hpp"

namespace ellopt::optim {

class ConstantStep final : public StepRule {
 public:
  explicit ConstantStep(double lr);
  std::string name() const override { return "constant"; }
  void reset(const Objective&, const Vector&) override {}
  double step_size(std::int64_t, const Vector&) const override { return lr_; }
  Json describe() const override { return {{"rule", name()}, {"eta", lr_}}; }

 private:
  double lr_;
};

// Li et al. 2023a, Thm 4.2 (convex GD): G = ||grad f(x0)||, L = l(2G), eta = scale / (2L). No sub-quadratic
// requirement, so it covers rho = 2 functions such as x - log x.
class ConvexGdTheoryStep final : public StepRule {
 public:
  explicit ConvexGdTheoryStep(double scale = 1.0);
  std::string name() const override { return "thm4.2"; }
  void reset(const Objective& f, const Vector& x0) override;
  double step_size(std::int64_t, const Vector&) const override { return eta_; }
  Json describe() const override;
  double G() const { return G_; }
  double L() const { return L_; }
  double eta() const { return eta_; }

 private:
  double scale_;
  double G_ = 0, L_ = 0, eta_ = 0;
};

// Li et al. 2023a, Thm 5.2 (non-convex GD): G = sup{u : u^2 <= 2 l(2u) (f(x0) - f*)} (Corollary 3.6),
// L = l(2G), eta = scale / L. Needs a sub-quadratic l and f* (from the problem or `f_star`).
class NonconvexGdTheoryStep final : public StepRule {
 public:
  explicit NonconvexGdTheoryStep(double scale = 1.0, std::optional<double> f_star = std::nullopt);
  std::string name() const override { return "thm5.2"; }
  void reset(const Objective& f, const Vector& x0) override;
  double step_size(std::int64_t, const Vector&) const override { return eta_; }
  Json describe() const override;
  double G() const { return G_; }
  double L() const { return L_; }
  double eta() const { return eta_; }
  double initial_gap() const { return gap_; }

 private:
  double scale_;
  std::optional<double> f_star_;
  double G_ = 0, L_ = 0, eta_ = 0, gap_ = 0;
};

}  // namespace ellopt::optim
