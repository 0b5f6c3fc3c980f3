"""What a careless caller gets from Python: TypeError for a value of the wrong
type, a message that names the problem, and files written as the CLI writes
them (whole or not at all, links followed, modes kept)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

import litmuslab
from litmuslab import _core


@pytest.mark.parametrize("keyword, value", [
    ("iterations", "100"),
    ("iterations", "1e5"),
    ("iterations", 1.5),
    ("seconds", "1"),
    ("batch", "8192"),
    ("delay", "64"),
    ("first", "0"),
    ("chunk", 2.5),
    ("layout", 3),
    ("emulated", "no"),
    ("cpus", ["0"]),
    ("cpus", [0.0]),
    ("arm_acquire", 1),
    ("cxx", 3),
    ("cxxflags", ["-O2"]),
])
def test_a_value_of_the_wrong_type_is_a_type_error(keyword, value):
    with pytest.raises(TypeError, match=keyword):
        litmuslab.run("SB+rlx", **{keyword: value})


def test_numbers_and_words_of_the_right_type_are_taken():
    result = litmuslab.run("SB+rlx", iterations=1e3, batch=512.0, first="any", delay=0,
                           layout="padded", cpus=range(1), emulated=False)
    assert result.iterations == 1000
    assert result.config["batch"] == "512" and result.config["first"] == "any"
    assert result.config["layout"] == "padded"
    assert litmuslab.run("SB+rlx", iterations=1000, first=1).config["first"] == "1"


def test_a_negative_cpu_says_cpus_are_numbered_from_zero():
    with pytest.raises(ValueError, match=r"cpus: -1 is not a CPU number \(CPUs are numbered from 0\)"):
        litmuslab.run("SB+rlx", iterations=10, cpus=[-1])
    with pytest.raises(ValueError, match=r"'-1' is not a CPU number \(CPUs are numbered from 0\)"):
        litmuslab.run("SB+rlx", iterations=10, cpus="-1")


def test_too_short_a_duration_is_refused_as_zero_iterations_are():
    with pytest.raises(ValueError, match=r"seconds 1e-300 is too short: at least 0.001 s"):
        litmuslab.run("SB+rlx", seconds=1e-300)
    result = litmuslab.run("SB+rlx", seconds=0.001)
    assert result.iterations > 0 and sum(result.counts) == result.iterations


def test_the_knob_table_says_what_each_knob_takes():
    knobs = {knob["name"]: knob for knob in litmuslab.knobs()}
    assert knobs["batch"]["number"] and knobs["batch"]["names"] == []
    assert knobs["first"]["number"] and knobs["first"]["names"] == ["any", "rotate"]
    assert not knobs["layout"]["number"] and "padded" in knobs["layout"]["names"]
    assert knobs["cxx"]["text"] and not knobs["cxx"]["number"] and knobs["cxx"]["names"] == []
    assert not knobs["batch"]["text"]


def test_exit_statuses_are_the_clis(cli):
    help_text = subprocess.run([str(cli), "--help"], capture_output=True, text=True).stdout
    flat = " ".join(help_text.split())
    assert _core.exit_statuses["bad-input"] == 2
    for name, status in _core.exit_statuses.items():
        assert f" {status} " in f" {flat} ", name


@pytest.fixture
def result():
    return litmuslab.run("SB+rlx", iterations=1000)


def test_save_keeps_an_existing_files_mode_and_follows_links(result, tmp_path):
    private = tmp_path / "private.json"
    private.write_text("{}")
    private.chmod(0o600)
    litmuslab.save(result, private)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert json.loads(private.read_text())["runs"][0]["iterations"] == 1000

    (tmp_path / "link.json").symlink_to("made.json")  # dangling: the file it names is made
    litmuslab.save(result, tmp_path / "link.json")
    assert (tmp_path / "link.json").is_symlink() and (tmp_path / "made.json").is_file()

    (tmp_path / "loop.json").symlink_to("loop.json")
    with pytest.raises(litmuslab.ResultsFileError, match="Too many levels of symbolic links"):
        litmuslab.save(result, tmp_path / "loop.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "loop.json", "made.json",
                                                          "private.json"]


def test_a_new_file_gets_0666_minus_the_umask(result, tmp_path):
    old = os.umask(0o077)
    try:
        litmuslab.save(result, tmp_path / "new.json")
        _core.write_file(str(tmp_path / "chart.png"), b"\x89PNG")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "chart.png").stat().st_mode) == 0o600


def test_the_page_never_replaces_a_file_it_compares(cli_results, tmp_path):
    copy = tmp_path / "run.json"
    copy.write_bytes(cli_results.read_bytes())
    comparison = litmuslab.compare(copy)
    with pytest.raises(litmuslab.ResultsFileError, match="is also an input"):
        comparison.write_html(copy)
    assert copy.read_bytes() == cli_results.read_bytes()
    comparison.write_html(tmp_path / "page.html")
    assert (tmp_path / "page.html").read_text().startswith("<!DOCTYPE html>")


def plot(*args):
    return subprocess.run([sys.executable, "-m", "litmuslab", "plot", *args],
                          capture_output=True, text=True, timeout=120)


def test_plot_output_that_cannot_be_written_is_status_3_with_a_message(cli_results, tmp_path):
    blocker = tmp_path / "plots"
    blocker.write_text("a file where the folder should be")
    done = plot(str(cli_results), "-o", str(blocker))
    assert done.returncode == _core.exit_statuses["output-failed"], done.stderr
    assert done.stderr.startswith("python -m litmuslab plot: error: ") and "Traceback" not in done.stderr
    assert str(blocker) in done.stderr

    charts = tmp_path / "charts"
    charts.mkdir()
    (charts / "summary.png").symlink_to("summary.png")  # a loop where a chart goes
    done = plot(str(cli_results), "-o", str(charts))
    assert done.returncode == _core.exit_statuses["output-failed"], done.stderr
    assert "Too many levels of symbolic links" in done.stderr and "Traceback" not in done.stderr
    assert [p.name for p in charts.iterdir() if p.name.startswith(".")] == []


def test_plot_keeps_a_charts_mode(cli_results, tmp_path):
    (tmp_path / "summary.png").write_bytes(b"old")
    (tmp_path / "summary.png").chmod(0o640)
    done = plot(str(cli_results), "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE((tmp_path / "summary.png").stat().st_mode) == 0o640
    assert (tmp_path / "summary.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("dpi", ["0", "-5", "100000", "many"])
def test_plot_refuses_a_resolution_it_cannot_draw(cli_results, tmp_path, dpi):
    done = plot(str(cli_results), "-o", str(tmp_path / "out"), "--dpi", dpi)
    assert done.returncode == 2
    assert "--dpi" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()
