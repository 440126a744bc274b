"""Render hooks/hosting/nginx-conf/ for one site root and one listen address; nothing else varies.

    python -m hooks.hosting.nginx --root site --listen 127.0.0.1:8080 --out .build/nginx

writes into --out: site.conf (the production server block, for Debian's sites-enabled/)
and nginx.conf (a self-contained main config that keeps pid, logs and temporary files
in --out, so it runs without root rights), then prints the command that starts nginx.
The security headers come from hooks/hosting/headers.py, as for the `_headers` file.
"""

from __future__ import annotations

import argparse
import os
import pwd
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

from hooks.hosting import csp
from hooks.hosting import headers as security_headers
from hooks.settings import ROOT

TEMPLATES = Path(__file__).with_name("nginx-conf")
SAFE_PATH = re.compile(r"^/[A-Za-z0-9._/+@-]*$")
LISTEN = re.compile(r"^(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]|localhost):)?\d{1,5}$")
# Temporary folders nginx creates at start-up, by the module that owns each one.
TEMP_DIRECTIVES = {"client_body_temp_path": None, "proxy_temp_path": "proxy",
                   "fastcgi_temp_path": "fastcgi", "uwsgi_temp_path": "uwsgi",
                   "scgi_temp_path": "scgi"}


def nginx_binary() -> str:
    """$NGINX, else nginx on PATH, else Debian's /usr/sbin/nginx."""
    return os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"


def compiled_modules_without(nginx: str) -> set[str]:
    """Modules this nginx was built without (`--without-http_X_module`), e.g. nginx-light."""
    run = subprocess.run([nginx, "-V"], capture_output=True, text=True, check=True)
    return set(re.findall(r"--without-http_(\w+?)_module", run.stderr + run.stdout))


def add_header_lines(headers: Mapping[str, str]) -> str:
    """`add_header … always;` lines (always: errors such as 404 get them too)."""
    lines = []
    for name, value in headers.items():
        if any(char in value for char in '"\\$\n'):
            raise ValueError(f"{name} cannot be written into nginx.conf: {value!r}")
        lines.append(f'    add_header {name} "{value}" always;')
    return "\n".join(lines)


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace @NAME@ markers (nginx itself uses $, so no string.Template)."""
    for name, value in values.items():
        template = template.replace(f"@{name}@", value)
    leftover = re.search(r"@[A-Z_]+@", template)
    if leftover:
        raise ValueError(f"template marker {leftover.group(0)} was not filled")
    return template


def site_conf(root: Path, listen: str, headers: Mapping[str, str]) -> str:
    """The production server block for a resolved site root."""
    if not SAFE_PATH.match(str(root)):
        raise ValueError(f"site root {root} has characters nginx.conf cannot hold safely")
    if not LISTEN.match(listen):
        raise ValueError(f"listen must be PORT or ADDRESS:PORT, not {listen!r}")
    template = (TEMPLATES / "site.conf.in").read_text(encoding="utf-8")
    return fill(template, {"LISTEN": listen, "ROOT": str(root),
                           "SECURITY_HEADERS": add_header_lines(headers)})


def main_conf(prefix: Path, without: set[str]) -> str:
    """The self-contained main config: everything nginx writes stays under `prefix`."""
    temp = [f"    {directive} {prefix}/tmp/{directive.removesuffix('_temp_path')};"
            for directive, module in TEMP_DIRECTIVES.items() if module not in without]
    # nginx only switches user when started as root; workers then keep that identity so
    # they read the site wherever the person (or the test) keeps it.
    user = ("# Started by root: workers keep the starting user's identity.\n"
            f"user {pwd.getpwuid(os.geteuid()).pw_name};") if os.geteuid() == 0 else ""
    template = (TEMPLATES / "nginx.conf.in").read_text(encoding="utf-8")
    return fill(template, {"PREFIX": str(prefix), "USER": user, "TEMP_PATHS": "\n".join(temp)})


def render(site: Path, listen: str, out: Path, nginx: str | None = None) -> list[str]:
    """Write site.conf and nginx.conf into `out`; return the command that runs nginx."""
    nginx = nginx or nginx_binary()
    root, prefix = site.resolve(), out.resolve()
    if not (root / "index.html").is_file():
        raise FileNotFoundError(f"{root} is not a built site (no index.html): run `make build`")
    headers = security_headers.security_headers(csp.site_policy(root))
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    (prefix / "site.conf").write_text(site_conf(root, listen, headers), encoding="utf-8")
    (prefix / "nginx.conf").write_text(main_conf(prefix, compiled_modules_without(nginx)),
                                       encoding="utf-8")
    return [nginx, "-p", f"{prefix}/", "-c", str(prefix / "nginx.conf"), "-e", "stderr"]


def wait_until_listening(process: subprocess.Popen, port: int, seconds: float = 15) -> None:
    """Return once nginx accepts connections on `port`; raise if it stops or takes too long."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx stopped before it listened (exit {process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on port {port} within {seconds:.0f} s")


def arguments(description: str) -> argparse.Namespace:
    """--root, --listen and --out, shared with serve.py."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--root", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--listen", default="127.0.0.1:8080", help="PORT or ADDRESS:PORT")
    parser.add_argument("--out", type=Path, default=ROOT / ".build" / "nginx",
                        help="where the rendered files, pid, logs and temp files go")
    return parser.parse_args()


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    print(" ".join(render(args.root, args.listen, args.out)))


if __name__ == "__main__":
    main()
