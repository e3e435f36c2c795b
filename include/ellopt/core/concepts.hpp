// What an objective must offer, said as C++20 concepts (the ensmallen idea of "function kinds described by
// their members"). Generic code constrains on these; the runtime-polymorphic problems::Objective satisfies
// all of them, so registered problems and user-written structs work with the same algorithms.
#pragma once

#include <concepts>

#include "ellopt/core/rng.hpp"
#include "ellopt/core/sample.hpp"
#include "ellopt/core/types.hpp"

namespace ellopt {

// f: R^d -> R with a gradient written into a caller-owned buffer (no allocation per call).
template <class F>
concept DifferentiableObjective = requires(const F& f, const Vector& x, Vector& g) {
  { f.dim() } -> std::convertible_to<Index>;
  { f.value(x) } -> std::convertible_to<double>;
  { f.gradient(x, g) };
};

// A stochastic first-order oracle whose sample is a value: drawn once, then evaluated at any point. This is
// what SPIDER/SARAH and STORM-style estimators need (the same sample at x_t and x_{t-1}).
template <class O>
concept StochasticOracle = DifferentiableObjective<O> && requires(const O& o, const Vector& x, Vector& g,
                                                                   RngStream& rng, Sample sample) {
  { o.draw_sample(rng) } -> std::same_as<Sample>;
  { o.sample_gradient(x, sample, g) };
};

// f = (1/n) sum_i f_i with component gradients by index.
template <class S>
concept FiniteSum = DifferentiableObjective<S> && requires(const S& s, const Vector& x, Vector& g, Index i) {
  { s.num_components() } -> std::convertible_to<Index>;
  { s.component_gradient(x, i, g) };
};

}  // namespace ellopt
