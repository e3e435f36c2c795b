#include "ellopt/minimax/oracle.hpp"

#include <fmt/format.h>

#include "ellopt/core/error.hpp"

namespace ellopt::minimax {

MinimaxOracle::MinimaxOracle(const problems::MinimaxProblem& problem, Index batch_size, RngStream rng)
    : problem_(problem), batch_(batch_size), rng_(rng) {
  if (batch_ < 1) throw ConfigError(fmt::format("method: batch size must be >= 1, got {}", batch_));
  samples_.resize(static_cast<std::size_t>(batch_));
  work_x_.resize(problem_.dim_x());
  work_y_.resize(problem_.dim_y());
  draw_batch();
}

void MinimaxOracle::draw_batch() {
  if (!problem_.is_stochastic()) return;
  for (auto& sample : samples_) sample = problem_.draw_sample(rng_);
}

void MinimaxOracle::gradient(const Vector& x, const Vector& y, Vector& gx, Vector& gy) {
  if (!problem_.is_stochastic()) {
    problem_.gradient(x, y, gx, gy);
    calls_ += 1.0;
    return;
  }
  gx.setZero();
  gy.setZero();
  for (const Sample sample : samples_) {
    problem_.sample_grad_x(x, y, sample, work_x_);
    problem_.sample_grad_y(x, y, sample, work_y_);
    gx += work_x_;
    gy += work_y_;
  }
  const double inv = 1.0 / static_cast<double>(batch_);
  gx *= inv;
  gy *= inv;
  calls_ += static_cast<double>(batch_);
}

void MinimaxOracle::grad_x(const Vector& x, const Vector& y, Vector& gx) {
  if (!problem_.is_stochastic()) {
    problem_.grad_x(x, y, gx);
    calls_ += 1.0;
    return;
  }
  gx.setZero();
  for (const Sample sample : samples_) {
    problem_.sample_grad_x(x, y, sample, work_x_);
    gx += work_x_;
  }
  gx *= 1.0 / static_cast<double>(batch_);
  calls_ += static_cast<double>(batch_);
}

void MinimaxOracle::grad_y(const Vector& x, const Vector& y, Vector& gy) {
  if (!problem_.is_stochastic()) {
    problem_.grad_y(x, y, gy);
    calls_ += 1.0;
    return;
  }
  gy.setZero();
  for (const Sample sample : samples_) {
    problem_.sample_grad_y(x, y, sample, work_y_);
    gy += work_y_;
  }
  gy *= 1.0 / static_cast<double>(batch_);
  calls_ += static_cast<double>(batch_);
}

}  // namespace ellopt::minimax
