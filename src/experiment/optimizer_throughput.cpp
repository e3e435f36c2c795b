#include "ellopt/experiment/optimizer_throughput.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <span>

#include "ellopt/core/kernels/stream_triad.hpp"
#include "ellopt/core/rng.hpp"
#include "ellopt/optim/registry.hpp"
#include "ellopt/problems/registry.hpp"

namespace ellopt::experiment {

std::string ParamShape::label() const {
  const auto size_label = [](std::int64_t n) {
    if (n >= (std::int64_t{1} << 20) && n % (std::int64_t{1} << 20) == 0) return fmt::format("{}M", n >> 20);
    if (n >= 1024 && n % 1024 == 0) return fmt::format("{}K", n >> 10);
    return fmt::format("{}", n);
  };
  return fmt::format("{}x{}", tensors, size_label(elements));
}

std::vector<ParamShape> standard_shapes() {
  return {{1, std::int64_t{1} << 26},
          {16, std::int64_t{1} << 22},
          {256, std::int64_t{1} << 18},
          {4096, std::int64_t{1} << 14}};
}

FusedAdamWorkload::FusedAdamWorkload(ParamShape shape)
    : shape_(shape),
      params_(static_cast<std::size_t>(shape.parameters()), 0.5f),
      grads_(static_cast<std::size_t>(shape.parameters()), 0.25f),
      exp_avg_(static_cast<std::size_t>(shape.parameters()), 0.0f),
      exp_avg_sq_(static_cast<std::size_t>(shape.parameters()), 0.0f) {
  const auto n = static_cast<std::size_t>(shape.elements);
  for (std::int64_t k = 0; k < shape.tensors; ++k) {
    const std::size_t offset = static_cast<std::size_t>(k) * n;
    tensors_.push_back({std::span<float>(params_).subspan(offset, n),
                        std::span<const float>(grads_).subspan(offset, n),
                        std::span<float>(exp_avg_).subspan(offset, n),
                        std::span<float>(exp_avg_sq_).subspan(offset, n),
                        {}});
  }
}

void FusedAdamWorkload::step(std::int64_t step) {
  kernels::adam_step_foreach<float>(tensors_, options_, step);
}

StreamTriadWorkload::StreamTriadWorkload(std::size_t elements)
    : a_(elements, 0.0f), b_(elements, 1.0f), c_(elements, 2.0f) {}

void StreamTriadWorkload::run() {
  kernels::stream_triad<float>(a_, b_, c_, 3.0f);
}

double median_step_milliseconds(const std::function<void(std::int64_t)>& step, int warmup, int steps) {
  using Clock = std::chrono::steady_clock;
  std::int64_t t = 1;
  for (int i = 0; i < warmup; ++i) step(t++);
  std::vector<double> times;
  times.reserve(static_cast<std::size_t>(steps));
  for (int i = 0; i < steps; ++i) {
    const auto start = Clock::now();
    step(t++);
    times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  const std::size_t mid = times.size() / 2;
  return times.size() % 2 == 1 ? times[mid] : 0.5 * (times[mid - 1] + times[mid]);
}

struct ComposedAdamWorkload::State {
  problems::ObjectivePtr objective = problems::make_problem("double-well", Json{{"dim", 10}});
  std::unique_ptr<optim::Method> method;
  RngStream rng{1};
  Vector x_composed, x_hand, g, m, v;
  std::int64_t t = 0;
  static constexpr double kLr = 1e-3, kBeta1 = 0.9, kBeta2 = 0.999, kEps = 1e-8;
};

ComposedAdamWorkload::ComposedAdamWorkload() : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.method = optim::make_method("adam", Json{{"lr", State::kLr}}, *s.objective);
  s.x_composed = Vector::Constant(10, 2.0);
  s.x_hand = s.x_composed;
  s.g = Vector::Zero(10);
  s.m = Vector::Zero(10);
  s.v = Vector::Zero(10);
  s.method->reset(*s.objective, s.x_composed, s.rng);
}

ComposedAdamWorkload::~ComposedAdamWorkload() = default;

void ComposedAdamWorkload::composed_steps(int count) {
  for (int i = 0; i < count; ++i) state_->method->step(*state_->objective, state_->x_composed, state_->rng);
}

// The same update written out: g = grad f(x); m, v moments; x -= lr * (m / bc1) / (sqrt(v) / sqrt(bc2) +
// eps).
void ComposedAdamWorkload::handwritten_steps(int count) {
  State& s = *state_;
  for (int i = 0; i < count; ++i) {
    s.objective->gradient(s.x_hand, s.g);
    ++s.t;
    const double t = static_cast<double>(s.t);
    const double inv_bc1 = 1.0 / (1.0 - std::pow(State::kBeta1, t));
    const double inv_sqrt_bc2 = 1.0 / std::sqrt(1.0 - std::pow(State::kBeta2, t));
    for (Index j = 0; j < s.x_hand.size(); ++j) {
      s.m[j] = State::kBeta1 * s.m[j] + (1.0 - State::kBeta1) * s.g[j];
      s.v[j] = State::kBeta2 * s.v[j] + (1.0 - State::kBeta2) * s.g[j] * s.g[j];
      s.x_hand[j] -= State::kLr * (s.m[j] * inv_bc1) / (std::sqrt(s.v[j]) * inv_sqrt_bc2 + State::kEps);
    }
  }
}

double ComposedAdamWorkload::max_difference() const {
  return (state_->x_composed - state_->x_hand).cwiseAbs().maxCoeff();
}

}  // namespace ellopt::experiment
