// Sequential consistency, x86-TSO, sc-per-location, and the dispatch by name.
#include <stdexcept>
#include <string>

#include "axioms.hpp"

namespace litmuslab::model {

bool coherent(const EventStructure& s, const Candidate& c) {
  return ((s.po & s.same_loc) | c.rf | c.co | c.fr).acyclic();
}

namespace {

class Sc : public Axioms {
 public:
  explicit Sc(const EventStructure& s) : s_(s) {}
  bool consistent(const Candidate& c) const override {
    return (s_.po | c.rf | c.co | c.fr).acyclic();
  }

 private:
  const EventStructure& s_;
};

// gcc 12 on x86_64: every RMW is a locked instruction (xchg, lock xadd, lock
// cmpxchg, or a lock cmpxchg loop for fetch_and/or/xor), and a failed
// compare-exchange or trylock still reads locked; spin_lock is a locked RMW,
// spin_unlock a plain mov; a seq_cst store is xchg, whose hidden read only
// restores W->R order around it, so marking its write locked is enough.
bool locked(const Event& e) {
  if (e.initial || e.kind == EventKind::fence || !e.atomic) return false;
  if (is_rmw(e.op_kind) || e.op_kind == OpKind::lock || e.op_kind == OpKind::trylock) return true;
  return e.kind == EventKind::write && e.op_kind == OpKind::store &&
         e.order == MemoryOrder::seq_cst;
}

// Only a seq_cst fence emits code (mfence or lock or); acquire and release
// fences compile to nothing.
bool mfence(const Event& e) {
  return e.kind == EventKind::fence && e.order == MemoryOrder::seq_cst;
}

class Tso : public Axioms {
 public:
  explicit Tso(const EventStructure& s) : s_(s), ghb_(s.size) {
    EventSet locked_events = 0, mfences = 0;
    for (int i = 0; i < s.size; ++i) {
      if (locked(s.events[static_cast<std::size_t>(i)])) locked_events |= bit(i);
      if (mfence(s.events[static_cast<std::size_t>(i)])) mfences |= bit(i);
    }
    const EventSet mem = s.memory();
    const Relation po_mem = s.po.restrict(mem, mem);
    // Program order is kept except from a write to a later read ...
    const Relation w_to_r = po_mem.restrict(s.writes, s.reads);
    ghb_ = po_mem.minus(w_to_r);
    // ... unless either side is locked, or an mfence sits between them.
    ghb_ |= w_to_r.restrict(s.writes, locked_events & s.reads);
    ghb_ |= w_to_r.restrict(locked_events & s.writes, s.reads);
    ghb_ |= s.po.restrict(mem, mfences).then(s.po).restrict(mem, mem);
  }
  bool consistent(const Candidate& c) const override {
    return (ghb_ | c.rf.minus(s_.same_thread) | c.co | c.fr).acyclic();
  }

 private:
  const EventStructure& s_;
  Relation ghb_;  // the program-order part of ghb
};

}  // namespace

std::unique_ptr<Axioms> sc_axioms(const EventStructure& s) { return std::make_unique<Sc>(s); }
std::unique_ptr<Axioms> tso_axioms(const EventStructure& s) { return std::make_unique<Tso>(s); }

std::unique_ptr<Axioms> make_axioms(std::string_view model, const EventStructure& s,
                                    const ModelOptions& options) {
  if (model == "sc") return sc_axioms(s);
  if (model == "x86-tso") return tso_axioms(s);
  if (model == "armv8") return armv8_axioms(s, options.arm_rcpc);
  if (model == "cpp") return rc11_axioms(s, false);
  if (model == "rc11") return rc11_axioms(s, true);
  throw std::invalid_argument("unknown model '" + std::string(model) + "'");
}

}  // namespace litmuslab::model
