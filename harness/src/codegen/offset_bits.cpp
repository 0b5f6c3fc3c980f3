// Address offsets (`x + (r0 & 128)`, `x[e]`) compile to at_x[e], so a kernel
// may only take an offset that is 0 in every execution: anything else would
// reach outside the instance. herd7's tests use offsets that are always 0;
// this proves it, or refuses the test.
//
// The proof is a known-bits analysis: for every location and register, the
// bits any of its values may have set, over every execution, found as a
// fixed point over all operations (every value a load can return was
// written by some operation or is an initial value, on hardware as in the
// models). An offset is 0 when none of its bits may be set.
#include <bit>
#include <cstdint>

#include "kernel_code.hpp"

namespace litmuslab::codegen {
namespace {

constexpr std::uint32_t kAny = ~0U;

// All bits up to and including bit n-1.
std::uint32_t low_bits(int n) { return n >= 32 ? kAny : (1U << n) - 1; }

bool non_negative(std::uint32_t bits) { return (bits & 0x80000000U) == 0; }

// The bits a sum may have: a carry moves at most one bit past the wider operand.
std::uint32_t add_bits(std::uint32_t a, std::uint32_t b) {
  if (a == 0) return b;
  if (b == 0) return a;
  if (!non_negative(a) || !non_negative(b)) return kAny;
  return low_bits(std::bit_width(a | b) + 1);
}

std::uint32_t mul_bits(std::uint32_t a, std::uint32_t b) {
  if (a == 0 || b == 0) return 0;
  if (!non_negative(a) || !non_negative(b)) return kAny;
  const int width = std::bit_width(a) + std::bit_width(b);
  return width >= 31 ? kAny : low_bits(width);
}

// The bits a fetch_* may write, from those of the old value and the operand.
std::uint32_t rmw_bits(OpKind kind, std::uint32_t old, std::uint32_t operand) {
  switch (kind) {
    case OpKind::fetch_add:
      return add_bits(old, operand);
    case OpKind::fetch_sub:
      return operand == 0 ? old : kAny;
    case OpKind::fetch_and:
      return old & operand;
    default:  // fetch_or, fetch_xor
      return old | operand;
  }
}

class ValueBits {
 public:
  explicit ValueBits(const Test& test) : test_(test), targets_(pointer_targets(test)) {
    for (const Location& location : test.locations)
      locations_.push_back(
          location.type == ValueType::pointer ? 0 : static_cast<std::uint32_t>(location.initial));
    for (const Thread& thread : test.threads) registers_.emplace_back(thread.registers.size(), 0);
    // Every step only adds bits, so this ends (after at most 32 rounds per value).
    while (changed_) {
      changed_ = false;
      for (const Thread& thread : test.threads)
        for (const Operation* op : operations_of(thread)) step(thread, *op);
    }
  }

  std::uint32_t of(const Thread& thread, const Expr& expr) const {
    switch (expr.op) {
      case ExprOp::constant:
        return static_cast<std::uint32_t>(expr.value);
      case ExprOp::reg:
        return registers_[thread.index][expr.index];
      case ExprOp::address_of:
        return kAny;  // a pointer; never an offset (the parser types them)
      default:
        break;
    }
    const std::uint32_t a = of(thread, expr.operands.at(0));
    const std::uint32_t b = expr.operands.size() > 1 ? of(thread, expr.operands[1]) : 0;
    switch (expr.op) {
      case ExprOp::add:
        return add_bits(a, b);
      case ExprOp::sub:
        return b == 0 ? a : kAny;
      case ExprOp::negate:
        return a == 0 ? 0 : kAny;
      case ExprOp::mul:
        return mul_bits(a, b);
      case ExprOp::bit_and:
        return a & b;
      case ExprOp::bit_or:
      case ExprOp::bit_xor:
        return a | b;
      case ExprOp::bit_not:
        return kAny;
      default:
        return 1;  // comparisons and logical operators: 0 or 1
    }
  }

 private:
  void add(std::uint32_t& into, std::uint32_t bits) {
    if ((into | bits) == into) return;
    into |= bits;
    changed_ = true;
  }

  // The locations an operation may access: its own, or any pointer target
  // through a pointer register. (An offset is assumed 0 here; the check
  // refuses the test unless that holds, so the assumption is consistent.)
  std::vector<int> accessed(const Operation& op) const {
    if (op.address.pointer_register < 0) return {op.address.location};
    std::vector<int> out;
    for (std::size_t l = 0; l < targets_.size(); ++l)
      if (targets_[l]) out.push_back(static_cast<int>(l));
    return out;
  }

  void step(const Thread& thread, const Operation& op) {
    std::uint32_t* dest =
        op.dest_register >= 0 ? &registers_[thread.index][op.dest_register] : nullptr;
    if (op.kind == OpKind::assign) {
      if (dest) add(*dest, of(thread, op.value));
      return;
    }
    if (op.kind == OpKind::fence) return;
    const std::uint32_t operand = uses_value(op.kind) ? of(thread, op.value) : 0;
    for (int location : accessed(op)) {
      if (location < 0) continue;
      std::uint32_t& memory = locations_[location];
      const std::uint32_t old = memory;
      switch (op.kind) {
        case OpKind::load:
        case OpKind::exchange:
          if (dest) add(*dest, old);
          if (op.kind == OpKind::exchange) add(memory, operand);
          break;
        case OpKind::store:
          add(memory, operand);
          break;
        case OpKind::fetch_add:
        case OpKind::fetch_sub:
        case OpKind::fetch_and:
        case OpKind::fetch_or:
        case OpKind::fetch_xor:
          if (dest) add(*dest, old);
          add(memory, rmw_bits(op.kind, old, operand));
          break;
        case OpKind::compare_exchange:
          if (dest) add(*dest, 1);
          add(memory, operand);
          // A failed CAS leaves the old value in the expected cell.
          if (op.expected_location >= 0) add(locations_[op.expected_location], old);
          break;
        case OpKind::lock:
        case OpKind::unlock:
        case OpKind::trylock:
          if (dest) add(*dest, 1);
          add(memory, 1);
          break;
        default:
          break;
      }
    }
  }

  const Test& test_;
  std::vector<bool> targets_;
  std::vector<std::uint32_t> locations_;
  std::vector<std::vector<std::uint32_t>> registers_;
  bool changed_ = true;
};

std::string hex(std::uint32_t bits) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (int shift = 28; shift >= 0; shift -= 4) {
    const char digit = digits[(bits >> shift) & 15];
    if (!out.empty() || digit != '0' || shift == 0) out += digit;
  }
  return "0x" + out;
}

}  // namespace

void require_zero_offsets(const Test& test) {
  bool any = false;
  for (const Thread& thread : test.threads)
    for (const Operation* op : operations_of(thread)) any |= op->address.offset.has_value();
  if (!any) return;
  const ValueBits bits(test);
  for (const Thread& thread : test.threads)
    for (const Operation* op : operations_of(thread)) {
      if (!op->address.offset) continue;
      const std::uint32_t offset = bits.of(thread, *op->address.offset);
      if (offset == 0) continue;
      const std::string& name = test.locations.at(op->address.location).name;
      refuse(test, op->address.pos,
             "the offset in '" + name + " + (" + to_string(*op->address.offset, thread, test) +
                 ")' may not be 0 (its bits " + hex(offset) +
                 " can be set), and a kernel only takes offsets that are 0 in every execution, "
                 "so that no access leaves " +
                 name);
    }
}

}  // namespace litmuslab::codegen
