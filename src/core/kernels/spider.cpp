// Fused SPIDER step (see include/ellopt/core/kernels/spider.hpp). Pass 1 fuses the estimator recursion with
// the deterministic ||v||^2 reduction; pass 2 applies the clipped step (and, with store_clipped_estimator,
// scales v in the same pass).
#include "ellopt/core/kernels/spider.hpp"

#include <algorithm>
#include <cmath>

#include "ellopt/core/kernels/chunking.hpp"
#include "ellopt/core/kernels/reductions.hpp"
#include "kernel_checks.hpp"
#include "lane_sum.hpp"

namespace ellopt::kernels {

void SpiderOptions::validate() const {
  detail::require_finite_at_least("spider", "lr", lr, 0.0, "lr = 0.5");
  // Infinity is allowed for c1 and c2: it switches that clipping term off.
  if (!(c1 > 0.0))
    throw ConfigError(
        fmt::format("spider: c1 = {} must be > 0 (or infinity for no order-1 clipping); use e.g. "
                    "c1 = 2",
                    c1));
  if (!(c2 > 0.0))
    throw ConfigError(
        fmt::format("spider: c2 = {} must be > 0 (or infinity for no order-2 clipping); use e.g. "
                    "c2 = 16",
                    c2));
}

double spider_clip_factor(const SpiderOptions& options, double estimator_norm) {
  // Reisizadeh et al. (seed 4), authors' code: alpha = min(1, c1/||v||, c2/||v||^2). With the squared-norm
  // quirk (spec §3.5, quirk 1) the code's "norm" is ||v||^2.
  const double n = options.norm_is_squared ? estimator_norm * estimator_norm : estimator_norm;
  if (!(n > 0.0)) return 1.0;
  return std::min({1.0, options.c1 / n, options.c2 / (n * n)});
}

namespace {

template <class T>
void clipped_step(std::span<T> x, std::span<T> estimator, const SpiderOptions& options,
                  SpiderStepReport& report) {
  report.clip_factor = spider_clip_factor(options, report.estimator_norm);
  T* __restrict xp = x.data();
  T* __restrict v = estimator.data();
  const auto step = static_cast<T>(options.lr * report.clip_factor);
  if (options.store_clipped_estimator) {
    // Spec §3.5 quirk 2: the authors keep alpha*v as the estimator; the step still moves by lr*alpha*v.
    const auto alpha = static_cast<T>(report.clip_factor);
    const auto lr = static_cast<T>(options.lr);
    for_each_chunk(x.size(), [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        const T clipped = alpha * v[i];
        v[i] = clipped;
        xp[i] = std::fma(-lr, clipped, xp[i]);
      }
    });
  } else {
    for_each_chunk(x.size(), [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) xp[i] = std::fma(-step, v[i], xp[i]);
    });
  }
}

}  // namespace

template <class T>
SpiderStepReport spider_step(std::span<T> x, std::span<const T> grad_new, std::span<const T> grad_old,
                             std::span<T> estimator, const SpiderOptions& options) {
  options.validate();
  detail::require_same_size("spider", "grad_new", grad_new.size(), x.size());
  detail::require_same_size("spider", "grad_old", grad_old.size(), x.size());
  detail::require_same_size("spider", "estimator", estimator.size(), x.size());
  const T* __restrict gn = grad_new.data();
  const T* __restrict go = grad_old.data();
  T* __restrict v = estimator.data();
  // Pass 1: v = (g_new - g_old) + v (Fang et al. 2018, the SPIDER recursion), fused with ||v||^2.
  const double squared = sum_over_chunks(x.size(), [&](std::size_t begin, std::size_t end) {
    return detail::lane_sum(begin, end, [&](std::size_t i) {
      const T updated = (gn[i] - go[i]) + v[i];
      v[i] = updated;
      const auto value = static_cast<double>(updated);
      return value * value;
    });
  });
  SpiderStepReport report{std::sqrt(squared), 1.0};
  clipped_step(x, estimator, options, report);
  return report;
}

template <class T>
SpiderStepReport spider_checkpoint_step(std::span<T> x, std::span<T> estimator,
                                        const SpiderOptions& options) {
  options.validate();
  detail::require_same_size("spider", "estimator", estimator.size(), x.size());
  SpiderStepReport report{std::sqrt(squared_norm(std::span<const T>(estimator))), 1.0};
  clipped_step(x, estimator, options, report);
  return report;
}

template SpiderStepReport spider_step<float>(std::span<float>, std::span<const float>, std::span<const float>,
                                             std::span<float>, const SpiderOptions&);
template SpiderStepReport spider_step<double>(std::span<double>, std::span<const double>,
                                              std::span<const double>, std::span<double>,
                                              const SpiderOptions&);
template SpiderStepReport spider_checkpoint_step<float>(std::span<float>, std::span<float>,
                                                        const SpiderOptions&);
template SpiderStepReport spider_checkpoint_step<double>(std::span<double>, std::span<double>,
                                                         const SpiderOptions&);

}  // namespace ellopt::kernels
