#include "ellopt/optim/registry.hpp"

#include <fmt/format.h>

namespace ellopt::optim {

const MethodRegistry& methods() {
  static const MethodRegistry registry = [] {
    MethodRegistry r("method");
    register_gradient_descent(r);
    return r;
  }();
  return registry;
}

std::unique_ptr<Method> make_method(const std::string& name, const Json& params, const Objective& f) {
  const auto& entry = methods().get(name);
  return entry.factory(entry.schema.bind(params, fmt::format("method '{}'", name)), f);
}

}  // namespace ellopt::optim
