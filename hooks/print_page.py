"""The print-site plugin's print page, for the hooks that finish it or keep its assets to it."""

from __future__ import annotations

from typing import Any


def find(config: Any) -> Any | None:
    """The print page (a MkDocs Page) when the print-site plugin is on, else None."""
    plugin = config.plugins.get("print-site")
    if plugin is None or not plugin.config.get("enabled"):
        return None
    return getattr(plugin, "print_page", None)
