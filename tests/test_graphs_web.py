"""The graph explorer's JSON endpoints and pages, through FastAPI's TestClient.

Most tests mount ``tbgraph.web.routes.router`` in a small app of their own (fast, and independent
of how the API application is built); one checks that the real application includes it and that
the endpoints are in its OpenAPI document.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")

from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from tbgraph.graphs import Filters, collaboration_graph, dependency_graph  # noqa: E402
from tbgraph.store.base import Store  # noqa: E402
from tbgraph.web.routes import router  # noqa: E402

ENDPOINTS = (
    "/api/graph/collaboration",
    "/api/graph/bipartite",
    "/api/graph/dependencies",
    "/api/graph/filters",
    "/api/graph/agencies/{key}",
    "/api/timeline",
)


@pytest.fixture(scope="module")
def site() -> Iterator[TestClient]:
    """The real application (pages need the site's assets, mounted by the application factory)."""
    from tbgraph.api import Settings, create_app

    with TestClient(create_app(Settings(validate_on_start=False, query_workers=1))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    app = FastAPI()
    app.include_router(router)
    app.state.tbgraph = SimpleNamespace(store=store)
    with TestClient(app) as test_client:
        yield test_client


def test_collaboration_json_matches_the_graph(client: TestClient, store: Store) -> None:
    body = client.get("/api/graph/collaboration").json()
    graph = collaboration_graph(store)
    assert {n["id"] for n in body["nodes"]} == set(graph.nodes)
    assert len(body["edges"]) == graph.number_of_edges()
    nhn = next(n for n in body["nodes"] if n["key"] == "nhn")
    assert nhn["href"] == "/id/org/nhn" and nhn["kind"] == "StateEnterprise"
    # lines 366-368, 390, 522, 567-569; TB2023-15 (695-738) does not name Norsk helsenett SF
    assert nhn["assignments"] == ["TB2023-01", "TB2023-03", "TB2023-07", "TB2023-10"]
    assert 0 <= nhn["x"] <= 1 and 0 <= nhn["y"] <= 1 and 0 <= nhn["size"] <= 1
    edge = next(e for e in body["edges"] if {e["source"], e["target"]} == {"org/nhn", "org/hdir"})
    assert edge["assignments"] == ["TB2023-10"] and edge["roles"]["TB2023-10"]["nhn"] == ["collaborating"]
    assert {entry["kind"] for entry in body["legend"]} == {n["kind"] for n in body["nodes"]}


def test_filters_change_the_graph(client: TestClient, store: Store) -> None:
    everything = client.get("/api/graph/collaboration").json()
    without = client.get("/api/graph/collaboration", params={"owner": "exclude"}).json()
    assert "org/ehelse" not in {n["id"] for n in without["nodes"]}
    assert without["filters"]["include_owner"] is False
    goal = client.get("/api/graph/collaboration", params={"goal": "4"}).json()
    assert len(goal["nodes"]) == collaboration_graph(store, Filters(goal="4")).number_of_nodes()
    assert len(goal["nodes"]) < len(everything["nodes"])
    role = client.get("/api/graph/bipartite", params={"role": "lead"}).json()
    assert {e["role"] for e in role["edges"]} == {"lead"}


def test_unknown_filter_value_is_422_with_the_nearest(client: TestClient) -> None:
    response = client.get("/api/graph/collaboration", params={"goal": "7"})
    assert response.status_code == 422
    (problem,) = response.json()["detail"]  # FastAPI's shape, as documented in the OpenAPI document
    assert problem["loc"] == ["query", "goal"]
    assert problem["ctx"]["near"]
    assert client.get("/api/graph/collaboration", params={"owner": "maybe"}).status_code == 422


def test_dependencies_json(client: TestClient, store: Store) -> None:
    body = client.get("/api/graph/dependencies").json()
    assert body["directed"] is True and body["acyclic"] is True
    assert len(body["nodes"]) == dependency_graph(store).number_of_nodes()
    assert len(body["topological_order"]) == len(body["nodes"])
    chain = next(c for c in body["chains"] if c["id"] == "TB2023-19")
    assert chain["date"] == "2023-10-15" and chain["steps"][0]["date"] == "2023-10-01"


def test_agency_lists_assignments_roles_and_deadlines(client: TestClient) -> None:
    body = client.get("/api/graph/agencies/nhn").json()
    assert body["label"] == "Norsk helsenett SF"
    by_id = {a["id"]: a for a in body["assignments"]}
    assert sorted(by_id) == ["TB2023-01", "TB2023-03", "TB2023-07", "TB2023-10"]  # not TB2023-15 (695-738)
    assert by_id["TB2023-01"]["roles"] == ["providing-input"]
    assert by_id["TB2023-01"]["href"] == "/id/assignment/ehelse/TB2023-01"
    assert [d["date"] for d in by_id["TB2023-01"]["deadlines"]] == ["2023-05-01"]  # line 374 "Frist: 1. mai"
    assert by_id["TB2023-07"]["parts"] == [{"part": "Standardisert språk i kjernejournal", "roles": ["lead"]}]
    # by name as well as by key
    assert client.get("/api/graph/agencies/Norsk helsenett SF").json()["key"] == "nhn"
    missing = client.get("/api/graph/agencies/nhm")
    assert missing.status_code == 404 and missing.json()["detail"]["near"]


def test_agency_through_a_group(client: TestClient) -> None:
    # TB2023-19 (834): "felles plan ... fra de regionale helseforetakene": Helse Nord through the group
    body = client.get("/api/graph/agencies/helse-nord").json()
    assert any(a["via"] == "De regionale helseforetakene" for a in body["assignments"])


def test_timeline(client: TestClient) -> None:
    body = client.get("/api/timeline").json()
    # who answers for each: TB2023-07's deadline is its owner's, the annual cycle the recipient's
    tb07 = next(i for i in body["items"] if i["id"] == "TB2023-07")
    assert (
        tb07["responsible_key"] == "ehelse"
        and tb07["source"] == "/id/source/tildelingsbrev-2023-direktoratet-for-e-helse"
    )
    assert body["year"] == 2023
    dated = [i for i in body["items"] if i["date"]]
    assert [i["date"] for i in dated] == sorted(i["date"] for i in dated)
    categories = {i["category"] for i in body["items"]}
    assert {"assignment", "annual-cycle"} <= categories
    # line 1076: "13. januar Regnskapsrapportering per 31. desember 2022"
    assert dated[0]["date"] == "2023-01-13" and dated[0]["category"] == "annual-cycle"
    first_assignment = next(i for i in dated if i["id"] == "TB2023-01")
    assert first_assignment["href"] == "/id/assignment/ehelse/TB2023-01"
    goal = client.get("/api/timeline", params={"goal": "4"}).json()
    assert {i["id"] for i in goal["items"]} <= {"TB2023-23", "TB2023-24", "TB2023-25", "TB2023-26"}


def test_filter_options(client: TestClient) -> None:
    body = client.get("/api/graph/filters").json()
    assert [g["key"] for g in body["goals"]] == ["1", "2", "3", "4"]
    assert {"owner", "lead", "collaborating"} <= {r["key"] for r in body["roles"]}
    assert any(a["key"] == "nhn" for a in body["actors"])


def test_pages_and_files(site: TestClient) -> None:
    page = site.get("/explore")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "static/vendor/cytoscape/dist/cytoscape.min.js" in page.text
    assert "static/tbgraph/explore.js" in page.text and "static/tbgraph/tbgraph.css" in page.text
    assert "cdn" not in page.text and "unpkg" not in page.text  # nothing from elsewhere
    assert site.get("/timeline").status_code == 200
    for name in ("explore.js", "timeline.js", "tbgraph.css", "sparql-editor.js"):
        assert site.get(f"/static/tbgraph/{name}").status_code == 200
    for bad in ("../routes.py", "..%2Froutes.py", "%2e%2e/models.py", "../templates/base.html"):
        assert site.get(f"/static/tbgraph/{bad}").status_code == 404, bad
    assert site.get("/static/graph/explore.js").status_code == 404  # one asset folder, not two
    assert site.get("/static/vendor/cytoscape/package.json").status_code in (404, 405)


def test_vendor_file_from_node_modules(client: TestClient) -> None:
    from project_paths import ROOT, require_web_libraries

    require_web_libraries(ROOT / "web/node_modules/cytoscape/dist/cytoscape.min.js")
    response = client.get("/static/vendor/cytoscape/dist/cytoscape.min.js")
    assert response.status_code == 200 and "javascript" in response.headers["content-type"]


@pytest.mark.parametrize("which", ["site", "client"])  # the API's vendor route, and the web router's own
def test_vendor_files_go_gzip_compressed_with_validators_and_versioned_urls_cache_for_a_year(
    which: str, site: TestClient, client: TestClient
) -> None:
    import json

    from project_paths import ROOT, require_web_libraries

    path = "cytoscape/dist/cytoscape.min.js"
    file = ROOT / "web/node_modules" / path
    require_web_libraries(file)
    version = json.loads((ROOT / "web/node_modules/cytoscape/package.json").read_text())["version"]
    tester = site if which == "site" else client
    url = f"/static/vendor/{path}"
    whole = tester.get(url, headers={"Accept-Encoding": "identity"})
    assert whole.status_code == 200 and "content-encoding" not in whole.headers
    assert whole.content == file.read_bytes()
    assert whole.headers["cache-control"] == "public, max-age=86400"  # asked for without its version
    squeezed = tester.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert squeezed.headers["content-encoding"] == "gzip" and "Accept-Encoding" in squeezed.headers["vary"]
    assert squeezed.content == file.read_bytes()  # httpx decodes it
    assert int(squeezed.headers["content-length"]) < len(file.read_bytes()) / 2
    assert squeezed.headers["etag"] != whole.headers["etag"]  # one tag per coding (RFC 9110 §8.8.3)
    versioned = tester.get(f"{url}?v={version}", headers={"Accept-Encoding": "gzip"})
    assert versioned.headers["cache-control"] == "public, max-age=31536000, immutable"
    again = tester.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": squeezed.headers["etag"]})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == squeezed.headers["etag"]
    since = tester.get(url, headers={"If-Modified-Since": whole.headers["last-modified"]})
    assert since.status_code == 304
    changed = tester.get(url, headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200
    refused = tester.get(url, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in refused.headers


def test_the_pages_ask_for_vendor_files_by_their_package_version(site: TestClient) -> None:
    import json

    from project_paths import ROOT, require_web_libraries

    require_web_libraries(ROOT / "web/node_modules/swagger-ui-dist/package.json")
    swagger = json.loads((ROOT / "web/node_modules/swagger-ui-dist/package.json").read_text())["version"]
    cytoscape = json.loads((ROOT / "web/node_modules/cytoscape/package.json").read_text())["version"]
    assert f"static/vendor/swagger-ui-dist/swagger-ui-bundle.js?v={swagger}" in site.get("/docs").text
    assert f"static/vendor/cytoscape/dist/cytoscape.min.js?v={cytoscape}" in site.get("/explore").text


def test_the_api_application_includes_the_router() -> None:
    from tbgraph.api import Settings, create_app

    app = create_app(Settings(validate_on_start=False, query_workers=1))
    paths = set(app.openapi()["paths"])
    assert set(ENDPOINTS) <= paths
    assert "/explore" not in paths  # pages are not API
    operation = app.openapi()["paths"]["/api/graph/collaboration"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("GraphOut")


# --------------------------------------------------------------------------------------------
# The site's pages to read (tbgraph.web.pages), in the real application
# --------------------------------------------------------------------------------------------


def _target(response: object) -> str:
    """Where a redirect goes, as a path (the application sends its redirects without a host)."""
    from urllib.parse import urlsplit

    location = urlsplit(response.headers["location"])  # type: ignore[attr-defined]
    return location.path + (f"?{location.query}" if location.query else "")


def _html(site: TestClient, path: str, lang: str = "nb", **params: str) -> str:
    import html

    response = site.get(path, params=params, headers={"Accept-Language": lang})
    assert response.status_code == 200, response.text[:800]
    return html.unescape(response.text)


def test_home_page_shows_the_letters_at_a_glance(site: TestClient) -> None:
    page = _html(site, "/")
    assert '<html lang="nb">' in page and page.count("<h1") == 1
    assert "Tildelingsbrev til Direktoratet for e-helse for 2023" in page
    # assignments per main goal, as /api/goals counts them
    for goal in site.get("/api/goals").json():
        link = f'href="http://testserver/assignments?goal={goal["notation"]}">'
        assert f"{link}{goal['notation']}. {goal['title']['nb']}</a> — {goal['assignments']}" in page
    # the checks' verdicts: every assignment has one owner (the owners question), the budget adds up
    owners = site.get("/api/ask/owners").json()["rows"]
    assert owners and all(r["owner_count"] == 1 for r in owners)
    assert "✓ hvert oppdrag har nøyaktig én eier" in page
    assert all(line["agrees"] in (True, None) for line in site.get("/api/budget").json())
    assert "✓ tallene stemmer" in page
    # what is due next: the year's deadlines have passed, so the first five of the year
    assert "Årets første frister (alle er passert)" in page and "2023-01-13" in page  # line 1076
    # the questions, one click each, and every page of the site in the navigation
    assert 'href="http://testserver/deadlines?month=2023-06"' in page
    assert 'href="http://testserver/questions/legal-basis"' in page
    for path in (
        "assignments",
        "actors",
        "goals",
        "budget",
        "deadlines",
        "explore",
        "timeline",
        "sparql",
        "docs",
        "ontology",
    ):
        assert f'<li><a href="http://testserver/{path}"' in page, path


def test_language_by_accept_language_and_a_switch_that_persists(site: TestClient) -> None:
    from fastapi.testclient import TestClient as Client

    english = _html(site, "/assignments", "en-US,en;q=0.9")
    assert '<html lang="en">' in english and "<h1>Assignments</h1>" in english
    assert '<span lang="nb">Innføring av nasjonale e-helseløsninger</span>' not in english  # English title there
    assert "Introduction of national e-health solutions" in english
    assert "<h1>Oppdrag</h1>" in _html(site, "/assignments", "fr")  # Bokmål by default
    browser = Client(site.app)
    switched = browser.get("/language/en", params={"next": "/actors?format="}, follow_redirects=False)
    assert switched.status_code == 303 and _target(switched) == "/actors?format="
    assert "tbgraph-lang=en" in switched.headers["set-cookie"]
    page = browser.get("/actors", headers={"Accept-Language": "nb"}).text
    assert '<html lang="en">' in page and "<h1>Actors</h1>" in page  # the cookie wins over the header
    assert browser.get("/language/de").status_code == 404
    assert _target(browser.get("/language/nb", params={"next": "//evil.example"}, follow_redirects=False)) == "/"


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("tb2023-15", "id/assignment/ehelse/TB2023-15"),
        ("TB2023–15", "id/assignment/ehelse/TB2023-15"),
        ("helsenett", "id/org/nhn"),  # a word of «Norsk helsenett SF», nothing else has it
        ("NHN", "id/org/nhn"),
        ("Helsedirektoratet", "id/org/hdir"),
        ("kjernejournal", "id/solution/kjernejournal"),
        ("pasientjournalloven", "id/legal/pasientjournalloven"),
    ],
)
def test_search_goes_to_the_page(site: TestClient, query: str, target: str) -> None:
    response = site.get("/search", params={"q": query}, follow_redirects=False)
    assert response.status_code == 303 and _target(response) == "/" + target


def test_search_lists_several_and_near_matches(site: TestClient) -> None:
    page = _html(site, "/search", q="kjernjournal")  # misspelt
    assert 'href="http://testserver/id/solution/kjernejournal"' in page and "nært treff" in page
    several = _html(site, "/search", q="helse")
    assert several.count('<li><a href="http://testserver/id/') >= 5
    assert "Ingenting i brevene passer til «xqzw»." in _html(site, "/search", q="xqzw")
    too_long = site.get("/search", params={"q": "helse " * 1000})
    assert too_long.status_code == 422 and "at most 200" in too_long.text


def test_assignments_list_has_the_api_filters(site: TestClient) -> None:
    import re

    api = site.get("/api/assignments", params={"agency": "nhn", "role": "lead"}).json()
    page = _html(site, "/assignments", agency="nhn", role="lead")
    shown = re.findall(r'<td data-label="ID"><a href="[^"]+">(TB\d{4}-\d\d)</a>', page)
    assert shown == [a["id"] for a in api] and shown  # TB2023-03, TB2023-07 (lines 390, 520-524)
    assert '<option value="nhn" selected>' in page and '<span class="role">leder</span>' in page
    june = _html(site, "/assignments", month="2023-06")
    due = site.get("/api/assignments", params={"due_from": "2023-06-01", "due_to": "2023-06-30"}).json()
    assert re.findall(r'<td data-label="ID"><a href="[^"]+">(TB\d{4}-\d\d)</a>', june) == [a["id"] for a in due]
    by_title = re.findall(r'<td data-label="Tittel">(.*?)</td>', _html(site, "/assignments", sort="title"))
    assert by_title == sorted(by_title, key=str.casefold)


def test_assignments_of_a_letter(site: TestClient) -> None:
    import re

    page = _html(site, "/assignments", letter="letter/ehelse/2023")
    ids = re.findall(r'<td data-label="ID"><a href="[^"]+">(TB\d{4}-\d\d)</a>', page)
    assert ids == [a["id"] for a in site.get("/api/assignments").json()]  # the only letter loaded
    assert site.get("/assignments", params={"letter": "letter/ehelse/2022"}).status_code == 422  # only referred to


def test_a_filter_that_names_nothing_is_answered_on_the_page(site: TestClient) -> None:
    import html

    response = site.get("/assignments", params={"agency": "helsenet"})
    assert response.status_code == 422
    page = html.unescape(response.text)
    assert "Dette kan ikke vises:" in page and "<code>agency</code>" in page
    assert 'href="?agency=nhn"' in page  # the nearest, one click away
    assert site.get("/assignments", params={"month": "2023-13"}).status_code == 422
    assert site.get("/deadlines", params={"role": "boss"}).status_code == 422
    assert site.get("/actors", params={"format": "pdf"}).status_code == 422


def test_lists_download_as_csv_and_excel(site: TestClient) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    api = site.get("/api/assignments", params={"goal": "4"}).json()
    text = site.get("/assignments", params={"goal": "4", "format": "csv"})
    assert text.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="tbgraph-assignments.csv"' in text.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ID", "Tittel", "Tittel (engelsk)"]
    assert [r[0] for r in rows[1:]] == [a["id"] for a in api]
    book = load_workbook(io.BytesIO(site.get("/assignments", params={"goal": "4", "format": "xlsx"}).content))
    sheet = book.active
    assert [c.value for c in sheet[1]][:2] == ["ID", "Tittel"]
    assert [sheet.cell(row=i + 2, column=1).value for i in range(len(api))] == [a["id"] for a in api]
    budget = load_workbook(io.BytesIO(site.get("/budget", params={"format": "xlsx"}).content)).active
    first = site.get("/api/budget").json()[0]
    assert budget.cell(row=2, column=5).value == first["amount_nok"]  # numbers stay numbers
    for path in ("/actors", "/deadlines", "/goals", "/questions/owners"):
        assert site.get(path, params={"format": "csv"}).status_code == 200, path


def test_deadlines_by_month_with_actor_and_role(site: TestClient) -> None:
    import re

    june = _html(site, "/deadlines", month="2023-06")
    api = [d for d in site.get("/api/deadlines", params={"from": "2023-06-01", "to": "2023-06-30"}).json()]
    assert "juni 2023" in june and len(re.findall(r'<td class="date" data-label="Dato">2023-06-', june)) == len(api)
    assert 'href="http://testserver/api/deadlines.ics"' in june
    nhn = _html(site, "/deadlines", agency="nhn")
    ids = {a["id"] for a in site.get("/api/assignments", params={"agency": "nhn"}).json()}
    shown = set(re.findall(r">(TB\d{4}-\d\d)</a>", nhn))
    assert shown and shown <= ids


def test_actors_page_counts_roles_as_each_actor_does(site: TestClient) -> None:
    import re

    page = _html(site, "/actors")
    for key in ("nhn", "hdir", "helse-nord"):  # helse-nord only through «de regionale helseforetakene»
        roles = site.get(f"/api/agencies/{key}").json()["roles"]
        row = page.split(f'href="http://testserver/id/org/{key}"')[1].split("</tr>")[0]
        linked = dict(re.findall(r"agency=" + re.escape(key) + r'&role=([a-z-]+)">(\d+)</a>', row))
        assert {role: int(n) for role, n in linked.items()} == roles and roles, key


def test_budget_and_goals_pages(site: TestClient) -> None:
    budget = _html(site, "/budget")
    assert "Kap. 701 E-helse, helseregistre mv." in budget and "91\xa0147\xa0000" in budget  # grouped as Bokmål groups
    goals = _html(site, "/goals")
    # steering parameter 2.2-1 under main goal 2 (the letter's section 2.2)
    assert "Hvilke systemer, registre og aktører som har tatt i bruk standardisert språk" in goals
    assert goals.index("2.2-1") > goals.index('id="goal-2"')


def test_question_page_and_its_sparql(site: TestClient) -> None:
    page = _html(site, "/questions/assignments-involving", agency="nhn")
    api = site.get("/api/ask/assignments-involving", params={"agency": "nhn"}).json()["rows"]
    assert page.count("<tr><td>TB2023-") == len(api)
    text = site.get("/questions/assignments-involving/query", params={"agency": "nhn"})
    assert text.status_code == 200 and "<https://w3id.org/tbgraph/id/org/nhn>" in text.text
    answer = site.post("/sparql", data={"query": text.text}, headers={"Accept": "application/sparql-results+json"})
    ids = sorted({b["id"]["value"] for b in answer.json()["results"]["bindings"]})
    assert ids == sorted({r["id"] for r in api})
    wrong = site.get("/questions/assignments-involving/query", params={"agency": "nhm"})
    assert wrong.status_code == 422 and "nhn" in wrong.text
    assert site.get("/questions/nope").status_code == 404


def test_every_message_of_the_site_has_a_bokmal_translation() -> None:
    """The pages speak Bokmål by default: every message the templates and the page code use (as pybabel
    extracts them with src/tbgraph/locale/babel.cfg) is in the nb catalog, translated."""
    from babel.messages.extract import extract_from_dir

    from tbgraph.web.i18n import LOCALE_DIR, translations

    method_map = [("**/web/**.py", "python"), ("**/web/templates/**.html", "jinja2")]
    options = {"**/web/templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True"}}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "t": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(LOCALE_DIR.parent), method_map, options_map=options, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    assert len(found) > 200
    catalog = translations("nb")
    same_in_both = {"ID", "SPARQL", "API", "Post", "Format", "Filter", "for", "parameter"}
    untranslated = sorted(m for m in found if m and catalog.gettext(m) == m and m not in same_in_both)
    assert untranslated == []
