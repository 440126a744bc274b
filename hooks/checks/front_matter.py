"""Front-matter rules for trust: who reviewed a page, when, and when it is next due."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from hooks.model.pages import SourcePage
from hooks.model.yaml_data import is_date, repeated_keys
from hooks.problems import Problem, did_you_mean

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["title", "description", "reviewed", "reviewer", "next_review"],
    "properties": {
        "title": {"type": "string", "minLength": 2, "maxLength": 80},
        "description": {"type": "string", "minLength": 20, "maxLength": 200},
        "reviewed": {"type": "date"},
        "reviewer": {"type": "string", "minLength": 2},
        "next_review": {"type": "date"},
        "audience": {"enum": ["patient", "carer", "professional", "editor"]},
        # Set only when a named MS specialist has checked the page (not the editorial team).
        "clinical_review": {"type": "object", "required": ["name", "role", "date"],
                            "additionalProperties": False,
                            "properties": {"name": {"type": "string", "minLength": 2},
                                           "role": {"type": "string", "minLength": 2},
                                           "date": {"type": "date"}}},
        # Material for MkDocs' own page options, allowed as documented.
        "hide": {"type": "array"},
        "search": {"type": "object"},
    },
    "additionalProperties": False,
}

_HINTS = {
    "title": "a short page title, e.g. `title: Induction therapy`",
    "description": "one plain sentence of 20 to 200 characters for search engines and "
                   "link previews",
    "reviewed": "the date of the last review as YYYY-MM-DD, e.g. `reviewed: 2026-11-25`",
    "reviewer": "who reviewed the page, e.g. `reviewer: MS Treatment Paths editorial team`",
    "next_review": "the date the next review is due as YYYY-MM-DD, e.g. `next_review: 2027-11-25`",
    "audience": "one of patient, carer, professional, editor",
    "clinical_review": "the specialist who checked the page, e.g. `clinical_review: {name: "
                       "Dr A Smith, role: consultant neurologist, date: 2026-12-01}`",
}


def _date_type(_checker: Any, value: Any) -> bool:
    return is_date(value)


@functools.cache
def _validator() -> Any:
    """JSON Schema validator with a `date` type; jsonschema is imported only when needed."""
    import jsonschema

    draft = jsonschema.Draft202012Validator
    kind = jsonschema.validators.extend(
        draft, type_checker=draft.TYPE_CHECKER.redefine("date", _date_type))
    return kind(SCHEMA)


def schema_problems(page: SourcePage) -> list[Problem]:
    """Missing, mistyped and unknown front-matter fields."""
    if page.meta_problem:
        return [page.meta_problem]
    problems = repeated_keys(page.meta, page.display)
    for error in _validator().iter_errors(page.meta.data):
        nested = bool(error.path)  # inside a field such as `clinical_review`
        if error.validator == "required" and not nested:
            field = error.message.split("'")[1]
            problems.append(Problem(page.display, 1, f"the front matter has no `{field}`.",
                                    f"add {_HINTS[field]}."))
        elif error.validator == "additionalProperties" and not nested:
            for field in sorted(set(page.meta.data) - set(SCHEMA["properties"])):
                problems.append(Problem(
                    page.display, page.meta.line(field), f"unknown front-matter field `{field}`."
                    + did_you_mean(field, SCHEMA["properties"]),
                    "rename it to a known field or remove it."))
        else:
            field = str(error.path[0]) if error.path else "?"
            problems.append(Problem(page.display, page.meta.line(field),
                                    f"`{field}` is not valid ({error.message}).",
                                    f"write {_HINTS.get(field, 'a valid value')}."))
    return problems


def review_problems(page: SourcePage, today: dt.date, max_years: int,
                    allow_overdue: bool = False) -> list[Problem]:
    """Dates that make a page untrustworthy: overdue, in the future, or too far apart."""
    meta = page.meta.data
    reviewed, due = meta.get("reviewed"), meta.get("next_review")
    if not (is_date(reviewed) and is_date(due)):
        return []  # already reported by schema_problems
    problems = []
    if reviewed > today:
        problems.append(Problem(page.display, page.meta.line("reviewed"),
                                f"`reviewed` ({reviewed}) is in the future.",
                                "use the date the review actually happened."))
    if due <= reviewed:
        problems.append(Problem(page.display, page.meta.line("next_review"),
                                f"`next_review` ({due}) is not after `reviewed` ({reviewed}).",
                                "set the next review after the last one."))
    elif due > _add_years(reviewed, max_years):
        problems.append(Problem(page.display, page.meta.line("next_review"),
                                f"`next_review` ({due}) is more than {max_years} years after "
                                f"`reviewed` ({reviewed}).",
                                f"review at least every {max_years} years "
                                "(NHS standard: every 2 to 3 years)."))
    if due < today and not allow_overdue:
        problems.append(Problem(page.display, page.meta.line("next_review"),
                                f"this page's review was due on {due} and is overdue.",
                                "review the page and update `reviewed` and `next_review`; in an "
                                "emergency build with MSTP_ALLOW_OVERDUE_REVIEW=1 (it is logged)."))
    return problems


_KEY_POINTS = re.compile(r'\A\s*#\s[^\n]*\n\s*!!! abstract "Key points"')


def key_points_problems(page: SourcePage, min_words: int) -> list[Problem]:
    """A long page must open with a "Key points" box, as the best health publishers do."""
    body = page.body
    for block in page.blocks:
        body = body.replace(block.content, "")
    words = len(re.findall(r"\w+", body))
    if words <= min_words or _KEY_POINTS.match(page.body):
        return []
    return [Problem(page.display, page.body_line,
                    f"this page has {words} words but does not open with a key-points box.",
                    'right after the `# Title` line, add `!!! abstract "Key points"` with '
                    "3 to 5 short points, each indented by 4 spaces.")]


_HEADING = re.compile(r"#[ \t]+(?P<text>[^\n]*?)[ \t#]*(?:\{[^}\n]*\})?[ \t]*(?:\n|$)")


def body_problems(page: SourcePage) -> list[Problem]:
    """The page has text, starts with its title as `# Title`, and its words are plain text."""
    if page.meta_problem:
        return []
    problems = []
    for field in ("title", "description"):
        value = page.fields.get(field)
        if isinstance(value, str) and re.search(r"[<>]", value):
            problems.append(Problem(page.display, page.meta.line(field),
                                    f"`{field}` contains `<` or `>`, which is not plain text.",
                                    "write it without HTML; say 'less than' or 'more than' "
                                    "in words."))
    if not page.body.strip():
        return [*problems, Problem(page.display, page.body_line, "this page has no text.",
                                   "write the page below its front matter, starting with "
                                   "`# Title`, or remove the page.")]
    heading = _HEADING.match(page.body)
    title = page.fields.get("title")
    if heading is None:
        problems.append(Problem(page.display, page.body_line,
                                "the page does not start with its title as `# Title`.",
                                f"make the first line `# {title or 'Title'}`."))
    elif isinstance(title, str) and heading.group("text") != title:
        problems.append(Problem(page.display, page.body_line,
                                f"the page's heading '{heading.group('text')}' differs from "
                                f"its `title` '{title}'.",
                                "use the same words in both, so search, the menu and the page "
                                "agree."))
    return problems


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
