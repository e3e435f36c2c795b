// SVRG (Johnson & Zhang 2013) as the baseline of Reisizadeh et al. 2023: v = g_B(x) - g_B(x~) + mu with the same
// batch at both points, snapshots every q steps, exactness on a finite sum at the snapshot, bad input.
#include <gtest/gtest.h>

#include <memory>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/problems/registry.hpp"
#include "optim_b_test_support.hpp"

namespace ellopt::optim {
namespace {

using testing::RecordingObjective;
using testing::TestQuadratic;

TEST(Svrg, InnerEstimateUsesTheSnapshotAndTheSameBatch) {
  auto base = problems::make_problem("multiplicative-noise", {{"dim", 4}, {"x0", 1.4}});
  RecordingObjective f(base);
  const std::int64_t S1 = 10, S2 = 3, q = 5;
  auto method = make_method("svrg", {{"S1", S1}, {"S2", S2}, {"q", q}, {"lr", 0.01}}, f);
  RngStream rng(8);
  Vector x = f.default_start(), snapshot = x, mu(4), g(4);
  method->reset(f, x, rng);
  for (int k = 0; k < 11; ++k) {
    f.calls.clear();
    const Vector x_before = x;
    const StepReport report = method->step(f, x, rng);
    Vector v(4);
    if (k % q == 0) {
      EXPECT_EQ(report.gradient_evaluations, S1);
      snapshot = x_before;
      mu.setZero();
      for (const auto& [key, point] : f.calls) {
        EXPECT_EQ(point, snapshot);
        base->sample_gradient(point, Sample{key}, g);
        mu += g / static_cast<double>(S1);
      }
      v = mu;
    } else {
      EXPECT_EQ(report.gradient_evaluations, 2 * S2);
      v = mu;
      for (std::int64_t j = 0; j < S2; ++j) {
        const auto& at_x = f.calls[static_cast<std::size_t>(j)];
        const auto& at_snapshot = f.calls[static_cast<std::size_t>(S2 + j)];
        EXPECT_EQ(at_x.first, at_snapshot.first);
        EXPECT_EQ(at_snapshot.second, snapshot);
        base->sample_gradient(x_before, Sample{at_x.first}, g);
        v += g / static_cast<double>(S2);
        base->sample_gradient(snapshot, Sample{at_x.first}, g);
        v -= g / static_cast<double>(S2);
      }
    }
    EXPECT_LT((x - (x_before - 0.01 * v)).cwiseAbs().maxCoeff(), 1e-12) << k;
  }
}

TEST(Svrg, FiniteSumConvergesToTheExactMinimizer) {
  auto f = problems::make_problem("multiplicative-finite-sum", {{"dim", 4}, {"n", 200}, {"x0", 1.5}});
  auto method = make_method("svrg", {{"S1", 200}, {"S2", 5}, {"q", 40}, {"lr", 0.05}}, *f);
  RngStream rng(1);
  Vector x = f->default_start(), g(4);
  method->reset(*f, x, rng);
  for (int k = 0; k < 4000; ++k) method->step(*f, x, rng);
  f->gradient(x, g);
  EXPECT_LT(g.norm(), 1e-6);  // variance reduction: linear convergence on a finite sum, no noise floor
}

TEST(SvrgBadInput, NamesTheKey) {
  auto f = problems::make_problem("multiplicative-noise", {{"dim", 3}});
  EXPECT_THROW(make_method("svrg", {{"S1", 4}, {"S2", 5}}, *f), ConfigError);
  EXPECT_THROW(make_method("svrg", {{"q", 0}}, *f), ConfigError);
  EXPECT_THROW(make_method("svrg", {{"lr", 0.0}}, *f), ConfigError);
  auto deterministic = std::make_shared<TestQuadratic>(3);
  EXPECT_THROW(make_method("svrg", {}, *deterministic), ConfigError);
}

}  // namespace
}  // namespace ellopt::optim
