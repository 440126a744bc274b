"""Front-matter schema and review-date rules, each with a failing input and its message."""

from __future__ import annotations

import datetime as dt
import json

from hooks.checks import front_matter
from hooks.model.pages import parse_page
from hooks.render import trust

TODAY = dt.date(2026, 11, 25)
GOOD = """---
title: Induction therapy
description: What induction therapy is, who it is for and what its side effects are.
reviewed: 2026-11-01
reviewer: Editorial team
next_review: 2027-11-01
audience: patient
---
# Induction therapy
"""


def page(text: str = GOOD):
    return parse_page("induction.md", text, "docs/induction.md")


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_valid_page_has_no_problems():
    assert front_matter.schema_problems(page()) == []
    assert front_matter.review_problems(page(), TODAY, 3) == []


def test_missing_field_names_the_file_and_the_fix():
    [problem] = front_matter.schema_problems(page(GOOD.replace("reviewer: Editorial team\n", "")))
    assert str(problem).startswith("docs/induction.md:1: the front matter has no `reviewer`.")
    assert "Fix: add who reviewed the page" in str(problem)


def test_unknown_field_suggests_the_nearest_known_one():
    text = GOOD.replace("next_review:", "next_reveiw:")
    found = messages(front_matter.schema_problems(page(text)))
    assert any(m.startswith("docs/induction.md:6: unknown front-matter field `next_reveiw`. "
                            "Did you mean 'next_review'?") for m in found)


def test_wrong_type_points_at_its_line():
    text = GOOD.replace("reviewed: 2026-11-01", "reviewed: last week")
    [problem] = front_matter.schema_problems(page(text))
    assert str(problem).startswith("docs/induction.md:4: `reviewed` is not valid")
    assert "YYYY-MM-DD" in str(problem)


def test_malformed_yaml_gives_its_line():
    text = GOOD.replace("title: Induction therapy", "title: [Induction therapy")
    [problem] = front_matter.schema_problems(page(text))
    assert problem.file == "docs/induction.md"
    assert problem.line in (2, 3)
    assert "does not parse" in problem.message


def test_overdue_review_fails_unless_overridden():
    text = GOOD.replace("2027-11-01", "2026-11-20")
    [problem] = front_matter.review_problems(page(text), TODAY, 3)
    assert str(problem).startswith("docs/induction.md:6: this page's review was due on 2026-11-20")
    assert "MSTP_ALLOW_OVERDUE_REVIEW=1" in problem.fix
    assert front_matter.review_problems(page(text), TODAY, 3, allow_overdue=True) == []


def test_next_review_more_than_three_years_after_review_fails():
    text = GOOD.replace("next_review: 2027-11-01", "next_review: 2029-11-02")
    [problem] = front_matter.review_problems(page(text), TODAY, 3)
    assert "more than 3 years after `reviewed`" in str(problem)
    assert problem.line == 6


def test_review_in_the_future_and_due_before_review_fail():
    text = GOOD.replace("reviewed: 2026-11-01", "reviewed: 2027-12-01")
    found = messages(front_matter.review_problems(page(text), TODAY, 3))
    assert any("`reviewed` (2027-12-01) is in the future" in m for m in found)
    assert any("is not after `reviewed`" in m for m in found)


def test_long_page_needs_a_key_points_box():
    long_body = GOOD + ("Word " * 600) + "\n"
    [problem] = front_matter.key_points_problems(page(long_body), 500)
    assert str(problem).startswith("docs/induction.md:9: this page has 602 words but does not "
                                   "open with a key-points box. Fix: right after the `# Title`")
    boxed = GOOD + '\n!!! abstract "Key points"\n\n    - One.\n\n' + ("Word " * 600)
    assert front_matter.key_points_problems(page(boxed), 500) == []
    assert front_matter.key_points_problems(page(GOOD), 500) == []


def test_json_ld_is_a_medical_web_page_safe_inside_script():
    meta = page().meta.data | {"title": "A </script> title"}
    data = trust.json_ld(meta, "https://x.example/induction/", "Site", ["Ref one."])
    assert "</script>" not in data
    parsed = json.loads(data)
    assert parsed["@type"] == "MedicalWebPage"
    assert parsed["lastReviewed"] == "2026-11-01"
    assert parsed["reviewedBy"]["name"] == "Editorial team"
    assert parsed["about"]["name"] == "Multiple sclerosis"
    assert parsed["audience"]["audienceType"] == "Patient"
    assert parsed["citation"] == ["Ref one."]


def test_review_notice_shows_dates_in_words_and_escapes_the_reviewer():
    meta = page().meta.data | {"reviewer": "Dr <b>X</b> & team"}
    notice = trust.review_notice(meta)
    assert "Last reviewed 1 November 2026 by Dr &lt;b&gt;X&lt;/b&gt; &amp; team" in notice
    assert "Next review due 1 November 2027" in notice
    assert "Not medical advice." in notice


def test_without_a_clinical_review_the_page_says_so_plainly():
    notice = trust.review_notice(page().meta.data)
    assert "Not yet reviewed by an MS specialist." in notice


def test_a_clinical_review_names_the_specialist_role_and_date():
    text = GOOD.replace("audience: patient\n", "audience: patient\nclinical_review: {name: Dr A "
                        "Smith, role: consultant neurologist, date: 2026-11-20}\n")
    assert front_matter.schema_problems(page(text)) == []
    notice = trust.review_notice(page(text).meta.data)
    assert ("Checked by an MS specialist: Dr A Smith, consultant neurologist, on 20 November "
            "2026.") in notice
    assert "Not yet reviewed" not in notice


def test_a_clinical_review_without_its_date_is_refused():
    text = GOOD.replace("audience: patient\n", "audience: patient\nclinical_review: {name: Dr A "
                        "Smith, role: consultant neurologist}\n")
    [problem] = messages(front_matter.schema_problems(page(text)))
    assert problem.startswith("docs/induction.md:8: `clinical_review` is not valid ('date' is a "
                              "required property).")
