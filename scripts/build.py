"""`make build`: the website, the offline bundle, the PDFs and the reports, all or nothing.

Everything is built into a fresh staging folder first; only when every step succeeded
do `site/` and `dist/` get replaced (by rename), so a failed build never leaves a
half-written site or PDF where the last good one was.

    python scripts/build.py [--out DIR] [--no-pdf]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import site_config  # noqa: E402 - lives with the other pure modules in hooks/


class BuildError(Exception):
    """A step failed; its output has already been shown."""


def edition() -> str:
    """The edition date from mkdocs.yml (names the zip and the PDFs)."""
    return str(site_config.read(ROOT / "mkdocs.yml")["extra"]["edition"])


def site_url() -> str:
    """The public address from mkdocs.yml (robots.txt's Sitemap line)."""
    return str(site_config.read(ROOT / "mkdocs.yml")["site_url"])


def mkdocs_build(dest: Path, reports: Path, offline: bool = False) -> None:
    """One strict MkDocs build (never with -q: it would hide strict failures)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MSTP_REPORTS_DIR": str(reports)}
    if offline:
        env["OFFLINE"] = "true"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "--site-dir", str(dest)]
    print(f"==> mkdocs build{' (offline edition)' if offline else ''}", flush=True)
    if subprocess.run(command, cwd=ROOT, env=env).returncode != 0:
        raise BuildError("mkdocs build failed: see the errors above (file:line: … Fix: …).")


def web_host_files(site: Path) -> None:
    """Web edition only: `_headers` (security headers) and robots.txt for the host.

    See scripts/host_files.py; nginx (deploy/nginx/) serves the same headers.
    """
    import host_files

    print("==> _headers and robots.txt", flush=True)
    try:
        host_files.write(site, site_url())
    except ValueError as error:
        raise BuildError(f"web host files: {error}") from None


def clinic_readme(top: str) -> str:
    """README.txt for clinic staff: how to open the copy, its edition, where newer ones are.

    CRLF line ends, so that even an old Notepad shows it properly.
    """
    lines = [
        f"MS Treatment Paths - offline edition {edition()}",
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
        f"This copy is the edition of {edition()}. Every page shows this date at",
        "the bottom, so you can tell which edition a printed page comes from.",
        "",
        "IS THERE A NEWER EDITION?",
        f"Visit {site_url()} and compare the edition date at the bottom",
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


def make_zip(folder: Path, zip_path: Path) -> None:
    """Zip the offline site under one top folder, with a README and a checksum file beside it.

    Entries carry the edition date rather than build times, so rebuilding the same
    edition gives the same bytes, and so the same checksum.
    """
    top = zip_path.stem
    stamp = (*(int(part) for part in edition().split("-")[:3]), 0, 0, 0)

    def add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
        entry = zipfile.ZipInfo(f"{top}/{name}", date_time=stamp)
        entry.external_attr = 0o644 << 16
        entry.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(entry, data, compresslevel=9)

    with zipfile.ZipFile(zip_path, "w") as archive:
        add(archive, "README.txt", clinic_readme(top).encode("utf-8"))
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


def build(out: Path, with_pdf: bool = True) -> None:
    out.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        site, offline, dist = stage / "site", stage / "offline", stage / "dist"
        dist.mkdir()
        name = f"ms-treatment-paths-offline-{edition()}"
        mkdocs_build(site, dist)
        web_host_files(site)
        mkdocs_build(offline, dist, offline=True)
        if with_pdf:
            import pdf_edition  # heavy (WeasyPrint): imported only when PDFs are made

            print("==> PDFs", flush=True)
            for pdf in pdf_edition.build_all(offline / "print_page.html", dist, edition()):
                for target in (site, offline):
                    (target / "downloads").mkdir(exist_ok=True)
                    shutil.copy2(pdf, target / "downloads" / pdf.name)
        prune_offline(offline)
        print("==> offline zip", flush=True)
        make_zip(offline, dist / f"{name}.zip")
        swap(stage, out, ("site", "dist"))
    except BuildError as error:
        print(f"BUILD FAILED: {error}\nThe previous site/ and dist/ were left as they were.",
              file=sys.stderr)
        raise SystemExit(1) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    print(f"Built {out / 'site'} and {out / 'dist'}")


def swap(stage: Path, out: Path, names: tuple[str, ...]) -> None:
    """Replace each finished folder by rename: readers see the old or the new, never half."""
    for name in names:
        old = out / f".{name}.old"
        shutil.rmtree(old, ignore_errors=True)
        if (out / name).exists():
            (out / name).rename(old)
        (stage / name).rename(out / name)
        shutil.rmtree(old, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT, help="where site/ and dist/ go")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDFs (faster)")
    args = parser.parse_args()
    build(args.out.resolve(), with_pdf=not args.no_pdf)


if __name__ == "__main__":
    main()
