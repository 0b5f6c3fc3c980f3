// What `model` and `show` share while the models search: Ctrl-C stops the
// search in hand (what it found is still printed), a line on stderr says
// how far a search got once it has run for a second, and a limit is
// reported and turned into the exit status.
#pragma once

#include <string_view>

#include "interrupt.hpp"
#include "litmuslab/frontend.hpp"

namespace litmuslab::cli {

class ModelSession {
 public:
  // `options` as model_options_value() gives them; the session adds the stop
  // request and the progress line.
  explicit ModelSession(model::ModelOptions options);

  // frontend::evaluate_models, with one "litmuslab: ..." line on stderr per
  // search a limit stopped.
  frontend::ModelEvaluation evaluate(const Test& test, std::string_view which);

  bool interrupted() const { return interrupt_.requested(); }
  // For the command's outputs, so a second signal removes their temporary files.
  InterruptGuard& interrupt() { return interrupt_; }
  // 128 + the signal after Ctrl-C or SIGTERM, kExitLimit after a limit, else kExitOk.
  int exit_status() const;

 private:
  InterruptGuard interrupt_;
  model::ModelOptions options_;
  bool limited_ = false;
  bool drawn_ = false;  // the progress line is on the terminal
};

}  // namespace litmuslab::cli
