"""scripts/campaign end to end on this machine, through Ansible's local connection.

The inventory holds this machine (reusing the controller's build when it is of
the same commit, else building), a host whose campaign folder cannot be made,
and a host nothing answers for. A tiny suite keeps it to seconds per run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BUILD, REPO

CAMPAIGN = REPO / "scripts" / "campaign"
ITERATIONS = 2000


def campaign(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CAMPAIGN), *args], capture_output=True, text=True, timeout=1500)


def inventory(path: Path, *hosts: str) -> Path:
    path.write_text("[fleet]\n" + "\n".join(hosts) + "\n")
    return path


def this_machine(cache: Path) -> str:
    return ("this-machine ansible_connection=local ansible_python_interpreter=/usr/bin/python3 "
            f"litmuslab_remote_dir={cache} litmuslab_prebuilt_dir={BUILD}")


# The campaign folder cannot be made under /proc; its name is given, since its
# hardware is this machine's.
UNWRITABLE = ("unwritable ansible_connection=local ansible_python_interpreter=/usr/bin/python3 "
              "litmuslab_results_name=unwritable-host litmuslab_remote_dir=/proc/litmuslab-campaign")
# Nothing listens on the discard port of the loopback address.
GONE = "gone ansible_host=127.0.0.1 ansible_port=9 ansible_user=nobody ansible_ssh_common_args='-o BatchMode=yes'"


@pytest.fixture(scope="module")
def host_name() -> str:
    return subprocess.run([REPO / "scripts" / "host-name"], capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.fixture(scope="module")
def cache() -> Path:
    # Kept between runs of the tests, so the source of a commit is copied once;
    # other commits' folders are cleared away.
    path = BUILD / "campaign-host"
    path.mkdir(exist_ok=True)
    head = subprocess.run(["git", "-C", REPO, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    for folder in path.iterdir():
        if folder.name != head:
            shutil.rmtree(folder)
    return path


@pytest.fixture(scope="module")
def first_run(tmp_path_factory, cache):
    folder = tmp_path_factory.mktemp("campaign")
    hosts = inventory(folder / "hosts.ini", this_machine(cache), UNWRITABLE, GONE)
    out = folder / "out"
    done = campaign("--inventory", str(hosts), "--out", str(out), "--iterations", str(ITERATIONS))
    return hosts, out, done


def read_results(path: Path) -> dict:
    document = json.loads(path.read_text())
    assert document["schema"] == "litmuslab-results/1"
    return document


def test_the_hosts_results_land_in_a_folder_named_as_host_name_names_it(first_run, host_name):
    _, out, done = first_run
    assert done.returncode == 3, done.stdout + done.stderr  # two hosts failed
    document = read_results(out / host_name / "suite.json")
    tests = [run["test"] for run in document["runs"]]
    assert tests == ["SB+rlx", "SB+relacq", "SB+sc", "MP+rlx", "MP+relacq", "MP+sc",
                     "LB+rlx", "LB+relacq", "LB+sc"]
    git = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                         text=True).stdout.strip()
    assert document["build"]["git"].startswith(git)
    for run in document["runs"]:
        assert run["iterations"] == ITERATIONS
        assert sum(outcome["count"] for outcome in run["outcomes"]) == run["instances"]
        assert run["forbidden_observed"] is False, run["test"]
    assert not list(out.glob("*/.*.part"))


def test_failed_hosts_are_named_with_the_reason(first_run, host_name):
    _, out, done = first_run
    lines = {line.split()[1]: line for line in done.stdout.splitlines() if line.startswith("  ")}
    assert lines["this-machine"].split()[0] == "ok"
    assert str(out / host_name / "suite.json") in lines["this-machine"]
    assert lines["unwritable"].split()[0] == "FAILED"
    assert "Make the folder for this commit" in lines["unwritable"]
    assert "/proc/litmuslab-campaign" in lines["unwritable"]
    assert lines["gone"].split()[0] == "UNREACHABLE"
    assert "Connection refused" in lines["gone"] or "port 9" in lines["gone"]
    assert done.stdout.startswith("Hosts: 3 (1 failed, 1 ok, 1 unreachable)")
    assert not (out / "unwritable-host").exists()
    status = json.loads((out / "campaign-status.json").read_text())
    assert status["hosts"]["this-machine"]["outcome"] == "ok"
    assert set(status["hosts"]["this-machine"]["seconds"]) >= {"setup", "source", "packages", "build", "suite"}


def test_the_merge_writes_the_table_the_page_and_the_plots(first_run, host_name, cli):
    _, out, done = first_run
    table = (out / "compare.md").read_text()
    assert table.startswith("# Comparison of 1 results file, 9 tests, 0 red flags")
    assert f"| test | state | {host_name.replace('_', chr(92) + '_')}<br>" in table
    page = (out / "index.html").read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert f'<a href="{host_name}/suite.json">' in page
    charts = sorted(path.name for path in (out / "plots").iterdir())
    assert "summary.png" in charts and "outcomes-SB.png" in charts
    assert page.count("<img ") == len(charts)
    # What compare.md says is what `litmuslab compare` prints for the fetched file.
    again = subprocess.run([cli, "compare", out / host_name / "suite.json", "--markdown"],
                           capture_output=True, text=True)
    assert again.stdout == table
    assert f"Page: {out / 'index.html'}" in done.stdout


def test_a_second_run_skips_hosts_with_results_unless_forced(first_run, host_name, cache):
    hosts, out, _ = first_run
    results = out / host_name / "suite.json"
    before = results.read_text()
    again = campaign("--inventory", str(inventory(hosts, this_machine(cache))), "--out", str(out),
                     "--iterations", str(ITERATIONS))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "  skipped     this-machine" in again.stdout
    assert results.read_text() == before
    forced = campaign("--inventory", str(hosts), "--out", str(out), "--iterations", str(ITERATIONS),
                      "--force")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "  ok          this-machine" in forced.stdout
    assert results.read_text() != before  # a new run: new counts, a new time


def test_bad_usage_exits_two(tmp_path):
    for args in ([], ["--inventory", str(tmp_path / "none.ini"), "--out", str(tmp_path)],
                 ["--inventory", "x", "--out", str(tmp_path), "--suite", "all"],
                 ["--inventory", "x", "--out", str(tmp_path), "--iterations", "5", "--seconds", "1"],
                 ["--merge", str(tmp_path / "none")]):
        done = campaign(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.startswith("scripts/campaign: error: "), done.stderr
    empty = inventory(tmp_path / "empty.ini")
    done = campaign("--inventory", str(empty), "--out", str(tmp_path / "out"))
    assert done.returncode == 2 and "no hosts" in done.stderr, done.stderr


def test_merge_alone_compares_the_committed_results(tmp_path):
    for host in ("x86_64-amd-epyc-kvm", "aarch64-qemu-emulated"):
        (tmp_path / host).mkdir()
        (tmp_path / host / "suite.json").write_bytes((REPO / "results" / host / "suite.json").read_bytes())
    done = campaign("--merge", str(tmp_path))
    assert done.returncode == 1, done.stderr  # the emulator's red flags
    assert "RED FLAG" in done.stdout
    assert "aarch64 (emulated on AMD EPYC)" in (tmp_path / "compare.md").read_text()
    assert (tmp_path / "index.html").read_text().count("EMULATED") >= 2
