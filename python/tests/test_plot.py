"""Charts whose content follows the data: facets, bars, colours and files."""

from __future__ import annotations

import copy
import shutil
import io
import json
import subprocess
from pathlib import Path
import sys

import matplotlib.colors
import matplotlib.image
import matplotlib.ticker
from matplotlib.backends.backend_agg import FigureCanvasAgg
import pytest
from matplotlib.patches import Rectangle

import litmuslab
from litmuslab import bench, plot
from conftest import REPO
from litmuslab.stats import format_rate, wilson_interval


def write(path, document) -> str:
    path.write_text(json.dumps(document))
    return str(path)


def as_arch(document: dict, arch: str, emulated: bool = False, forbidden_state: int | None = None) -> dict:
    """A copy of a results document relabelled as another host, graded by that host's model."""
    other = copy.deepcopy(document)
    other["host"].update(arch=arch, emulated=emulated)
    model = {"aarch64": "armv8", "x86_64": "x86-tso"}[arch]
    for run in other["runs"]:
        for i, outcome in enumerate(run["outcomes"]):
            outcome["count"] = outcome["count"] * 2
            outcome["allowed"] = {model: i != forbidden_state, "cpp": True}
        for unseen in run.get("unseen_allowed", []):
            unseen["allowed_by"] = [model if m == "x86-tso" else m for m in unseen["allowed_by"]]
        run["iterations"] *= 2
        run["instances"] *= 2
        run["matches"] *= 2
        run["graded_models"] = [model, "cpp"]
        run["forbidden_observed"] = forbidden_state is not None
    return other


def ungraded(document: dict) -> dict:
    """A copy as a build without the models would have written it."""
    other = copy.deepcopy(document)
    for run in other["runs"]:
        for outcome in run["outcomes"]:
            outcome.pop("allowed", None)
        for field in ("forbidden_observed", "graded_models", "unseen_allowed", "condition_rate", "model_flags"):
            run.pop(field, None)
    return other


def facet_axes(fig, prefix: str) -> list:
    return [ax for ax in fig.axes if ax.get_label().startswith(prefix)]


def bars(ax) -> list:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def assert_text_inside(fig) -> None:
    """Every label, title and tick a reader sees lies within the figure, none cut at an edge."""
    canvas = FigureCanvasAgg(fig)  # lays the figure out as saving it does
    canvas.draw()
    renderer = canvas.get_renderer()
    inside = fig.bbox
    # Each panel with what it draws (ticks, labels, titles, bar labels), then the figure's own text.
    drawn = [(f"panel {ax.get_label()!r}", ax.get_tightbbox(renderer)) for ax in fig.axes]
    drawn += [(repr(text.get_text()), text.get_window_extent(renderer)) for text in fig.texts if text.get_text()]
    drawn += [("the legend", legend.get_window_extent(renderer)) for legend in fig.legends]
    for what, box in drawn:
        assert (box.x0 >= inside.x0 - 1 and box.y0 >= inside.y0 - 1 and box.x1 <= inside.x1 + 1
                and box.y1 <= inside.y1 + 1), f"{what} at {box} leaves the figure {inside}"


def assert_panels_apart(fig) -> None:
    """No panel's ticks, labels or title run into another panel's."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [(ax.get_label(), ax.get_tightbbox(renderer)) for ax in fig.axes if ax.axison]
    for i, (one, a) in enumerate(boxes):
        for other, b in boxes[i + 1 :]:
            apart = a.x1 <= b.x0 + 1 or b.x1 <= a.x0 + 1 or a.y1 <= b.y0 + 1 or b.y1 <= a.y0 + 1
            assert apart, f"panel {one!r} at {a} overlaps {other!r} at {b}"


def png_pixels(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=50)
    data = buffer.getvalue()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 2000
    buffer.seek(0)
    return matplotlib.image.imread(buffer, format="png")


@pytest.fixture
def two_arches(cli_document, tmp_path):
    write(tmp_path / "x86.json", cli_document)
    write(tmp_path / "arm.json", as_arch(cli_document, "aarch64", forbidden_state=0))
    return litmuslab.load(tmp_path)


def test_two_architectures_give_two_facets(two_arches):
    fig = plot.outcomes(two_arches, by="arch")
    panels = facet_axes(fig, "outcomes:")
    assert sorted(ax.get_label() for ax in panels) == [
        "outcomes:MP+relacq:aarch64", "outcomes:MP+relacq:x86_64",
        "outcomes:SB+rlx:aarch64", "outcomes:SB+rlx:x86_64"]
    for result in two_arches:
        (ax,) = [a for a in panels if a.get_label() == f"outcomes:{result.test}:{result.arch}"]
        heights = sorted(round(b.get_height()) for b in bars(ax))
        assert heights == sorted(int(c) for c in result.counts)
        assert ax.get_yscale() == "log"
        # Decades only: minor ticks on a log axis were half the drawing time.
        assert isinstance(ax.yaxis.get_minor_locator(), matplotlib.ticker.NullLocator)
        assert format_rate(result.matches / result.instances) in ax.get_title()
    pixels = png_pixels(fig)
    assert pixels.std() > 0.01
    assert_text_inside(fig)


def test_outcome_panels_are_laid_out_apart_with_plain_count_labels(two_arches, cli_document, tmp_path):
    long = copy.deepcopy(cli_document)
    for run in long["runs"]:
        run["test"] += "+with+a+name+long+enough+to+widen+the+title+past+a+default+panel"
    write(tmp_path / "long.json", long)
    for results in (two_arches, litmuslab.load(tmp_path / "long.json")):
        fig = plot.outcomes(results)
        assert fig.get_layout_engine() is None  # the layout is computed, not measured by drawing
        assert_text_inside(fig)
        assert_panels_apart(fig)
    (ax, *_) = facet_axes(plot.outcomes(two_arches), "outcomes:")
    FigureCanvasAgg(ax.figure).draw()
    low, high = ax.get_ylim()
    labels = [tick.label1.get_text() for tick in ax.yaxis.get_major_ticks() if low <= tick.get_loc() <= high]
    assert labels and all("$" not in label for label in labels)  # plain text, not mathtext
    assert set(labels) <= {"1", "10", "100", "1k", "10k", "100k", "1M", "10M", "100M", "1G", "10G"}
    assert [plot._count_label(v) for v in (1, 100, 1e3, 2.5e4, 1e6, 1e9)] == ["1", "100", "1k", "25k", "1M", "1G"]
    # Ticks only at decades in view, at most eight, however many decades the counts span.
    for top in (1, 40, 3e5, 1e12, 1e19):
        fig = plot.outcomes(two_arches, tests="SB+rlx")
        (ax, *_) = facet_axes(fig, "outcomes:")
        ax.set_ylim(0.8, top)  # what _draw_outcomes sets, widened by hand past any real count
        plot._decade_ticks(ax, top)
        locations = list(ax.yaxis.get_majorticklocs())
        assert locations[0] == 1 and all(0.8 <= loc <= top for loc in locations) and len(locations) <= 8
        assert all(float(f"{loc:.0e}") == loc and f"{loc:.0e}".startswith("1e") for loc in locations)


def test_grades_colour_the_bars(two_arches):
    fig = plot.outcomes(two_arches, tests="SB+rlx")
    (arm,) = facet_axes(fig, "outcomes:SB+rlx:aarch64")
    (x86,) = facet_axes(fig, "outcomes:SB+rlx:x86_64")
    red = matplotlib.colors.to_rgba(plot.FORBIDDEN_COLOUR)
    blue = matplotlib.colors.to_rgba(plot.ALLOWED_COLOUR)
    arm_colours = [b.get_facecolor() for b in bars(arm)]
    assert arm_colours[0] == red and all(c == blue for c in arm_colours[1:])
    (x86_result,) = [r for r in two_arches if r.test == "SB+rlx" and r.arch == "x86_64"]
    assert x86_result.graded  # the CLI grades against x86-tso and cpp
    expected = [blue if a["x86-tso"] else red for a in x86_result.allowed]
    assert [b.get_facecolor() for b in bars(x86)] == expected
    assert not any(t.get_text() == "ungraded" for ax in (arm, x86) for t in ax.texts)


def test_ungraded_results_are_grey_and_say_so(cli_document, tmp_path):
    write(tmp_path / "old.json", ungraded(cli_document))
    write(tmp_path / "arm.json", as_arch(cli_document, "aarch64"))
    fig = plot.outcomes(litmuslab.load(tmp_path), tests="SB+rlx")
    (x86,) = facet_axes(fig, "outcomes:SB+rlx:x86_64")
    (arm,) = facet_axes(fig, "outcomes:SB+rlx:aarch64")
    grey = matplotlib.colors.to_rgba(plot.UNGRADED_COLOUR)
    assert bars(x86) and all(b.get_facecolor() == grey for b in bars(x86))
    assert any(t.get_text() == "ungraded" for t in x86.texts)
    assert not any(b.get_facecolor() == grey for b in bars(arm))
    assert not any(t.get_text() == "ungraded" for t in arm.texts)


def test_a_different_test_set_gives_a_different_number_of_bars(two_arches):
    one = plot.outcomes(two_arches, tests="SB+rlx")
    both = plot.outcomes(two_arches, tests=["SB+rlx", "MP+*"])
    count = lambda fig: sum(len(bars(ax)) for ax in facet_axes(fig, "outcomes:"))  # noqa: E731
    expected = lambda names: sum(len(r.states) for r in two_arches if r.test in names)  # noqa: E731
    assert count(one) == expected({"SB+rlx"})
    assert count(both) == expected({"SB+rlx", "MP+relacq"})
    assert count(one) != count(both)
    with pytest.raises(ValueError, match="no results"):
        plot.outcomes(two_arches, tests="IRIW+*")


def test_emulated_results_get_their_own_labelled_facet(cli_document, tmp_path):
    write(tmp_path / "arm.json", as_arch(cli_document, "aarch64"))
    write(tmp_path / "qemu.json", as_arch(cli_document, "aarch64", emulated=True))
    results = litmuslab.load(tmp_path)
    fig = plot.outcomes(results, tests="SB+rlx")
    labels = sorted(ax.get_label() for ax in facet_axes(fig, "outcomes:"))
    assert labels == ["outcomes:SB+rlx:aarch64", "outcomes:SB+rlx:aarch64 (emulated)"]
    summary = plot.summary(results)
    assert sorted(ax.get_label() for ax in facet_axes(summary, "summary:")) == [
        "summary:aarch64", "summary:aarch64 (emulated)"]


def test_the_summary_grid_shows_each_rate_and_zero_apart(two_arches):
    fig = plot.summary(two_arches)
    panels = {ax.get_label(): ax for ax in facet_axes(fig, "summary:")}
    assert sorted(panels) == ["summary:aarch64", "summary:x86_64"]
    for result in two_arches:
        texts = [t.get_text() for t in panels[f"summary:{result.arch}"].texts]
        assert format_rate(result.matches / result.instances) in texts
    (mesh,) = panels["summary:x86_64"].collections
    assert mesh.get_coordinates().shape == (3, 3, 2)  # cell corners of families MP, SB x variants rlx, relacq
    grid = mesh.get_array()
    assert grid.mask.sum() == 2  # MP+rlx and SB+relacq were not run


def test_costs_draw_one_bar_per_op_and_order_per_contention(tmp_path):
    def entry(name, real_time, threads=1, aggregate="median"):
        return {"name": f"{name}_{aggregate}", "run_name": name, "run_type": "aggregate", "aggregate_name": aggregate,
                "repetitions": 3, "threads": threads, "real_time": real_time, "time_unit": "ns"}
    benchmarks = []
    for order, t in (("relaxed", 1.0), ("seq_cst", 9.0)):
        benchmarks.append(entry(f"store/{order}/uncontended/real_time", t))
        benchmarks.append(entry(f"store/{order}/uncontended/real_time", 100.0, aggregate="mean"))
        benchmarks.append(entry(f"store/{order}/contended_same_line/real_time/threads:2", t, threads=2))
    benchmarks.append(entry("load/acquire/uncontended/real_time", 0.5))
    benchmarks.append(entry("stack/push_pop/acq_rel/real_time/threads:2", 50.0, threads=2))
    path = write(tmp_path / "bench.json", {"context": {"date": "today", "num_cpus": 2}, "benchmarks": benchmarks})
    fig = plot.costs(path)
    panels = {ax.get_label(): ax for ax in facet_axes(fig, "costs:")}
    assert sorted(panels) == ["costs:contended_same_line", "costs:uncontended"]
    assert sorted(b.get_height() for b in bars(panels["costs:uncontended"])) == [0.5, 1.0, 9.0]
    # per thread: a 2-thread run's time is doubled back, as bench-table.py does
    assert sorted(b.get_height() for b in bars(panels["costs:contended_same_line"])) == [2.0, 18.0]
    # Every bar carries its value, so a 0.5 ns load is read, not guessed.
    assert sorted(t.get_text() for t in panels["costs:uncontended"].texts) == ["0.5", "1", "9"]
    png_pixels(fig)
    assert_text_inside(fig)
    with pytest.raises(ValueError, match="not Google Benchmark"):
        plot.costs({"schema": "litmuslab-results/1"})
    with pytest.raises(bench.NoOrderingCosts):
        plot.costs({"context": {}, "benchmarks": [entry("litmus/SB+rlx/instance", 3.0)]})


def test_allowed_states_never_seen_are_marked_zero(cli_document, tmp_path):
    document = copy.deepcopy(cli_document)
    run = document["runs"][0]
    run["unseen_allowed"] = [{"state": {"0:r0": 7, "1:r0": 7}, "allowed_by": ["cpp"], "matches_condition": False,
                              "upper_bound_95": 1e-4}]
    write(tmp_path / "run.json", document)
    fig = plot.outcomes(litmuslab.load(tmp_path), tests=run["test"])
    (ax,) = facet_axes(fig, "outcomes:")
    assert "0:r0=7; 1:r0=7;" in [t.get_text() for t in ax.get_xticklabels()]
    assert "0\n(cpp)" in [t.get_text() for t in ax.texts]
    assert len(bars(ax)) == len(run["outcomes"])


def test_wilson_interval_known_values():
    low, high = wilson_interval(0, 100)
    assert low == 0 and high == pytest.approx(0.0370, abs=1e-4)
    low, high = wilson_interval(50, 100)
    assert (low, high) == (pytest.approx(0.4038, abs=1e-4), pytest.approx(0.5962, abs=1e-4))
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_the_plot_command_writes_the_standard_charts(cli_document, tmp_path):
    results = tmp_path / "results"
    (results / "arm").mkdir(parents=True)
    write(results / "x86.json", cli_document)
    write(results / "arm" / "run.json", as_arch(cli_document, "aarch64"))
    (results / "arm" / "broken.json").write_text("{")
    out = tmp_path / "plots"
    done = subprocess.run([sys.executable, "-m", "litmuslab", "plot", str(results), "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "broken.json" in done.stderr and "warning" in done.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == ["outcomes-MP.png", "outcomes-SB.png", "summary.png"]
    assert all((out / name).stat().st_size > 2000 for name in written)
    strict = subprocess.run([sys.executable, "-m", "litmuslab", "plot", str(results), "-o", str(out), "--strict"],
                            capture_output=True, text=True, timeout=120)
    assert strict.returncode == 2 and "broken.json" in strict.stderr
    helped = subprocess.run([sys.executable, "-m", "litmuslab", "plot", "--help"], capture_output=True, text=True)
    assert helped.returncode == 0 and "RESULTS" in helped.stdout


def test_a_family_with_a_plus_keeps_its_variants(cli_document, tmp_path):
    document = copy.deepcopy(cli_document)
    run = document["runs"][0]
    run["test"], run["family"] = "2+2W+rel", "2+2W"
    write(tmp_path / "run.json", document)
    fig = plot.summary(litmuslab.load(tmp_path))
    (ax,) = facet_axes(fig, "summary:")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["rel", "relacq"]  # not "2W+rel"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2+2W", "MP"]


def test_the_summary_colour_bar_and_its_label_fit_however_small_the_grid(two_arches):
    for results in (two_arches, [r for r in two_arches if r.test == "SB+rlx" and r.arch == "x86_64"]):
        fig = plot.summary(results)
        (colorbar_axes,) = [ax for ax in fig.axes if not ax.get_label().startswith("summary:")]
        assert "grey: 0, white: not run" in colorbar_axes.get_xlabel()
        assert_text_inside(fig)


def test_rare_states_have_their_count_written(cli_document, tmp_path):
    document = copy.deepcopy(cli_document)
    run = document["runs"][0]
    run["outcomes"][0]["count"] = 1  # a sliver on a log axis that starts at 1
    write(tmp_path / "run.json", document)
    fig = plot.outcomes(litmuslab.load(tmp_path), tests=run["test"])
    (ax,) = facet_axes(fig, "outcomes:")
    labels = [t.get_text() for t in ax.texts]
    assert "1" in labels
    assert all(int(label) < 1000 for label in labels if label.isdigit())  # big counts need no label
    assert_text_inside(fig)


def test_the_readme_plot_command_draws_every_chart_of_the_committed_results(tmp_path):
    """The command README.md gives, on results/ as committed, draws outcomes, summary and costs."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shell = "\n".join(block.split("\n", 1)[1] for block in readme.split("```")[1::2] if block.startswith("sh"))
    (command,) = [line.strip() for line in shell.splitlines() if "-m litmuslab plot" in line]
    words = command.split()
    assert words[words.index("-m") + 1 :][:2] == ["litmuslab", "plot"]
    out = words.index("-o")
    assert words[out - 1] == "results/" and words[out + 1] == "results/plots/", command
    # The same command, drawing into a scratch folder rather than over the committed charts.
    done = subprocess.run([sys.executable, *words[words.index("-m") :out + 1], str(tmp_path)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    drawn = {path.name for path in tmp_path.iterdir()}
    families = {result.family for result in litmuslab.load(REPO / "results")}
    assert families and {f"outcomes-{family.replace('+', '_')}.png" for family in families} <= drawn
    assert "summary.png" in drawn
    benches = sorted((REPO / "results").rglob("bench.json"))
    assert benches and {f"costs-{path.parent.name}.png" for path in benches} <= drawn
    # A benchmark file without ordering costs is passed by, with a note naming it.
    assert "bench-litmus.json: no ordering costs" in done.stderr and "warning" in done.stderr
    assert sorted(done.stdout.split()) == sorted(str(tmp_path / name) for name in drawn)


def test_the_charts_parse_each_results_file_once(cli_document, tmp_path, monkeypatch):
    """Looking for benchmark files passes by the files already read as results (most of the bytes)."""
    from litmuslab import __main__ as command, chart_set

    write(tmp_path / "x86.json", cli_document)
    shutil.copy(REPO / "results" / "x86_64-amd-epyc-kvm" / "bench.json", tmp_path / "bench.json")
    parsed = []
    real_load = json.load

    def counting_load(f, *args, **kwargs):
        parsed.append(Path(getattr(f, "name", "")).name)
        return real_load(f, *args, **kwargs)

    monkeypatch.setattr(chart_set.json, "load", counting_load)
    written = command.write_standard_charts([str(tmp_path)], str(tmp_path / "plots"))
    assert "bench.json" in parsed and "x86.json" not in parsed
    assert {path.name for path in written} >= {"summary.png", "costs-" + tmp_path.name + ".png"}
