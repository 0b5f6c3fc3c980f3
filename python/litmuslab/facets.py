"""Grouping Results for plots: by test, and by facet (architecture or host).

Emulated results always get their own facet ("aarch64 (emulated)"), so they
are never pooled with, or mistaken for, results from real hardware.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence, Union

# The architecture model that grades each host, as docs/design.md ("Grades") fixes it.
ARCH_MODELS = {"x86_64": "x86-tso", "aarch64": "armv8"}

# Variants in the order a reader expects them: weakest first.
_VARIANT_ORDER = ["rlx", "rel", "relacq", "sc"]

FACET_KINDS = ("arch", "host")


@dataclass(frozen=True, order=True)
class Facet:
    """One column of a chart: an architecture (or a host), emulated or not.

    Facets sort native hardware first, then emulated, each by architecture.
    """

    emulated: bool
    arch: str
    cpu_model: str = ""

    @property
    def label(self) -> str:
        text = self.arch if not self.cpu_model else f"{self.arch} {self.cpu_model}"
        return text + (" (emulated)" if self.emulated else "")

    @property
    def arch_model(self) -> Optional[str]:
        return ARCH_MODELS.get(self.arch)


@dataclass
class PooledRun:
    """Every run of one test within one facet, with their counts added up."""

    test: str
    family: str
    condition: str
    facet: Facet
    counts: dict = field(default_factory=dict)  # state string -> count
    matching: dict = field(default_factory=dict)  # state string -> satisfies the condition
    allowed: dict = field(default_factory=dict)  # state string -> {model: allowed}
    unseen_allowed: dict = field(default_factory=dict)  # state string -> models allowing it, never seen
    instances: int = 0
    matches: int = 0
    runs: int = 0

    @property
    def graded(self) -> bool:
        return any(self.allowed.values())

    def never_seen(self, state: str) -> set:
        """The models that allow ``state`` when no pooled run saw it (empty otherwise)."""
        return set() if self.counts.get(state) else self.unseen_allowed.get(state, set())

    @property
    def states(self) -> set:
        """Every state seen, and every allowed state never seen."""
        return set(self.counts) | set(self.unseen_allowed)

    def add(self, result) -> None:
        for state, count, matching, allowed in zip(
            result.states, result.counts.tolist(), result.matching, result.allowed
        ):
            self.counts[state] = self.counts.get(state, 0) + int(count)
            self.matching[state] = matching
            if allowed and not self.allowed.get(state):
                self.allowed[state] = dict(allowed)
        for unseen in result.unseen_allowed:
            models = self.unseen_allowed.setdefault(unseen["state"], set())
            models.update(unseen["allowed_by"])
            self.matching.setdefault(unseen["state"], unseen["matches_condition"])
        self.instances += result.instances
        self.matches += result.matches
        self.runs += 1

    def merge(self, other: "PooledRun") -> None:
        """Adds another pool of the same test and facet, as if its runs had been added here after ours."""
        for state, count in other.counts.items():
            self.counts[state] = self.counts.get(state, 0) + count
            self.matching[state] = other.matching[state]
        for state, matching in other.matching.items():
            self.matching.setdefault(state, matching)
        for state, allowed in other.allowed.items():
            if allowed and not self.allowed.get(state):
                self.allowed[state] = dict(allowed)
        for state, models in other.unseen_allowed.items():
            self.unseen_allowed.setdefault(state, set()).update(models)
        self.instances += other.instances
        self.matches += other.matches
        self.runs += other.runs


def facet_of(result, by: str) -> Facet:
    """The facet a Result belongs to."""
    if by == "arch":
        return Facet(bool(result.emulated), result.arch)
    if by == "host":
        return Facet(bool(result.emulated), result.arch, result.host.get("cpu_model", ""))
    raise ValueError(f"by must be one of {', '.join(FACET_KINDS)}, not {by!r}")


def variant_of(test: str, family: Optional[str] = None) -> str:
    """Everything after the family: ``"rlx"`` for ``"SB+rlx"``, ``"rel"`` for ``"2+2W+rel"``.

    Pass the run's ``family`` when there is one: a family may contain ``+`` itself.
    """
    if family and test.startswith(family + "+"):
        return test[len(family) + 1 :]
    return test.split("+", 1)[1] if "+" in test else ""


def variant_key(variant: str) -> tuple:
    """Sorts rlx, rel, relacq, sc first, then the rest alphabetically."""
    if variant in _VARIANT_ORDER:
        return (0, _VARIANT_ORDER.index(variant), variant)
    return (1, 0, variant)


def test_key(test: str, family: Optional[str] = None) -> tuple:
    family = family or test.split("+", 1)[0]
    return (family, variant_key(variant_of(test, family)))


def state_key(state: str) -> tuple:
    """Orders ``"0:r0=1; 1:r0=0;"`` by its values, as herd7 lists states."""
    values = []
    for part in state.split(";"):
        if "=" in part:
            try:
                values.append(int(part.rsplit("=", 1)[1]))
            except ValueError:
                values.append(0)
    return tuple(values)


def select(results: Iterable, tests: Union[str, Sequence[str], None] = None, family: Optional[str] = None) -> list:
    """The Results whose test matches ``tests`` (a glob or a list of names/globs) and ``family``."""
    patterns = [tests] if isinstance(tests, str) else list(tests or [])
    chosen = []
    for result in results:
        if family is not None and result.family != family:
            continue
        if patterns and not any(fnmatch.fnmatchcase(result.test, p) for p in patterns):
            continue
        chosen.append(result)
    return chosen


def pool(results: Iterable, by: str, into: Optional[dict] = None) -> dict:
    """{(test, facet): PooledRun} over every Result given, added to ``into`` when given."""
    pooled: dict = {} if into is None else into
    for result in results:
        facet = facet_of(result, by)
        key = (result.test, facet)
        if key not in pooled:
            pooled[key] = PooledRun(result.test, result.family, result.condition, facet)
        pooled[key].add(result)
    return pooled


def merge_pools(pools: Iterable[dict]) -> dict:
    """One pool from several :func:`pool` results, in order: as if their Results had been pooled together.

    The runs of the pools given are extended in place.
    """
    merged: dict = {}
    for pooled in pools:
        for key, run in pooled.items():
            if key in merged:
                merged[key].merge(run)
            else:
                merged[key] = run
    return merged
