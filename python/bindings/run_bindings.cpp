// run(): `litmuslab run`'s path (frontend::make_run_request, run_suite), with
// the GIL released while the test threads run, and Ctrl-C turned into
// KeyboardInterrupt once they have joined.
#include <pybind11/stl.h>

#include <map>
#include <optional>

#include "bindings.hpp"
#include "litmuslab/frontend.hpp"
#include "result.hpp"
#include "signal_check.hpp"

namespace py = pybind11;

namespace litmuslab::python {
namespace {

// Options arrive as text by keyword, so the library's parsers check them and
// name the keyword in their messages.
py::list run_tests(const std::vector<std::string>& tests,
                   const std::vector<std::pair<std::string, std::string>>& options) {
  // Every argument is checked before anything runs. Kernels compiled on
  // demand take a second or so: other Python threads run meanwhile.
  frontend::RunRequest request;
  {
    py::gil_scoped_release released;
    request = frontend::make_run_request(tests, options, run::Spelling::keyword);
  }
  // Polled by the runner's controlling thread (this one) about 20 times a
  // second: Python's signal handlers run here, and whatever they raise stops the run.
  SignalCheck signals;
  frontend::SuiteHooks hooks;
  hooks.stop_requested = [&signals] { return signals(); };
  report::ResultsDocument document;
  {
    py::gil_scoped_release released;
    document = frontend::run_suite(request, hooks);
  }
  signals();  // a signal that came after the last poll still interrupts, with every result

  // Files of a folder that could not run: the others did, as the CLI's table says.
  for (const report::FailedFile& failed : document.failed)
    if (PyErr_WarnEx(PyExc_RuntimeWarning, (failed.error + " (not run)").c_str(), 1) != 0)
      throw py::error_already_set();
  py::list results;
  for (Result& result : results_of(std::move(document), "")) results.append(std::move(result));
  if (auto& error = signals.pending()) {
    // The threads have joined: raise what the handler raised (KeyboardInterrupt
    // for Ctrl-C), carrying the counts made so far.
    py::setattr(error->value(), "results", results);
    throw *error;
  }
  return results;
}

}  // namespace

void define_run(py::module_& module) {
  module.def("run", &run_tests, py::arg("tests"), py::arg("options"),
             "Runs catalogue tests; litmuslab.run() is the documented face of this.");
}

}  // namespace litmuslab::python
