// VRAdam (Li, Rakhlin, Jadbabaie 2023, Algorithm 2): the first step formula, the STORM recursion on the same
// sample at x_t and x_{t-1}, no bias correction of m, bias-corrected v, evaluation counts, bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/optim/sampling.hpp"
#include "ellopt/problems/registry.hpp"
#include "optim_b_test_support.hpp"

namespace ellopt::optim {
namespace {

using testing::AdditiveGaussian;
using testing::RecordingObjective;
using testing::TestQuadratic;

problems::ObjectivePtr multiplicative() {
  return problems::make_problem("multiplicative-noise", {{"dim", 6}, {"x0", 1.5}});
}

TEST(VRAdam, FirstStepIsXMinusEtaM1OverAbsM1PlusLambda) {
  auto f = multiplicative();
  const double eta = 0.05, lambda = 1e-2;
  const std::int64_t S1 = 16;
  auto method = make_method("vradam", {{"lr", eta}, {"beta", 0.3}, {"beta_sq", 0.2}, {"eps", lambda}, {"S1", S1}}, *f);
  RngStream rng(11);
  Vector x = f->default_start();
  const Vector x1 = x;
  method->reset(*f, x, rng);
  const StepReport report = method->step(*f, x, rng);
  EXPECT_EQ(report.gradient_evaluations, S1);
  // m_1: the mean of the mega-batch, recomputed from the estimator's own per-step stream.
  RngStream replay(11);
  StepSampler sampler;
  sampler.reset(replay);
  RngStream stream = sampler.stream();
  std::vector<Sample> samples;
  draw_samples(*f, stream, S1, samples);
  Vector m1(6), scratch(6);
  mean_sample_gradient(*f, x1, samples, m1, scratch);
  const Vector expected = x1 - (eta * m1.array() / (m1.array().abs() + lambda)).matrix();
  EXPECT_LT((x - expected).cwiseAbs().maxCoeff(), 1e-14);
}

TEST(VRAdam, StormRecursionUsesTheSameSampleAtBothPointsAndMatchesAlgorithm2) {
  auto base = multiplicative();
  RecordingObjective f(base);
  const double eta = 0.02, beta = 0.25, beta_sq = 0.1, lambda = 1e-3;
  auto method = make_method("vradam", {{"lr", eta}, {"beta", beta}, {"beta_sq", beta_sq}, {"eps", lambda}, {"S1", 4}}, f);
  RngStream rng(3);
  Vector x = f.default_start();
  method->reset(f, x, rng);
  // Reference: Algorithm 2 written literally, with the samples the method drew.
  Vector m(6), v(6), x_ref = x, x_prev, g(6), g_prev(6);
  for (int t = 1; t <= 6; ++t) {
    f.calls.clear();
    const Vector x_before = x;
    const StepReport report = method->step(f, x, rng);
    if (t == 1) {
      ASSERT_EQ(f.calls.size(), 4u);
      m.setZero();
      for (const auto& [key, point] : f.calls) {
        base->sample_gradient(point, Sample{key}, g);
        m += g / 4.0;
      }
      v = beta_sq * m.cwiseProduct(m);
      x_prev = x_ref;
      x_ref = x_ref - (eta * m.array() / (m.array().abs() + lambda)).matrix();
    } else {
      EXPECT_EQ(report.gradient_evaluations, 2);
      ASSERT_EQ(f.calls.size(), 2u);
      EXPECT_EQ(f.calls[0].first, f.calls[1].first) << "the same xi_t at x_t and x_{t-1}";
      EXPECT_EQ(f.calls[0].second, x_before);
      EXPECT_EQ(f.calls[1].second, x_prev);
      base->sample_gradient(x_ref, Sample{f.calls[0].first}, g);
      base->sample_gradient(x_prev, Sample{f.calls[0].first}, g_prev);
      m = g + (1 - beta) * (m - g_prev);  // no bias correction of m
      v = (1 - beta_sq) * v + beta_sq * g.cwiseProduct(g);
      const Vector v_hat = v / (1 - std::pow(1 - beta_sq, t));
      x_prev = x_ref;
      x_ref = x_ref - (eta * m.array() / (v_hat.array().sqrt() + lambda)).matrix();
    }
    EXPECT_LT((x - x_ref).cwiseAbs().maxCoeff(), 1e-13) << "step " << t;
  }
}

TEST(VRAdam, ConvergesOnTheMultiplicativeObjective) {
  auto f = multiplicative();
  auto method = make_method("vradam", {{"lr", 0.05}, {"beta", 0.05}, {"beta_sq", 1e-3}, {"eps", 1e-3}, {"S1", 64}}, *f);
  RngStream rng(5);
  Vector x = f->default_start(), g(6);
  method->reset(*f, x, rng);
  double average = 0;
  const int steps = 4000;
  for (int t = 0; t < steps; ++t) {
    method->step(*f, x, rng);
    f->gradient(x, g);
    if (t >= steps / 2) average += g.squaredNorm() / (steps / 2);
  }
  EXPECT_LT(average, 0.05);
}

TEST(VRAdamBadInput, DeterministicProblemAndRanges) {
  auto deterministic = std::make_shared<TestQuadratic>(3);
  try {
    make_method("vradam", {}, *deterministic);
    ADD_FAILURE();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("deterministic"), std::string::npos);
  }
  auto f = multiplicative();
  EXPECT_THROW(make_method("vradam", {{"S1", 0}}, *f), ConfigError);
  EXPECT_THROW(make_method("vradam", {{"S1", 4}, {"batch", 8}}, *f), ConfigError);
  EXPECT_THROW(make_method("vradam", {{"beta", 1.5}}, *f), ConfigError);
  EXPECT_THROW(make_method("vradam", {{"beta", 0.1}, {"beta2", 0.9}}, *f), ConfigError);
  EXPECT_THROW(make_method("vradam", {{"lr", -1.0}}, *f), ConfigError);
  EXPECT_THROW(make_method("vradam", {{"eps", 0.0}}, *f), ConfigError);
}

}  // namespace
}  // namespace ellopt::optim
