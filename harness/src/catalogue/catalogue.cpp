#include "litmuslab/catalogue.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "litmuslab/parse.hpp"

namespace litmuslab::catalogue {

Catalogue::Catalogue() {
  for (const kernel::TestKernels& compiled : kernel::compiled_catalogue()) {
    // The generator parsed these same bytes at build time, so this cannot fail.
    Test test = format::parse_test(compiled.source, compiled.file_name);
    tests_.push_back({std::move(test), &compiled});
  }
}

const Catalogue& Catalogue::compiled() {
  static const Catalogue catalogue;
  return catalogue;
}

const RunnableTest* Catalogue::find(std::string_view name) const {
  for (const RunnableTest& entry : tests_)
    if (entry.test.name == name) return &entry;
  return nullptr;
}

std::vector<const RunnableTest*> Catalogue::matching(std::string_view glob) const {
  const std::string pattern(glob);
  std::vector<const RunnableTest*> found;
  for (const RunnableTest& entry : tests_)
    if (fnmatch(pattern.c_str(), entry.test.name.c_str(), 0) == 0) found.push_back(&entry);
  return found;
}

const RunnableTest* Catalogue::find_by_source(std::string_view text) const {
  const std::uint64_t hash = kernel::fnv1a(text);
  for (const RunnableTest& entry : tests_)
    if (entry.kernels->source_hash == hash && entry.kernels->source == text) return &entry;
  return nullptr;
}

const std::vector<std::string>& default_suite() {
  static const std::vector<std::string> suite = {"SB+rlx", "SB+relacq", "SB+sc",
                                                 "MP+rlx", "MP+relacq", "MP+sc",
                                                 "LB+rlx", "LB+relacq", "LB+sc"};
  return suite;
}

bool looks_like_path(std::string_view argument) {
  return argument.find('/') != std::string_view::npos ||
         (argument.size() > 7 && argument.substr(argument.size() - 7) == ".litmus");
}

namespace {

const RunnableTest* select_path(const Catalogue& catalogue, const std::string& argument) {
  std::error_code ec;
  if (!std::filesystem::exists(argument, ec)) throw SelectionError(argument + ": no such file");
  if (std::filesystem::is_directory(argument, ec))
    throw SelectionError(argument + ": is a directory, not a .litmus file");
  std::ifstream in(argument, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) throw SelectionError(argument + ": cannot read the file");
  if (!in) throw SelectionError(argument + ": cannot read the file");
  format::parse_test(text.str(), argument);  // a ParseFailure says file:line:col itself
  if (const RunnableTest* entry = catalogue.find_by_source(text.str())) return entry;
  throw SelectionError(argument +
                       ": compile-on-demand is not available yet: this file is not a "
                       "catalogue test. Tests are compiled in at build time; put the file in "
                       "litmus/ and rebuild.");
}

// The closest catalogue names, to suggest on a typo.
std::string suggestions(const Catalogue& catalogue, const std::string& argument) {
  std::string family = argument.substr(0, argument.find('+'));
  std::string out;
  int shown = 0;
  for (const RunnableTest& entry : catalogue.tests())
    if (entry.test.family == family && shown < 6) {
      out += (shown++ ? ", " : "") + entry.test.name;
    }
  return out.empty() ? "" : " (did you mean " + out + "?)";
}

}  // namespace

std::vector<const RunnableTest*> select_tests(const Catalogue& catalogue,
                                              const std::vector<std::string>& arguments) {
  std::vector<const RunnableTest*> chosen;
  auto add = [&](const RunnableTest* entry) {
    if (std::find(chosen.begin(), chosen.end(), entry) == chosen.end()) chosen.push_back(entry);
  };
  if (arguments.empty()) {
    for (const std::string& name : default_suite())
      if (const RunnableTest* entry = catalogue.find(name)) add(entry);
    return chosen;
  }
  for (const std::string& argument : arguments) {
    if (looks_like_path(argument)) {
      add(select_path(catalogue, argument));
    } else if (const RunnableTest* entry = catalogue.find(argument)) {
      add(entry);
    } else if (argument.find_first_of("*?[") != std::string::npos) {
      const auto found = catalogue.matching(argument);
      if (found.empty())
        throw SelectionError("pattern '" + argument + "' matches no catalogue test");
      for (const RunnableTest* match : found) add(match);
    } else {
      throw SelectionError("unknown test '" + argument + "'" + suggestions(catalogue, argument) +
                           "; 'litmuslab list' shows the catalogue");
    }
  }
  return chosen;
}

}  // namespace litmuslab::catalogue
