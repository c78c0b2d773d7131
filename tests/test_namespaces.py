"""The generated namespace module must match the ontology it was generated from."""

from __future__ import annotations

import importlib.util
import sys

import pytest
import rdflib

from project_paths import ROOT


def test_generated_namespaces_match_the_ontology() -> None:
    spec = importlib.util.spec_from_file_location("generate_namespaces", ROOT / "scripts" / "generate_namespaces.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_namespaces"] = module
    spec.loader.exec_module(module)
    graph = rdflib.Graph().parse(ROOT / "ontology" / "tbgraph.ttl")
    expected = module.render(graph)
    actual = (ROOT / "src" / "tbgraph" / "model" / "namespaces.py").read_text(encoding="utf-8")
    assert actual == expected, "run: python scripts/generate_namespaces.py"


def test_a_misspelt_term_is_an_error() -> None:
    from tbgraph.model.namespaces import TB

    assert str(TB.Assignment) == "https://w3id.org/tbgraph/ontology#Assignment"
    with pytest.raises(AttributeError):
        TB.Asignment  # noqa: B018
