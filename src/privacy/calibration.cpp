#include "ellopt/privacy/calibration.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ellopt/core/error.hpp"

namespace ellopt::privacy {

namespace {

void require_positive(double value, const char* what, const char* who) {
  if (!(std::isfinite(value) && value > 0.0))
    throw ConfigError(fmt::format("{}: {} = {} must be finite and > 0", who, what, value));
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// log Phi(x), finite far into the lower tail (erfc underflows near x = -38; use the Mills-ratio asymptote).
double log_normal_cdf(double x) {
  if (x > -30.0) return std::log(normal_cdf(x));
  const double x2 = x * x;
  return -0.5 * x2 - std::log(-x) - 0.5 * std::log(2.0 * M_PI) + std::log1p(-1.0 / x2 + 3.0 / (x2 * x2));
}

}  // namespace

void validate_budget(const PrivacyBudget& budget) {
  if (!(std::isfinite(budget.epsilon) && budget.epsilon > 0.0))
    throw ConfigError(fmt::format("privacy: epsilon = {} must be finite and > 0 (smaller is more private)",
                                  budget.epsilon));
  if (budget.kind == NoiseKind::kGaussian && !(budget.delta > 0.0 && budget.delta < 1.0))
    throw ConfigError(fmt::format("privacy: delta = {} must lie in (0, 1) for Gaussian noise (typically 1e-5 or "
                                  "below 1/records); use Laplace noise for pure epsilon-DP",
                                  budget.delta));
}

double classic_gaussian_sigma(double l2_sensitivity, double epsilon, double delta) {
  require_positive(l2_sensitivity, "sensitivity", "classic_gaussian_sigma");
  validate_budget({epsilon, delta, NoiseKind::kGaussian});
  // Dwork & Roth 2014, Thm A.1: c^2 > 2 ln(1.25/delta), sigma = c Delta_2 / eps gives (eps, delta)-DP, eps < 1.
  return l2_sensitivity * std::sqrt(2.0 * std::log(1.25 / delta)) / epsilon;
}

double gaussian_mechanism_delta(double l2_sensitivity, double sigma, double epsilon) {
  // Balle & Wang 2018, Thm 8 (the exact privacy profile of the Gaussian mechanism).
  const double a = l2_sensitivity / (2.0 * sigma);
  const double b = epsilon * sigma / l2_sensitivity;
  return normal_cdf(a - b) - std::exp(epsilon + log_normal_cdf(-a - b));
}

double analytic_gaussian_sigma(double l2_sensitivity, double epsilon, double delta) {
  require_positive(l2_sensitivity, "sensitivity", "analytic_gaussian_sigma");
  validate_budget({epsilon, delta, NoiseKind::kGaussian});
  // delta(sigma) decreases in sigma: bracket, then bisect in log sigma.
  double low = l2_sensitivity * 1e-3;
  double high = l2_sensitivity;
  while (gaussian_mechanism_delta(l2_sensitivity, high, epsilon) > delta) high *= 2.0;
  while (gaussian_mechanism_delta(l2_sensitivity, low, epsilon) <= delta && low > 1e-300) low *= 0.5;
  for (int it = 0; it < 200 && high / low > 1.0 + 1e-13; ++it) {
    const double middle = std::sqrt(low * high);
    if (gaussian_mechanism_delta(l2_sensitivity, middle, epsilon) <= delta) {
      high = middle;
    } else {
      low = middle;
    }
  }
  return high;  // the feasible end of the bracket
}

double laplace_scale(double l1_sensitivity, double epsilon) {
  require_positive(l1_sensitivity, "sensitivity", "laplace_scale");
  validate_budget({epsilon, 0.5, NoiseKind::kLaplace});
  return l1_sensitivity / epsilon;  // Dwork, McSherry, Nissim & Smith 2006
}

double tree_node_noise_parameter(double sensitivity, int depth, const PrivacyBudget& budget,
                                 GaussianCalibration calibration) {
  require_positive(sensitivity, "sensitivity", "tree mechanism");
  validate_budget(budget);
  const double levels = static_cast<double>(depth);
  if (budget.kind == NoiseKind::kLaplace) {
    // Chan, Shi & Song 2011 (Binary Mechanism): one leaf is in L nodes, L1 sensitivity L Delta_1: Lap(L Delta_1/eps).
    return laplace_scale(sensitivity * levels, budget.epsilon);
  }
  // The L nodes a leaf touches form one vector of L2 sensitivity sqrt(L) Delta (spec §1.8).
  const double tree_sensitivity = sensitivity * std::sqrt(levels);
  const bool classic = calibration == GaussianCalibration::kClassic ||
                       (calibration == GaussianCalibration::kAuto && budget.epsilon <= 1.0);
  return classic ? classic_gaussian_sigma(tree_sensitivity, budget.epsilon, budget.delta)
                 : analytic_gaussian_sigma(tree_sensitivity, budget.epsilon, budget.delta);
}

double tree_zcdp_rho(double sensitivity, int depth, double sigma) {
  require_positive(sigma, "sigma", "tree_zcdp_rho");
  return static_cast<double>(depth) * sensitivity * sensitivity / (2.0 * sigma * sigma);
}

double psd_shift(double noise_std, Index dim, double failure_probability, double factor) {
  if (!(std::isfinite(noise_std) && noise_std >= 0.0))
    throw ConfigError(fmt::format("psd_shift: noise_std = {} must be finite and >= 0", noise_std));
  if (dim < 1) throw ConfigError(fmt::format("psd_shift: dimension {} must be >= 1", dim));
  if (!(failure_probability > 0.0 && failure_probability < 1.0))
    throw ConfigError(fmt::format("psd_shift: failure probability {} must lie in (0, 1)", failure_probability));
  require_positive(factor, "factor", "psd_shift");
  return factor * noise_std *
         (2.0 * std::sqrt(static_cast<double>(dim)) + 2.0 * std::sqrt(std::log(1.0 / failure_probability)));
}

}  // namespace ellopt::privacy
