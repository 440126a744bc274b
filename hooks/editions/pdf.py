"""The printed editions: the print book turned into PDFs and a print-ready booklet.

Not a MkDocs hook: the build (hooks.editions.build) calls `build_all()` once per
`make build`, so `mkdocs serve` reloads never pay for PDFs. WeasyPrint runs no JavaScript
and needs no Material CSS: the chapters (hooks.editions.print_book, from MkDocs'
navigation) go into a small shell of our own with its own contents list and `pdf.css`.
One HTML document serves every format; what differs (page size, type size, which format
the cover names) is CSS. All but `render()`, `impose()` and `build_all()` are pure.
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from hooks.editions import cards
from hooks.editions.artefacts import BOOKLET, FORMATS, Format, imposed_name
from hooks.editions.print_book import Book, Chapter
from hooks.render.text import Markup, edition_date, escape, join

STYLESHEET = Path(__file__).with_name("pdf.css")
FONTS = Path(__file__).with_name("fonts.css")
# Links that need no "(page N)" after them: citation numbers and their back-links (on
# the same page), the A-Z letter row and the contents list (which show pages already).
_NO_PAGE_REF = ("sup.cite a", "a.cite-back", ".se-letters a", ".toc a")
A4_LANDSCAPE = (297 * 72 / 25.4, 210 * 72 / 25.4)  # in PDF points
WRITE_IN = Markup('<div class="cover-contact"><p><strong>Your MS team</strong> (name and '
                  'phone number):</p><div class="cover-line"></div>'
                  '<div class="cover-line"></div></div>')
# The one WeasyPrint whose line breaking `fix_weasyprint_line_breaks` was written for.
WEASYPRINT = "70.0"
_TITLE_SLOT = "@FORMAT@"

log = logging.getLogger("mkdocs.plugins.mstp.pdf")


# ---------------------------------------------------------------- the document

def contents(book: Book) -> Markup:
    """The contents list: pages and their sections, each with its page number (CSS)."""
    def entries(chapters: list[Chapter]) -> Markup:
        items = [Markup('<li class="toc-{}"><a href="#{}">{}</a>{}</li>').format(
                     "part" if chapter.children else "page", chapter.key, chapter.title,
                     entries(chapter.children) if chapter.children else _sections(chapter))
                 for chapter in chapters]
        return Markup("<ol>{}</ol>").format(join(items))

    return Markup('<nav class="toc" id="contents" aria-label="Contents">'
                  '<h1 class="toc-title">Contents</h1>{}</nav>').format(entries(book.chapters))


def _sections(chapter: Chapter) -> Markup:
    """The chapter's h2 sections worth listing: not its source list, not index letters."""
    links = []
    for heading in LexborHTMLParser(chapter.html).css("h2[id]"):
        text = " ".join(heading.text().split())
        following = heading.next
        while following is not None and not following.is_element_node:
            following = following.next
        if len(text) <= 1 or (following is not None and following.css_matches("ol.references")):
            continue
        links.append(Markup('<li><a href="#{}">{}</a></li>').format(heading.attrs["id"], text))
    return Markup("<ol>{}</ol>").format(join(links)) if links else Markup("")


def body(book: Book) -> Markup:
    """Every chapter in order; a nav section becomes a part holding its pages."""
    def render(chapters: list[Chapter]) -> Markup:
        out = []
        for chapter in chapters:
            if chapter.children:
                out.append(Markup('<section class="part" id="{key}" data-title="{title}">'
                                  '<h1 class="part-title" data-title="{title}">{title}</h1>'
                                  "{inner}</section>").format(
                    key=chapter.key, title=chapter.title, inner=render(chapter.children)))
            else:
                # The chapter's HTML is the site's own page, as MkDocs rendered it.
                out.append(Markup('<section class="chapter" id="{}" data-title="{}">{}</section>'
                                  ).format(chapter.key, chapter.title, Markup(chapter.html)))
        return join(out)

    return render(book.chapters)


def document(book: Book, edition: str) -> str:
    """The whole printed edition as one HTML document, links checked, for every format.

    `for_format()` names the format in its title; the rest of what differs is CSS.
    """
    head = Markup('<meta charset="utf-8"><title>{title}</title>'
                  '<meta name="author" content="{author}">'
                  '<meta name="description" content="{description}">'
                  '<meta name="dcterms.created" content="{edition}">'
                  '<meta name="generator" content="MS Treatment Paths build (WeasyPrint)">'
                  ).format(title=f"{book.title} ({_TITLE_SLOT}), edition {edition_date(edition)}",
                           author=book.author, description=book.description, edition=edition)
    footer = f"{book.title} · Edition {edition_date(edition)}"
    text = Markup('<!DOCTYPE html><html lang="{lang}"><head>{head}</head>'
                  '<body>{cover}{contents}<main>{body}</main></body></html>').format(
        lang=book.lang, head=head, cover=cover_html(book.cover, footer),
        contents=contents(book), body=body(book))
    tree = LexborHTMLParser(str(text))
    broken = check_links(tree, book.url)
    if broken:
        log.warning("PDF: %d links lead nowhere in the printed edition and were left as "
                    "plain text: %s", len(broken), ", ".join(sorted(set(broken))[:10]))
    return tree.html or ""


def for_format(text: str, fmt: Format) -> str:
    """The shared document with this format's name in its title (the PDF's metadata)."""
    return text.replace(_TITLE_SLOT, str(escape(fmt.label)), 1)


def cover_html(cover: str, footer: str) -> Markup:
    """The print page's cover, plus which format this is and room to write who to call.

    Every format's name is there; each format's CSS shows its own (`page_css`).
    """
    tree = LexborHTMLParser(str(Markup('<section class="cover" data-footer="{}">{}</section>'
                                       ).format(footer, Markup(cover))))
    dates = tree.css_first(".mstp-cover__dates")
    if dates is not None:
        labels = join([Markup('<dt class="only-{slug}">Format</dt>'
                              '<dd class="only-{slug}">{label}</dd>').format(
                           slug=fmt.slug, label=fmt.label) for fmt in FORMATS])
        dates.insert_child(LexborHTMLParser(str(Markup("<dl>{}</dl>").format(labels)))
                           .css_first("dl"))
        dates.last_child.unwrap()
    foot = tree.css_first(".mstp-cover__foot")
    if foot is not None and foot.child is not None:
        foot.child.insert_before(LexborHTMLParser(str(WRITE_IN)).css_first("div"))
    section = tree.css_first("section.cover")
    return Markup((section.html or "") if section else "")


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
    # `.cover` outranks the cover's own `dt`/`dd` rules, which would show them again.
    others = ", ".join(f".cover .only-{other.slug}" for other in FORMATS if other != fmt)
    css = [f"@page {{ size: {fmt.page}; }}", f"html {{ font-size: {fmt.body_pt}pt; }}",
           f".cover {{ font-size: {fmt.cover_pt}pt; }}", f"{others} {{ display: none; }}"]
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
    the sheets make the booklet; pages added to reach a multiple of 4 stay blank. Each
    A5 page is placed whole, as a form XObject: its drawing is copied, never parsed
    (merging the pages' content streams took seconds per booklet).
    """
    from pypdf import PageObject, PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    reader = PdfReader(source)
    count = len(reader.pages)
    width = float(reader.pages[0].mediabox.width)
    height = float(reader.pages[0].mediabox.height)
    # Two A5 pages are 296 mm wide, A4 is 297: centre them, the fold in the middle.
    sheet_width, sheet_height = max(2 * width, A4_LANDSCAPE[0]), max(height, A4_LANDSCAPE[1])
    left_x, bottom_y = (sheet_width - 2 * width) / 2, (sheet_height - height) / 2
    writer = PdfWriter()
    forms: dict[int, Any] = {}

    def form(index: int) -> Any:
        """Page `index` of the booklet as a form XObject in the imposed file."""
        if index not in forms:
            page = reader.pages[index]
            xobject = DecodedStreamObject()
            xobject.set_data(_content_bytes(page))
            xobject.update({NameObject("/Type"): NameObject("/XObject"),
                            NameObject("/Subtype"): NameObject("/Form"),
                            NameObject("/BBox"): page.mediabox,
                            NameObject("/Resources"): page["/Resources"].clone(writer)})
            forms[index] = writer._add_object(xobject.flate_encode())
        return forms[index]

    for left, right in saddle_stitch(padded(count)):
        side = PageObject.create_blank_page(width=sheet_width, height=sheet_height)
        placed, drawing = DictionaryObject(), []
        for slot, index in enumerate((left, right)):
            if index < count:  # the padding pages stay blank
                name = f"/A5p{index}"
                placed[NameObject(name)] = form(index)
                drawing.append(f"q 1 0 0 1 {left_x + slot * width:.4f} {bottom_y:.4f} cm "
                               f"{name} Do Q")
        side[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): placed})
        contents = DecodedStreamObject()
        contents.set_data("\n".join(drawing).encode("ascii"))
        side[NameObject("/Contents")] = writer._add_object(contents)
        writer.add_page(side)
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    with target.open("wb") as out:
        writer.write(out)
    return len(writer.pages)


def _content_bytes(page: Any) -> bytes:
    """A page's drawing instructions, decompressed but not parsed."""
    contents = page["/Contents"].get_object()
    streams = contents if isinstance(contents, list) else [contents]
    return b"\n".join(stream.get_object().get_data() for stream in streams)


# ---------------------------------------------------------------- building (I/O)

def fix_weasyprint_line_breaks() -> None:
    """Stop WeasyPrint 70.0 from ending a line after its first word.

    When a run of text followed by an inline element (a citation number, a link, bold
    text) fits the line only without its trailing space, WeasyPrint takes it for a run
    that cannot be split and breaks after the run's *first* word, leaving one word alone
    on a line. Such a run does fit (a space at the end of a line takes no room): this
    says so, and WeasyPrint then breaks before the inline element as it should. When
    WeasyPrint gets it right, this changes nothing; tests/test_pdf.py checks the case.

    It replaces a private function, so it runs only on the WeasyPrint it was written for:
    any other version stops the build until someone checks the fix is still needed.
    """
    installed = version("weasyprint")
    if installed != WEASYPRINT:
        raise RuntimeError(
            f"WeasyPrint {installed} is installed, but the line-break fix in {__file__} was "
            f"written for WeasyPrint {WEASYPRINT}. Fix: pin weasyprint=={WEASYPRINT} in "
            "requirements.in, or check whether the new version still breaks lines after the "
            "first word (tests/test_pdf.py has the case) and update or remove the fix.")
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    if getattr(inline.split_first_line, "mstp_fixed", False):
        return
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


class RefusedAddress(Exception):
    """The printed edition asked for something outside the built site."""


def site_only_fetcher(site: Path) -> Any:
    """WeasyPrint's fetcher, allowed only `data:` and the built site's own files.

    Editor input reaches the PDF step: without this, a page could attach any file of the
    build machine to the PDFs, or make the build send requests to other hosts.
    """
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    root = site.resolve()

    class SiteOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            inside = parts.scheme == "file" and not parts.netloc and Path(
                unquote(parts.path)).resolve().is_relative_to(root)
            if parts.scheme != "data" and not inside:
                raise FatalURLFetchingError(url)
            return super().fetch(url, headers)

    return SiteOnly(allowed_protocols=("data", "file"))


def stylesheets(files: Iterable[Path], base_url: str, fonts: Any, fetcher: Any) -> list[Any]:
    """Our CSS files for WeasyPrint; their font URLs are relative to the built site."""
    from weasyprint import CSS

    return [CSS(string=path.read_text(encoding="utf-8"), base_url=base_url, font_config=fonts,
                url_fetcher=fetcher) for path in files]


def render(text: str, site: Path, fmt: Format, target: Path) -> None:
    """One edition to PDF: tagged, with outline, links, metadata and embedded fonts."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    fix_weasyprint_line_breaks()
    fonts = FontConfiguration()
    fetcher = site_only_fetcher(site)
    base_url = site.resolve().as_uri() + "/"
    sheets = [*stylesheets((FONTS, STYLESHEET), base_url, fonts, fetcher),
              CSS(string=page_css(fmt), font_config=fonts, url_fetcher=fetcher)]
    try:
        HTML(string=text, base_url=base_url, url_fetcher=fetcher).write_pdf(
            target, stylesheets=sheets, font_config=fonts, pdf_variant="pdf/ua-1",
            custom_metadata=True)
    except FatalURLFetchingError as error:
        address = str(error.__cause__ or error).removeprefix('Error fetching "').rstrip('"')
        raise RefusedAddress(address) from None


def _cards_job(book_file: Path, site: Path, dist: Path, edition: str) -> list[Path]:
    start = time.perf_counter()
    written = cards.render(Book.load(book_file), site, dist, edition)
    print(f"    {len(written)} warning-signs cards in {time.perf_counter() - start:.1f} s",
          flush=True)
    return written


def _render_job(job: tuple[str, Path, Format, Path]) -> Path:
    text, site, fmt, target = job
    start = time.perf_counter()
    render(text, site, fmt, target)
    print(f"    {target.name}: {target.stat().st_size // 1024} kB in "
          f"{time.perf_counter() - start:.1f} s", flush=True)
    return target


class PdfError(Exception):
    """The printed editions cannot be made; the message says why and how to fix it."""


TIME_LIMIT = 600  # seconds for all formats: today they take under a minute


def _refusal(book: Book, address: str) -> str:
    """Which page asked for `address`, in words an editor can act on."""
    shown = address if len(address) < 120 else address[:117] + "..."
    chapter = next((c for c in book.all_chapters()
                    if address in c.html or unquote(address) in c.html), None)
    where = f"{chapter.source}: " if chapter and chapter.source else ""
    return (f"{where}the printed edition may not load {shown} (only the site's own files "
            "are allowed). Fix: remove it, or keep the file in docs/assets/ and link it by a "
            "relative address.")


def build_all(book_file: Path, site: Path, dist: Path, edition: str) -> list[Path]:
    """Every printed edition of the print book into `dist`; the paths written.

    `site` is the built site the book's images and fonts come from. The formats render
    in parallel, from the same HTML.
    """
    book = Book.load(book_file)
    text = document(book, edition)
    jobs = [(for_format(text, fmt), site, fmt, dist / fmt.filename(edition))
            for fmt in FORMATS]
    # One process per format, even on two CPUs: the system shares them out, so all three
    # end together. Two workers left the third format running alone at the end. The
    # cards (one short layout) run beside them.
    with ProcessPoolExecutor(max_workers=len(jobs) + 1) as pool:
        card_job = pool.submit(_cards_job, book_file, site, dist, edition)
        try:
            written = list(pool.map(_render_job, jobs, timeout=TIME_LIMIT))
            written += card_job.result(timeout=TIME_LIMIT)
        except RefusedAddress as error:
            raise PdfError(_refusal(book, str(error))) from None
        except cards.CardTooLong as error:
            raise PdfError(str(error)) from None
        except TimeoutError:
            for process in pool._processes.values():  # stop the layout that hangs
                process.terminate()
            raise PdfError(f"the PDFs took longer than {TIME_LIMIT // 60} minutes. Fix: look "
                           "for a page with very large tables or deeply nested HTML.") from None
    imposed = dist / imposed_name(edition)
    sides = impose(dist / BOOKLET.filename(edition), imposed)
    print(f"    {imposed.name}: {sides} sheet sides, {imposed.stat().st_size // 1024} kB",
          flush=True)
    return [*written, imposed]
