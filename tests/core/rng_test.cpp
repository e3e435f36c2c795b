#include "ellopt/core/rng.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace ellopt {
namespace {

TEST(RngStream, SameSeedAndPathGiveSameNumbers) {
  RngStream a(42, {1, 2});
  RngStream b(42, {1, 2});
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a(), b());
}

TEST(RngStream, DifferentPathsDiffer) {
  RngStream a(42, {1});
  RngStream b(42, {2});
  int equal = 0;
  for (int i = 0; i < 100; ++i) equal += a() == b();
  EXPECT_EQ(equal, 0);
}

TEST(RngStream, ChildStreamsDoNotDependOnParentUse) {
  RngStream parent(7);
  RngStream child_before = parent.child(3);
  for (int i = 0; i < 10; ++i) parent();
  RngStream child_after = parent.child(3);
  EXPECT_EQ(child_before(), child_after());
}

TEST(RngStream, NormalMomentsMatch) {
  RngStream rng(1);
  const int n = 200000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double z = rng.normal();
    sum += z;
    sum_sq += z * z;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sum_sq / n, 1.0, 0.01);
}

TEST(RngStream, StudentTVarianceIsNuOverNuMinusTwo) {
  RngStream rng(2);
  const int n = 400000;
  const double nu = 5.0;
  double sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double t = rng.student_t(nu);
    sum_sq += t * t;
  }
  EXPECT_NEAR(sum_sq / n, nu / (nu - 2.0), 0.05);
}

TEST(RngStream, BelowIsUniformAndInRange) {
  RngStream rng(3);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) {
    const auto k = rng.below(7);
    ASSERT_LT(k, 7u);
    ++counts[k];
  }
  for (int c : counts) EXPECT_NEAR(c, 10000, 500);
}

TEST(RngStream, UniformBallStaysInsideAndFillsIt) {
  RngStream rng(4);
  Vector v(3);
  double max_norm = 0;
  for (int i = 0; i < 10000; ++i) {
    rng.fill_uniform_ball(v, 2.0);
    max_norm = std::max(max_norm, v.norm());
  }
  EXPECT_LE(max_norm, 2.0);
  EXPECT_GT(max_norm, 1.95);
}

}  // namespace
}  // namespace ellopt

namespace ellopt {
namespace {

TEST(RngStream, RestoredSnapshotContinuesTheSameSequence) {
  RngStream original(7, {3});
  for (int i = 0; i < 5; ++i) original.normal();  // odd count of polar draws leaves a spare normal pending
  original();
  const RngSnapshot saved = original.snapshot();
  RngStream resumed = RngStream::restore(saved);
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(original.normal(), resumed.normal()) << "draw " << i;
    ASSERT_EQ(original(), resumed()) << "draw " << i;
  }
  EXPECT_EQ(original.key(), resumed.key());
}

// Streams are keyed by (seed, path), never by the thread: filling per-index draws in parallel gives the same
// numbers with 1, 2 or 4 OpenMP threads (the project's determinism rule).
std::vector<double> parallel_draws(int threads) {
  std::vector<double> out(2000);
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads) schedule(dynamic, 7)
#endif
  for (int i = 0; i < static_cast<int>(out.size()); ++i) {
    RngStream stream(2026, {static_cast<std::uint64_t>(i)});
    out[static_cast<std::size_t>(i)] = stream.normal() + stream.uniform() + stream.student_t(3.0);
  }
  static_cast<void>(threads);
  return out;
}

TEST(RngStream, SameNumbersWhateverTheThreadCount) {
  const auto one = parallel_draws(1);
  EXPECT_EQ(one, parallel_draws(2));
  EXPECT_EQ(one, parallel_draws(4));
}

TEST(RngStream, RestoreRejectsAnAllZeroState) {
  EXPECT_THROW(RngStream::restore(RngSnapshot{}), std::invalid_argument);
}

}  // namespace
}  // namespace ellopt
