#include <iostream>

#include "command.hpp"
#include "litmuslab/frontend.hpp"
#include "litmuslab/machine_code.hpp"
#include "litmuslab/model_report.hpp"
#include "litmuslab/parse.hpp"
#include "model_session.hpp"

namespace po = boost::program_options;

namespace litmuslab::cli {
namespace {

void print_test(const Test& test) {
  std::cout << "Test " << test.name << " (family " << test.family << ", " << test.threads.size()
            << " threads)\n";
  if (!test.comment.empty()) std::cout << "  " << test.comment << "\n";
  for (const auto& [key, value] : test.metadata) std::cout << "  " << key << "=" << value << "\n";
  std::cout << "Locations:";
  for (const Location& loc : test.locations) {
    std::cout << " " << loc.name << "=";
    if (loc.type == ValueType::pointer)
      std::cout << test.locations.at(static_cast<std::size_t>(loc.initial)).name << " (pointer)";
    else
      std::cout << loc.initial;
    std::cout << (loc.lock ? " (spinlock)" : "") << (loc.atomic ? "" : " (non-atomic)")
              << (loc.thread_local_cell ? " (expected cell)" : "") << ";";
  }
  std::cout << "\n";
  for (const Thread& thread : test.threads) {
    std::cout << "P" << thread.index << " registers:";
    for (const Register& reg : thread.registers)
      std::cout << " " << (reg.type == ValueType::pointer ? "int* " : "int ") << reg.name << ";";
    if (thread.registers.empty()) std::cout << " none";
    std::cout << "\n" << body_text(thread, test, 2);
  }
  if (test.filter) std::cout << "Filter: " << to_string(*test.filter, test) << "\n";
  std::cout << "Condition: " << test.condition.text << "\nObserved:";
  for (const StateKey& key : test.observed) std::cout << " " << to_string(key);
  if (!test.filter_keys.empty()) {
    std::cout << " (the filter also reads:";
    for (const StateKey& key : test.filter_keys) std::cout << " " << to_string(key);
    std::cout << ")";
  }
  std::cout << "\n";
}

// Each thread's machine code: as the build disassembled it, or (kernels
// compiled on demand) as objdump reads their shared object now.
void print_machine_code(const catalogue::RunnableTest& entry) {
  const frontend::MachineCodeListing code = frontend::machine_code(entry);
  if (!code.unavailable.empty()) {
    std::cout << "\n(no machine code: " << code.unavailable << ")\n";
    return;
  }
  if (code.on_demand)
    std::cout << "\nMachine code (" << code.arch << ", compiled on demand by " << code.compiler
              << "; disassembled by " << code.disassembler << "):\n";
  else
    std::cout << "\nMachine code (" << code.arch << ", kernel flags: "
              << (kernel::compiled_machine_code().kernel_flags.empty()
                      ? "none"
                      : kernel::compiled_machine_code().kernel_flags)
              << "; disassembled by " << code.disassembler << " at build time):\n";
  for (const frontend::ThreadMachineCode& thread : code.threads) {
    std::cout << "P" << thread.thread;
    if (thread.text.empty()) {
      std::cout << ": (missing from the disassembly)\n";
      continue;
    }
    std::cout << " (" << thread.symbol << "):\n" << thread.text;
  }
}

}  // namespace

int show_command(const std::vector<std::string>& args) {
  po::options_description options("show options");
  options.add_options()("test", po::value<std::string>(),
                        "a catalogue test name or a .litmus file")("source",
                                                                   "print only the litmus source");
  add_model_options(options);
  options.add_options()(
      "asm",
      "also print each thread's machine code, disassembled from the built kernels (a file "
      "outside the catalogue is compiled on demand first)");
  for (const char* name : {"cxx", "cxxflags"})
    options.add_options()(name, po::value<std::string>(), run::find_knob(name).help_text().c_str());
  po::positional_options_description positional;
  positional.add("test", 1);
  po::variables_map values;
  if (!parse_command_line("show", "TEST|FILE [--source] [--asm [--cxx PATH] [--cxxflags FLAGS]]",
                          options, positional, args, values, std::cout))
    return kExitOk;
  if (!values.count("test")) throw UsageError("name a test or a .litmus file");
  const model::ModelOptions model_options = model_options_value(values);
  // Machine code needs kernels: a file outside the catalogue, or another
  // compiler, is compiled on demand.
  frontend::ResolveOptions compiling;
  if (values.count("cxx")) compiling.cxx = values["cxx"].as<std::string>();
  if (values.count("cxxflags")) compiling.cxxflags = values["cxxflags"].as<std::string>();
  compiling.progress = [](const std::string& line) {
    std::cerr << "litmuslab show: " << line << "\n";
  };
  compiling.note = [](const std::string& line) {
    std::cerr << "litmuslab show: note: " << line << "\n";
  };
  const bool compile = values.count("asm") || compiling.cxx || compiling.cxxflags;
  frontend::TestHandle handle;
  try {
    handle = frontend::resolve_test(values["test"].as<std::string>(),
                                    compile ? frontend::Purpose::run : frontend::Purpose::inspect,
                                    "show", compiling);
  } catch (const frontend::SelectionError& error) {
    throw UsageError(error.what());
  }
  const Test& test = handle->test;
  if (values.count("source")) {
    std::cout << test.source_text;
    return kExitOk;
  }
  print_test(test);
  std::cout << "\n" << test.source_text << (test.source_text.ends_with('\n') ? "" : "\n");
  ModelSession session(model_options);
  try {
    const frontend::ModelEvaluation evaluation = session.evaluate(test, "all");
    std::cout << "\nAllowed states per model (* marks states that satisfy the condition):\n"
              << report::allowed_state_table(test, evaluation.results);
    if (evaluation.interrupted) return session.exit_status();
  } catch (const format::ParseFailure& failure) {
    // An access the models cannot place: show the rest and say why.
    std::cout << "\n(models skipped: " << failure.error().to_string() << ")\n";
  } catch (const frontend::ResourceLimit& limit) {
    // Too big to model: the rest of the test is still worth showing.
    std::cout << "\n(models skipped: " << limit.what() << ")\n";
  } catch (const std::invalid_argument& too_big) {
    std::cout << "\n(models skipped: " << too_big.what() << ")\n";
  }
  if (const kernel::TestKernels* kernels = handle->kernels) {
    std::cout << "\nCompiled kernel (C++, one function per thread, looping over a batch):\n"
              << kernels->kernel_code;
    if (values.count("asm")) print_machine_code(*handle);
    if (!kernels->perpetual_code.empty())
      std::cout << "\nPerpetual kernel (one function per thread, looping over a chunk):\n"
                << kernels->perpetual_code;
  } else {
    std::cout << "\n(not a catalogue test: `run` compiles its kernels on demand; `show --asm` "
                 "compiles them now and prints their machine code)\n";
  }
  return session.exit_status();
}

}  // namespace litmuslab::cli
