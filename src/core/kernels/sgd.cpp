// Fused SGD kernels (see include/ellopt/core/kernels/sgd.hpp). Every multiply-add is an explicit std::fma so
// the rounding is fixed by the source, not by the compiler's -ffp-contract choice: the vectorized loop and a
// scalar reference loop written the same way agree bitwise (tests/core/kernels_sgd_test.cpp).
#include "ellopt/core/kernels/sgd.hpp"

#include <cmath>

#include "ellopt/core/kernels/chunking.hpp"
#include "kernel_checks.hpp"

namespace ellopt::kernels {

void SgdOptions::validate() const {
  detail::require_finite_at_least("sgd", "lr", lr, 0.0, "lr = 0.01");
  detail::require_finite_at_least("sgd", "momentum", momentum, 0.0, "momentum = 0.9");
  if (!(dampening >= 0.0 && dampening <= 1.0))  // also rejects NaN
    throw ConfigError(
        fmt::format("sgd: dampening = {} must lie in [0, 1]; use e.g. dampening = 0", dampening));
  detail::require_finite_at_least("sgd", "weight_decay", weight_decay, 0.0, "weight_decay = 0");
  if (nesterov && (momentum <= 0.0 || dampening != 0.0))
    throw ConfigError(
        fmt::format("sgd: nesterov momentum needs momentum > 0 and dampening = 0 (got momentum = "
                    "{}, dampening = {}); set nesterov = false or fix them",
                    momentum, dampening));
}

namespace {

template <class T>
void sgd_range(T* __restrict p, const T* __restrict g, std::size_t begin, std::size_t end, T lr, T wd) {
  for (std::size_t i = begin; i < end; ++i) {
    const T d = std::fma(wd, p[i], g[i]);
    p[i] = std::fma(-lr, d, p[i]);
  }
}

template <class T>
void momentum_range(T* __restrict p, const T* __restrict g, T* __restrict buf, std::size_t begin,
                    std::size_t end, T lr, T wd, T momentum, T one_minus_dampening, bool nesterov,
                    bool first_step) {
  // Four specializations of the loop body, chosen outside the loop so the inner loop has no branches.
  if (first_step && nesterov) {
    for (std::size_t i = begin; i < end; ++i) {
      const T d = std::fma(wd, p[i], g[i]);
      buf[i] = d;
      p[i] = std::fma(-lr, std::fma(momentum, d, d), p[i]);
    }
  } else if (first_step) {
    for (std::size_t i = begin; i < end; ++i) {
      const T d = std::fma(wd, p[i], g[i]);
      buf[i] = d;
      p[i] = std::fma(-lr, d, p[i]);
    }
  } else if (nesterov) {
    for (std::size_t i = begin; i < end; ++i) {
      const T d = std::fma(wd, p[i], g[i]);
      const T b = std::fma(one_minus_dampening, d, momentum * buf[i]);
      buf[i] = b;
      p[i] = std::fma(-lr, std::fma(momentum, b, d), p[i]);
    }
  } else {
    for (std::size_t i = begin; i < end; ++i) {
      const T d = std::fma(wd, p[i], g[i]);
      const T b = std::fma(one_minus_dampening, d, momentum * buf[i]);
      buf[i] = b;
      p[i] = std::fma(-lr, b, p[i]);
    }
  }
}

}  // namespace

template <class T>
void sgd_step(std::span<T> params, std::span<const T> grads, const SgdOptions& options) {
  options.validate();
  if (options.momentum != 0.0)
    throw ConfigError(
        fmt::format("sgd: momentum = {} needs a momentum buffer; call sgd_momentum_step", options.momentum));
  detail::require_same_size("sgd", "grads", grads.size(), params.size());
  T* p = params.data();
  const T* g = grads.data();
  const auto lr = static_cast<T>(options.lr);
  const auto wd = static_cast<T>(options.weight_decay);
  for_each_chunk(params.size(),
                 [&](std::size_t begin, std::size_t end) { sgd_range(p, g, begin, end, lr, wd); });
}

template <class T>
void sgd_momentum_step(std::span<T> params, std::span<const T> grads, std::span<T> momentum_buffer,
                       const SgdOptions& options, bool first_step) {
  options.validate();
  detail::require_same_size("sgd", "grads", grads.size(), params.size());
  detail::require_same_size("sgd", "momentum_buffer", momentum_buffer.size(), params.size());
  T* p = params.data();
  const T* g = grads.data();
  T* buf = momentum_buffer.data();
  const auto lr = static_cast<T>(options.lr);
  const auto wd = static_cast<T>(options.weight_decay);
  const auto momentum = static_cast<T>(options.momentum);
  const auto one_minus_dampening = static_cast<T>(1.0 - options.dampening);
  const bool nesterov = options.nesterov;
  for_each_chunk(params.size(), [&](std::size_t begin, std::size_t end) {
    momentum_range(p, g, buf, begin, end, lr, wd, momentum, one_minus_dampening, nesterov, first_step);
  });
}

template void sgd_step<float>(std::span<float>, std::span<const float>, const SgdOptions&);
template void sgd_step<double>(std::span<double>, std::span<const double>, const SgdOptions&);
template void sgd_momentum_step<float>(std::span<float>, std::span<const float>, std::span<float>,
                                       const SgdOptions&, bool);
template void sgd_momentum_step<double>(std::span<double>, std::span<const double>, std::span<double>,
                                        const SgdOptions&, bool);

}  // namespace ellopt::kernels
