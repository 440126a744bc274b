"""Side-effect rules across the site: one declaration per effect and treatment, no unused words."""

from __future__ import annotations

from hooks.model.side_effects import Declaration, Vocabulary
from hooks.problems import Problem


def unique_declarations(declarations: list[Declaration], displays: dict[str, str]
                        ) -> tuple[list[Declaration], list[Problem]]:
    """The declarations without repeats, and a problem for each effect declared twice."""
    seen: dict[tuple[str, str], Declaration] = {}
    unique, problems = [], []
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
    return unique, problems


def unused_vocabulary(declarations: list[Declaration], vocab: Vocabulary) -> list[Problem]:
    """An effect in the vocabulary that no page declares is a word nobody checks."""
    used = {d.effect for d in declarations}
    return [Problem(vocab.display, vocab.lines[("effects", key)],
                    f"effect '{key}' is in the vocabulary but no page declares it.",
                    "declare it in a side-effects block, or remove it.")
            for key in vocab.effects if key not in used]
