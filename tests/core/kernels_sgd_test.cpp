// The fused SGD kernels (plain, heavy-ball, Nesterov, dampening, weight decay) against a plain scalar loop of
// torch.optim.SGD's formulas, bitwise, on sizes that exercise vector tails and the OpenMP chunks; determinism
// across thread counts; closed forms; bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include "ellopt/core/error.hpp"
#include "ellopt/core/kernels/sgd.hpp"
#include "kernels_test_support.hpp"

namespace ellopt::kernels {
namespace {

using testing::deterministic_values;
using testing::test_sizes;

// torch.optim.SGD 1.13, element by element; multiply-adds spelled as std::fma where the kernel has them.
template <class T>
void reference_sgd(std::vector<T>& p, const std::vector<T>& g, std::vector<T>& buf, const SgdOptions& o,
                   bool first_step) {
  const auto lr = static_cast<T>(o.lr), wd = static_cast<T>(o.weight_decay);
  const auto mu = static_cast<T>(o.momentum), one_minus_dampening = static_cast<T>(1.0 - o.dampening);
  for (std::size_t i = 0; i < p.size(); ++i) {
    T d = std::fma(wd, p[i], g[i]);
    if (o.momentum != 0.0) {
      buf[i] = first_step ? d : std::fma(one_minus_dampening, d, mu * buf[i]);
      d = o.nesterov ? std::fma(mu, buf[i], d) : buf[i];
    }
    p[i] = std::fma(-lr, d, p[i]);
  }
}

struct SgdCase {
  const char* name;
  SgdOptions options;
};

std::vector<SgdCase> sgd_cases() {
  SgdOptions plain;
  plain.lr = 0.05;
  SgdOptions decayed = plain;
  decayed.weight_decay = 0.01;
  SgdOptions heavy_ball = decayed;
  heavy_ball.momentum = 0.9;
  SgdOptions damped = heavy_ball;
  damped.dampening = 0.3;
  SgdOptions nesterov = heavy_ball;
  nesterov.nesterov = true;
  return {{"sgd", plain},
          {"sgd-wd", decayed},
          {"momentum", heavy_ball},
          {"momentum-dampening", damped},
          {"nesterov", nesterov}};
}

template <class T>
struct SgdState {
  std::vector<T> p, buf;
};

template <class T>
SgdState<T> run_kernel(std::size_t n, const SgdOptions& o, int steps) {
  SgdState<T> s{deterministic_values<T>(n, 7, -1.0, 1.0), std::vector<T>(n, T(0))};
  for (int t = 0; t < steps; ++t) {
    const auto g = deterministic_values<T>(n, 200 + static_cast<std::uint64_t>(t), -1.0, 1.0);
    if (o.momentum == 0.0)
      sgd_step<T>(s.p, g, o);
    else
      sgd_momentum_step<T>(s.p, g, s.buf, o, t == 0);
  }
  return s;
}

template <class T>
class SgdKernel : public ::testing::Test {};
using Precisions = ::testing::Types<float, double>;
TYPED_TEST_SUITE(SgdKernel, Precisions);

TYPED_TEST(SgdKernel, EqualsScalarReferenceBitwiseOnEverySize) {
  using T = TypeParam;
  for (const SgdCase& c : sgd_cases()) {
    for (std::size_t n : test_sizes()) {
      const SgdState<T> kernel = run_kernel<T>(n, c.options, 4);
      SgdState<T> reference{deterministic_values<T>(n, 7, -1.0, 1.0), std::vector<T>(n, T(0))};
      for (int t = 0; t < 4; ++t) {
        const auto g = deterministic_values<T>(n, 200 + static_cast<std::uint64_t>(t), -1.0, 1.0);
        reference_sgd(reference.p, g, reference.buf, c.options, t == 0);
      }
      const std::string what = std::string(c.name) + " n=" + std::to_string(n);
      ELLOPT_EXPECT_BITWISE_EQUAL(kernel.p, reference.p, what + " params");
      ELLOPT_EXPECT_BITWISE_EQUAL(kernel.buf, reference.buf, what + " momentum_buffer");
    }
  }
}

TYPED_TEST(SgdKernel, IdenticalForOneAndTwoThreads) {
  using T = TypeParam;
  if (!testing::openmp_available()) GTEST_SKIP() << "built without OpenMP";
  for (const SgdCase& c : sgd_cases()) {
    const std::size_t n = 3 * kChunkElements + 17;
    SgdState<T> one, two;
    testing::with_threads(1, [&] { one = run_kernel<T>(n, c.options, 3); });
    testing::with_threads(2, [&] { two = run_kernel<T>(n, c.options, 3); });
    ELLOPT_EXPECT_BITWISE_EQUAL(one.p, two.p, c.name);
    ELLOPT_EXPECT_BITWISE_EQUAL(one.buf, two.buf, c.name);
  }
}

// Heavy ball on f(x) = x^2/2 with a constant gradient 1: after k steps the buffer is sum_{j<k} mu^j and the
// first step ignores dampening (PyTorch initializes the buffer with the raw gradient).
TEST(SgdKernel, MomentumBufferIsGeometricSum) {
  SgdOptions o;
  o.lr = 1.0;
  o.momentum = 0.5;
  o.dampening = 0.5;
  std::vector<double> p{0.0}, g{1.0}, buf{123.0};
  sgd_momentum_step<double>(p, g, buf, o, true);
  EXPECT_EQ(buf[0], 1.0);
  EXPECT_EQ(p[0], -1.0);
  sgd_momentum_step<double>(p, g, buf, o, false);
  EXPECT_EQ(buf[0], 0.5 * 1.0 + 0.5 * 1.0);
  EXPECT_EQ(p[0], -2.0);
  o.nesterov = true;
  o.dampening = 0.0;
  buf[0] = 0.0;
  p[0] = 0.0;
  sgd_momentum_step<double>(p, g, buf, o, true);  // d = g + mu * buf = 1.5
  EXPECT_EQ(p[0], -1.5);
}

TEST(SgdKernel, RejectsBadHyperParametersAndSizes) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<SgdOptions> bad(7);
  bad[0].lr = -0.1;
  bad[1].lr = nan;
  bad[2].momentum = -0.9;
  bad[3].dampening = 1.5;
  bad[4].weight_decay = -1.0;
  bad[5].nesterov = true;  // momentum 0
  bad[6].momentum = 0.9;
  bad[6].dampening = 0.1;
  bad[6].nesterov = true;  // nesterov with dampening
  std::vector<double> p(5, 1.0), g(5, 1.0), buf(5, 0.0), short_buffer(4, 0.0);
  for (const SgdOptions& o : bad) {
    SgdOptions with_momentum = o;
    if (with_momentum.momentum == 0.0 && !with_momentum.nesterov) with_momentum.momentum = 0.5;
    EXPECT_THROW(sgd_momentum_step<double>(p, g, buf, with_momentum, false), ConfigError);
  }
  SgdOptions momentum;
  momentum.momentum = 0.9;
  EXPECT_THROW(sgd_step<double>(p, g, momentum), ConfigError);  // plain step cannot keep a buffer
  EXPECT_THROW(sgd_step<double>(p, short_buffer, SgdOptions{}), ConfigError);
  EXPECT_THROW(sgd_momentum_step<double>(p, g, short_buffer, momentum, false), ConfigError);
  EXPECT_EQ(p, std::vector<double>(5, 1.0));
}

}  // namespace
}  // namespace ellopt::kernels
