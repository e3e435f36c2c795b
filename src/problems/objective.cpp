#include "ellopt/problems/objective.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ellopt/core/error.hpp"

namespace ellopt::problems {

void Objective::hessian_vector_product(const Vector& x, const Vector& v, Vector& out) const {
  const double vnorm = v.norm();
  out.setZero(dim());
  if (vnorm == 0.0) return;
  const double h = 1e-6 * std::max(1.0, x.norm()) / vnorm;
  Vector plus(dim()), minus(dim());
  gradient(x + h * v, plus);
  gradient(x - h * v, minus);
  out = (plus - minus) / (2.0 * h);
}

void require_in_domain(const Objective& f, const Vector& x, long step) {
  if (!f.in_domain(x)) {
    const Index n = std::min<Index>(x.size(), 4);
    throw DomainError(fmt::format(
        "step {}: the iterate left the domain {} of problem '{}' (first entries: {}); use a smaller step "
        "(e.g. the theory rule method.step=theory) or a start point further inside the domain",
        step, f.domain_description(), f.name(), fmt::join(x.data(), x.data() + n, ", ")));
  }
}

}  // namespace ellopt::problems
