"""The architecture's walls hold: the import contracts (import-linter, ``[tool.importlinter]`` in
pyproject.toml) and no import cycles between modules (ARCHITECTURE.md says why each wall is there)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx

from project_paths import ROOT

PACKAGE = ROOT / "src" / "tbgraph"


def test_the_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "broken" in done.stdout and " 0 broken" in done.stdout


def test_no_import_cycles() -> None:
    graph = grimp.build_graph("tbgraph", exclude_type_checking_imports=True)
    edges = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            edges.add_edge(module, imported)
    cycles = sorted(sorted(c) for c in nx.strongly_connected_components(edges) if len(c) > 1)
    assert cycles == [], f"import cycles: {cycles}"


def test_the_top_level_holds_the_layers_and_the_public_api_only() -> None:
    """The flat top level does not grow back: a new module goes into the folder of its layer."""
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert modules == ["__init__.py", "notebook.py"]


def test_every_package_has_its_place_in_the_layers() -> None:
    """A new folder of code must be placed in the layers contract, or nothing keeps its walls."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    placed = {name.strip() for layer in layers for name in layer.replace("|", ":").split(":")}
    packages = {f"tbgraph.{p.parent.name}" for p in PACKAGE.glob("*/__init__.py")} | {"tbgraph.notebook"}
    assert packages == placed
