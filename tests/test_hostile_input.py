"""Hostile or careless input: each case fails with `file:line: … Fix: …` and touches nothing.

Pages and data come from editors and from pull requests by strangers. Each test gives the
build one bad input, as an attacker or a careless editor would, and checks the message, the
exit code, and that the last good site/ and dist/ are still there.
"""

from __future__ import annotations

import http.server
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import PY, FixtureSite
from pypdf import PdfReader

from hooks.checks import html as html_rules
from hooks.editions import pdf
from hooks.editions.build import _remove_abandoned_stages
from hooks.model.bibliography import as_csl
from hooks.model.yaml_data import parse_yaml

PAGE = "docs/induction.md"
AFTER = "# Induction therapy\n"
SECTION = "## What is induction therapy?\n"  # line 20 of the page
LINE = 20


def insert(site: FixtureSite, markup: str) -> None:
    """Put `markup` on line 20 of the page, a paragraph of its own."""
    site.edit(PAGE, SECTION, f"{markup}\n\n{SECTION}")


def refused(site: FixtureSite, markup: str) -> str:
    """The strict build's output for the page with `markup` on line 20; it must fail."""
    insert(site, markup)
    run = site.build()
    assert run.returncode == 1
    return output(run)


def full_build(site: FixtureSite, out: Path, *extra: str):
    """`make build` on the copy, into `out` where a last good build stands."""
    import subprocess

    for name in ("site", "dist"):
        (out / name).mkdir(parents=True, exist_ok=True)
        (out / name / "last-good.txt").write_text("last good")
    return subprocess.run([PY, "-m", "hooks.editions.build", "--out", str(out), *extra],
                          cwd=site.root, capture_output=True, text=True, timeout=600)


def assert_untouched(out: Path) -> None:
    for name in ("site", "dist"):
        assert [p.name for p in (out / name).iterdir()] == ["last-good.txt"], name
    assert not list(out.glob(".build-*"))


def output(run) -> str:
    text = run.stdout + run.stderr
    assert "Traceback" not in text, text
    return text


@contextmanager
def counting_server() -> Iterator[tuple[str, list[str]]]:
    """A local web server that counts the requests it gets."""
    requests: list[str] = []

    class Counting(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", requests
    finally:
        server.shutdown()
        server.server_close()


# --- 1. the PDF build reads no file of the machine and fetches nothing -------------------

def test_attachments_and_links_never_reach_the_pdfs(project_copy, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-4711")
    with counting_server() as (address, requests):
        insert(project_copy, f'<link rel="attachment" href="{secret.as_uri()}">\n'
                             f'<a rel="attachment" href="{address}/x">a</a>')
        run = full_build(project_copy, tmp_path / "out")
        assert run.returncode == 0, output(run)
        assert requests == []
    for path in (tmp_path / "out" / "dist").glob("*.pdf"):
        reader = PdfReader(path)
        assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {}), path
        assert "SECRET" not in path.read_bytes().decode("latin-1")


def test_the_pdf_fetcher_allows_only_the_site_and_data(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "ok.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    outside = tmp_path / "outside.svg"
    outside.write_text((site / "ok.svg").read_text())
    fmt = pdf.FORMATS[0]
    pdf.render('<p><img src="ok.svg"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
               "</p>", site, fmt, tmp_path / "ok.pdf")
    with counting_server() as (address, requests):
        for source in (outside.as_uri(), f"{address}/x.png", "../outside.svg"):
            with pytest.raises(pdf.RefusedAddress):
                pdf.render(f'<img src="{source}">', site, fmt, tmp_path / "no.pdf")
        assert requests == []


def test_a_remote_image_fails_the_build_with_its_line(project_copy, tmp_path):
    insert(project_copy, '<img src="http://127.0.0.1:9/x.png" alt="">')
    run = full_build(project_copy, tmp_path / "out", "--no-pdf")
    assert run.returncode == 1
    assert (f"{PAGE}:{LINE}: the page loads something from another host: <img src> loads "
            "http://127.0.0.1:9/x.png. Fix: keep the file in docs/assets/") in output(run)
    assert_untouched(tmp_path / "out")


@pytest.mark.parametrize("markup, what", [
    ('<script src="https://cdn.example/x.js"></script>', "<script src> loads"),
    ('<iframe src="https://example.org/"></iframe>', "<iframe src> loads"),
    ('<img srcset="a.png 1x, https://example.org/b.png 2x" alt="">', "<img srcset> loads"),
    ('<object data="https://example.org/x.swf"></object>', "<object data> loads"),
    ('<embed src="https://example.org/x.swf">', "<embed src> loads"),
    ('<video poster="https://example.org/p.png"></video>', "<video poster> loads"),
    ('<meta http-equiv="refresh" content="0; url=https://example.org/">', "a refresh to"),
])
def test_every_way_to_load_from_elsewhere_is_refused(project_copy, markup, what):
    assert f"{PAGE}:{LINE}: the page loads something from another host: {what}" in \
        refused(project_copy, markup)


def test_css_loads_are_found_in_style_text():
    assert [f.what for f in html_rules.css_loads(
        "@import 'https://x.org/a.css'; p { background: url(//x.org/b.png) }"
        " q { background: url(data:image/png;base64,AA) } r { background: url(img/c.png) }")
    ] == ["CSS loads https://x.org/a.css", "CSS loads //x.org/b.png"]


# --- 2. nothing published from outside docs/ ----------------------------------------------

def test_a_symlink_in_docs_is_refused_and_never_published(project_copy, tmp_path):
    (project_copy.root / "docs" / "passwd.txt").symlink_to("/etc/passwd")
    run = full_build(project_copy, tmp_path / "out", "--no-pdf")
    assert run.returncode == 1
    assert ("docs/passwd.txt:1: this is a symbolic link (to /etc/passwd); the build would "
            "publish what it points at. Fix: replace the link") in output(run)
    assert_untouched(tmp_path / "out")
    direct = project_copy.build()  # even a plain `mkdocs build` copies nothing of it
    assert direct.returncode == 1
    assert not list((project_copy.root / "out").rglob("passwd.txt"))


# --- 3. and 4. escaping, and no code of a page's own --------------------------------------

def test_html_in_a_title_is_refused_and_quotes_in_a_description_are_escaped(project_copy):
    project_copy.edit(PAGE, "title: Induction therapy", "title: 'T\"><script>alert(1)</script>'")
    run = project_copy.build()
    assert run.returncode == 1
    assert f"{PAGE}:2: `title` contains `<` or `>`, which is not plain text." in output(run)

    project_copy.edit(PAGE, "title: 'T\"><script>alert(1)</script>'", "title: Induction therapy")
    text = (project_copy.root / PAGE).read_text()
    description = next(line for line in text.splitlines() if line.startswith("description:"))
    project_copy.edit(PAGE, description,
                      "description: 'A \"quoted\" word & a hook\" onmouseover=\"alert(1) here.'")
    run = project_copy.build()
    assert run.returncode == 0, output(run)
    built = (project_copy.root / "out" / "induction" / "index.html").read_text()
    assert 'onmouseover="alert' not in built
    assert "A &#34;quoted&#34; word &amp; a hook&#34; onmouseover=&#34;alert(1) here." in built


@pytest.mark.parametrize("markup, what", [
    ("<script>alert(1)</script>", "a <script> element"),
    ("<style>body { display: none }</style>", "a <style> element"),
    ('<p style="position:fixed;inset:0">x</p>', "a `style=` attribute"),
    ('<b onclick="alert(1)">x</b>', "an `onclick=` event handler"),
    ('<a href="javascript:alert(1)">x</a>', "a script address in `href=` on <a>"),
])
def test_code_in_a_page_is_refused(project_copy, markup, what):
    assert f"{PAGE}:{LINE}: the page holds code of its own: {what}. Fix: remove it" in \
        refused(project_copy, markup)


def test_a_url_that_could_inject_an_attribute_is_refused(project_copy):
    bib = "docs/data/bibliography.yaml"
    old = 'URL: "https://www.webmd.com/multiple-sclerosis/escalation-induction-therapy-ms"'
    project_copy.edit(bib, old, old[:-1] + '\\"style=\\"position:fixed;inset:0;opacity:0"')
    run = project_copy.build()
    assert run.returncode == 1
    assert "entry 'webmd2022' has a malformed URL" in output(run)
    assert "Fix: write the full address starting with https://, without quotes" in output(run)


def test_the_site_and_the_offline_zip_load_nothing_from_elsewhere(built, tmp_path):
    [archive] = built.dist.glob("*.zip")
    zipfile.ZipFile(archive).extractall(tmp_path)
    for folder in (built.site, tmp_path):
        for page in folder.rglob("*.html"):
            assert html_rules.external_loads(page.read_text(encoding="utf-8")) == [], page
            assert html_rules.inline_code(_article(page)) == [], page
        for css in folder.rglob("*.css"):
            assert html_rules.css_loads(css.read_text(encoding="utf-8")) == [], css


def _article(page: Path) -> str:
    """The part of a page its Markdown makes (the print page joins every page's)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
    for node in tree.css("#print-site-cover-page, #print-site-page > style, article > style"):
        node.decompose()  # the cover partial's and the plugin's own styles
    article = tree.css_first("article")
    return article.html if article is not None else ""


# --- 6. no hangs ---------------------------------------------------------------------------

TREATMENT = "docs/data/treatments/alemtuzumab.yaml"
ALIAS_BOMB = ('a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
              'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n'
              'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n'
              'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n')


def test_a_yaml_alias_bomb_is_refused_at_once(project_copy):
    project_copy.edit(PAGE, "audience: patient\n", "audience: patient\n" + ALIAS_BOMB)
    project_copy.edit(TREATMENT, "id: alemtuzumab\n",
                      "id: alemtuzumab\nbomb: &x [1, 2]\nagain: *x\n")
    start = time.monotonic()
    run = project_copy.build()
    assert time.monotonic() - start < 60
    assert run.returncode == 1
    text = output(run)
    assert (f"{PAGE}:9: this YAML uses an alias (`*name`), which is not allowed here. Fix: "
            "write the value out in full") in text
    assert f"{TREATMENT}:5: this YAML uses an alias" in text


def test_deeply_nested_html_is_refused_at_once(project_copy):
    insert(project_copy, "<div>" * 3000 + "x" + "</div>" * 3000)
    start = time.monotonic()
    run = project_copy.build()
    assert time.monotonic() - start < 60
    assert run.returncode == 1
    assert (f"{PAGE}:10: this page nests HTML elements 3000 deep (at most 60 are allowed).") \
        in output(run)


# --- 7. messages, never tracebacks ----------------------------------------------------------

def test_zotero_and_better_bibtex_date_forms_are_read():
    text = """references:
- id: a2020
  type: webpage
  title: A
  publisher: P
  URL: https://example.org/a
  issued: 2020-05
  accessed: [{year: 2026, month: 11, day: "25"}]
- id: b2019
  type: webpage
  title: B
  publisher: P
  URL: https://example.org/b
  issued: {date-parts: [["2019", "3"]]}
  accessed: 2026-11-25
"""
    located = as_csl(parse_yaml(text, "bib.yaml"))
    assert [item["issued"] for item in located.data] == [{"date-parts": [[2020, 5]]},
                                                           {"date-parts": [[2019, 3]]}]
    assert located.data[0]["accessed"] == {"date-parts": [[2026, 11, 25]]}
    assert located.line(1, "id") == 9


def test_a_zotero_export_builds(project_copy):
    bib = "docs/data/bibliography.yaml"
    text = (project_copy.root / bib).read_text()
    text = text.replace("issued: {date-parts: [[2022, 5, 3]]}", "issued: 2022-05-03")
    indented = "".join(f"  {line}\n" if line.strip() else "\n" for line in text.splitlines())
    project_copy.write(bib, "references:\n" + indented)
    run = project_copy.build()
    assert run.returncode == 0, output(run)


def test_a_file_that_is_not_utf8_is_named(project_copy):
    path = project_copy.root / PAGE
    text = path.read_bytes()
    path.write_bytes(text.replace(b"Induction therapy\n", b"Induction th\xe9rapie\n", 1))
    run = project_copy.build()
    assert run.returncode == 1
    assert (f"{PAGE}:2: this file is not UTF-8 text (byte 0xe9 on this line). Fix: save the file "
            "as UTF-8") in output(run)


@pytest.mark.parametrize("written", ["2026-13-45", "25/11/2026"])
def test_a_date_that_is_not_a_date_is_named(project_copy, written):
    project_copy.edit(PAGE, "reviewed: 2026-11-25", f"reviewed: {written}")
    run = project_copy.build()
    assert run.returncode == 1
    assert f"{PAGE}:4: `reviewed` is not valid" in output(run)


def test_a_pdf_crash_says_build_failed(monkeypatch):
    from concurrent.futures import Future

    from hooks.editions import build

    crashed: Future = Future()
    crashed.set_exception(RecursionError("maximum recursion depth exceeded"))
    with pytest.raises(build.BuildError, match="the PDF step failed: RecursionError"):
        build._finish(crashed)


# --- 8. citations in odd places -------------------------------------------------------------

@pytest.mark.parametrize("written, message", [
    ("See [this source [@webmd2022]](https://example.org).", "a citation inside a link's text"),
    ("## A heading [@webmd2022]", "a citation in a heading"),
    ("Twice [@webmd2022; @webmd2022].", "'@webmd2022' is cited twice in one bracket"),
    ("As @webmd2022 says.", "'@webmd2022' outside brackets is not a citation on this site"),
    ("A note[^1].\n\n[^1]: The note.", "a footnote mark [^1]: footnotes are not used here"),
])
def test_citations_in_odd_places_are_named(project_copy, written, message):
    assert f"{PAGE}:{LINE}: {message}" in refused(project_copy, written)


def test_pandocs_suppress_author_form_is_a_plain_number(project_copy):
    project_copy.edit(PAGE, "[@webmd2022]", "[-@webmd2022]")
    run = project_copy.build()
    assert run.returncode == 0, output(run)
    assert "- <a" not in (project_copy.root / "out/induction/index.html").read_text()


# --- 9. the smaller points ------------------------------------------------------------------

def test_unclosed_front_matter_is_one_message(project_copy):
    text = (project_copy.root / PAGE).read_text()
    project_copy.write(PAGE, text.replace("audience: patient\n---\n", "audience: patient\n", 1))
    run = project_copy.build()
    assert run.returncode == 1
    text = output(run)
    assert f"{PAGE}:1: the front matter starts on line 1 but is never closed." in text
    assert f"{PAGE}:1: the front matter has no" not in text


def test_a_missing_data_file_is_one_message(project_copy):
    (project_copy.root / "docs/data/bibliography.yaml").unlink()
    run = project_copy.build()
    assert run.returncode == 1
    text = output(run)
    assert "docs/data/bibliography.yaml:1: this data file does not exist." in text
    assert text.count("ERROR") < 5, text


def test_a_key_written_twice_is_named(project_copy):
    project_copy.edit(PAGE, "audience: patient\n", "audience: patient\naudience: carer\n")
    run = project_copy.build()
    assert run.returncode == 1
    assert f"{PAGE}:8: `audience` is written twice; the earlier one would be ignored." in \
        output(run)


def test_a_page_with_only_front_matter_is_refused(project_copy):
    text = (project_copy.root / "docs/about.md").read_text()
    project_copy.write("docs/about.md", text[:text.index("# About")])
    run = project_copy.build()
    assert run.returncode == 1
    assert "docs/about.md:10: this page has no text." in output(run)


def test_the_title_heading_is_checked(project_copy):
    project_copy.edit(PAGE, AFTER, "# Induction treatment\n")
    run = project_copy.build()
    assert run.returncode == 1
    assert (f"{PAGE}:10: the page's heading 'Induction treatment' differs from its `title` "
            "'Induction therapy'.") in output(run)


def test_an_unused_glossary_term_is_named(project_copy):
    project_copy.edit("docs/data/glossary.yaml", "- term:",
                      "- term: Zebrafish\n  definition: A small fish.\n- term:")
    run = project_copy.build()
    assert run.returncode == 1
    assert ("the glossary term 'Zebrafish' is used on no page (none of its `match` spellings "
            "appears).") in output(run)


def test_a_killed_builds_staging_folder_is_removed(tmp_path):
    (tmp_path / ".build-999999999-abc").mkdir()
    (tmp_path / ".build-oldstyle").mkdir()
    import os
    alive = tmp_path / f".build-{os.getpid()}-xyz"
    alive.mkdir()
    _remove_abandoned_stages(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [alive.name]


def test_the_csp_allows_only_the_templates_inline_code(built):
    """Every hash in the policy is of code the templates wrote, none of a page's text."""
    import re

    from selectolax.lexbor import LexborHTMLParser

    from hooks.hosting import csp

    templates: set[str] = set()
    for page in built.site.rglob("*.html"):
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        article = tree.css_first("article")
        if article is not None and page.parent.name != "print_page":
            article.decompose()  # what the page's Markdown made: no code allowed there
        for node in tree.css("script, style"):
            inline_script = "src" not in node.attributes and csp.executes(node.attributes)
            if inline_script or node.tag == "style":
                templates.add(csp.sha256_source(node.text(deep=True) or ""))
        for node in tree.css("[style]"):
            templates.add(csp.sha256_source(node.attributes["style"] or ""))
    policy = (built.site / "_headers").read_text(encoding="utf-8")
    hashes = set(re.findall(r"'sha256-[^']+'", policy))
    assert hashes and hashes <= templates
