"""The real site: strict build, every page present, nothing loaded from another host."""

from __future__ import annotations

import json
import re

import yaml
from conftest import ROOT

from hooks import settings as site_config


def nav_pages() -> list[tuple[str, str]]:
    config = site_config.read(ROOT / "mkdocs.yml")
    pages = []

    def walk(items):
        for item in items:
            if isinstance(item, str):  # a page listed without a label: its own title
                meta = yaml.safe_load((ROOT / "docs" / item).read_text().split("---")[1])
                pages.append((meta["title"], item))
                continue
            for title, target in item.items():
                if isinstance(target, list):
                    walk(target)
                else:
                    pages.append((title, target))

    walk(config["nav"])
    return pages


def html_path(site, src: str):
    name = src.removesuffix(".md")
    return site / ("index.html" if name == "index" else f"{name}/index.html")


def test_every_nav_page_is_built_with_title_and_description(built):
    for _title, src in nav_pages():
        page = html_path(built.site, src).read_text()
        meta = yaml.safe_load((ROOT / "docs" / src).read_text().split("---")[1])
        assert f"<title>{meta['title']}" in page or "<title>MS Treatment Paths" in page, src
        assert f'<meta name="description" content="{meta["description"]}"' in page, src


def test_search_index_contains_every_page(built):
    index = json.loads((built.site / "search/search_index.json").read_text())
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for _title, src in nav_pages():
        name = src.removesuffix(".md")
        assert ("" if name == "index" else f"{name}/") in locations, src


def test_no_source_list_or_review_box_is_in_the_search_index(built):
    """Per-page reference lists, the References page's list and the review box would make
    pages match words they do not say, and weigh on the index every search loads."""
    index = json.loads((built.site / "search/search_index.json").read_text())
    texts = {doc["location"]: doc["title"] + " " + doc["text"] for doc in index["docs"]}
    for location, text in texts.items():
        assert "Last reviewed" not in text and "Not medical advice" not in text, location
        assert "Neurotherapeutics" not in text, location  # a journal cited on many pages
        assert "<sup" not in text, location  # citation numbers
    assert any(loc.startswith("references/") for loc in texts)  # the page itself is found


LOADING = re.compile(r"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*?"""
                     r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


def test_built_html_loads_nothing_from_another_host(built):
    for folder in (built.site,):
        for page in folder.rglob("*.html"):
            text = page.read_text()
            offending = [m.group(0) for m in LOADING.finditer(text)
                         if 'rel="canonical"' not in m.group(0)]
            assert not offending, f"{page}: {offending[:3]}"
        for css in folder.rglob("*.css"):
            assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css.read_text()), css
