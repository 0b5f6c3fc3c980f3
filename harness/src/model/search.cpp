#include "search.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

namespace litmuslab::model {

namespace {

// One node of the search: the choices so far and what they imply.
struct Node {
  std::array<std::int8_t, kMaxEvents> rf;        // source write per read, -1 when not chosen
  std::array<std::int32_t, kMaxEvents> value{};  // per event, meaningful where `known`
  EventSet known = 0;                            // events whose value is computed
  EventSet with_rf = 0;                          // reads whose source is chosen
  EventSet rmw_sources = 0;  // writes that an RMW read reads from (at most one each)
  EventSet placed = 0;       // writes next_write has placed (co is known up to them)
  Relation co;               // coherence edges known so far, transitively closed
};

class Search {
 public:
  Search(const Test& test, const EventStructure& s, const SearchPlan& plan, const Axioms& axioms,
         SearchShared& shared)
      : test_(test),
        s_(s),
        plan_(plan),
        axioms_(axioms),
        shared_(shared),
        race_possible_(plan.race_possible && axioms.judges_races()) {}

  void run() {
    Node root;
    root.rf.fill(-1);
    root.co = Relation(s_.size);
    for (std::size_t l = 0; l < s_.writes_of.size(); ++l) {
      const int init = s_.initial_write[l];
      if (init >= 0) root.co.set_row(init, s_.writes_of[l] & ~bit(init));
    }
    // CoWW: a thread's writes to a location are co-ordered as in program order.
    for (EventSet left = s_.writes & ~s_.initial; left; left &= left - 1) {
      const int w = std::countr_zero(left);
      for (EventSet later = s_.po.row(w) & s_.same_loc.row(w) & s_.writes; later;
           later &= later - 1)
        if (!add_co(root, w, std::countr_zero(later))) return;
    }
    for (int i = 0; i < s_.size; ++i) {
      const Event& e = s_.events[static_cast<std::size_t>(i)];
      if (e.kind == EventKind::write && s_.values.reads_of(e.value) == 0) {
        root.value[static_cast<std::size_t>(i)] = s_.values.evaluate(e.value, nullptr);
        root.known |= bit(i);
      }
    }
    root.placed = plan_.chained & s_.initial;
    if (!settle(root, 0)) return;
    dfs(root, 0);
  }

 private:
  using Step = SearchPlan::Step;

  // ------------------------------------------------------------------ edges

  // Adds a -> b to co and closes it; false on a cycle.
  bool add_co(Node& n, int a, int b) const {
    if (a == b || n.co.has(b, a)) return false;
    if (n.co.has(a, b)) return true;
    const EventSet reach = bit(b) | n.co.row(b);
    const EventSet same =
        s_.writes_of[static_cast<std::size_t>(s_.events[static_cast<std::size_t>(a)].location)];
    n.co.set_row(a, n.co.row(a) | reach);
    for (EventSet left = same; left; left &= left - 1) {
      const int x = std::countr_zero(left);
      if (n.co.has(x, a)) n.co.set_row(x, n.co.row(x) | reach);
    }
    return true;
  }

  // Read r reads from w: record it, with the coherence order it forces.
  bool choose_source(Node& n, int r, int w) const {
    if (plan_.rmw_reads & bit(r)) {
      // Atomicity: one RMW per write, right after it in co.
      if (n.rmw_sources & bit(w)) return false;
      n.rmw_sources |= bit(w);
      if (!add_co(n, w, r + 1)) return false;
    }
    n.rf[static_cast<std::size_t>(r)] = static_cast<std::int8_t>(w);
    n.with_rf |= bit(r);
    const Event& e = s_.events[static_cast<std::size_t>(r)];
    const EventSet mine = s_.same_thread.row(r);
    const EventSet writes = s_.writes_of[static_cast<std::size_t>(e.location)] & mine;
    // CoWR: an earlier write of this thread is co-before w; CoRW: a later one co-after.
    for (EventSet left = writes; left; left &= left - 1) {
      const int u = std::countr_zero(left);
      if (u == w) continue;
      if (s_.po.has(u, r) ? !add_co(n, u, w) : !add_co(n, w, u)) return false;
    }
    // CoRR: reads of this thread on the location see co in program order.
    const EventSet reads = s_.reads_of[static_cast<std::size_t>(e.location)] & mine & n.with_rf;
    for (EventSet left = reads & ~bit(r); left; left &= left - 1) {
      const int r2 = std::countr_zero(left);
      const int w2 = n.rf[static_cast<std::size_t>(r2)];
      if (w2 == w) continue;
      if (s_.po.has(r2, r) ? !add_co(n, w2, w) : !add_co(n, w, w2)) return false;
    }
    return true;
  }

  // ------------------------------------------------------------------ values

  // Computes every value the choices allow, checks the guesses whose values
  // are now known, and asks the model. False when the node is inconsistent.
  bool settle(Node& n, EventSet known_before) {
    bool changed = true;
    while (changed) {
      changed = false;
      for (EventSet left = n.with_rf & ~n.known; left; left &= left - 1) {
        const int r = std::countr_zero(left);
        const int w = n.rf[static_cast<std::size_t>(r)];
        if (n.known & bit(w)) {
          n.value[static_cast<std::size_t>(r)] = n.value[static_cast<std::size_t>(w)];
          n.known |= bit(r);
          changed = true;
        }
      }
      for (EventSet left = s_.writes & ~n.known; left; left &= left - 1) {
        const int w = std::countr_zero(left);
        const int node = s_.events[static_cast<std::size_t>(w)].value;
        if ((s_.values.reads_of(node) & ~n.known) == 0) {
          n.value[static_cast<std::size_t>(w)] = s_.values.evaluate(node, n.value.data());
          n.known |= bit(w);
          changed = true;
        }
      }
    }
    for (const EventCheck& c : s_.checks) {
      const EventSet needs = s_.values.reads_of(c.value);
      if ((needs & ~n.known) || (needs & ~known_before) == 0) continue;
      if (s_.values.evaluate(c.value, n.value.data()) != 0) continue;
      if (c.address_offset) {
        const Operation& op = *operations_of(
            test_
                .threads[static_cast<std::size_t>(c.thread)])[static_cast<std::size_t>(c.op_index)];
        throw_unsupported(test_, op.address.pos.line ? op.address.pos : op.pos,
                          "an address offset that is not 0 in some execution (the models take "
                          "only offsets that are always 0, as herd7's tests keep them)");
      }
      return false;
    }
    // Atomicity: nothing co-between an RMW's source and its write.
    for (EventSet left = plan_.rmw_reads & n.with_rf; left; left &= left - 1) {
      const int r = std::countr_zero(left);
      const int w = n.rf[static_cast<std::size_t>(r)];
      for (EventSet mid = n.co.row(w) & ~bit(r + 1); mid; mid &= mid - 1)
        if (n.co.has(std::countr_zero(mid), r + 1)) return false;
    }
    candidate(n, c_);
    return coherent(s_, c_) && axioms_.consistent(c_);
  }

  void candidate(const Node& n, Candidate& c) const {
    c.rf = c.fr = Relation(s_.size);
    c.co = n.co;
    for (EventSet left = n.with_rf; left; left &= left - 1) {
      const int r = std::countr_zero(left);
      const int w = n.rf[static_cast<std::size_t>(r)];
      c.rf.add(w, r);
      c.fr.set_row(r, n.co.row(w));
    }
  }

  // ------------------------------------------------------------------ state

  // The co-last write of a location when co already fixes it, else -1.
  int last_write(const Node& n, int location) const {
    const EventSet writes = s_.writes_of[static_cast<std::size_t>(location)];
    int last = -1;
    for (EventSet left = writes; left; left &= left - 1) {
      const int w = std::countr_zero(left);
      if ((n.co.row(w) & writes) == 0) {
        if (last >= 0) return -1;  // two maximal writes: not decided yet
        last = w;
      }
    }
    return last;
  }

  // Fills `out` with every key's value; false while some key is open.
  bool state(const Node& n, StateValues& out) const {
    out.clear();
    for (const KeySource& k : plan_.keys) {
      if (k.is_constant) {
        out.push_back(k.constant);
      } else if (k.node >= 0) {
        if (s_.values.reads_of(k.node) & ~n.known) return false;
        out.push_back(s_.values.evaluate(k.node, n.value.data()));
      } else {
        const int w = last_write(n, k.location);
        if (w < 0 || !(n.known & bit(w))) return false;
        out.push_back(n.value[static_cast<std::size_t>(w)]);
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ search

  void poll() {
    if ((++shared_.nodes & 0xfff) == 0 && shared_.poll) shared_.poll(shared_);
  }

  bool want_race() const { return race_possible_ && !shared_.data_race; }

  // Returns true to stop: a consistent completion was found for the
  // current state and nothing else is wanted from this subtree.
  bool dfs(Node& n, std::size_t step) {
    poll();
    if (!existence_ && state(n, scratch_)) {
      if (test_.filter && !passes_filter(test_, scratch_)) return false;
      scratch_.resize(test_.observed.size());
      recorded_ = shared_.states.count(scratch_) > 0;
      if (recorded_ && !want_race()) return false;
      current_ = scratch_;
      existence_ = true;
      dfs(n, step);
      existence_ = false;
      return false;
    }
    if (step < plan_.decisions.size()) {
      const SearchPlan::Decision d = plan_.decisions[step];
      if (d.step == Step::read_from) {
        for (EventSet left = plan_.sources[static_cast<std::size_t>(d.target)]; left;
             left &= left - 1) {
          Node child = n;
          if (!choose_source(child, d.target, std::countr_zero(left))) continue;
          if (!settle(child, n.known)) continue;
          if (dfs(child, step + 1)) return true;
        }
        return false;
      }
      if (d.step == Step::next_write) return next_write(n, d.target, step);
      const EventSet writes = s_.writes_of[static_cast<std::size_t>(d.target)];
      for (EventSet left = writes; left; left &= left - 1) {
        const int last = std::countr_zero(left);
        if (n.co.row(last) & writes) continue;  // already co-before another write
        Node child = n;
        bool ok = true;
        for (EventSet others = writes & ~bit(last); ok && others; others &= others - 1)
          ok = add_co(child, std::countr_zero(others), last);
        if (!ok || !settle(child, n.known)) continue;
        if (dfs(child, step + 1)) return true;
      }
      return false;
    }
    // Complete co: order the first two writes of a location that co leaves unordered.
    for (const EventSet writes : s_.writes_of) {
      for (EventSet left = writes; left; left &= left - 1) {
        const int a = std::countr_zero(left);
        const EventSet open = writes & ~n.co.row(a) & ~((bit(a) << 1) - 1);
        for (EventSet rest = open; rest; rest &= rest - 1) {
          const int b = std::countr_zero(rest);
          if (n.co.has(b, a)) continue;
          for (const auto& [x, y] : {std::pair{a, b}, std::pair{b, a}}) {
            Node child = n;
            if (!add_co(child, x, y) || !settle(child, n.known)) continue;
            if (dfs(child, step)) return true;
          }
          return false;
        }
      }
    }
    return leaf(n);
  }

  // Places the next write of `location` in co, after every write placed so
  // far and before every other one; an RMW's read reads the write before it.
  bool next_write(const Node& n, int location, std::size_t step) {
    const EventSet writes = s_.writes_of[static_cast<std::size_t>(location)];
    const EventSet placed = n.placed & writes, open = writes & ~placed;
    int tail = -1;  // the last placed write
    for (EventSet left = placed; left; left &= left - 1)
      if ((n.co.row(std::countr_zero(left)) & placed) == 0) tail = std::countr_zero(left);
    for (EventSet left = open; left; left &= left - 1) {
      const int w = std::countr_zero(left);
      bool first = true;  // no open write is known to come before w
      for (EventSet others = open & ~bit(w); first && others; others &= others - 1)
        first = !n.co.has(std::countr_zero(others), w);
      if (!first) continue;
      const int before = plan_.placed_after[static_cast<std::size_t>(w)];
      if (before >= 0 && !(n.placed & bit(before))) continue;  // symmetry
      const int read = w - 1;
      const bool rmw = (plan_.rmw_reads & bit(read)) && s_.rmw.has(read, w);
      if (rmw && !(plan_.sources[static_cast<std::size_t>(read)] & bit(tail))) continue;
      Node child = n;
      bool ok = rmw ? choose_source(child, read, tail) : add_co(child, tail, w);
      for (EventSet others = open & ~bit(w); ok && others; others &= others - 1)
        ok = add_co(child, w, std::countr_zero(others));
      child.placed |= bit(w);
      if (!ok || !settle(child, n.known)) continue;
      if (dfs(child, step + 1)) return true;
    }
    return false;
  }

  // Every choice made: the candidate is complete.
  bool leaf(const Node& n) {
    if (!existence_) return false;  // some value never became known: unsolvable
    if ((n.known & s_.memory()) != s_.memory()) return false;  // a cycle of values
    ++shared_.consistent;
    if (!recorded_) {
      shared_.states.insert(current_);
      recorded_ = true;
    }
    if (want_race()) {
      candidate(n, c_);
      if (axioms_.races(c_)) shared_.data_race = true;
    }
    return !want_race();
  }

  const Test& test_;
  const EventStructure& s_;
  const SearchPlan& plan_;
  const Axioms& axioms_;
  SearchShared& shared_;

  bool race_possible_;

  bool existence_ = false;  // the state is fixed; looking for one consistent completion
  bool recorded_ = false;   // that state is already in shared_.states
  StateValues current_, scratch_;
  Candidate c_;
};

}  // namespace

void search_executions(const Test& test, const EventStructure& events, const SearchPlan& plan,
                       const Axioms& axioms, SearchShared& shared) {
  if (plan.feasible) Search(test, events, plan, axioms, shared).run();
}

}  // namespace litmuslab::model
