"""Every IRI the dataset mints resolves on the server, by content negotiation.

TB2023-01 is quoted from section 2.1.1, lines 364-374 of the letter; Norsk helsenett SF provides
input to it (lines 366-368).
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.namespace import DCTERMS, RDF, RDFS

from tbgraph.model.namespaces import TB

TB01 = "https://w3id.org/tbgraph/id/assignment/ehelse/TB2023-01"
FORMATS = [
    ("text/turtle", "turtle"),
    ("application/ld+json", "json-ld"),
    ("application/n-triples", "nt"),
    ("application/rdf+xml", "xml"),
]


@pytest.mark.parametrize(("accept", "fmt"), FORMATS)
def test_assignment_as_rdf(client: TestClient, accept: str, fmt: str) -> None:
    response = client.get("/id/assignment/ehelse/TB2023-01", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    graph = rdflib.Graph().parse(data=response.content, format=fmt)
    subject = rdflib.URIRef(TB01)
    assert (subject, RDF.type, TB.Assignment) in graph
    assert (
        subject,
        DCTERMS.title,
        rdflib.Literal("Innføring av nasjonale e-helseløsninger", lang="nb"),
    ) in graph
    source = graph.value(subject, TB.source)  # the blank node is followed (concise bounded description)
    assert int(graph.value(source, TB.lineStart)) == 364
    goal = graph.value(subject, TB.mainGoal)
    assert graph.value(goal, RDFS.label, any=True) is not None  # labels of linked resources come along


def test_default_is_turtle_and_format_parameter_works(client: TestClient) -> None:
    assert client.get("/id/org/nhn").headers["content-type"] == "text/turtle; charset=utf-8"
    assert client.get("/id/org/nhn", params={"format": "json-ld"}).headers["content-type"] == "application/ld+json"


def _page(client: TestClient, path: str, lang: str = "nb") -> str:
    response = client.get(path, headers={"Accept": "text/html", "Accept-Language": lang})
    assert response.status_code == 200, response.text[:500]
    return html.unescape(response.text)


def test_assignment_page_for_a_browser(client: TestClient) -> None:
    """TB2023-01 (section 2.1.1, lines 364-374): what a reader needs, not only the RDF table."""
    page = _page(client, "/id/assignment/ehelse/TB2023-01")
    assert '<html lang="nb">' in page
    assert "<h1>Innføring av nasjonale e-helseløsninger</h1>" in page
    assert '<p class="lead"><span lang="en">Introduction of national e-health solutions</span></p>' in page
    assert "Seksjon" not in page and "Punkt 2.1.1, linje 364–374" in page
    # the whole source span is marked, not only its first line, with a line either side for context
    marked = re.findall(r'<li class="hit"><mark>(.*?)</mark></li>', page)
    lines = client.get("/id/source/tildelingsbrev-2023-direktoratet-for-e-helse", headers={"Accept": "text/plain"})
    assert marked == lines.text.splitlines()[363:374]
    assert 'ol class="lines" start="362"' in page
    assert "Frist: 1. mai" in page
    assert 'href="http://testserver/id/org/nhn"' in page  # links stay on this server
    # roles by the ontology's Bokmål label, never the key; the main goal and owner readable
    assert '<span class="role">gir innspill</span>' in page and "providing-input" not in page.split("<details")[0]
    assert "1. Felles retning for e-helseområdet" in page
    assert "http://testserver/id/source/tildelingsbrev-2023-direktoratet-for-e-helse?lines=364-374#L364" in page
    assert 'href="http://testserver/explore?view=bipartite&assignment=TB2023-01"' in page  # show in graph
    assert 'rel="next"' in page and "TB2023-02" in page.split('rel="next"')[1][:200]
    assert 'rel="prev"' not in page  # the first of the letter
    assert '<details class="rdf">' in page  # the RDF table is behind a toggle


def test_assignment_page_in_english(client: TestClient) -> None:
    page = _page(client, "/id/assignment/ehelse/TB2023-01", "en-GB,en;q=0.9")
    assert '<html lang="en">' in page
    assert '<h1><span lang="nb">Innføring av nasjonale e-helseløsninger</span></h1>' in page
    assert '<span class="role">providing input</span>' in page
    assert "Section 2.1.1, lines 364–374" in page


def test_assignment_page_parts_legal_basis_and_dependencies(client: TestClient) -> None:
    """TB2023-07: Norsk helsenett SF leads the part «Standardisert språk i kjernejournal» only (lines 520-524);
    TB2023-14 rests on pasientjournalloven (its legal basis)."""
    page = _page(client, "/id/assignment/ehelse/TB2023-07")
    row = page.split('href="http://testserver/id/org/nhn"')[1].split("</tr>")[0]
    assert '<span class="role">leder</span>' in row and "delen «Standardisert språk i kjernejournal»" in row
    legal = _page(client, "/id/assignment/ehelse/TB2023-14")
    assert "Hjemmel" in legal and 'href="http://testserver/id/legal/pasientjournalloven"' in legal


def test_agency_page_lists_its_assignments(client: TestClient) -> None:
    """Norsk helsenett SF: each assignment with role, part and due date; its other duties as readable rows."""
    page = _page(client, "/id/org/nhn")
    assert "<h1>Norsk helsenett SF</h1>" in page
    table = page.split('id="actor-assignments"')[1].split("</table>")[0]
    listed = client.get("/api/agencies/nhn/assignments").json()
    assert [a["id"] for a in listed] == re.findall(r">(TB2023-\d\d)</a>", table)
    tb07 = table.split(">TB2023-07</a>")[1].split("</tr>")[0]
    assert "leder</span> i delen «Standardisert språk i kjernejournal»" in tb07 and "2023-12-31" in tb07
    duties = page.split('id="actor-duties"')[1].split("</table>")[0]
    # section 1.1, lines 167-169: «Norsk helsenett SF skal utarbeide og forvalte en leveranseplan»
    assert "Norsk helsenett SF utarbeider og forvalter en leveranseplan" in duties
    assert "?lines=167-169#L167" in duties and "/involvement/" not in duties
    assert 'href="http://testserver/explore?actor=nhn"' in page
    assert 'href="http://testserver/timeline?agency=nhn"' in page


def test_source_text_highlights_a_span(client: TestClient) -> None:
    page = _page(client, "/id/source/tildelingsbrev-2023-direktoratet-for-e-helse?lines=364-374")
    assert len(re.findall(r'<li id="L\d+" class="hit">', page)) == 11
    assert '<li id="L364" class="hit">' in page and '<li id="L375">' in page


@pytest.mark.parametrize(
    ("path", "iri"),
    [
        ("/id/letter/ehelse/2023/main-goal/1", "https://w3id.org/tbgraph/id/letter/ehelse/2023/main-goal/1"),
        ("/id/solution/kjernejournal", "https://w3id.org/tbgraph/id/solution/kjernejournal"),
        ("/def/role/owner", "https://w3id.org/tbgraph/def/role/owner"),
        ("/id/legal/pasientjournalloven", "https://w3id.org/tbgraph/id/legal/pasientjournalloven"),
    ],
)
def test_other_resources(client: TestClient, path: str, iri: str) -> None:
    graph = rdflib.Graph().parse(data=client.get(path).content, format="turtle")
    assert (rdflib.URIRef(iri), None, None) in graph
    assert client.get(path, headers={"Accept": "text/html"}).status_code == 200


def test_ontology_resolves_its_terms(client: TestClient) -> None:
    response = client.get("/ontology", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.content, format="turtle")
    assert (TB.Assignment, RDF.type, rdflib.OWL.Class) in graph
    assert client.get("/ontology", headers={"Accept": "text/html"}).status_code == 200
    assert client.get("/ontology/0.0.0-nope").status_code == 404


def test_named_graph(client: TestClient) -> None:
    response = client.get("/graph/letter/ehelse/2023", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    lines = response.text.strip().splitlines()
    assert len(lines) == client.get("/health").json()["graphs"]["https://w3id.org/tbgraph/graph/letter/ehelse/2023"]
    page = client.get("/graph/letter/ehelse/2023", headers={"Accept": "text/html"}).text
    assert "TB2023-01" in page or "Innføring av nasjonale e-helseløsninger" in html.unescape(page)
    assert client.get("/graph/letter/ehelse/1999").status_code == 404


def test_source_text_as_file_and_description(client: TestClient) -> None:
    path = "/id/source/tildelingsbrev-2023-direktoratet-for-e-helse"
    text = client.get(path, headers={"Accept": "text/plain"})
    assert text.status_code == 200
    assert text.headers["content-type"] == "text/plain; charset=utf-8"
    assert text.text.splitlines()[363].startswith("ID: TB2023-01 Innføring av nasjonale e-helseløsninger")
    description = rdflib.Graph().parse(data=client.get(path).content, format="turtle")
    assert (None, RDF.type, TB.SourceText) in description
    page = client.get(path, headers={"Accept": "text/html"}).text
    assert 'id="L364"' in page


def test_unknown_iri_is_404_with_near_matches(client: TestClient) -> None:
    response = client.get("/id/assignment/ehelse/TB2023-011")
    assert response.status_code == 404
    assert TB01 in [n["iri"] for n in response.json()["near"]]
    page = client.get("/id/assignment/ehelse/TB2023-011", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "TB2023-01" in page.text
    assert "<h1>Ikke funnet</h1>" in page.text and 'class="site-nav"' in page.text  # in the site's layout


def test_not_acceptable(client: TestClient) -> None:
    assert client.get("/id/org/nhn", headers={"Accept": "image/png"}).status_code == 406


def test_links_follow_the_configured_base_url(client_with: Any) -> None:
    with client_with(
        public_base_url="https://data.example.org/tbgraph", validate_on_start=False, query_workers=1
    ) as other:
        page = other.get("/id/assignment/ehelse/TB2023-01", headers={"Accept": "text/html"}).text
        assert 'href="https://data.example.org/tbgraph/id/org/nhn"' in page
        sd = other.get("/sparql", headers={"Accept": "text/turtle"}).text
        assert "<https://data.example.org/tbgraph/sparql>" in sd
        # the data keeps its canonical IRIs
        assert TB01 in other.get("/id/assignment/ehelse/TB2023-01").text


def test_links_follow_the_request_root_path(client: TestClient) -> None:
    from fastapi.testclient import TestClient as Client

    behind_proxy = Client(client.app, root_path="/tbgraph")
    page = behind_proxy.get("/id/assignment/ehelse/TB2023-01", headers={"Accept": "text/html"}).text
    assert 'href="http://testserver/tbgraph/id/org/nhn"' in page


@pytest.mark.parametrize(
    ("path", "same_as"),
    [
        ("/id/solution/kjernejournal", {"solution": "kjernejournal"}),
        ("/id/legal/pasientjournalloven", {"law": "pasientjournalloven"}),
        ("/id/letter/ehelse/2023/main-goal/2", {"goal": "2"}),
        ("/id/letter/ehelse/2023", {}),
    ],
)
def test_solution_law_goal_and_letter_pages_list_their_assignments(
    client: TestClient, path: str, same_as: dict[str, str]
) -> None:
    """The pages to read list the assignments /api/assignments gives for the same filter; the RDF is
    behind a toggle."""
    page = _page(client, path)
    table = page.split('id="related-assignments"')[1].split("</table>")[0]
    expected = [a["id"] for a in client.get("/api/assignments", params=same_as).json()]
    assert re.findall(r">(TB\d{4}-\d\d)</a>", table) == expected and expected
    assert '<details class="rdf">' in page
