"""Synthetic results files, for measuring the merge step at fleet scale.

    python3 fleet/simulate_results.py TEMPLATE.json OUT_DIR --hosts 1000 [--seed 1]

Writes OUT_DIR/<host>/suite.json for each host: the template's tests (the
whole catalogue, from results/x86_64-amd-epyc-kvm/catalogue.json) with
realistic counts, as a campaign of that many hosts would fetch them. Half the
hosts are aarch64, graded by armv8 instead of x86-tso, and see the weak
states Arm allows (MP, LB); counts per test are redrawn around the
template's proportions; one host in 200 carries a red flag. The files are
synthetic: nothing here was measured on those hosts.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
from pathlib import Path

CPUS = {
    "x86_64": [("AMD EPYC 7B13", "AuthenticAMD", "25/1"), ("Intel Xeon Platinum 8375C", "GenuineIntel", "6/106"),
               ("AMD EPYC 9R14", "AuthenticAMD", "25/17"), ("Intel Core i7-12700", "GenuineIntel", "6/151")],
    "aarch64": [("Neoverse-N1", "ARM", "0x41/0xd0c"), ("Neoverse-V1", "ARM", "0x41/0xd40"),
                ("Neoverse-N2", "ARM", "0x41/0xd49"), ("Cortex-A76", "ARM", "0x41/0xd0b")],
}
ARCH_MODEL = {"x86_64": "x86-tso", "aarch64": "armv8"}


def host_document(template: dict, index: int, rng: random.Random) -> tuple[str, dict]:
    arch = "aarch64" if index % 2 else "x86_64"
    cpu, vendor, family_model = CPUS[arch][index // 2 % len(CPUS[arch])]
    document = copy.deepcopy(template)
    document["created"] = f"2026-12-01T{index // 3600 % 24:02d}:{index // 60 % 60:02d}:{index % 60:02d}Z"
    document["host"].update(arch=arch, cpu_model=cpu, vendor=vendor, cpu_family_model=family_model,
                            logical_cpus=rng.choice([2, 4, 8, 16, 64]), emulated=False,
                            virtualized=rng.random() < 0.8, kernel="6.1.0-28-" + ("arm64" if arch == "aarch64" else "amd64"),
                            hwcaps=["atomics", "lrcpc"] if arch == "aarch64" else ["constant_tsc", "avx2"])
    red_flag = index % 200 == 199
    for run in document["runs"]:
        graded = [ARCH_MODEL[arch], "cpp"]
        weak_allowed_here = arch == "aarch64" and run["family"] in ("MP", "LB") and "rlx" in run["test"]
        # The unseen weak state shows on Arm, where the model allows it.
        outcomes = run["outcomes"]
        if weak_allowed_here:
            for unseen in run.get("unseen_allowed", []):
                if unseen["matches_condition"]:
                    outcomes.append({"state": unseen["state"], "count": 1, "matches_condition": True,
                                     "allowed": {}})
            run["unseen_allowed"] = []
        weights = [max(o["count"], 1) * rng.uniform(0.3, 3.0) for o in outcomes]
        if weak_allowed_here:
            weights[-1] = sum(weights) * rng.uniform(1e-5, 1e-3)
        total = run["instances"]
        counts = [int(total * w / sum(weights)) for w in weights]
        counts[0] += total - sum(counts)
        run["matches"] = 0
        for outcome, count in zip(outcomes, counts):
            old = outcome.get("allowed", {})
            allowed = {graded[0]: old.get("x86-tso", True) or weak_allowed_here, "cpp": old.get("cpp", True)}
            outcome.update(count=count, allowed=allowed)
            run["matches"] += count if outcome["matches_condition"] else 0
        if red_flag and run["test"] == "MP+relacq":  # the weak state, which both models forbid
            outcomes.append({"state": {"1:r0": 1, "1:r1": 0}, "count": 3, "matches_condition": True,
                             "allowed": {graded[0]: False, "cpp": False}})
            outcomes[0]["count"] -= 3
            run["matches"] += 3
        run["graded_models"] = graded
        run["forbidden_observed"] = any(o["count"] and not o["allowed"][graded[0]] for o in outcomes)
        run.pop("condition_rate", None)  # the reader computes it from the counts
        run["seconds"] = round(run["seconds"] * rng.uniform(0.5, 2.0), 6)
    name = f"{arch}-{cpu.lower().replace(' ', '-')}-{index:04d}"
    return name, document


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("template", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--hosts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    template = json.loads(args.template.read_text())
    rng = random.Random(args.seed)
    for index in range(args.hosts):
        name, document = host_document(template, index, rng)
        folder = args.out / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "suite.json").write_text(json.dumps(document, indent=2) + "\n")
    print(f"{args.hosts} results files of {len(template['runs'])} tests in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
