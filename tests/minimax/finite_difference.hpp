// Central-difference helpers shared by the minimax tests (header-only, tests/ is on the include path).
#pragma once

#include <functional>

#include "ellopt/core/types.hpp"

namespace ellopt::testing {

inline Vector finite_difference_gradient(const std::function<double(const Vector&)>& f, const Vector& x,
                                         double h = 1e-6) {
  Vector g(x.size());
  Vector probe = x;
  for (Index i = 0; i < x.size(); ++i) {
    probe[i] = x[i] + h;
    const double up = f(probe);
    probe[i] = x[i] - h;
    const double down = f(probe);
    probe[i] = x[i];
    g[i] = (up - down) / (2.0 * h);
  }
  return g;
}

// Jacobian of a vector field by central differences (columns = partial derivatives).
inline Matrix finite_difference_jacobian(const std::function<void(const Vector&, Vector&)>& field, const Vector& x,
                                         Index out_dim, double h = 1e-6) {
  Matrix j(out_dim, x.size());
  Vector probe = x, up(out_dim), down(out_dim);
  for (Index i = 0; i < x.size(); ++i) {
    probe[i] = x[i] + h;
    field(probe, up);
    probe[i] = x[i] - h;
    field(probe, down);
    probe[i] = x[i];
    j.col(i) = (up - down) / (2.0 * h);
  }
  return j;
}

}  // namespace ellopt::testing
