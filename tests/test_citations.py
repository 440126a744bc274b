"""Citation syntax, numbering, rendering and validation messages."""

from __future__ import annotations

from hooks.checks.citations import page_problems
from hooks.model import citations
from hooks.model.pages import parse_page
from hooks.render import citations as render

KNOWN = {"webmd2022", "edan2013", "burt2019"}


def rendered(text: str) -> tuple[str, render.PageCitations]:
    return render.render(text, KNOWN)


def test_single_multiple_and_locator_citations():
    groups = list(citations.find("A [@webmd2022]. B [@edan2013; @burt2019, p. 12]."))
    assert [i.key for g in groups for i in g.items] == ["webmd2022", "edan2013", "burt2019"]
    assert groups[1].items[1].locator == "p. 12"


def test_numbers_follow_first_use_and_repeat_for_the_same_key():
    html, page = rendered("One [@edan2013]. Two [@webmd2022]. Three [@edan2013].")
    assert page.numbers == {"edan2013": 1, "webmd2022": 2}
    assert html.count('href="#ref-1"') == 2
    assert page.occurrences["edan2013"] == [1, 3]


def test_code_spans_fences_and_escapes_are_left_alone():
    text = "Use `[@webmd2022]` like this.\n\n```\n[@edan2013]\n```\n\nLiteral \\[@burt2019]."
    html, page = rendered(text)
    assert page.numbers == {}
    assert html == text


def test_edge_places_table_admonition_list_start_and_end():
    text = ("[@webmd2022] starts.\n\n| a | b |\n|---|---|\n| x [@edan2013] | y |\n\n"
            "!!! note\n\n    In a box [@burt2019].\n\n- item [@webmd2022]\n\nends [@edan2013]")
    html, page = rendered(text)
    assert html.startswith('<sup class="cite" id="cite-1" data-search-exclude>')
    assert html.endswith("</sup>")
    assert page.numbers == {"webmd2022": 1, "edan2013": 2, "burt2019": 3}
    assert "| x<sup" in html and "In a box<sup" in html and "- item<sup" in html


def test_links_are_not_citations():
    assert list(citations.find("[@webmd2022](https://example.org) and email@x.org")) == []
    assert list(citations.find("[@webmd2022]: https://example.org/ref\n")) == []


def test_citation_before_a_colon_is_a_citation():
    html, page = rendered("For example, you may [@webmd2022]:\n\n- have relapses")
    assert page.numbers == {"webmd2022": 1}
    assert "[@" not in html


def test_reference_list_links_back_to_each_use():
    _html, page = rendered("A [@webmd2022]. B [@webmd2022].")
    refs = render.reference_list(page, {"webmd2022": "WebMD. Article."})
    assert '<li id="ref-1" value="1">WebMD. Article.' in refs
    assert 'href="#cite-1"' in refs and 'href="#cite-2"' in refs
    assert "## References {#references" in refs


def test_unknown_key_suggests_the_nearest_one():
    source = parse_page("x.md", "\n" * 9 + "Text.\n\nMore [@webmd2021].", "docs/x.md")
    [problem] = page_problems(source, KNOWN)
    assert str(problem) == ("docs/x.md:12: unknown citation key '@webmd2021'. Did you mean "
                            "'webmd2022'? Fix: use a key from docs/data/bibliography.yaml, or "
                            "add the source there.")


def test_malformed_citation_is_reported():
    [problem] = page_problems(parse_page("x.md", "See [@webmd2022 p 3; x].", "docs/x.md"), KNOWN)
    assert "malformed citation [@webmd2022 p 3; x]" in str(problem)


def test_unknown_key_renders_as_question_mark_without_a_number():
    html, page = rendered("A [@nope].")
    assert "?" in html and page.numbers == {}


def test_back_links_name_the_letter_they_show():
    """WCAG 2.5.3: the accessible name starts with the visible text ("ab: back to use 28")."""
    text = " ".join(["A [@webmd2022]."] * 28)
    _html, page = rendered(text)
    refs = render.reference_list(page, {"webmd2022": "WebMD. Article."})
    assert 'aria-label="a: back to use 1">a</a>' in refs
    assert 'aria-label="ab: back to use 28">ab</a>' in refs
