// Tokens of herd7's C litmus dialect. Private to the format layer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "litmuslab/test.hpp"

namespace litmuslab::format {

enum class TokenKind { end, identifier, integer, string, punct };

struct Token {
  TokenKind kind = TokenKind::end;
  std::string_view text;  // the bytes as written (for string: without quotes)
  SourcePos pos;
  std::size_t offset = 0;  // byte offset of the first byte in the source
  std::size_t end = 0;     // byte offset one past the last byte
  // integer only: the value, saturated at INT64_MAX so huge literals stay
  // detectable. Decimal or hexadecimal (0x...).
  int64_t number = 0;

  bool is(std::string_view punct_or_word) const {
    return (kind == TokenKind::punct || kind == TokenKind::identifier) && text == punct_or_word;
  }
};

// A skipped `(* ... *)` comment, kept because the one after the header is
// the test's comment.
struct MlComment {
  std::string_view text;  // between the delimiters, untrimmed
  std::size_t offset = 0;
};

// A `Key=value` line of the header (Cycle=..., Generator=...).
struct MetadataLine {
  std::string_view key;
  std::string_view value;  // the rest of the line, trimmed
  SourcePos pos;
};

// A lazy lexer with up to two tokens of lookahead. It never reads past the
// first bad byte, so garbage input fails at its first token.
class Lexer {
 public:
  Lexer(std::string_view source, std::string_view path);

  // The reference stays valid until next() consumes that token.
  const Token& peek(std::size_t ahead = 0);
  Token next();
  // Reads a test name (letters, digits, + . - _) on the current line. Call
  // only with no token buffered, right after the `C` of the header.
  Token test_name();
  // Reads a `Key=value` line if one comes next (comments may precede it);
  // buffered tokens are read again afterwards.
  std::optional<MetadataLine> metadata_line();

  // Inside thread bodies `(*x` and `(*(` are parenthesised dereferences, as
  // in `(*x == 1)`, not comments; `(* text *)` still is one.
  void set_in_code(bool in_code) { in_code_ = in_code; }

  const std::vector<MlComment>& ml_comments() const { return ml_comments_; }

  [[noreturn]] void fail(SourcePos pos, std::string message) const;

 private:
  Token lex();
  void skip_space_and_comments();
  void skip_ml_comment(SourcePos start_pos, std::size_t start);
  void advance(std::size_t count);
  SourcePos here() const { return {line_, column_}; }

  std::string_view source_;
  std::string_view path_;
  std::size_t offset_ = 0;
  int line_ = 1;
  int column_ = 1;
  bool in_code_ = false;
  // A deque, so the reference peek() returns survives a deeper peek: the
  // parser holds peek() and then looks one token further.
  std::deque<Token> buffer_;
  std::vector<MlComment> ml_comments_;
};

// `'a'` for printable ASCII, `'\xff'` otherwise, for messages.
std::string quote_char(unsigned char c);
// `'text'`, with unprintable bytes escaped and long text shortened.
std::string quote_token(const Token& token);

}  // namespace litmuslab::format
