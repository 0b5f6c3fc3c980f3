// Writing a file from Python as the CLI writes one (report::ResultsFile).
#pragma once

#include <pybind11/pybind11.h>

#include <filesystem>
#include <string_view>

#include "litmuslab/results_file.hpp"

namespace litmuslab::python {

// Opens, writes and commits `path` with the GIL released; a signal whose
// Python handler raises (Ctrl-C) stops a wait for a FIFO's reader, and its
// exception is raised. Throws report::ResultsFileError.
void write_output(const std::filesystem::path& path, std::string_view text,
                  report::OutputOptions options = {});

// write_file(path, data): the same, for bytes (the charts).
void define_output(pybind11::module_& module);

}  // namespace litmuslab::python
