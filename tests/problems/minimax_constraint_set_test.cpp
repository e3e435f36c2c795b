#include <gtest/gtest.h>

#include "ellopt/core/error.hpp"
#include "ellopt/core/rng.hpp"
#include "ellopt/problems/minimax/constraint_set.hpp"

namespace ellopt::problems {
namespace {

Vector vec(std::initializer_list<double> values) {
  Vector v(static_cast<Index>(values.size()));
  Index i = 0;
  for (double value : values) v[i++] = value;
  return v;
}

struct SimplexCase {
  Vector input;
  double total;
  Vector expected;
};

TEST(SimplexProjection, KnownCases) {
  const std::vector<SimplexCase> cases = {
      {vec({0.5, 0.5}), 1.0, vec({0.5, 0.5})},                        // already feasible
      {vec({1.0, 0.0, 0.0}), 1.0, vec({1.0, 0.0, 0.0})},              // a vertex
      {vec({2.0, 0.0}), 1.0, vec({1.0, 0.0})},                        // shifts by theta = 1 and clips
      {vec({0.0, 0.0, 0.0}), 1.0, vec({1.0 / 3, 1.0 / 3, 1.0 / 3})},  // the barycentre
      {vec({1.0, 0.5, -1.0}), 1.0, vec({0.75, 0.25, 0.0})},           // theta = 0.25
      {vec({3.0, 1.0}), 2.0, vec({2.0, 0.0})},                        // total 2
      {vec({-5.0, 7.0, 7.0}), 1.0, vec({0.0, 0.5, 0.5})},             // ties
      {vec({4.0}), 1.0, vec({1.0})},                                  // one coordinate
  };
  std::vector<double> scratch;
  for (const auto& c : cases) {
    Vector y = c.input;
    project_onto_simplex(y, c.total, scratch);
    EXPECT_LT((y - c.expected).cwiseAbs().maxCoeff(), 1e-15) << "input " << c.input.transpose();
  }
}

TEST(SimplexProjection, SatisfiesTheVariationalInequalityOnRandomInputs) {
  // p = Proj(y) iff p is feasible and <y - p, q - p> <= 0 for every feasible q (checked at the vertices,
  // which suffices because the inequality is linear in q).
  RngStream rng(3);
  std::vector<double> scratch;
  for (int trial = 0; trial < 200; ++trial) {
    const Index n = 1 + static_cast<Index>(rng.below(12));
    Vector y(n);
    rng.fill_normal(y);
    y *= 3.0;
    Vector p = y;
    project_onto_simplex(p, 1.0, scratch);
    ASSERT_TRUE((p.array() >= 0.0).all());
    ASSERT_NEAR(p.sum(), 1.0, 1e-12);
    for (Index k = 0; k < n; ++k) {
      Vector vertex = Vector::Zero(n);
      vertex[k] = 1.0;
      EXPECT_LE((y - p).dot(vertex - p), 1e-12);
    }
  }
}

TEST(ConstraintSet, BoxAndBallProjections) {
  const auto box = ConstraintSet::box(vec({-1.0, 0.0}), vec({1.0, 2.0}));
  Vector y = vec({3.0, -1.0});
  box.project(y);
  EXPECT_EQ(y, vec({1.0, 0.0}));
  EXPECT_TRUE(box.contains(y));
  const auto ball = ConstraintSet::ball(vec({1.0, 1.0}), 2.0);
  Vector z = vec({1.0, 5.0});
  ball.project(z);
  EXPECT_NEAR((z - vec({1.0, 3.0})).norm(), 0.0, 1e-15);
  Vector inside = vec({1.5, 1.0});
  ball.project(inside);
  EXPECT_EQ(inside, vec({1.5, 1.0}));
  EXPECT_DOUBLE_EQ(ball.diameter(), 4.0);
}

TEST(ConstraintSet, BadInputIsAConfigError) {
  EXPECT_THROW(ConstraintSet::ball(vec({0.0}), -1.0), ConfigError);
  EXPECT_THROW(ConstraintSet::ball(vec({0.0}), std::nan("")), ConfigError);
  EXPECT_THROW(ConstraintSet::box(vec({1.0}), vec({0.0})), ConfigError);
  EXPECT_THROW(ConstraintSet::box(vec({0.0, 0.0}), vec({1.0})), ConfigError);
  EXPECT_THROW(ConstraintSet::simplex(0), ConfigError);
  EXPECT_THROW(ConstraintSet::simplex(3, 0.0), ConfigError);
  EXPECT_THROW(ConstraintSet::simplex(3).check_dim(4, "test"), ConfigError);
}

TEST(ConstraintSet, BuiltFromMethodParams) {
  const ParamSchema schema = projection_schema();
  ConstraintSet set = ConstraintSet::simplex(1);
  EXPECT_FALSE(constraint_set_from_params(schema.bind(Json::object(), "method"), 3, &set));
  ASSERT_TRUE(constraint_set_from_params(
      schema.bind({{"projection", "ball"}, {"ball_radius", 2.0}}, "method"), 3, &set));
  EXPECT_EQ(set.kind(), ConstraintSet::Kind::kBall);
  EXPECT_EQ(set.dim(), 3);
  // A box corner with the wrong number of entries names the key.
  EXPECT_THROW(constraint_set_from_params(
                   schema.bind({{"projection", "box"}, {"box_lower", {0.0, 0.0}}}, "method"), 3, &set),
               ConfigError);
  EXPECT_THROW(schema.bind({{"projection", "sphere"}}, "method"), ConfigError);
}

}  // namespace
}  // namespace ellopt::problems
