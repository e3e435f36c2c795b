#include "ellopt/optim/variance_reduced.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ellopt/core/error.hpp"
#include "ellopt/optim/direction_transforms.hpp"
#include "ellopt/optim/state_io.hpp"

namespace ellopt::optim {
namespace {

void require_batches(std::int64_t S1, std::int64_t S2) {
  if (S1 < 1) throw ConfigError(fmt::format("method.S1 = {} (checkpoint batch) must be >= 1", S1));
  if (S2 < 1) throw ConfigError(fmt::format("method.S2 = {} (inner batch) must be >= 1", S2));
  // Fang et al. 2018: the inner batch is the small one (S2 ~ sqrt(S1)); a larger S2 defeats the recursion.
  if (S2 > S1)
    throw ConfigError(fmt::format(
        "method.S2 = {} must not exceed method.S1 = {} (the inner batch is the small one)", S2, S1));
}

// True when step k of the estimator recomputes the large batch.
bool is_checkpoint(const EpochRule& rule, std::int64_t k, RngStream& stream) {
  if (rule.mode == EpochRule::Mode::kFixed) return k % rule.q == 0;
  return stream.uniform() < rule.p;
}

}  // namespace

void EpochRule::validate() const {
  if (mode == Mode::kFixed && q < 1)
    throw ConfigError(fmt::format("method.q = {} (epoch length) must be >= 1", q));
  if (mode == Mode::kLoopless && !(p > 0.0 && p <= 1.0))
    throw ConfigError(fmt::format("method.p = {} (checkpoint probability) must lie in (0, 1]", p));
}

// ---- SPIDER / SARAH ----

SpiderEstimator::SpiderEstimator(std::int64_t checkpoint_batch, std::int64_t inner_batch, EpochRule epochs,
                                 bool store_clipped_estimator)
    : S1_(checkpoint_batch), S2_(inner_batch), epochs_(epochs), store_clipped_(store_clipped_estimator) {
  require_batches(S1_, S2_);
  epochs_.validate();
}

void SpiderEstimator::reset(const Objective& f, const Vector& x0, RngStream& rng) {
  sampler_.reset(rng);
  v_.setZero(f.dim());
  x_previous_ = x0;
  scratch_.setZero(f.dim());
  samples_.reserve(static_cast<std::size_t>(std::max(S1_, S2_)));
  has_estimate_ = false;
  last_was_checkpoint_ = false;
  checkpoints_ = 0;
}

std::int64_t SpiderEstimator::estimate(const Objective& f, const Vector& x, RngStream&, Vector& out) {
  RngStream stream = sampler_.stream();
  std::int64_t evaluations = 0;
  last_was_checkpoint_ = !has_estimate_ || is_checkpoint(epochs_, sampler_.step(), stream);
  if (last_was_checkpoint_) {
    evaluations = checkpoint_gradient(f, x, stream, S1_, samples_, v_, scratch_);
    ++checkpoints_;
    has_estimate_ = true;
  } else {
    // v_k = grad f_{S2}(x_k) - grad f_{S2}(x_{k-1}) + v_{k-1}, the same S2 samples at both points.
    draw_samples(f, stream, S2_, samples_);
    evaluations += accumulate_sample_gradient(f, x, samples_, +1.0, v_, scratch_);
    evaluations += accumulate_sample_gradient(f, x_previous_, samples_, -1.0, v_, scratch_);
  }
  x_previous_ = x;
  out = v_;
  sampler_.advance();
  return evaluations;
}

void SpiderEstimator::observe_step(const Vector& shaped_direction) {
  if (store_clipped_)
    v_ = shaped_direction;  // the authors' code keeps alpha v as v_prev (spec §3.5, quirk 2)
}

Json SpiderEstimator::state() const {
  Json out = sampler_.state();
  out["v"] = vector_to_json(v_);
  out["x_previous"] = vector_to_json(x_previous_);
  out["has_estimate"] = has_estimate_;
  out["checkpoints"] = checkpoints_;
  return out;
}

void SpiderEstimator::load_state(const Json& state) {
  const std::string where = "resuming estimator spider";
  sampler_.load_state(state, where);
  v_ = vector_from_json(state, "v", v_.size(), where);
  x_previous_ = vector_from_json(state, "x_previous", v_.size(), where);
  has_estimate_ = require_state_key(state, "has_estimate", where).get<bool>();
  checkpoints_ = require_state_key(state, "checkpoints", where).get<std::int64_t>();
}

// ---- SVRG ----

SvrgEstimator::SvrgEstimator(std::int64_t checkpoint_batch, std::int64_t inner_batch, EpochRule epochs)
    : S1_(checkpoint_batch), S2_(inner_batch), epochs_(epochs) {
  require_batches(S1_, S2_);
  epochs_.validate();
}

void SvrgEstimator::reset(const Objective& f, const Vector& x0, RngStream& rng) {
  sampler_.reset(rng);
  snapshot_ = x0;
  mu_.setZero(f.dim());
  scratch_.setZero(f.dim());
  samples_.reserve(static_cast<std::size_t>(std::max(S1_, S2_)));
  has_snapshot_ = false;
}

std::int64_t SvrgEstimator::estimate(const Objective& f, const Vector& x, RngStream&, Vector& out) {
  RngStream stream = sampler_.stream();
  std::int64_t evaluations = 0;
  if (!has_snapshot_ || is_checkpoint(epochs_, sampler_.step(), stream)) {
    // At the snapshot the correction grad f_B(x) - grad f_B(x~) vanishes, so v = mu.
    snapshot_ = x;
    evaluations = checkpoint_gradient(f, x, stream, S1_, samples_, mu_, scratch_);
    has_snapshot_ = true;
    out = mu_;
  } else {
    draw_samples(f, stream, S2_, samples_);
    out = mu_;
    evaluations += accumulate_sample_gradient(f, x, samples_, +1.0, out, scratch_);
    evaluations += accumulate_sample_gradient(f, snapshot_, samples_, -1.0, out, scratch_);
  }
  sampler_.advance();
  return evaluations;
}

Json SvrgEstimator::state() const {
  Json out = sampler_.state();
  out["snapshot"] = vector_to_json(snapshot_);
  out["mu"] = vector_to_json(mu_);
  out["has_snapshot"] = has_snapshot_;
  return out;
}

void SvrgEstimator::load_state(const Json& state) {
  const std::string where = "resuming estimator svrg";
  sampler_.load_state(state, where);
  snapshot_ = vector_from_json(state, "snapshot", mu_.size(), where);
  mu_ = vector_from_json(state, "mu", mu_.size(), where);
  has_snapshot_ = require_state_key(state, "has_snapshot", where).get<bool>();
}

// ---- STORM (VRAdam) ----

StormEstimator::StormEstimator(double beta, std::int64_t mega_batch, std::int64_t batch)
    : beta_(beta), S1_(mega_batch), batch_(batch) {
  if (!(beta > 0.0 && beta <= 1.0))
    throw ConfigError(
        fmt::format("method.beta = {} (VRAdam momentum weight on the new gradient, Li et al. 2023 "
                    "Algorithm 2) must lie in (0, 1]",
                    beta));
  if (S1_ < 1) throw ConfigError(fmt::format("method.S1 = {} (mega-batch) must be >= 1", S1_));
  if (batch_ < 1) throw ConfigError(fmt::format("method.batch = {} must be >= 1", batch_));
  if (batch_ > S1_)
    throw ConfigError(
        fmt::format("method.batch = {} must not exceed the mega-batch method.S1 = {}", batch_, S1_));
}

void StormEstimator::reset(const Objective& f, const Vector& x0, RngStream& rng) {
  sampler_.reset(rng);
  m_.setZero(f.dim());
  raw_.setZero(f.dim());
  x_previous_ = x0;
  scratch_.setZero(f.dim());
  samples_.reserve(static_cast<std::size_t>(std::max(S1_, batch_)));
  started_ = false;
}

std::int64_t StormEstimator::estimate(const Objective& f, const Vector& x, RngStream&, Vector& out) {
  RngStream stream = sampler_.stream();
  std::int64_t evaluations = 0;
  if (!started_) {
    // Algorithm 2 line 2: m_1 = grad f(x_1; S_1), the mega-batch start.
    evaluations = checkpoint_gradient(f, x, stream, S1_, samples_, m_, scratch_);
    raw_ = m_;  // line 3: v_1 = beta_sq m_1^2
    started_ = true;
  } else {
    // Algorithm 2 line 6: m_t = g(x_t, xi_t) + (1 - beta)(m_{t-1} - g(x_{t-1}, xi_t)), one xi_t at both
    // points.
    draw_samples(f, stream, batch_, samples_);
    evaluations += mean_sample_gradient(f, x, samples_, raw_, scratch_);
    evaluations += accumulate_sample_gradient(f, x_previous_, samples_, -1.0, m_, scratch_);
    m_ = raw_ + (1.0 - beta_) * m_;
  }
  x_previous_ = x;  // keep x_{t-1} for the next correction
  out = m_;
  sampler_.advance();
  return evaluations;
}

Json StormEstimator::state() const {
  Json out = sampler_.state();
  out["m"] = vector_to_json(m_);
  out["raw_gradient"] = vector_to_json(raw_);
  out["x_previous"] = vector_to_json(x_previous_);
  out["started"] = started_;
  return out;
}

void StormEstimator::load_state(const Json& state) {
  const std::string where = "resuming estimator storm";
  sampler_.load_state(state, where);
  m_ = vector_from_json(state, "m", m_.size(), where);
  raw_ = vector_from_json(state, "raw_gradient", m_.size(), where);
  x_previous_ = vector_from_json(state, "x_previous", m_.size(), where);
  started_ = require_state_key(state, "started", where).get<bool>();
}

// ---- Clipping ----

ClipByOrder::ClipByOrder(int order, double c1, double c2, bool norm_is_squared)
    : order_(order), c1_(c1), c2_(c2), norm_is_squared_(norm_is_squared) {
  if (order < 0 || order > 2)
    throw ConfigError(
        fmt::format("method.clip_order = {} must be 0 (none), 1 (min(1, c1/|v|)) or 2 (min(1, "
                    "c1/|v|, c2/|v|^2))",
                    order));
  if (order >= 1 && (!(c1 > 0.0) || !std::isfinite(c1)))
    throw ConfigError(fmt::format("method.c1 = {} must be positive and finite", c1));
  if (order == 2 && (!(c2 > 0.0) || !std::isfinite(c2)))
    throw ConfigError(fmt::format("method.c2 = {} must be positive and finite", c2));
}

double ClipByOrder::factor(double norm) const {
  const double n = norm_is_squared_ ? norm * norm : norm;
  if (order_ == 0 || !(n > 0.0)) return 1.0;
  double alpha = std::min(1.0, c1_ / n);
  if (order_ == 2) alpha = std::min(alpha, c2_ / (n * n));
  return alpha;
}

void ClipByOrder::apply(Vector& direction, const Vector&, std::int64_t) {
  // robust_norm: finite entries whose squares overflow keep a finite norm (a plain norm() of inf would give
  // alpha = 0 and stall the run silently); NaN or inf entries give NaN, left for the runner to report.
  last_factor_ = factor(robust_norm(direction));
  if (last_factor_ != 1.0) direction *= last_factor_;
}

void ClipByOrder::load_state(const Json& state) {
  last_factor_ = require_state_key(state, "last_factor", "resuming transform clip_order").get<double>();
}

}  // namespace ellopt::optim
