"""Lighthouse (npm, pinned in package.json) against Debian's Chromium, mobile defaults.

Lighthouse would otherwise look for a Chrome of its own: CHROME_PATH points it at
/usr/bin/chromium, and nothing is downloaded (npm installs it with --ignore-scripts).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.browser import CHROMIUM, CHROMIUM_ARGS

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Performance diagnostics worth naming when the score is low (they carry no weight).
DIAGNOSTICS = ("bootup-time", "mainthread-work-breakdown", "unused-css-rules",
               "unused-javascript", "render-blocking-resources", "font-display")
_NOT_SCORED = ("notApplicable", "informative", "manual", "error")


@dataclass
class Report:
    url: str
    scores: dict[str, float]
    failing: dict[str, list[str]] = field(default_factory=dict)
    errored: list[str] = field(default_factory=list)  # audits Lighthouse could not run
    version: str = ""
    benchmark_index: float = 0.0


def run(project: Path, url: str, keep: Path | None = None, timeout: float = 240) -> Report:
    """Audit `url` once; scores are 0-100, `failing` lists audits below full marks.

    The full JSON result is copied to `keep` when given, for a closer look.
    """
    binary = project / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise RuntimeError("node_modules/.bin/lighthouse is missing: run `make install` (npm ci).")
    with tempfile.TemporaryDirectory(prefix="mstp-lighthouse-") as folder:
        out = Path(folder) / "report.json"
        command = [str(binary), url, "--output=json", f"--output-path={out}", "--quiet",
                   f"--only-categories={','.join(CATEGORIES)}",
                   f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"]
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True,
                              timeout=timeout)
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
        text = out.read_text(encoding="utf-8")
        if keep:
            keep.write_text(text, encoding="utf-8")
        return parse(json.loads(text), url)


def parse(data: dict, url: str) -> Report:
    """Scores and failing audits from Lighthouse's JSON result."""
    report = Report(url, {}, version=data.get("lighthouseVersion", ""),
                    benchmark_index=data.get("environment", {}).get("benchmarkIndex", 0.0))
    audits = data["audits"]
    report.errored = sorted(k for k, a in audits.items() if a.get("scoreDisplayMode") == "error")
    for name in CATEGORIES:
        category = data["categories"][name]
        score = category.get("score")
        report.scores[name] = round(score * 100) if score is not None else float("nan")
        failing = []
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if audit.get("scoreDisplayMode") in _NOT_SCORED or audit.get("score") is None:
                continue
            weighted = ref.get("weight", 0) > 0 or name != "performance"
            if audit["score"] < 1 and (weighted or audit["id"] in DIAGNOSTICS):
                failing.append(_describe(audit))
        if failing:
            report.failing[name] = failing
    return report


def _describe(audit: dict) -> str:
    """`id: title (value) [score]`, and where on the page, for audits about elements."""
    shown = audit.get("displayValue", "")
    text = (f"{audit['id']}: {audit['title']}" + (f" ({shown})" if shown else "")
            + f" [score {audit['score']:.2f}]")
    items = (audit.get("details") or {}).get("items") or []
    nodes = [i["node"]["selector"] for i in items
             if isinstance(i, dict) and isinstance(i.get("node"), dict) and "selector" in i["node"]]
    return text + (f" at `{'`, `'.join(nodes[:3])}`" if nodes else "")
