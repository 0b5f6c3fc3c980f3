// litmuslab._core: the C++ library as Python sees it. The package in
// python/litmuslab/ wraps it with signatures, docstrings and folder loading.
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "litmuslab/comparison.hpp"
#include "litmuslab/exit_status.hpp"
#include "litmuslab/frontend.hpp"
#include "litmuslab/knobs.hpp"
#include "litmuslab/model.hpp"
#include "litmuslab/parse.hpp"
#include "litmuslab/results.hpp"
#include "litmuslab/results_file.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, module) {
  module.doc() = "litmuslab's C++ core; use the litmuslab package rather than this module.";

  // Every error a user can cause maps to a Python exception that says what and where.
  py::register_exception<litmuslab::frontend::SelectionError>(module, "SelectionError",
                                                              PyExc_ValueError);
  const auto format_error = py::register_exception<litmuslab::report::ResultsFormatError>(
      module, "ResultsFormatError", PyExc_ValueError);
  // A subclass: a folder search passes such files by.
  py::register_exception<litmuslab::report::NotAResultsFile>(module, "NotAResultsFile",
                                                             format_error.ptr());
  py::register_exception<litmuslab::report::ResultsInputError>(module, "ResultsInputError",
                                                               PyExc_ValueError);
  py::register_exception<litmuslab::report::ResultsFileError>(module, "ResultsFileError",
                                                              PyExc_OSError);
  py::register_exception<litmuslab::format::ParseFailure>(module, "ParseError", PyExc_ValueError);
  // A model's time limit, or a test past what the models take: not bad input.
  py::register_exception<litmuslab::model::LimitReached>(module, "LimitReached",
                                                         PyExc_RuntimeError);
  // An unknown keyword is a TypeError in Python, as for any other function.
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer) std::rethrow_exception(pointer);
    } catch (const litmuslab::run::UnknownKnob& error) {
      PyErr_SetString(PyExc_TypeError, error.what());
    } catch (const litmuslab::frontend::ConflictingOptions& error) {
      PyErr_SetString(PyExc_TypeError, error.what());  // as for any two keywords that clash
    }
  });

  // The CLI's exit statuses by name, for `python -m litmuslab`'s own.
  py::dict statuses;
  for (const litmuslab::frontend::ExitStatusInfo& info : litmuslab::frontend::exit_statuses())
    statuses[py::str(std::string(info.name))] = code(info.status);
  module.attr("exit_statuses") = statuses;

  litmuslab::python::define_results(module);
  litmuslab::python::define_catalogue(module);
  litmuslab::python::define_run(module);
  litmuslab::python::define_compare(module);
  litmuslab::python::define_output(module);
}
