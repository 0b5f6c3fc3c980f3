// Parsing herd7's C litmus dialect (the subset docs/design.md describes) into a Test.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "litmuslab/test.hpp"

namespace litmuslab::format {

// One diagnostic, printed as `file:line:col: error: message`.
struct ParseError {
  std::string path;
  SourcePos pos;
  std::string message;  // "unsupported: ..." for herd features outside the subset
  std::string to_string() const;
};

class ParseFailure : public std::runtime_error {
 public:
  explicit ParseFailure(ParseError error);
  const ParseError& error() const { return error_; }

 private:
  ParseError error_;
};

// Parses one test. `path` is used in messages and kept in Test::source_path.
// Throws ParseFailure; never crashes or aborts, whatever the bytes.
Test parse_test(std::string_view text, std::string_view path);

// Reads and parses a file. An unreadable file is a ParseFailure at 0:0.
Test parse_file(const std::filesystem::path& path);

// For consumers that take only straight-line tests over named locations with
// constant values (the subset before the whole dialect): throws ParseFailure
// `unsupported: <construct> (not yet <not_yet>)` at the first construct
// beyond it, such as a branch, an expression over registers, a pointer, an
// address offset, a spinlock, a weak compare-exchange or a filter.
void require_straight_line_subset(const Test& test, std::string_view not_yet);

}  // namespace litmuslab::format
