"""Issue 10: the public website through the production nginx config, on loopback.

Real nginx (hooks/hosting/nginx-conf/, rendered by hooks/hosting/nginx.py) serves the real build;
headers, caching, gzip, MIME types, the 404 page, traversal attempts and directory
requests are checked over raw HTTP, and Debian's Chromium loads pages with zero CSP
violations and zero console errors. Then the pure parts, robots/sitemap/canonical
agreement, and `make deploy`'s refusal to publish a failed build.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import PY, ROOT
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from playwright.sync_api import Response as PlaywrightResponse
from selectolax.lexbor import LexborHTMLParser

from hooks import settings as site_config
from hooks.hosting import csp, host_files, robots
from hooks.hosting import headers as security_headers
from hooks.hosting import nginx as nginx_conf

CHROMIUM = Path(os.environ.get("MSTP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-background-networking",
                 "--disable-component-update", "--disable-gpu", "--no-first-run",
                 "--disable-sync"]
PASSWD = "root:x:0:0"


# --- nginx on loopback ----------------------------------------------------------------

@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


@dataclass
class Server:
    """A running nginx: its port, the site root it serves and the headers it must send."""

    port: int
    root: Path
    expected: dict[str, str]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        """One request with the path sent exactly as given (http.client never normalises)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers=headers or {})
            reply = connection.getresponse()
            return Response(reply.status, reply.headers, reply.read())
        finally:
            connection.close()

    def raw(self, path: str) -> bytes:
        """The whole response to a request line written byte for byte on a socket."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Connection: close\r\n\r\n".encode("latin-1"))
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def webroot(built, tmp_path_factory) -> Path:
    """The real build, copied so probes (a symlink to /etc/passwd, an empty folder, a
    dotfile, an SVG large enough to compress) never touch the session's build."""
    root = tmp_path_factory.mktemp("webroot") / "site"
    shutil.copytree(built.site, root)
    (root / "probe-empty-dir").mkdir()
    (root / ".probe-secret").write_text("secret\n")
    (root / "probe-link.txt").symlink_to("/etc/passwd")
    circles = "".join(f'<circle cx="{i}" cy="{i}" r="{i}"/>' for i in range(60))
    (root / "probe-large.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 60">{circles}</svg>')
    return root


@pytest.fixture(scope="module")
def server(webroot, tmp_path_factory) -> Iterator[Server]:
    """nginx with the project's configuration on a free loopback port; stopped at the end."""
    run_dir = tmp_path_factory.mktemp("nginx")
    log = run_dir / "stderr.log"  # a file, not a pipe: a full pipe would stall nginx
    for _attempt in range(3):
        port = free_port()
        command = nginx_conf.render(webroot, f"127.0.0.1:{port}", run_dir)
        with log.open("w") as stderr:
            process = subprocess.Popen(command, stdout=stderr, stderr=stderr)
        try:
            nginx_conf.wait_until_listening(process, port, seconds=10)
            break
        except RuntimeError as error:
            process.kill()
            process.wait()
            if "Address already in use" not in log.read_text():
                raise RuntimeError(f"{error}: {log.read_text()}") from None
    else:
        pytest.fail("no free loopback port for nginx after 3 attempts")
    expected = security_headers.security_headers(csp.site_policy(webroot))
    try:
        yield Server(port, webroot, expected)
    finally:
        process.send_signal(signal.SIGQUIT)  # graceful stop
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        text = log.read_text()
        assert "[emerg]" not in text and "[alert]" not in text, text


def assert_security_headers(server: Server, response: Response) -> None:
    for name, value in server.expected.items():
        assert response.header(name) == value, f"{name}: {response.header(name)!r}"
    assert response.header("Server") == "nginx", "server_tokens off hides the version"


def fingerprinted(site: Path, suffix: str) -> str:
    paths = [path for path in security_headers.url_paths(site)
             if path.endswith(suffix) and security_headers.FINGERPRINTED.match(path)]
    assert paths, f"no fingerprinted *{suffix} in the build"
    return paths[0]


# --- headers, caching, types, compression ----------------------------------------------

def test_html_page_has_security_headers_and_short_caching(server):
    response = server.get("/induction/")
    assert response.status == 200
    assert response.header("Content-Type") == "text/html; charset=utf-8"
    assert response.header("Cache-Control") == "public, max-age=300"
    assert_security_headers(server, response)
    csp_value = response.header("Content-Security-Policy")
    assert "default-src 'self'" in csp_value and "frame-ancestors 'none'" in csp_value
    assert "unsafe-inline" not in csp_value and "unsafe-eval" not in csp_value
    assert not re.search(r"https?:|\*", csp_value), "no other host may be allowed"


def test_fingerprinted_asset_is_immutable(server):
    for suffix, kind in ((".min.js", "application/javascript"), (".min.css", "text/css")):
        response = server.get(fingerprinted(server.root, suffix))
        assert response.status == 200
        assert response.header("Content-Type").startswith(kind)
        assert response.header("Cache-Control") == "public, max-age=31536000, immutable"
        assert_security_headers(server, response)


def test_own_unfingerprinted_assets_are_revalidated_not_immutable(server):
    for path in ("/assets/stylesheets/site.css", "/assets/javascripts/text-size.js",
                 "/assets/vendor/fonts/atkinson-hyperlegible-400.woff2"):
        response = server.get(path)
        assert response.status == 200, path
        assert response.header("Cache-Control") == "no-cache", path
        assert_security_headers(server, response)
        # Revalidation is cheap: the unchanged file answers 304, headers included.
        again = server.get(path, {"If-None-Match": response.header("ETag")})
        assert again.status == 304 and again.body == b"", path
        assert_security_headers(server, again)


def test_search_index_has_short_caching(server):
    response = server.get("/search/search_index.json")
    assert response.status == 200
    assert response.header("Content-Type") == "application/json; charset=utf-8"
    assert response.header("Cache-Control") == "public, max-age=300"
    assert_security_headers(server, response)


def test_missing_page_is_the_custom_404_with_headers(server):
    for path in ("/no-such-page/", "/assets/no-such-file.js", "/404.html"):
        response = server.get(path)
        assert response.status == 404, path
        assert b"404 - Not found" in response.body, "Material's 404 page"
        assert response.header("Content-Type") == "text/html; charset=utf-8"
        assert response.header("Cache-Control") == "no-cache"
        assert_security_headers(server, response)


def test_every_file_gets_the_cache_rule_the_python_policy_names(server):
    """nginx's map and hooks/hosting/headers.py cache_control() must agree."""
    for path in security_headers.url_paths(server.root):
        if path.startswith(("/probe", "/.probe")) or path in {"/_headers", "/404.html"}:
            continue
        response = server.get(path)
        assert response.status == 200, path
        assert response.header("Cache-Control") == security_headers.cache_control(path), path


def test_mime_types(server):
    expected = {
        "/": "text/html; charset=utf-8",
        "/assets/stylesheets/site.css": "text/css; charset=utf-8",
        "/assets/javascripts/text-size.js": "application/javascript; charset=utf-8",
        "/search/search_index.json": "application/json; charset=utf-8",
        "/assets/favicon.svg": "image/svg+xml; charset=utf-8",
        "/assets/images/favicon.png": "image/png",
        "/assets/vendor/fonts/atkinson-hyperlegible-700.woff2": "font/woff2",
        "/sitemap.xml": "text/xml; charset=utf-8",
        "/sitemap.xml.gz": "application/gzip",
        "/robots.txt": "text/plain; charset=utf-8",
        fingerprinted(server.root, ".min.js.map"): "application/json; charset=utf-8",
    }
    for path, kind in expected.items():
        response = server.get(path)
        assert (response.status, response.header("Content-Type")) == (200, kind), path
        assert response.header("X-Content-Type-Options") == "nosniff"


def test_gzip_for_text_types(server):
    for path in ("/", "/assets/stylesheets/site.css", fingerprinted(server.root, ".min.js"),
                 "/search/search_index.json", "/probe-large.svg", "/sitemap.xml"):
        plain = server.get(path)
        packed = server.get(path, {"Accept-Encoding": "gzip"})
        assert packed.header("Content-Encoding") == "gzip", path
        assert "Accept-Encoding" in packed.header("Vary"), path
        assert gzip.decompress(packed.body) == plain.body, path
        assert plain.header("Content-Encoding") == "", "only when the client asks"
        assert_security_headers(server, packed)


def test_directory_without_trailing_slash_redirects_relatively(server):
    response = server.get("/induction")
    assert response.status == 301
    assert response.header("Location") == "/induction/"
    assert_security_headers(server, response)


# --- nothing outside the site, no listings, no dotfiles --------------------------------

TRAVERSALS = ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd",
              "/assets/../../../etc/passwd", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
              "/..%252f..%252fetc%252fpasswd", "/./.././../etc/passwd", "//../etc/passwd",
              "/assets/..%2f..%2f..%2fetc/passwd", "/..\\..\\etc\\passwd", "/probe-link.txt")


def test_path_traversal_never_reaches_files_outside_the_site(server):
    for path in TRAVERSALS:
        response = server.get(path)
        assert response.status in {400, 403, 404}, (path, response.status)
        assert PASSWD.encode() not in response.body, path
        raw = server.raw(path)
        assert PASSWD.encode() not in raw, path
        assert re.match(rb"HTTP/1\.1 (400|403|404) ", raw), (path, raw[:40])


def test_directories_are_never_listed(server):
    for path in ("/assets/", "/assets/javascripts/", "/probe-empty-dir/", "/search/"):
        response = server.get(path)
        assert response.status in {403, 404}, path
        assert b"Index of" not in response.body, path
        assert response.body == (server.root / "404.html").read_bytes(), path
        assert_security_headers(server, response)


def test_dotfiles_and_host_files_are_not_served(server):
    for path in ("/.probe-secret", "/.git/config", "/_headers"):
        response = server.get(path)
        assert response.status == 404, path
        assert b"secret" not in response.body
        assert_security_headers(server, response)


# --- a real browser: zero CSP violations, zero console errors --------------------------

VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} `
                              + `${event.sourceFile}:${event.lineNumber}`);
});
"""


@dataclass
class Visit:
    """What one page visit showed: CSP violations, and console/page/HTTP problems."""

    violations: list[str]
    problems: list[str]
    facts: dict[str, object]


class BrowserThread:
    """Debian's Chromium, driven from a thread of its own.

    Playwright's sync API allows one instance per thread, and another test module may
    keep a session-wide one on the main thread; a private thread never collides with it.
    """

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self.pool.submit(self._start).result()

    def _start(self) -> None:
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                       args=CHROMIUM_ARGS)

    def _stop(self) -> None:
        self.browser.close()
        self.playwright.stop()

    def visit(self, base: str, path: str, action: Callable[[Page], dict] | None = None) -> Visit:
        return self.pool.submit(_visit, self.browser, base, path, action).result()

    def close(self) -> None:
        self.pool.submit(self._stop).result()
        self.pool.shutdown()


def _visit(browser: Browser, base: str, path: str,
           action: Callable[[Page], dict] | None) -> Visit:
    """Load a page in a fresh context, run `action`, and report everything that went wrong."""
    context = browser.new_context(base_url=base)
    context.add_init_script(VIOLATIONS)
    problems: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(f"console {message.type}: {message.text}")

    def response(reply: PlaywrightResponse) -> None:
        if reply.status >= 400:
            problems.append(f"HTTP {reply.status}: {reply.url}")

    page = context.new_page()
    page.on("console", console)
    page.on("worker", lambda worker: worker.on("console", console))
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on("response", response)
    try:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        facts = action(page) if action else {}
        page.wait_for_timeout(100)  # let late violation events arrive
        return Visit(page.evaluate("window.__cspViolations"), problems, facts)
    finally:
        context.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[BrowserThread]:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make install`.")
    thread = BrowserThread()
    yield thread
    thread.close()


def press_larger_text(page: Page) -> dict:
    """Our own script (text-size.js) must work under the policy too."""
    larger = page.locator(".mstp-text-size button").nth(1)
    larger.click()
    return {"h1": page.locator("h1").first.is_visible(),
            "pressed": larger.get_attribute("aria-pressed")}


@pytest.mark.parametrize("path", ["/", "/induction/", "/print_page/"])
def test_pages_load_without_csp_violations_or_console_errors(chromium, server, path):
    visit = chromium.visit(server.base, path, press_larger_text)
    assert visit.violations == []
    assert visit.problems == []
    assert visit.facts == {"h1": True, "pressed": "true"}


def search(page: Page) -> dict:
    page.locator("input.md-search__input").click()
    page.keyboard.type("relapse", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    return {"results": page.locator(".md-search-result__item").count()}


def test_search_works_under_the_policy(chromium, server):
    visit = chromium.visit(server.base, "/", search)
    assert visit.violations == []
    assert visit.problems == []
    assert visit.facts["results"] > 0


def styled_404(page: Page) -> dict:
    return {"h1": page.locator("h1").first.inner_text(),
            "stylesheets": page.evaluate("[...document.styleSheets].filter(s => s.href).length")}


def test_404_page_renders_under_the_policy(chromium, server):
    url = f"{server.base}/no-such-page/deeper/"
    visit = chromium.visit(server.base, url, styled_404)
    assert visit.violations == []
    assert visit.facts["h1"] == "404 - Not found"
    # Styled two folders deep: Material's 404 page uses absolute asset paths.
    assert visit.facts["stylesheets"] >= 3
    # Only the page's own status is an error; every asset it uses loaded.
    assert set(visit.problems) <= {
        f"HTTP 404: {url}",
        "console error: Failed to load resource: the server responded with a status of 404 "
        "(Not Found)"}, visit.problems


def inject_inline_script(page: Page) -> dict:
    page.evaluate("""() => { const s = document.createElement("script");
                             s.textContent = "window.injected = true";
                             document.body.append(s); }""")
    page.wait_for_function("window.__cspViolations.length > 0")
    return {"injected": page.evaluate("window.injected === true")}


def test_the_policy_really_blocks_injected_inline_script(chromium, server):
    """Control: the listeners above would see a violation if there were one."""
    visit = chromium.visit(server.base, "/", inject_inline_script)
    assert visit.facts == {"injected": False}
    assert any(v.startswith("script-src") for v in visit.violations), visit.violations
    assert any("Content Security Policy" in problem for problem in visit.problems)


# --- pure parts --------------------------------------------------------------------------

def test_sha256_source_matches_the_csp_specification_example():
    assert csp.sha256_source("alert('Hello, world.');") == \
        "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def test_collect_hashes_executable_inline_code_only():
    found = csp.InlineCode()
    csp.collect_html("""<html><head>
        <script>var a = 1;</script>
        <script type="text/javascript">var a = 1;</script>
        <script type="module">import "./x.js";</script>
        <script type="application/ld+json">{"@type": "MedicalWebPage"}</script>
        <script type="application/json" id="__config">{"base": "."}</script>
        <script src="x.js"></script>
        <style>p { color: red }</style>
        </head><body><p style="color: blue">x</p></body></html>""", "t.html", found)
    assert found.scripts == {"var a = 1;", 'import "./x.js";'}
    assert found.styles == {"p { color: red }"}
    assert found.style_attributes == {"color: blue"}
    assert found.handlers == []
    policy = csp.policy(found)
    assert csp.sha256_source("var a = 1;") in policy
    assert "style-src-attr 'unsafe-hashes' " + csp.sha256_source("color: blue") in policy
    assert "MedicalWebPage" not in policy and "unsafe-inline" not in policy


def test_inline_event_handlers_are_refused():
    found = csp.InlineCode()
    csp.collect_html('<button onclick="go()">x</button><a href="javascript:go()">y</a>',
                     "page.html", found)
    assert len(found.handlers) == 2
    with pytest.raises(csp.InlineCodeError, match=r"page\.html"):
        csp.policy(found)


def test_policy_without_inline_code_is_self_only():
    policy = csp.policy(csp.InlineCode())
    assert policy.startswith("default-src 'self'; script-src 'self'; style-src 'self'; ")
    assert "object-src 'none'" in policy and "base-uri 'self'" in policy
    assert "form-action 'self'" in policy and "img-src 'self' data:" in policy


def test_cache_rules():
    cache = security_headers.cache_control
    assert cache("/assets/javascripts/bundle.a5f9d56c.min.js") == security_headers.IMMUTABLE
    assert cache("/assets/stylesheets/main.57a0d79d.min.css.map") == security_headers.IMMUTABLE
    for path in ("/assets/stylesheets/site.css", "/assets/javascripts/text-size.js",
                 "/assets/vendor/fonts/x.woff2", "/js/print-site.js", "/404.html"):
        assert cache(path) == security_headers.REVALIDATE, path
    for path in ("/", "/induction/", "/search/search_index.json", "/robots.txt"):
        assert cache(path) == security_headers.SHORT, path


def test_headers_file_format():
    text = security_headers.headers_file({"X-A": "1", "X-B": "two words"},
                                         ["/assets/b.12345678.min.js",
                                          "/assets/a.12345678.min.css"])
    assert text.splitlines()[1:] == [
        "/*", "  X-A: 1", "  X-B: two words",
        "/assets/a.12345678.min.css", f"  Cache-Control: {security_headers.IMMUTABLE}",
        "/assets/b.12345678.min.js", f"  Cache-Control: {security_headers.IMMUTABLE}"]


def test_nginx_rendering_refuses_what_it_cannot_quote(tmp_path):
    with pytest.raises(ValueError, match="cannot be written"):
        nginx_conf.add_header_lines({"X": 'say "hi"'})
    with pytest.raises(ValueError, match="cannot be written"):
        nginx_conf.add_header_lines({"X": "$uri"})
    with pytest.raises(ValueError, match="listen"):
        nginx_conf.site_conf(tmp_path, "127.0.0.1:80; include /etc/x", {})
    with pytest.raises(ValueError, match="characters"):
        nginx_conf.site_conf(Path("/tmp/a b;"), "8080", {})
    conf = nginx_conf.site_conf(Path("/srv/site"), "[::1]:8080", {"X-A": "1"})
    assert "listen [::1]:8080;" in conf and "root /srv/site;" in conf
    assert 'add_header X-A "1" always;' in conf
    assert not re.search(r"@[A-Z_]+@", conf), "every template marker is filled"


def test_host_files_are_written_into_a_site_and_refuse_inline_handlers(tmp_path):
    (tmp_path / "index.html").write_text("<script>go()</script><p>x</p>")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "x.0123abcd.min.js").write_text("")
    (tmp_path / "robots.txt").write_text("User-agent: *\n")
    host_files.write(tmp_path, "https://example.org")
    headers = (tmp_path / "_headers").read_text()
    assert csp.sha256_source("go()") in headers
    assert "/assets/x.0123abcd.min.js\n  Cache-Control: public" in headers
    assert (tmp_path / "robots.txt").read_text() == (
        "User-agent: *\n\nSitemap: https://example.org/sitemap.xml\n")
    (tmp_path / "index.html").write_text('<a href="#" onclick="go()">x</a>')
    with pytest.raises(ValueError, match="inline event handlers"):
        host_files.write(tmp_path, "https://example.org")


def test_robots_render():
    assert robots.render("User-agent: *\nAllow: /\nSitemap: https://old.example/s.xml\n\n",
                         "https://new.example/sub") == \
        "User-agent: *\nAllow: /\n\nSitemap: https://new.example/sub/sitemap.xml\n"
    with pytest.raises(ValueError):
        robots.sitemap_url("/relative/")


# --- the built site: _headers, robots.txt, sitemap and canonical links agree ----------

def site_url() -> str:
    return site_config.read(ROOT / "mkdocs.yml")["site_url"]


def test_headers_file_in_the_build_matches_nginx(built, server):
    text = (built.site / "_headers").read_text()
    for name, value in server.expected.items():
        assert f"\n  {name}: {value}\n" in text, name
    immutable = re.findall(r"^(/\S+)\n  Cache-Control: public, max-age=31536000, immutable$",
                           text, re.MULTILINE)
    assert immutable and all(security_headers.FINGERPRINTED.match(p) for p in immutable)
    assert text.count("Cache-Control") == len(immutable), "never under /* as well"


def test_robots_sitemap_and_canonical_links_agree(built):
    base = robots.site_root(site_url())
    robots_txt = (built.site / "robots.txt").read_text()
    assert robots_txt.splitlines()[-1] == f"Sitemap: {base}sitemap.xml"
    assert "User-agent: *" in robots_txt
    sitemap = set(re.findall(r"<loc>([^<]+)</loc>", (built.site / "sitemap.xml").read_text()))
    assert sitemap and all(url.startswith(base) for url in sitemap)
    canonical = {}
    for path in built.site.rglob("*.html"):
        link = LexborHTMLParser(path.read_text()).css_first('link[rel="canonical"]')
        if link is not None:
            canonical[path.relative_to(built.site).as_posix()] = link.attributes["href"]
    assert "404.html" not in canonical, "the 404 page is not a page to index"
    for relative, url in canonical.items():
        assert url == base + relative.removesuffix("index.html"), relative
    # The sitemap lists exactly the canonical pages robots.txt lets crawlers fetch.
    disallowed = [base + line.split(":", 1)[1].strip().lstrip("/")
                  for line in robots_txt.splitlines() if line.startswith("Disallow:")]
    crawlable = {url for url in canonical.values() if not url.startswith(tuple(disallowed))}
    assert crawlable == sitemap


def test_offline_edition_has_no_host_files(built):
    [archive] = built.dist.glob("*.zip")
    names = {name.split("/", 1)[1] for name in zipfile.ZipFile(archive).namelist()}
    assert "_headers" not in names and "robots.txt" not in names


# --- deploy: never publish a failed build ------------------------------------------------

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV, **env})


def project_repo(tmp_path: Path) -> Path:
    """A committed copy of the project in a fresh git repository."""
    repo = tmp_path / "repo"
    repo.mkdir()
    skip = shutil.ignore_patterns("__pycache__")
    for name in ("docs", "hooks", "overrides", "scripts"):
        shutil.copytree(ROOT / name, repo / name, ignore=skip)
    for name in ("Makefile", "mkdocs.yml", "pyproject.toml", "requirements.txt", "package.json",
                 "package-lock.json", ".gitignore"):
        shutil.copy2(ROOT / name, repo / name)
    (repo / ".venv").symlink_to(ROOT / ".venv")
    (repo / "node_modules").symlink_to(ROOT / "node_modules")
    for command in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"],
                    ["git", "commit", "-q", "-m", "sources"]):
        assert run(command, repo).returncode == 0
    return repo


def has_branch(repo: Path, branch: str = "gh-pages") -> bool:
    return run(["git", "rev-parse", "--verify", "-q", branch], repo).returncode == 0


def test_deploy_refuses_when_the_build_fails(built, tmp_path):
    repo = project_repo(tmp_path)
    # A previous good build is still in site/: it must not be published either.
    shutil.copytree(built.site, repo / "site")
    hour_ago = time.time() - 3600
    for path in (repo / "site").rglob("*"):
        os.utime(path, (hour_ago, hour_ago))
    page = repo / "docs" / "induction.md"
    page.write_text(re.sub(r"(?m)^reviewer:.*\n", "", page.read_text()))
    assert run(["git", "commit", "-q", "-am", "break a page"], repo).returncode == 0

    make = run(["make", "-o", ".venv/.installed", "deploy", "DRY_RUN=1"], repo)
    assert make.returncode != 0
    assert "BUILD FAILED" in make.stderr, make.stdout + make.stderr
    assert "hooks.hosting.deploy" not in make.stdout, "deploy ran after a failed build"
    assert "-m pytest" not in make.stdout, "tests ran after a failed build"
    assert not has_branch(repo)

    # Run by hand, the deploy script itself refuses the stale site/.
    direct = run([PY, "-m", "hooks.hosting.deploy"], repo)
    assert direct.returncode == 1
    assert "DEPLOY REFUSED" in direct.stderr and "docs/induction.md" in direct.stderr
    assert not has_branch(repo)


def test_deploy_refuses_uncommitted_sources(built, tmp_path):
    repo = project_repo(tmp_path)
    (repo / "docs" / "about.md").write_text("edited, not committed\n")
    shutil.copytree(built.site, repo / "site", copy_function=shutil.copy)
    direct = run([PY, "-m", "hooks.hosting.deploy", "--dry-run"], repo)
    assert direct.returncode == 1 and "uncommitted" in direct.stderr
    assert not has_branch(repo)


def test_deploy_publishes_the_tested_site_to_gh_pages(built, tmp_path):
    repo = project_repo(tmp_path)
    remote = tmp_path / "remote.git"
    assert run(["git", "init", "-q", "--bare", str(remote)], tmp_path).returncode == 0
    assert run(["git", "remote", "add", "origin", str(remote)], repo).returncode == 0
    # Fresh copies: newer than every source, as right after `make build`.
    shutil.copytree(built.site, repo / "site", copy_function=shutil.copy)

    dry = run([PY, "-m", "hooks.hosting.deploy", "--dry-run"], repo, DEPLOY_REMOTE="origin")
    assert dry.returncode == 0 and "Dry run" in dry.stdout, dry.stderr
    assert not has_branch(repo)

    published = run([PY, "-m", "hooks.hosting.deploy"], repo, DEPLOY_REMOTE="origin")
    assert published.returncode == 0, published.stderr
    head = run(["git", "rev-parse", "HEAD"], repo).stdout.strip()
    files = run(["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "gh-pages"],
                tmp_path).stdout.split()
    assert {"index.html", "404.html", ".nojekyll", "_headers", "robots.txt",
            "induction/index.html", "sitemap.xml"} <= set(files)
    message = run(["git", "--git-dir", str(remote), "log", "-1", "--format=%s", "gh-pages"],
                  tmp_path).stdout
    assert message.startswith(f"Deployed {head} (edition ")
