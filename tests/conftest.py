"""Shared fixtures: the real build (once per session) and small fixture sites."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


@dataclass
class Build:
    """The outputs of one real `make build` (hooks.editions.build) run."""

    site: Path
    dist: Path
    output: str


@pytest.fixture(scope="session")
def built(tmp_path_factory, worker_id: str) -> Build:
    """The real site, offline zip, PDFs and reports, built once into a temp folder.

    Once for the whole run, not once per pytest-xdist worker: the first worker builds
    while the others wait on a lock, then all read the same (unchanged) output.
    """
    if worker_id == "master":  # not under xdist
        return _build(tmp_path_factory.mktemp("build"))
    shared = tmp_path_factory.getbasetemp().parent / "real-build"
    with (shared.parent / "real-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        log = shared / "build-output.txt"
        if log.is_file():
            return Build(shared / "site", shared / "dist", log.read_text(encoding="utf-8"))
        build = _build(shared)
        log.write_text(build.output, encoding="utf-8")
        return build


def _build(out: Path) -> Build:
    out.mkdir(parents=True, exist_ok=True)
    run = subprocess.run([PY, "-m", "hooks.editions.build", "--out", str(out)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    return Build(out / "site", out / "dist", run.stdout + run.stderr)


@dataclass
class FixtureSite:
    """A copy of the project with some files replaced, to build with bad input."""

    root: Path

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def build(self, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PY, "-m", "mkdocs", "build", "--strict", "--site-dir", str(self.root / "out"),
             *extra], cwd=self.root, capture_output=True, text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})


@pytest.fixture
def project_copy(tmp_path) -> FixtureSite:
    """The project's docs, hooks, overrides and config, copied so a test may break them."""
    for name in ("docs", "hooks", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    # Results cached by the content they depend on (hooks/cache.py): a copy's unchanged
    # pages are not measured again. Without the cache, the build only takes longer.
    if (ROOT / ".cache/mstp").is_dir():
        shutil.copytree(ROOT / ".cache/mstp", tmp_path / ".cache/mstp")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    return FixtureSite(tmp_path)
