"""Extraction of whole letters, fact by fact: a small messy letter of our own, and the shipped 2023 letter.

Line numbers in comments point into the letter the expectation rests on.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib.namespace as ns
from rdflib import RDF, Literal, URIRef

from tbgraph.extract import compare, extract_letter
from tbgraph.extract.compare import facts
from tbgraph.model.namespaces import ID_BASE, TB
from tbgraph.validation.provenance import check_provenance

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "extract" / "tildelingsbrev-2031-direktoratet-for-e-helse.txt"
ROOT = HERE.parent
SHIPPED = ROOT / "data" / "source" / "tildelingsbrev-2023-direktoratet-for-e-helse.txt"
ID = ID_BASE


@pytest.fixture(scope="module")
def mess():  # type: ignore[no-untyped-def]
    return extract_letter(FIXTURE)


@pytest.fixture(scope="module")
def mess_facts(mess):  # type: ignore[no-untyped-def]
    return facts(mess.graph)


def test_letter_and_graph_iris(mess) -> None:  # type: ignore[no-untyped-def]
    assert mess.letter_iri == f"{ID}letter/ehelse/2031"
    assert mess.graph_iri == "https://w3id.org/tbgraph/graph/letter/ehelse/2031"
    letter = URIRef(mess.letter_iri)
    g = mess.graph
    assert g.value(letter, TB.recipient) == URIRef(f"{ID}org/ehelse")  # line 1
    assert g.value(letter, TB.issuedBy) == URIRef(f"{ID}org/hod")  # line 3
    assert set(g.objects(letter, TB.basedOn)) == {
        URIRef(f"{ID}legal/prop-1-s-2030-2031"),
        URIRef(f"{ID}legal/innst-11-s-2030-2031"),
    }  # lines 3-5
    assert set(g.objects(letter, TB.signatory)) == {Literal("Kari Nordmann, ekspedisjonssjef")}  # lines 112-114
    assert set(g.objects(letter, TB.copyTo)) == {URIRef(f"{ID}org/riksrevisjonen")}  # lines 116-118


def test_every_extracted_statement_quotes_its_source(mess) -> None:  # type: ignore[no-untyped-def]
    assert check_provenance(mess.graph) == []
    typed = {
        s
        for s, cls in mess.graph.subject_objects(RDF.type)
        if cls != TB.SourceLocation and (s, TB.source, None) not in mess.graph
    }
    # Only reference-like nodes (the source text itself, the graph) go without a tb:source.
    assert typed <= {URIRef(mess.source_text_iri), URIRef(mess.graph_iri)}


def test_assignment_ids_including_the_en_dash(mess_facts) -> None:  # type: ignore[no-untyped-def]
    # line 47 writes "TB2031–01" with an en dash
    assert mess_facts["assignments"] == {("TB2031-01",), ("TB2031-02",), ("TB2031-03",), ("TB2031-04",)}


def test_titles_wrapped_over_lines(mess_facts) -> None:  # type: ignore[no-untyped-def]
    assert mess_facts["titles"] == {
        (
            "TB2031-01",
            "evaluering av prismodellene for forvaltning og drift av nasjonale e-helseløsninger",
        ),  # 47-49
        ("TB2031-02", "nasjonal plan for samhandling"),  # lines 55-57
        ("TB2031-03", "legemiddelgrunndata"),
        ("TB2031-04", "alvorlig sykt barn"),
    }


def test_goal_membership(mess_facts) -> None:  # type: ignore[no-untyped-def]
    assert mess_facts["goal-membership"] == {
        ("TB2031-01", "1"),
        ("TB2031-02", "1"),  # under 2.1, line 33
        ("TB2031-03", "2"),
        ("TB2031-04", "2"),
    }  # under 2.2, line 69
    assert mess_facts["goals"] == {("1", "bedre helsetjenester"), ("2", "enklere tilgang til helsedata")}


def test_deadlines_of_every_kind(mess_facts) -> None:  # type: ignore[no-untyped-def]
    assert mess_facts["deadlines"] == {
        ("TB2031-01", "final", "2031-06-01"),  # line 53: "Frist 1. juni", no colon
        ("TB2031-02", "continuous", ""),  # line 59: "Frist: Løpende"
        ("TB2031-02", "preliminary", "2031-02-15"),  # line 63: "Foreløpig leveranse innen 15. februar"
        ("TB2031-02", "to-be-agreed", ""),  # lines 63-65: "Endelig frist avklares"
        ("TB2031-02", "final", "2031-06-01"),  # line 67
        ("TB2031-03", "final", "2031-10-15"),  # line 81: "Frist: innen 15. oktober"
    }


def test_deadlines_inside_list_items_belong_to_parts(mess) -> None:  # type: ignore[no-untyped-def]
    g = mess.graph
    assignment = URIRef(f"{ID}assignment/ehelse/TB2031-02")
    part1, part2 = URIRef(f"{assignment}/part/1"), URIRef(f"{assignment}/part/2")
    assert set(g.objects(assignment, TB.hasDeliverable)) == {part1, part2}
    assert len(set(g.objects(part1, TB.deadline))) == 2  # preliminary + to be agreed, lines 63-65
    assert {g.value(d, ns.TIME.inXSDDate).toPython() for d in g.objects(part2, TB.deadline)} == {dt.date(2031, 6, 1)}
    assert len(set(g.objects(assignment, TB.deadline))) == 1  # Løpende, line 59


def test_budget_figures_with_spaces_wraps_and_decimal_commas(mess_facts) -> None:  # type: ignore[no-untyped-def]
    assert mess_facts["budget-lines"] == {
        ("post", "744", "01", "1234567000"),  # line 13: "1 234 567"
        ("post", "744", "21", "70727000"),  # lines 15-19: name wrapped, amount on its own line
        ("post", "744", "70", "500000"),  # line 21
        ("sum", "744", "", "1305794000"),  # line 23
    }
    assert mess_facts["earmarks"] == {
        ("744/21", "73900000"),
        ("744/21", "12000000"),
    }  # lines 27-29: "73,9 mill."


def test_budget_keywords(mess) -> None:  # type: ignore[no-untyped-def]
    g = mess.graph
    post21 = URIRef(f"{mess.letter_iri}/budget/kap-744/post-21")
    assert g.value(post21, TB.transferable) == Literal(True)
    assert g.value(post21, TB.mayBeUsedUnder) == URIRef(f"{mess.letter_iri}/budget/kap-744/post-70")
    assert g.value(URIRef(f"{mess.letter_iri}/budget/kap-744/post-01"), TB.transferable) == Literal(False)
    earmark = next(
        s for s in g.subjects(TB.statedAmount, None) if g.value(s, TB.statedAmount) == Literal(Decimal("73.9"))
    )
    assert g.value(earmark, TB.statedUnit).endswith("million-NOK")


def test_page_marker_mid_sentence_is_dropped_from_text(mess) -> None:  # type: ignore[no-untyped-def]
    # lines 35-43: "… på e-" / "Side 2" / "helseområdet er kunnskapsbasert." is not an assignment, but its
    # section still parses, and no statement quotes "Side 2".
    quotes = {str(q) for q in mess.graph.objects(None, TB.quote)}
    assert not any("Side 2" in q for q in quotes)


def test_actor_mentions_including_inflected_names(mess_facts) -> None:  # type: ignore[no-untyped-def]
    org = f"{ID}org/"
    assert {(a, k.removeprefix(org)) for a, k in mess_facts["actor-mentions"]} >= {
        ("TB2031-01", "nhn"),  # line 51
        ("TB2031-03", "legemiddelverket"),
        ("TB2031-03", "fhi"),  # line 75
        ("TB2031-03", "nhn"),  # lines 77-79, also as "Norsk helsenett SFs"
        ("TB2031-03", "hdir"),  # line 79: "Helsedirektoratets"
        ("TB2031-04", "fhi"),
        ("TB2031-04", "bufdir"),  # line 85
    }


def test_roles_with_confidence_marked_for_review(mess, mess_facts) -> None:  # type: ignore[no-untyped-def]
    org = f"{ID}org/"
    roles = {(a, k.removeprefix(org), r) for a, k, r in mess_facts["roles"]}
    assert roles >= {
        ("TB2031-01", "nhn", "lead"),
        ("TB2031-01", "ehelse", "assisting"),  # line 51: "bistå Norsk helsenett SF"
        ("TB2031-03", "legemiddelverket", "collaborating"),
        ("TB2031-03", "fhi", "collaborating"),  # line 75
        ("TB2031-03", "nhn", "providing-input"),  # line 77: "basert på … utarbeidet av Norsk helsenett SF"
        ("TB2031-04", "fhi", "lead"),  # line 85: "som ledes av Folkehelseinstituttet"
        ("TB2031-04", "bufdir", "coordinating"),  # line 85: "Bufdir koordinerer"
    }
    g = mess.graph
    for inv in g.subjects(RDF.type, TB.Involvement):
        assert g.value(inv, TB.curated) == Literal(False)
        confidence = g.value(inv, TB.confidence)
        assert confidence is not None and 0 < confidence.toPython() <= 1
        assert g.value(inv, ns.PROV.agent) is not None


def test_annual_cycle_rows(mess_facts) -> None:  # type: ignore[no-untyped-def]
    assert mess_facts["annual-cycle"] == {
        ("2031-01-13", "regnskapsrapportering per 31. desember 2030"),  # line 98
        ("2031-03-01", "etatsstyringsmøte (oppfølging av nasjonale satsinger)"),  # line 102: "1.mars"
        (
            "2031-11-15",
            "råd til departementet om oppdrag og midler som skal tildeles norsk helsenett sf",
        ),  # 104-106
    }


def test_what_cannot_be_parsed_is_reported_with_line_numbers(mess) -> None:  # type: ignore[no-untyped-def]
    reported = {(p.line_start, p.kind) for p in mess.problems}
    assert (87, "deadline") in reported  # "Frist: snarest"
    assert (89, "assignment-id") in reported  # "ID: TB"
    assert (100, "annual-cycle") in reported  # "Q2 Halvårsrapport …", a row without a date
    assert all(p.line_start <= p.line_end for p in mess.problems)


def test_unknown_structure_never_crashes(tmp_path: Path) -> None:
    letter = tmp_path / "rot.txt"
    letter.write_text(
        "Et notat uten struktur\n\nKap.  Post Postnavn Tildeling 2023\n\n744 01 Drift\n\nID: TB2023-07\n\n7 Hovedmål\n",
        encoding="utf-8",
    )
    result = extract_letter(letter)
    kinds = {p.kind for p in result.problems}
    assert {"letter", "recipient", "budget-row", "budget-table"} <= kinds
    assert all(p.line_start >= 1 for p in result.problems)


def test_budget_sum_mismatch_is_reported(tmp_path: Path) -> None:
    letter = tmp_path / "sum.txt"
    letter.write_text(
        "Tildelingsbrev til Helsedirektoratet for 2024\n1 Tildelinger\nKap. Post Postnavn 2024\n"
        "740 01 Driftsutgifter 100\n 21 Andre 50\nSum kap. 740 160\n",
        encoding="utf-8",
    )
    result = extract_letter(letter)
    assert [(p.line_start, p.line_end, p.kind) for p in result.problems if p.kind == "budget-sum"] == [
        (3, 6, "budget-sum")
    ]


# -- the shipped 2023 letter -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    return extract_letter(SHIPPED)


@pytest.fixture(scope="module")
def shipped_facts(shipped):  # type: ignore[no-untyped-def]
    return facts(shipped.graph)


def test_shipped_letter_quotes_check_out_and_nothing_is_unparsed(shipped) -> None:  # type: ignore[no-untyped-def]
    assert check_provenance(shipped.graph) == []
    assert shipped.problems == []
    assert shipped.graph_iri == "https://w3id.org/tbgraph/graph/letter/ehelse/2023"


def test_shipped_assignment_ids(shipped_facts) -> None:  # type: ignore[no-untyped-def]
    # ID lines 364 … 983; TB2023–15 (line 695) is written with an en dash
    assert shipped_facts["assignments"] == {(f"TB2023-{n:02d}",) for n in range(1, 27)}


def test_shipped_deadlines_exactly(shipped_facts) -> None:  # type: ignore[no-untyped-def]
    assert shipped_facts["deadlines"] == {
        ("TB2023-01", "final", "2023-05-01"),  # line 374 "Frist: 1. mai"
        ("TB2023-02", "final", "2023-11-15"),  # line 386
        ("TB2023-04", "continuous", ""),  # line 406 "Frist: Løpende"
        ("TB2023-04", "preliminary", "2023-02-15"),  # line 424
        ("TB2023-04", "to-be-agreed", ""),  # lines 424-426 "Endelig frist avklares"
        ("TB2023-04", "final", "2023-06-01"),  # line 436 "Frist 1. juni"
        ("TB2023-05", "final", "2023-06-15"),  # line 454
        ("TB2023-07", "final", "2023-12-31"),  # line 508 "i løpet av 2023 være etablert" (confidence 0.5)
        ("TB2023-09", "final", "2023-06-01"),  # line 557 "Frist: Innen 1. juni"
        ("TB2023-10", "final", "2023-11-01"),  # line 575
        ("TB2023-11", "final", "2023-11-15"),  # line 597 "Frist: innen 15. november"
        ("TB2023-14", "final", "2023-03-01"),  # line 691
        ("TB2023-15", "final", "2023-09-01"),  # line 738
        ("TB2023-17", "final", "2023-11-01"),  # line 816
        ("TB2023-19", "final", "2023-10-15"),  # line 842 "Frist: Innen 15. oktober"
        ("TB2023-23", "final", "2023-02-01"),  # line 940 "1. februar 2023"
        ("TB2023-23", "final", "2023-06-01"),  # lines 944-946 "innen 1. juni"
    }


def test_shipped_budget_figures_exactly(shipped_facts) -> None:  # type: ignore[no-untyped-def]
    assert shipped_facts["budget-lines"] == {
        ("post", "744", "01", "259036000"),  # line 18
        ("post", "744", "21", "132585000"),  # line 20
        ("sum", "744", "", "391621000"),  # line 22
        ("post", "701", "21", "70727000"),  # lines 51-55
        ("post", "701", "73", "20420000"),  # lines 57-61
        ("sum", "701", "", "91147000"),  # line 63
        ("post", "3701", "02", "4653000"),  # line 129
        ("sum", "3701", "", "4653000"),  # line 130
    }
    assert shipped_facts["earmarks"] == {
        ("744/21", "73900000"),  # line 42 "73,9 mill. kroner"
        ("701/21", "15100000"),
        ("701/21", "12000000"),  # line 71
        ("701/73", "20000000"),
    }  # line 95


def test_shipped_goals_and_lists(shipped_facts) -> None:  # type: ignore[no-untyped-def]
    assert {g for g, _ in shipped_facts["goals"]} == {"1", "2", "3", "4"}  # lines 281, 465, 628, 891
    membership = dict(shipped_facts["goal-membership"])
    assert [membership[f"TB2023-{n:02d}"] for n in range(1, 27)] == ["1"] * 6 + ["2"] * 7 + ["3"] * 9 + ["4"] * 4
    assert len(shipped_facts["steering-parameters"]) == 7  # lines 492-498, 661-663, 917-922
    assert len(shipped_facts["priority-areas"]) == 5  # lines 237-261
    assert len(shipped_facts["annual-cycle"]) == 20  # lines 1076-1125


def test_shipped_titles(shipped_facts) -> None:  # type: ignore[no-untyped-def]
    titles = dict(shipped_facts["titles"])
    assert titles["TB2023-03"] == "evaluering av prismodellene for forvaltning og drift av nasjonale e-helseløsninger"
    assert titles["TB2023-06"] == "nasjonalt koordineringsprosjekt for bedre bruk av kunstig intelligens"  # 458-460
    assert titles["TB2023-14"] == (
        "retningslinjer for bruk av reelle journalopplysninger for utvikling og test i lukkede miljøer"
    )  # lines 669-671
    assert titles["TB2023-19"] == (
        "vurdering av de regionale helseforetakenes felles plan for 2023 - journal- og samhandlingsløsninger"
    )  # lines 830-832


def test_shipped_reference_to_last_years_assignment_links_up(shipped) -> None:  # type: ignore[no-untyped-def]
    g = shipped.graph
    target = URIRef(f"{ID}assignment/ehelse/TB2022-09")  # line 780 "oppdrag TB2022-09"
    assert (None, TB.target, target) in g
    assert g.value(target, ns.DCTERMS.isPartOf) == URIRef(f"{ID}letter/ehelse/2022")


def test_shipped_letter_against_the_curated_graph(shipped) -> None:  # type: ignore[no-untyped-def]
    from rdflib import Graph

    curated = Graph()
    for path in sorted((ROOT / "data" / "reference").glob("*.ttl")) + sorted((ROOT / "data" / "letters").glob("*.ttl")):
        curated.parse(path, format="turtle")
    result = compare(shipped.graph, curated)
    if result.curated_assignments < 26:
        pytest.skip(f"the curated letter holds {result.curated_assignments} of 26 assignments so far")
    for kind in ("assignments", "deadlines", "budget-lines"):
        assert result[kind].missed == [] and result[kind].extra == [], kind
    for kind in ("titles", "goal-membership"):
        assert result[kind].recall is not None and result[kind].recall >= 0.98, kind
        assert result[kind].precision is not None and result[kind].precision >= 0.98, kind
    assert result["actor-mentions"].recall is not None and result["actor-mentions"].recall >= 0.95


def test_a_supplement_gets_its_own_letter_iri(tmp_path: Path) -> None:
    letter = tmp_path / "tillegg.txt"
    letter.write_text(
        "Tillegg nr. 3 til tildelingsbrev 2023 til Direktoratet for e-helse\n\n"
        "Helse- og omsorgsdepartementet viser til tildelingsbrevet.\n\n"
        "1 Nye oppdrag\n\nID: TB2023-27 Nytt oppdrag\n\nDirektoratet skal i samarbeid med NAV utrede. "
        "Frist: 1. desember\n",
        encoding="utf-8",
    )
    result = extract_letter(letter)
    assert result.letter_iri == f"{ID}letter/ehelse/2023/supplement/3"
    assert (URIRef(result.letter_iri), RDF.type, TB.LetterSupplement) in result.graph
    assert facts(result.graph)["deadlines"] == {("TB2023-27", "final", "2023-12-01")}
    # The same recipient key, so the supplement's assignment sits beside the letter's own.
    assert (URIRef(f"{ID}assignment/ehelse/TB2023-27"), RDF.type, TB.Assignment) in result.graph


def test_extracted_letter_conforms_to_the_shapes(shipped) -> None:  # type: ignore[no-untyped-def]
    validation = pytest.importorskip("tbgraph.validation.shacl")
    from rdflib import Graph

    data = Graph()
    for path in sorted((ROOT / "data" / "reference").glob("*.ttl")):
        data.parse(path, format="turtle")
    data += shipped.graph
    report = validation.validate(data)
    violations = [f for f in report.findings if f.severity == "Violation"]
    assert violations == []
