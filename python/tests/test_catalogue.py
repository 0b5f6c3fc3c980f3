"""catalogue() and model()."""

from __future__ import annotations

import pytest

import litmuslab

SB_WEAK = "0:r0=0; 1:r0=0;"


def test_the_catalogue_describes_each_test():
    tests = {entry["name"]: entry for entry in litmuslab.catalogue()}
    sb = tests["SB+rlx"]
    assert sb["family"] == "SB"
    assert sb["threads"] == 2
    assert sb["orders"] == ["relaxed"]
    assert sb["observed"] == ["0:r0", "1:r0"]
    assert sb["condition"].startswith("exists")
    assert sb["source"].startswith("C SB+rlx")
    assert tests["SB+sc"]["orders"] == ["seq_cst"]
    assert [e["name"] for e in litmuslab.catalogue("SB+*")] == sorted(n for n in tests if n.startswith("SB+"))
    assert litmuslab.catalogue("ZZ+*") == []


def test_models_disagree_where_they_should():
    assert SB_WEAK in litmuslab.model("SB+rlx", "x86-tso")
    assert SB_WEAK not in litmuslab.model("SB+rlx", "sc")
    assert SB_WEAK not in litmuslab.model("SB+sc", "cpp")
    sc = litmuslab.model("SB+rlx", "sc")
    assert len(sc) == 3 and sorted(sc) == sc.states
    assert sc.observation == "Never" and not sc.validated
    every = litmuslab.model("MP+rlx", "all")
    assert sorted(every) == sorted(litmuslab.model_names())
    assert set(every["sc"]) <= set(every["x86-tso"]) <= set(every["cpp"])


def test_model_reads_a_litmus_file(tmp_path):
    path = tmp_path / "mine.litmus"
    path.write_text(litmuslab.catalogue("SB+rlx")[0]["source"].replace("C SB+rlx", "C Mine"))
    allowed = litmuslab.model(path, "x86-tso")
    assert allowed.test == "Mine" and SB_WEAK in allowed


def test_model_errors_name_what_is_wrong(tmp_path):
    with pytest.raises(litmuslab.SelectionError, match=r"'SB\+nothing'"):
        litmuslab.model("SB+nothing", "sc")
    with pytest.raises(ValueError, match="unknown model 'tso'"):
        litmuslab.model("SB+rlx", "tso")
    bad = tmp_path / "bad.litmus"
    bad.write_text("C bad\n{}\nP0(atomic_int* x) { atomic_store_explicit(x, 1, memory_order_acquire); }\nexists (x=1)\n")
    with pytest.raises(litmuslab.ParseError, match="bad.litmus:3:"):
        litmuslab.model(bad, "sc")


def test_model_time_limit_raises_limit_reached():
    # Reached at the first look at the clock: a limit, not bad input.
    with pytest.raises(litmuslab.LimitReached, match=r"SB\+rlx under cpp: time limit of 1e-09 s"):
        litmuslab.model("SB+rlx", "cpp", max_seconds=1e-9)
    assert not isinstance(litmuslab.LimitReached("x"), ValueError)
    assert SB_WEAK in litmuslab.model("SB+rlx", "cpp", max_seconds=0)  # 0: no limit
    with pytest.raises(ValueError, match="max_seconds must be positive"):
        litmuslab.model("SB+rlx", "cpp", max_seconds=-1)
    with pytest.raises(TypeError, match="max_seconds must be a number"):
        litmuslab.model("SB+rlx", "cpp", max_seconds="60")
