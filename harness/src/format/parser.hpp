// The recursive-descent parser behind parse_test. Private to the format layer;
// its parts live in parser.cpp (header, init, threads), statements.cpp and
// condition.cpp.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "lexer.hpp"
#include "litmuslab/test.hpp"

namespace litmuslab::format {

// Deeper parentheses or negations in a condition are an error, so garbage
// like 10000 '(' cannot exhaust the stack.
inline constexpr int kMaxConditionDepth = 200;
// Long /\ or \/ chains build deep trees too; real conditions stay far below this.
inline constexpr int kMaxConditionConnectives = 4000;

class Parser {
 public:
  Parser(std::string_view text, std::string_view path);
  Test parse();

 private:
  // What a thread body may name: its parameters and the registers it has declared.
  struct ThreadScope {
    std::unordered_map<std::string_view, int> parameters;  // name -> provisional location id
    std::unordered_map<std::string_view, int> registers;   // name -> register index
    Token open_brace;
  };
  // Where an operation's location arguments were written, for later checks.
  struct OperandPos {
    SourcePos location;
    SourcePos expected;
  };
  // What the order of an operation may be, by the operation's role.
  enum class OrderRole { store, load, rmw, cas_failure, fence };

  // parser.cpp
  void parse_header();
  void parse_init();
  void parse_init_entry();
  void parse_threads();
  void parse_parameters(Thread& thread, ThreadScope& scope);
  int location_id(std::string_view name, SourcePos pos);
  void sort_locations();
  void check_compare_exchange_cells();
  int32_t parse_int_value(std::string_view what);

  // statements.cpp
  void parse_body(Thread& thread, ThreadScope& scope);
  void parse_statement(Thread& thread, ThreadScope& scope);
  void parse_value_source(Thread& thread, ThreadScope& scope, int dest, SourcePos pos);
  void parse_call(Thread& thread, ThreadScope& scope, int dest, SourcePos pos);
  int parse_location_argument(const Thread& thread, const ThreadScope& scope, SourcePos& at);
  int32_t parse_constant_operand(std::string_view what);
  MemoryOrder parse_order(OrderRole role, std::string_view function);
  void expect_argument_separator(const Token& function, int expected_count);
  void expect_statement_end();
  int declare_register(Thread& thread, ThreadScope& scope, const Token& name);

  // condition.cpp
  void parse_final_condition();
  void parse_locations_clause();
  Proposition parse_disjunction(int depth);
  Proposition parse_conjunction(int depth);
  Proposition parse_unary(int depth);
  Proposition parse_atom();
  void count_connective(const Token& op);
  StateKey parse_state_key();
  void add_observed(const StateKey& key);
  void sort_observed();

  // Helpers shared by all parts.
  Token take();
  Token expect(std::string_view punct, std::string_view message);
  bool at(std::string_view punct_or_word, std::size_t ahead = 0);
  [[noreturn]] void fail(SourcePos pos, std::string message) const;
  [[noreturn]] void fail_unexpected(const Token& token, std::string_view expected) const;

  std::string_view text_;
  std::string_view path_;
  Lexer lexer_;
  Test test_;
  std::size_t last_token_end_ = 0;
  std::unordered_map<std::string, int> location_ids_;  // name -> provisional id
  std::vector<bool> location_initialised_;
  std::vector<bool> location_declared_;
  std::vector<std::vector<OperandPos>> operand_pos_;  // per thread, per operation
  std::vector<std::unordered_map<std::string_view, int>> register_ids_;  // per thread
  std::set<std::tuple<int, int, int>> observed_set_;  // (kind, thread, index) already observed
  int connectives_ = 0;
};

// Is `word` a C keyword for control flow (if, while, ...)?
bool is_control_flow_keyword(std::string_view word);

}  // namespace litmuslab::format
