"""Shared pieces of the campaign, page and workflow tests.

ctest sets LITMUSLAB_BUILD_DIR (the build whose CLI and Python module the
controller uses); run by hand, the tests use the default preset's build/.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("LITMUSLAB_BUILD_DIR", REPO / "build"))
sys.path.insert(0, str(BUILD / "python"))


@pytest.fixture(scope="session")
def cli() -> Path:
    path = BUILD / "bin" / "litmuslab"
    if not path.exists():
        pytest.fail(f"the litmuslab CLI is not built at {path}; build first or set LITMUSLAB_BUILD_DIR")
    return path
