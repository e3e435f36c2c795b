// Fused Adam / AdamW updates over contiguous spans (float or double), in PyTorch's convention
// (torch.optim.Adam / AdamW, 1.13), for step t = 1, 2, ...:
//   Adam (coupled L2):  g = g + weight_decay * p
//   AdamW (decoupled):  p = p * (1 - lr * weight_decay)            (Loshchilov & Hutter 2019)
//   m = beta1 * m + (1 - beta1) * g
//   v = beta2 * v + (1 - beta2) * g * g
//   amsgrad: v_max = max(v_max, v), and v_max replaces v below
//   p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
// eps is added OUTSIDE the square root and after the bias correction of v, as in PyTorch, Optax and DeepSpeed
// (ensmallen scales eps by sqrt(1 - beta2^t) instead; performance spec §1-2). The bias corrections are
// computed once per step in double (AdamStepCoefficients), so the per-element work is FMAs, one sqrt and two
// divisions. One pass over p, g, m, v (28 B/param in float; 36 B with amsgrad), vectorized, no allocation,
// OpenMP over fixed chunks (chunking.hpp): results do not depend on the thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace ellopt::kernels {

struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;
  bool amsgrad = false;
  // false: Adam's coupled L2 term added to the gradient; true: AdamW's decoupled decay of the parameters.
  bool decoupled_weight_decay = false;

  // ConfigError naming the field and the fix: lr >= 0, beta1 and beta2 in [0, 1), eps > 0, weight_decay >= 0,
  // all finite (the ranges torch.optim.Adam checks).
  void validate() const;
};

// Everything that depends on the step but not on the element, computed once per step in double.
struct AdamStepCoefficients {
  double step_size;              // lr / (1 - beta1^t)
  double bias_correction2_sqrt;  // sqrt(1 - beta2^t)
  double decay_factor;           // 1 - lr * weight_decay (AdamW) or 1
  double coupled_weight_decay;   // weight_decay (Adam) or 0
};

// `step` counts from 1 (the first update uses t = 1). ConfigError if step < 1.
AdamStepCoefficients adam_coefficients(const AdamOptions& options, std::int64_t step);

// One Adam/AdamW step. `max_exp_avg_sq` is used (and must have the parameters' size) only when
// options.amsgrad; pass an empty span otherwise. State buffers start at zero before step 1.
template <class T>
void adam_step(std::span<T> params, std::span<const T> grads, std::span<T> exp_avg, std::span<T> exp_avg_sq,
               std::span<T> max_exp_avg_sq, const AdamOptions& options, std::int64_t step);

// One parameter tensor and its state, for the multi-tensor step.
template <class T>
struct AdamTensor {
  std::span<T> params;
  std::span<const T> grads;
  std::span<T> exp_avg;
  std::span<T> exp_avg_sq;
  std::span<T> max_exp_avg_sq;  // empty unless amsgrad
};

// Tensors with at least this many chunks are split into their chunks across the threads; smaller ones are
// spread over the threads whole (PyTorch's "foreach" idea on CPU). One parallel region per call either way.
inline constexpr std::size_t kForeachChunkThreshold = 4;

// One Adam/AdamW step over many tensors with the same options and step (a parameter group). Every tensor gets
// exactly the update adam_step would give it, whatever the thread count.
template <class T>
void adam_step_foreach(std::span<const AdamTensor<T>> tensors, const AdamOptions& options, std::int64_t step);

extern template void adam_step<float>(std::span<float>, std::span<const float>, std::span<float>,
                                      std::span<float>, std::span<float>, const AdamOptions&, std::int64_t);
extern template void adam_step<double>(std::span<double>, std::span<const double>, std::span<double>,
                                       std::span<double>, std::span<double>, const AdamOptions&,
                                       std::int64_t);
extern template void adam_step_foreach<float>(std::span<const AdamTensor<float>>, const AdamOptions&,
                                              std::int64_t);
extern template void adam_step_foreach<double>(std::span<const AdamTensor<double>>, const AdamOptions&,
                                               std::int64_t);

}  // namespace ellopt::kernels
