"""Glossary data and the reading-level measure."""

from __future__ import annotations

from hooks.checks import reading_level
from hooks.model import glossary
from hooks.render import glossary as glossary_page

FILE = "docs/data/glossary.yaml"


def test_glossary_gives_tooltips_and_a_sorted_page():
    terms, problems = glossary.load(
        "- term: Relapse\n  match: [relapse, relapses]\n  definition: A new attack.\n"
        "- term: Ällergy\n  definition: Body reacts & <swells>.\n", FILE)
    assert problems == []
    assert [t.term for t in terms] == ["Ällergy", "Relapse"]
    tips = glossary_page.tooltips(terms)
    assert tips["relapses"] == "A new attack." and "Ällergy" in tips
    assert '*[relapse]: ""' in glossary_page.no_tooltips(terms)
    body = glossary_page.page(terms)
    assert ":   Body reacts &amp; &lt;swells&gt;." in body
    assert body.index("## A") < body.index("Ällergy") < body.index("## R") < body.index("Relapse")


def test_glossary_errors_name_the_line():
    _t, problems = glossary.load("- term: A\n  definition: x\n- term: B\n", FILE)
    assert str(problems[0]).startswith(f"{FILE}:3: this glossary entry needs `term` and "
                                       "`definition`.")
    _t, problems = glossary.load("- {term: A, definition: x, match: [a]}\n"
                                 "- {term: B, definition: y, match: [a]}\n", FILE)
    assert "'a' is matched by two terms ('A' and 'B')" in str(problems[0])


def test_prose_leaves_out_tables_code_terms_and_citations():
    html = ("<h1>Title</h1><p>Short words here <abbr title='x'>alemtuzumab</abbr>"
            "<sup class='cite'><a>1</a></sup></p><table><tr><td>Extraordinarily "
            "complicated</td></tr></table><pre><code>code()</code></pre>"
            "<ul><li>An item</li><li><p>Loose item</p></li></ul>"
            "<ol class='references'><li>Reference text</li></ol>")
    text = reading_level.prose(html)
    assert text.splitlines() == ["Short words here.", "An item.", "Loose item."]


def test_measure_reports_grade_and_smog():
    easy = reading_level.measure("<p>The cat sat. The dog ran. We had fun.</p>" * 10)
    hard = reading_level.measure(
        "<p>Immunosuppressive pharmacological interventions necessitate comprehensive "
        "individualised multidisciplinary consideration of potential complications.</p>" * 10)
    assert easy.grade < 3
    assert hard.grade > 8
    assert easy.words == 90
    table = reading_level.report_table({"a.md": easy, "b.md": hard}, 8)
    assert table.index("b.md") < table.index("a.md")
