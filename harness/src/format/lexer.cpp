#include "lexer.hpp"

#include <algorithm>
#include <cstdio>

#include "litmuslab/parse.hpp"

namespace litmuslab::format {

namespace {

bool is_ident_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(unsigned char c) { return is_ident_start(c) || is_digit(c); }
// herd7's test names also take '/', '[' and ']' (splitter.mll's testname).
bool is_name_char(unsigned char c) {
  return is_ident_char(c) || c == '+' || c == '.' || c == '-' || c == '/' || c == '[' || c == ']';
}
bool is_hex_digit(unsigned char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// A metadata key, as herd7's splitter reads one: a letter, then letters,
// digits and _ / . -
bool is_key_char(unsigned char c) { return is_ident_char(c) || c == '/' || c == '.' || c == '-'; }

// Two-byte operators first, so `/\` is not read as `/` then `\`.
constexpr std::string_view kTwoBytePuncts[] = {"/\\", "\\/", "==", "!=", "&&", "||", "<<", ">>",
                                               "<=",  ">=",  "->", "++", "--", "=>", "+=", "-="};
constexpr std::string_view kOneBytePuncts = "{}()[];,*=:~+-/&|^!<>?.%";

}  // namespace

std::string quote_char(unsigned char c) {
  if (c >= 0x20 && c < 0x7f) {
    if (c == '\'' || c == '\\') return std::string("'\\") + static_cast<char>(c) + "'";
    return std::string("'") + static_cast<char>(c) + "'";
  }
  char buf[8];
  std::snprintf(buf, sizeof buf, "'\\x%02x'", static_cast<unsigned>(c));
  return buf;
}

std::string quote_token(const Token& token) {
  if (token.kind == TokenKind::end) return "end of file";
  std::string out = "'";
  std::size_t shown = 0;
  for (unsigned char c : token.text) {
    if (++shown > 40) {
      out += "...";
      break;
    }
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      std::string q = quote_char(c);
      out += q.substr(1, q.size() - 2);
    }
  }
  return out + "'";
}

Lexer::Lexer(std::string_view source, std::string_view path) : source_(source), path_(path) {}

void Lexer::fail(SourcePos pos, std::string message) const {
  throw ParseFailure(ParseError{std::string(path_), pos, std::move(message)});
}

void Lexer::advance(std::size_t count) {
  // Counts lines over the whole span at once: comments can be megabytes long.
  const std::size_t end = std::min(offset_ + count, source_.size());
  const std::string_view span = source_.substr(offset_, end - offset_);
  const std::size_t last_newline = span.rfind('\n');
  if (last_newline == std::string_view::npos) {
    column_ += static_cast<int>(span.size());
  } else {
    line_ += static_cast<int>(std::count(span.begin(), span.end(), '\n'));
    column_ = static_cast<int>(span.size() - last_newline);
  }
  offset_ = end;
}

void Lexer::skip_ml_comment(SourcePos start_pos, std::size_t start) {
  // herd7's (* ... *) comments nest, as in OCaml.
  int depth = 1;
  std::size_t scan = start + 2;
  while (true) {
    const std::size_t hit = source_.find_first_of("(*", scan);
    if (hit == std::string_view::npos || hit + 1 >= source_.size()) break;
    if (source_[hit] == '(' && source_[hit + 1] == '*') {
      ++depth;
      scan = hit + 2;
    } else if (source_[hit] == '*' && source_[hit + 1] == ')') {
      scan = hit + 2;
      if (--depth == 0) {
        ml_comments_.push_back({source_.substr(start + 2, scan - start - 4), start});
        advance(scan - offset_);
        return;
      }
    } else {
      scan = hit + 1;
    }
  }
  fail(start_pos, "unterminated comment: '(*' has no matching '*)'");
}

void Lexer::skip_space_and_comments() {
  while (offset_ < source_.size()) {
    const char c = source_[offset_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      advance(1);
    } else if (source_.compare(offset_, 2, "//") == 0) {
      while (offset_ < source_.size() && source_[offset_] != '\n') advance(1);
    } else if (source_.compare(offset_, 2, "/*") == 0) {
      const SourcePos start = here();
      const std::size_t close = source_.find("*/", offset_ + 2);
      if (close == std::string_view::npos)
        fail(start, "unterminated comment: '/*' has no matching '*/'");
      advance(close + 2 - offset_);
    } else if (source_.compare(offset_, 2, "(*") == 0 &&
               !(in_code_ && offset_ + 2 < source_.size() &&
                 (is_ident_start(static_cast<unsigned char>(source_[offset_ + 2])) ||
                  source_[offset_ + 2] == '('))) {
      skip_ml_comment(here(), offset_);
    } else {
      return;
    }
  }
}

Token Lexer::lex() {
  if (offset_ == 0 && source_.starts_with("\xef\xbb\xbf"))
    fail(here(),
         "the file starts with a UTF-8 byte-order mark, which herd7 does not read: save "
         "it without one");
  skip_space_and_comments();
  Token token;
  token.pos = here();
  token.offset = offset_;
  if (offset_ >= source_.size()) {
    token.end = offset_;
    return token;
  }
  const auto c = static_cast<unsigned char>(source_[offset_]);
  std::size_t length = 0;
  if (is_ident_start(c)) {
    token.kind = TokenKind::identifier;
    while (offset_ + length < source_.size() &&
           is_ident_char(static_cast<unsigned char>(source_[offset_ + length])))
      ++length;
  } else if (is_digit(c)) {
    token.kind = TokenKind::integer;
    // Decimal, or hexadecimal as herd7's init and conditions also take it.
    const bool hex = c == '0' && offset_ + 2 < source_.size() &&
                     (source_[offset_ + 1] == 'x' || source_[offset_ + 1] == 'X') &&
                     is_hex_digit(static_cast<unsigned char>(source_[offset_ + 2]));
    const int base = hex ? 16 : 10;
    length = hex ? 2 : 0;
    while (offset_ + length < source_.size()) {
      const auto d = static_cast<unsigned char>(source_[offset_ + length]);
      if (hex ? !is_hex_digit(d) : !is_digit(d)) break;
      const int digit = is_digit(d) ? d - '0' : (d | 0x20) - 'a' + 10;
      token.number =
          token.number > (INT64_MAX - digit) / base ? INT64_MAX : token.number * base + digit;
      ++length;
    }
    if (offset_ + length < source_.size() &&
        is_ident_char(static_cast<unsigned char>(source_[offset_ + length])))
      fail(token.pos,
           "malformed number: integer constants are decimal or hexadecimal (0x...) without a "
           "suffix");
  } else if (c == '"') {
    token.kind = TokenKind::string;
    const std::size_t close = source_.find_first_of("\"\n", offset_ + 1);
    if (close == std::string_view::npos || source_[close] != '"')
      fail(token.pos, "unterminated string: '\"' has no closing '\"' on its line");
    token.text = source_.substr(offset_ + 1, close - offset_ - 1);
    advance(close + 1 - offset_);
    token.end = offset_;
    return token;
  } else {
    token.kind = TokenKind::punct;
    for (std::string_view two : kTwoBytePuncts)
      if (source_.compare(offset_, 2, two) == 0) length = 2;
    if (length == 0 && kOneBytePuncts.find(static_cast<char>(c)) != std::string_view::npos)
      length = 1;
    if (length == 0) fail(token.pos, "unexpected character " + quote_char(c));
  }
  token.text = source_.substr(offset_, length);
  advance(length);
  token.end = offset_;
  return token;
}

const Token& Lexer::peek(std::size_t ahead) {
  while (buffer_.size() <= ahead) buffer_.push_back(lex());
  return buffer_[ahead];
}

Token Lexer::next() {
  peek();
  Token token = buffer_.front();
  buffer_.pop_front();
  return token;
}

std::optional<MetadataLine> Lexer::metadata_line() {
  if (!buffer_.empty()) {
    // Lex again from the first buffered token: a metadata value is raw text.
    offset_ = buffer_.front().offset;
    line_ = buffer_.front().pos.line;
    column_ = buffer_.front().pos.column;
    buffer_.clear();
  }
  skip_space_and_comments();
  std::size_t key_end = offset_;
  if (key_end >= source_.size() || !is_ident_start(static_cast<unsigned char>(source_[key_end])))
    return std::nullopt;
  while (key_end < source_.size() && is_key_char(static_cast<unsigned char>(source_[key_end])))
    ++key_end;
  std::size_t equals = key_end;
  while (equals < source_.size() && (source_[equals] == ' ' || source_[equals] == '\t')) ++equals;
  if (equals >= source_.size() || source_[equals] != '=') return std::nullopt;
  std::size_t line_end = source_.find('\n', equals);
  if (line_end == std::string_view::npos) line_end = source_.size();
  MetadataLine line;
  line.pos = here();
  line.key = source_.substr(offset_, key_end - offset_);
  std::string_view value = source_.substr(equals + 1, line_end - equals - 1);
  const auto first = value.find_first_not_of(" \t");
  const auto last = value.find_last_not_of(" \t\r");
  line.value =
      first == std::string_view::npos ? std::string_view{} : value.substr(first, last - first + 1);
  advance(line_end - offset_);
  return line;
}

Token Lexer::test_name() {
  while (offset_ < source_.size() && (source_[offset_] == ' ' || source_[offset_] == '\t'))
    advance(1);
  Token token;
  token.kind = TokenKind::identifier;
  token.pos = here();
  token.offset = offset_;
  std::size_t length = 0;
  while (offset_ + length < source_.size() &&
         is_name_char(static_cast<unsigned char>(source_[offset_ + length])))
    ++length;
  if (length == 0) fail(token.pos, "expected a test name after 'C' (letters, digits, + . - _)");
  token.text = source_.substr(offset_, length);
  advance(length);
  token.end = offset_;
  return token;
}

}  // namespace litmuslab::format
