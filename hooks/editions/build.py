"""`make build`: the website, the offline bundle, the PDFs and the reports, all or nothing.

Everything is built into a fresh staging folder first; only when every step succeeded
do `site/` and `dist/` get replaced (by rename), so a failed build never leaves a
half-written site or PDF where the last good one was.

The steps share the machine's CPUs: the web and offline MkDocs builds run side by side,
and the PDFs start as soon as the web build has written the print book, while the
offline build is still running.

    python -m hooks.editions.build [--out DIR] [--no-pdf]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from hooks import settings
from hooks.editions import artefacts, offline
from hooks.hosting import host_files

ROOT = settings.ROOT


class BuildError(Exception):
    """A step failed; its output has already been shown."""


TIME_LIMIT = 600  # seconds for one MkDocs build: today it takes a few


class MkDocsBuild:
    """One strict MkDocs build in its own process (never with -q: it hides strict failures)."""

    def __init__(self, dest: Path, stage: Path, offline_edition: bool) -> None:
        self.name = "offline edition" if offline_edition else "website"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        if offline_edition:
            env["OFFLINE"] = "true"
        else:  # the reports and the print book come from the web build
            env["MSTP_REPORTS_DIR"] = str(stage / "dist")
            env["MSTP_PRINT_BOOK"] = str(stage / artefacts.PRINT_BOOK)
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
                   "--site-dir", str(dest)]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)

    def wait(self) -> None:
        """Show the build's output in one piece, and fail if it failed or took too long."""
        try:
            output, _ = self.process.communicate(timeout=TIME_LIMIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
            print(output, end="", flush=True)
            raise BuildError(f"mkdocs build ({self.name}) took longer than {TIME_LIMIT // 60} "
                             "minutes and was stopped. Fix: look for a page with deeply nested "
                             "HTML or very large tables (the last page named above).") from None
        print(f"==> mkdocs build ({self.name})\n{output}", end="", flush=True)
        if self.process.returncode != 0:
            raise BuildError(f"mkdocs build ({self.name}) failed: see the errors above "
                             "(file:line: … Fix: …).")


def build(out: Path, with_pdf: bool = True) -> dict[str, float]:
    """Build everything into `out` (site/ and dist/); return each step's wall time."""
    config = settings.read()
    edition = settings.load(config.get("extra") or {}).edition
    site_url = str(config["site_url"])
    out.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_stages(out)
    stage = Path(tempfile.mkdtemp(prefix=f".build-{os.getpid()}-", dir=out))
    times: dict[str, float] = {}
    start = time.perf_counter()
    running: list[MkDocsBuild] = []
    try:
        site, offline_site, dist = stage / "site", stage / "offline", stage / "dist"
        dist.mkdir()
        web = MkDocsBuild(site, stage, offline_edition=False)
        clinic = MkDocsBuild(offline_site, stage, offline_edition=True)
        running += [web, clinic]
        web.wait()
        times["website"] = time.perf_counter() - start
        with ThreadPoolExecutor(max_workers=1) as pdf_step:
            pdfs = (pdf_step.submit(_pdfs, stage, site, dist, edition) if with_pdf else None)
            try:
                _web_host_files(site, site_url)
                clinic.wait()
                times["offline edition"] = time.perf_counter() - start
            finally:
                written = _finish(pdfs)
        times["PDFs"] = time.perf_counter() - start
        for pdf in written:
            for target in (site, offline_site):
                (target / artefacts.DOWNLOADS).mkdir(exist_ok=True)
                shutil.copy2(pdf, target / artefacts.DOWNLOADS / pdf.name)
        offline.prune_offline(offline_site)
        print("==> offline zip", flush=True)
        offline.make_zip(offline_site, dist / f"{artefacts.offline_zip_stem(edition)}.zip",
                         edition, site_url)
        swap(stage, out, ("site", "dist"))
        times["total"] = time.perf_counter() - start
    except BuildError as error:
        print(f"BUILD FAILED: {error}\nThe previous site/ and dist/ were left as they were.",
              file=sys.stderr)
        raise SystemExit(1) from None
    finally:
        for step in running:  # a failed step stops the others before the stage goes
            if step.process.poll() is None:
                step.process.kill()
                step.process.wait()
        shutil.rmtree(stage, ignore_errors=True)
    print(f"Built {out / 'site'} and {out / 'dist'} in {times['total']:.1f} s "
          f"(finished after: {', '.join(f'{k} {v:.1f} s' for k, v in times.items())})")
    return times


def _pdfs(stage: Path, site: Path, dist: Path, edition: str) -> list[Path]:
    from hooks.editions import pdf  # heavy (WeasyPrint): imported only when PDFs are made

    print("==> PDFs", flush=True)
    return pdf.build_all(stage / artefacts.PRINT_BOOK, site, dist, edition)


def _finish(pdfs: Future[list[Path]] | None) -> list[Path]:
    """The PDFs' paths, or the PDF step's failure as a build error naming what went wrong."""
    if pdfs is None:
        return []
    from hooks.editions.pdf import PdfError

    try:
        return pdfs.result()
    except PdfError as error:
        raise BuildError(f"the PDF step failed: {error}") from None
    except Exception as error:  # WeasyPrint or a worker: any failure fails the build
        raise BuildError(f"the PDF step failed: {type(error).__name__}: {error}") from None


def _web_host_files(site: Path, site_url: str) -> None:
    """Web edition only: `_headers` (security headers) and robots.txt for the host."""
    print("==> _headers and robots.txt", flush=True)
    try:
        host_files.write(site, site_url)
    except ValueError as error:
        raise BuildError(f"web host files: {error}") from None


def _remove_abandoned_stages(out: Path) -> None:
    """Staging folders of builds that were killed (their process is gone)."""
    for folder in out.glob(".build-*"):
        owner = folder.name.split("-")[1]
        if not owner.isdigit() or not Path(f"/proc/{owner}").exists():
            shutil.rmtree(folder, ignore_errors=True)


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
    try:
        build(args.out.resolve(), with_pdf=not args.no_pdf)
    except settings.SettingsError as error:
        print(f"{error}\nBUILD FAILED: mkdocs.yml has wrong settings.", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
