// Quoting arbitrary text as a C++ string literal for generated sources.
#pragma once

#include <string>
#include <string_view>

namespace litmuslab::codegen {

// A C++ raw string cannot hold every byte sequence, so this quotes byte by
// byte, splitting the literal after each newline to keep lines short.
std::string string_literal(std::string_view text);

}  // namespace litmuslab::codegen
