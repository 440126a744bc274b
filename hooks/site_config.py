"""mkdocs.yml as plain data, for scripts and tests that run outside MkDocs.

MkDocs' own loader needs a full build context; these readers only want values such as
`extra.edition` or `site_url`. MkDocs tags (`!ENV`) are read as empty, since the values
they stand for are set per build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read(path: Path) -> dict[str, Any]:
    """The settings of mkdocs.yml at `path`."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
