// Compiled with the kernels' flags, so the predefined macros seen here
// describe the instructions the kernels may use.
#include "litmuslab/machine_code.hpp"

namespace litmuslab::run {

std::vector<std::string> kernel_required_hwcaps() {
  std::vector<std::string> needs;
#if defined(__aarch64__) && defined(__ARM_FEATURE_ATOMICS)
  needs.push_back("atomics");  // LSE: ldadd, swp, cas
#endif
  return needs;
}

}  // namespace litmuslab::run
