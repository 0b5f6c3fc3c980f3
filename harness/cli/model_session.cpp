#include "model_session.hpp"

#include <cstdio>
#include <iostream>
#include <string>

#include "command.hpp"
#include "progress_bar.hpp"

namespace litmuslab::cli {

ModelSession::ModelSession(model::ModelOptions options) : options_(std::move(options)) {
  options_.stop_requested = [this] { return interrupt_.requested(); };
  if (stderr_is_terminal())
    options_.progress = [this](const model::SearchProgress& p) {
      const std::string line =
          "litmuslab: " + p.test + " under " + p.model + ": " + model::to_string(p);
      std::fprintf(stderr, "\r%-79.79s", line.c_str());
      std::fflush(stderr);
      drawn_ = true;
    };
}

frontend::ModelEvaluation ModelSession::evaluate(const Test& test, std::string_view which) {
  frontend::ModelEvaluation evaluation = frontend::evaluate_models(test, which, options_);
  if (drawn_) {
    std::fprintf(stderr, "\r%79s\r", "");
    std::fflush(stderr);
    drawn_ = false;
  }
  for (const std::string& limit : evaluation.limits) std::cerr << "litmuslab: " << limit << "\n";
  if (!evaluation.limits.empty() && !evaluation.interrupted) limited_ = true;
  return evaluation;
}

int ModelSession::exit_status() const {
  if (interrupt_.requested()) return 128 + interrupt_.signal_number();
  return limited_ ? kExitLimit : kExitOk;
}

}  // namespace litmuslab::cli
