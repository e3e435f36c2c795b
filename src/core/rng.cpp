#include "ellopt/core/rng.hpp"

#include <cmath>
#include <stdexcept>

namespace ellopt {
namespace {
__extension__ using Uint128 = unsigned __int128;
constexpr std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}
}  // namespace

RngStream::RngStream(std::uint64_t seed, std::initializer_list<std::uint64_t> path)
    : key_(derive_seed(seed, path)) {
  std::uint64_t s = key_;
  for (auto& word : state_) {
    s += 0x9e3779b97f4a7c15ULL;
    word = splitmix64(s);
  }
}

RngStream RngStream::restore(const RngSnapshot& snapshot) {
  if (snapshot.state == std::array<std::uint64_t, 4>{})
    throw std::invalid_argument(
        "RngStream::restore: the saved generator state is all zeros (not a saved stream)");
  RngStream stream;
  stream.key_ = snapshot.key;
  stream.state_ = snapshot.state;
  stream.has_spare_normal_ = snapshot.has_spare_normal;
  stream.spare_normal_ = snapshot.spare_normal;
  return stream;
}

RngStream::result_type RngStream::operator()() {
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

double RngStream::uniform() {
  return static_cast<double>((*this)() >> 11) * 0x1.0p-53;
}

double RngStream::uniform(double lo, double hi) {
  return lo + (hi - lo) * uniform();
}

double RngStream::normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  double u, v, s;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * std::log(s) / s);
  spare_normal_ = v * factor;
  has_spare_normal_ = true;
  return u * factor;
}

double RngStream::student_t(double nu) {
  // t = Z / sqrt(chi2_nu / nu); chi2 with integer or real nu through the sum of squared normals when nu is
  // a small integer, else through the gamma relation chi2_nu = 2 Gamma(nu/2) via Marsaglia-Tsang.
  const double z = normal();
  double chi2 = 0.0;
  const double rounded = std::round(nu);
  if (rounded == nu && nu <= 16) {
    for (int i = 0; i < static_cast<int>(nu); ++i) {
      const double n = normal();
      chi2 += n * n;
    }
  } else {
    double shape = nu / 2.0;
    double boost = 1.0;
    if (shape < 1.0) {
      boost = std::pow(uniform(), 1.0 / shape);
      shape += 1.0;
    }
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    double g;
    for (;;) {
      double x, v;
      do {
        x = normal();
        v = 1.0 + c * x;
      } while (v <= 0.0);
      v = v * v * v;
      const double u = uniform();
      if (u < 1.0 - 0.0331 * x * x * x * x || std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) {
        g = d * v;
        break;
      }
    }
    chi2 = 2.0 * g * boost;
  }
  return z / std::sqrt(chi2 / nu);
}

std::uint64_t RngStream::below(std::uint64_t n) {
  // Lemire's nearly-divisionless method.
  Uint128 m = static_cast<Uint128>((*this)()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<Uint128>((*this)()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

void RngStream::fill_normal(Vector& out) {
  for (Index i = 0; i < out.size(); ++i) out[i] = normal();
}

void RngStream::fill_uniform_ball(Vector& out, double radius) {
  fill_normal(out);
  const double norm = out.norm();
  const double r = radius * std::pow(uniform(), 1.0 / static_cast<double>(out.size()));
  if (norm > 0.0) out *= r / norm;
}

}  // namespace ellopt
