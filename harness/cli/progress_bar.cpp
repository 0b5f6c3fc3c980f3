#include "progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "litmuslab/run_summary.hpp"

namespace litmuslab::cli {

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(bool enabled) : enabled_(enabled) {}

ProgressBar::~ProgressBar() { clear(); }

void ProgressBar::update(const run::Progress& progress) {
  if (!enabled_) return;
  double fraction = 0;
  if (progress.target > 0)
    fraction = static_cast<double>(progress.done) / static_cast<double>(progress.target);
  else if (progress.target_seconds > 0)
    fraction = progress.elapsed / progress.target_seconds;
  fraction = std::clamp(fraction, 0.0, 1.0);
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(fraction * kWidth);
  const double rate =
      progress.elapsed > 0 ? static_cast<double>(progress.done) / progress.elapsed : 0;
  std::fprintf(stderr, "\r%-24.24s [%s%s] %3.0f%%  %s   ", label_.c_str(),
               std::string(static_cast<std::size_t>(filled), '#').c_str(),
               std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(), fraction * 100,
               report::format_rate(rate).c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::clear() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r%*s\r", 80, "");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace litmuslab::cli
