// Gradient descent: the theory step rules of Li et al. 2023a and their lemmas as property tests, divergence
// and domain handling of the runner.
#include <gtest/gtest.h>

#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/core/rng.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/optim/runner.hpp"
#include "ellopt/optim/step_rules.hpp"
#include "ellopt/problems/registry.hpp"

namespace ellopt::optim {
namespace {

RunResult run_gd(const problems::Objective& f, const Json& params, std::int64_t steps) {
  auto method = make_method("gd", params, f);
  RunOptions options;
  options.steps = steps;
  return run(f, *method, f.default_start(), options);
}

TEST(GradientDescent, ConstantStepMatchesTheClosedFormOnAQuadraticLikeStart) {
  // cosh near 0: one step by hand.
  auto f = problems::make_problem("cosh", {{"x0", 0.3}});
  const auto result = run_gd(*f, {{"step", "constant"}, {"lr", 0.1}}, 1);
  EXPECT_DOUBLE_EQ(result.x_final[0], 0.3 - 0.1 * 2 * std::sinh(0.3));
  EXPECT_EQ(result.gradient_evaluations, 1);
}

TEST(GradientDescent, TheoryStepPicksTheoremByConvexity) {
  auto convex = problems::make_problem("cosh", {{"x0", 2.0}});
  auto nonconvex = problems::make_problem("double-well", {{"dim", 1}, {"x0", 2.0}});
  EXPECT_EQ(make_method("gd", Json(), *convex)->describe()["step_rule"]["rule"], "thm4.2");
  EXPECT_EQ(make_method("gd", Json(), *nonconvex)->describe()["step_rule"]["rule"], "thm5.2");
}

TEST(GradientDescent, Thm52StepOnTheDoubleWellMatchesSpecNumbers) {
  // Spec §1.4 [D]: x0 = 2 (d = 1): eta = 1/L = 0.040; x0 = 5: 0.0056.
  auto f2 = problems::make_problem("double-well", {{"dim", 1}, {"x0", 2.0}});
  NonconvexGdTheoryStep rule;
  rule.reset(*f2, f2->default_start());
  EXPECT_NEAR(rule.eta(), 0.040, 0.0005);
  auto f5 = problems::make_problem("double-well", {{"dim", 1}, {"x0", 5.0}});
  rule.reset(*f5, f5->default_start());
  EXPECT_NEAR(rule.eta(), 0.0056, 0.0001);
}

// Lemma 5.1 (non-convex descent) and the Thm 5.2 invariant |grad f| <= G, on random starts.
TEST(GradientDescentProperty, Lemma51NonconvexDescentOnRandomStarts) {
  RngStream rng(5);
  for (int trial = 0; trial < 30; ++trial) {
    Vector x0(5);
    for (Index i = 0; i < 5; ++i) x0[i] = rng.uniform(-6, 6);
    auto f = problems::make_problem("double-well", {{"dim", 5}, {"x0", std::vector<double>(x0.data(), x0.data() + 5)}});
    const auto result = run_gd(*f, {{"step", "thm5.2"}}, 300);
    ASSERT_TRUE(result.ok()) << result.message;
    const double G = result.method_info["step_rule"]["G"];
    const auto& fs = result.trajectory.column("f");
    const auto& gs = result.trajectory.column("grad_norm");
    for (std::size_t t = 1; t < fs.size(); ++t) {
      EXPECT_LE(fs[t], fs[t - 1] + 1e-12 * std::max(1.0, std::abs(fs[t - 1])));
      EXPECT_LE(gs[t], G);
    }
  }
}

// Lemma 4.1: convex GD with eta <= 1/(2 l(2G)) never increases |grad f|.
TEST(GradientDescentProperty, Lemma41GradientNormIsMonotoneOnConvexProblems) {
  for (const auto& [name, start] : std::vector<std::pair<std::string, double>>{
           {"quartic", 3.0}, {"cosh", 4.0}, {"exp-loss", -2.0}, {"x-plus-inv-x", 0.05}, {"x-minus-log-x", 1e-3}}) {
    auto f = problems::make_problem(name, {{"dim", 2}, {"x0", start}});
    const auto result = run_gd(*f, {{"step", "thm4.2"}}, 2000);
    ASSERT_TRUE(result.ok()) << name << ": " << result.message;
    const auto& gs = result.trajectory.column("grad_norm");
    for (std::size_t t = 1; t < gs.size(); ++t) ASSERT_LE(gs[t], gs[t - 1] * (1 + 1e-12)) << name << " step " << t;
  }
}

TEST(GradientDescent, ConstantStepDivergesOnTheQuarticFromFarStarts) {
  // Spec §0.2 [D]: x^4 with eta = 0.1 converges from 2 and diverges from 2.3.
  auto near = problems::make_problem("quartic", {{"x0", 2.0}});
  EXPECT_TRUE(run_gd(*near, {{"step", "constant"}, {"lr", 0.1}}, 200).ok());
  auto far = problems::make_problem("quartic", {{"x0", 2.3}});
  const auto result = run_gd(*far, {{"step", "constant"}, {"lr", 0.1}}, 200);
  EXPECT_EQ(result.status, RunStatus::kDiverged);
  EXPECT_NE(result.message.find("diverged"), std::string::npos);
  EXPECT_TRUE(result.x_final.allFinite());
  for (double v : result.trajectory.column("f")) EXPECT_TRUE(std::isfinite(v));
}

TEST(GradientDescent, LeavingTheDomainStopsWithAClearStatus) {
  // From x0 = 2, f' = 1/2 and a step of 5 lands at -1/2.
  auto f = problems::make_problem("x-minus-log-x", {{"x0", 2.0}});
  const auto result = run_gd(*f, {{"step", "constant"}, {"lr", 5.0}}, 10);
  EXPECT_EQ(result.status, RunStatus::kLeftDomain);
  EXPECT_NE(result.message.find("left the domain"), std::string::npos) << result.message;
  EXPECT_TRUE(f->in_domain(result.x_final));
}

TEST(GradientDescent, TheoryStepKeepsTheIterateInTheDomain) {
  auto f = problems::make_problem("x-plus-inv-x", {{"x0", 0.05}});
  EXPECT_TRUE(run_gd(*f, {{"step", "thm4.2"}}, 5000).ok());
}

TEST(GradientDescent, BadParametersAreConfigErrors) {
  auto f = problems::make_problem("double-well");
  EXPECT_THROW(make_method("gd", {{"step", "constant"}}, *f), ConfigError);               // no lr
  EXPECT_THROW(make_method("gd", {{"step", "constant"}, {"lr", -0.1}}, *f), ConfigError);  // negative lr
  EXPECT_THROW(make_method("gd", {{"step", "thm4.2"}}, *f), ConfigError);                  // not convex
  EXPECT_THROW(make_method("gd", {{"lr", 0.1}}, *f), ConfigError);                        // lr with theory step
  EXPECT_THROW(make_method("gd", {{"momentum", 0.9}}, *f), ConfigError);                  // unknown key
  EXPECT_THROW(make_method("gd", {{"scale", 2.0}}, *f), ConfigError);                      // beyond the bound
  EXPECT_THROW(make_method("no-such-method", Json(), *f), UnknownNameError);
  auto rho2 = problems::make_problem("x-minus-log-x");
  auto method = make_method("gd", {{"step", "thm5.2"}}, *rho2);
  RngStream rng(1);
  EXPECT_THROW(method->reset(*rho2, rho2->default_start(), rng), ConfigError);  // not sub-quadratic
}

TEST(Runner, RecordsEveryKthRowAndTheLast) {
  auto f = problems::make_problem("cosh", {{"x0", 1.0}});
  auto method = make_method("gd", Json(), *f);
  RunOptions options;
  options.steps = 10;
  options.record_every = 4;
  const auto result = run(*f, *method, f->default_start(), options);
  EXPECT_EQ(result.trajectory.column("step"), (std::vector<double>{0, 4, 8, 10}));
  EXPECT_EQ(result.trajectory.column("grad_evals").back(), 10);
}

TEST(Runner, SameSeedSameTrajectory) {
  auto f = problems::make_problem("double-well", {{"dim", 3}});
  auto a = make_method("gd", Json(), *f);
  auto b = make_method("gd", Json(), *f);
  RunOptions options;
  options.steps = 50;
  const auto ra = run(*f, *a, f->default_start(), options);
  const auto rb = run(*f, *b, f->default_start(), options);
  EXPECT_EQ(ra.trajectory.column("f"), rb.trajectory.column("f"));
}

}  // namespace
}  // namespace ellopt::optim
