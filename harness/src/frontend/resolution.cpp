// From the names, globs, files and folders a user typed to tests. A file
// that is not a catalogue test is compiled on demand (ondemand/), and so is
// every test when the run names a compiler other than the build's.
#include <algorithm>
#include <set>
#include <system_error>

#include "litmuslab/frontend.hpp"
#include "litmuslab/parse.hpp"
#include "ondemand/kernel_compiler.hpp"

namespace litmuslab::frontend {
namespace {

namespace fs = std::filesystem;

// A catalogue entry lives as long as the program: the handle owns nothing.
TestHandle handle_of(const catalogue::RunnableTest& entry) {
  return TestHandle(TestHandle(), &entry);
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

// One test named by the arguments, before it has kernels: a catalogue entry
// or a file, and what became of it.
struct Named {
  const catalogue::RunnableTest* entry = nullptr;  // a catalogue test
  std::string file;                                // or a file (from an argument or a folder)
  TestHandle handle;                               // once resolved
  std::optional<report::FailedFile> failure;       // or why it cannot run
  std::size_t compile_slot = SIZE_MAX;             // its place among the tests compiled now
};

// Every .litmus file under `folder`, sorted by path so runs are repeatable.
std::vector<std::string> litmus_files_under(const std::string& folder) {
  std::vector<std::string> files;
  std::error_code error;
  for (fs::recursive_directory_iterator it(folder, error), end; !error && it != end;
       it.increment(error))
    if (it->path().extension() == ".litmus" && it->is_regular_file(error))
      files.push_back(it->path().string());
  if (error) throw SelectionError(folder + ": cannot read the folder: " + error.message());
  std::sort(files.begin(), files.end());
  return files;
}

// The arguments as catalogue entries and files, in order, without repeats.
std::vector<Named> expand(const std::vector<std::string>& arguments, bool& several_files) {
  const catalogue::Catalogue& catalogue = catalogue::Catalogue::compiled();
  std::vector<Named> named;
  std::set<const catalogue::RunnableTest*> entries;
  std::set<std::string> files;
  const auto add_entry = [&](const catalogue::RunnableTest* entry) {
    if (!entries.insert(entry).second) return;
    Named item;
    item.entry = entry;
    named.push_back(std::move(item));
  };
  const auto add_file = [&](const std::string& file) {
    std::error_code error;
    const fs::path canonical = fs::weakly_canonical(file, error);
    if (!files.insert(error ? file : canonical.string()).second) return;
    Named item;
    item.file = file;
    named.push_back(std::move(item));
  };
  std::size_t file_count = 0;
  for (const std::string& argument : arguments.empty() ? default_suite() : arguments) {
    std::error_code error;
    if (fs::is_directory(argument, error)) {
      const std::vector<std::string> found = litmus_files_under(argument);
      if (found.empty()) throw SelectionError(argument + ": no .litmus files in this folder");
      for (const std::string& file : found) add_file(file);
      file_count += 2;  // a folder always sets its failures aside
    } else if (looks_like_path(argument)) {
      add_file(argument);
      ++file_count;
    } else if (const catalogue::RunnableTest* entry = catalogue.find(argument)) {
      add_entry(entry);
    } else if (argument.find_first_of("*?[") != std::string::npos) {
      const auto found = catalogue.matching(argument);
      if (found.empty())
        throw SelectionError("pattern '" + argument + "' matches no catalogue test");
      for (const catalogue::RunnableTest* match : found) add_entry(match);
    } else {
      throw SelectionError("unknown test '" + argument + "'" + suggestions(argument) +
                           "; 'litmuslab list' shows the catalogue");
    }
  }
  several_files = file_count > 1;
  return named;
}

std::string indented(const std::string& lines) {
  std::string out;
  std::size_t start = 0;
  while (start < lines.size()) {
    const std::size_t end = std::min(lines.find('\n', start), lines.size());
    out += "\n  " + lines.substr(start, end - start);
    start = end + 1;
  }
  return out;
}

// The toolchain and cache the options name. A compiler that cannot be used
// stops the whole run, whatever it was to compile: a SelectionError.
ondemand::KernelCompiler make_compiler(const ResolveOptions& options) {
  const kernel::BuildToolchain& build = kernel::build_toolchain();
  ondemand::ChoiceNames names;
  if (options.cxx && *options.cxx != build.cxx) names.cxx = run::spelled("cxx", options.spelling);
  if (options.cxxflags && *options.cxxflags != build.ondemand_flags)
    names.cxxflags = run::spelled("cxxflags", options.spelling);
  ondemand::Toolchain toolchain;
  try {
    toolchain = ondemand::probe_toolchain(
        options.cxx.value_or(std::string(build.cxx)),
        options.cxxflags.value_or(std::string(build.ondemand_flags)), names);
  } catch (const ondemand::ToolchainError& error) {
    throw SelectionError(error.what());
  }
  std::string note;
  std::shared_ptr<const ondemand::Cache> cache;
  try {
    cache = ondemand::Cache::open(options.cache_root, note);
  } catch (const std::system_error& error) {
    throw SelectionError(error.what());
  }
  if (!note.empty() && options.note) options.note(note);
  return ondemand::KernelCompiler(std::move(toolchain), std::move(cache));
}

}  // namespace

const std::vector<std::string>& default_suite() {
  static const std::vector<std::string> suite = {"SB+rlx", "SB+relacq", "SB+sc",
                                                 "MP+rlx", "MP+relacq", "MP+sc",
                                                 "LB+rlx", "LB+relacq", "LB+sc"};
  return suite;
}

bool looks_like_path(std::string_view argument) {
  std::error_code error;
  return argument.find('/') != std::string_view::npos || argument.ends_with(".litmus") ||
         fs::is_directory(fs::path(argument), error);
}

Resolution resolve(const std::vector<std::string>& arguments, Purpose purpose,
                   const ResolveOptions& options) {
  bool several_files = false;
  std::vector<Named> named = expand(arguments, several_files);
  const bool set_aside = purpose == Purpose::run && several_files;
  run::RunConfig choice;
  choice.cxx = options.cxx;
  choice.cxxflags = options.cxxflags;
  const bool build_compiler = run::uses_build_compiler(choice);
  const catalogue::Catalogue& catalogue = catalogue::Catalogue::compiled();

  // Parse the files; what needs kernels compiled now goes to `to_compile`.
  std::vector<Test> to_compile;
  for (Named& item : named) {
    if (!item.entry) {
      Test test;
      try {
        test = format::parse_file(item.file);
      } catch (const format::ParseFailure& failure) {
        if (!set_aside) throw;
        item.failure = report::FailedFile{item.file, failure.error().to_string(), ""};
        continue;
      }
      if (const auto* entry = catalogue.find_by_source(test.source_text);
          entry && (build_compiler || purpose == Purpose::inspect)) {
        item.entry = entry;
      } else if (purpose == Purpose::inspect) {
        item.handle = std::make_shared<const catalogue::RunnableTest>(
            catalogue::RunnableTest{std::move(test), nullptr, {}});
        continue;
      } else {
        item.compile_slot = to_compile.size();
        to_compile.push_back(std::move(test));
        continue;
      }
    }
    if (purpose == Purpose::run && !build_compiler) {
      item.compile_slot = to_compile.size();
      to_compile.push_back(item.entry->test);
    } else {
      item.handle = handle_of(*item.entry);
    }
  }

  if (!to_compile.empty()) {
    const ondemand::KernelCompiler compiler = make_compiler(options);
    ondemand::BuildSummary summary;
    const std::size_t count = to_compile.size();
    std::vector<ondemand::BuiltTest> built =
        compiler.build(std::move(to_compile), summary, options.progress);
    for (const std::string& note : summary.notes)
      if (options.note) options.note(note);
    if (summary.compiled > 0 && options.progress) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%.2f", summary.compile_seconds);
      options.progress("compiled " + std::to_string(summary.compiled) + " object" +
                       (summary.compiled == 1 ? "" : "s") + " for " + std::to_string(count) +
                       " test" + (count == 1 ? "" : "s") + " in " + seconds + " s (cache " +
                       compiler.cache().folder().string() + ")");
    }
    for (Named& item : named) {
      if (item.compile_slot == SIZE_MAX) continue;
      ondemand::BuiltTest& result = built[item.compile_slot];
      if (auto* handle = std::get_if<std::shared_ptr<const catalogue::RunnableTest>>(&result)) {
        item.handle = std::move(*handle);
        continue;
      }
      const auto& failure = std::get<ondemand::BuildFailure>(result);
      if (!set_aside) throw CompileError(failure.message + indented(failure.compiler_output));
      item.failure = report::FailedFile{item.file.empty() ? item.entry->test.name : item.file,
                                        failure.message, failure.compiler_output};
    }
  }

  Resolution resolution;
  for (Named& item : named) {
    if (item.failure)
      resolution.failed.push_back(std::move(*item.failure));
    else
      resolution.tests.push_back(std::move(item.handle));
  }
  return resolution;
}

std::vector<TestHandle> resolve_tests(const std::vector<std::string>& arguments, Purpose purpose,
                                      const ResolveOptions& options) {
  Resolution resolution = resolve(arguments, purpose, options);
  if (!resolution.failed.empty()) {
    const report::FailedFile& first = resolution.failed.front();
    throw CompileError(first.error + indented(first.compiler_output));
  }
  return std::move(resolution.tests);
}

TestHandle resolve_test(const std::string& argument, Purpose purpose, std::string_view command,
                        const ResolveOptions& options) {
  std::vector<TestHandle> tests = resolve_tests({argument}, purpose, options);
  if (tests.size() != 1)
    throw SelectionError("'" + argument + "' names " + std::to_string(tests.size()) + " tests; " +
                         std::string(command) + " takes one");
  return std::move(tests.front());
}

}  // namespace litmuslab::frontend
