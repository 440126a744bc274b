"""The offline clinic bundle (issue 6), as a nurse would use it: unzipped, opened from
file:// in a browser, with every request to another host blocked and recorded."""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from playwright.sync_api import Browser, Page, expect

from hooks import settings as site_config

from .guard import Guard, guard
from .site_refs import crawl

SCREENSHOT = Path("/tmp/offline-search.png")


CONFIG = site_config.read(ROOT / "mkdocs.yml")
EDITION = str(CONFIG["extra"]["edition"])
ZIP_NAME = f"ms-treatment-paths-offline-{EDITION}.zip"


@pytest.fixture(scope="module")
def bundle_zip(built) -> Path:
    path = built.dist / ZIP_NAME
    assert path.is_file(), f"no {ZIP_NAME} in {sorted(p.name for p in built.dist.iterdir())}"
    return path


@pytest.fixture(scope="module")
def bundle(bundle_zip, tmp_path_factory) -> Path:
    """The real zip, unpacked into a fresh folder: the folder a reader double-clicks in."""
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(bundle_zip) as archive:
        archive.extractall(folder)
    (top,) = folder.iterdir()
    return top


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[tuple[Page, Guard]]:
    """A fresh page where only file:// may load; anything else is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    seen = guard(context, lambda url: url.startswith("file://"))
    yield context.new_page(), seen
    context.close()


def search(page: Page, query: str) -> None:
    """Type into Material's search as a reader does (key by key: it listens for keyup)."""
    page.keyboard.press("/")  # Material's shortcut: focuses the search box
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.press_sequentially(query, delay=20)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)


# -- the zip itself --------------------------------------------------------------------


def test_zip_has_one_top_folder_a_readme_and_a_matching_checksum(bundle_zip):
    with zipfile.ZipFile(bundle_zip) as archive:
        names = archive.namelist()
        readme = archive.read(f"{bundle_zip.stem}/README.txt").decode("utf-8")
    assert {name.split("/")[0] for name in names} == {bundle_zip.stem}
    assert f"{bundle_zip.stem}/index.html" in names
    digest, name = (bundle_zip.parent / f"{ZIP_NAME}.sha256").read_text().split()
    assert name == ZIP_NAME
    assert digest == hashlib.sha256(bundle_zip.read_bytes()).hexdigest()
    assert EDITION in readme and CONFIG["site_url"] in readme
    assert "index.html" in readme and "\r\n" in readme
    print(f"\n{ZIP_NAME}: {bundle_zip.stat().st_size / 1024:.0f} KiB, {len(names)} files")


def _unreferenced(bundle: Path) -> list[str]:
    refs = crawl(bundle)
    assert not refs.missing, f"references to files not in the zip: {refs.missing}"
    files = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    return sorted(files - refs.reached - {"README.txt"})


def test_zip_holds_only_files_the_pages_reference_and_all_they_reference(bundle):
    unused = [name for name in _unreferenced(bundle) if not name.endswith(".pdf")]
    assert not unused, f"files no page references (prune them in build.py): {unused}"


# Issue 6: "the PDF(s) are inside and linked" (from every page footer).
def test_every_pdf_in_the_zip_is_linked_from_a_page(bundle):
    pdfs = sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*.pdf"))
    cards = [name for name in pdfs if "-card-" in name]
    assert len(pdfs) - len(cards) == 4 and len(cards) == len(
        list((ROOT / "docs/data/treatments").glob("*.yaml"))), pdfs
    unused = [name for name in _unreferenced(bundle) if name.endswith(".pdf")]
    assert not unused, f"PDFs in the zip that no page links to: {unused}"


def test_bundle_loads_nothing_from_another_host_in_its_markup(bundle):
    loading = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*?(?:src|href)\s*=\s*"""
                         r"""["'](?:https?:)?//""", re.IGNORECASE)
    for page in bundle.rglob("*.html"):
        found = [m.group(0) for m in loading.finditer(page.read_text(encoding="utf-8"))
                 if 'rel="canonical"' not in m.group(0)]
        assert not found, f"{page.name}: {found[:3]}"


# -- in the browser, from file:// ---------------------------------------------------------


def test_search_finds_a_drug_and_its_result_opens(bundle, offline_page):
    page, seen = offline_page
    page.goto((bundle / "index.html").as_uri())
    search(page, "alemtuzumab")
    results = page.locator(".md-search-result__item")
    assert results.count() >= 2, "expected several pages about alemtuzumab"
    page.screenshot(path=str(SCREENSHOT))
    first = page.locator(".md-search-result__link").first
    target = first.get_attribute("href")
    first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith("file://") and target.split("#")[0] in page.url
    expect(page.locator("article h1")).to_be_visible()
    expect(page.locator("article")).to_contain_text(re.compile("alemtuzumab", re.IGNORECASE))
    seen.assert_clean()


def test_search_finds_a_side_effect_in_the_a_to_z(bundle, offline_page):
    page, seen = offline_page
    page.goto((bundle / "understanding-ms.html").as_uri())
    search(page, "blue-green urine")
    link = page.locator(".md-search-result__link[href*='side-effects-a-z.html']").first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_load_state("load")
    assert "side-effects-a-z.html" in page.url
    expect(page.locator("article")).to_contain_text("Blue-green urine")
    seen.assert_clean()


@pytest.mark.parametrize(("typed", "treatment"), [("Lemtrada", "alemtuzumab"),
                                                  ("mavenclad", "cladribine"),
                                                  ("Ocrevus", "ocrelizumab")])
def test_a_brand_name_finds_its_treatment_page_first(bundle, offline_page, typed, treatment):
    page, seen = offline_page
    page.goto((bundle / "index.html").as_uri())
    search(page, typed)
    first = page.locator(".md-search-result__item > .md-search-result__link").first
    expect(first).to_have_attribute("href", re.compile(rf"treatments/{treatment}\.html"))
    seen.assert_clean()


def test_navigation_footer_edition_and_print_page(bundle, offline_page):
    page, seen = offline_page
    page.goto((bundle / "index.html").as_uri())
    footer = page.locator(".mstp-edition")
    expect(footer).to_be_visible()
    expect(footer).to_contain_text(f"Edition {EDITION}")
    newer = footer.get_by_role("link", name="Check for a newer edition")
    expect(newer).to_be_visible()
    assert newer.get_attribute("href") == CONFIG["site_url"]

    for title in ("Induction therapy", "Side effects A to Z", "Glossary"):
        page.locator(".md-sidebar--primary .md-nav__link", has_text=title).first.click()
        page.wait_for_load_state("load")
        assert page.url.startswith("file://"), page.url
        expect(page.locator("article h1")).to_have_text(re.compile(re.escape(title)))
        expect(page.locator(".mstp-edition")).to_contain_text(EDITION)

    page.goto((bundle / "print_page.html").as_uri())
    expect(page.locator("article")).to_contain_text("Induction therapy")
    assert page.locator("article h1").count() >= 10, "the printable page holds every page"
    page.wait_for_load_state("networkidle")  # its scripts still load the search index
    seen.assert_clean()


def test_palette_toggle_and_glossary_definitions_work_offline(bundle, offline_page):
    page, seen = offline_page
    page.goto((bundle / "index.html").as_uri())
    body = page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    expect(body).not_to_have_attribute("data-md-color-scheme", before or "")
    # The browser shows a glossary term's definition from its title when hovered.
    term = page.locator("article abbr[title]").first
    assert len(term.get_attribute("title") or "") > 20
    seen.assert_clean()
