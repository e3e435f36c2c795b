#include "ellopt/problems/minimax/toy_gan.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/problems/minimax/quadratic_game.hpp"

namespace ellopt::problems {

ToyGan::ToyGan(double m, double s, double mu, double a) : m_(m), s_(s), mu_(mu), a_(a) {
  if (!std::isfinite(m_) || !(s_ > 0.0) || !std::isfinite(s_))
    throw ConfigError(fmt::format("toy-gan: need a finite mean m and a standard deviation s > 0, got m = {}, s = {}",
                                  m_, s_));
  if (!(mu_ > 0.0) || !std::isfinite(mu_))
    throw ConfigError(fmt::format("toy-gan: mu = {} must be > 0 (strong concavity of the discriminator)", mu_));
  if (!(a_ >= 0.0) || !std::isfinite(a_)) throw ConfigError(fmt::format("toy-gan: a = {} must be >= 0", a_));
  ell_ = local_constants(h_xx(), h_xy(), h_yy()).ell;
  // Start next to the equilibrium (the local theory of Li et al. 2022 is about a neighbourhood).
  Vector theta0(2);
  theta0 << m_ + 0.1, s_ - 0.1;
  set_initial_point(theta0, Vector::Zero(2));
}

double ToyGan::value(const Vector& t, const Vector& p) const {
  const double u1 = m_ - t[0];
  const double u2 = m_ * m_ + s_ * s_ - t[0] * t[0] - t[1] * t[1];
  const double d0 = t[0] - m_;
  const double d1 = t[1] - s_;
  return p[0] * u1 + p[1] * u2 - 0.5 * mu_ * p.squaredNorm() - 0.5 * a_ * (d0 * d0 + d1 * d1);
}

void ToyGan::grad_x(const Vector& t, const Vector& p, Vector& gx) const {
  gx[0] = -p[0] - 2.0 * p[1] * t[0] - a_ * (t[0] - m_);
  gx[1] = -2.0 * p[1] * t[1] - a_ * (t[1] - s_);
}

void ToyGan::grad_y(const Vector& t, const Vector& p, Vector& gy) const {
  gy[0] = (m_ - t[0]) - mu_ * p[0];
  gy[1] = (m_ * m_ + s_ * s_ - t[0] * t[0] - t[1] * t[1]) - mu_ * p[1];
}

void ToyGan::best_response(const Vector& t, Vector& p) const {
  p.resize(2);
  p[0] = (m_ - t[0]) / mu_;
  p[1] = (m_ * m_ + s_ * s_ - t[0] * t[0] - t[1] * t[1]) / mu_;
}

double ToyGan::phi(const Vector& t) const {
  Vector p(2);
  best_response(t, p);
  return value(t, p);
}

void ToyGan::grad_phi(const Vector& t, Vector& g) const {
  Vector p(2);
  best_response(t, p);
  grad_x(t, p, g);
}

std::optional<SaddlePoint> ToyGan::solution() const {
  Vector theta(2);
  theta << m_, s_;
  return SaddlePoint{theta, Vector::Zero(2)};
}

Matrix ToyGan::h_xx() const { return -a_ * Matrix::Identity(2, 2); }

Matrix ToyGan::h_xy() const {
  Matrix b(2, 2);
  b << -1.0, -2.0 * m_, 0.0, -2.0 * s_;
  return b;
}

Matrix ToyGan::h_yy() const { return -mu_ * Matrix::Identity(2, 2); }

Json ToyGan::describe() const {
  Json out = MinimaxProblem::describe();
  const auto local = local_constants(h_xx(), h_xy(), h_yy());
  out["strict_local_minimax"] = local.strict_local_minimax;
  out["local_nash"] = local.local_nash;
  out["small_step_threshold_ratio"] = a_ / mu_;
  out["smoothness_is_local"] = true;
  return out;
}

}  // namespace ellopt::problems
