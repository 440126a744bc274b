"""The Content-Security-Policy for the built site: own origin only, inline code by hash.

Material writes a few small inline <script>s (the `__md_scope` helpers, the palette
restore) and the print page carries an inline <style>. Rather than 'unsafe-inline',
every distinct inline body found in the built HTML is allowed by its sha256 hash, so
any script injected later (and not built by us) is refused by the browser.
Data blocks (`application/json`, `application/ld+json`) are never executed and need no
allowance. Inline event handlers would need 'unsafe-hashes' for script: they are refused.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

# HTML's "JavaScript MIME type essence match" list, plus "module": these types execute.
JS_TYPES = frozenset({
    "", "module", "application/ecmascript", "application/javascript",
    "application/x-ecmascript", "application/x-javascript", "text/ecmascript",
    "text/javascript", "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
    "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript",
    "text/livescript", "text/x-ecmascript", "text/x-javascript",
})
SELF, UNSAFE_HASHES = "'self'", "'unsafe-hashes'"


class InlineCodeError(ValueError):
    """The site contains inline code that a hash-based policy cannot allow safely."""


@dataclass(frozen=True)
class Handler:
    """An inline event handler (`onclick=`) or a `javascript:` address: no hash allows it."""

    where: str
    tag: str
    attribute: str
    value: str

    @property
    def is_address(self) -> bool:
        return not self.attribute.lower().startswith("on")

    def __str__(self) -> str:
        return f"{self.where}: <{self.tag} {self.attribute}=…>"


@dataclass
class InlineCode:
    """Every distinct inline body in a site, and where anything disallowed was found."""

    scripts: set[str] = field(default_factory=set)
    styles: set[str] = field(default_factory=set)
    style_attributes: set[str] = field(default_factory=set)
    handlers: list[Handler] = field(default_factory=list)


def sha256_source(text: str) -> str:
    """A CSP hash source for an exact inline body (the browser hashes the UTF-8 bytes)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def executes(attributes: dict[str, str | None]) -> bool:
    """True for a classic or module script; False for a data block such as ld+json."""
    kind = attributes.get("type")
    if kind is None:
        language = attributes.get("language")
        kind = f"text/{language}" if language else ""
    return kind.split(";")[0].strip().lower() in JS_TYPES


def collect_html(html: str, where: str, found: InlineCode) -> None:
    """Add one page's inline scripts, styles, style attributes and handlers to `found`."""
    tree = LexborHTMLParser(html)
    for node in tree.css("script"):
        if "src" not in node.attributes and executes(node.attributes):
            found.scripts.add(node.text(deep=True) or "")
    for node in tree.css("style"):
        found.styles.add(node.text(deep=True) or "")
    for node in tree.css("*"):
        for name, value in node.attributes.items():
            lowered = name.lower()
            if lowered == "style" and value is not None:
                found.style_attributes.add(value)
            elif lowered.startswith("on") or (
                    lowered in {"href", "src", "action", "formaction"}
                    and (value or "").strip().lower().startswith("javascript:")):
                found.handlers.append(Handler(where, node.tag or "", name, value or ""))


def collect(site: Path) -> InlineCode:
    """Inline code across every HTML file of a built site."""
    found = InlineCode()
    for page in sorted(site.rglob("*.html")):
        collect_html(page.read_text(encoding="utf-8"), page.relative_to(site).as_posix(), found)
    return found


def _sources(prefix: Iterable[str], bodies: Iterable[str]) -> str:
    return " ".join([*prefix, *sorted(sha256_source(body) for body in bodies)])


def policy(found: InlineCode) -> str:
    """The policy text: 'self' for everything, inline code by hash, nothing from elsewhere."""
    if found.handlers:
        listed = "\n  ".join(map(str, found.handlers[:10]))
        raise InlineCodeError(
            "inline event handlers or javascript: URLs cannot be allowed by hash:\n  "
            f"{listed}\nFix: move the code into a .js file under docs/assets/javascripts/.")
    directives = [
        "default-src 'self'",
        f"script-src {_sources([SELF], found.scripts)}",
        f"style-src {_sources([SELF], found.styles)}",
    ]
    if found.style_attributes:
        # Styles only (never script): the hashes of the exact attribute values.
        directives.append(
            f"style-src-attr {_sources([UNSAFE_HASHES], found.style_attributes)}")
    directives += [
        # Material's stylesheet draws its icons from data: SVG URIs (mask-image).
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def site_policy(site: Path) -> str:
    """The policy for a built site folder."""
    return policy(collect(site))
