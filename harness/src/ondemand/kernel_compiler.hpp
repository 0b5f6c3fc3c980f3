// Compile on demand: tests that are not compiled into this binary get their
// kernels written by codegen, compiled by a Toolchain into shared objects
// kept in a Cache, and loaded, so they run like catalogue tests.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "litmuslab/catalogue.hpp"
#include "litmuslab/test.hpp"
#include "ondemand/cache.hpp"
#include "ondemand/toolchain.hpp"

namespace litmuslab::ondemand {

// Why one test has no kernels: a line that says what and where, and the
// compiler's first lines when the compiler refused them.
struct BuildFailure {
  std::string message;
  std::string compiler_output;
};

// A test with kernels (it holds the object they live in), or why not.
using BuiltTest = std::variant<std::shared_ptr<const catalogue::RunnableTest>, BuildFailure>;

// What one build did, for the notes a front end prints and for speed figures.
struct BuildSummary {
  std::size_t units = 0;     // shared objects the tests were grouped into
  std::size_t compiled = 0;  // of those, compiled now (the others came from the cache)
  double compile_seconds = 0;
  std::vector<std::string> notes;  // a damaged cache entry that was rebuilt, and such
};

// How many compiler lines a failure keeps.
inline constexpr std::size_t kCompilerLinesKept = 6;

class KernelCompiler {
 public:
  // `jobs` compilers run at once; 0 means one per CPU this process may use.
  KernelCompiler(Toolchain toolchain, std::shared_ptr<const Cache> cache, unsigned jobs = 0);

  // One result per test, in order. The tests are grouped into at most
  // `jobs` shared objects (a test whose name another in its group has gets
  // one of its own), compiled in parallel unless the cache has them. A
  // group the compiler refuses is split by the lines its errors point at,
  // and the rest compiled again; errors outside any test fail the group.
  // `starting` (may be empty) hears a line before any compiler runs.
  std::vector<BuiltTest> build(std::vector<Test> tests, BuildSummary& summary,
                               const std::function<void(const std::string&)>& starting = {}) const;

  const Toolchain& toolchain() const { return toolchain_; }
  const Cache& cache() const { return *cache_; }

  // The cache key of a unit: SHA-256 of litmuslab's version, the compiler's
  // path, version and target, every flag, and the source (128 bits, in hex).
  std::string key(std::string_view source) const;

 private:
  Toolchain toolchain_;
  std::shared_ptr<const Cache> cache_;
  unsigned jobs_;
};

// How many CPUs this process may run on (at least 1).
unsigned usable_cpus();

}  // namespace litmuslab::ondemand
