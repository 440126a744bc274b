"""`make bench`'s pure parts: statistics, budgets, report, and the generated corpus.

No timing is asserted here: timings belong to `make bench`, which compares them with
budgets.yml on the machine at hand.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import PY, ROOT
from selectolax.lexbor import LexborHTMLParser

sys.path.append(str(ROOT / "scripts"))

from bench import budgets, builds, corpus, full_build, lighthouse, same_output, snapshot_hook, stats
from bench.browser import category, weigh
from bench.report import Report


def test_median_ratio_and_slope():
    assert stats.median([3.0, 1.0, 2.0]) == 2.0
    assert stats.median([4.0, 1.0, 2.0, 3.0]) == 2.5
    with pytest.raises(ValueError):
        stats.median([])
    assert stats.ratio(1.1, 1.0) == pytest.approx(1.1)
    assert stats.ratio(1.0, 0.0) == float("inf")
    assert stats.slope(50, 5.0, 200, 20.0) == pytest.approx(0.1)


def test_budgets_file_is_valid_and_checks_both_directions():
    loaded = budgets.load(ROOT / "budgets.yml")
    assert {"hooks_build_ratio", "page_weight_kib", "offline_zip_mb",
            "lighthouse_performance"} <= set(loaded)
    at_most = loaded["hooks_build_ratio"]
    assert budgets.status(at_most, at_most.limit) == budgets.PASS
    assert budgets.status(at_most, at_most.limit + 0.01) == budgets.FAIL
    at_least = loaded["lighthouse_performance"]
    assert budgets.status(at_least, at_least.limit) == budgets.PASS
    assert budgets.status(at_least, at_least.limit - 1) == budgets.FAIL
    assert budgets.status(at_least, None) == budgets.ERROR
    assert budgets.status(None, 3.0) == budgets.INFO


def test_malformed_budget_is_refused(tmp_path):
    path = tmp_path / "budgets.yml"
    path.write_text("page_weight_kib: 150\n")
    with pytest.raises(ValueError, match="page_weight_kib"):
        budgets.load(path)


def test_report_fails_on_a_broken_budget_or_missing_figure():
    report = Report()
    limit = budgets.Budget("x", 10, "max")
    report.check("A", "fine", 5, "5", budget=limit)
    assert not report.broken
    report.check("A", "too big", 11, "11", budget=limit)
    report.error("B", "lost", "no site")
    assert [row.measure for row in report.broken] == ["too big", "lost"]
    text = report.markdown()
    assert "| A | too big | 11 | ≤ 10 | ❌ FAIL |" in text
    assert "2 budget(s) broken" in text


def test_phase_times_from_build_output():
    events = [(0.0, "==> mkdocs build"), (0.5, "INFO - built"), (4.0, "==> PDFs"),
              (9.0, "==> offline zip")]
    assert full_build.phase_times(events, 10.0) == {"mkdocs build": 4.0, "PDFs": 5.0,
                                                    "offline zip": 1.0}


def test_page_weight_categories():
    weight = weigh([("/", "text/html", 100), ("/a.css", "text/css", 10),
                    ("/b.js", "application/javascript; charset=utf-8", 20),
                    ("/f.woff2", "application/octet-stream", 30),
                    ("/search/search_index.json", "application/json", 1000)])
    assert weight.counted == 160
    assert weight.by_category["other"] == 1000
    assert category("font/woff2", "/x") == "font"


def test_lighthouse_parse_lists_failing_audits():
    def cat(refs):
        return {"score": 0.9, "auditRefs": [{"id": i, "weight": 1} for i in refs]}

    data = {"lighthouseVersion": "12.2.3",
            "categories": {"performance": cat(["tbt"]), "accessibility": cat(["aria", "ok"]),
                           "best-practices": cat([]), "seo": cat(["na"])},
            "audits": {"tbt": {"id": "tbt", "title": "TBT", "score": 0.5, "displayValue": "1 s"},
                       "aria": {"id": "aria", "title": "Dialog name", "score": 0},
                       "ok": {"id": "ok", "title": "Fine", "score": 1},
                       "na": {"id": "na", "title": "N/A", "score": None,
                              "scoreDisplayMode": "notApplicable"}}}
    report = lighthouse.parse(data, "http://x/")
    assert report.scores["accessibility"] == 90
    assert report.failing == {"performance": ["tbt: TBT (1 s) [score 0.50]"],
                              "accessibility": ["aria: Dialog name [score 0.00]"]}


def test_declarations_never_repeat_a_pair_and_cover_every_effect():
    effects = [f"e{i}" for i in range(38)]
    pages = corpus.declarations(120, effects, 5)
    pairs = [pair for page in pages for pair in page]
    assert len(pairs) == len(set(pairs)) == 600
    assert {e for _t, e in pairs} == set(effects)
    assert all(len(page) == 5 for page in pages)


def test_every_key_is_dealt_to_some_page():
    keys, content = 33, 4
    per = corpus.per_page(keys, content, 3)
    dealt = Counter(k for page in range(content) for k in corpus.deal(keys, per, page))
    assert set(dealt) == set(range(keys))


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> corpus.Corpus:
    return corpus.generate(tmp_path_factory.mktemp("corpus") / "site", 10, ROOT)


def test_generated_corpus_builds_strictly(small_corpus):
    run = subprocess.run([PY, "-m", "mkdocs", "build", "--strict", "-f",
                          str(small_corpus.config), "--site-dir", str(small_corpus.root / "out")],
                         cwd=small_corpus.root, capture_output=True, text=True,
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 0, run.stdout + run.stderr
    pages = list((small_corpus.root / "out").rglob("index.html"))
    assert len([p for p in pages if "print_page" not in p.parts]) == 10
    topic = (small_corpus.root / "out" / "topics" / "topic-001" / "index.html").read_text()
    assert 'class="cite"' in topic and 'id="se-gen-001-' in topic  # the hooks ran


def test_first_build_starts_from_an_empty_hooks_cache(small_corpus):
    cache = small_corpus.root / ".cache" / "mstp"
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "stale.json").write_text("{}")
    on = builds.Variant(small_corpus.config, small_corpus.root, strict=True)
    off = builds.Variant(small_corpus.hooks_off_config, small_corpus.root, strict=False)
    first, baseline = builds.first_build(on, off, small_corpus.root / "first")
    assert first.cpu > 0 and baseline.cpu > 0 and not (cache / "stale.json").exists()
    assert (cache / "reading-level.json").exists()  # filled again by that build


def test_compared_builds_run_side_by_side_and_leave_no_filler(small_corpus):
    """Each round's two builds overlap in time; the untimed filler builds are gone after."""
    on = builds.Variant(small_corpus.config, small_corpus.root, strict=True)
    off = builds.Variant(small_corpus.hooks_off_config, small_corpus.root, strict=False)
    site = small_corpus.root / "pair"
    start = time.perf_counter()
    result = builds.compare({"on": on, "off": off}, site, 2, warmup=False)
    elapsed = time.perf_counter() - start
    assert [len(result.runs[name]) for name in ("on", "off")] == [2, 2]
    every = result.runs["on"] + result.runs["off"]
    assert all(t.cpu > 0 for t in every)
    if builds.two_cpus():
        assert elapsed < 0.9 * sum(t.wall for t in every)  # they overlapped
    assert sorted(p.name for p in site.iterdir()) == ["off", "on"]
    assert (site / "on" / "index.html").exists()
    # `repeat`: each side's builds in a row, added up (about twice one build's time).
    twice = builds.compare({"on": on, "off": off}, site, 1, warmup=False, repeat=2)
    for name in ("on", "off"):
        assert twice.runs[name][0].cpu > 1.4 * min(t.cpu for t in result.runs[name])


def test_a_failed_side_by_side_build_says_which_and_why(small_corpus, tmp_path):
    broken = small_corpus.root / "mkdocs-broken.yml"  # beside the corpus: its paths resolve
    broken.write_text(f"INHERIT: {small_corpus.config}\nnav: [{{Missing: missing.md}}]\n")
    on = builds.Variant(small_corpus.config, small_corpus.root, strict=True)
    bad = builds.Variant(broken, small_corpus.root, strict=True)
    failed = r"(?s)mkdocs build -f .*mkdocs-broken.yml failed.*missing\.md"
    with pytest.raises(builds.BuildFailed, match=failed):
        builds.compare({"on": on, "bad": bad}, tmp_path / "pair", 1, warmup=False)


def test_hooks_off_config_drops_hooks_and_keeps_plugins(small_corpus):
    from mkdocs.config import load_config

    config = load_config(str(small_corpus.hooks_off_config))
    assert list(config.hooks) == []
    assert {"print-site", "material/search", "material/offline"} <= set(config.plugins)
    parent = yaml.safe_load(small_corpus.hooks_off_config.read_text())
    assert Path(parent["INHERIT"]) == small_corpus.config


def test_snapshot_keeps_front_matter_and_what_hooks_append():
    assert snapshot_hook.front_matter({}) == ""
    assert snapshot_hook.front_matter({"title": "Induction"}) == "---\ntitle: Induction\n---\n\n"
    assert snapshot_hook.appended("<p>a</p>", "<p>a</p><aside>b</aside>") == "<aside>b</aside>"
    assert snapshot_hook.appended("<p>a</p>", "<p>A</p><aside>b</aside>") == ""


def test_same_text_baseline_shows_the_same_pages(tmp_path):
    """The hooks' cost is measured against this build: it must show what the hooks show."""
    config = ROOT / "mkdocs.yml"
    off = builds.real_site_hooks_off(ROOT)
    try:
        same = same_output.prepare(config, off[1], same_output.project_hooks(config))
        builds.mkdocs_build(config, ROOT, tmp_path / "on", strict=True)
        builds.mkdocs_build(same, off[1], tmp_path / "same", strict=True)
    finally:
        builds.cleanup(off[1])
    # Except the print page: the hooks' work after the build (unique ids there, the cover's
    # review date) is not in the snapshot, which only makes the baseline cheaper.
    pages = sorted(p.relative_to(tmp_path / "on") for p in (tmp_path / "on").rglob("index.html")
                   if p.parent.name != "print_page")
    assert len(pages) >= 14
    for page in pages:
        with_hooks, without = (_article(tmp_path / side / page) for side in ("on", "same"))
        assert with_hooks == without, page


def _article(path: Path) -> str:
    """The page's article, blank space between tags ignored (raw HTML keeps its newlines)."""
    article = LexborHTMLParser(path.read_text(encoding="utf-8")).css_first("article").html
    return re.sub(r">\s+<", "><", article)


def test_hooks_ratio_is_the_median_of_each_rounds_own_ratio():
    """A slow spell spanning rounds must not decide the figure (as a ratio of medians can)."""
    timing = builds.Timing
    result = builds.Comparison({"on": [timing(1.05, 1.05), timing(2.2, 2.2), timing(1.1, 1.1)],
                                "same": [timing(1.0, 1.0), timing(2.0, 2.0), timing(1.0, 1.0)]})
    assert result.ratio("on", "same") == pytest.approx(1.1)
