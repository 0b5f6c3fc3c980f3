"""``python -m litmuslab plot RESULTS... -o DIR``: the standard charts of a set of results.

Writes, into DIR:
  outcomes-FAMILY.png  outcome histograms of each test family, a column per architecture
  summary.png          every test's condition rate, a panel per architecture
  costs-HOST.png       ordering costs, for every Google Benchmark JSON found (bench.json);
                       one without ordering costs (litmuslab-bench's litmus instances)
                       is passed by with a note
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import warnings
from pathlib import Path
from typing import Optional, Sequence

def _exit_status(name: str) -> int:
    """One of the CLI's exit statuses (``litmuslab --help`` lists them), by name."""
    from ._core import exit_statuses

    return exit_statuses[name]


def _benchmark_files(paths: Sequence[str], results_files: set[str]) -> list[Path]:
    """Google Benchmark JSON files among the paths, or under the folders, in sorted order.

    ``results_files`` were read as results already: not parsed again, since at
    fleet scale they are nearly all the bytes.
    """
    from .bench import is_benchmark_document

    candidates: list[Path] = []
    for entry in paths:
        path = Path(entry)
        candidates.extend(sorted(path.rglob("*.json")) if path.is_dir() else [path])
    found = []
    for path in candidates:
        if str(path) in results_files:
            continue
        try:
            with open(path, encoding="utf-8") as f:
                if is_benchmark_document(json.load(f)):
                    found.append(path)
        except (OSError, ValueError):
            continue  # load() reports files it cannot read
    return found


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "results"


def write_standard_charts(inputs: Sequence[str], out_dir: str, by: str = "arch", fmt: str = "png",
                          dpi: int = 110, strict: bool = False) -> list[Path]:
    """Draws the standard charts of the results (and bench files) under ``inputs`` into ``out_dir``.

    Returns the files written. Raises ValueError when there is nothing to draw.
    """
    import litmuslab
    from . import plot
    from .bench import NoOrderingCosts

    results = litmuslab.load(inputs, strict=strict)
    benches = _benchmark_files(inputs, {r.source for r in results})
    if not results and not benches:
        raise ValueError(f"no litmuslab results or benchmark files in {', '.join(map(str, inputs))}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(fig, name: str) -> None:
        # Drawn in memory, then written as the CLI writes results: whole or not at all.
        from ._core import write_file

        path = out / f"{name}.{fmt}"
        drawn = io.BytesIO()
        fig.savefig(drawn, format=fmt, dpi=dpi)
        write_file(os.fspath(path), drawn.getvalue())
        written.append(path)

    for family in sorted({r.family for r in results}):
        save(plot.outcomes(results, by=by, family=family), f"outcomes-{_slug(family)}")
    if results:
        save(plot.summary(results, by=by), "summary")
    labels: set[str] = set()
    for bench in benches:
        try:
            figure = plot.costs(bench)
        except NoOrderingCosts as note:  # a benchmark file of another kind: nothing to draw
            warnings.warn(f"{note}; no costs chart for it", stacklevel=2)
            continue
        label = _slug(bench.parent.name if bench.parent.name else bench.stem)
        if bench.stem != "bench":
            label = _slug(f"{label}-{bench.stem}")
        while label in labels:
            label += "_"
        labels.add(label)
        save(figure, f"costs-{label}")
    return written


# Past a few hundred dots per inch a chart takes gigabytes to draw.
_DPI_RANGE = range(10, 601)


def _dpi(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value not in _DPI_RANGE:
        raise argparse.ArgumentTypeError(
            f"must be between {_DPI_RANGE.start} and {_DPI_RANGE.stop - 1}, not {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m litmuslab",
        description="litmuslab from Python: draw charts of results files.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    plot = commands.add_parser(
        "plot",
        help="draw the standard charts of results files and folders",
        description=__doc__.split("\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    plot.add_argument("inputs", nargs="+", metavar="RESULTS",
                      help="results files (litmuslab run --json), bench JSON, or folders searched recursively")
    plot.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for the charts (created if missing)")
    plot.add_argument("--by", choices=["arch", "host"], default="arch",
                      help="one facet per architecture (default) or per host model")
    plot.add_argument("--format", choices=["png", "svg", "pdf"], default="png", help="image format (default png)")
    plot.add_argument("--dpi", type=_dpi, default=110,
                      help=f"resolution of raster images, {_DPI_RANGE.start} to {_DPI_RANGE.stop - 1} (default 110)")
    plot.add_argument("--strict", action="store_true",
                      help="stop at a malformed results file instead of skipping it with a warning")
    return parser


def _print_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"python -m litmuslab plot: warning: {message}", file=sys.stderr)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)  # exits 2 on bad usage, as argparse does

    def fail(message, status: str) -> int:
        print(f"python -m litmuslab plot: error: {message}", file=sys.stderr)
        return _exit_status(status)

    for entry in args.inputs:
        if not os.path.exists(entry):
            return fail(f"{entry}: no such file or folder", "bad-input")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = _print_warning  # restored when the block ends
        try:
            written = write_standard_charts(args.inputs, args.output, args.by, args.format, args.dpi, args.strict)
        except ValueError as error:  # includes malformed files under --strict
            return fail(error, "bad-input")
        except MemoryError:
            return fail("out of memory while drawing the charts", "limit-reached")
        except OSError as error:  # the folder or a chart could not be written
            if error.filename and str(error.filename) not in str(error):
                error = f"{error.filename}: {error.strerror or error}"
            return fail(error, "output-failed")
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
