"""The REST API: every route, its errors, and answers checked against the letter.

Facts are from data/source/tildelingsbrev-2023-direktoratet-for-e-helse.txt (line numbers there):
TB2023-01 "Innføring av nasjonale e-helseløsninger" (2.1.1, lines 364-374), due 1 May ("Frist: 1.
mai", line 374), based on introduction plans "utarbeidet av Norsk helsenett SF" (lines 366-368);
TB2023-02 due 15 November (line 386); chapter 744 totals 391 621 thousand kroner (lines 16-22) with
post 01 at 259 036 (line 18) and post 21 at 132 585 (line 20); main goal 1 "Felles retning for
e-helseområdet" (line 281).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qsl

import pytest
from fastapi.testclient import TestClient


def ids(rows: list[dict[str, object]]) -> list[str]:
    return [str(r["id"]) for r in rows]


# -- actors ------------------------------------------------------------------------------------


def test_agencies(client: TestClient) -> None:
    response = client.get("/api/agencies")
    assert response.status_code == 200
    agencies = {a["key"]: a for a in response.json()}
    assert agencies["nhn"]["name"] == "Norsk helsenett SF"
    assert agencies["ehelse"]["name"] == "Direktoratet for e-helse"
    assert agencies["nhn"]["iri"] == "https://w3id.org/tbgraph/id/org/nhn"
    assert agencies["ehelse"]["assignments"] == 26  # the recipient owns all 26 (TB2023-01..26)


def test_one_agency(client: TestClient) -> None:
    response = client.get("/api/agencies/nhn")
    assert response.status_code == 200
    nhn = response.json()
    assert nhn["key"] == "nhn" and nhn["name"] == "Norsk helsenett SF"
    assert nhn["identifiers"]["org_number"] == "994598759"
    assert nhn["roles"]["providing-input"] >= 1  # TB2023-01, lines 366-368
    assert sum(nhn["roles"].values()) >= nhn["assignments"]


def test_agency_by_name(client: TestClient) -> None:
    assert client.get("/api/agencies/Norsk helsenett SF").json()["key"] == "nhn"


def test_unknown_agency_is_404_with_near_matches(client: TestClient) -> None:
    response = client.get("/api/agencies/nhm")
    assert response.status_code == 404
    body = response.json()
    assert "nhm" in body["detail"]
    # "nhm" is one letter from nhh (Norges handelshøyskole), nhn (Norsk helsenett), nho and nsm, which the
    # reference data also knows: nhh, nhn and nho share the most of its beginning, in that order by name.
    assert [near["key"] for near in body["near"][:3]] == ["nhh", "nhn", "nho"]
    assert body["near"][1]["href"] == "http://testserver/api/agencies/nhn"


def test_agency_assignments(client: TestClient) -> None:
    rows = client.get("/api/agencies/nhn/assignments").json()
    tb01 = next(r for r in rows if r["id"] == "TB2023-01")
    assert tb01["title"]["nb"] == "Innføring av nasjonale e-helseløsninger"
    assert tb01["role"] == "providing-input"
    assert tb01["owner"]["key"] == "ehelse"
    assert tb01["goal"]["notation"] == "1"


def test_agency_assignments_by_role(client: TestClient) -> None:
    rows = client.get("/api/agencies/nhn/assignments", params={"role": "providing-input"}).json()
    assert "TB2023-01" in ids(rows)
    assert all(r["role"] == "providing-input" for r in rows)
    owned = client.get("/api/agencies/ehelse/assignments", params={"role": "owner"}).json()
    assert len(owned) == 26


def test_agency_assignments_errors(client: TestClient) -> None:
    assert client.get("/api/agencies/nope/assignments").status_code == 404
    response = client.get("/api/agencies/nhn/assignments", params={"role": "ownr"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "role"]
    assert response.json()["near"][0]["key"] == "owner"


# -- assignments -------------------------------------------------------------------------------


def test_all_assignments(client: TestClient) -> None:
    rows = client.get("/api/assignments").json()
    assert ids(rows) == [f"TB2023-{n:02d}" for n in range(1, 27)]
    tb01 = rows[0]
    assert tb01["title"] == {
        "nb": "Innføring av nasjonale e-helseløsninger",
        "en": "Introduction of national e-health solutions",
    }
    assert tb01["owner"] == {
        "key": "ehelse",
        "name": "Direktoratet for e-helse",
        "iri": "https://w3id.org/tbgraph/id/org/ehelse",
    }
    assert "2023-05-01" in tb01["deadlines"]


@pytest.mark.parametrize(
    ("params", "must", "must_not"),
    [
        ({"agency": "nhn"}, ["TB2023-01"], []),
        ({"agency": "Norsk helsenett SF", "role": "providing-input"}, ["TB2023-01"], []),
        ({"role": "providing-input"}, ["TB2023-01"], []),
        ({"goal": "1"}, ["TB2023-01", "TB2023-02"], ["TB2023-07"]),
        ({"solution": "nasjonale-e-helselosninger"}, ["TB2023-01"], []),
        ({"law": "pasientjournalloven"}, ["TB2023-01"], ["TB2023-02"]),
        ({"law": "LOV-2014-06-20-42"}, ["TB2023-01"], []),
        ({"due_from": "2023-05-01", "due_to": "2023-05-01"}, ["TB2023-01"], ["TB2023-02"]),
        ({"due_from": "2023-11-15", "due_to": "2023-11-15"}, ["TB2023-02"], ["TB2023-01"]),
        ({"agency": "nhn", "goal": "1", "due_to": "2023-06-30"}, ["TB2023-01"], ["TB2023-02"]),
    ],
)
def test_assignment_filters(client: TestClient, params: dict[str, str], must: list[str], must_not: list[str]) -> None:
    response = client.get("/api/assignments", params=params)
    assert response.status_code == 200, response.text
    found = ids(response.json())
    assert set(must) <= set(found)
    assert not set(must_not) & set(found)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"agency": "nhnx"}, "agency"),
        ({"role": "boss"}, "role"),
        ({"goal": "9"}, "goal"),
        ({"solution": "kjernejournall"}, "solution"),
        ({"law": "no-such-law"}, "law"),
        ({"due_from": "1. mai"}, "due_from"),
        ({"due_to": "2023-13-01"}, "due_to"),
        ({"due_from": "2023-06-01", "due_to": "2023-05-01"}, "due_from"),
    ],
)
def test_bad_assignment_filters_are_422_naming_the_field(
    client: TestClient, params: dict[str, str], field: str
) -> None:
    response = client.get("/api/assignments", params=params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", field]


def test_one_assignment(client: TestClient) -> None:
    response = client.get("/api/assignments/TB2023-01")
    assert response.status_code == 200
    a = response.json()
    assert a["id"] == "TB2023-01"
    assert a["title"]["nb"] == "Innføring av nasjonale e-helseløsninger"
    assert a["text"]["nb"].startswith("Direktoratet skal basert på innføringsplaner")
    assert a["goal"] == {"notation": "1", "title": "Felles retning for e-helseområdet"}
    assert a["owner"]["key"] == "ehelse"
    assert {
        "agency": {"key": "nhn", "name": "Norsk helsenett SF", "iri": "https://w3id.org/tbgraph/id/org/nhn"},
        "role": "providing-input",
        "part": None,
    } in a["involvements"]
    assert [d["date"] for d in a["deadlines"]] == ["2023-05-01"]
    assert a["deadlines"][0]["kind"] == "final"
    assert any("Norsk helsenett" in (d["by"] or "") or "nnføringsplaner" in d["depends_on"] for d in a["depends_on"])
    assert "nasjonale-e-helselosninger" in [s["key"] for s in a["solutions"]]
    assert "Pasientjournalloven" in [law["source"] for law in a["legal_basis"]]
    assert a["source"]["section"] == "2.1.1"
    assert (a["source"]["line_start"], a["source"]["line_end"]) == (364, 374)
    assert "Frist: 1. mai" in a["source"]["quote"]


def test_assignment_id_with_en_dash_and_lower_case(client: TestClient) -> None:
    assert client.get("/api/assignments/tb2023\u201301").json()["id"] == "TB2023-01"


def test_unknown_assignment_is_404_with_near_matches(client: TestClient) -> None:
    response = client.get("/api/assignments/TB2023-99")
    assert response.status_code == 404
    assert response.json()["near"]


# -- letters -----------------------------------------------------------------------------------


def test_goals(client: TestClient) -> None:
    goals = client.get("/api/goals").json()
    first = next(g for g in goals if g["notation"] == "1")
    assert first["title"]["nb"] == "Felles retning for e-helseområdet"  # line 281
    assert first["assignments"] == 6  # TB2023-01..06 (lines 360-464)


def test_budget_chapter_744(client: TestClient) -> None:
    lines = client.get("/api/budget").json()
    chapter = next(b for b in lines if b["chapter"] == "744" and b["level"] == "chapter")
    assert chapter["stated"] == 391621 and chapter["amount_nok"] == 391_621_000  # line 22
    assert chapter["agrees"] is True
    posts = {b["post"]: b["stated"] for b in lines if b["chapter"] == "744" and b["level"] == "post"}
    assert posts["01"] == 259036 and posts["21"] == 132585  # lines 18 and 20


def test_deadlines(client: TestClient) -> None:
    rows = client.get("/api/deadlines").json()
    assert any(r["id"] == "TB2023-01" and r["date"] == "2023-05-01" for r in rows)
    may = client.get("/api/deadlines", params={"from": "2023-05-01", "to": "2023-05-31"}).json()
    assert may and all("2023-05-01" <= r["date"] <= "2023-05-31" for r in may)
    assert "TB2023-01" in [r["id"] for r in may]


def test_deadline_parameter_errors(client: TestClient) -> None:
    response = client.get("/api/deadlines", params={"from": "mai"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "from"]
    response = client.get("/api/deadlines", params={"from": "2023-06-01", "to": "2023-05-01"})
    assert response.status_code == 422


def test_deadlines_ics(client: TestClient) -> None:
    response = client.get("/api/deadlines.ics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    text = response.text
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    unfolded = text.replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20230501" in unfolded
    assert "SUMMARY:TB2023-01: Vurdering av grunnlag for plikt til bruk" in unfolded
    assert "URL:http://testserver/id/assignment/ehelse/TB2023-01" in unfolded
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    uids = [line for line in unfolded.split("\r\n") if line.startswith("UID:")]
    assert len(uids) == len(set(uids)) == unfolded.count("BEGIN:VEVENT")


def test_deadlines_ics_filtered(client: TestClient) -> None:
    text = client.get("/api/deadlines.ics", params={"from": "2023-05-01", "to": "2023-05-01"}).text
    dates = {line.split(":")[1] for line in text.split("\r\n") if line.startswith("DTSTART")}
    assert dates == {"20230501"}


# -- the named questions -----------------------------------------------------------------------


def test_list_questions(client: TestClient) -> None:
    names = {q["name"] for q in client.get("/api/ask").json()}
    assert {"assignments", "assignments-involving", "budget", "deadlines"} <= names


def test_ask(client: TestClient) -> None:
    answer = client.get("/api/ask/assignments-involving", params={"agency": "nhn"}).json()
    assert answer["columns"][0] == "id"
    assert {"id": "TB2023-01", "role": "providing-input"}.items() <= next(
        r for r in answer["rows"] if r["id"] == "TB2023-01"
    ).items()


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/api/ask/assignments-involvng", 404, None),
        ("/api/ask/assignments-involving", 422, "agency"),
        ("/api/ask/assignments-involving?agency=nhnx", 422, "agency"),
        ("/api/ask/assignments?colour=blue", 422, "colour"),
        ("/api/ask/deadlines?from=tomorrow", 422, "from"),
    ],
)
def test_ask_errors(client: TestClient, url: str, status: int, field: str | None) -> None:
    response = client.get(url)
    assert response.status_code == status
    if field:
        assert response.json()["detail"][0]["loc"] == ["query", field]
    else:
        assert response.json()["near"][0]["key"] == "assignments-involving"


# -- health and OpenAPI ------------------------------------------------------------------------


def test_health(client: TestClient) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok"
    assert health["triples"] > 5000
    assert len(health["data_version"]) == 16
    assert health["conforms"] is True
    assert health["query_workers_alive"] == health["query_workers"]
    assert "https://w3id.org/tbgraph/graph/letter/ehelse/2023" in health["graphs"]


def test_openapi_documents_every_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/sparql",
        "/api/agencies",
        "/api/agencies/{key}",
        "/api/agencies/{key}/assignments",
        "/api/assignments",
        "/api/assignments/{id}",
        "/api/goals",
        "/api/budget",
        "/api/deadlines",
        "/api/deadlines.ics",
        "/api/validate",
        "/api/ask/{name}",
        "/health",
        "/id/{path}",
    ):
        assert path in spec["paths"], path
    summary = spec["components"]["schemas"]["AssignmentDetail"]["properties"]
    assert {
        "id",
        "title",
        "text",
        "goal",
        "owner",
        "involvements",
        "deadlines",
        "depends_on",
        "solutions",
        "legal_basis",
        "source",
    } <= set(summary)


def test_dates_are_iso(client: TestClient) -> None:
    rows = client.get("/api/deadlines").json()
    for row in rows:
        if row["date"] is not None:
            dt.date.fromisoformat(row["date"])


def test_graph_explorer_pages_are_included_when_present(client: TestClient) -> None:
    """tbgraph.web.routes.router (the graph analytics pages) is part of the app when the module exists."""
    import importlib.util

    if importlib.util.find_spec("tbgraph.web.routes") is None:
        pytest.skip("tbgraph.web.routes is not there")
    assert client.get("/explore").status_code == 200


def test_assignments_are_paged_with_limit_and_offset(client: TestClient) -> None:
    """Section 2 holds TB2023-01..26 (2.1.2 lines 360-464 to 2.4.2 lines 924-989): three pages of 10."""
    first = client.get("/api/assignments", params={"limit": 10})
    assert first.status_code == 200
    assert ids(first.json()) == [f"TB2023-{n:02d}" for n in range(1, 11)]
    assert first.headers["X-Total-Count"] == "26"
    assert _links(first.headers["Link"]) == {"next": {"limit": "10", "offset": "10"}}
    last = client.get("/api/assignments", params={"limit": 10, "offset": 20, "goal": "4"})
    # main goal 4 has TB2023-23..26 (section 2.4.2): fewer than the offset, so an empty page
    assert last.json() == [] and last.headers["X-Total-Count"] == "4"
    middle = client.get("/api/assignments", params={"limit": 10, "offset": 20})
    assert ids(middle.json()) == [f"TB2023-{n:02d}" for n in range(21, 27)]
    assert _links(middle.headers["Link"]) == {"prev": {"limit": "10", "offset": "10"}}
    everything = client.get("/api/assignments")
    assert len(everything.json()) == 26 and "Link" not in everything.headers
    for bad in ({"limit": 0}, {"limit": 10_001}, {"offset": -1}, {"limit": "ten"}):
        refused = client.get("/api/assignments", params=bad)
        assert refused.status_code == 422, bad
        assert refused.json()["detail"][0]["loc"][-1] in bad


def _links(header: str) -> dict[str, dict[str, str]]:
    """RFC 8288 ``<?query>; rel="name"`` entries as {name: query parameters}."""
    return {
        m["rel"]: dict(parse_qsl(m["query"])) for m in re.finditer(r'<\?(?P<query>[^>]*)>; rel="(?P<rel>\w+)"', header)
    }


def test_answers_to_named_questions_are_paged_too(client: TestClient) -> None:
    """/api/ask/owners lists TB2023-01..26 with their owners (section 2, one owner each); a page is
    that list's slice, with the same headers as /api/assignments."""
    whole = client.get("/api/ask/owners")
    assert whole.status_code == 200
    rows = whole.json()["rows"]
    assert [r["id"] for r in rows] == [f"TB2023-{n:02d}" for n in range(1, 27)]
    assert whole.headers["X-Total-Count"] == "26" and "Link" not in whole.headers
    middle = client.get("/api/ask/owners", params={"limit": 10, "offset": 10})
    assert middle.status_code == 200
    assert middle.json()["rows"] == rows[10:20]
    assert middle.json()["columns"] == whole.json()["columns"]
    assert middle.headers["X-Total-Count"] == "26"
    assert _links(middle.headers["Link"]) == {
        "next": {"limit": "10", "offset": "20"},
        "prev": {"limit": "10", "offset": "0"},
    }
    # Paging combines with a question's own parameters (NHN in TB2023-01..: section 2.1.2).
    involving = client.get("/api/ask/assignments-involving", params={"agency": "nhn"})
    first = client.get("/api/ask/assignments-involving", params={"agency": "nhn", "limit": 2})
    assert first.json()["rows"] == involving.json()["rows"][:2]
    assert _links(first.headers["Link"])["next"] == {"agency": "nhn", "limit": "2", "offset": "2"}
    for bad in ({"limit": 0}, {"offset": -1}, {"limit": "ten"}):
        refused = client.get("/api/ask/owners", params=bad)
        assert refused.status_code == 422, bad
    unknown = client.get("/api/ask/owners", params={"page": 2})
    assert unknown.status_code == 422
    assert "limit" in unknown.json()["detail"][0]["msg"] and "offset" in unknown.json()["detail"][0]["msg"]


def test_agency_assignments_say_how_the_actor_takes_part(client: TestClient) -> None:
    """Issue 16, finding 11: Helse Sør-Øst RHF takes part in TB2023-07, -10 and -19 only as one of "de
    regionale helseforetakene" (lines 514, 571, 834), in TB2023-15 and -26 for one part, named itself."""
    answer = client.get("/api/agencies/helse-sor-ost/assignments").json()
    taking = {a["id"]: a["taking_part"] for a in answer}
    for through_group in ("TB2023-07", "TB2023-10", "TB2023-19"):
        assert [t["via"] for t in taking[through_group]] == ["De regionale helseforetakene"]
    assert taking["TB2023-26"] == [{"role": "lead", "part": "Konsept for et nasjonalt genomsenter", "via": None}]
    assert all(t["via"] is None for t in taking["TB2023-15"])
