#include "ellopt/core/kernels/stream_triad.hpp"

#include <cmath>

#include "ellopt/core/kernels/chunking.hpp"
#include "kernel_checks.hpp"

namespace ellopt::kernels {

template <class T>
void stream_triad(std::span<T> a, std::span<const T> b, std::span<const T> c, T scalar) {
  detail::require_same_size("stream_triad", "b", b.size(), a.size());
  detail::require_same_size("stream_triad", "c", c.size(), a.size());
  T* __restrict out = a.data();
  const T* __restrict x = b.data();
  const T* __restrict y = c.data();
  for_each_chunk(a.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) out[i] = std::fma(scalar, y[i], x[i]);
  });
}

template void stream_triad<float>(std::span<float>, std::span<const float>, std::span<const float>, float);
template void stream_triad<double>(std::span<double>, std::span<const double>, std::span<const double>,
                                   double);

}  // namespace ellopt::kernels
