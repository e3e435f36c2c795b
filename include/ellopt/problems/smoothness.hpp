// Generalized smoothness: ||Hess f(x)|| <= l(||grad f(x)||) (Li et al. 2023a, Definition 1), with the
// (rho, L0, Lrho) family l(u) = L0 + Lrho u^rho (Definition 3; Li et al. 2023b, Definition 3.2). rho = 0 is
// L-smoothness, rho = 1 is (L0, L1)-smoothness; rho < 2 is "sub-quadratic".
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace ellopt::problems {

class SmoothnessModel {
 public:
  // The (rho, L0, Lrho) preset.
  static SmoothnessModel polynomial(double rho, double L0, double Lrho);
  // Any continuous non-decreasing l; `sub_quadratic` states whether l(u)/u^2 -> 0.
  static SmoothnessModel custom(std::function<double(double)> ell, bool sub_quadratic, std::string description);

  double operator()(double u) const { return ell_(u); }
  bool sub_quadratic() const { return sub_quadratic_; }
  const std::string& description() const { return description_; }
  // The preset's parameters when this model is polynomial.
  std::optional<double> rho() const { return rho_; }
  std::optional<double> L0() const { return L0_; }
  std::optional<double> Lrho() const { return Lrho_; }

 private:
  std::function<double(double)> ell_;
  bool sub_quadratic_ = true;
  std::string description_;
  std::optional<double> rho_, L0_, Lrho_;
};

// Li et al. 2023a, Corollary 3.6: G = sup{u >= 0 : u^2 <= 2 l(2u) F}. For sub-quadratic l the set is bounded and
// f(x) - f* <= F implies ||grad f(x)|| <= G. Exponential search for an upper bracket, then bisection; for a
// general monotone l the search keeps scanning past the first crossing (the definition takes the sup).
// Throws ConfigError when l is not sub-quadratic (G would be infinite) or F < 0.
double compute_G(const SmoothnessModel& ell, double F);

// Li et al. 2023a, Lemma 3.3: with ||grad f(x)|| <= G the effective smoothness constant on the ball
// B(x, G / l(2G)) is L = l(2G).
inline double effective_L(const SmoothnessModel& ell, double G) { return ell(2.0 * G); }
inline double local_radius(const SmoothnessModel& ell, double G) { return G / ell(2.0 * G); }

// Li et al. 2023b, Corollary 5.2 (for the (rho, L0, Lrho) preset): r(G) and L(G) = 3 L0 + 4 Lrho G^rho.
double adam_paper_radius(const SmoothnessModel& ell, double G);
double adam_paper_L(const SmoothnessModel& ell, double G);

}  // namespace ellopt::problems
