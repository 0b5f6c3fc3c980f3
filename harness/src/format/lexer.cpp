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
bool is_name_char(unsigned char c) { return is_ident_char(c) || c == '+' || c == '.' || c == '-'; }

// Two-byte operators first, so `/\` is not read as `/` then `\`.
constexpr std::string_view kTwoBytePuncts[] = {"/\\", "\\/", "==", "!=", "&&", "||", "<<",
                                               ">>",  "<=",  ">=", "->", "++", "--"};
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
                 is_ident_start(static_cast<unsigned char>(source_[offset_ + 2])))) {
      skip_ml_comment(here(), offset_);
    } else {
      return;
    }
  }
}

Token Lexer::lex() {
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
    while (offset_ + length < source_.size() &&
           is_digit(static_cast<unsigned char>(source_[offset_ + length]))) {
      const int digit = source_[offset_ + length] - '0';
      token.number =
          token.number > (INT64_MAX - digit) / 10 ? INT64_MAX : token.number * 10 + digit;
      ++length;
    }
    if (offset_ + length < source_.size() &&
        is_ident_start(static_cast<unsigned char>(source_[offset_ + length])))
      fail(token.pos, "malformed number: only decimal integer constants are supported");
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
