"""The GitHub Actions campaign: both architectures, and only the project's scripts."""

from __future__ import annotations

import os
import re
import subprocess

import yaml

from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "campaign.yml"


def load() -> dict:
    with open(WORKFLOW, encoding="utf-8") as f:
        return yaml.safe_load(f)


def commands(run: str) -> list[str]:
    """Each command of a run step: its lines, split at &&, || and ;."""
    parts = []
    for line in run.splitlines():
        parts += [part.strip() for part in re.split(r"&&|\|\||;", line) if part.strip()]
    return parts


def test_the_matrix_runs_on_x86_64_and_arm64():
    jobs = load()["jobs"]
    matrix_jobs = [job for job in jobs.values() if "matrix" in job.get("strategy", {})]
    assert len(matrix_jobs) == 1
    include = matrix_jobs[0]["strategy"]["matrix"]["include"]
    assert {entry["arch"] for entry in include} == {"x86_64", "arm64"}
    runners = {entry["arch"]: entry["runner"] for entry in include}
    assert "arm" in runners["arm64"] and "arm" not in runners["x86_64"]
    assert matrix_jobs[0]["runs-on"] == "${{ matrix.runner }}"


def test_every_job_runs_only_the_projects_scripts():
    for name, job in load()["jobs"].items():
        runs = [step["run"] for step in job["steps"] if "run" in step]
        assert runs, f"job {name} runs no script"
        for run in runs:
            for command in commands(run):
                program = command.split()[0]
                assert program.startswith("scripts/"), f"job {name} runs {command!r}, not a project script"
                script = REPO / program
                assert script.is_file() and os.access(script, os.X_OK), f"{program} is not an executable script"
        for step in job["steps"]:
            uses = step.get("uses", "")
            assert not uses or uses.startswith("actions/"), f"job {name} uses {uses}: only GitHub's own actions"


def test_the_arguments_given_are_ones_the_scripts_take():
    text = WORKFLOW.read_text()
    for purpose in re.findall(r"scripts/install-deps (\w+)", text):
        check = subprocess.run([REPO / "scripts" / "install-deps", purpose, "--check"], capture_output=True)
        assert check.returncode in (0, 1), check.stderr  # 2 would be an unknown argument
    assert "scripts/campaign --merge campaign" in text
    assert "--merge DIR" in subprocess.run([REPO / "scripts" / "campaign", "--help"], capture_output=True,
                                           text=True).stdout


def test_each_suite_uploads_its_results_and_the_last_job_merges_them():
    jobs = load()["jobs"]
    suite, compare = jobs["suite"], jobs["compare"]
    uploads = [step for step in suite["steps"] if step.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["path"] == "campaign/" and uploads[0]["if"] == "always()"
    assert "matrix.arch" in uploads[0]["with"]["name"]
    assert any("scripts/main-job" in step.get("run", "") and "scripts/host-name" in step["run"]
               for step in suite["steps"])
    assert compare["needs"] == "suite"
    downloads = [step for step in compare["steps"] if step.get("uses", "").startswith("actions/download-artifact")]
    assert downloads and downloads[0]["with"]["path"] == "campaign"
