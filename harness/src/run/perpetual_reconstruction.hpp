// Perpetual mode's counting: instances reconstructed from two threads' load
// logs. The pairing is defined in harness/README.md, "Perpetual mode":
//
//  1. Weak instances first: the most pairs (i, j) whose state satisfies the
//     condition, each iteration in at most one pair. For a conjunction the
//     partners j of iteration i form an interval whose ends never decrease
//     with i, so taking each i in turn with its smallest free partner is a
//     maximum matching, found in one linear sweep.
//  2. The iterations left over are paired in order: the r-th unmatched
//     iteration of one thread with the r-th unmatched one of the other.
//
// Every iteration is in exactly one instance, so a lane of n iterations gives
// n instances, and by maximality no leftover pair satisfies the condition.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "kernel/perpetual_shape.hpp"
#include "run/histogram.hpp"
#include "litmuslab/test.hpp"

namespace litmuslab::run {

// One lane of one chunk: thread t's load in `slot` during iteration k (1..n)
// saw log[t][slot * n + (k - 1)], the partner's iteration number or 0.
struct LaneLogs {
  const std::int32_t* log[2] = {nullptr, nullptr};
  std::int32_t iterations = 0;  // n
};

// The thread whose iterations step 1 walks, in turn: P1 when the condition
// has fewer saw-write atoms on P0 than on P1 (MP, CoRR), else P0 (SB, LB).
// A partner's saw-write atom needs a search; the walker's own atoms do not.
int perpetual_outer_thread(const kernel::PerpetualShape& shape);

// The matching sweep has forms that find the same pairs (see
// perpetual_sweep.hpp): branching, which settles blocks of iterations at once
// where the logs allow; wide, the same in blocks of sixteen compared in
// AVX-512 registers (branching where the CPU lacks them); by segments between
// changes of the logs; and branchless. `adaptive` times the forms on the
// lanes it counts and uses the fastest; the sweep itself runs the others.
enum class SweepForm { segments, branching, branchless, wide, adaptive };

class MatchingSweep;
struct SweepResult;
class PairStateCounter;

// One thread's counts; merge them with drain_into.
class PerpetualTally {
 public:
  explicit PerpetualTally(const kernel::PerpetualShape& shape,
                          SweepForm form = SweepForm::adaptive);
  ~PerpetualTally();
  PerpetualTally(PerpetualTally&&) noexcept;
  PerpetualTally& operator=(PerpetualTally&&) noexcept;

  // Reconstructs one lane; `seconds` dates the states seen for the first time.
  void count(const LaneLogs& logs, double seconds = 0);

  std::uint64_t instances() const;
  std::uint64_t matches() const { return matches_; }  // pairs of step 1

  // States are keyed as Test::observed; first_seen keeps the earliest date.
  void drain_into(OutcomeHistogram& histogram, std::map<StateValues, double>* first_seen) const;

 private:
  SweepForm next_form();
  double& cost_of(SweepForm form) { return cost_[static_cast<int>(form)]; }
  bool count_without_matches(const LaneLogs& logs);
  void count_with_sweep(const LaneLogs& logs);

  kernel::PerpetualShape shape_;
  int outer_ = 0;                           // the thread whose iterations the sweep walks
  bool state_fixed_by_condition_ = false;   // every key is in the condition
  unsigned condition_bits_ = 0;             // the matched state, when fixed
  std::size_t states_ = 0;                  // 2^keys
  std::vector<std::uint64_t> counts_;       // by state bits: bit k set when key k saw the write
  std::vector<double> first_seen_;          // by state bits; < 0 until seen
  std::vector<std::uint64_t> lane_counts_;  // by state bits, for one lane
  std::uint64_t matches_ = 0;
  SweepForm form_;
  // What the adaptive choice remembers: seconds per iteration of each form
  // (by form, adaptive excluded; 0 until tried), and lanes since it last
  // tried the other.
  double cost_[static_cast<int>(SweepForm::adaptive)] = {};
  int lanes_since_probe_ = 0;
  bool probing_ = false;  // the form in use was picked to be timed
  std::uint64_t lanes_counted_ = 0;
  std::unique_ptr<MatchingSweep> sweep_;
  std::unique_ptr<SweepResult> found_;  // reused from lane to lane
  std::unique_ptr<PairStateCounter> states_of_;
};

}  // namespace litmuslab::run
