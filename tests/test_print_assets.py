"""The print-site plugin's CSS and JS stay on the print page."""

from __future__ import annotations

from types import SimpleNamespace

from hooks.editions import print_page
from hooks.editions.print_page import without_print_assets

PAGE = """<head>
      <link rel="stylesheet" href="../assets/stylesheets/main.css">
      <link rel="stylesheet" href="../css/print-site.css">
      <link rel="stylesheet" href="../css/print-site-material.css">
      <link rel="stylesheet" href="../assets/stylesheets/site.css">
</head><body>
        <script src="../assets/javascripts/bundle.js"></script>
        <script src="../js/print-site.js"></script>
        <script src="../assets/javascripts/text-size.js"></script>
</body>"""


def test_only_the_plugin_tags_go():
    out = without_print_assets(PAGE)
    assert "print-site" not in out
    for kept in ("main.css", "site.css", "bundle.js", "text-size.js"):
        assert kept in out
    assert out.count("\n") == PAGE.count("\n") - 3


def test_the_print_page_is_found_only_when_the_plugin_is_on():
    page = object()

    def config(plugins: dict) -> SimpleNamespace:
        return SimpleNamespace(plugins=plugins)

    def plugin(enabled: bool) -> SimpleNamespace:
        return SimpleNamespace(config={"enabled": enabled}, print_page=page)

    assert print_page.find(config({"print-site": plugin(True)})) is page
    assert print_page.find(config({"print-site": plugin(False)})) is None
    assert print_page.find(config({})) is None
