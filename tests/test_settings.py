"""Typed settings: a wrong type or an unknown key under `extra:` is an error with its line."""

from __future__ import annotations

import pytest
from conftest import ROOT

from hooks import settings


def problems_of(tmp_path, old: str, new: str) -> list[str]:
    config = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(settings.SettingsError) as error:
        settings.from_file(config)
    return [str(problem) for problem in error.value.problems]


def line_of(text: str) -> int:
    lines = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_the_project_settings_are_valid():
    loaded = settings.from_file()
    assert loaded.edition.count("-") == 2
    assert loaded.review.max_interval_years >= 1
    assert loaded.data_files.bibliography.endswith("bibliography.yaml")


def test_a_wrong_type_names_the_setting_its_line_and_a_fix(tmp_path):
    [problem] = problems_of(tmp_path, "max_interval_years: 3", "max_interval_years: three")
    line = line_of("max_interval_years: 3")
    assert problem.startswith(f"mkdocs.yml:{line}: setting `extra.review.max_interval_years` "
                              "is not valid (Expected type: <class 'int'>")
    assert problem.endswith("Fix: write a whole number of years, e.g. `max_interval_years: 3`.")


def test_an_unquoted_edition_date_is_refused(tmp_path):
    edition = settings.from_file().edition
    [problem] = problems_of(tmp_path, f'edition: "{edition}"', f"edition: {edition}")
    line = line_of(f'edition: "{edition}"')
    assert f"mkdocs.yml:{line}: setting `extra.edition` is not valid" in problem
    assert 'Fix: write the date in quotes, e.g. `edition: "2026-11-25"`.' in problem


def test_an_unknown_setting_is_refused(tmp_path):
    [problem] = problems_of(tmp_path, "  review:\n", "  reveiw_typo: 1\n  review:\n")
    assert problem.startswith(f"mkdocs.yml:{line_of('  review:')}: unknown setting "
                              "`extra.reveiw_typo`. Fix: remove it, or correct its name")


def test_the_build_stops_on_wrong_settings_with_the_message(project_copy):
    project_copy.edit("mkdocs.yml", "max_grade: 8", "max_grade: eight")
    run = project_copy.build()
    assert run.returncode == 1
    out = run.stdout + run.stderr
    assert "setting `extra.reading_level.max_grade` is not valid" in out
    assert "Aborted: mkdocs.yml has settings that are not valid" in out
    assert "Traceback" not in out
