"""Self-hosted front-end files: fonts (and, offline, Material's worker shim) from npm.

Nothing is ever loaded from another host: the files come from node_modules (installed
by `make build` from the npm registry) and are written into the site like any asset.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File

from diagnostics import Problem, plugin_logger, report

log = plugin_logger("vendor_assets")


def _offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


# Offline only: Material's offline plugin would otherwise add the shim from a CDN.
def on_config(config):
    if _offline(config):
        config.extra["polyfills"] = list(config.extra["offline_polyfill"])
    return config


def on_files(files, config):
    wanted = dict(config.extra["vendor"])
    if _offline(config):
        wanted.update(config.extra["offline_polyfill"])
    missing = []
    for dest, source in wanted.items():
        path = Path(source)
        if not path.is_file():
            missing.append(Problem("mkdocs.yml", 1, f"vendored file {source} is missing.",
                                   "run `make build` (it runs `npm ci`) to install it."))
            continue
        files.append(File.generated(config, dest, abs_src_path=str(path.resolve())))
    report(missing, log)
    return files
