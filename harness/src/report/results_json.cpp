#include <chrono>
#include <cstdint>
#include <ctime>
#include <nlohmann/json.hpp>

#include "litmuslab/results.hpp"

namespace litmuslab::report {
namespace {

using Json = nlohmann::ordered_json;

Json host_json(const HostDescription& h) {
  return Json{{"arch", h.arch},
              {"cpu_model", h.cpu_model},
              {"vendor", h.vendor},
              {"cpu_family_model", h.cpu_family_model},
              {"logical_cpus", h.logical_cpus},
              {"kernel", h.kernel},
              {"virtualized", h.virtualized},
              {"emulated", h.emulated},
              {"hwcaps", h.hwcaps}};
}

Json outcomes_json(const std::vector<Outcome>& list) {
  Json outcomes = Json::array();
  for (const Outcome& o : list) {
    Json state = Json::object();
    for (const auto& [key, value] : o.state) state[key] = value;
    Json outcome{{"state", state}, {"count", o.count}, {"matches_condition", o.matches_condition}};
    if (!o.allowed.empty()) outcome["allowed"] = o.allowed;
    if (o.first_seen_seconds) outcome["first_seen_seconds"] = *o.first_seen_seconds;
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

Json segments_json(const std::vector<Segment>& segments) {
  Json list = Json::array();
  for (const Segment& s : segments)
    list.push_back(Json{{"role", s.role},
                        {"mode", s.mode},
                        {"config", s.config},
                        {"start_seconds", s.start_seconds},
                        {"seconds", s.seconds},
                        {"iterations", s.iterations},
                        {"instances", s.instances},
                        {"matches", s.matches},
                        {"outcomes", outcomes_json(s.outcomes)}});
  return list;
}

Json run_json(const TestRun& r) {
  const Json outcomes = outcomes_json(r.outcomes);
  Json run{{"test", r.test},
           {"family", r.family},
           {"threads", r.threads},
           {"cpus", r.cpus},
           {"oversubscribed", r.oversubscribed},
           {"mode", r.mode},
           {"config", r.config},
           {"iterations", r.iterations},
           {"instances", r.instances},
           {"seconds", r.seconds},
           {"condition", r.condition},
           {"kernel_hash", r.kernel_hash},
           {"outcomes", outcomes},
           {"matches", r.matches}};
  if (!r.metadata.empty()) {
    Json metadata = Json::array();
    for (const auto& [key, value] : r.metadata)
      metadata.push_back(Json{{"key", key}, {"value", value}});
    run["metadata"] = metadata;
  }
  if (r.filtered > 0) run["filtered"] = r.filtered;
  if (r.forbidden_observed) run["forbidden_observed"] = *r.forbidden_observed;
  if (!r.graded_models.empty()) run["graded_models"] = r.graded_models;
  if (!r.unseen_allowed.empty()) {
    Json unseen = Json::array();
    for (const UnseenState& u : r.unseen_allowed) {
      Json state = Json::object();
      for (const auto& [key, value] : u.state) state[key] = value;
      unseen.push_back(Json{{"state", state},
                            {"allowed_by", u.allowed_by},
                            {"matches_condition", u.matches_condition},
                            {"upper_bound_95", u.upper_bound_95}});
    }
    run["unseen_allowed"] = unseen;
  }
  if (r.condition_rate)
    run["condition_rate"] = Json{{"estimate", r.condition_rate->estimate},
                                 {"low", r.condition_rate->low},
                                 {"high", r.condition_rate->high}};
  if (!r.model_flags.empty()) run["model_flags"] = r.model_flags;
  if (!r.notes.empty()) run["notes"] = r.notes;
  if (r.compiler != CompilerRecord{})
    run["compiler"] = Json{{"path", r.compiler.path},
                           {"version", r.compiler.version},
                           {"flags", r.compiler.flags},
                           {"kernels", r.compiler.kernels}};
  if (!r.segments.empty()) run["segments"] = segments_json(r.segments);
  return run;
}

// Field access that names the field and the file on failure.
class Reader {
 public:
  explicit Reader(std::string_view origin) : origin_(origin) {}

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw ResultsFormatError(origin_ + ": " + where + ": " + what);
  }

  const Json& field(const Json& object, const char* name, const std::string& where) const {
    if (!object.is_object()) fail(where, "expected an object");
    auto it = object.find(name);
    if (it == object.end()) fail(where, std::string("missing field '") + name + "'");
    return *it;
  }

  template <class T>
  T get(const Json& object, const char* name, const std::string& where) const {
    const Json& value = field(object, name, where);
    try {
      return value.get<T>();
    } catch (const Json::exception&) {
      fail(where + "." + name, "has the wrong type (" + std::string(value.type_name()) + ")");
    }
  }

  // JSON's -1 or 1.5 would convert silently into a wrong uint64, and a count
  // past 2^64 arrives as a double: refuse all but whole non-negative numbers.
  std::uint64_t count(const Json& object, const char* name, const std::string& where) const {
    const Json& value = field(object, name, where);
    if (!value.is_number_unsigned())
      fail(where + "." + name, "expected a whole number from 0 to 2^64-1, not " + value.dump());
    return value.get<std::uint64_t>();
  }

 private:
  std::string origin_;
};

HostDescription read_host(const Reader& in, const Json& j) {
  HostDescription h;
  h.arch = in.get<std::string>(j, "arch", "host");
  h.cpu_model = in.get<std::string>(j, "cpu_model", "host");
  h.vendor = in.get<std::string>(j, "vendor", "host");
  h.cpu_family_model = in.get<std::string>(j, "cpu_family_model", "host");
  h.logical_cpus = in.get<int>(j, "logical_cpus", "host");
  h.kernel = in.get<std::string>(j, "kernel", "host");
  h.virtualized = in.get<bool>(j, "virtualized", "host");
  h.emulated = in.get<bool>(j, "emulated", "host");
  h.hwcaps = in.get<std::vector<std::string>>(j, "hwcaps", "host");
  return h;
}

std::vector<std::pair<std::string, std::int32_t>> read_state(const Reader& in, const Json& state,
                                                             const std::string& where) {
  if (!state.is_object()) in.fail(where, "expected an object");
  std::vector<std::pair<std::string, std::int32_t>> out;
  for (const auto& [key, value] : state.items()) {
    if (!value.is_number_integer() || value.get<std::int64_t>() < INT32_MIN ||
        value.get<std::int64_t>() > INT32_MAX)
      in.fail(where + "." + key, "expected a 32-bit integer");
    out.emplace_back(key, value.get<std::int32_t>());
  }
  return out;
}

std::vector<Outcome> read_outcomes(const Reader& in, const Json& j, const std::string& where) {
  const Json& outcomes = in.field(j, "outcomes", where);
  if (!outcomes.is_array()) in.fail(where + ".outcomes", "expected an array");
  std::vector<Outcome> list;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const std::string at = where + ".outcomes[" + std::to_string(i) + "]";
    Outcome o;
    o.state = read_state(in, in.field(outcomes[i], "state", at), at + ".state");
    o.count = in.count(outcomes[i], "count", at);
    o.matches_condition = in.get<bool>(outcomes[i], "matches_condition", at);
    if (outcomes[i].contains("allowed"))
      o.allowed = in.get<std::map<std::string, bool>>(outcomes[i], "allowed", at);
    if (outcomes[i].contains("first_seen_seconds"))
      o.first_seen_seconds = in.get<double>(outcomes[i], "first_seen_seconds", at);
    list.push_back(std::move(o));
  }
  return list;
}

// A run's segments, which must add up to the run: their iterations,
// instances and matches sum to the run's, and each one's outcomes to its
// instances (docs/design.md, "Results").
std::vector<Segment> read_segments(const Reader& in, const TestRun& run, const Json& list,
                                   const std::string& where) {
  const std::string here = where + ".segments";
  if (!list.is_array()) in.fail(here, "expected an array");
  std::vector<Segment> segments;
  std::uint64_t iterations = 0, instances = 0, matches = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = here + "[" + std::to_string(i) + "]";
    Segment s;
    s.role = in.get<std::string>(list[i], "role", at);
    if (s.role != "probe" && s.role != "run")
      in.fail(at + ".role", "expected \"probe\" or \"run\", not \"" + s.role + "\"");
    s.mode = in.get<std::string>(list[i], "mode", at);
    s.config = in.get<std::map<std::string, std::string>>(list[i], "config", at);
    s.start_seconds = in.get<double>(list[i], "start_seconds", at);
    s.seconds = in.get<double>(list[i], "seconds", at);
    s.iterations = in.count(list[i], "iterations", at);
    s.instances = in.count(list[i], "instances", at);
    s.matches = in.count(list[i], "matches", at);
    s.outcomes = read_outcomes(in, list[i], at);
    std::uint64_t counted = 0;
    for (const Outcome& o : s.outcomes) counted += o.count;
    if (counted != s.instances)
      in.fail(at, "its outcomes count " + std::to_string(counted) + " instances, not " +
                      std::to_string(s.instances));
    iterations += s.iterations;
    instances += s.instances;
    matches += s.matches;
    segments.push_back(std::move(s));
  }
  const auto check = [&](const char* what, std::uint64_t sum, std::uint64_t total) {
    if (sum != total)
      in.fail(here, std::string("the segments' ") + what + " sum to " + std::to_string(sum) +
                        ", not the run's " + std::to_string(total));
  };
  check("iterations", iterations, run.iterations);
  check("instances", instances, run.instances);
  check("matches", matches, run.matches);
  return segments;
}

TestRun read_run(const Reader& in, const Json& j, const std::string& where) {
  TestRun r;
  r.test = in.get<std::string>(j, "test", where);
  r.family = in.get<std::string>(j, "family", where);
  r.threads = in.get<int>(j, "threads", where);
  r.cpus = in.get<std::vector<int>>(j, "cpus", where);
  r.oversubscribed = in.get<bool>(j, "oversubscribed", where);
  r.mode = in.get<std::string>(j, "mode", where);
  r.config = in.get<std::map<std::string, std::string>>(j, "config", where);
  r.iterations = in.count(j, "iterations", where);
  r.instances = in.count(j, "instances", where);
  r.seconds = in.get<double>(j, "seconds", where);
  r.condition = in.get<std::string>(j, "condition", where);
  r.kernel_hash = in.get<std::string>(j, "kernel_hash", where);
  r.matches = in.count(j, "matches", where);
  if (j.contains("filtered")) r.filtered = in.count(j, "filtered", where);
  if (j.contains("forbidden_observed"))
    r.forbidden_observed = in.get<bool>(j, "forbidden_observed", where);
  if (j.contains("notes")) r.notes = in.get<std::vector<std::string>>(j, "notes", where);
  if (j.contains("metadata")) {
    const Json& metadata = in.field(j, "metadata", where);
    if (!metadata.is_array()) in.fail(where + ".metadata", "expected an array");
    for (std::size_t i = 0; i < metadata.size(); ++i) {
      const std::string at = where + ".metadata[" + std::to_string(i) + "]";
      r.metadata.emplace_back(in.get<std::string>(metadata[i], "key", at),
                              in.get<std::string>(metadata[i], "value", at));
    }
  }
  if (j.contains("graded_models"))
    r.graded_models = in.get<std::vector<std::string>>(j, "graded_models", where);
  if (j.contains("model_flags"))
    r.model_flags = in.get<std::vector<std::string>>(j, "model_flags", where);
  if (j.contains("condition_rate")) {
    const Json& rate = in.field(j, "condition_rate", where);
    const std::string at = where + ".condition_rate";
    r.condition_rate =
        RateInterval{in.get<double>(rate, "estimate", at), in.get<double>(rate, "low", at),
                     in.get<double>(rate, "high", at)};
  }
  if (j.contains("unseen_allowed")) {
    const Json& unseen = in.field(j, "unseen_allowed", where);
    if (!unseen.is_array()) in.fail(where + ".unseen_allowed", "expected an array");
    for (std::size_t i = 0; i < unseen.size(); ++i) {
      const std::string at = where + ".unseen_allowed[" + std::to_string(i) + "]";
      UnseenState u;
      u.state = read_state(in, in.field(unseen[i], "state", at), at + ".state");
      u.allowed_by = in.get<std::vector<std::string>>(unseen[i], "allowed_by", at);
      u.matches_condition = in.get<bool>(unseen[i], "matches_condition", at);
      u.upper_bound_95 = in.get<double>(unseen[i], "upper_bound_95", at);
      r.unseen_allowed.push_back(std::move(u));
    }
  }
  if (j.contains("compiler")) {
    const Json& compiler = in.field(j, "compiler", where);
    const std::string at = where + ".compiler";
    r.compiler = {
        in.get<std::string>(compiler, "path", at), in.get<std::string>(compiler, "version", at),
        in.get<std::string>(compiler, "flags", at), in.get<std::string>(compiler, "kernels", at)};
  }
  r.outcomes = read_outcomes(in, j, where);
  if (j.contains("segments"))
    r.segments = read_segments(in, r, in.field(j, "segments", where), where);
  return r;
}

}  // namespace

std::string to_json(const ResultsDocument& d) {
  Json runs = Json::array();
  for (const TestRun& r : d.runs) runs.push_back(run_json(r));
  Json doc{{"schema", d.schema},
           {"created", d.created},
           {"interrupted", d.interrupted},
           {"host", host_json(d.host)},
           {"build", Json{{"version", d.build.version},
                          {"git", d.build.git},
                          {"compiler", d.build.compiler},
                          {"flags", d.build.flags}}},
           {"runs", runs}};
  if (!d.failed.empty()) {
    Json failed = Json::array();
    for (const FailedFile& f : d.failed) {
      Json entry{{"file", f.file}, {"error", f.error}};
      if (!f.compiler_output.empty()) entry["compiler_output"] = f.compiler_output;
      failed.push_back(std::move(entry));
    }
    doc["failed"] = failed;
  }
  return doc.dump(2) + "\n";
}

ResultsDocument parse_results(std::string_view text, std::string_view origin) {
  const Reader in(origin);
  Json j;
  try {
    j = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& error) {
    throw ResultsFormatError(std::string(origin) + ": not valid JSON: " + error.what());
  }
  if (!j.is_object()) in.fail("document", "expected a JSON object");
  if (!j.contains("schema"))
    throw NotAResultsFile(std::string(origin) +
                          ": document: missing field 'schema'; not a litmuslab results file");
  const std::string schema = in.get<std::string>(j, "schema", "document");
  // Every schema this reader knows; add older ones here when the format moves.
  if (schema != kResultsSchema) {
    const std::string message = std::string(origin) + ": schema: unknown schema '" + schema +
                                "' (this litmuslab reads " + std::string(kResultsSchema) + ")";
    // Another version of the results schema is a results file this build cannot read.
    if (!schema.starts_with(kResultsSchemaFamily)) throw NotAResultsFile(message);
    throw ResultsFormatError(message);
  }
  ResultsDocument d;
  d.schema = schema;
  d.created = in.get<std::string>(j, "created", "document");
  d.interrupted = in.get<bool>(j, "interrupted", "document");
  d.host = read_host(in, in.field(j, "host", "document"));
  const Json& build = in.field(j, "build", "document");
  d.build.version = in.get<std::string>(build, "version", "build");
  d.build.git = in.get<std::string>(build, "git", "build");
  d.build.compiler = in.get<std::string>(build, "compiler", "build");
  d.build.flags = in.get<std::string>(build, "flags", "build");
  const Json& runs = in.field(j, "runs", "document");
  if (!runs.is_array()) in.fail("runs", "expected an array");
  for (std::size_t i = 0; i < runs.size(); ++i)
    d.runs.push_back(read_run(in, runs[i], "runs[" + std::to_string(i) + "]"));
  if (j.contains("failed")) {
    const Json& failed = in.field(j, "failed", "document");
    if (!failed.is_array()) in.fail("failed", "expected an array");
    for (std::size_t i = 0; i < failed.size(); ++i) {
      const std::string at = "failed[" + std::to_string(i) + "]";
      FailedFile f{in.get<std::string>(failed[i], "file", at),
                   in.get<std::string>(failed[i], "error", at), ""};
      if (failed[i].contains("compiler_output"))
        f.compiler_output = in.get<std::string>(failed[i], "compiler_output", at);
      d.failed.push_back(std::move(f));
    }
  }
  return d;
}

std::string utc_timestamp_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace litmuslab::report
