"""Treatments as data: one file per treatment in docs/data/treatments/, read once.

A treatment's file holds every fact its page shows: names, how it is given, its role,
licence, how well it works, side effects with how often they happen, serious risks,
warning signs with how urgently to act, monitoring, pregnancy, vaccines and stopping.
Every item names its source. The side-effects index, "When to get help", the table and the
compare page are rendered from the same files, so no page keeps its own copy of a list.

Pages show treatments through two fenced blocks:

    ```treatment
    alemtuzumab
    ```

renders the treatment's whole profile (its page), and

    ```treatment-list
    [interferon-beta, glatiramer-acetate]
    ```

renders a short list of links to treatment pages.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hooks.model.pages import SourcePage
from hooks.model.yaml_data import DataFileError, LocatedData, parse_yaml, read_text, repeated_keys
from hooks.problems import Problem

PROFILE_FENCE = "treatment"
LIST_FENCE = "treatment-list"

# The sections of a profile that are lists of cited statements, in page order.
STATEMENT_SECTIONS = ("licence", "efficacy", "serious_risks", "monitoring", "pregnancy",
                      "vaccines", "stopping")

_KEY = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"
_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_TEXT = {"type": "string", "minLength": 3}
_CITE = {"type": "string", "pattern": _KEY}
_STATEMENT = {"type": "object", "required": ["text", "cite"], "additionalProperties": False,
              "properties": {"text": _TEXT, "cite": _CITE}}
_STATEMENTS = {"type": "array", "items": _STATEMENT}
_NAMES = {"type": "array", "items": {"type": "string", "minLength": 2}}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "brands", "other_names", "drug_class", "given", "roles",
                 "common_side_effects", "warning_signs", *STATEMENT_SECTIONS, "unconfirmed"],
    "properties": {
        "id": {"type": "string", "pattern": _ID},
        "name": {"type": "string", "minLength": 2, "maxLength": 60},
        "brands": {"type": "object", "additionalProperties": False, "required": ["uk_eu", "us"],
                   "properties": {"uk_eu": _NAMES, "us": _NAMES}},
        "other_names": _NAMES,
        "drug_class": _STATEMENT,
        "given": {"type": "object", "additionalProperties": False,
                  "required": ["routes", "where", "how_often"],
                  "properties": {"routes": {"type": "array", "minItems": 1,
                                            "items": {"type": "string"}},
                                 "where": {"type": "string"},
                                 "how_often": _STATEMENT}},
        "roles": {"type": "array", "items": {
            "type": "object", "required": ["role", "cite"], "additionalProperties": False,
            "properties": {"role": {"type": "string"}, "cite": _CITE}}},
        "common_side_effects": {"type": "array", "items": {
            "type": "object", "required": ["effect", "frequency", "cite"],
            "additionalProperties": False,
            "properties": {"effect": {"type": "string"}, "frequency": {"type": "string"},
                           "cite": _CITE}}},
        "warning_signs": {"type": "array", "minItems": 3, "maxItems": 5, "items": {
            "type": "object", "required": ["sign", "action", "urgency", "cite"],
            "additionalProperties": False,
            "properties": {"sign": _TEXT, "action": _TEXT, "urgency": {"type": "string"},
                           "cite": _CITE}}},
        **{name: _STATEMENTS for name in STATEMENT_SECTIONS},
        "unconfirmed": {"type": "array", "items": {
            "type": "object", "required": ["what", "why"], "additionalProperties": False,
            "properties": {"what": _TEXT, "why": _TEXT}}},
    },
}

# What to write, by the field that is missing or wrong.
_HINTS = {
    "id": "the file's name without `.yaml`, e.g. `id: alemtuzumab`",
    "name": "the generic name, e.g. `name: Alemtuzumab`",
    "brands": "`brands: {uk_eu: [Lemtrada], us: [Lemtrada]}` (an empty list if none)",
    "uk_eu": "the UK and EU brand names, e.g. `uk_eu: [Lemtrada]`",
    "us": "the US brand names, e.g. `us: [Lemtrada]`",
    "other_names": "other names and spellings people search with, e.g. `[Campath]`",
    "given": "`given:` with `routes`, `where` and `how_often`",
    "routes": "how it is given, e.g. `routes: [drip]`",
    "where": "`where: home` or `where: hospital`",
    "text": "the statement in plain words, e.g. `text: \"Two courses a year apart.\"`",
    "cite": "the bibliography key of the source you read, e.g. `cite: ema-lemtrada-smpc`",
    "role": "one of the roles in the vocabulary, e.g. `role: induction`",
    "effect": "an effect id from the vocabulary, e.g. `effect: headache`",
    "frequency": "a frequency word, e.g. `frequency: common`",
    "sign": "what the person notices, in plain words",
    "action": "what to do, e.g. `action: \"Call an ambulance (999 in the UK, 911 in the US).\"`",
    "urgency": "how urgently, e.g. `urgency: emergency`",
    "what": "the fact you looked for",
    "why": "why it could not be confirmed",
    "warning_signs": "3 to 5 warning signs, each with sign, action, urgency and cite",
    "unconfirmed": "`unconfirmed: []`, or what you could not confirm and why",
}


@dataclass(frozen=True)
class Statement:
    """One cited statement of a profile, with the line it is written on."""

    text: str
    cite: str
    line: int


@dataclass(frozen=True)
class SideEffect:
    effect: str
    frequency: str
    cite: str
    line: int


@dataclass(frozen=True)
class WarningSign:
    sign: str
    action: str
    urgency: str
    cite: str
    line: int


@dataclass(frozen=True)
class Role:
    role: str
    cite: str
    line: int


@dataclass(frozen=True)
class Unconfirmed:
    what: str
    why: str


@dataclass(frozen=True)
class Treatment:
    """One treatment's profile, as its file says, with lines for every message."""

    id: str
    name: str
    brands_uk_eu: tuple[str, ...]
    brands_us: tuple[str, ...]
    other_names: tuple[str, ...]
    drug_class: Statement
    routes: tuple[tuple[str, int], ...]  # (route id, line)
    where: tuple[str, int]
    how_often: Statement
    roles: tuple[Role, ...]
    side_effects: tuple[SideEffect, ...]
    warning_signs: tuple[WarningSign, ...]
    sections: dict[str, tuple[Statement, ...]]  # STATEMENT_SECTIONS, in that order
    unconfirmed: tuple[Unconfirmed, ...]
    display: str  # the file, as messages show it
    located: LocatedData

    @property
    def brands(self) -> list[str]:
        """Every brand name once, UK/EU first."""
        return list(dict.fromkeys([*self.brands_uk_eu, *self.brands_us]))

    @property
    def search_names(self) -> list[str]:
        """The names a reader may type: brands, then other names and spellings."""
        return list(dict.fromkeys([*self.brands, *self.other_names]))

    def cited_keys(self) -> list[str]:
        """Every key the profile cites, in page order, once."""
        keys = [self.drug_class.cite, self.how_often.cite, *(r.cite for r in self.roles)]
        keys += [s.cite for s in self.sections["licence"]]
        keys += [s.cite for s in self.sections["efficacy"]]
        keys += [e.cite for e in self.side_effects]
        keys += [s.cite for s in self.sections["serious_risks"]]
        keys += [w.cite for w in self.warning_signs]
        for name in STATEMENT_SECTIONS[3:]:
            keys += [s.cite for s in self.sections[name]]
        return list(dict.fromkeys(keys))

    def line(self, *path: Any) -> int:
        return self.located.line(*path)


# ---------------------------------------------------------------- reading

def load_folder(folder: Path) -> tuple[dict[str, Treatment], list[Problem]]:
    """Every `*.yaml` profile in the folder, by id; a file that cannot be read is a problem."""
    if not folder.is_dir():
        return {}, [Problem(str(folder), 1, "this folder of treatment files does not exist.",
                            "create it, or correct `extra.data_files.treatments` in mkdocs.yml.")]
    treatments: dict[str, Treatment] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        display = str(path)
        try:
            treatment, wrong = parse(read_text(path, display), display, path.stem)
        except DataFileError as error:
            problems.append(error.problem)
            continue
        problems += wrong
        if treatment is not None:
            treatments[treatment.id] = treatment
    if not treatments and not problems:
        problems.append(Problem(str(folder), 1, "there are no treatment files here.",
                                "add one `<id>.yaml` per treatment (see README.md)."))
    return treatments, problems


def parse(text: str, display: str, stem: str) -> tuple[Treatment | None, list[Problem]]:
    """One profile: schema problems with their lines, or the Treatment."""
    located = parse_yaml(text, display)
    if not isinstance(located.data, dict):
        return None, [Problem(display, 1, "this treatment file is not a mapping.",
                              "start with `id:`, `name:` and the other fields (see README.md).")]
    problems = repeated_keys(located, display)
    problems += schema_problems(located, display)
    data = located.data
    if isinstance(data.get("id"), str) and data["id"] != stem:
        problems.append(Problem(display, located.line("id"),
                                f"the id '{data['id']}' is not the file's name '{stem}'.",
                                f"write `id: {stem}`, or rename the file to {data['id']}.yaml."))
    if problems:
        return None, problems
    return _treatment(located, display), []


def schema_problems(located: LocatedData, display: str) -> list[Problem]:
    """The JSON Schema's findings, each at the line of the field it is about."""
    problems = []
    for error in sorted(_validator().iter_errors(located.data), key=lambda e: list(e.path)):
        path = tuple(error.absolute_path)
        line = located.line(*path)
        where = _describe(path)
        if error.validator == "required":
            name = error.message.split("'")[1]
            problems.append(Problem(display, line, f"{where} has no `{name}`.",
                                    f"add {_HINTS.get(name, f'`{name}:`')}."))
        elif error.validator == "additionalProperties":
            allowed = error.schema.get("properties", {})
            for name in sorted(set(error.instance) - set(allowed)):
                problems.append(Problem(display, located.line(*path, name),
                                        f"unknown field `{name}` in {where}.",
                                        f"use only: {', '.join(allowed)}."))
        elif error.validator in ("minItems", "maxItems"):
            count = len(error.instance)
            problems.append(Problem(display, line, f"{where} has {count} items; "
                                    f"{_limits(error.schema)}.",
                                    f"give {_HINTS.get(str(path[-1]), 'the right number')}."))
        elif error.validator == "pattern" and path[-1:] == ("cite",):
            problems.append(Problem(display, line, f"{where} is not a bibliography key.",
                                    f"write {_HINTS['cite']}."))
        else:
            field = str(next((p for p in reversed(path) if isinstance(p, str)), "value"))
            problems.append(Problem(display, line, f"{where} is not valid: {error.message}.",
                                    f"write {_HINTS.get(field, 'a value of the right kind')}."))
    return problems


def _describe(path: tuple[Any, ...]) -> str:
    """`('warning_signs', 1, 'action')` → "`warning_signs` item 2, `action`"."""
    if not path:
        return "the file"
    parts = []
    for part in path:
        parts.append(f"item {part + 1}" if isinstance(part, int) else f"`{part}`")
    return ", ".join(parts).replace(", item", " item")


def _limits(schema: dict[str, Any]) -> str:
    low, high = schema.get("minItems"), schema.get("maxItems")
    if low is not None and high is not None:
        return f"it needs {low} to {high}"
    return f"it needs at least {low}" if low is not None else f"it allows at most {high}"


@functools.cache
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(SCHEMA)


def _treatment(located: LocatedData, display: str) -> Treatment:
    data = located.data

    def statement(value: dict[str, str], *path: Any) -> Statement:
        return Statement(value["text"], value["cite"], located.line(*path))

    given = data["given"]
    return Treatment(
        id=data["id"], name=data["name"],
        brands_uk_eu=tuple(data["brands"]["uk_eu"]), brands_us=tuple(data["brands"]["us"]),
        other_names=tuple(data["other_names"]),
        drug_class=statement(data["drug_class"], "drug_class"),
        routes=tuple((route, located.line("given", "routes", i))
                     for i, route in enumerate(given["routes"])),
        where=(given["where"], located.line("given", "where")),
        how_often=statement(given["how_often"], "given", "how_often"),
        roles=tuple(Role(r["role"], r["cite"], located.line("roles", i))
                    for i, r in enumerate(data["roles"])),
        side_effects=tuple(SideEffect(e["effect"], e["frequency"], e["cite"],
                                      located.line("common_side_effects", i))
                           for i, e in enumerate(data["common_side_effects"])),
        warning_signs=tuple(WarningSign(w["sign"], w["action"], w["urgency"], w["cite"],
                                        located.line("warning_signs", i))
                            for i, w in enumerate(data["warning_signs"])),
        sections={name: tuple(statement(item, name, i) for i, item in enumerate(data[name]))
                  for name in STATEMENT_SECTIONS},
        unconfirmed=tuple(Unconfirmed(u["what"], u["why"]) for u in data["unconfirmed"]),
        display=display, located=located)


# ---------------------------------------------------------------- pages

@dataclass(frozen=True)
class TreatmentUse:
    """A page's block that shows a treatment: its profile, or a link in a list."""

    page: str  # src_uri
    treatment: str
    line: int
    profile: bool


def uses_on_page(page: SourcePage) -> tuple[list[TreatmentUse], list[Problem]]:
    """The treatments a page's blocks name, each with its line."""
    uses, problems = [], []
    for block in page.blocks_of(PROFILE_FENCE):
        value = block.content.strip()
        if not value or "\n" in value:
            problems.append(Problem(page.display, block.content_line,
                                    "a treatment block holds one treatment id.",
                                    "write only the id, e.g. `alemtuzumab`, inside the block."))
            continue
        uses.append(TreatmentUse(page.src_uri, value, block.content_line, True))
    for block in page.blocks_of(LIST_FENCE):
        try:
            located = parse_yaml(block.content, page.display, block.content_line)
        except DataFileError as error:
            problems.append(error.problem)
            continue
        ids = located.data
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            problems.append(Problem(page.display, block.content_line,
                                    "a treatment-list block is not a list of treatment ids.",
                                    "write e.g. `[interferon-beta, glatiramer-acetate]`."))
            continue
        uses += [TreatmentUse(page.src_uri, value, located.line(i), False)
                 for i, value in enumerate(ids)]
    return uses, problems
