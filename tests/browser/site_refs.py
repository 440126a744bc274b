"""Which files of an unpacked static site its pages reference, starting from index.html.

Used to prove the offline zip carries nothing a reader never needs, and misses nothing a
page asks for. References are followed the way a browser would meet them:

- HTML: src, href and srcset attributes; Material's `__config` JSON (the search worker);
  inline styles and scripts like CSS and JS files.
- CSS: url(…) and @import.
- JS: quoted relative paths, resolved against the page that runs the script (Material's
  bundle builds URLs such as "search/search_index.js" on the page's base). Such strings
  are guesses, so they only count when the file exists; they are never reported missing.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
JS_PATH = re.compile(r"""["'`]((?:\.{0,2}/)?[\w.-]+(?:/[\w.-]+)*\.[a-z0-9]{2,5})["'`]""")
PAGE_TYPES = {".html", ".htm"}


@dataclass
class References:
    """Files reached from the start page, and references that point at nothing."""

    reached: set[str] = field(default_factory=set)
    missing: dict[str, set[str]] = field(default_factory=dict)


class _Page(HTMLParser):
    """Collects the references of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.inline_js: list[str] = []
        self.inline_css: list[str] = []
        self.config: str = ""
        self._inside: tuple[str, dict[str, str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("href", "src", "poster", "data"):
            if values.get(name):
                self.urls.append(values[name])
        if values.get("srcset"):
            self.urls += [part.split()[0] for part in values["srcset"].split(",") if part.strip()]
        if values.get("style"):
            self.inline_css.append(values["style"])
        if tag in ("script", "style"):
            self._inside = (tag, values)

    def handle_endtag(self, tag: str) -> None:
        self._inside = None

    def handle_data(self, data: str) -> None:
        if not self._inside:
            return
        tag, values = self._inside
        if tag == "style":
            self.inline_css.append(data)
        elif values.get("id") == "__config":
            self.config = data
        elif values.get("type", "text/javascript") in ("text/javascript", "module", ""):
            self.inline_js.append(data)


def _local(url: str) -> str | None:
    """The path part of a same-site URL, or None for other schemes, hosts and anchors."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return unquote(parts.path)


def _resolve(base_dir: str, path: str) -> str:
    """A site-relative path, as a browser resolves `path` from a file in `base_dir`."""
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(base_dir, path)
    return posixpath.normpath(joined)


def crawl(root: Path, start: str = "index.html") -> References:
    """Follow every reference from `start`; report what was reached and what is missing."""
    refs = References()
    queue: list[tuple[str, str]] = [(start, "")]  # (site path, page dir for JS strings)
    seen = set(queue)

    def add(target: str, referrer: str, page_dir: str, strict: bool = True) -> None:
        if (root / target).is_dir():
            target = posixpath.join(target, "index.html")
        if not (root / target).is_file():
            if strict:
                refs.missing.setdefault(target, set()).add(referrer)
            return
        refs.reached.add(target)
        # A script is read once per page folder (its strings resolve there); others once.
        key = (target, page_dir if Path(target).suffix in (".js", ".mjs") else "")
        if key not in seen:
            seen.add(key)
            queue.append(key)

    def css(text: str, here: str, referrer: str) -> None:
        for match in CSS_URL.finditer(text):
            path = _local(match.group(2) or match.group(4))
            if path:
                add(_resolve(here, path), referrer, here)

    def js(text: str, page_dir: str, referrer: str) -> None:
        for match in JS_PATH.finditer(text):
            add(_resolve(page_dir, match.group(1)), referrer, page_dir, strict=False)

    refs.reached.add(start)
    while queue:
        current, page_dir = queue.pop()
        here = posixpath.dirname(current)
        suffix = Path(current).suffix
        text = (root / current).read_text(encoding="utf-8", errors="replace")
        if suffix in PAGE_TYPES:
            page = _Page()
            page.feed(text)
            for url in page.urls:
                path = _local(url)
                if path:
                    add(_resolve(here, path), current, here)
            for block in page.inline_css:
                css(block, here, current)
            for block in page.inline_js:
                js(block, here, current)
            if page.config:
                config = json.loads(page.config)
                base = _resolve(here, config.get("base", "."))
                if config.get("search"):
                    add(_resolve(here, config["search"]), current, base)  # page-relative
        elif suffix == ".css":
            css(text, here, current)
        elif suffix in (".js", ".mjs"):
            js(text, page_dir, current)
    return refs
