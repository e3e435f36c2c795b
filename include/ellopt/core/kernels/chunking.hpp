// Fixed-size chunking shared by every kernel. Work is cut into chunks of kChunkElements elements whose
// boundaries depend only on the span length, never on the thread count; OpenMP threads take whole chunks.
// Elementwise kernels are therefore bitwise identical for any OMP_NUM_THREADS, and reductions are too because
// they sum inside each chunk in a fixed lane order and then combine the chunk sums in chunk order.
#pragma once

#include <algorithm>
#include <cstddef>

namespace ellopt::kernels {

// 32768 elements (128 KiB of float): large enough that the OpenMP fork/join cost (a few microseconds) is paid
// on at least ~100 microseconds of memory traffic per thread, small enough that two threads share the work of
// a 1M-element tensor evenly.
inline constexpr std::size_t kChunkElements = std::size_t{1} << 15;

inline constexpr std::size_t chunk_count(std::size_t n) {
  return (n + kChunkElements - 1) / kChunkElements;
}

// Calls body(begin, end) once per chunk. A single chunk runs inline (no parallel region), so small spans pay
// nothing for threading.
template <class Body>
void for_each_chunk(std::size_t n, const Body& body) {
  const std::size_t chunks = chunk_count(n);
  if (chunks <= 1) {
    if (n > 0) body(std::size_t{0}, n);
    return;
  }
  const auto signed_chunks = static_cast<std::ptrdiff_t>(chunks);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t c = 0; c < signed_chunks; ++c) {
    const std::size_t begin = static_cast<std::size_t>(c) * kChunkElements;
    body(begin, std::min(n, begin + kChunkElements));
  }
}

// Deterministic sum over chunks: partial(begin, end) -> double is computed for every chunk (in parallel), and
// the partials are added in chunk order. Chunks are processed in groups so no allocation is needed.
template <class Partial>
double sum_over_chunks(std::size_t n, const Partial& partial) {
  constexpr std::size_t kGroup = 256;
  const std::size_t chunks = chunk_count(n);
  if (chunks <= 1) return n > 0 ? partial(std::size_t{0}, n) : 0.0;
  double total = 0.0;
  double sums[kGroup];
  for (std::size_t first = 0; first < chunks; first += kGroup) {
    const auto in_group = static_cast<std::ptrdiff_t>(std::min(kGroup, chunks - first));
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t c = 0; c < in_group; ++c) {
      const std::size_t begin = (first + static_cast<std::size_t>(c)) * kChunkElements;
      sums[c] = partial(begin, std::min(n, begin + kChunkElements));
    }
    for (std::ptrdiff_t c = 0; c < in_group; ++c) total += sums[c];
  }
  return total;
}

}  // namespace ellopt::kernels
