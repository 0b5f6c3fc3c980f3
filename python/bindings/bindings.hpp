// The pieces of the litmuslab._core module, one file each; module.cpp joins them.
#pragma once

#include <pybind11/pybind11.h>

namespace litmuslab::python {

// Result (one test run) and the results reader and writer.
void define_results(pybind11::module_& module);
// catalogue() and model().
void define_catalogue(pybind11::module_& module);
// run(): runs catalogue tests with the GIL released.
void define_run(pybind11::module_& module);
// compare() and Comparison: results files side by side.
void define_compare(pybind11::module_& module);
// write_file(): bytes to a file, as the CLI writes results.
void define_output(pybind11::module_& module);

}  // namespace litmuslab::python
