#include "ellopt/problems/separable.hpp"

#include <cmath>
#include <limits>

namespace ellopt::problems {

SeparableObjective::SeparableObjective(ScalarFunction phi, Index dim, Vector start)
    : phi_(std::move(phi)), dim_(dim), start_(std::move(start)) {}

bool SeparableObjective::in_domain(const Vector& x) const {
  if (!x.allFinite()) return false;
  return phi_.lower_bound <= -1e308 || (x.array() > phi_.lower_bound).all();
}

double SeparableObjective::value(const Vector& x) const {
  if (!in_domain(x)) return std::numeric_limits<double>::infinity();
  double sum = 0.0;
  for (Index i = 0; i < dim_; ++i) sum += phi_.value(x[i]);
  return sum;
}

void SeparableObjective::gradient(const Vector& x, Vector& g) const {
  g.resize(dim_);
  for (Index i = 0; i < dim_; ++i) g[i] = phi_.first(x[i]);
}

void SeparableObjective::hessian_vector_product(const Vector& x, const Vector& v, Vector& out) const {
  out.resize(dim_);
  for (Index i = 0; i < dim_; ++i) out[i] = phi_.second(x[i]) * v[i];
}

std::optional<double> SeparableObjective::optimal_value() const {
  if (!phi_.min_value) return std::nullopt;
  return *phi_.min_value * static_cast<double>(dim_);
}

std::optional<Vector> SeparableObjective::minimizer() const {
  if (!phi_.argmin) return std::nullopt;
  return Vector::Constant(dim_, *phi_.argmin);
}

namespace {
constexpr double kTinyL0 = 1e-3;  // l must be positive: the eps0 of spec §0.2 for functions with l(0) = 0
constexpr double kPositive = 0.0;
}  // namespace

ScalarFunction quartic() {
  // f'' = 12x^2 = 3 * 4^(1/3) |f'|^(2/3) exactly (f' = 4x^3).
  return {"quartic",        [](double x) { return x * x * x * x; },  [](double x) { return 4 * x * x * x; },
          [](double x) { return 12 * x * x; }, -1e308, 0.0, 0.0,
          SmoothnessModel::polynomial(2.0 / 3.0, kTinyL0, 3.0 * std::cbrt(4.0)), true};
}

ScalarFunction double_well() {
  // Spec §0.2 [D]: l(u) = 2 + 3u^(2/3) (the smallest constant is exactly 2); f* = -1/4 at x = +-1.
  return {"double-well",
          [](double x) { return 0.25 * x * x * x * x - 0.5 * x * x; },
          [](double x) { return x * x * x - x; },
          [](double x) { return 3 * x * x - 1; },
          -1e308,
          -0.25,
          1.0,
          SmoothnessModel::polynomial(2.0 / 3.0, 2.0, 3.0),
          false};
}

ScalarFunction two_cosh() {
  // f'' = 2cosh x = sqrt(4 + f'^2) <= 2 + |f'|: l(u) = 2 + u; 2-strongly convex, f* = 2 at 0.
  return {"cosh",       [](double x) { return 2 * std::cosh(x); }, [](double x) { return 2 * std::sinh(x); },
          [](double x) { return 2 * std::cosh(x); }, -1e308, 2.0, 0.0, SmoothnessModel::polynomial(1.0, 2.0, 1.0),
          true};
}

ScalarFunction exponential() {
  // f'' = f' = e^x: l(u) = u + eps0; bounded below by 0 with no minimizer.
  return {"exp",
          [](double x) { return std::exp(x); },
          [](double x) { return std::exp(x); },
          [](double x) { return std::exp(x); },
          -1e308,
          0.0,
          std::nullopt,
          SmoothnessModel::polynomial(1.0, kTinyL0, 1.0),
          true};
}

ScalarFunction exponential_loss() {
  // (e^x + e^{-2x})/2: minimizer where e^x = e^{-2x}... f' = (e^x - 2e^{-2x})/2 = 0 at x = ln(2)/3.
  const double xs = std::log(2.0) / 3.0;
  const double fs = 0.5 * (std::exp(xs) + std::exp(-2 * xs));
  return {"exp-loss",
          [](double x) { return 0.5 * (std::exp(x) + std::exp(-2 * x)); },
          [](double x) { return 0.5 * (std::exp(x) - 2 * std::exp(-2 * x)); },
          [](double x) { return 0.5 * (std::exp(x) + 4 * std::exp(-2 * x)); },
          -1e308,
          fs,
          xs,
          SmoothnessModel::polynomial(1.0, 1.89, 2.0),  // spec §0.2 [D]
          true};
}

ScalarFunction x_plus_inverse() {
  return {"x-plus-inv-x",
          [](double x) { return x + 1.0 / x; },
          [](double x) { return 1.0 - 1.0 / (x * x); },
          [](double x) { return 2.0 / (x * x * x); },
          kPositive,
          2.0,
          1.0,
          SmoothnessModel::polynomial(1.5, 2.7, 3.0),  // spec §0.2 [D]: b = 2 is not enough
          true,
          "x > 0 (every coordinate)"};
}

ScalarFunction x_minus_log() {
  return {"x-minus-log-x",
          [](double x) { return x - std::log(x); },
          [](double x) { return 1.0 - 1.0 / x; },
          [](double x) { return 1.0 / (x * x); },
          kPositive,
          1.0,
          1.0,
          SmoothnessModel::polynomial(2.0, 2.0, 2.0),  // Li et al. 2023a, Prop 3.7: (2, L0, 2)-smooth
          true,
          "x > 0 (every coordinate)"};
}

}  // namespace ellopt::problems
