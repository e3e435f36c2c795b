// Small statistics used by claims: medians, least-squares fits, log-log slopes.
#pragma once

#include <vector>

namespace ellopt {

double median(std::vector<double> values);  // NaN for an empty input
double mean(const std::vector<double>& values);

struct LinearFit {
  double slope = 0.0;
  double intercept = 0.0;
  double r_squared = 0.0;
};
// Ordinary least squares y = slope * x + intercept. Needs >= 2 points with distinct x (else Error).
LinearFit fit_line(const std::vector<double>& x, const std::vector<double>& y);
// Fit of log(y) against log(x); points with x <= 0 or y <= 0 are an Error (a log-log slope needs them positive).
LinearFit fit_loglog(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace ellopt
