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


def files_to_read(paths: Iterable[PathLike]) -> tuple[list, list]:
    """What :func:`load` reads: ``(files, folders)``.

    ``files`` holds ``(path, folder)`` pairs in reading order, ``folder`` being
    the folder the file was found under, or None for a file named directly;
    ``folders`` are the folders given. Raises FileNotFoundError for a path
    that does not exist.
    """
    files: list = []
    folders: list = []
    for entry in paths:
        path = Path(os.fspath(entry))
        if path.is_dir():
            folders.append(path)
            files.extend((p, path) for p in sorted(p for p in path.rglob("*.json") if p.is_file()))
        elif path.exists():
            files.append((path, None))
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return files, folders


def read_files(files: Iterable, strict: bool) -> tuple[list, set]:
    """The Results of ``(path, folder)`` pairs from :func:`files_to_read`, and the folders that held any.

    A file named directly is read strictly; one found under a folder is
    passed by if it is not a results file, and skipped with a warning if it is
    a malformed one (raising instead under ``strict``).
    """
    results: list = []
    found: set = set()
    for path, folder in files:
        if folder is None:
            results.extend(_load_file(path))
            continue
        try:
            results.extend(_load_file(path))
            found.add(folder)
        except _core.NotAResultsFile:
            continue  # benchmark output, a comparison: not a results file at all
        except _core.ResultsFormatError as error:
            if strict:
                raise
            warnings.warn(f"skipping {error}", ResultsFileSkipped, stacklevel=2)
        except (OSError, UnicodeError) as error:
            if strict:
                raise
            warnings.warn(f"skipping {path}: {error}", ResultsFileSkipped, stacklevel=2)
    return results, found


def warn_of_empty_folders(folders: Iterable[Path], found: set) -> None:
    for folder in folders:
        if folder not in found:
            warnings.warn(f"no litmuslab results files under {folder}", ResultsFileSkipped, stacklevel=3)


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
    files, folders = files_to_read(paths)
    results, found = read_files(files, strict)
    warn_of_empty_folders(folders, found)
    return results
