"""The side-effects index as pages: the A to Z, "When to get help" and the table.

All three are rendered from the treatment files (hooks.model.treatments) and the words of
the vocabulary, so they cannot disagree with each other or with the treatment pages.
"""

from __future__ import annotations

from hooks.model.side_effects import Vocabulary
from hooks.model.source import Source
from hooks.model.treatments import SideEffect, Treatment
from hooks.model.words import fold
from hooks.render.text import div, md
from hooks.render.treatments import breakable, link, sentence, shown


def _ordered(source: Source) -> list[Treatment]:
    """Treatments in the order of the groups (the table's order), each once."""
    return shown(source, [t for group in source.vocabulary.groups.values()
                          for t in group["treatments"]])


def _page_link(treatment: Treatment, source: Source, here: str, anchor: str) -> str:
    return f"[{md(treatment.name)}]({link(source.profile_pages[treatment.id], here)}#{anchor})"


def effect_text(vocab: Vocabulary, effect: str) -> str:
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


def _by_effect(source: Source) -> dict[str, list[tuple[Treatment, SideEffect]]]:
    order = list(source.vocabulary.frequencies)
    groups: dict[str, list[tuple[Treatment, SideEffect]]] = {}
    for treatment in _ordered(source):
        for item in treatment.side_effects:
            groups.setdefault(item.effect, []).append((treatment, item))
    for items in groups.values():  # most often first; the table's order within a frequency
        items.sort(key=lambda pair: order.index(pair[1].frequency))
    return groups


def a_to_z(source: Source, here: str) -> str:
    """Every effect, with the treatments that cause it and how often; synonyms point to it."""
    vocab = source.vocabulary
    by_effect = _by_effect(source)
    # (sort key, text, effect, whether the entry only points to the effect's own name)
    entries: list[tuple[str, str, str, bool]] = []
    for effect in by_effect:
        entry = vocab.effects[effect]
        entries.append((fold(entry["name"]), entry["name"], effect, False))
        for phrase in dict.fromkeys([entry.get("term"), *entry.get("synonyms", [])]):
            if phrase and fold(phrase) != fold(entry["name"]):
                entries.append((fold(phrase), phrase, effect, True))
    entries.sort(key=lambda e: (e[0], e[3]))
    letters: dict[str, list[tuple[str, str, str, bool]]] = {}
    for entry in entries:
        letter = entry[0][:1].upper() if entry[0][:1].isalpha() else "#"
        letters.setdefault(letter, []).append(entry)
    jump = " · ".join(f"[{letter}](#letter-{_slug(letter)})" for letter in letters)
    out = [f"**Jump to letter:** {jump}", "{: .se-letters }", ""]
    for letter, items in letters.items():
        out += [f"## {letter} {{#letter-{_slug(letter)}}}", ""]
        for _key, text, effect, see in items:
            if see:
                out.append(f"- {md(text)}: see **{md(vocab.effects[effect]['name'])}**")
                continue
            out += [f"- {effect_text(vocab, effect)}", f"    {{: #az-{effect} }}"]
            for treatment, item in by_effect[effect]:
                out.append(f"    - {_page_link(treatment, source, here, 'side-effects')}: "
                           f"{md(vocab.frequencies[item.frequency]['label'].lower())}")
        out.append("")
    return "\n".join(out)


def _slug(letter: str) -> str:
    return "other" if letter == "#" else letter.lower()


def by_urgency(source: Source, here: str) -> str:
    """'When to get help': every warning sign, most urgent first, naming its treatment."""
    vocab = source.vocabulary
    out = []
    for urgency, entry in vocab.urgencies.items():
        out += [f"## {md(entry['symbol'])} {md(entry['label'])} {{#{urgency}}}", "",
                f"**{md(entry['label'])}.** {md(entry['explain'])}",
                f"{{: .se-severity .se-{urgency} }}", ""]
        signs = [f"- {_page_link(treatment, source, here, 'warning-signs')}: "
                 f"{md(sentence(sign.sign))} {md(sign.action)} [@{sign.cite}]"
                 for treatment in _ordered(source) for sign in treatment.warning_signs
                 if sign.urgency == urgency]
        out += div(signs, "se-signs", searchable=False)
    return "\n".join(out)


def matrix(source: Source, here: str) -> str:
    """One table per group of treatments: effects (rows) by treatments, how often in each cell."""
    vocab = source.vocabulary
    out = []
    for key, group in vocab.groups.items():
        members = shown(source, group["treatments"])
        if not members:
            continue
        cells = {(t.id, e.effect): e for t in members for e in t.side_effects}
        effects = sorted({effect for _t, effect in cells},
                         key=lambda e: fold(vocab.effects[e]["name"]))
        head = " | ".join(f"[{md(breakable(t.name))}]({link(source.profile_pages[t.id], here)}"
                          "#side-effects)" for t in members)
        table = [f"| Side effect | {head} |", "| --- |" + " --- |" * len(members)]
        for effect in effects:
            row = [f"**{md(breakable(vocab.effects[effect]['name']))}**"]
            for treatment in members:
                item = cells.get((treatment.id, effect))
                row.append(md(vocab.frequencies[item.frequency]["short"]) if item else "–")
            table.append("| " + " | ".join(row) + " |")
        out += [f"## {md(group['label'])} {{#{key}}}", "",
                *div(table, "se-matrix", searchable=False)]
    key_text = "; ".join(f"**{md(v['short'])}** = {md(v['explain'])}"
                         for v in vocab.frequencies.values())
    return "\n".join(out) + (f"\nKey: {key_text}; – = not listed for this treatment in our "
                             "sources.\n")
