"""Loading: named graphs, file naming, data versions, persistent stores reused."""

from __future__ import annotations

import collections
import shutil
from pathlib import Path

import pytest

from project_paths import ROOT
from tbgraph.dataset.loader import (
    META_GRAPH,
    DataFileError,
    SourceFile,
    data_version,
    default_sources,
    letter_graph,
    load_dataset,
    stored_meta,
)
from tbgraph.dataset.opening import open_dataset
from tbgraph.store.base import OxigraphStore
from tbgraph.store.engines import open_store


def test_letter_files_name_their_graph() -> None:
    sources = {s.path.name: s.graph for s in default_sources()}
    assert sources["2023-hod-ehelse.ttl"] == letter_graph("ehelse", 2023)
    assert sources["organisations.ttl"].endswith("/graph/reference")


def test_a_letter_file_with_a_bad_name_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "ontology", root / "ontology")
    (root / "shapes").mkdir()
    (root / "data" / "reference").mkdir(parents=True)
    (root / "data" / "letters").mkdir()
    (root / "data" / "letters" / "my letter.ttl").write_text("")
    with pytest.raises(DataFileError, match="YEAR-ISSUER-RECIPIENT"):
        default_sources(root=root)


def test_a_broken_file_names_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text('<https://a> <https://b> "unterminated .\n')
    with pytest.raises(DataFileError) as caught:
        load_dataset(open_store(), [SourceFile(broken, "https://w3id.org/tbgraph/graph/test")])
    assert "broken.ttl" in str(caught.value) and "line 1" in str(caught.value)


def test_data_version_follows_the_content(tmp_path: Path) -> None:
    a = tmp_path / "a.ttl"
    a.write_text("<https://a> <https://b> <https://c> .\n")
    before = data_version([SourceFile(a, "https://g")])
    a.write_text("<https://a> <https://b> <https://d> .\n")
    assert data_version([SourceFile(a, "https://g")]) != before


def test_persistent_store_is_reused_while_the_data_is_unchanged(tmp_path: Path) -> None:
    first = open_dataset(store_path=tmp_path / "store")
    triples = len(first.store)
    assert not first.reused and triples > 0
    del first
    second = open_dataset(store_path=tmp_path / "store")
    assert second.reused and len(second.store) == triples


def test_a_reopened_store_reports_its_triples_from_the_meta_graph(tmp_path: Path) -> None:
    """The count is written at load time (void:triples in the meta graph), so reopening a large
    store does not count it again; the letter and reference data alone are several thousand."""
    first = open_dataset(store_path=tmp_path / "store")
    loaded = first.report.triples
    version, recorded = stored_meta(first.store)
    assert version == first.report.data_version and recorded == loaded > 6000
    assert letter_graph("ehelse", 2023) in first.report.graphs
    assert loaded == len(first.store)
    del first
    second = open_dataset(store_path=tmp_path / "store")
    assert second.reused and second.report.triples == loaded


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_triple_count_is_the_stores(engine: str, tmp_path: Path) -> None:
    """The report says what the store holds after a load (the meta graph's three triples
    included): into an empty store, into one that holds the same data already, and from a file
    naming its own graphs."""
    store = open_store(engine=engine)
    fresh = load_dataset(store)
    assert fresh.triples == len(store) > 6000
    again = load_dataset(store)  # the same graphs replaced, not added twice
    assert again.triples == len(store) == fresh.triples
    trig = tmp_path / "extra.trig"
    # TriG names its graphs: this file fills one more than the graph it is loaded as.
    trig.write_text(
        "<https://example.org/g> { <https://example.org/a> <https://example.org/p> 1 . }\n"
        "<https://example.org/h> { <https://example.org/a> <https://example.org/p> 2 . }\n",
        encoding="utf-8",
    )
    other = open_store(engine=engine)
    with_trig = load_dataset(other, [*default_sources(), SourceFile(trig, "https://example.org/g")])
    assert with_trig.triples == len(other) == fresh.triples + 2


def _quads_without_blank_labels(store: object) -> tuple[collections.Counter[tuple[str, ...]], int]:
    """Every quad with its blank nodes written as ``_:`` (their labels differ from load to load), and
    how many distinct blank nodes there are."""
    import pyoxigraph as ox

    blanks: set[str] = set()

    def term(value: object) -> str:
        if isinstance(value, ox.BlankNode):
            blanks.add(value.value)
            return "_:"
        return str(value)

    quads = collections.Counter(
        tuple(term(part) for part in (q.subject, q.predicate, q.object, q.graph_name))
        for q in store.native  # type: ignore[attr-defined]
    )
    return quads, len(blanks)


def test_a_persistent_load_holds_what_a_load_in_memory_holds(tmp_path: Path) -> None:
    """On disk every file goes into one bulk load; the graphs, their triples and their blank nodes
    (the shipped letter's sources are blank nodes) are those of a load file by file in memory."""
    sources = default_sources(include_loaded=False)
    memory = open_store()
    load_dataset(memory, sources)
    disk = open_store(path=tmp_path / "store")
    seen: list[Path] = []
    report = load_dataset(disk, sources, progress=lambda source: seen.append(source.path))
    assert seen == [s.path for s in sources]
    assert report.graphs == list(dict.fromkeys(s.graph for s in sources))
    assert disk.graphs() == memory.graphs() and report.triples == len(disk) == len(memory)
    on_disk, blanks_on_disk = _quads_without_blank_labels(disk)
    in_memory, blanks_in_memory = _quads_without_blank_labels(memory)
    meta = {q for q in in_memory | on_disk if q[3] == f"<{META_GRAPH}>"}  # its load time differs
    assert {q: n for q, n in on_disk.items() if q not in meta} == {q: n for q, n in in_memory.items() if q not in meta}
    assert blanks_on_disk == blanks_in_memory > 100


def test_blank_nodes_of_two_files_stay_apart_on_disk(tmp_path: Path) -> None:
    """Two files may use the same blank node label for different things, as Store.load keeps them."""
    import pyoxigraph as ox

    for name in ("a", "b"):
        (tmp_path / f"{name}.ttl").write_text(f'_:x <https://example.org/p> "{name}" .\n', encoding="utf-8")
    store = open_store(path=tmp_path / "store")
    load_dataset(store, [SourceFile(tmp_path / f"{n}.ttl", f"https://example.org/graph/{n}") for n in ("a", "b")])
    subjects = {q.subject for q in store.native}  # type: ignore[attr-defined]
    assert len([s for s in subjects if isinstance(s, ox.BlankNode)]) == 2


def test_a_broken_file_in_a_persistent_load_names_file_and_line(tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text("<https://a> <https://b> <https://c> .\n")
    broken = tmp_path / "broken.ttl"
    broken.write_text('<https://a> <https://b> <https://c> .\n<https://a> <https://b> "unterminated .\n')
    sources = [
        SourceFile(good, "https://w3id.org/tbgraph/graph/good"),
        SourceFile(broken, "https://w3id.org/tbgraph/graph/b"),
    ]
    with pytest.raises(DataFileError) as caught:
        open_dataset(store_path=tmp_path / "store", sources=sources)
    assert str(caught.value).startswith(f"{broken}: ") and "line 2" in str(caught.value)
    # (read-only: the failed load's store is still held by the traceback)
    assert stored_meta(OxigraphStore(tmp_path / "store", read_only=True)) == (None, None)  # not taken for loaded
