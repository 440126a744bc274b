"""The baseline for the hooks' own cost: the same text, built without hooks.

Our docs with `hooks: []` are not the same site: the five generated pages stay empty and no
page gets its reference list, so that build renders about a third of the text. Comparing
with it mostly measures the text the hooks add (Markdown, templates, search index and the
print page all grow with it), which no change to the hooks can remove.

This baseline keeps the text and drops only the hooks' work: one build with the hooks
records the site as they leave it (`snapshot_hook.py`: each page's Markdown, the HTML they
append, the Markdown settings they make), and that is then built with `hooks: []`.
Anything the snapshot misses makes the baseline cheaper, so the ratio errs on the strict
side.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

import site_config  # in hooks/, which bench/__main__.py puts on sys.path
from bench import builds, snapshot_hook

FOLDER = "same-output"


def prepare(config: Path, cwd: Path, hooks: list[str]) -> Path:
    """Write the snapshot under `cwd` and return the hooks-off config that builds it.

    `config` is the site's config (built from `cwd`) and `hooks` its hook list, to which the
    snapshot hook is appended for one strict build.
    """
    folder = cwd / FOLDER
    shutil.rmtree(folder, ignore_errors=True)
    # Styles, scripts and images as they are; every page comes from the snapshot.
    shutil.copytree(cwd / "docs", folder / "docs", ignore=shutil.ignore_patterns("*.md"))
    snapshot = _write(cwd / "mkdocs-snapshot.yml",
                      {"INHERIT": str(config), "hooks": [*hooks, snapshot_hook.__file__]})
    site = cwd / "snapshot-site"
    try:
        builds.mkdocs_build(snapshot, cwd, site, strict=True,
                            extra_env={snapshot_hook.FOLDER: str(folder)})
    finally:
        shutil.rmtree(site, ignore_errors=True)
    extensions = yaml.safe_load((folder / snapshot_hook.MARKDOWN_SETTINGS).read_text("utf-8"))
    return _write(cwd / "mkdocs-same-output.yml",
                  {"INHERIT": str(config), "hooks": [], "docs_dir": f"{FOLDER}/docs",
                   "markdown_extensions": extensions, "strict": True})


def project_hooks(config: Path) -> list[str]:
    """The `hooks:` list of mkdocs.yml."""
    return list(site_config.read(config).get("hooks") or [])


def _write(path: Path, settings: dict) -> Path:
    path.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path
