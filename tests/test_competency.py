"""The users' questions, answered from the graph, checked against what the letter says.

Every expectation here was derived by reading data/source/tildelingsbrev-2023-direktoratet-for-e-helse.txt
(line numbers refer to that file). Each test runs on both engines: the answer must not depend on
the engine.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from tbgraph.questions.named import QueryParameterError, run_named
from tbgraph.questions.resolve import UnknownValueError
from tbgraph.store.base import Store


def ask(store: Store, name: str, **params: str) -> list[dict[str, Any]]:
    return run_named(store, name, params).records()


ALL_IDS = [f"TB2023-{n:02d}" for n in range(1, 27)]
# Section 2.1.1 (lines 360-464) holds TB2023-01..06 under main goal 1, 2.2.2 (500-627) 07..13 under
# goal 2, 2.3.2 (665-890) 14..22 under goal 3, 2.4.2 (924-989) 23..26 under goal 4.
GOAL_OF = (
    {i: "1" for i in ALL_IDS[0:6]}
    | {i: "2" for i in ALL_IDS[6:13]}
    | {i: "3" for i in ALL_IDS[13:22]}
    | {i: "4" for i in ALL_IDS[22:26]}
)


def test_all_26_assignments_with_their_main_goal(any_store: Store) -> None:
    rows = ask(any_store, "assignments")
    assert [r["id"] for r in rows] == ALL_IDS
    assert {r["id"]: r["goal"] for r in rows} == GOAL_OF


@pytest.mark.parametrize(
    ("assignment", "title", "lines"),
    [
        ("TB2023-01", "Innføring av nasjonale e-helseløsninger", "364"),
        # wrapped over two lines in the PDF text
        (
            "TB2023-03",
            "Evaluering av prismodellene for forvaltning og drift av nasjonale e-helseløsninger",
            "387-388",
        ),
        ("TB2023-06", "Nasjonalt koordineringsprosjekt for bedre bruk av kunstig intelligens", "458-460"),
        (
            "TB2023-14",
            "Retningslinjer for bruk av reelle journalopplysninger for utvikling og test i lukkede miljøer",
            "669-671",
        ),
        # written "TB2023–15" with an en dash in the letter
        ("TB2023-15", "Digital samhandling inklusiv pasientens legemiddelliste", "695"),
        (
            "TB2023-19",
            "Vurdering av de regionale helseforetakenes felles plan for 2023 – journal- og samhandlingsløsninger",
            "830-832",
        ),
        ("TB2023-26", "Persontilpasset medisin", "983"),
    ],
)
def test_assignment_titles_are_the_letters(store: Store, assignment: str, title: str, lines: str) -> None:
    titles = {r["id"]: r["title"] for r in ask(store, "assignments")}
    assert titles[assignment] == title, f"title at lines {lines}"


def test_every_assignment_has_exactly_one_owner_the_recipient(any_store: Store) -> None:
    # The letter is addressed to Direktoratet for e-helse (line 1); every "ID:" assignment is its own.
    rows = ask(any_store, "owners")
    assert [r["id"] for r in rows] == ALL_IDS
    assert {r["owner_key"] for r in rows} == {"ehelse"}
    assert {r["owner_count"] for r in rows} == {1}


def _roles(rows: list[dict[str, Any]]) -> dict[str, set[str]]:
    roles: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        roles[row["id"]].add(row["role"])
    return dict(roles)


def test_assignments_involving_norsk_helsenett(any_store: Store) -> None:
    roles = _roles(ask(any_store, "assignments-involving", agency="Norsk helsenett SF"))
    # TB2023-01: "basert på innføringsplaner … utarbeidet av Norsk helsenett SF" (lines 366-368)
    assert roles["TB2023-01"] == {"providing-input"}
    # TB2023-03: "Direktoratet skal bistå Norsk helsenett SF i arbeidet" (line 390): NHN leads
    assert roles["TB2023-03"] == {"lead"}
    # TB2023-07, part "Standardisert språk i kjernejournal": "bistå Norsk helsenett SF" (lines 520-524)
    assert roles["TB2023-07"] == {"lead"}
    # TB2023-10: "i samarbeid med Statens legemiddelverk, Norsk helsenett SF, …" (lines 567-569)
    assert roles["TB2023-10"] == {"collaborating"}
    # Not TB2023-15: its own text (lines 695-738) does not name Norsk helsenett SF; "skal samarbeide om
    # gjennomføring av satsingen" (section 1.1, lines 189-191) is the initiative's standing responsibility.
    assert set(roles) == {"TB2023-01", "TB2023-03", "TB2023-07", "TB2023-10"}


def test_role_filter_and_key_or_name_give_the_same_answer(store: Store) -> None:
    by_key = ask(store, "assignments-involving", agency="nhn", role="lead")
    by_name = ask(store, "assignments-involving", agency="norsk helsenett sf", role="lead")
    assert by_key == by_name
    assert {r["id"] for r in by_key} == {"TB2023-03", "TB2023-07"}
    assert all(r["agency_key"] == "nhn" and r["agency"] == "Norsk helsenett SF" for r in by_key)


def test_helsedirektoratet_leads_where_the_letter_says_ledes_av(store: Store) -> None:
    roles = _roles(ask(store, "assignments-involving", agency="hdir"))
    # TB2023-06 "som ledes av Helsedirektoratet" (line 464); TB2023-20 "som ledes av Helsedirektoratet"
    # (lines 854-855); TB2023-16 part: "Helsedirektoratet skal vurdere … Direktoratet for e-helse bes om
    # å bistå i arbeidet" (lines 770-774)
    for assignment in ("TB2023-06", "TB2023-16", "TB2023-20"):
        assert "lead" in roles[assignment], assignment
    # TB2023-10: in collaboration with Helsedirektoratet (line 569)
    assert "collaborating" in roles["TB2023-10"]


def test_bufdir_coordinates(store: Store) -> None:
    # TB2023-21 "Bufdir koordinerer arbeidet" (line 868); TB2023-22 "Bufdir har fått i oppdrag å
    # koordinere" (lines 884-886), and the directorate is to discuss its contribution "i dialog med
    # Bufdir, Helsedirektoratet og andre relevante etater" (lines 888-890)
    roles = _roles(ask(store, "assignments-involving", agency="bufdir"))
    assert roles == {"TB2023-21": {"coordinating"}, "TB2023-22": {"coordinating", "consulted"}}


def test_regional_health_authority_found_through_its_group(store: Store) -> None:
    # TB2023-10: "KS, de regionale helseforetakene og øvrige interessenter skal involveres etter behov"
    # (lines 569-571): Helse Nord RHF takes part as one of "de regionale helseforetakene".
    rows = ask(store, "assignments-involving", agency="helse-nord")
    tb10 = [r for r in rows if r["id"] == "TB2023-10"]
    assert tb10 and tb10[0]["via"] == "De regionale helseforetakene" and tb10[0]["role"] == "consulted"


def test_what_is_due_in_june(any_store: Store) -> None:
    rows = ask(any_store, "deadlines", **{"from": "2023-06-01", "to": "2023-06-30"})
    due = {(r["id"], r["date"]) for r in rows}
    assert due == {
        ("TB2023-04", "2023-06-01"),  # indicators: "Frist 1. juni" (line 436)
        ("TB2023-05", "2023-06-15"),  # "Frist: 15. juni" (line 454)
        ("TB2023-09", "2023-06-01"),  # "Frist: Innen 1. juni" (line 557)
        ("TB2023-23", "2023-06-01"),  # payment solution proposal "innen 1. juni" (lines 942-946)
    }
    assert all(r["date"].startswith("2023-06") for r in rows)


def test_deadline_ranges_and_undated_deadlines(store: Store) -> None:
    everything = ask(store, "deadlines")
    kinds = {r["kind"] for r in everything}
    # TB2023-04: "Frist: Løpende" (line 406) and "Endelig frist avklares i dialog med departementet"
    # (lines 424-426); "Foreløpig leveranse innen 15. februar" (line 424)
    assert {"final", "continuous", "to-be-agreed", "preliminary"} <= kinds
    undated = [r for r in everything if r["date"] is None]
    assert undated and all(r["kind"] in ("continuous", "to-be-agreed") for r in undated)
    # The annual cycle (3.3, lines 1074-1125) has 20 dated rows, four of them steering meetings.
    cycle = [r for r in everything if r["obligation"] == "annual cycle"]
    assert len(cycle) == 20
    assert sum(1 for r in cycle if r["what"].startswith("Etatsstyringsmøte")) == 4
    january = ask(store, "deadlines", to="2023-01-31")
    assert {r["date"] for r in january} == {"2023-01-13", "2023-01-20"}  # lines 1076, 1078


def test_what_tb2023_15_depends_on(any_store: Store) -> None:
    rows = ask(any_store, "dependencies", assignment="TB2023-15")
    assert rows and {r["id"] for r in rows} == {"TB2023-15"}
    by = {r["by"] for r in rows if r["by"]}
    # "i lys av evalueringen fra utprøvningen av pasientens legemiddelliste i Helse Vest RHF og Bergen
    # kommune" (lines 705-708); "basert på erfaringer fra utprøvningen av dokumentdeling via Nasjonal
    # kjernejournal i Helse Sør-Øst RHF" (lines 732-734); "jf. Felles plan fra de regionale
    # helseforetakene for 2022" (lines 736-738)
    assert {"Helse Vest RHF", "Helse Sør-Øst RHF"} <= by
    assert any("Felles plan" in r["depends_on"] for r in rows)
    assert any("styringsdokument" in r["depends_on"].lower() for r in rows)  # line 699
    assert {r["kind"] for r in rows} <= {"assignment", "deliverable", "document", "decision"}


def test_dependencies_are_transitive_and_dated(store: Store) -> None:
    # TB2023-25 rests on the ministry's feedback on the recommendations in the directorate's delivery
    # of 31 December 2022 (lines 971-975): the delivery is reached through the feedback.
    rows = ask(store, "dependencies", assignment="TB2023-25")
    dated = {r["date"] for r in rows if r["date"]}
    assert "2022-12-31" in dated
    assert any(r["via"] != "TB2023-25" for r in rows if r["date"] == "2022-12-31")
    # TB2023-19: the RHFs' joint plan for 2023 "som departementet mottar 1. oktober" (lines 834-836)
    rows19 = ask(store, "dependencies", assignment="TB2023-19")
    assert {("deliverable", "2023-10-01")} <= {(r["kind"], r["date"]) for r in rows19}
    # TB2023-17: "Departementet viser til oppdrag TB2022-09" (line 780)
    rows17 = ask(store, "dependencies", assignment="TB2023-17")
    assert any(r["target_id"] == "TB2022-09" and r["kind"] == "assignment" for r in rows17)
    # TB2023-24: "jf. anbefalingen av 13. desember 2022" (line 956)
    assert "2022-12-13" in {r["date"] for r in ask(store, "dependencies", assignment="TB2023-24")}


def test_collaborators_of_norsk_helsenett(any_store: Store) -> None:
    rows = {r["collaborator_key"]: r for r in ask(any_store, "collaborators", agency="nhn")}
    # The owner shares all four NHN assignments (TB2023-01, -03, -07, -10: lines 366-368, 390, 522, 567-569);
    # TB2023-10 brings in the medicines agency, Hdir and FHI as collaborators and KS and the RHFs as
    # consulted (lines 567-571).
    assert rows["ehelse"]["shared"] == 4
    for key in ("legemiddelverket", "hdir", "fhi", "ks", "rhf"):
        assert "TB2023-10" in rows[key]["assignments"], key
    # TB2023-15's PLL pilot in Helse Vest RHF (line 708) is not NHN's: the assignment does not name NHN
    assert "helse-vest" not in rows


def test_legal_basis_of_tb2023_14(any_store: Store) -> None:
    rows = ask(any_store, "legal-basis", assignment="TB2023-14")
    # "Det følger av pasientjournalloven § 11" (line 673); "i samsvar med omtalen i Prop. 91 L
    # (2021–2022) … punkt 7.4" (lines 683-687)
    sources = {r["source"] for r in rows}
    assert any("pasientjournalloven" in s.lower() for s in sources)
    assert any("Prop. 91 L" in s for s in sources)
    provisions = {r["provision"] for r in rows if r["provision"]}
    assert any("11" in p for p in provisions)
    law = next(r for r in rows if "pasientjournalloven" in r["source"].lower())
    assert law["identifier"] == "LOV-2014-06-20-42"  # data/source/reference/legal-sources.tsv


def test_legal_basis_across_assignments(store: Store) -> None:
    rows = ask(store, "legal-basis")
    by_assignment: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        by_assignment[row["id"]].add(row["source"])
    # TB2023-01 "jf pasientjournalloven" (line 370); TB2023-03 "jf. Prop. 3 L (2021-2022) og Innst.
    # 47 L (2021-2022)" (lines 392-394)
    assert any("pasientjournalloven" in s.lower() for s in by_assignment["TB2023-01"])
    assert any("Prop. 3 L" in s for s in by_assignment["TB2023-03"])
    assert any("Innst. 47 L" in s for s in by_assignment["TB2023-03"])


def test_solutions_tb2023_15_touches(store: Store) -> None:
    keys = {r["solution_key"] for r in ask(store, "solutions", assignment="TB2023-15")}
    # pasientens prøvesvar (line 701), pasientens legemiddelliste (705), kjernejournal and
    # reseptformidleren (720-722), sentral forskrivningsmodul (726), dokumentdeling (732-737)
    assert {
        "pasientens-legemiddelliste",
        "pasientens-provesvar",
        "kjernejournal",
        "reseptformidleren",
        "sentral-forskrivningsmodul",
        "dokumentdeling",
    } <= keys


def test_solutions_tb2023_14_touches(store: Store) -> None:
    # "utvikling og testing av behandlingsrettede helseregistre" (lines 673-675): the health record
    # systems the guidelines are about.
    keys = {r["solution_key"] for r in ask(store, "solutions", assignment="TB2023-14")}
    assert keys == {"journallosninger"}


def test_assignments_concerning_kjernejournal(store: Store) -> None:
    ids = {r["id"] for r in ask(store, "solutions", solution="Nasjonal kjernejournal")}
    # TB2023-07 "Standardisert språk i kjernejournal" (line 520); TB2023-15 (lines 720-722, 732-734)
    assert {"TB2023-07", "TB2023-15"} <= ids


def test_budget_lines_add_up(any_store: Store) -> None:
    rows = ask(any_store, "budget")
    chapters = {r["chapter"]: r for r in rows if r["level"] == "chapter"}
    posts = {(r["chapter"], r["post"]): r["amount_nok"] for r in rows if r["level"] == "post"}
    earmarks = sorted((r["chapter"], r["post"], r["amount_nok"]) for r in rows if r["level"] == "earmark")
    # Lines 16-22: 744/01 259 036, 744/21 132 585, sum 391 621; lines 49-63: 701/21 70 727,
    # 701/73 20 420, sum 91 147; lines 127-130: 3701/02 4 653 (thousand NOK)
    assert posts == {
        ("744", "01"): 259_036_000,
        ("744", "21"): 132_585_000,
        ("701", "21"): 70_727_000,
        ("701", "73"): 20_420_000,
        ("3701", "02"): 4_653_000,
    }
    assert {c: r["amount_nok"] for c, r in chapters.items()} == {
        "744": 391_621_000,
        "701": 91_147_000,
        "3701": 4_653_000,
    }
    assert all(r["agrees"] is True for r in chapters.values())
    assert {r["unit"] for r in chapters.values()} == {"1000 NOK"}
    # Earmarks: 73,9 mill. (line 42), 15,1 and 12 mill. (line 71), 20 mill. (line 95)
    assert earmarks == [
        ("701", "21", 12_000_000),
        ("701", "21", 15_100_000),
        ("701", "73", 20_000_000),
        ("744", "21", 73_900_000),
    ]
    assert all(r["agrees"] is True for r in rows if r["level"] == "earmark")


def test_goals_count_their_assignments(store: Store) -> None:
    rows = ask(store, "goals")
    assert [(r["goal"], r["assignments"]) for r in rows] == [("1", 6), ("2", 7), ("3", 9), ("4", 4)]
    # Steering parameters: none under goal 1, three in 2.2.1 (lines 490-498), one in 2.3.1 (659-663),
    # three in 2.4.1 (915-922)
    assert [r["steering_parameters"] for r in rows] == [0, 3, 1, 3]
    assert rows[0]["title"] == "Felles retning for e-helseområdet"  # line 281


def test_agencies_list_actors_with_their_organisation_numbers(store: Store) -> None:
    rows = {r["agency_key"]: r for r in ask(store, "agencies")}
    # data/source/reference/organisations.tsv, confidence "two"
    assert rows["nhn"]["org_number"] == "994598759"
    assert rows["hdir"]["org_number"] == "983544622"
    # confidence "one": not linked
    assert rows["ks"]["org_number"] is None
    assert rows["ehelse"]["assignments"] == 26


def test_unknown_agency_names_the_near_matches(store: Store) -> None:
    with pytest.raises(UnknownValueError) as caught:
        ask(store, "assignments-involving", agency="Norsk helsenet")
    assert "nhn (Norsk helsenett SF)" in str(caught.value)


def test_unknown_assignment_and_missing_parameter(store: Store) -> None:
    with pytest.raises(UnknownValueError) as caught:
        ask(store, "dependencies", assignment="TB2023-27")
    assert "TB2023-2" in str(caught.value)
    with pytest.raises(QueryParameterError, match="--assignment"):
        ask(store, "dependencies")
    with pytest.raises(QueryParameterError, match="YYYY-MM-DD"):
        ask(store, "deadlines", **{"from": "1. juni"})


def test_en_dash_ids_resolve(store: Store) -> None:
    # Line 695 writes "TB2023–15" with an en dash; people copy it as they see it.
    assert ask(store, "dependencies", assignment="TB2023–15") == ask(store, "dependencies", assignment="TB2023-15")
