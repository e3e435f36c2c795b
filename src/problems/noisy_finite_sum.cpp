#include "ellopt/problems/noisy_finite_sum.hpp"

#include <fmt/format.h>

#include "ellopt/core/error.hpp"

namespace ellopt::problems {

NoisyFiniteSum::NoisyFiniteSum(ObjectivePtr base, NoiseKind kind, double sigma, Index n,
                               std::uint64_t data_seed)
    : noisy_(std::move(base), kind, sigma), n_(n), data_seed_(data_seed) {
  if (n < 1)
    throw ConfigError(
        fmt::format("problem '{}': samples = {} must be >= 1 (0 means the online oracle)", name(), n));
  if (!noisy_.is_stochastic())
    throw ConfigError(
        fmt::format("problem '{}': samples = {} needs noise (problem.noise=gaussian|ball|student-t "
                    "and sigma > 0); without it every component is f itself",
                    name(), n));
  mean_noise_ = Vector::Zero(dim());
  Vector noise(dim());
  for (Index j = 0; j < n_; ++j) {
    noisy_.sample_noise(component_key(j), noise);
    mean_noise_ += noise;
  }
  mean_noise_ /= static_cast<double>(n_);
}

Sample NoisyFiniteSum::component_key(Index j) const {
  return Sample{derive_seed(data_seed_, {0x66696e697465 /* "finite" */, static_cast<std::uint64_t>(j)})};
}

void NoisyFiniteSum::sample_gradient(const Vector& x, Sample sample, Vector& g) const {
  if (sample.key >= static_cast<std::uint64_t>(n_))
    throw ConfigError(
        fmt::format("problem '{}': component {} does not exist (n = {})", name(), sample.key, n_));
  noisy_.sample_gradient(x, component_key(static_cast<Index>(sample.key)), g);
  g -= mean_noise_;
}

}  // namespace ellopt::problems
