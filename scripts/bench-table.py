#!/usr/bin/python3
"""Markdown tables of litmuslab-bench medians from a Google Benchmark JSON file.

Usage: /usr/bin/python3 scripts/bench-table.py results/x86_64-amd-epyc-kvm/bench.json

Times are per operation *per thread*. Google Benchmark divides a multi-threaded
run's wall time by the iterations of all threads together, so its figure for a
2-thread run is half what each thread sees; this script multiplies it back by
the thread count so that the uncontended and contended columns compare like
with like (and agree with the per-thread TSC counter).
"""

import json
import sys

ATOMIC_OPS = [
    ("load", ["relaxed", "acquire", "seq_cst"]),
    ("store", ["relaxed", "release", "seq_cst"]),
    ("exchange", ["relaxed", "acquire", "release", "acq_rel", "seq_cst"]),
    ("fetch_add", ["relaxed", "acquire", "release", "acq_rel", "seq_cst"]),
    ("cas_success", ["relaxed", "acquire", "release", "acq_rel", "seq_cst"]),
    ("cas_failure", ["relaxed", "acquire", "release", "acq_rel", "seq_cst"]),
    ("fence", ["acquire", "release", "acq_rel", "seq_cst"]),
]
CONTENTIONS = [
    ("uncontended", "uncontended/real_time"),
    ("same line", "contended_same_line/real_time/threads:2"),
    ("separate lines", "contended_separate_lines/real_time/threads:2"),
]
STACK_ORDERINGS = ["relaxed", "acq_rel", "seq_cst"]

TIME_UNIT_TO_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def load_medians(path):
    """Maps each run name to its median aggregate."""
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    medians = {
        b["run_name"]: b
        for b in document["benchmarks"]
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") == "median"
    }
    return document["context"], medians


def per_thread_ns(run):
    return run["real_time"] * TIME_UNIT_TO_NS[run["time_unit"]] * run["threads"]


def cell(run):
    """'ns / ticks' for one run, or a dash when it is missing or failed."""
    if run is None or run.get("error_occurred"):
        return "–", "–"
    ticks = run.get("tsc_ref_ticks_per_op")
    return f"{per_thread_ns(run):.2f}", ("–" if ticks is None else f"{ticks:.1f}")


def atomic_table(medians):
    header = ["op", "order"]
    for label, _ in CONTENTIONS:
        header += [f"{label} ns", f"{label} ticks"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for op, orders in ATOMIC_OPS:
        for order in orders:
            row = [op, order]
            for _, suffix in CONTENTIONS:
                row += cell(medians.get(f"{op}/{order}/{suffix}"))
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def stack_table(medians):
    lines = [
        "| ordering | threads | ns per push+pop (per thread) | ticks | total push+pop pairs/s |",
        "|---|---|---|---|---|",
    ]
    for ordering in STACK_ORDERINGS:
        for threads in (1, 2):
            run = medians.get(f"stack/push_pop/{ordering}/real_time/threads:{threads}")
            ns, ticks = cell(run)
            rate = "–" if run is None else f"{run['items_per_second'] / 1e6:.1f} M"
            lines.append(f"| {ordering} | {threads} | {ns} | {ticks} | {rate} |")
    return "\n".join(lines)


def main(argv):
    if len(argv) != 2:
        sys.exit(f"usage: {argv[0]} BENCH.json")
    context, medians = load_medians(argv[1])
    print(
        f"Medians of {next(iter(medians.values()))['repetitions']} repetitions, "
        f"{context['date']}, {context['num_cpus']} CPUs at {context['mhz_per_cpu']} MHz "
        "(as Google Benchmark reads it). ns and TSC reference ticks per operation, per thread.\n"
    )
    print(atomic_table(medians))
    print()
    print(stack_table(medians))


if __name__ == "__main__":
    main(sys.argv)
