"""`make build`: the website, the offline bundle, the PDFs and the reports, all or nothing.

Everything is built into a fresh staging folder first; only when every step succeeded
do `site/` and `dist/` get replaced (by rename), so a failed build never leaves a
half-written site or PDF where the last good one was.

    python scripts/build.py [--out DIR] [--no-pdf]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))


class BuildError(Exception):
    """A step failed; its output has already been shown."""


def edition() -> str:
    """The edition date from mkdocs.yml (names the zip and the PDFs)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # mkdocs.yml uses !ENV tags; only `extra.edition` is needed here.
    data = yaml.load(text, Loader=_IgnoreTagsLoader)
    return str(data["extra"]["edition"])


class _IgnoreTagsLoader(yaml.SafeLoader):
    pass


_IgnoreTagsLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


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


def make_zip(folder: Path, zip_path: Path) -> None:
    """Zip the offline site under one top folder, with a checksum file beside it."""
    top = zip_path.stem
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
    digest = hashlib.sha256(zip_path.read_bytes()).hexdigest()
    zip_path.with_name(zip_path.name + ".sha256").write_text(f"{digest}  {zip_path.name}\n")


def prune_offline(folder: Path) -> None:
    """Drop what a reader of the offline copy never needs (source maps, sitemap, JSON index)."""
    for pattern in ("**/*.map", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json"):
        for path in folder.glob(pattern):
            path.unlink()


def build(out: Path, with_pdf: bool = True) -> None:
    out.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        site, offline, dist = stage / "site", stage / "offline", stage / "dist"
        dist.mkdir()
        name = f"ms-treatment-paths-offline-{edition()}"
        mkdocs_build(site, dist)
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
