// The kernel ABI headers (include/litmuslab/kernel*.hpp) as text, so a
// unit compiled on demand carries them inline and needs no include path.
#pragma once

#include <span>
#include <string_view>

namespace litmuslab::codegen {

struct EmbeddedHeader {
  std::string_view name;  // "litmuslab/kernel.hpp", as an #include spells it
  std::string_view text;
};

// Defined by embedded_headers.cpp, which CMake writes at configure time.
std::span<const EmbeddedHeader> embedded_headers();

}  // namespace litmuslab::codegen
