// Fused SPIDER / SARAH inner update with the clipped step of Reisizadeh et al. (seed 4; optimization spec
// §3.4):
//   v = g_new - g_old + v                                  (Fang et al. 2018, SPIDER-SFO estimator)
//   alpha = min(1, c1 / ||v||, c2 / ||v||^2)               (order-2 clipping; c2 = inf gives order 1, both
//   inf SARAH) x = x - lr * alpha * v
// Two passes (the step needs the norm of the new v): pass 1 updates v and accumulates ||v||^2, pass 2 steps
// x. The norm is a deterministic reduction (fixed chunks, fixed lane order, chunk sums combined in order), so
// the result is bitwise identical for any OpenMP thread count.
#pragma once

#include <limits>
#include <span>

namespace ellopt::kernels {

struct SpiderOptions {
  double lr = 1e-2;
  double c1 = std::numeric_limits<double>::infinity();
  double c2 = std::numeric_limits<double>::infinity();
  // Authors' code quirk (spec §3.5, quirk 1): the squared norm is used where the norm belongs. Default off.
  bool norm_is_squared = false;
  // Authors' code quirk 2: keep alpha * v as the estimator for the next recursion. Default off (textbook).
  bool store_clipped_estimator = false;

  // ConfigError naming the field and the fix: lr >= 0 finite, c1 > 0 and c2 > 0 (infinity allowed: no clip).
  void validate() const;
};

struct SpiderStepReport {
  double estimator_norm;  // ||v|| after the recursion (before any clipping of v)
  double clip_factor;     // alpha in (0, 1]
};

// alpha = min(1, c1/n, c2/n^2) with n = ||v|| (or ||v||^2 with norm_is_squared); 1 when ||v|| = 0.
double spider_clip_factor(const SpiderOptions& options, double estimator_norm);

// Inner step: the recursion on v, then the clipped step on x.
template <class T>
SpiderStepReport spider_step(std::span<T> x, std::span<const T> grad_new, std::span<const T> grad_old,
                             std::span<T> estimator, const SpiderOptions& options);

// Checkpoint step (v already holds the big-batch gradient): only the clipped step on x.
template <class T>
SpiderStepReport spider_checkpoint_step(std::span<T> x, std::span<T> estimator, const SpiderOptions& options);

extern template SpiderStepReport spider_step<float>(std::span<float>, std::span<const float>,
                                                    std::span<const float>, std::span<float>,
                                                    const SpiderOptions&);
extern template SpiderStepReport spider_step<double>(std::span<double>, std::span<const double>,
                                                     std::span<const double>, std::span<double>,
                                                     const SpiderOptions&);
extern template SpiderStepReport spider_checkpoint_step<float>(std::span<float>, std::span<float>,
                                                               const SpiderOptions&);
extern template SpiderStepReport spider_checkpoint_step<double>(std::span<double>, std::span<double>,
                                                                const SpiderOptions&);

}  // namespace ellopt::kernels
