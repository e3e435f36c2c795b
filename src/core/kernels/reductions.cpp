#include "ellopt/core/kernels/reductions.hpp"

#include "ellopt/core/kernels/chunking.hpp"
#include "lane_sum.hpp"

namespace ellopt::kernels {

template <class T>
double squared_norm(std::span<const T> x) {
  const T* data = x.data();
  return sum_over_chunks(x.size(), [data](std::size_t begin, std::size_t end) {
    return detail::lane_sum(begin, end, [data](std::size_t i) {
      const auto value = static_cast<double>(data[i]);
      return value * value;
    });
  });
}

template double squared_norm<float>(std::span<const float>);
template double squared_norm<double>(std::span<const double>);

}  // namespace ellopt::kernels
