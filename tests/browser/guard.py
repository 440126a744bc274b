"""Watch a browser context: block and record every request to another host, and collect
console errors and uncaught exceptions, so a test can assert that none happened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Route


@dataclass
class Guard:
    """What a context tried to load from elsewhere, and what went wrong in its pages."""

    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.blocked, "requests left the machine:\n  " + "\n  ".join(self.blocked)
        assert not self.errors, "console errors:\n  " + "\n  ".join(self.errors)


def guard(context: BrowserContext, allowed: Callable[[str], bool]) -> Guard:
    """Abort (and record) every request whose URL `allowed` refuses; record page errors."""
    seen = Guard()

    def route(route: Route) -> None:
        url = route.request.url
        if allowed(url):
            route.continue_()
        else:
            seen.blocked.append(url)
            route.abort()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            seen.errors.append(f"{message.text} ({where})")

    def page_error(error: Error) -> None:
        seen.errors.append(f"uncaught: {error}")

    context.route("**/*", route)
    context.on("console", console)
    context.on("weberror", lambda web_error: page_error(web_error.error))
    return seen
