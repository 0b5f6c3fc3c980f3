// The compiled-in catalogue and the rules for choosing tests from it:
// exact names, shell-style globs (`+` is literal) and paths.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "litmuslab/kernel.hpp"
#include "litmuslab/test.hpp"

namespace litmuslab::catalogue {

// A test with the kernels that run it.
struct RunnableTest {
  Test test;
  const kernel::TestKernels* kernels = nullptr;
};

class Catalogue {
 public:
  // Every test compiled into this binary, parsed from its embedded source.
  static const Catalogue& compiled();

  const std::vector<RunnableTest>& tests() const { return tests_; }
  const RunnableTest* find(std::string_view name) const;
  std::vector<const RunnableTest*> matching(std::string_view glob) const;
  // The catalogue test whose file has exactly this text, if any.
  const RunnableTest* find_by_source(std::string_view text) const;

 private:
  Catalogue();
  std::vector<RunnableTest> tests_;
};

// A selection that cannot be made: unknown name, empty glob, a path that
// is not a catalogue file, or a file that does not parse.
class SelectionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// SB, MP and LB, each relaxed, release/acquire and seq_cst.
const std::vector<std::string>& default_suite();

// Resolves `run`'s arguments, in order and without repeats. No arguments
// means the default suite. Throws SelectionError, or format::ParseFailure
// for a path whose file does not parse.
std::vector<const RunnableTest*> select_tests(const Catalogue& catalogue,
                                              const std::vector<std::string>& arguments);

// True when an argument names a file rather than a test or glob.
bool looks_like_path(std::string_view argument);

}  // namespace litmuslab::catalogue
