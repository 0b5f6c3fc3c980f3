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
import os
import sys
import warnings
from concurrent.futures.process import BrokenProcessPool
from typing import Optional, Sequence

from .chart_set import default_jobs, write_standard_charts


def _exit_status(name: str) -> int:
    """One of the CLI's exit statuses (``litmuslab --help`` lists them), by name."""
    from ._core import exit_statuses

    return exit_statuses[name]


# Past a few hundred dots per inch a chart takes gigabytes to draw.
_DPI_RANGE = range(10, 601)
# More processes than charts or files buy nothing; this only refuses nonsense.
_JOBS_RANGE = range(1, 1025)


def _whole_number(text: str, allowed: range) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value not in allowed:
        raise argparse.ArgumentTypeError(f"must be between {allowed.start} and {allowed.stop - 1}, not {value}")
    return value


def _dpi(text: str) -> int:
    return _whole_number(text, _DPI_RANGE)


def _jobs(text: str) -> int:
    return _whole_number(text, _JOBS_RANGE)


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
    plot.add_argument("-j", "--jobs", type=_jobs, default=default_jobs(), metavar="N",
                      help="processes that read and draw (default: the CPUs this process may use, here "
                           f"{default_jobs()})")
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
            written = write_standard_charts(args.inputs, args.output, args.by, args.format, args.dpi, args.strict,
                                            args.jobs)
        except ValueError as error:  # includes malformed files under --strict
            return fail(error, "bad-input")
        except MemoryError:
            return fail("out of memory while drawing the charts", "limit-reached")
        except BrokenProcessPool:  # the kernel ends a worker that runs out of memory
            return fail("a worker process died while reading or drawing (out of memory?)", "limit-reached")
        except OSError as error:  # the folder or a chart could not be written
            if error.filename and str(error.filename) not in str(error):
                error = f"{error.filename}: {error.strerror or error}"
            return fail(error, "output-failed")
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
