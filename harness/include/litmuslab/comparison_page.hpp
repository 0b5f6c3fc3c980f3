// The comparison as one self-contained HTML page, as jcstress writes its
// report: red flags first, the table, every chart embedded, each host's CPU,
// compiler and flags, and links to the results files.
#pragma once

#include <filesystem>
#include <string>

#include "litmuslab/comparison.hpp"

namespace litmuslab::report {

struct PageOptions {
  // Where the page will be written: links to the results files are relative to it.
  std::filesystem::path page;
  // A folder of charts to embed as well (PNG or SVG, such as `python -m litmuslab
  // plot` draws); empty for none. Throws ResultsInputError if it is not a folder.
  std::filesystem::path plots;
};

std::string comparison_page(const Comparison& comparison, const PageOptions& options);

// RFC 4648 base64, for data: URLs.
std::string base64(std::string_view bytes);

}  // namespace litmuslab::report
