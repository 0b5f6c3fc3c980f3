"""Shared fixtures: the built CLI, and a results file it wrote.

ctest sets PYTHONPATH to build/python and LITMUSLAB_CLI to the built binary.
Run by hand, the tests fall back to the default preset's build/ folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
try:
    import litmuslab  # noqa: F401
except ImportError:
    sys.path.insert(0, str(REPO / "build" / "python"))


@pytest.fixture(scope="session")
def cli() -> Path:
    path = Path(os.environ.get("LITMUSLAB_CLI", REPO / "build" / "bin" / "litmuslab"))
    if not path.exists():
        pytest.fail(f"the litmuslab CLI is not built at {path}; build first or set LITMUSLAB_CLI")
    return path


def run_cli(cli: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(cli), *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="session")
def cli_results(cli, tmp_path_factory) -> Path:
    """A results file from `litmuslab run SB+rlx MP+relacq`, written by the CLI."""
    path = tmp_path_factory.mktemp("cli") / "run.json"
    done = run_cli(cli, "run", "SB+rlx", "MP+relacq", "--iterations", "20000", "--batch", "512",
                   "--json", str(path), "--quiet", "--no-progress")
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def cli_document(cli_results) -> dict:
    with open(cli_results, encoding="utf-8") as f:
        return json.load(f)
