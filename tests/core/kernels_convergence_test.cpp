// The fused kernels as optimizers, in float and in double (issue 3, Correctness: "the convergence table in
// both precisions"): Adam (linearly decayed lr), SGD with heavy-ball momentum and the clipped SPIDER step
// (with exact gradients SPIDER's recursion is the gradient itself, so this is clipped GD) on a separable
// quadratic, 2-d Rosenbrock and a 16-d double well. The check is the distance to the known minimizer, with a
// tolerance per precision: float's 24-bit mantissa limits how close an iterate can be resolved (and, on
// Rosenbrock, where the valley's curvature ratio is ~2500, how accurately the gradient is computed near (1,
// 1)).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "core/kernels_test_support.hpp"
#include "ellopt/core/kernels/adam.hpp"
#include "ellopt/core/kernels/sgd.hpp"
#include "ellopt/core/kernels/spider.hpp"

namespace ellopt::kernels {
namespace {

template <class T>
struct TestProblem {
  std::string name;
  std::vector<T> start, minimizer;
  std::function<void(const std::vector<T>&, std::vector<T>&)> gradient;
  double tolerance;  // on max_i |x_i - x*_i|
};

template <class T>
double tolerance_for(double float_tol, double double_tol) {
  return std::is_same_v<T, float> ? float_tol : double_tol;
}

template <class T>
std::vector<TestProblem<T>> problems() {
  const auto a = testing::deterministic_values<double>(64, 61, 0.5, 5.0);
  const auto b = testing::deterministic_values<double>(64, 62, -1.0, 1.0);
  std::vector<T> b_t(b.begin(), b.end());
  return {
      {"quadratic", std::vector<T>(64, T(0)), b_t,
       [a, b](const std::vector<T>& x, std::vector<T>& g) {
         for (std::size_t i = 0; i < x.size(); ++i) g[i] = static_cast<T>(a[i] * (x[i] - b[i]));
       },
       tolerance_for<T>(1e-4, 1e-8)},
      {"rosenbrock",
       {T(-1.2), T(1)},
       {T(1), T(1)},
       [](const std::vector<T>& x, std::vector<T>& g) {
         const T r = x[1] - x[0] * x[0];
         g[0] = T(-2) * (T(1) - x[0]) - T(400) * x[0] * r;
         g[1] = T(200) * r;
       },
       tolerance_for<T>(1e-2, 1e-5)},
      {"double-well", std::vector<T>(16, T(1.8)), std::vector<T>(16, T(1)),
       [](const std::vector<T>& x, std::vector<T>& g) {
         for (std::size_t i = 0; i < x.size(); ++i) g[i] = x[i] * x[i] * x[i] - x[i];
       },
       tolerance_for<T>(1e-4, 1e-8)},
  };
}

template <class T>
double max_distance(const std::vector<T>& x, const std::vector<T>& target) {
  double worst = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i)
    worst = std::max(worst, std::abs(static_cast<double>(x[i]) - static_cast<double>(target[i])));
  return worst;
}

template <class T>
class KernelConvergence : public ::testing::Test {};
using Precisions = ::testing::Types<float, double>;
TYPED_TEST_SUITE(KernelConvergence, Precisions);

TYPED_TEST(KernelConvergence, AdamWithDecayedStepReachesTheMinimizer) {
  using T = TypeParam;
  for (const auto& p : problems<T>()) {
    const bool valley = p.name == "rosenbrock";
    const int steps = valley ? 40000 : 6000;
    std::vector<T> x = p.start, g(x.size()), m(x.size(), T(0)), v(x.size(), T(0));
    AdamOptions options;
    for (int t = 1; t <= steps; ++t) {
      options.lr = (valley ? 0.02 : 0.05) * (1.0 - static_cast<double>(t - 1) / steps);  // linear decay to 0
      p.gradient(x, g);
      adam_step<T>(x, g, m, v, {}, options, t);
    }
    EXPECT_LE(max_distance(x, p.minimizer), p.tolerance) << p.name;
  }
}

TYPED_TEST(KernelConvergence, HeavyBallMomentumReachesTheMinimizer) {
  using T = TypeParam;
  for (const auto& p : problems<T>()) {
    const bool valley = p.name == "rosenbrock";
    std::vector<T> x = p.start, g(x.size()), buffer(x.size(), T(0));
    SgdOptions options;
    options.lr = valley ? 2e-4 : 0.02;
    options.momentum = 0.9;
    for (int t = 1; t <= (valley ? 60000 : 4000); ++t) {
      p.gradient(x, g);
      sgd_momentum_step<T>(x, g, buffer, options, t == 1);
    }
    EXPECT_LE(max_distance(x, p.minimizer), p.tolerance) << p.name;
  }
}

TYPED_TEST(KernelConvergence, ClippedSpiderStepReachesTheMinimizer) {
  using T = TypeParam;
  for (const auto& p : problems<T>()) {
    const bool valley = p.name == "rosenbrock";
    std::vector<T> x = p.start, g_new(x.size()), g_old(x.size()), v(x.size());
    SpiderOptions options;
    options.lr = valley ? 1e-3 : 0.1;
    options.c1 = 1.0;  // clip the step length at lr * c1 far from the minimizer
    p.gradient(x, v);  // checkpoint: v = the full gradient at x_0
    g_old = v;
    spider_checkpoint_step<T>(x, v, options);
    for (int t = 1; t <= (valley ? 60000 : 4000); ++t) {
      // Inner step: v += grad(x_t) - grad(x_{t-1}); with exact gradients v stays the gradient at x_t.
      p.gradient(x, g_new);
      spider_step<T>(x, g_new, g_old, v, options);
      g_old = g_new;
    }
    EXPECT_LE(max_distance(x, p.minimizer), p.tolerance) << p.name;
  }
}

}  // namespace
}  // namespace ellopt::kernels
