"""The real build: citations, side-effects index, glossary and trust data where readers see them."""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urlparse

import yaml
from conftest import ROOT
from selectolax.lexbor import LexborHTMLParser
from test_site_build import html_path, nav_pages

from hooks import settings as site_config

MEDICAL = site_config.read(ROOT / "mkdocs.yml")["extra"]["citations"]["required_on"]


def parse(path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def article(tree: LexborHTMLParser):
    return tree.css_first("article")


def target_exists(built, page_path, href: str) -> bool:
    """Whether a relative link from a built page lands on a page (and id) that exists."""
    url = urlparse(href)
    target = (page_path.parent / url.path).resolve() if url.path else page_path
    if target.is_dir():
        target = target / "index.html"
    if not target.exists():
        return False
    return not url.fragment or parse(target).css_first(f'[id="{url.fragment}"]') is not None


def test_every_medical_page_has_numbered_linked_citations_and_references(built):
    for src in MEDICAL:
        page = parse(html_path(built.site, src))
        sups = page.css("article sup.cite a")
        assert sups, src
        refs = page.css("article ol.references > li")
        assert refs, src
        for link in sups:
            assert page.css_first(f'[id="{link.attributes["href"][1:]}"]') is not None, src
        for ref in refs:
            backs = ref.css("a.cite-back")
            assert backs and all(page.css_first(f'[id="{b.attributes["href"][1:]}"]')
                                 for b in backs), src
        numbers = [int(li.attributes["value"]) for li in refs]
        assert numbers == list(range(1, len(numbers) + 1)), src


def test_references_page_lists_every_source_once_with_cited_on_links(built):
    entries = yaml.safe_load((ROOT / "docs/data/bibliography.yaml").read_text())
    path = html_path(built.site, "references.md")
    page = parse(path)
    items = page.css("article li[id^=source-]")
    assert sorted(li.attributes["id"] for li in items) == sorted(
        f"source-{e['id']}" for e in entries)
    for li in items:
        links = [a.attributes["href"] for a in li.css("a") if "#references" in
                 a.attributes.get("href", "")]
        assert links, li.attributes["id"]
        assert all(target_exists(built, path, href) for href in links)


def test_print_page_ids_are_unique_and_every_internal_link_lands(built):
    page = parse(built.site / "print_page/index.html")
    ids = Counter(node.attributes["id"] for node in page.css("#print-site-page [id]"))
    assert [i for i, n in ids.items() if n > 1] == []
    hrefs = {a.attributes["href"] for a in page.css("#print-site-page a[href^='#']")}
    missing = sorted(h for h in hrefs if h[1:] not in ids and h != "#")
    assert missing == []
    assert len(page.css("#print-site-page sup.cite")) > 50


def test_every_declared_effect_is_on_the_a_to_z_page_with_links_that_land(built):
    vocab = yaml.safe_load((ROOT / "docs/data/side-effects.yaml").read_text())
    path = html_path(built.site, "side-effects-a-z.md")
    page = parse(path)
    text = article(page).text()
    for effect in vocab["effects"].values():
        assert effect["name"] in text, effect["name"]
        for synonym in effect.get("synonyms", []):
            assert synonym in text, synonym
    links = [a.attributes["href"] for a in page.css("article a") if "#se-" in
             a.attributes.get("href", "")]
    assert len(links) >= len(vocab["effects"])
    assert all(target_exists(built, path, href) for href in links)
    letters = [a.attributes["href"] for a in page.css(".se-letters a")]
    assert letters and all(target_exists(built, path, href) for href in letters)


def test_when_to_get_help_and_table_cover_every_effect(built):
    vocab = yaml.safe_load((ROOT / "docs/data/side-effects.yaml").read_text())
    for src in ("when-to-get-help.md", "side-effects-by-treatment.md"):
        text = article(parse(html_path(built.site, src))).text()
        for effect in vocab["effects"].values():
            assert effect["name"] in text, (src, effect["name"])
        for severity in vocab["severities"].values():
            assert severity["label"] in text, (src, severity["label"])


def test_side_effects_are_found_by_search(built):
    index = json.loads((built.site / "search/search_index.json").read_text())
    az = " ".join(d["text"] for d in index["docs"] if d["location"].startswith(
        "side-effects-a-z/"))
    assert "Sepsis" in az and "Red pinprick spots" in az


def test_every_page_shows_review_data_notice_and_valid_json_ld(built):
    for _title, src in nav_pages():
        meta = yaml.safe_load((ROOT / "docs" / src).read_text().split("---")[1])
        page = parse(html_path(built.site, src))
        trust = page.css_first("article .mstp-trust")
        assert trust is not None, src
        assert f"by {meta['reviewer']}" in trust.text() and "Next review due" in trust.text()
        assert "Not medical advice." in trust.text()
        data = json.loads(page.css_first('script[type="application/ld+json"]').text())
        assert data["@type"] == "MedicalWebPage" and data["name"] == meta["title"], src
        assert data["lastReviewed"] == meta["reviewed"].isoformat()
        assert data["reviewedBy"]["name"] == meta["reviewer"]
        if src in MEDICAL:
            assert data["citation"], src
        canonical = page.css_first('link[rel="canonical"]').attributes["href"]
        assert canonical.startswith("https://ms-treatment-paths.example.org/")
        assert page.css_first('meta[property="og:title"]').attributes["content"] == meta["title"]
    sitemap = (built.site / "sitemap.xml").read_text()
    assert sitemap.count("<loc>https://ms-treatment-paths.example.org/") >= len(nav_pages())


def test_glossary_terms_are_listed_and_shown_as_tooltips(built):
    terms = yaml.safe_load((ROOT / "docs/data/glossary.yaml").read_text())
    glossary = article(parse(html_path(built.site, "glossary.md"))).text()
    for term in terms:
        assert term["term"] in glossary
    induction = parse(html_path(built.site, "induction.md"))
    titles = {a.text(): a.attributes.get("title") for a in induction.css("article abbr")}
    assert titles.get("MRI")


def test_footer_shows_edition_and_newer_edition_link(built):
    page = parse(built.site / "index.html")
    footer = page.css_first(".mstp-edition")
    assert "Edition 2026-11-25" in footer.text()
    assert footer.css_first("a").attributes["href"] == "https://ms-treatment-paths.example.org/"


def test_print_page_is_kept_out_of_search_engines(built):
    assert '<meta name="robots" content="noindex">' in \
        (built.site / "print_page/index.html").read_text()
    assert 'name="robots"' not in (built.site / "index.html").read_text()


def test_print_site_assets_load_on_the_print_page_only(built):
    print_page = (built.site / "print_page/index.html").read_text()
    for asset in ("css/print-site.css", "css/print-site-material.css", "js/print-site.js"):
        assert asset in print_page and (built.site / asset).exists()
    for _title, src in nav_pages():
        assert "print-site.css" not in html_path(built.site, src).read_text(), src


def test_footer_links_every_pdf_and_each_link_lands(built):
    pdfs = sorted(p.name for p in (built.site / "downloads").glob("*.pdf"))
    assert len(pdfs) == 4
    path = html_path(built.site, "induction.md")
    links = [a.attributes["href"] for a in parse(path).css(".mstp-downloads a")]
    assert sorted(href.rsplit("/", 1)[1] for href in links) == pdfs
    assert all(target_exists(built, path, href) for href in links)


def test_no_citation_is_left_unrendered(built):
    for page in built.site.rglob("*.html"):
        tree = parse(page)
        for node in tree.css("pre, code"):
            node.decompose()
        assert "[@" not in (tree.body.text() if tree.body else ""), page
