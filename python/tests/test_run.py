"""litmuslab.run: the same runs as the CLI, from Python."""

from __future__ import annotations

import math
import os
import signal
import threading

import pytest

import litmuslab


def test_counts_sum_to_the_iterations():
    result = litmuslab.run("MP+rlx", iterations=30_000, batch=1000)
    assert isinstance(result, litmuslab.Result)
    assert result.test == "MP+rlx"
    assert result.iterations == result.instances == 30_000
    assert int(result.counts.sum()) == 30_000
    assert len(result.states) == len(result.counts) == len(result.histogram)
    assert result.config["batch"] == "1000"
    assert result.source is None
    assert not result.interrupted
    matching = sum(int(c) for c, m in zip(result.counts, result.matching) if m)
    assert matching == result.matches


def test_runs_are_graded_as_the_cli_grades_them():
    result = litmuslab.run("LB+rlx", iterations=5000)
    assert "cpp" in result.graded_models
    assert result.forbidden_observed is not None
    assert all("cpp" in allowed for allowed in result.allowed)
    # LB's weak state is allowed by cpp; wherever it was not seen, it is listed as unseen.
    weak = "0:r0=1; 1:r0=1;"
    assert weak in result.histogram or weak in [u["state"] for u in result.unseen_allowed]
    # The Wilson score interval, worked out here rather than by the C++ that made the grade.
    n, p, z = result.instances, result.matches / result.instances, 1.959963984540054
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    expected = (p, max(0.0, (centre - half) / (1 + z * z / n)), min(1.0, (centre + half) / (1 + z * z / n)))
    assert result.condition_rate == pytest.approx(expected, rel=1e-9, abs=1e-12)
    with pytest.raises(ValueError, match="arm_acquire"):
        litmuslab.run("LB+rlx", iterations=10, arm_acquire="ldxr")


def test_knobs_reach_the_config():
    result = litmuslab.run("SB+sc", iterations=2000, layout="padded", batch=100, mode="batched",
                           stride=3, delay=16)
    assert result.config["batch"] == "100"
    assert result.config["layout"] == "padded"
    assert result.config["stride"] == "3"
    assert result.config["delay"] == "16"
    assert result.mode == "batched"


def test_perpetual_mode_from_python():
    result = litmuslab.run("SB+rlx", iterations=65536, mode="perpetual")
    assert result.mode == "perpetual"
    assert sum(result.counts) == result.instances
    fallback = litmuslab.run("IRIW+rlx", iterations=1000, mode="perpetual")
    assert fallback.mode == "batched"


def test_auto_mode_is_the_default_and_its_segments_add_up():
    result = litmuslab.run("SB+rlx", seconds=0.2)
    assert result.mode == "auto"
    segments = result.segments
    assert {s["role"] for s in segments} == {"probe", "run"}
    assert {s["mode"] for s in segments} == {"batched", "perpetual"}
    assert sum(s["instances"] for s in segments) == result.instances == sum(result.counts)
    assert sum(s["matches"] for s in segments) == result.matches
    for s in segments:
        assert sum(o["count"] for o in s["outcomes"]) == s["instances"]
    assert result.to_dict()["segments"] == segments
    assert litmuslab.run("SB+rlx", iterations=1000, mode="batched").segments == []


def test_a_glob_or_a_list_gives_a_list_in_run_order():
    results = litmuslab.run("LB+*", iterations=1000)
    names = [entry["name"] for entry in litmuslab.catalogue("LB+*")]
    assert [r.test for r in results] == names
    listed = litmuslab.run(["SB+sc"], iterations=1000)
    assert isinstance(listed, list) and [r.test for r in listed] == ["SB+sc"]


def test_state_strings_are_the_models_spelling():
    result = litmuslab.run("SB+sc", iterations=5000)
    allowed = litmuslab.model("SB+sc", "cpp")
    assert result.states and all(state in allowed for state in result.states)


def test_an_unknown_knob_is_a_type_error_naming_it():
    with pytest.raises(TypeError, match="'bacth'"):
        litmuslab.run("SB+rlx", iterations=10, bacth=64)


def test_bad_arguments_are_refused_before_running():
    with pytest.raises(litmuslab.SelectionError, match=r"'SB\+nothing'"):
        litmuslab.run("SB+nothing", iterations=10)
    with pytest.raises(litmuslab.SelectionError, match="matches no catalogue test"):
        litmuslab.run("ZZ+*", iterations=10)
    with pytest.raises(ValueError, match="layout 'diagonal'"):
        litmuslab.run("SB+rlx", iterations=10, layout="diagonal")
    with pytest.raises(ValueError, match="iterations"):
        litmuslab.run("SB+rlx", iterations=0)
    with pytest.raises(TypeError, match="not both"):
        litmuslab.run("SB+rlx", iterations=10, seconds=1)
    with pytest.raises(ValueError, match="CPU|cpu"):
        litmuslab.run("SB+rlx", iterations=10, cpus=[0, 0])
    with pytest.raises(TypeError):
        litmuslab.run("SB+rlx", iterations=True)


def test_ctrl_c_stops_the_run_and_keeps_the_counts():
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    with pytest.raises(KeyboardInterrupt) as caught:
        timer.start()
        litmuslab.run(["SB+rlx", "MP+rlx"], seconds=30, batch=1024)
    timer.join()
    results = caught.value.results
    assert [r.test for r in results] == ["SB+rlx"]  # MP+rlx never started
    assert results[0].interrupted
    assert int(results[0].counts.sum()) == results[0].iterations
    assert any("interrupted" in note for note in results[0].notes)


def test_a_handler_that_does_not_raise_lets_the_run_finish():
    seen = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: seen.append(number))
    try:
        timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
        timer.start()
        result = litmuslab.run("SB+rlx", seconds=1, batch=1024)
        timer.join()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen == [signal.SIGINT]
    assert not result.interrupted
    assert int(result.counts.sum()) == result.iterations > 0


def test_more_threads_than_cpus_warns_and_says_so_in_the_result():
    cpu = min(os.sched_getaffinity(0))
    with pytest.warns(RuntimeWarning, match="WRC\\+rlx has 3 threads.*oversubscribed"):
        result = litmuslab.run("WRC+rlx", iterations=2000, cpus=[cpu])
    assert result.oversubscribed and result.cpus == [cpu, cpu, cpu]


FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "harness", "tests", "fixtures")


def test_a_file_outside_the_catalogue_runs_by_path(tmp_path):
    # Compiled on demand into the tests' shared cache (XDG_CACHE_HOME), as the CLI's tests do.
    path = os.path.join(FIXTURES, "ondemand", "SB+sc-store+ondemand.litmus")
    result = litmuslab.run(path, iterations=5000)
    assert isinstance(result, litmuslab.Result)
    assert result.test == "SB+sc-store+ondemand"
    assert int(result.counts.sum()) == result.instances
    assert result.forbidden_observed is False
    assert result.compiler["kernels"] == "on-demand"
    assert result.compiler["version"] and "-fPIC" in result.compiler["flags"]
    assert litmuslab.run("SB+rlx", iterations=100).compiler["kernels"] == "built-in"
    # A folder gives a list; a file in it that does not parse warns, and the rest run.
    (tmp_path / "a.litmus").write_text(open(path).read())
    (tmp_path / "b.litmus").write_text("C broken\n{}\nP0(atomic_int* x) {\n  r0 = ;\n}\nexists (0:r0=0)\n")
    with pytest.warns(RuntimeWarning, match=r"b\.litmus:4:.*\(not run\)"):
        results = litmuslab.run(str(tmp_path), iterations=1000)
    assert [r.test for r in results] == ["SB+sc-store+ondemand"]
    with pytest.raises(litmuslab.ParseError):
        litmuslab.run(str(tmp_path / "b.litmus"), iterations=10)
