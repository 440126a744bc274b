"""What may be published: only real files inside docs/, never what a link points at."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hooks.problems import Problem


def linked_files(files: Any, docs_dir: str) -> list[tuple[Any, Problem]]:
    """Files reached through a symbolic link under docs/, each with its problem.

    MkDocs copies a link's target into the site (so nginx never sees a link): a link in a
    pull request could publish any file of the build machine. Git stores links, so one can
    arrive unnoticed.
    """
    docs = Path(docs_dir)
    found = []
    for file in files:
        if file.generated_by or not file.abs_src_path:
            continue
        relative = Path(file.src_path)
        linked = next((docs.joinpath(*relative.parts[:depth])
                       for depth in range(1, len(relative.parts) + 1)
                       if docs.joinpath(*relative.parts[:depth]).is_symlink()), None)
        if linked is not None:
            target = os.readlink(linked)
            found.append((file, Problem(
                f"{docs.name}/{linked.relative_to(docs).as_posix()}", 1,
                f"this is a symbolic link (to {target}); the build would publish what it "
                "points at.", "replace the link with the real file, or remove it.")))
    return found
