"""The gazetteer reads Nynorsk names (rdfs:label @nn) as names of the same known organisation.

A Nynorsk letter says "Utanriksdepartementet" where a Bokmål one says "Utenriksdepartementet"; both
name the ministry of the reference data (data/reference/organisations.ttl), whose label stays the
Bokmål one. As the reference data grows, no name may point at two organisations.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from tbgraph.extract.gazetteer import (
    KIND_ACTOR,
    Gazetteer,
    _class_kinds,
    _ontology,
    _variants,
    load_gazetteer,
    reference_graph,
)
from tbgraph.model.namespaces import TB

ID = "https://w3id.org/tbgraph/id/"


def _actors(gazetteer: Gazetteer, text: str) -> list[tuple[str, str, bool]]:
    return [(m.entry.key, m.form, m.entry.known) for m in gazetteer.find(text, kinds=[KIND_ACTOR])]


def test_a_nynorsk_only_name_is_the_known_organisation() -> None:
    gazetteer = load_gazetteer()
    text = "Utanriksdepartementet syner til Prop. 1 S. Utanriksdepartementets tildelingsbrev gjeld for 2024."
    assert _actors(gazetteer, text) == [
        ("ud", "Utanriksdepartementet", True),
        ("ud", "Utanriksdepartementets", True),
    ]
    ud = gazetteer.entry("ud")
    assert ud is not None and ud.label == "Utenriksdepartementet"  # the Bokmål label, whatever the letter's form


def test_nynorsk_names_of_directorates_and_county_governors() -> None:
    gazetteer = load_gazetteer()
    text = (
        "Direktoratet skal samarbeide med Integrerings- og mangfaldsdirektoratet, Statsforvaltaren i Vestland "
        "og Direktoratet for strålevern og atomtryggleik."
    )
    assert [key for key, _form, _known in _actors(gazetteer, text)] == ["imdi", "statsforvalteren-vestland", "dsa"]


def test_the_label_is_bokmal_where_both_are_given() -> None:
    graph = Graph()
    subject = URIRef(ID + "org/x")
    graph.add((subject, RDF.type, TB.Directorate))
    graph.add((subject, TB.key, Literal("x")))
    graph.add((subject, RDFS.label, Literal("Prøvevegdirektoratet", lang="nn")))
    graph.add((subject, RDFS.label, Literal("Prøveveidirektoratet", lang="nb")))
    graph.add((subject, RDFS.label, Literal("Test Roads Directorate", lang="en")))
    gazetteer = Gazetteer.from_graph(graph, _ontology())
    assert gazetteer.entry("x").label == "Prøveveidirektoratet"  # type: ignore[union-attr]
    assert [m.entry.key for m in gazetteer.find("Prøvevegdirektoratet og Prøveveidirektoratet")] == ["x", "x"]
    assert not list(gazetteer.find("Test Roads Directorate"))  # English names are not matched in Norwegian text


def test_a_nynorsk_label_alone_names_the_organisation() -> None:
    graph = Graph()
    subject = URIRef(ID + "org/y")
    graph.add((subject, RDF.type, TB.Directorate))
    graph.add((subject, TB.key, Literal("y")))
    graph.add((subject, RDFS.label, Literal("Prøvedirektoratet for nynorsk", lang="nn")))
    gazetteer = Gazetteer.from_graph(graph, _ontology())
    assert [(m.entry.key, m.entry.label) for m in gazetteer.find("jf. Prøvedirektoratet for nynorsk")] == [
        ("y", "Prøvedirektoratet for nynorsk")
    ]


def test_no_name_of_the_reference_data_names_two_organisations() -> None:
    """The gazetteer keeps one organisation per name; a second would be dropped in silence."""
    graph = reference_graph()
    kinds = _class_kinds(_ontology())
    owners: dict[str, set[str]] = {}
    for subject in set(graph.subjects(RDF.type, None)):
        if not any(kinds.get(c) == KIND_ACTOR for c in graph.objects(subject, RDF.type)):  # type: ignore[call-overload]
            continue
        labels = [n for n in graph.objects(subject, RDFS.label) if isinstance(n, Literal)]
        names = [str(n) for n in labels if n.language in {None, "nb", "nn", "no"}]
        names += [str(n) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel) for n in graph.objects(subject, p)]
        for name in names:
            for form in _variants(" ".join(name.split()), KIND_ACTOR):
                owners.setdefault(form, set()).add(str(subject))
    shared = {form: sorted(who) for form, who in owners.items() if len(who) > 1}
    assert not shared, shared
