"""Side effects and risks: declared as data on the therapy pages, indexed site-wide.

A therapy page declares its side effects in a fenced block, next to the text about them:

    ```side-effects
    treatment: induction-medicines
    severity: get-help
    cite: webmd2022
    effects: [fever, chills]
    ```

The words for each effect, treatment and severity live once, in the vocabulary file.
The page's own list, the A-Z index, the "when to get help" view and the treatments-by-
effects table are all rendered from these declarations, so they cannot disagree.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from data_files import DataFileError, LocatedData, parse_yaml
from diagnostics import Problem, closest, did_you_mean
from source_pages import SourcePage, fenced_blocks

FENCE = "side-effects"
_BLOCK_FIELDS = ("treatment", "severity", "cite", "effects")


@dataclass(frozen=True)
class Vocabulary:
    """Allowed effects, treatments and severities, with the line each is defined on."""

    effects: dict[str, dict[str, Any]]
    treatments: dict[str, dict[str, Any]]
    severities: dict[str, dict[str, Any]]
    lines: dict[tuple[str, str], int]
    display: str


@dataclass(frozen=True)
class Declaration:
    """One effect declared for one treatment on one page."""

    page: str  # src_uri
    treatment: str
    severity: str
    effect: str
    cite: str
    line: int
    block: int  # which side-effects block of the page (0, 1, …)

    @property
    def anchor(self) -> str:
        return f"se-{self.treatment}-{self.effect}"


@dataclass(frozen=True)
class CitationUse:
    key: str
    line: int


# ---------------------------------------------------------------- vocabulary

def parse_vocabulary(located: LocatedData, display: str) -> tuple[Vocabulary, list[Problem]]:
    """Read the vocabulary file: `severities`, `treatments` and `effects` sections."""
    data = located.data if isinstance(located.data, dict) else {}
    problems, sections, lines = [], {}, {}
    required = {"severities": ("label", "short", "explain"), "treatments": ("label",),
                "effects": ("name",)}
    for section, fields in required.items():
        entries = data.get(section)
        if not isinstance(entries, dict) or not entries:
            problems.append(Problem(display, located.line(section), f"no `{section}:` section.",
                                    f"add `{section}:` with one entry per id."))
            entries = {}
        clean = {}
        for key, entry in entries.items():
            line = located.line(section, key)
            lines[(section, key)] = line
            if not isinstance(entry, dict):
                problems.append(Problem(display, line, f"{section} entry '{key}' is not a mapping.",
                                        "give it fields on indented lines, e.g. `name: Fever`."))
                continue
            for name in fields:
                if not isinstance(entry.get(name), str) or not entry[name].strip():
                    problems.append(Problem(display, line,
                                            f"{section} entry '{key}' has no `{name}`.",
                                            f"add `{name}:` with plain-language text."))
            synonyms = entry.get("synonyms", [])
            if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
                problems.append(Problem(display, line, f"the synonyms of '{key}' are not a list.",
                                        "write `synonyms: [feeling sick, queasy]`."))
                entry = {**entry, "synonyms": []}
            clean[key] = entry
        sections[section] = clean
    vocab = Vocabulary(sections["effects"], sections["treatments"], sections["severities"],
                       lines, display)
    return vocab, problems


def load_vocabulary(text: str, display: str) -> tuple[Vocabulary, list[Problem]]:
    try:
        located = parse_yaml(text, display)
    except DataFileError as error:
        return Vocabulary({}, {}, {}, {}, display), [error.problem]
    if not isinstance(located.data, dict):
        return Vocabulary({}, {}, {}, {}, display), [Problem(
            display, 1, "the vocabulary is not a mapping.",
            "start with `severities:`, `treatments:` and `effects:` sections.")]
    return parse_vocabulary(located, display)


# ---------------------------------------------------------------- declarations

def _blocks(page: SourcePage):
    return [b for b in fenced_blocks(page.body, page.body_line) if b.info == FENCE]


def parse_page(page: SourcePage, vocab: Vocabulary) -> tuple[list[Declaration], list[Problem]]:
    """The declarations of one page, and what is wrong with them."""
    declarations, problems = [], []
    for index, block in enumerate(_blocks(page)):
        found, wrong = _parse_block(block.content, block.content_line, page, vocab, index)
        declarations += found
        problems += wrong
    return declarations, problems


def _parse_block(text: str, first_line: int, page: SourcePage, vocab: Vocabulary,
                 index: int) -> tuple[list[Declaration], list[Problem]]:
    display = page.display
    try:
        located = parse_yaml(text, display, first_line)
    except DataFileError as error:
        return [], [error.problem]
    data = located.data
    if not isinstance(data, dict):
        return [], [Problem(display, first_line, "this side-effects block is not a mapping.",
                            "write `treatment:`, `severity:`, `cite:` and `effects:` lines.")]
    problems = []
    for name in _BLOCK_FIELDS:
        if not data.get(name):
            problems.append(Problem(display, first_line,
                                    f"this side-effects block has no `{name}`.", _FIELD_FIX[name]))
    for name in set(data) - set(_BLOCK_FIELDS):
        problems.append(Problem(display, located.line(name),
                                f"unknown field `{name}` in a side-effects block."
                                + did_you_mean(name, _BLOCK_FIELDS),
                                "use only treatment, severity, cite and effects."))
    treatment, severity, cite = data.get("treatment"), data.get("severity"), data.get("cite")
    for name, value, allowed in (("treatment", treatment, vocab.treatments),
                                 ("severity", severity, vocab.severities)):
        if value and value not in allowed:
            problems.append(Problem(display, located.line(name), f"unknown {name} '{value}'."
                                    + did_you_mean(str(value), allowed),
                                    f"use one of: {', '.join(allowed)} "
                                    f"(defined in {vocab.display})."))
    if cite is not None and not isinstance(cite, str):
        problems.append(Problem(display, located.line("cite"), "`cite` is not a single key.",
                                "write one bibliography key, e.g. `cite: webmd2022`."))
    effects = data.get("effects") or []
    if not isinstance(effects, list):
        problems.append(Problem(display, located.line("effects"), "`effects` is not a list.",
                                "write `effects: [fever, chills]` or one `- id` per line."))
        effects = []
    declarations = []
    for position, effect in enumerate(effects):
        line = located.line("effects", position)
        if not isinstance(effect, str) or effect not in vocab.effects:
            problems.append(Problem(display, line, f"unknown effect {effect!r}."
                                    + suggest_effect(str(effect), vocab),
                                    f"use an id from {vocab.display}, or add the effect there."))
            continue
        declarations.append(Declaration(page.src_uri, str(treatment), str(severity), effect,
                                        str(cite), line, index))
    if problems:
        return [d for d in declarations if d.treatment in vocab.treatments
                and d.severity in vocab.severities], problems
    return declarations, problems


_FIELD_FIX = {
    "treatment": "add `treatment:` with a treatment id, e.g. `treatment: induction-medicines`.",
    "severity": "add `severity:` with a severity id, e.g. `severity: get-help`.",
    "cite": "add `cite:` with the bibliography key of the source, e.g. `cite: webmd2022`.",
    "effects": "add `effects:` with a list of effect ids.",
}


def suggest_effect(word: str, vocab: Vocabulary) -> str:
    """'Did you mean …?' from effect ids, names and synonyms ('feeling sick' → nausea)."""
    by_phrase = {}
    for key, entry in vocab.effects.items():
        for phrase in [key, entry.get("name", ""), entry.get("term", ""),
                       *entry.get("synonyms", [])]:
            if phrase:
                by_phrase[fold(phrase)] = key
    match = closest(fold(word), by_phrase)
    return f" Did you mean '{by_phrase[match]}'?" if match else ""


def collect(pages: list[SourcePage], vocab: Vocabulary) -> tuple[list[Declaration],
                                                                     list[Problem]]:
    """All declarations of the site, with duplicate and unused-vocabulary problems."""
    declarations, problems = [], []
    for page in pages:
        found, wrong = parse_page(page, vocab)
        declarations += found
        problems += wrong
    seen: dict[tuple[str, str], Declaration] = {}
    displays = {page.src_uri: page.display for page in pages}
    unique = []
    for item in declarations:
        first = seen.get((item.treatment, item.effect))
        if first:
            problems.append(Problem(displays.get(item.page, item.page), item.line,
                                    f"'{item.effect}' is declared twice for '{item.treatment}' "
                                    f"(first in {displays.get(first.page, first.page)} "
                                    f"line {first.line}).",
                                    "keep one declaration; change its severity there if needed."))
            continue
        seen[(item.treatment, item.effect)] = item
        unique.append(item)
    used = {d.effect for d in unique}
    for key in vocab.effects:
        if key not in used:
            problems.append(Problem(vocab.display, vocab.lines[("effects", key)],
                                    f"effect '{key}' is in the vocabulary but no page declares it.",
                                    "declare it in a side-effects block, or remove it."))
    return unique, problems


def citation_uses(page: SourcePage) -> list[CitationUse]:
    """The bibliography keys cited by a page's side-effects blocks (for the citation hook)."""
    uses = []
    for block in _blocks(page):
        for number, line in enumerate(block.content.splitlines()):
            match = re.match(r"\s*cite:\s*['\"]?([^'\"\s#]+)", line)
            if match:
                uses.append(CitationUse(match.group(1), block.content_line + number))
    return uses


# ---------------------------------------------------------------- rendering
# fold() and md() are pure and see the same few names and labels on every page and on
# every line of the index pages: each answer is kept rather than worked out again.

@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Sort and match key: case- and accent-insensitive ('Œdème' sorts with 'oedeme')."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().replace("œ", "oe").replace("æ", "ae").strip()


@functools.lru_cache(maxsize=4096)
def md(text: str) -> str:
    """Data as Markdown text: HTML-escaped, and Markdown's special characters neutralised."""
    return re.sub(r"([\\`*_{}\[\]()#+!|])", r"\\\1", html.escape(text, quote=False))


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


def by_block(declarations: list[Declaration]) -> dict[tuple[str, int], list[Declaration]]:
    """Declarations grouped by (page, block), found once rather than searched per block."""
    groups: dict[tuple[str, int], list[Declaration]] = {}
    for item in declarations:
        groups.setdefault((item.page, item.block), []).append(item)
    return groups


def replace_blocks(markdown: str, src_uri: str,
                   blocks_declared: dict[tuple[str, int], list[Declaration]],
                   vocab: Vocabulary) -> str:
    """The page's Markdown with each side-effects block replaced by its rendered list.

    `blocks_declared` is `by_block()` of the site's declarations.
    """
    out, last = [], 0
    blocks = [b for b in fenced_blocks(markdown) if b.info == FENCE]
    for index, block in enumerate(blocks):
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
