"""Reading litmuslab-bench's Google Benchmark JSON into ordering costs.

Run names look like ``store/seq_cst/uncontended/real_time`` and
``load/acquire/contended_same_line/real_time/threads:2``: an operation, a
memory order, and a contention case (alone, or with a second thread on the
same or another cache line). Times are per operation *per thread*, as in
``scripts/bench-table.py``: Google Benchmark divides a multi-threaded run's
time by the iterations of all threads together, so it is multiplied back by
the thread count here. Runs without an order in their name (the Treiber
stack's push/pop pairs) are not ordering costs of one operation and are left out.
"""

from __future__ import annotations

import json
import os
import statistics
from dataclasses import dataclass
from typing import Union

ORDERS = ["relaxed", "acquire", "release", "acq_rel", "seq_cst"]
_TIME_UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


@dataclass(frozen=True)
class Cost:
    op: str  # "store"
    order: str  # "seq_cst"
    contention: str  # "uncontended", "contended_same_line", ...
    threads: int
    ns_per_op: float  # per thread


@dataclass
class BenchFile:
    costs: list  # of Cost, in the file's order
    context: dict  # Google Benchmark's context block
    statistic: str  # "median", "mean", or "single run"
    repetitions: int


class NoOrderingCosts(ValueError):
    """Google Benchmark output with no ordering costs in it (litmuslab-bench's litmus instances)."""


def is_benchmark_document(document) -> bool:
    """Google Benchmark output: a dict with ``context`` and ``benchmarks``."""
    return isinstance(document, dict) and "benchmarks" in document and "context" in document


def _parse_name(run_name: str):
    parts = run_name.split("/")
    for i, part in enumerate(parts):
        if part in ORDERS and i > 0:
            rest = [p for p in parts[i + 1 :] if p != "real_time" and not p.startswith(("threads:", "min_time", "repeats"))]
            if rest:
                return "/".join(parts[:i]), part, "/".join(rest)
            return None
    return None


def read_costs(source: Union[str, "os.PathLike[str]", dict], statistic: str = "median") -> BenchFile:
    """The ordering costs in a Google Benchmark JSON file (or its parsed dict).

    ``statistic`` picks the aggregate (``"median"`` or ``"mean"``) when the
    file has repetitions; without aggregates, the median over the plain runs
    of each name is used. Raises ValueError for a file that is not Google
    Benchmark output, and NoOrderingCosts (a ValueError) for one that holds
    no ordering costs.
    """
    if isinstance(source, dict):
        document, origin = source, "benchmark document"
    else:
        origin = os.fspath(source)
        with open(origin, encoding="utf-8") as f:
            try:
                document = json.load(f)
            except ValueError as error:
                raise ValueError(f"{origin}: not valid JSON: {error}") from None
    if not is_benchmark_document(document):
        raise ValueError(f"{origin}: not Google Benchmark JSON (no 'context' and 'benchmarks')")
    entries = [b for b in document["benchmarks"] if not b.get("error_occurred")]
    aggregates = [b for b in entries if b.get("run_type") == "aggregate" and b.get("aggregate_name") == statistic]
    used = statistic
    if aggregates:
        chosen = {b["run_name"]: [b] for b in aggregates}
        repetitions = max(int(b.get("repetitions", 1)) for b in aggregates)
    else:
        chosen = {}
        for b in entries:
            if b.get("run_type", "iteration") == "iteration":
                chosen.setdefault(b.get("run_name", b["name"]), []).append(b)
        repetitions = max((len(v) for v in chosen.values()), default=0)
        used = "median" if repetitions > 1 else "single run"
    costs = []
    for run_name, runs in chosen.items():
        parsed = _parse_name(run_name)
        if parsed is None:
            continue
        op, order, contention = parsed
        threads = int(runs[0].get("threads", 1))
        times = [b["real_time"] * _TIME_UNIT_NS[b.get("time_unit", "ns")] * threads for b in runs]
        costs.append(Cost(op, order, contention, threads, statistics.median(times)))
    if not costs:
        raise NoOrderingCosts(f"{origin}: no ordering costs (names like 'store/seq_cst/uncontended')")
    return BenchFile(costs, dict(document["context"]), used, repetitions)
