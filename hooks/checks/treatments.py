"""Treatment rules across files: known words and sources, one owner per brand, a page each.

The schema (hooks.model.treatments) checks each file's shape; these rules need the other
files too: the vocabulary, the bibliography, the pages and the groups of the table.
"""

from __future__ import annotations

from collections.abc import Iterable

from hooks.checks.citations import KNOWN_FIX
from hooks.model.side_effects import Vocabulary, suggest_effect
from hooks.model.source import Source
from hooks.model.treatments import Treatment
from hooks.model.words import fold
from hooks.problems import Problem, did_you_mean

MAX_GROUP = 5  # treatments in one table of the side-effects matrix: what fits a phone


def problems(source: Source) -> tuple[list[Problem], set[str]]:
    """Every cross-file treatment rule, in file order; and the treatments whose words are
    not in the vocabulary (no renderer can show them)."""
    found: list[Problem] = []
    unrenderable: set[str] = set()
    vocab = source.vocabulary
    vocabulary_read = bool(vocab.frequencies)  # else the one reading problem is enough
    for treatment in source.treatments.values():
        if vocabulary_read:
            wrong = vocabulary_problems(treatment, vocab)
            found += wrong
            if wrong:
                unrenderable.add(treatment.id)
        else:
            unrenderable.add(treatment.id)
        if not source.bibliography_unreadable:
            found += source_problems(treatment, set(source.bibliography.entries))
        found += repeated_effects(treatment)
    found += shared_brands(source.treatments.values())
    found += page_problems(source)
    if vocabulary_read:
        found += group_problems(source.treatments, vocab)
        found += unused_effects(source.treatments.values(), vocab)
    return found, unrenderable


def vocabulary_problems(treatment: Treatment, vocab: Vocabulary) -> list[Problem]:
    """Each id a profile uses must be defined in the vocabulary file."""
    found = []

    def check(section: str, word: str, line: int, what: str, hint: str = "") -> None:
        allowed = vocab.sections[section]
        if word in allowed:
            return
        found.append(Problem(treatment.display, line, f"unknown {what} '{word}'."
                             + (hint or did_you_mean(word, allowed)),
                             f"use one of: {', '.join(allowed)} (defined in {vocab.display})"
                             if section != "effects" else
                             f"use an effect id from {vocab.display}, or add the effect there."))

    for route, line in treatment.routes:
        check("routes", route, line, "route")
    check("places", *treatment.where, "place (`where`)")
    for role in treatment.roles:
        check("roles", role.role, role.line, "role")
    for effect in treatment.side_effects:
        check("effects", effect.effect, effect.line, "effect",
              suggest_effect(effect.effect, vocab))
        check("frequencies", effect.frequency, effect.line, "frequency word")
    for sign in treatment.warning_signs:
        check("urgencies", sign.urgency, sign.line, "urgency")
    return found


def source_problems(treatment: Treatment, known: set[str]) -> list[Problem]:
    """Every item cites a source the bibliography holds."""
    items = [treatment.drug_class, treatment.how_often, *treatment.roles,
             *treatment.side_effects, *treatment.warning_signs,
             *(item for section in treatment.sections.values() for item in section)]
    return [Problem(treatment.display, item.line, f"unknown source key '{item.cite}'."
                    + did_you_mean(item.cite, known),
                    KNOWN_FIX)
            for item in items if item.cite not in known]


def repeated_effects(treatment: Treatment) -> list[Problem]:
    seen: dict[str, int] = {}
    found = []
    for effect in treatment.side_effects:
        if effect.effect in seen:
            found.append(Problem(treatment.display, effect.line,
                                 f"'{effect.effect}' is listed twice (first on line "
                                 f"{seen[effect.effect]}).",
                                 "keep one entry, with the frequency its source gives."))
        seen.setdefault(effect.effect, effect.line)
    return found


def shared_brands(treatments: Iterable[Treatment]) -> list[Problem]:
    """A name that finds two treatments would send a reader to the wrong drug."""
    owner: dict[str, Treatment] = {}
    found = []
    for treatment in treatments:
        for field, names in (("uk_eu", treatment.brands_uk_eu), ("us", treatment.brands_us),
                             ("other_names", treatment.other_names)):
            for position, name in enumerate(names):
                first = owner.setdefault(fold(name), treatment)
                if first is not treatment:
                    path = ("other_names", position) if field == "other_names" else (
                        "brands", field, position)
                    found.append(Problem(treatment.display, treatment.line(*path),
                                         f"the name '{name}' is also a name of '{first.id}' "
                                         f"({first.display}).",
                                         "keep each brand or other name under one treatment "
                                         "only."))
    return found


def page_problems(source: Source) -> list[Problem]:
    """Each treatment has one page showing its profile; every block names a known id."""
    found = []
    profiles: dict[str, str] = {}
    for use in source.uses:
        page = source.pages[use.page]
        if use.treatment not in source.treatments:
            found.append(Problem(page.display, use.line, f"unknown treatment '{use.treatment}'."
                                 + did_you_mean(use.treatment, source.treatments),
                                 "use the id of a file in docs/data/treatments/ "
                                 "(its name without .yaml)."))
        elif use.profile and use.treatment in profiles:
            found.append(Problem(page.display, use.line,
                                 f"the profile of '{use.treatment}' is already shown on "
                                 f"{source.pages[profiles[use.treatment]].display}.",
                                 "show a profile on one page only; link to it elsewhere with "
                                 "a treatment-list block."))
        elif use.profile:
            profiles[use.treatment] = use.page
    for treatment in source.treatments.values():
        if treatment.id not in profiles:
            found.append(Problem(treatment.display, treatment.line("id"),
                                 f"treatment '{treatment.id}' has no page.",
                                 f"create docs/treatments/{treatment.id}.md with a "
                                 f"```treatment block holding `{treatment.id}` (see README.md)."))
    return found


def group_problems(treatments: dict[str, Treatment], vocab: Vocabulary) -> list[Problem]:
    """Every treatment is in exactly one group of the table, and a group fits a phone."""
    found = []
    member_of: dict[str, str] = {}
    for group, entry in vocab.groups.items():
        members = entry.get("treatments", [])
        line = vocab.lines.get(("groups", group, "treatments"),
                               vocab.lines.get(("groups", group), 1))
        if len(members) > MAX_GROUP:
            found.append(Problem(vocab.display, line, f"group '{group}' has {len(members)} "
                                 f"treatments; a table shows at most {MAX_GROUP} on a phone.",
                                 "split it into two groups."))
        for position, treatment in enumerate(members):
            item_line = vocab.lines.get(("groups", group, "treatments", position), line)
            if treatment not in treatments:
                found.append(Problem(vocab.display, item_line,
                                     f"unknown treatment '{treatment}' in group '{group}'."
                                     + did_you_mean(str(treatment), treatments),
                                     "use the id of a file in docs/data/treatments/."))
            elif treatment in member_of:
                found.append(Problem(vocab.display, item_line,
                                     f"'{treatment}' is in group '{member_of[treatment]}' "
                                     f"and in group '{group}'.", "keep it in one group."))
            else:
                member_of[treatment] = group
    for treatment in treatments.values():
        if treatment.id not in member_of:
            found.append(Problem(treatment.display, treatment.line("id"),
                                 f"treatment '{treatment.id}' is in no group, so it is not in "
                                 "the side-effects table or the compare page.",
                                 f"add it to a group under `groups:` in {vocab.display}."))
    return found


def unused_effects(treatments: Iterable[Treatment], vocab: Vocabulary) -> list[Problem]:
    """An effect no treatment names is a word nobody checks."""
    used = {effect.effect for treatment in treatments for effect in treatment.side_effects}
    return [Problem(vocab.display, vocab.lines[("effects", key)],
                    f"effect '{key}' is in the vocabulary but no treatment names it.",
                    "name it under `common_side_effects:` of a treatment, or remove it.")
            for key in vocab.effects if key not in used]
