#include "ellopt/problems/smoothness.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ellopt/core/error.hpp"

namespace ellopt::problems {
namespace {

TEST(ComputeG, SolvesTheFixedPointOfCorollary36) {
  const auto ell = SmoothnessModel::polynomial(2.0 / 3.0, 2.0, 3.0);
  for (double F : {0.01, 1.0, 2.25, 144.0, 1e6}) {
    const double G = compute_G(ell, F);
    EXPECT_NEAR(G * G, 2.0 * ell(2.0 * G) * F, 1e-9 * G * G) << "F = " << F;
    // Just above G the defining inequality fails (sup).
    EXPECT_GT((G * 1.001) * (G * 1.001), 2.0 * ell(2.0 * G * 1.001) * F);
  }
}

TEST(ComputeG, MatchesTheSpecWorkedNumbersForTheDoubleWell) {
  // Spec optimization.md §1.4 table [D]: x0 = 2 -> G = 10.6, L = 25.0; x0 = 5 -> G = 227, L = 179.
  const auto ell = SmoothnessModel::polynomial(2.0 / 3.0, 2.0, 3.0);
  const double G2 = compute_G(ell, 2.25);
  EXPECT_NEAR(G2, 10.6, 0.05);
  EXPECT_NEAR(effective_L(ell, G2), 25.0, 0.1);
  const double G5 = compute_G(ell, 144.0);
  EXPECT_NEAR(G5, 227.0, 1.0);
  EXPECT_NEAR(effective_L(ell, G5), 179.0, 1.0);
}

TEST(ComputeG, RejectsNonSubQuadraticAndBadGap) {
  EXPECT_THROW(compute_G(SmoothnessModel::polynomial(2.0, 2.0, 2.0), 1.0), ConfigError);
  EXPECT_THROW(compute_G(SmoothnessModel::polynomial(1.0, 1.0, 1.0), -1.0), ConfigError);
  EXPECT_THROW(compute_G(SmoothnessModel::polynomial(1.0, 1.0, 1.0), std::nan("")), ConfigError);
  EXPECT_DOUBLE_EQ(compute_G(SmoothnessModel::polynomial(1.0, 1.0, 1.0), 0.0), 0.0);
}

TEST(ComputeG, TakesTheSupremumForANonMonotoneRatio) {
  // l with a bump: u^2 <= 2 l(2u) F holds on [0, a] and again on a later interval; the sup is the later end.
  const auto ell =
      SmoothnessModel::custom([](double u) { return (u > 40 && u < 80) ? 1000.0 : 1.0; }, true, "bump");
  const double G = compute_G(ell, 1.0);
  EXPECT_GT(G, 20.0);
  EXPECT_LE(G * G, 2.0 * ell(2.0 * G) * 1.0 + 1e-9);
}

TEST(SmoothnessModel, RejectsInvalidPresets) {
  EXPECT_THROW(SmoothnessModel::polynomial(-1.0, 1.0, 1.0), ConfigError);
  EXPECT_THROW(SmoothnessModel::polynomial(1.0, 0.0, 1.0), ConfigError);
  EXPECT_TRUE(SmoothnessModel::polynomial(1.5, 1.0, 1.0).sub_quadratic());
  EXPECT_FALSE(SmoothnessModel::polynomial(2.0, 1.0, 1.0).sub_quadratic());
}

TEST(AdamPaperConstants, Corollary52) {
  const auto ell = SmoothnessModel::polynomial(1.0, 2.0, 3.0);
  EXPECT_DOUBLE_EQ(adam_paper_L(ell, 4.0), 3 * 2.0 + 4 * 3.0 * 4.0);
  EXPECT_DOUBLE_EQ(adam_paper_radius(ell, 4.0), std::min(1.0 / (5 * 3.0), 1.0 / (5 * 3.0)));
}

}  // namespace
}  // namespace ellopt::problems
