"""The offline edition: the site for opening from disk, zipped for clinics with no network.

The zip is byte-reproducible: entries carry the edition date rather than build times, so
rebuilding the same edition gives the same bytes, and so the same checksum.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path


def clinic_readme(top: str, edition: str, site_url: str) -> str:
    """README.txt for clinic staff: how to open the copy, its edition, where newer ones are.

    CRLF line ends, so that even an old Notepad shows it properly.
    """
    lines = [
        f"MS Treatment Paths - offline edition {edition}",
        "",
        "HOW TO OPEN",
        "1. Unzip (extract) the whole zip file first. On Windows: right-click it and",
        "   choose \"Extract All\". On a Mac: double-click it.",
        f"2. Open the folder \"{top}\" and double-click index.html.",
        "   The site opens in your web browser. No internet connection is needed:",
        "   search, the menu and the printable page all work from this folder.",
        "Keep all the files together; index.html does not work on its own.",
        "",
        "EDITION",
        f"This copy is the edition of {edition}. Every page shows this date at",
        "the bottom, so you can tell which edition a printed page comes from.",
        "",
        "IS THERE A NEWER EDITION?",
        f"Visit {site_url} and compare the edition date at the bottom",
        "of any page (or use the \"Check for a newer edition\" link). If the site is",
        "newer, download the new offline copy there and delete this one.",
        "",
        "CHECKING THE DOWNLOAD (for IT staff)",
        f"The file {top}.zip.sha256, published beside the zip, holds its SHA-256 checksum.",
        "",
        "This is information, not medical advice. Decisions about treatment belong",
        "with the patient and their MS team.",
    ]
    return "\r\n".join(lines) + "\r\n"


def make_zip(folder: Path, zip_path: Path, edition: str, site_url: str) -> None:
    """Zip the offline site under one top folder, with a README and a checksum file beside it."""
    top = zip_path.stem
    stamp = (*(int(part) for part in edition.split("-")[:3]), 0, 0, 0)

    def add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
        entry = zipfile.ZipInfo(f"{top}/{name}", date_time=stamp)
        entry.external_attr = 0o644 << 16
        entry.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(entry, data, compresslevel=9)

    with zipfile.ZipFile(zip_path, "w") as archive:
        add(archive, "README.txt", clinic_readme(top, edition, site_url).encode("utf-8"))
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                add(archive, path.relative_to(folder).as_posix(), path.read_bytes())
    digest = hashlib.sha256(zip_path.read_bytes()).hexdigest()
    zip_path.with_name(zip_path.name + ".sha256").write_text(f"{digest}  {zip_path.name}\n")


def prune_offline(folder: Path) -> None:
    """Drop what a reader of the offline copy never needs.

    Source maps, sitemap, robots.txt and the JSON index (search reads search_index.js from
    file://); 404.html (no server shows it); Material's default favicon (mkdocs.yml sets
    our own); and lunr's language files, which Material's search worker loads only for
    languages other than English. tests/browser/test_offline.py checks that every file
    left is referenced by a page, and that every reference is there.
    """
    index = folder / "search" / "search_index.json"
    languages = (json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
                 if index.is_file() else None)
    patterns = ["**/*.map", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json",
                "robots.txt", "404.html", "assets/images/favicon.png"]
    if languages == ["en"]:
        patterns.append("assets/javascripts/lunr/**/*")
    for pattern in patterns:
        for path in folder.glob(pattern):
            if path.is_file():
                path.unlink()
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    relative_print_page_base(folder)


def relative_print_page_base(folder: Path) -> None:
    """Point the offline print page's search at its own folder, not the disk's root.

    The print-site plugin renders its page with the 404 page's context, whose base URL is
    the absolute "/"; from file:// that made search load file:///search/search_index.js.
    """
    page = folder / "print_page.html"
    if page.is_file():
        html = page.read_text(encoding="utf-8")
        page.write_text(html.replace('"base": "/",', '"base": ".",', 1), encoding="utf-8")


