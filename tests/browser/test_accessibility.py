"""Accessibility in a real browser (issue 8): axe-core on every page in both colour
schemes, keyboard use, target sizes, reflow at 320 px and 200 % zoom, reduced motion and
the reader's text-size control. The web build is served on 127.0.0.1; every request to
any other host is aborted and fails the test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from . import axe, page_checks
from .guard import Guard, guard

SCHEMES = {"light": "default", "dark": "slate"}  # emulated preference -> Material scheme
# Viewports. "zoom200" is a 1280x800 desktop window zoomed to 200 %: browser zoom halves
# the CSS viewport (640x400) and doubles device pixels per CSS pixel, which is exactly what
# this emulates, media queries included. (CSS `zoom` would not switch media queries, and
# scaling the text alone is covered by the text-size test.)
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}},
    "narrow320": {"viewport": {"width": 320, "height": 640}},
    "zoom200": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}


def site_pages(site: Path) -> list[str]:
    """URL paths of every built page (directory URLs for index.html files)."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        paths.append(relative.removesuffix("index.html"))
    return paths


@pytest.fixture(scope="module")
def pages(built) -> list[str]:
    found = site_pages(built.site)
    assert len(found) >= 15, found
    return found


@pytest.fixture
def open_context(browser: Browser, web_url: str) -> Iterator:
    """Make contexts limited to the loopback server; close them and check them after."""
    made: list[tuple[BrowserContext, Guard]] = []

    def make(**options) -> tuple[Page, Guard]:
        context = browser.new_context(**options)
        seen = guard(context, lambda url: url.startswith(web_url))
        made.append((context, seen))
        return context.new_page(), seen

    yield make
    for context, seen in made:
        context.close()
        seen.assert_clean()


# -- one pass over every page: axe in both schemes, target sizes, reflow ------------------
#
# Each page is loaded once, at 1280x800, and then measured in several states: axe with the
# light scheme, then (emulated preference switched) the dark one; targets; then the same
# page resized to a phone, to 320 px and to 640 px. A 1280x800 window zoomed to 200 % lays
# out exactly like a 640x400 viewport (browser zoom halves the CSS viewport, media queries
# included; device pixels per CSS pixel only change sharpness), so resizing to 640 px
# measures the 200 % zoom reflow. The "zoom200" contexts elsewhere also set
# device_scale_factor=2, the full emulation. CSS `zoom` would not switch media queries.

_SETTLE = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


@dataclass
class PageReport:
    """What the sweep found on one page; each test below asserts one rule over all pages."""

    axe: dict[str, list[dict]] = field(default_factory=dict)  # scheme -> violations
    targets: dict[str, list[str]] = field(default_factory=dict)  # layout -> failures
    reflow: dict[str, list[str]] = field(default_factory=dict)  # layout -> problems


def _resize(page: Page, size: str) -> None:
    page.set_viewport_size(VIEWPORTS[size]["viewport"])
    page.evaluate(_SETTLE)


def _scheme(page: Page, scheme: str) -> None:
    """Switch scheme with the header toggle, as a reader does. (Material follows the
    emulated preference on a first visit only: it then stores the scheme in
    localStorage. test_preference_selects_the_scheme_on_a_first_visit checks that.)"""
    body = page.locator("body")
    if body.get_attribute("data-md-color-scheme") != SCHEMES[scheme]:
        page.locator("label.md-header__button[for^='__palette']:visible").click()
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])


def _reflow_problems(page: Page, wide_text: str, wide_length: int) -> list[str]:
    found = page_checks.overflow(page)
    if _article_text(page) != wide_text:
        found.append("article text differs from the desktop layout")
    if _rendered_text_length(page) != wide_length:
        found.append("some article text is hidden in this layout")
    title = page.locator(".md-header__title").bounding_box()
    if not title or title["width"] < 80:
        found.append(f"header title squeezed to {title and round(title['width'])} px")
    return found


@pytest.fixture(scope="module")
def sweep(browser: Browser, web_url: str, pages: list[str]) -> Iterator[dict[str, PageReport]]:
    # Reduced motion: axe must see colours as they end up, not halfway through a fade.
    context = browser.new_context(color_scheme="light", reduced_motion="reduce",
                                  **VIEWPORTS["desktop"])
    seen = guard(context, lambda url: url.startswith(web_url))
    page = context.new_page()
    reports = {}
    for path in pages:
        report = reports[f"/{path}"] = PageReport()
        _resize(page, "desktop")
        page.goto(web_url + path)
        _scheme(page, "light")
        report.axe["light"] = axe.violations(page)
        _scheme(page, "dark")
        report.axe["dark"] = axe.violations(page)
        _scheme(page, "light")
        report.targets["desktop"] = page_checks.small_targets(page, TARGET_SCOPE)
        wide_text, wide_length = _article_text(page), _rendered_text_length(page)
        _resize(page, "phone")
        report.targets["phone"] = page_checks.small_targets(page, TARGET_SCOPE)
        for size in ("narrow320", "zoom200"):
            _resize(page, size)
            report.reflow[size] = _reflow_problems(page, wide_text, wide_length)
    yield reports
    context.close()
    seen.assert_clean()


# Links and buttons in the header, the main area (content and sidebars) and the footer.
TARGET_SCOPE = ".md-header, .md-main, .md-footer"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_wcag_violations_on_any_page(sweep, scheme):
    found = {f"{scheme} {path}": report.axe[scheme]
             for path, report in sweep.items() if report.axe[scheme]}
    assert not found, "axe found WCAG 2.2 A/AA violations:\n" + axe.describe(found)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_tap_targets_meet_wcag_2_5_8(sweep, size):
    failures = {path: report.targets[size][:5]
                for path, report in sweep.items() if report.targets[size]}
    assert not failures, f"targets under 24x24 px without an exception: {failures}"


@pytest.mark.parametrize("size", ["narrow320", "zoom200"])
def test_every_page_reflows_without_sideways_scrolling_or_lost_content(sweep, size):
    problems = {path: report.reflow[size] for path, report in sweep.items()
                if report.reflow[size]}
    assert not problems, f"reflow problems at {size}: {problems}"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_preference_selects_the_scheme_on_a_first_visit(open_context, web_url, scheme):
    page, _ = open_context(color_scheme=scheme, **VIEWPORTS["desktop"])
    page.goto(web_url + "glossary/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])


def test_scheme_choice_is_remembered_and_switches_from_the_keyboard(open_context, web_url):
    """Our palette script (partials/palette-script.html) replaces Material's component."""
    page, _ = open_context(color_scheme="light", **VIEWPORTS["desktop"])
    page.goto(web_url)
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES["light"])
    page.locator("label.md-header__button[for^='__palette']:visible").click()
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES["dark"])
    expect(page.locator("label.md-header__button[for^='__palette']:visible")).to_have_count(1)
    page.goto(web_url + "induction/")
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES["dark"])
    page.locator("input[name='__palette']:checked").focus()
    page.keyboard.press("Enter")
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES["light"])
    page.reload()
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES["light"])


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violations_in_menu_and_search(open_context, web_url, scheme):
    page, _ = open_context(color_scheme=scheme, reduced_motion="reduce", **VIEWPORTS["phone"])
    page.goto(web_url + "induction/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    found = {}
    page.get_by_role("button", name="Menu").click()
    expect(page.locator(".md-sidebar--primary")).to_be_visible()
    found["menu open"] = axe.violations(page)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Search").click()
    page.keyboard.type("relapse", delay=20)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    found["search results"] = axe.violations(page)
    found = {f"{scheme} {k}": v for k, v in found.items() if v}
    assert not found, "axe found WCAG 2.2 A/AA violations:\n" + axe.describe(found)


# -- keyboard ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(open_context, web_url,
                                                                   size):
    page, _ = open_context(reduced_motion="reduce", **VIEWPORTS[size])
    page.goto(web_url + "induction/")
    page.keyboard.press("Tab")
    stop = page_checks.focused(page)
    assert page.evaluate("document.activeElement.matches('a.md-skip')"), stop
    assert stop["visible"] and stop["onScreen"] and stop["ring"], stop
    target = page.evaluate("document.activeElement.getAttribute('href')")
    assert page.locator(f"article h1{target}").count() == 1, target
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == target
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('article')"), page_checks.focused(page)


# Tab walks: the page start, a long page on a phone, and the same at 200 % zoom. Motion
# is reduced so that each stop is checked as it ends up, not halfway through a fade-in.
@pytest.mark.parametrize(("path", "size"), [("", "desktop"), ("induction/", "phone"),
                                            ("side-effects-by-treatment/", "zoom200")])
def test_tab_reaches_every_control_and_focus_is_always_visible(open_context, web_url, path,
                                                               size):
    page, _ = open_context(reduced_motion="reduce", **VIEWPORTS[size])
    page.goto(web_url + path)
    wanted = {control["id"]: control["what"] for control in page_checks.controls(page)}
    reached, hidden_focus = set(), []
    first = None
    for _ in range(len(wanted) + 30):
        page.keyboard.press("Tab")
        stop = page_checks.focused(page)
        if stop is None:
            continue
        if stop["id"] == first:
            break  # back at the start: the whole page has been walked
        first = first or stop["id"]
        reached.add(stop["id"])
        if not (stop["visible"] and stop["onScreen"] and stop["ring"]):
            hidden_focus.append(stop)
    assert not hidden_focus, f"focus not visible at: {hidden_focus}"
    missing = [what for key, what in wanted.items() if key not in reached]
    assert not missing, f"{len(missing)} control(s) Tab never reaches: {missing}"


def test_menu_opens_and_closes_from_the_keyboard_on_a_phone(open_context, web_url):
    page, _ = open_context(reduced_motion="reduce", **VIEWPORTS["phone"])
    page.goto(web_url + "escalation/")
    menu = page.get_by_role("button", name="Menu")
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    page.keyboard.press(" ")
    expect(page.locator(".md-sidebar--primary")).to_be_visible()
    expect(page.locator(".md-sidebar--primary a", has_text="When to get help")).to_be_visible()


# -- helpers for the text comparisons ----------------------------------------------------


def _article_text(page: Page) -> str:
    """The article's text, minus the text-size control (it moves into the article)."""
    return page.evaluate("""() => {
      const article = document.querySelector("article").cloneNode(true);
      article.querySelectorAll(".mstp-text-size").forEach(el => el.remove());
      return article.textContent.replace(/\\s+/g, " ").trim();
    }""")


def _rendered_text_length(page: Page) -> int:
    """Characters of article text actually rendered (innerText leaves out hidden text)."""
    return page.evaluate("""() => {
      const article = document.querySelector("article");
      const size = document.querySelector("article .mstp-text-size");
      return article.innerText.replace(/\\s+/g, "").length -
        (size ? size.innerText.replace(/\\s+/g, "").length : 0);
    }""")


# -- motion ------------------------------------------------------------------------------


_MOTION = """() => {
  const ms = v => parseFloat(v) * (v.trim().endsWith("ms") ? 1 : 1000);
  const longest = list => Math.max(...list.split(",").map(ms));
  const seen = {};
  for (const el of document.querySelectorAll("body *")) {
    const s = getComputedStyle(el);
    const time = Math.max(longest(s.transitionDuration), longest(s.animationDuration));
    const name = el.tagName.toLowerCase() + "." + String(el.className).split(" ")[0];
    if (time > 0.1) seen[name] = time;
  }
  return {moving: seen, scroll: getComputedStyle(document.documentElement).scrollBehavior};
}"""


def test_reduced_motion_is_respected(open_context, web_url):
    moving, _ = open_context(**VIEWPORTS["phone"])
    moving.goto(web_url + "induction/")
    assert moving.evaluate(_MOTION)["moving"], "the check should see Material's transitions"
    still, _ = open_context(reduced_motion="reduce", **VIEWPORTS["phone"])
    still.goto(web_url + "induction/")
    result = still.evaluate(_MOTION)
    assert not result["moving"], f"transitions or animations despite reduced motion: {result}"
    assert result["scroll"] == "auto"


# -- the reader's text size control -----------------------------------------------------


def _body_text_px(page: Page) -> float:
    return page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")


def test_text_size_control_works_from_the_header_and_is_remembered(open_context, web_url):
    page, _ = open_context(**VIEWPORTS["desktop"])
    page.goto(web_url + "induction/")
    group = page.locator(".md-header").get_by_role("group", name="Text size")
    expect(group).to_be_visible()
    buttons = group.get_by_role("button")
    expect(buttons).to_have_count(3)
    normal, larger = buttons.nth(0), buttons.nth(1)
    expect(normal).to_have_attribute("aria-pressed", "true")
    expect(larger).to_have_accessible_name("A+ larger text")
    before = _body_text_px(page)
    larger.focus()
    page.keyboard.press("Enter")
    expect(larger).to_have_attribute("aria-pressed", "true")
    expect(normal).to_have_attribute("aria-pressed", "false")
    assert _body_text_px(page) == pytest.approx(before * 1.2, rel=0.03)
    page.goto(web_url + "escalation/")
    expect(page.get_by_role("button", name="A+ larger text", exact=True)).to_have_attribute(
        "aria-pressed", "true")
    assert _body_text_px(page) == pytest.approx(before * 1.2, rel=0.03)


@pytest.mark.parametrize("size", ["narrow320", "zoom200"])
def test_text_size_control_sits_above_the_title_on_narrow_screens(open_context, web_url, size):
    page, _ = open_context(**VIEWPORTS[size])
    page.goto(web_url + "induction/")
    assert page.locator(".md-header .mstp-text-size").count() == 0
    group = page.locator("article").get_by_role("group", name="Text size")
    expect(group).to_be_visible()
    assert page.evaluate("""() => {
      const group = document.querySelector('article .mstp-text-size');
      return !!(group.compareDocumentPosition(document.querySelector('article h1'))
                & Node.DOCUMENT_POSITION_FOLLOWING);
    }"""), "the control should come before the page title"
    group.get_by_role("button", name="A++ largest text").click()
    for path in ("", "induction/", "side-effects-a-z/", "references/"):
        page.goto(web_url + path)
        problems = page_checks.overflow(page)
        assert not problems, f"/{path} at the largest text size, {size}: {problems}"


def test_text_alone_at_200_percent_stays_in_view(open_context, web_url):
    """WCAG 1.4.4 with text-only zoom: every size here is in rem, so doubling the root
    size (what Firefox's "zoom text only" and a 32 px browser font setting do) doubles
    all text; nothing may be cut off or need sideways scrolling."""
    page, _ = open_context(**VIEWPORTS["desktop"])
    for path in ("", "induction/", "side-effects-a-z/", "references/"):
        page.goto(web_url + path)
        page.evaluate("document.documentElement.style.setProperty('--mstp-text-scale', '2')")
        page.evaluate(_SETTLE)
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "40px"
        problems = page_checks.overflow(page)
        assert not problems, f"/{path} with text at 200 %: {problems}"


# -- screenshots for people to look at (opt-in) ------------------------------------------


@pytest.mark.skipif(not os.environ.get("MSTP_SCREENSHOTS"),
                    reason="set MSTP_SCREENSHOTS=/some/folder to save screenshots")
def test_screenshots_of_home_and_induction(open_context, web_url):
    folder = Path(os.environ["MSTP_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    sizes = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
    for scheme in SCHEMES:
        for name, viewport in sizes.items():
            page, _ = open_context(color_scheme=scheme, viewport=viewport)
            for path, label in (("", "home"), ("induction/", "induction")):
                page.goto(web_url + path)
                page.evaluate("document.fonts.ready")
                page.screenshot(path=str(folder / f"{label}-{name}-{scheme}.png"))
                page.screenshot(path=str(folder / f"{label}-{name}-{scheme}-full.png"),
                                full_page=True)
                assert not page_checks.overflow(page)


# The gaps, in px, between each citation's number and the text on either side of it.
_CITATION_GAPS = """() => {
  const edge = (node, from, to) => {
    const range = document.createRange();
    range.setStart(node, from);
    range.setEnd(node, to);
    return range.getBoundingClientRect();
  };
  const gaps = [];
  for (const sup of document.querySelectorAll("article sup.cite")) {
    const before = sup.previousSibling, after = sup.nextSibling;
    const first = sup.firstElementChild.firstChild, last = sup.lastElementChild.firstChild;
    if (before && before.nodeType === 3 && /\\w$/.test(before.data)) {
      const word = edge(before, before.data.length - 1, before.data.length);
      const number = edge(first, 0, 1);
      if (Math.abs(word.bottom - number.bottom) < 20) gaps.push(number.left - word.right);
    }
    if (after && after.nodeType === 3 && /^[.,;:]/.test(after.data)) {
      const number = edge(last, last.data.length - 1, last.data.length);
      const stop = edge(after, 0, 1);
      if (Math.abs(stop.bottom - number.bottom) < 20) gaps.push(stop.left - number.right);
    }
  }
  return {gaps, font: parseFloat(getComputedStyle(document.querySelector("article p")).fontSize)};
}"""


def test_citation_numbers_sit_against_their_word_and_full_stop(open_context, web_url):
    """"care¹." and not "care ¹ .": the padding that makes the links easier to tap must not
    push the number away from the word it supports or from the punctuation after it."""
    page, _ = open_context(**VIEWPORTS["phone"])
    page.goto(web_url + "induction/")
    page.evaluate("document.fonts.ready")
    found = page.evaluate(_CITATION_GAPS)
    assert len(found["gaps"]) >= 10, found
    assert max(found["gaps"]) <= 0.1 * found["font"], found  # a glyph's own side bearing
