#include <gtest/gtest.h>

#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/core/series.hpp"
#include "ellopt/core/statistics.hpp"

namespace ellopt {
namespace {

TEST(Statistics, MedianOfOddAndEvenCounts) {
  EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2.0);
  EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_TRUE(std::isnan(median({})));
}

TEST(Statistics, LogLogFitRecoversPowerLaw) {
  std::vector<double> x, y;
  for (int i = 1; i <= 20; ++i) {
    x.push_back(i * 10.0);
    y.push_back(3.0 * std::pow(i * 10.0, -1.5));
  }
  const auto fit = fit_loglog(x, y);
  EXPECT_NEAR(fit.slope, -1.5, 1e-12);
  EXPECT_NEAR(std::exp(fit.intercept), 3.0, 1e-10);
  EXPECT_NEAR(fit.r_squared, 1.0, 1e-12);
}

TEST(Statistics, FitRejectsDegenerateInput) {
  EXPECT_THROW(fit_line({1.0}, {1.0}), Error);
  EXPECT_THROW(fit_line({1.0, 1.0}, {1.0, 2.0}), Error);
  EXPECT_THROW(fit_loglog({1.0, 0.0}, {1.0, 2.0}), Error);
}

TEST(ColumnSeries, RoundTripsThroughJsonWithNonFiniteAsNull) {
  ColumnSeries s({"t", "f"});
  s.add_row({0, 1.5});
  s.add_row({1, std::nan("")});
  const Json j = s.to_json();
  EXPECT_TRUE(j["f"][1].is_null());
  const auto back = ColumnSeries::from_json(j);
  EXPECT_EQ(back.rows(), 2u);
  EXPECT_DOUBLE_EQ(back.column("f")[0], 1.5);
  EXPECT_TRUE(std::isnan(back.column("f")[1]));
  EXPECT_THROW(s.add_row({1.0}), Error);
  EXPECT_THROW(static_cast<void>(s.column("g")), Error);
}

TEST(ColumnSeries, OrderedJsonKeepsTheColumnOrder) {
  ColumnSeries s({"step", "grad_norm", "f", "alpha"});
  s.add_row({0, 2.0, 1.0, 0.5});
  const auto back = ColumnSeries::from_json(Json::parse(s.to_ordered_json().dump()));
  EXPECT_EQ(back.names(), s.names());
  EXPECT_EQ(back.column("alpha")[0], 0.5);
  // A plain object loses the order (nlohmann sorts keys); "step" is put first.
  const auto plain = ColumnSeries::from_json(s.to_json());
  EXPECT_EQ(plain.names(), (std::vector<std::string>{"step", "alpha", "f", "grad_norm"}));
}

}  // namespace
}  // namespace ellopt
