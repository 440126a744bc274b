"""The words of the side-effects index: effects, frequencies, urgencies, roles, routes, groups.

They live once, in the vocabulary file; treatment files name them by id. Each treatment
page, the A-Z index, "When to get help", the table and the compare page all take their
words from here, so a changed word changes everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hooks.model.words import fold
from hooks.model.yaml_data import DataFileError, LocatedData, parse_yaml
from hooks.problems import Problem, closest

# Each section, and the text fields every entry of it must have.
SECTIONS: dict[str, tuple[str, ...]] = {
    "frequencies": ("label", "short", "explain"),
    "urgencies": ("label", "short", "explain"),
    "roles": ("label", "explain"),
    "routes": ("label",),
    "places": ("label",),
    "groups": ("label",),
    "effects": ("name",),
}


@dataclass(frozen=True)
class Vocabulary:
    """Every allowed id of each section, with its words and the line it is defined on."""

    sections: dict[str, dict[str, dict[str, Any]]]
    lines: dict[tuple[Any, ...], int]
    display: str

    @property
    def effects(self) -> dict[str, dict[str, Any]]:
        return self.sections["effects"]

    @property
    def frequencies(self) -> dict[str, dict[str, Any]]:
        return self.sections["frequencies"]

    @property
    def urgencies(self) -> dict[str, dict[str, Any]]:
        return self.sections["urgencies"]

    @property
    def groups(self) -> dict[str, dict[str, Any]]:
        return self.sections["groups"]

    def label(self, section: str, key: str) -> str:
        return str(self.sections[section][key]["label"])


def empty(display: str) -> Vocabulary:
    return Vocabulary({name: {} for name in SECTIONS}, {}, display)


def parse_vocabulary(located: LocatedData, display: str) -> tuple[Vocabulary, list[Problem]]:
    """Read each section; an entry without its words is a problem (and is left out)."""
    data = located.data if isinstance(located.data, dict) else {}
    problems, sections = [], {}
    for section, fields in SECTIONS.items():
        entries = data.get(section)
        if not isinstance(entries, dict) or not entries:
            problems.append(Problem(display, located.line(section), f"no `{section}:` section.",
                                    f"add `{section}:` with one entry per id."))
            entries = {}
        clean = {}
        for key, entry in entries.items():
            line = located.line(section, key)
            if not isinstance(entry, dict):
                problems.append(Problem(display, line, f"{section} entry '{key}' is not a mapping.",
                                        "give it fields on indented lines, e.g. `name: Fever`."))
                continue
            missing = [name for name in fields
                       if not isinstance(entry.get(name), str) or not entry[name].strip()]
            for name in missing:
                problems.append(Problem(display, line, f"{section} entry '{key}' has no `{name}`.",
                                        f"add `{name}:` with plain-language text."))
            synonyms = entry.get("synonyms", [])
            if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
                problems.append(Problem(display, line, f"the synonyms of '{key}' are not a list.",
                                        "write `synonyms: [feeling sick, queasy]`."))
                entry = {**entry, "synonyms": []}
            members = entry.get("treatments", [])
            if section == "groups" and (not isinstance(members, list) or not members):
                problems.append(Problem(display, line, f"group '{key}' lists no treatments.",
                                        "write `treatments: [id, id]` (at most 5)."))
                entry = {**entry, "treatments": []}
            if not missing:
                clean[key] = entry
        sections[section] = clean
    problems += _synonym_clashes(sections["effects"], located, display)
    return Vocabulary(sections, located.lines, display), problems


def _synonym_clashes(effects: dict[str, dict[str, Any]], located: LocatedData,
                     display: str) -> list[Problem]:
    """A synonym that is another effect's name sends the A-Z reader to the wrong entry."""
    owner = {fold(entry["name"]): key for key, entry in effects.items()}
    problems = []
    for key, entry in effects.items():
        for position, word in enumerate(entry.get("synonyms", [])):
            other = owner.get(fold(word))
            if other:
                problems.append(Problem(
                    display, located.line("effects", key, "synonyms", position),
                    f"'{word}', a synonym of '{key}', is the name of "
                    + ("the effect itself." if other == key else f"effect '{other}'."),
                    "remove it from the synonyms; the A-Z lists that name already."))
    return problems


def load_vocabulary(text: str, display: str) -> tuple[Vocabulary | None, list[Problem]]:
    """The vocabulary file, or None (and why) when it cannot be read at all."""
    try:
        located = parse_yaml(text, display)
    except DataFileError as error:
        return None, [error.problem]
    if not isinstance(located.data, dict):
        return None, [Problem(display, 1, "the vocabulary is not a mapping.",
                              f"start with the sections {', '.join(SECTIONS)}.")]
    return parse_vocabulary(located, display)


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
