#include "interrupt.hpp"

#include <limits.h>
#include <signal.h>
#include <unistd.h>

#include <csignal>
#include <cstring>

namespace litmuslab::cli {
namespace {

// The one global state the design allows: a signal handler can reach nothing
// else. The handler reads the temporary files' names and removes them with
// unlink(2), which is async-signal-safe; the names are written while signals
// are blocked, and a slot is published by its flag.
constexpr int kSlots = 4;
volatile std::sig_atomic_t g_signal = 0;
volatile std::sig_atomic_t g_exit_at_once = 0;
volatile std::sig_atomic_t g_slot_used[kSlots] = {};
char g_slot_path[kSlots][PATH_MAX] = {};
struct sigaction g_old_int {};
struct sigaction g_old_term {};

void say(const char* text) {
  const ssize_t ignored = write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
}

// Removes every unfinished output, then dies of the signal, as the shell
// expects of a process that a signal stopped.
[[noreturn]] void stop_at_once(int number, bool second) {
  bool removed = false;
  for (int i = 0; i < kSlots; ++i)
    if (g_slot_used[i]) removed = unlink(g_slot_path[i]) == 0 || removed;
  if (second) say("litmuslab: a second signal: stopped at once");
  if (removed)
    say(second ? "; the results were not written (an earlier file is untouched)"
               : "litmuslab: stopped by a signal; the output was not written (an earlier file "
                 "is untouched)");
  if (second || removed) say("\n");
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  sigaction(number, &default_action, nullptr);
  sigset_t this_one;
  sigemptyset(&this_one);
  sigaddset(&this_one, number);
  sigprocmask(SIG_UNBLOCK, &this_one, nullptr);
  raise(number);
  _exit(128 + number);  // only if the signal did not end the process
}

extern "C" void on_signal(int number) {
  if (g_exit_at_once || g_signal != 0) stop_at_once(number, g_signal != 0);
  g_signal = number;
}

// SIGINT and SIGTERM held back for a scope.
class HeldSignals {
 public:
  HeldSignals() {
    sigset_t both;
    sigemptyset(&both);
    sigaddset(&both, SIGINT);
    sigaddset(&both, SIGTERM);
    sigprocmask(SIG_BLOCK, &both, &old_);
  }
  ~HeldSignals() { sigprocmask(SIG_SETMASK, &old_, nullptr); }
  HeldSignals(const HeldSignals&) = delete;
  HeldSignals& operator=(const HeldSignals&) = delete;

 private:
  sigset_t old_{};
};

int slot_of(const report::ResultsFile& file) {
  for (int i = 0; i < kSlots; ++i)
    if (g_slot_used[i] && file.temporary() == g_slot_path[i]) return i;
  return -1;
}

}  // namespace

InterruptGuard::InterruptGuard(FirstSignal first) {
  g_signal = 0;
  g_exit_at_once = first == FirstSignal::exit_at_once;
  struct sigaction action {};
  action.sa_handler = on_signal;
  // Blocking calls (a write to a full pipe) carry on after the flag is set,
  // rather than failing with EINTR as if the output were broken.
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_old_int);
  sigaction(SIGTERM, &action, &g_old_term);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
  for (int i = 0; i < kSlots; ++i) g_slot_used[i] = 0;
}

bool InterruptGuard::requested() const { return g_signal != 0; }
int InterruptGuard::signal_number() const { return g_signal; }

std::unique_ptr<report::ResultsFile> InterruptGuard::open_output(const std::string& path,
                                                                 report::OutputOptions options) {
  const HeldSignals held;  // a signal now waits until the name is recorded
  auto file = std::make_unique<report::ResultsFile>(path, std::move(options));
  const std::string& temporary = file->temporary().native();
  if (temporary.empty()) return file;
  for (int i = 0; i < kSlots; ++i) {
    if (g_slot_used[i]) continue;
    if (temporary.size() >= PATH_MAX) break;
    std::memcpy(g_slot_path[i], temporary.c_str(), temporary.size() + 1);
    g_slot_used[i] = 1;
    return file;
  }
  throw std::logic_error("more outputs than InterruptGuard can track");
}

void InterruptGuard::commit(report::ResultsFile& file, std::string_view text) {
  const int slot = slot_of(file);
  // A signal that came before stops nothing here (a second one stops at once).
  const bool signalled_before = requested();
  file.commit(text, [this, signalled_before] { return !signalled_before && requested(); });
  if (slot >= 0) g_slot_used[slot] = 0;  // renamed: nothing left to remove
}

}  // namespace litmuslab::cli
