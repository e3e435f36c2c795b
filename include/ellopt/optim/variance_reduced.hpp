// Variance-reduced gradient estimators (the first axis of a composed method) and the clipped step of
// Reisizadeh, Li, Das, Jadbabaie 2023 ("Variance-reduced clipping for non-convex optimization").
//
// Every estimator here evaluates the SAME held samples at two points (the oracle regenerates a sample's noise
// from its key), draws its samples from a per-step stream (StepSampler), and keeps its state explicit so a run
// resumes bit-identically.
#pragma once

#include <vector>

#include "ellopt/optim/method.hpp"
#include "ellopt/optim/sampling.hpp"

namespace ellopt::optim {

// How often the large (checkpoint) batch is recomputed.
struct EpochRule {
  enum class Mode { kFixed, kLoopless };
  Mode mode = Mode::kFixed;
  std::int64_t q = 10;       // fixed: a checkpoint at every k with k mod q == 0 (SPIDER-SFO, Fang et al. 2018)
  double p = 0.1;            // loopless: a checkpoint with probability p at each step (the authors' code)
  void validate() const;     // q >= 1, p in (0, 1]
};

// SPIDER / SARAH recursion (Fang, Li, Lin, Zhang 2018; Nguyen et al. 2017):
//   checkpoint:  v_k = grad f_{S1}(x_k)                                  (S1 = n: the full gradient)
//   otherwise:   v_k = grad f_{S2}(x_k) - grad f_{S2}(x_{k-1}) + v_{k-1}  (the same S2 samples at both points)
// `store_clipped_estimator` (quirk 2 of the authors' code, spec §3.5): v_{k-1} is replaced by the shaped
// (clipped) direction alpha v_{k-1} seen in observe_step. Textbook SPIDER (default) keeps the unclipped v.
class SpiderEstimator final : public GradientEstimator {
 public:
  SpiderEstimator(std::int64_t checkpoint_batch, std::int64_t inner_batch, EpochRule epochs,
                  bool store_clipped_estimator);
  std::string name() const override { return "spider"; }
  void reset(const Objective& f, const Vector& x0, RngStream& rng) override;
  std::int64_t estimate(const Objective& f, const Vector& x, RngStream& rng, Vector& out) override;
  void observe_step(const Vector& shaped_direction) override;
  Json state() const override;
  void load_state(const Json& state) override;
  std::int64_t checkpoints() const { return checkpoints_; }
  bool last_was_checkpoint() const { return last_was_checkpoint_; }

 private:
  std::int64_t S1_, S2_;
  EpochRule epochs_;
  bool store_clipped_;
  StepSampler sampler_;
  Vector v_, x_previous_, scratch_;
  std::vector<Sample> samples_;
  bool has_estimate_ = false;
  bool last_was_checkpoint_ = false;
  std::int64_t checkpoints_ = 0;
};

// SVRG (Johnson & Zhang 2013), as a baseline: a snapshot x~ with mu = grad f_{S1}(x~), then
//   v_k = grad f_B(x_k) - grad f_B(x~) + mu  (the same batch B at both points);
// the snapshot moves to x_k at fixed epochs of q steps or with probability p (loopless, Kovalev et al. 2020).
class SvrgEstimator final : public GradientEstimator {
 public:
  SvrgEstimator(std::int64_t checkpoint_batch, std::int64_t inner_batch, EpochRule epochs);
  std::string name() const override { return "svrg"; }
  void reset(const Objective& f, const Vector& x0, RngStream& rng) override;
  std::int64_t estimate(const Objective& f, const Vector& x, RngStream& rng, Vector& out) override;
  Json state() const override;
  void load_state(const Json& state) override;

 private:
  std::int64_t S1_, S2_;
  EpochRule epochs_;
  StepSampler sampler_;
  Vector snapshot_, mu_, scratch_;
  std::vector<Sample> samples_;
  bool has_snapshot_ = false;
};

// VRAdam's momentum (Li, Rakhlin, Jadbabaie 2023, Algorithm 2), a STORM recursion (Cutkosky & Orabona 2019):
//   t = 1:   m_1 = grad f(x_1; S_1)                      (mega-batch of S1 samples; S1 = n: full gradient)
//   t >= 2:  m_t = grad f(x_t, xi_t) + (1 - beta)(m_{t-1} - grad f(x_{t-1}, xi_t))  (the same xi_t at both points)
// beta is the paper's weight on the new gradient. raw_gradient() is grad f(x_t, xi_t) (m_1 at t = 1), which
// Algorithm 2 feeds to the second moment v_t.
class StormEstimator final : public GradientEstimator {
 public:
  StormEstimator(double beta, std::int64_t mega_batch, std::int64_t batch);
  std::string name() const override { return "storm"; }
  void reset(const Objective& f, const Vector& x0, RngStream& rng) override;
  std::int64_t estimate(const Objective& f, const Vector& x, RngStream& rng, Vector& out) override;
  Json state() const override;
  void load_state(const Json& state) override;
  const Vector& raw_gradient() const { return raw_; }

 private:
  double beta_;
  std::int64_t S1_, batch_;
  StepSampler sampler_;
  Vector m_, raw_, x_previous_, scratch_;
  std::vector<Sample> samples_;
  bool started_ = false;
};

// The clipped learning rate of Reisizadeh et al. 2023 as a transform: direction *= alpha with
//   order 0: alpha = 1 (SARAH);  order 1: min(1, c1/|v|) (SPIDER-SFO);  order 2: min(1, c1/|v|, c2/|v|^2),
// so the step is lr * alpha * v. `norm_is_squared` reproduces quirk 1 of the authors' code (spec §3.5): their
// get_grad_norm returns |v|^2 and the formula uses it as the norm, i.e. alpha = min(1, c1/|v|^2, c2/|v|^4).
class ClipByOrder final : public Transform {
 public:
  ClipByOrder(int order, double c1, double c2, bool norm_is_squared);
  std::string name() const override { return "clip_order"; }
  void reset(Index) override { last_factor_ = 1.0; }
  void apply(Vector& direction, const Vector& x, std::int64_t step) override;
  Json state() const override { return {{"last_factor", last_factor_}}; }
  void load_state(const Json& state) override;
  // alpha for a given |v| (the closed form, also used by tests).
  double factor(double norm) const;
  double last_factor() const { return last_factor_; }

 private:
  int order_;
  double c1_, c2_;
  bool norm_is_squared_;
  double last_factor_ = 1.0;
};

}  // namespace ellopt::optim
