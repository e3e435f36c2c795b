// Fused SGD updates over contiguous spans (float or double), in PyTorch's convention (torch.optim.SGD, 1.13):
//   d = g + weight_decay * p
//   momentum: buf = d on the first step, else buf = momentum * buf + (1 - dampening) * d
//             d = d + momentum * buf (nesterov) or d = buf
//   p = p - lr * d
// One pass over memory (12 B/param in float without momentum, 20 B/param with), vectorized, no allocation,
// OpenMP over fixed chunks (chunking.hpp), so results do not depend on the thread count.
#pragma once

#include <span>

namespace ellopt::kernels {

struct SgdOptions {
  double lr = 1e-2;
  double momentum = 0.0;
  double dampening = 0.0;
  double weight_decay = 0.0;
  bool nesterov = false;

  // ConfigError naming the field and the fix: lr >= 0, momentum >= 0, dampening in [0, 1], weight_decay >= 0,
  // all finite; nesterov needs momentum > 0 and dampening = 0 (as torch.optim.SGD requires).
  void validate() const;
};

// Plain step p -= lr * (g + weight_decay * p). `options.momentum` must be 0 (use sgd_momentum_step
// otherwise).
template <class T>
void sgd_step(std::span<T> params, std::span<const T> grads, const SgdOptions& options);

// Heavy-ball / Nesterov step. `first_step` is true on the first call for these buffers: the buffer is then
// set to the (weight-decayed) gradient, without dampening, as PyTorch does; its previous content is ignored.
template <class T>
void sgd_momentum_step(std::span<T> params, std::span<const T> grads, std::span<T> momentum_buffer,
                       const SgdOptions& options, bool first_step);

extern template void sgd_step<float>(std::span<float>, std::span<const float>, const SgdOptions&);
extern template void sgd_step<double>(std::span<double>, std::span<const double>, const SgdOptions&);
extern template void sgd_momentum_step<float>(std::span<float>, std::span<const float>, std::span<float>,
                                              const SgdOptions&, bool);
extern template void sgd_momentum_step<double>(std::span<double>, std::span<const double>, std::span<double>,
                                               const SgdOptions&, bool);

}  // namespace ellopt::kernels
