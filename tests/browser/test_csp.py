"""The pages work under their Content Security Policy, in a real headless browser.

Each page is loaded from the real application (its security headers included) and used: the query
editor runs an example query and draws the result table, the explorer draws its graph (Cytoscape
adds an inline style element, allowed by its hash), the timeline draws its markers. Every
``securitypolicyviolation`` event and console error is collected; there must be none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_explore import _reason, browser, server  # noqa: F401  (fixtures, and the skip reason)

pytestmark = pytest.mark.skipif(_reason is not None, reason=_reason or "")

#: Records CSP violations before any script of the page runs.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} ` +
    `(${e.sourceFile || ""}:${e.lineNumber || ""}) ${e.sample || ""}`);
});
"""


class Visit:
    def __init__(self, chromium: Any, url: str) -> None:
        self.page = chromium.new_page(viewport={"width": 1400, "height": 900})
        self.page.add_init_script(RECORD_VIOLATIONS)
        self.console: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.console.append(f"uncaught: {e}"))
        self.failed: list[str] = []
        self.page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        response = self.page.goto(url)
        assert response is not None and response.status == 200
        self.headers = response.headers

    def violations(self) -> list[str]:
        return list(self.page.evaluate("window.__violations"))

    def check(self) -> None:
        assert "default-src 'self'" in self.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in self.headers["content-security-policy"]
        assert self.headers["x-content-type-options"] == "nosniff"
        assert self.headers["x-frame-options"] == "DENY"
        assert self.violations() == []
        assert self.failed == []
        assert self.console == []


class Visits:
    """Opens pages; closes them all at the end of the test."""

    def __init__(self, chromium: Any) -> None:
        self.browser = chromium
        self.pages: list[Visit] = []

    def __call__(self, url: str) -> Visit:
        self.pages.append(Visit(self.browser, url))
        return self.pages[-1]


@pytest.fixture
def visit(browser: Any) -> Iterator[Visits]:  # noqa: F811
    visits = Visits(browser)
    yield visits
    for page in visits.pages:
        page.page.close()


def test_query_editor_runs_a_query_under_the_policy(server: str, visit: Visits) -> None:  # noqa: F811
    view = visit(f"{server}/sparql")
    page = view.page
    page.wait_for_selector(".CodeMirror")  # the editor (CodeMirror) replaced the text area
    page.select_option("#examples", "0")
    page.click("#run")
    page.wait_for_selector("#results table tbody tr", timeout=30_000)
    assert page.locator("#results table tbody tr").count() > 3
    view.check()


def test_explorer_draws_under_the_policy(server: str, visit: Visits) -> None:  # noqa: F811
    view = visit(f"{server}/explore")
    page = view.page
    page.wait_for_selector('#graph[data-state="ready"]', state="attached", timeout=30_000)
    assert int(page.get_attribute("#graph", "data-node-count") or 0) > 10
    # Cytoscape's own style element got in (by its hash): the container is positioned
    assert page.evaluate("!!document.getElementById('__________cytoscape_stylesheet')")
    assert page.evaluate("getComputedStyle(document.querySelector('#graph')).position") != "static"
    view.check()


def test_timeline_draws_under_the_policy(server: str, visit: Visits) -> None:  # noqa: F811
    view = visit(f"{server}/timeline")
    page = view.page
    page.wait_for_selector('#timeline[data-state="ready"]', timeout=30_000)
    assert page.locator("#timeline circle.marker").count() > 5
    # the heading's style moved from an inline attribute to the stylesheet (1.3rem, not h1's 2em)
    assert page.evaluate("getComputedStyle(document.getElementById('heading')).fontSize") == "20.8px"
    view.check()


@pytest.mark.parametrize("path", ["/", "/id/org/nhn", "/id/assignment/ehelse/TB2023-01", "/graph/reference"])
def test_other_pages_load_under_the_policy(server: str, visit: Visits, path: str) -> None:  # noqa: F811
    view = visit(f"{server}{path}")
    view.page.wait_for_load_state("load")
    view.check()


def test_api_documentation_works_offline_under_its_policy(server: str, visit: Visits) -> None:  # noqa: F811
    """Swagger UI comes from the project's npm install: started by "Try the operations", it draws every
    operation, loads nothing from another host and breaks no policy."""
    requested: list[str] = []
    view = visit(f"{server}/docs")
    view.page.on("request", lambda r: requested.append(r.url))
    assert view.page.locator("li.operation").count() >= 20  # listed by the server, before Swagger UI
    view.page.click("#try-it")
    view.page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)  # its info block is the page's own H1
    assert view.page.locator(".opblock").count() >= 20
    assert all(url.startswith(server) for url in requested)
    assert view.violations() == [] and view.failed == [] and view.console == []


def test_an_inline_script_would_be_blocked(server: str, visit: Visits) -> None:  # noqa: F811
    """The policy is really enforced: a script injected into a page does not run."""
    view = visit(f"{server}/sparql")
    view.page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true';"
        " document.head.appendChild(s); }"
    )
    assert view.page.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in view.violations())
