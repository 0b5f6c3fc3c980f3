"""Charts of litmuslab results with matplotlib, headless.

Every function returns a :class:`matplotlib.figure.Figure` built without
pyplot, so nothing here touches a GUI or global state; save it with
``fig.savefig("out.png")`` (Jupyter shows it as it is).

- :func:`outcomes`: bars per final state, log-scaled counts, one row per
  test and one column (facet) per architecture; bars coloured by the host
  model's grade, hatched where C++ forbids the state.
- :func:`summary`: families x variants, one panel per architecture, coloured
  by how often the condition's proposition held (log scale; 0 shown apart).
- :func:`costs`: ns per operation for each op and memory order from
  litmuslab-bench's Google Benchmark JSON, one panel per contention.

Emulated hosts (qemu) always form their own facet, labelled "(emulated)".
"""

from __future__ import annotations

import dataclasses
import math
import os
from typing import Iterable, Optional, Sequence, Union

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter, NullLocator

from . import bench as _bench
from . import panel_grid
from .facets import FACET_KINDS, Facet, PooledRun, pool, select, state_key, test_key, variant_key, variant_of
from .stats import format_rate, wilson_interval

__all__ = ["outcomes", "outcomes_of_pool", "summary", "summary_of_pool", "costs", "FACET_KINDS"]

ALLOWED_COLOUR = "#4c72b0"
FORBIDDEN_COLOUR = "#c44e52"
UNGRADED_COLOUR = "#9a9a9a"
# Font sizes of the outcome charts, which their computed layout measures.
OUTCOME_TITLE_SIZE = 8
OUTCOME_TICK_SIZE = 7
OUTCOME_LABEL_SIZE = 8
FIGURE_TITLE_SIZE = 11
CPP_FORBIDDEN_HATCH = "///"
# The bench's fence runs a relaxed store before each fence, so that the fence orders something.
OP_LABELS = {"fence": "store; fence"}
ORDER_COLOURS = {
    "relaxed": "#8da0cb",
    "acquire": "#66c2a5",
    "release": "#a6d854",
    "acq_rel": "#ffd92f",
    "seq_cst": "#fc8d62",
}


def _legend_below(fig: Figure, handles: list, ncols: int) -> float:
    """A legend under the panels; returns the inches it takes, which a layout engine keeps free.

    matplotlib 3.6 has no loc="outside".
    """
    widest = max(len(h.get_label()) for h in handles)
    fits = max(1, int(fig.get_figwidth() / (0.6 + 0.075 * widest)))  # ~0.075 in per character at 8 pt
    ncols = max(1, min(ncols, fits))
    rows = -(-len(handles) // ncols)
    height = 0.1 + 0.22 * rows
    engine = fig.get_layout_engine()
    if engine is not None:
        fraction = height / fig.get_figheight()
        engine.set(rect=(0, fraction, 1, 1 - fraction))
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0), ncols=ncols, fontsize=8,
               frameon=False)
    return height


def _grade(allowed: dict, arch_model: Optional[str]) -> tuple[str, str]:
    """(colour, hatch) for one state: colour from the host's model, hatch where cpp forbids."""
    if not allowed:
        return UNGRADED_COLOUR, ""
    host = allowed.get(arch_model) if arch_model else None
    colour = UNGRADED_COLOUR if host is None else (ALLOWED_COLOUR if host else FORBIDDEN_COLOUR)
    hatch = CPP_FORBIDDEN_HATCH if allowed.get("cpp") is False else ""
    return colour, hatch


def _rate_line(run: PooledRun) -> str:
    if run.instances == 0:
        return "no instances ran"
    low, high = wilson_interval(run.matches, run.instances)
    pooled = f", {run.runs} runs pooled" if run.runs > 1 else ""
    return (
        f"holds in {run.matches:,} of {run.instances:,} = {format_rate(run.matches / run.instances)} "
        f"[95% {format_rate(low)}, {format_rate(high)}]{pooled}"
    )


def _panel_title(run: PooledRun) -> str:
    return f"{run.test} on {run.facet.label}\n{run.condition}\n{_rate_line(run)}"


def _count_label(count: float, _position=None) -> str:
    """1, 10, 100, 1k ... 100G: plain text, which draws far faster than mathtext's powers of ten."""
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if count >= scale:
            return f"{count / scale:g}{suffix}"
    return f"{count:g}"


def _decade_ticks(ax, top: float) -> None:
    """Count ticks at the decades from 1 to ``top``, at most eight, labelled in plain text.

    matplotlib makes a tick object for every location its locator gives, in
    view or not, and ticks were a third of the drawing; a log axis's minor
    ticks had cost half of it.
    """
    decades = int(math.log10(top))
    ax.yaxis.set_major_locator(FixedLocator([10.0**k for k in range(0, decades + 1, 1 + decades // 8)]))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(FuncFormatter(_count_label))


def _draw_outcomes(ax, run: PooledRun, states: list) -> set:
    """Bars for one test on one facet; returns the legend categories it used."""
    used = set()
    positions, heights, colours, hatches = [], [], [], []
    for x, state in enumerate(states):
        count = run.counts.get(state, 0)
        if count == 0:
            # Allowed yet never seen shows as a coloured 0; a 0 in grey was only seen elsewhere.
            models = run.never_seen(state)
            host_allows = run.facet.arch_model in models
            text = "0" if host_allows or not models else "0\n(" + "/".join(sorted(models)) + ")"
            colour = ALLOWED_COLOUR if host_allows else ("#555555" if not models else "#8c6d31")
            ax.text(x, 1, text, ha="center", va="bottom", fontsize=7, color=colour)
            if models:
                used.add("unseen")
            continue
        colour, hatch = _grade(run.allowed.get(state, {}), run.facet.arch_model)
        positions.append(x)
        heights.append(count)
        colours.append(colour)
        hatches.append(hatch)
        used.add(colour)
        if hatch:
            used.add(hatch)
    bars = ax.bar(positions, heights, color=colours, edgecolor="black", linewidth=0.5)
    for bar, hatch in zip(bars, hatches):
        bar.set_hatch(hatch)
    # On a log axis from 1 a count of 1 or 2 is a sliver: rare states get their count written.
    ax.bar_label(bars, labels=[f"{h}" if h < 1000 else "" for h in heights], fontsize=6, padding=1)
    ax.set_yscale("log")
    top = max(heights, default=1) * 3
    _decade_ticks(ax, top)
    ax.set_ylim(0.8, top)
    ax.set_xlim(-0.6, len(states) - 0.4)
    ax.set_xticks(range(len(states)))
    labels = [("* " if run.matching.get(s) else "") + s for s in states]
    ax.set_xticklabels(labels, rotation=90, fontsize=OUTCOME_TICK_SIZE, family="monospace")
    ax.set_ylabel("count (log)", fontsize=OUTCOME_LABEL_SIZE)
    ax.tick_params(axis="y", labelsize=OUTCOME_TICK_SIZE)
    ax.set_title(_panel_title(run), fontsize=OUTCOME_TITLE_SIZE)
    if not run.graded:
        ax.text(0.98, 0.96, "ungraded", transform=ax.transAxes, ha="right", va="top", fontsize=8,
                color="#444444", bbox={"facecolor": "white", "edgecolor": "#999999", "pad": 2})
        used.add("ungraded")
    return used


def _outcome_legend(used: set, facets: Sequence[Facet]) -> list:
    models = sorted({f.arch_model for f in facets if f.arch_model})
    host = "/".join(models) if models else "host model"
    handles = []
    if ALLOWED_COLOUR in used:
        handles.append(Patch(facecolor=ALLOWED_COLOUR, edgecolor="black", label=f"allowed by {host}"))
    if FORBIDDEN_COLOUR in used:
        handles.append(Patch(facecolor=FORBIDDEN_COLOUR, edgecolor="black", label=f"forbidden by {host}, yet seen"))
    if UNGRADED_COLOUR in used:
        handles.append(Patch(facecolor=UNGRADED_COLOUR, edgecolor="black", label="ungraded (no grade in the results)"))
    if CPP_FORBIDDEN_HATCH in used:
        handles.append(Patch(facecolor="white", edgecolor="black", hatch=CPP_FORBIDDEN_HATCH, label="forbidden by cpp"))
    if "unseen" in used:
        handles.append(Patch(facecolor="white", edgecolor="white", label="0: allowed, never seen (by the model named)"))
    return handles


def outcomes(
    results: Iterable,
    by: str = "arch",
    *,
    tests: Union[str, Sequence[str], None] = None,
    family: Optional[str] = None,
    title: Optional[str] = None,
) -> Figure:
    """Outcome histograms: one row per test, one column per facet (``by="arch"`` or ``"host"``).

    Each panel has a bar per final state seen, on a log scale, coloured by
    the grade in the results for the host's architecture model (x86-tso on
    x86_64, armv8 on aarch64) and hatched where cpp forbids the state; runs
    without grades are grey and labelled "ungraded". States a graded model
    allows that were never seen show as a 0 (naming the model unless it is the
    host's). ``*`` marks states that
    satisfy the condition, whose rate the title gives with its 95% Wilson
    interval (which assumes independent instances). Several runs of one test
    on one facet are pooled: their counts are added. ``tests`` (globs or
    names) and ``family`` choose which tests to draw.
    """
    chosen = select(results, tests, family)
    if not chosen:
        raise ValueError("no results to plot" + (f" for family {family!r}" if family else "") +
                         (f" matching {tests!r}" if tests else ""))
    return outcomes_of_pool(pool(chosen, by), family=family, title=title)


def outcomes_of_pool(pooled: dict, *, family: Optional[str] = None, title: Optional[str] = None) -> Figure:
    """:func:`outcomes` of runs pooled already (:func:`litmuslab.facets.pool`), of one ``family`` or all."""
    if family is not None:
        pooled = {key: run for key, run in pooled.items() if run.family == family}
    if not pooled:
        raise ValueError("no results to plot" + (f" for family {family!r}" if family else ""))
    families = {run.test: run.family for run in pooled.values()}
    names = sorted(families, key=lambda name: test_key(name, families[name]))
    facets = sorted({facet for _, facet in pooled})
    widest = max(len(s) for run in pooled.values() for s in run.states)
    titles = [line for run in pooled.values() for line in _panel_title(run).splitlines()]
    # Inches for the text around each panel; the tick labels are "* " and a state.
    left = (panel_grid.text_height(1, OUTCOME_LABEL_SIZE) + panel_grid.monospace_width(5, OUTCOME_TICK_SIZE)
            + panel_grid.TICK_AND_PAD + 0.1)
    grid = panel_grid.PanelGrid(
        rows=len(names), columns=len(facets),
        panel_width=max(4.2, panel_grid.widest_line(titles, OUTCOME_TITLE_SIZE) + 0.1),
        panel_height=2.5,
        above=panel_grid.text_height(3, OUTCOME_TITLE_SIZE) + 0.12,
        below=panel_grid.TICK_AND_PAD + panel_grid.monospace_width(widest + 2, OUTCOME_TICK_SIZE) + 0.05,
        left=left, right=0.15,
        top=panel_grid.text_height(1, FIGURE_TITLE_SIZE) + 0.15, bottom=0.0)
    fig = Figure(figsize=(grid.width, grid.height))
    axes = fig.subplots(len(names), len(facets), squeeze=False)
    used: set = set()
    for row, name in enumerate(names):
        runs = [pooled.get((name, facet)) for facet in facets]
        states = sorted({s for run in runs if run for s in run.states}, key=state_key)
        for col, (facet, run) in enumerate(zip(facets, runs)):
            ax = axes[row][col]
            if run is None:
                ax.set_axis_off()
                ax.set_label(f"empty:{name}:{facet.label}")
                ax.text(0.5, 0.5, f"{name}\nnot run on {facet.label}", ha="center", va="center", fontsize=9)
                continue
            ax.set_label(f"outcomes:{name}:{facet.label}")
            used |= _draw_outcomes(ax, run, states)
    handles = _outcome_legend(used, facets)
    handles.append(Patch(facecolor="white", edgecolor="white", label="* state satisfies the condition"))
    grid = dataclasses.replace(grid, bottom=_legend_below(fig, handles, min(len(handles), 3)))
    grid.apply(fig)
    fig.suptitle(title or f"Outcomes{' of ' + family if family else ''}: counts per final state",
                 fontsize=FIGURE_TITLE_SIZE, y=1 - 0.08 / grid.height, va="top")
    return fig


def summary(results: Iterable, by: str = "arch", *, title: Optional[str] = None) -> Figure:
    """Families x variants, one panel per facet, coloured by the condition's rate.

    The rate is instances whose state satisfies the condition's proposition
    over all instances (runs pooled per test and facet), on a log colour
    scale. A rate of 0 is drawn light grey with "0"; white cells were not run.
    """
    return summary_of_pool(pool(list(results), by), title=title)


def summary_of_pool(pooled: dict, *, title: Optional[str] = None) -> Figure:
    """:func:`summary` of runs pooled already (:func:`litmuslab.facets.pool`)."""
    if not pooled:
        raise ValueError("no results to plot")
    facets = sorted({facet for _, facet in pooled})
    families = sorted({run.family for run in pooled.values()})
    variants = sorted({variant_of(run.test, run.family) for run in pooled.values()}, key=variant_key)
    rates = np.full((len(facets), len(families), len(variants)), np.nan)
    for run in pooled.values():
        if run.instances:
            f = facets.index(run.facet)
            rates[f, families.index(run.family), variants.index(variant_of(run.test, run.family))] = run.matches / run.instances
    seen = rates[np.isfinite(rates) & (rates > 0)]
    vmax = float(seen.max()) if seen.size else 1.0
    vmin = float(seen.min()) if seen.size else vmax / 10
    vmin = min(vmin, vmax / 10)
    norm = LogNorm(vmin=vmin, vmax=vmax)
    import matplotlib

    cmap = matplotlib.colormaps["viridis"].with_extremes(under="#dcdcdc", bad="white")
    # The colour bar and its label go under the panels, where the width holds
    # the label however few families there are.
    fig = Figure(figsize=(max(6.0, 1.2 + 1.05 * len(variants)), 1.6 + (0.5 + 0.42 * len(families)) * len(facets)),
                 layout="constrained")
    axes = fig.subplots(len(facets), 1, squeeze=False)[:, 0]
    image = None
    for f, (ax, facet) in enumerate(zip(axes, facets)):
        shown = np.where(rates[f] == 0, vmin / 10, rates[f])  # below vmin: the "under" grey
        # A mesh of cells, not an image: an image is resampled on every draw, which
        # was half of this chart's time (constrained layout draws it twice).
        image = ax.pcolormesh(np.arange(len(variants) + 1) - 0.5, np.arange(len(families) + 1) - 0.5,
                              np.ma.masked_invalid(shown), cmap=cmap, norm=norm)
        ax.set_xlim(-0.5, len(variants) - 0.5)
        ax.set_ylim(len(families) - 0.5, -0.5)  # the first family on top
        ax.set_label(f"summary:{facet.label}")
        ax.set_title(facet.label, fontsize=10)
        ax.set_xticks(range(len(variants)))
        ax.set_xticklabels(variants, rotation=30, ha="right", fontsize=8)
        ax.set_yticks(range(len(families)))
        ax.set_yticklabels(families, fontsize=8)
        for i in range(len(families)):
            for j in range(len(variants)):
                rate = rates[f, i, j]
                if np.isnan(rate):
                    continue
                dark = rate > 0 and norm(rate) < 0.6
                ax.text(j, i, format_rate(rate), ha="center", va="center", fontsize=7,
                        color="white" if dark else "black")
    colorbar = fig.colorbar(image, ax=list(axes), orientation="horizontal", extend="min", shrink=0.8,
                            aspect=45, fraction=0.9 / fig.get_figheight())
    colorbar.set_label("how often the condition's proposition held, per instance (log scale; "
                       "grey: 0, white: not run)", fontsize=8)
    # Plain numbers; 2, 3 and 5 times a power of ten are labelled too when the
    # colours span only a decade or so.
    colorbar.ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    some = FuncFormatter(lambda value, _: f"{value:g}" if f"{value:.0e}"[0] in "235" else "")
    colorbar.ax.xaxis.set_minor_formatter(some if vmax / vmin < 30 else NullFormatter())
    colorbar.ax.tick_params(which="both", labelsize=7)
    fig.suptitle(title or "How often each test's condition held", fontsize=11)
    return fig


def costs(bench: Union[str, "os.PathLike[str]", dict], *, statistic: str = "median", title: Optional[str] = None) -> Figure:
    """Ordering costs from litmuslab-bench's Google Benchmark JSON (a path or the parsed dict).

    One panel per contention case (uncontended, contended on the same line,
    on separate lines); in each, a group of bars per operation with a bar per
    memory order, in ns per operation per thread (see :mod:`litmuslab.bench`),
    each bar labelled with its value, since the cheap ones are slivers beside
    a contended RMW.
    """
    data = _bench.read_costs(bench, statistic)
    contentions = list(dict.fromkeys(c.contention for c in data.costs))
    ops = list(dict.fromkeys(c.op for c in data.costs))
    # Wide enough for the title line that names the statistic, the CPUs and the date.
    fig = Figure(figsize=(max(6.0, 1.5 + 0.95 * len(ops)), 1.2 + 2.8 * len(contentions)), layout="constrained")
    axes = fig.subplots(len(contentions), 1, squeeze=False, sharey=True)[:, 0]
    width = 0.16
    highest = max(c.ns_per_op for c in data.costs)
    for ax, contention in zip(axes, contentions):
        ax.set_label(f"costs:{contention}")
        here = [c for c in data.costs if c.contention == contention]
        threads = max(c.threads for c in here)
        for x, op in enumerate(ops):
            bars = sorted((c for c in here if c.op == op), key=lambda c: _bench.ORDERS.index(c.order))
            for k, cost in enumerate(bars):
                offset = (k - (len(bars) - 1) / 2) * width
                drawn = ax.bar(x + offset, cost.ns_per_op, width, color=ORDER_COLOURS[cost.order],
                               edgecolor="black", linewidth=0.4, label=cost.order)
                ax.bar_label(drawn, labels=[f"{cost.ns_per_op:.2g}"], fontsize=6, rotation=90, padding=1)
        ax.set_ylim(0, highest * 1.18)  # room for the labels above the tallest bar
        ax.set_xticks(range(len(ops)))
        ax.set_xticklabels([OP_LABELS.get(op, op) for op in ops], fontsize=8)
        ax.set_ylabel("ns per op, per thread", fontsize=8)
        ax.tick_params(axis="y", labelsize=7)
        ax.set_title(f"{contention.replace('_', ' ')} ({threads} thread{'s' if threads != 1 else ''})", fontsize=9)
        ax.grid(axis="y", linewidth=0.3)
    handles = [Patch(facecolor=ORDER_COLOURS[o], edgecolor="black", label=o) for o in _bench.ORDERS
               if any(c.order == o for c in data.costs)]
    _legend_below(fig, handles, len(handles))
    context = data.context
    how = f"{data.statistic} of {data.repetitions} repetitions" if data.repetitions > 1 else data.statistic
    where = f"{context.get('num_cpus', '?')} CPUs at {context.get('mhz_per_cpu', '?')} MHz, {context.get('date', '')}"
    if title is None:
        label = os.path.basename(os.path.dirname(os.path.abspath(bench))) if not isinstance(bench, dict) else ""
        title = "Ordering costs" + (f": {label}" if label else "")
    fig.suptitle(f"{title}\n{how}; {where}", fontsize=10)
    return fig
