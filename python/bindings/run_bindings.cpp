// run(): the same steps as `litmuslab run`, with the GIL released while the
// test threads run, and Ctrl-C turned into KeyboardInterrupt once they have joined.
#include <pybind11/stl.h>

#include <map>
#include <optional>

#include "bindings.hpp"
#include "litmuslab/catalogue.hpp"
#include "litmuslab/measurement.hpp"
#include "litmuslab/topology.hpp"
#include "result.hpp"

namespace py = pybind11;

namespace litmuslab::python {
namespace {

// Arguments arrive as text so that the library's parsers check them, with
// the messages the CLI gives.
frontend::RunSettings settings_from(const std::optional<std::string>& iterations,
                                    const std::optional<std::string>& seconds,
                                    const std::optional<std::string>& cpus,
                                    const std::map<std::string, std::string>& knobs,
                                    const std::string& arm_acquire) {
  frontend::RunSettings settings;
  if (arm_acquire != "ldar" && arm_acquire != "ldapr")
    throw std::invalid_argument("arm_acquire must be 'ldar' or 'ldapr', not '" + arm_acquire + "'");
  settings.model_options.arm_rcpc = arm_acquire == "ldapr";
  if (iterations && seconds) throw py::type_error("give iterations or seconds, not both");
  if (seconds) {
    settings.config.seconds = run::parse_seconds(*seconds, "seconds");
  } else {
    settings.config.iterations =
        iterations ? run::parse_count(*iterations, "iterations") : frontend::kDefaultIterations;
  }
  if (cpus) settings.config.cpus = run::parse_cpu_list(*cpus, run::allowed_cpus());
  for (const auto& [name, value] : knobs)
    run::set_knob(settings.config, name, value, run::Spelling::keyword);
  return settings;
}

// Polled by the runner's controlling thread (this one) about 20 times a
// second: Python's signal handlers run here, and whatever they raise stops the run.
class SignalCheck {
 public:
  bool operator()() {
    py::gil_scoped_acquire gil;
    if (!pending_ && PyErr_CheckSignals() != 0) pending_.emplace();  // fetches the error
    return pending_.has_value();
  }
  std::optional<py::error_already_set>& pending() { return pending_; }

 private:
  std::optional<py::error_already_set> pending_;
};

py::list run_tests(const std::vector<std::string>& tests,
                   const std::optional<std::string>& iterations,
                   const std::optional<std::string>& seconds,
                   const std::optional<std::string>& cpus,
                   const std::map<std::string, std::string>& knobs, std::optional<bool> emulated,
                   const std::string& arm_acquire) {
  // Every argument is checked before anything runs.
  const frontend::RunSettings settings =
      settings_from(iterations, seconds, cpus, knobs, arm_acquire);
  const std::vector<const catalogue::RunnableTest*> selected =
      catalogue::select_tests(catalogue::Catalogue::compiled(), tests);
  if (selected.empty()) throw catalogue::SelectionError("error: no tests selected");

  report::ResultsDocument document = frontend::start_results_document(emulated);
  SignalCheck signals;
  run::RunHooks hooks;
  hooks.stop_requested = [&signals] { return signals(); };
  bool interrupted = false;
  {
    py::gil_scoped_release released;
    for (const catalogue::RunnableTest* entry : selected) {
      frontend::MeasuredTest measured = frontend::measure_test(*entry, settings, hooks);
      document.runs.push_back(std::move(measured.record));
      if (measured.output.interrupted) {
        interrupted = true;
        break;
      }
    }
  }
  document.interrupted = interrupted;
  signals();  // a signal that came after the last poll still interrupts, with every result

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
  module.def("run", &run_tests, py::arg("tests"), py::arg("iterations"), py::arg("seconds"),
             py::arg("cpus"), py::arg("knobs"), py::arg("emulated"), py::arg("arm_acquire"),
             "Runs catalogue tests; litmuslab.run() is the documented face of this.");
}

}  // namespace litmuslab::python
