"""The pages as of a day, in a real browser, on the shipped letter with the two hand-modelled supplements
(tests/fixtures/supplements/*.ttl, loaded as tests/test_as_of.py loads them).

What a supplement changed is on the pages after it (tillegg-nr-3-…txt: TB2023-17 withdrawn "med virkning
fra 1. juli 2023", lines 55-56; TB2023-15's document sharing strategy moved "fra 1. september 2023 til
1. november 2023", lines 61-63; kap. 701 post 21 from 70 727 to 75 727, lines 31-36), and the pages keep
the day in the URL when filtering, downloading and switching language. Every such page passes the
checks of tests/browser/test_site.py at 1440 and 390 px: no serious or critical axe-core violation, no
sideways scrolling, one H1, nothing from another host.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_explore import _free_port, _reason, browser  # noqa: F401  (fixture, skip reason)
from test_site import DESKTOP, PHONE, Visit

from project_paths import amended_data_root

pytestmark = pytest.mark.skipif(_reason is not None, reason=_reason or "")


#: Pages about a day or telling a change, with what marks them ready.
PAGES: dict[str, str | None] = {
    "/assignments?as_of=2023-06-30": None,
    "/assignments?agency=ks&as_of=2023-06-15": None,
    "/actors?as_of=2023-06-15": None,
    "/goals?as_of=2023-06-15": None,
    "/budget": None,
    "/budget?as_of=2023-06-15": None,
    "/deadlines": None,
    "/deadlines?month=2023-11&as_of=2023-06-15": None,
    "/timeline?as_of=2023-06-15": '#timeline[data-state="ready"]',
    "/id/assignment/ehelse/TB2023-17": None,
    "/id/assignment/ehelse/TB2023-17?as_of=2023-06-30": None,
    "/id/assignment/ehelse/TB2023-15": None,
    "/id/assignment/ehelse/TB2023-27?as_of=2023-06-15": None,
    "/id/org/ks?as_of=2023-06-15": None,
    "/?as_of=2023-10-25": None,
    "/explore?view=bipartite&as_of=2023-06-30": '#graph[data-state="ready"]',
    "/id/assignment/ehelse/TB2023-16": None,
}


@pytest.fixture(scope="module")
def amended(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server on the shipped letter and both supplements."""
    import uvicorn

    from tbgraph.api import Settings, create_app

    root = tmp_path_factory.mktemp("amended")
    amended_data_root(root)
    app = create_app(Settings(data_root=Path(root), validate_on_start=False, query_workers=1))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
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


@pytest.fixture
def visit(browser: Any, amended: str) -> Iterator[Any]:  # noqa: F811
    opened: list[Visit] = []

    def open_visit(viewport: dict[str, int] = DESKTOP, locale: str = "nb-NO") -> Visit:
        opened.append(Visit(browser, amended, viewport, locale))
        return opened[-1]

    yield open_visit
    for one in opened:
        one.close()


@pytest.mark.parametrize(("viewport", "locale"), [(DESKTOP, "nb-NO"), (PHONE, "en-GB")], ids=["desktop", "phone-en"])
def test_pages_as_of_a_day_pass_the_checks(visit: Any, viewport: dict[str, int], locale: str) -> None:
    view = visit(viewport, locale)
    problems: list[str] = []
    for path, ready in PAGES.items():
        view.open(path, ready)
        if (count := view.page.locator("h1").count()) != 1:
            problems.append(f"{path}: {count} H1 elements")
        wide = view.page.evaluate("document.documentElement.scrollWidth")
        if wide > viewport["width"]:
            problems.append(f"{path}: {wide} px wide on a {viewport['width']} px screen")
        problems += [f"{path}: axe {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}" for v in view.axe()]
    assert problems == [], "\n".join(problems)
    assert view.errors == [] and view.remote == []


def test_a_bad_day_is_a_400_page_naming_the_parameter(visit: Any) -> None:
    view = visit(PHONE)
    response = view.page.goto(view.server + "/assignments?as_of=1.+juli+2023")
    assert response is not None and response.status == 400
    text = view.page.locator("main").inner_text()
    assert "as_of" in text and "YYYY-MM-DD" in text
    assert view.page.locator("h1").count() == 1 and view.axe() == []


def test_the_day_is_chosen_in_the_form_and_kept(visit: Any, amended: str) -> None:
    """The form sets the day; filtering, the CSV link and the language switch keep it; the withdrawn
    TB2023-17 is listed on 30 June 2023 and not after 1 July 2023 (Tillegg nr. 3, lines 55-56)."""
    view = visit()
    page = view.page
    view.open("/assignments?goal=3")
    assert page.locator("tbody tr", has_text="TB2023-17").count() == 0
    page.fill("#as-of", "2023-06-30")
    page.click("form.as-of button[type=submit]")
    page.wait_for_url("**as_of=2023-06-30**")
    assert "goal=3" in page.url  # the filter is kept
    assert page.locator("form.as-of").inner_text().startswith("Per 30. juni 2023")
    assert page.locator("tbody tr", has_text="TB2023-17").count() == 1
    page.select_option("select[name=agency]", "ehelse")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**agency=ehelse**")
    assert "as_of=2023-06-30" in page.url
    assert "as_of=2023-06-30" in (page.get_attribute("a[href*='format=csv']", "href") or "")
    page.click("a.lang-switch")
    page.wait_for_selector("html[lang='en']")
    assert "as_of=2023-06-30" in page.url
    assert page.locator("form.as-of").inner_text().startswith("As of 30 June 2023")


def test_withdrawn_and_moved_on_the_entity_pages(visit: Any) -> None:
    view = visit(PHONE)
    page = view.page
    view.open("/id/assignment/ehelse/TB2023-17")
    note = page.locator("#status-note").inner_text()
    assert "Trukket tilbake" in note and "1. juli 2023" in note and "Tillegg nr. 3" in note and "linje 55–56" in note
    view.open("/id/assignment/ehelse/TB2023-15")
    deadlines = page.locator("#assignment-deadlines").inner_text()
    assert "flyttet fra 1. september til 1. november 2023 av Tillegg nr. 3, linje 61–63" in deadlines
    page.click("a.lang-switch")
    page.wait_for_selector("html[lang='en']")
    history = page.locator("ul.history").inner_text()
    assert "moved from 1 September to 1 November 2023 by Tillegg nr. 3, lines 61–63" in history
    assert view.errors == [] and view.remote == []


def test_the_graph_draws_the_day_and_keeps_it(visit: Any) -> None:
    """TB2023-17, withdrawn from 1 July 2023 (Tillegg nr. 3, lines 55-56), is drawn on 30 June and not on
    1 July; the day's form keeps the view chosen in the explorer, and its requests carry the day."""
    view = visit()
    page = view.page
    view.open("/explore?view=bipartite&as_of=2023-06-30", '#graph[data-state="ready"]')
    drawn = "window.tbgraphExplorer.cy.nodes().map(n => n.data('assignment_id')).filter(Boolean)"
    assert "TB2023-17" in page.evaluate(drawn)
    assert page.locator("form.as-of").inner_text().startswith("Per 30. juni 2023")
    page.fill("#as-of", "2023-07-01")
    page.click("form.as-of button[type=submit]")
    page.wait_for_url("**as_of=2023-07-01**")
    page.wait_for_selector('#graph[data-state="ready"]')
    assert "view=bipartite" in page.url
    assert "TB2023-17" not in page.evaluate(drawn) and "TB2023-16" in page.evaluate(drawn)
    assert view.errors == [] and view.remote == []


def test_the_front_page_as_of_a_day_walks_on_with_it(visit: Any) -> None:
    """As of 25 October 2023 the front page lists TB2023-15 due 1 November, moved from 1 September by
    Tillegg nr. 3 (lines 61-63); its links keep the day."""
    view = visit(PHONE)
    page = view.page
    view.open("/?as_of=2023-10-25")
    card = page.locator("section.card").first.inner_text()
    assert "Neste frister fra 25. oktober 2023" in card
    assert "flyttet fra 1. september til 1. november 2023 av Tillegg nr. 3" in card
    page.click("section.card a:text('TB2023-15')")
    page.wait_for_url("**/TB2023-15?as_of=2023-10-25")
    assert page.locator("form.as-of").inner_text().startswith("Per 25. oktober 2023")
    assert view.errors == [] and view.remote == []
