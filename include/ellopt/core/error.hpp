// Errors are exceptions whose message names the input at fault and the fix; the CLI prints the message on
// one line of stderr and exits non-zero. Each kind has its own exit code so scripts can tell them apart.
#pragma once

#include <stdexcept>
#include <string>

namespace ellopt {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
  virtual int exit_code() const { return 1; }
};

// A malformed config, an unknown key, a value of the wrong type or out of range.
class ConfigError : public Error {
 public:
  using Error::Error;
  int exit_code() const override { return 2; }
};

// A name (problem, method, claim, run) that is not registered.
class UnknownNameError : public ConfigError {
 public:
  using ConfigError::ConfigError;
};

// An iterate left the objective's open domain (e.g. x <= 0 for x - log x).
class DomainError : public Error {
 public:
  using Error::Error;
  int exit_code() const override { return 3; }
};

// A run whose iterates or gradients became non-finite or exceeded the divergence threshold.
class DivergenceError : public Error {
 public:
  using Error::Error;
  int exit_code() const override { return 4; }
};

// The run store could not be opened, is locked, or is corrupt.
class StoreError : public Error {
 public:
  using Error::Error;
  int exit_code() const override { return 5; }
};

}  // namespace ellopt
