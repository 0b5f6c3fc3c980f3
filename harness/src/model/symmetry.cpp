#include "symmetry.hpp"

#include <algorithm>
#include <optional>

namespace litmuslab::model {

namespace {

bool same_expr(const Expr& a, const Expr& b) {
  if (a.op != b.op || a.value != b.value || a.index != b.index ||
      a.operands.size() != b.operands.size())
    return false;
  for (std::size_t i = 0; i < a.operands.size(); ++i)
    if (!same_expr(a.operands[i], b.operands[i])) return false;
  return true;
}

bool same_optional_expr(const std::optional<Expr>& a, const std::optional<Expr>& b) {
  return a.has_value() == b.has_value() && (!a || same_expr(*a, *b));
}

class CodeComparison {
 public:
  explicit CodeComparison(const Test& test)
      : test_(test), cell_of_a_(test.locations.size(), -1), cell_of_b_(test.locations.size(), -1) {}

  bool same_body(const std::vector<Statement>& a, const std::vector<Statement>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same_statement(a[i], b[i])) return false;
    return true;
  }

 private:
  // Two private CAS cells play the same part when they start equal and the
  // pairing stays one to one.
  bool same_cell(int a, int b) {
    if (a == b) return true;
    if (a < 0 || b < 0) return false;
    const Location &la = test_.locations[static_cast<std::size_t>(a)],
                   &lb = test_.locations[static_cast<std::size_t>(b)];
    if (!la.thread_local_cell || !lb.thread_local_cell || la.initial != lb.initial) return false;
    int& to_b = cell_of_a_[static_cast<std::size_t>(a)];
    int& to_a = cell_of_b_[static_cast<std::size_t>(b)];
    if ((to_b >= 0 && to_b != b) || (to_a >= 0 && to_a != a)) return false;
    to_b = b;
    to_a = a;
    return true;
  }

  bool same_statement(const Statement& a, const Statement& b) {
    if (a.kind != b.kind) return false;
    if (a.kind == Statement::Kind::branch)
      return same_expr(a.condition, b.condition) && same_body(a.then_body, b.then_body) &&
             same_body(a.else_body, b.else_body);
    const Operation &x = a.op, &y = b.op;
    return same_cell(x.expected_location, y.expected_location) && x.kind == y.kind &&
           x.order == y.order && x.failure_order == y.failure_order && x.atomic == y.atomic &&
           x.weak == y.weak && x.address.location == y.address.location &&
           x.address.pointer_register == y.address.pointer_register &&
           same_optional_expr(x.address.offset, y.address.offset) &&
           x.dest_register == y.dest_register && same_expr(x.value, y.value);
  }

  const Test& test_;
  std::vector<int> cell_of_a_, cell_of_b_;
};

// Does some key of the final state (or of the filter) read this thread?
bool observed(const Test& test, const Thread& thread) {
  std::vector<bool> cells(test.locations.size(), false);
  for (const Operation* op : operations_of(thread))
    if (op->expected_location >= 0) cells[static_cast<std::size_t>(op->expected_location)] = true;
  for (const auto* keys : {&test.observed, &test.filter_keys})
    for (const StateKey& key : *keys) {
      if (key.kind == StateKey::Kind::reg && key.thread == thread.index) return true;
      if (key.kind == StateKey::Kind::loc && cells[static_cast<std::size_t>(key.index)])
        return true;
    }
  return false;
}

}  // namespace

std::vector<int> interchangeable_threads(const Test& test) {
  const std::size_t n = test.threads.size();
  std::vector<int> previous(n, -1);

  std::vector<bool> free(n);
  for (std::size_t t = 0; t < n; ++t) free[t] = !observed(test, test.threads[t]);
  for (std::size_t t = 0; t < n; ++t) {
    if (!free[t]) continue;
    for (std::size_t u = t; u-- > 0;) {
      const Thread &a = test.threads[u], &b = test.threads[t];
      if (free[u] && a.registers.size() == b.registers.size() &&
          CodeComparison(test).same_body(a.body, b.body)) {
        previous[t] = static_cast<int>(u);
        break;
      }
    }
  }
  return previous;
}

}  // namespace litmuslab::model
