"""What the templates may use of the build: one object, `mstp`, in every template.

Material's templates print values as they find them (MkDocs does not escape): the text
here is escaped by the templates (`| e`); the JSON-LD is made safe by hooks.render.trust.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from hooks.editions import artefacts
from hooks.render.text import edition_date, long_date


@dataclass
class TemplateData:
    """The edition's dates and downloads, and each page's schema.org data."""

    edition: str
    edition_date: str  # as readers write it: 25 November 2026
    next_review: str
    clinical_review: str  # for the whole edition, on the printed cover
    downloads: list[tuple[str, str]]  # (site path, label) of every PDF
    json_ld: dict[str, str] = field(default_factory=dict)  # by src_uri, safe in <script>

    @classmethod
    def for_edition(cls, edition: str, next_review: dt.date | None,
                    all_clinically_reviewed: bool) -> TemplateData:
        clinical = ("Every page checked by an MS specialist" if all_clinically_reviewed
                    else "Not yet reviewed by an MS specialist")
        return cls(edition, edition_date(edition),
                   long_date(next_review) if next_review else "unknown", clinical,
                   artefacts.downloads(edition))

    def page_json_ld(self, page: Any) -> str | None:
        """The page's JSON-LD (a <script> data block), if it has the fields for one."""
        return self.json_ld.get(page.file.src_uri) if page and page.file else None
