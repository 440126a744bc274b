"""A loopback static server that compresses like a production host (gzip), for measuring.

Page weight must count bytes as transferred, so text responses are gzipped (level 6,
nginx's usual setting) when the browser asks for it; fonts and images are sent as they are,
since they are compressed already. Every response's size is logged for the page-weight
figures, which therefore do not depend on what the browser reports.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml",
                    "application/xml")
mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("font/woff2", ".woff2")


@dataclass
class Log:
    """(path, content type, bytes on the wire) of every response, in order."""

    entries: list[tuple[str, str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, kind: str, size: int) -> None:
        with self.lock:
            self.entries.append((path, kind, size))

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


class _Handler(http.server.SimpleHTTPRequestHandler):
    log_sink: Log

    def __init__(self, *args, log_sink: Log, **kwargs) -> None:
        self.log_sink = log_sink
        super().__init__(*args, **kwargs)

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return None
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        gzipped = ("gzip" in self.headers.get("Accept-Encoding", "")
                   and kind.startswith(COMPRESSED_TYPES))
        if gzipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=3600")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.log_sink.add(self.path.split("?")[0], kind, len(body))
        return _Body(body)

    def log_message(self, format: str, *args) -> None:
        pass


class _Body:
    """The already-read (and maybe compressed) body, as the file object copyfile expects."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[tuple[str, Log]]:
    """Serve `root` on 127.0.0.1 at a free port; yields (base URL, response log)."""
    log = Log()
    handler = partial(_Handler, directory=str(root), log_sink=log)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()
