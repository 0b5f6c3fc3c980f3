#include "ondemand/kernel_compiler.hpp"

#include <sched.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <system_error>

#include "codegen/codegen.hpp"
#include "litmuslab/kernel.hpp"
#include "litmuslab/parse.hpp"
#include "ondemand/process.hpp"
#include "ondemand/sha256.hpp"
#include "ondemand/shared_object.hpp"

namespace litmuslab::ondemand {
namespace {

namespace fs = std::filesystem;

// Everything a test compiled on demand owns; its RunnableTest points into it.
struct OnDemandTest {
  catalogue::RunnableTest runnable;
  kernel::TestKernels kernels{};
  std::string file_name;
  std::string kernel_code;
  std::string perpetual_code;
  std::vector<kernel::ThreadKernel> threads;
  std::vector<kernel::PerpetualKernel> perpetual;
  std::shared_ptr<const SharedObject> object;
};

// Tests compiled into one shared object.
struct Unit {
  std::vector<std::size_t> members;  // indices of the tests
  codegen::LoadableSource source;
  std::string key;
};

std::string first_lines(const std::string& text, std::size_t count) {
  std::string kept;
  std::istringstream lines(text);
  std::string line;
  for (std::size_t n = 0; n < count && std::getline(lines, line); ++n) kept += line + "\n";
  return kept;
}

// Which of the unit's tests the compiler's errors point at; nullopt when an
// error lies outside every test (a bad flag, the inlined headers).
std::optional<std::set<std::size_t>> culprits(const Unit& unit, const std::string& output,
                                              const fs::path& source) {
  static const std::regex error_line(R"(^(.*?):([0-9]+):(?:[0-9]+:)? (?:fatal )?error)");
  std::set<std::size_t> found;
  std::istringstream lines(output);
  std::string line;
  bool any_error = false;
  while (std::getline(lines, line)) {
    std::smatch m;
    if (!std::regex_search(line, m, error_line)) {
      if (line.find("error") != std::string::npos) return std::nullopt;
      continue;
    }
    any_error = true;
    if (fs::path(m[1].str()).filename() != source.filename()) return std::nullopt;
    const int at = std::stoi(m[2].str());
    const std::vector<int>& first = unit.source.first_lines;
    std::optional<std::size_t> member;
    for (std::size_t t = 0; t < first.size(); ++t) {
      const int end = t + 1 < first.size() ? first[t + 1] : unit.source.end_line;
      if (at >= first[t] && at < end) member = t;
    }
    if (!member) return std::nullopt;
    found.insert(*member);
  }
  if (!any_error) return std::nullopt;
  return found;
}

// The unit's tests in `tests` order, distinct names.
std::vector<const Test*> members_of(const Unit& unit, const std::vector<Test>& tests) {
  std::vector<const Test*> out;
  for (std::size_t index : unit.members) out.push_back(&tests[index]);
  return out;
}

// Groups `ready` into at most `jobs` contiguous units; a test whose name its
// unit already has gets a unit of its own.
std::vector<Unit> group(const std::vector<std::size_t>& ready, const std::vector<Test>& tests,
                        unsigned jobs) {
  std::vector<Unit> units;
  const std::size_t count = std::min<std::size_t>(jobs, ready.size());
  for (std::size_t u = 0; u < count; ++u) {
    Unit unit;
    std::set<std::string_view> names;
    for (std::size_t r = u * ready.size() / count; r < (u + 1) * ready.size() / count; ++r) {
      if (names.insert(tests[ready[r]].name).second)
        unit.members.push_back(ready[r]);
      else
        units.push_back(Unit{{ready[r]}, {}, {}});
    }
    units.push_back(std::move(unit));
  }
  return units;
}

}  // namespace

unsigned usable_cpus() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  const int count = CPU_COUNT(&set);
  return count > 0 ? static_cast<unsigned>(count) : 1;
}

KernelCompiler::KernelCompiler(Toolchain toolchain, std::shared_ptr<const Cache> cache,
                               unsigned jobs)
    : toolchain_(std::move(toolchain)),
      cache_(std::move(cache)),
      jobs_(jobs ? jobs : usable_cpus()) {}

std::string KernelCompiler::key(std::string_view source) const {
  const kernel::BuildToolchain& build = kernel::build_toolchain();
  Sha256 hash;
  for (std::string_view part :
       {std::string_view("litmuslab kernels"), build.version, build.git,
        std::string_view(toolchain_.path), std::string_view(toolchain_.version_text),
        std::string_view(toolchain_.target)})
    hash.update(part).update(std::string_view("\0", 1));
  hash.update(toolchain_.flags_text()).update(std::string_view("\0", 1)).update(source);
  return Sha256::hex(hash.finish()).substr(0, 32);
}

std::vector<BuiltTest> KernelCompiler::build(
    std::vector<Test> tests, BuildSummary& summary,
    const std::function<void(const std::string&)>& starting) const {
  std::vector<std::optional<BuiltTest>> results(tests.size());
  std::vector<std::string> kernel_code(tests.size());
  std::vector<std::string> perpetual_code(tests.size());
  const auto fail = [&](std::size_t index, std::string message, std::string output = {}) {
    results[index] = BuildFailure{std::move(message), std::move(output)};
  };

  // What the generator refuses fails here, with its position in the file.
  std::vector<std::size_t> ready;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    try {
      kernel_code[i] = codegen::thread_kernels(tests[i]);
      perpetual_code[i] = codegen::perpetual_kernels(tests[i]);
      ready.push_back(i);
    } catch (const format::ParseFailure& failure) {
      fail(i, failure.error().to_string());
    } catch (const std::exception& error) {
      fail(i, tests[i].source_path + ": error: " + error.what());
    }
  }

  std::vector<Unit> pending = group(ready, tests, jobs_);
  std::vector<Unit> built;
  bool announced = false;
  const auto started = std::chrono::steady_clock::now();
  while (!pending.empty()) {
    std::vector<Unit> to_compile;
    for (Unit& unit : pending) {
      unit.source = codegen::loadable_unit(members_of(unit, tests));
      unit.key = key(unit.source.text);
      bool damaged = false;
      const bool hit = cache_->valid(unit.key, damaged);
      if (damaged)
        summary.notes.push_back("the cache entry " + cache_->object_path(unit.key).string() +
                                " was damaged (truncated or altered); compiled it again");
      (hit ? built : to_compile).push_back(std::move(unit));
    }
    pending.clear();
    if (!to_compile.empty() && !announced && starting) {
      std::size_t count = 0;
      for (const Unit& unit : to_compile) count += unit.members.size();
      starting("compiling the kernels of " + std::to_string(count) + " test" +
               (count == 1 ? "" : "s") + " with " + toolchain_.path + " " + toolchain_.user_flags +
               " (" + std::to_string(to_compile.size()) + " object" +
               (to_compile.size() == 1 ? "" : "s") + ", " +
               std::to_string(std::min<std::size_t>(jobs_, to_compile.size())) + " at once)");
      announced = true;
    }
    // Waves of at most jobs_ compilers.
    for (std::size_t wave = 0; wave < to_compile.size(); wave += jobs_) {
      const std::size_t end = std::min<std::size_t>(to_compile.size(), wave + jobs_);
      std::vector<std::unique_ptr<ChildProcess>> running;
      std::vector<fs::path> outputs;
      for (std::size_t u = wave; u < end; ++u) {
        const Unit& unit = to_compile[u];
        cache_->write_source(unit.key, unit.source.text);
        outputs.push_back(cache_->temporary_path(unit.key, ".so"));
        std::vector<std::string> argv = {toolchain_.path};
        argv.insert(argv.end(), toolchain_.flags.begin(), toolchain_.flags.end());
        argv.insert(argv.end(),
                    {"-o", outputs.back().string(), cache_->source_path(unit.key).string()});
        running.push_back(std::make_unique<ChildProcess>(argv));
      }
      for (std::size_t u = wave; u < end; ++u) {
        Unit& unit = to_compile[u];
        const ProcessResult result = running[u - wave]->finish();
        ++summary.compiled;
        if (result.status == 0) {
          try {
            cache_->publish(unit.key, outputs[u - wave]);
            built.push_back(std::move(unit));
          } catch (const std::system_error& error) {
            for (std::size_t index : unit.members)
              fail(index, tests[index].source_path + ": error: " + error.what());
          }
          continue;
        }
        std::error_code ignored;
        fs::remove(outputs[u - wave], ignored);
        fs::path kept = cache_->source_path(unit.key);
        if (cache_->temporary()) {  // the folder goes at exit: keep the source elsewhere
          kept = fs::temp_directory_path(ignored) / ("litmuslab-" + unit.key + ".cpp");
          fs::copy_file(cache_->source_path(unit.key), kept, fs::copy_options::overwrite_existing,
                        ignored);
        }
        const auto blamed = culprits(unit, result.output, cache_->source_path(unit.key));
        Unit rest;
        for (std::size_t t = 0; t < unit.members.size(); ++t) {
          const std::size_t index = unit.members[t];
          if (blamed && !blamed->count(t)) {
            rest.members.push_back(index);
            continue;
          }
          fail(index,
               tests[index].source_path + ": error: the kernels did not compile (" +
                   fs::path(toolchain_.path).filename().string() + " exit status " +
                   std::to_string(result.status) + "); the generated source is kept at " +
                   kept.string(),
               first_lines(result.output, kCompilerLinesKept));
        }
        if (!rest.members.empty()) pending.push_back(std::move(rest));
      }
    }
  }
  summary.units += built.size();
  if (summary.compiled > 0)
    summary.compile_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  for (const Unit& unit : built) {
    try {
      auto object = std::make_shared<const SharedObject>(cache_->object_path(unit.key), cache_);
      const auto entry =
          reinterpret_cast<kernel::LoadableEntry>(object->symbol(kernel::kLoadableEntryPoint));
      const kernel::LoadableUnit* loaded = entry();
      if (!loaded || loaded->abi_version != kernel::kLoadableAbiVersion ||
          loaded->test_count != unit.members.size())
        throw LoadError(object->path().string() + " is not the object this build expects");
      std::vector<std::string> hwcaps;
      for (const char* const* need = loaded->required_hwcaps; need && *need; ++need)
        hwcaps.emplace_back(*need);
      for (std::size_t t = 0; t < unit.members.size(); ++t) {
        const std::size_t index = unit.members[t];
        const kernel::LoadableTest& compiled = loaded->tests[t];
        Test& test = tests[index];
        const bool perpetual = !perpetual_code[index].empty();
        if (compiled.name != test.name || compiled.thread_count != test.threads.size() ||
            compiled.perpetual_count != (perpetual ? test.threads.size() : 0))
          throw LoadError(object->path().string() + " does not hold " + test.name +
                          " as this build generates it");
        auto owner = std::make_shared<OnDemandTest>();
        owner->file_name = fs::path(test.source_path).filename().string();
        owner->kernel_code = std::move(kernel_code[index]);
        owner->perpetual_code = std::move(perpetual_code[index]);
        owner->threads.assign(compiled.threads, compiled.threads + compiled.thread_count);
        if (perpetual)
          owner->perpetual.assign(compiled.perpetual,
                                  compiled.perpetual + compiled.perpetual_count);
        owner->object = object;
        owner->runnable.test = std::move(test);
        owner->runnable.build = {toolchain_.path, toolchain_.version, toolchain_.flags_text(),
                                 object->path().string(), hwcaps};
        kernel::TestKernels& kernels = owner->kernels;
        const std::string& source = owner->runnable.test.source_text;
        kernels.name = owner->runnable.test.name;
        kernels.file_name = owner->file_name;
        kernels.source = source;
        kernels.source_hash = kernel::fnv1a(source);
        kernels.kernel_hash = kernel::fnv1a(owner->kernel_code + owner->perpetual_code);
        kernels.kernel_code = owner->kernel_code;
        kernels.threads = owner->threads;
        kernels.perpetual = owner->perpetual;
        kernels.perpetual_code = owner->perpetual_code;
        owner->runnable.kernels = &owner->kernels;
        results[index] = std::shared_ptr<const catalogue::RunnableTest>(owner, &owner->runnable);
      }
    } catch (const LoadError& error) {
      for (std::size_t index : unit.members)
        if (!results[index]) fail(index, tests[index].source_path + ": error: " + error.what());
    }
  }

  std::vector<BuiltTest> out;
  for (std::optional<BuiltTest>& result : results) out.push_back(std::move(*result));
  return out;
}

}  // namespace litmuslab::ondemand
