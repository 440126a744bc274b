"""`python -m bench` (`make bench`): what users feel, measured against budgets.yml.

    python -m bench [--runs 3] [--only build,scale,weight,lighthouse,files] [--against REV]

Prints a Markdown table, writes it to dist/bench.md, and exits 1 when a budget is broken or
a figure could not be measured (each is tried on its own: one failure hides no other).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from playwright.sync_api import sync_playwright

from bench import corpus, full_build, web
from bench.full_build import CURRENT, ROOT, Build
from bench.report import Table, load
from bench.stats import median, ratio, show
from hooks import settings
from hooks.editions import artefacts

MEASURES = ("build", "scale", "weight", "lighthouse", "files")
SCALE = (50, 800)
T = TypeVar("T")


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def guarded(table: Table, measure: str, step: Callable[[], T]) -> T | None:
    """The step's result; if it fails, an ERROR row saying why (the run then fails)."""
    try:
        return step()
    except Exception as error:
        traceback.print_exc()
        table.error(measure, f"{type(error).__name__}: {error}")
        return None


def steps_text(builds: list[Build]) -> str:
    """Each step's median finishing time, and its share of the median wall time."""
    total = median([b.wall for b in builds])
    medians = {n: median([b.steps[n] for b in builds if n in b.steps])
               for n in builds[-1].steps if n != "total"}
    return ", ".join(f"{n} {s:.1f} s ({s / total:.0%})" for n, s in medians.items())


def measure_builds(table: Table, runs: int, rev: str | None, work: Path) -> list[Build]:
    """`make build` of this tree and of `rev`, alternating A B A B … so that a slow spell of
    the machine hits both; returns this tree's builds (the last one's output is kept)."""
    sides = [CURRENT, *([full_build.export(rev, work / "rev")] if rev else [])]
    for side in sides:  # untimed: bytecode and the hooks' disk cache as after any build
        say(f"warm-up build of {side.label} (no PDFs) …")
        shutil.rmtree(full_build.run(side, work / "warm", with_pdf=False).out)
    done: dict[str, list[Build]] = {side.label: [] for side in sides}
    for run in range(runs):
        for number, side in enumerate(sides):
            say(f"full build {run + 1}/{runs} of {side.label} …")
            done[side.label].append(full_build.run(side, work / f"build-{run}-{number}"))
            if run < runs - 1 or number:  # keep the last build of this tree
                shutil.rmtree(done[side.label][-1].out)
    per_page = {label: [ratio(b.wall, b.pdf_pages) for b in bs] for label, bs in done.items()}
    for label, builds in done.items():
        table.add(f"`make build` wall time, {label}", show([b.wall for b in builds], 1, " s"))
        table.add(f"steps finished after, {label}", steps_text(builds))
        table.add(f"PDF pages, {label}", f"{builds[-1].pdf_pages} in "
                  f"{len(builds[-1].pdf_sizes)} PDFs")
        table.add(f"wall time per PDF page, {label}", show(per_page[label], 3, " s"))
    if rev:
        rounds = [ratio(new, old) for new, old in zip(per_page[CURRENT.label], per_page[rev],
                                                      strict=True)]
        table.add(f"time per PDF page, this tree / {rev} (by round)", show(rounds, 2),
                  "pdf_page_time_ratio", median(rounds))
    return done[CURRENT.label]


def measure_scale(table: Table, runs: int, work: Path) -> None:
    """Build time per page at each SCALE; if the cost per page is flat, the ratio is ≤ 1."""
    folders = {n: corpus.generate(work / f"corpus-{n}", n) for n in SCALE}
    times: dict[int, list[float]] = {n: [] for n in SCALE}
    for run in range(runs):
        for n, folder in folders.items():
            say(f"corpus build {run + 1}/{runs} with {n} generated pages …")
            times[n].append(corpus.build(folder))
    per_page = {n: [t / n * 1000 for t in times[n]] for n in SCALE}
    for n in SCALE:
        table.add(f"build time per page, {n} generated pages",
                  f"{show(per_page[n], 1, ' ms')} (build {show(times[n], 1, ' s')})")
    growth = ratio(median(per_page[SCALE[-1]]), median(per_page[SCALE[0]]))
    table.add(f"time per page, {SCALE[-1]} / {SCALE[0]} pages", f"{growth:.2f}",
              "scale_per_page_growth", growth)


def measure_files(table: Table, builds: list[Build]) -> None:
    """The offline zip against its budget; each PDF's size; the PDF step's time (the PDFs
    start when the website is built)."""
    build = builds[-1]
    size = full_build.zip_path(build).stat().st_size / 1e6
    table.add("offline zip", f"{size:.2f} MB", "offline_zip_mb", size)
    edition = settings.from_file().edition
    sizes = [f"{name.removeprefix(f'{artefacts.NAME}-{edition}-').removesuffix('.pdf')} "
             f"{size / 1024:.0f} KiB" for name, size in build.pdf_sizes.items()]
    table.add("PDF sizes", ", ".join(sizes))
    steps = [b.steps["PDFs"] - b.steps["website"] for b in builds
             if {"PDFs", "website"} <= b.steps.keys()]
    if steps:
        table.add("PDF step (website built → PDFs done)", show(steps, 1, " s"))


def measure_browser(table: Table, site: Path, only: set[str], runs: int, work: Path) -> None:
    """First-load weight (one visit a page: it does not vary) and Lighthouse, `runs` times
    a page but at least 3: its scores vary by a few points from run to run."""
    pages = web.pages(site)
    with web.production_server(site, work / "nginx") as (base, access_log):
        if "weight" in only:
            say("first-load weight …")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=web.CHROMIUM,
                                                     args=web.CHROMIUM_ARGS)
                kib = {p: web.first_load_bytes(browser, base + p, access_log) / 1024
                       for p in pages}
                browser.close()
            table.add("first-load weight (gzip, empty cache)",
                      ", ".join(f"{p} {k:.1f} KiB" for p, k in kib.items()),
                      "page_weight_kib", max(kib.values()))
        if "lighthouse" in only:
            scores, runs = {}, max(runs, 3)
            for page in pages:
                say(f"Lighthouse ×{runs} on {page} …")
                scores[page] = [web.lighthouse(base + page) for _ in range(runs)]
            for cat in web.CATEGORIES:
                by_page = {p: [run[cat] for run in s] for p, s in scores.items()}
                table.add(f"Lighthouse {cat} (mobile, median of {runs})",
                          ", ".join(f"{p} {show(s, 0)}" for p, s in by_page.items()),
                          f"lighthouse_{cat.replace('-', '_')}",
                          min(median(s) for s in by_page.values()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each figure (median)")
    parser.add_argument("--only", default=",".join(MEASURES), help="comma list of measures")
    parser.add_argument("--against", metavar="REV", help="also build git revision REV")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    if not only <= set(MEASURES) or args.runs < 1:
        parser.error(f"--only takes {', '.join(MEASURES)}; --runs at least 1")
    table = Table(load(ROOT / "budgets.yml"))
    with tempfile.TemporaryDirectory(prefix="mstp-bench-") as folder:
        work = Path(folder)
        builds = guarded(table, "full build", lambda: measure_builds(
            table, args.runs, args.against, work)) if "build" in only else None
        if only & {"weight", "lighthouse", "files"} and not builds:
            one = guarded(table, "full build for the figures below", lambda: full_build.run(
                CURRENT, work / "build", with_pdf="files" in only))
            builds = [one] if one else None
        if builds and "files" in only:
            guarded(table, "offline zip and PDFs", lambda: measure_files(table, builds))
        if builds and only & {"weight", "lighthouse"}:
            guarded(table, "browser figures", lambda: measure_browser(
                table, builds[-1].out / "site", only, args.runs, work))
        if "scale" in only:
            guarded(table, "build time per page", lambda: measure_scale(table, args.runs, work))
    text = table.markdown(f"{dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, "
                          f"{args.runs} run(s) of each figure: median (min–max)"
                          + (f"; compared with {args.against}" if args.against else ""))
    print(text)
    (ROOT / "dist").mkdir(exist_ok=True)
    (ROOT / "dist" / "bench.md").write_text(text, encoding="utf-8")
    for line in table.broken():
        say(f"BROKEN {line}")
    return 1 if table.broken() else 0


if __name__ == "__main__":
    sys.exit(main())
