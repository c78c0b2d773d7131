"""Answers as of a day: the curated 2023 letter with its two hand-modelled supplements loaded
(tests/fixtures/supplements), asked through the named questions, the CLI and the REST API.

By default every question answers the state after every loaded change; ``as_of`` asks about an
earlier day. Line numbers cited are lines of the supplements' texts:

* Tillegg nr. 3 (tillegg-nr-3-…, dated 16 June 2023, line 12): kap. 701 post 21 from 70 727 to
  75 727 and the chapter from 91 147 to 96 147 thousand kroner (lines 31-36); TB2023-27 added (lines
  46-51); TB2023-17 withdrawn "med virkning fra 1. juli 2023" (lines 55-56); TB2023-15's document
  sharing strategy moved "fra 1. september 2023 til 1. november 2023" (lines 61-63).
* Tillegg nr. 5 (tillegg-nr-5-…, dated 20 October 2023, line 12): kap. 744 post 21 from 132 585 to
  129 585 and the chapter from 391 621 to 388 621 (lines 23-31); TB2023-10 moved from 1 November to
  1 December 2023 (line 40), TB2023-11 from 15 November 2023 to 1 February 2024 (line 41).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from project_paths import amended_data_root
from tbgraph.cli.main import main
from tbgraph.dataset.loader import default_sources
from tbgraph.dataset.opening import open_dataset
from tbgraph.questions.named import QueryParameterError, as_of_day, run_named
from tbgraph.questions.scope import letter_scope
from tbgraph.store.base import Store

BEFORE_ANY = dt.date(2023, 6, 15)  # the day before Tillegg nr. 3 (line 12)
BEFORE_WITHDRAWAL = dt.date(2023, 6, 30)  # Tillegg nr. 3 in effect, TB2023-17 not yet withdrawn
BEFORE_NO_5 = dt.date(2023, 10, 19)  # the day before Tillegg nr. 5 (line 12)

MOVED_15 = "moved from 2023-09-01 to 2023-11-01 by Tillegg nr. 3 (from 2023-06-16), lines 61–63"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data root: the shipped ontology, shapes, reference data and letter, and both supplements."""
    root = tmp_path_factory.mktemp("amended")
    amended_data_root(root)
    return root


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def store(request: pytest.FixtureRequest, root: Path) -> Store:
    return open_dataset(engine=request.param, sources=default_sources(root=root)).store


def ask(store: Store, name: str, values: dict[str, str] | None = None, as_of: dt.date | None = None) -> list[dict]:
    return run_named(store, name, values, as_of=as_of).records()


def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in rows}


# -- the named questions -----------------------------------------------------------------------


def test_a_withdrawn_assignment_is_gone_from_the_day_it_takes_effect(store: Store) -> None:
    assert "TB2023-17" not in by_id(ask(store, "assignments"))
    assert "TB2023-17" in by_id(ask(store, "assignments", as_of=BEFORE_WITHDRAWAL))
    assert "TB2023-17" not in by_id(ask(store, "assignments", as_of=dt.date(2023, 7, 1)))
    owners = {r["id"] for r in ask(store, "owners")}
    assert "TB2023-17" not in owners and len(owners) == 26  # 26 in the letter, one withdrawn, one added


def test_a_new_assignment_is_there_from_the_supplements_day(store: Store) -> None:
    added = by_id(ask(store, "assignments"))["TB2023-27"]
    assert added["title"] == "Kartlegging av informasjonssikkerhet i kommunale e-helseløsninger"
    assert added["deadlines"] == "2023-12-15"  # "Frist: 15. desember 2023", line 51
    assert added["changes"] == "added by Tillegg nr. 3 (from 2023-06-16), line 46"
    assert "TB2023-27" not in by_id(ask(store, "assignments", as_of=BEFORE_ANY))
    # KS collaborates in it (line 47): an actor's assignments follow the supplement too.
    ks = {r["id"] for r in ask(store, "assignments-involving", {"agency": "ks"})}
    assert "TB2023-27" in ks
    assert "TB2023-27" not in {r["id"] for r in ask(store, "assignments-involving", {"agency": "ks"}, BEFORE_ANY)}


def test_a_moved_deadline_shows_its_new_date_and_where_it_came_from(store: Store) -> None:
    rows = ask(store, "deadlines")
    strategy = [r for r in rows if r["id"] == "TB2023-15" and r["what"].startswith("Nasjonal innføringsstrategi")]
    assert [(r["date"], r["changed"]) for r in strategy] == [("2023-11-01", MOVED_15)]
    before = [r for r in ask(store, "deadlines", as_of=BEFORE_ANY) if r["id"] == "TB2023-15"]
    assert [(r["date"], r["changed"]) for r in before] == [("2023-09-01", None)]
    assignments = by_id(ask(store, "assignments"))
    assert assignments["TB2023-15"]["deadlines"] == "2023-11-01"
    assert assignments["TB2023-15"]["changes"] == "deadline " + MOVED_15
    assert assignments["TB2023-11"]["deadlines"] == "2024-02-01"  # line 41
    assert by_id(ask(store, "assignments", as_of=BEFORE_NO_5))["TB2023-11"]["deadlines"] == "2023-11-15"


def test_a_range_of_days_is_asked_of_the_deadlines_in_force(store: Store) -> None:
    november = {r["id"] for r in ask(store, "deadlines", {"from": "2023-11-01", "to": "2023-11-30"})}
    # TB2023-15 moved into November (line 63), TB2023-10 and -11 out of it (lines 40-41), TB2023-17 withdrawn.
    assert "TB2023-15" in november
    assert not {"TB2023-10", "TB2023-11", "TB2023-17"} & november
    before = {r["id"] for r in ask(store, "deadlines", {"from": "2023-11-01", "to": "2023-11-30"}, BEFORE_ANY)}
    assert {"TB2023-10", "TB2023-11", "TB2023-17"} <= before and "TB2023-15" not in before


def _budget(store: Store, as_of: dt.date | None = None) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {
        (r["chapter"], r["post"], r["level"]): r for r in ask(store, "budget", as_of=as_of) if r["level"] != "earmark"
    }


def test_budget_posts_and_chapter_sums_follow_the_supplements(store: Store) -> None:
    now = _budget(store)
    assert now[("701", "21", "post")]["amount_nok"] == 75_727_000  # line 31
    assert now[("701", "", "chapter")]["amount_nok"] == 96_147_000  # line 34
    assert now[("744", "21", "post")]["amount_nok"] == 129_585_000  # line 29 of Tillegg nr. 5
    assert now[("744", "", "chapter")]["amount_nok"] == 388_621_000  # line 31 of Tillegg nr. 5
    # The check sums the posts in force against the chapter sums in force: every chapter agrees.
    for chapter in ("701", "744", "3701"):
        row = now[(chapter, "", "chapter")]
        assert row["agrees"] is True and row["lines_sum_nok"] == row["amount_nok"], chapter
    assert len([key for key in now if key[:2] == ("701", "21")]) == 1  # post 21 listed once
    assert now[("701", "21", "post")]["changed"] == (
        "changed from 70727 to 75727 (+5000, 1000 NOK) by Tillegg nr. 3 (from 2023-06-16), lines 31–36"
    )
    assert now[("744", "21", "post")]["changed"].startswith(
        "changed from 132585 to 129585 (-3000, 1000 NOK) by Tillegg nr. 5"
    )
    summer = _budget(store, BEFORE_NO_5)
    assert summer[("701", "21", "post")]["amount_nok"] == 75_727_000
    assert summer[("744", "", "chapter")]["amount_nok"] == 391_621_000
    assert summer[("744", "", "chapter")]["changed"] is None
    spring = _budget(store, BEFORE_ANY)
    assert spring[("701", "21", "post")]["amount_nok"] == 70_727_000
    assert spring[("701", "", "chapter")]["agrees"] is True and spring[("701", "", "chapter")]["stated"] == 91147


def test_counts_follow_the_supplements(store: Store) -> None:
    goals = {r["goal"]: r["assignments"] for r in ask(store, "goals")}
    assert goals["2"] == 8 and goals["3"] == 8  # TB2023-27 under main goal 2 (line 43), TB2023-17 was under 3
    assert {r["goal"]: r["assignments"] for r in ask(store, "goals", as_of=BEFORE_ANY)} == {
        "1": 6,
        "2": 7,
        "3": 9,
        "4": 4,
    }
    agencies = {r["agency_key"]: r["assignments"] for r in ask(store, "agencies")}
    before = {r["agency_key"]: r["assignments"] for r in ask(store, "agencies", as_of=BEFORE_ANY)}
    assert agencies["ks"] == before["ks"] + 1


def test_a_scoped_question_reads_the_letter_with_its_supplements(store: Store) -> None:
    scope = letter_scope(store, "ehelse", "2023")
    assert scope is not None and len(scope.letters) == 3
    ids = {r["id"] for r in run_named(store, "owners", scope=scope).records()}
    assert "TB2023-27" in ids and "TB2023-17" not in ids


def test_as_of_is_a_day() -> None:
    assert as_of_day("2023-06-30") == dt.date(2023, 6, 30)
    assert as_of_day(None) is None and as_of_day(" ") is None
    for bad, words in (("2023-6-30", "YYYY-MM-DD"), ("30.06.2023", "YYYY-MM-DD"), ("2023-02-30", "no such day")):
        with pytest.raises(QueryParameterError, match=words) as raised:
            as_of_day(bad, "as_of")
        assert "as_of" in str(raised.value)


# -- the command line --------------------------------------------------------------------------


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


def test_cli_answers_as_of_a_day(root: Path) -> None:
    status, out, _ = cli("ask", "assignments", "--data-root", str(root), "--format", "json")
    rows = by_id(json.loads(out))
    assert status == 0 and "TB2023-17" not in rows
    assert rows["TB2023-15"]["changes"] == "deadline " + MOVED_15
    status, out, _ = cli("ask", "assignments", "--data-root", str(root), "--as-of", "2023-06-30", "--format", "json")
    assert status == 0 and "TB2023-17" in by_id(json.loads(out))
    status, out, _ = cli(
        "ask", "owners", "--data-root", str(root), "--recipient", "ehelse", "--year", "2023", "--as-of", "2023-06-15",
        "--format", "json",
    )  # fmt: skip
    assert status == 0 and "TB2023-27" not in {r["id"] for r in json.loads(out)}


def test_cli_shows_the_history_in_the_table(root: Path) -> None:
    status, out, _ = cli("ask", "deadlines", "--data-root", str(root), "--from", "2023-11-01", "--to", "2023-11-01")
    assert status == 0
    assert "Tillegg nr. 3" in out and "2023-09-01" in out and "61–63" in out


@pytest.mark.parametrize(
    ("value", "words"),
    [("2023-13-01", "no month 13"), ("2023-02-30", "has no day 30"), ("1. juli 2023", "YYYY-MM-DD")],
)
def test_cli_refuses_a_bad_day_naming_as_of(root: Path, value: str, words: str) -> None:
    status, out, err = cli("ask", "assignments", "--data-root", str(root), "--as-of", value)
    assert status == 2 and out == ""
    assert "--as-of" in err and words in err


# -- the REST API ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(root: Path) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from tbgraph.api import Settings, create_app

    app = create_app(Settings(data_root=root, query_workers=1, validate_on_start=False))
    with TestClient(app) as client:
        yield client


def test_rest_assignments_as_of_a_day(client: Any) -> None:
    now = {a["id"]: a for a in client.get("/api/assignments").json()}
    assert "TB2023-17" not in now and "TB2023-27" in now
    assert now["TB2023-15"]["deadlines"] == ["2023-11-01"]
    assert now["TB2023-15"]["changes"] == ["deadline " + MOVED_15]
    earlier = {a["id"] for a in client.get("/api/assignments", params={"as_of": "2023-06-30"}).json()}
    assert "TB2023-17" in earlier
    ks = {a["id"] for a in client.get("/api/agencies/ks/assignments", params={"as_of": "2023-06-15"}).json()}
    assert "TB2023-27" not in ks


def test_rest_assignment_tells_its_history(client: Any) -> None:
    withdrawn = client.get("/api/assignments/TB2023-17").json()
    assert withdrawn["changes"] == ["TB2023-17 withdrawn by Tillegg nr. 3 (from 2023-07-01), lines 55–56"]
    moved = client.get("/api/assignments/TB2023-15").json()
    strategy = [d for d in moved["deadlines"] if d["label"] == "Nasjonal innføringsstrategi for dokumentdeling"]
    assert [(d["date"], d["changed"]) for d in strategy] == [("2023-11-01", MOVED_15)]
    spring = client.get("/api/assignments/TB2023-15", params={"as_of": "2023-06-15"}).json()
    assert [d["date"] for d in spring["deadlines"] if d["label"].startswith("Nasjonal innføringsstrategi")] == [
        "2023-09-01"
    ]


def test_rest_budget_deadlines_and_amendments(client: Any) -> None:
    budget = {(b["chapter"], b["post"], b["level"]): b for b in client.get("/api/budget").json()}
    assert budget[("701", "21", "post")]["amount_nok"] == 75_727_000
    assert budget[("701", None, "chapter")]["agrees"] is True
    spring = {(b["chapter"], b["post"], b["level"]): b for b in client.get("/api/budget?as_of=2023-06-15").json()}
    assert spring[("701", "21", "post")]["amount_nok"] == 70_727_000
    deadlines = client.get("/api/deadlines", params={"from": "2023-12-01", "to": "2023-12-01"}).json()
    assert [(d["id"], d["changed"]) for d in deadlines if d["id"] == "TB2023-10"] == [
        ("TB2023-10", "moved from 2023-11-01 to 2023-12-01 by Tillegg nr. 5 (from 2023-10-20), line 40")
    ]
    amendments = client.get("/api/amendments").json()
    assert len(amendments) == 10
    assert [a["kind"] for a in client.get("/api/amendments", params={"as_of": "2023-06-30"}).json()] == [
        "budget changed",
        "budget changed",
        "assignment added",
        "deadline changed",
    ]
    withdrawal = next(a for a in amendments if a["kind"] == "assignment withdrawn")
    assert (withdrawal["id"], withdrawal["effective"], withdrawal["section"], withdrawal["lines"]) == (
        "TB2023-17",
        "2023-07-01",
        "3.2",
        "lines 55–56",
    )


def test_rest_ask_takes_as_of_and_the_scope(client: Any) -> None:
    rows = client.get("/api/ask/owners", params={"recipient": "ehelse", "year": "2023"}).json()["rows"]
    assert "TB2023-17" not in {r["id"] for r in rows}
    rows = client.get("/api/ask/owners", params={"as_of": "2023-06-30"}).json()["rows"]
    assert "TB2023-17" in {r["id"] for r in rows}
    answer = client.get("/api/ask/budget").json()
    assert "changed" in answer["columns"] and "as_of" not in answer["columns"]


@pytest.mark.parametrize("path", ["/api/ask/assignments", "/api/assignments", "/api/budget", "/api/amendments"])
def test_rest_refuses_a_bad_day_naming_as_of(client: Any, path: str) -> None:
    response = client.get(path, params={"as_of": "2023-13-01"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "as_of"]


def test_docs_can_send_the_common_parameters(client: Any) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/ask/{name}"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"agency", "recipient", "year", "as_of", "assignment", "from", "to"} <= names


def test_the_latest_change_of_a_post_wins_on_each_day(root: Path, tmp_path: Path) -> None:
    """A second, later change of kap. 701 post 21 (from Tillegg nr. 3's 75 727 to 76 727, from
    1 November) replaces the first from its day on; before it, the first holds."""
    later = tmp_path / "later.ttl"
    later.write_text(
        """@base <https://w3id.org/tbgraph/id/> .
        @prefix tb: <https://w3id.org/tbgraph/ontology#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <letter/ehelse/2023/supplement/5/change/9> a tb:BudgetChange ;
            dcterms:isPartOf <letter/ehelse/2023/supplement/5> ;
            tb:amendedItem <letter/ehelse/2023/budget/kap-701/post-21> ;
            tb:inEffectFrom "2023-11-01"^^xsd:date ;
            tb:beforeNOK 75727000 ; tb:changeNOK 1000000 ; tb:afterNOK 76727000 ;
            tb:statedBefore 75727 ; tb:statedChange 1000 ; tb:statedAfter 76727 ;
            tb:statedUnit <https://w3id.org/tbgraph/def/unit/thousand-NOK> ;
            tb:source [ tb:section "1" ; tb:lineStart 29 ; tb:lineEnd 29 ] .
        """,
        encoding="utf-8",
    )
    from tbgraph.dataset.loader import SourceFile, supplement_graph

    sources = [*default_sources(root=root), SourceFile(later, supplement_graph("ehelse", 2023, 9))]
    store = open_dataset(sources=sources).store
    amounts = {}
    for day in (None, dt.date(2023, 6, 15), dt.date(2023, 10, 31), dt.date(2023, 11, 1)):
        post = _budget(store, day)[("701", "21", "post")]
        amounts[day] = (post["amount_nok"], (post["changed"] or "").split(" by ")[0])
    assert amounts == {
        None: (76_727_000, "changed from 75727 to 76727 (+1000, 1000 NOK)"),
        dt.date(2023, 6, 15): (70_727_000, ""),
        dt.date(2023, 10, 31): (75_727_000, "changed from 70727 to 75727 (+5000, 1000 NOK)"),
        dt.date(2023, 11, 1): (76_727_000, "changed from 75727 to 76727 (+1000, 1000 NOK)"),
    }
