// The fused Adam/AdamW kernel against a plain scalar loop of the same formulas (bitwise, float and double),
// determinism across OpenMP thread counts, the bias-correction coefficients in closed form, and bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include "ellopt/core/error.hpp"
#include "ellopt/core/kernels/adam.hpp"
#include "kernels_test_support.hpp"

namespace ellopt::kernels {
namespace {

using testing::deterministic_values;
using testing::test_sizes;

// The scalar reference: torch.optim.Adam/AdamW 1.13 written element by element, with the multiply-adds
// spelled as std::fma exactly where the kernel's source has them (so rounding is defined by the source, not
// by the compiler's contraction choice).
template <class T>
void reference_adam(std::vector<T>& p, const std::vector<T>& g, std::vector<T>& m, std::vector<T>& v,
                    std::vector<T>& v_max, const AdamOptions& o, std::int64_t step) {
  const double bc1 = 1.0 - std::pow(o.beta1, static_cast<double>(step));
  const double bc2 = 1.0 - std::pow(o.beta2, static_cast<double>(step));
  const auto step_size = static_cast<T>(o.lr / bc1);
  const auto bc2_sqrt = static_cast<T>(std::sqrt(bc2));
  const auto decay = static_cast<T>(o.decoupled_weight_decay ? 1.0 - o.lr * o.weight_decay : 1.0);
  const auto coupled = static_cast<T>(o.decoupled_weight_decay ? 0.0 : o.weight_decay);
  const auto b1 = static_cast<T>(o.beta1), b2 = static_cast<T>(o.beta2);
  const auto omb1 = static_cast<T>(1.0 - o.beta1), omb2 = static_cast<T>(1.0 - o.beta2);
  const auto eps = static_cast<T>(o.eps);
  for (std::size_t i = 0; i < p.size(); ++i) {
    T pi = p[i] * decay;
    const T gi = std::fma(coupled, pi, g[i]);
    m[i] = std::fma(omb1, gi, b1 * m[i]);
    v[i] = std::fma(omb2 * gi, gi, b2 * v[i]);
    T second = v[i];
    if (o.amsgrad) {
      v_max[i] = std::max(v_max[i], v[i]);
      second = v_max[i];
    }
    const T denom = std::sqrt(second) / bc2_sqrt + eps;
    p[i] = std::fma(-step_size, m[i] / denom, pi);
  }
}

struct AdamCase {
  const char* name;
  AdamOptions options;
};

std::vector<AdamCase> adam_cases() {
  std::vector<AdamCase> cases;
  cases.push_back({"adam-default", AdamOptions{}});
  AdamOptions coupled;
  coupled.lr = 0.01;
  coupled.weight_decay = 0.1;
  cases.push_back({"adam-l2", coupled});
  AdamOptions adamw = coupled;
  adamw.decoupled_weight_decay = true;
  cases.push_back({"adamw", adamw});
  AdamOptions amsgrad = coupled;
  amsgrad.amsgrad = true;
  amsgrad.beta1 = 0.5;
  amsgrad.beta2 = 0.9;
  amsgrad.eps = 1e-3;
  cases.push_back({"amsgrad", amsgrad});
  AdamOptions amsgrad_w = amsgrad;
  amsgrad_w.decoupled_weight_decay = true;
  cases.push_back({"adamw-amsgrad", amsgrad_w});
  return cases;
}

template <class T>
struct AdamState {
  std::vector<T> p, m, v, v_max;
  explicit AdamState(std::size_t n)
      : p(deterministic_values<T>(n, 1, -2.0, 2.0)), m(n, T(0)), v(n, T(0)), v_max(n, T(0)) {}
};

// Runs `steps` steps of the kernel, with a fresh gradient per step (different signs and magnitudes so
// amsgrad's max actually switches).
template <class T>
AdamState<T> run_kernel(std::size_t n, const AdamOptions& o, int steps) {
  AdamState<T> s(n);
  for (int t = 1; t <= steps; ++t) {
    const auto g = deterministic_values<T>(n, 100 + static_cast<std::uint64_t>(t), -3.0 / t, 3.0 / t);
    adam_step<T>(s.p, g, s.m, s.v, o.amsgrad ? std::span<T>(s.v_max) : std::span<T>(), o, t);
  }
  return s;
}

template <class T>
class AdamKernel : public ::testing::Test {};
using Precisions = ::testing::Types<float, double>;
TYPED_TEST_SUITE(AdamKernel, Precisions);

TYPED_TEST(AdamKernel, EqualsScalarReferenceBitwiseOnEverySize) {
  using T = TypeParam;
  for (const AdamCase& c : adam_cases()) {
    for (std::size_t n : test_sizes()) {
      const AdamState<T> kernel = run_kernel<T>(n, c.options, 4);
      AdamState<T> reference(n);
      for (int t = 1; t <= 4; ++t) {
        const auto g = deterministic_values<T>(n, 100 + static_cast<std::uint64_t>(t), -3.0 / t, 3.0 / t);
        reference_adam(reference.p, g, reference.m, reference.v, reference.v_max, c.options, t);
      }
      const std::string what = std::string(c.name) + " n=" + std::to_string(n);
      ELLOPT_EXPECT_BITWISE_EQUAL(kernel.p, reference.p, what + " params");
      ELLOPT_EXPECT_BITWISE_EQUAL(kernel.m, reference.m, what + " exp_avg");
      ELLOPT_EXPECT_BITWISE_EQUAL(kernel.v, reference.v, what + " exp_avg_sq");
      if (c.options.amsgrad)
        ELLOPT_EXPECT_BITWISE_EQUAL(kernel.v_max, reference.v_max, what + " max_exp_avg_sq");
    }
  }
}

TYPED_TEST(AdamKernel, IdenticalForOneAndTwoThreads) {
  using T = TypeParam;
  if (!testing::openmp_available()) GTEST_SKIP() << "built without OpenMP";
  for (const AdamCase& c : adam_cases()) {
    const std::size_t n = 3 * kChunkElements + 17;
    AdamState<T> one(0), two(0);
    testing::with_threads(1, [&] { one = run_kernel<T>(n, c.options, 3); });
    testing::with_threads(2, [&] { two = run_kernel<T>(n, c.options, 3); });
    ELLOPT_EXPECT_BITWISE_EQUAL(one.p, two.p, c.name);
    ELLOPT_EXPECT_BITWISE_EQUAL(one.m, two.m, c.name);
    ELLOPT_EXPECT_BITWISE_EQUAL(one.v, two.v, c.name);
  }
}

// First step from zero moments: m = (1-b1) g, v = (1-b2) g^2, so the bias-corrected step is
// lr * g / (|g| + eps): Adam's first move has length ~lr per coordinate whatever the gradient's scale.
TEST(AdamKernel, FirstStepIsSignedLearningRate) {
  AdamOptions o;
  o.lr = 0.1;
  o.eps = 1e-12;
  std::vector<double> p{1.0, 1.0, 1.0}, g{1e-3, -5.0, 1e4}, m(3, 0.0), v(3, 0.0);
  adam_step<double>(p, g, m, v, {}, o, 1);
  EXPECT_NEAR(p[0], 0.9, 1e-9);
  EXPECT_NEAR(p[1], 1.1, 1e-9);
  EXPECT_NEAR(p[2], 0.9, 1e-9);
}

TEST(AdamKernel, CoefficientsMatchClosedForms) {
  AdamOptions o;
  o.lr = 0.01;
  o.weight_decay = 0.5;
  const AdamStepCoefficients c1 = adam_coefficients(o, 1);
  EXPECT_DOUBLE_EQ(c1.step_size, 0.01 / (1.0 - 0.9));
  EXPECT_DOUBLE_EQ(c1.bias_correction2_sqrt, std::sqrt(1.0 - 0.999));
  EXPECT_EQ(c1.decay_factor, 1.0);
  EXPECT_EQ(c1.coupled_weight_decay, 0.5);
  o.decoupled_weight_decay = true;
  const AdamStepCoefficients c10 = adam_coefficients(o, 10);
  EXPECT_DOUBLE_EQ(c10.step_size, 0.01 / (1.0 - std::pow(0.9, 10)));
  EXPECT_DOUBLE_EQ(c10.decay_factor, 1.0 - 0.01 * 0.5);
  EXPECT_EQ(c10.coupled_weight_decay, 0.0);
}

TEST(AdamKernel, RejectsBadHyperParametersAndSizes) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<AdamOptions> bad(9);
  bad[0].lr = -1e-3;
  bad[1].lr = nan;
  bad[2].beta1 = 1.0;
  bad[3].beta1 = -0.1;
  bad[4].beta2 = 1.5;
  bad[5].eps = 0.0;
  bad[6].eps = -1e-8;
  bad[7].weight_decay = -0.01;
  bad[8].weight_decay = inf;
  std::vector<double> p(4, 1.0), g(4, 1.0), m(4, 0.0), v(4, 0.0), short_buffer(3, 0.0);
  for (const AdamOptions& o : bad) EXPECT_THROW(adam_step<double>(p, g, m, v, {}, o, 1), ConfigError);
  const AdamOptions ok;
  EXPECT_THROW(adam_step<double>(p, g, m, v, {}, ok, 0), ConfigError);
  EXPECT_THROW(adam_step<double>(p, short_buffer, m, v, {}, ok, 1), ConfigError);
  EXPECT_THROW(adam_step<double>(p, g, short_buffer, v, {}, ok, 1), ConfigError);
  EXPECT_THROW(adam_step<double>(p, g, m, short_buffer, {}, ok, 1), ConfigError);
  AdamOptions amsgrad;
  amsgrad.amsgrad = true;
  EXPECT_THROW(adam_step<double>(p, g, m, v, {}, amsgrad, 1), ConfigError);
  try {
    adam_step<double>(p, g, m, v, {}, bad[2], 1);
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("beta1"), std::string::npos) << e.what();
  }
  // Nothing was written by the rejected calls.
  EXPECT_EQ(p, std::vector<double>(4, 1.0));
}

TEST(AdamKernel, EmptySpanIsANoOp) {
  std::vector<float> empty;
  EXPECT_NO_THROW(adam_step<float>(empty, empty, empty, empty, {}, AdamOptions{}, 1));
}

}  // namespace
}  // namespace ellopt::kernels

namespace ellopt::kernels {
namespace {

// The multi-tensor step gives every tensor exactly what adam_step gives it alone, for a mix of large
// (chunk-parallel) and small (tensor-parallel) tensors, with one and two threads.
TEST(AdamForeach, EqualsPerTensorStepsForMixedSizes) {
  const std::vector<std::size_t> sizes{1, 22, 5 * kChunkElements + 3, 1000, kChunkElements};
  AdamOptions o;
  o.lr = 0.01;
  o.weight_decay = 0.1;
  o.decoupled_weight_decay = true;
  for (int threads : {1, 2}) {
    std::vector<std::vector<float>> p, g, m, v, p_ref, m_ref, v_ref;
    for (std::size_t k = 0; k < sizes.size(); ++k) {
      p.push_back(testing::deterministic_values<float>(sizes[k], 60 + k, -1.0, 1.0));
      g.push_back(testing::deterministic_values<float>(sizes[k], 70 + k, -1.0, 1.0));
      m.emplace_back(sizes[k], 0.0f);
      v.emplace_back(sizes[k], 0.0f);
    }
    p_ref = p;
    m_ref = m;
    v_ref = v;
    std::vector<AdamTensor<float>> tensors;
    for (std::size_t k = 0; k < sizes.size(); ++k) tensors.push_back({p[k], g[k], m[k], v[k], {}});
    testing::with_threads(threads, [&] {
      for (std::int64_t t = 1; t <= 2; ++t) adam_step_foreach<float>(tensors, o, t);
    });
    for (std::size_t k = 0; k < sizes.size(); ++k) {
      for (std::int64_t t = 1; t <= 2; ++t) adam_step<float>(p_ref[k], g[k], m_ref[k], v_ref[k], {}, o, t);
      ELLOPT_EXPECT_BITWISE_EQUAL(p[k], p_ref[k], "tensor " + std::to_string(k));
      ELLOPT_EXPECT_BITWISE_EQUAL(v[k], v_ref[k], "tensor " + std::to_string(k));
    }
  }
}

TEST(AdamForeach, RejectsAMismatchedTensorBeforeWritingAny) {
  std::vector<double> p1(4, 1.0), g1(4, 1.0), m1(4, 0.0), v1(4, 0.0);
  std::vector<double> p2(3, 1.0), g2(2, 1.0), m2(3, 0.0), v2(3, 0.0);
  const std::vector<AdamTensor<double>> tensors{{p1, g1, m1, v1, {}}, {p2, g2, m2, v2, {}}};
  EXPECT_THROW(adam_step_foreach<double>(tensors, AdamOptions{}, 1), ConfigError);
  EXPECT_EQ(p1, std::vector<double>(4, 1.0));
}

}  // namespace
}  // namespace ellopt::kernels
