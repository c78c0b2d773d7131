"""Synthetic letters (tbgraph.growth.letters): valid, deterministic, shaped like the real letter, linked.

The growth benchmark (benchmarks/growth.py) measures on these letters; these tests make sure
what it measures is data the shapes accept and the competency queries answer.
"""

from __future__ import annotations

import statistics
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from tbgraph.dataset.loader import LETTER_GRAPH_PREFIX, REFERENCE_GRAPH, load_dataset
from tbgraph.growth.letters import SyntheticDataset, default_years, plan, write_dataset
from tbgraph.questions.named import named_queries, run_named
from tbgraph.store.base import OxigraphStore, SelectResult
from tbgraph.validation.provenance import check_provenance
from tbgraph.validation.shacl import validate


def data_graph(dataset: SyntheticDataset, letters: list[Path] | None = None) -> rdflib.Graph:
    """The reference data and the letters (all, or the ones given) in one graph."""
    graph = rdflib.Graph()
    for source in dataset.sources():
        if source.graph == REFERENCE_GRAPH or (
            source.graph.startswith(LETTER_GRAPH_PREFIX) and (letters is None or source.path in letters)
        ):
            graph.parse(source.path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def one(tmp_path_factory: pytest.TempPathFactory) -> SyntheticDataset:
    return write_dataset(tmp_path_factory.mktemp("synthetic-1"), 1)


@pytest.fixture(scope="module")
def ten(tmp_path_factory: pytest.TempPathFactory) -> SyntheticDataset:
    return write_dataset(tmp_path_factory.mktemp("synthetic-10"), 10)


@pytest.fixture(scope="module")
def ten_store(ten: SyntheticDataset) -> OxigraphStore:
    store = OxigraphStore()
    load_dataset(store, ten.sources())
    return store


def test_files_are_named_for_the_loader(ten: SyntheticDataset) -> None:
    names = sorted(p.name for p in ten.letters)
    assert len(names) == 10
    # 10 letters: 2 budget years (2022, 2023) for each of 5 synthetic recipients
    issuers = {1: "hod", 2: "kdd", 3: "fin", 4: "syndep01", 5: "syndep02"}
    assert names == sorted(f"{y}-{issuers[i]}-synetat{i:03d}.ttl" for i in range(1, 6) for y in (2022, 2023))
    graphs = {s.graph for s in ten.sources() if s.graph.startswith(LETTER_GRAPH_PREFIX)}
    assert f"{LETTER_GRAPH_PREFIX}synetat003/2022" in graphs and len(graphs) == 10
    assert (ten.root / "data" / "reference" / "synthetic-organisations.ttl").is_file()


def test_one_letter_conforms_and_quotes_its_source(one: SyntheticDataset) -> None:
    graph = data_graph(one)
    report = validate(graph)
    assert report.conforms, "\n".join(map(str, report.violations()[:20]))
    # the only warnings are about the shipped reference data (organisations without a number)
    assert {f.shape.rsplit("#", 1)[1] for f in report.warnings()} <= {"OrganisationShape-orgNumber-recommended"}
    assert check_provenance(graph, one.root) == []


def test_ten_letters_conform_together(ten: SyntheticDataset) -> None:
    graph = data_graph(ten)
    report = validate(graph)
    assert report.conforms, "\n".join(map(str, report.violations()[:20]))
    assert check_provenance(graph, ten.root) == []


def test_same_seed_same_letters_other_seed_other_letters(tmp_path: Path, ten: SyntheticDataset) -> None:
    again = write_dataset(tmp_path / "again", 10)
    other = write_dataset(tmp_path / "other", 10, seed=1)
    for first, second in zip(ten.letters, again.letters, strict=True):
        assert first.read_bytes() == second.read_bytes()
    assert ten.letters[3].read_bytes() != other.letters[3].read_bytes()
    # A letter depends on seed, recipient and year only: the 2023 letter to synetat001 is the same
    # in a set of 10 letters (2 years per recipient) and of 100 (6 years per recipient).
    bigger = plan(100)
    assert default_years(100) == 6 and bigger.letters[5].stem == "2023-hod-synetat001"
    from tbgraph.growth.letters import render_letter

    assert (
        render_letter(bigger.letters[5], bigger)[0] == (ten.root / "data/letters/2023-hod-synetat001.ttl").read_text()
    )


def test_reusing_a_generated_folder(ten: SyntheticDataset) -> None:
    again = write_dataset(ten.root, 10)
    assert again.reused and again.triples == ten.triples and len(again.letters) == 10


def test_counts_are_drawn_around_the_real_letters(ten: SyntheticDataset) -> None:
    stats = ten.stats
    assert 2_500 <= statistics.mean(s.triples for s in stats) <= 3_600  # ~3,000: 1,000 letters ≈ 3 million
    for s in stats:
        assert 18 <= s.assignments <= 34, s
        assert 55 <= s.involvements <= 110, s
        assert 30 <= s.deadlines <= 56 and s.undated_deadlines <= s.deadlines, s
        assert 12 <= s.dependencies <= 28, s
        assert (s.annual_cycle, s.steering_meetings) == (20, 4), s
        assert 3 <= s.main_goals <= 5 and s.steering_parameters >= s.main_goals, s
        assert 1 <= s.chapters <= 3 and s.posts >= s.chapters, s
    assert statistics.mean(s.assignments for s in stats) == pytest.approx(26, abs=3)
    assert statistics.mean(s.involvements for s in stats) == pytest.approx(80, abs=12)
    assert statistics.mean(s.deadlines for s in stats) == pytest.approx(40, abs=5)
    assert statistics.mean(s.dependencies for s in stats) == pytest.approx(20, abs=4)
    assert sum(s.parts for s in stats) > 0 and sum(s.undated_deadlines for s in stats) > 0
    assert sum(s.earmarks for s in stats) > 0 and sum(s.cross_year_dependencies for s in stats) > 0


def test_triple_counts_match_the_store(ten: SyntheticDataset, ten_store: OxigraphStore) -> None:
    graphs = {g for g in ten_store.graphs() if g.startswith(LETTER_GRAPH_PREFIX)}
    counted = sum(sum(1 for _ in ten_store.native.quads_for_pattern(None, None, None, ox.NamedNode(g))) for g in graphs)
    assert counted == ten.triples


PARAMETERS = {
    "assignments-involving": {"agency": "nhn"},
    "collaborators": {"agency": "nhn"},
    "deadlines": {"from": "2023-06-01", "to": "2023-09-30"},
    "dependencies": {"assignment": "TB2023-15"},
    "legal-basis": {},
    "solutions": {},
}


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_competency_query_answers(ten_store: OxigraphStore, name: str) -> None:
    rows = run_named(ten_store, name, PARAMETERS.get(name, {})).records()
    assert rows, f"{name} gave no answer on the synthetic letters"


def test_budget_adds_up_in_every_letter(ten_store: OxigraphStore) -> None:
    rows = run_named(ten_store, "budget").records()
    assert {r["recipient"] for r in rows} == {f"synetat{i:03d}" for i in range(1, 6)}
    assert all(r["agrees"] is True for r in rows if r["level"] in ("chapter", "earmark"))


def test_references_to_last_years_assignments_link_up(ten_store: OxigraphStore) -> None:
    """Every dependency of a 2023 letter on a TB2022-NN assignment points at an assignment of the
    same recipient's 2022 letter, with that ID, in that letter's graph."""
    result = ten_store.query(
        """
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX tb: <https://w3id.org/tbgraph/ontology#>
        SELECT ?dependent ?target ?id ?letter ?graph WHERE {
          GRAPH ?source { ?dependent tb:dependency/tb:target ?target }
          FILTER(STRENDS(STR(?source), "/2023") && CONTAINS(STR(?target), "/TB2022-"))
          OPTIONAL { GRAPH ?graph { ?target a tb:Assignment ; dcterms:identifier ?id ; dcterms:isPartOf ?letter } }
        }
        """
    )
    assert isinstance(result, SelectResult)
    assert len(result.rows) >= 5
    for row in result.rows:
        assert "graph" in row, f"{row['target']} is not an assignment of a loaded letter"
        recipient = str(row["target"]).split("/assignment/")[1].split("/")[0]
        assert str(row["graph"]) == f"{LETTER_GRAPH_PREFIX}{recipient}/2022"
        assert str(row["letter"]).endswith(f"/letter/{recipient}/2022")
        assert str(row["target"]).endswith(str(row["id"]))


def test_dependency_chains_cross_years(ten_store: OxigraphStore) -> None:
    """The transitive dependencies query follows a 2023 assignment into 2022 and onwards."""
    result = ten_store.query(
        """
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX tb: <https://w3id.org/tbgraph/ontology#>
        SELECT ?id (COUNT(DISTINCT ?dependent) AS ?steps) WHERE {
          ?assignment a tb:Assignment ; dcterms:identifier ?id ; tb:hasDeliverable? ?start .
          ?start (tb:dependency/tb:target)+ ?dependent .
          ?dependent tb:dependency ?d .
          FILTER(STRSTARTS(?id, "TB2023-"))
          FILTER EXISTS { ?dependent dcterms:identifier ?other . FILTER(STRSTARTS(?other, "TB2022-")) }
        }
        GROUP BY ?id
        """
    )
    assert isinstance(result, SelectResult)
    assert result.rows, "no 2023 assignment depends, through a 2022 assignment, on anything further"


def test_first_letter_of_a_run_carries_placeholders(one: SyntheticDataset) -> None:
    """At one letter there is no 2022 letter: references to it go to placeholders, as in the real letter."""
    graph = data_graph(one)
    tb = rdflib.Namespace("https://w3id.org/tbgraph/ontology#")
    external = set(graph.subjects(rdflib.RDF.type, tb.ExternalAssignment))
    targets = set(graph.objects(None, tb.target))
    assert external and external <= targets
    assert all("/TB2022-" in str(e) for e in external)


def test_synthesize_command(tmp_path: Path) -> None:
    from tbgraph.cli.main import main

    out = tmp_path / "syn"
    assert main(["synthesize", str(out), "--letters", "2", "--years", "2", "--validate", "1"]) == 0
    assert sorted(p.name for p in (out / "data" / "letters").iterdir()) == [
        "2022-hod-synetat001.ttl",
        "2023-hod-synetat001.ttl",
    ]
    assert main(["synthesize", str(out), "--letters", "0"]) == 2
