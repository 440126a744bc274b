"""The compare page and the side-effects table on a phone and a desktop, in both schemes;
the search index loads only when a reader opens search, and then finds brand names."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from . import axe, page_checks
from .guard import guard

SCHEMES = {"light": "default", "dark": "slate"}
WIDTHS = (390, 1280)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["treatments/compare/", "side-effects-by-treatment/"])
def test_compare_page_and_table_fit_the_screen_and_pass_axe(browser: Browser, web_url, path,
                                                            width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 844},
                                  color_scheme=scheme, reduced_motion="reduce")
    seen = guard(context, lambda url: url.startswith(web_url))
    page = context.new_page()
    page.goto(web_url + path)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    assert page_checks.overflow(page) == []
    # Each table fits its column too: nothing to scroll sideways inside it either.
    wider = page.evaluate("""[...document.querySelectorAll('article table')]
        .filter(t => t.getBoundingClientRect().width > t.closest('article')
                     .getBoundingClientRect().width + 1).length""")
    assert wider == 0, f"{wider} tables wider than the page at {width} px"
    found = axe.violations(page)
    assert not found, axe.describe({f"{path} {width} {scheme}": found})
    context.close()
    seen.assert_clean()


def test_search_index_loads_when_search_opens_and_a_brand_finds_its_page(browser: Browser,
                                                                          web_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    seen = guard(context, lambda url: url.startswith(web_url))
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(web_url + "treatments/ocrelizumab/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "search_index" in url]
    page.get_by_role("button", name="Search").click()
    page.keyboard.type("Tysabri", delay=20)
    first = page.locator(".md-search-result__item > .md-search-result__link").first
    expect(first).to_have_attribute("href", re.compile(r"treatments/natalizumab/"))
    assert [url for url in requested if url.endswith("search/search_index.json")]
    context.close()
    seen.assert_clean()
