// The STREAM triad a = b + s * c (McCalpin's STREAM benchmark): 12 B/element in float (two reads, one write
// not counting write-allocate), the usual measure of sustainable memory bandwidth that optimizer kernels are
// compared with (performance spec §6). Same chunked OpenMP loop as the optimizer kernels.
#pragma once

#include <span>

namespace ellopt::kernels {

template <class T>
void stream_triad(std::span<T> a, std::span<const T> b, std::span<const T> c, T scalar);

extern template void stream_triad<float>(std::span<float>, std::span<const float>, std::span<const float>,
                                         float);
extern template void stream_triad<double>(std::span<double>, std::span<const double>, std::span<const double>,
                                          double);

}  // namespace ellopt::kernels
