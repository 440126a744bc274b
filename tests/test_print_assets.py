"""The print-site plugin's CSS and JS stay on the print page."""

from __future__ import annotations

from print_assets import without_print_assets

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
