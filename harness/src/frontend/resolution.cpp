// From the names, globs and paths a user typed to tests. This is where a
// test compiled on demand will come from, too: a path that is not a
// catalogue file is refused today, and will be compiled and loaded then.
#include <algorithm>

#include "litmuslab/frontend.hpp"
#include "litmuslab/parse.hpp"

namespace litmuslab::frontend {
namespace {

// A catalogue entry lives as long as the program: the handle owns nothing.
TestHandle handle_of(const catalogue::RunnableTest& entry) {
  return TestHandle(TestHandle(), &entry);
}

TestHandle resolve_path(const std::string& argument, Purpose purpose) {
  Test test = format::parse_file(argument);  // says file:line:col itself
  if (const auto* entry = catalogue::Catalogue::compiled().find_by_source(test.source_text))
    return handle_of(*entry);
  if (purpose == Purpose::inspect)
    return std::make_shared<const catalogue::RunnableTest>(
        catalogue::RunnableTest{std::move(test)});
  throw SelectionError(argument +
                       ": compile-on-demand is not available yet: this file is not a "
                       "catalogue test. Tests are compiled in at build time; put the file in "
                       "litmus/ and rebuild.");
}

// The closest catalogue names, to suggest on a typo.
std::string suggestions(const std::string& argument) {
  const std::string family = argument.substr(0, argument.find('+'));
  std::string out;
  int shown = 0;
  for (const catalogue::RunnableTest& entry : catalogue::Catalogue::compiled().tests())
    if (entry.test.family == family && shown < 6) out += (shown++ ? ", " : "") + entry.test.name;
  return out.empty() ? "" : " (did you mean " + out + "?)";
}

}  // namespace

const std::vector<std::string>& default_suite() {
  static const std::vector<std::string> suite = {"SB+rlx", "SB+relacq", "SB+sc",
                                                 "MP+rlx", "MP+relacq", "MP+sc",
                                                 "LB+rlx", "LB+relacq", "LB+sc"};
  return suite;
}

bool looks_like_path(std::string_view argument) {
  return argument.find('/') != std::string_view::npos || argument.ends_with(".litmus");
}

std::vector<TestHandle> resolve_tests(const std::vector<std::string>& arguments, Purpose purpose) {
  const catalogue::Catalogue& catalogue = catalogue::Catalogue::compiled();
  std::vector<TestHandle> chosen;
  const auto add = [&](TestHandle handle) {
    const auto same = [&](const TestHandle& other) { return other.get() == handle.get(); };
    if (std::none_of(chosen.begin(), chosen.end(), same)) chosen.push_back(std::move(handle));
  };
  for (const std::string& argument : arguments.empty() ? default_suite() : arguments) {
    if (looks_like_path(argument)) {
      add(resolve_path(argument, purpose));
    } else if (const catalogue::RunnableTest* entry = catalogue.find(argument)) {
      add(handle_of(*entry));
    } else if (argument.find_first_of("*?[") != std::string::npos) {
      const auto found = catalogue.matching(argument);
      if (found.empty())
        throw SelectionError("pattern '" + argument + "' matches no catalogue test");
      for (const catalogue::RunnableTest* match : found) add(handle_of(*match));
    } else {
      throw SelectionError("unknown test '" + argument + "'" + suggestions(argument) +
                           "; 'litmuslab list' shows the catalogue");
    }
  }
  return chosen;
}

TestHandle resolve_test(const std::string& argument, Purpose purpose, std::string_view command) {
  std::vector<TestHandle> tests = resolve_tests({argument}, purpose);
  if (tests.size() != 1)
    throw SelectionError("'" + argument + "' names " + std::to_string(tests.size()) + " tests; " +
                         std::string(command) + " takes one");
  return std::move(tests.front());
}

}  // namespace litmuslab::frontend
