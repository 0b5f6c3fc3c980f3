// Malformed input: every kind of error, its exact position and message, and
// inputs built to be large or hostile. The fixture files double as a fuzzing
// seed corpus.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>

#include "litmuslab/parse.hpp"

namespace fs = std::filesystem;
using litmuslab::SourcePos;
using litmuslab::format::parse_file;
using litmuslab::format::parse_test;
using litmuslab::format::ParseError;
using litmuslab::format::ParseFailure;

namespace {

const fs::path kMalformedDir = fs::path(LITMUSLAB_TEST_FIXTURES) / "malformed";

struct ExpectedError {
  int line;
  int column;
  const char* message_part;
};

// One entry per file in fixtures/malformed: where the first error is and
// what its message must say.
const std::map<std::string, ExpectedError>& expected_errors() {
  static const std::map<std::string, ExpectedError> table = {
      {"aarch64_arch", {1, 1, "unsupported: only C litmus tests are supported (found 'AArch64')"}},
      {"atomic_long_param", {4, 5, "unsupported: parameter type 'atomic_long*'"}},
      {"bare_location",
       {6, 12,
        "must be an int, but 'y' (the address of location y) is a pointer (herd7 reads it as "
        "'*y')"}},
      {"binary_garbage", {1, 1, "unexpected character '\\x00'"}},
      {"cas_failure_release", {5, 83, "'memory_order_release' is invalid for"}},
      {"consume", {6, 36, "use memory_order_acquire"}},
      {"deep_parens", {14, 209, "condition nested too deeply (more than 200 levels)"}},
      {"duplicate_init", {2, 17, "location 'x' is initialised twice"}},
      {"duplicate_thread", {9, 1, "duplicate thread P0"}},
      {"empty_file", {1, 1, "empty file: expected 'C NAME' header"}},
      {"fence_relaxed", {6, 23, "a relaxed fence does nothing"}},
      {"gcc_sync_builtin", {5, 3, "unsupported: '__sync_fetch_and_add'"}},
      {"init_out_of_range", {2, 7, "-2147483649 does not fit in a 32-bit int"}},
      {"invalid_utf8", {3, 1, "unexpected character '\\xff'"}},
      {"label_goto", {5, 1, "unsupported: 'L0': labels and goto"}},
      {"load_release", {6, 36, "a load may be relaxed, acquire or seq_cst"}},
      {"malformed_condition", {14, 14, "expected an integer value after '=', found ')'"}},
      {"missing_condition", {14, 1, "missing final condition (exists, ~exists or forall)"}},
      {"missing_init_block", {3, 1, "expected '{' to start the init block"}},
      {"missing_semicolon", {6, 3, "expected ';' after the statement"}},
      {"no_threads", {3, 1, "expected a thread"}},
      {"non_c_arch", {1, 1, "unsupported: only C litmus tests are supported (found 'X86')"}},
      {"read_once", {6, 12, "unsupported: 'READ_ONCE': Linux-kernel primitives"}},
      {"register_never_set", {14, 9, "register r9 of thread 0 is not declared"}},
      {"register_redeclared", {7, 7, "register 'r0' is already declared in P0"}},
      {"shared_cas_expected",
       {9, 55,
        "unsupported: compare-exchange expected location 'e' must be private to one thread"}},
      {"smp_mb", {6, 3, "unsupported: 'smp_mb': Linux-kernel primitives"}},
      {"spin_lock", {5, 13, "'spin_lock' takes a spinlock_t* parameter, and 'x' is not one"}},
      {"store_acquire", {5, 31, "a store may be relaxed, release or seq_cst"}},
      {"store_into_register", {5, 12, "cannot set a register"}},
      {"thread_gap", {9, 1, "thread P1 is missing (found P2"}},
      {"too_few_arguments", {5, 29, "too few arguments to 'atomic_store_explicit' (it takes 3)"}},
      {"trailing_garbage", {15, 1, "after the final condition, found 'bogus'"}},
      {"unbalanced_brace", {8, 1, "missing '}' to close the body of P0 (opened at 4:35)"}},
      {"unbalanced_call_paren", {5, 51, "expected ')' to close the call"}},
      {"unbalanced_paren", {15, 1, "expected ')' to close '(' at 14:8, found end of file"}},
      {"undeclared_location", {5, 25, "undeclared register or location 'z' in P0"}},
      {"undeclared_register_assignment", {6, 3, "assigned before it is declared"}},
      {"unexpected_character", {5, 54, "unexpected character '@'"}},
      {"unknown_function", {5, 3, "unsupported: 'do_something'"}},
      {"unknown_location_in_condition", {14, 19, "unknown location 'z' in the condition"}},
      {"unknown_order", {5, 31, "unknown memory order 'memory_order_weird' (valid orders:"}},
      {"unknown_thread_in_condition", {14, 19, "unknown thread 2 in the condition"}},
      {"unterminated_c_comment", {14, 1, "unterminated comment: '/*'"}},
      {"unterminated_comment", {2, 1, "unterminated comment: '(*'"}},
      {"unterminated_string", {1, 5, "unterminated string"}},
      {"value_out_of_range", {5, 28, "2147483648 does not fit in a 32-bit int"}},
      {"c11_mutex", {4, 3, "unsupported: 'mtx_lock': C11 mutexes are outside the dialect"}},
      {"cas_on_pointer", {4, 43, "unsupported: compare-exchange on a pointer location"}},
      {"cast", {5, 13, "unsupported: casts"}},
      {"compare_two_keys", {9, 14, "unsupported: comparing two keys (0:r0 = 1:...)"}},
      {"compound_assignment", {5, 6, "unsupported: '+=': write 'r = r + 1;' instead"}},
      {"division", {5, 31, "unsupported: operator '/'"}},
      {"double_dereference", {4, 13, "unsupported: a double dereference"}},
      {"else_without_if", {5, 3, "'else' without a matching 'if'"}},
      {"fetch_add_on_pointer",
       {4, 29, "unsupported: 'atomic_fetch_add_explicit' on a pointer location"}},
      {"integer_as_pointer",
       {4, 13, "the value of register 'r0' must be a pointer, but '1' is an int"}},
      {"integer_key_pointer_value", {6, 14, "0:r0 holds an int: compare it with an integer"}},
      {"load_in_condition",
       {5, 7, "unsupported: a call inside an expression ('atomic_load_explicit(...)')"}},
      {"load_inside_expression", {6, 58, "unsupported: a memory access inside an expression"}},
      {"location_type_conflict",
       {6, 5, "location 'x' is an int (int* at 3:5) but is declared here as a pointer (int**)"}},
      {"loop_while", {5, 3, "unsupported: 'while': loops are outside the dialect"}},
      {"null_pointer_init", {2, 15, "unsupported: pointer 'p' has no initial location"}},
      {"pointer_arithmetic_value",
       {4, 28, "'x' (the address of location x) is a pointer, and '+' takes ints"}},
      {"pointer_as_integer",
       {4, 12,
        "register 'r0' is an int but 'atomic_load_explicit' gives an int* (declare 'int* r0')"}},
      {"register_init_value", {2, 10, "unsupported: initial register values ('0:...')"}},
      {"register_type_mismatch", {4, 38, "register 'r0' is declared int* here but int at 4:16"}},
      {"spinlock_load",
       {5, 33, "'l' is a spinlock: only spin_lock, spin_unlock and spin_trylock use it"}},
      {"subscript", {4, 13, "unsupported: subscripts ('x[...]') are not in herd7's C dialect"}},
      {"unsupported_type_long", {4, 3, "unsupported: register type 'long'"}},
      {"utf8_bom", {1, 1, "UTF-8 byte-order mark"}},
      {"with_clause", {7, 1, "unsupported: 'with' clauses"}},
      {"whitespace_only", {1, 1, "empty file: expected 'C NAME' header"}},
  };
  return table;
}

// Parses text that must fail; returns the error (or fails the test).
ParseError expect_failure(std::string_view text, std::string_view path = "input.litmus") {
  try {
    parse_test(text, path);
  } catch (const ParseFailure& failure) {
    return failure.error();
  }
  ADD_FAILURE() << "parsed without error";
  return {};
}

const std::string kValidTest =
    "C SB+rlx\n{ [x]=0; [y]=0; }\n"
    "P0 (atomic_int* x, atomic_int* y) {\n"
    "  atomic_store_explicit(x, 1, memory_order_relaxed);\n"
    "  int r0 = atomic_load_explicit(y, memory_order_relaxed);\n}\n"
    "P1 (atomic_int* x, atomic_int* y) {\n"
    "  atomic_store_explicit(y, 1, memory_order_relaxed);\n"
    "  int r0 = atomic_load_explicit(x, memory_order_relaxed);\n}\n"
    "exists (0:r0=0 /\\ 1:r0=0)\n";

}  // namespace

class FormatMalformedFixture : public testing::TestWithParam<std::string> {};

TEST_P(FormatMalformedFixture, FailsAtTheRightPlaceWithTheRightMessage) {
  const std::string name = GetParam();
  const ExpectedError& expected = expected_errors().at(name);
  const fs::path path = kMalformedDir / (name + ".litmus");
  ASSERT_TRUE(fs::exists(path)) << path;
  try {
    parse_file(path);
    FAIL() << name << " parsed without error";
  } catch (const ParseFailure& failure) {
    const ParseError& error = failure.error();
    EXPECT_EQ(error.path, path.string());
    EXPECT_EQ(error.pos, (SourcePos{expected.line, expected.column})) << error.to_string();
    EXPECT_NE(error.message.find(expected.message_part), std::string::npos) << error.to_string();
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FormatMalformedFixture, testing::ValuesIn([] {
                           std::vector<std::string> names;
                           for (const auto& [name, error] : expected_errors())
                             names.push_back(name);
                           return names;
                         }()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST(FormatMalformedFolder, EveryFileFailsCleanlyAndIsPinnedDown) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(kMalformedDir)) {
    ++files;
    const std::string name = entry.path().stem().string();
    EXPECT_TRUE(expected_errors().count(name)) << name << " has no expected error in the table";
    EXPECT_THROW(parse_file(entry.path()), ParseFailure) << name;
  }
  EXPECT_EQ(files, static_cast<int>(expected_errors().size()));
  EXPECT_GE(files, 25);
}

TEST(FormatMalformed, ErrorPrintsAsFileLineColumn) {
  const ParseError error = expect_failure("", "dir/a.litmus");
  EXPECT_EQ(error.to_string(), "dir/a.litmus:1:1: error: empty file: expected 'C NAME' header");
}

TEST(FormatMalformed, UnreadableFileFailsAtZeroZero) {
  try {
    parse_file(kMalformedDir / "no-such-file.litmus");
    FAIL();
  } catch (const ParseFailure& failure) {
    EXPECT_EQ(failure.error().pos, (SourcePos{0, 0}));
    EXPECT_NE(failure.error().message.find("cannot read file"), std::string::npos);
  }
  EXPECT_THROW(parse_file(kMalformedDir), ParseFailure);
}

TEST(FormatMalformed, EveryPrefixOfAValidTestParsesOrFailsCleanly) {
  for (std::size_t length = 0; length < kValidTest.size(); ++length) {
    try {
      parse_test(std::string_view(kValidTest).substr(0, length), "prefix");
    } catch (const ParseFailure&) {
    }
  }
  EXPECT_NO_THROW(parse_test(kValidTest, "whole"));
}

TEST(FormatMalformed, RandomByteMutationsParseOrFailCleanly) {
  std::mt19937 random(12345);
  for (int round = 0; round < 3000; ++round) {
    std::string text = kValidTest;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e)
      text[random() % text.size()] = static_cast<char>(random() % 256);
    try {
      parse_test(text, "mutant");
    } catch (const ParseFailure& failure) {
      EXPECT_GE(failure.error().pos.line, 1);
      EXPECT_GE(failure.error().pos.column, 1);
    }
  }
}

TEST(FormatMalformed, HugeValidBodyParses) {
  std::string text = "C Big\n{ x=0; }\nP0 (atomic_int* x) {\n";
  for (int i = 0; text.size() < 5'000'000; ++i)
    text += "  int r" + std::to_string(i) +
            " = atomic_fetch_add_explicit(x, 1, memory_order_relaxed);\n";
  text += "}\nexists (0:r0=0)\n";
  const litmuslab::Test parsed = parse_test(text, "big");
  EXPECT_GT(operations_of(parsed.threads.at(0)).size(), 50'000u);
}

TEST(FormatMalformed, HugeJunkFailsCleanly) {
  std::string junk;
  for (int i = 0; junk.size() < 5'000'000; ++i) junk += "garbage ( ] ;; {{ ";
  expect_failure(junk);
  // 10 MB of all byte values, and junk after a valid header.
  std::string binary(10'000'000, '\0');
  for (std::size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>((i * 131) % 256);
  expect_failure(binary);
  expect_failure("C T\n{}\n" + junk);
}

TEST(FormatMalformed, HugeUnterminatedCommentFails) {
  const std::string text = "C T\n(* " + std::string(5'000'000, 'a');
  const ParseError error = expect_failure(text);
  EXPECT_EQ(error.pos, (SourcePos{2, 1}));
}

TEST(FormatMalformed, TwoHundredLevelsParseAndTwoHundredOneDoNot) {
  // The limit and its message agree: "more than 200 levels" fails at 201.
  const std::string head = kValidTest.substr(0, kValidTest.find("exists"));
  const auto nested = [&](int levels) {
    return head + "exists " + std::string(static_cast<std::size_t>(levels), '(') + "0:r0=0" +
           std::string(static_cast<std::size_t>(levels), ')');
  };
  EXPECT_NO_THROW(parse_test(nested(200), "ok"));
  const ParseError error = expect_failure(nested(201));
  EXPECT_EQ(error.message, "condition nested too deeply (more than 200 levels)");
  EXPECT_EQ(error.pos, (SourcePos{11, 209}));
  EXPECT_NO_THROW(parse_test(head + "exists " + std::string(200, '~') + "0:r0=0", "ok"));
  EXPECT_THROW(parse_test(head + "exists " + std::string(201, '~') + "0:r0=0", "no"), ParseFailure);
}

TEST(FormatMalformed, DeepNegationIsCappedLikeParentheses) {
  std::string text = kValidTest.substr(0, kValidTest.find("exists"));
  const ParseError error = expect_failure(text + "exists " + std::string(10000, '~') + "0:r0=0");
  EXPECT_NE(error.message.find("nested too deeply"), std::string::npos);
}

TEST(FormatMalformed, OverlongConditionChainIsRejected) {
  const std::string head = kValidTest.substr(0, kValidTest.find("exists"));
  std::string chain = "exists (0:r0=0";
  for (int i = 0; i < 100'000; ++i) chain += " /\\ 0:r0=0";
  const ParseError error = expect_failure(head + chain + ")");
  EXPECT_NE(error.message.find("condition too long"), std::string::npos);
  std::string fine = "exists (0:r0=0";
  for (int i = 0; i < 1000; ++i) fine += " \\/ 1:r0=" + std::to_string(i);
  EXPECT_NO_THROW(parse_test(head + fine + ")", "ok"));
}
