// Linearized maps of the update schemes at a stationary point and their spectral radii (spec minimax.md §3.3).
// With e = z - z*, v(z) = (grad_x f, -grad_y f), M0 = dv/dz = [[H_xx, H_xy], [-H_yx, -H_yy]], D_tau =
// diag(I, tau I) and G = eta_x D_tau M0:
//   Sim-GDA:  e+ = (I - G) e
//   Alt-GDA:  e+ = J_y J_x e,  J_x = [[I - eta_x H_xx, -eta_x H_xy], [0, I]],
//                              J_y = [[I, 0], [eta_y H_yx, I + eta_y H_yy]]
//   EG:       e+ = (I - G + G^2) e
//   OGDA:     [e_{t+1}; e_t] = [[I - 2G, G], [I, 0]] [e_t; e_{t-1}]
//   Past-EG:  [e_{t+1}; e_{t+1/2}] = [[I - G, G^2], [I, -G]] [e_t; e_{t-1/2}]   (same nonzero spectrum as OGDA)
// Local linear convergence iff the spectral radius is < 1 (Ostrowski). Closed forms for the scalar game
// f = -(a/2)x^2 + bxy - (mu/2)y^2 (Li et al. 2022, derived in spec §3.3): small-step limit tau > a/mu;
// Sim-GDA tau > a/mu + eta_y (b^2/mu - a); Alt-GDA tau > a/mu - eta_y a.
#pragma once

#include <vector>

#include "ellopt/minimax/update_scheme.hpp"
#include "ellopt/problems/minimax/minimax_problem.hpp"

namespace ellopt::minimax {

struct HessianBlocks {
  Matrix h_xx, h_xy, h_yy;
};

// Exact blocks for quadratic games and the toy GAN; central differences of the gradients otherwise
// (step `h`, accurate to ~1e-8 relative for smooth problems).
HessianBlocks hessian_blocks(const problems::MinimaxProblem& problem, const Vector& x, const Vector& y,
                             double h = 1e-5);
// The blocks at the problem's known solution (ConfigError when it has none).
HessianBlocks hessian_blocks_at_solution(const problems::MinimaxProblem& problem);

// The map acting on the state (e for Sim/Alt/EG, (e_t, e_prev) for OGDA and past-EG).
Matrix linearized_map(SchemeKind scheme, const HessianBlocks& blocks, double eta_x, double eta_y);
double spectral_radius(const Matrix& map);
double scheme_spectral_radius(SchemeKind scheme, const HessianBlocks& blocks, double eta_x, double eta_y);
// Continuous-time (eta_x -> 0) stability of z' = -D_tau M0 z: every eigenvalue of D_tau M0 has positive real part.
bool ode_stable(const HessianBlocks& blocks, double ratio);

// A geometric grid of `points` values from lo to hi inclusive.
std::vector<double> log_grid(double lo, double hi, std::size_t points);

// The smallest grid ratio tau such that tau and every larger grid ratio are stable (eta_y fixed,
// eta_x = eta_y / tau); NaN when the largest ratio is unstable, the first ratio when all are stable.
double critical_ratio(SchemeKind scheme, const HessianBlocks& blocks, double eta_y, const std::vector<double>& ratios);
double critical_ratio_ode(const HessianBlocks& blocks, const std::vector<double>& ratios);

// Closed forms for the scalar game (spec §3.3).
double scalar_critical_ratio_ode(double a, double b, double mu);
double scalar_critical_ratio_simultaneous(double a, double b, double mu, double eta_y);
double scalar_critical_ratio_alternating(double a, double b, double mu, double eta_y);

}  // namespace ellopt::minimax
