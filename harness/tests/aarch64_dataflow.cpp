#include "aarch64_dataflow.hpp"

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <deque>
#include <regex>

namespace litmuslab::testing {
namespace {

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// "w5" or "x5" -> 5; anything else (wzr, sp, #imm, lsl) -> nullopt.
std::optional<int> register_number(const std::string& token) {
  static const std::regex reg(R"(^[wx]([0-9]|[12][0-9]|30)$)");
  std::smatch m;
  if (!std::regex_match(token, m, reg)) return std::nullopt;
  return std::stoi(m[1]);
}

std::vector<std::string> split_operands(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  for (char c : text) {
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(current);
      current.clear();
      continue;
    }
    if (c == ' ' && current.empty()) continue;
    current += c;
  }
  if (!current.empty()) out.push_back(current);
  for (std::string& op : out)
    while (!op.empty() && op.back() == ' ') op.pop_back();
  return out;
}

// The registers of one operand, "[x5, x2, lsl #2]" included.
std::vector<int> registers_in(const std::string& operand) {
  std::vector<int> out;
  static const std::regex token(R"([a-z0-9]+)");
  for (auto it = std::sregex_iterator(operand.begin(), operand.end(), token);
       it != std::sregex_iterator(); ++it)
    if (const auto r = register_number(it->str())) out.push_back(*r);
  return out;
}

// LSE read-modify-writes: cas*, swp*, ld<op>* (ldadd, ldclr, ldeor, ldset, ...).
bool is_lse_rmw(const std::string& m) {
  if (starts_with(m, "cas") || starts_with(m, "swp")) return true;
  for (const char* op :
       {"ldadd", "ldclr", "ldeor", "ldset", "ldsmax", "ldsmin", "ldumax", "ldumin"})
    if (starts_with(m, op)) return true;
  return false;
}

bool is_exclusive_store(const std::string& m) {
  return starts_with(m, "stxr") || starts_with(m, "stlxr") || starts_with(m, "stxp") ||
         starts_with(m, "stlxp");
}

// The immediate offset inside "[x0, #16]", 0 if none.
long bracket_offset(const std::string& operand) {
  static const std::regex imm(R"(#(-?(0x[0-9a-f]+|[0-9]+)))");
  std::smatch m;
  if (!std::regex_search(operand, m, imm)) return 0;
  return std::stol(m[1], nullptr, 0);
}

bool is_hex(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(c); });
}

// Instruction indices that can follow code[i].
std::vector<std::size_t> successors(const std::vector<ArmInstruction>& code, std::size_t i) {
  std::vector<std::size_t> out;
  const ArmInstruction& in = code[i];
  if (!in.ends_path && i + 1 < code.size()) out.push_back(i + 1);
  if (in.target)
    for (std::size_t j = 0; j < code.size(); ++j)
      if (code[j].address == *in.target) out.push_back(j);
  return out;
}

}  // namespace

ArmInstruction parse_arm_instruction(const ListedInstruction& listed) {
  ArmInstruction in;
  in.address = listed.address;
  in.text = listed.text;
  const std::string& text = listed.text;
  const std::size_t space = text.find(' ');
  in.mnemonic = text.substr(0, space);
  in.operands = space == std::string::npos ? std::vector<std::string>{}
                                           : split_operands(text.substr(space + 1));
  const std::string& m = in.mnemonic;
  std::vector<std::string> values;  // operands outside brackets
  for (const std::string& op : in.operands) {
    if (!op.empty() && op.front() == '[') {
      in.address_registers = registers_in(op);
    } else {
      values.push_back(op);
    }
  }
  const auto regs = [&](std::size_t first, std::size_t last) {
    std::vector<int> out;
    for (std::size_t i = first; i < std::min(last, values.size()); ++i)
      for (int r : registers_in(values[i])) out.push_back(r);
    return out;
  };
  const std::size_t all = values.size();
  const bool branch =
      starts_with(m, "b.") || m == "b" || m == "cbz" || m == "cbnz" || m == "tbz" || m == "tbnz";
  if (branch && !values.empty() && is_hex(values.back()))
    in.target = std::stoull(values.back(), nullptr, 16);
  if (starts_with(m, "b.")) {
    in.reads_flags = in.conditional_branch = true;
  } else if (m == "cbz" || m == "cbnz" || m == "tbz" || m == "tbnz") {
    in.read = regs(0, 1);
    in.conditional_branch = true;
  } else if (m == "b" || m == "br" || m == "ret") {
    in.ends_path = true;
  } else if (m == "bl" || m == "blr" || m == "nop" || m == "dmb" || m == "dsb" || m == "isb" ||
             m == "yield" || m == "prfm") {
    // no data flow
  } else if (starts_with(m, "cas")) {  // cas Rs, Rt, [Rn]: Rs gets the old value
    in.read = regs(0, all);
    in.written = regs(0, 1);
    in.loads = in.stores = true;
  } else if (is_lse_rmw(m)) {  // swp/ld<op> Rs, Rt, [Rn]: Rt gets the old value
    in.read = regs(0, 1);
    in.written = regs(1, 2);
    in.loads = in.stores = true;
  } else if (starts_with(m, "ld")) {
    in.written = regs(0, all);
    in.loads = true;
  } else if (is_exclusive_store(m)) {  // stxr Ws, Rt, [Rn]: Ws is the status
    in.written = regs(0, 1);
    in.read = regs(1, all);
    in.stores = true;
  } else if (starts_with(m, "st")) {
    in.read = regs(0, all);
    in.stores = true;
  } else if (m == "cmp" || m == "cmn" || m == "tst") {
    in.read = regs(0, all);
    in.sets_flags = true;
  } else if (m == "ccmp" || m == "ccmn") {
    in.read = regs(0, all);
    in.reads_flags = in.sets_flags = true;
  } else {
    in.written = regs(0, 1);
    in.read = regs(1, all);
    static const std::array<const char*, 9> selects = {"csel",  "csinc", "csinv", "csneg", "cset",
                                                       "csetm", "cinc",  "cinv",  "cneg"};
    in.reads_flags = std::find(selects.begin(), selects.end(), m) != selects.end();
    static const std::array<const char*, 7> flag_setters = {"adds", "subs", "ands", "negs",
                                                            "bics", "adcs", "sbcs"};
    in.sets_flags = std::find(flag_setters.begin(), flag_setters.end(), m) != flag_setters.end();
  }
  return in;
}

std::vector<ArmInstruction> parse_arm_code(const std::vector<ListedInstruction>& listing) {
  std::vector<ArmInstruction> out;
  for (const ListedInstruction& listed : listing) out.push_back(parse_arm_instruction(listed));
  return out;
}

// A must analysis: a register counts as derived at an instruction only when
// it is derived on every path that reaches it from `from`.
ArmFlow arm_flow(const std::vector<ArmInstruction>& code, std::size_t from, std::size_t to) {
  struct State {
    std::bitset<31> derived;
    bool flags = false;
    bool branch = false;  // a conditional branch on a derived value was passed
    bool reached = false;
  };
  std::vector<State> in(code.size());
  const auto meet = [](State& into, const State& incoming) {
    if (!into.reached) {
      into = incoming;
      into.reached = true;
      return true;
    }
    const State before = into;
    into.derived &= incoming.derived;
    into.flags = into.flags && incoming.flags;
    into.branch = into.branch && incoming.branch;
    return into.derived != before.derived || into.flags != before.flags ||
           into.branch != before.branch;
  };
  State start;
  for (int r : code.at(from).written) start.derived.set(static_cast<std::size_t>(r));
  std::deque<std::size_t> work;
  for (std::size_t next : successors(code, from))
    if (meet(in[next], start)) work.push_back(next);
  const auto any = [](const State& s, const std::vector<int>& registers) {
    return std::any_of(registers.begin(), registers.end(),
                       [&](int r) { return s.derived.test(static_cast<std::size_t>(r)); });
  };
  while (!work.empty()) {
    const std::size_t i = work.front();
    work.pop_front();
    if (i == to || i == from) continue;  // the target, or the next instance
    const ArmInstruction& instruction = code[i];
    State out = in[i];
    // A load's value depends on its address too.
    const bool derived = any(out, instruction.read) || any(out, instruction.address_registers) ||
                         (instruction.reads_flags && out.flags);
    if (instruction.conditional_branch && derived) out.branch = true;
    for (int r : instruction.written) out.derived.set(static_cast<std::size_t>(r), derived);
    if (instruction.sets_flags) out.flags = derived;
    for (std::size_t next : successors(code, i))
      if (meet(in[next], out)) work.push_back(next);
  }
  ArmFlow flow;
  const State& at = in.at(to);
  flow.reached = at.reached;
  if (!at.reached) return flow;
  flow.address = any(at, code[to].address_registers);
  flow.data = any(at, code[to].read);
  flow.branch = at.branch;
  return flow;
}

ArmAccesses arm_test_accesses(const std::vector<ArmInstruction>& code, long table_offset,
                              long out_offset) {
  // What each register holds, following the listing: the args pointer (x0
  // at entry), the offset table, the output pointer, or something else.
  enum class Kind { none, args, table, out };
  std::array<Kind, 31> kind{};
  kind[0] = Kind::args;
  std::vector<int> role(code.size(), 0);  // 1: a test load, 2: a test store
  for (std::size_t i = 0; i < code.size(); ++i) {
    const ArmInstruction& in = code[i];
    const Kind base =
        in.address_registers.empty() ? Kind::none : kind[in.address_registers.front()];
    std::vector<Kind> written(in.written.size(), Kind::none);
    if (in.loads && !in.stores) {
      if (base == Kind::args) {
        const long at = bracket_offset(in.operands.back());
        for (std::size_t w = 0; w < written.size(); ++w) {
          const long field = at + static_cast<long>(w) * 8;
          written[w] = field == table_offset ? Kind::table
                       : field == out_offset ? Kind::out
                                             : Kind::none;
        }
      } else if (base != Kind::table) {
        role[i] = 1;
      }
    } else if (in.loads) {  // an RMW
      role[i] = 1;
    } else if (in.stores) {
      if (base != Kind::out) role[i] = 2;
    } else if (!in.written.empty()) {
      // A copy keeps what a register holds; arithmetic on the output
      // pointer stays in the output array.
      const bool copy = in.mnemonic == "mov" && in.read.size() == 1;
      Kind result = copy ? kind[in.read.front()] : Kind::none;
      for (int r : in.read)
        if (kind[r] == Kind::out) result = Kind::out;
      written.assign(written.size(), result);
    }
    for (std::size_t w = 0; w < in.written.size(); ++w) kind[in.written[w]] = written[w];
  }
  // One instance's order: depth first from the entry, the fall-through first.
  ArmAccesses out;
  std::vector<bool> seen(code.size(), false);
  std::vector<std::size_t> stack = {0};
  while (!stack.empty() && !code.empty()) {
    const std::size_t i = stack.back();
    stack.pop_back();
    if (seen[i]) continue;
    seen[i] = true;
    if (role[i] == 1) out.loads.push_back(i);
    if (role[i] == 2) out.stores.push_back(i);
    std::vector<std::size_t> next = successors(code, i);
    std::reverse(next.begin(), next.end());  // so the fall-through is taken first
    for (std::size_t j : next) stack.push_back(j);
  }
  return out;
}

}  // namespace litmuslab::testing
