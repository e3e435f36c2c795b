// Table-driven convergence: every optim-a method (nag, sgd, clipped-sgd, normalized-sgd, momentum) x {a convex
// quadratic, Rosenbrock, the double well} reaches the minimizer within a per-method tolerance. Precision: the
// Vector-based frame (Objective, Method) is double only (Eigen::VectorXd), so the table runs in double; float
// parameters are the fused kernels' business (bench/ and the torch parity tests).
#include <gtest/gtest.h>

#include "ellopt/optim/registry.hpp"
#include "ellopt/optim/runner.hpp"
#include "ellopt/problems/registry.hpp"
#include "sgd_test_quadratic.hpp"

namespace ellopt::optim {
namespace {

struct Case {
  std::string method;
  std::string problem;  // quadratic, rosenbrock, double-well
  Json params;
  std::int64_t steps;
  double tolerance;  // on |x_T - x*|
};

problems::ObjectivePtr make(const std::string& problem) {
  if (problem == "quadratic") {
    Vector lambda(3), center(3);
    lambda << 1.0, 0.3, 0.05;
    center << 1.0, -2.0, 0.5;
    return std::make_shared<optim_a_testing::TestQuadratic>(lambda, center, Vector::Zero(3));
  }
  if (problem == "rosenbrock") return problems::make_problem("rosenbrock", {{"dim", 2}});
  return problems::make_problem("double-well", {{"dim", 3}, {"x0", 2.0}});
}

class Convergence : public ::testing::TestWithParam<Case> {};

TEST_P(Convergence, ReachesTheMinimizer) {
  const Case& c = GetParam();
  auto f = make(c.problem);
  auto method = make_method(c.method, c.params, *f);
  RunOptions options;
  options.steps = c.steps;
  options.record_every = c.steps;
  const auto result = run(*f, *method, f->default_start(), options);
  ASSERT_TRUE(result.ok()) << result.message;
  const Vector x_star = c.problem == "double-well" ? Vector::Ones(3) : *f->minimizer();
  EXPECT_LT((result.x_final - x_star).norm(), c.tolerance)
      << c.method << " on " << c.problem << ": final |x - x*| = " << (result.x_final - x_star).norm();
}

std::vector<Case> table() {
  const Json nag_lr = {{"step", "constant"}};
  auto with = [](Json base, Json extra) {
    base.update(extra);
    return base;
  };
  return {
      {"nag", "quadratic", with(nag_lr, {{"lr", 1.0}}), 2000, 1e-8},
      // Rosenbrock's curvature at the classic start is about 1330: NAG needs eta <= 1/L there.
      {"nag", "rosenbrock", with(nag_lr, {{"lr", 5e-4}}), 200000, 1e-6},
      {"nag", "double-well", with(nag_lr, {{"lr", 0.05}}), 2000, 1e-8},
      {"sgd", "quadratic", {{"lr", 1.0}}, 2000, 1e-8},
      {"sgd", "rosenbrock", {{"lr", 1e-3}}, 60000, 1e-5},
      {"sgd", "double-well", {{"lr", 0.05}}, 2000, 1e-8},
      {"clipped-sgd", "quadratic", {{"lr", 1.0}, {"clip", 0.5}}, 2000, 1e-8},
      {"clipped-sgd", "rosenbrock", {{"lr", 1e-3}, {"clip", 0.1}}, 60000, 1e-5},
      {"clipped-sgd", "double-well", {{"lr", 0.05}, {"clip", 0.5}}, 2000, 1e-8},
      // A constant normalized step moves exactly lr each step, so it ends in an O(lr) neighbourhood.
      {"normalized-sgd", "quadratic", {{"lr", 1e-3}}, 20000, 0.05},
      {"normalized-sgd", "rosenbrock", {{"lr", 1e-3}}, 100000, 0.05},
      {"normalized-sgd", "double-well", {{"lr", 1e-3}}, 10000, 0.01},
      {"momentum", "quadratic", {{"lr", 0.1}, {"momentum", 0.9}}, 2000, 1e-8},
      {"momentum", "rosenbrock", {{"lr", 1e-3}, {"momentum", 0.9}}, 20000, 1e-6},
      {"momentum", "double-well", {{"lr", 0.01}, {"momentum", 0.9}, {"nesterov", true}}, 2000, 1e-8},
  };
}

INSTANTIATE_TEST_SUITE_P(EveryMethodEveryProblem, Convergence, ::testing::ValuesIn(table()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           std::string name = param_info.param.method + "_" + param_info.param.problem;
                           for (char& ch : name)
                             if (ch == '-') ch = '_';
                           return name;
                         });

}  // namespace
}  // namespace ellopt::optim
