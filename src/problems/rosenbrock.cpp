#include "ellopt/problems/rosenbrock.hpp"

#include <fmt/format.h>

#include <limits>

#include "ellopt/core/error.hpp"

namespace ellopt::problems {

Rosenbrock::Rosenbrock(Index dim, Vector start) : dim_(dim), start_(std::move(start)) {
  if (dim < 2) throw ConfigError(fmt::format("problem 'rosenbrock': dim = {} must be at least 2", dim));
  if (start_.size() != dim) throw ConfigError("problem 'rosenbrock': x0 must have dim entries");
}

Vector Rosenbrock::classic_start(Index dim) {
  Vector x(dim);
  for (Index i = 0; i < dim; ++i) x[i] = i % 2 == 0 ? -1.2 : 1.0;
  return x;
}

double Rosenbrock::value(const Vector& x) const {
  if (!x.allFinite()) return std::numeric_limits<double>::infinity();
  double sum = 0.0;
  for (Index i = 0; i + 1 < dim_; ++i) {
    const double valley = x[i + 1] - x[i] * x[i];
    const double offset = 1.0 - x[i];
    sum += 100.0 * valley * valley + offset * offset;
  }
  return sum;
}

void Rosenbrock::gradient(const Vector& x, Vector& g) const {
  g.resize(dim_);
  g.setZero();
  for (Index i = 0; i + 1 < dim_; ++i) {
    const double valley = x[i + 1] - x[i] * x[i];
    g[i] += -400.0 * x[i] * valley - 2.0 * (1.0 - x[i]);
    g[i + 1] += 200.0 * valley;
  }
}

void Rosenbrock::hessian_vector_product(const Vector& x, const Vector& v, Vector& out) const {
  // Each term i couples x_i and x_{i+1}: d2/dx_i2 = 1200 x_i^2 - 400 x_{i+1} + 2, d2/dx_i dx_{i+1} = -400 x_i,
  // d2/dx_{i+1}2 = 200.
  out.resize(dim_);
  out.setZero();
  for (Index i = 0; i + 1 < dim_; ++i) {
    const double hii = 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
    const double hij = -400.0 * x[i];
    out[i] += hii * v[i] + hij * v[i + 1];
    out[i + 1] += hij * v[i] + 200.0 * v[i + 1];
  }
}

}  // namespace ellopt::problems
