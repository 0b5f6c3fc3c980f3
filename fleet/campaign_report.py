"""Prints what a campaign did to each host, for scripts/campaign.

    python3 fleet/campaign_report.py --status DIR/campaign-status.json --out DIR [--hosts HOSTS.json]
    python3 fleet/campaign_report.py --count-hosts HOSTS.json

HOSTS.json is `ansible-inventory --list` output: a host it names that the
status does not is reported as never reached. Exit status: 0 when every host
has its results, 3 when any host failed (its results are missing).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_HOST_FAILED = 3  # the project's "results could not be written"


def inventory_hosts(path: Path) -> list[str]:
    inventory = json.loads(path.read_text())
    hosts = set(inventory.get("_meta", {}).get("hostvars", {}))
    for group in inventory.values():
        if isinstance(group, dict):
            hosts.update(group.get("hosts", []))
    return sorted(hosts)


def steps(record: dict) -> str:
    seconds = record.get("seconds", {})
    order = ["setup", "source", "packages", "build", "suite"]
    shown = [f"{step} {seconds[step]:.1f} s" for step in order if step in seconds]
    return ", ".join(shown)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--status", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--hosts", type=Path)
    parser.add_argument("--count-hosts", type=Path, help="print how many hosts an inventory listing names")
    args = parser.parse_args(argv)
    if args.count_hosts:
        print(len(inventory_hosts(args.count_hosts)))
        return EXIT_OK
    status = json.loads(args.status.read_text()) if args.status.exists() else {"hosts": {}}
    records = status.get("hosts", {})
    names = sorted(set(records) | set(inventory_hosts(args.hosts) if args.hosts else []))
    counts: dict[str, int] = {}
    lines = []
    width = max((len(name) for name in names), default=4)
    for name in names:
        record = records.get(name, {"outcome": "unreached"})
        outcome = record.get("outcome", "unreached")
        folder = record.get("results_name")
        if outcome == "ok":
            detail = f"{args.out / folder / 'suite.json'} ({steps(record)})"
        elif outcome == "skipped":
            detail = f"{args.out / folder}: results already there (--force runs it again)"
        elif outcome in ("failed", "unreachable"):
            detail = f"at '{record.get('task')}': {record.get('message')}"
        else:
            outcome = "incomplete" if outcome == "running" else outcome
            detail = "stopped before its results were fetched; see campaign.log"
        counts[outcome] = counts.get(outcome, 0) + 1
        label = outcome.upper() if outcome not in ("ok", "skipped") else outcome
        lines.append(f"  {label:<11} {name:<{width}}  {detail}")
    summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
    print(f"Hosts: {len(names)} ({summary})")
    print("\n".join(lines))
    failed = sum(n for outcome, n in counts.items() if outcome not in ("ok", "skipped"))
    return EXIT_HOST_FAILED if failed else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
