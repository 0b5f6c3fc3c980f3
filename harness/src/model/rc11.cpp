// RC11 (Lahav, Vafeiadis, Kang, Hur, Dreyer, PLDI 2017), and `cpp`: RC11
// without its no-thin-air axiom, as herd7's c11_partialSC.cat.
#include "models.hpp"

namespace litmuslab::model {

namespace {

bool acquire_like(MemoryOrder o) {
  return o == MemoryOrder::acquire || o == MemoryOrder::acq_rel || o == MemoryOrder::seq_cst;
}
bool release_like(MemoryOrder o) {
  return o == MemoryOrder::release || o == MemoryOrder::acq_rel || o == MemoryOrder::seq_cst;
}

// Event classes by access mode; non-atomic events are in none of them.
struct Modes {
  EventSet atomic = 0, release = 0, acquire = 0, seq_cst = 0, sc_fences = 0;
};

Modes classify(const EventStructure& s) {
  Modes m;
  for (int i = 0; i < s.size; ++i) {
    const Event& e = s.events[i];
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

}  // namespace

Rc11Verdict rc11_check(const Execution& x, bool no_thin_air) {
  const EventStructure& s = *x.events;
  const int n = s.size;
  const EventSet all = n == 64 ? ~EventSet{0} : bit(n) - 1;
  const Modes m = classify(s);
  Rc11Verdict verdict;

  // Initialisation is sequenced before every event of every thread.
  const Relation sb = s.po | Relation::product(n, s.initial, all & ~s.initial);
  const Relation id = Relation::identity(n, all);

  // Release sequence: [W]; sb|loc?; [W & atomic]; (rf; rmw)*.
  const Relation rf_rmw_star = x.rf.then(s.rmw).plus().optional();
  const Relation rs =
      (sb & s.same_loc).optional().restrict(s.writes, s.writes & m.atomic).then(rf_rmw_star);
  // sw: [rel]; ([F]; sb)?; rs; rf; [R & atomic]; (sb; [F])?; [acq].
  const Relation from_release =
      Relation::identity(n, m.release) | sb.restrict(m.release & s.fences, all);
  const Relation to_acquire =
      (id | sb.restrict(all, s.fences)).restrict(s.reads & m.atomic, m.acquire);
  const Relation sw = from_release.then(rs).then(x.rf).then(to_acquire);
  const Relation hb = (sb | sw).plus();
  const Relation eco = (x.rf | x.co | x.fr).plus();

  // Coherence: irreflexive(hb; eco?).
  if (!hb.irreflexive() || !hb.then(eco).irreflexive()) return verdict;

  // SC: acyclic(psc_base | psc_F).
  const Relation sb_other_loc = sb.minus(s.same_loc);
  const Relation scb =
      sb | sb_other_loc.then(hb).then(sb_other_loc) | (hb & s.same_loc) | x.co | x.fr;
  const Relation hb_opt = hb.optional();
  const Relation sc_or_fence_before =
      Relation::identity(n, m.seq_cst) | hb_opt.restrict(m.sc_fences, all);
  const Relation sc_or_fence_after =
      Relation::identity(n, m.seq_cst) | hb_opt.restrict(all, m.sc_fences);
  const Relation psc_base = sc_or_fence_before.then(scb).then(sc_or_fence_after);
  const Relation psc_fence = (hb | hb.then(eco).then(hb)).restrict(m.sc_fences, m.sc_fences);
  if (!(psc_base | psc_fence).acyclic()) return verdict;

  if (no_thin_air && !(sb | x.rf).acyclic()) return verdict;
  verdict.consistent = true;

  // A race: conflicting accesses of two threads, one of them non-atomic,
  // ordered by hb in neither direction.
  const EventSet mem = s.memory() & ~s.initial;
  for (int a = 0; a < n && !verdict.data_race; ++a) {
    if (!(mem & bit(a))) continue;
    for (int b = a + 1; b < n; ++b) {
      if (!(mem & bit(b)) || !s.same_loc.has(a, b) || s.same_thread.has(a, b)) continue;
      if (!((s.writes & bit(a)) || (s.writes & bit(b)))) continue;
      if ((m.atomic & bit(a)) && (m.atomic & bit(b))) continue;
      if (!hb.has(a, b) && !hb.has(b, a)) {
        verdict.data_race = true;
        break;
      }
    }
  }
  return verdict;
}

}  // namespace litmuslab::model
