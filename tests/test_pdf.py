"""The printed editions (issue 7): four PDFs a clinic can print and hand to a patient.

Most checks read the real build (the session fixture `built`): every page, side effect
and source is printed; the contents and the bookmarks lead to the right pages; the
booklet is imposed in saddle-stitch order; metadata, fonts and text sizes are right.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections import Counter
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pdfplumber
import pytest
import yaml
from conftest import ROOT
from pypdf import PdfReader
from test_site_build import nav_pages

from hooks import settings as site_config
from hooks.editions import artefacts, pdf, print_book, print_page
from hooks.model import bibliography

SLUGS = [fmt.slug for fmt in artefacts.FORMATS]
BODY_PT = {"a4": (14, 14), "booklet-a5": (12, 14), "large-print-a4": (16, 24)}
# With a page per treatment (19 of them), 2026-12-02: A4 254, A5 400, large print 389.
PAGE_RANGE = {"a4": (200, 320), "booklet-a5": (320, 480), "large-print-a4": (320, 480)}
A4 = (595.28, 841.89)
A5 = (419.53, 595.28)


CONFIG = site_config.read(ROOT / "mkdocs.yml")
EDITION = str(CONFIG["extra"]["edition"])


PRINT_EXCLUDED = set(next(p for p in CONFIG["plugins"] if isinstance(p, dict)
                          and "print-site" in p)["print-site"].get("exclude", []))


def nav_titles() -> list[str]:
    """Every printed page's label in the site's navigation, as the printed editions show it."""
    return [print_book.HOME_LABEL if target == "index.md" else title
            for title, target in nav_pages() if target not in PRINT_EXCLUDED]


def squash(text: str) -> str:
    """Text compared without spaces and line breaks (long titles and URLs wrap)."""
    return re.sub(r"\s+", "", text).casefold()


@cache
def page_texts(path: Path) -> tuple[str, ...]:
    return tuple(page.extract_text() or "" for page in PdfReader(path).pages)


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based page) of every bookmark, in order."""
    reader = PdfReader(path)
    items = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                items.append((depth, entry.title, reader.get_destination_page_number(entry)))

    walk(reader.outline, 0)
    return items


@pytest.fixture(scope="module")
def pdfs(built) -> dict[str, Path]:
    return {slug: built.dist / f"ms-treatment-paths-{EDITION}-{slug}.pdf"
            for slug in [*SLUGS, artefacts.IMPOSED_SLUG]}


def test_all_four_pdfs_are_built_and_offered_for_download(built, pdfs):
    for path in pdfs.values():
        assert path.stat().st_size > 50_000, path
        assert (built.site / "downloads" / path.name).read_bytes() == path.read_bytes()
    assert "lead nowhere" not in built.output  # every internal link found its target
    assert "No anchor" not in built.output  # WeasyPrint's word for a broken link


@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_side_effect_and_source_is_printed(pdfs, slug):
    text = squash("".join(page_texts(pdfs[slug])))
    for title in nav_titles():
        assert squash(title) in text, title
    effects = yaml.safe_load((ROOT / "docs/data/side-effects.yaml").read_text())["effects"]
    for effect in effects.values():
        assert squash(effect["name"]) in text, effect["name"]
    bib = bibliography.load(ROOT / "docs/data/bibliography.yaml", "bibliography.yaml")
    for key, entry in bib.entries.items():
        assert squash(html.unescape(entry["title"])) in text, key
        for address in re.findall(r'href="(https?://[^"]+)"', bib.formatted[key]):
            assert squash(html.unescape(address)) in text, address  # in full, though wrapped


@pytest.mark.parametrize("fmt", artefacts.FORMATS, ids=lambda fmt: fmt.slug)
def test_each_cover_names_its_own_format_only(pdfs, fmt):
    cover = page_texts(pdfs[fmt.slug])[0]
    assert f"Format: {fmt.label}" in " ".join(cover.split())
    for other in artefacts.FORMATS:
        if other != fmt:
            assert other.label not in cover, other.label


@pytest.mark.parametrize("slug", SLUGS)
def test_cover_is_one_page_then_numbered_pages(pdfs, slug):
    texts = page_texts(pdfs[slug])
    low, high = PAGE_RANGE[slug]
    assert low <= len(texts) <= high, len(texts)
    cover = squash(texts[0])
    for words in ("MS Treatment Paths", "Edition", "25 November 2026", "Next review due",
                  "not medical advice", CONFIG["site_url"],
                  "Clinical review: Not yet reviewed by an MS specialist"):
        assert squash(words) in cover, words
    assert texts[1].lstrip().startswith("Contents"), "the cover does not fit on one page"
    assert not re.search(r"(?m)^\s*1\s*$|Page 1 of", texts[0]), "the cover has a number"
    for number, text in enumerate(texts[1:], start=2):
        label = rf"Page {number} of {len(texts)}" if slug != "booklet-a5" else rf"\b{number}\b"
        assert re.search(label, text.splitlines()[-1]), number


@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_ends_with_its_review_box(pdfs, slug):
    text = "".join(page_texts(pdfs[slug]))
    assert text.count("Last reviewed") == len(nav_titles())
    assert text.count("Next review due") >= len(nav_titles())


@pytest.mark.parametrize("slug", SLUGS)
def test_outline_has_every_page_and_its_sections(pdfs, slug):
    items = outline(pdfs[slug])
    titles = [title for _depth, title, _page in items]
    assert titles[0] == "Contents"
    for title in nav_titles():
        assert title in titles, title
    depth = {title: d for d, title, _page in items}
    assert depth["Side effects"] == 0 and depth["When to get help"] == 1  # a nav section
    assert len(items) > 3 * len(nav_titles())  # the sections too, not just the pages
    texts = page_texts(pdfs[slug])
    for _depth, title, page in items:
        assert squash(title) in squash(texts[page]), (title, page + 1)


CONTENTS_LINE = re.compile(r"^(?P<title>.+?)\s*\.{3,}\s*(?P<page>\d+)\s*$")


@pytest.mark.parametrize("slug", SLUGS)
def test_contents_page_numbers_lead_to_the_headings(pdfs, slug):
    texts = page_texts(pdfs[slug])
    first_chapter = next(page for _d, title, page in outline(pdfs[slug])
                         if title == print_book.HOME_LABEL)
    entries = []
    for text in texts[1:first_chapter]:
        for line in text.replace("\xa0", " ").splitlines():
            if match := CONTENTS_LINE.match(line.strip()):
                entries.append((match["title"].rstrip(". "), int(match["page"])))
    found = {title for title, _page in entries}
    for title in nav_titles():
        assert title in found, title
    assert len(entries) > 2 * len(nav_titles())
    for title, page in entries:
        # A page's label is its running header; a section's is its heading.
        assert squash(title) in squash(texts[page - 1]), (title, page)


@pytest.mark.parametrize("slug", SLUGS)
def test_metadata_tags_links_and_embedded_fonts(pdfs, slug):
    reader = PdfReader(pdfs[slug])
    meta = reader.metadata
    assert meta.title.startswith("MS Treatment Paths") and EDITION[:4] in meta.title
    assert meta.author == CONFIG["site_author"]
    assert meta.subject and "multiple sclerosis" in meta.subject
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged PDF
    fonts = {}
    internal = 0
    for page in reader.pages:
        for font in page["/Resources"].get_object().get("/Font", {}).get_object().values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Dest"):
                internal += 1
                assert annot["/Dest"] in reader.named_destinations, annot["/Dest"]
                height = abs(annot["/Rect"][3] - annot["/Rect"][1])
                assert height > 4, f"a link too small to click: {annot['/Dest']}"
    assert internal > 200
    assert any("Atkinson" in name for name in fonts), fonts
    for name, font in fonts.items():
        described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
            else font
        descriptor = described["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} not embedded"
        assert not re.search("Italic|Oblique", name), f"{name}: no italics in the body"


@pytest.mark.parametrize("slug", SLUGS)
def test_body_text_size(pdfs, slug):
    therapy = next(page for _d, title, page in outline(pdfs[slug]) if title == "Induction therapy")
    with pdfplumber.open(pdfs[slug]) as pdf:
        sizes = Counter(round(char["size"], 1) for char in pdf.pages[therapy + 1].chars)
    body = sizes.most_common(1)[0][0]
    low, high = BODY_PT[slug]
    assert low - 0.1 <= body <= high + 0.1, sizes.most_common(3)


def test_booklet_is_imposed_two_up_in_saddle_stitch_order(pdfs):
    source = PdfReader(pdfs["booklet-a5"])
    count = len(source.pages)
    for page in source.pages:
        assert abs(float(page.mediabox.width) - A5[0]) < 2
        assert abs(float(page.mediabox.height) - A5[1]) < 2
    imposed = PdfReader(pdfs[artefacts.IMPOSED_SLUG])
    total = pdf.padded(count)
    assert total % 4 == 0 and total - count < 4
    assert len(imposed.pages) == total // 2
    for page in imposed.pages:  # A4 landscape
        assert abs(float(page.mediabox.width) - A4[1]) < 2
        assert abs(float(page.mediabox.height) - A4[0]) < 2
    sides = pdf.saddle_stitch(total)
    assert sides[0] == (total - 1, 0)  # first sheet front: last page left, cover right
    with pdfplumber.open(pdfs["booklet-a5"]) as a5, \
            pdfplumber.open(pdfs[artefacts.IMPOSED_SLUG]) as a4:
        for side in sorted({0, 1, len(sides) // 2, len(sides) - 1}):
            sheet = a4.pages[side]
            middle = float(sheet.width) / 2
            halves = (sheet.crop((0, 0, middle, sheet.height)),
                      sheet.crop((middle, 0, float(sheet.width), sheet.height)))
            for half, index in zip(halves, sides[side], strict=True):
                expected = a5.pages[index].extract_text() if index < count else ""
                assert squash(half.extract_text() or "") == squash(expected), (side, index)
                if index == 0:
                    assert "patientinformation" in squash(half.extract_text()), "no cover"


# ---------------------------------------------------------------- pure functions

def test_saddle_stitch_order_puts_every_page_once_on_the_right_sheet():
    assert pdf.saddle_stitch(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    pages = [page for side in pdf.saddle_stitch(92) for page in side]
    assert sorted(pages) == list(range(92))
    assert [pdf.padded(n) for n in (1, 4, 5, 91, 92)] == [4, 4, 8, 92, 92]
    with pytest.raises(ValueError):
        pdf.saddle_stitch(6)


SAMPLE = """<html><head><title>Printable edition - MS Treatment Paths</title>
<meta name="author" content="Team"><link rel="canonical" href="https://x.org/print_page/">
</head><body><div class="md-sidebar--secondary"><a class="md-nav__link" href="#index">Home</a>
<a class="md-nav__link" href="#a">Page A</a></div>
<div id="print-site-page"><section id="print-site-cover-page"><style>p{}</style>
<div class="mstp-cover"><h1>Cover</h1><dl class="mstp-cover__dates"><dt>Edition</dt>
<dd>1</dd></dl><div class="mstp-cover__foot"><p>x</p></div></div></section>
<section class="print-page"><div id="print-page-toc"></div></section>
<section class="print-page" id="index"><h1 id="index-home">Home<a class="headerlink"
href="#index-home">¶</a></h1><p>Text <sup class="cite" id="cite-1"><a href="#index-ref-1">1</a>
</sup> and <a href="#a">a page</a> and <a href="#gone">a lost one</a>
<a href="../files/x.pdf">a file</a>.</p><h2 id="index-refs">References</h2>
<ol class="references"><li id="index-ref-1"><a class="cite-back" href="#index-cite-1">↩</a>
</li></ol></section>
<section class="print-page" id="a"><h1 id="a-page-a">Page A</h1><h2 id="a-one">One</h2>
<h2 id="a-b">B</h2></section></div></body></html>"""


def nav_page(title: str, url: str, home: bool = False) -> SimpleNamespace:
    return SimpleNamespace(title=title, url=url, is_page=True, is_section=False,
                           is_homepage=home, file=SimpleNamespace(src_uri=f"{url or 'index'}.md"))


def test_print_page_is_read_into_a_document_with_working_links():
    # As in the build: the ids are already unique; titles and order come from the nav.
    nav = [nav_page("Home", "", home=True), nav_page("Page A", "a/")]
    config = SimpleNamespace(site_name="MS Treatment Paths", site_description="About MS.",
                             site_author="Team", theme={"language": "en"}, docs_dir="/x/docs")
    book = print_book.from_print_page(print_page.unique_anchors(SAMPLE), nav, config,
                                      "https://x.org/print_page/")
    assert [c.title for c in book.chapters] == [print_book.HOME_LABEL, "Page A"]
    assert book.title == "MS Treatment Paths" and book.url == "https://x.org/print_page/"
    assert "<style>" not in book.cover and "headerlink" not in book.chapters[0].html
    assert 'id="index-cite-1"' in book.chapters[0].html  # the id print-site missed, fixed
    html = pdf.for_format(pdf.document(book, "2026-11-25"), artefacts.FORMATS[0])
    assert 'href="#index-cite-1"' in html and "a lost one" in html and "#gone" not in html
    assert 'href="https://x.org/files/x.pdf"' in html
    assert 'class="xref"' in html and '<a class="cite-back xref"' not in html
    contents = pdf.contents(book)
    assert 'href="#a-one"' in contents  # a section
    assert "#index-refs" not in contents and "#a-b" not in contents  # sources, index letters
    assert "Format" in html and "cover-contact" in html
    assert "(Standard print, A4), edition" in html  # the format's name in the PDF's title
    assert "(Standard print, A4), edition" in html  # the format's name in the PDF's title
    assert "25 November 2026" in html


def test_line_break_fix_keeps_words_on_the_line(built):
    """WeasyPrint 70.0 put "More" alone on a line at some widths (see hooks.editions.pdf)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    pdf.fix_weasyprint_line_breaks()
    text = ("More than 12 drugs are approved for relapsing-remitting MS <sup>1</sup>. "
            "The ones below are common first choices.")
    fonts = FontConfiguration()
    css = [*pdf.stylesheets((pdf.FONTS, pdf.STYLESHEET), built.site.as_uri() + "/", fonts,
                            pdf.site_only_fetcher(built.site)),
           CSS(string="html { font-size: 14pt }", font_config=fonts)]
    for width in range(340, 420, 4):
        written = HTML(string=f'<p style="width: {width}pt">{text}</p>').write_pdf(
            stylesheets=css, font_config=fonts)
        first = PdfReader(io.BytesIO(written)).pages[0].extract_text().splitlines()[0]
        assert len(first.split()) > 2, (width, first)


def test_every_treatment_has_a_one_page_a5_warning_signs_card(built):
    """Cards: one A5 page each, fonts embedded, the warning signs as text a reader can copy."""
    import yaml

    for source in sorted((ROOT / "docs/data/treatments").glob("*.yaml")):
        data = yaml.safe_load(source.read_text())
        path = built.dist / artefacts.card_name(EDITION, data["id"])
        assert (built.site / "downloads" / path.name).read_bytes() == path.read_bytes()
        reader = PdfReader(path)
        assert len(reader.pages) == 1, path.name
        box = reader.pages[0].mediabox
        assert abs(float(box.width) - A5[0]) < 1 and abs(float(box.height) - A5[1]) < 1
        text = squash(reader.pages[0].extract_text())
        assert squash("Warning signs:") in text
        for sign in data["warning_signs"]:
            assert squash(sign["sign"])[:40] in text, (data["id"], sign["sign"])
        assert squash("Not yet reviewed by an MS specialist") in text
        fonts = reader.pages[0]["/Resources"].get_object()["/Font"].get_object()
        for font in fonts.values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in \
                font else font
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(
                described["/FontDescriptor"].get_object()), font["/BaseFont"]
    zipped = zipfile.ZipFile(next(built.dist.glob("*.zip"))).namelist()
    assert sum("-card-" in name for name in zipped) == len(
        list((ROOT / "docs/data/treatments").glob("*.yaml")))


def test_a_card_too_long_for_its_page_stops_the_build(built, tmp_path):
    from hooks.editions import cards

    sign = '<li><strong>A sign.</strong> What to do. ' + "More words to say. " * 60 + "</li>"
    page = (f'<h2 id="treatments-x-warning-signs">Warning signs</h2><ul>{sign * 3}</ul>'
            '<h2 id="treatments-x-monitoring">Tests</h2>')
    book = print_book.Book("Site", "", "", "en", "https://x.org/print_page/", "",
                           [print_book.Chapter("treatments-x", "X", page,
                                               source="docs/treatments/x.md")])
    with pytest.raises(cards.CardTooLong) as error:
        cards.render(book, built.site, tmp_path, "2026-11-25")
    assert str(error.value).startswith(
        "docs/data/treatments/x.yaml: the warning-signs card of 'X' needs ")
    assert "Fix: shorten the wording of its warning signs" in str(error.value)
