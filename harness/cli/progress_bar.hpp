// A one-line progress bar on stderr, drawn only when stderr is a terminal.
#pragma once

#include <string>

#include "litmuslab/progress.hpp"

namespace litmuslab::cli {

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled);
  ~ProgressBar();  // clears the line

  void set_label(std::string label) { label_ = std::move(label); }
  void update(const run::Progress& progress);
  void clear();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::string label_;
};

// True when stderr is a terminal.
bool stderr_is_terminal();

}  // namespace litmuslab::cli
