"""Side effects as pages: each therapy page's lists, the A to Z, "When to get help", the table.

All four are rendered from the same declarations (hooks.model.side_effects), so they
cannot disagree; every name and label goes through `md()`.
"""

from __future__ import annotations

from hooks.model.pages import SourcePage
from hooks.model.side_effects import FENCE, Declaration, Vocabulary
from hooks.model.words import fold
from hooks.render.text import md


def _severity_line(vocab: Vocabulary, severity: str) -> str:
    entry = vocab.severities[severity]
    return (f"**{md(entry.get('symbol', ''))} {md(entry['label'])}.** {md(entry['explain'])}\n"
            f"{{: .se-severity .se-{severity} }}")


def _effect_text(vocab: Vocabulary, effect: str) -> str:
    entry = vocab.effects[effect]
    text = f"**{md(entry['name'])}**"
    if entry.get("term") and fold(entry["term"]) != fold(entry["name"]):
        term = entry["term"]
        if term[1:2].islower():  # "Nausea" → "nausea", but an acronym stays as it is
            term = term[0].lower() + term[1:]
        text += f" (medical term: {md(term)})"
    if entry.get("explain"):
        text += f": {md(entry['explain'])}"
    return text


def render_block(declarations: list[Declaration], vocab: Vocabulary) -> str:
    """A therapy page's list for one block: severity, effects with anchors, source."""
    if not declarations:
        return ""
    first = declarations[0]
    lines = ["", _severity_line(vocab, first.severity), ""]
    for item in declarations:
        lines += [f"- {_effect_text(vocab, item.effect)}", f"    {{: #{item.anchor} }}"]
    lines += ["", f"Source: [@{first.cite}]", "{: .se-source }", ""]
    return "\n".join(lines)


def replace_blocks(page: SourcePage, blocks_declared: dict[tuple[str, int], list[Declaration]],
                   vocab: Vocabulary) -> str:
    """The page's body with each side-effects block replaced by its rendered list.

    `blocks_declared` is the source's declarations by (page, block).
    """
    markdown, src_uri = page.body, page.src_uri
    out, last = [], 0
    for index, block in enumerate(page.blocks_of(FENCE)):
        mine = blocks_declared.get((src_uri, index), [])
        out += [markdown[last:block.start], render_block(mine, vocab)]
        last = block.end
    out.append(markdown[last:])
    return "".join(out)


def _link(item: Declaration, vocab: Vocabulary) -> str:
    return f"[{md(vocab.treatments[item.treatment]['label'])}]({item.page}#{item.anchor})"


def _sorted_effects(vocab: Vocabulary, declarations: list[Declaration]) -> list[str]:
    used = {d.effect for d in declarations}
    return sorted(used, key=lambda e: fold(vocab.effects[e]["name"]))


def _by_effect(declarations: list[Declaration]) -> dict[str, list[Declaration]]:
    """Declarations grouped by effect, in their order: built once, not filtered per effect."""
    groups: dict[str, list[Declaration]] = {}
    for item in declarations:
        groups.setdefault(item.effect, []).append(item)
    return groups


def _severity_order(vocab: Vocabulary) -> list[str]:
    return list(vocab.severities)


def a_to_z(declarations: list[Declaration], vocab: Vocabulary) -> str:
    """The A-Z index: effects and 'see' entries for synonyms, grouped by first letter."""
    # (sort key, text, effect, whether the entry only points to the effect's own name)
    entries: list[tuple[str, str, str, bool]] = []
    by_effect = _by_effect(declarations)
    for effect in by_effect:
        entry = vocab.effects[effect]
        entries.append((fold(entry["name"]), entry["name"], effect, False))
        for phrase in [entry.get("term"), *entry.get("synonyms", [])]:
            if phrase and fold(phrase) != fold(entry["name"]):
                entries.append((fold(phrase), phrase, effect, True))
    entries.sort(key=lambda e: (e[0], e[3]))
    groups: dict[str, list[tuple[str, str, str, bool]]] = {}
    treatment_order = {t: i for i, t in enumerate(vocab.treatments)}
    for entry in entries:
        letter = entry[0][:1].upper() if entry[0][:1].isalpha() else "#"
        groups.setdefault(letter, []).append(entry)
    jump = " · ".join(f"[{letter}](#letter-{_slug(letter)})" for letter in groups)
    out = [f"**Jump to letter:** {jump}", "{: .se-letters }", ""]
    for letter, items in groups.items():
        out += [f"## {letter} {{#letter-{_slug(letter)}}}", ""]
        for _key, text, effect, see in items:
            if see:
                out.append(f"- {md(text)}: see **{md(vocab.effects[effect]['name'])}**")
                continue
            out.append(f"- {_effect_text(vocab, effect)}")
            out.append(f"    {{: #az-{effect} }}")
            for item in sorted(by_effect[effect], key=lambda d: treatment_order[d.treatment]):
                severity = vocab.severities[item.severity]
                out.append(f"    - {_link(item, vocab)}: {md(severity['label'])}")
        out.append("")
    return "\n".join(out)


def _slug(letter: str) -> str:
    return "other" if letter == "#" else letter.lower()


def by_severity(declarations: list[Declaration], vocab: Vocabulary) -> str:
    """'When to get help': the same declarations grouped by severity, most urgent first."""
    out = []
    for severity in _severity_order(vocab):
        mine = [d for d in declarations if d.severity == severity]
        if not mine:
            continue
        entry = vocab.severities[severity]
        out += [f"## {md(entry.get('symbol', ''))} {md(entry['label'])} {{#{severity}}}", "",
                _severity_line(vocab, severity), ""]
        grouped = _by_effect(mine)
        for effect in _sorted_effects(vocab, mine):
            links = ", ".join(_link(d, vocab) for d in grouped[effect])
            out.append(f"- **{md(vocab.effects[effect]['name'])}**: {links}")
        out.append("")
    return "\n".join(out)


def matrix(declarations: list[Declaration], vocab: Vocabulary) -> str:
    """A table of effects (rows) by treatments (columns), the severity written in each cell."""
    declared = {d.treatment for d in declarations}
    treatments = [t for t in vocab.treatments if t in declared]
    head = "| Side effect or risk | " + " | ".join(
        md(vocab.treatments[t]["label"]) for t in treatments) + " |"
    rule = "|---|" + "---|" * len(treatments)
    rows = [head, rule]
    cells = {(d.effect, d.treatment): d for d in declarations}
    for effect in _sorted_effects(vocab, declarations):
        row = [f"**{md(vocab.effects[effect]['name'])}**"]
        for treatment in treatments:
            item = cells.get((effect, treatment))
            row.append(f"[{md(vocab.severities[item.severity]['short'])}]"
                       f"({item.page}#{item.anchor})" if item else "–")
        rows.append("| " + " | ".join(row) + " |")
    key = "; ".join(f"**{md(v['short'])}** = {md(v['label'])}" for v in vocab.severities.values())
    return "\n".join(rows) + f"\n\nKey: {key}; – = not listed for this treatment in our sources.\n"
