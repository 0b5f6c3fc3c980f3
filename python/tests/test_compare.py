"""litmuslab.compare: the same comparison as `litmuslab compare`, from Python."""

from __future__ import annotations

import json
import subprocess
import warnings
from pathlib import Path

import pytest

import litmuslab

FIXTURES = Path(__file__).resolve().parents[2] / "harness" / "tests" / "fixtures" / "compare"
TWO_HOSTS = [FIXTURES / "x86-host" / "suite.json", FIXTURES / "arm-host" / "suite.json"]


def test_columns_tests_and_red_flags():
    c = litmuslab.compare(TWO_HOSTS)
    assert c.columns == ["x86-host", "arm-host"]
    assert c.tests == ["SB+rlx", "MP+rlx", "MP+relacq", "LB+rlx"]
    assert c.red_flags == 1
    assert litmuslab.compare(TWO_HOSTS, tests="SB+*").red_flags == 0


def test_the_dict_holds_missing_cells_as_none():
    d = litmuslab.compare(TWO_HOSTS).to_dict()
    assert d["schema"] == "litmuslab-comparison/1"
    lb = next(t for t in d["tests"] if t["test"] == "LB+rlx")
    assert lb["condition_rates"][0] is None
    assert all(state["cells"][0] is None for state in lb["states"])
    counts = {s["state"]: s["cells"][1]["count"] for s in lb["states"]}
    assert sum(counts.values()) == 1_000_000


def test_python_and_the_cli_print_the_same(cli):
    args = [str(path) for path in TWO_HOSTS]
    c = litmuslab.compare(args)
    for flag, text in (([], c.text()), (["--markdown"], c.markdown()), (["--json"], c.json())):
        done = subprocess.run([str(cli), "compare", *args, *flag], capture_output=True, text=True, timeout=60)
        assert done.returncode == 1, done.stderr
        assert done.stdout == text
    assert str(c) == c.text()


def test_write_html_writes_the_page(tmp_path):
    page = tmp_path / "index.html"
    litmuslab.compare(FIXTURES).write_html(page)
    text = page.read_text()
    assert text.startswith("<!DOCTYPE html>")
    assert '<table class="comparison">' in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]  # no temporary left
    with pytest.raises(litmuslab.ResultsFileError):
        litmuslab.compare(FIXTURES).write_html(tmp_path / "missing-folder" / "index.html")


def test_bad_inputs_raise_value_errors_naming_the_file():
    with pytest.raises(litmuslab.ResultsFormatError, match=r"other-schema\.json.*unknown schema"):
        litmuslab.compare([TWO_HOSTS[0], FIXTURES / "other-schema.json"])
    with pytest.raises(litmuslab.ResultsInputError, match="no-such"):
        litmuslab.compare(FIXTURES / "no-such")
    assert issubclass(litmuslab.NotAResultsFile, litmuslab.ResultsFormatError)


def test_load_passes_by_json_that_is_no_results_file():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning for bench.json or another schema
        results = litmuslab.load(FIXTURES)
    assert sorted({r.arch for r in results}) == ["aarch64", "x86_64"]
