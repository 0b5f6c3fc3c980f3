#include "interrupt.hpp"

#include <csignal>

namespace litmuslab::cli {
namespace {
// The one global the design allows: a signal handler can reach nothing else.
volatile std::sig_atomic_t g_signal = 0;
struct sigaction g_old_int {};
struct sigaction g_old_term {};

extern "C" void record_signal(int number) { g_signal = number; }
}  // namespace

InterruptGuard::InterruptGuard() {
  g_signal = 0;
  struct sigaction action {};
  action.sa_handler = record_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_old_int);
  sigaction(SIGTERM, &action, &g_old_term);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
}

bool InterruptGuard::requested() const { return g_signal != 0; }
int InterruptGuard::signal_number() const { return g_signal; }

}  // namespace litmuslab::cli
