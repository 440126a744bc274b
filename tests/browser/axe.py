"""Run axe-core (from its npm package) in a page and describe what it found, readably."""

from __future__ import annotations

from conftest import ROOT
from playwright.sync_api import Page

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe tags each rule with what it tests).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


def violations(page: Page) -> list[dict]:
    """axe's WCAG A/AA violations for the page as it is now (inject, then run)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(_RUN, WCAG_TAGS)


def describe(found: dict[str, list[dict]], per_rule: int = 3) -> str:
    """One block per page and rule: what failed, where, and axe's own explanation."""
    lines = []
    for where, rules in found.items():
        for rule in rules:
            lines.append(f"{where}: {rule['id']} ({rule['impact']}) - {rule['help']}, "
                         f"{len(rule['nodes'])} element(s)")
            for node in rule["nodes"][:per_rule]:
                reason = " ".join(node["summary"].split())
                lines.append(f"    {node['target']}: {reason[:300]}")
    return "\n".join(lines)
