"""Loading folders that hold more than clean results files."""

from __future__ import annotations

import json
import shutil
import warnings

import pytest

import litmuslab


@pytest.fixture
def folder_with_a_broken_file(cli_results, tmp_path):
    shutil.copy(cli_results, tmp_path / "good.json")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "broken.json").write_text('{"schema": "litmuslab-results/1", "runs": [')
    return tmp_path


def test_a_malformed_file_is_skipped_with_a_warning_naming_it(folder_with_a_broken_file):
    with pytest.warns(litmuslab.ResultsFileSkipped) as caught:
        results = litmuslab.load(folder_with_a_broken_file)
    assert [r.test for r in results] == ["SB+rlx", "MP+relacq"]
    messages = [str(w.message) for w in caught]
    assert len(messages) == 1
    assert str(folder_with_a_broken_file / "sub" / "broken.json") in messages[0]
    assert "not valid JSON" in messages[0]


def test_strict_raises_naming_the_malformed_file(folder_with_a_broken_file):
    with pytest.raises(litmuslab.ResultsFormatError, match="broken.json"):
        litmuslab.load(folder_with_a_broken_file, strict=True)


def test_a_results_document_with_a_missing_field_is_reported(cli_document, tmp_path):
    del cli_document["runs"][1]["outcomes"][0]["count"]
    (tmp_path / "partial.json").write_text(json.dumps(cli_document))
    with pytest.warns(litmuslab.ResultsFileSkipped, match=r"partial\.json.*runs\[1\]\.outcomes\[0\].*count"):
        assert litmuslab.load(tmp_path) == []


def test_an_unknown_schema_is_refused_by_name(cli_document, tmp_path):
    cli_document["schema"] = "litmuslab-results/99"
    path = tmp_path / "future.json"
    path.write_text(json.dumps(cli_document))
    with pytest.raises(litmuslab.ResultsFormatError, match="litmuslab-results/99"):
        litmuslab.load(path)


def test_other_json_such_as_benchmark_output_is_passed_by_quietly(cli_results, tmp_path):
    shutil.copy(cli_results, tmp_path / "run.json")
    (tmp_path / "bench.json").write_text(json.dumps({"context": {}, "benchmarks": []}))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(litmuslab.load(tmp_path)) == 2


def test_a_file_named_directly_is_read_strictly(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("not json")
    with pytest.raises(litmuslab.ResultsFormatError, match="broken.json"):
        litmuslab.load(path)
    with pytest.raises(FileNotFoundError, match="missing.json"):
        litmuslab.load(tmp_path / "missing.json")


def test_a_folder_without_results_warns(tmp_path):
    with pytest.warns(litmuslab.ResultsFileSkipped, match="no litmuslab results files"):
        assert litmuslab.load(tmp_path) == []
