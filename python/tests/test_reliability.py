"""What a careless caller gets from Python: TypeError for a value of the wrong
type, and a message that names the problem."""

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
