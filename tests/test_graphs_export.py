"""Exports round-trip through networkx's readers; the pictures are produced and not trivial; the
``tbgraph graph`` command works as a subprocess (results to stdout, exit codes as documented)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from PIL import Image

from project_paths import ROOT
from tbgraph.graphs import Filters, annotate, build_graph, collaboration_graph, export, export_bytes
from tbgraph.graphs.export import to_dot
from tbgraph.store.base import Store

ARTIFACTS = ROOT / "test-artifacts"
NHN, EHELSE = "org/nhn", "org/ehelse"


@pytest.fixture(scope="module", params=["collaboration", "bipartite", "dependencies"])
def graph(request: pytest.FixtureRequest, store: Store) -> nx.Graph:
    built = build_graph(store, request.param)
    annotate(built)
    return built


def _same_shape(original: nx.Graph, read: nx.Graph) -> None:
    assert sorted(map(str, read.nodes)) == sorted(original.nodes)
    if original.is_directed():
        assert sorted(read.edges) == sorted(original.edges)
    else:
        assert sorted(map(sorted, read.edges)) == sorted(map(sorted, original.edges))


def test_graphml_round_trip(graph: nx.Graph) -> None:
    read = nx.read_graphml(io.BytesIO(export_bytes(graph, "graphml")))
    _same_shape(graph, read)
    assert read.is_directed() == graph.is_directed()
    for node, data in graph.nodes(data=True):
        assert read.nodes[node]["label"] == data["label"]
    if graph.graph["name"] == "collaboration":
        edge = read.edges[NHN, EHELSE]
        # lines 366-368, 390, 522, 567-569; TB2023-15 (695-738) does not name Norsk helsenett SF
        assert edge["weight"] == 4
        assert edge["assignments"] == "TB2023-01; TB2023-03; TB2023-07; TB2023-10"
        assert "TB2023-10: " in edge["roles"] and "nhn collaborating" in edge["roles"]


def test_gexf_round_trip(graph: nx.Graph) -> None:
    read = nx.read_gexf(io.BytesIO(export_bytes(graph, "gexf")))
    _same_shape(graph, read)
    some = next(iter(graph.nodes))
    assert read.nodes[some]["label"] == graph.nodes[some]["label"]
    assert "viz" in read.nodes[some]  # colour, size and position for Gephi
    assert {"color", "size", "position"} <= set(read.nodes[some]["viz"])


def test_node_link_json_round_trip(graph: nx.Graph) -> None:
    data = json.loads(export_bytes(graph, "json"))
    read = nx.node_link_graph(data, edges="edges")
    _same_shape(graph, read)
    assert dict(read.nodes(data=True)) == dict(graph.nodes(data=True))


def test_cytoscape_json_round_trip(graph: nx.Graph) -> None:
    data = json.loads(export_bytes(graph, "cytoscape"))
    assert {"nodes", "edges"} <= set(data["elements"])
    assert all("position" in n and "colour" in n["data"] for n in data["elements"]["nodes"])
    read = nx.cytoscape_graph(data)
    _same_shape(graph, read)


def test_dot_round_trip(graph: nx.Graph) -> None:
    pytest.importorskip("pydot")
    text = to_dot(graph)
    assert text.startswith("digraph" if graph.is_directed() else "graph")
    read = nx.nx_pydot.from_pydot(__import__("pydot").graph_from_dot_data(text)[0])
    nodes = {n.strip('"') for n in read.nodes if n.strip('"') not in ("node", "graph", "edge")}
    assert nodes == set(graph.nodes)
    assert read.number_of_edges() == graph.number_of_edges()
    labels = {n.strip('"'): d.get("label", "").strip('"') for n, d in read.nodes(data=True)}
    for node, data in graph.nodes(data=True):
        assert labels[node] == str(data["label"]).replace('"', '\\"')


def test_dot_quotes_anything() -> None:
    graph = nx.Graph(name='a "quoted" name')
    graph.add_node('x"y', label='back\\slash "and" quote\nnewline')
    graph.add_edge('x"y', "z", weight=1)
    text = to_dot(graph)
    assert '"x\\"y"' in text and "\\n" in text and "\n\n" not in text


def test_png_is_produced_and_not_trivial(store: Store) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for kind in ("collaboration", "bipartite", "dependencies"):
        path = ARTIFACTS / f"graph-{kind}.png"
        export(build_graph(store, kind), "png", path)
        image = Image.open(path)
        assert image.format == "PNG"
        width, height = image.size
        assert width >= 1200 and height >= 800, (kind, image.size)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000) or []
        assert len(colours) > 500, f"{kind}: a near-empty picture ({len(colours)} colours)"
        assert path.stat().st_size > 100_000


def test_svg_has_the_labels_and_legend(store: Store) -> None:
    svg = export_bytes(collaboration_graph(store, Filters(include_owner=False)), "svg")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    text = svg.decode()
    # matplotlib writes text as glyph paths with the string in a comment
    for expected in ("Norsk helsenett SF", "Helsedirektoratet", "Kind", "Width: shared assignments"):
        assert expected in text, expected
    assert "Direktoratet for e-helse" not in text  # left out


def _tbgraph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tbgraph.cli", *args], capture_output=True, text=True, timeout=300)


def test_cli_writes_each_format(tmp_path: Path) -> None:
    for fmt in ("graphml", "gexf", "json", "cytoscape", "dot", "png", "svg"):
        out = tmp_path / f"c.{fmt}"
        done = _tbgraph("graph", "collaboration", "--owner", "exclude", "--format", fmt, "-o", str(out))
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 1000, fmt
        assert done.stdout == ""


def test_cli_json_to_stdout_reads_back() -> None:
    done = _tbgraph("graph", "bipartite", "--goal", "4", "--format", "json")
    assert done.returncode == 0, done.stderr
    read = nx.node_link_graph(json.loads(done.stdout), edges="edges")
    assert {d["assignment_id"] for _, d in read.nodes(data=True) if d["bipartite"] == 1} == {
        "TB2023-23",
        "TB2023-24",
        "TB2023-25",
        "TB2023-26",
    }


def test_cli_metrics() -> None:
    done = _tbgraph("graph", "collaboration", "--metrics")
    assert done.returncode == 0, done.stderr
    for expected in ("Centrality", "betweenness", "Norsk helsenett SF", "communities"):
        assert expected in done.stdout
    done = _tbgraph("graph", "dependencies", "--metrics", "--metrics-format", "json")
    report = json.loads(done.stdout)
    assert report["acyclic"] is True
    assert any(c["id"] == "TB2023-19" for c in report["chains"])


def test_cli_usage_errors() -> None:
    done = _tbgraph("graph", "collaboration", "--goal", "9")
    assert done.returncode == 2 and "did you mean" in done.stderr
    done = _tbgraph("graph", "collaboration", "--format", "png")
    assert done.returncode == 2 and "-o FILE" in done.stderr
    done = _tbgraph("graph", "collaboration", "--role", "collaborating", "--solution", "helsedataservice")
    assert done.returncode in (0, 1)
