#include <iostream>

#include "command.hpp"
#include "litmuslab/catalogue.hpp"

namespace po = boost::program_options;

namespace litmuslab::cli {

int list_command(const std::vector<std::string>& args) {
  po::options_description options("list options");
  options.add_options()("glob", po::value<std::string>(), "only tests whose name matches GLOB");
  po::positional_options_description positional;
  positional.add("glob", 1);
  po::variables_map values;
  if (!parse_command_line("list", "[GLOB]", options, positional, args, values, std::cout))
    return kExitOk;

  const auto& catalogue = catalogue::Catalogue::compiled();
  std::vector<const catalogue::RunnableTest*> tests;
  if (values.count("glob")) {
    tests = catalogue.matching(values["glob"].as<std::string>());
    if (tests.empty())
      throw UsageError("pattern '" + values["glob"].as<std::string>() +
                       "' matches no catalogue test");
  } else {
    for (const auto& entry : catalogue.tests()) tests.push_back(&entry);
  }
  std::size_t width = 4;
  for (const auto* entry : tests) width = std::max(width, entry->test.name.size());
  std::cout << "name" << std::string(width - 4 + 2, ' ') << "family  threads  orders\n";
  for (const auto* entry : tests) {
    const Test& test = entry->test;
    std::string orders;
    for (MemoryOrder order : orders_used(test))
      orders += (orders.empty() ? "" : ",") + std::string(to_string(order));
    std::string family = test.family;
    family.resize(std::max<std::size_t>(family.size(), 6), ' ');
    std::cout << test.name << std::string(width - test.name.size() + 2, ' ') << family << "  "
              << test.threads.size() << "        " << orders << "\n";
  }
  return kExitOk;
}

}  // namespace litmuslab::cli
