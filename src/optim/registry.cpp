#include "ellopt/optim/registry.hpp"

#include <fmt/format.h>

namespace ellopt::optim {

const MethodRegistry& methods() {
  static const MethodRegistry registry = [] {
    MethodRegistry r("method");
    register_gradient_descent(r);
    register_nesterov(r);          // nag (optim-a)
    register_sgd_family(r);        // sgd, clipped-sgd, normalized-sgd, momentum (optim-a)
    register_adam(r);              // adam, adamw, vradam
    register_variance_reduced(r);  // spider, sarah, svrg
    return r;
  }();
  return registry;
}

std::unique_ptr<Method> make_method(const std::string& name, const Json& params, const Objective& f) {
  const auto& entry = methods().get(name);
  return entry.factory(entry.schema.bind(params, fmt::format("method '{}'", name)), f);
}

}  // namespace ellopt::optim
