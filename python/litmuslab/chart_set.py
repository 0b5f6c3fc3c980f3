"""The standard charts of a set of results, read and drawn on every CPU the process may use.

Both halves split across forked worker processes. Each reader parses a share
of the files and pools its runs (counts per test, facet and state); the
parent adds the pools up. Each drawer then draws whole charts from the pools.
Only pools cross between processes, never the Results: a fleet's thousand
files pool into a few kilobytes.
"""

from __future__ import annotations

import io
import json
import os
import re
import warnings
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence

from . import facets, results_loader


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class _InProcess:
    """An executor that runs each call at once, for one job: no fork, and exceptions as they are."""

    def submit(self, function, *args) -> Future:
        future: Future = Future()
        try:
            future.set_result(function(*args))
        except Exception as error:  # handed over, as a process pool hands it over; Ctrl-C is not
            future.set_exception(error)
        return future


@contextmanager
def _workers(jobs: int) -> Iterator:
    import multiprocessing

    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield _InProcess()
        return
    # Forked, so each worker starts with what the parent imported already.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


def _shares(files: list, count: int) -> list:
    """``files`` cut into at most ``count`` runs in order, of about equal bytes."""
    sizes = []
    for path, _ in files:
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            sizes.append(0)  # read_files reports it
    total = sum(sizes) or 1
    shares: list = [[] for _ in range(max(1, count))]
    done = 0
    for entry, size in zip(files, sizes):
        shares[min(len(shares) - 1, done * len(shares) // total)].append(entry)
        done += size
    return [share for share in shares if share]


def _read_and_pool(files: list, strict: bool, by: str) -> tuple:
    """In a reader: (pool, folders that held results, files read as results, warnings as text)."""
    pooled: dict = {}
    found: set = set()
    sources: set = set()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for entry in files:  # a file at a time, so that only its Results are ever held
            results, folders = results_loader.read_files([entry], strict)
            facets.pool(results, by, into=pooled)
            found |= folders
            sources |= {result.source for result in results}
    return pooled, found, sources, [(str(w.message), w.category) for w in caught]


def load_pools(inputs: Sequence, by: str = "arch", strict: bool = False, jobs: int = 1,
               meanwhile: Optional[Callable[[], object]] = None) -> tuple[dict, set]:
    """The runs of every results file in ``inputs``, pooled by facet (``by``), and the files read.

    Reads as :func:`litmuslab.load` reads, with the same warnings and errors,
    on ``jobs`` processes; ``meanwhile`` is called while they read.
    """
    files, folders = results_loader.files_to_read(inputs)
    found: set = set()
    sources: set = set()
    pools = []
    with _workers(jobs) as workers:
        futures = [workers.submit(_read_and_pool, share, strict, by) for share in _shares(files, jobs)]
        if meanwhile:
            meanwhile()
        for future in futures:  # in file order, so warnings and the first error come as load() gives them
            pooled, folders_found, read, caught = future.result()
            for message, category in caught:
                warnings.warn(message, category, stacklevel=2)
            pools.append(pooled)
            found |= folders_found
            sources |= read
    results_loader.warn_of_empty_folders(folders, found)
    return facets.merge_pools(pools), sources


def _is_benchmark_file(path: Path) -> bool:
    from .bench import is_benchmark_document

    try:
        with open(path, encoding="utf-8") as f:
            return is_benchmark_document(json.load(f))
    except (OSError, ValueError):
        return False  # the results reader reports files it cannot read


def benchmark_files(paths: Sequence, results_files: set) -> list[Path]:
    """Google Benchmark JSON files among the paths, or under the folders, in sorted order.

    ``results_files`` were read as results already: not parsed again, since at
    fleet scale they are nearly all the bytes.
    """
    candidates: list[Path] = []
    for entry in paths:
        path = Path(entry)
        candidates.extend(sorted(path.rglob("*.json")) if path.is_dir() else [path])
    return [path for path in candidates if str(path) not in results_files and _is_benchmark_file(path)]


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "results"


def _draw(kind: str, source, path: Path, fmt: str, dpi: int) -> Optional[str]:
    """In a drawer: draws one chart into ``path``; returns a note instead when there is nothing to draw."""
    from . import plot
    from ._core import write_file
    from .bench import NoOrderingCosts

    if kind == "costs":
        try:
            figure = plot.costs(source)
        except NoOrderingCosts as note:  # a benchmark file of another kind
            return f"{note}; no costs chart for it"
    elif kind == "summary":
        figure = plot.summary_of_pool(source)
    else:
        figure = plot.outcomes_of_pool(source)
    # Drawn in memory, then written as the CLI writes results: whole or not at all.
    drawn = io.BytesIO()
    # zlib's fastest level: a fifth of the drawing time was compression, for a fifth more bytes.
    options = {"pil_kwargs": {"compress_level": 1}} if fmt == "png" else {}
    figure.savefig(drawn, format=fmt, dpi=dpi, **options)
    write_file(os.fspath(path), drawn.getvalue())
    return None


def write_standard_charts(inputs: Sequence[str], out_dir: str, by: str = "arch", fmt: str = "png",
                          dpi: int = 110, strict: bool = False, jobs: Optional[int] = None) -> list[Path]:
    """Draws the standard charts of the results (and bench files) under ``inputs`` into ``out_dir``.

    Uses ``jobs`` processes (default: every CPU this process may use).
    Returns the files written. Raises ValueError when there is nothing to draw.
    """
    jobs = jobs or default_jobs()

    def import_plot() -> None:  # once, in the parent, so that every drawer starts with it
        from . import plot  # noqa: F401

    # A benchmark file named directly is drawn, not read (strictly) as results.
    results_inputs = [entry for entry in inputs if Path(entry).is_dir() or not _is_benchmark_file(Path(entry))]
    pooled, sources = load_pools(results_inputs, by, strict, jobs, meanwhile=import_plot)
    benches = benchmark_files(inputs, sources)
    if not pooled and not benches:
        raise ValueError(f"no litmuslab results or benchmark files in {', '.join(map(str, inputs))}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    charts = []  # (kind, what it draws from, file), in the order they are listed
    for family in sorted({run.family for run in pooled.values()}):
        runs = {key: run for key, run in pooled.items() if run.family == family}
        charts.append(("outcomes", runs, out / f"outcomes-{slug(family)}.{fmt}"))
    if pooled:
        charts.append(("summary", pooled, out / f"summary.{fmt}"))
    labels: set[str] = set()
    for bench in benches:
        label = slug(bench.parent.name if bench.parent.name else bench.stem)
        if bench.stem != "bench":
            label = slug(f"{label}-{bench.stem}")
        while label in labels:
            label += "_"
        labels.add(label)
        charts.append(("costs", bench, out / f"costs-{label}.{fmt}"))

    # The biggest charts first, so that no drawer is left with one at the end.
    def panels(chart) -> int:
        return len(chart[1]) if isinstance(chart[1], dict) else 1

    order = sorted(range(len(charts)), key=lambda i: -panels(charts[i]))
    with _workers(min(jobs, len(charts))) as workers:
        futures = {i: workers.submit(_draw, kind, source, path, fmt, dpi)
                   for i, (kind, source, path) in ((i, charts[i]) for i in order)}
        written = []
        for i, (_, _, path) in enumerate(charts):
            note = futures[i].result()
            if note:
                warnings.warn(note, stacklevel=2)
            else:
                written.append(path)
    return written
