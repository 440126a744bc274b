"""A copy of the site with N generated pages, to see whether build time per page stays flat.

The pages read like ours (short plain sentences, a key-points box, citations, reviewed
front matter) and pass every check of the strict build, so each costs what a real page
costs. The menu holds them in sections of PER_SECTION inside one top-level section.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import yaml

from bench.full_build import ENV, ROOT, BuildFailed

PER_SECTION = 20
SECTION = "More topics"
CITE = "webmd2022"
SUBJECTS = ("sleep", "work", "travel", "food", "walking", "heat", "stress", "mood", "pain",
            "driving", "family life", "school", "money", "sport", "your eyes", "blood tests")
SENTENCES = (
    "Many people with MS feel tired for no clear reason.", "Each person with MS is not the same.",
    "Your MS team can help you plan what to do next.", "Some drugs are a shot, and some a pill.",
    "It helps to write down your questions before a visit.", "Most relapses get better in weeks.",
    "A relapse is when your symptoms get worse for a while.", "Bring a friend if it helps you.",
    "Your team will check your blood from time to time.", "Tell your team if you feel sick.",
    "Rest when you need to, and do not push too hard.", "A short walk each day can help you.",
    "Keep cool on hot days, as heat can make you feel worse.", "Talk to your family about it.",
    "You can ask for a second view if you are not sure.", "It is fine to take time to choose.")
QUESTIONS = ("What can I do to help myself?", "How will this change my day?",
             "Who do I call if I feel worse?", "What should I look out for?")


def page_name(index: int) -> str:
    return f"topics/topic-{index + 1:03d}.md"


def review_fields(project: Path) -> dict[str, object]:
    """docs/index.md's reviewer, dates and audience, so the pages' reviews stay valid."""
    meta = yaml.safe_load((project / "docs" / "index.md").read_text(encoding="utf-8")
                          .split("---\n")[1])
    return {k: v for k, v in meta.items() if k not in ("title", "description")}


def page_text(index: int, review: dict[str, object]) -> str:
    """One page: front matter, title, key points, three sections; fixed for an index."""
    rng = random.Random(index)
    subject = SUBJECTS[index % len(SUBJECTS)]
    title = f"Topic {index + 1}: {subject}"

    def paragraph(count: int) -> str:
        chosen = rng.sample(SENTENCES, count)
        return " ".join([f"{chosen[0][:-1]} [@{CITE}].", *chosen[1:]])

    meta = {"title": title, "description": f"Plain facts about {subject} with MS, and what "
            "to ask your MS team.", **review}
    return "\n".join([
        "---", yaml.safe_dump(meta, sort_keys=False).strip(), "---", "", f"# {title}", "",
        '!!! abstract "Key points"', "", *[f"    - {s}" for s in rng.sample(SENTENCES, 3)], "",
        f"## What to know about {subject}", "", paragraph(4), "", paragraph(3), "",
        "## What you can do", "", paragraph(4), "",
        "## Questions for your MS team", "", *[f"- {q}" for q in rng.sample(QUESTIONS, 3)], ""])


def nav_section(pages: int) -> dict[str, list[dict[str, list[str]]]]:
    """{SECTION: [{"Topics 1 to 20": [pages]}, …]}, as a big site's menu would be."""
    return {SECTION: [{f"Topics {start + 1} to {min(start + PER_SECTION, pages)}":
                       [page_name(i) for i in range(start, min(start + PER_SECTION, pages))]}
                      for start in range(0, pages, PER_SECTION)]}


def add_to_nav(config: str, section: dict) -> str:
    """mkdocs.yml with `section` last in `nav:`, edited as text: the file has `!ENV` tags."""
    lines = config.splitlines(keepends=True)
    end = lines.index("nav:\n") + 1
    while end < len(lines) and lines[end].startswith("  "):
        end += 1
    block = textwrap.indent(yaml.safe_dump([section], sort_keys=False), "  ")
    return "".join([*lines[:end], block, *lines[end:]])


def generate(dest: Path, pages: int, project: Path = ROOT) -> Path:
    """The project's docs/, overrides/ and mkdocs.yml copied into `dest`, plus `pages` pages."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for name in ("docs", "overrides"):
        shutil.copytree(project / name, dest / name)
    for name in ("node_modules", "hooks"):  # mkdocs.yml names hooks/site_hook.py by path
        (dest / name).symlink_to(project / name, target_is_directory=True)
    (dest / "docs" / "topics").mkdir()
    review = review_fields(project)
    for index in range(pages):
        (dest / "docs" / page_name(index)).write_text(page_text(index, review), encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(add_to_nav(config, nav_section(pages)), encoding="utf-8")
    return dest


def build(folder: Path) -> float:
    """Wall time of one strict build (never -q: it hides what strict fails on), without the
    hooks' disk cache, so that every build does each page's whole work."""
    shutil.rmtree(folder / ".cache" / "mstp", ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
               str(folder / "site")]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=folder, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        errors = [line for line in done.stderr.splitlines() if not line.startswith("INFO")]
        raise BuildFailed(f"mkdocs build --strict in {folder} failed:\n" + "\n".join(errors[-12:]))
    return wall
