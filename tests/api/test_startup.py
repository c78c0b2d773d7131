"""The lifespan refuses to start on data that does not conform, naming the problems."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tbgraph.api.state import StartupRefused
from tbgraph.model.resources import resource_root


@pytest.fixture(scope="module")
def broken_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped files where TB2023-01 has lost its owner."""
    root = tmp_path_factory.mktemp("broken")
    for name in ("ontology", "shapes", "data"):
        shutil.copytree(resource_root() / name, root / name)
    letter = root / "data" / "letters" / "2023-hod-ehelse.ttl"
    text = letter.read_text(encoding="utf-8")
    text, n = re.subn(r"<assignment/ehelse/TB2023-01/involvement/ehelse-owner>,?\s*", "", text, count=1)
    assert n == 1
    letter.write_text(text, encoding="utf-8")
    return root


def test_refuses_to_start_naming_the_problem(client_with: Any, broken_root: Path) -> None:
    with pytest.raises(StartupRefused) as refused, client_with(data_root=broken_root, query_workers=1):
        pass
    message = str(refused.value)
    assert "does not conform" in message
    assert "TB2023-01" in message
    assert "--allow-nonconforming" in message


def test_starts_anyway_when_allowed(client_with: Any, broken_root: Path) -> None:
    with client_with(data_root=broken_root, allow_nonconforming=True, query_workers=1) as client:
        health = client.get("/health").json()
        assert health["conforms"] is False
        assert client.get("/api/assignments/TB2023-01").json()["owner"] is None


def test_unparseable_data_is_refused(client_with: Any, tmp_path: Path) -> None:
    for name in ("ontology", "shapes", "data"):
        shutil.copytree(resource_root() / name, tmp_path / name)
    (tmp_path / "data" / "letters" / "2024-hod-ehelse.ttl").write_text("<a> <b> .\n", encoding="utf-8")
    with (
        pytest.raises(StartupRefused, match="2024-hod-ehelse.ttl"),
        client_with(data_root=tmp_path, query_workers=1),
    ):
        pass


def test_persistent_store(client_with: Any, tmp_path: Path) -> None:
    """With --store the workers open the same store read-only."""
    store = tmp_path / "store"
    with client_with(store=store, validate_on_start=False, query_workers=1) as client:
        triples = client.get("/health").json()["triples"]
        response = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        assert response.status_code == 200
        assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == triples
