// Fused Adam / AdamW kernel (see include/ellopt/core/kernels/adam.hpp): DeepSpeed CPU Adam's design (one
// pass, coefficients per step, FMA, parallel over large chunks; performance spec §4) written as a plain loop
// that GCC vectorizes at -O3 -march=native. Every multiply-add is an explicit std::fma so rounding is fixed
// by the source and a scalar reference loop written the same way agrees bitwise
// (tests/core/kernels_adam_test.cpp).
#include "ellopt/core/kernels/adam.hpp"

#include <algorithm>
#include <cmath>

#include "ellopt/core/kernels/chunking.hpp"
#include "kernel_checks.hpp"

namespace ellopt::kernels {

void AdamOptions::validate() const {
  const char* kernel = decoupled_weight_decay ? "adamw" : "adam";
  detail::require_finite_at_least(kernel, "lr", lr, 0.0, "lr = 0.001");
  detail::require_in_half_open(kernel, "beta1", beta1, 0.0, 1.0, "beta1 = 0.9");
  detail::require_in_half_open(kernel, "beta2", beta2, 0.0, 1.0, "beta2 = 0.999");
  if (!std::isfinite(eps) || eps <= 0.0)
    throw ConfigError(fmt::format("{}: eps = {} must be finite and > 0; use e.g. eps = 1e-8", kernel, eps));
  detail::require_finite_at_least(kernel, "weight_decay", weight_decay, 0.0, "weight_decay = 0.01");
}

AdamStepCoefficients adam_coefficients(const AdamOptions& options, std::int64_t step) {
  if (step < 1)
    throw ConfigError(fmt::format("adam: step = {} must be >= 1 (the first update uses t = 1)", step));
  const auto t = static_cast<double>(step);
  const double bias_correction1 = 1.0 - std::pow(options.beta1, t);
  const double bias_correction2 = 1.0 - std::pow(options.beta2, t);
  AdamStepCoefficients c{};
  c.step_size = options.lr / bias_correction1;
  c.bias_correction2_sqrt = std::sqrt(bias_correction2);
  c.decay_factor = options.decoupled_weight_decay ? 1.0 - options.lr * options.weight_decay : 1.0;
  c.coupled_weight_decay = options.decoupled_weight_decay ? 0.0 : options.weight_decay;
  return c;
}

namespace {

template <class T>
struct Coefficients {
  T beta1, one_minus_beta1, beta2, one_minus_beta2, eps, step_size, bias_correction2_sqrt, decay_factor,
      coupled_weight_decay;
};

// The part of the loop body shared by the plain and amsgrad loops: weight decay and the two moments.
// std::sqrt below vectorizes because ellopt_core is compiled with -fno-math-errno (CMakeLists.txt).
template <class T>
inline void adam_moments(T& p, T g, T& m, T& v, const Coefficients<T>& c) {
  p = p * c.decay_factor;                      // AdamW: p *= 1 - lr*wd (exactly 1 for Adam)
  g = std::fma(c.coupled_weight_decay, p, g);  // Adam: g += wd*p (exactly +0 for AdamW)
  m = std::fma(c.one_minus_beta1, g, c.beta1 * m);
  v = std::fma(c.one_minus_beta2 * g, g, c.beta2 * v);
}

template <class T>
void adam_range(T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict v, std::size_t begin,
                std::size_t end, const Coefficients<T> c) {
  for (std::size_t i = begin; i < end; ++i) {
    T pi = p[i], mi = m[i], vi = v[i];
    adam_moments(pi, g[i], mi, vi, c);
    const T denom = std::sqrt(vi) / c.bias_correction2_sqrt + c.eps;
    p[i] = std::fma(-c.step_size, mi / denom, pi);
    m[i] = mi;
    v[i] = vi;
  }
}

template <class T>
void amsgrad_range(T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict v,
                   T* __restrict v_max, std::size_t begin, std::size_t end, const Coefficients<T> c) {
  for (std::size_t i = begin; i < end; ++i) {
    T pi = p[i], mi = m[i], vi = v[i];
    adam_moments(pi, g[i], mi, vi, c);
    const T vmi = std::max(v_max[i], vi);
    const T denom = std::sqrt(vmi) / c.bias_correction2_sqrt + c.eps;
    p[i] = std::fma(-c.step_size, mi / denom, pi);
    m[i] = mi;
    v[i] = vi;
    v_max[i] = vmi;
  }
}

template <class T>
Coefficients<T> element_coefficients(const AdamOptions& options, std::int64_t step) {
  const AdamStepCoefficients s = adam_coefficients(options, step);
  return {static_cast<T>(options.beta1),
          static_cast<T>(1.0 - options.beta1),
          static_cast<T>(options.beta2),
          static_cast<T>(1.0 - options.beta2),
          static_cast<T>(options.eps),
          static_cast<T>(s.step_size),
          static_cast<T>(s.bias_correction2_sqrt),
          static_cast<T>(s.decay_factor),
          static_cast<T>(s.coupled_weight_decay)};
}

template <class T>
void check_tensor(const AdamTensor<T>& t, const AdamOptions& options) {
  const char* kernel = options.decoupled_weight_decay ? "adamw" : "adam";
  detail::require_same_size(kernel, "grads", t.grads.size(), t.params.size());
  detail::require_same_size(kernel, "exp_avg", t.exp_avg.size(), t.params.size());
  detail::require_same_size(kernel, "exp_avg_sq", t.exp_avg_sq.size(), t.params.size());
  if (options.amsgrad)
    detail::require_same_size(kernel, "max_exp_avg_sq", t.max_exp_avg_sq.size(), t.params.size());
}

// Elements [begin, end) of one tensor.
template <class T>
void update_range(const AdamTensor<T>& t, std::size_t begin, std::size_t end, const Coefficients<T>& c,
                  bool amsgrad) {
  if (amsgrad)
    amsgrad_range(t.params.data(), t.grads.data(), t.exp_avg.data(), t.exp_avg_sq.data(),
                  t.max_exp_avg_sq.data(), begin, end, c);
  else
    adam_range(t.params.data(), t.grads.data(), t.exp_avg.data(), t.exp_avg_sq.data(), begin, end, c);
}

}  // namespace

template <class T>
void adam_step(std::span<T> params, std::span<const T> grads, std::span<T> exp_avg, std::span<T> exp_avg_sq,
               std::span<T> max_exp_avg_sq, const AdamOptions& options, std::int64_t step) {
  const AdamTensor<T> tensor{params, grads, exp_avg, exp_avg_sq, max_exp_avg_sq};
  adam_step_foreach<T>(std::span<const AdamTensor<T>>(&tensor, 1), options, step);
}

template <class T>
void adam_step_foreach(std::span<const AdamTensor<T>> tensors, const AdamOptions& options,
                       std::int64_t step) {
  options.validate();
  for (const AdamTensor<T>& t : tensors) check_tensor(t, options);
  const Coefficients<T> c = element_coefficients<T>(options, step);
  const bool amsgrad = options.amsgrad;
  // One parallel region per step, whatever the number of tensors (a fork/join per tensor costs a scheduler
  // quantum whenever a thread is preempted). Large tensors are split into their fixed chunks, each tensor's
  // chunks shared by the threads without a barrier between tensors (nowait: tensors are independent); small
  // tensors are spread over the threads whole. Which thread updates an element never changes its value.
  std::size_t total_chunks = 0;
  for (const AdamTensor<T>& t : tensors) total_chunks += chunk_count(t.params.size());
  const auto count = static_cast<std::ptrdiff_t>(tensors.size());
#pragma omp parallel if (total_chunks > 1)
  {
    for (const AdamTensor<T>& t : tensors) {
      const std::size_t n = t.params.size();
      const auto chunks = static_cast<std::ptrdiff_t>(chunk_count(n));
      if (static_cast<std::size_t>(chunks) < kForeachChunkThreshold) continue;
#pragma omp for schedule(static) nowait
      for (std::ptrdiff_t k = 0; k < chunks; ++k) {
        const std::size_t begin = static_cast<std::size_t>(k) * kChunkElements;
        update_range(t, begin, std::min(n, begin + kChunkElements), c, amsgrad);
      }
    }
#pragma omp for schedule(static)
    for (std::ptrdiff_t k = 0; k < count; ++k) {
      const AdamTensor<T>& t = tensors[static_cast<std::size_t>(k)];
      if (chunk_count(t.params.size()) >= kForeachChunkThreshold) continue;
      update_range(t, 0, t.params.size(), c, amsgrad);
    }
  }
}

template void adam_step<float>(std::span<float>, std::span<const float>, std::span<float>, std::span<float>,
                               std::span<float>, const AdamOptions&, std::int64_t);
template void adam_step<double>(std::span<double>, std::span<const double>, std::span<double>,
                                std::span<double>, std::span<double>, const AdamOptions&, std::int64_t);
template void adam_step_foreach<float>(std::span<const AdamTensor<float>>, const AdamOptions&, std::int64_t);
template void adam_step_foreach<double>(std::span<const AdamTensor<double>>, const AdamOptions&,
                                        std::int64_t);

}  // namespace ellopt::kernels
