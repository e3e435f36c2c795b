#include "ellopt/core/progress.hpp"

#include <unistd.h>

#include <algorithm>

namespace ellopt {

ConsoleProgress::ConsoleProgress(std::FILE* stream, double min_interval_seconds)
    : stream_(stream), is_terminal_(isatty(fileno(stream)) != 0), min_interval_(min_interval_seconds) {}

void ConsoleProgress::update(const std::string& label, double fraction) {
  const auto now = std::chrono::steady_clock::now();
  const double since = std::chrono::duration<double>(now - last_).count();
  const double interval = is_terminal_ ? 0.2 : min_interval_;
  if (label == last_label_ && since < interval) return;
  last_ = now;
  last_label_ = label;
  const int percent = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100.0);
  if (is_terminal_) {
    std::fprintf(stream_, "\r\033[K%s  %3d%%", label.c_str(), percent);
  } else {
    std::fprintf(stream_, "%s  %3d%%\n", label.c_str(), percent);
  }
  std::fflush(stream_);
}

void ConsoleProgress::finish(const std::string& label) {
  if (is_terminal_) {
    std::fprintf(stream_, "\r\033[K");
  } else {
    std::fprintf(stream_, "%s  done\n", label.c_str());
  }
  std::fflush(stream_);
  last_label_.clear();
}

}  // namespace ellopt
