"""Treatment files: the schema, the cross-file rules and the renderers, each with bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.checks import treatments as rules
from hooks.model import side_effects, treatments
from hooks.model.pages import parse_page
from hooks.render import treatments as render

FILE = "docs/data/treatments/testamab.yaml"
VOCAB_FILE = "docs/data/side-effects.yaml"
VOCAB = """\
frequencies:
  very-common: {label: Very common, short: Very common, explain: more than 1 in 10 people}
  common: {label: Common, short: Common, explain: up to 1 in 10 people}
urgencies:
  emergency: {label: Emergency, short: Emergency, symbol: "‼", explain: Call an ambulance.}
  urgent: {label: Same day, short: Same day, symbol: "⚠", explain: Call your team today.}
roles:
  induction: {label: Short intense course, explain: One or two courses.}
routes:
  drip: {label: Drip into a vein}
places:
  hospital: {label: In hospital}
groups:
  courses: {label: Short courses, treatments: [testamab]}
effects:
  headache: {name: Headache}
  nausea: {name: Feeling sick, term: Nausea, synonyms: [queasiness]}
"""
GOOD = """\
id: testamab
name: Testamab <b>
brands: {uk_eu: [Testra], us: [Testra]}
other_names: [testamib]
drug_class: {text: "An antibody <b>.", cite: src1}
given:
  routes: [drip]
  where: hospital
  how_often: {text: "Two courses a year apart.", cite: src1}
roles:
  - {role: induction, cite: src1}
licence: [{text: "Licensed for relapsing MS.", cite: src1}]
efficacy: []
common_side_effects:
  - {effect: headache, frequency: very-common, cite: src1}
  - {effect: nausea, frequency: common, cite: src2}
serious_risks: [{text: "Stroke, rarely.", cite: src1}]
warning_signs:
  - {sign: "Face drooping", action: "Call an ambulance.", urgency: emergency, cite: src1}
  - {sign: "Pinprick spots", action: "Call your team today.", urgency: urgent, cite: src1}
  - {sign: "Blood in urine", action: "Call your team today.", urgency: urgent, cite: src2}
monitoring: []
pregnancy: []
vaccines: []
stopping: []
unconfirmed: [{what: "Thyroid tests every 3 months", why: "not seen in a source"}]
"""


def vocab() -> side_effects.Vocabulary:
    loaded, problems = side_effects.load_vocabulary(VOCAB, VOCAB_FILE)
    assert problems == []
    return loaded


def parse(text: str = GOOD, stem: str = "testamab"):
    return treatments.parse(text, f"docs/data/treatments/{stem}.yaml", stem)


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_a_good_file_is_read_with_lines():
    treatment, problems = parse()
    assert problems == []
    assert treatment.brands == ["Testra"] and treatment.search_names == ["Testra", "testamib"]
    assert treatment.side_effects[1].line == 16
    assert treatment.warning_signs[0].urgency == "emergency"
    assert treatment.cited_keys() == ["src1", "src2"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('  - {sign: "Face drooping", action: "Call an ambulance.", urgency: emergency, cite: src1}',
     '  - {sign: "Face drooping", urgency: emergency, cite: src1}',
     f"{FILE}:19: `warning_signs` item 1 has no `action`. Fix: add what to do"),
    ('action: "Call an ambulance.", urgency: emergency, cite: src1}',
     'action: "Call an ambulance.", urgency: emergency}',
     f"{FILE}:19: `warning_signs` item 1 has no `cite`. Fix: add the bibliography key"),
    ('  - {sign: "Blood in urine", action: "Call your team today.", urgency: urgent, cite: src2}\n',
     "", f"{FILE}:18: `warning_signs` has 2 items; it needs 3 to 5. Fix: give 3 to 5"),
    ("licence: [{text: \"Licensed for relapsing MS.\", cite: src1}]",
     "licence: [{text: \"Licensed for relapsing MS.\", cite: src1, colour: red}]",
     f"{FILE}:12: unknown field `colour` in `licence` item 1. Fix: use only: text, cite."),
    ("drug_class: {text: \"An antibody <b>.\", cite: src1}",
     "drug_class: {text: \"An antibody.\", cite: \"not a key\"}",
     f"{FILE}:5: `drug_class`, `cite` is not a bibliography key."),
    ("stopping: []\n", "", f"{FILE}:1: the file has no `stopping`."),
    ("id: testamab", "id: other", f"{FILE}:1: the id 'other' is not the file's name 'testamab'."),
    ("name: Testamab <b>\n", "name: Testamab <b>\nname: Again\n",
     f"{FILE}:3: `name` is written twice"),
])
def test_schema_errors_name_the_line_and_the_fix(old, new, expected):
    assert old in GOOD
    treatment, problems = parse(GOOD.replace(old, new))
    assert treatment is None
    assert any(expected in text for text in messages(problems)), messages(problems)


def test_a_file_that_is_not_yaml_or_not_a_mapping():
    with pytest.raises(treatments.DataFileError) as error:
        parse("id: [testamab\n")
    assert f"{FILE}:" in str(error.value) and "does not parse" in str(error.value)
    assert messages(parse("- a list\n")[1]) == [
        f"{FILE}:1: this treatment file is not a mapping. Fix: start with `id:`, `name:` and "
        "the other fields (see README.md)."]


def test_folder_missing_or_empty(tmp_path: Path):
    assert "this folder of treatment files does not exist" in str(
        treatments.load_folder(tmp_path / "nope")[1][0])
    assert "there are no treatment files here" in str(treatments.load_folder(tmp_path)[1][0])


def test_unknown_words_of_the_vocabulary():
    bad = (GOOD.replace("{effect: headache,", "{effect: queasiness,")
           .replace("frequency: common,", "frequency: offen,")
           .replace("urgency: emergency", "urgency: emergncy")
           .replace("routes: [drip]", "routes: [pill]")
           .replace("where: hospital", "where: moon")
           .replace("role: induction", "role: escalation"))
    treatment, problems = parse(bad)
    assert problems == []
    found = messages(rules.vocabulary_problems(treatment, vocab()))
    assert f"{FILE}:15: unknown effect 'queasiness'. Did you mean 'nausea'? Fix: use an " \
           f"effect id from {VOCAB_FILE}, or add the effect there." in found
    assert f"{FILE}:16: unknown frequency word 'offen'. Did you mean 'often'?" not in found
    assert any(f"{FILE}:16: unknown frequency word 'offen'. Fix: use one of: very-common, "
               "common" in text for text in found)
    assert any(f"{FILE}:19: unknown urgency 'emergncy'. Did you mean 'emergency'?" in text
               for text in found)
    assert any(f"{FILE}:7: unknown route 'pill'." in text for text in found)
    assert any(f"{FILE}:8: unknown place (`where`) 'moon'." in text for text in found)
    assert any(f"{FILE}:11: unknown role 'escalation'." in text for text in found)


def test_unknown_source_key_and_effect_listed_twice():
    treatment, _ = parse(GOOD.replace("cite: src2}\nserious", "cite: src3}\nserious")
                         .replace("{effect: nausea,", "{effect: headache,"))
    found = messages(rules.source_problems(treatment, {"src1", "src2"}))
    assert found == [f"{FILE}:16: unknown source key 'src3'. Did you mean 'src2'? Fix: use a "
                     "key from docs/data/bibliography.yaml, or add the source there."]
    assert messages(rules.repeated_effects(treatment)) == [
        f"{FILE}:16: 'headache' is listed twice (first on line 15). Fix: keep one entry, "
        "with the frequency its source gives."]


def test_one_brand_under_two_treatments():
    first, _ = parse()
    second, _ = parse(GOOD.replace("id: testamab", "id: otheramab")
                      .replace("uk_eu: [Testra]", "uk_eu: [Other]").replace("testamib", "x2")
                      .replace("us: [Testra]", "us: [TESTRA]"), "otheramab")
    assert messages(rules.shared_brands([first, second])) == [
        "docs/data/treatments/otheramab.yaml:3: the name 'TESTRA' is also a name of "
        "'testamab' (docs/data/treatments/testamab.yaml). Fix: keep each brand or other name "
        "under one treatment only."]


def test_groups_every_treatment_once_and_at_most_five():
    first, _ = parse()
    second, _ = parse(GOOD.replace("id: testamab", "id: otheramab")
                      .replace("Testra", "Other").replace("testamib", "othermib"), "otheramab")
    bad = VOCAB.replace("treatments: [testamab]",
                        "treatments: [testamab, testamab, nosuch, a, b, c]")
    loaded, _ = side_effects.load_vocabulary(bad, VOCAB_FILE)
    found = messages(rules.group_problems({"testamab": first, "otheramab": second}, loaded))
    assert f"{VOCAB_FILE}:14: group 'courses' has 6 treatments; a table shows at most 5 on a " \
           "phone. Fix: split it into two groups." in found
    assert any("'testamab' is in group 'courses' and in group 'courses'" in t for t in found)
    assert any("unknown treatment 'nosuch' in group 'courses'." in t for t in found)
    assert any("docs/data/treatments/otheramab.yaml:1: treatment 'otheramab' is in no group, "
               "so it is not in the side-effects table or the compare page." in t for t in found)


def test_vocabulary_sections_and_synonym_clash():
    _vocab, problems = side_effects.load_vocabulary(
        VOCAB.replace("synonyms: [queasiness]", "synonyms: [queasiness, headache]")
        .replace("places:\n  hospital: {label: In hospital}\n", ""), VOCAB_FILE)
    found = messages(problems)
    assert f"{VOCAB_FILE}:1: no `places:` section. Fix: add `places:` with one entry per id." \
        in found
    assert any("'headache', a synonym of 'nausea', is the name of effect 'headache'." in t
               for t in found)
    _vocab, problems = side_effects.load_vocabulary(
        VOCAB.replace("synonyms: [queasiness]", "synonyms: [Feeling Sick]"), VOCAB_FILE)
    assert [str(p) for p in problems] == [
        f"{VOCAB_FILE}:17: 'Feeling Sick', a synonym of 'nausea', is the name of the effect "
        "itself. Fix: remove it from the synonyms; the A-Z lists that name already."]


def page_with(block: str, info: str = "treatment"):
    text = f"---\ntitle: T\n---\n# T\n\n```{info}\n{block}\n```\n"
    return parse_page("treatments/t.md", text, "docs/treatments/t.md")


def test_page_blocks_name_treatments_with_lines():
    uses, problems = treatments.uses_on_page(page_with("testamab"))
    assert problems == [] and uses[0].treatment == "testamab" and uses[0].line == 7
    uses, problems = treatments.uses_on_page(page_with("[a,\n b]", "treatment-list"))
    assert [(u.treatment, u.line, u.profile) for u in uses] == [("a", 7, False),
                                                                 ("b", 8, False)]
    assert messages(treatments.uses_on_page(page_with("a\nb"))[1]) == [
        "docs/treatments/t.md:7: a treatment block holds one treatment id. Fix: write only "
        "the id, e.g. `alemtuzumab`, inside the block."]
    assert "is not a list of treatment ids" in str(
        treatments.uses_on_page(page_with("{a: 1}", "treatment-list"))[1][0])


def test_profile_is_escaped_and_cited_and_says_what_is_not_confirmed():
    treatment, _ = parse()
    text = render.profile(treatment, vocab(), "treatments/testamab/", "2026-11-25")
    assert "An antibody &lt;b&gt;." in text and "<b>" not in text
    assert "[@src1]" in text and "[@src2]" in text
    assert "- **Very common** (more than 1 in 10 people): headache [@src1]" in text
    assert "**‼ Emergency.** Call an ambulance." in text
    assert "- Thyroid tests every 3 months." in text
    assert render.NOT_CONFIRMED in text  # efficacy, monitoring, … are empty
    assert 'href="../../downloads/ms-treatment-paths-2026-11-25-card-testamab.pdf"' in text
    offline = render.profile(treatment, vocab(), "treatments/testamab.html", "2026-11-25")
    assert 'href="../downloads/ms-treatment-paths-2026-11-25-card-testamab.pdf"' in offline


def test_long_names_get_soft_hyphens_for_narrow_columns():
    assert "\u00ad" in render.breakable("Cyclophosphamide")
    assert render.breakable("Cyclophosphamide").replace("\u00ad", "") == "Cyclophosphamide"
    assert render.breakable("Short name") == "Short name"
