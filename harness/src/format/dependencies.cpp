// Semantic dependencies: candidates from a taint analysis of the thread's
// register flow, each confirmed by running the thread twice with two values
// of the read and seeing the access change.
#include "litmuslab/dependencies.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <tuple>

namespace litmuslab {

const char* to_string(DependencyKind kind) {
  switch (kind) {
    case DependencyKind::address:
      return "addr";
    case DependencyKind::data:
      return "data";
    case DependencyKind::control:
      return "ctrl";
  }
  return "?";
}

namespace {

bool returns_read_value(OpKind kind) {
  return kind == OpKind::load || is_rmw(kind) || kind == OpKind::trylock;
}

bool is_access(OpKind kind) { return kind != OpKind::fence && kind != OpKind::assign; }

// ---------------------------------------------------------------- a concrete run

// What one access did in one run of the thread.
struct AccessRecord {
  bool executed = false;
  std::int32_t base = -1;  // location index, or the pointer a register held
  std::int32_t offset = 0;
  std::int32_t written = 0;   // store value, RMW operand, CAS desired value
  std::int32_t compared = 0;  // CAS expected value
};

// Runs the thread with `read_values[i]` returned by operation i, as herd7
// would if its reads saw those values (a CAS succeeds when it reads its
// expected value; a spinlock is taken; a trylock succeeds on 0).
class ThreadRunner {
 public:
  ThreadRunner(const Test& test, const Thread& thread)
      : test_(test), thread_(thread), ops_(operations_of(thread)) {
    for (std::size_t i = 0; i < ops_.size(); ++i) index_of_.emplace_back(ops_[i], i);
    std::sort(index_of_.begin(), index_of_.end());
  }

  const std::vector<const Operation*>& operations() const { return ops_; }

  void run(const std::vector<std::int32_t>& read_values, std::vector<AccessRecord>& out) const {
    out.assign(ops_.size(), AccessRecord{});
    std::vector<std::int32_t> registers(thread_.registers.size(), 0);
    std::vector<std::int32_t> cells(test_.locations.size(), 0);
    for (std::size_t l = 0; l < cells.size(); ++l) cells[l] = test_.locations[l].initial;
    run_body(thread_.body, read_values, registers, cells, out);
  }

 private:
  int index_of(const Operation* op) const {
    const auto it = std::lower_bound(index_of_.begin(), index_of_.end(),
                                     std::pair<const Operation*, std::size_t>{op, 0});
    return static_cast<int>(it->second);
  }

  void run_body(const std::vector<Statement>& body, const std::vector<std::int32_t>& read_values,
                std::vector<std::int32_t>& registers, std::vector<std::int32_t>& cells,
                std::vector<AccessRecord>& out) const {
    for (const Statement& s : body) {
      if (s.kind == Statement::Kind::branch) {
        run_body(evaluate(s.condition, registers) != 0 ? s.then_body : s.else_body, read_values,
                 registers, cells, out);
        continue;
      }
      const Operation& op = s.op;
      const int i = index_of(&op);
      AccessRecord& record = out[static_cast<std::size_t>(i)];
      record.executed = true;
      if (is_access(op.kind)) {
        record.base = op.address.pointer_register >= 0
                          ? registers[static_cast<std::size_t>(op.address.pointer_register)]
                          : op.address.location;
        if (op.address.offset) record.offset = evaluate(*op.address.offset, registers);
      }
      const std::int32_t old = read_values[static_cast<std::size_t>(i)];
      std::int32_t result = old;
      switch (op.kind) {
        case OpKind::assign:
          result = evaluate(op.value, registers);
          break;
        case OpKind::store:
          record.written = evaluate(op.value, registers);
          break;
        case OpKind::compare_exchange: {
          std::int32_t& expected = cells[static_cast<std::size_t>(op.expected_location)];
          record.compared = expected;
          record.written = evaluate(op.value, registers);
          result = old == expected ? 1 : 0;
          if (!result) expected = old;
          break;
        }
        case OpKind::trylock:
          result = old == 0 ? 1 : 0;
          break;
        default:
          if (is_rmw(op.kind)) record.written = evaluate(op.value, registers);
          break;
      }
      if (op.dest_register >= 0 && op.kind != OpKind::store && op.kind != OpKind::fence &&
          op.kind != OpKind::lock && op.kind != OpKind::unlock)
        registers[static_cast<std::size_t>(op.dest_register)] = result;
    }
  }

  const Test& test_;
  const Thread& thread_;
  std::vector<const Operation*> ops_;
  std::vector<std::pair<const Operation*, std::size_t>> index_of_;
};

// ---------------------------------------------------------------- candidates

// Sets of reads (operation indices) as bit masks; a thread with more
// operations than bits gets the conservative "every earlier read" instead.
using ReadSet = std::uint64_t;
constexpr int kTaintBits = 64;

struct Candidates {
  std::vector<ReadSet> address, data, control;  // per access
};

// Which reads may flow, through registers and CAS expected cells, into each
// access's address, written value, or enclosing conditions.
class TaintAnalysis {
 public:
  TaintAnalysis(const Test& test, const Thread& thread, const std::vector<const Operation*>& ops)
      : ops_(ops),
        registers_(thread.registers.size(), 0),
        cells_(test.locations.size(), 0),
        assigned_regs_(thread.registers.size(), false),
        assigned_cells_(test.locations.size(), false),
        out_{std::vector<ReadSet>(ops.size(), 0), std::vector<ReadSet>(ops.size(), 0),
             std::vector<ReadSet>(ops.size(), 0)} {
    for (std::size_t i = 0; i < ops.size(); ++i) position_.emplace_back(ops[i], i);
    std::sort(position_.begin(), position_.end());
    walk(thread.body, 0);
  }
  Candidates take() { return std::move(out_); }

 private:
  ReadSet of(const Expr& e) const {
    ReadSet s = 0;
    if (e.op == ExprOp::reg) s |= registers_[static_cast<std::size_t>(e.index)];
    for (const Expr& operand : e.operands) s |= of(operand);
    return s;
  }
  int index_of(const Operation* op) const {
    return static_cast<int>(std::lower_bound(position_.begin(), position_.end(),
                                             std::pair<const Operation*, std::size_t>{op, 0})
                                ->second);
  }
  static ReadSet bit_of(int i) { return i < kTaintBits ? ReadSet{1} << i : 0; }

  void walk(const std::vector<Statement>& body, ReadSet control) {
    for (const Statement& s : body) {
      if (s.kind == Statement::Kind::branch) {
        const ReadSet inner = control | of(s.condition);
        // Registers set in either branch carry both branches' taint after
        // the join, and the condition's: it chose which value they hold.
        const ReadSet chooser = of(s.condition);
        const std::vector<ReadSet> before_regs = registers_, before_cells = cells_;
        const std::vector<bool> outer_regs = assigned_regs_, outer_cells = assigned_cells_;
        assigned_regs_.assign(registers_.size(), false);
        assigned_cells_.assign(cells_.size(), false);
        walk(s.then_body, inner);
        const std::vector<ReadSet> then_regs = registers_, then_cells = cells_;
        registers_ = before_regs;
        cells_ = before_cells;
        walk(s.else_body, inner);
        for (std::size_t r = 0; r < registers_.size(); ++r) {
          registers_[r] |= then_regs[r];
          if (assigned_regs_[r]) registers_[r] |= chooser;
          assigned_regs_[r] = assigned_regs_[r] || outer_regs[r];
        }
        for (std::size_t c = 0; c < cells_.size(); ++c) {
          cells_[c] |= then_cells[c];
          if (assigned_cells_[c]) cells_[c] |= chooser;
          assigned_cells_[c] = assigned_cells_[c] || outer_cells[c];
        }
        continue;
      }
      const Operation& op = s.op;
      const auto i = static_cast<std::size_t>(index_of(&op));
      if (is_access(op.kind)) {
        out_.control[i] = control;
        ReadSet address = 0;
        if (op.address.pointer_register >= 0)
          address |= registers_[static_cast<std::size_t>(op.address.pointer_register)];
        if (op.address.offset) address |= of(*op.address.offset);
        out_.address[i] = address;
      }
      ReadSet written = 0;
      if (op.kind == OpKind::store || is_rmw(op.kind) || op.kind == OpKind::assign)
        written = of(op.value);
      if (op.kind == OpKind::compare_exchange)
        written |= cells_[static_cast<std::size_t>(op.expected_location)];
      if (op.kind != OpKind::assign) out_.data[i] = written;
      ReadSet result = 0;
      if (op.kind == OpKind::assign) result = written;
      if (returns_read_value(op.kind)) result = bit_of(static_cast<int>(i));
      if (op.kind == OpKind::compare_exchange) {
        // The outcome compares the read with the expected cell, which a
        // failure overwrites with the read value.
        ReadSet& cell = cells_[static_cast<std::size_t>(op.expected_location)];
        result |= cell;
        cell |= bit_of(static_cast<int>(i));
        assigned_cells_[static_cast<std::size_t>(op.expected_location)] = true;
      }
      if (op.dest_register >= 0 && (op.kind == OpKind::assign || returns_read_value(op.kind))) {
        registers_[static_cast<std::size_t>(op.dest_register)] = result;
        assigned_regs_[static_cast<std::size_t>(op.dest_register)] = true;
      }
    }
  }

  const std::vector<const Operation*>& ops_;
  std::vector<std::pair<const Operation*, std::size_t>> position_;
  std::vector<ReadSet> registers_, cells_;
  std::vector<bool> assigned_regs_, assigned_cells_;  // set inside the current branch
  Candidates out_;
};

// ---------------------------------------------------------------- witnesses

// Values a read is tried with: small numbers, every power of two (so any
// single bit a mask keeps shows), the extremes, and each constant the
// thread uses with its neighbours (so comparisons with it flip).
std::vector<std::int32_t> integer_samples(const Thread& thread) {
  std::vector<std::int32_t> v{
      0, 1, 2, 3, -1, -2, INT32_MAX, INT32_MIN, 0x55555555, static_cast<std::int32_t>(0xaaaaaaaaU)};
  for (int b = 2; b < 32; ++b) v.push_back(static_cast<std::int32_t>(std::uint32_t{1} << b));
  std::vector<const Expr*> stack;
  auto add_constants = [&](const Expr& root) {
    stack.assign(1, &root);
    while (!stack.empty()) {
      const Expr* e = stack.back();
      stack.pop_back();
      if (e->op == ExprOp::constant)
        for (std::int32_t d : {0, 1, -1})
          v.push_back(static_cast<std::int32_t>(static_cast<std::uint32_t>(e->value) +
                                                static_cast<std::uint32_t>(d)));
      for (const Expr& operand : e->operands) stack.push_back(&operand);
    }
  };
  std::vector<const std::vector<Statement>*> bodies{&thread.body};
  while (!bodies.empty()) {
    const std::vector<Statement>* body = bodies.back();
    bodies.pop_back();
    for (const Statement& s : *body) {
      if (s.kind == Statement::Kind::branch) {
        add_constants(s.condition);
        bodies.push_back(&s.then_body);
        bodies.push_back(&s.else_body);
      } else {
        add_constants(s.op.value);
        if (s.op.address.offset) add_constants(*s.op.address.offset);
      }
    }
  }
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

class WitnessSearch {
 public:
  WitnessSearch(const Test& test, const Thread& thread)
      : runner_(test, thread), integers_(integer_samples(thread)) {
    const auto& ops = runner_.operations();
    for (int l = 0; l < static_cast<int>(test.locations.size()); ++l) pointers_.push_back(l);
    if (pointers_.empty()) pointers_.push_back(0);
    pointer_read_.assign(ops.size(), false);
    for (std::size_t i = 0; i < ops.size(); ++i) {
      const int dest = ops[i]->dest_register;
      pointer_read_[i] =
          ops[i]->kind == OpKind::load && dest >= 0 &&
          thread.registers[static_cast<std::size_t>(dest)].type == ValueType::pointer;
    }
    // Base assignments: every read at one small value, then a few mixed ones
    // from a fixed generator, so the answer never changes between runs.
    for (std::int32_t v : {0, 1, -1, 2, 128}) bases_.push_back(uniform(v));
    std::uint32_t state = 0x9e3779b9U;
    for (int k = 0; k < 4; ++k) {
      std::vector<std::int32_t> base(ops.size(), 0);
      for (std::size_t i = 0; i < ops.size(); ++i) {
        state = state * 1664525U + 1013904223U;
        base[i] = pointer_read_[i] ? pointers_[(state >> 8) % pointers_.size()]
                                   : integers_[(state >> 8) % integers_.size()];
      }
      bases_.push_back(std::move(base));
    }
  }

  // Whether changing only the value of `from` changes access `to` in the way `kind` names.
  bool witnessed(int from, int to, DependencyKind kind) {
    const auto f = static_cast<std::size_t>(from), t = static_cast<std::size_t>(to);
    const std::vector<std::int32_t>& samples = pointer_read_[f] ? pointers_ : integers_;
    for (const std::vector<std::int32_t>& base : bases_) {
      runner_.run(base, first_);
      if (!first_[f].executed) continue;
      if (kind != DependencyKind::control && !first_[t].executed) continue;
      std::vector<std::int32_t> changed = base;
      for (std::int32_t value : samples) {
        if (value == base[f]) continue;
        changed[f] = value;
        runner_.run(changed, second_);
        const AccessRecord &a = first_[t], &b = second_[t];
        switch (kind) {
          case DependencyKind::control:
            if (a.executed != b.executed) return true;
            break;
          case DependencyKind::address:
            if (b.executed && (a.base != b.base || a.offset != b.offset)) return true;
            break;
          case DependencyKind::data:
            if (b.executed && (a.written != b.written || a.compared != b.compared)) return true;
            break;
        }
      }
    }
    return false;
  }

 private:
  std::vector<std::int32_t> uniform(std::int32_t v) const {
    std::vector<std::int32_t> base(pointer_read_.size(), v);
    for (std::size_t i = 0; i < base.size(); ++i)
      if (pointer_read_[i])
        base[i] = pointers_[static_cast<std::size_t>(v & 0xff) % pointers_.size()];
    return base;
  }

  ThreadRunner runner_;
  std::vector<std::int32_t> integers_, pointers_;
  std::vector<bool> pointer_read_;
  std::vector<std::vector<std::int32_t>> bases_;
  std::vector<AccessRecord> first_, second_;
};

}  // namespace

std::vector<Dependency> dependencies_of(const Test& test, const Thread& thread) {
  const std::vector<const Operation*> ops = operations_of(thread);
  const int n = static_cast<int>(ops.size());
  Candidates candidates = TaintAnalysis(test, thread, ops).take();
  if (n > kTaintBits) {
    // Too many operations to track as bits: try every earlier read.
    for (int to = 0; to < n; ++to)
      for (auto* sets : {&candidates.address, &candidates.data, &candidates.control})
        (*sets)[static_cast<std::size_t>(to)] = ~ReadSet{0};
  }
  std::vector<Dependency> out;
  std::optional<WitnessSearch> search;
  for (int to = 0; to < n; ++to) {
    if (!is_access(ops[static_cast<std::size_t>(to)]->kind)) continue;
    for (int from = 0; from < to; ++from) {
      if (!returns_read_value(ops[static_cast<std::size_t>(from)]->kind)) continue;
      const ReadSet bit = from < kTaintBits ? ReadSet{1} << from : ~ReadSet{0};
      for (DependencyKind kind :
           {DependencyKind::address, DependencyKind::data, DependencyKind::control}) {
        const std::vector<ReadSet>& set = kind == DependencyKind::address ? candidates.address
                                          : kind == DependencyKind::data  ? candidates.data
                                                                          : candidates.control;
        if (!(set[static_cast<std::size_t>(to)] & bit)) continue;
        if (!search) search.emplace(test, thread);
        if (search->witnessed(from, to, kind)) out.push_back({from, to, kind});
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Dependency& a, const Dependency& b) {
    return std::tuple(a.to, a.from, a.kind) < std::tuple(b.to, b.from, b.kind);
  });
  return out;
}

}  // namespace litmuslab
