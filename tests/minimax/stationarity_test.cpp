#include <gtest/gtest.h>

#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/minimax/stationarity.hpp"
#include "ellopt/problems/minimax/quadratic_game.hpp"

namespace ellopt::minimax {
namespace {

// Hides a problem's closed-form Phi so that the inner strongly-concave solve is exercised.
class WithoutClosedForm final : public problems::MinimaxProblem {
 public:
  explicit WithoutClosedForm(std::unique_ptr<problems::MinimaxProblem> inner) : inner_(std::move(inner)) {
    if (inner_->y_set()) set_y_set(*inner_->y_set());
    set_initial_point(inner_->initial_x(), inner_->initial_y());
  }
  std::string name() const override { return "without-closed-form"; }
  Index dim_x() const override { return inner_->dim_x(); }
  Index dim_y() const override { return inner_->dim_y(); }
  double value(const Vector& x, const Vector& y) const override { return inner_->value(x, y); }
  void grad_x(const Vector& x, const Vector& y, Vector& g) const override { inner_->grad_x(x, y, g); }
  void grad_y(const Vector& x, const Vector& y, Vector& g) const override { inner_->grad_y(x, y, g); }
  std::optional<double> strong_concavity() const override { return inner_->strong_concavity(); }
  double smoothness() const override { return inner_->smoothness(); }

 private:
  std::unique_ptr<problems::MinimaxProblem> inner_;
};

TEST(Stationarity, InnerSolveMatchesTheClosedForm) {
  for (const char* name : {"robust-regression", "toy-gan", "dro-simplex"}) {
    auto closed = problems::make_minimax_problem(name, Json::object());
    const WithoutClosedForm hidden(problems::make_minimax_problem(name, Json::object()));
    Vector x = closed->initial_x().array() + 0.1;
    Vector g_closed(closed->dim_x()), g_inner(closed->dim_x());
    grad_phi(*closed, x, g_closed);
    grad_phi(hidden, x, g_inner);
    EXPECT_LT((g_closed - g_inner).norm(), 1e-7 * (1.0 + g_closed.norm())) << name;
  }
}

TEST(Stationarity, ProxyBoundsGradPhiAndConvertsWithFactorTwo) {
  const auto game = problems::make_random_quadratic_game(2, 2, 0.5, 0.2, 1.0, 1.5, 7);
  const double kappa = *game->condition_number();
  RngStream rng(4);
  for (int trial = 0; trial < 50; ++trial) {
    Vector x(2), y(2);
    rng.fill_normal(x);
    rng.fill_normal(y);
    const auto proxy = stationarity_proxy(*game, x, y);
    EXPECT_LE(grad_phi_norm(*game, x), proxy.grad_phi_bound * (1.0 + 1e-12));
    const double eps = std::max(proxy.grad_x_norm, kappa * proxy.grad_y_norm);
    ASSERT_TRUE(proxy.proxy_stationary(eps * (1.0 + 1e-12), kappa));
    EXPECT_LE(grad_phi_norm(*game, x), 2.0 * eps * (1.0 + 1e-12));
  }
  const auto dro = problems::make_minimax_problem("dro-simplex", Json::object());
  EXPECT_THROW(stationarity_proxy(*dro, dro->initial_x(), dro->initial_y()), ConfigError);
}

TEST(Stationarity, MoreauEnvelopeOfAQuadraticPhi) {
  // Phi(x) = (s/2) x^2 with s = -a + b^2/mu; prox(x) = 2 rho x/(s + 2 rho), gradient = 2 rho s x/(s + 2 rho).
  const auto game = problems::make_stackelberg_scalar(1.0, 1.0, 0.5);  // s = 1
  MoreauOptions options;
  options.rho = 2.0;
  Vector x(1);
  x << 0.8;
  const auto result = moreau_envelope_gradient(*game, x, options);
  EXPECT_NEAR(result.gradient[0], 2.0 * 2.0 * 1.0 * 0.8 / (1.0 + 4.0), 1e-3);
}

TEST(Stationarity, MoreauEnvelopeOfAMaxOfLosses) {
  // NC-C DRO (lambda = 0): Phi = max_i l_i. At a point where the envelope gradient is g, moving against it
  // lowers the envelope; and the gradient norm is finite and consistent across iteration counts.
  const auto dro = problems::make_minimax_problem("dro-simplex", {{"lambda", 0.0}, {"n", 5}, {"d", 2}});
  Vector x = Vector::Constant(2, 0.5);
  MoreauOptions coarse, fine;
  coarse.iterations = 5000;
  fine.iterations = 40000;
  const auto a = moreau_envelope_gradient(*dro, x, coarse);
  const auto b = moreau_envelope_gradient(*dro, x, fine);
  EXPECT_TRUE(std::isfinite(a.gradient_norm));
  EXPECT_NEAR(a.gradient_norm, b.gradient_norm, 0.05 * (1.0 + b.gradient_norm));
  EXPECT_LE(b.envelope_value, dro->phi(x) + 1e-12);  // the envelope lies below Phi
}

TEST(Stationarity, NotStronglyConcaveInnerSolveIsRefused) {
  const WithoutClosedForm hidden(problems::make_minimax_problem("dro-simplex", {{"lambda", 0.0}}));
  Vector g(hidden.dim_x());
  EXPECT_THROW(grad_phi(hidden, hidden.initial_x(), g), ConfigError);
}

}  // namespace
}  // namespace ellopt::minimax
