"""Rules for the HTML a page becomes: no code of its own, nothing loaded from elsewhere.

Pages may hold raw HTML for layout, but not code: an inline `<script>`, `<style>`, `style=`
or `on…=` handler in a page is an error, so the Content-Security-Policy only ever allows
what the project's own templates write. And nothing a page shows may load from another
host: the offline copy has no network, and the public site promises no third parties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from hooks.hosting import csp
from hooks.model.pages import SourcePage
from hooks.problems import Problem

MAX_DEPTH = 60  # elements inside elements; prose never needs more than a dozen
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";\s]+)", re.IGNORECASE)
# <link rel=…> values that make the browser fetch the address.
_LOADING_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest",
                 "apple-touch-icon", "dns-prefetch", "preconnect", "prerender", "import"}
_ADDRESSES = (("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
              ("script", "src"), ("iframe", "src"), ("frame", "src"), ("embed", "src"),
              ("object", "data"), ("video", "src"), ("video", "poster"), ("audio", "src"),
              ("track", "src"), ("input", "src"), ("image", "href"), ("use", "href"),
              ("button", "formaction"), ("input", "formaction"), ("form", "action"))


@dataclass(frozen=True)
class Finding:
    """Something found in a page's HTML, and the text to look for in its source."""

    what: str
    needle: str


def inline_code(html: str) -> list[Finding]:
    """Scripts, styles, style attributes, event handlers and script URLs in page content.

    Found as the Content-Security-Policy finds them (hooks.hosting.csp), so what a page may
    not hold is exactly what the policy would have to allow.
    """
    found = csp.InlineCode()
    csp.collect_html(html, "", found)
    findings = [Finding("a <script> element", "<script") for _ in found.scripts]
    findings += [Finding("a <style> element", "<style") for _ in found.styles]
    findings += [Finding("a `style=` attribute", "style=") for _ in found.style_attributes]
    for handler in found.handlers:
        findings.append(
            Finding(f"a script address in `{handler.attribute}=` on <{handler.tag}>",
                    handler.value.strip()[:30]) if handler.is_address
            else Finding(f"an `{handler.attribute}=` event handler", f"{handler.attribute}="))
    return findings


def external_loads(html: str) -> list[Finding]:
    """Every address the browser would fetch from a host (not from the site's own files)."""
    found = []
    tree = _tree(html)
    for tag, name in _ADDRESSES:
        for node in tree.css(f"{tag}[{name}]"):
            for address in _split_srcset(node.attributes.get(name) or "", name):
                if _elsewhere(address):
                    found.append(Finding(f"<{tag} {name}> loads {address}", address))
    for node in tree.css("link[href]"):
        rels = set((node.attributes.get("rel") or "").lower().split())
        address = node.attributes.get("href") or ""
        if rels & _LOADING_RELS and _elsewhere(address):
            found.append(Finding(f"<link rel={' '.join(sorted(rels))}> loads {address}", address))
    for node in tree.css("meta[http-equiv]"):
        if (node.attributes.get("http-equiv") or "").lower() == "refresh":
            match = _REFRESH_URL.search(node.attributes.get("content") or "")
            if match and _elsewhere(match.group(1)):
                found.append(Finding(f"a refresh to {match.group(1)}", match.group(1)))
    css = [node.text(deep=True) or "" for node in tree.css("style")]
    css += [node.attributes.get("style") or "" for node in tree.css("[style]")]
    for text in css:
        found += css_loads(text)
    return found


def css_loads(css: str) -> list[Finding]:
    """`url(…)` and `@import` addresses in CSS that point at another host."""
    found = []
    for match in _CSS_URL.finditer(css):
        address = match.group(1) or match.group(2)
        if _elsewhere(address):
            found.append(Finding(f"CSS loads {address}", address))
    return found


def depth(html: str) -> int:
    """How deeply elements nest in `html` (counted from the tags, without a parser)."""
    level = deepest = 0
    for match in re.finditer(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>", html):
        closing, name, self_closing = match.groups()
        if name.lower() in _VOID or self_closing:
            continue
        level = max(0, level - 1) if closing else level + 1
        deepest = max(deepest, level)
    return deepest


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


def problems(page: SourcePage, findings: list[Finding], message: str, fix: str) -> list[Problem]:
    """Each finding as a problem on the line of the page's source where it is written."""
    return [Problem(page.display, _line_of(page, finding.needle),
                    f"{message}: {finding.what}.", fix) for finding in findings]


def _line_of(page: SourcePage, needle: str) -> int:
    offset = page.body.lower().find(needle.lower())
    return page.line_at(offset) if offset >= 0 else page.body_line


def _tree(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(f"<body>{html}</body>")


def _split_srcset(value: str, name: str) -> list[str]:
    if name != "srcset":
        return [value.strip()]
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _elsewhere(address: str) -> bool:
    """True unless the address is relative (the site's own files) or data: (inline).

    An absolute address, even to the public site, is a request to a host: the offline
    copy has no network, and the site's own pages never need one.
    """
    address = address.strip()
    if not address or address.startswith(("#", "data:")):
        return False
    parts = urlsplit(address)
    return bool(parts.scheme or parts.netloc)


def too_deep(pages: dict[str, SourcePage]) -> dict[str, Problem]:
    """Pages whose HTML nests too deeply for third-party code to handle in reasonable time.

    The print-site plugin's patterns took over ten minutes on 3,000 nested <div>: such a
    page is refused before any of that code sees it.
    """
    found = {}
    for uri, page in pages.items():
        if "<" in page.body and (level := depth(page.body)) > MAX_DEPTH:
            found[uri] = Problem(page.display, page.body_line,
                                 f"this page nests HTML elements {level} deep (at most "
                                 f"{MAX_DEPTH} are allowed).",
                                 "remove the extra <div> (or other) elements; Markdown needs "
                                 "none for headings, lists and boxes.")
    return found
