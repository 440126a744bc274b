"""robots.txt for the public website, with a Sitemap line made from `site_url`.

docs/robots.txt holds the crawling policy; the Sitemap address is derived from
mkdocs.yml's site_url at build time, so moving the site can never leave it stale.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def site_root(site_url: str) -> str:
    """site_url as MkDocs uses it: absolute http(s), ending in exactly one slash."""
    parts = urlsplit(site_url or "")
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"site_url must be an absolute http(s) address, not {site_url!r}")
    return site_url.rstrip("/") + "/"


def sitemap_url(site_url: str) -> str:
    """Where MkDocs' sitemap.xml is published."""
    return site_root(site_url) + "sitemap.xml"


def render(policy: str, site_url: str) -> str:
    """The policy text without any Sitemap line of its own, then the one true Sitemap line."""
    kept = [line for line in policy.splitlines()
            if not line.strip().lower().startswith("sitemap:")]
    while kept and not kept[-1].strip():
        kept.pop()
    blank = [""] if kept else []
    return "\n".join([*kept, *blank, f"Sitemap: {sitemap_url(site_url)}"]) + "\n"
