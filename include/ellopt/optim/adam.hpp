// Adam's direction as a transform (Optax's scale_by_adam), in PyTorch's convention, plus weight decay.
//
// Canonical convention (PyTorch, Kingma & Ba): beta1, beta2 are the decays on the OLD moments,
//   m_t = beta1 m_{t-1} + (1 - beta1) g_t,  v_t = beta2 v_{t-1} + (1 - beta2) g_t^2,
//   direction = m_hat_t / (sqrt(v_hat_t) + eps),  m_hat = m_t/(1 - beta1^t), v_hat = v_t/(1 - beta2^t),
// with eps OUTSIDE the square root (torch.optim.Adam). The step rule multiplies by lr.
// Li, Rakhlin, Jadbabaie 2023 ("Convergence of Adam under relaxed assumptions", Algorithm 1) weight the NEW
// gradient: beta = 1 - beta1, beta_sq = 1 - beta2, lambda = eps (same placement); from_li_convention converts.
#pragma once

#include "ellopt/optim/method.hpp"

namespace ellopt::optim {

struct AdamBetas {
  double beta1 = 0.9;    // decay of the first moment (PyTorch)
  double beta2 = 0.999;  // decay of the second moment (PyTorch)
};

// Li et al. 2023 Algorithm 1: m_t = (1 - beta) m_{t-1} + beta g_t, so beta1 = 1 - beta, beta2 = 1 - beta_sq.
AdamBetas from_li_convention(double beta, double beta_sq);
// The inverse: {beta, beta_sq} = {1 - beta1, 1 - beta2}.
struct LiBetas {
  double beta = 0.1;
  double beta_sq = 0.001;
};
LiBetas to_li_convention(const AdamBetas& betas);

struct ScaleByAdamOptions {
  AdamBetas betas;
  double eps = 1e-8;          // added after the square root of v_hat (PyTorch placement; the paper's lambda)
  bool amsgrad = false;       // use max_{s<=t} v_s in the denominator (Reddi et al. 2018, as torch.optim.Adam)
  bool bias_correct_first = true;   // VRAdam (Li et al. 2023 Algorithm 2) uses m_t without correction
  bool bias_correct_second = true;
};

class ScaleByAdam final : public Transform {
 public:
  // `second_moment_source`, when given, feeds v with that vector instead of the incoming direction: VRAdam
  // updates v with the raw sample gradient grad f(x_t, xi_t)^2 while the direction is the STORM estimate m_t.
  explicit ScaleByAdam(ScaleByAdamOptions options, const Vector* second_moment_source = nullptr);
  std::string name() const override { return "scale_by_adam"; }
  void reset(Index dim) override;
  void apply(Vector& direction, const Vector& x, std::int64_t step) override;
  Json state() const override;
  void load_state(const Json& state) override;

  const ScaleByAdamOptions& options() const { return options_; }
  const Vector& first_moment() const { return m_; }
  const Vector& second_moment() const { return v_; }
  std::int64_t count() const { return count_; }

 private:
  ScaleByAdamOptions options_;
  const Vector* second_moment_source_;
  Vector m_, v_, v_max_;
  std::int64_t count_ = 0;  // t of the paper: the number of moment updates so far
};

// direction += weight_decay * x. Before scale_by_adam it is PyTorch Adam's coupled L2 penalty (added to the
// gradient); after it, it is AdamW's decoupled decay (Loshchilov & Hutter 2019): x <- x - lr (u + wd x), which
// equals torch.optim.AdamW's x (1 - lr wd) - lr u.
class AddDecayedWeights final : public Transform {
 public:
  explicit AddDecayedWeights(double weight_decay);
  std::string name() const override { return "add_decayed_weights"; }
  void reset(Index) override {}
  void apply(Vector& direction, const Vector& x, std::int64_t) override {
    if (weight_decay_ != 0.0) direction.noalias() += weight_decay_ * x;
  }

 private:
  double weight_decay_;
};

}  // namespace ellopt::optim
