"""Rates and their confidence intervals, for plot titles and summaries."""

from __future__ import annotations

from . import _core


def wilson_interval(successes: int, trials: int) -> tuple[float, float]:
    """The 95% Wilson score interval for a binomial rate, as the CLI's grades compute it.

    Unlike the normal approximation it stays inside [0, 1] and is sensible
    when no success was seen, which is the common case for rare outcomes.
    It assumes independent trials; instances in a batch are correlated, so
    read it as a guide, not a guarantee. With no trials it is (0, 1).
    """
    if successes < 0 or trials < 0:
        raise ValueError("successes and trials must not be negative")
    return _core.wilson_interval(successes, trials)


def format_rate(rate: float) -> str:
    """A rate in three significant figures: ``"3.12e-04"``, ``"0.25"``, ``"0"``."""
    if rate == 0:
        return "0"
    if rate >= 0.01:
        return f"{rate:.3g}"
    return f"{rate:.2e}"
