"""MS Treatment Paths in MkDocs: every event handler, in the order MkDocs calls them.

How a page becomes a website page, an offline page and a PDF page:

1. `on_config`    the project's settings are checked (hooks.settings); the glossary's
                  words go to the `abbr` extension, which adds the tooltips.
2. `on_files`     vendored fonts are added; the whole source is read once
                  (hooks.model.source) and every rule runs (hooks.checks.site) before
                  any page renders, so one build lists every problem.
3. `on_nav`       the navigation is kept: the print book follows it.
4. templates     get one object, `mstp` (hooks.render.templates), in every context.
5. per page       `on_page_read_source` gives MkDocs the body from the model (front
                  matter is parsed once, by us); `on_page_markdown` renders side-effect
                  lists, the generated pages, citations and the reference list;
                  `on_page_content` adds the review notice and measures reading level;
                  `on_post_page` keeps print-site's assets to the print page.
6. `on_post_build` the print page gets its cover and unique anchors, and is saved as the
                  print book the PDF step reads (hooks.editions.build runs hooks.editions.pdf).

All state lives in one `Build` object; the concerns are plain modules, called from here.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from hooks import cache, settings
from hooks.checks import files as files_rules
from hooks.checks import html as html_rules
from hooks.checks import reading_level, site
from hooks.editions import print_book, print_page
from hooks.model import source
from hooks.model.treatments import LIST_FENCE, PROFILE_FENCE
from hooks.model.yaml_data import is_date
from hooks.problems import Problem, log, report
from hooks.render import citations, glossary, side_effects, templates, treatments, trust
from hooks.render.text import escape

OVERDUE_OVERRIDE = "MSTP_ALLOW_OVERDUE_REVIEW"
REPORTS_DIR = "MSTP_REPORTS_DIR"  # set by the build: where dist/ reports go
PRINT_BOOK = "MSTP_PRINT_BOOK"  # set by the build: where the print book goes

# Generated pages: the marker in the page's Markdown, and what replaces it (given the
# source and the page's own path, for relative links).
_GENERATED = {
    "<!-- mstp:side-effects-a-z -->": side_effects.a_to_z,
    "<!-- mstp:when-to-get-help -->": side_effects.by_urgency,
    "<!-- mstp:side-effects-by-treatment -->": side_effects.matrix,
    "<!-- mstp:compare-treatments -->": treatments.compare,
    "<!-- mstp:references -->": lambda source, _here: citations.references_page(source),
}
GLOSSARY_MARKER = "<!-- mstp:glossary -->"
_JSON_LD_FIELDS = {"title", "description", "reviewed", "reviewer"}


class Build:
    """The state of one build (and of a `mkdocs serve` session, between rebuilds)."""

    def __init__(self) -> None:
        self.settings: settings.Settings
        self.source: source.Source
        self.cache_dir: Path | None = None
        self.nav: Any = None
        self.env: Any = None
        self.view: templates.TemplateData
        self.levels: reading_level.ReadingLevels
        self.refused: dict[str, Problem] = {}  # pages kept from every renderer


build = Build()


def on_config(config):
    try:
        build.settings = settings.load(config.extra, Path(config.config_file_path))
    except settings.SettingsError as error:
        report(error.problems)
        raise Abort("Aborted: mkdocs.yml has settings that are not valid "
                    "(see the errors above).") from None
    build.cache_dir = cache.folder_for(config.config_file_path)
    if _offline(config):  # Material's offline plugin would otherwise add the shim from a CDN
        config.extra["polyfills"] = list(build.settings.offline_polyfill)
    return config


# Before the other plugins' on_files: every problem of the source is known first.
@event_priority(100)
def on_files(files, config):
    # First, before MkDocs copies anything: a link under docs/ is never published.
    for linked, problem in files_rules.linked_files(files, config.docs_dir):
        report([problem])
        files.remove(linked)
    files = _add_vendored_files(files, config)
    allow_overdue = os.environ.get(OVERDUE_OVERRIDE) == "1"
    if allow_overdue:
        log.info(f"{OVERDUE_OVERRIDE}=1: overdue reviews are allowed for this build only.")
    pages = [f.src_uri for f in files.documentation_pages() if not f.generated_by]
    today = dt.date.today()
    data_files = {name: Path(path) for name, path in build.settings.data_files.items()}
    build.source = source.read(config.docs_dir, pages, data_files, build.cache_dir, today)
    problems = site.problems(build.source, build.settings, today, allow_overdue,
                             build.cache_dir)
    # Once per build, not per page: appending the terms to every page made
    # Python-Markdown re-scan the page once per term.
    config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary.tooltips(
        build.source.glossary)
    build.refused = html_rules.too_deep(build.source.pages)
    report([*problems, *build.refused.values()])
    build.levels = reading_level.ReadingLevels(build.cache_dir,
                                               build.settings.reading_level.max_grade)
    build.view = templates.TemplateData.for_edition(
        build.settings.edition, site.next_review(build.source),
        all(trust.clinical_review(page.fields) != trust.NOT_CLINICALLY_REVIEWED
            for page in build.source.pages.values()))
    return files


def on_nav(nav, config, files):
    build.nav = nav
    return nav


def on_env(env, config, files):
    build.env = env  # for the print cover, rendered after print-site wrote its page
    return env


def on_page_read_source(page, config):
    model = build.source.pages.get(page.file.src_uri)
    return model.for_mkdocs if model else None


def on_page_markdown(markdown, page, config, files):
    model = build.source.pages.get(page.file.src_uri)
    if page.file.src_uri in build.refused:  # no third-party code sees it
        return f"# {escape(model.title)}\n\nThis page could not be built (see the build log).\n"
    if model is not None:
        # Templates print the title and description as they find them: escaped here, once.
        page.meta = {**model.fields, **{key: escape(str(model.fields[key]))
                                        for key in ("title", "description")
                                        if key in model.fields}}
        if markdown == model.body and (model.blocks_of(PROFILE_FENCE)
                                       or model.blocks_of(LIST_FENCE)):
            markdown = treatments.replace_blocks(model, build.source, build.settings.edition,
                                                 page.url)
        # The search index gives these words the most weight: a brand name finds its page.
        names = [name for use in build.source.uses_by_page.get(model.src_uri, [])
                 if use.profile and use.treatment in build.source.treatments
                 for name in build.source.treatments[use.treatment].search_names]
        if names:
            page.meta["tags"] = names
    for marker, render in _GENERATED.items():
        if marker in markdown:
            markdown = markdown.replace(marker, render(build.source, page.file.src_uri))
    if GLOSSARY_MARKER in markdown:
        # The Glossary page explains the terms in full; tooltips there would only repeat it.
        terms = build.source.glossary
        markdown = markdown.replace(GLOSSARY_MARKER, glossary.page(terms))
        markdown += glossary.no_tooltips(terms)
    # Last: the lists and pages above carry citations too.
    bib = build.source.bibliography
    markdown, numbering = citations.render(markdown, set(bib.entries))
    if (model is not None and model.fields.keys() >= _JSON_LD_FIELDS
            and is_date(model.fields["reviewed"])):
        build.view.json_ld[page.file.src_uri] = trust.json_ld(
            model.fields, page.canonical_url or "", config.site_name,
            [citations.plain(bib.formatted[key]) for key in numbering.numbers])
    return markdown + citations.reference_list(numbering, bib.formatted)


def on_template_context(context, template_name, config):
    context["mstp"] = build.view  # 404.html and the other pages without a source
    return context


# Before print-site keeps the print page's context (the same dict) to render it last.
@event_priority(50)
def on_page_context(context, page, config, nav):
    context["mstp"] = build.view
    return context


# Before print-site (priority 0) copies each page into the printable edition.
@event_priority(50)
def on_page_content(html, page, config, files):
    model = build.source.pages.get(page.file.src_uri)
    if model is None:
        return html
    report(html_rules.problems(model, html_rules.inline_code(html),
                               "the page holds code of its own",
                               "remove it: pages are text. Scripts and styles belong in "
                               "docs/assets/ (listed in mkdocs.yml), where the site's "
                               "security policy allows them."))
    html += trust.review_notice(model.fields)
    if page.file.src_uri not in build.settings.reading_level.exempt:
        report(build.levels.check(page.file.src_uri, model.display, html))
    return html


def on_post_page(output, page, config):
    model = build.source.pages.get(page.file.src_uri)
    if model is not None:  # the offline copy has no network; the site promises no third party
        report(html_rules.problems(model, html_rules.external_loads(output),
                                   "the page loads something from another host",
                                   "keep the file in docs/assets/ and link it by a relative "
                                   "address, or leave it out."))
    printing = print_page.find(config)
    if printing and page.file.src_uri == printing.file.src_uri:
        return output
    return print_page.without_print_assets(output)


# After print-site's own post-build step (priority 0), which writes the print page.
@event_priority(-50)
def on_post_build(config):
    site_dir = Path(config.site_dir)
    for css in sorted(site_dir.rglob("*.css")):
        shown = css.relative_to(site_dir).as_posix()
        report([Problem(shown, 1, f"this stylesheet loads something from another host: "
                        f"{finding.what}.", "keep the file in docs/assets/ and use a relative "
                        "address.") for finding in html_rules.css_loads(css.read_text("utf-8"))])
    table = build.levels.finish()
    if os.environ.get(REPORTS_DIR):
        Path(os.environ[REPORTS_DIR], "readability.txt").write_text(table, encoding="utf-8")
    printing = print_page.find(config)
    if printing is None:
        return
    path = Path(printing.file.abs_dest_path)
    cover = build.env.get_template("partials/print-cover.html").render(config=config,
                                                                        mstp=build.view)
    # Bytes in: the parser takes UTF-8 as it is, rather than a 7 MB string to encode again.
    finished = print_page.unique_anchors(
        path.read_bytes().replace(print_page.COVER_MARKER.encode(), cover.encode(), 1))
    path.write_text(finished, encoding="utf-8")
    if os.environ.get(PRINT_BOOK):
        book = print_book.from_print_page(finished, build.nav.items, config,
                                          printing.canonical_url or "")
        book.save(Path(os.environ[PRINT_BOOK]))


def _add_vendored_files(files, config):
    """Fonts (and, offline, Material's worker shim) from node_modules: never another host."""
    wanted = dict(build.settings.vendor)
    if _offline(config):
        wanted.update(build.settings.offline_polyfill)
    missing = []
    for dest, source_path in wanted.items():
        path = Path(source_path)
        if not path.is_file():
            missing.append(Problem("mkdocs.yml", 1, f"vendored file {source_path} is missing.",
                                   "run `make build` (it runs `npm ci`) to install it."))
            continue
        files.append(File.generated(config, dest, abs_src_path=str(path.resolve())))
    report(missing)
    return files


def _offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)
