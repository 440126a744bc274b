"""The one place that names every file an edition produces: PDFs, the zip, the reports.

The footer's download links, the PDF step, the offline zip, the build and the tests all
take their file names from here.
"""

from __future__ import annotations

from dataclasses import dataclass

NAME = "ms-treatment-paths"
DOWNLOADS = "downloads"  # folder of the website (and the offline copy) holding the PDFs
READABILITY = "readability.txt"
PRINT_BOOK = "print-book.json"  # the print page as data, from the MkDocs build to the PDF step


@dataclass(frozen=True)
class Format:
    """One printed edition: its file name, page size and body text size."""

    slug: str
    label: str  # on its cover and in its title
    download_label: str  # in every page footer
    page: str
    body_pt: float
    cover_pt: float  # the cover must fit its one page
    duplex: bool  # facing pages: page numbers on the outer corners

    def filename(self, edition: str) -> str:
        return pdf_name(edition, self.slug)


FORMATS = (
    Format("a4", "Standard print, A4", "A4", "A4", 14, 17, duplex=False),
    Format("booklet-a5", "Booklet, A5", "A5 booklet", "A5", 12.5, 12, duplex=True),
    Format("large-print-a4", "Large print, A4", "Large print (A4)", "A4", 18, 18, duplex=False),
)
BOOKLET = FORMATS[1]
IMPOSED_SLUG = "booklet-a5-imposed"
IMPOSED_LABEL = "A5 booklet, ready to fold (print on A4, both sides)"


def pdf_name(edition: str, slug: str) -> str:
    return f"{NAME}-{edition}-{slug}.pdf"


def imposed_name(edition: str) -> str:
    return pdf_name(edition, IMPOSED_SLUG)


def card_name(edition: str, treatment_id: str) -> str:
    """A treatment's one-page warning-signs card."""
    return f"{NAME}-{edition}-card-{treatment_id}.pdf"


def offline_zip_stem(edition: str) -> str:
    """The offline zip's name without `.zip`: also the folder it unpacks to."""
    return f"{NAME}-offline-{edition}"


def downloads(edition: str) -> list[tuple[str, str]]:
    """(site path, label) of every PDF, in the footer's order."""
    by_slug = {fmt.slug: fmt for fmt in FORMATS}
    listed = [(by_slug[slug].filename(edition), by_slug[slug].download_label)
              for slug in ("a4", "large-print-a4", "booklet-a5")]
    listed.append((imposed_name(edition), IMPOSED_LABEL))
    return [(f"{DOWNLOADS}/{name}", label) for name, label in listed]
