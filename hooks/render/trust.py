"""What every page says about itself: who reviewed it and when, and its schema.org data."""

from __future__ import annotations

import json
from typing import Any

from hooks.model.yaml_data import is_date
from hooks.render.text import Markup, long_date

# The same words end every page: kept out of search, where they would match everywhere.
_NOTICE = Markup(
    '<aside class="mstp-trust" aria-label="About this page" data-search-exclude>'
    '<p class="mstp-trust__review">Last reviewed {reviewed} by {reviewer} · '
    "Next review due {due}</p>"
    '<p class="mstp-trust__clinical">{clinical}</p>'
    '<p class="mstp-trust__notice"><strong>Not medical advice.</strong> This page explains '
    "options. Decisions about your treatment belong with you and your MS team.</p></aside>")
NOT_CLINICALLY_REVIEWED = "Not yet reviewed by an MS specialist."


def clinical_review(meta: dict[str, Any]) -> str:
    """Who of the MS specialists checked the page, or, plainly, that none has yet."""
    review = meta.get("clinical_review")
    if not (isinstance(review, dict) and is_date(review.get("date"))):
        return NOT_CLINICALLY_REVIEWED
    return (f"Checked by an MS specialist: {review.get('name')}, {review.get('role')}, on "
            f"{long_date(review['date'])}.")


def review_notice(meta: dict[str, Any]) -> str:
    """The review lines and the not-medical-advice notice shown at the end of every page."""
    reviewed, due = meta.get("reviewed"), meta.get("next_review")
    if not (is_date(reviewed) and is_date(due)):
        return ""
    return str(_NOTICE.format(reviewed=long_date(reviewed),
                              reviewer=str(meta.get("reviewer", "")), due=long_date(due),
                              clinical=clinical_review(meta)))


def json_ld(meta: dict[str, Any], url: str, site_name: str, citations: list[str]) -> str:
    """schema.org MedicalWebPage for the page, as JSON safe inside <script>."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": meta["title"],
        "description": meta["description"],
        "url": url,
        "inLanguage": "en",
        "lastReviewed": meta["reviewed"].isoformat(),
        "reviewedBy": {"@type": "Organization", "name": meta["reviewer"]},
        "about": {"@type": "MedicalCondition", "name": "Multiple sclerosis",
                  "alternateName": "MS"},
        "audience": {"@type": "MedicalAudience",
                     "audienceType": meta.get("audience", "patient").capitalize()},
        "isPartOf": {"@type": "WebSite", "name": site_name},
    }
    if citations:
        data["citation"] = citations
    # "<" escaped as JSON allows: no "</script>" or "<!--" can end the element early.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
