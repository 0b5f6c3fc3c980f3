// The IR's names and small queries: orders, operation kinds, the operations
// of a thread, family names and the orders a test uses.
#include <algorithm>

#include "litmuslab/test.hpp"

namespace litmuslab {

const char* to_string(MemoryOrder order) {
  switch (order) {
    case MemoryOrder::relaxed:
      return "relaxed";
    case MemoryOrder::acquire:
      return "acquire";
    case MemoryOrder::release:
      return "release";
    case MemoryOrder::acq_rel:
      return "acq_rel";
    case MemoryOrder::seq_cst:
      return "seq_cst";
  }
  return "?";
}

const char* cpp_spelling(MemoryOrder order) {
  switch (order) {
    case MemoryOrder::relaxed:
      return "std::memory_order_relaxed";
    case MemoryOrder::acquire:
      return "std::memory_order_acquire";
    case MemoryOrder::release:
      return "std::memory_order_release";
    case MemoryOrder::acq_rel:
      return "std::memory_order_acq_rel";
    case MemoryOrder::seq_cst:
      return "std::memory_order_seq_cst";
  }
  return "?";
}

const char* to_string(OpKind kind) {
  switch (kind) {
    case OpKind::load:
      return "load";
    case OpKind::store:
      return "store";
    case OpKind::exchange:
      return "exchange";
    case OpKind::fetch_add:
      return "fetch_add";
    case OpKind::fetch_sub:
      return "fetch_sub";
    case OpKind::fetch_and:
      return "fetch_and";
    case OpKind::fetch_or:
      return "fetch_or";
    case OpKind::fetch_xor:
      return "fetch_xor";
    case OpKind::compare_exchange:
      return "compare_exchange";
    case OpKind::fence:
      return "fence";
    case OpKind::assign:
      return "assign";
    case OpKind::lock:
      return "lock";
    case OpKind::unlock:
      return "unlock";
    case OpKind::trylock:
      return "trylock";
  }
  return "?";
}

bool is_rmw(OpKind kind) {
  switch (kind) {
    case OpKind::exchange:
    case OpKind::fetch_add:
    case OpKind::fetch_sub:
    case OpKind::fetch_and:
    case OpKind::fetch_or:
    case OpKind::fetch_xor:
    case OpKind::compare_exchange:
      return true;
    default:
      return false;
  }
}

bool reads_memory(OpKind kind) {
  return kind == OpKind::load || is_rmw(kind) || kind == OpKind::lock || kind == OpKind::trylock;
}

bool writes_memory(OpKind kind) {
  return kind == OpKind::store || is_rmw(kind) || kind == OpKind::lock || kind == OpKind::unlock ||
         kind == OpKind::trylock;
}

std::int32_t apply_rmw(OpKind kind, std::int32_t old, std::int32_t operand) {
  switch (kind) {
    case OpKind::exchange:
    case OpKind::compare_exchange:
      return operand;
    case OpKind::fetch_add:
      return apply(ExprOp::add, old, operand);
    case OpKind::fetch_sub:
      return apply(ExprOp::sub, old, operand);
    case OpKind::fetch_and:
      return apply(ExprOp::bit_and, old, operand);
    case OpKind::fetch_or:
      return apply(ExprOp::bit_or, old, operand);
    case OpKind::fetch_xor:
      return apply(ExprOp::bit_xor, old, operand);
    default:
      return old;
  }
}

namespace {

void collect_operations(const std::vector<Statement>& body, std::vector<const Operation*>& out) {
  for (const Statement& statement : body) {
    if (statement.kind == Statement::Kind::operation) {
      out.push_back(&statement.op);
    } else {
      collect_operations(statement.then_body, out);
      collect_operations(statement.else_body, out);
    }
  }
}

}  // namespace

std::vector<const Operation*> operations_of(const Thread& thread) {
  std::vector<const Operation*> out;
  collect_operations(thread.body, out);
  return out;
}

bool is_straight_line(const Thread& thread) {
  return std::all_of(thread.body.begin(), thread.body.end(),
                     [](const Statement& s) { return s.kind == Statement::Kind::operation; });
}

std::string family_of(std::string_view test_name) {
  std::size_t end = test_name.find('+');
  const std::string_view first = test_name.substr(0, end);
  const bool count_prefix =
      !first.empty() && first.find_first_not_of("0123456789") == std::string_view::npos;
  if (count_prefix && end != std::string_view::npos) end = test_name.find('+', end + 1);
  return std::string(test_name.substr(0, end));
}

std::vector<MemoryOrder> orders_used(const Test& test) {
  std::vector<MemoryOrder> orders;
  for (const Thread& thread : test.threads)
    for (const Operation* op : operations_of(thread)) {
      // Register assignments and spinlocks name no order.
      if (op->kind == OpKind::assign || op->kind == OpKind::lock || op->kind == OpKind::unlock ||
          op->kind == OpKind::trylock)
        continue;
      if (std::find(orders.begin(), orders.end(), op->order) == orders.end())
        orders.push_back(op->order);
    }
  std::sort(orders.begin(), orders.end());
  return orders;
}

}  // namespace litmuslab
