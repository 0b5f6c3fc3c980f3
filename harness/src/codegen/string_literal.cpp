#include "string_literal.hpp"

#include <iomanip>
#include <sstream>

namespace litmuslab::codegen {

std::string string_literal(std::string_view text) {
  std::ostringstream out;
  out << '"';
  for (unsigned char c : text) {
    if (c == '\\' || c == '"') {
      out << '\\' << c;
    } else if (c == '\n') {
      out << "\\n\"\n    \"";
    } else if (c >= 0x20 && c < 0x7f && c != '?') {  // '?' avoids trigraph warnings
      out << c;
    } else {
      out << "\\" << std::oct << std::setw(3) << std::setfill('0') << static_cast<int>(c)
          << std::dec;
    }
  }
  out << '"';
  return out.str();
}

}  // namespace litmuslab::codegen
