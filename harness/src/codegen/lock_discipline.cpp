// A kernel's spin_lock spins until it takes the lock, so a test whose lock
// could stay held forever would hang a run. Kernels take only tests where
// that cannot happen, the way a deadlock-free program uses mutexes:
//  - every lock starts unlocked;
//  - on every path through a thread, it releases exactly the locks it
//    took (never one it does not hold, never one twice, none left at the end);
//  - the threads take nested locks in one global order (no AB/BA).
// Then a waiting thread waits for a holder that is inside its critical
// section of the same instance and will leave it. Anything else is refused
// with a message; the models still take it (`litmuslab model`).
//
// Paths: each if/else goes both ways unless its condition is already known
// (registers set from constants or from spin_trylock), and each trylock
// either takes the lock (result 1) or not (result 0), so
// `if (spin_trylock(l)) { ...; spin_unlock(l); }` is accepted.
#include <map>
#include <optional>

#include "kernel_code.hpp"

namespace litmuslab::codegen {
namespace {

std::string at(SourcePos pos) {
  return std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

const std::string kModelsTakeIt = " (the models take it: `litmuslab model` gives its states)";

// Too many paths to walk: with branches on loaded values, 2^12 paths is
// more than any litmus test has.
constexpr int kMaxPaths = 4096;

struct Frame {
  const std::vector<Statement>* body;
  std::size_t next = 0;
};

struct PathState {
  std::vector<Frame> frames;
  std::vector<std::optional<SourcePos>> held;      // per location: where this path took it
  std::vector<std::optional<std::int32_t>> known;  // per register
};

// Lock `to` taken while `from` is held: from -> to, with where it happened.
struct OrderEdge {
  int thread;
  SourcePos pos;
};

class LockWalk {
 public:
  LockWalk(const Test& test, std::map<std::pair<int, int>, OrderEdge>& order)
      : test_(test), order_(order) {}

  void thread(const Thread& thread) {
    thread_ = &thread;
    paths_ = 0;
    PathState start;
    start.frames.push_back({&thread.body});
    start.held.resize(test_.locations.size());
    start.known.assign(thread.registers.size(), std::int32_t{0});  // herd7's registers start at 0
    walk(std::move(start));
  }

 private:
  std::string who() const { return "P" + std::to_string(thread_->index); }
  const std::string& name(int location) const { return test_.locations.at(location).name; }

  std::optional<std::int32_t> value_of(const Expr& expr, const PathState& state) const {
    std::vector<std::int32_t> registers(state.known.size(), 0);
    for (int r : registers_read(expr)) {
      if (!state.known[r]) return std::nullopt;
      registers[r] = *state.known[r];
    }
    return evaluate(expr, registers);
  }

  void walk(PathState state) {
    if (++paths_ > kMaxPaths)
      refuse(test_, thread_->pos,
             who() + " has more than " + std::to_string(kMaxPaths) +
                 " paths, too many to check that its locks cannot block a run" + kModelsTakeIt);
    while (!state.frames.empty()) {
      Frame& frame = state.frames.back();
      if (frame.next == frame.body->size()) {
        state.frames.pop_back();
        continue;
      }
      const Statement& statement = (*frame.body)[frame.next++];
      if (statement.kind == Statement::Kind::branch) {
        const std::optional<std::int32_t> condition = value_of(statement.condition, state);
        if (!condition) {  // both ways: the else arm on a copy, the then arm here
          PathState other = state;
          other.frames.push_back({&statement.else_body});
          walk(std::move(other));
        }
        state.frames.push_back(
            {condition && *condition == 0 ? &statement.else_body : &statement.then_body});
        continue;
      }
      const Operation& op = statement.op;
      if (op.kind == OpKind::trylock && !state.held[op.address.location]) {
        PathState failed = state;  // a held lock: result 0, nothing taken
        if (op.dest_register >= 0) failed.known[op.dest_register] = 0;
        walk(std::move(failed));
      }
      operation(op, state);
    }
    for (std::size_t l = 0; l < state.held.size(); ++l)
      if (state.held[l])
        refuse(test_, *state.held[l],
               who() + " may end holding lock " + name(static_cast<int>(l)) + " (taken at " +
                   at(*state.held[l]) +
                   "), so another thread's spin_lock could wait forever; a run takes only tests "
                   "whose threads release every lock they take" +
                   kModelsTakeIt);
  }

  void take(const Operation& op, PathState& state) {
    const int lock = op.address.location;
    for (std::size_t l = 0; l < state.held.size(); ++l)
      if (state.held[l])
        order_.try_emplace({static_cast<int>(l), lock}, OrderEdge{thread_->index, op.pos});
    state.held[lock] = op.pos;
  }

  void operation(const Operation& op, PathState& state) {
    const int lock = op.address.location;
    const bool has_dest = op.dest_register >= 0;
    switch (op.kind) {
      case OpKind::lock:
        if (state.held[lock])
          refuse(test_, op.pos,
                 who() + " takes lock " + name(lock) + " while it holds it (taken at " +
                     at(*state.held[lock]) + "), so it would wait for itself" + kModelsTakeIt);
        take(op, state);
        return;
      case OpKind::trylock:
        if (state.held[lock]) {  // it fails: the lock is held (by this thread)
          if (has_dest) state.known[op.dest_register] = 0;
          return;
        }
        take(op, state);
        if (has_dest) state.known[op.dest_register] = 1;
        return;
      case OpKind::unlock:
        if (!state.held[lock])
          refuse(test_, op.pos,
                 who() + " releases lock " + name(lock) +
                     " on a path where it does not hold it; a run takes only tests whose threads "
                     "release exactly the locks they took" +
                     kModelsTakeIt);
        state.held[lock].reset();
        return;
      case OpKind::assign:
        if (has_dest) state.known[op.dest_register] = value_of(op.value, state);
        return;
      default:
        if (has_dest) state.known[op.dest_register].reset();  // a value read from memory
        return;
    }
  }

  const Test& test_;
  std::map<std::pair<int, int>, OrderEdge>& order_;
  const Thread* thread_ = nullptr;
  int paths_ = 0;
};

// A cycle in the lock order, as the edges that close it; empty if none.
std::vector<std::pair<std::pair<int, int>, OrderEdge>> order_cycle(
    const std::map<std::pair<int, int>, OrderEdge>& order, std::size_t locations) {
  enum class Mark { unseen, open, done };
  std::vector<Mark> mark(locations, Mark::unseen);
  std::vector<std::pair<std::pair<int, int>, OrderEdge>> path;
  const auto visit = [&](int from, const auto& self) -> bool {
    mark[from] = Mark::open;
    for (const auto& [edge, where] : order) {
      if (edge.first != from) continue;
      path.push_back({edge, where});
      if (mark[edge.second] == Mark::open) {
        // Keep only the cycle's own edges.
        while (path.front().first.first != edge.second) path.erase(path.begin());
        return true;
      }
      if (mark[edge.second] == Mark::unseen && self(edge.second, self)) return true;
      path.pop_back();
    }
    mark[from] = Mark::done;
    return false;
  };
  for (std::size_t l = 0; l < locations; ++l)
    if (mark[l] == Mark::unseen && visit(static_cast<int>(l), visit)) return path;
  return {};
}

}  // namespace

void require_lock_discipline(const Test& test) {
  bool any = false;
  for (const Location& location : test.locations) {
    if (!location.lock) continue;
    any = true;
    if (location.initial != 0)
      refuse(test, location.pos,
             "lock " + location.name + " starts locked, so a spin_lock on it could wait forever" +
                 kModelsTakeIt);
  }
  if (!any) return;
  std::map<std::pair<int, int>, OrderEdge> order;
  LockWalk walk(test, order);
  for (const Thread& thread : test.threads) walk.thread(thread);
  const auto cycle = order_cycle(order, test.locations.size());
  if (cycle.empty()) return;
  std::string steps;
  for (const auto& [edge, where] : cycle)
    steps += (steps.empty() ? "" : ", ") + std::string("P") + std::to_string(where.thread) +
             " takes " + test.locations[edge.second].name + " holding " +
             test.locations[edge.first].name + " at " + at(where.pos);
  refuse(test, cycle.front().second.pos,
         "its threads take locks in opposite orders (" + steps + "), so a run could deadlock" +
             kModelsTakeIt);
}

}  // namespace litmuslab::codegen
