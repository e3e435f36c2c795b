// Noise calibration for the tree mechanism and the shift that keeps a privatised Gram matrix positive
// definite (spec bandits_adversarial.md §1.8, Part 4 "DP").
#pragma once

#include "ellopt/core/types.hpp"
#include "ellopt/privacy/tree_mechanism.hpp"

namespace ellopt::privacy {

// ConfigError unless epsilon is finite and > 0 and, for Gaussian noise, delta lies in (0, 1).
void validate_budget(const PrivacyBudget& budget);

// Gaussian mechanism, classic form (Dwork & Roth 2014, Thm A.1): sigma = l2 sqrt(2 ln(1.25/delta)) / epsilon.
double classic_gaussian_sigma(double l2_sensitivity, double epsilon, double delta);
// Analytic Gaussian mechanism (Balle & Wang 2018, Thm 8): the smallest sigma with
// Phi(l2/(2 sigma) - eps sigma/l2) - e^eps Phi(-l2/(2 sigma) - eps sigma/l2) <= delta (bisection, rel. 1e-12).
double analytic_gaussian_sigma(double l2_sensitivity, double epsilon, double delta);
// The left-hand side above: the exact delta of a Gaussian mechanism with this sigma (for tests).
double gaussian_mechanism_delta(double l2_sensitivity, double sigma, double epsilon);
// Laplace mechanism (Dwork et al. 2006): per-entry scale b = l1 / epsilon.
double laplace_scale(double l1_sensitivity, double epsilon);

// Per-node noise of a tree of `depth` levels with per-leaf sensitivity `sensitivity` (spec §1.8):
//   Gaussian: sigma_n = Delta sqrt(L) sqrt(2 ln(1.25/delta)) / eps (classic) or the analytic sigma for
//             l2 sensitivity Delta sqrt(L) — returned as a standard deviation;
//   Laplace:  b = Delta_1 L / eps — returned as the Laplace scale b (standard deviation sqrt(2) b).
double tree_node_noise_parameter(double sensitivity, int depth, const PrivacyBudget& budget,
                                 GaussianCalibration calibration);
// zCDP of the Gaussian tree: rho = L Delta^2 / (2 sigma^2) (Bun & Steinke 2016, Prop. 1.6, composed over the
// L nodes a leaf touches).
double tree_zcdp_rho(double sensitivity, int depth, double sigma);

// Shift gamma so that V + H + gamma I stays positive definite with probability >= 1 - failure_probability,
// where H is symmetric with independent N(0, s^2) entries on and above the diagonal, s = `noise_std`:
//   gamma = factor * s * (2 sqrt(d) + 2 sqrt(ln(1/beta))).
// E||H|| <= 2 s sqrt(d) (Wigner semicircle edge; non-asymptotically this is the leading term, [K]) and ||H|| is
// sqrt(2) s-Lipschitz in the standard normals, so Gaussian concentration adds s sqrt(2) sqrt(2 ln(1/beta)).
// This plays the role of Shariff & Sheffet's gamma ~ sigma_n sqrt(L)(sqrt(d) + sqrt(2 ln(2/beta))) O(1)
// (spec §1.8) with the O(1) made explicit [R]; `factor` > 1 adds margin.
double psd_shift(double noise_std, Index dim, double failure_probability, double factor = 1.0);

}  // namespace ellopt::privacy
