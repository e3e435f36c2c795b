#include "ellopt/bandit/environment.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "ellopt/bandit/stream_ids.hpp"
#include "ellopt/core/error.hpp"

namespace ellopt::bandit {

ActionSetKind parse_action_set(const std::string& name) {
  if (name == "unit-ball") return ActionSetKind::kUnitBall;
  if (name == "finite") return ActionSetKind::kFinite;
  throw ConfigError(fmt::format("unknown action_set '{}'; use unit-ball or finite", name));
}

NoiseKind parse_noise(const std::string& name) {
  if (name == "gaussian") return NoiseKind::kGaussian;
  if (name == "uniform") return NoiseKind::kUniform;
  if (name == "rademacher") return NoiseKind::kRademacher;
  throw ConfigError(fmt::format("unknown noise '{}'; use gaussian, uniform or rademacher", name));
}

bool unit_direction(const Vector& theta, Vector& out) {
  out.setZero(theta.size());
  if (theta.size() == 0) return false;
  const double scale = theta.allFinite() ? theta.cwiseAbs().maxCoeff() : 0.0;
  if (!(scale > 0.0) || !std::isfinite(scale)) {
    out[0] = 1.0;
    return false;
  }
  out = theta / scale;  // entries in [-1, 1]: the squared norm below cannot overflow
  out /= out.norm();
  return true;
}

ActionSet ActionSet::unit_ball(Index dim) {
  if (dim < 1) throw ConfigError(fmt::format("action set dimension {} must be >= 1", dim));
  ActionSet set;
  set.kind_ = ActionSetKind::kUnitBall;
  set.dim_ = dim;
  return set;
}

ActionSet ActionSet::finite(Index dim, Index num_arms, RngStream& rng) {
  if (dim < 1 || num_arms < dim)
    throw ConfigError(
        fmt::format("a finite action set in dimension {} needs arms >= {} (it contains the basis); "
                    "got arms = {}",
                    dim, dim, num_arms));
  Matrix arms = Matrix::Zero(dim, num_arms);
  arms.leftCols(dim).setIdentity();
  Vector column(dim);
  for (Index k = dim; k < num_arms; ++k) {
    do rng.fill_normal(column);
    while (column.norm() == 0.0);
    arms.col(k) = column / column.norm();
  }
  return finite(std::move(arms));
}

ActionSet ActionSet::finite(Matrix arms) {
  if (arms.rows() < 1 || arms.cols() < 1)
    throw ConfigError("a finite action set needs at least one arm of dimension >= 1");
  for (Index k = 0; k < arms.cols(); ++k) {
    const double norm = arms.col(k).norm();
    if (!std::isfinite(norm) || norm > 1.0 + 1e-12)
      throw ConfigError(fmt::format("arm {} has norm {}; arms must be finite with norm <= 1", k, norm));
  }
  ActionSet set;
  set.kind_ = ActionSetKind::kFinite;
  set.dim_ = arms.rows();
  set.arms_ = std::move(arms);
  return set;
}

double ActionSet::best_value(const Vector& theta) const {
  if (kind_ == ActionSetKind::kUnitBall) return theta.norm();
  return (arms_.transpose() * theta).maxCoeff();
}

void ActionSet::best_response(const Vector& theta, Vector& action) const {
  if (kind_ == ActionSetKind::kUnitBall) {
    unit_direction(theta, action);
    return;
  }
  Index best = 0;
  if (theta.allFinite()) {
    double best_value = -std::numeric_limits<double>::infinity();
    for (Index k = 0; k < arms_.cols(); ++k) {
      const double value = arms_.col(k).dot(theta);
      if (value > best_value) {
        best_value = value;
        best = k;
      }
    }
  }
  action = arms_.col(best);
}

namespace {

ActionSet make_action_set(const EnvironmentOptions& options, RngStream& rng) {
  if (options.action_set == ActionSetKind::kUnitBall) return ActionSet::unit_ball(options.dim);
  return ActionSet::finite(options.dim, options.arms, rng);
}

Vector draw_theta(const EnvironmentOptions& options, RngStream& rng) {
  if (!(options.theta_norm > 0.0) || !std::isfinite(options.theta_norm))
    throw ConfigError(
        fmt::format("theta_norm = {} must be a finite number > 0 (spec §1.6 needs ||theta*|| bounded "
                    "away from 0)",
                    options.theta_norm));
  Vector theta(options.dim);
  do rng.fill_normal(theta);
  while (theta.norm() == 0.0);
  return theta * (options.theta_norm / theta.norm());
}

}  // namespace

LinearBandit::LinearBandit(const EnvironmentOptions& options, std::uint64_t seed)
    : LinearBandit(
          [&] {
            RngStream rng(seed, {streams::kEnvironment, 0});
            return draw_theta(options, rng);
          }(),
          [&] {
            RngStream rng(seed, {streams::kEnvironment, 1});
            return make_action_set(options, rng);
          }(),
          options.sigma, options.noise) {}

LinearBandit::LinearBandit(Vector theta_star, ActionSet actions, double sigma, NoiseKind noise)
    : theta_star_(std::move(theta_star)), actions_(std::move(actions)), sigma_(sigma), noise_(noise) {
  if (theta_star_.size() != actions_.dim())
    throw ConfigError(fmt::format("theta* has dimension {} but the action set has dimension {}",
                                  theta_star_.size(), actions_.dim()));
  if (!theta_star_.allFinite()) throw ConfigError("theta* must be finite");
  if (!(sigma_ >= 0.0) || !std::isfinite(sigma_))
    throw ConfigError(fmt::format("noise sigma = {} must be a finite number >= 0", sigma_));
  optimal_value_ = actions_.best_value(theta_star_);
}

double LinearBandit::noise(RngStream& rng) const {
  switch (noise_) {
    case NoiseKind::kGaussian:
      return sigma_ * rng.normal();
    case NoiseKind::kUniform:
      return sigma_ * std::sqrt(3.0) * rng.uniform(-1.0, 1.0);
    case NoiseKind::kRademacher:
      return (rng() >> 63) != 0 ? sigma_ : -sigma_;
  }
  return 0.0;
}

}  // namespace ellopt::bandit
