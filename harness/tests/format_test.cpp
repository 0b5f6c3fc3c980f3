// Well-formed input: the catalogue parses, and the IR is exactly what the
// text says.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "litmuslab/parse.hpp"

namespace fs = std::filesystem;
using namespace litmuslab;
using format::parse_file;
using format::parse_test;
// gtest has its own Test class, visible inside TEST bodies.
using LitmusTest = litmuslab::Test;

namespace {

const fs::path kCatalogue = LITMUSLAB_CATALOGUE_DIR;

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> observed_names(const LitmusTest& test) {
  std::vector<std::string> names;
  for (const StateKey& key : test.observed) names.push_back(to_string(key));
  return names;
}

std::vector<std::string> location_names(const LitmusTest& test) {
  std::vector<std::string> names;
  for (const Location& location : test.locations) names.push_back(location.name);
  return names;
}

// Renders a proposition with full parentheses, to check the tree's shape.
std::string render(const Proposition& prop) {
  switch (prop.kind) {
    case Proposition::Kind::truth:
      return "T";
    case Proposition::Kind::atom:
      return to_string(prop.key) + "=" + std::to_string(prop.value);
    case Proposition::Kind::negation:
      return "~" + render(prop.children.at(0));
    case Proposition::Kind::conj:
      return "(" + render(prop.children.at(0)) + " & " + render(prop.children.at(1)) + ")";
    case Proposition::Kind::disj:
      return "(" + render(prop.children.at(0)) + " | " + render(prop.children.at(1)) + ")";
    case Proposition::Kind::implies:
      return "(" + render(prop.children.at(0)) + " => " + render(prop.children.at(1)) + ")";
  }
  return "?";
}

void expect_op(const Operation& op, OpKind kind, MemoryOrder order, int location, int dest,
               int32_t value = 0) {
  EXPECT_EQ(op.kind, kind) << to_string(op.kind);
  EXPECT_EQ(op.order, order) << to_string(op.order);
  EXPECT_EQ(op.static_location(), location);
  EXPECT_EQ(op.dest_register, dest);
  EXPECT_TRUE(op.value.is_constant());
  EXPECT_EQ(op.value.value, value);
}

// The operations of a straight-line thread, by value.
std::vector<Operation> ops(const Thread& thread) {
  std::vector<Operation> out;
  for (const Operation* op : operations_of(thread)) out.push_back(*op);
  return out;
}

std::vector<std::string> register_names(const Thread& thread) {
  std::vector<std::string> names;
  for (const Register& reg : thread.registers) names.push_back(reg.name);
  return names;
}

// A two-thread test around the given body of P0 and condition.
std::string with_body(const std::string& params, const std::string& body,
                      const std::string& condition, const std::string& init = "{}") {
  return "C T\n" + init + "\nP0 (" + params + ") {\n" + body + "}\n" + condition + "\n";
}

}  // namespace

TEST(FormatCatalogue, EveryFileParsesWithItsNameAndFamily) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(kCatalogue)) {
    if (entry.path().extension() != ".litmus") continue;
    ++files;
    SCOPED_TRACE(entry.path().string());
    const LitmusTest test = parse_file(entry.path());
    EXPECT_EQ(test.name, entry.path().stem().string());
    EXPECT_EQ(test.family, litmuslab::family_of(test.name));
    EXPECT_FALSE(test.comment.empty());
    EXPECT_EQ(test.source_text, read_bytes(entry.path()));
    EXPECT_EQ(test.source_path, entry.path().string());
    EXPECT_FALSE(test.observed.empty());
    for (std::size_t i = 0; i < test.threads.size(); ++i) EXPECT_EQ(test.threads[i].index, int(i));
  }
  EXPECT_GE(files, 38);
}

TEST(FormatCatalogue, SbRlxHasTheExactIr) {
  const LitmusTest test = parse_file(kCatalogue / "SB+rlx.litmus");
  EXPECT_EQ(test.name, "SB+rlx");
  EXPECT_EQ(test.family, "SB");
  EXPECT_EQ(test.comment,
            "store buffering, stores memory_order_relaxed, loads memory_order_relaxed");
  ASSERT_EQ(location_names(test), (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(test.locations[0].atomic);
  EXPECT_FALSE(test.locations[0].thread_local_cell);
  ASSERT_EQ(test.threads.size(), 2u);
  const Thread& p0 = test.threads[0];
  EXPECT_EQ(p0.parameters, (std::vector<int>{0, 1}));
  EXPECT_EQ(register_names(p0), (std::vector<std::string>{"r0"}));
  ASSERT_EQ(ops(p0).size(), 2u);
  expect_op(ops(p0)[0], OpKind::store, MemoryOrder::relaxed, 0, -1, 1);
  expect_op(ops(p0)[1], OpKind::load, MemoryOrder::relaxed, 1, 0);
  EXPECT_TRUE(ops(p0)[0].atomic);
  EXPECT_EQ(ops(p0)[0].pos, (SourcePos{6, 3}));
  EXPECT_EQ(p0.pos, (SourcePos{5, 1}));
  expect_op(ops(test.threads[1])[1], OpKind::load, MemoryOrder::relaxed, 0, 0);
  EXPECT_EQ(test.condition.quantifier, Condition::Quantifier::exists);
  EXPECT_EQ(test.condition.text, "exists (0:r0=0 /\\ 1:r0=0)");
  EXPECT_EQ(render(test.condition.proposition), "(0:r0=0 & 1:r0=0)");
  EXPECT_EQ(observed_names(test), (std::vector<std::string>{"0:r0", "1:r0"}));
  EXPECT_TRUE(matches(test, {0, 0}));
  EXPECT_FALSE(matches(test, {0, 1}));
}

TEST(FormatCatalogue, MpWithFencesHasFenceOperations) {
  const LitmusTest test = parse_file(kCatalogue / "MP+rlx+relacqfences.litmus");
  const auto& p0 = ops(test.threads.at(0));
  const auto& p1 = ops(test.threads.at(1));
  ASSERT_EQ(p0.size(), 3u);
  expect_op(p0[1], OpKind::fence, MemoryOrder::release, -1, -1);
  expect_op(p1[1], OpKind::fence, MemoryOrder::acquire, -1, -1);
  expect_op(p1[2], OpKind::load, MemoryOrder::relaxed, 0, 1);
  EXPECT_EQ(register_names(test.threads[1]), (std::vector<std::string>{"r0", "r1"}));
  EXPECT_EQ(observed_names(test), (std::vector<std::string>{"1:r0", "1:r1"}));
}

TEST(FormatCatalogue, CasUsesPrivateExpectedCells) {
  const LitmusTest test = parse_file(kCatalogue / "CAS+rlx.litmus");
  ASSERT_EQ(location_names(test), (std::vector<std::string>{"e0", "e1", "x"}));
  EXPECT_TRUE(test.locations[0].thread_local_cell);
  EXPECT_FALSE(test.locations[0].atomic);  // declared int*
  EXPECT_FALSE(test.locations[2].thread_local_cell);
  const Operation cas = ops(test.threads.at(1)).at(0);
  expect_op(cas, OpKind::compare_exchange, MemoryOrder::relaxed, 2, 0, 2);
  EXPECT_EQ(cas.failure_order, MemoryOrder::relaxed);
  EXPECT_EQ(cas.expected_location, 1);
  EXPECT_EQ(test.threads[1].parameters, (std::vector<int>{2, 1}));
}

TEST(FormatCatalogue, RmwAndNonAtomicTests) {
  const LitmusTest fadd = parse_file(kCatalogue / "FADD+rlx.litmus");
  expect_op(ops(fadd.threads.at(0)).at(0), OpKind::fetch_add, MemoryOrder::relaxed, 0, 0, 1);
  EXPECT_EQ(observed_names(fadd), (std::vector<std::string>{"[x]"}));

  const LitmusTest xchg = parse_file(kCatalogue / "SB+rlx+xchgs.litmus");
  expect_op(ops(xchg.threads.at(0)).at(0), OpKind::exchange, MemoryOrder::relaxed, 0, -1, 1);

  const LitmusTest mp = parse_file(kCatalogue / "MP+na+relacq.litmus");
  EXPECT_FALSE(mp.locations.at(0).atomic);  // x: int* in both threads
  EXPECT_TRUE(mp.locations.at(1).atomic);
  const Operation plain_store = ops(mp.threads.at(0)).at(0);
  expect_op(plain_store, OpKind::store, MemoryOrder::relaxed, 0, -1, 1);
  EXPECT_FALSE(plain_store.atomic);
  const Operation plain_load = ops(mp.threads.at(1)).at(1);
  expect_op(plain_load, OpKind::load, MemoryOrder::relaxed, 0, 1);
  EXPECT_FALSE(plain_load.atomic);
}

TEST(FormatCatalogue, ObservedListsRegistersThenLocations) {
  const LitmusTest r = parse_file(kCatalogue / "R+sc.litmus");
  EXPECT_EQ(observed_names(r), (std::vector<std::string>{"1:r0", "[y]"}));
  EXPECT_EQ(r.observed[1].index, 1);
  const LitmusTest w = parse_file(kCatalogue / "2+2W+rel.litmus");
  EXPECT_EQ(w.family, "2+2W");  // "2+" is part of the shape's name
  EXPECT_EQ(litmuslab::family_of("SB+rlx+scfences"), "SB");
  EXPECT_EQ(litmuslab::family_of("CoRR"), "CoRR");
  EXPECT_EQ(litmuslab::family_of("3+"), "3+");
  EXPECT_EQ(observed_names(w), (std::vector<std::string>{"[x]", "[y]"}));
}

TEST(FormatParse, ConditionPrecedenceAndQuantifiers) {
  const std::string params = "atomic_int* x";
  const std::string body = "  int r0 = atomic_load(x);\n  int r1 = 7;\n";
  LitmusTest test =
      parse_test(with_body(params, body, "~exists 0:r0=1 \\/ ~0:r1=2 /\\ [x]=3 \\/ true"), "t");
  EXPECT_EQ(test.condition.quantifier, Condition::Quantifier::not_exists);
  EXPECT_EQ(render(test.condition.proposition), "((0:r0=1 | (~0:r1=2 & [x]=3)) | T)");
  EXPECT_EQ(test.condition.text, "~exists 0:r0=1 \\/ ~0:r1=2 /\\ [x]=3 \\/ true");

  test = parse_test(with_body(params, body, "forall\n  (0:r0=1   /\\ (x=-4 \\/ false))"), "t");
  EXPECT_EQ(test.condition.quantifier, Condition::Quantifier::forall);
  EXPECT_EQ(render(test.condition.proposition), "(0:r0=1 & ([x]=-4 | ~T))");
  EXPECT_EQ(test.condition.text, "forall (0:r0=1 /\\ (x=-4 \\/ false))");
  EXPECT_EQ(test.condition.proposition.children[1].children[0].value, -4);
}

TEST(FormatParse, ObservedKeysAreSortedNaturallyAndDeduplicated) {
  const std::string p = "atomic_int* b, atomic_int* a";
  const std::string text =
      "C T\n{}\nP0 (" + p + ") {\n  int r10 = atomic_load(a);\n  int r2 = atomic_load(b);\n}\n" +
      "P1 (" + p + ") {\n  int r0 = atomic_load(a);\n}\n" +
      "locations [b; 0:r10; a; 1:r0;]\nexists (0:r10=0 /\\ 0:r2=0 /\\ [b]=0 /\\ 0:r2=0)\n";
  const LitmusTest test = parse_test(text, "t");
  EXPECT_EQ(observed_names(test),
            (std::vector<std::string>{"0:r2", "0:r10", "1:r0", "[a]", "[b]"}));
  EXPECT_EQ(test.observed[1].index, 0);  // r10 is P0's first register
  EXPECT_EQ(test.observed[3].index, 0);  // a sorts first among locations
}

TEST(FormatParse, InitFormsAndValues) {
  const std::string text =
      with_body("atomic_int* x, int* y", "  *y = -1;\n", "exists ([z]=2147483647 /\\ y=0 /\\ x=1)",
                "{ atomic_int x = 1; int y = -2147483648; [z]=2147483647 }");
  const LitmusTest test = parse_test(text, "t");
  ASSERT_EQ(location_names(test), (std::vector<std::string>{"x", "y", "z"}));
  EXPECT_EQ(test.locations[0].initial, 1);
  EXPECT_EQ(test.locations[1].initial, INT32_MIN);
  EXPECT_EQ(test.locations[2].initial, INT32_MAX);
  EXPECT_FALSE(test.locations[1].atomic);
  EXPECT_TRUE(test.locations[2].atomic);  // only in the init block
  EXPECT_EQ(ops(test.threads[0])[0].value.value, -1);
}

TEST(FormatParse, NonExplicitFormsAreSeqCst) {
  const std::string body =
      "  atomic_store(x, 1);\n  int r0 = atomic_load(x);\n  atomic_fetch_sub(x, 3);\n"
      "  int r1 = atomic_compare_exchange_strong(x, e, 4);\n  atomic_load_explicit(x, "
      "memory_order_acquire);\n  r0 = atomic_fetch_xor_explicit(x, 5, memory_order_acq_rel);\n"
      "  r1 = 9;\n  atomic_thread_fence(memory_order_acq_rel);\n";
  const LitmusTest test =
      parse_test(with_body("atomic_int* x, int* e", body, "exists (0:r1=1)"), "t");
  const std::vector<Operation> p0 = ops(test.threads.at(0));
  ASSERT_EQ(p0.size(), 8u);
  expect_op(p0[0], OpKind::store, MemoryOrder::seq_cst, 1, -1, 1);
  expect_op(p0[1], OpKind::load, MemoryOrder::seq_cst, 1, 0);
  expect_op(p0[2], OpKind::fetch_sub, MemoryOrder::seq_cst, 1, -1, 3);
  expect_op(p0[3], OpKind::compare_exchange, MemoryOrder::seq_cst, 1, 1, 4);
  EXPECT_EQ(p0[3].failure_order, MemoryOrder::seq_cst);
  EXPECT_EQ(p0[3].expected_location, 0);
  expect_op(p0[4], OpKind::load, MemoryOrder::acquire, 1, -1);
  expect_op(p0[5], OpKind::fetch_xor, MemoryOrder::acq_rel, 1, 0, 5);
  EXPECT_EQ(p0[6].kind, OpKind::assign);
  EXPECT_EQ(p0[6].dest_register, 1);
  EXPECT_EQ(p0[6].value.value, 9);
  expect_op(p0[7], OpKind::fence, MemoryOrder::acq_rel, -1, -1);
  EXPECT_EQ(register_names(test.threads[0]), (std::vector<std::string>{"r0", "r1"}));
  EXPECT_TRUE(test.locations[0].thread_local_cell);
}

TEST(FormatParse, CommentsAnywhereAndStringComment) {
  const std::string text =
      "// leading line comment\nC MP+x.y-z_1 \"a string comment\" (* not the comment *)\n"
      "{ /* c */ x=0; }\nP0 (atomic_int* x) { (* nested (* ok *) *)\n"
      "  int r0 = atomic_load_explicit(x, /* why */ memory_order_relaxed); // done\n}\n"
      "exists (0:r0=0) (* trailing *)\n";
  const LitmusTest test = parse_test(text, "t");
  EXPECT_EQ(test.name, "MP+x.y-z_1");
  EXPECT_EQ(test.family, "MP");
  EXPECT_EQ(test.comment, "a string comment");
  const LitmusTest nested =
      parse_test("C T (* outer (* inner *) *)\n{}\nP0 () {}\nexists (true)", "t");
  EXPECT_EQ(nested.comment, "outer (* inner *)");
  EXPECT_TRUE(nested.observed.empty());
}

TEST(FormatParse, LocationIsAtomicWhenAnyThreadSaysSo) {
  const std::string text =
      "C T\n{}\nP0 (int* x) { *x = 1; }\nP1 (volatile atomic_int* x) { int r0 = *x; }\n"
      "exists (1:r0=1)\n";
  const LitmusTest test = parse_test(text, "t");
  EXPECT_TRUE(test.locations.at(0).atomic);
  EXPECT_FALSE(ops(test.threads[1])[0].atomic);  // *x is plain even on atomic_int*
}
