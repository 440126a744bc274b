"""`python -m bench`'s own parts, without real full builds: statistics, budgets, the build's
last line, the generated corpus (one small strict build) and the report table."""

from __future__ import annotations

import math

import pytest
import yaml

from bench import __main__ as cli
from bench import corpus
from bench.full_build import ROOT, marker_steps, parse_steps
from bench.report import Budget, Table, load
from bench.stats import median, ratio, show
from hooks import settings

LAST_LINE = ("Built /tmp/x/site and /tmp/x/dist in 17.3 s (finished after: website 3.1 s, "
             "offline edition 3.9 s, PDFs 15.2 s, total 17.3 s)")


def test_median_and_range():
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert show([3.0, 1.0, 2.0], 1, " s") == "2.0 s (1.0–3.0)"
    assert show([17.26], 1, " s") == "17.3 s"
    assert ratio(1.6, 2.0) == pytest.approx(0.8)
    assert math.isinf(ratio(1.0, 0.0))
    with pytest.raises(ValueError):
        median([])


def test_budgets_file_holds_just_these_budgets():
    budgets = load(ROOT / "budgets.yml")
    assert set(budgets) == {"page_weight_kib", "lighthouse_performance",
                            "lighthouse_accessibility", "lighthouse_best_practices",
                            "lighthouse_seo", "offline_zip_mb", "scale_per_page_growth",
                            "pdf_page_time_ratio"}
    assert budgets["page_weight_kib"] == Budget("page_weight_kib", "max", 150)
    assert budgets["lighthouse_seo"] == Budget("lighthouse_seo", "min", 100)
    assert budgets["pdf_page_time_ratio"].limit == 0.8


def test_a_broken_budget_is_named_and_a_kept_one_is_not():
    table = Table({"page_weight_kib": Budget("page_weight_kib", "max", 150),
                   "lighthouse_seo": Budget("lighthouse_seo", "min", 100)})
    table.add("weight", "150.0 KiB", "page_weight_kib", 150.0)
    table.add("seo", "100", "lighthouse_seo", 100)
    table.add("just a figure", "3 PDFs")
    assert table.broken() == []
    table.add("weight of /induction/", "151 KiB", "page_weight_kib", 151.0)
    table.add("seo of /", "92", "lighthouse_seo", 92)
    table.error("lighthouse", "RuntimeError: no Chromium")
    broken = table.broken()
    assert len(broken) == 3
    assert "page_weight_kib" in broken[0] and "151" in broken[0]
    assert "lighthouse_seo" in broken[1]
    assert "no Chromium" in broken[2]
    with pytest.raises(KeyError, match="no_such_budget"):
        table.add("x", "1", "no_such_budget", 1.0)


def test_malformed_budget_is_refused(tmp_path):
    path = tmp_path / "budgets.yml"
    path.write_text("page_weight_kib: 150\n")
    with pytest.raises(ValueError, match="page_weight_kib"):
        load(path)


def test_the_run_exits_non_zero_naming_the_broken_budget(tmp_path, monkeypatch, capsys):
    (tmp_path / "budgets.yml").write_text("scale_per_page_growth: {max: 1.5}\n")
    monkeypatch.setattr(cli, "ROOT", tmp_path)
    monkeypatch.setattr(cli, "measure_scale", lambda table, runs, work: table.add(
        "time per page, 800 / 50 pages", "1.70", "scale_per_page_growth", 1.7))
    assert cli.main(["--only", "scale", "--runs", "1"]) == 1
    out = capsys.readouterr()
    assert "scale_per_page_growth" in out.err and "BROKEN" in out.err
    written = (tmp_path / "dist" / "bench.md").read_text()
    assert "| time per page, 800 / 50 pages | 1.70 |" in written
    monkeypatch.setattr(cli, "measure_scale", lambda table, runs, work: table.add(
        "time per page, 800 / 50 pages", "0.40", "scale_per_page_growth", 0.4))
    assert cli.main(["--only", "scale", "--runs", "1"]) == 0


def test_unknown_measure_is_refused():
    with pytest.raises(SystemExit):
        cli.main(["--only", "build,speed"])


def test_build_last_line_gives_each_step_finishing_time():
    assert parse_steps(LAST_LINE) == {"website": 3.1, "offline edition": 3.9, "PDFs": 15.2,
                                      "total": 17.3}
    assert parse_steps("Built /tmp/x/site and /tmp/x/dist") == {}


def test_older_builds_are_timed_from_their_step_lines():
    events = [(0.0, "==> mkdocs build"), (0.4, "INFO - built"), (4.0, "==> PDFs"),
              (9.0, "==> offline zip")]
    assert marker_steps(events, 10.0) == {"mkdocs build": 4.0, "PDFs": 9.0, "offline zip": 10.0}


def test_menu_sections_hold_twenty_pages_in_one_top_level_section():
    section = corpus.nav_section(45)
    assert list(section) == ["More topics"]
    groups = section["More topics"]
    assert [len(next(iter(g.values()))) for g in groups] == [20, 20, 5]
    assert groups[2] == {"Topics 41 to 45": [corpus.page_name(i) for i in range(40, 45)]}


def test_generated_corpus_is_listed_reviewed_and_builds_strictly(tmp_path):
    folder = corpus.generate(tmp_path / "corpus", 3)
    config = settings.read(folder / "mkdocs.yml")
    real = settings.read(ROOT / "mkdocs.yml")
    assert config["nav"][:-1] == real["nav"]
    assert config["nav"][-1] == {"More topics": [{"Topics 1 to 3": [
        "topics/topic-001.md", "topics/topic-002.md", "topics/topic-003.md"]}]}
    assert {k: v for k, v in config.items() if k != "nav"} == {
        k: v for k, v in real.items() if k != "nav"}
    index = yaml.safe_load((ROOT / "docs" / "index.md").read_text().split("---\n")[1])
    for number in (1, 2, 3):
        text = (folder / "docs" / "topics" / f"topic-{number:03d}.md").read_text()
        meta = yaml.safe_load(text.split("---\n")[1])
        for key in ("reviewed", "reviewer", "next_review", "audience"):
            assert meta[key] == index[key]
        body = text.split("---\n", 2)[2]
        assert body.startswith(f"\n# Topic {number}: ")
        assert body.splitlines()[3] == '!!! abstract "Key points"'
        assert "[@webmd2022]" in body
    assert corpus.build(folder) > 0  # strict: reading level, front matter, citations, links
    assert (folder / "site" / "topics" / "topic-003" / "index.html").is_file()


def test_report_table_lists_every_row_with_its_status():
    table = Table({"offline_zip_mb": Budget("offline_zip_mb", "max", 3)})
    table.add("offline zip", "1.57 MB", "offline_zip_mb", 1.57)
    table.add("PDF sizes", "a4 365 KiB | a5 373 KiB")
    table.add("offline zip, larger", "3.20 MB", "offline_zip_mb", 3.2)
    text = table.markdown("2026-12-02, 2 CPUs")
    assert text.splitlines()[:6] == ["# Benchmark", "", "2026-12-02, 2 CPUs", "",
                                     "| Measure | Value | Budget | Status |", "|---|---|---|---|"]
    assert "| offline zip | 1.57 MB | `offline_zip_mb` ≤ 3 | ✅ pass |" in text
    assert "| PDF sizes | a4 365 KiB \\| a5 373 KiB |  |  |" in text
    assert "| offline zip, larger | 3.20 MB | `offline_zip_mb` ≤ 3 | ❌ FAIL |" in text
    assert "**1 broken.**" in text
