#include "ellopt/problems/smoothness.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "ellopt/core/error.hpp"

namespace ellopt::problems {

SmoothnessModel SmoothnessModel::polynomial(double rho, double L0, double Lrho) {
  if (!(rho >= 0) || !(L0 > 0) || !(Lrho >= 0))
    throw ConfigError(fmt::format("smoothness model (rho={}, L0={}, Lrho={}): need rho >= 0, L0 > 0, Lrho >= 0",
                                  rho, L0, Lrho));
  SmoothnessModel m;
  m.ell_ = [=](double u) { return L0 + Lrho * std::pow(u, rho); };
  m.sub_quadratic_ = rho < 2.0 || Lrho == 0.0;
  m.description_ = fmt::format("l(u) = {} + {} u^{:.4g}", L0, Lrho, rho);
  m.rho_ = rho;
  m.L0_ = L0;
  m.Lrho_ = Lrho;
  return m;
}

SmoothnessModel SmoothnessModel::custom(std::function<double(double)> ell, bool sub_quadratic,
                                        std::string description) {
  SmoothnessModel m;
  m.ell_ = std::move(ell);
  m.sub_quadratic_ = sub_quadratic;
  m.description_ = std::move(description);
  return m;
}

double compute_G(const SmoothnessModel& ell, double F) {
  if (!(F >= 0) || !std::isfinite(F))
    throw ConfigError(fmt::format("compute_G: the suboptimality bound F = {} must be finite and >= 0", F));
  if (!ell.sub_quadratic())
    throw ConfigError(fmt::format("compute_G: {} is not sub-quadratic, so G = sup{{u : u^2 <= 2 l(2u) F}} is "
                                  "infinite (Li et al. 2023a, Thm 5.4 shows the non-convex rate then fails); "
                                  "use a convex step rule instead",
                                  ell.description()));
  if (F == 0.0) return 0.0;
  auto inside = [&](double u) { return u * u <= 2.0 * ell(2.0 * u) * F; };
  // Upper bracket: the first power of two outside the set, then keep doubling a while: for a general
  // monotone l the set {inside} may have gaps, and the sup is what the corollary needs.
  double hi = 1.0;
  while (inside(hi)) {
    hi *= 2.0;
    if (hi > 1e300) throw ConfigError("compute_G: no finite G found; is l really sub-quadratic?");
  }
  double last_inside = 0.0;
  for (double probe = hi; probe < hi * 1024.0; probe *= 2.0)
    if (inside(probe)) last_inside = probe;
  if (last_inside > 0.0) {
    hi = last_inside * 2.0;
    while (inside(hi)) hi *= 2.0;
  }
  double lo = hi / 2.0;
  if (!inside(lo)) lo = 0.0;
  for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (inside(mid) ? lo : hi) = mid;
  }
  return lo;
}

double adam_paper_radius(const SmoothnessModel& ell, double G) {
  if (!ell.rho() || *ell.rho() <= 0)
    throw ConfigError("adam_paper_radius needs a (rho, L0, Lrho) model with rho > 0");
  const double rho = *ell.rho(), L0 = *ell.L0(), Lrho = *ell.Lrho();
  // Li et al. 2023b, Corollary 5.2: r = min{1/(5 Lrho G^(rho-1)), 1/(5 (L0^(rho-1) Lrho)^(1/rho))}.
  const double a = 1.0 / (5.0 * Lrho * std::pow(G, rho - 1.0));
  const double b = 1.0 / (5.0 * std::pow(std::pow(L0, rho - 1.0) * Lrho, 1.0 / rho));
  return std::min(a, b);
}

double adam_paper_L(const SmoothnessModel& ell, double G) {
  if (!ell.rho()) throw ConfigError("adam_paper_L needs a (rho, L0, Lrho) model");
  return 3.0 * *ell.L0() + 4.0 * *ell.Lrho() * std::pow(G, *ell.rho());  // Corollary 5.2
}

}  // namespace ellopt::problems
