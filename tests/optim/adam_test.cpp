// Adam / AdamW: the paper's convention equals PyTorch's after from_li_convention; the composed method follows the
// torch.optim.Adam / AdamW formulas (eps outside the sqrt, bias correction, coupled vs decoupled decay,
// amsgrad); both spellings in config; bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/adam.hpp"
#include "ellopt/optim/registry.hpp"
#include "optim_b_test_support.hpp"

namespace ellopt::optim {
namespace {

using testing::TestQuadratic;

// Li, Rakhlin, Jadbabaie 2023, Algorithm 1 written literally in the paper's convention.
std::vector<Vector> li_algorithm_1(const problems::Objective& f, Vector x, double eta, double beta, double beta_sq,
                                   double lambda, int steps) {
  Vector m = Vector::Zero(x.size()), v = Vector::Zero(x.size()), g(x.size());
  std::vector<Vector> out;
  for (int t = 1; t <= steps; ++t) {
    f.gradient(x, g);
    m = (1 - beta) * m + beta * g;
    v = (1 - beta_sq) * v + beta_sq * g.cwiseProduct(g);
    const Vector m_hat = m / (1 - std::pow(1 - beta, t));
    const Vector v_hat = v / (1 - std::pow(1 - beta_sq, t));
    x = x - (eta * m_hat.array() / (v_hat.array().sqrt() + lambda)).matrix();
    out.push_back(x);
  }
  return out;
}

// torch.optim.Adam / AdamW (PyTorch 1.13 single-tensor path) written literally.
std::vector<Vector> torch_adam(const problems::Objective& f, Vector x, double lr, double beta1, double beta2,
                               double eps, double weight_decay, bool decoupled, bool amsgrad, int steps) {
  Vector m = Vector::Zero(x.size()), v = Vector::Zero(x.size()), vmax = Vector::Zero(x.size()), g(x.size());
  std::vector<Vector> out;
  for (int t = 1; t <= steps; ++t) {
    f.gradient(x, g);
    if (decoupled) x *= 1 - lr * weight_decay;
    else g += weight_decay * x;
    m = beta1 * m + (1 - beta1) * g;
    v = beta2 * v + (1 - beta2) * g.cwiseProduct(g);
    const double bc1 = 1 - std::pow(beta1, t), bc2 = 1 - std::pow(beta2, t);
    Vector denom_source = v;
    if (amsgrad) {
      vmax = vmax.cwiseMax(v);
      denom_source = vmax;
    }
    const Vector denom = (denom_source.array().sqrt() / std::sqrt(bc2) + eps).matrix();
    x = x - (lr / bc1) * m.cwiseQuotient(denom);
    out.push_back(x);
  }
  return out;
}

std::vector<Vector> run_method(const problems::Objective& f, Method& method, Vector x, int steps) {
  RngStream rng(7);
  method.reset(f, x, rng);
  std::vector<Vector> out;
  for (int t = 0; t < steps; ++t) {
    method.step(f, x, rng);
    out.push_back(x);
  }
  return out;
}

double max_relative_gap(const std::vector<Vector>& a, const std::vector<Vector>& b) {
  double worst = 0;
  for (std::size_t t = 0; t < a.size(); ++t)
    worst = std::max(worst, (a[t] - b[t]).norm() / std::max(1e-300, b[t].norm()));
  return worst;
}

TEST(AdamConvention, ConvertersAreInverse) {
  const AdamBetas b = from_li_convention(0.1, 0.001);
  EXPECT_DOUBLE_EQ(b.beta1, 0.9);
  EXPECT_DOUBLE_EQ(b.beta2, 0.999);
  const LiBetas li = to_li_convention(b);
  EXPECT_NEAR(li.beta, 0.1, 1e-15);
  EXPECT_NEAR(li.beta_sq, 0.001, 1e-15);
  EXPECT_THROW(from_li_convention(0.0, 0.1), ConfigError);
  EXPECT_THROW(from_li_convention(0.1, 1.5), ConfigError);
}

TEST(AdamConvention, LiAlgorithmOneEqualsPyTorchAdamAfterConversion) {
  auto f = std::make_shared<TestQuadratic>(7);
  for (const auto& [beta, beta_sq, lambda] : {std::tuple{0.1, 0.001, 1e-8}, std::tuple{1e-3, 1e-3, 1e-3},
                                              std::tuple{0.5, 0.2, 0.1}}) {
    const auto reference = li_algorithm_1(*f, f->default_start(), 1e-2, beta, beta_sq, lambda, 300);
    // The Li spelling in config ...
    auto li = make_method("adam", {{"lr", 1e-2}, {"beta", beta}, {"beta_sq", beta_sq}, {"eps", lambda}}, *f);
    EXPECT_LT(max_relative_gap(run_method(*f, *li, f->default_start(), 300), reference), 1e-12);
    // ... and the PyTorch spelling after the named converter give the same trajectory.
    const AdamBetas b = from_li_convention(beta, beta_sq);
    auto torch = make_method("adam", {{"lr", 1e-2}, {"beta1", b.beta1}, {"beta2", b.beta2}, {"eps", lambda}}, *f);
    EXPECT_LT(max_relative_gap(run_method(*f, *torch, f->default_start(), 300), reference), 1e-12);
  }
}

struct TorchCase {
  const char* method;
  double weight_decay;
  bool amsgrad;
};

class AdamMatchesTorchFormula : public ::testing::TestWithParam<TorchCase> {};

TEST_P(AdamMatchesTorchFormula, OverOneThousandSteps) {
  const TorchCase c = GetParam();
  auto f = std::make_shared<TestQuadratic>(22);
  const bool decoupled = std::string(c.method) == "adamw";
  auto method = make_method(c.method,
                            {{"lr", 3e-3}, {"beta1", 0.9}, {"beta2", 0.99}, {"eps", 1e-8},
                             {"weight_decay", c.weight_decay}, {"amsgrad", c.amsgrad}},
                            *f);
  const auto ours = run_method(*f, *method, f->default_start(), 1000);
  const auto torch =
      torch_adam(*f, f->default_start(), 3e-3, 0.9, 0.99, 1e-8, c.weight_decay, decoupled, c.amsgrad, 1000);
  // The composed AdamW step x - lr (u + wd x) and torch's x (1 - lr wd) - lr u differ only by round-off.
  EXPECT_LT(max_relative_gap(ours, torch), 1e-9);
}

INSTANTIATE_TEST_SUITE_P(Variants, AdamMatchesTorchFormula,
                         ::testing::Values(TorchCase{"adam", 0.0, false}, TorchCase{"adam", 0.1, false},
                                           TorchCase{"adam", 0.0, true}, TorchCase{"adam", 0.05, true},
                                           TorchCase{"adamw", 0.01, false}, TorchCase{"adamw", 0.2, true}));

TEST(AdamBadInput, RejectsOutOfRangeAndMixedConventions) {
  auto f = std::make_shared<TestQuadratic>(3);
  auto expect_key = [&](const Json& params, const std::string& key) {
    try {
      make_method("adam", params, *f);
      ADD_FAILURE() << "no error for " << params.dump();
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    }
  };
  expect_key({{"lr", -1e-3}}, "lr");
  expect_key({{"lr", 0.0}}, "lr");
  expect_key({{"beta1", 1.0}}, "beta1");
  expect_key({{"beta1", -0.1}}, "beta1");
  expect_key({{"beta2", 1.5}}, "beta2");
  expect_key({{"eps", 0.0}}, "eps");
  expect_key({{"eps", -1e-8}}, "eps");
  expect_key({{"beta", 0.0}}, "beta");
  expect_key({{"beta", 0.1}, {"beta1", 0.9}}, "beta1");
  expect_key({{"weight_decay", -0.1}}, "weight_decay");
  expect_key({{"batch", 0}}, "batch");
  expect_key({{"momentum", 0.9}}, "momentum");  // unknown key
}

TEST(AdamMoments, BiasCorrectedFirstStepIsSignTimesLr) {
  // With eps -> 0, the first Adam step is lr * sign(g) in every coordinate (m_hat = g, v_hat = g^2).
  auto f = std::make_shared<TestQuadratic>(5);
  auto method = make_method("adam", {{"lr", 0.01}, {"eps", 1e-12}}, *f);
  Vector x = f->default_start(), g(5);
  f->gradient(x, g);
  RngStream rng(1);
  method->reset(*f, x, rng);
  const Vector x0 = x;
  method->step(*f, x, rng);
  for (Index i = 0; i < 5; ++i) EXPECT_NEAR(x0[i] - x[i], 0.01 * (g[i] > 0 ? 1 : -1), 1e-10);
}

}  // namespace
}  // namespace ellopt::optim
