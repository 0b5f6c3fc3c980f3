// Calls in thread bodies: every C11 atomic in its _explicit and plain
// (seq_cst) forms, atomic_thread_fence, and the spinlocks.
#include <algorithm>
#include <array>

#include "parser.hpp"

namespace litmuslab::format {

namespace {

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

bool starts_with(std::string_view word, std::string_view prefix) {
  return word.substr(0, prefix.size()) == prefix;
}

// Linux-kernel memory-model primitives, which herd7 also reads.
bool is_linux_primitive(std::string_view word) {
  static constexpr std::string_view kPrefixes[] = {
      "smp_",       "spin_",          "rcu_",        "srcu_",         "synchronize_", "xchg",
      "cmpxchg",    "atomic_read",    "atomic_set",  "atomic_inc",    "atomic_dec",   "atomic_add",
      "atomic_sub", "atomic_cmpxchg", "atomic_xchg", "atomic_andnot", "raw_spin"};
  if (word == "READ_ONCE" || word == "WRITE_ONCE") return true;
  return std::any_of(std::begin(kPrefixes), std::end(kPrefixes),
                     [&](std::string_view prefix) { return starts_with(word, prefix); });
}

struct CallShape {
  OpKind kind;
  bool explicit_orders;  // the _explicit form, which takes memory orders
  bool weak = false;     // atomic_compare_exchange_weak
};

// The calls of the dialect; nullopt for anything else.
std::optional<CallShape> classify_call(std::string_view name) {
  static constexpr std::pair<std::string_view, OpKind> kCalls[] = {
      {"atomic_store", OpKind::store},
      {"atomic_load", OpKind::load},
      {"atomic_exchange", OpKind::exchange},
      {"atomic_fetch_add", OpKind::fetch_add},
      {"atomic_fetch_sub", OpKind::fetch_sub},
      {"atomic_fetch_and", OpKind::fetch_and},
      {"atomic_fetch_or", OpKind::fetch_or},
      {"atomic_fetch_xor", OpKind::fetch_xor},
      {"atomic_compare_exchange_strong", OpKind::compare_exchange},
      {"atomic_compare_exchange_weak", OpKind::compare_exchange}};
  if (name == "atomic_thread_fence") return CallShape{OpKind::fence, true};
  if (name == "spin_lock") return CallShape{OpKind::lock, false};
  if (name == "spin_unlock") return CallShape{OpKind::unlock, false};
  if (name == "spin_trylock") return CallShape{OpKind::trylock, false};
  for (const auto& [base, kind] : kCalls) {
    const bool weak = base.ends_with("_weak");
    if (name == base) return CallShape{kind, false, weak};
    if (starts_with(name, base) && name.substr(base.size()) == "_explicit")
      return CallShape{kind, true, weak};
  }
  return std::nullopt;
}

// Why a call outside the dialect is unsupported, for the message.
std::string unsupported_call_reason(std::string_view name) {
  if (name == "lock" || name == "unlock" || starts_with(name, "mtx_"))
    return "C11 mutexes are outside the dialect; use a spinlock_t* with spin_lock and "
           "spin_unlock";
  if (is_linux_primitive(name))
    return "Linux-kernel primitives other than spin_lock, spin_unlock and spin_trylock are "
           "outside the dialect litmuslab takes";
  if (starts_with(name, "__sync_") || starts_with(name, "__atomic_"))
    return "GCC builtins are outside the dialect; use the C11 atomic_* calls";
  if (starts_with(name, "atomic_")) return "this C11 call is outside the dialect litmuslab takes";
  return "only the C11 atomic_load, atomic_store, atomic_exchange, "
         "atomic_fetch_{add,sub,and,or,xor} and atomic_compare_exchange_{strong,weak} (each also "
         "_explicit), atomic_thread_fence, spin_lock, spin_unlock and spin_trylock are supported";
}

int argument_count(const CallShape& shape) {
  switch (shape.kind) {
    case OpKind::fence:
    case OpKind::lock:
    case OpKind::unlock:
    case OpKind::trylock:
      return 1;
    case OpKind::load:
      return shape.explicit_orders ? 2 : 1;
    case OpKind::compare_exchange:
      return shape.explicit_orders ? 5 : 3;
    default:
      return shape.explicit_orders ? 3 : 2;
  }
}

// What the call gives back, when it gives anything.
std::optional<ValueType> result_type(OpKind kind, ValueType pointee) {
  switch (kind) {
    case OpKind::load:
    case OpKind::exchange:
      return pointee;
    case OpKind::store:
    case OpKind::fence:
    case OpKind::lock:
    case OpKind::unlock:
    case OpKind::assign:
      return std::nullopt;
    default:
      return ValueType::integer;  // fetch_* old values, CAS and trylock successes
  }
}

const char* type_name(ValueType type) { return type == ValueType::pointer ? "an int*" : "an int"; }

}  // namespace

void Parser::parse_call(std::vector<Statement>& body, ThreadScope& scope, int dest, SourcePos pos) {
  const Token function = take();
  const std::optional<CallShape> shape = classify_call(function.text);
  if (!shape)
    fail(function.pos,
         "unsupported: " + quote_token(function) + ": " + unsupported_call_reason(function.text));
  const std::string name(function.text);
  const int count = argument_count(*shape);
  expect("(", "expected '(' after " + quoted(name));
  Operation op;
  op.kind = shape->kind;
  op.weak = shape->weak;
  op.dest_register = dest;
  op.pos = pos;
  const bool is_lock =
      op.kind == OpKind::lock || op.kind == OpKind::unlock || op.kind == OpKind::trylock;
  ValueType pointee = ValueType::integer;
  if (op.kind == OpKind::fence) {
    op.order = parse_order(OrderRole::fence, name);
  } else {
    const Token argument = lexer_.peek();
    op.address = parse_address_argument(scope, name);
    const int location = op.address.location;
    const bool on_lock = location >= 0 && test_.locations[location].lock;
    if (is_lock && (!on_lock || !op.address.is_static()))
      fail(argument.pos, quoted(name) + " takes a spinlock_t* parameter, and " +
                             quote_token(argument) + " is not one");
    if (!is_lock && on_lock)
      fail(argument.pos, quote_token(argument) +
                             " is a spinlock: only spin_lock, spin_unlock and spin_trylock use it");
    pointee = pointee_type(op.address);
    if (op.kind == OpKind::compare_exchange) {
      if (pointee == ValueType::pointer)
        fail(argument.pos, "unsupported: compare-exchange on a pointer location");
      expect_argument_separator(function, count);
      op.expected_location = parse_expected_argument(scope, name);
    }
    if (op.kind != OpKind::load && !is_lock) {
      expect_argument_separator(function, count);
      const bool arithmetic = op.kind != OpKind::store && op.kind != OpKind::exchange;
      if (arithmetic && pointee == ValueType::pointer)
        fail(argument.pos, "unsupported: " + quoted(name) + " on a pointer location");
      op.value = parse_expression(scope, 0);
      require_type(op.value, pointee, scope,
                   op.kind == OpKind::store              ? "the stored value"
                   : op.kind == OpKind::compare_exchange ? "the desired value"
                                                         : "the operand");
    }
    if (shape->explicit_orders) {
      expect_argument_separator(function, count);
      const OrderRole role = op.kind == OpKind::store  ? OrderRole::store
                             : op.kind == OpKind::load ? OrderRole::load
                                                       : OrderRole::rmw;
      op.order = parse_order(role, name);
      if (op.kind == OpKind::compare_exchange) {
        expect_argument_separator(function, count);
        op.failure_order = parse_order(OrderRole::cas_failure, name);
      }
    }
  }
  if (at(","))
    fail(lexer_.peek().pos,
         "too many arguments to " + quoted(name) + " (it takes " + std::to_string(count) + ")");
  expect(")", "expected ')' to close the call to " + quoted(name));
  if (dest >= 0) {
    const std::optional<ValueType> result = result_type(op.kind, pointee);
    if (!result) fail(function.pos, quoted(name) + " returns nothing, so it cannot set a register");
    const Register& reg = scope.thread->registers[static_cast<std::size_t>(dest)];
    if (*result != reg.type)
      fail(function.pos,
           "register '" + reg.name + "' is " + type_name(reg.type) + " but " + quoted(name) +
               " gives " + type_name(*result) +
               (*result == ValueType::pointer ? " (declare 'int* " : " (declare 'int ") + reg.name +
               "')");
  }
  body.push_back(Statement::of(std::move(op)));
}

Address Parser::parse_address_argument(ThreadScope& scope, std::string_view function) {
  const Token token = lexer_.peek();
  if (token.is("&"))
    fail(token.pos, "expected a location: herd7 passes the parameter itself, as in " +
                        quoted(std::string(function) + "(x, ...)"));
  const Expr target = parse_expression(scope, 0);
  Address address = to_address(target, scope);
  address.pos = token.pos;
  return address;
}

int Parser::parse_expected_argument(ThreadScope& scope, std::string_view function) {
  const Token token = lexer_.peek();
  const auto parameter = token.kind == TokenKind::identifier ? scope.parameters.find(token.text)
                                                             : scope.parameters.end();
  if (parameter == scope.parameters.end() || !(at(",", 1) || at(")", 1)))
    fail(token.pos, "unsupported: the expected value of " + quoted(function) +
                        " is read from a location, as herd7 does: pass a location parameter "
                        "(found " +
                        quote_token(token) + ")");
  take();
  expected_pos_.back().push_back(token.pos);
  return parameter->second;
}

void Parser::expect_argument_separator(const Token& function, int expected_count) {
  if (at(")"))
    fail(lexer_.peek().pos, "too few arguments to " + quote_token(function) + " (it takes " +
                                std::to_string(expected_count) + ")");
  expect(",", "expected ',' between the arguments of " + quote_token(function));
}

MemoryOrder Parser::parse_order(OrderRole role, std::string_view function) {
  static constexpr std::array<std::pair<std::string_view, MemoryOrder>, 5> kOrders = {{
      {"memory_order_relaxed", MemoryOrder::relaxed},
      {"memory_order_acquire", MemoryOrder::acquire},
      {"memory_order_release", MemoryOrder::release},
      {"memory_order_acq_rel", MemoryOrder::acq_rel},
      {"memory_order_seq_cst", MemoryOrder::seq_cst},
  }};
  const Token token = lexer_.peek();
  if (token.is("memory_order_consume"))
    fail(token.pos,
         "memory_order_consume is not supported: use memory_order_acquire (compilers "
         "promote consume to acquire, and herd7's models disagree on consume)");
  const auto found = std::find_if(kOrders.begin(), kOrders.end(),
                                  [&](const auto& entry) { return token.is(entry.first); });
  if (found == kOrders.end())
    fail(token.pos, "unknown memory order " + quote_token(token) +
                        " (valid orders: memory_order_relaxed, memory_order_acquire, "
                        "memory_order_release, memory_order_acq_rel, memory_order_seq_cst)");
  const MemoryOrder order = found->second;
  const auto invalid = [&](std::string_view why) {
    fail(token.pos,
         quote_token(token) + " is invalid for " + quoted(function) + ": " + std::string(why));
  };
  switch (role) {
    case OrderRole::store:
      if (order == MemoryOrder::acquire || order == MemoryOrder::acq_rel)
        invalid("a store may be relaxed, release or seq_cst");
      break;
    case OrderRole::load:
      if (order == MemoryOrder::release || order == MemoryOrder::acq_rel)
        invalid("a load may be relaxed, acquire or seq_cst");
      break;
    case OrderRole::cas_failure:
      if (order == MemoryOrder::release || order == MemoryOrder::acq_rel)
        invalid("the failure order is a load's, so relaxed, acquire or seq_cst");
      break;
    case OrderRole::fence:
      if (order == MemoryOrder::relaxed)
        invalid("a relaxed fence does nothing; use acquire, release, acq_rel or seq_cst");
      break;
    case OrderRole::rmw:
      break;
  }
  take();
  return order;
}

}  // namespace litmuslab::format
