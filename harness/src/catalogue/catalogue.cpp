#include "litmuslab/catalogue.hpp"

#include <fnmatch.h>

#include "litmuslab/machine_code.hpp"
#include "litmuslab/parse.hpp"

namespace litmuslab::catalogue {

kernel::KernelBuild built_in_kernel_build() {
  const kernel::BuildToolchain& build = kernel::build_toolchain();
  return {std::string(build.cxx), std::string(build.cxx_version),
          std::string(build.catalogue_flags), "", kernel::kernel_required_hwcaps()};
}

Catalogue::Catalogue() {
  const kernel::KernelBuild build = built_in_kernel_build();
  for (const kernel::TestKernels& compiled : kernel::compiled_catalogue()) {
    // The generator parsed these same bytes at build time, so this cannot fail.
    Test test = format::parse_test(compiled.source, compiled.file_name);
    tests_.push_back({std::move(test), &compiled, build});
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

}  // namespace litmuslab::catalogue
