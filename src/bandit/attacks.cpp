#include <cmath>
#include <limits>

#include "ellopt/bandit/attack.hpp"
#include "ellopt/core/error.hpp"

namespace ellopt::bandit {

Vector honest_mean(const Matrix& honest) {
  if (honest.cols() == 0) return Vector::Zero(honest.rows());
  return honest.rowwise().mean();
}

Vector honest_std(const Matrix& honest) {
  if (honest.cols() < 2) return Vector::Zero(honest.rows());
  const Vector mean = honest_mean(honest);
  return ((honest.colwise() - mean).array().square().rowwise().sum() / static_cast<double>(honest.cols() - 1))
      .sqrt();
}

namespace {

// Every attack parameter is a magnitude: a scale, a standard deviation, a number of standard deviations or a
// multiplier whose sign the attack already fixes (sign-flip sends -scale * v). A negative value would
// silently turn the attack into a different one (std = -1 is not a standard deviation), so they are >= 0
// unless a parameter says otherwise. The binder also rejects NaN and infinities.
ParamSpec real_param(std::string name, double value, std::string doc) {
  ParamSpec spec{std::move(name), ParamType::kReal, value, std::move(doc)};
  spec.min = 0.0;
  return spec;
}

class NoAttack final : public Attack {
 public:
  std::string name() const override { return "none"; }
  Vector craft(const AttackView& view, RngStream&) const override { return view.own; }
};

class SignFlip final : public Attack {
 public:
  SignFlip(double scale, bool own) : scale_(scale), own_(own) {}
  std::string name() const override { return "sign-flip"; }
  Vector craft(const AttackView& view, RngStream&) const override {
    return -scale_ * (own_ ? view.own : honest_mean(view.honest));
  }

 private:
  double scale_;
  bool own_;
};

class Target final : public Attack {
 public:
  explicit Target(double scale) : scale_(scale) {}
  std::string name() const override { return "target"; }
  Vector craft(const AttackView& view, RngStream&) const override { return scale_ * view.bad_direction; }

 private:
  double scale_;
};

class LargeNorm final : public Attack {
 public:
  explicit LargeNorm(double scale) : scale_(scale) {}
  std::string name() const override { return "large-norm"; }
  Vector craft(const AttackView& view, RngStream& rng) const override {
    Vector out(view.theta_star.size());
    rng.fill_normal(out);
    return scale_ * out;
  }

 private:
  double scale_;
};

class GaussianAttack final : public Attack {
 public:
  explicit GaussianAttack(double std) : std_(std) {}
  std::string name() const override { return "gaussian"; }
  Vector craft(const AttackView& view, RngStream& rng) const override {
    Vector noise(view.own.size());
    rng.fill_normal(noise);
    return view.own + std_ * noise;
  }

 private:
  double std_;
};

class Alie final : public Attack {
 public:
  explicit Alie(double z) : z_(z) {}
  std::string name() const override { return "alie"; }
  Vector craft(const AttackView& view, RngStream&) const override {
    return honest_mean(view.honest) - z_ * honest_std(view.honest);
  }

 private:
  double z_;
};

class Ipm final : public Attack {
 public:
  explicit Ipm(double epsilon) : epsilon_(epsilon) {}
  std::string name() const override { return "ipm"; }
  Vector craft(const AttackView& view, RngStream&) const override {
    return -epsilon_ * honest_mean(view.honest);
  }

 private:
  double epsilon_;
};

class Sleeper final : public Attack {
 public:
  Sleeper(double sleep_fraction, double scale) : sleep_fraction_(sleep_fraction), target_(scale) {}
  std::string name() const override { return "sleeper"; }
  Vector craft(const AttackView& view, RngStream& rng) const override {
    const auto sleep =
        static_cast<std::int64_t>(std::ceil(sleep_fraction_ * static_cast<double>(view.epoch.count)));
    if (view.epoch.index < sleep) return view.own;
    return target_.craft(view, rng);
  }

 private:
  double sleep_fraction_;
  Target target_;
};

class NonFinite final : public Attack {
 public:
  std::string name() const override { return "non-finite"; }
  Vector craft(const AttackView& view, RngStream&) const override {
    Vector out = Vector::Constant(view.own.size(), std::numeric_limits<double>::quiet_NaN());
    if (out.size() > 1) out[1] = std::numeric_limits<double>::infinity();
    if (out.size() > 2) out[2] = -std::numeric_limits<double>::infinity();
    return out;
  }
};

class WrongDimension final : public Attack {
 public:
  std::string name() const override { return "wrong-dimension"; }
  Vector craft(const AttackView& view, RngStream&) const override {
    return Vector::Ones(view.own.size() + 1);
  }
};

class HugeNorm final : public Attack {
 public:
  std::string name() const override { return "huge-norm"; }
  Vector craft(const AttackView& view, RngStream&) const override {
    Vector out;
    // 1e300 along the unit bad direction: finite, but its squared norm overflows.
    const double scale = view.bad_direction.cwiseAbs().maxCoeff();
    out = view.bad_direction / (scale > 0 ? scale : 1.0);
    out /= out.norm();
    return 1e300 * out;
  }
};

AttackRegistry build_registry() {
  AttackRegistry r("attack");
  r.add({"none", "Byzantine agents behave honestly (a baseline)", ParamSchema{},
         [](const Params&) { return std::make_unique<NoAttack>(); }});
  {
    ParamSchema schema{real_param("scale", 1.0, "multiplier of the flipped vector"),
                       ParamSpec{"source",
                                 ParamType::kString,
                                 "honest-mean",
                                 "flip the mean of the honest vectors or the attacker's own honest vector",
                                 {},
                                 {},
                                 false,
                                 false,
                                 {"honest-mean", "own"}}};
    r.add(
        {"sign-flip", "send -scale * (honest mean | own estimate) (spec §1.10)", schema, [](const Params& p) {
           return std::make_unique<SignFlip>(p.real("scale"), p.text("source") == "own");
         }});
  }
  r.add({"target", "all attackers send scale * v_bad, v_bad = -theta* (collusion, spec §1.10)",
         ParamSchema{real_param("scale", 5.0, "multiple of v_bad (spec §1.9 used 5)")},
         [](const Params& p) { return std::make_unique<Target>(p.real("scale")); }});
  r.add({"large-norm", "send scale * N(0, I) (spec §1.10: 1e3)",
         ParamSchema{real_param("scale", 1e3, "standard deviation of each entry")},
         [](const Params& p) { return std::make_unique<LargeNorm>(p.real("scale")); }});
  r.add({"gaussian", "send own estimate + N(0, s^2 I) (spec §1.10: s = 10)",
         ParamSchema{real_param("std", 10.0, "noise standard deviation s")},
         [](const Params& p) { return std::make_unique<GaussianAttack>(p.real("std")); }});
  r.add({"alie", "a little is enough: coordinate mean - z * coordinate std of the honest vectors",
         ParamSchema{real_param("z", 1.0, "number of standard deviations")},
         [](const Params& p) { return std::make_unique<Alie>(p.real("z")); }});
  r.add({"ipm", "inner product manipulation: -epsilon * honest mean",
         ParamSchema{real_param("epsilon", 0.1, "multiplier of the honest mean")},
         [](const Params& p) { return std::make_unique<Ipm>(p.real("epsilon")); }});
  {
    ParamSpec fraction = real_param("sleep_fraction", 0.5, "fraction of the epochs played honestly");
    fraction.min = 0.0;
    fraction.max = 1.0;
    r.add({"sleeper", "honest for the first sleep_fraction of the epochs, then target",
           ParamSchema{fraction, real_param("scale", 5.0, "target multiple once awake")},
           [](const Params& p) {
             return std::make_unique<Sleeper>(p.real("sleep_fraction"), p.real("scale"));
           }});
  }
  r.add({"non-finite", "hostile input: NaN and +-inf entries (tests the server, not an attack of the spec)",
         ParamSchema{}, [](const Params&) { return std::make_unique<NonFinite>(); }});
  r.add({"wrong-dimension", "hostile input: a vector of length d + 1 (rejected by the server)", ParamSchema{},
         [](const Params&) { return std::make_unique<WrongDimension>(); }});
  r.add({"huge-norm", "hostile input: 1e300 along v_bad (finite, squared norm overflows)", ParamSchema{},
         [](const Params&) { return std::make_unique<HugeNorm>(); }});
  return r;
}

}  // namespace

const AttackRegistry& attacks() {
  static const AttackRegistry registry = build_registry();
  return registry;
}

std::unique_ptr<Attack> make_attack(const std::string& name, const Json& params) {
  const auto& entry = attacks().get(name);
  return entry.factory(entry.schema.bind(params, "attack '" + name + "'"));
}

}  // namespace ellopt::bandit
