"""Side-effect declarations: parsing, merging, sorting, synonyms and every validation rule."""

from __future__ import annotations

from hooks.checks.side_effects import unique_declarations, unused_vocabulary
from hooks.model import side_effects
from hooks.model.pages import parse_page
from hooks.model.words import fold
from hooks.render import side_effects as render

VOCAB_FILE = "docs/data/side-effects.yaml"
VOCAB = """\
severities:
  get-help: {label: Get medical help, short: Get help, symbol: "⚠", explain: See a doctor.}
  common-mild: {label: Common, usually mild, short: Mild, explain: Mention it.}
treatments:
  induction-medicines: {label: Induction drugs}
  escalation-injections: {label: Escalation injections}
effects:
  nausea: {name: Feeling sick, term: Nausea, synonyms: [queasiness]}
  oedema: {name: Œdème & <swelling>, synonyms: ["Zeta \\"quoted\\""]}
  fever: {name: fever}
"""


def vocab():
    loaded, problems = side_effects.load_vocabulary(VOCAB, VOCAB_FILE)
    assert problems == []
    return loaded


def page(block: str, name: str = "induction.md", before: str = "") -> object:
    text = f"---\ntitle: T\n---\n# T\n{before}\n```side-effects\n{block}```\n"
    return parse_page(name, text, f"docs/{name}")


BLOCK = "treatment: induction-medicines\nseverity: get-help\ncite: webmd2022\n" \
        "effects: [nausea, oedema, fever]\n"


def collect(*pages):
    """Every page's declarations, checked as a build checks them."""
    words = vocab()
    declarations, problems = [], []
    for source in pages:
        found = side_effects.parse_page(source, words)
        declarations += found.declarations
        problems += found.problems
    unique, repeated = unique_declarations(declarations, {p.src_uri: p.display for p in pages})
    return unique, problems + repeated + unused_vocabulary(unique, words)


def test_declarations_carry_page_treatment_severity_line_and_anchor():
    declarations, problems = collect(page(BLOCK))
    assert problems == []
    assert next((d.effect, d.line, d.anchor) for d in declarations) == \
        ("nausea", 10, "se-induction-medicines-nausea")
    assert {d.cite for d in declarations} == {"webmd2022"}


def test_unknown_effect_suggests_from_names_and_synonyms():
    _d, problems = collect(page(BLOCK.replace("nausea,", "feeling sick,")))
    [problem] = [p for p in problems if "unknown effect" in p.message]
    assert str(problem).startswith("docs/induction.md:10: unknown effect 'feeling sick'. "
                                   "Did you mean 'nausea'?")


def test_unknown_treatment_and_severity():
    _d, problems = collect(page(BLOCK.replace("induction-medicines", "induction-medicine")
                                .replace("get-help", "urgent")))
    text = [str(p) for p in problems]
    assert any(t.startswith("docs/induction.md:7: unknown treatment 'induction-medicine'. "
                            "Did you mean 'induction-medicines'?") for t in text)
    assert any(t.startswith("docs/induction.md:8: unknown severity 'urgent'.") for t in text)


def test_missing_citation_and_fields():
    _d, problems = collect(page("treatment: induction-medicines\nseverity: get-help\n"
                                "effects: [nausea, oedema, fever]\n"))
    assert [str(p) for p in problems] == [
        "docs/induction.md:7: this side-effects block has no `cite`. Fix: add `cite:` with the "
        "bibliography key of the source, e.g. `cite: webmd2022`."]


def test_same_effect_twice_for_one_treatment():
    _d, problems = collect(page(BLOCK), page(BLOCK, "other.md"))
    duplicates = [str(p) for p in problems if "declared twice" in p.message]
    assert duplicates[0].startswith("docs/other.md:10: 'nausea' is declared twice for "
                                    "'induction-medicines' (first in docs/induction.md line 10).")


def test_vocabulary_entry_used_nowhere():
    _d, problems = collect(page(BLOCK.replace(", fever]", "]")))
    assert [str(p) for p in problems] == [
        f"{VOCAB_FILE}:10: effect 'fever' is in the vocabulary but no page declares it. "
        "Fix: declare it in a side-effects block, or remove it."]


def test_malformed_block_and_vocabulary():
    _d, problems = collect(page("treatment: [unclosed\n"))
    assert "does not parse" in problems[0].message and problems[0].line in (7, 8)
    _v, problems = side_effects.load_vocabulary("effects:\n  x: {}\n", VOCAB_FILE)
    text = [str(p) for p in problems]
    assert f"{VOCAB_FILE}:1: no `severities:` section. Fix: add `severities:` with one entry " \
           "per id." in text
    assert any("effects entry 'x' has no `name`" in t for t in text)


def test_unknown_block_field():
    _d, problems = collect(page(BLOCK + "severty: x\n"))
    assert any("unknown field `severty`" in str(p) for p in problems)


def test_sorting_is_case_and_accent_insensitive_and_synonyms_are_see_entries():
    declarations, _p = collect(page(BLOCK))
    index = render.a_to_z(declarations, vocab())
    order = [line for line in index.splitlines() if line.startswith("- ")]
    names = [line[2:40] for line in order]
    assert names == sorted(names, key=lambda n: fold(n.replace("\\", "")
                                                                   .replace("*", "")))
    assert "- queasiness: see **Feeling sick**" in index
    assert "## F {#letter-f}" in index and "## O {#letter-o}" in index
    assert "[Induction drugs](induction.md#se-induction-medicines-nausea): Get medical help" \
        in index


def test_data_is_escaped_for_markdown_and_html():
    declarations, _p = collect(page(BLOCK))
    index = render.a_to_z(declarations, vocab())
    assert "Œdème &amp; &lt;swelling&gt;" in index
    assert '<swelling>' not in index


def test_page_list_severity_view_and_matrix_come_from_the_same_data():
    declarations, _p = collect(page(BLOCK))
    source = page(BLOCK)
    blocks: dict = {}
    for item in declarations:
        blocks.setdefault((item.page, item.block), []).append(item)
    rendered = render.replace_blocks(source, blocks, vocab())
    assert "{: #se-induction-medicines-nausea }" in rendered
    assert "Source: [@webmd2022]" in rendered
    assert "**⚠ Get medical help.** See a doctor." in rendered
    by_severity = render.by_severity(declarations, vocab())
    assert "## ⚠ Get medical help {#get-help}" in by_severity
    table = render.matrix(declarations, vocab())
    assert "| Side effect or risk | Induction drugs |" in table
    assert "[Get help](induction.md#se-induction-medicines-nausea)" in table


def test_citation_uses_come_from_the_parsed_block():
    uses = side_effects.parse_page(page(BLOCK), vocab()).citations
    assert [(u.key, u.line) for u in uses] == [("webmd2022", 9)]
