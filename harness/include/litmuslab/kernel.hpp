// The ABI between generated kernels (codegen, at build time) and the
// runner: one plain function per test thread that runs a whole batch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

// What generated kernels call (wrapping arithmetic, opaque values, spinlocks).
#include "litmuslab/kernel_ops.hpp"

namespace litmuslab::kernel {

// Where one batch lives. Location `l` of instance `i` is at
// base + i * stride + location_offset[l]; layouts differ only in these numbers.
struct KernelArgs {
  std::byte* base = nullptr;
  std::ptrdiff_t stride = 0;
  const std::ptrdiff_t* location_offset = nullptr;  // one per Test::locations entry
  std::size_t count = 0;                            // instances in this batch
  std::int32_t* registers = nullptr;  // count * Thread::registers.size(), instance-major
};

// The loop over instances lives inside the function, so there is no
// indirect call per instance.
using ThreadKernel = void (*)(const KernelArgs&);

// Perpetual mode: one chunk of a thread's iterations, with no barrier inside.
// Lane `l`'s location `loc` is at base + l * stride + location_offset[loc]. In
// iteration k (1..iterations) the thread runs its code once in every lane,
// each store writing k, and logs what each load saw at
// log[(l * loads + slot) * iterations + (k - 1)], where slot numbers the
// thread's loads in program order: one array per lane and load, so counting
// reads each in order.
struct PerpetualArgs {
  std::byte* base = nullptr;
  std::ptrdiff_t stride = 0;
  const std::ptrdiff_t* location_offset = nullptr;
  std::size_t lanes = 1;
  std::int32_t iterations = 0;
  std::int32_t* log = nullptr;
};

using PerpetualKernel = void (*)(const PerpetualArgs&);

// The kernels of one test as the build compiled them, with the text they came from.
struct TestKernels {
  std::string_view name;         // "SB+rlx"
  std::string_view file_name;    // "SB+rlx.litmus", relative to the catalogue folder
  std::string_view source;       // the litmus file, byte for byte
  std::uint64_t source_hash;     // FNV-1a of source, to recognise the file elsewhere
  std::uint64_t kernel_hash;     // FNV-1a of kernel_code followed by perpetual_code
  std::string_view kernel_code;  // the generated C++ of this test, for `show`
  std::span<const ThreadKernel> threads;
  // One per thread when the test can run perpetually (kernel::analyse_perpetual); else empty.
  std::span<const PerpetualKernel> perpetual;
  std::string_view perpetual_code;  // the generated C++ of `perpetual`, for `show`; may be empty
};

// Every test in litmus/, sorted by name. Defined by the generated code.
std::span<const TestKernels> compiled_catalogue();

// ---------------------------------------------------------------- compiled on demand

// What a shared object compiled on demand (codegen::loadable_unit) exports:
// plain C types only, so an object built by another compiler, or against
// another standard library, reads the same as this binary's code.
inline constexpr std::uint32_t kLoadableAbiVersion = 1;

struct LoadableTest {
  const char* name;  // Test::name
  const ThreadKernel* threads;
  std::size_t thread_count;
  const PerpetualKernel* perpetual;  // null when kernel::analyse_perpetual refuses the test
  std::size_t perpetual_count;
};

struct LoadableUnit {
  std::uint32_t abi_version;  // kLoadableAbiVersion
  std::size_t test_count;
  const LoadableTest* tests;
  // HWCAP names the object's instructions need (as kernel_required_hwcaps()),
  // ending with a null pointer.
  const char* const* required_hwcaps;
};

// The one function such an object exports, with C linkage.
inline constexpr const char* kLoadableEntryPoint = "litmuslab_loadable_unit";
using LoadableEntry = const LoadableUnit* (*)();

// FNV-1a, 64 bit: the hash behind source_hash and kernel_hash.
constexpr std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

}  // namespace litmuslab::kernel
