// herd7's whole C dialect: every file herd7 answered for parses with the keys
// herd7 prints, and each construct builds exactly the IR it means.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "litmuslab/parse.hpp"

namespace fs = std::filesystem;
using namespace litmuslab;
using format::parse_file;
using format::parse_test;
using format::ParseFailure;
using LitmusTest = litmuslab::Test;

namespace {

const fs::path kHerd7 = fs::path(LITMUSLAB_TEST_FIXTURES) / "herd7";

std::vector<std::string> key_names(const std::vector<StateKey>& keys) {
  std::vector<std::string> names;
  for (const StateKey& key : keys) names.push_back(to_string(key));
  return names;
}

// "0:r0=0; [e]=2;" -> {"0:r0", "[e]"}
std::vector<std::string> keys_of_state(const std::string& state) {
  std::vector<std::string> keys;
  std::istringstream in(state);
  std::string item;
  while (std::getline(in, item, ';')) {
    const auto first = item.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    keys.push_back(item.substr(first, item.find('=') - first));
  }
  return keys;
}

// Fully parenthesised, to check an expression tree's shape.
std::string render(const Expr& e) {
  switch (e.op) {
    case ExprOp::constant:
      return std::to_string(e.value);
    case ExprOp::reg:
      return "r#" + std::to_string(e.index);
    case ExprOp::address_of:
      return "&#" + std::to_string(e.index);
    default:
      break;
  }
  static const std::map<ExprOp, std::string> names = {
      {ExprOp::negate, "neg"},     {ExprOp::logical_not, "!"}, {ExprOp::bit_not, "~"},
      {ExprOp::add, "+"},          {ExprOp::sub, "-"},         {ExprOp::mul, "*"},
      {ExprOp::bit_and, "&"},      {ExprOp::bit_or, "|"},      {ExprOp::bit_xor, "^"},
      {ExprOp::eq, "=="},          {ExprOp::ne, "!="},         {ExprOp::lt, "<"},
      {ExprOp::le, "<="},          {ExprOp::gt, ">"},          {ExprOp::ge, ">="},
      {ExprOp::logical_and, "&&"}, {ExprOp::logical_or, "||"}};
  if (e.operands.size() == 1) return "(" + names.at(e.op) + " " + render(e.operands[0]) + ")";
  return "(" + render(e.operands.at(0)) + " " + names.at(e.op) + " " + render(e.operands.at(1)) +
         ")";
}

std::string render(const Proposition& p) {
  switch (p.kind) {
    case Proposition::Kind::truth:
      return "T";
    case Proposition::Kind::atom:
      return to_string(p.key) + "=" + std::to_string(p.value);
    case Proposition::Kind::negation:
      return "~" + render(p.children.at(0));
    case Proposition::Kind::conj:
      return "(" + render(p.children.at(0)) + " & " + render(p.children.at(1)) + ")";
    case Proposition::Kind::disj:
      return "(" + render(p.children.at(0)) + " | " + render(p.children.at(1)) + ")";
    case Proposition::Kind::implies:
      return "(" + render(p.children.at(0)) + " => " + render(p.children.at(1)) + ")";
  }
  return "?";
}

std::string error_of(const std::string& text) {
  try {
    parse_test(text, "t.litmus");
  } catch (const ParseFailure& failure) {
    return failure.error().to_string();
  }
  return "parsed";
}

int location(const LitmusTest& test, const std::string& name) {
  for (std::size_t i = 0; i < test.locations.size(); ++i)
    if (test.locations[i].name == name) return static_cast<int>(i);
  return -1;
}

// One thread P0 with the given parameters and body, and a condition.
std::string one_thread(const std::string& params, const std::string& body,
                       const std::string& condition, const std::string& init = "{}") {
  return "C T\n" + init + "\nP0 (" + params + ") {\n" + body + "}\n" + condition + "\n";
}

}  // namespace

TEST(FormatHerd7Fixtures, EveryFileParsesWithTheKeysHerd7Prints) {
  int files = 0;
  for (const char* facts_file : {"herd7-diy-c.json", "herd7-dialect.json"}) {
    std::ifstream in(kHerd7 / facts_file);
    ASSERT_TRUE(in) << facts_file;
    const nlohmann::json facts = nlohmann::json::parse(in);
    const std::string folder = std::string(facts_file) == "herd7-diy-c.json" ? "diy-c" : "dialect";
    for (const auto& entry : facts.at("tests")) {
      const fs::path path = kHerd7 / folder / entry.at("file").get<std::string>();
      SCOPED_TRACE(path.string());
      const LitmusTest test = parse_file(path);
      ++files;
      EXPECT_EQ(test.name, entry.at("test").get<std::string>());
      for (const auto& [model, answer] : entry.at("models").items())
        for (const auto& state : answer.at("allowed_states"))
          EXPECT_EQ(key_names(test.observed), keys_of_state(state.get<std::string>())) << model;
    }
  }
  EXPECT_EQ(files, 81 + 13);
  int on_disk = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kHerd7))
    on_disk += entry.path().extension() == ".litmus";
  EXPECT_EQ(on_disk, files);  // no file without facts, none missed
}

TEST(FormatHeader, DocStringMetadataLinesAndTexName) {
  const LitmusTest test = parse_file(kHerd7 / "diy-c" / "LB" / "LB+addrrlxrlx+ctrlrlxrlx.litmus");
  EXPECT_EQ(test.comment, "DpAddrdWRlxRlx RfeRlxRlx DpCtrldWRlxRlx RfeRlxRlx");
  using Line = std::pair<std::string, std::string>;
  EXPECT_EQ(test.metadata,
            (std::vector<Line>{{"Cycle", "RfeRlxRlx DpAddrdWRlxRlx RfeRlxRlx DpCtrldWRlxRlx"},
                               {"Generator", "diycross.exe (version 7.57)"},
                               {"Prefetch", "0:x=F,0:y=W,1:y=F,1:x=W"},
                               {"Com", "Rf Rf"},
                               {"Orig", "DpAddrdWRlxRlx RfeRlxRlx DpCtrldWRlxRlx RfeRlxRlx"}}));
  const LitmusTest texname = parse_test(
      "C A+b (Ab) \"doc\" ;\n(* a comment *)\nKey = v a l ue  \n{}\nP0 () {}\n"
      "exists (true)",
      "t");
  EXPECT_EQ(texname.name, "A+b");
  EXPECT_EQ(texname.comment, "doc");
  EXPECT_EQ(texname.metadata, (std::vector<Line>{{"Key", "v a l ue"}}));
  const LitmusTest no_doc =
      parse_test("C T\nCycle=Fre\n(* the comment *)\nCom=Fr\n{}\nP0 () {}\nexists (true)", "t");
  EXPECT_EQ(no_doc.comment, "the comment");
  EXPECT_EQ(no_doc.metadata, (std::vector<Line>{{"Cycle", "Fre"}, {"Com", "Fr"}}));
}

TEST(FormatInit, EveryFormIncludingPointers) {
  const LitmusTest test = parse_test(
      one_thread("int** p, atomic_int* x, volatile int* v, const int* c, _Atomic int* a",
                 "  int* r0 = atomic_load_explicit(p, memory_order_acquire);\n",
                 "exists (0:r0=z /\\ [p]=x)",
                 "{ [x]=0x10; v=-1; int c = 2; atomic_int a = ATOMIC_INIT(3); y; int *p = z; "
                 "q = &z; z = 0; }"),
      "t");
  const auto at = [&](const std::string& name) -> const Location& {
    return test.locations.at(static_cast<std::size_t>(location(test, name)));
  };
  EXPECT_EQ(at("x").initial, 16);
  EXPECT_EQ(at("v").initial, -1);
  EXPECT_EQ(at("c").initial, 2);
  EXPECT_EQ(at("a").initial, 3);
  EXPECT_EQ(at("y").initial, 0);
  EXPECT_EQ(at("p").type, ValueType::pointer);
  EXPECT_EQ(at("p").initial, location(test, "z"));
  EXPECT_EQ(at("q").type, ValueType::pointer);  // untyped, but it starts with an address
  EXPECT_EQ(at("q").initial, location(test, "z"));
  EXPECT_EQ(at("z").type, ValueType::integer);
  // Atomic when a thread declares it so, or when no thread declares it.
  EXPECT_TRUE(at("x").atomic);
  EXPECT_TRUE(at("a").atomic);
  EXPECT_FALSE(at("v").atomic);
  EXPECT_FALSE(at("c").atomic);
  EXPECT_FALSE(at("p").atomic);  // int**: a plain pointer cell
  EXPECT_TRUE(at("z").atomic);
  EXPECT_EQ(key_names(test.observed), (std::vector<std::string>{"0:r0", "[p]"}));
  EXPECT_EQ(test.observed[0].type, ValueType::pointer);
  EXPECT_EQ(test.observed[1].type, ValueType::pointer);
  // 0:r0=z and [p]=x hold location indices, and print by name.
  EXPECT_EQ(test.condition.proposition.children[0].value, location(test, "z"));
  EXPECT_EQ(format_state(test, {location(test, "z"), location(test, "x")}), "0:r0=z; [p]=x;");
}

TEST(FormatParameters, PointerAndLockTypes) {
  const LitmusTest test = parse_test(
      "C T\n{ x = 0; int *p = x; int *q = x; }\n"
      "P0 (atomic_int** p, int ** const q, spinlock_t* l, volatile atomic_int* x) {\n"
      "  spin_lock(l);\n  int r0 = spin_trylock(l);\n  spin_unlock(l);\n}\n"
      "void P1 (spinlock_t *l) { }\nexists (0:r0=1)\n",
      "t");
  const Location& l = test.locations.at(static_cast<std::size_t>(location(test, "l")));
  EXPECT_TRUE(l.lock);
  EXPECT_TRUE(l.atomic);
  EXPECT_EQ(test.locations.at(location(test, "q")).type, ValueType::pointer);
  const auto ops = operations_of(test.threads[0]);
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[0]->kind, OpKind::lock);
  EXPECT_EQ(ops[1]->kind, OpKind::trylock);
  EXPECT_EQ(ops[1]->dest_register, 0);
  EXPECT_EQ(ops[2]->kind, OpKind::unlock);
  for (const Operation* op : ops) EXPECT_EQ(op->static_location(), location(test, "l"));
  EXPECT_EQ(error_of("C T\n{}\nP0 (spinlock_t** l) {}\nexists (true)"),
            "t.litmus:3:5: error: unsupported: parameter type 'spinlock_t**' (only int*, "
            "atomic_int*, int**, atomic_int** and spinlock_t* parameters are supported)");
  EXPECT_EQ(error_of("C T\n{}\nP0 (atomic_int*** l) {}\nexists (true)"),
            "t.litmus:3:5: error: unsupported: parameter type 'atomic_int***' (only int*, "
            "atomic_int*, int**, atomic_int** and spinlock_t* parameters are supported)");
}

TEST(FormatStatements, NestedIfElseWithRegistersAssignedInBranches) {
  const LitmusTest test = parse_file(kHerd7 / "dialect" / "MP+rel+acq+ctrl-else.litmus");
  const Thread& p1 = test.threads.at(1);
  ASSERT_EQ(p1.body.size(), 3u);
  EXPECT_EQ(p1.body[1].op.kind, OpKind::assign);
  EXPECT_EQ(p1.body[1].op.value.value, -1);
  const Statement& branch = p1.body[2];
  ASSERT_EQ(branch.kind, Statement::Kind::branch);
  EXPECT_EQ(branch.pos, (SourcePos{11, 3}));
  EXPECT_EQ(render(branch.condition), "(r#0 == 1)");
  ASSERT_EQ(branch.then_body.size(), 1u);
  EXPECT_EQ(branch.then_body[0].op.kind, OpKind::load);
  EXPECT_EQ(branch.then_body[0].op.dest_register, 1);
  ASSERT_EQ(branch.else_body.size(), 1u);
  const Statement& inner = branch.else_body[0];
  ASSERT_EQ(inner.kind, Statement::Kind::branch);
  EXPECT_EQ(render(inner.condition), "(r#0 != 0)");
  EXPECT_EQ(inner.then_body.at(0).op.value.value, 7);
  EXPECT_EQ(inner.else_body.at(0).op.value.value, 2);
  EXPECT_FALSE(is_straight_line(p1));
  EXPECT_EQ(operations_of(p1).size(), 5u);
}

TEST(FormatStatements, ElseIfSingleStatementsBlocksAndDeclarations) {
  const LitmusTest test =
      parse_test(one_thread("atomic_int* x",
                            "  int r0;\n  int r1 = 1;\n  { r0 = atomic_load(x); }\n"
                            "  if (r0 == 1) r1 = 2; else if (r0 == 2) { r1 = 3; } else ;\n"
                            "  if (r0) { int r2 = 4; } else { int r2 = 5; }\n",
                            "exists (0:r0=0 /\\ 0:r1=1 /\\ 0:r2=0)"),
                 "t");
  const Thread& p0 = test.threads[0];
  ASSERT_EQ(p0.registers.size(), 3u);  // r2 declared once per branch is one register
  ASSERT_EQ(p0.body.size(), 4u);       // int r0; declares only, and the block joins the body
  EXPECT_EQ(p0.body[1].op.kind, OpKind::load);
  const Statement& first = p0.body[2];
  ASSERT_EQ(first.kind, Statement::Kind::branch);
  EXPECT_EQ(first.then_body.at(0).op.value.value, 2);
  ASSERT_EQ(first.else_body.size(), 1u);
  EXPECT_EQ(first.else_body[0].kind, Statement::Kind::branch);
  EXPECT_TRUE(first.else_body[0].else_body.empty());
  EXPECT_EQ(render(p0.body[3].condition), "r#0");
  EXPECT_EQ(p0.body[3].then_body.at(0).op.dest_register, 2);
  EXPECT_EQ(p0.body[3].else_body.at(0).op.dest_register, 2);
  EXPECT_EQ(
      error_of(one_thread("atomic_int* x", "  int r0 = 1;\n  int r0 = 2;\n", "exists (true)")),
      "t.litmus:5:7: error: register 'r0' is already declared in P0");
  EXPECT_EQ(error_of(one_thread("atomic_int* x", "  if (1) { int r0 = 1; int r0 = 2; }\n",
                                "exists (true)")),
            "t.litmus:4:28: error: register 'r0' is already declared in P0");
}

TEST(FormatStatements, IfAndBlockNestingStopsAt200Levels) {
  const auto nested = [](int levels) {
    std::string body;
    for (int i = 0; i < levels; ++i) body += "if (r0) ";
    return one_thread("atomic_int* x", "  int r0 = 1;\n  " + body + "r0 = 2;\n", "exists (true)");
  };
  EXPECT_EQ(error_of(nested(200)), "parsed");
  EXPECT_NE(error_of(nested(201)).find("statements nested too deeply (more than 200 levels"),
            std::string::npos);
  const std::string blocks = std::string(5000, '{') + std::string(5000, '}');
  EXPECT_NE(error_of(one_thread("atomic_int* x", blocks, "exists (true)"))
                .find("statements nested too deeply"),
            std::string::npos);
}

TEST(FormatStatements, EveryAtomicCallInBothForms) {
  const std::string body =
      "  int r0 = atomic_load(x);\n"
      "  atomic_store(x, 1);\n"
      "  int r1 = atomic_exchange(x, 2);\n"
      "  int r2 = atomic_fetch_add(x, 3);\n"
      "  r2 = atomic_fetch_sub(x, 4);\n"
      "  r2 = atomic_fetch_and(x, 5);\n"
      "  r2 = atomic_fetch_or(x, 6);\n"
      "  r2 = atomic_fetch_xor(x, 7);\n"
      "  int r3 = atomic_compare_exchange_strong(x, e, 8);\n"
      "  r3 = atomic_compare_exchange_weak(x, e, 9);\n"
      "  r0 = atomic_load_explicit(x, memory_order_acquire);\n"
      "  atomic_store_explicit(x, 1, memory_order_release);\n"
      "  r1 = atomic_exchange_explicit(x, 2, memory_order_acq_rel);\n"
      "  r2 = atomic_fetch_add_explicit(x, 3, memory_order_relaxed);\n"
      "  atomic_fetch_sub_explicit(x, 4, memory_order_release);\n"
      "  r2 = atomic_fetch_and_explicit(x, 5, memory_order_acquire);\n"
      "  r2 = atomic_fetch_or_explicit(x, 6, memory_order_seq_cst);\n"
      "  r2 = atomic_fetch_xor_explicit(x, 7, memory_order_relaxed);\n"
      "  r3 = atomic_compare_exchange_strong_explicit(x, e, 8, memory_order_acq_rel, "
      "memory_order_acquire);\n"
      "  r3 = atomic_compare_exchange_weak_explicit(x, e, 9, memory_order_release, "
      "memory_order_relaxed);\n"
      "  atomic_thread_fence(memory_order_seq_cst);\n";
  const LitmusTest test =
      parse_test(one_thread("atomic_int* x, atomic_int* e", body, "exists (0:r3=1)"), "t");
  const std::vector<const Operation*> ops = operations_of(test.threads[0]);
  ASSERT_EQ(ops.size(), 21u);
  const OpKind kinds[] = {OpKind::load,
                          OpKind::store,
                          OpKind::exchange,
                          OpKind::fetch_add,
                          OpKind::fetch_sub,
                          OpKind::fetch_and,
                          OpKind::fetch_or,
                          OpKind::fetch_xor,
                          OpKind::compare_exchange,
                          OpKind::compare_exchange};
  for (int i = 0; i < 20; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(ops[i]->kind, kinds[i % 10]);
    EXPECT_TRUE(ops[i]->atomic);
    EXPECT_EQ(ops[i]->static_location(), location(test, "x"));
    if (i < 10) {
      EXPECT_EQ(ops[i]->order, MemoryOrder::seq_cst);  // the plain forms
    }
    if (ops[i]->kind != OpKind::load) {
      EXPECT_EQ(ops[i]->value.value, i % 10);
    }
  }
  EXPECT_EQ(ops[4]->dest_register, 2);
  EXPECT_EQ(ops[14]->dest_register, -1);  // a dropped result
  EXPECT_FALSE(ops[8]->weak);
  EXPECT_TRUE(ops[9]->weak);
  EXPECT_EQ(ops[9]->failure_order, MemoryOrder::seq_cst);
  EXPECT_EQ(ops[18]->order, MemoryOrder::acq_rel);
  EXPECT_EQ(ops[18]->failure_order, MemoryOrder::acquire);
  EXPECT_TRUE(ops[19]->weak);
  EXPECT_EQ(ops[19]->expected_location, location(test, "e"));
  EXPECT_EQ(ops[20]->kind, OpKind::fence);
  EXPECT_TRUE(test.locations[location(test, "e")].thread_local_cell);
}

TEST(FormatStatements, ExpressionsFollowCPrecedence) {
  const auto stored = [](const std::string& value) {
    const LitmusTest test =
        parse_test(one_thread("atomic_int* x",
                              "  int r0 = 1;\n  int r1 = 2;\n  atomic_store_explicit(x, " + value +
                                  ", memory_order_relaxed);\n",
                              "exists (true)"),
                   "t");
    return render(operations_of(test.threads[0]).at(2)->value);
  };
  EXPECT_EQ(stored("(r0 * 2) + (r0 ^ 1) - 1"), "(((r#0 * 2) + (r#0 ^ 1)) - 1)");
  EXPECT_EQ(stored("1 + (r0 & 128)"), "(1 + (r#0 & 128))");
  EXPECT_EQ(stored("r0 + r1 * 2 == 3 & 1 | 4 ^ 5"), "((((r#0 + (r#1 * 2)) == 3) & 1) | (4 ^ 5))");
  EXPECT_EQ(stored("r0 < 1 && r1 >= 2 || !r0"), "(((r#0 < 1) && (r#1 >= 2)) || (! r#0))");
  EXPECT_EQ(stored("-r0 + ~r1 - -2147483648"), "(((neg r#0) + (~ r#1)) - -2147483648)");
  EXPECT_EQ(stored("r0 != r1 <= 0x7fffffff"), "(r#0 != (r#1 <= 2147483647))");
  EXPECT_EQ(error_of(one_thread("atomic_int* x", "  int r0 = 2147483648;\n", "exists (true)")),
            "t.litmus:4:12: error: 2147483648 does not fit in a 32-bit int");
  std::string deep = "  int r0 = " + std::string(200, '(') + "1" + std::string(200, ')') + ";\n";
  EXPECT_EQ(error_of(one_thread("atomic_int* x", deep, "exists (true)")), "parsed");
  deep = "  int r0 = " + std::string(202, '(') + "1" + std::string(202, ')') + ";\n";
  EXPECT_NE(error_of(one_thread("atomic_int* x", deep, "exists (true)"))
                .find("expression nested too deeply (more than 200 levels)"),
            std::string::npos);
}

TEST(FormatStatements, AddressOffsetsPlainAccessesAndPointerRegisters) {
  const LitmusTest test = parse_test(
      one_thread("atomic_int* x, int* y, int** p",
                 "  int r0 = atomic_load_explicit(x + (r0 & 128), memory_order_relaxed);\n"
                 "  int r1 = *(y + r0);\n"
                 "  *y = r1 + 1;\n"
                 "  int* r2 = atomic_load_explicit(p, memory_order_acquire);\n"
                 "  int r3 = *r2;\n"
                 "  *(r2 + r3) = 5;\n"
                 "  atomic_store_explicit(p, y, memory_order_release);\n"
                 "  int* r4 = x;\n"
                 "  r3 = r2 == r4;\n",
                 "exists (0:r2=x)", "{ int *p = x; }"),
      "t");
  const auto ops = operations_of(test.threads[0]);
  ASSERT_EQ(ops.size(), 9u);
  EXPECT_EQ(ops[0]->address.location, location(test, "x"));
  ASSERT_TRUE(ops[0]->address.offset);
  EXPECT_EQ(render(*ops[0]->address.offset), "(r#0 & 128)");
  EXPECT_EQ(ops[0]->address.pos, (SourcePos{4, 33}));
  EXPECT_FALSE(ops[0]->address.is_static());
  EXPECT_EQ(ops[0]->static_location(), -1);
  EXPECT_EQ(ops[1]->kind, OpKind::load);
  EXPECT_FALSE(ops[1]->atomic);
  EXPECT_EQ(render(*ops[1]->address.offset), "r#0");
  EXPECT_EQ(ops[2]->kind, OpKind::store);
  EXPECT_FALSE(ops[2]->atomic);
  EXPECT_EQ(render(ops[2]->value), "(r#1 + 1)");
  EXPECT_EQ(ops[3]->dest_register, 2);
  EXPECT_EQ(test.threads[0].registers[2].type, ValueType::pointer);
  EXPECT_EQ(ops[4]->address.pointer_register, 2);
  EXPECT_EQ(ops[4]->address.location, -1);
  EXPECT_FALSE(ops[4]->atomic);
  EXPECT_EQ(ops[5]->address.pointer_register, 2);
  EXPECT_EQ(render(*ops[5]->address.offset), "r#3");
  EXPECT_EQ(ops[6]->value.op, ExprOp::address_of);
  EXPECT_EQ(ops[6]->value.index, location(test, "y"));
  EXPECT_EQ(ops[7]->kind, OpKind::assign);
  EXPECT_EQ(ops[7]->value.index, location(test, "x"));
  EXPECT_EQ(render(ops[8]->value), "(r#2 == r#4)");
}

TEST(FormatStatements, PointerPublicationFromTheDialect) {
  const LitmusTest test = parse_file(kHerd7 / "dialect" / "MP+ptr+relacq.litmus");
  const int p = location(test, "p");
  EXPECT_EQ(test.locations[p].type, ValueType::pointer);
  EXPECT_EQ(test.locations[p].initial, location(test, "z"));
  const auto p0 = operations_of(test.threads[0]);
  EXPECT_EQ(p0[1]->value.op, ExprOp::address_of);
  EXPECT_EQ(p0[1]->value.index, location(test, "x"));
  EXPECT_EQ(p0[1]->order, MemoryOrder::release);
  const auto p1 = operations_of(test.threads[1]);
  EXPECT_EQ(p1[0]->static_location(), p);
  EXPECT_EQ(p1[1]->address.pointer_register, 0);
  EXPECT_EQ(format_state(test, {location(test, "x"), 0}), "1:r0=x; 1:r1=0;");
}

TEST(FormatStatements, TypeErrorsAreClear) {
  const std::string init = "{ int *p = x; }";
  const auto error = [&](const std::string& body) {
    return error_of(one_thread("atomic_int* x, int** p", body, "exists (true)", init));
  };
  EXPECT_EQ(error("  int r0 = atomic_load_explicit(p, memory_order_relaxed);\n"),
            "t.litmus:4:12: error: register 'r0' is an int but 'atomic_load_explicit' gives an "
            "int* (declare 'int* r0')");
  EXPECT_EQ(error("  int* r0 = atomic_load_explicit(x, memory_order_relaxed);\n"),
            "t.litmus:4:13: error: register 'r0' is an int* but 'atomic_load_explicit' gives an "
            "int (declare 'int r0')");
  EXPECT_EQ(error("  atomic_store_explicit(p, 1, memory_order_relaxed);\n"),
            "t.litmus:4:28: error: the stored value must be a pointer, but '1' is an int");
  EXPECT_EQ(error("  atomic_store_explicit(p, p, memory_order_relaxed);\n"),
            "t.litmus:4:28: error: unsupported: the address of pointer location 'p' as a value; "
            "pointers may point to int locations only");
  EXPECT_EQ(error("  int* r0 = x;\n  if (r0) {}\n"),
            "t.litmus:5:7: error: the condition of an if must be an int, but 'r0' is a pointer");
  EXPECT_EQ(error("  int r0 = 1;\n  int r1 = *r0;\n"),
            "t.litmus:5:13: error: 'r0' is an int, not a pointer: an address is a location "
            "parameter or a pointer register, possibly plus an int offset");
}

TEST(FormatConditions, ImplicationBindsTighterThanConjunctionAsInHerd7) {
  const std::string body = "  int r0 = atomic_load(x);\n  int r1 = 7;\n";
  const auto condition = [&](const std::string& text) {
    return render(parse_test(one_thread("atomic_int* x", body, text), "t").condition.proposition);
  };
  EXPECT_EQ(condition("exists (0:r0=1 /\\ 0:r1=2 => [x]=3)"), "(0:r0=1 & (0:r1=2 => [x]=3))");
  EXPECT_EQ(condition("exists (0:r0=1 => 0:r1=2 \\/ x=3)"), "((0:r0=1 => 0:r1=2) | [x]=3)");
  EXPECT_EQ(condition("exists (0:r0=1 => 0:r1=2 => [x]=3)"), "(0:r0=1 => (0:r1=2 => [x]=3))");
  EXPECT_EQ(condition("exists (~0:r0=1 => P0:r1 == 2)"), "(~0:r0=1 => 0:r1=2)");
  EXPECT_EQ(condition("exists (0:r0 != 1);"), "~0:r0=1");
  EXPECT_EQ(condition("forall (0:r0=0x10 \\/ false)"), "(0:r0=16 | ~T)");
}

TEST(FormatConditions, LocationsAndFilter) {
  const LitmusTest test = parse_file(kHerd7 / "dialect" / "SB+filter+locations.litmus");
  EXPECT_EQ(key_names(test.observed), (std::vector<std::string>{"0:r0", "1:r0", "[x]", "[y]"}));
  EXPECT_TRUE(test.filter_keys.empty());  // 0:r0 is observed anyway
  ASSERT_TRUE(test.filter);
  EXPECT_EQ(render(*test.filter), "0:r0=0");
  EXPECT_EQ(render(test.condition.proposition), "(0:r0=0 => 1:r0=0)");
  EXPECT_TRUE(passes_filter(test, {0, 1, 1, 1}));
  EXPECT_FALSE(passes_filter(test, {1, 1, 1, 1}));
  // herd7 prints only the condition's and locations' keys: filter-only keys
  // are judged after the observed ones.
  const LitmusTest hidden =
      parse_test(one_thread("atomic_int* x, atomic_int* y",
                            "  int r0 = atomic_load(x);\n  int r1 = atomic_load(y);\n",
                            "locations [y]\nfilter (0:r1=1 /\\ [x]=0 \\/ 0:r0=2)\nexists (0:r0=1)"),
                 "t");
  EXPECT_EQ(key_names(hidden.observed), (std::vector<std::string>{"0:r0", "[y]"}));
  EXPECT_EQ(key_names(hidden.filter_keys), (std::vector<std::string>{"0:r1", "[x]"}));
  EXPECT_TRUE(passes_filter(hidden, {5, 0, 1, 0}));  // 0:r0, [y], then 0:r1, [x]
  EXPECT_FALSE(passes_filter(hidden, {5, 0, 1, 1}));
  EXPECT_TRUE(passes_filter(hidden, {2, 0, 0, 1}));
  EXPECT_EQ(format_state(hidden, {1, 0}), "0:r0=1; [y]=0;");
}

TEST(FormatPositives, FormerlyUnsupportedFixturesNowParse) {
  // An if in a thread, a filter, hex constants, a stored register and a weak CAS.
  const std::string sb =
      "C T\n{ [x]=0; [y]=0; }\nP0 (atomic_int* x, atomic_int* y) {\n"
      "  atomic_store_explicit(x, 0x10, memory_order_relaxed);\n"
      "  int r0 = atomic_load_explicit(y, memory_order_relaxed);\n"
      "  if (r0 == 0) { atomic_store_explicit(x, 2, memory_order_relaxed); }\n}\n"
      "P1 (atomic_int* x, atomic_int* y, atomic_int* e) {\n"
      "  int r0 = atomic_load_explicit(x, memory_order_relaxed);\n"
      "  atomic_store_explicit(y, r0, memory_order_relaxed);\n"
      "  int r1 = atomic_compare_exchange_weak_explicit(x, e, 1, memory_order_relaxed, "
      "memory_order_relaxed);\n}\n"
      "filter (0:r0=0)\nexists (0:r0=0 /\\ 1:r0=0)\n";
  const LitmusTest test = parse_test(sb, "t");
  EXPECT_EQ(operations_of(test.threads[0])[0]->value.value, 16);
  EXPECT_EQ(test.threads[0].body[2].kind, Statement::Kind::branch);
  EXPECT_EQ(operations_of(test.threads[1])[1]->value.op, ExprOp::reg);
  EXPECT_TRUE(operations_of(test.threads[1])[2]->weak);
  ASSERT_TRUE(test.filter);
  // The consumers that have not caught up name the first new construct.
  try {
    format::require_straight_line_subset(test, "modelled");
    FAIL();
  } catch (const ParseFailure& failure) {
    EXPECT_EQ(failure.error().to_string(), "t:6:3: error: unsupported: if/else (not yet modelled)");
  }
}

TEST(FormatPositives, FuzzSeedsParse) {
  // The fuzzer's seeds for the new grammar must stay valid tests.
  int files = 0;
  for (const auto& entry :
       fs::directory_iterator(fs::path(LITMUSLAB_TEST_FIXTURES) / "fuzz-seeds")) {
    SCOPED_TRACE(entry.path().string());
    const LitmusTest test = parse_file(entry.path());
    EXPECT_FALSE(test.observed.empty());
    ++files;
  }
  EXPECT_GE(files, 4);
}
