// Numeric vocabulary shared by every layer: analytic problems and theory checks run in double precision.
#pragma once

#include <Eigen/Core>
#include <cstdint>

namespace ellopt {

using Vector = Eigen::VectorXd;
using Matrix = Eigen::MatrixXd;
using Index = Eigen::Index;

}  // namespace ellopt
