// Register data flow through AArch64 instructions as objdump prints them,
// for the tests that check that a kernel keeps a dependency: does the
// address of a later access, the data of a later store, or a conditional
// branch before it derive from what an earlier load returned, on every path
// between the two?
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "machine_code_listing.hpp"

namespace litmuslab::testing {

// One instruction, "ldr w4, [x0]", reduced to what data flow needs.
// Registers are numbered 0..30 (w5 and x5 are both 5); wzr, xzr and sp are
// left out, as no value flows through them.
struct ArmInstruction {
  std::uint64_t address = 0;
  std::string text;
  std::string mnemonic;
  std::vector<std::string> operands;
  std::vector<int> written;
  std::vector<int> read;               // values read: a store's data, an ALU's sources
  std::vector<int> address_registers;  // the registers inside [...]
  bool loads = false;                  // reads memory (plain loads, LSE atomics, exclusives)
  bool stores = false;                 // writes memory
  bool sets_flags = false;
  bool reads_flags = false;
  bool conditional_branch = false;
  bool ends_path = false;               // b (to `target`), br, ret
  std::optional<std::uint64_t> target;  // where a branch goes
};

ArmInstruction parse_arm_instruction(const ListedInstruction& listed);
std::vector<ArmInstruction> parse_arm_code(const std::vector<ListedInstruction>& listing);

// How the value loaded by `code[from]` reaches `code[to]`, on every path of
// the control flow from one to the other (not through `from` again: that is
// the next instance).
struct ArmFlow {
  bool reached = false;  // some path leads from `from` to `to`
  bool address = false;  // to's address registers derive from it
  bool data = false;     // to's value registers (a store's data) derive from it
  bool branch = false;   // a conditional branch on a value derived from it comes first
};
ArmFlow arm_flow(const std::vector<ArmInstruction>& code, std::size_t from, std::size_t to);

// The memory accesses a kernel makes for its test, in the order one
// instance runs them (following the control flow from the entry, the
// fall-through first): every load and store except those reading
// KernelArgs (the args pointer, x0 at entry, and the location offset table)
// and the stores of the registers into the output array.
struct ArmAccesses {
  std::vector<std::size_t> loads;   // indices into the code
  std::vector<std::size_t> stores;  // writes to memory that are not loads too
};
// `table_offset` and `out_offset`: where KernelArgs keeps location_offset and registers.
ArmAccesses arm_test_accesses(const std::vector<ArmInstruction>& code, long table_offset,
                              long out_offset);

}  // namespace litmuslab::testing
