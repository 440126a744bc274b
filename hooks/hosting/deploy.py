"""`make deploy`: publish the built and tested site/ to the gh-pages branch (GitHub Pages).

Make runs this only after `build` and `test` both succeeded in the same invocation
(`deploy: build test`), and it publishes that very site/: unlike `mkdocs gh-deploy`,
which rebuilds, nothing untested is made here. Publishing is gh-deploy's: ghp-import
commits site/ (with .nojekyll) to gh-pages, pushed only when DEPLOY_REMOTE names a remote.

It also refuses by itself, so running it by hand cannot publish a failed build:
site/ must be complete; it must be newer than every source (a failed build keeps the
previous site/, which is then older than the edit that broke the build); and the
sources must be committed, so the commit message names exactly what was built.

    [DEPLOY_REMOTE=origin] python -m hooks.hosting.deploy [--dry-run] [--branch gh-pages]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from hooks import settings

ROOT = settings.ROOT
SOURCES = ("mkdocs.yml", "package-lock.json", "docs", "hooks", "overrides")
REQUIRED = ("index.html", "404.html", "sitemap.xml", "robots.txt", "_headers",
            "search/search_index.json")


def source_files(root: Path, names: Iterable[str] = SOURCES) -> list[Path]:
    """Every file the web build reads (bytecode caches aside)."""
    files = []
    for name in names:
        path = root / name
        found = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        files += [f for f in found if f.is_file() and "__pycache__" not in f.parts]
    return files


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                          check=True).stdout.strip()


def refusals(site: Path, root: Path) -> list[str]:
    """Why this site/ must not be published; empty when it may be."""
    missing = [name for name in REQUIRED if not (site / name).is_file()]
    if missing:
        return [f"{site} is not a complete build (missing {', '.join(missing)}): run `make build`."]
    problems = []
    built = min((site / name).stat().st_mtime for name in REQUIRED)
    newer = sorted((path for path in source_files(root) if path.stat().st_mtime > built),
                   key=lambda path: path.stat().st_mtime, reverse=True)
    if newer:
        names = ", ".join(str(path.relative_to(root)) for path in newer[:5])
        problems.append(f"{site} is older than {names}: the last build failed or is stale. "
                        "Run `make deploy` (it builds and tests first).")
    try:
        dirty = git(root, "status", "--porcelain", "--", *SOURCES)
    except subprocess.CalledProcessError as error:
        return [*problems, f"{root} is not a git repository: {error.stderr.strip()}"]
    if dirty:
        problems.append("uncommitted changes to the sources; commit them first, so the "
                        f"published site names its commit:\n{dirty}")
    return problems


def publish(site: Path, root: Path, branch: str, remote: str | None) -> str:
    """Commit site/ to `branch` as mkdocs gh-deploy does; push when a remote is named."""
    import ghp_import  # only when actually publishing
    import mkdocs

    sha = git(root, "rev-parse", "HEAD")
    edition = settings.from_file(root / "mkdocs.yml").edition
    message = f"Deployed {sha} (edition {edition}) with MkDocs version: {mkdocs.__version__}"
    if remote:
        # Like gh-deploy: start from the remote branch, so history is kept. A first deploy
        # has no remote branch yet, hence no check.
        subprocess.run(["git", "fetch", remote, branch], cwd=root, capture_output=True)
    os.chdir(root)
    ghp_import.ghp_import(str(site), mesg=message, remote=remote or "origin", branch=branch,
                          push=bool(remote), nojekyll=True)
    return message


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--branch", default="gh-pages")
    parser.add_argument("--dry-run", action="store_true",
                        help="check only: say what would be published, change nothing")
    args = parser.parse_args()
    remote = os.environ.get("DEPLOY_REMOTE") or None
    site = args.site.resolve()
    problems = refusals(site, ROOT)
    if problems:
        print("DEPLOY REFUSED:\n- " + "\n- ".join(problems), file=sys.stderr)
        raise SystemExit(1)
    where = f"{args.branch} and push it to {remote}" if remote else (
        f"the local {args.branch} branch (not pushed: set DEPLOY_REMOTE=origin to push)")
    if args.dry_run:
        print(f"Dry run: {site} would be committed to {where}.")
        return
    message = publish(site, ROOT, args.branch, remote)
    print(f"Published {site} to {where}.\n{message}")


if __name__ == "__main__":
    main()
