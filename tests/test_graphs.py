"""The graphs against the letter: who is linked to whom, through which assignments, in which role.

Expected answers cite the lines of data/source/tildelingsbrev-2023-direktoratet-for-e-helse.txt.
"""

from __future__ import annotations

import time

import networkx as nx
import pytest

from tbgraph.graphs import (
    Filters,
    annotate,
    bipartite_graph,
    build_graph,
    collaboration_graph,
    deadlines,
    dependency_graph,
    dependency_report,
    node_metrics,
    summary,
)
from tbgraph.questions.resolve import UnknownValueError
from tbgraph.store.base import Store

NHN, EHELSE, HDIR, HOD = "org/nhn", "org/ehelse", "org/hdir", "org/hod"

#: Norsk helsenett SF's assignments and its role in each, from the letter.
NHN_ASSIGNMENTS = {
    # 366-368 "basert på innføringsplaner ... utarbeidet av Norsk helsenett SF"
    "TB2023-01": "providing-input",
    # 390 "Direktoratet skal bistå Norsk helsenett SF i arbeidet med å evaluere og justere prismodellene"
    "TB2023-03": "lead",
    # 520-524 the part "Standardisert språk i kjernejournal":
    # "bistå Norsk helsenett SF i arbeidet med kartlegging"
    "TB2023-07": "lead",
    # 567-569 "i samarbeid med Statens legemiddelverk, Norsk helsenett SF, Helsedirektoratet,
    # Folkehelseinstituttet"
    "TB2023-10": "collaborating",
    # Not TB2023-15: its own text (695-738) does not name Norsk helsenett SF; "skal samarbeide om
    # gjennomføring av satsingen" (189-191) is the initiative's standing responsibility in section 1.1
}


@pytest.fixture(scope="module")
def collaboration(store: Store) -> nx.Graph:
    return collaboration_graph(store)


def test_nhn_is_linked_to_the_directorate_through_its_four_assignments(collaboration: nx.Graph) -> None:
    edge = collaboration.edges[NHN, EHELSE]
    assert edge["assignments"] == sorted(NHN_ASSIGNMENTS)
    assert edge["weight"] == 4
    for ident, role in NHN_ASSIGNMENTS.items():
        assert role in edge["roles"][ident]["nhn"], ident
        assert "owner" in edge["roles"][ident]["ehelse"], ident  # the directorate owns every assignment


def test_nhn_neighbours_and_the_assignments_linking_them(collaboration: nx.Graph) -> None:
    linked = {other: collaboration.edges[NHN, other]["assignments"] for other in collaboration[NHN]}
    # 567-571 TB2023-10: Statens legemiddelverk, Helsedirektoratet, Folkehelseinstituttet collaborate;
    # KS and the regional health authorities are to be involved as needed
    for other in ("org/legemiddelverket", "org/hdir", "org/fhi", "org/ks"):
        assert linked[other] == ["TB2023-10"], other
    # TB2023-15 builds on the trial in Helse Vest RHF and Bergen kommune (707-708) and on document sharing
    # in Helse Sør-Øst RHF (732-734), but does not name NHN (695-738): no tie through it
    for other in ("org/helse-vest", "org/bergen-kommune", "org/helse-sor-ost"):
        assert other not in linked, other
    # 506-516 TB2023-07 Helseplattformen in Helse Midt-Norge; TB2023-15 names only "Helseplattformen" (710)
    assert linked["org/helse-midt-norge"] == ["TB2023-07"]
    # 570-571 TB2023-10 "de regionale helseforetakene ... skal involveres"
    assert "TB2023-10" in linked["org/rhf"]
    assert linked[EHELSE] == sorted(NHN_ASSIGNMENTS)


def test_nhn_is_not_linked_where_the_letter_does_not_name_it(collaboration: nx.Graph) -> None:
    # TB2023-13 (611-627) is about Digitaliseringsdirektoratet only; TB2023-24 (948-968) the registers
    for other in ("org/digdir", "org/kdd", "org/registerforvalterne", "org/bufdir", "org/nav"):
        assert not collaboration.has_edge(NHN, other), other


def test_the_owner_touches_every_actor_and_can_be_left_out(store: Store, collaboration: nx.Graph) -> None:
    # Direktoratet for e-helse owns all 26 assignments (364-989), so it is linked to every other actor
    assert set(collaboration[EHELSE]) == set(collaboration) - {EHELSE}
    assert len(collaboration.nodes[EHELSE]["assignments"]) == 26
    without = collaboration_graph(store, Filters(include_owner=False))
    assert EHELSE not in without
    # other ties stay: TB2023-10's collaborators are still linked to each other
    assert without.edges[NHN, HDIR]["assignments"] == ["TB2023-10"]
    # TB2023-13 (621) only Digitaliseringsdirektoratet besides the owner; KDD is referred to ("viser til",
    # 613), not involved
    assert "org/kdd" not in without


def test_edge_weight_is_the_number_of_shared_assignments(collaboration: nx.Graph) -> None:
    for _u, _v, data in collaboration.edges(data=True):
        assert data["weight"] == len(data["assignments"]) == len(data["roles"])


def test_filter_by_main_goal(store: Store) -> None:
    # main goal 4 (891-989): TB2023-23 to TB2023-26
    graph = collaboration_graph(store, Filters(goal="4"))
    assignments = {a for _, d in graph.nodes(data=True) for a in d["assignments"]}
    assert assignments == {"TB2023-23", "TB2023-24", "TB2023-25", "TB2023-26"}
    assert NHN not in graph
    # TB2023-24 (966-968): the university sector and the register controllers work together
    assert graph.edges["org/uh-sektoren", "org/registerforvalterne"]["assignments"] == ["TB2023-24"]


def test_filter_by_role(store: Store) -> None:
    graph = collaboration_graph(store, Filters(role="collaborating"))
    # only collaborating involvements count: TB2023-10's four collaborators form a clique (567-569)
    assert {"org/legemiddelverket", NHN, HDIR, "org/fhi"} <= set(graph)
    assert graph.edges["org/legemiddelverket", "org/fhi"]["assignments"] == ["TB2023-10"]
    for _u, _v, data in graph.edges(data=True):
        for actors in data["roles"].values():
            assert all(roles == ["collaborating"] for roles in actors.values())
    # the owner is in no assignment as a collaborator
    assert EHELSE not in graph


def test_filter_by_solution(store: Store) -> None:
    graph = bipartite_graph(store, Filters(solution="pasientens-legemiddelliste"))
    assignments = {d["assignment_id"] for _, d in graph.nodes(data=True) if d["bipartite"] == 1}
    # TB2023-15 "Digital samhandling inklusiv pasientens legemiddelliste" (695-738)
    assert "TB2023-15" in assignments
    assert "TB2023-13" not in assignments


def test_unknown_filter_values_name_the_nearest(store: Store) -> None:
    with pytest.raises(UnknownValueError, match="main goal"):
        collaboration_graph(store, Filters(goal="9"))
    with pytest.raises(UnknownValueError):
        collaboration_graph(store, Filters(solution="no-such-solution"))


def test_bipartite_edges_carry_the_role(store: Store) -> None:
    graph = bipartite_graph(store)
    assert nx.is_bipartite(graph)
    for ident, role in NHN_ASSIGNMENTS.items():
        edge = graph.edges[NHN, f"assignment/ehelse/{ident}"]
        assert role in edge["roles"], ident
    # the part: 520 "Standardisert språk i kjernejournal"
    assert graph.edges[NHN, "assignment/ehelse/TB2023-07"]["parts"] == ["Standardisert språk i kjernejournal"]
    # TB2023-06 (462-464): "som ledes av Helsedirektoratet"
    assert graph.edges[HDIR, "assignment/ehelse/TB2023-06"]["role"] == "lead"
    assignments = [n for n, d in graph.nodes(data=True) if d["bipartite"] == 1]
    assert len(assignments) == 26


def test_dependency_graph_follows_the_letter(store: Store) -> None:
    graph = dependency_graph(store)
    assert nx.is_directed_acyclic_graph(graph)
    # 366-368 TB2023-01 builds on Norsk helsenett SF's introduction plans
    plans = "letter/ehelse/2023/deliverable/nhn-innforingsplaner"
    assert graph.edges[plans, "assignment/ehelse/TB2023-01"]["kind"] == "deliverable"
    assert graph.nodes[plans]["by"] == "Norsk helsenett SF"
    # 834-836 TB2023-19 assesses the RHFs' joint plan the ministry receives 1 October
    feeds_19 = {u: d for u, _v, d in graph.in_edges("assignment/ehelse/TB2023-19", data=True)}
    assert [d["date"] for d in feeds_19.values()] == ["2023-10-01"]
    # 565 TB2023-10 "i tråd med anbefaling i leveranse 1. november 2022"
    assert [d["date"] for _u, _v, d in graph.in_edges("assignment/ehelse/TB2023-10", data=True)] == ["2022-11-01"]
    # 952-956 TB2023-24: the study -> the recommendation of 13 December 2022 -> the assignment (a chain)
    chain = nx.ancestors(graph, "assignment/ehelse/TB2023-24")
    assert len(chain) == 2
    # 780 TB2023-17 builds on TB2022-09, an assignment of the year before
    assert "assignment/ehelse/TB2022-09" in graph
    assert graph.nodes["assignment/ehelse/TB2022-09"]["kind"] == "external-assignment"


def test_dependency_report_chains_to_deadlines(store: Store) -> None:
    graph = dependency_graph(store)
    report = dependency_report(graph, deadlines(store))
    assert report.acyclic and report.cycles == []
    order = report.topological_order
    assert len(order) == graph.number_of_nodes()
    for u, v in graph.edges:
        assert order.index(u) < order.index(v)
    chains = {(c.id, c.date): c for c in report.chains}
    # 842 TB2023-19 "Frist: Innen 15. oktober" waits for the joint plan of 1 October (836): not late
    chain = chains["TB2023-19", "2023-10-15"]
    assert [(s.date, s.late) for s in chain.steps] == [("2023-10-01", False)]
    # 738 "Frist: 1. september" of TB2023-15's document-sharing strategy waits for the Helse Sør-Øst
    # trial and the RHFs' joint plan for 2022 (732-738), not for the other parts' prerequisites
    steps = {s.label for s in chains["TB2023-15", "2023-09-01"].steps}
    assert any("dokumentdeling" in s for s in steps)
    assert not any("Helse Vest" in s for s in steps)
    assert all(not s.late for c in report.chains for s in c.steps)


def test_a_cycle_is_reported() -> None:
    graph = nx.DiGraph(name="dependencies")
    graph.add_edges_from([("a", "b"), ("b", "c"), ("c", "a")])
    report = dependency_report(graph)
    assert not report.acyclic
    assert sorted(report.cycles[0]) == ["a", "b", "c"]
    assert report.topological_order == []


def test_metrics(collaboration: nx.Graph) -> None:
    rows = {m.node: m for m in node_metrics(collaboration)}
    # the owner is in every assignment: the most central by far
    assert max(rows.values(), key=lambda m: m.betweenness).node == EHELSE
    assert rows[NHN].degree == collaboration.degree(NHN)
    assert rows[NHN].weighted_degree == sum(d["weight"] for _, _, d in collaboration.edges(NHN, data=True))
    facts = summary(collaboration)
    assert facts.components == 1 and facts.communities >= 2
    annotate(collaboration)
    assert collaboration.nodes[EHELSE]["size"] == 1.0


def test_engines_agree(any_store: Store, store: Store) -> None:
    for kind in ("collaboration", "bipartite", "dependencies"):
        left, right = build_graph(store, kind), build_graph(any_store, kind)
        assert sorted(left.nodes) == sorted(right.nodes), kind
        assert sorted(map(sorted, left.edges)) == sorted(map(sorted, right.edges)), kind


@pytest.mark.parametrize("kind", ["collaboration", "bipartite", "dependencies"])
def test_build_time(store: Store, kind: str, record_property: pytest.RecordProperty) -> None:
    """Building a graph from the store is interactive-fast (benchmarks/graph_build.py measures more)."""
    build_graph(store, kind)
    started = time.perf_counter()
    for _ in range(5):
        build_graph(store, kind)
    seconds = (time.perf_counter() - started) / 5
    record_property(f"{kind}_build_ms", round(seconds * 1000, 1))
    print(f"{kind}: {seconds * 1000:.1f} ms")
    assert seconds < 1.0
