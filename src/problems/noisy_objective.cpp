#include "ellopt/problems/noisy_objective.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "ellopt/core/error.hpp"
#include "ellopt/problems/noisy_finite_sum.hpp"

namespace ellopt::problems {
namespace {

constexpr double kStudentNu = 3.0;  // spec §1.5 E1.2: t(3), variance nu/(nu - 2) = 3

}  // namespace

NoiseKind parse_noise_kind(const std::string& text) {
  if (text == "none") return NoiseKind::kNone;
  if (text == "gaussian") return NoiseKind::kGaussian;
  if (text == "ball") return NoiseKind::kBall;
  if (text == "student-t") return NoiseKind::kStudentT;
  throw ConfigError(
      fmt::format("unknown noise '{}'; valid noises are: none, gaussian, ball, student-t", text));
}

std::string to_string(NoiseKind kind) {
  switch (kind) {
    case NoiseKind::kNone:
      return "none";
    case NoiseKind::kGaussian:
      return "gaussian";
    case NoiseKind::kBall:
      return "ball";
    case NoiseKind::kStudentT:
      return "student-t";
  }
  return "?";
}

NoisyObjective::NoisyObjective(ObjectivePtr base, NoiseKind kind, double sigma)
    : base_(std::move(base)), kind_(kind), sigma_(sigma) {
  if (!base_) throw ConfigError("NoisyObjective: the wrapped problem is null");
  if (!(sigma >= 0.0) || !std::isfinite(sigma))
    throw ConfigError(
        fmt::format("problem '{}': sigma = {} must be a finite number >= 0", base_->name(), sigma));
}

double NoisyObjective::total_noise_std() const {
  if (!is_stochastic()) return 0.0;
  return sigma_ * std::sqrt(static_cast<double>(dim()));
}

double NoisyObjective::noise_bound() const {
  if (!is_stochastic()) return 0.0;
  if (kind_ == NoiseKind::kBall) return sigma_ * std::sqrt(static_cast<double>(dim()) + 2.0);
  return std::numeric_limits<double>::infinity();
}

void NoisyObjective::add_noise(Sample sample, double scale, Vector& g) const {
  // The stream depends on the key only, never on x or on how many samples were drawn before.
  RngStream rng(sample.key, {0x6e6f697365 /* "noise" */});
  const Index d = g.size();
  switch (kind_) {
    case NoiseKind::kNone:
      return;
    case NoiseKind::kGaussian:
      for (Index i = 0; i < d; ++i) g[i] += scale * rng.normal();
      return;
    case NoiseKind::kStudentT: {
      const double unit = scale / std::sqrt(kStudentNu / (kStudentNu - 2.0));
      for (Index i = 0; i < d; ++i) g[i] += unit * rng.student_t(kStudentNu);
      return;
    }
    case NoiseKind::kBall: {
      // Uniform in the ball of radius rho: direction z/|z| with z ~ N(0, I), radius rho U^(1/d). The
      // per-coordinate variance is rho^2/(d + 2), so rho = sqrt(d + 2) gives unit variance. Two passes over
      // the same regenerated normals (the first for |z|) keep sample_gradient free of allocation.
      RngStream first = rng;
      double squared = 0.0;
      for (Index i = 0; i < d; ++i) {
        const double z = first.normal();
        squared += z * z;
      }
      const double radius =
          std::sqrt(static_cast<double>(d) + 2.0) * std::pow(first.uniform(), 1.0 / static_cast<double>(d));
      if (squared == 0.0) return;
      const double factor = scale * radius / std::sqrt(squared);
      for (Index i = 0; i < d; ++i) g[i] += factor * rng.normal();
      return;
    }
  }
}

void NoisyObjective::sample_gradient(const Vector& x, Sample sample, Vector& g) const {
  base_->gradient(x, g);
  if (is_stochastic()) add_noise(sample, sigma_, g);
}

void NoisyObjective::sample_noise(Sample sample, Vector& noise) const {
  noise.setZero(dim());
  if (is_stochastic()) add_noise(sample, sigma_, noise);
}

void add_noise_params(ParamSchema& schema) {
  schema.add(
      {"noise",
       ParamType::kString,
       "none",
       "additive gradient noise of the stochastic oracle: none, gaussian, ball (bounded, uniform in a ball), "
       "student-t (nu = 3, heavy-tailed); unit variance per coordinate before scaling by sigma",
       {},
       {},
       false,
       false,
       {"none", "gaussian", "ball", "student-t"}});
  schema.add({"sigma", ParamType::kReal, 1.0,
              "noise standard deviation per coordinate (E|eps|^2 = sigma^2 d); used when noise != none", 0.0,
              1e12});
  schema.add({"samples", ParamType::kInteger, 0,
              "n > 0: a finite sum of n fixed samples f_j = f + <xi_j - mean xi, x> (0: the online oracle)",
              0.0, 1e9});
  schema.add({"data_seed", ParamType::kInteger, 1, "samples > 0: seed of the n fixed samples", 0.0, 9e18});
}

ObjectivePtr with_noise(ObjectivePtr base, const Params& params) {
  const NoiseKind kind = parse_noise_kind(params.text("noise"));
  const double sigma = params.real("sigma");
  if (params.has("samples") && params.integer("samples") > 0)
    return std::make_shared<NoisyFiniteSum>(std::move(base), kind, sigma, params.integer("samples"),
                                            static_cast<std::uint64_t>(params.integer("data_seed")));
  if (kind == NoiseKind::kNone || sigma == 0.0) return base;
  return std::make_shared<NoisyObjective>(std::move(base), kind, sigma);
}

}  // namespace ellopt::problems
