// Every registered aggregator, table-driven: the same clean-input, bad-input and parameter checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

#include "ellopt/core/error.hpp"
#include "ellopt/robust/aggregator.hpp"
#include "geometric_median_reference.hpp"

namespace ellopt::robust {
namespace {

struct Case {
  std::string name;
  Json params;
  bool robust;
};

std::vector<Case> all_cases() {
  return {{"mean", Json(), false},
          {"coordinate-median", Json(), true},
          {"trimmed-mean", Json{{"trim", 0.3}}, true},
          {"krum", Json{{"f", 3}}, true},
          {"geometric-median", Json(), true},
          {"gmom", Json{{"byzantine", 3}}, true}};
}

class EveryAggregator : public ::testing::TestWithParam<Case> {};

TEST(AggregatorRegistry, ListsExactlyTheSixNames) {
  std::set<std::string> names;
  for (const auto& entry : aggregators().entries()) names.insert(entry.name);
  EXPECT_EQ(names, (std::set<std::string>{"mean", "coordinate-median", "trimmed-mean", "krum",
                                          "geometric-median", "gmom"}));
  EXPECT_THROW(make_aggregator("average"), UnknownNameError);
}

// 16 honest points near `centre` (radius 0.1) and 3 bad columns of the given kind.
Matrix with_bad_columns(double bad_value, Index d = 4, Index honest = 16) {
  RngStream rng(41);
  Matrix points(d, honest + 3);
  Vector u(d);
  for (Index j = 0; j < honest + 3; ++j) {
    rng.fill_uniform_ball(u, 0.1);
    points.col(j) = Vector::Constant(d, 1.0) + u;
  }
  for (Index j : {Index{1}, Index{7}, Index{12}}) points.col(j).setConstant(bad_value);
  return points;
}

TEST_P(EveryAggregator, CleanInputGivesAPointNearTheCluster) {
  const auto aggregator = make_aggregator(GetParam().name, GetParam().params);
  RngStream rng(1);
  const Matrix points = with_bad_columns(1.0);  // "bad" columns equal the centre: all clean
  const auto result = aggregator->aggregate(points, rng);
  ASSERT_EQ(result.value.size(), 4);
  EXPECT_LE((result.value - Vector::Constant(4, 1.0)).norm(), 0.1);
  EXPECT_TRUE(result.excluded.empty());
  EXPECT_FALSE(result.poisoned);
}

TEST_P(EveryAggregator, NonFiniteAndHugeColumnsNeverPoisonARobustAggregator) {
  const auto& c = GetParam();
  const auto aggregator = make_aggregator(c.name, c.params);
  const double inf = std::numeric_limits<double>::infinity();
  for (double bad : {std::nan(""), inf, -inf, 1e300, -1e300, 1.7e308}) {
    RngStream rng(2);
    const Matrix points = with_bad_columns(bad);
    AggregateResult result;
    ASSERT_NO_THROW(result = aggregator->aggregate(points, rng)) << c.name << " " << bad;
    ASSERT_EQ(result.value.size(), 4);
    if (c.robust) {
      EXPECT_TRUE(result.value.allFinite()) << c.name << " " << bad;
      EXPECT_LE((result.value - Vector::Constant(4, 1.0)).norm(), 0.2) << c.name << " " << bad;
      EXPECT_FALSE(result.poisoned);
      if (!std::isfinite(bad)) {
        EXPECT_EQ(result.excluded, (std::vector<Index>{1, 7, 12})) << c.name;
        EXPECT_FALSE(result.warning.empty());
      }
    } else {
      // The mean breaks by design and must say so when a column is non-finite.
      EXPECT_TRUE(result.excluded.empty());
      if (!std::isfinite(bad)) {
        EXPECT_TRUE(result.poisoned);
        EXPECT_NE(result.warning.find("not robust"), std::string::npos);
      }
    }
  }
}

TEST_P(EveryAggregator, MalformedMessagesOfTheWrongLengthAreExcluded) {
  const auto& c = GetParam();
  const auto aggregator = make_aggregator(c.name, c.params);
  std::vector<Vector> messages;
  RngStream rng(3);
  for (int j = 0; j < 19; ++j) {
    Vector v(3);
    rng.fill_uniform_ball(v, 0.1);
    messages.push_back(Vector::Constant(3, 2.0) + v);
  }
  messages[4] = Vector::Zero(5);  // too long
  messages[9] = Vector();         // empty
  const Matrix points = stack_messages(messages, 3);
  const auto result = aggregator->aggregate(points, rng);
  if (c.robust) {
    EXPECT_EQ(result.excluded, (std::vector<Index>{4, 9}));
    EXPECT_LE((result.value - Vector::Constant(3, 2.0)).norm(), 0.2);
  } else {
    EXPECT_TRUE(result.poisoned);
  }
}

TEST_P(EveryAggregator, EmptyOrAllNonFiniteInputIsAConfigError) {
  const auto aggregator = make_aggregator(GetParam().name, GetParam().params);
  RngStream rng(4);
  EXPECT_THROW(aggregator->aggregate(Matrix(3, 0), rng), ConfigError);
  EXPECT_THROW(aggregator->aggregate(Matrix(0, 3), rng), ConfigError);
  if (GetParam().robust) {
    const Matrix all_nan = Matrix::Constant(3, 20, std::nan(""));
    EXPECT_THROW(aggregator->aggregate(all_nan, rng), ConfigError);
  }
  EXPECT_THROW(stack_messages({}, 0), ConfigError);
}

TEST_P(EveryAggregator, UnknownParameterIsAConfigErrorListingTheValidKeys) {
  try {
    make_aggregator(GetParam().name, Json{{"no_such_key", 1}});
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("valid parameters"), std::string::npos) << e.what();
  }
}

TEST_P(EveryAggregator, SameSeedSameResult) {
  const auto aggregator = make_aggregator(GetParam().name, GetParam().params);
  const Matrix points = with_bad_columns(50.0, 6, 30);
  RngStream a(77), b(77);
  EXPECT_EQ(aggregator->aggregate(points, a).value, aggregator->aggregate(points, b).value);
}

TEST_P(EveryAggregator, BreakdownPointIsDocumentedValue) {
  const auto aggregator = make_aggregator(GetParam().name, GetParam().params);
  const double bp = aggregator->breakdown_point(20);
  if (GetParam().robust) {
    EXPECT_GT(bp, 0.0);
    EXPECT_LE(bp, 0.5);
  } else {
    EXPECT_EQ(bp, 0.0);
  }
}

INSTANTIATE_TEST_SUITE_P(Aggregators, EveryAggregator, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           std::string name = param_info.param.name;
                           for (auto& ch : name)
                             if (ch == '-') ch = '_';
                           return name;
                         });

TEST(CoordinateAggregators, ClosedForms) {
  Matrix points(2, 5);
  points << 1, 2, 3, 4, 100,  //
      -5, 0, 5, 10, 15;
  RngStream rng(5);
  EXPECT_EQ(make_aggregator("coordinate-median")->aggregate(points, rng).value, Eigen::Vector2d(3, 5));
  EXPECT_EQ(make_aggregator("mean")->aggregate(points, rng).value, Eigen::Vector2d(22, 5));
  // trim 0.2 of 5 drops one at each end: mean of {2,3,4} and {0,5,10}.
  EXPECT_EQ(make_aggregator("trimmed-mean", {{"trim", 0.2}})->aggregate(points, rng).value,
            Eigen::Vector2d(3, 5));
  Matrix even(1, 4);
  even << 1, 2, 3, 40;
  EXPECT_EQ(make_aggregator("coordinate-median")->aggregate(even, rng).value[0], 2.5);
}

// The coordinate median has two code paths (a vectorized selection network for many rows, nth_element per
// row otherwise); both must equal the textbook median for every count, with ties.
TEST(CoordinateAggregators, MedianEqualsSortedMiddleForEveryCountAndBothPaths) {
  RngStream rng(12);
  for (Index m = 1; m <= 41; ++m) {
    for (Index d : {Index{3}, Index{130}}) {
      Matrix points(d, m);
      for (Index j = 0; j < m; ++j)
        for (Index r = 0; r < d; ++r)
          points(r, j) = static_cast<double>(rng.below(5)) + (r % 2 ? rng.uniform() : 0.0);
      const Vector median = make_aggregator("coordinate-median")->aggregate(points, rng).value;
      for (Index r = 0; r < d; ++r) {
        std::vector<double> row(points.row(r).begin(), points.row(r).end());
        std::sort(row.begin(), row.end());
        const double expected = m % 2 ? row[static_cast<std::size_t>(m / 2)]
                                      : std::midpoint(row[static_cast<std::size_t>(m / 2 - 1)],
                                                      row[static_cast<std::size_t>(m / 2)]);
        ASSERT_EQ(median[r], expected) << "m " << m << " d " << d << " row " << r;
      }
    }
  }
}

TEST(Krum, PicksAnHonestPointAndChecksItsCondition) {
  RngStream rng(6);
  Matrix points = testing::gaussian_cloud(4, 12, rng, 0.1);
  for (Index j = 0; j < 3; ++j) points.col(j).setConstant(50.0);
  const auto result = make_aggregator("krum", {{"f", 3}})->aggregate(points, rng);
  bool is_a_column = false;
  for (Index j = 3; j < 12; ++j) is_a_column = is_a_column || result.value == points.col(j);
  EXPECT_TRUE(is_a_column);
  const auto multi = make_aggregator("krum", {{"f", 3}, {"select", 4}})->aggregate(points, rng);
  EXPECT_LE(multi.value.norm(), 1.0);
  EXPECT_THROW(make_aggregator("krum", {{"f", 5}})->aggregate(points, rng), ConfigError);  // 12 < 2*5+3
  EXPECT_THROW(make_aggregator("krum", {{"f", -1}}), ConfigError);
}

TEST(TrimmedMean, RejectsTrimOfOneHalfOrMore) {
  EXPECT_THROW(make_aggregator("trimmed-mean", {{"trim", 0.5}}), ConfigError);
  EXPECT_THROW(make_aggregator("trimmed-mean", {{"trim", -0.1}}), ConfigError);
}

TEST(GeometricMedianOfMeans, ChecksTheGroupCountAgainstTheByzantineCount) {
  EXPECT_THROW(make_aggregator("gmom"), ConfigError);                                     // neither given
  EXPECT_THROW(make_aggregator("gmom", {{"groups", 5}, {"byzantine", 3}}), ConfigError);  // 5 < 6
  EXPECT_THROW(make_aggregator("gmom", {{"groups", 6}, {"byzantine", 3}, {"eps", 0.1}}),
               ConfigError);  // 6 < 6.6
  EXPECT_NO_THROW(make_aggregator("gmom", {{"groups", 7}, {"byzantine", 3}, {"eps", 0.1}}));
  // k = 2q meets k >= 2(1+eps)q at eps = 0 but leaves a tie between bad and clean groups: needs 2q + 1.
  EXPECT_THROW(make_aggregator("gmom", {{"groups", 6}, {"byzantine", 3}}), ConfigError);
  EXPECT_NO_THROW(make_aggregator("gmom", {{"groups", 7}, {"byzantine", 3}}));
}

TEST(GeometricMedianOfMeans, MoreGroupsThanPointsIsCappedWithAWarningNotAnError) {
  RngStream rng(7);
  const Matrix points = testing::gaussian_cloud(3, 5, rng);
  AggregateResult result;
  ASSERT_NO_THROW(result = make_aggregator("gmom", {{"groups", 6}})->aggregate(points, rng));  // 6 groups > 5
  EXPECT_TRUE(result.adjusted);
  EXPECT_NE(result.warning.find("6 groups asked for but only 5 usable points"), std::string::npos)
      << result.warning;
  // One point per group is the geometric median of the points.
  RngStream other(1);
  const auto gm = make_aggregator("geometric-median")->aggregate(points, other);
  EXPECT_LE((result.value - gm.value).norm(), 1e-9);
  RngStream again(7);
  EXPECT_FALSE(make_aggregator("gmom", {{"groups", 5}})->aggregate(points, again).adjusted);
}

TEST(GeometricMedianOfMeans, ReportsTheColumnsTheInnerMedianExcluded) {
  // One point per group: a group mean near DBL_MAX is excluded by the inner geometric median; the caller must
  // see its column (not the internal group index) and the inner median's reason, next to the NaN column.
  RngStream rng(11);
  Matrix points = testing::gaussian_cloud(3, 9, rng, 0.1);
  points.col(4).setConstant(1.5e308);
  points(0, 7) = std::numeric_limits<double>::quiet_NaN();
  RngStream partition(2);
  const auto result = make_aggregator("gmom", {{"groups", 8}})->aggregate(points, partition);
  EXPECT_EQ(result.excluded, (std::vector<Index>{4, 7}));
  EXPECT_NE(result.warning.find("NaN or infinity"), std::string::npos) << result.warning;
  EXPECT_NE(result.warning.find("beyond the double range"), std::string::npos) << result.warning;
  EXPECT_LE(result.value.norm(), 2.0);
}

TEST(GeometricMedianOfMeans, EachNonFiniteColumnUsesUpOneByzantine) {
  // q = 8 of 20, all 8 non-finite: k = 2q + 1 = 17 would exceed the 12 usable points. The excluded columns
  // are the 8 Byzantine ones, so q_eff = 0 and k = 1: the mean of the 12 honest points, with no adjustment.
  RngStream rng(10);
  Matrix points = testing::gaussian_cloud(3, 20, rng, 0.1);
  for (Index j = 12; j < 20; ++j) points.col(j).setConstant(std::numeric_limits<double>::quiet_NaN());
  points(1, 19) = std::numeric_limits<double>::infinity();
  RngStream partition(3);
  const auto result = make_aggregator("gmom", {{"byzantine", 8}})->aggregate(points, partition);
  EXPECT_FALSE(result.adjusted) << result.warning;
  EXPECT_EQ(result.excluded, (std::vector<Index>{12, 13, 14, 15, 16, 17, 18, 19}));
  EXPECT_NE(result.warning.find("8 columns excluded"), std::string::npos) << result.warning;
  EXPECT_LE((result.value - points.leftCols(12).rowwise().mean()).norm(), 1e-12);
  // 4 non-finite of q = 8: q_eff = 4, k = 9 groups of 16 finite points, 4 of them far: still robust.
  Matrix mixed = testing::gaussian_cloud(3, 20, rng, 0.1);
  for (Index j = 12; j < 16; ++j) mixed.col(j).setConstant(1e6);
  for (Index j = 16; j < 20; ++j) mixed.col(j).setConstant(std::numeric_limits<double>::quiet_NaN());
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    RngStream p(seed);
    const auto mixed_result = make_aggregator("gmom", {{"byzantine", 8}})->aggregate(mixed, p);
    EXPECT_LE(mixed_result.value.norm(), 2.0) << seed;
    EXPECT_EQ(mixed_result.excluded.size(), 4u);
  }
  // Given groups are kept (only capped): groups = 17 with 12 usable points uses 12 and says so.
  RngStream p(4);
  const auto capped = make_aggregator("gmom", {{"groups", 17}, {"byzantine", 8}})->aggregate(points, p);
  EXPECT_TRUE(capped.adjusted);
  EXPECT_NE(capped.warning.find("8 columns excluded"), std::string::npos) << capped.warning;
  EXPECT_NE(capped.warning.find("17 groups asked for but only 12 usable points"), std::string::npos)
      << capped.warning;
}

TEST(GeometricMedianOfMeans, OneGroupIsTheMeanAndNGroupsIsTheGeometricMedian) {
  RngStream rng(8);
  const Matrix points = testing::gaussian_cloud(3, 9, rng);
  RngStream a(1);
  const auto one = make_aggregator("gmom", {{"groups", 1}})->aggregate(points, a);
  EXPECT_LE((one.value - points.rowwise().mean()).norm(), 1e-12);
  const auto all = make_aggregator("gmom", {{"groups", 9}})->aggregate(points, a);
  const auto gm = make_aggregator("geometric-median")->aggregate(points, a);
  EXPECT_LE((all.value - gm.value).norm(), 1e-9);
}

TEST(GeometricMedianOfMeans, SurvivesQByzantineWithTwoQPlusOneGroups) {
  RngStream rng(9);
  Matrix points = testing::gaussian_cloud(5, 40, rng, 0.5);
  for (Index j = 0; j < 4; ++j) points.col(j * 9).setConstant(-1e6);
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    RngStream partition(seed);
    const auto result = make_aggregator("gmom", {{"byzantine", 4}})->aggregate(points, partition);  // k = 9
    EXPECT_LE(result.value.norm(), 2.0) << seed;
  }
}

}  // namespace
}  // namespace ellopt::robust
