// Methods chosen by name (`ellopt list methods`): aliases over estimator x transforms x step rule.
#pragma once

#include <functional>
#include <memory>

#include "ellopt/core/registry.hpp"
#include "ellopt/optim/method.hpp"

namespace ellopt::optim {

// The factory sees the problem so theory rules can check what they need (l, f*, convexity) up front.
using MethodFactory = std::function<std::unique_ptr<Method>(const Params&, const Objective&)>;
using MethodRegistry = NamedRegistry<MethodFactory>;

const MethodRegistry& methods();
std::unique_ptr<Method> make_method(const std::string& name, const Json& params, const Objective& f);

// Each family registers its aliases (src/optim/<family>_methods.cpp).
void register_gradient_descent(MethodRegistry& registry);
void register_nesterov(MethodRegistry& registry);    // nag (optim-a)
void register_sgd_family(MethodRegistry& registry);  // sgd, clipped-sgd, normalized-sgd, momentum (optim-a)
void register_adam(MethodRegistry& registry);               // adam, adamw, vradam (optim-b)
void register_variance_reduced(MethodRegistry& registry);  // spider, sarah, svrg (optim-b)

}  // namespace ellopt::optim
