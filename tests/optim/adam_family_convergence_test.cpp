// Table-driven convergence (Optax-style): every method of this family, and gd, on {quadratic, Rosenbrock,
// double well}, with a stochastic oracle where the method needs one (additive Gaussian noise regenerated from
// the sample key). The tolerance is on |grad f| at the end (Rosenbrock: distance to its minimizer 1).
#include <gtest/gtest.h>

#include <memory>

#include "ellopt/optim/registry.hpp"
#include "ellopt/problems/registry.hpp"
#include "optim_b_test_support.hpp"

namespace ellopt::optim {
namespace {

using testing::AdditiveGaussian;
using testing::TestQuadratic;

problems::ObjectivePtr make(const std::string& problem) {
  if (problem == "quadratic") return std::make_shared<TestQuadratic>(8);
  if (problem == "rosenbrock") {
    if (problems::problems().contains("rosenbrock"))
      return problems::make_problem("rosenbrock", {{"dim", 2}});
    return problems::make_problem("double-well", {{"dim", 2}, {"x0", 0.3}});  // fallback if absent
  }
  return problems::make_problem("double-well", {{"dim", 8}, {"x0", 1.8}});
}

struct Row {
  const char* method;
  const char* problem;
  Json params;
  int steps;
  double tolerance;
};

std::vector<Row> rows() {
  const Json vr = {{"S1", 64}, {"S2", 8}, {"q", 8}};
  auto with = [](Json base, Json extra) {
    for (auto& [k, v] : extra.items()) base[k] = v;
    return base;
  };
  return {
      {"adam", "quadratic", {{"lr", 0.05}}, 3000, 1e-3},
      {"adam", "rosenbrock", {{"lr", 0.02}, {"schedule", "cosine"}, {"total_steps", 20000}}, 20000, 1e-2},
      {"adam", "double-well", {{"lr", 0.05}}, 3000, 1e-3},
      {"adamw", "quadratic", {{"lr", 0.05}, {"weight_decay", 0.0}}, 3000, 1e-3},
      {"adamw", "double-well", {{"lr", 0.05}, {"weight_decay", 0.0}}, 3000, 1e-3},
      {"adamw", "rosenbrock", {{"lr", 0.02}, {"schedule", "cosine"}, {"total_steps", 20000}}, 20000, 1e-2},
      {"gd", "quadratic", {{"step", "constant"}, {"lr", 0.1}}, 2000, 1e-6},
      // Rosenbrock's curvature near (1, 1) is ~1000, so a constant step must stay below 2/1000.
      {"gd", "rosenbrock", {{"step", "constant"}, {"lr", 0.001}}, 30000, 1e-4},
      {"gd", "double-well", {{"step", "theory"}}, 3000, 1e-6},
      {"adam", "quadratic", {{"lr", 0.05}, {"amsgrad", true}}, 3000, 1e-3},
      {"vradam", "quadratic", {{"lr", 0.05}, {"beta", 0.05}, {"S1", 256}, {"eps", 1e-3}}, 4000, 5e-2},
      {"vradam",
       "rosenbrock",
       {{"lr", 0.005},
        {"beta", 0.05},
        {"S1", 256},
        {"eps", 1e-3},
        {"schedule", "cosine"},
        {"total_steps", 30000}},
       30000,
       5e-2},
      {"vradam", "double-well", {{"lr", 0.05}, {"beta", 0.05}, {"S1", 256}, {"eps", 1e-3}}, 4000, 5e-2},
      {"spider", "quadratic", with(vr, {{"lr", 0.1}}), 2000, 5e-2},
      {"spider", "rosenbrock", with(vr, {{"lr", 1e-3}, {"c1", 1.0}, {"c2", 4.0}}), 40000, 5e-2},
      {"spider", "double-well", with(vr, {{"lr", 0.1}}), 2000, 5e-2},
      {"sarah", "quadratic", with(vr, {{"lr", 0.1}}), 2000, 5e-2},
      {"sarah", "double-well", with(vr, {{"lr", 0.05}}), 2000, 5e-2},
      {"sarah", "rosenbrock", with(vr, {{"lr", 1e-3}}), 40000, 5e-2},
      {"svrg", "quadratic", with(vr, {{"lr", 0.1}}), 2000, 5e-2},
      {"svrg", "double-well", with(vr, {{"lr", 0.05}}), 2000, 5e-2},
      {"svrg", "rosenbrock", with(vr, {{"lr", 1e-3}}), 40000, 5e-2},
  };
}

class FamilyConvergence : public ::testing::TestWithParam<std::size_t> {};

TEST_P(FamilyConvergence, ReachesTheTolerance) {
  const Row row = rows()[GetParam()];
  const std::string method_name = row.method;
  problems::ObjectivePtr f = make(row.problem);
  const bool needs_noise =
      method_name == "vradam" || method_name == "spider" || method_name == "sarah" || method_name == "svrg";
  if (needs_noise) f = std::make_shared<AdditiveGaussian>(f, 0.05);
  auto method = make_method(row.method, row.params, *f);
  RngStream rng(17);
  Vector x = f->default_start(), g(f->dim());
  method->reset(*f, x, rng);
  for (int t = 0; t < row.steps; ++t) method->step(*f, x, rng);
  ASSERT_TRUE(x.allFinite());
  f->gradient(x, g);
  if (std::string(row.problem) == "rosenbrock" && f->minimizer() && f->name() == "rosenbrock") {
    EXPECT_LT((x - *f->minimizer()).norm(), 10 * row.tolerance) << row.method;
  }
  EXPECT_LT(g.norm(), row.tolerance) << row.method << " on " << row.problem;
}

INSTANTIATE_TEST_SUITE_P(Table, FamilyConvergence, ::testing::Range<std::size_t>(0, rows().size()));

}  // namespace
}  // namespace ellopt::optim
