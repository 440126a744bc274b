"""Warning-signs cards: one A5 page per treatment, in large type, for a nurse to hand over.

Each card is the "Warning signs" section of the treatment's page as the print book holds
it, so a card cannot say anything its page does not. All cards are laid out in one
WeasyPrint pass (one document, one page each) and then written out one file per card;
a card that does not fit its page stops the build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from hooks.editions.artefacts import card_name
from hooks.editions.print_book import Book, Chapter
from hooks.render.text import Markup, edition_date, join

STYLESHEET = Path(__file__).with_name("card.css")
TREATMENTS = "treatments/"  # the folder of docs/ that holds the treatment pages
SECTION = "warning-signs"  # the id of the section a card prints
NOT_REVIEWED = "Not yet reviewed by an MS specialist."


@dataclass(frozen=True)
class Card:
    treatment: str  # the treatment's id (its page's file name)
    title: str
    url: str  # the treatment page on the public site, for the sources


def cards_of(book: Book) -> list[Card]:
    """Every treatment page of the book that has a warning-signs section, in book order."""
    found = []
    for chapter in _pages(book):
        docs_path = chapter.source.split("/", 1)[-1]
        if not docs_path.startswith(TREATMENTS) or _heading(chapter) is None:
            continue
        page = docs_path.removesuffix(".md")
        found.append(Card(page.removeprefix(TREATMENTS), chapter.title,
                          urljoin(book.url, f"../{page}/")))
    return found


def _pages(book: Book) -> list[Chapter]:
    return [chapter for chapter in book.all_chapters() if not chapter.children]


def _heading(chapter: Chapter) -> LexborNode | None:
    """The section's heading; the print page prefixed its id with the chapter's key."""
    return LexborHTMLParser(chapter.html).css_first(
        f'h2[id="{SECTION}"], h2[id="{chapter.key}-{SECTION}"]')


def section_html(chapter: Chapter) -> Markup:
    """The warning-signs section of a page: its content up to the next heading, without
    citation numbers (they point at the page's source list), the card link, or what each
    urgency means beyond its label (a card has one page)."""
    heading = _heading(chapter)
    parts = []
    node = heading.next if heading is not None else None
    while node is not None and node.tag not in ("h1", "h2"):
        if node.is_element_node and not node.css_matches(".mstp-card-link"):
            for quiet in node.css("sup.cite"):
                quiet.decompose()
            if node.css_matches(".se-severity"):  # on a card, the urgency's label is enough
                label = node.css_first("strong")
                parts.append(f'<p class="{node.attrs.get("class", "")}">{label.html}</p>'
                             if label is not None else node.html or "")
            else:
                parts.append(node.html or "")
        node = node.next
    return Markup("".join(parts))


def document(book: Book, edition: str) -> tuple[str, list[Card]]:
    """All cards as one HTML document (one A5 page each), and which card is which."""
    by_page = {chapter.source.split("/", 1)[-1].removesuffix(".md"): chapter
               for chapter in _pages(book)}
    cards = cards_of(book)
    sections = []
    for card in cards:
        chapter = by_page[f"{TREATMENTS}{card.treatment}"]
        sections.append(Markup(
            '<section class="card" id="card-{id}">'
            # First on its page, so that the page's footer (a running element) is its own.
            '<p class="card-foot">{site}, edition {edition}. {review} Not medical advice: '
            'decide with your MS team. Sources and more: {url}</p>'
            '<h1>Warning signs: {title}</h1>'
            '<p class="card-intro">Keep this card with you. Show it to any doctor or nurse '
            'who treats you.</p>{signs}'
            '<div class="card-contact"><p><strong>Your MS team</strong> (name and phone):</p>'
            '<div class="card-line"></div></div>'
            '</section>').format(
                id=card.treatment, title=card.title, signs=section_html(chapter),
                site=book.title, edition=edition_date(edition), review=NOT_REVIEWED,
                url=card.url))
    html = Markup('<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
                  '<title>{title}: warning-signs cards</title></head><body>{cards}</body>'
                  '</html>').format(lang=book.lang, title=book.title, cards=join(sections))
    return str(html), cards


class CardTooLong(Exception):
    """A card needs more than its one page."""


def render(book: Book, site: Path, dist: Path, edition: str) -> list[Path]:
    """Every card, laid out once, written one PDF per card into `dist`."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from hooks.editions.pdf import FONTS, fix_weasyprint_line_breaks, site_only_fetcher, stylesheets

    fix_weasyprint_line_breaks()
    text, cards = document(book, edition)
    if not cards:
        return []
    fonts = FontConfiguration()
    fetcher = site_only_fetcher(site)
    base_url = site.resolve().as_uri() + "/"
    laid_out = HTML(string=text, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=stylesheets((FONTS, STYLESHEET), base_url, fonts, fetcher),
        font_config=fonts)
    starts = [next(i for i, page in enumerate(laid_out.pages)
                   if f"card-{card.treatment}" in page.anchors) for card in cards]
    ends = [*starts[1:], len(laid_out.pages)]
    written = []
    for card, start, end in zip(cards, starts, ends, strict=True):
        if end - start != 1:
            raise CardTooLong(
                f"docs/data/treatments/{card.treatment}.yaml: the warning-signs card of "
                f"'{card.title}' needs {end - start} A5 pages, not 1. Fix: shorten the "
                "wording of its warning signs (3 to 5 signs, a line or two each).")
        target = dist / card_name(edition, card.treatment)
        laid_out.copy([laid_out.pages[start]]).write_pdf(target, pdf_variant="pdf/ua-1")
        written.append(target)
    return written
