"""Treatments as pages: a profile, a list of links, and the compare page.

Everything is Markdown built with `md()` (escaped by construction); every statement keeps
its `[@key]`, which the citation step numbers like any other.
"""

from __future__ import annotations

import functools
import posixpath

from hooks.editions import artefacts
from hooks.model.pages import SourcePage
from hooks.model.side_effects import Vocabulary
from hooks.model.source import Source
from hooks.model.treatments import LIST_FENCE, PROFILE_FENCE, Statement, Treatment
from hooks.render import glossary
from hooks.render.text import Markup, div, md

SECTION_TITLES = {
    "licence": ("Who it is for", "licence"),
    "efficacy": ("How well it works", "efficacy"),
    "serious_risks": ("Serious risks", "serious-risks"),
    "monitoring": ("Tests and checks", "monitoring"),
    "pregnancy": ("Pregnancy, breastfeeding and birth control", "pregnancy"),
    "vaccines": ("Vaccines", "vaccines"),
    "stopping": ("Stopping", "stopping"),
}
NOT_CONFIRMED = ("We have not yet confirmed this from a source we could read, so we say "
                 "nothing here. Ask your MS team.")


def shown(source: Source, ids: list[str]) -> list[Treatment]:
    """The treatments of `ids` that can be shown: known, and with a page to link to."""
    return [source.treatments[key] for key in dict.fromkeys(ids)
            if key in source.treatments and key in source.profile_pages]


def link(target: str, here: str) -> str:
    """A Markdown link address from the page `here` to the page `target` (both src_uri)."""
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


def cite(key: str) -> str:
    return f" [@{key}]"


def _statement(item: Statement) -> str:
    return md(item.text) + cite(item.cite)


def _lower_first(name: str) -> str:
    """'Headache' → 'headache' inside a sentence; 'PML' stays as it is."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name


def sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def routes_text(treatment: Treatment, vocab: Vocabulary) -> str:
    """'Drip into a vein (infusion) or injection under the skin, in hospital or a clinic'."""
    routes = [vocab.label("routes", route) for route, _line in treatment.routes]
    routes = routes[:1] + [_lower_first(route) for route in routes[1:]]
    text = " or ".join([", ".join(routes[:-1]), routes[-1]] if len(routes) > 1 else routes)
    return f"{text}; {vocab.label('places', treatment.where[0]).lower()}"


def roles_text(treatment: Treatment, vocab: Vocabulary, cited: bool = True) -> str:
    if not treatment.roles:
        return "Not yet confirmed from a source we could read"
    return "; ".join(md(vocab.label("roles", role.role)) + (cite(role.cite) if cited else "")
                     for role in treatment.roles)


def brands_text(treatment: Treatment) -> str:
    if not treatment.brands:
        return "None: it is not sold under a brand name for MS"
    if treatment.brands_uk_eu == treatment.brands_us:
        return md(", ".join(treatment.brands))
    parts = []
    for place, names in (("UK and EU", treatment.brands_uk_eu), ("US", treatment.brands_us)):
        if names:
            parts.append(f"{place}: {md(', '.join(names))}")
    return ". ".join(parts)


def card_path(treatment: Treatment, edition: str) -> str:
    """The site path of the treatment's warning-signs card (a PDF of the print step)."""
    return f"{artefacts.DOWNLOADS}/{artefacts.card_name(edition, treatment.id)}"


# ---------------------------------------------------------------- one treatment's page

def profile(treatment: Treatment, vocab: Vocabulary, page_url: str, edition: str) -> str:
    """The whole generated part of a treatment page, in page order. `page_url` is where the
    page is built (treatments/x/ or, offline, treatments/x.html): the card link is raw HTML,
    which MkDocs does not adjust."""
    here = f"treatments/{treatment.id}.md"  # Markdown links are relative to the source
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    card = posixpath.relpath(card_path(treatment, edition), folder.rstrip("/") or ".")
    out = [_key_points(treatment, vocab), "", "## At a glance {#at-a-glance}", "",
           "| Question | Answer |", "| --- | --- |",
           f"| Brand names | {brands_text(treatment)} |"]
    if treatment.other_names:
        out.append(f"| Other names and spellings people search for | "
                   f"{md(', '.join(treatment.other_names))} |")
    out += [f"| What kind of drug | {_statement(treatment.drug_class)} |",
            f"| How it is given | {md(routes_text(treatment, vocab))} |",
            f"| How often | {_statement(treatment.how_often)} |",
            f"| Its role in a treatment plan | {roles_text(treatment, vocab)} |", ""]
    out += _section(treatment, "licence")
    out += _section(treatment, "efficacy")
    out += [f"How the main trials compare: [What the research says]"
            f"({link('research.md', here)}).", ""]
    out += _side_effects(treatment, vocab)
    out += _section(treatment, "serious_risks")
    out += _warning_signs(treatment, vocab, card)
    for name in ("monitoring", "pregnancy", "vaccines", "stopping"):
        out += _section(treatment, name)
    if treatment.unconfirmed:
        out += ["## What we could not confirm {#unconfirmed}", "",
                "We looked for these facts but could not confirm them from a source we "
                "could read. So this page says nothing about them. Ask your MS team.", "",
                *div([f"- {md(sentence(item.what))}" for item in treatment.unconfirmed],
                     "mstp-unconfirmed", searchable=False)]
    return "\n".join(out)


def _key_points(treatment: Treatment, vocab: Vocabulary) -> str:
    points = [f"How it is given: {md(routes_text(treatment, vocab))}.",
              f"How often: {_statement(treatment.how_often)}"]
    if treatment.roles:
        points.append(f"Its role: {roles_text(treatment, vocab)}.")
    risks = treatment.sections["serious_risks"]
    if risks:
        points.append(f"A serious risk to know about: {_statement(risks[0])}")
    urgent = [s for s in treatment.warning_signs if s.urgency == next(iter(vocab.urgencies))]
    points.append(f"Learn its {len(treatment.warning_signs)} warning signs below"
                  + (f", {len(urgent)} of them emergencies." if urgent else "."))
    # The admonition as HTML, to keep it out of search: the page says it all again below.
    box = ['<p class="admonition-title">Key points</p>', "", *(f"- {p}" for p in points)]
    return "\n".join(div(box, "admonition abstract", searchable=False))


def _section(treatment: Treatment, name: str) -> list[str]:
    title, anchor = SECTION_TITLES[name]
    items = treatment.sections[name]
    out = [f"## {title} {{#{anchor}}}", ""]
    out += [f"- {_statement(item)}" for item in items] if items else [NOT_CONFIRMED]
    return [*out, ""]


def _side_effects(treatment: Treatment, vocab: Vocabulary) -> list[str]:
    out = ["## Common side effects {#side-effects}", ""]
    if not treatment.side_effects:
        return [*out, NOT_CONFIRMED, ""]
    out += ["How often each one happens, in the words drug regulators use [@buchter2014]:", ""]
    for frequency, entry in vocab.frequencies.items():
        mine = [e for e in treatment.side_effects if e.frequency == frequency]
        if not mine:
            continue
        names = ", ".join(md(_lower_first(vocab.effects[e.effect]["name"])) for e in mine)
        keys = "; ".join(f"@{key}" for key in dict.fromkeys(e.cite for e in mine))
        out.append(f"- **{md(entry['label'])}** ({md(entry['explain'])}): {names} [{keys}]")
    return [*out, ""]


def _warning_signs(treatment: Treatment, vocab: Vocabulary, card: str) -> list[str]:
    out = ["## Warning signs: when to get help {#warning-signs}", ""]
    for urgency, entry in vocab.urgencies.items():
        signs = [s for s in treatment.warning_signs if s.urgency == urgency]
        if not signs:
            continue
        out += [f"**{md(entry['symbol'])} {md(entry['label'])}.** {md(entry['explain'])}",
                f"{{: .se-severity .se-{urgency} }}", ""]
        out += [f"- **{md(sentence(s.sign))}** {md(s.action)}{cite(s.cite)}" for s in signs]
        out.append("")
    # Raw HTML: the card is made by the print step, after MkDocs checked the page's links.
    out += [Markup('<p class="mstp-card-link"><a href="{}">Print these warning signs on one '
                   'page (PDF, A5)</a></p>').format(card), ""]
    return out


# ---------------------------------------------------------------- lists and the compare page

def link_list(ids: list[str], source: Source, here: str) -> str:
    """A treatment-list block: each treatment's name (linked), brands and how it is given."""
    out = [""]
    for treatment in shown(source, ids):
        page = source.profile_pages[treatment.id]
        brands = f" ({md(', '.join(treatment.brands))})" if treatment.brands else ""
        out.append(f"- [**{md(treatment.name)}**]({link(page, here)}){brands}: "
                   f"{md(routes_text(treatment, source.vocabulary))}.")
    return "\n".join(out) + "\n\n"


COMPARE_QUESTIONS = (
    ("How is it given, and how often?", "given"),
    ("What is its role?", "role"),
    ("What is the main serious risk?", "serious_risks"),
    ("Pregnancy and birth control", "pregnancy"),
    ("Tests and checks", "monitoring"),
)


def compare(source: Source, here: str) -> str:
    """One table a question: every treatment, by group, in two columns that fit a phone.

    Without glossary tooltips: each treatment's page explains its words, and 100 tooltips
    made this long page slow to open on a phone."""
    vocab = source.vocabulary
    out = []
    for question, field in COMPARE_QUESTIONS:
        anchor = field.replace("_", "-")
        table = ["| Treatment | Answer |", "| --- | --- |"]
        for group in vocab.groups.values():
            table.append(f"| **{md(group['label'])}** | |")
            for treatment in shown(source, group["treatments"]):
                name = f"[{md(treatment.name)}]({link(source.profile_pages[treatment.id], here)})"
                table.append(f"| {name} | {_answer(treatment, field, vocab)} |")
        out += [f"## {question} {{#{anchor}}}", "", *div(table, "mstp-compare", searchable=False)]
    return "\n".join(out) + glossary.no_tooltips(source.glossary)


def _answer(treatment: Treatment, field: str, vocab: Vocabulary) -> str:
    """The answer as the treatment's page words it. Its source is cited there: numbers on
    every cell made this page too heavy to lay out on a phone (Lighthouse 85)."""
    if field == "given":
        often = treatment.how_often.text
        return f"{md(routes_text(treatment, vocab))}. {md(often[:1].upper() + often[1:])}"
    if field == "role":
        return roles_text(treatment, vocab, cited=False)
    items = treatment.sections[field]
    return md(items[0].text) if items else "Not yet confirmed"


# ---------------------------------------------------------------- on a page

def replace_blocks(page: SourcePage, source: Source, edition: str, page_url: str) -> str:
    """The page body with each treatment and treatment-list block rendered."""
    markdown, out, last = page.body, [], 0
    blocks = sorted(page.blocks_of(PROFILE_FENCE) + page.blocks_of(LIST_FENCE),
                    key=lambda b: b.start)
    uses = source.uses_by_page.get(page.src_uri, [])
    for block in blocks:
        out.append(markdown[last:block.start])
        mine = [u for u in uses if shown(source, [u.treatment])
                and block.content_line <= u.line
                and u.line < block.content_line + block.content.count("\n") + 1]
        if block.info == PROFILE_FENCE and mine:
            out.append(profile(source.treatments[mine[0].treatment], source.vocabulary,
                               page_url, edition))
        elif mine:
            out.append(link_list([u.treatment for u in mine], source, page.src_uri))
        last = block.end
    out.append(markdown[last:])
    return "".join(out)


@functools.lru_cache(maxsize=1)
def _hyphenator():
    import pyphen  # WeasyPrint's own hyphenation dictionaries

    return pyphen.Pyphen(lang="en_GB")


def breakable(name: str) -> str:
    """A long name with soft hyphens, so a narrow table column can break it."""
    return " ".join(_hyphenator().inserted(word, hyphen="\u00ad") if len(word) > 9 else word
                    for word in name.split(" "))
