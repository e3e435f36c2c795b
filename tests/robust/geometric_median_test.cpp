// Geometric median: exact answers, brute-force cross-checks, the optimality condition, stopping rules, and
// agreement of the blocked one-pass kernel with the textbook iteration.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <Eigen/QR>
#include <numbers>
#include <vector>

#include "ellopt/core/error.hpp"
#include "ellopt/robust/geometric_median.hpp"
#include "geometric_median_reference.hpp"

namespace ellopt::robust {
namespace {

using testing::gaussian_cloud;
using testing::objective;

GeometricMedianOptions tight() {
  GeometricMedianOptions options;
  options.ftol = 0.0;  // f is flat at the minimum: ftol 1e-15 only pins x to ~sqrt(1e-15); use the step
  options.xtol = 1e-14;
  options.max_iter = 20000;
  options.nu = 1e-14;
  return options;
}

// Norm of the (sub)gradient direction sum_i (y - z_i)/||y - z_i|| over points not at y.
double pull_norm(const Matrix& points, const Vector& y) {
  Vector g = Vector::Zero(points.rows());
  for (Index j = 0; j < points.cols(); ++j) {
    const double dist = (y - points.col(j)).norm();
    if (dist > 0.0) g += (y - points.col(j)) / dist;
  }
  return g.norm();
}

TEST(GeometricMedian, CollinearOddCountReturnsTheMiddlePointExactly) {
  RngStream rng(11);
  const Index d = 4;
  Vector direction(d), origin(d);
  rng.fill_normal(direction);
  rng.fill_normal(origin);
  const std::vector<double> t = {7.0, -3.0, 0.5, 2.0, -1.0};  // middle value: 0.5 (column 2)
  Matrix points(d, 5);
  for (Index j = 0; j < 5; ++j) points.col(j) = origin + t[static_cast<std::size_t>(j)] * direction;
  const auto result = GeometricMedian().solve(points);
  for (Index r = 0; r < d; ++r) EXPECT_EQ(result.value[r], points(r, 2));
  EXPECT_EQ(result.stop_reason, "exact");
}

TEST(GeometricMedian, CollinearEvenCountLandsBetweenTheTwoMiddlePoints) {
  const Index d = 3;
  Vector direction(d), origin(d);
  direction << 1.0, -2.0, 0.5;
  origin << 3.0, 1.0, -1.0;
  const std::vector<double> t = {-4.0, -1.0, 2.0, 10.0};  // minimizers: the whole segment t in [-1, 2]
  Matrix points(d, 4);
  for (Index j = 0; j < 4; ++j) points.col(j) = origin + t[static_cast<std::size_t>(j)] * direction;
  const auto result = GeometricMedian(tight()).solve(points);
  const Vector offset = result.value - origin;
  const double along = offset.dot(direction) / direction.squaredNorm();
  EXPECT_LE((offset - along * direction).norm(), 1e-9);
  EXPECT_GE(along, -1.0 - 1e-9);
  EXPECT_LE(along, 2.0 + 1e-9);
}

TEST(GeometricMedian, WeightedCollinearPointsGiveTheWeightedMedian) {
  Matrix points(1, 4);
  points << 0.0, 1.0, 2.0, 3.0;
  const std::vector<double> weights = {1.0, 1.0, 1.0, 4.0};  // weight 4 of 7 at x = 3
  const auto result = GeometricMedian().solve(points, weights);
  EXPECT_EQ(result.value[0], 3.0);
  EXPECT_EQ(result.stop_reason, "exact");
}

TEST(GeometricMedian, CrossPolytopeGivesItsCentre) {
  const Index d = 5;
  Vector centre(d);
  centre << 1.0, -2.0, 3.0, 0.25, 7.0;
  Matrix points(d, 2 * d);
  for (Index i = 0; i < d; ++i) {
    points.col(2 * i) = centre + 2.5 * Vector::Unit(d, i);
    points.col(2 * i + 1) = centre - 2.5 * Vector::Unit(d, i);
  }
  const auto result = GeometricMedian().solve(points);
  EXPECT_LE((result.value - centre).norm(), 1e-12);
}

TEST(GeometricMedian, RotatedSymmetricConfigurationGivesItsCentre) {
  // A rotated cross-polytope: the coordinate median is no longer the centre, so Weiszfeld has to work.
  RngStream rng(5);
  const Index d = 6;
  Matrix gaussian(d, d);
  for (Index i = 0; i < d; ++i)
    for (Index j = 0; j < d; ++j) gaussian(i, j) = rng.normal();
  const Matrix rotation = Eigen::HouseholderQR<Matrix>(gaussian).householderQ();
  Vector centre(d);
  rng.fill_normal(centre);
  Matrix points(d, 2 * d);
  for (Index i = 0; i < d; ++i) {
    points.col(2 * i) = centre + 3.0 * rotation.col(i);
    points.col(2 * i + 1) = centre - 3.0 * rotation.col(i);
  }
  const auto result = GeometricMedian(tight()).solve(points);
  EXPECT_LE((result.value - centre).norm(), 1e-9);
}

TEST(GeometricMedian, RegularPolygonGivesItsCentre) {
  for (int sides : {3, 5, 8}) {
    Matrix points(2, sides);
    for (int k = 0; k < sides; ++k) {
      const double angle = 0.3 + 2.0 * std::numbers::pi * k / sides;
      points.col(k) << 4.0 + 2.0 * std::cos(angle), -1.0 + 2.0 * std::sin(angle);
    }
    const auto result = GeometricMedian(tight()).solve(points);
    EXPECT_NEAR(result.value[0], 4.0, 1e-9) << sides;
    EXPECT_NEAR(result.value[1], -1.0, 1e-9) << sides;
  }
}

TEST(GeometricMedian, PointMassWithMoreThanHalfTheWeightIsReturnedExactly) {
  RngStream rng(3);
  const Index d = 7;
  Vector mass(d);
  rng.fill_normal(mass);
  mass *= 1.0 / 3.0;  // not representable in few bits: a bitwise check means something
  Matrix points = gaussian_cloud(d, 11, rng, 50.0);
  for (Index j = 0; j < 6; ++j) points.col(2 * j) = mass;  // 6 of 11
  const auto result = GeometricMedian().solve(points);
  for (Index r = 0; r < d; ++r) EXPECT_EQ(result.value[r], mass[r]);
  EXPECT_EQ(result.stop_reason, "exact");
  EXPECT_EQ(result.iterations, 0);
}

TEST(GeometricMedian, WeightedPointMassIsReturnedExactly) {
  RngStream rng(4);
  Matrix points = gaussian_cloud(3, 6, rng, 10.0);
  const std::vector<double> weights = {0.2, 0.1, 3.1, 0.5, 0.9, 1.2};  // column 2 has 3.1 of 6.0
  const auto result = GeometricMedian().solve(points, weights);
  for (Index r = 0; r < 3; ++r) EXPECT_EQ(result.value[r], points(r, 2));
  EXPECT_EQ(result.stop_reason, "exact");
}

TEST(GeometricMedian, ObtuseTriangleGivesTheObtuseVertexExactly) {
  // The Fermat point of a triangle with an angle >= 120 degrees is that vertex; the coordinate median is not a
  // vertex here, so the vertex is found by the iterations and certified by the optimality test at the end.
  Matrix points(2, 3);
  points << 0.0, 10.0, -10.0,  //
      0.0, 0.5, 1.0;
  const auto result = GeometricMedian().solve(points);
  EXPECT_EQ(result.value[0], 0.0);
  EXPECT_EQ(result.value[1], 0.0);
  EXPECT_EQ(result.stop_reason, "exact");
  EXPECT_GT(result.iterations, 0);
}

TEST(GeometricMedian, AllPointsCoincidentReturnsThePoint) {
  Matrix points(3, 5);
  for (Index j = 0; j < 5; ++j) points.col(j) << 0.1, 0.2, 0.3;
  const auto result = GeometricMedian().solve(points);
  EXPECT_EQ(result.value, points.col(0));
  EXPECT_EQ(result.stop_reason, "exact");
  EXPECT_TRUE(result.value.allFinite());
}

TEST(GeometricMedian, MatchesGridBruteForceOnRandom2dInputs) {
  RngStream rng(21);
  for (int trial = 0; trial < 12; ++trial) {
    const Index n = 4 + static_cast<Index>(rng.below(12));
    Matrix points = gaussian_cloud(2, n, rng, 1.0 + trial);
    const Vector brute = testing::grid_minimizer_2d(points);
    const auto result = GeometricMedian(tight()).solve(points);
    const double scale = 1.0 + trial;
    EXPECT_LE((result.value - brute).norm(), 1e-7 * scale) << "trial " << trial << " n " << n;
    EXPECT_LE(objective(points, result.value), objective(points, brute) * (1.0 + 1e-13)) << trial;
  }
}

TEST(GeometricMedian, MatchesNewtonAndBeatsLongSubgradientDescentOnRandomInputs) {
  RngStream rng(22);
  for (int trial = 0; trial < 6; ++trial) {
    const Index d = 3 + 2 * trial;
    const Index n = 9 + 3 * trial;
    Matrix points = gaussian_cloud(d, n, rng);
    points.col(0) *= 30.0;  // an outlier, so the answer is not near the mean
    const Vector newton = testing::newton_minimizer(points, 200);
    const Vector subgradient = testing::subgradient_minimizer(points, 40000);
    const auto result = GeometricMedian(tight()).solve(points);
    const double f_gm = objective(points, result.value);
    EXPECT_LE((result.value - newton).norm(), 1e-8) << trial;
    EXPECT_LE(f_gm, objective(points, newton) * (1.0 + 1e-14)) << trial;
    EXPECT_LE(f_gm, objective(points, subgradient)) << trial;
    EXPECT_LE(pull_norm(points, result.value), 1e-6) << trial;  // first-order optimality
  }
}

TEST(GeometricMedian, BlockedKernelEqualsTheTextbookIteration) {
  RngStream rng(8);
  Matrix points = gaussian_cloud(37, 13, rng);  // odd sizes exercise block and lane tails
  GeometricMedianOptions options;
  options.ftol = 0.0;
  options.xtol = 0.0;
  options.snap = false;
  options.nu_relative = false;
  options.nu = 1e-12;
  for (int iterations : {1, 2, 7}) {
    options.max_iter = iterations;
    for (std::size_t block_bytes : {std::size_t{64}, std::size_t{1} << 10, std::size_t{1} << 20}) {
      options.block_bytes = block_bytes;
      const auto result = GeometricMedian(options).solve(points);
      // Same start: the coordinate median with midpoint convention (13 points: the middle value).
      Vector start(37);
      for (Index r = 0; r < 37; ++r) {
        std::vector<double> row;
        for (Index j = 0; j < 13; ++j) row.push_back(points(r, j));
        std::nth_element(row.begin(), row.begin() + 6, row.end());
        start[r] = row[6];
      }
      const Vector expected = testing::naive_weiszfeld(points, start, 1e-12, iterations);
      EXPECT_LE((result.value - expected).norm(), 1e-12) << iterations << " " << block_bytes;
      EXPECT_EQ(result.iterations, iterations);
      EXPECT_EQ(result.stop_reason, "max_iter");
      EXPECT_EQ(result.objective_trace.size(), static_cast<std::size_t>(iterations) + 1);
    }
  }
}

// Large inputs take the row-range path (OpenMP when available): the same bits for 1 and 2 threads, and the
// same iterate as the textbook iteration.
TEST(GeometricMedian, RowRangePathIsThreadCountIndependentAndCorrect) {
  RngStream rng(13);
  const Matrix points = gaussian_cloud(70001, 16, rng);  // 1.1e6 entries: above the split threshold
  GeometricMedianOptions options;
  options.ftol = 0.0;
  options.xtol = 0.0;
  options.snap = false;
  options.max_iter = 3;
  options.threads = 1;
  const auto one = GeometricMedian(options).solve(points);
  options.threads = 2;
  const auto two = GeometricMedian(options).solve(points);
  EXPECT_EQ(one.value, two.value);
  EXPECT_EQ(one.objective_trace, two.objective_trace);
  Vector start(points.rows());
  for (Index r = 0; r < points.rows(); ++r) {
    std::vector<double> row(points.row(r).begin(), points.row(r).end());
    std::sort(row.begin(), row.end());
    start[r] = 0.5 * (row[7] + row[8]);
  }
  options.nu_relative = true;
  const Vector expected = testing::naive_weiszfeld(points, start, 0.0, 3);  // no point is within nu
  EXPECT_LE((one.value - expected).norm(), 1e-12 * expected.norm());
  EXPECT_NEAR(one.objective_trace.back(), objective(points, one.value), 1e-12 * one.objective_trace.back());
}

TEST(GeometricMedian, ReportsEachStoppingRule) {
  RngStream rng(9);
  Matrix points = gaussian_cloud(5, 30, rng);
  GeometricMedianOptions options;
  options.snap = false;
  options.max_iter = 3;
  options.ftol = 0.0;
  options.xtol = 0.0;
  EXPECT_EQ(GeometricMedian(options).solve(points).stop_reason, "max_iter");
  options.max_iter = 1000;
  options.ftol = 1e-6;
  const auto by_ftol = GeometricMedian(options).solve(points);
  EXPECT_EQ(by_ftol.stop_reason, "ftol");
  EXPECT_LT(by_ftol.iterations, 1000);
  options.ftol = 0.0;
  options.xtol = 1e-6;
  EXPECT_EQ(GeometricMedian(options).solve(points).stop_reason, "xtol");
  options.max_iter = 0;
  const auto none = GeometricMedian(options).solve(points);
  EXPECT_EQ(none.stop_reason, "max_iter");
  EXPECT_EQ(none.iterations, 0);
}

TEST(GeometricMedian, ObjectiveTraceDecreasesAndEndsAtTheReportedValue) {
  RngStream rng(10);
  Matrix points = gaussian_cloud(8, 25, rng);
  points.col(3) *= 1e3;
  GeometricMedianOptions options;
  options.ftol = 1e-13;
  const auto result = GeometricMedian(options).solve(points);
  ASSERT_GE(result.objective_trace.size(), 2u);
  for (std::size_t k = 1; k < result.objective_trace.size(); ++k)
    EXPECT_LE(result.objective_trace[k], result.objective_trace[k - 1] * (1.0 + 1e-14)) << k;
  EXPECT_NEAR(result.objective_trace.back(), objective(points, result.value), 1e-10 * result.objective_trace.back());
}

TEST(GeometricMedian, IsEquivariantUnderPermutationTranslationAndScale) {
  RngStream rng(12);
  Matrix points = gaussian_cloud(6, 15, rng);
  const auto base = GeometricMedian(tight()).solve(points).value;
  Matrix permuted(6, 15);
  for (Index j = 0; j < 15; ++j) permuted.col(j) = points.col((j * 7) % 15);
  EXPECT_LE((GeometricMedian(tight()).solve(permuted).value - base).norm(), 1e-10);
  Vector shift(6);
  rng.fill_normal(shift);
  shift *= 100.0;
  const Matrix moved = points.colwise() + shift;
  EXPECT_LE((GeometricMedian(tight()).solve(moved).value - (base + shift)).norm(), 1e-9);
  const Matrix scaled = 1e-150 * points;  // tiny data: the relative nu follows the scale
  EXPECT_LE((GeometricMedian(tight()).solve(scaled).value / 1e-150 - base).norm(), 1e-9);
  const Matrix huge = 1e150 * points;
  EXPECT_LE((GeometricMedian(tight()).solve(huge).value / 1e150 - base).norm(), 1e-9);
}

TEST(GeometricMedian, RejectsBadWeightsAndOptions) {
  Matrix points = Matrix::Identity(3, 3);
  const std::vector<double> negative = {1.0, -1.0, 1.0};
  const std::vector<double> wrong_size = {1.0, 1.0};
  const std::vector<double> zero = {0.0, 0.0, 0.0};
  const std::vector<double> nan = {1.0, std::nan(""), 1.0};
  EXPECT_THROW(GeometricMedian().solve(points, negative), ConfigError);
  EXPECT_THROW(GeometricMedian().solve(points, wrong_size), ConfigError);
  EXPECT_THROW(GeometricMedian().solve(points, zero), ConfigError);
  EXPECT_THROW(GeometricMedian().solve(points, nan), ConfigError);
  GeometricMedianOptions bad;
  bad.nu = 0.0;
  EXPECT_THROW(GeometricMedian{bad}, ConfigError);
  bad = {};
  bad.max_iter = -1;
  EXPECT_THROW(GeometricMedian{bad}, ConfigError);
  bad = {};
  bad.ftol = std::nan("");
  EXPECT_THROW(GeometricMedian{bad}, ConfigError);
}

}  // namespace
}  // namespace ellopt::robust
