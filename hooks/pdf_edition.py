"""The printed editions: the print-site page turned into PDFs and a print-ready booklet.

Not a MkDocs hook: `scripts/build.py` calls `build_all()` once per `make build`, so
`mkdocs serve` reloads never pay for PDFs. The print page is made by the print-site
plugin for browsers (Material's CSS, a contents list built by JavaScript); WeasyPrint
runs no JavaScript and needs no Material CSS, so the page content is taken out with
selectolax and put into a small shell of our own, with its own contents list and
`pdf_edition.css`. All but `render()`, `impose()` and `build_all()` are pure functions.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import math
import os
import re
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from front_matter import long_date

STYLESHEET = Path(__file__).with_name("pdf_edition.css")
HOME_LABEL = "Introduction"  # a booklet has no home page: the nav's "Home" is its opening
NAME = "ms-treatment-paths"
# Links that need no "(page N)" after them: citation numbers and their back-links (on
# the same page), the A-Z letter row and the contents list (which show pages already).
_NO_PAGE_REF = ("sup.cite a", "a.cite-back", ".se-letters a", ".toc a")

log = logging.getLogger("mstp.pdf_edition")


@dataclass(frozen=True)
class Format:
    """One printed edition: its file name, page size and body text size."""

    slug: str
    label: str
    page: str
    body_pt: float
    cover_pt: float  # the cover must fit its one page
    duplex: bool  # facing pages: page numbers on the outer corners

    def filename(self, edition: str) -> str:
        return f"{NAME}-{edition}-{self.slug}.pdf"


FORMATS = (
    Format("a4", "Standard print, A4", "A4", 14, 17, duplex=False),
    Format("booklet-a5", "Booklet, A5", "A5", 12.5, 12, duplex=True),
    Format("large-print-a4", "Large print, A4", "A4", 18, 18, duplex=False),
)
IMPOSED_SLUG = "booklet-a5-imposed"
A4_LANDSCAPE = (297 * 72 / 25.4, 210 * 72 / 25.4)  # in PDF points
WRITE_IN = ('<div class="cover-contact"><p><strong>Your MS team</strong> (name and phone '
            'number):</p><div class="cover-line"></div><div class="cover-line"></div></div>')


@dataclass
class Chapter:
    """One page of the site (or a nav section holding pages) as it goes into the PDF."""

    key: str
    title: str  # the label the site's navigation uses
    html: str = ""
    children: list[Chapter] = field(default_factory=list)


@dataclass
class Book:
    """What the print page holds, without Material's page around it."""

    title: str
    description: str
    author: str
    lang: str
    url: str  # the print page's public address: its relative links resolve against it
    cover: str
    chapters: list[Chapter]


# ---------------------------------------------------------------- reading the print page

def read_print_page(text: str) -> Book:
    """The cover, chapters (in nav order) and metadata of the print-site page."""
    tree = LexborHTMLParser(text)
    page = tree.css_first("#print-site-page")
    if page is None:
        raise ValueError("no #print-site-page: is the print-site plugin enabled?")
    for node in page.css("style, script"):
        node.decompose()
    # Glossary tooltips cannot be printed (the Glossary chapter is); dropping the <abbr>
    # elements also halves the document WeasyPrint has to parse and style.
    for node in page.css("abbr"):
        node.unwrap()
    titles = _nav_titles(tree)
    cover = page.css_first("#print-site-cover-page")
    chapters = [_chapter(node, titles) for node in _children(page, "section.print-page")
                if node.attrs.get("id")]
    canonical = tree.css_first('link[rel="canonical"]')
    return Book(
        title=_site_name(tree),
        description=_meta(tree, "description"),
        author=_meta(tree, "author"),
        lang=(tree.css_first("html").attrs.get("lang") or "en"),
        url=(canonical.attrs.get("href") or "") if canonical else "",
        cover=cover.inner_html if cover else "",
        chapters=chapters)


def _children(node: LexborNode, selector: str) -> list[LexborNode]:
    """Direct children matching `selector` (css() would also find grandchildren)."""
    return [child for child in node.iter() if child.css_matches(selector)]


def _nav_titles(tree: LexborHTMLParser) -> dict[str, str]:
    """Page key -> nav label, from the print page's table of contents (Material's sidebar)."""
    titles = {}
    for link in tree.css(".md-sidebar--secondary a.md-nav__link[href^='#']"):
        titles.setdefault(link.attrs["href"][1:], " ".join(link.text().split()))
    return titles


def _chapter(node: LexborNode, titles: dict[str, str]) -> Chapter:
    key = node.attrs["id"]
    heading = node.css_first("h1")
    title = titles.get(key) or (" ".join(heading.text().split()) if heading else key)
    if key == "index" and title == "Home":
        title = HOME_LABEL
    if "md-section" in (node.attrs.get("class") or "").split():
        children = [_chapter(child, titles) for child in _children(node, "section.print-page")]
        return Chapter(key, title, children=children)
    for link in node.css("a.headerlink"):
        link.decompose()
    if heading is not None:  # the outline (PDF bookmarks) shows the nav's label
        heading.attrs["data-title"] = title
    return Chapter(key, title, node.inner_html or "")


def _site_name(tree: LexborHTMLParser) -> str:
    title = tree.css_first("title")
    text = title.text().strip() if title else ""
    return text.rsplit(" - ", 1)[-1]  # Material: "Page title - Site name"


def _meta(tree: LexborHTMLParser, name: str) -> str:
    node = tree.css_first(f'meta[name="{name}"]')
    return (node.attrs.get("content") or "").strip() if node else ""


def _walk(chapters: Iterable[Chapter]) -> Iterable[Chapter]:
    for chapter in chapters:
        yield chapter
        yield from _walk(chapter.children)


# ---------------------------------------------------------------- the document

def contents(book: Book) -> str:
    """The contents list: pages and their sections, each with its page number (CSS)."""
    def entries(chapters: list[Chapter]) -> str:
        items = []
        for chapter in chapters:
            inner = entries(chapter.children) if chapter.children else _sections(chapter)
            items.append(f'<li class="toc-{"part" if chapter.children else "page"}">'
                         f'<a href="#{chapter.key}">{html.escape(chapter.title)}</a>{inner}</li>')
        return f'<ol>{"".join(items)}</ol>'

    return ('<nav class="toc" id="contents" aria-label="Contents">'
            f'<h1 class="toc-title">Contents</h1>{entries(book.chapters)}</nav>')


def _sections(chapter: Chapter) -> str:
    """The chapter's h2 sections worth listing: not its source list, not index letters."""
    links = []
    for heading in LexborHTMLParser(chapter.html).css("h2[id]"):
        text = " ".join(heading.text().split())
        following = heading.next
        while following is not None and not following.is_element_node:
            following = following.next
        if len(text) <= 1 or (following is not None and following.css_matches("ol.references")):
            continue
        links.append(f'<li><a href="#{heading.attrs["id"]}">{html.escape(text)}</a></li>')
    return f'<ol>{"".join(links)}</ol>' if links else ""


def body(book: Book) -> str:
    """Every chapter in order; a nav section becomes a part holding its pages."""
    def render(chapters: list[Chapter]) -> str:
        out = []
        for chapter in chapters:
            title = html.escape(chapter.title, quote=True)
            if chapter.children:
                out.append(f'<section class="part" id="{chapter.key}" data-title="{title}">'
                           f'<h1 class="part-title" data-title="{title}">{title}</h1>'
                           f"{render(chapter.children)}</section>")
            else:
                out.append(f'<section class="chapter" id="{chapter.key}" data-title="{title}">'
                           f"{chapter.html}</section>")
        return "".join(out)

    return render(book.chapters)


def document(book: Book, fmt: Format, edition: str) -> str:
    """The whole printed edition as one HTML document, links checked."""
    title = f"{book.title} ({fmt.label}), edition {edition_date(edition)}"
    head = (f'<meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta name="author" content="{html.escape(book.author)}">'
            f'<meta name="description" content="{html.escape(book.description)}">'
            f'<meta name="dcterms.created" content="{html.escape(edition)}">'
            f'<meta name="generator" content="MS Treatment Paths build (WeasyPrint)">')
    footer = html.escape(f"{book.title} · Edition {edition_date(edition)}", quote=True)
    cover = cover_html(book.cover, fmt, footer)
    text = (f'<!DOCTYPE html><html lang="{html.escape(book.lang)}"><head>{head}</head>'
            f'<body class="format-{fmt.slug}">{cover}{contents(book)}'
            f"<main>{body(book)}</main></body></html>")
    tree = LexborHTMLParser(text)
    broken = check_links(tree, book.url)
    if broken:
        log.warning("PDF: %d links lead nowhere in the printed edition and were left as "
                    "plain text: %s", len(broken), ", ".join(sorted(set(broken))[:10]))
    return tree.html or ""


def cover_html(cover: str, fmt: Format, footer: str) -> str:
    """The print page's cover, plus which edition this is and room to write who to call."""
    tree = LexborHTMLParser(f'<section class="cover" data-footer="{footer}">{cover}</section>')
    dates = tree.css_first(".mstp-cover__dates")
    if dates is not None:
        dates.insert_child(LexborHTMLParser(
            f"<dl><dt>Format</dt><dd>{html.escape(fmt.label)}</dd></dl>").css_first("dl"))
        dates.last_child.unwrap()
    foot = tree.css_first(".mstp-cover__foot")
    if foot is not None and foot.child is not None:
        foot.child.insert_before(LexborHTMLParser(WRITE_IN).css_first("div"))
    section = tree.css_first("section.cover")
    return (section.html or "") if section else ""


def edition_date(edition: str) -> str:
    """'2026-11-25' as readers write it, '25 November 2026' (other text as it is)."""
    try:
        return long_date(dt.date.fromisoformat(edition))
    except ValueError:
        return edition


def check_links(tree: LexborHTMLParser, page_url: str) -> list[str]:
    """Make every link work on paper and in the PDF; return the targets that were missing.

    Internal links must hit an id of the combined document (else they become text);
    relative links to site files point at the public site (`page_url` is the print
    page's address); cross-references get the class `xref`, which the stylesheet
    follows with "(page N)".
    """
    ids = {node.attrs["id"] for node in tree.css("[id]")}
    quiet = {node.mem_id for selector in _NO_PAGE_REF for node in tree.css(selector)}
    broken = []
    for link in tree.css("a[href]"):
        href = link.attrs["href"] or ""
        if href.startswith("#"):
            if href[1:] not in ids:
                broken.append(href)
                link.unwrap()
            elif link.mem_id not in quiet:
                classes = link.attrs.get("class")
                link.attrs["class"] = f"{classes} xref" if classes else "xref"
        elif not re.match(r"^[a-z][a-z0-9+.-]*:", href) and page_url:
            link.attrs["href"] = urljoin(page_url, href)
    return broken


def page_css(fmt: Format) -> str:
    """What differs between editions: page size, text size, where page numbers go."""
    css = [f"@page {{ size: {fmt.page}; }}", f"html {{ font-size: {fmt.body_pt}pt; }}",
           f".cover {{ font-size: {fmt.cover_pt}pt; }}"]
    if fmt.duplex:  # header and page number on the outer side, a wider inner margin
        css.append("@page :left { margin-left: 14mm; margin-right: 17mm;"
                   " @bottom-left { content: counter(page); font-weight: 700; }"
                   " @bottom-right { content: string(footer); font-weight: 400; } }"
                   "@page :right { margin-left: 17mm; margin-right: 14mm;"
                   " @top-left { content: none; } @top-right { content: string(chapter); }"
                   " @bottom-right { content: counter(page); } }")
    if fmt.page == "A5":
        css.append("@page { margin-top: 16mm; margin-bottom: 18mm; }")
    return "\n".join(css)


# ---------------------------------------------------------------- imposition

def saddle_stitch(pages: int) -> list[tuple[int, int]]:
    """Page pairs (left, right; 0-based) for each sheet side of a folded booklet.

    `pages` must be a multiple of 4. Sheet i: front (n-1-2i, 2i), back (2i+1, n-2-2i).
    """
    if pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {pages}")
    sides = []
    for sheet in range(pages // 4):
        sides.append((pages - 1 - 2 * sheet, 2 * sheet))
        sides.append((2 * sheet + 1, pages - 2 - 2 * sheet))
    return sides


def padded(pages: int) -> int:
    """The page count rounded up to whole sheets (4 pages each)."""
    return max(4, math.ceil(pages / 4) * 4)


def impose(source: Path, target: Path) -> int:
    """Put the A5 pages of `source` two-up on A4 landscape sheets; return the sheet sides.

    Printed double-sided (flip on the short edge), folded and stapled in the middle,
    the sheets make the booklet; pages added to reach a multiple of 4 stay blank.
    """
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    reader = PdfReader(source)
    count = len(reader.pages)
    width = float(reader.pages[0].mediabox.width)
    height = float(reader.pages[0].mediabox.height)
    # Two A5 pages are 296 mm wide, A4 is 297: centre them, the fold in the middle.
    sheet_width, sheet_height = max(2 * width, A4_LANDSCAPE[0]), max(height, A4_LANDSCAPE[1])
    left_x, bottom_y = (sheet_width - 2 * width) / 2, (sheet_height - height) / 2
    writer = PdfWriter()
    for left, right in saddle_stitch(padded(count)):
        side = PageObject.create_blank_page(width=sheet_width, height=sheet_height)
        for slot, index in enumerate((left, right)):
            if index < count:  # the padding pages stay blank
                side.merge_transformed_page(reader.pages[index], Transformation().translate(
                    tx=left_x + slot * width, ty=bottom_y))
        writer.add_page(side).compress_content_streams()
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    with target.open("wb") as out:
        writer.write(out)
    return len(writer.pages)


# ---------------------------------------------------------------- building (I/O)

def fix_weasyprint_line_breaks() -> None:
    """Stop WeasyPrint 70.0 from ending a line after its first word.

    When a run of text followed by an inline element (a citation number, a link, bold
    text) fits the line only without its trailing space, WeasyPrint takes it for a run
    that cannot be split and breaks after the run's *first* word, leaving one word alone
    on a line. Such a run does fit (a space at the end of a line takes no room): this
    says so, and WeasyPrint then breaks before the inline element as it should. When
    WeasyPrint gets it right, this changes nothing; tests/test_pdf.py checks the case.
    """
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    current = getattr(inline, "split_first_line", None)
    if current is None or getattr(current, "mstp_fixed", False):
        return  # another WeasyPrint version, or already fixed
    original = line_break.split_first_line

    def split_first_line(text, style, context, max_width, *args, **kwargs):
        result = original(text, style, context, max_width, *args, **kwargs)
        stripped = text.rstrip(" ")
        if (result[2] is not None and max_width is not None and not kwargs.get("minimum")
                and stripped and stripped != text and "\n" not in text
                and style["white_space"] == "normal"):
            whole = original(stripped, style, context, max_width, *args, **kwargs)
            if whole[2] is None and whole[3] <= max_width:  # it fits: keep it whole
                return original(text, style, context, None, *args, **kwargs)
        return result

    split_first_line.mstp_fixed = True  # type: ignore[attr-defined]
    inline.split_first_line = split_first_line


def render(text: str, base_url: str, fmt: Format, target: Path) -> None:
    """One edition to PDF: tagged, with outline, links, metadata and embedded fonts."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fix_weasyprint_line_breaks()
    fonts = FontConfiguration()
    # Its font URLs are relative to the built site (assets/vendor/fonts), like the page's.
    sheets = [CSS(string=STYLESHEET.read_text(encoding="utf-8"), base_url=base_url,
                  font_config=fonts),
              CSS(string=page_css(fmt), font_config=fonts)]
    HTML(string=text, base_url=base_url).write_pdf(
        target, stylesheets=sheets, font_config=fonts, pdf_variant="pdf/ua-1",
        custom_metadata=True)


def _render_job(job: tuple[str, str, Format, Path]) -> Path:
    text, base_url, fmt, target = job
    start = time.perf_counter()
    render(text, base_url, fmt, target)
    print(f"    {target.name}: {target.stat().st_size // 1024} kB in "
          f"{time.perf_counter() - start:.1f} s", flush=True)
    return target


def build_all(print_page: Path, dist: Path, edition: str) -> list[Path]:
    """Every printed edition of the built print page into `dist`; the paths written."""
    site = print_page.parent
    book = read_print_page(print_page.read_text(encoding="utf-8"))
    base_url = site.as_uri() + "/"
    # Largest first: with two workers the A5 edition runs after the A4 one.
    jobs = [(document(book, fmt, edition), base_url, fmt, dist / fmt.filename(edition))
            for fmt in sorted(FORMATS, key=lambda fmt: -fmt.body_pt)]
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        written = list(pool.map(_render_job, jobs))
    booklet = dist / next(fmt for fmt in FORMATS if fmt.page == "A5").filename(edition)
    imposed = dist / f"{NAME}-{edition}-{IMPOSED_SLUG}.pdf"
    sides = impose(booklet, imposed)
    print(f"    {imposed.name}: {sides} sheet sides, {imposed.stat().st_size // 1024} kB",
          flush=True)
    return [*written, imposed]
