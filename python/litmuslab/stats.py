"""Rates and their confidence intervals, for plot titles and summaries."""

from __future__ import annotations

import math


def wilson_interval(successes: int, trials: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson score interval for a binomial rate (95% by default).

    Unlike the normal approximation it stays inside [0, 1] and is sensible
    when no success was seen, which is the common case for rare outcomes.
    It assumes independent trials; instances in a batch are correlated, so
    read it as a guide, not a guarantee. With no trials it is (0, 1).
    """
    if trials <= 0:
        return 0.0, 1.0
    if not 0 <= successes <= trials:
        raise ValueError(f"successes must be within 0..{trials}, not {successes}")
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    # At the edges the bound is exact; rounding would otherwise leave 3e-18 for 0.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high


def format_rate(rate: float) -> str:
    """A rate in three significant figures: ``"3.12e-04"``, ``"0.25"``, ``"0"``."""
    if rate == 0:
        return "0"
    if rate >= 0.01:
        return f"{rate:.3g}"
    return f"{rate:.2e}"
