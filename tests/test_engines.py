"""Engine continuity: ProperDocs 1.6.7, the maintained fork of MkDocs 1.6, builds the same site.

Material for MkDocs reaches end of life on 2027-05-05 and MkDocs 2.0 drops plugins; this
keeps the way off MkDocs tested (README, "Moving engines"), not hoped for.
"""

from __future__ import annotations

import os
import subprocess

from conftest import PY, ROOT
from selectolax.lexbor import LexborHTMLParser


def articles(site) -> dict[str, str]:
    """Every page's article as HTML, by path (the theme's frame around it left out)."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        node = LexborHTMLParser(page.read_bytes()).css_first("article.md-content__inner")
        if node is not None:
            found[page.relative_to(site).as_posix()] = node.html or ""
    return found


def test_properdocs_builds_the_same_articles_as_mkdocs(built, tmp_path):
    out = tmp_path / "properdocs"
    run = subprocess.run([PY, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml",
                          "--site-dir", str(out)], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ProperDocs" in (out / "index.html").read_text(encoding="utf-8")  # its generator tag
    mkdocs, properdocs = articles(built.site), articles(out)
    assert len(mkdocs) > 10 and mkdocs.keys() == properdocs.keys()
    for path, article in mkdocs.items():
        assert properdocs[path] == article, path
