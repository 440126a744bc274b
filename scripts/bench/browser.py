"""Browser figures with Debian's Chromium: page weight on a first visit, and search latency."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from playwright.sync_api import Browser, Page, sync_playwright

from bench.server import Log
from bench.stats import median

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-background-networking",
                 "--disable-component-update", "--disable-gpu", "--no-first-run", "--disable-sync"]
# The budget counts these; anything else (search index, images) is shown apart.
COUNTED = ("html", "css", "js", "font")


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def category(content_type: str, path: str) -> str:
    """html, css, js, font or other, from the response's type (or the file's name)."""
    kind = content_type.split(";", maxsplit=1)[0].strip()
    if kind == "text/html":
        return "html"
    if kind == "text/css":
        return "css"
    if "javascript" in kind:
        return "js"
    if kind.startswith("font/") or path.endswith((".woff2", ".woff", ".ttf")):
        return "font"
    return "other"


@dataclass(frozen=True)
class Weight:
    """Bytes on the wire for one first visit, by category, and the requests made."""

    by_category: dict[str, int]
    requests: list[tuple[str, str, int]]

    @property
    def counted(self) -> int:
        return sum(self.by_category.get(c, 0) for c in COUNTED)


def weigh(entries: list[tuple[str, str, int]]) -> Weight:
    totals: dict[str, int] = {}
    for path, kind, size in entries:
        name = category(kind, path)
        totals[name] = totals.get(name, 0) + size
    return Weight(totals, list(entries))


def page_weight(browser: Browser, url: str, log: Log) -> Weight:
    """Load `url` in a fresh context (empty cache) and total what the server sent."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    try:
        log.clear()
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(1000)  # late requests (search worker, index) count too
        return weigh(list(log.entries))
    finally:
        context.close()


_OBSERVE = """() => {
  window.__bench = {inputs: [], shown: []};
  const input = document.querySelector('input.md-search__input');
  input.addEventListener('input', () => window.__bench.inputs.push(performance.now()));
  const list = document.querySelector('.md-search-result__list');
  new MutationObserver(() => {
    if (list.querySelector('.md-search-result__item'))
      window.__bench.shown.push(performance.now());
  }).observe(list, {childList: true, subtree: true});
}"""


def _latency(page: Page, query: str) -> float:
    """ms from the last keystroke of `query` to the first results list shown after it."""
    page.fill("input.md-search__input", "")
    page.wait_for_timeout(300)
    page.evaluate("() => { window.__bench.inputs = []; window.__bench.shown = []; }")
    page.keyboard.type(query, delay=60)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        marks = page.evaluate("() => window.__bench")
        last = marks["inputs"][-1] if marks["inputs"] else None
        after = [t for t in marks["shown"] if last is not None and t >= last]
        if after:
            return after[0] - last
    raise RuntimeError(f"search for {query!r} showed no results within 10 s")


def search_latency(browser: Browser, url: str, queries: list[str]) -> tuple[float, list[float]]:
    """Median ms from typing to results, over `queries`, once the index is loaded."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.click("input.md-search__input")
        page.evaluate(_OBSERVE)
        # Warm-up: the first query also waits for the worker to load the index.
        page.keyboard.type(queries[0])
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        times = [_latency(page, query) for query in queries]
        return median(times), times
    finally:
        context.close()
