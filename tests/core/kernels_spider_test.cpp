// The fused SPIDER step, the deterministic squared norm and the STREAM triad: scalar references, clip-factor
// closed forms (orders 0, 1, 2 and the authors' quirks), determinism across thread counts, bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include "ellopt/core/error.hpp"
#include "ellopt/core/kernels/reductions.hpp"
#include "ellopt/core/kernels/spider.hpp"
#include "ellopt/core/kernels/stream_triad.hpp"
#include "kernels_test_support.hpp"

namespace ellopt::kernels {
namespace {

using testing::deterministic_values;
using testing::test_sizes;

constexpr double kInf = std::numeric_limits<double>::infinity();

template <class T>
class SpiderKernel : public ::testing::Test {};
using Precisions = ::testing::Types<float, double>;
TYPED_TEST_SUITE(SpiderKernel, Precisions);

// The squared norm agrees with a long-double sum to the rounding of a double accumulation.
TYPED_TEST(SpiderKernel, SquaredNormMatchesLongDoubleSum) {
  using T = TypeParam;
  for (std::size_t n : test_sizes()) {
    const auto x = deterministic_values<T>(n, 3, -2.0, 2.0);
    long double exact = 0.0L;
    for (T value : x) exact += static_cast<long double>(value) * static_cast<long double>(value);
    const double got = squared_norm<T>(x);
    EXPECT_NEAR(got, static_cast<double>(exact), 1e-13 * static_cast<double>(exact)) << "n=" << n;
  }
  EXPECT_EQ(squared_norm<T>(std::span<const T>()), 0.0);
}

TYPED_TEST(SpiderKernel, ReductionsIdenticalForOneAndTwoThreads) {
  using T = TypeParam;
  if (!testing::openmp_available()) GTEST_SKIP() << "built without OpenMP";
  const std::size_t n = 1048576 + 3 * kChunkElements + 5;
  const auto x = deterministic_values<T>(n, 4, -1.0, 3.0);
  double one = 0.0, two = 0.0;
  testing::with_threads(1, [&] { one = squared_norm<T>(x); });
  testing::with_threads(2, [&] { two = squared_norm<T>(x); });
  EXPECT_EQ(one, two);  // bitwise: the chunk sums are combined in chunk order
}

// Reference for one inner step: the recursion, the norm from the kernel's own (separately tested) reduction
// over the updated v, then the step spelled as in the kernel.
template <class T>
void reference_spider(std::vector<T>& x, const std::vector<T>& gn, const std::vector<T>& go,
                      std::vector<T>& v, const SpiderOptions& o) {
  for (std::size_t i = 0; i < x.size(); ++i) v[i] = (gn[i] - go[i]) + v[i];
  const double alpha = spider_clip_factor(o, std::sqrt(squared_norm<T>(v)));
  if (o.store_clipped_estimator) {
    for (std::size_t i = 0; i < x.size(); ++i) {
      v[i] = static_cast<T>(alpha) * v[i];
      x[i] = std::fma(-static_cast<T>(o.lr), v[i], x[i]);
    }
  } else {
    const auto step = static_cast<T>(o.lr * alpha);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::fma(-step, v[i], x[i]);
  }
}

std::vector<SpiderOptions> spider_cases() {
  SpiderOptions sarah;  // no clipping
  sarah.lr = 0.1;
  SpiderOptions order1 = sarah;
  order1.c1 = 0.5;
  SpiderOptions order2 = order1;
  order2.c2 = 16.0;
  SpiderOptions quirks = order2;
  quirks.norm_is_squared = true;
  quirks.store_clipped_estimator = true;
  return {sarah, order1, order2, quirks};
}

TYPED_TEST(SpiderKernel, EqualsScalarReferenceBitwiseOnEverySize) {
  using T = TypeParam;
  for (const SpiderOptions& o : spider_cases()) {
    for (std::size_t n : test_sizes()) {
      auto x = deterministic_values<T>(n, 11, -1.0, 1.0);
      auto v = deterministic_values<T>(n, 12, -1.0, 1.0);
      auto x_ref = x, v_ref = v;
      for (int t = 0; t < 3; ++t) {
        const auto gn = deterministic_values<T>(n, 20 + static_cast<std::uint64_t>(t), -1.0, 1.0);
        const auto go = deterministic_values<T>(n, 30 + static_cast<std::uint64_t>(t), -1.0, 1.0);
        const SpiderStepReport report = spider_step<T>(x, gn, go, v, o);
        reference_spider(x_ref, gn, go, v_ref, o);
        EXPECT_GT(report.clip_factor, 0.0);
        EXPECT_LE(report.clip_factor, 1.0);
      }
      const std::string what = "c1=" + std::to_string(o.c1) + " n=" + std::to_string(n);
      ELLOPT_EXPECT_BITWISE_EQUAL(x, x_ref, what + " x");
      ELLOPT_EXPECT_BITWISE_EQUAL(v, v_ref, what + " estimator");
    }
  }
}

TYPED_TEST(SpiderKernel, IdenticalForOneAndTwoThreads) {
  using T = TypeParam;
  if (!testing::openmp_available()) GTEST_SKIP() << "built without OpenMP";
  const std::size_t n = 3 * kChunkElements + 17;
  for (const SpiderOptions& o : spider_cases()) {
    std::vector<T> x1 = deterministic_values<T>(n, 11, -1.0, 1.0),
                   v1 = deterministic_values<T>(n, 12, -1.0, 1.0);
    std::vector<T> x2 = x1, v2 = v1;
    const auto gn = deterministic_values<T>(n, 21, -1.0, 1.0), go = deterministic_values<T>(n, 31, -1.0, 1.0);
    SpiderStepReport r1{}, r2{};
    testing::with_threads(1, [&] { r1 = spider_step<T>(x1, gn, go, v1, o); });
    testing::with_threads(2, [&] { r2 = spider_step<T>(x2, gn, go, v2, o); });
    EXPECT_EQ(r1.estimator_norm, r2.estimator_norm);
    EXPECT_EQ(r1.clip_factor, r2.clip_factor);
    ELLOPT_EXPECT_BITWISE_EQUAL(x1, x2, "x");
    ELLOPT_EXPECT_BITWISE_EQUAL(v1, v2, "estimator");
  }
}

// alpha = min(1, c1/||v||, c2/||v||^2): each branch wins in its own range of ||v||.
TEST(SpiderClipFactor, OrdersAndQuirksInClosedForm) {
  SpiderOptions o;
  EXPECT_EQ(spider_clip_factor(o, 1e6), 1.0);  // SARAH: no clipping
  o.c1 = 2.0;
  EXPECT_EQ(spider_clip_factor(o, 1.0), 1.0);
  EXPECT_DOUBLE_EQ(spider_clip_factor(o, 8.0), 0.25);  // order 1: c1/||v||
  o.c2 = 16.0;
  EXPECT_DOUBLE_EQ(spider_clip_factor(o, 4.0), 0.5);          // c1/n = 0.5 < c2/n^2 = 1
  EXPECT_DOUBLE_EQ(spider_clip_factor(o, 16.0), 1.0 / 16.0);  // c2/n^2 = 1/16 < c1/n = 1/8
  EXPECT_EQ(spider_clip_factor(o, 0.0), 1.0);
  o.norm_is_squared = true;                           // the authors' code: ||v||^2 used as the norm
  EXPECT_DOUBLE_EQ(spider_clip_factor(o, 2.0), 0.5);  // n = 4: c1/4 = 0.5, c2/16 = 1
}

TEST(SpiderKernel, CheckpointStepUsesTheEstimatorNorm) {
  SpiderOptions o;
  o.lr = 1.0;
  o.c1 = 1.0;
  std::vector<double> x{0.0, 0.0}, v{3.0, 4.0};  // ||v|| = 5 -> alpha = 0.2
  const SpiderStepReport r = spider_checkpoint_step<double>(x, v, o);
  EXPECT_DOUBLE_EQ(r.estimator_norm, 5.0);
  EXPECT_DOUBLE_EQ(r.clip_factor, 0.2);
  EXPECT_DOUBLE_EQ(x[0], -0.6);
  EXPECT_DOUBLE_EQ(x[1], -0.8);
  EXPECT_EQ(v[0], 3.0);  // textbook: the estimator is kept unclipped
}

TEST(SpiderKernel, RejectsBadOptionsAndSizes) {
  std::vector<SpiderOptions> bad(5);
  bad[0].lr = -1.0;
  bad[1].lr = kInf;
  bad[2].c1 = 0.0;
  bad[3].c2 = -1.0;
  bad[4].c1 = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> x(3, 1.0), g(3, 1.0), v(3, 0.0), short_buffer(2, 0.0);
  for (const SpiderOptions& o : bad) EXPECT_THROW(spider_step<double>(x, g, g, v, o), ConfigError);
  EXPECT_THROW(spider_step<double>(x, short_buffer, g, v, SpiderOptions{}), ConfigError);
  EXPECT_THROW(spider_step<double>(x, g, short_buffer, v, SpiderOptions{}), ConfigError);
  EXPECT_THROW(spider_checkpoint_step<double>(x, short_buffer, SpiderOptions{}), ConfigError);
  EXPECT_EQ(x, std::vector<double>(3, 1.0));
}

TYPED_TEST(SpiderKernel, StreamTriadEqualsScalarLoop) {
  using T = TypeParam;
  for (std::size_t n : test_sizes()) {
    const auto b = deterministic_values<T>(n, 5, -1.0, 1.0), c = deterministic_values<T>(n, 6, -1.0, 1.0);
    std::vector<T> a(n), expected(n);
    stream_triad<T>(a, b, c, T(3));
    for (std::size_t i = 0; i < n; ++i) expected[i] = std::fma(T(3), c[i], b[i]);
    ELLOPT_EXPECT_BITWISE_EQUAL(a, expected, "triad n=" + std::to_string(n));
  }
  std::vector<T> a(2), b(3);
  EXPECT_THROW(stream_triad<T>(a, b, b, T(1)), ConfigError);
}

}  // namespace
}  // namespace ellopt::kernels
