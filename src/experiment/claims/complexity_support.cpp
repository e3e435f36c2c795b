#include "complexity_support.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

namespace ellopt::experiment::complexity {

Ra2Outcome run_ra2(const optim::Objective& f, optim::Method& method, const Vector& x0, double eps,
                   std::int64_t max_evaluations, std::uint64_t seed) {
  Ra2Outcome out;
  RngStream rng(seed, {0x726132 /* "ra2" */});
  Vector x = x0;
  Vector gradient(f.dim());
  method.reset(f, x0, rng);
  const double target = eps * eps;
  double sum = 0.0;
  for (std::int64_t t = 1;; ++t) {
    f.gradient(x, gradient);
    const double squared = gradient.squaredNorm();
    if (!std::isfinite(squared) || !x.allFinite()) {
      out.diverged = true;
      out.steps = t - 1;
      return out;
    }
    out.max_grad_norm = std::max(out.max_grad_norm, std::sqrt(squared));
    sum += squared;
    if (sum <= target * static_cast<double>(t)) {
      out.reached = true;
      out.steps = t - 1;
      return out;
    }
    if (out.evaluations >= max_evaluations) {
      out.steps = t - 1;
      return out;
    }
    out.evaluations += method.step(f, x, rng).gradient_evaluations;
  }
}

void parallel_for(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& job) {
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(count)));
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        job(i);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;  // stop handing out work
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned k = 1; k < threads; ++k) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
}

unsigned claim_threads() { return std::max(1u, std::min(2u, std::thread::hardware_concurrency())); }

}  // namespace ellopt::experiment::complexity
