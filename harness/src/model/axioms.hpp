// The consistency axioms of each model, checked on a candidate whose
// read-from and coherence edges may be only partly known. Every axiom here
// is the acyclicity, irreflexivity or emptiness of relations that only grow
// as edges are added, so an inconsistent partial candidate has no consistent
// completion: the search prunes with the same check it uses at the end.
#pragma once

#include <memory>
#include <string_view>

#include "event_structure.hpp"
#include "litmuslab/model.hpp"

namespace litmuslab::model {

// The edges known so far. co is transitively closed; fr = rf^-1; co.
struct Candidate {
  Relation rf, co, fr;
};

class Axioms {
 public:
  virtual ~Axioms() = default;
  virtual bool consistent(const Candidate& c) const = 0;
  // A complete, consistent candidate: does it race on a non-atomic location
  // (herd7's Undef)? Only cpp and rc11 judge races.
  virtual bool races(const Candidate&) const { return false; }
  virtual bool judges_races() const { return false; }
};

// sc-per-location, which every model includes: acyclic(po-loc | rf | co | fr).
bool coherent(const EventStructure& s, const Candidate& c);

std::unique_ptr<Axioms> sc_axioms(const EventStructure& s);
std::unique_ptr<Axioms> tso_axioms(const EventStructure& s);
std::unique_ptr<Axioms> armv8_axioms(const EventStructure& s, bool rcpc);
// no_thin_air false gives `cpp`.
std::unique_ptr<Axioms> rc11_axioms(const EventStructure& s, bool no_thin_air);

// By model name (one of model_names()).
std::unique_ptr<Axioms> make_axioms(std::string_view model, const EventStructure& s,
                                    const ModelOptions& options);

}  // namespace litmuslab::model
