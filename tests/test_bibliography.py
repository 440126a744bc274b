"""Bibliography rules: each bad input has its own message naming file, line and fix."""

from __future__ import annotations

import datetime as dt

from hooks.checks import bibliography as rules
from hooks.model import bibliography
from hooks.model.yaml_data import DataFileError, parse_yaml
from hooks.render import references

TODAY = dt.date(2026, 11, 25)
FILE = "docs/data/bibliography.yaml"
ARTICLE = """\
- id: burt2019
  type: article-journal
  author:
    - {family: Burt, given: RK}
  title: "Effect of nonmyeloablative HSCT on disease progression"
  container-title: JAMA
  issued: {date-parts: [[2019, 1, 15]]}
  volume: "321"
  page: "165-174"
  DOI: "10.1001/jama.2018.18743"
"""
WEBPAGE = """\
- id: mssociety-hsct
  type: webpage
  author: [{literal: MS Society}]
  title: "HSCT & <stem cells>"
  URL: "https://www.mssociety.org.uk/about-ms/treatments-and-therapies/hsct"
  accessed: {date-parts: [[2026, 11, 25]]}
"""


def check(text: str) -> list[str]:
    _entries, _lines, problems = rules.validate(parse_yaml(text, FILE), FILE, TODAY)
    return [str(p) for p in problems]


def test_valid_entries_pass():
    assert check(ARTICLE + WEBPAGE) == []


def test_unparseable_file_names_its_line():
    try:
        parse_yaml(ARTICLE + "  title: [unclosed\n", FILE)
    except DataFileError as error:
        assert error.problem.file == FILE
        assert error.problem.line >= 11
        assert "does not parse" in str(error)
    else:
        raise AssertionError("expected a parse error")


def test_duplicate_key_names_both_lines():
    [message] = check(ARTICLE + ARTICLE)
    assert message.startswith(f"{FILE}:11: duplicate key 'burt2019' (first used on line 1).")


def test_missing_required_field_for_the_type():
    [message] = check(ARTICLE.replace("  container-title: JAMA\n", ""))
    assert message.startswith(f"{FILE}:1: entry 'burt2019' (article-journal) has no "
                              "`container-title`.")
    assert "Unconfirmed: container-title." in message


def test_unconfirmed_field_is_allowed_when_the_note_says_why():
    text = ARTICLE.replace("  container-title: JAMA\n",
                           "  note: \"Journal name not seen. Unconfirmed: container-title.\"\n")
    assert check(text) == []


def test_malformed_doi():
    [message] = check(ARTICLE.replace('"10.1001/jama.2018.18743"', '"https://doi.org/10.1001/x"'))
    assert message.startswith(f"{FILE}:10: entry 'burt2019' has a malformed DOI")
    assert "no https://doi.org/ prefix" in message


def test_malformed_url():
    [message] = check(WEBPAGE.replace("https://www.mssociety", "www.mssociety"))
    assert message.startswith(f"{FILE}:5: entry 'mssociety-hsct' has a malformed URL")


def test_malformed_year():
    [message] = check(ARTICLE.replace("[[2019, 1, 15]]", "[[2091]]"))
    assert message.startswith(f"{FILE}:7: entry 'burt2019' has a malformed `issued` date")
    [message] = check(ARTICLE.replace("[[2019, 1, 15]]", "[[2019, 13]]"))
    assert "malformed `issued`" in message


def test_no_doi_or_url_needs_a_note():
    [message] = check(WEBPAGE.replace('  URL: "https://www.mssociety.org.uk/about-ms/treatments'
                                      '-and-therapies/hsct"\n', ""))
    assert "has neither DOI nor URL" in message


def test_unknown_type_and_missing_id():
    assert "has type 'blog'" in check(ARTICLE.replace("article-journal", "blog"))[0]
    assert "this entry has no `id`" in check(ARTICLE.replace("- id: burt2019\n  type", "- type"))[0]


def test_formatting_is_vancouver_with_escaped_text_and_full_links():
    entries, _lines, _problems = rules.validate(parse_yaml(ARTICLE + WEBPAGE, FILE), FILE, TODAY)
    formatted = references.format_entries(entries)
    article = formatted["burt2019"]
    assert article.startswith("Burt RK. Effect of nonmyeloablative HSCT on disease progression. "
                              "JAMA. 2019 Jan 15;321:165–74.")
    assert '<a href="https://doi.org/10.1001/jama.2018.18743">' in article
    page = formatted["mssociety-hsct"]
    assert "HSCT &amp; &lt;stem cells&gt;" in page
    assert "[cited 2026 Nov 25]" in page
    assert '<a href="https://www.mssociety.org.uk/about-ms/treatments-and-therapies/hsct">' in page


def test_next_build_reads_the_checked_bibliography_from_disk(tmp_path, monkeypatch):
    path = tmp_path / "bibliography.yaml"
    path.write_text(ARTICLE + WEBPAGE, encoding="utf-8")
    first = bibliography.load(path, "bibliography.yaml", TODAY, cache_dir=tmp_path / "cache")
    bibliography._cache.clear()  # a new build process
    monkeypatch.setattr(references, "format_entries", _not_called)
    monkeypatch.setattr(bibliography, "load_yaml", _not_called)
    again = bibliography.load(path, "bibliography.yaml", TODAY, cache_dir=tmp_path / "cache")
    assert (again.entries, again.lines, again.formatted) == (
        first.entries, first.lines, first.formatted)
    assert not again.problems


def test_a_bibliography_with_problems_is_checked_again_next_build(tmp_path):
    path = tmp_path / "bibliography.yaml"
    path.write_text(ARTICLE + "- id: broken\n  type: book\n", encoding="utf-8")
    first = bibliography.load(path, "bibliography.yaml", TODAY, cache_dir=tmp_path / "cache")
    bibliography._cache.clear()
    again = bibliography.load(path, "bibliography.yaml", TODAY, cache_dir=tmp_path / "cache")
    assert first.problems and [str(p) for p in again.problems] == [str(p) for p in first.problems]


def _not_called(*args, **kwargs):
    raise AssertionError("a cached bibliography must not be parsed or formatted again")
