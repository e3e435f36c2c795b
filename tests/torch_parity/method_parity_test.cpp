// The registered methods users get from make_method / `ellopt optimize` (the composed estimator | transforms
// | step-rule objects, not the fused kernels checked in optimizer_parity_test.cpp) against libtorch 1.13's
// torch::optim on the same objective: the trajectories in float64 must agree to 1e-9 relative (issue 3,
// Fidelity).
//
// Objective: f(x) = sum_i a_i (x_i - b_i)^2 / 2 + c_i sin(x_i), gradient a (x - b) + c cos(x); curvatures a
// in [0.1, 10] and the sine term make the coordinates move at different speeds and change sign.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <cstdio>

#include "core/kernels_test_support.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/problems/objective.hpp"

namespace ellopt::optim {
namespace {

constexpr int kSteps = 500;
// Adam runs are compared over their approach to the minimizer only. Once there, the gradients are ~eps and
// Adam steps like sign descent (|m / sqrt(v)| ~ 1, steps ~ lr), which is chaotic: measured on n = 1000 with
// (beta1, beta2, eps) = (0.8, 0.99, 1e-6), the two trajectories agree to 3e-14 up to step 150 and the
// difference then grows ~10x every 10 steps (1e-11 at 175, 1e-6 at 250, 1e-2 at 400). That is rounding
// amplified by the dynamics, not a different update; the first 150 steps test the update itself.
constexpr int kAdamSteps = 150;
constexpr double kTolerance = 1e-9;

class WavyQuadratic final : public problems::Objective {
 public:
  explicit WavyQuadratic(std::size_t n)
      : a_(as_vector(kernels::testing::deterministic_values<double>(n, 51, 1.5, 10.0))),
        b_(as_vector(kernels::testing::deterministic_values<double>(n, 52, -1.0, 1.0))),
        c_(as_vector(kernels::testing::deterministic_values<double>(n, 53, -1.0, 1.0))) {}
  std::string name() const override { return "wavy-quadratic"; }
  Index dim() const override { return a_.size(); }
  double value(const Vector& x) const override {
    return (0.5 * a_.array() * (x - b_).array().square() + c_.array() * x.array().sin()).sum();
  }
  void gradient(const Vector& x, Vector& g) const override {
    g = (a_.array() * (x - b_).array() + c_.array() * x.array().cos()).matrix();
  }
  Vector default_start() const override { return Vector::Constant(dim(), 0.5); }
  torch::Tensor torch_gradient(const torch::Tensor& x) const {
    return as_tensor(a_) * (x - as_tensor(b_)) + as_tensor(c_) * torch::cos(x);
  }

 private:
  static Vector as_vector(const std::vector<double>& v) {
    return Eigen::Map<const Vector>(v.data(), static_cast<Index>(v.size()));
  }
  static torch::Tensor as_tensor(const Vector& v) {
    return torch::from_blob(const_cast<double*>(v.data()), {v.size()}, torch::kFloat64).clone();
  }
  Vector a_, b_, c_;
};

double max_relative_error(const Vector& ours, const torch::Tensor& reference) {
  const double* r = reference.data_ptr<double>();
  double worst = 0.0;
  for (Index i = 0; i < ours.size(); ++i)
    worst = std::max(worst, std::abs(ours[i] - r[i]) / std::max(std::abs(r[i]), 1e-3));
  return worst;
}

// Runs our registered `method` (with `params`) and a libtorch optimizer built by `make_torch` side by side.
template <class MakeTorch>
void expect_same_trajectory(const std::string& method, const Json& params, MakeTorch make_torch,
                            int steps = kSteps) {
  torch::set_num_threads(1);
  for (std::size_t n : {1u, 22u, 1000u}) {
    const WavyQuadratic f(n);
    auto ours = make_method(method, params, f);
    RngStream rng(1);
    Vector x = f.default_start();
    ours->reset(f, x, rng);
    torch::Tensor tx =
        torch::full({static_cast<std::int64_t>(n)}, 0.5, torch::kFloat64).set_requires_grad(true);
    auto optimizer = make_torch(tx);
    double worst = 0.0;
    for (int t = 1; t <= steps; ++t) {
      ours->step(f, x, rng);
      {
        torch::NoGradGuard no_grad;
        tx.mutable_grad() = f.torch_gradient(tx.detach());
      }
      optimizer->step();
      if (t % 25 == 0) worst = std::max(worst, max_relative_error(x, tx));
    }
    EXPECT_LE(worst, kTolerance) << method << " n=" << n;
    std::printf("  %s n=%zu max relative error %.3g\n", method.c_str(), n, worst);
  }
}

TEST(MethodParity, AdamMatchesTorchOptimAdam) {
  expect_same_trajectory(
      "adam", {{"lr", 0.01}, {"beta1", 0.8}, {"beta2", 0.99}, {"eps", 1e-6}},
      [](torch::Tensor& x) {
        return std::make_unique<torch::optim::Adam>(
            std::vector<torch::Tensor>{x}, torch::optim::AdamOptions(0.01).betas({0.8, 0.99}).eps(1e-6));
      },
      kAdamSteps);
}

TEST(MethodParity, AdamWithL2AndAmsgradMatchesTorch) {
  expect_same_trajectory(
      "adam", {{"lr", 0.01}, {"weight_decay", 0.1}, {"amsgrad", true}},
      [](torch::Tensor& x) {
        return std::make_unique<torch::optim::Adam>(
            std::vector<torch::Tensor>{x}, torch::optim::AdamOptions(0.01).weight_decay(0.1).amsgrad(true));
      },
      kAdamSteps);
}

TEST(MethodParity, AdamWMatchesTorchOptimAdamW) {
  expect_same_trajectory(
      "adamw", {{"lr", 0.01}, {"weight_decay", 0.05}},
      [](torch::Tensor& x) {
        return std::make_unique<torch::optim::AdamW>(std::vector<torch::Tensor>{x},
                                                     torch::optim::AdamWOptions(0.01).weight_decay(0.05));
      },
      kAdamSteps);
}

TEST(MethodParity, MomentumMatchesTorchOptimSgd) {
  expect_same_trajectory(
      "momentum", {{"lr", 0.01}, {"momentum", 0.9}, {"dampening", 0.1}, {"weight_decay", 0.01}},
      [](torch::Tensor& x) {
        return std::make_unique<torch::optim::SGD>(
            std::vector<torch::Tensor>{x},
            torch::optim::SGDOptions(0.01).momentum(0.9).dampening(0.1).weight_decay(0.01));
      });
}

TEST(MethodParity, NesterovMomentumMatchesTorchOptimSgd) {
  expect_same_trajectory(
      "momentum", {{"lr", 0.01}, {"momentum", 0.9}, {"nesterov", true}}, [](torch::Tensor& x) {
        return std::make_unique<torch::optim::SGD>(
            std::vector<torch::Tensor>{x}, torch::optim::SGDOptions(0.01).momentum(0.9).nesterov(true));
      });
}

TEST(MethodParity, PlainSgdMatchesTorchOptimSgd) {
  expect_same_trajectory("sgd", {{"lr", 0.01}}, [](torch::Tensor& x) {
    return std::make_unique<torch::optim::SGD>(std::vector<torch::Tensor>{x}, torch::optim::SGDOptions(0.01));
  });
}

}  // namespace
}  // namespace ellopt::optim
