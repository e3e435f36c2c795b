// Has a scalar observable of a training run (the loss, ||x||, a projection of x) become stationary? The MCMC
// tests of spec optimization.md §4.5 items 4 and 7, for the invariant-measure view of seed 8 (Zhang, Li, Sra,
// Jadbabaie 2022): a loss that settles while the weights keep moving is a stationary process, not a limit.
#pragma once

#include <span>
#include <vector>

namespace ellopt::diagnostics {

// Integrated autocorrelation time tau = 1 + 2 sum_{k>=1} rho_k, summed up to Sokal's automatic window (the
// first M with M >= c tau(M), c = 5). tau = 1 for independent draws, (1 + phi)/(1 - phi) for AR(1).
double integrated_autocorrelation_time(std::span<const double> series, double window_factor = 5.0);

// Geweke's z-score: the difference of the means of the first `first` and last `last` fractions of the series,
// divided by the standard error from each part's variance times its autocorrelation time. |z| < 2 is
// consistent with stationarity; a trend gives a large |z|.
double geweke_z(std::span<const double> series, double first = 0.1, double last = 0.5);

// Gelman-Rubin R-hat over chains of equal length (>= 2 chains, >= 2 draws each): sqrt of the pooled variance
// estimate over the within-chain variance; -> 1 when all chains sample the same law, target < 1.05.
double gelman_rubin(const std::vector<std::vector<double>>& chains);

// Cesàro check (spec §4.5 item 7): the running means (1/K) sum_{k<K} phi_k for K = 1..n.
std::vector<double> running_mean(std::span<const double> series);

}  // namespace ellopt::diagnostics
