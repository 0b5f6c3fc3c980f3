// RC11 (Lahav, Vafeiadis, Kang, Hur, Dreyer, PLDI 2017), as herd7's rc11.cat,
// and `cpp`: RC11 without its no-thin-air axiom (C++20's SC axiom, P0668).
#include "axioms.hpp"
#include "memory_orders.hpp"

namespace litmuslab::model {

namespace {

// Event classes by access mode; non-atomic events are in none of them.
struct Modes {
  EventSet atomic = 0, release = 0, acquire = 0, seq_cst = 0, sc_fences = 0;
};

Modes classify(const EventStructure& s) {
  Modes m;
  for (int i = 0; i < s.size; ++i) {
    const Event& e = s.events[static_cast<std::size_t>(i)];
    if (e.initial || !e.atomic) continue;
    m.atomic |= bit(i);
    if (e.kind != EventKind::read && release_like(e.order)) m.release |= bit(i);
    if (e.kind != EventKind::write && acquire_like(e.order)) m.acquire |= bit(i);
    if (e.order == MemoryOrder::seq_cst) {
      m.seq_cst |= bit(i);
      if (e.kind == EventKind::fence) m.sc_fences |= bit(i);
    }
  }
  return m;
}

class Rc11 : public Axioms {
 public:
  Rc11(const EventStructure& s, bool no_thin_air)
      : s_(s), m_(classify(s)), no_thin_air_(no_thin_air), sb_(s.size) {
    const int n = s.size;
    const EventSet all = s.all();
    // Initialisation is sequenced before every event of every thread.
    sb_ = s.po | Relation::product(n, s.initial, all & ~s.initial);
    sb_loc_w_ = (sb_ & s.same_loc).optional().restrict(s.writes, s.writes & m_.atomic);
    from_release_ = Relation::identity(n, m_.release) | sb_.restrict(m_.release & s.fences, all);
    to_acquire_ = (Relation::identity(n, all) | sb_.restrict(all, s.fences))
                      .restrict(s.reads & m_.atomic, m_.acquire);
    sb_other_loc_ = sb_.minus(s.same_loc);
  }

  bool consistent(const Candidate& c) const override {
    Relation hb(s_.size);
    return check(c, hb);
  }

  bool judges_races() const override { return true; }

  // A race: conflicting accesses of two threads, one of them non-atomic,
  // ordered by hb in neither direction (initial writes never race).
  bool races(const Candidate& c) const override {
    Relation hb(s_.size);
    check(c, hb);
    const EventSet mem = s_.memory() & ~s_.initial;
    for (int a = 0; a < s_.size; ++a) {
      if (!(mem & bit(a))) continue;
      EventSet conflicting = s_.same_loc.row(a) & mem & ~s_.same_thread.row(a);
      if (!(s_.writes & bit(a))) conflicting &= s_.writes;
      if (m_.atomic & bit(a)) conflicting &= ~m_.atomic;
      conflicting &= ~hb.row(a);
      for (EventSet left = conflicting; left; left &= left - 1)
        if (!hb.has(std::countr_zero(left), a)) return true;
    }
    return false;
  }

 private:
  // Fills hb and returns whether the candidate is consistent.
  bool check(const Candidate& c, Relation& hb) const {
    const int n = s_.size;
    // Release sequence: [W]; sb|loc?; [W & atomic]; (rf; rmw)*.
    const Relation rs = sb_loc_w_.then(c.rf.then(s_.rmw).plus().optional());
    // sw: [rel]; ([F]; sb)?; rs; rf; [R & atomic]; (sb; [F])?; [acq].
    const Relation sw = from_release_.then(rs).then(c.rf).then(to_acquire_);
    hb = (sb_ | sw).plus();
    const Relation eco = (c.rf | c.co | c.fr).plus();

    // Coherence: irreflexive(hb; eco?).
    if (!hb.irreflexive() || !hb.then(eco).irreflexive()) return false;

    // SC: acyclic(psc_base | psc_F).
    const Relation scb =
        sb_ | sb_other_loc_.then(hb).then(sb_other_loc_) | (hb & s_.same_loc) | c.co | c.fr;
    const Relation hb_opt = hb.optional();
    const Relation sc_or_fence_before =
        Relation::identity(n, m_.seq_cst) | hb_opt.restrict(m_.sc_fences, s_.all());
    const Relation sc_or_fence_after =
        Relation::identity(n, m_.seq_cst) | hb_opt.restrict(s_.all(), m_.sc_fences);
    const Relation psc_base = sc_or_fence_before.then(scb).then(sc_or_fence_after);
    const Relation psc_fence = (hb | hb.then(eco).then(hb)).restrict(m_.sc_fences, m_.sc_fences);
    if (!(psc_base | psc_fence).acyclic()) return false;

    return !no_thin_air_ || (sb_ | c.rf).acyclic();
  }

  const EventStructure& s_;
  Modes m_;
  bool no_thin_air_;
  Relation sb_, sb_loc_w_, from_release_, to_acquire_, sb_other_loc_;
};

}  // namespace

std::unique_ptr<Axioms> rc11_axioms(const EventStructure& s, bool no_thin_air) {
  return std::make_unique<Rc11>(s, no_thin_air);
}

}  // namespace litmuslab::model
