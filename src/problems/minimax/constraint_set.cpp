#include "ellopt/problems/minimax/constraint_set.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "ellopt/core/error.hpp"

namespace ellopt::problems {

ConstraintSet ConstraintSet::box(Vector lower, Vector upper) {
  if (lower.size() != upper.size() || lower.size() == 0)
    throw ConfigError(fmt::format("box projection: lower ({} entries) and upper ({} entries) must have the "
                                  "same, nonzero length",
                                  lower.size(), upper.size()));
  for (Index i = 0; i < lower.size(); ++i)
    if (!std::isfinite(lower[i]) || !std::isfinite(upper[i]) || lower[i] > upper[i])
      throw ConfigError(fmt::format("box projection: need finite lower <= upper, got [{}, {}] in coordinate {}",
                                    lower[i], upper[i], i));
  ConstraintSet set;
  set.kind_ = Kind::kBox;
  set.dim_ = lower.size();
  set.lower_ = std::move(lower);
  set.upper_ = std::move(upper);
  return set;
}

ConstraintSet ConstraintSet::box(Index dim, double lower, double upper) {
  return box(Vector::Constant(dim, lower), Vector::Constant(dim, upper));
}

ConstraintSet ConstraintSet::ball(Vector center, double radius) {
  if (!(radius > 0.0) || !std::isfinite(radius))
    throw ConfigError(fmt::format("ball projection: radius must be finite and > 0, got {}", radius));
  if (center.size() == 0 || !center.allFinite())
    throw ConfigError("ball projection: the center must be a finite vector of nonzero length");
  ConstraintSet set;
  set.kind_ = Kind::kBall;
  set.dim_ = center.size();
  set.center_ = std::move(center);
  set.radius_ = radius;
  return set;
}

ConstraintSet ConstraintSet::simplex(Index dim, double total) {
  if (dim < 1) throw ConfigError(fmt::format("simplex projection: dimension must be >= 1, got {}", dim));
  if (!(total > 0.0) || !std::isfinite(total))
    throw ConfigError(fmt::format("simplex projection: total must be finite and > 0, got {}", total));
  ConstraintSet set;
  set.kind_ = Kind::kSimplex;
  set.dim_ = dim;
  set.total_ = total;
  return set;
}

void project_onto_simplex(Vector& y, double total, std::vector<double>& scratch) {
  // Sort descending, find the largest k with u_k - (sum_{j<=k} u_j - total)/k > 0; the projection is
  // max(y - theta, 0) with theta = (sum_{j<=k} u_j - total)/k.
  const Index n = y.size();
  scratch.assign(y.data(), y.data() + n);
  std::sort(scratch.begin(), scratch.end(), std::greater<double>());
  double cumulative = 0.0;
  double theta = 0.0;
  for (Index k = 0; k < n; ++k) {
    cumulative += scratch[static_cast<std::size_t>(k)];
    const double candidate = (cumulative - total) / static_cast<double>(k + 1);
    if (scratch[static_cast<std::size_t>(k)] - candidate > 0.0) theta = candidate;
  }
  for (Index i = 0; i < n; ++i) y[i] = std::max(y[i] - theta, 0.0);
}

void ConstraintSet::project(Vector& y, std::vector<double>& scratch) const {
  switch (kind_) {
    case Kind::kBox:
      y = y.cwiseMax(lower_).cwiseMin(upper_);
      return;
    case Kind::kBall: {
      const double distance = (y - center_).norm();
      if (distance > radius_) y = center_ + (radius_ / distance) * (y - center_);
      return;
    }
    case Kind::kSimplex:
      project_onto_simplex(y, total_, scratch);
      return;
  }
}

void ConstraintSet::project(Vector& y) const {
  std::vector<double> scratch;
  project(y, scratch);
}

bool ConstraintSet::contains(const Vector& y, double tolerance) const {
  if (y.size() != dim_) return false;
  switch (kind_) {
    case Kind::kBox:
      return ((y - lower_).array() >= -tolerance).all() && ((upper_ - y).array() >= -tolerance).all();
    case Kind::kBall:
      return (y - center_).norm() <= radius_ + tolerance;
    case Kind::kSimplex:
      return (y.array() >= -tolerance).all() && std::abs(y.sum() - total_) <= tolerance * static_cast<double>(dim_);
  }
  return false;
}

double ConstraintSet::diameter() const {
  switch (kind_) {
    case Kind::kBox: return (upper_ - lower_).norm();
    case Kind::kBall: return 2.0 * radius_;
    case Kind::kSimplex: return dim_ > 1 ? total_ * std::sqrt(2.0) : 0.0;
  }
  return 0.0;
}

std::string ConstraintSet::describe() const {
  switch (kind_) {
    case Kind::kBox: return fmt::format("box in R^{}", dim_);
    case Kind::kBall: return fmt::format("ball of radius {} in R^{}", radius_, dim_);
    case Kind::kSimplex: return fmt::format("simplex (sum = {}) in R^{}", total_, dim_);
  }
  return "?";
}

void ConstraintSet::check_dim(Index dim, const std::string& what) const {
  if (dim != dim_)
    throw ConfigError(fmt::format("{}: the projection set is a {} but y has dimension {}; give a set of "
                                  "dimension {}",
                                  what, describe(), dim, dim));
}

ParamSchema projection_schema() {
  ParamSchema schema;
  schema.add({.name = "projection",
              .type = ParamType::kString,
              .default_value = "none",
              .doc = "project y after every step onto: none, box, ball, simplex",
              .choices = {"none", "box", "ball", "simplex"}});
  schema.add({.name = "box_lower", .type = ParamType::kRealOrVector, .default_value = -1.0,
              .doc = "lower corner of the box (scalar broadcasts)"});
  schema.add({.name = "box_upper", .type = ParamType::kRealOrVector, .default_value = 1.0,
              .doc = "upper corner of the box (scalar broadcasts)"});
  schema.add({.name = "ball_radius", .type = ParamType::kReal, .default_value = 1.0,
              .doc = "radius of the ball centred at 0", .min = 0.0, .min_exclusive = true});
  schema.add({.name = "ball_center", .type = ParamType::kRealOrVector, .default_value = 0.0,
              .doc = "centre of the ball (scalar broadcasts)"});
  schema.add({.name = "simplex_total", .type = ParamType::kReal, .default_value = 1.0,
              .doc = "sum of the simplex entries", .min = 0.0, .min_exclusive = true});
  return schema;
}

bool constraint_set_from_params(const Params& params, Index dim_y, ConstraintSet* out) {
  const std::string kind = params.text("projection");
  if (kind == "none") return false;
  auto vector_of = [&](const std::string& key) { return params.vector(key, dim_y); };
  if (kind == "box") {
    *out = ConstraintSet::box(vector_of("box_lower"), vector_of("box_upper"));
  } else if (kind == "ball") {
    *out = ConstraintSet::ball(vector_of("ball_center"), params.real("ball_radius"));
  } else {
    *out = ConstraintSet::simplex(dim_y, params.real("simplex_total"));
  }
  return true;
}

}  // namespace ellopt::problems
