// Table-driven properties every registered minimax problem must satisfy: gradients equal finite differences,
// Phi(x) = f(x, y*(x)) and grad Phi = grad_x f(x, y*(x)) = finite differences of Phi, y*(x) maximizes f(x,
// .), strong concavity at least mu, a stationary known solution, an unbiased stochastic oracle with held
// samples.
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>

#include "ellopt/core/error.hpp"
#include "ellopt/core/rng.hpp"
#include "ellopt/problems/minimax/dro_simplex.hpp"
#include "ellopt/problems/minimax/minimax_problem.hpp"
#include "ellopt/problems/minimax/quadratic_game.hpp"
#include "ellopt/problems/minimax/robust_regression.hpp"
#include "ellopt/problems/minimax/toy_gan.hpp"
#include "minimax/finite_difference.hpp"

#pragma GCC diagnostic ignored "-Wuninitialized"  // GCC 12 false positive inside AVX-512 intrinsics (Eigen)

namespace ellopt::problems {
namespace {

struct ProblemCase {
  std::string name;
  Json params;
  double point_scale;  // random test points are drawn at this scale around the start
};

// Readable ctest output ("GetParam() = quadratic-game {...}" instead of the bytes of the struct).
void PrintTo(const ProblemCase& problem_case, std::ostream* out) {
  *out << problem_case.name << " " << problem_case.params.dump();
}

std::vector<ProblemCase> cases() {
  return {
      {"quadratic-game", {{"dim_x", 3}, {"dim_y", 2}, {"b_min", 0.8}, {"b_max", 1.5}}, 1.0},
      {"quadratic-game", {{"dim_x", 2}, {"dim_y", 3}, {"quartic", 0.3}}, 1.0},
      {"stackelberg-scalar", {{"a", 1.0}, {"b", 1.0}, {"mu", 0.1}}, 1.0},
      {"stackelberg-scalar", {{"a", 1.0}, {"b", 1.0}, {"mu", 0.1}, {"quartic", 0.2}}, 1.0},
      {"local-rate-game", {{"mu_x", 0.1}, {"mu_y", 0.2}}, 1.0},
      {"robust-regression", {{"n", 12}, {"d", 4}, {"mu", 0.05}}, 1.0},
      {"dro-simplex", {{"n", 6}, {"d", 3}, {"lambda", 0.2}}, 1.0},
      {"toy-gan", Json::object(), 0.3},
      {"hard-ncsc", {{"chain_length", 6}, {"kappa", 10.0}}, 0.5},
  };
}

class MinimaxProblemTable : public ::testing::TestWithParam<ProblemCase> {};

Vector random_y(const MinimaxProblem& p, RngStream& rng, double scale) {
  Vector y(p.dim_y());
  rng.fill_normal(y);
  y = p.initial_y() + scale * y;
  if (p.y_set()) p.y_set()->project(y);
  return y;
}

TEST_P(MinimaxProblemTable, GradientsMatchFiniteDifferences) {
  const auto& c = GetParam();
  const auto p = make_minimax_problem(c.name, c.params);
  RngStream rng(11);
  for (int trial = 0; trial < 5; ++trial) {
    Vector x(p->dim_x());
    rng.fill_normal(x);
    x = p->initial_x() + c.point_scale * x;
    const Vector y = random_y(*p, rng, c.point_scale);
    Vector gx(p->dim_x()), gy(p->dim_y()), gx2(p->dim_x()), gy2(p->dim_y());
    p->grad_x(x, y, gx);
    p->grad_y(x, y, gy);
    p->gradient(x, y, gx2, gy2);
    EXPECT_LT((gx - gx2).norm(), 1e-14 * (1.0 + gx.norm()));
    EXPECT_LT((gy - gy2).norm(), 1e-14 * (1.0 + gy.norm()));
    const Vector fx = testing::finite_difference_gradient([&](const Vector& v) { return p->value(v, y); }, x);
    const Vector fy = testing::finite_difference_gradient([&](const Vector& v) { return p->value(x, v); }, y);
    EXPECT_LT((gx - fx).norm(), 1e-6 * (1.0 + gx.norm())) << c.name;
    EXPECT_LT((gy - fy).norm(), 1e-6 * (1.0 + gy.norm())) << c.name;
  }
}

TEST_P(MinimaxProblemTable, PhiIsTheMaxAndItsGradientIsDanskins) {
  const auto& c = GetParam();
  const auto p = make_minimax_problem(c.name, c.params);
  ASSERT_TRUE(p->has_phi());
  RngStream rng(12);
  for (int trial = 0; trial < 4; ++trial) {
    Vector x(p->dim_x());
    rng.fill_normal(x);
    x = p->initial_x() + c.point_scale * x;
    Vector y_star(p->dim_y());
    p->best_response(x, y_star);
    EXPECT_NEAR(p->phi(x), p->value(x, y_star), 1e-12 * (1.0 + std::abs(p->phi(x))));
    // y* maximizes f(x, .): no random feasible point does better.
    for (int k = 0; k < 20; ++k) EXPECT_LE(p->value(x, random_y(*p, rng, 0.5)), p->value(x, y_star) + 1e-12);
    Vector g(p->dim_x()), gx(p->dim_x());
    p->grad_phi(x, g);
    p->grad_x(x, y_star, gx);
    EXPECT_LT((g - gx).norm(), 1e-12 * (1.0 + g.norm()));
    const Vector fd = testing::finite_difference_gradient([&](const Vector& v) { return p->phi(v); }, x);
    EXPECT_LT((g - fd).norm(), 1e-5 * (1.0 + g.norm())) << c.name;
  }
}

TEST_P(MinimaxProblemTable, StronglyConcaveInYWithTheDeclaredModulus) {
  const auto& c = GetParam();
  const auto p = make_minimax_problem(c.name, c.params);
  const auto mu = p->strong_concavity();
  ASSERT_TRUE(mu.has_value());
  EXPECT_GT(*mu, 0.0);
  RngStream rng(13);
  for (int trial = 0; trial < 4; ++trial) {
    Vector x(p->dim_x());
    rng.fill_normal(x);
    x = p->initial_x() + c.point_scale * x;
    const Vector y = random_y(*p, rng, c.point_scale);
    const Matrix h = testing::finite_difference_jacobian(
        [&](const Vector& v, Vector& out) { p->grad_y(x, v, out); }, y, p->dim_y());
    const Matrix sym = 0.5 * (h + h.transpose());
    const double largest = Eigen::SelfAdjointEigenSolver<Matrix>(sym).eigenvalues().maxCoeff();
    EXPECT_LE(largest, -*mu + 1e-5) << c.name;
  }
}

TEST_P(MinimaxProblemTable, KnownSolutionIsStationary) {
  const auto& c = GetParam();
  const auto p = make_minimax_problem(c.name, c.params);
  const auto s = p->solution();
  if (!s) GTEST_SKIP() << c.name << " has no known solution";
  Vector gx(p->dim_x()), gy(p->dim_y());
  p->gradient(s->x, s->y, gx, gy);
  EXPECT_LT(gx.norm(), 1e-12);
  EXPECT_LT(gy.norm(), 1e-12);
}

TEST_P(MinimaxProblemTable, StochasticOracleIsUnbiasedAndHeldSamplesRepeat) {
  const auto& c = GetParam();
  Json params = c.params;
  params["noise"] = 0.5;
  const auto p = make_minimax_problem(c.name, params);
  ASSERT_TRUE(p->is_stochastic());
  const Vector& x = p->initial_x();
  const Vector& y = p->initial_y();
  Vector gx(p->dim_x()), gy(p->dim_y()), sx(p->dim_x()), sy(p->dim_y());
  p->gradient(x, y, gx, gy);
  RngStream rng(14);
  Vector mean_x = Vector::Zero(p->dim_x()), mean_y = Vector::Zero(p->dim_y());
  const int draws = 20000;
  for (int k = 0; k < draws; ++k) {
    const Sample sample = p->draw_sample(rng);
    p->sample_grad_x(x, y, sample, sx);
    p->sample_grad_y(x, y, sample, sy);
    mean_x += sx / draws;
    mean_y += sy / draws;
  }
  // 5 standard errors of the mean per coordinate.
  const double tolerance = 5.0 * 0.5 / std::sqrt(static_cast<double>(draws));
  EXPECT_LT((mean_x - gx).cwiseAbs().maxCoeff(), tolerance);
  EXPECT_LT((mean_y - gy).cwiseAbs().maxCoeff(), tolerance);
  const Sample held{12345};
  Vector a(p->dim_x()), b(p->dim_x());
  p->sample_grad_x(x, y, held, a);
  p->sample_grad_x(x, y, held, b);
  EXPECT_EQ(a, b);
}

TEST_P(MinimaxProblemTable, StartPointIsSettable) {
  const auto& c = GetParam();
  Json params = c.params;
  params["x0"] = 0.25;
  const auto p = make_minimax_problem(c.name, params);
  EXPECT_TRUE(p->initial_x().isApproxToConstant(0.25));
  params["x0"] = Json::array({1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0});  // wrong length
  EXPECT_THROW(make_minimax_problem(c.name, params), ConfigError);
}

std::string case_name(const ::testing::TestParamInfo<ProblemCase>& param_info) {
  std::string name = std::to_string(param_info.index) + "_" + param_info.param.name;
  for (auto& ch : name)
    if (ch == '-') ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(AllMinimaxProblems, MinimaxProblemTable, ::testing::ValuesIn(cases()), case_name);

TEST(MinimaxRegistry, UnknownNameListsTheValidNames) {
  try {
    make_minimax_problem("no-such-game", Json::object());
    FAIL();
  } catch (const UnknownNameError& e) {
    const std::string message = e.what();
    for (const char* name :
         {"quadratic-game", "stackelberg-scalar", "robust-regression", "dro-simplex", "toy-gan", "hard-ncsc"})
      EXPECT_NE(message.find(name), std::string::npos) << name;
  }
}

TEST(MinimaxRegistry, BadParametersAreConfigErrors) {
  EXPECT_THROW(make_minimax_problem("stackelberg-scalar", {{"mu", 0.0}}), ConfigError);
  EXPECT_THROW(make_minimax_problem("stackelberg-scalar", {{"mu", -1.0}}), ConfigError);
  EXPECT_THROW(make_minimax_problem("stackelberg-scalar", {{"nu", 1.0}}), ConfigError);
  EXPECT_THROW(make_minimax_problem("stackelberg-scalar", {{"a", "one"}}), ConfigError);
  EXPECT_THROW(make_minimax_problem("robust-regression", {{"noise", -0.1}}), ConfigError);
  EXPECT_THROW(make_minimax_problem("toy-gan", {{"s", 0.0}}), ConfigError);
  EXPECT_THROW(make_minimax_problem("stackelberg-scalar", {{"x0", std::nan("")}}), ConfigError);
}

TEST(QuadraticGame, ScalarStackelbergLocalConstantsMatchClosedForms) {
  // f = -(a/2)x^2 + bxy - (mu/2)y^2: S = -a + b^2/mu > 0 (strict local minimax), H_xx = -a < 0 (not Nash).
  const auto game = make_stackelberg_scalar(1.0, 1.0, 0.1);
  const auto& k = game->constants();
  EXPECT_NEAR(k.mu_y, 0.1, 1e-14);
  EXPECT_NEAR(k.mu_x, -1.0 + 1.0 / 0.1, 1e-12);
  EXPECT_TRUE(k.strict_local_minimax);
  EXPECT_FALSE(k.local_nash);
  // Phi(x) = (1/2) S x^2.
  Vector x(1);
  x << 0.7;
  EXPECT_NEAR(game->phi(x), 0.5 * 9.0 * 0.49, 1e-12);
  // b^2 < a mu: the origin is not a local minimax point.
  EXPECT_FALSE(make_stackelberg_scalar(1.0, 0.1, 0.1)->solution().has_value());
}

TEST(RobustRegression, MatchesTheSpecsConstants) {
  // Spec §2.6: n = 50, d = 10, mu = 1e-2 gives kappa ~ 77.
  const auto p = RobustRegression::synthetic(50, 10, 1e-2, 2.0, 1);
  EXPECT_NEAR(p->lambda(), 2.0 / 50 + 1e-2, 1e-15);
  EXPECT_GT(*p->condition_number(), 40.0);
  EXPECT_LT(*p->condition_number(), 150.0);
}

TEST(DroSimplex, NonconvexConcaveVersionHasNoStrongConcavity) {
  const auto p = make_minimax_problem("dro-simplex", {{"lambda", 0.0}});
  EXPECT_FALSE(p->strong_concavity().has_value());
  EXPECT_FALSE(p->phi_is_smooth());
  // Phi(x) = max_i l_i(x).
  const auto* dro = dynamic_cast<const DroSimplex*>(p.get());
  ASSERT_NE(dro, nullptr);
  Vector x = Vector::Constant(p->dim_x(), 0.3), losses(p->dim_y());
  dro->losses(x, losses);
  EXPECT_NEAR(p->phi(x), losses.maxCoeff(), 1e-14);
  EXPECT_TRUE(p->y_set() != nullptr);
}

TEST(ToyGan, EquilibriumIsStackelbergButNotNash) {
  const ToyGan gan(1.0, 1.0, 0.5, 0.1);
  const auto local = local_constants(gan.h_xx(), gan.h_xy(), gan.h_yy());
  EXPECT_TRUE(local.strict_local_minimax);
  EXPECT_FALSE(local.local_nash);
}

}  // namespace
}  // namespace ellopt::problems
