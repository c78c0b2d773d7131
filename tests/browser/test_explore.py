"""The graph explorer and the timeline in a real headless browser (Debian's Chromium via Playwright).

The application is the one ``tbgraph serve`` runs (``tbgraph.api.create_app``), started by uvicorn
on a free loopback port. Checked as a person would: the page loads with no console errors, draws
as many nodes as the knowledge graph has actors, a click on Norsk helsenett SF lists the
assignments the letter gives it, a filter changes what is drawn. Screenshots and the measured
load times go to ``test-artifacts/``.

Skipped, with the reason, only when Chromium (or Playwright, or the npm packages) is missing and
``TBGRAPH_REQUIRE_BROWSER`` is not set; the test command (scripts/test.sh) installs them and sets it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from project_paths import ROOT
from tbgraph.dataset.opening import open_dataset
from tbgraph.graphs import Filters, collaboration_graph, dependency_graph

CHROMIUM = Path(os.environ.get("TBGRAPH_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"
REQUIRED = bool(os.environ.get("TBGRAPH_REQUIRE_BROWSER"))

#: Norsk helsenett SF's assignments in the letter: TB2023-01 (lines 366-368), TB2023-03 (390),
#: TB2023-07's part "Standardisert språk i kjernejournal" (520-524) and TB2023-10 (567-569); section
#: 1.1's collaboration (189-191) is a responsibility of its own, not TB2023-15.
NHN_ASSIGNMENTS = ["TB2023-01", "TB2023-03", "TB2023-07", "TB2023-10"]


def _missing() -> str | None:
    if not (CHROMIUM.is_file() or shutil.which("chromium")):
        return f"Chromium is not installed ({CHROMIUM}); run scripts/install-browser.sh"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if not (ROOT / "web/node_modules/cytoscape/dist/cytoscape.min.js").is_file():
        return "the browser libraries are not installed (npm ci --prefix web)"
    return None


_reason = _missing()
if _reason and REQUIRED:
    raise RuntimeError(f"TBGRAPH_REQUIRE_BROWSER is set but {_reason}")
pytestmark = pytest.mark.skipif(_reason is not None, reason=_reason or "")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _application() -> Any:
    """The real application; the graph router on its own only if the API package is absent."""
    try:
        from tbgraph.api import Settings, create_app
    except ImportError:
        from types import SimpleNamespace

        from fastapi import FastAPI

        from tbgraph.web.routes import router

        app = FastAPI()
        app.include_router(router)
        app.state.tbgraph = SimpleNamespace(store=open_dataset().store)
        return app
    # the shapes are checked by their own tests; here the server only has to serve
    return create_app(Settings(validate_on_start=False, query_workers=1))


#: The application the ``server`` fixture runs (a test may wait for its background work).
APPLICATIONS: list[Any] = []


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    import uvicorn

    port = _free_port()
    APPLICATIONS.append(_application())
    config = uvicorn.Config(APPLICATIONS[-1], host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the application did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Page:
    """A page with its console messages and uncaught errors collected."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page(viewport={"width": 1500, "height": 950})
        self.errors: list[str] = []
        self.page.on(
            "console",
            lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None,
        )
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url}"))
        self.remote: list[str] = []
        self.page.on(
            "request",
            lambda r: None if r.url.startswith(("http://127.0.0.1", "data:")) else self.remote.append(r.url),
        )

    def ready(self) -> None:
        # a selector, not wait_for_function: that evaluates a string, which the pages' CSP refuses
        self.page.wait_for_selector('#graph[data-state="ready"]', state="attached", timeout=30_000)

    def count(self) -> int:
        return int(self.page.get_attribute("#graph", "data-node-count") or -1)

    def drawn(self) -> set[str]:
        return set(self.page.evaluate("window.tbgraphExplorer.cy.nodes().map(n => n.id())"))

    def redraw(self, action: Any) -> None:
        """Run ``action`` and wait until the graph was drawn again."""
        self.page.evaluate("document.querySelector('#graph').dataset.state = 'stale'")
        action()
        self.ready()


def _timings(**values: float) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "browser-timings.json"
    known = json.loads(path.read_text()) if path.is_file() else {}
    known.update({k: round(v, 3) for k, v in values.items()})
    path.write_text(json.dumps(known, indent=2) + "\n")


def test_explore(server: str, browser: Any) -> None:
    store = open_dataset().store
    view = Page(browser)
    page = view.page

    started = time.perf_counter()
    page.goto(f"{server}/explore")
    view.ready()
    load_seconds = time.perf_counter() - started

    # the nodes drawn are the actors of the collaboration graph
    expected = collaboration_graph(store)
    assert view.count() == expected.number_of_nodes()
    assert view.drawn() == set(expected.nodes)
    assert int(page.get_attribute("#graph", "data-edge-count") or -1) == expected.number_of_edges()

    # a real click on Norsk helsenett SF lists the assignments the letter gives it
    box = page.locator("#graph").bounding_box()
    page.evaluate("window.tbgraphExplorer.cy.center(window.tbgraphExplorer.cy.getElementById('org/nhn'))")
    position = page.evaluate("window.tbgraphExplorer.cy.getElementById('org/nhn').renderedPosition()")
    page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    page.wait_for_selector("#actor-assignments li")
    listed = page.eval_on_selector_all("#actor-assignments li", "items => items.map(i => i.dataset.assignment)")
    assert listed == NHN_ASSIGNMENTS
    link = page.get_attribute('#actor-assignments li[data-assignment="TB2023-01"] a', "href")
    assert link and link.endswith("id/assignment/ehelse/TB2023-01")
    assert "providing input" in page.inner_text('#actor-assignments li[data-assignment="TB2023-01"]')
    assert "2023-05-01" in page.inner_text('#actor-assignments li[data-assignment="TB2023-01"]')  # line 374
    assert "Standardisert språk i kjernejournal" in page.inner_text(
        '#actor-assignments li[data-assignment="TB2023-07"]'
    )
    time.sleep(0.3)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explore-collaboration.png"))

    # the assignment link leads to the assignment's page
    response = page.request.get(server + "/" + link.lstrip("/").removeprefix(server.rstrip("/") + "/"))
    assert response.status == 200

    # a filter changes what is drawn: main goal 4 (lines 891-989)
    view.redraw(lambda: page.select_option("#goal", "4"))
    goal_four = collaboration_graph(store, Filters(goal="4"))
    assert view.drawn() == set(goal_four.nodes)
    assert "org/nhn" not in view.drawn()
    assert "goal=4" in page.url

    # leaving the owner out removes the directorate that takes part in everything
    view.redraw(lambda: page.select_option("#goal", ""))
    view.redraw(lambda: page.uncheck("#owner"))
    assert "org/ehelse" not in view.drawn()
    assert view.count() == collaboration_graph(store, Filters(include_owner=False)).number_of_nodes()

    # search for an actor by name
    page.fill("#search", "Helsedirektoratet")
    page.press("#search", "Enter")
    page.wait_for_selector('#details h2:has-text("Helsedirektoratet")')
    page.wait_for_selector(
        '#actor-assignments li[data-assignment="TB2023-06"]'
    )  # line 464 "ledes av Helsedirektoratet"

    # the dependency view
    view.redraw(lambda: page.check('input[name="view"][value="dependencies"]'))
    assert view.count() == dependency_graph(store).number_of_nodes()
    assert page.get_attribute("#graph", "data-view") == "dependencies"
    time.sleep(0.3)
    page.screenshot(path=str(ARTIFACTS / "explore-dependencies.png"))

    assert view.errors == [], view.errors
    assert view.remote == [], f"the page fetched from elsewhere: {view.remote}"
    _timings(explore_load_seconds=load_seconds)
    print(f"/explore loaded and drew the graph in {load_seconds:.2f} s")
    page.close()


def test_timeline(server: str, browser: Any) -> None:
    view = Page(browser)
    page = view.page
    started = time.perf_counter()
    page.goto(f"{server}/timeline")
    page.wait_for_selector('#timeline[data-state="ready"]', timeout=30_000)
    load_seconds = time.perf_counter() - started
    items = json.loads(page.evaluate("fetch('api/timeline').then(r => r.text())"))["items"]
    dated = [i for i in items if i["date"] and i["date"].startswith("2023")]
    assert page.locator("#timeline circle.marker").count() == len(dated)
    assert page.locator("#deadline-table tbody tr[data-date]").count() == len(items)
    assert page.locator("#deadline-table tr.month-row").count() == len({(i["date"] or "")[:7] for i in items})
    # line 374: TB2023-01 "Frist: 1. mai"
    assert page.locator('#timeline circle.marker[data-id="TB2023-01"][data-date="2023-05-01"]').count() == 1
    page.uncheck("#show-cycle")
    assert page.locator("#timeline circle.marker").count() == len(
        [i for i in dated if i["category"] in ("assignment", "part")]
    )
    page.check("#show-cycle")
    page.screenshot(path=str(ARTIFACTS / "timeline.png"), full_page=True)
    assert view.errors == [], view.errors
    assert view.remote == []
    _timings(timeline_load_seconds=load_seconds)
    page.close()
