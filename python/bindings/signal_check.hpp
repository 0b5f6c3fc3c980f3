// Python's signal handlers, run from C++ that holds no GIL: a poll takes the
// GIL and calls PyErr_CheckSignals(); whatever a handler raises is kept for
// the caller to raise once the C++ work has stopped.
#pragma once

#include <pybind11/pybind11.h>

#include <optional>

namespace litmuslab::python {

class SignalCheck {
 public:
  // True once a handler has raised (KeyboardInterrupt for Ctrl-C).
  bool operator()() {
    pybind11::gil_scoped_acquire gil;
    if (!pending_ && PyErr_CheckSignals() != 0) pending_.emplace();  // fetches the error
    return pending_.has_value();
  }
  std::optional<pybind11::error_already_set>& pending() { return pending_; }

 private:
  std::optional<pybind11::error_already_set> pending_;
};

}  // namespace litmuslab::python
