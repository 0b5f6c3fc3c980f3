// The recursive-descent parser behind parse_test. Private to the format layer;
// its parts live in parser.cpp (header, threads, parameters), init_block.cpp,
// locations.cpp (location facts and checks), statements.cpp, calls.cpp
// (atomic calls and spinlocks), expressions.cpp's parser half in
// expression_parser.cpp, and condition.cpp.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "lexer.hpp"
#include "litmuslab/test.hpp"

namespace litmuslab::format {

// Parentheses, negations, unary operators and nested if/else or blocks may
// nest this deep and no deeper, so garbage like 10000 '(' cannot exhaust the
// stack.
inline constexpr int kMaxNesting = 200;
// Long /\ or \/ chains build deep trees too; real conditions stay far below this.
inline constexpr int kMaxConditionConnectives = 4000;
// The same for the binary operators of one expression.
inline constexpr int kMaxExpressionOperators = 4000;

// What a location is, as its declarations say.
struct LocationFacts {
  bool initialised = false;
  bool declared_by_thread = false;  // a parameter of some thread
  // Set by the first declaration that says what the location holds (a typed
  // init entry, a pointer value, or a parameter); later ones must agree.
  bool type_known = false;
  SourcePos type_pos;
  std::string type_text;  // "int*", "int**", "spinlock_t*", ... for messages
  // The location whose address it starts with (a pointer's initial value),
  // checked once every declaration is known; -1 for none.
  int initial_target = -1;
  SourcePos initial_pos;
};

class Parser {
 public:
  Parser(std::string_view text, std::string_view path);
  Test parse();

 private:
  // What a thread body may name: its parameters and the registers it has declared.
  struct ThreadScope {
    Thread* thread = nullptr;
    std::unordered_map<std::string_view, int> parameters;  // name -> provisional location id
    std::unordered_map<std::string_view, int> registers;   // name -> register index
    Token open_brace;
    // Blocks and branches nest as frames; a register declared in a frame
    // that has closed may be declared again (C's block scope).
    std::vector<int> frames;  // open frames, innermost last
    int next_frame = 0;
    std::set<int> closed_frames;
    std::vector<int> register_frame;  // per register: the frame of its declaration
  };
  // What the order of an operation may be, by the operation's role.
  enum class OrderRole { store, load, rmw, cas_failure, fence };
  // A declared type: `int`, `int*`, `atomic_int**`, `spinlock_t*`, ...
  struct DeclaredType {
    enum class Base { integer, atomic_integer, spinlock };
    Base base = Base::integer;
    int stars = 0;
    std::string text;  // as a message names it, e.g. "atomic_int*"
    SourcePos pos;
  };

  // parser.cpp
  void parse_header();
  void parse_threads();
  void parse_parameters(Thread& thread, ThreadScope& scope);
  std::optional<DeclaredType> parse_type(std::string_view what);
  void declare_location_type(int id, ValueType type, bool lock, const std::string& text,
                             SourcePos pos);

  // init_block.cpp
  void parse_init();
  void parse_init_entry();
  std::int32_t parse_int_value(std::string_view what);

  // locations.cpp
  int location_id(std::string_view name, SourcePos pos);
  void resolve_pointer_targets();
  void check_compare_exchange_cells();
  void sort_locations();

  // statements.cpp
  void parse_body(ThreadScope& scope);
  void open_frame(ThreadScope& scope);
  void close_frame(ThreadScope& scope);
  void parse_statement(std::vector<Statement>& body, ThreadScope& scope, int depth);
  void parse_if(std::vector<Statement>& body, ThreadScope& scope, int depth);
  void parse_branch_body(std::vector<Statement>& body, ThreadScope& scope, int depth);
  void parse_declaration(std::vector<Statement>& body, ThreadScope& scope);
  void parse_assignment_source(std::vector<Statement>& body, ThreadScope& scope, int dest,
                               SourcePos pos);
  void parse_plain_store(std::vector<Statement>& body, ThreadScope& scope);
  Address parse_dereference(ThreadScope& scope);
  int declare_register(ThreadScope& scope, const Token& name, ValueType type);
  void expect_statement_end(std::string_view after);
  [[noreturn]] void fail_statement(const Token& token);

  // calls.cpp
  void parse_call(std::vector<Statement>& body, ThreadScope& scope, int dest, SourcePos pos);
  Address parse_address_argument(ThreadScope& scope, std::string_view function);
  int parse_expected_argument(ThreadScope& scope, std::string_view function);
  MemoryOrder parse_order(OrderRole role, std::string_view function);
  void expect_argument_separator(const Token& function, int expected_count);

  // expression_parser.cpp: expressions and their types
  Expr parse_expression(ThreadScope& scope, int depth);
  Expr parse_binary(ThreadScope& scope, int level, int depth);
  Expr parse_unary_expression(ThreadScope& scope, int depth);
  Expr parse_primary(ThreadScope& scope, int depth);
  ValueType type_of(const Expr& expr, const ThreadScope& scope) const;
  void require_type(const Expr& expr, ValueType type, const ThreadScope& scope,
                    std::string_view what) const;
  Address to_address(const Expr& expr, const ThreadScope& scope) const;
  ValueType pointee_type(const Address& address) const;
  std::string describe(const Expr& expr, const ThreadScope& scope) const;

  // condition.cpp
  void parse_final_condition();
  void parse_locations_clause();
  void parse_filter();
  Proposition parse_disjunction(int depth);
  Proposition parse_conjunction(int depth);
  Proposition parse_implication(int depth);
  Proposition parse_unary(int depth);
  Proposition parse_atom();
  void count_connective(const Token& op);
  StateKey parse_state_key();
  void add_observed(const StateKey& key);
  void sort_keys(std::vector<StateKey>& keys);

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
  std::unordered_map<std::string, int> location_ids_;                    // name -> provisional id
  std::vector<LocationFacts> facts_;                                     // per provisional id
  std::vector<std::unordered_map<std::string_view, int>> register_ids_;  // per thread
  // Where each compare-exchange's expected argument is, per thread, in text order.
  std::vector<std::vector<SourcePos>> expected_pos_;
  std::set<std::tuple<int, int, int>> observed_set_;  // (kind, thread, index) already observed
  std::vector<StateKey> filter_keys_;                 // every key the filter names
  int connectives_ = 0;
  int expression_operators_ = 0;
};

// Is `word` a C keyword for control flow (if, while, ...)?
bool is_control_flow_keyword(std::string_view word);

}  // namespace litmuslab::format
