// Progress of long work (claims, sweeps, training). Library code reports through this interface; the CLI
// decides how to show it (a live line on a terminal, periodic lines in a log, nothing in --quiet).
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace ellopt {

class Progress {
 public:
  virtual ~Progress() = default;
  // `fraction` in [0, 1] of the current task `label`.
  virtual void update(const std::string& label, double fraction) = 0;
  virtual void finish(const std::string& label) { update(label, 1.0); }
};

class NullProgress final : public Progress {
 public:
  void update(const std::string&, double) override {}
};

// Writes "label  37%" to a stream: rewritten in place on a terminal, at most once per `min_interval`
// otherwise (so CI logs stay short).
class ConsoleProgress final : public Progress {
 public:
  explicit ConsoleProgress(std::FILE* stream = stderr, double min_interval_seconds = 5.0);
  void update(const std::string& label, double fraction) override;
  void finish(const std::string& label) override;

 private:
  std::FILE* stream_;
  bool is_terminal_;
  double min_interval_;
  std::chrono::steady_clock::time_point last_{};
  std::string last_label_;
};

}  // namespace ellopt
