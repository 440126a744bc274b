"""Files a static host reads from the web site's root: `_headers` and `robots.txt`.

Written by hooks/editions/build.py into the web edition only, after MkDocs finished (the CSP
hashes must see every page, including the print page the print-site plugin writes last).
"""

from __future__ import annotations

from pathlib import Path

from hooks.hosting import csp, robots
from hooks.hosting import headers as security_headers


def write(site: Path, site_url: str) -> None:
    """Add `_headers` and complete `robots.txt` in a freshly built site folder.

    Raises csp.InlineCodeError (a ValueError) when a page has inline code no hash allows.
    """
    headers = security_headers.security_headers(csp.site_policy(site))
    immutable = [path for path in security_headers.url_paths(site)
                 if security_headers.cache_control(path) == security_headers.IMMUTABLE]
    (site / "_headers").write_text(security_headers.headers_file(headers, immutable),
                                   encoding="utf-8")
    robots_txt = site / "robots.txt"
    policy = robots_txt.read_text(encoding="utf-8") if robots_txt.is_file() else ""
    robots_txt.write_text(robots.render(policy, site_url), encoding="utf-8")
