"""Loading results files, one at a time or every one under a folder.

Each file is read by the C++ reader behind the CLI (``report::parse_results``),
so Python accepts exactly what the CLI writes and refuses the same files.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Iterable, Union

from . import _core

PathLike = Union[str, "os.PathLike[str]"]


class ResultsFileSkipped(UserWarning):
    """A file under a folder given to :func:`load` was skipped because it is not a valid results file."""


def _load_file(path: Path) -> list:
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    return _core.parse_results(text, str(path))


def _load_folder(folder: Path, strict: bool) -> list:
    results = []
    found = False
    for path in sorted(p for p in folder.rglob("*.json") if p.is_file()):
        try:
            results.extend(_load_file(path))
            found = True
        except _core.NotAResultsFile:
            continue  # benchmark output, a comparison: not a results file at all
        except _core.ResultsFormatError as error:
            if strict:
                raise
            warnings.warn(f"skipping {error}", ResultsFileSkipped, stacklevel=3)
        except (OSError, UnicodeError) as error:
            if strict:
                raise
            warnings.warn(f"skipping {path}: {error}", ResultsFileSkipped, stacklevel=3)
    if not found:
        warnings.warn(f"no litmuslab results files under {folder}", ResultsFileSkipped, stacklevel=3)
    return results


def load(paths: Union[PathLike, Iterable[PathLike]], *, strict: bool = False) -> list:
    """Every test run in the given results files and folders, as a list of Results.

    ``paths`` is a results file, a folder, or a list of them. A folder is
    searched recursively for ``*.json`` files, in sorted order:

    - a file that is not valid JSON, or whose results document is malformed or
      of an unknown version of the results schema, is skipped with a
      :class:`ResultsFileSkipped` warning that names it and says what is
      wrong; with ``strict=True`` it raises :class:`ResultsFormatError` instead;
    - well-formed JSON that is not a results file at all (no ``schema`` field,
      such as Google Benchmark's ``bench.json``, or another kind of document's
      schema, such as a comparison's) is passed by silently, as
      ``litmuslab compare`` passes it by.

    A file named directly is always read strictly: it raises
    :class:`ResultsFormatError` (a ValueError) if it is not a results file,
    and FileNotFoundError if it does not exist.

    Each Result keeps its document's host, build and creation time, and
    ``Result.source`` names the file it came from.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    results = []
    for entry in paths:
        path = Path(os.fspath(entry))
        if path.is_dir():
            results.extend(_load_folder(path, strict))
        elif path.exists():
            results.extend(_load_file(path))
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return results
