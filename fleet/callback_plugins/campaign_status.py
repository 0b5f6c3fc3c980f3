"""Records what happened to each host, for scripts/campaign to report.

Writes the JSON file named by LITMUSLAB_CAMPAIGN_STATUS when the playbook
ends: per inventory host its outcome (ok, skipped, failed, unreachable), its
results folder, the task that failed and why, and the seconds each step took.
"""

from __future__ import annotations

import json
import os
import tempfile
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
    name: campaign_status
    type: aggregate
    short_description: each host's outcome and timings, for scripts/campaign
    description:
      - Writes the file named by LITMUSLAB_CAMPAIGN_STATUS at the end of the playbook.
    requirements:
      - the LITMUSLAB_CAMPAIGN_STATUS environment variable
"""

# A failure's message keeps this many characters of the command's last output lines.
MESSAGE_LIMIT = 400


def _message(result: dict) -> str:
    """Why a task failed, in a line or two: the module's message, or the command's last words."""
    parts = []
    if result.get("rc") not in (None, 0):
        parts.append(f"exit status {result['rc']}")
    for stream in ("stderr", "stdout"):
        lines = [line for line in str(result.get(stream) or "").splitlines() if line.strip()]
        if lines:
            parts.append(" / ".join(lines[-3:]))
            break
    if result.get("msg") and (not parts or result.get("msg") != "non-zero return code"):
        parts.insert(0, str(result["msg"]))
    text = ": ".join(parts) or "failed"
    return text if len(text) <= MESSAGE_LIMIT else "..." + text[-MESSAGE_LIMIT:]


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "campaign_status"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self._path = os.environ.get("LITMUSLAB_CAMPAIGN_STATUS")
        self._hosts: dict[str, dict] = {}
        self._started: dict[tuple[str, str], float] = {}
        self._began = time.time()

    def _host(self, name: str) -> dict:
        return self._hosts.setdefault(name, {"outcome": "running", "results_name": None, "seconds": {}})

    def v2_runner_on_start(self, host, task) -> None:
        self._started[(host.get_name(), task._uuid)] = time.monotonic()

    def _finished(self, result) -> dict:
        name = result._host.get_name()
        record = self._host(name)
        started = self._started.pop((name, result._task._uuid), None)
        if started is not None:
            # Seconds per step: each role (source, packages, build, suite), and "setup" for the rest.
            role = result._task._role.get_name() if result._task._role else "litmuslab_setup"
            step = role.removeprefix("litmuslab_")
            record["seconds"][step] = round(record["seconds"].get(step, 0) + time.monotonic() - started, 3)
        return record

    def v2_runner_on_ok(self, result) -> None:
        record = self._finished(result)
        facts = result._result.get("ansible_facts") or {}
        if "litmuslab_results_name" in facts:
            record["results_name"] = facts["litmuslab_results_name"]
        outcome = result._task.vars.get("litmuslab_outcome")
        if outcome and record["outcome"] in ("running", "skipped"):
            record["outcome"] = outcome

    def v2_runner_on_skipped(self, result) -> None:
        self._finished(result)

    def v2_runner_on_failed(self, result, ignore_errors=False) -> None:
        record = self._finished(result)
        if ignore_errors:
            return
        record.update(outcome="failed", task=result._task.get_name(), message=_message(result._result))

    def v2_runner_on_unreachable(self, result) -> None:
        record = self._finished(result)
        record.update(outcome="unreachable", task=result._task.get_name(), message=_message(result._result))

    def v2_playbook_on_stats(self, stats) -> None:
        if not self._path:
            return
        for name in stats.processed:
            self._host(name)
        document = {
            "schema": "litmuslab-campaign-status/1",
            "seconds": round(time.time() - self._began, 3),
            "hosts": self._hosts,
        }
        _write_whole(self._path, json.dumps(document, indent=1, sort_keys=True) + "\n")


def _write_whole(path: str, text: str) -> None:
    """Writes `text` to `path` whole or not at all: a temporary file beside it,
    renamed over it, and removed if anything fails. The mode is an existing
    file's, or 0666 less the umask, as for any new file."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".campaign-status.", suffix=".part")
    try:
        with os.fdopen(descriptor, "w") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
