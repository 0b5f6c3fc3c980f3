"""litmuslab from Python: run C++ memory-model litmus tests, load results, plot them.

    import litmuslab
    litmuslab.catalogue()                        # the compiled-in tests, with their metadata
    r = litmuslab.run("SB+rlx", iterations=10_000_000, cpus=[0, 1])   # one Result
    r.histogram                                  # {"0:r0=0; 1:r0=0;": count, ...}
    r.states, r.counts                           # the same, as a list and a numpy array
    litmuslab.model("SB+rlx", "x86-tso")         # the states x86-TSO allows
    rs = litmuslab.load("results/")              # every results file under a folder
    litmuslab.plot.outcomes(rs, by="arch")       # a matplotlib figure
    print(litmuslab.compare("results/"))         # hosts side by side, as `litmuslab compare`

The heavy lifting is the C++ library behind the ``litmuslab`` CLI, reached
through the ``litmuslab._core`` extension module: both faces resolve tests,
build a run request from option text and run it through the same C++ front
end, and read and write results files the same way.
"""

from __future__ import annotations

import numbers
import os
import warnings
from typing import Iterable, Optional, Sequence, Union

from . import _core
from ._core import (
    AllowedStates,
    Comparison,
    LimitReached,
    NotAResultsFile,
    ParseError,
    Result,
    ResultsFileError,
    ResultsFormatError,
    ResultsInputError,
    SelectionError,
)
from .compare import compare
from .results_loader import ResultsFileSkipped, load

__all__ = [
    "AllowedStates",
    "Comparison",
    "LimitReached",
    "NotAResultsFile",
    "ParseError",
    "Result",
    "ResultsFileError",
    "ResultsFileSkipped",
    "ResultsFormatError",
    "ResultsInputError",
    "SelectionError",
    "catalogue",
    "compare",
    "host_model",
    "knobs",
    "load",
    "model",
    "model_names",
    "plot",
    "run",
    "save",
]

PathLike = Union[str, "os.PathLike[str]"]


def catalogue(pattern: Optional[str] = None) -> list[dict]:
    """The compiled-in catalogue: one dict per test, sorted by name.

    Keys: ``name``, ``family``, ``threads``, ``orders`` (the memory orders the
    test uses, e.g. ``["relaxed"]``), ``condition``, ``observed`` (the state
    keys, e.g. ``["0:r0", "1:r0"]``), ``comment``, ``file`` and ``source`` (the
    litmus file's text). ``pattern`` is a shell-style glob such as ``"SB+*"``
    (``+`` is literal); a pattern that matches nothing gives an empty list.
    """
    return _core.catalogue(pattern)


def model(test: PathLike, name: str, *, arm_acquire: str = "ldar", max_seconds: float = 60):
    """The final states that model ``name`` allows for ``test``.

    ``test`` is a catalogue name (``"SB+rlx"``) or a path to a ``.litmus``
    file, which need not be in the catalogue. ``name`` is one of
    :func:`model_names` (``sc``, ``x86-tso``, ``armv8``, ``cpp``, ``rc11``),
    giving an :class:`AllowedStates`, or ``"all"``, giving a dict from model
    name to :class:`AllowedStates`. Its state strings are spelt as
    :attr:`Result.histogram`'s keys, so ``state in litmuslab.model(...)`` works.
    ``arm_acquire="ldapr"`` compiles acquire loads to LDAPR (RCpc) for armv8.
    A search stops after ``max_seconds`` per model (0: no limit), raising
    :class:`LimitReached`, as it does for a test past what the models take.
    """
    limit = _seconds_text(max_seconds, "max_seconds")
    return _core.model(os.fspath(test), name, arm_acquire, "0" if max_seconds == 0 else limit)


def model_names() -> list[str]:
    """The models :func:`model` knows."""
    return _core.model_names()


def host_model() -> str:
    """This machine's architecture model: ``"x86-tso"``, ``"armv8"``, or ``""``."""
    return _core.host_model()


def knobs() -> list[dict]:
    """The knobs :func:`run` takes as keywords: name, default and help."""
    return _core.knobs()


def _count_text(value, what: str) -> Optional[str]:
    """A whole number as the C++ parser reads it: an int, or a float such as 1e6 that is one.

    Strings are refused with TypeError, as Python's own functions refuse them
    where a number belongs ("100" is not 100).
    """
    if value is None:
        return None
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    raise TypeError(f"{what} must be a whole number, not {value!r}")


def _seconds_text(value, what: str = "seconds") -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{what} must be a number, not {value!r}")
    return repr(float(value))


def _cpus_text(cpus) -> Optional[str]:
    """``[0, 1]``, ``range(4)`` or ``"0-3"`` as the CLI's ``--cpus`` text."""
    if cpus is None:
        return None
    if isinstance(cpus, str):
        return cpus
    if isinstance(cpus, numbers.Integral) and not isinstance(cpus, bool):
        cpus = [cpus]
    try:
        listed = list(cpus)
    except TypeError:
        raise TypeError(f"cpus must be a list of CPU numbers or a string like '0-3', not {cpus!r}") from None
    for cpu in listed:
        if not isinstance(cpu, numbers.Integral) or isinstance(cpu, bool):
            raise TypeError(f"cpus must hold CPU numbers (ints), not {cpu!r}")
        if cpu < 0:
            raise ValueError(f"cpus: {int(cpu)} is not a CPU number (CPUs are numbered from 0)")
    return ",".join(str(int(cpu)) for cpu in listed)


def _emulated_text(emulated) -> str:
    if emulated is None:
        return "auto"
    if not isinstance(emulated, bool):
        raise TypeError(f"emulated must be True, False or None, not {emulated!r}")
    return "yes" if emulated else "no"


def _knob_texts(values: dict) -> dict[str, str]:
    """Knob keywords as text, each checked against what the registry says it takes."""
    known = {knob["name"].replace("-", "_"): knob for knob in _core.knobs()}
    texts = {}
    for name, value in values.items():
        knob = known.get(name)
        if knob is None:  # the C++ front end names the valid ones
            texts[name] = str(value)
            continue
        if knob["text"]:
            if not isinstance(value, (str, os.PathLike)):
                raise TypeError(f"{name} must be text, not {value!r}")
            texts[name] = os.fspath(value)
        elif isinstance(value, str) and value in knob["names"]:
            texts[name] = value
        elif knob["number"] and not isinstance(value, str):
            texts[name] = _count_text(value, name)
        elif knob["number"]:
            words = f" or one of {', '.join(knob['names'])}" if knob["names"] else ""
            raise TypeError(f"{name} must be a whole number{words}, not {value!r}")
        elif not isinstance(value, str):
            raise TypeError(f"{name} must be one of {', '.join(knob['names'])}, not {value!r}")
        else:
            texts[name] = value  # an unknown word: the C++ parser lists the valid ones
    return texts


def _is_single_test(tests) -> bool:
    """An exact name or a file gives one Result; a glob, a folder, a list or None gives a list."""
    if isinstance(tests, (str, os.PathLike)) and os.path.isdir(tests):
        return False  # a folder of files
    if isinstance(tests, os.PathLike):
        return True
    return isinstance(tests, str) and not any(c in tests for c in "*?[")


def run(
    tests: Union[str, PathLike, Sequence[Union[str, PathLike]], None] = None,
    *,
    iterations: Optional[int] = None,
    seconds: Optional[float] = None,
    cpus: Union[Iterable[int], str, None] = None,
    emulated: Optional[bool] = None,
    arm_acquire: str = "ldar",
    **knobs,
):
    """Runs litmus tests on pinned threads, as ``litmuslab run`` does.

    ``tests`` is a catalogue name (``"SB+rlx"``), a glob (``"SB+*"``), a path
    to any ``.litmus`` file or a folder of them, a list of these, or None for
    the default suite (SB, MP and LB, each relaxed, release/acquire and
    seq_cst). A file outside the catalogue has its kernels compiled on demand
    (cached under ``$XDG_CACHE_HOME/litmuslab``); ``cxx="clang++-14"`` and
    ``cxxflags="-O3"`` choose the compiler, and ``Result.compiler`` records it.

    Returns one :class:`Result` per test run: a single Result when ``tests``
    is one exact name or file, and a list of Results (in run order) when it is
    a folder, a glob, a list or None, however many tests that selects. In a
    run of several files, one that does not parse or compile gives a
    RuntimeWarning with its error and the others still run; a single file
    raises (ParseError, or SelectionError with the compiler's first lines).

    ``iterations`` (default 10,000,000) or ``seconds`` is per test. ``cpus``
    is a list of CPU numbers or ``"0-3"``; by default, every CPU this process
    may use. ``emulated`` labels the host as emulated (None: detect).
    ``arm_acquire="ldapr"`` grades acquire loads as LDAPR (RCpc) under armv8,
    as ``litmuslab run --arm-acquire`` does. Other
    keywords are knobs, as ``litmuslab run --help`` lists them (see
    :func:`knobs`): ``batch=8192``, ``layout="padded"``, ``mode="batched"``.
    A test with more threads than CPUs still runs, with threads sharing CPUs,
    and a RuntimeWarning says so (``Result.oversubscribed``). An unknown
    knob, or a value of the wrong type (a string where a number belongs, as
    ``iterations="100"``), raises TypeError; a bad value raises ValueError;
    an unknown test raises :class:`SelectionError`.

    Each Result is graded as the CLI grades it: every state against the
    host's architecture model (x86-tso, armv8) and cpp, in ``Result.allowed``
    and ``Result.forbidden_observed``.

    The GIL is released while the test threads run. Ctrl-C stops the run
    cleanly: the threads join and KeyboardInterrupt is raised with the counts
    made so far as ``exc.results`` (a list of Results; the last is marked
    ``interrupted``).
    """
    if tests is None:
        names: list[str] = []
    elif isinstance(tests, (str, os.PathLike)):
        names = [os.fspath(tests)]
    else:
        names = [os.fspath(test) for test in tests]
        if not names:
            raise SelectionError("error: no tests given (pass None for the default suite)")
    # Everything goes to the C++ front end as text by keyword, as the CLI's options do.
    options: dict[str, Optional[str]] = {
        "iterations": _count_text(iterations, "iterations"),
        "seconds": _seconds_text(seconds),
        "cpus": _cpus_text(cpus),
        "emulated": _emulated_text(emulated),
        "arm_acquire": arm_acquire,
    }
    if not isinstance(arm_acquire, str):
        raise TypeError(f"arm_acquire must be 'ldar' or 'ldapr', not {arm_acquire!r}")
    options.update(_knob_texts(knobs))
    results = _core.run(names, [(name, text) for name, text in options.items() if text is not None])
    for result in results:
        if result.oversubscribed:  # as the CLI warns: shared CPUs make weak outcomes rarer
            warnings.warn(
                f"{result.test} has {result.threads} threads but ran on CPUs {result.cpus}; "
                "threads share CPUs (oversubscribed)",
                RuntimeWarning,
                stacklevel=2,
            )
    return results[0] if _is_single_test(tests) else results


def save(results: Union[Result, Iterable[Result]], path: PathLike) -> None:
    """Writes Results (all from one host) as one results file, atomically.

    The file is the schema the CLI writes, so ``litmuslab.load`` and any other
    reader of ``--json`` output read it back.
    """
    if isinstance(results, Result):
        results = [results]
    _core.save(list(results), os.fspath(path))


def __getattr__(name: str):
    # matplotlib is imported only when plotting is asked for.
    if name == "plot":
        import importlib

        return importlib.import_module(f"{__name__}.plot")  # sets the attribute for next time
    raise AttributeError(f"module 'litmuslab' has no attribute {name!r}")
