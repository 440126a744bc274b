"""The real build: citations, side-effects index, glossary and trust data where readers see them."""

from __future__ import annotations

import json
import zipfile
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


def treatment_files() -> list[dict]:
    return [yaml.safe_load(path.read_text())
            for path in sorted((ROOT / "docs/data/treatments").glob("*.yaml"))]


def test_every_effect_is_on_the_a_to_z_page_with_links_that_land(built):
    vocab = yaml.safe_load((ROOT / "docs/data/side-effects.yaml").read_text())
    path = html_path(built.site, "side-effects-a-z.md")
    page = parse(path)
    text = article(page).text()
    for effect in vocab["effects"].values():
        assert effect["name"] in text, effect["name"]
        for synonym in effect.get("synonyms", []):
            assert synonym in text, synonym
    links = {a.attributes["href"] for a in page.css("article a")
             if "treatments/" in a.attributes.get("href", "")}
    every = {f"../treatments/{t['id']}/#side-effects" for t in treatment_files()
             if t["common_side_effects"]}
    assert every <= links
    assert all(target_exists(built, path, href) for href in links)
    letters = [a.attributes["href"] for a in page.css(".se-letters a")]
    assert letters and all(target_exists(built, path, href) for href in letters)


def test_when_to_get_help_lists_every_warning_sign_by_urgency_with_its_treatment(built):
    vocab = yaml.safe_load((ROOT / "docs/data/side-effects.yaml").read_text())
    path = html_path(built.site, "when-to-get-help.md")
    page = parse(path)
    items = {}
    for urgency in vocab["urgencies"]:
        heading = page.css_first(f'h2[id="{urgency}"]')
        assert heading is not None and vocab["urgencies"][urgency]["label"] in heading.text()
    for li in page.css("article li"):
        anchor = li.css_first("a")
        if anchor and "#warning-signs" in anchor.attributes.get("href", ""):
            items.setdefault(anchor.attributes["href"], []).append(li.text())
    for treatment in treatment_files():
        href = f"../treatments/{treatment['id']}/#warning-signs"
        assert target_exists(built, path, href)
        mine = " ".join(items[href])
        for sign in treatment["warning_signs"]:
            assert sign["sign"] in mine and sign["action"] in mine, (treatment["id"], sign)


def test_table_has_every_treatment_and_its_effects_with_frequencies(built):
    vocab = yaml.safe_load((ROOT / "docs/data/side-effects.yaml").read_text())
    page = parse(html_path(built.site, "side-effects-by-treatment.md"))
    tables = page.css("article .se-matrix table")
    assert len(tables) == len(vocab["groups"])
    header_text = " ".join(t.css_first("thead").text().replace("\u00ad", "") for t in tables)
    for treatment in treatment_files():
        assert treatment["name"] in header_text, treatment["id"]
    text = article(page).text().replace("\u00ad", "")  # soft hyphens in long names
    for treatment in treatment_files():
        for item in treatment["common_side_effects"]:
            assert vocab["effects"][item["effect"]]["name"] in text
    assert all(len(t.css("thead th")) <= 6 for t in tables)


def test_every_treatment_has_a_page_with_its_profile_and_card_link(built):
    for treatment in treatment_files():
        page = parse(built.site / "treatments" / treatment["id"] / "index.html")
        text = article(page).text()
        for anchor in ("at-a-glance", "side-effects", "serious-risks", "warning-signs",
                       "monitoring", "pregnancy", "vaccines", "stopping"):
            assert page.css_first(f'[id="{anchor}"]') is not None, (treatment["id"], anchor)
        for brand in treatment["brands"]["uk_eu"] + treatment["brands"]["us"]:
            assert brand in text, (treatment["id"], brand)
        card = page.css_first(".mstp-card-link a").attributes["href"]
        assert card.endswith(f"-card-{treatment['id']}.pdf")
        assert (built.site / "treatments" / treatment["id"] / card).resolve().exists()


def test_brand_names_and_misspellings_find_the_treatment_page_first(built, tmp_path):
    web = json.loads((built.site / "search/search_index.json").read_text())
    [archive] = built.dist.glob("*.zip")
    zipfile.ZipFile(archive).extractall(tmp_path)
    [script] = tmp_path.glob("*/search/search_index.js")
    offline = json.loads(script.read_text().removeprefix("var __index = ").rstrip().rstrip(";"))
    for index in (web, offline):
        _brands_lead_to_their_page(index)


def _brands_lead_to_their_page(index: dict) -> None:
    for treatment in treatment_files():
        names = treatment["brands"]["uk_eu"] + treatment["brands"]["us"] + \
            treatment["other_names"]
        tagged = [d for d in index["docs"] if set(names) <= set(d.get("tags", []))]
        page = f"treatments/{treatment['id']}"
        assert tagged and all(d["location"].startswith((f"{page}/", f"{page}.html"))
                              for d in tagged), treatment["id"]
    assert index["config"]["fields"]["tags"]["boost"] > index["config"]["fields"]["title"][
        "boost"]


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
    pdfs = sorted(p.name for p in (built.site / "downloads").glob("*.pdf")
                  if "-card-" not in p.name)
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
