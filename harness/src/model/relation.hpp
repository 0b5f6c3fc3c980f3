// Binary relations over at most 64 events, as one bit row per event, so that
// union, composition and cycle checks are a few word operations per row.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace litmuslab::model {

inline constexpr int kMaxEvents = 64;

// A set of events, one bit per event id.
using EventSet = std::uint64_t;

inline constexpr EventSet bit(int event) { return EventSet{1} << event; }

class Relation {
 public:
  explicit Relation(int size = 0) : size_(size) { rows_.fill(0); }

  int size() const { return size_; }
  bool has(int from, int to) const { return (rows_[from] >> to) & 1U; }
  void add(int from, int to) { rows_[from] |= bit(to); }
  EventSet row(int from) const { return rows_[from]; }
  void set_row(int from, EventSet successors) { rows_[from] = successors; }

  // Every pair in domain x range.
  static Relation product(int size, EventSet domain, EventSet range) {
    Relation r(size);
    for (int i = 0; i < size; ++i)
      if (domain & bit(i)) r.rows_[i] = range;
    return r;
  }
  // [set], the identity restricted to a set.
  static Relation identity(int size, EventSet set) {
    Relation r(size);
    for (int i = 0; i < size; ++i)
      if (set & bit(i)) r.rows_[i] = bit(i);
    return r;
  }

  Relation& operator|=(const Relation& other) {
    for (int i = 0; i < size_; ++i) rows_[i] |= other.rows_[i];
    return *this;
  }
  Relation& operator&=(const Relation& other) {
    for (int i = 0; i < size_; ++i) rows_[i] &= other.rows_[i];
    return *this;
  }
  friend Relation operator|(Relation a, const Relation& b) { return a |= b; }
  friend Relation operator&(Relation a, const Relation& b) { return a &= b; }
  // Pairs of this that are not in other.
  Relation minus(const Relation& other) const {
    Relation r = *this;
    for (int i = 0; i < size_; ++i) r.rows_[i] &= ~other.rows_[i];
    return r;
  }

  // this ; other
  Relation then(const Relation& other) const {
    Relation r(size_);
    for (int i = 0; i < size_; ++i)
      for (EventSet mids = rows_[i]; mids; mids &= mids - 1)
        r.rows_[i] |= other.rows_[std::countr_zero(mids)];
    return r;
  }
  // [domain] ; this ; [range]
  Relation restrict(EventSet domain, EventSet range) const {
    Relation r(size_);
    for (int i = 0; i < size_; ++i)
      if (domain & bit(i)) r.rows_[i] = rows_[i] & range;
    return r;
  }
  Relation inverse() const {
    Relation r(size_);
    for (int i = 0; i < size_; ++i)
      for (EventSet to = rows_[i]; to; to &= to - 1) r.add(std::countr_zero(to), i);
    return r;
  }
  // this+ (Warshall on bit rows).
  Relation plus() const {
    Relation r = *this;
    for (int k = 0; k < size_; ++k)
      for (int i = 0; i < size_; ++i)
        if (r.rows_[i] & bit(k)) r.rows_[i] |= r.rows_[k];
    return r;
  }
  // this? (reflexive over all events).
  Relation optional() const {
    Relation r = *this;
    for (int i = 0; i < size_; ++i) r.rows_[i] |= bit(i);
    return r;
  }

  bool empty() const {
    for (int i = 0; i < size_; ++i)
      if (rows_[i]) return false;
    return true;
  }
  bool irreflexive() const {
    for (int i = 0; i < size_; ++i)
      if (has(i, i)) return false;
    return true;
  }
  // Peels off events with no successor left; a cycle is what cannot be peeled.
  bool acyclic() const {
    EventSet alive = size_ == 64 ? ~EventSet{0} : bit(size_) - 1;
    bool progress = true;
    while (alive && progress) {
      progress = false;
      for (EventSet left = alive; left; left &= left - 1) {
        const int i = std::countr_zero(left);
        if ((rows_[i] & alive) == 0) {
          alive &= ~bit(i);
          progress = true;
        }
      }
    }
    return alive == 0;
  }

 private:
  int size_;
  std::array<EventSet, kMaxEvents> rows_;
};

}  // namespace litmuslab::model
