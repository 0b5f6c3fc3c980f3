"""The standard charts read and drawn on several processes give what one process gives."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
import warnings

import pytest

import litmuslab
from litmuslab import chart_set, facets

from conftest import REPO
from test_plot import as_arch, write


def pooled_as_dicts(pooled: dict) -> dict:
    return {(test, facet): vars(run) for (test, facet), run in pooled.items()}


@pytest.fixture
def fleet(cli_document, tmp_path):
    """Six hosts' results over two architectures, one of them with a test the others lack, and a broken file."""
    folder = tmp_path / "fleet"
    for host in range(6):
        document = as_arch(cli_document, "aarch64") if host % 2 else copy.deepcopy(cli_document)
        for run in document["runs"]:
            for outcome in run["outcomes"]:
                outcome["count"] += host  # each host its own counts, so that pooling them is seen
            run["iterations"] += host * len(run["outcomes"])
            run["instances"] += host * len(run["outcomes"])
        if host == 3:
            extra = copy.deepcopy(document["runs"][0])
            extra["test"] = "SB+rlx+again"
            document["runs"].append(extra)
        (folder / f"host-{host}").mkdir(parents=True)
        write(folder / f"host-{host}" / "suite.json", document)
    (folder / "host-2" / "broken.json").write_text("{")
    return folder


@pytest.mark.parametrize("by", facets.FACET_KINDS)
def test_pools_merged_from_shares_equal_one_pool_of_everything(fleet, by):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = litmuslab.load(fleet)
    whole = facets.pool(results, by)
    for cut in (1, 3, len(results) - 1):
        merged = facets.merge_pools([facets.pool(results[:cut], by), facets.pool(results[cut:], by)])
        assert pooled_as_dicts(merged) == pooled_as_dicts(whole)
    assert {run.runs for run in whole.values()} >= {3}  # hosts really were pooled


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_reading_on_several_processes_pools_and_warns_as_one_load(fleet, jobs):
    with warnings.catch_warnings(record=True) as loaded:
        warnings.simplefilter("always")
        results = litmuslab.load(fleet)
    with warnings.catch_warnings(record=True) as read:
        warnings.simplefilter("always")
        pooled, sources = chart_set.load_pools([fleet], "arch", False, jobs)
    assert pooled_as_dicts(pooled) == pooled_as_dicts(facets.pool(results, "arch"))
    assert sources == {r.source for r in results} and len(sources) == 6
    assert [str(w.message) for w in read] == [str(w.message) for w in loaded]
    assert len(read) == 1 and "broken.json" in str(read[0].message)
    assert read[0].category is litmuslab.ResultsFileSkipped


def test_reading_strictly_on_several_processes_raises_the_readers_error(fleet):
    with pytest.raises(litmuslab.ResultsFormatError, match="broken.json"):
        chart_set.load_pools([fleet], "arch", True, 2)


def test_a_folder_without_results_warns_once_however_many_readers(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.json").write_text(json.dumps({"not": "results"}))
    with warnings.catch_warnings(record=True) as read:
        warnings.simplefilter("always")
        pooled, _ = chart_set.load_pools([tmp_path / "empty"], "arch", False, 2)
    assert not pooled
    assert [str(w.message) for w in read] == [f"no litmuslab results files under {tmp_path / 'empty'}"]


def test_the_plot_command_draws_the_same_charts_on_one_process_or_two(fleet, tmp_path):
    drawn = {}
    for jobs in (1, 2):
        out = tmp_path / f"plots-{jobs}"
        done = subprocess.run([sys.executable, "-m", "litmuslab", "plot", str(fleet), "-o", str(out), "-j", str(jobs)],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert done.stderr.count("broken.json") == 1
        listed = done.stdout.split()
        assert listed == [str(out / name) for name in ["outcomes-MP.png", "outcomes-SB.png", "summary.png"]]
        drawn[jobs] = {path.name: path.read_bytes() for path in out.iterdir()}
    assert drawn[1] == drawn[2]


def test_the_plot_command_refuses_a_job_count_below_one(fleet, tmp_path):
    done = subprocess.run([sys.executable, "-m", "litmuslab", "plot", str(fleet), "-o", str(tmp_path), "-j", "0"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--jobs" in done.stderr and "between 1 and" in done.stderr
    assert not list(tmp_path.glob("*.png"))


def test_a_benchmark_file_named_directly_gets_its_costs_chart(tmp_path):
    bench = tmp_path / "host" / "bench.json"
    bench.parent.mkdir()
    shutil.copy(REPO / "results" / "x86_64-amd-epyc-kvm" / "bench.json", bench)
    out = tmp_path / "plots"
    done = subprocess.run([sys.executable, "-m", "litmuslab", "plot", str(bench), "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(out / "costs-host.png")]
    # Any other JSON named directly is still refused as a results file.
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"not": "results"}))
    done = subprocess.run([sys.executable, "-m", "litmuslab", "plot", str(other), "-o", str(out)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "other.json" in done.stderr and "not a litmuslab results file" in done.stderr


def test_a_worker_the_kernel_ends_is_a_resource_limit(fleet, tmp_path, monkeypatch, capsys):
    from concurrent.futures.process import BrokenProcessPool

    from litmuslab import __main__ as command
    from litmuslab._core import exit_statuses

    def killed(*args, **kwargs):
        raise BrokenProcessPool("A process in the process pool was terminated abruptly")

    monkeypatch.setattr(command, "write_standard_charts", killed)
    assert command.main(["plot", str(fleet), "-o", str(tmp_path / "plots")]) == exit_statuses["limit-reached"]
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "worker process died" in error and "Traceback" not in error


def test_one_job_hands_over_errors_as_a_pool_does_but_lets_ctrl_c_through():
    def fails():
        raise ValueError("bad file")

    def interrupted():
        raise KeyboardInterrupt

    future = chart_set._InProcess().submit(fails)
    with pytest.raises(ValueError, match="bad file"):
        future.result()
    with pytest.raises(KeyboardInterrupt):
        chart_set._InProcess().submit(interrupted)
