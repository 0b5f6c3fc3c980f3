"""Results files side by side, as ``litmuslab compare`` prints them.

The comparison is built by the C++ report layer behind the CLI, so Python and
the CLI give the same table, JSON and page.
"""

from __future__ import annotations

import os
from typing import Iterable, Optional, Union

from . import _core

PathLike = Union[str, "os.PathLike[str]"]


def compare(paths: Union[PathLike, Iterable[PathLike]], *, tests: Optional[str] = None) -> "_core.Comparison":
    """Compares results files: one column per file, one row per test and state.

    ``paths`` is a results file, a folder (searched recursively; JSON that is
    not a results file, such as ``bench.json``, is passed by) or a list of them.
    ``tests`` is a glob such as ``"SB+*"`` that keeps only the tests it matches.

    The :class:`Comparison` gives the table as ``text()``, ``markdown()`` and
    ``to_dict()``, the page as ``html()`` or ``write_html(path, plots=None)``,
    and ``red_flags``: how many cells hold a state their host's own
    architecture model forbids. A file named directly must be a results file:
    another schema raises :class:`ResultsFormatError`, a missing path
    :class:`ResultsInputError` (both ValueErrors).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return _core.compare([os.fspath(path) for path in paths], tests or "")
