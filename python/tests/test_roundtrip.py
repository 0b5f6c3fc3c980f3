"""litmuslab.load reads what the CLI writes, field for field."""

from __future__ import annotations

import json
import shutil

import numpy as np

import litmuslab


def state_string(state: dict) -> str:
    return " ".join(f"{key}={value};" for key, value in state.items())


def test_load_matches_the_cli_json(cli_results, cli_document):
    results = litmuslab.load(cli_results)
    assert [r.test for r in results] == ["SB+rlx", "MP+relacq"]
    for result, run in zip(results, cli_document["runs"]):
        for field in ("test", "family", "threads", "cpus", "oversubscribed", "mode", "config", "iterations",
                      "instances", "seconds", "condition", "kernel_hash", "matches"):
            assert getattr(result, field) == run[field], field
        assert result.forbidden_observed == run.get("forbidden_observed")
        assert result.notes == run.get("notes", [])
        outcomes = run["outcomes"]
        assert result.states == [state_string(o["state"]) for o in outcomes]
        assert result.counts.dtype == np.uint64
        assert result.counts.tolist() == [o["count"] for o in outcomes]
        assert result.histogram == {state_string(o["state"]): o["count"] for o in outcomes}
        assert result.matching == [o["matches_condition"] for o in outcomes]
        assert result.allowed == [o.get("allowed", {}) for o in outcomes]
        assert result.graded_models == run.get("graded_models", [])
        assert result.model_flags == run.get("model_flags", [])
        assert result.unseen_allowed == [
            {**u, "state": state_string(u["state"])} for u in run.get("unseen_allowed", [])]
        rate = run.get("condition_rate")
        assert result.condition_rate == (None if rate is None else (rate["estimate"], rate["low"], rate["high"]))
        assert result.host == cli_document["host"]
        assert result.build == cli_document["build"]
        assert result.created == cli_document["created"]
        assert result.source == str(cli_results)
        assert not result.interrupted
        assert result.to_dict() == run


def test_counts_sum_to_the_iterations(cli_results):
    for result in litmuslab.load(cli_results):
        assert int(result.counts.sum()) == result.iterations == 20000
        assert sum(result.histogram.values()) == 20000


def test_save_writes_a_file_the_cli_schema_reader_accepts(cli_results, cli_document, tmp_path):
    copy = tmp_path / "copy.json"
    litmuslab.save(litmuslab.load(cli_results), copy)
    with open(copy, encoding="utf-8") as f:
        saved = json.load(f)
    assert saved["runs"] == cli_document["runs"]
    assert saved["host"] == cli_document["host"]
    assert saved["schema"] == "litmuslab-results/1"


def test_a_folder_loads_every_results_file_recursively(cli_results, tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(cli_results, tmp_path / "a" / "one.json")
    shutil.copy(cli_results, tmp_path / "a" / "b" / "two.json")
    results = litmuslab.load(tmp_path)
    assert len(results) == 4
    assert sorted({r.source for r in results}) == [str(tmp_path / "a" / "b" / "two.json"),
                                                   str(tmp_path / "a" / "one.json")]
