"""POST /api/validate: RDF checked against the shapes together with the shipped reference data."""

from __future__ import annotations

import json

import pytest
import rdflib
from fastapi.testclient import TestClient

from tbgraph.model.resources import data_dir

PREFIXES = """@base <https://w3id.org/tbgraph/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix tb: <https://w3id.org/tbgraph/ontology#> .
@prefix tbrole: <https://w3id.org/tbgraph/def/role/> .
"""
TWO_OWNERS = (
    PREFIXES
    + """
<assignment/test/TB2023-01> a tb:Assignment ;
    dcterms:identifier "TB2023-01" ;
    dcterms:title "Prøveoppdrag"@nb ;
    tb:involvement [ a tb:Involvement ; prov:agent <org/ehelse> ; prov:hadRole tbrole:owner ] ,
                   [ a tb:Involvement ; prov:agent <org/nhn> ; prov:hadRole tbrole:owner ] .
"""
)


def test_the_shipped_letter_conforms(client: TestClient) -> None:
    letter = (data_dir() / "letters" / "2023-hod-ehelse.ttl").read_bytes()
    response = client.post("/api/validate", content=letter, headers={"Content-Type": "text/turtle"})
    assert response.status_code == 200
    report = response.json()
    assert report["conforms"] is True, report["results"][:3]
    assert report["violations"] == 0
    assert report["triples"] > 1000


def test_a_broken_assignment_is_reported(client: TestClient) -> None:
    response = client.post("/api/validate", content=TWO_OWNERS.encode(), headers={"Content-Type": "text/turtle"})
    assert response.status_code == 200
    report = response.json()
    assert report["conforms"] is False
    foci = {r["focus"] for r in report["results"] if r["severity"] == "Violation"}
    assert "https://w3id.org/tbgraph/id/assignment/test/TB2023-01" in foci


def test_json_ld_and_n_triples_bodies(client: TestClient) -> None:
    graph = rdflib.Graph().parse(data=TWO_OWNERS, format="turtle")
    for media_type, fmt in (("application/ld+json", "json-ld"), ("application/n-triples", "nt")):
        response = client.post(
            "/api/validate",
            content=graph.serialize(format=fmt).encode(),
            headers={"Content-Type": media_type},
        )
        assert response.status_code == 200
        assert response.json()["conforms"] is False


def test_report_as_turtle(client: TestClient) -> None:
    response = client.post(
        "/api/validate",
        content=TWO_OWNERS.encode(),
        headers={"Content-Type": "text/turtle", "Accept": "text/turtle"},
    )
    assert response.headers["content-type"].startswith("text/turtle")
    report = rdflib.Graph().parse(data=response.content, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (None, sh.conforms, rdflib.Literal(False)) in report


def test_bad_rdf_is_400_naming_the_line(client: TestClient) -> None:
    body = PREFIXES + "\n<a> <b> <c> .\n<d> <e> .\n"
    response = client.post("/api/validate", content=body.encode(), headers={"Content-Type": "text/turtle"})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "line 8" in detail or "8:" in detail, detail


@pytest.mark.parametrize(("content_type", "status"), [("text/plain", 415), ("", 415), ("application/json", 415)])
def test_unsupported_body(client: TestClient, content_type: str, status: int) -> None:
    response = client.post("/api/validate", content=b"{}", headers={"Content-Type": content_type})
    assert response.status_code == status


def test_empty_body(client: TestClient) -> None:
    response = client.post("/api/validate", content=b"  ", headers={"Content-Type": "text/turtle"})
    assert response.status_code == 400
    assert json.loads(response.content)["detail"].startswith("the body is empty")


def test_the_reference_data_own_warnings_are_left_out_of_an_upload_report(client: TestClient) -> None:
    """The shipped letter validated with the reference data: the organisations without an
    organisation number (data/reference/organisations.ttl) are the reference data's warnings, not
    the upload's; they are counted in left_out, and every finding kept is about the body or a violation."""
    letter_text = (data_dir() / "letters" / "2023-hod-ehelse.ttl").read_bytes()
    response = client.post("/api/validate", content=letter_text, headers={"Content-Type": "text/turtle"})
    report = response.json()
    assert response.status_code == 200 and report["left_out"] > 0
    theirs = {str(s) for s in rdflib.Graph().parse(data=letter_text, format="turtle").subjects()}
    assert all(r["focus"] in theirs or r["severity"] == "Violation" for r in report["results"])
    assert not any(r["shape"].endswith("OrganisationShape-orgNumber-recommended") for r in report["results"])
