"""A generated site of N realistic pages, built like the real one, to see how the build scales.

The pages look like ours: reviewed front matter, short plain sentences with [@key]
citations to the real bibliography, and ```side-effects blocks in the real vocabulary's
words. They are made to pass every validation rule of the strict build:

- every bibliography entry is cited somewhere (keys are dealt round-robin over pages);
- every vocabulary effect is declared (effects are dealt round-robin too);
- no (treatment, effect) pair is declared twice: the n-th declaration of the corpus goes
  to generated treatment n // E (E = number of effects), so pairs never repeat, and the
  generated treatments are added to a generated copy of the vocabulary.

The corpus inherits the project's mkdocs.yml (INHERIT), so it is built with the same
theme, plugins and hooks; `hooks_off_config()` is the same corpus with `hooks: []`.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# Copied from the real site: the pages the hooks fill in (their markers) or list everything.
SPECIAL_PAGES = ("side-effects-a-z.md", "when-to-get-help.md", "side-effects-by-treatment.md",
                 "glossary.md", "references.md")
LINKED_FROM_PROJECT = ("hooks", "overrides", "node_modules")
PER_SECTION = 25
# With a hundred generated treatments, these index pages list dozens of drug names in one
# line, which reads as one endless sentence (grade 16+). The real site, with 3 treatments,
# passes; a site that grows to ~10 treatments would hit the same failure.
READING_LEVEL_EXEMPT = ("side-effects-a-z.md", "when-to-get-help.md")

SUBJECTS = ("tiredness", "sleep", "work", "travel", "family life", "exercise", "eating well",
            "your MRI scans", "relapses", "blood tests", "infections", "vaccines",
            "pregnancy", "money worries", "mood", "memory", "bladder problems", "pain",
            "walking", "eyesight", "heat", "stress", "driving", "school and study")
SENTENCES = (
    "Many people with MS feel tired for no clear reason.",
    "Your MS team can help you plan what to do next.",
    "It helps to write down your questions before a visit.",
    "Some drugs are given as a shot, and some as a pill.",
    "A relapse is when symptoms get worse for a while.",
    "Most relapses get better over a few weeks.",
    "Your team will check your blood from time to time.",
    "Tell your team if you feel unwell after a dose.",
    "A scan can show new areas of damage in your brain.",
    "Rest can help, but so can gentle exercise.",
    "Every person's MS is different.",
    "What works well for one person may not suit another.",
    "Ask how often you will need to come in for checks.",
    "Some side effects are mild and pass on their own.",
    "Others need a doctor's care straight away.",
    "You can bring a friend or family member to your visits.",
    "It is fine to ask for more time to decide.",
    "Keep a list of all the medicines you take.",
    "Strong drugs can lower your defence against germs.",
    "Your team may suggest some vaccines before you start.",
    "Heat can make your symptoms worse for a short time.",
    "Talk to your team before you plan a pregnancy.",
    "A nurse can show you how to give yourself a shot.",
    "Write down when your symptoms start and stop.",
)


@dataclass(frozen=True)
class Corpus:
    """A generated site on disk: its folder, its two configs and its page count."""

    root: Path
    pages: int

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def hooks_off_config(self) -> Path:
        return self.root / "mkdocs-hooks-off.yml"


def content_page_count(pages: int) -> int:
    """Pages besides the home page and the special pages."""
    count = pages - 1 - len(SPECIAL_PAGES)
    if count < 1:
        raise ValueError(f"a corpus needs at least {len(SPECIAL_PAGES) + 2} pages")
    return count


def page_name(index: int) -> str:
    return f"topics/topic-{index + 1:03d}.md"


def deal(items: int, per_page: int, page: int) -> list[int]:
    """Indexes of the `per_page` items dealt to page `page`, round-robin over all items."""
    return [(page * per_page + j) % items for j in range(per_page)]


def per_page(items: int, pages: int, least: int) -> int:
    """How many items each page must take so that every item is used at least once."""
    return max(least, math.ceil(items / pages))


def declarations(pages: int, effects: list[str], per: int) -> list[list[tuple[str, str]]]:
    """For each page, its (treatment id, effect id) pairs; no pair repeats in the corpus."""
    out = []
    for page in range(pages):
        pairs = []
        for j in range(per):
            n = page * per + j
            pairs.append((f"gen-{n // len(effects) + 1:03d}", effects[n % len(effects)]))
        out.append(pairs)
    return out


def page_text(index: int, keys: list[str], pairs: list[tuple[str, str]], *,
              severities: list[str], total: int, today: dt.date) -> str:
    """One topic page: front matter, key points, sections with citations, side-effects blocks."""
    rng = random.Random(index)
    subject = SUBJECTS[index % len(SUBJECTS)]
    cite = iter(keys * 4)

    def paragraph(sentences: int) -> str:
        chosen = rng.sample(SENTENCES, sentences)
        return " ".join(f"{s[:-1]} [@{next(cite)}]." if k % 2 == 0 else s
                        for k, s in enumerate(chosen))

    nxt = page_name((index + 1) % total).split("/")[1]
    lines = [
        "---",
        f"title: \"Topic {index + 1}: {subject}\"",
        f"description: Plain facts about {subject} for people with MS, and questions to ask "
        "your MS team.",
        f"reviewed: {today.isoformat()}",
        "reviewer: MS Treatment Paths editorial team",
        f"next_review: {today.replace(year=today.year + 1).isoformat()}",
        "audience: patient",
        "---",
        "",
        f"# Topic {index + 1}: {subject}",
        "",
        '!!! abstract "Key points"',
        "",
        *[f"    - {s[:-1]} [@{next(cite)}]." for s in rng.sample(SENTENCES, 3)],
        "",
        f"## What to know about {subject}",
        "",
        paragraph(4),
        "",
        paragraph(3),
        "",
        "## Questions to ask",
        "",
        *[f"- {s}" for s in rng.sample(SENTENCES, 4)],
        "",
        "| What | How often |",
        "| --- | --- |",
        "| Blood tests | Every few months |",
        "| MRI scans | Once a year |",
        "",
        f"Read the [next topic]({nxt}) or the [side effects A to Z](../side-effects-a-z.md).",
        "",
        "## Side effects",
        "",
        paragraph(3),
        "",
    ]
    by_treatment: dict[str, list[str]] = {}
    for treatment, effect in pairs:
        by_treatment.setdefault(treatment, []).append(effect)
    for number, (treatment, effects) in enumerate(by_treatment.items()):
        lines += ["```side-effects", f"treatment: {treatment}",
                  f"severity: {severities[(index + number) % len(severities)]}",
                  f"cite: {next(cite)}", "effects:", *[f"  - {e}" for e in effects], "```", ""]
    return "\n".join(lines)


def home_text(today: dt.date, key: str) -> str:
    return "\n".join([
        "---", "title: MS Treatment Paths (generated)",
        "description: A generated copy of the site, used only to measure how the build scales.",
        f"reviewed: {today.isoformat()}", "reviewer: MS Treatment Paths editorial team",
        f"next_review: {today.replace(year=today.year + 1).isoformat()}", "audience: patient",
        "---", "", "# MS Treatment Paths", "",
        f"This site helps you talk with your MS team [@{key}]. Start with the "
        f"[first topic]({page_name(0)}).", ""])


def _nav(content: int) -> list[Any]:
    """Topics in sections of PER_SECTION under one "Topics" heading, as a big site would be.

    With `navigation.prune`, a page's menu then lists its own section's pages and only the
    names of the others, so pages do not grow with the size of the site.
    """
    sections = [{f"Topics {start + 1} to {min(start + PER_SECTION, content)}":
                 [page_name(i) for i in range(start, min(start + PER_SECTION, content))]}
                for start in range(0, content, PER_SECTION)]
    return [{"Home": "index.md"}, {"Topics": sections}, {"Side effects": list(SPECIAL_PAGES[:3])},
            "glossary.md", "references.md"]


def generate(dest: Path, pages: int, project: Path, today: dt.date | None = None) -> Corpus:
    """Write a corpus of `pages` pages into `dest` (made empty first)."""
    today = today or dt.date.today()
    content = content_page_count(pages)
    shutil.rmtree(dest, ignore_errors=True)
    (dest / "docs" / "topics").mkdir(parents=True)
    (dest / "docs" / "data").mkdir()
    for name in LINKED_FROM_PROJECT:
        (dest / name).symlink_to(project / name, target_is_directory=True)
    (dest / "docs" / "assets").symlink_to(project / "docs" / "assets", target_is_directory=True)
    for name in SPECIAL_PAGES:
        shutil.copy2(project / "docs" / name, dest / "docs" / name)
    for name in ("bibliography.yaml", "glossary.yaml"):
        shutil.copy2(project / "docs" / "data" / name, dest / "docs" / "data" / name)

    keys = [e["id"] for e in yaml.safe_load(
        (project / "docs" / "data" / "bibliography.yaml").read_text(encoding="utf-8"))]
    vocab = yaml.safe_load((project / "docs" / "data" / "side-effects.yaml")
                           .read_text(encoding="utf-8"))
    effects, severities = list(vocab["effects"]), list(vocab["severities"])
    pairs = declarations(content, effects, per_page(len(effects), content, 5))
    per_key = per_page(len(keys), content, 3)
    for index in range(content):
        mine = [keys[k] for k in deal(len(keys), per_key, index)]
        (dest / "docs" / page_name(index)).write_text(
            page_text(index, mine, pairs[index], severities=severities, total=content,
                      today=today), encoding="utf-8")
    (dest / "docs" / "index.md").write_text(home_text(today, keys[0]), encoding="utf-8")

    treatments = sorted({t for page in pairs for t, _ in page})
    vocab["treatments"] = {t: {"label": f"Generated drug {t[4:]}"} for t in treatments}
    (dest / "docs" / "data" / "side-effects.yaml").write_text(
        yaml.safe_dump(vocab, allow_unicode=True, sort_keys=False), encoding="utf-8")

    config = {
        "INHERIT": str(project / "mkdocs.yml"),
        "site_name": "MS Treatment Paths (generated)",
        "nav": _nav(content),
        "extra": {
            "data": {"bibliography": "docs/data/bibliography.yaml",
                     "side_effects": "docs/data/side-effects.yaml",
                     "glossary": "docs/data/glossary.yaml"},
            "citations": {"required_on": [page_name(i) for i in range(content)]},
            "reading_level": {"exempt": ["references.md", *READING_LEVEL_EXEMPT]},
        },
    }
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    corpus = Corpus(dest, pages)
    write_hooks_off_config(corpus.hooks_off_config, corpus.config)
    return corpus


def write_hooks_off_config(path: Path, inherit: Path) -> Path:
    """A config that is `inherit` with the project's hooks off.

    MkDocs merges an INHERITed config with mergedeep's default (replace) strategy: a list
    in the child replaces the parent's, so `hooks: []` drops every hook and keeps every
    plugin. Not strict: the raw markers and citations the hooks would replace remain.
    """
    path.write_text(yaml.safe_dump({"INHERIT": str(inherit), "hooks": [], "strict": False}),
                    encoding="utf-8")
    return path
