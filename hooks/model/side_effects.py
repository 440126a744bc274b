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

from dataclasses import dataclass
from typing import Any

from hooks.model.pages import SourcePage
from hooks.model.words import fold
from hooks.model.yaml_data import DataFileError, LocatedData, parse_yaml
from hooks.problems import Problem, closest, did_you_mean

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
    """The bibliography key a side-effects block cites, where it is written."""

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


def load_vocabulary(text: str, display: str) -> tuple[Vocabulary | None, list[Problem]]:
    """The vocabulary file, or None (and why) when it cannot be read at all."""
    try:
        located = parse_yaml(text, display)
    except DataFileError as error:
        return None, [error.problem]
    if not isinstance(located.data, dict):
        return None, [Problem(
            display, 1, "the vocabulary is not a mapping.",
            "start with `severities:`, `treatments:` and `effects:` sections.")]
    return parse_vocabulary(located, display)


# ---------------------------------------------------------------- declarations

@dataclass(frozen=True)
class PageDeclarations:
    """What one page's side-effects blocks say: the effects, and the sources they cite."""

    declarations: list[Declaration]
    citations: list[CitationUse]
    problems: list[Problem]


def parse_page(page: SourcePage, vocab: Vocabulary) -> PageDeclarations:
    """The declarations and citations of one page's blocks, each block parsed once."""
    declarations, citations, problems = [], [], []
    for index, block in enumerate(page.blocks_of(FENCE)):
        try:
            located = parse_yaml(block.content, page.display, block.content_line)
        except DataFileError as error:
            problems.append(error.problem)
            continue
        cite = located.data.get("cite") if isinstance(located.data, dict) else None
        if isinstance(cite, str) and cite:
            citations.append(CitationUse(cite, located.line("cite")))
        found, wrong = _parse_block(located, block.content_line, page, vocab, index)
        declarations += found
        problems += wrong
    return PageDeclarations(declarations, citations, problems)


def _parse_block(located: LocatedData, first_line: int, page: SourcePage, vocab: Vocabulary,
                 index: int) -> tuple[list[Declaration], list[Problem]]:
    display = page.display
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
