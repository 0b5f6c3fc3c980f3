// Symbolic execution of one thread: registers hold value nodes, and every
// point where herd7 would consider both outcomes forks the path.
#include "thread_paths.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "litmuslab/model.hpp"
#include "litmuslab/parse.hpp"

namespace litmuslab::model {

[[noreturn]] void throw_unsupported(const Test& test, SourcePos pos, const std::string& what) {
  throw format::ParseFailure({test.source_path, pos, "unsupported: " + what});
}

namespace {

class PathBuilder {
 public:
  PathBuilder(const Test& test, const Thread& thread, std::size_t max_paths)
      : test_(test), thread_(thread), max_paths_(max_paths) {
    const std::vector<const Operation*> ops = operations_of(thread);
    for (std::size_t i = 0; i < ops.size(); ++i) index_of_.emplace_back(ops[i], i);
    std::sort(index_of_.begin(), index_of_.end());
  }

  std::vector<ThreadPath> build() {
    State start;
    start.path.registers.assign(thread_.registers.size(), start.path.values.constant(0));
    start.path.cells.assign(test_.locations.size(), -1);
    start.stack.push_back({&thread_.body, 0});
    run(std::move(start));
    return std::move(paths_);
  }

 private:
  struct Frame {
    const std::vector<Statement>* body;
    std::size_t next;
  };
  struct State {
    ThreadPath path;
    std::vector<Frame> stack;
  };

  [[noreturn]] void fail(const Operation& op, const std::string& what) const {
    throw_unsupported(test_, op.address.pos.line ? op.address.pos : op.pos, what);
  }

  int op_index(const Operation* op) const {
    return static_cast<int>(std::lower_bound(index_of_.begin(), index_of_.end(),
                                             std::pair<const Operation*, std::size_t>{op, 0})
                                ->second);
  }

  static int value_of(ThreadPath& p, const Expr& e) {
    switch (e.op) {
      case ExprOp::constant:
        return p.values.constant(e.value);
      case ExprOp::reg:
        return p.registers[static_cast<std::size_t>(e.index)];
      case ExprOp::address_of:
        return p.values.constant(e.index);
      default:
        break;
    }
    const int a = value_of(p, e.operands.at(0));
    if (e.operands.size() == 1) return p.values.apply(e.op, a);
    return p.values.apply(e.op, a, value_of(p, e.operands.at(1)));
  }

  // Adds "node != 0"; false when that is constantly false (the path is impossible).
  static bool require(ThreadPath& p, int node, int op_index, bool address_offset = false) {
    if (p.values.is_constant(node)) return p.values.node(node).constant != 0;
    p.checks.push_back({node, address_offset, op_index});
    return true;
  }

  void emit(State&& s) {
    if (paths_.size() >= max_paths_)
      throw LimitReached("P" + std::to_string(thread_.index) + " has more than " +
                             std::to_string(max_paths_) + " control-flow paths",
                         ModelResult{}, false);
    paths_.push_back(std::move(s.path));
  }

  void run(State s) {
    while (!s.stack.empty()) {
      Frame& frame = s.stack.back();
      if (frame.next == frame.body->size()) {
        s.stack.pop_back();
        continue;
      }
      const Statement& statement = (*frame.body)[frame.next++];
      if (statement.kind == Statement::Kind::branch) {
        const int c = value_of(s.path, statement.condition);
        if (s.path.values.is_constant(c)) {
          const bool taken = s.path.values.node(c).constant != 0;
          s.stack.push_back({taken ? &statement.then_body : &statement.else_body, 0});
          continue;
        }
        const int index = -1;
        State other = s;
        if (require(other.path, other.path.values.apply(ExprOp::logical_not, c), index)) {
          other.stack.push_back({&statement.else_body, 0});
          run(std::move(other));
        }
        require(s.path, c, index);
        s.stack.push_back({&statement.then_body, 0});
        continue;
      }
      if (!operation(s, statement.op)) return;
    }
    emit(std::move(s));
  }

  // Where the access goes: each possible location with the check that
  // confirms it. Forks over locations for an address held in a register.
  std::vector<std::pair<int, int>> locations_of(ThreadPath& p, const Operation& op) const {
    const Address& a = op.address;
    int offset_check = -1;
    if (a.offset) {
      const int o = value_of(p, *a.offset);
      if (p.values.is_constant(o)) {
        if (p.values.node(o).constant != 0)
          fail(op, "the address is " + std::to_string(p.values.node(o).constant) +
                       " past its location; the models take only offsets that are 0");
      } else {
        offset_check = p.values.apply(ExprOp::eq, o, p.values.constant(0));
      }
    }
    std::vector<std::pair<int, int>> out;
    if (a.pointer_register < 0) {
      out.emplace_back(a.location, offset_check);
      return out;
    }
    const int pointer = p.registers[static_cast<std::size_t>(a.pointer_register)];
    const int n = static_cast<int>(test_.locations.size());
    if (p.values.is_constant(pointer)) {
      const std::int32_t l = p.values.node(pointer).constant;
      if (l < 0 || l >= n || test_.locations[static_cast<std::size_t>(l)].thread_local_cell)
        fail(op, "register " +
                     thread_.registers[static_cast<std::size_t>(a.pointer_register)].name +
                     " does not hold a location's address");
      out.emplace_back(l, offset_check);
      return out;
    }
    for (int l = 0; l < n; ++l)
      if (!test_.locations[static_cast<std::size_t>(l)].thread_local_cell)
        out.emplace_back(l, offset_check);
    return out;
  }

  // Applies one operation; false when the path ended (it forked, or it is impossible).
  bool operation(State& s, const Operation& op) {
    const int index = op_index(&op);
    if (op.kind == OpKind::assign) {
      s.path.registers[static_cast<std::size_t>(op.dest_register)] = value_of(s.path, op.value);
      return true;
    }
    if (op.kind == OpKind::fence) {
      Event e = base_event(op, index);
      e.kind = EventKind::fence;
      s.path.events.push_back(e);
      return true;
    }
    const auto targets = locations_of(s.path, op);
    const int pointer =
        op.address.pointer_register >= 0
            ? s.path.registers[static_cast<std::size_t>(op.address.pointer_register)]
            : -1;
    if (targets.size() == 1 && (pointer < 0 || s.path.values.is_constant(pointer))) {
      return access(s, op, index, targets[0].first, targets[0].second);
    }
    // A pointer register not known yet: one path per location it may hold.
    for (const auto& [location, offset_check] : targets) {
      State guess = s;
      const int is_here =
          guess.path.values.apply(ExprOp::eq, pointer, guess.path.values.constant(location));
      if (!require(guess.path, is_here, index)) continue;
      if (access(guess, op, index, location, offset_check)) run(std::move(guess));
    }
    return false;
  }

  Event base_event(const Operation& op, int index) const {
    Event e;
    e.op_kind = op.kind;
    e.thread = thread_.index;
    e.op_index = index;
    e.order = op.order;
    e.instruction_order = op.order;
    e.failure_order = op.failure_order;
    e.atomic = op.atomic;
    return e;
  }

  // The events of a memory operation at a known location; forks for the
  // outcomes of a compare-exchange or a trylock. False when the path ended here.
  bool access(State& s, const Operation& op, int index, int location, int offset_check) {
    ThreadPath& p = s.path;
    if (offset_check >= 0 && !require(p, offset_check, index, true)) return false;
    Event e = base_event(op, index);
    e.location = location;
    auto set_dest = [&](ThreadPath& path, int node) {
      if (op.dest_register >= 0) path.registers[static_cast<std::size_t>(op.dest_register)] = node;
    };
    auto add_read = [](ThreadPath& path, Event r) {
      r.kind = EventKind::read;
      path.events.push_back(r);
      return path.values.read(static_cast<int>(path.events.size()) - 1);
    };
    auto add_write = [](ThreadPath& path, Event w, int value) {
      w.kind = EventKind::write;
      w.value = value;
      path.events.push_back(w);
    };
    switch (op.kind) {
      case OpKind::load:
        set_dest(p, add_read(p, e));
        return true;
      case OpKind::store:
        add_write(p, e, value_of(p, op.value));
        return true;
      case OpKind::unlock:
        e.order = e.instruction_order = MemoryOrder::release;
        add_write(p, e, p.values.constant(0));
        return true;
      case OpKind::exchange:
      case OpKind::fetch_add:
      case OpKind::fetch_sub:
      case OpKind::fetch_and:
      case OpKind::fetch_or:
      case OpKind::fetch_xor: {
        e.rmw = true;
        const int operand = value_of(p, op.value);
        const int old = add_read(p, e);
        const int written = op.kind == OpKind::exchange
                                ? operand
                                : p.values.apply(rmw_operator(op.kind), old, operand);
        add_write(p, e, written);
        set_dest(p, old);
        return true;
      }
      case OpKind::lock:
      case OpKind::trylock: {
        // RC11's lock: an acquire RMW from 0 to 1; reading 1 blocks (no
        // state). A failed trylock is a relaxed read of a non-zero value.
        e.order = e.instruction_order = MemoryOrder::acquire;
        if (op.kind == OpKind::trylock) {
          State failed = s;
          Event r = e;
          r.order = MemoryOrder::relaxed;
          const int old = add_read(failed.path, r);
          if (require(failed.path, old, index)) {
            set_dest(failed.path, failed.path.values.constant(0));
            run(std::move(failed));
          }
        }
        e.rmw = true;
        const int old = add_read(p, e);
        if (!require(p, p.values.apply(ExprOp::eq, old, p.values.constant(0)), index)) return false;
        Event w = e;
        w.order = MemoryOrder::relaxed;
        add_write(p, w, p.values.constant(1));
        set_dest(p, p.values.constant(1));
        if (op.kind == OpKind::trylock) {
          run(std::move(s));
          return false;
        }
        return true;
      }
      case OpKind::compare_exchange:
        compare_exchange(s, op, e);
        return false;
      default:
        return true;
    }
  }

  static ExprOp rmw_operator(OpKind kind) {
    switch (kind) {
      case OpKind::fetch_add:
        return ExprOp::add;
      case OpKind::fetch_sub:
        return ExprOp::sub;
      case OpKind::fetch_and:
        return ExprOp::bit_and;
      case OpKind::fetch_or:
        return ExprOp::bit_or;
      default:
        return ExprOp::bit_xor;
    }
  }

  // herd7: the expected cell is read first; success is an RMW that reads
  // the expected value; failure reads with the failure order, differs from
  // the expected value (a weak CAS may also fail when they are equal), and
  // writes what it read into the cell.
  void compare_exchange(State& s, const Operation& op, Event e) {
    const auto cell = static_cast<std::size_t>(op.expected_location);
    if (s.path.cells[cell] < 0)
      s.path.cells[cell] = s.path.values.constant(test_.locations[cell].initial);
    const int expected = s.path.cells[cell];
    {
      State failed = s;
      ThreadPath& p = failed.path;
      Event r = e;
      r.kind = EventKind::read;
      r.order = op.failure_order;
      p.events.push_back(r);
      const int old = p.values.read(static_cast<int>(p.events.size()) - 1);
      if (op.weak || require(p, p.values.apply(ExprOp::ne, old, expected), e.op_index)) {
        p.cells[cell] = old;
        if (op.dest_register >= 0)
          p.registers[static_cast<std::size_t>(op.dest_register)] = p.values.constant(0);
        run(std::move(failed));
      }
    }
    ThreadPath& p = s.path;
    e.rmw = true;
    e.kind = EventKind::read;
    p.events.push_back(e);
    const int old = p.values.read(static_cast<int>(p.events.size()) - 1);
    if (!require(p, p.values.apply(ExprOp::eq, old, expected), e.op_index)) return;
    e.kind = EventKind::write;
    e.value = value_of(p, op.value);
    p.events.push_back(e);
    if (op.dest_register >= 0)
      p.registers[static_cast<std::size_t>(op.dest_register)] = p.values.constant(1);
    run(std::move(s));
  }

  const Test& test_;
  const Thread& thread_;
  std::size_t max_paths_;
  std::vector<std::pair<const Operation*, std::size_t>> index_of_;
  std::vector<ThreadPath> paths_;
};

}  // namespace

std::vector<ThreadPath> thread_paths(const Test& test, const Thread& thread,
                                     std::size_t max_paths) {
  return PathBuilder(test, thread, max_paths).build();
}

}  // namespace litmuslab::model
