"""The whole site in a real browser (Debian's Chromium via Playwright), as its readers use it.

Every page, at desktop (1440 × 900) and phone (390 × 844) width: axe-core (from the project's npm
install, served by the application like every other browser file) finds no serious or critical
violation; the page does not scroll sideways; it has exactly one H1; it asks no other host for
anything; it is ready within a second on the shipped data. Keyboard: every link, button and field
of the main pages is reached with Tab. And the readers' questions as journeys from the front page:
which assignments involve Norsk helsenett, in what role and part (search "helsenett", at most two
actions); what is due in June; who works with Helsedirektoratet (in the graph); does every assignment
have exactly one owner. The measured ready times go to test-artifacts/site-timings.json.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
from test_explore import APPLICATIONS, ARTIFACTS, _reason, browser, server  # noqa: F401  (fixtures, skip reason)

pytestmark = pytest.mark.skipif(_reason is not None, reason=_reason or "")

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}

#: path → what marks the page as ready (a selector), beyond the load event.
PAGES: dict[str, str | None] = {
    "/": None,
    "/assignments": None,
    "/assignments?agency=nhn&role=lead": None,
    "/actors": None,
    "/goals": None,
    "/budget": None,
    "/deadlines": None,
    "/deadlines?month=2023-06": None,
    "/explore": '#graph[data-state="ready"]',
    "/explore?view=bipartite": '#graph[data-state="ready"]',
    "/timeline": '#timeline[data-state="ready"]',
    "/sparql": ".CodeMirror",
    "/docs": "li.operation",
    "/ontology": None,
    "/id/org/nhn": None,
    "/id/assignment/ehelse/TB2023-07": None,
    "/id/solution/kjernejournal": None,
    "/id/letter/ehelse/2023/main-goal/2": None,
    "/search?q=helse": None,
    "/questions/legal-basis": None,
}

AXE = "static/vendor/axe-core/axe.min.js"

#: Pages allowed more than a second: none. /docs lists the operations rendered on the server and starts
#: Swagger UI (1.7 MB of script, 1.5-2.8 s) only when asked (docs/web.md has the figures).
LIMITS: dict[str, float] = {}


class Visit:
    """A page in its own context (viewport, language), with errors and other hosts' requests collected."""

    def __init__(self, chromium: Any, base: str, viewport: dict[str, int], locale: str = "nb-NO") -> None:
        self.server = base
        self.context = chromium.new_context(viewport=viewport, locale=locale)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.remote: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("request", lambda r: None if r.url.startswith((base, "data:")) else self.remote.append(r.url))

    def open(self, path: str, ready: str | None = None) -> float:
        """Seconds from the request to the page being ready (loaded, its script's drawing done)."""
        started = time.perf_counter()
        response = self.page.goto(self.server + path)
        assert response is not None and response.status == 200, path
        self.page.wait_for_load_state("load")
        if ready:
            self.page.wait_for_selector(ready, state="attached", timeout=30_000)
        return time.perf_counter() - started

    def axe(self) -> list[dict[str, Any]]:
        """axe-core's serious and critical violations on the page as it is now."""
        self.page.add_script_tag(url=f"{self.server}/{AXE}")
        found = self.page.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target)})))"
        )
        return list(found)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, server: str) -> Iterator[Any]:  # noqa: F811
    # the first page a server renders starts computing what the others show (tbgraph.web.warm); the
    # times measured are a reader's after that, not the first page's after the start
    import urllib.request

    with urllib.request.urlopen(server + "/") as first:  # noqa: S310  (the test's own loopback server)
        assert first.status == 200
    warming = getattr(APPLICATIONS[-1].state, "tbgraph_web_warm", None)
    if warming is not None:
        warming.join(timeout=60)
    opened: list[Visit] = []

    def open_visit(viewport: dict[str, int] = DESKTOP, locale: str = "nb-NO") -> Visit:
        opened.append(Visit(browser, server, viewport, locale))
        return opened[-1]

    yield open_visit
    for one in opened:
        one.close()


def _record(name: str, values: dict[str, float]) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "site-timings.json"
    known = json.loads(path.read_text()) if path.is_file() else {}
    known[name] = {k: round(v, 3) for k, v in values.items()}
    path.write_text(json.dumps(known, indent=2, ensure_ascii=False) + "\n")


@pytest.mark.parametrize(
    ("viewport", "locale"),
    [(DESKTOP, "nb-NO"), (PHONE, "nb-NO"), (PHONE, "en-GB")],
    ids=["desktop", "phone", "phone-en"],
)
def test_every_page(visit: Any, viewport: dict[str, int], locale: str) -> None:
    view = visit(viewport, locale)
    timings: dict[str, float] = {}
    problems: list[str] = []
    # the limits are for a machine with a core free; on one where more processes want a core than there
    # are cores (the load average per core), a page is allowed that much longer, and the factor is recorded
    crowded = max(1.0, os.getloadavg()[0] / len(os.sched_getaffinity(0)))
    timings["load average per core"] = crowded
    for path, ready in PAGES.items():
        timings[path] = seconds = view.open(path, ready)
        limit = LIMITS.get(path, 1.0) * crowded
        for retry in range(2):
            if seconds < limit:
                break
            # the machine is shared: a slow visit is timed again (twice at most), in a fresh context
            again = visit(viewport, locale)
            timings[f"{path} (again {retry + 1})"] = later = again.open(path, ready)
            seconds = min(seconds, later)
            again.close()
        if seconds >= limit:
            problems.append(f"{path}: ready after {seconds:.2f} s (limit {limit:.2f} s)")
        assert view.page.get_attribute("html", "lang") == locale[:2], path
        headings = view.page.locator("h1").count()
        if headings != 1:
            problems.append(f"{path}: {headings} H1 elements")
        wide = view.page.evaluate("document.documentElement.scrollWidth")
        if wide > viewport["width"]:
            problems.append(f"{path}: {wide} px wide on a {viewport['width']} px screen")
        for violation in view.axe():
            where = violation["nodes"]
            problems.append(f"{path}: axe {violation['impact']} {violation['id']} ({violation['help']}) at {where}")
    _record(f"ready seconds at {viewport['width']} px, {locale}", timings)
    assert problems == [], "\n".join(problems)
    assert view.errors == [], view.errors
    assert view.remote == [], f"asked another host: {view.remote}"


@pytest.mark.parametrize("path", ["/", "/assignments", "/id/org/nhn", "/explore", "/timeline", "/sparql"])
def test_everything_is_reachable_by_keyboard(visit: Any, path: str) -> None:
    view = visit()
    view.open(path, PAGES.get(path))
    page = view.page
    wanted = set(
        page.evaluate(
            "Array.from(document.querySelectorAll('header a, header input, header button, main a[href], main button,"
            " main input:not([type=hidden]), main select, main textarea'))"
            ".filter(e => e.offsetParent !== null && !e.closest('.CodeMirror') && !e.closest('[hidden]'))"
            # inside a closed <details> only its summary; of a radio group the one Tab reaches (arrows move)
            ".filter(e => !(e.closest('details:not([open])') && !e.closest('summary')))"
            ".filter(e => !(e.type === 'radio' && !e.checked))"
            ".map((e, i) => { e.dataset.kb = String(i); return e.dataset.kb; })"
        )
    )
    reached: set[str] = set()
    for _ in range(len(wanted) * 2 + 40):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.dataset.kb || null")
        if focused is not None:
            reached.add(focused)
        if reached >= wanted:
            break
    missing = page.evaluate(
        "ids => ids.map(i => document.querySelector(`[data-kb='${i}']`).outerHTML.slice(0, 120))",
        sorted(wanted - reached),
    )
    assert not missing, missing


def test_journey_which_assignments_involve_norsk_helsenett(visit: Any, server: str) -> None:  # noqa: F811
    """From the front page, two actions: type «helsenett» and search (1), you are on the actor page with
    every assignment, its role and the part it belongs to (NHN leads TB2023-07's part «Standardisert
    språk i kjernejournal», lines 520-524)."""
    view = visit(PHONE)
    page = view.page
    view.open("/")
    page.fill("#home-q", "helsenett")
    page.press("#home-q", "Enter")
    page.wait_for_url(f"{server}/id/org/nhn")
    assert page.locator("h1").inner_text() == "Norsk helsenett SF"
    expected = page.evaluate("fetch('/api/agencies/nhn/assignments').then(r => r.json())")
    rows = page.locator("#actor-assignments tbody tr")
    assert rows.count() == len(expected)
    tb07 = page.locator("#actor-assignments tbody tr", has_text="TB2023-07").inner_text()
    assert "leder" in tb07 and "Standardisert språk i kjernejournal" in tb07 and "2023-12-31" in tb07
    assert view.errors == []


def test_journey_what_is_due_in_june(visit: Any) -> None:
    """From the front page, one click on the question «Frister»: June's deadlines, each with who answers
    for it; as many as /api/deadlines has from 1 to 30 June."""
    view = visit()
    page = view.page
    view.open("/")
    page.click("ul.questions a[href$='deadlines?month=2023-06']")
    page.wait_for_selector("h1:has-text('Frister')")
    june = page.evaluate("fetch('/api/deadlines?from=2023-06-01&to=2023-06-30').then(r => r.json())")
    assert page.locator("tbody tr[data-date], tbody td.date").count() == len(june) > 0
    assert page.locator("tr.month-row").inner_text().strip() == "juni 2023"
    # line 374 of the letter is not June; TB2023-05 (due 15 June) is
    assert page.locator("tbody tr", has_text="TB2023-05").count() == 1


def test_journey_who_works_with_helsedirektoratet(visit: Any) -> None:
    """In the graph: find Helsedirektoratet; the actors it is drawn linked to are its collaborators as the
    collaborators question answers, and the panel lists its assignments."""
    view = visit()
    page = view.page
    view.open("/explore", PAGES["/explore"])
    page.fill("#search", "Helsedirektoratet")
    page.press("#search", "Enter")
    page.wait_for_selector('#details h2:has-text("Helsedirektoratet")')
    page.wait_for_selector("#actor-assignments li")
    drawn = set(
        page.evaluate(
            "window.tbgraphExplorer.cy.getElementById('org/hdir').neighborhood('node').map(n => n.data('key'))"
        )
    )
    answer = page.evaluate("fetch('/api/ask/collaborators?agency=hdir').then(r => r.json())")
    assert drawn == {row["collaborator_key"] for row in answer["rows"]}
    listed = page.eval_on_selector_all("#actor-assignments li", "items => items.map(i => i.dataset.assignment)")
    expected = page.evaluate("fetch('/api/agencies/hdir/assignments').then(r => r.json())")
    assert listed == [a["id"] for a in expected]
    assert "actor=hdir" in page.url  # the view can be shared


def test_journey_does_every_assignment_have_one_owner(visit: Any) -> None:
    view = visit()
    page = view.page
    view.open("/")
    page.click("ul.questions a[href$='assignments#owner-check']")
    verdict = page.locator("#owner-check").inner_text()
    owners = page.evaluate("fetch('/api/ask/owners').then(r => r.json())")["rows"]
    assert all(r["owner_count"] == 1 for r in owners)
    assert "Hvert oppdrag har nøyaktig én eier." in verdict


def test_role_filter_keeps_the_actor_and_its_collaborators(visit: Any) -> None:
    """/explore?actor=nhn&role=lead: the assignments NHN leads (TB2023-03, line 390; TB2023-07's part,
    lines 520-524) with everyone in them, NHN among them, every node linked."""
    view = visit()
    page = view.page
    view.open("/explore?actor=nhn&role=lead", PAGES["/explore"])
    nodes = set(page.evaluate("window.tbgraphExplorer.cy.nodes().map(n => n.data('key'))"))
    lonely = page.evaluate("window.tbgraphExplorer.cy.nodes().filter(n => n.degree() === 0).length")
    assert "nhn" in nodes and len(nodes) > 1 and lonely == 0
    assert page.locator("#details h2", has_text="Norsk helsenett SF").count() == 1
    # the edge panel names actors, never keys
    page.evaluate("window.tbgraphExplorer.cy.edges()[0].emit('tap')")
    panel = page.locator("#details").inner_text()
    assert "nhn:" not in panel and "ehelse:" not in panel


def test_timeline_filters_by_actor(visit: Any) -> None:
    view = visit()
    page = view.page
    view.open("/timeline?agency=nhn", PAGES["/timeline"])
    ids = {a["id"] for a in page.evaluate("fetch('/api/assignments?agency=nhn').then(r => r.json())")}
    shown = set(page.eval_on_selector_all("#timeline circle.marker", "ms => ms.map(m => m.dataset.id)"))
    assert shown and shown <= ids
    assert page.locator("#deadline-table a[href$='api/deadlines.ics'], a[href$='api/deadlines.ics']").count() >= 1
    line = page.locator("#deadline-table tbody tr[data-id] td a[href*='?lines=']").first.get_attribute("href")
    assert line and "/id/source/" in line


def test_language_switch_persists(visit: Any) -> None:
    view = visit()
    page = view.page
    view.open("/id/org/nhn")
    assert page.get_attribute("html", "lang") == "nb"
    page.click("a.lang-switch")
    page.wait_for_selector("html[lang='en']")
    assert page.url.endswith("/id/org/nhn")
    view.open("/assignments")
    assert page.get_attribute("html", "lang") == "en" and page.locator("h1").inner_text() == "Assignments"
    # Norwegian data on an English page is marked as such
    assert page.locator("h1 span[lang='nb']").count() == 0
    assert page.locator("td span[lang='nb']").count() > 0


def test_graph_and_timeline_fit_a_phone(visit: Any) -> None:
    """On a 390 px screen the graph is drawn full width (it was 2 px) and labelled at a readable size."""
    view = visit(PHONE)
    page = view.page
    view.open("/explore", PAGES["/explore"])
    box = page.locator("#graph").bounding_box()
    assert box is not None and box["width"] >= 340 and box["height"] >= 340
    zoom = page.evaluate("window.tbgraphExplorer.cy.zoom()")
    assert zoom >= 0.85  # 13 px labels drawn at 11 px or more
    view.open("/timeline", PAGES["/timeline"])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_sparql_editor_question_with_a_parameter_form(visit: Any) -> None:
    """A named question opens with its body in view (no PREFIX lines in the editor) and a form for its
    parameters; picking Norsk helsenett SF writes it in, and the answer is the question's own. Values
    carry their language as the cell's lang, not «@nb»; a wide answer scrolls inside its box."""
    view = visit(PHONE)
    page = view.page
    view.open("/sparql", PAGES["/sparql"])
    first_line = page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getLine(0)")
    assert not first_line.startswith("PREFIX")
    page.select_option("#examples", label="Oppdrag som involverer en aktør")
    page.wait_for_selector("#params select[name='agency']")
    page.select_option("#params select[name='agency']", "nhn")
    for _ in range(50):
        body = page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
        if "<https://w3id.org/tbgraph/id/org/nhn>" in body:
            break
        page.wait_for_timeout(100)
    assert "<https://w3id.org/tbgraph/id/org/nhn>" in body and "PREFIX" not in body
    page.click("#run")
    page.wait_for_selector("#results table tbody tr", timeout=30_000)
    ids = set(page.eval_on_selector_all("#results tbody tr td:first-child", "cells => cells.map(c => c.textContent)"))
    expected = page.evaluate("fetch('/api/agencies/nhn/assignments').then(r => r.json())")
    assert ids == {a["id"] for a in expected}
    assert "@nb" not in page.inner_text("#results")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("(r => r.scrollWidth > r.clientWidth)(document.getElementById('results'))")
    assert view.errors == []


#: Pairs of nodes whose boxes (the node with its label) overlap in the drawn graph.
OVERLAPS = """() => {
  const cy = window.tbgraphExplorer.cy;
  const boxes = cy.nodes().map(n => [n.id(), n.boundingBox({includeLabels: true, includeOverlays: false})]);
  const found = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i][1], b = boxes[j][1];
    if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) found.push(boxes[i][0] + " / " + boxes[j][0]);
  }
  return found;
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("view", ["collaboration", "bipartite", "dependencies"])
def test_graph_labels_do_not_overlap(visit: Any, viewport: dict[str, int], view: str) -> None:
    """Labels readable at the default zoom (13 px at 85 % or more) and no label over another node or label."""
    opened = visit(viewport)
    opened.open(f"/explore?view={view}", PAGES["/explore"])
    assert opened.page.evaluate(OVERLAPS) == []
    assert opened.page.evaluate("window.tbgraphExplorer.cy.zoom()") >= 0.85
