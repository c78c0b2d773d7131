"""Write the graphs in the formats analysts open them with.

* ``graphml`` and ``gexf`` open in Gephi and Cytoscape desktop. Both only carry scalar
  attributes, so lists become ``"; "``-joined text and the per-assignment roles of a
  collaboration edge become ``"TB2023-10: nhn collaborating, ehelse owner | …"``. GEXF also carries
  the picture's colour, size and position (``viz``), so Gephi opens it already laid out.
* ``json`` is networkx's node-link format (``nx.node_link_graph`` reads it back), attributes kept
  as lists and objects.
* ``cytoscape`` is Cytoscape.js's elements JSON (``nx.cytoscape_graph`` reads it back).
* ``dot`` is Graphviz text, written here (no pydot or Graphviz needed to export), with colours so
  that ``dot -Tsvg`` gives a usable picture.
* ``png`` and ``svg`` are the static drawings of :mod:`tbgraph.graphs.draw`.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import networkx as nx  # type: ignore[import-untyped,unused-ignore]

from tbgraph.graphs.layout import layout
from tbgraph.graphs.metrics import annotate
from tbgraph.graphs.style import colour, rgb

__all__ = [
    "FORMATS",
    "BINARY_FORMATS",
    "export",
    "export_bytes",
    "flatten",
    "to_node_link",
    "to_cytoscape",
    "to_dot",
]

FORMATS = ("graphml", "gexf", "json", "cytoscape", "dot", "png", "svg")
BINARY_FORMATS = frozenset({"png"})

#: File suffix per format, for messages and defaults.
SUFFIXES = {
    "graphml": ".graphml",
    "gexf": ".gexf",
    "json": ".json",
    "cytoscape": ".cyjs",
    "dot": ".dot",
    "png": ".png",
    "svg": ".svg",
}


def _scalar(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Mapping):
        if all(isinstance(v, Mapping) for v in value.values()):
            # collaboration roles: assignment → actor → roles
            return " | ".join(
                f"{outer}: " + ", ".join(f"{actor} {'/'.join(roles)}" for actor, roles in inner.items())
                for outer, inner in value.items()
            )
        return "; ".join(f"{k}={_scalar(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(str(_scalar(v)) for v in value)
    return str(value)


def flatten(graph: nx.Graph) -> nx.Graph:
    """A copy with every attribute a string, number or boolean and no ``None`` values.

    GraphML, GEXF and DOT cannot carry lists, dicts or nulls; a missing value is left out rather
    than written as the text "None".
    """
    flat = graph.__class__()
    flat.graph.update({k: _scalar(v) for k, v in graph.graph.items() if v is not None and k != "filters"})
    filters = graph.graph.get("filters") or {}
    flat.graph.update({f"filter_{k}": _scalar(v) for k, v in filters.items() if v is not None})
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in data.items() if v is not None and k != "viz"})
    for u, v, data in graph.edges(data=True):
        flat.add_edge(u, v, **{k: _scalar(val) for k, val in data.items() if val is not None})
    return flat


def to_node_link(graph: nx.Graph) -> dict[str, Any]:
    """networkx node-link data (``nodes`` and ``edges``).

    Read back with ``nx.node_link_graph(data, edges="edges")``.
    """
    return nx.node_link_data(graph, edges="edges")  # type: ignore[no-any-return]


def to_cytoscape(graph: nx.Graph) -> dict[str, Any]:
    """Cytoscape.js elements JSON with the picture's positions (``position``) and colours."""
    data = nx.cytoscape_data(graph)
    positions = layout(graph)
    for element in data["elements"]["nodes"]:
        node = element["data"]["value"]
        element["data"]["colour"] = colour(graph.nodes[node].get("kind"))
        if node in positions:
            x, y = positions[node]
            element["position"] = {"x": round(x * 1000, 1), "y": round((1 - y) * 1000, 1)}
    return data  # type: ignore[no-any-return]


def _dot_id(value: Any) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def _dot_key(name: str) -> str:
    """An attribute name: bare when it is a plain identifier (as every tool expects), else quoted."""
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else _dot_id(name)


def to_dot(graph: nx.Graph) -> str:
    """Graphviz DOT text; every attribute quoted, so any label is safe."""
    flat = flatten(graph)
    directed = graph.is_directed()
    name = str(graph.graph.get("name", "tbgraph"))
    lines = [f"{'digraph' if directed else 'graph'} {_dot_id(name)} {{"]
    lines.append('  graph [overlap="false", splines="true", fontname="Helvetica"];')
    lines.append('  node [style="filled", fontname="Helvetica", fontsize="10", fontcolor="white"];')
    for node, data in flat.nodes(data=True):
        attributes = {k: v for k, v in data.items() if k not in ("fillcolor", "shape")}
        attributes["fillcolor"] = colour(graph.nodes[node].get("kind"))
        attributes["shape"] = "box" if graph.nodes[node].get("type") == "assignment" else "ellipse"
        rendered = ", ".join(f"{_dot_key(k)}={_dot_id(v)}" for k, v in attributes.items())
        lines.append(f"  {_dot_id(node)} [{rendered}];")
    arrow = "->" if directed else "--"
    top = max((float(d.get("weight", 1) or 1) for _, _, d in graph.edges(data=True)), default=1.0)
    for u, v, data in flat.edges(data=True):
        attributes = dict(data)
        weight = float(graph.edges[u, v].get("weight", 1) or 1)
        attributes["penwidth"] = round(1 + 4 * ((weight - 1) / (top - 1) if top > 1 else 0), 2)
        rendered = ", ".join(f"{_dot_key(k)}={_dot_id(val)}" for k, val in attributes.items())
        lines.append(f"  {_dot_id(u)} {arrow} {_dot_id(v)} [{rendered}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _with_viz(graph: nx.Graph) -> nx.Graph:
    """A flattened copy with GEXF ``viz`` (colour, size, position) on every node and edge."""
    flat = flatten(graph)
    positions = layout(graph)
    for node, data in flat.nodes(data=True):
        red, green, blue = rgb(colour(graph.nodes[node].get("kind")))
        x, y = positions.get(node, (0.5, 0.5))
        data["viz"] = {
            "color": {"r": red, "g": green, "b": blue, "a": 1.0},
            "size": round(6 + 30 * float(graph.nodes[node].get("size", 0.0) or 0.0), 2),
            "position": {"x": round(x * 1000, 2), "y": round(y * 1000, 2), "z": 0.0},
        }
    for _u, _v, data in flat.edges(data=True):
        data["viz"] = {"thickness": float(data.get("weight", 1) or 1)}
    return flat


def export_bytes(graph: nx.Graph, fmt: str, *, title: str | None = None, subtitle: str | None = None) -> bytes:
    """The graph serialised in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if graph.number_of_nodes() and "size" not in next(iter(graph.nodes.values())):
        annotate(graph)
    if fmt == "json":
        return (json.dumps(to_node_link(graph), ensure_ascii=False, indent=2) + "\n").encode()
    if fmt == "cytoscape":
        return (json.dumps(to_cytoscape(graph), ensure_ascii=False, indent=2) + "\n").encode()
    if fmt == "dot":
        return to_dot(graph).encode()
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flatten(graph), buffer, encoding="utf-8", prettyprint=True)
    elif fmt == "gexf":
        nx.write_gexf(_with_viz(graph), buffer, encoding="utf-8", prettyprint=True, version="1.2draft")
    else:
        from tbgraph.graphs.draw import draw

        draw(graph, buffer, fmt, title=title, subtitle=subtitle)
    return buffer.getvalue()


def export(
    graph: nx.Graph,
    fmt: str,
    out: str | Path | IO[bytes],
    *,
    title: str | None = None,
    subtitle: str | None = None,
) -> None:
    """Write the graph in ``fmt`` to a path or a binary stream."""
    payload = export_bytes(graph, fmt, title=title, subtitle=subtitle)
    if isinstance(out, (str, Path)):
        Path(out).write_bytes(payload)
    else:
        out.write(payload)
