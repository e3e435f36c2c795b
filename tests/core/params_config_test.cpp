#include <gtest/gtest.h>

#include "ellopt/core/config.hpp"
#include "ellopt/core/error.hpp"
#include "ellopt/core/params.hpp"

namespace ellopt {
namespace {

ParamSchema schema() {
  return ParamSchema{
      {"dim", ParamType::kInteger, 10, "dimension", 1.0, 1000.0},
      {"lr", ParamType::kReal, 0.1, "step", 0.0, {}, true},
      {"step", ParamType::kString, "theory", "rule", {}, {}, false, false, {"theory", "constant"}},
      {"x0", ParamType::kRealOrVector, 2.0, "start"},
      {"flag", ParamType::kBool, false, "a flag"},
  };
}

TEST(ParamSchema, FillsDefaults) {
  const Params p = schema().bind(Json(), "test");
  EXPECT_EQ(p.integer("dim"), 10);
  EXPECT_DOUBLE_EQ(p.real("lr"), 0.1);
  EXPECT_EQ(p.text("step"), "theory");
  EXPECT_FALSE(p.flag("flag"));
  EXPECT_EQ(p.vector("x0", 3), Vector::Constant(3, 2.0));
}

TEST(ParamSchema, UnknownKeyListsValidKeys) {
  try {
    schema().bind(Json{{"dimm", 3}}, "problem 'x'");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("unknown parameter 'dimm'"), std::string::npos) << message;
    EXPECT_NE(message.find("dim, lr, step, x0, flag"), std::string::npos) << message;
  }
}

TEST(ParamSchema, RejectsWrongTypesRangesAndChoices) {
  EXPECT_THROW(schema().bind(Json{{"dim", "ten"}}, "t"), ConfigError);
  EXPECT_THROW(schema().bind(Json{{"dim", 2.5}}, "t"), ConfigError);
  EXPECT_THROW(schema().bind(Json{{"dim", 0}}, "t"), ConfigError);
  EXPECT_THROW(schema().bind(Json{{"lr", 0.0}}, "t"), ConfigError);   // exclusive minimum
  EXPECT_THROW(schema().bind(Json{{"lr", -1.0}}, "t"), ConfigError);
  EXPECT_THROW(schema().bind(Json{{"step", "fast"}}, "t"), ConfigError);
  EXPECT_THROW(schema().bind(Json{{"flag", 1}}, "t"), ConfigError);
  EXPECT_THROW(schema().bind(Json{{"x0", Json::array({1.0, "a"})}}, "t"), ConfigError);
  EXPECT_THROW(schema().bind(Json(3), "t"), ConfigError);
}

TEST(ParamSchema, VectorLengthMustMatchDimension) {
  const Params p = schema().bind(Json{{"x0", {1.0, 2.0}}}, "t");
  EXPECT_EQ(p.vector("x0", 2), (Vector(2) << 1.0, 2.0).finished());
  EXPECT_THROW(p.vector("x0", 3), ConfigError);
}

TEST(Config, OverridesParseTomlValuesAndBareWords) {
  Json config = Json::object();
  apply_override(config, "problem.dim=50");
  apply_override(config, "method.lr=0.1");
  apply_override(config, "method.step=theory");
  apply_override(config, "method.flag=true");
  apply_override(config, "problem.x0=[1.0, 2.0]");
  apply_override(config, "problem.name=\"double-well\"");
  EXPECT_EQ(config["problem"]["dim"], 50);
  EXPECT_DOUBLE_EQ(config["method"]["lr"].get<double>(), 0.1);
  EXPECT_EQ(config["method"]["step"], "theory");
  EXPECT_EQ(config["method"]["flag"], true);
  EXPECT_EQ(config["problem"]["x0"].size(), 2u);
  EXPECT_EQ(config["problem"]["name"], "double-well");
}

TEST(Config, MalformedOverridesAreConfigErrors) {
  Json config = Json::object();
  EXPECT_THROW(apply_override(config, "novalue"), ConfigError);
  EXPECT_THROW(apply_override(config, "=3"), ConfigError);
  EXPECT_THROW(apply_override(config, "a..b=3"), ConfigError);
  apply_override(config, "a=3");
  EXPECT_THROW(apply_override(config, "a.b=3"), ConfigError);  // a is a value, not a table
}

TEST(Config, MalformedTomlNamesLine) {
  try {
    parse_toml("[problem]\nname = \"x\"\ndim = = 3\n", "run.toml");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("run.toml:3"), std::string::npos) << e.what();
  }
}

TEST(Config, MissingFileIsConfigError) { EXPECT_THROW(load_toml_file("/nonexistent/x.toml"), ConfigError); }

TEST(Config, TomlTablesBecomeJson) {
  const Json config = parse_toml("[problem]\nname = \"quartic\"\ndim = 3\n[method]\nlr = 0.5\n", "t");
  EXPECT_EQ(config["problem"]["name"], "quartic");
  EXPECT_EQ(config["problem"]["dim"], 3);
  EXPECT_DOUBLE_EQ(config["method"]["lr"].get<double>(), 0.5);
}

}  // namespace
}  // namespace ellopt
