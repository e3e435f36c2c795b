#include "ellopt/problems/minimax/minimax_problem.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ellopt/core/error.hpp"

namespace ellopt::problems {

std::optional<double> MinimaxProblem::condition_number() const {
  const auto mu = strong_concavity();
  if (!mu || !(*mu > 0.0)) return std::nullopt;
  return smoothness() / *mu;
}

double MinimaxProblem::phi(const Vector&) const {
  throw ConfigError(fmt::format("problem '{}' has no closed-form Phi(x) = max_y f(x, y); use the inner "
                                "strongly-concave solve of minimax/stationarity.hpp",
                                name()));
}

void MinimaxProblem::grad_phi(const Vector&, Vector&) const {
  throw ConfigError(fmt::format("problem '{}' has no closed-form grad Phi; use the inner strongly-concave "
                                "solve of minimax/stationarity.hpp",
                                name()));
}

void MinimaxProblem::best_response(const Vector&, Vector&) const {
  throw ConfigError(fmt::format("problem '{}' has no closed-form best response y*(x)", name()));
}

void MinimaxProblem::set_noise_sigma(double sigma) {
  if (!std::isfinite(sigma) || sigma < 0.0)
    throw ConfigError(fmt::format("problem '{}': noise sigma must be finite and >= 0, got {}", name(), sigma));
  noise_sigma_ = sigma;
}

void MinimaxProblem::sample_grad_x(const Vector& x, const Vector& y, Sample sample, Vector& gx) const {
  grad_x(x, y, gx);
  if (noise_sigma_ == 0.0) return;
  RngStream noise(sample.key, {0});  // stream 0 of the sample: the x-part of its noise
  for (Index i = 0; i < gx.size(); ++i) gx[i] += noise_sigma_ * noise.normal();
}

void MinimaxProblem::sample_grad_y(const Vector& x, const Vector& y, Sample sample, Vector& gy) const {
  grad_y(x, y, gy);
  if (noise_sigma_ == 0.0) return;
  RngStream noise(sample.key, {1});  // stream 1 of the sample: the y-part of its noise
  for (Index i = 0; i < gy.size(); ++i) gy[i] += noise_sigma_ * noise.normal();
}

void MinimaxProblem::set_initial_point(Vector x0, Vector y0) {
  if (x0.size() != dim_x())
    throw ConfigError(fmt::format("problem '{}': x0 has {} entries but dim_x = {}", name(), x0.size(), dim_x()));
  if (y0.size() != dim_y())
    throw ConfigError(fmt::format("problem '{}': y0 has {} entries but dim_y = {}", name(), y0.size(), dim_y()));
  if (!x0.allFinite() || !y0.allFinite())
    throw ConfigError(fmt::format("problem '{}': the start point (x0, y0) must be finite", name()));
  if (y_set_ && !y_set_->contains(y0, 1e-9)) {
    // A start outside Y is projected onto it, as the first projected step would do anyway.
    y_set_->project(y0);
  }
  x0_ = std::move(x0);
  y0_ = std::move(y0);
}

Json MinimaxProblem::describe() const {
  Json out = {{"name", name()}, {"dim_x", dim_x()}, {"dim_y", dim_y()}, {"smoothness", smoothness()}};
  const auto mu = strong_concavity();
  out["strong_concavity"] = mu ? Json(*mu) : Json(nullptr);
  const auto kappa = condition_number();
  out["kappa"] = kappa ? Json(*kappa) : Json(nullptr);
  out["y_set"] = y_set_ ? Json(y_set_->describe()) : Json("R^dim_y");
  out["has_phi"] = has_phi();
  out["noise_sigma"] = noise_sigma_;
  return out;
}

ParamSchema with_common_minimax_params(ParamSchema schema) {
  schema.add({.name = "x0", .type = ParamType::kRealOrVector, .default_value = nullptr, .doc = "start point x (scalar broadcasts)",
              .optional = true});
  schema.add({.name = "y0", .type = ParamType::kRealOrVector, .default_value = nullptr, .doc = "start point y (scalar broadcasts)",
              .optional = true});
  schema.add({.name = "noise", .type = ParamType::kReal, .default_value = 0.0,
              .doc = "std of Gaussian noise added to each stochastic partial gradient", .min = 0.0});
  return schema;
}

std::unique_ptr<MinimaxProblem> make_minimax_problem(const std::string& name, const Json& params) {
  const auto& entry = minimax_problems().get(name);
  const Params bound = entry.schema.bind(params, fmt::format("problem '{}'", name));
  auto problem = entry.factory(bound);
  problem->set_noise_sigma(bound.real("noise"));
  Vector x0 = bound.has("x0") ? bound.vector("x0", problem->dim_x()) : problem->initial_x();
  Vector y0 = bound.has("y0") ? bound.vector("y0", problem->dim_y()) : problem->initial_y();
  if (x0.size() == 0) x0 = Vector::Zero(problem->dim_x());
  if (y0.size() == 0) y0 = Vector::Zero(problem->dim_y());
  problem->set_initial_point(std::move(x0), std::move(y0));
  return problem;
}

}  // namespace ellopt::problems
