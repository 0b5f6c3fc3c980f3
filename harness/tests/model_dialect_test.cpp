// The dialect's constructs that herd7's C11 models do not take, or that its
// facts cover only in one shape, from litmus text through the parser, with
// answers derived by hand: plain (seq_cst) atomic calls, locks, pointers
// chosen by a read, and filter.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "litmuslab/model.hpp"
#include "litmuslab/parse.hpp"

namespace litmuslab {
namespace {

using LitmusTest = litmuslab::Test;

// The printed states ("1:r0=x; 1:r1=1;") a model allows.
std::set<std::string> states(const LitmusTest& test, const std::string& model) {
  std::set<std::string> out;
  for (const StateValues& s : model::allowed_states(test, model).allowed_states)
    out.insert(format_state(test, s));
  return out;
}

using States = std::set<std::string>;

TEST(ModelDialect, PlainAtomicCallsAreSeqCst) {
  // SB with atomic_store/atomic_load: seq_cst, so both loads cannot miss,
  // under every model. The same test with relaxed orders can, under cpp.
  const char* text =
      "C SB+plain\n{ x = 0; y = 0; }\n"
      "P0 (atomic_int* x, atomic_int* y) {\n  atomic_store(x, 1);\n"
      "  int r0 = atomic_load(y);\n}\n"
      "P1 (atomic_int* x, atomic_int* y) {\n  atomic_store(y, 1);\n"
      "  int r0 = atomic_load(x);\n}\n"
      "exists (0:r0=0 /\\ 1:r0=0)\n";
  const LitmusTest plain = format::parse_test(text, "SB+plain.litmus");
  for (const std::string& m : model::model_names())
    EXPECT_EQ(states(plain, m), (States{"0:r0=0; 1:r0=1;", "0:r0=1; 1:r0=0;", "0:r0=1; 1:r0=1;"}))
        << m;
  const char* relaxed =
      "C SB+rlx\n{ x = 0; y = 0; }\n"
      "P0 (atomic_int* x, atomic_int* y) {\n"
      "  atomic_store_explicit(x, 1, memory_order_relaxed);\n"
      "  int r0 = atomic_load_explicit(y, memory_order_relaxed);\n}\n"
      "P1 (atomic_int* x, atomic_int* y) {\n"
      "  atomic_store_explicit(y, 1, memory_order_relaxed);\n"
      "  int r0 = atomic_load_explicit(x, memory_order_relaxed);\n}\n"
      "exists (0:r0=0 /\\ 1:r0=0)\n";
  EXPECT_TRUE(states(format::parse_test(relaxed, "SB+rlx.litmus"), "cpp").count("0:r0=0; 1:r0=0;"));
}

TEST(ModelDialect, PlainReadModifyWritesAreSeqCst) {
  // SB where each store is atomic_exchange and each load atomic_fetch_add(_, 0):
  // seq_cst RMWs, so (0, 0) is forbidden everywhere; the registers of the
  // exchanges read the initial 0.
  const char* text =
      "C SB+plain-rmw\n{ x = 0; y = 0; }\n"
      "P0 (atomic_int* x, atomic_int* y) {\n  int r1 = atomic_exchange(x, 1);\n"
      "  int r0 = atomic_fetch_add(y, 0);\n}\n"
      "P1 (atomic_int* x, atomic_int* y) {\n  int r1 = atomic_exchange(y, 1);\n"
      "  int r0 = atomic_fetch_add(x, 0);\n}\n"
      "exists (0:r0=0 /\\ 1:r0=0 /\\ 0:r1=0 /\\ 1:r1=0)\n";
  const LitmusTest test = format::parse_test(text, "SB+plain-rmw.litmus");
  for (const std::string& m : model::model_names()) {
    SCOPED_TRACE(m);
    const States allowed = states(test, m);
    EXPECT_EQ(allowed.size(), 3u);
    EXPECT_FALSE(allowed.count("0:r0=0; 0:r1=0; 1:r0=0; 1:r1=0;"));
    EXPECT_TRUE(allowed.count("0:r0=1; 0:r1=0; 1:r0=1; 1:r1=0;"));
  }
}

TEST(ModelDialect, APlainWeakCompareExchangeMayFailSpuriously) {
  // Alone on x == e == 0: strong always succeeds; weak may also fail.
  const auto cas = [](const std::string& kind) {
    return format::parse_test(
        "C CAS\n{ x = 0; e = 0; }\nP0 (atomic_int* x, atomic_int* e) {\n"
        "  int r0 = atomic_compare_exchange_" +
            kind +
            "(x, e, 1);\n}\n"
            "exists (0:r0=0 /\\ x=0)\n",
        "CAS.litmus");
  };
  for (const std::string& m : model::model_names()) {
    EXPECT_EQ(states(cas("strong"), m), (States{"0:r0=1; [x]=1;"})) << m;
    EXPECT_EQ(states(cas("weak"), m), (States{"0:r0=0; [x]=0;", "0:r0=1; [x]=1;"})) << m;
  }
}

TEST(ModelDialect, LocksThroughTheParserOrderTheirCriticalSections) {
  // MP inside critical sections, with plain accesses: the reader sees both
  // writes or neither, and nothing races (unlock synchronises with lock).
  const char* text =
      "C MP+locks\n{ x = 0; y = 0; }\n"
      "P0 (spinlock_t* l, int* x, int* y) {\n  spin_lock(l);\n  *x = 1;\n  *y = 1;\n"
      "  spin_unlock(l);\n}\n"
      "P1 (spinlock_t* l, int* x, int* y) {\n  spin_lock(l);\n  int r0 = *y;\n"
      "  int r1 = *x;\n  spin_unlock(l);\n}\n"
      "exists (1:r0=1 /\\ 1:r1=0)\n";
  const LitmusTest test = format::parse_test(text, "MP+locks.litmus");
  for (const std::string& m : model::model_names()) {
    SCOPED_TRACE(m);
    EXPECT_EQ(states(test, m), (States{"1:r0=0; 1:r1=0;", "1:r0=1; 1:r1=1;"}));
    EXPECT_FALSE(model::allowed_states(test, m).data_race);
  }
  // A trylock that fails never enters: its section's read is skipped.
  const char* trylock =
      "C SB+trylocks\n{ x = 0; }\n"
      "P0 (spinlock_t* l, int* x) {\n  int r0 = spin_trylock(l);\n"
      "  if (r0) { *x = 1; }\n}\n"
      "P1 (spinlock_t* l, int* x) {\n  int r0 = spin_trylock(l);\n"
      "  if (r0) { *x = 2; }\n}\n"
      "exists (0:r0=1 /\\ 1:r0=1)\n";
  const LitmusTest tried = format::parse_test(trylock, "SB+trylocks.litmus");
  for (const std::string& m : model::model_names()) {
    SCOPED_TRACE(m);
    // Neither unlocks, so exactly one trylock wins (a failed one must read 1),
    // and only the winner writes x: no race.
    EXPECT_EQ(states(tried, m), (States{"0:r0=0; 1:r0=1;", "0:r0=1; 1:r0=0;"}));
    EXPECT_FALSE(model::allowed_states(tried, m).data_race);
  }
}

TEST(ModelDialect, APointerReadFromMemoryIsFollowedToTheLocationItNames) {
  // p starts at x; P0 swings it to y. P1 reads p, then reads through it:
  // the value is x's (1) or y's (2), never the other one's.
  const char* text =
      "C PTR+choice\n{ x = 1; y = 2; int *p = x; }\n"
      "P0 (int** p, int* y) {\n  atomic_store_explicit(p, y, memory_order_relaxed);\n}\n"
      "P1 (int** p) {\n  int* r0 = atomic_load_explicit(p, memory_order_relaxed);\n"
      "  int r1 = *r0;\n}\n"
      "exists (1:r0=y /\\ 1:r1=1)\n";
  const LitmusTest test = format::parse_test(text, "PTR+choice.litmus");
  for (const std::string& m : model::model_names()) {
    SCOPED_TRACE(m);
    EXPECT_EQ(states(test, m), (States{"1:r0=x; 1:r1=1;", "1:r0=y; 1:r1=2;"}));
    EXPECT_FALSE(model::allowed_states(test, m).data_race);  // x and y are only read
  }
}

TEST(ModelDialect, FilterDropsExecutionsBeforeStatesAndRaces) {
  // P1 reads x without waiting for the flag: it races when it misses the
  // flag. filter (1:r0=1) keeps only the executions that saw the flag, where
  // acquire/release orders the accesses: one state, no race.
  const std::string base =
      "C MP+na\n{ x = 0; y = 0; }\n"
      "P0 (int* x, atomic_int* y) {\n  *x = 1;\n"
      "  atomic_store_explicit(y, 1, memory_order_release);\n}\n"
      "P1 (int* x, atomic_int* y) {\n"
      "  int r0 = atomic_load_explicit(y, memory_order_acquire);\n  int r1 = *x;\n}\n";
  const LitmusTest racy = format::parse_test(base + "exists (1:r0=1 /\\ 1:r1=0)\n", "MP+na.litmus");
  EXPECT_TRUE(model::allowed_states(racy, "cpp").data_race);
  EXPECT_EQ(states(racy, "cpp"), (States{"1:r0=0; 1:r1=0;", "1:r0=0; 1:r1=1;", "1:r0=1; 1:r1=1;"}));
  const LitmusTest filtered =
      format::parse_test(base + "filter (1:r0=1)\nexists (1:r0=1 /\\ 1:r1=0)\n", "MP+na.litmus");
  for (const std::string& m : model::model_names()) {
    SCOPED_TRACE(m);
    EXPECT_EQ(states(filtered, m), (States{"1:r0=1; 1:r1=1;"}));
    EXPECT_FALSE(model::allowed_states(filtered, m).data_race);
  }
}

}  // namespace
}  // namespace litmuslab
