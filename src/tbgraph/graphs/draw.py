"""Static pictures of the graphs (PNG, SVG) fit for a report.

A network picture is only useful if its labels can be read, so beyond networkx's drawing this
module places the labels itself. Most central nodes first, each label takes the first free spot
around its node (below, above, right, left, the diagonals, then further out) that overlaps no
other label and no node; a label that had to move away gets a thin leader line. Node area follows
centrality (``size`` from :func:`tbgraph.graphs.metrics.annotate`), edge width the number of
shared assignments, colour the kind of actor; the legend says so.

Matplotlib is used through its object API with the Agg canvas, never pyplot, so drawing holds no
global state and works in a server thread.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import networkx as nx  # type: ignore[import-untyped,unused-ignore]
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from tbgraph.graphs.layout import Positions, layout
from tbgraph.graphs.metrics import annotate
from tbgraph.graphs.style import colour, kind_name

__all__ = ["draw", "TITLES", "ROLE_COLOURS", "describe"]

TITLES = {
    "collaboration": "Who works with whom",
    "bipartite": "Actors and the assignments they take part in",
    "dependencies": "What hangs on what",
}

#: Edge colours of the bipartite picture, by role.
ROLE_COLOURS = {
    "owner": "#BBBBBB",
    "lead": "#D55E00",
    "coordinating": "#E69F00",
    "collaborating": "#0072B2",
    "assisting": "#009E73",
    "providing-input": "#CC79A7",
    "consulted": "#56B4E9",
    "receiving-delivery": "#882255",
}

_MIN_NODE, _MAX_NODE = 80.0, 1400.0  # marker area in points²
_LEGEND_WIDTH = 3.8  # inches right of the drawing
_MARGIN_TOP, _MARGIN_BOTTOM = 1.0, 0.5  # inches


def describe(graph: nx.Graph) -> str:
    """A one-line subtitle: what is counted and which filters apply."""
    name = graph.graph.get("name")
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    if name == "collaboration":
        counts = f"{nodes} actors, {edges} ties"
    elif name == "bipartite":
        actors = sum(1 for _, d in graph.nodes(data=True) if d.get("bipartite") == 0)
        counts = f"{actors} actors, {nodes - actors} assignments, {edges} involvements"
    else:
        counts = f"{nodes} assignments, deliverables and documents, {edges} dependencies"
    filters = graph.graph.get("filters") or {}
    parts = []
    if filters.get("goal"):
        parts.append(f"main goal {filters['goal']}")
    if filters.get("role"):
        parts.append(f"role {filters['role']}")
    if filters.get("solution"):
        parts.append(f"solution {filters['solution']}")
    if name != "dependencies":
        parts.append("owner included" if filters.get("include_owner", True) else "owner left out")
    return counts + (" · " + ", ".join(parts) if parts else "")


def draw(
    graph: nx.Graph,
    out: str | Path | IO[bytes],
    fmt: str = "png",
    *,
    title: str | None = None,
    subtitle: str | None = None,
    dpi: int = 150,
) -> None:
    """Draw ``graph`` to ``out`` as ``png`` or ``svg``.

    The graph is annotated with its metrics first if it is not already (node ``size``).
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"cannot draw as {fmt!r}; choose png or svg")
    if graph.number_of_nodes() and "size" not in next(iter(graph.nodes.values())):
        annotate(graph)
    name = str(graph.graph.get("name", ""))
    positions = layout(graph)
    width, height, limits = _frame(graph, name, positions)
    figure = Figure(figsize=(width + _LEGEND_WIDTH, height + _MARGIN_TOP + _MARGIN_BOTTOM), dpi=dpi)
    canvas = FigureCanvasAgg(figure)
    total_w, total_h = figure.get_size_inches()
    axes = figure.add_axes((0.15 / total_w, _MARGIN_BOTTOM / total_h, width / total_w, height / total_h))
    axes.set_axis_off()
    axes.set_xlim(*limits[0])
    axes.set_ylim(*limits[1])

    largest = _largest(graph, name)
    node_area = {
        n: _MIN_NODE + (largest - _MIN_NODE) * float(d.get("size", 0.0) or 0.0) for n, d in graph.nodes(data=True)
    }
    _draw_edges(axes, graph, positions, node_area)
    _draw_nodes(axes, graph, positions, node_area)
    if name == "bipartite":
        _column_labels(axes, graph, positions, node_area)
    else:
        _place_labels(figure, canvas, axes, graph, positions, node_area, _directions(graph, name, positions))

    figure.text(
        0.15 / total_w,
        1 - 0.35 / total_h,
        title or TITLES.get(name, name),
        ha="left",
        va="center",
        fontsize=17,
        weight="bold",
    )
    figure.text(
        0.15 / total_w,
        1 - 0.7 / total_h,
        subtitle if subtitle is not None else describe(graph),
        ha="left",
        va="center",
        fontsize=10.5,
        color="#444444",
    )
    _legend(figure, graph, name, total_w, total_h, largest)
    figure.text(
        0.15 / total_w,
        0.18 / total_h,
        "Computed from the tbgraph knowledge graph (SPARQL → networkx); nothing is drawn by hand. " + _footnote(name),
        fontsize=8.5,
        color="#666666",
        ha="left",
        va="center",
    )
    figure.savefig(out, format=fmt, facecolor="white")


def _largest(graph: nx.Graph, name: str) -> float:
    """The area of the most central node: smaller where many nodes share a column."""
    if graph.is_directed():
        return _MAX_NODE * 0.45
    if name == "bipartite":
        return _MAX_NODE * 0.4
    return _MAX_NODE


def _frame(graph: nx.Graph, name: str, positions: Positions) -> tuple[float, float, tuple[Any, Any]]:
    """Drawing width and height in inches, and the axes limits, from the layout's shape."""
    if not positions:
        return 8.0, 5.0, ((0, 1), (0, 1))
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    if name == "bipartite":
        rows = max(_side_count(graph, 0), _side_count(graph, 1), 1)
        return 15.0, max(6.0, 0.3 * rows), ((-0.75, 1.75), (-0.01, 1.01))
    if graph.is_directed():
        rows = len({round(y, 6) for y in ys})
        columns = len({round(x, 6) for x in xs})
        width = 5.2 * max(columns, 2) + 2
        return width, max(5.0, 0.8 * rows), ((-0.5, 1.5), (-0.04, 1.04))
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    scale = min(13.0 / span_x, 12.0 / span_y, 11.0 * max(1.0, (len(positions) / 25) ** 0.5))
    width = max(9.0, span_x * scale + 2.5)
    height = max(6.0, span_y * scale + 2.0)
    pad_x = 1.25 / scale
    pad_y = 1.0 / scale
    return width, height, ((min(xs) - pad_x, max(xs) + pad_x), (min(ys) - pad_y, max(ys) + pad_y))


def _side_count(graph: nx.Graph, side: int) -> int:
    return sum(1 for _, d in graph.nodes(data=True) if d.get("bipartite") == side)


def _footnote(name: str) -> str:
    if name == "dependencies":
        return (
            "Arrows point from a prerequisite to what waits for it; dates where the letter gives them; "
            "node size: centrality."
        )
    if name == "bipartite":
        return "Edge colour: the actor's role; node size: centrality."
    return "Node size: centrality (betweenness and shared assignments); edge width: number of shared assignments."


def _draw_edges(axes: Any, graph: nx.Graph, positions: Positions, node_area: dict[str, float]) -> None:
    weights = [float(d.get("weight", 1) or 1) for _, _, d in graph.edges(data=True)]
    top = max(weights, default=1.0)
    for u, v, data in graph.edges(data=True):
        weight = float(data.get("weight", 1) or 1)
        width = 0.8 + 5.2 * ((weight - 1) / (top - 1) if top > 1 else 0.0)
        if graph.is_directed():
            arrow = FancyArrowPatch(
                positions[u],
                positions[v],
                arrowstyle="-|>",
                mutation_scale=14,
                lw=1.3,
                color="#555555",
                alpha=0.85,
                shrinkA=_radius_points(node_area[u]) + 2,
                shrinkB=_radius_points(node_area[v]) + 3,
                zorder=1,
            )
            axes.add_patch(arrow)
            if data.get("date"):
                middle = ((positions[u][0] + positions[v][0]) / 2, (positions[u][1] + positions[v][1]) / 2)
                axes.text(
                    *middle,
                    str(data["date"]),
                    fontsize=7.5,
                    color="#333333",
                    ha="center",
                    va="center",
                    zorder=4,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "#FFF7D6", "ec": "#D9C27A", "lw": 0.5},
                )
        else:
            role = data.get("role")
            edge_colour = ROLE_COLOURS.get(str(role), "#8C8C8C") if role else "#8C8C8C"
            axes.plot(
                [positions[u][0], positions[v][0]],
                [positions[u][1], positions[v][1]],
                color=edge_colour,
                lw=width if not role else 1.6,
                alpha=0.5 if not role else 0.8,
                solid_capstyle="round",
                zorder=1,
            )


def _radius_points(area: float) -> float:
    return float(np.sqrt(area / np.pi))


def _draw_nodes(axes: Any, graph: nx.Graph, positions: Positions, node_area: dict[str, float]) -> None:
    for node, data in graph.nodes(data=True):
        square = data.get("type") == "assignment" or data.get("kind") in ("Assignment", "assignment")
        axes.scatter(
            [positions[node][0]],
            [positions[node][1]],
            s=node_area[node],
            c=colour(data.get("kind")),
            marker="s" if square else "o",
            edgecolors="white",
            linewidths=1.2,
            zorder=3,
        )


def _wrap(label: str, width: int = 24) -> str:
    return "\n".join(textwrap.wrap(label, width=width, break_long_words=False)) or label


def _column_labels(axes: Any, graph: nx.Graph, positions: Positions, node_area: dict[str, float]) -> None:
    """Labels of the bipartite picture: actors' names left of their column, assignments right."""
    for node, data in graph.nodes(data=True):
        left = data.get("bipartite") == 0
        label = str(data.get("label", node))
        if not left:
            label = textwrap.shorten(label, width=70, placeholder="…")
        offset = _radius_points(node_area[node]) + 4
        axes.annotate(
            label,
            positions[node],
            xytext=(-offset if left else offset, 0),
            textcoords="offset points",
            ha="right" if left else "left",
            va="center",
            fontsize=8.5,
            zorder=4,
        )


_ALL_DIRECTIONS = (
    "below",
    "above",
    "right",
    "left",
    "below-right",
    "below-left",
    "above-right",
    "above-left",
)


def _directions(graph: nx.Graph, name: str, positions: Positions) -> dict[str, Sequence[str]]:
    """Where each label would best go. In the dependency picture a label sits on the side its node
    has no arrows: left of a prerequisite nothing feeds, right of what nothing waits for, above or
    below a node in the middle of a chain. Elsewhere under the node first."""
    if not graph.is_directed() or not positions:
        return {node: _ALL_DIRECTIONS for node in graph}
    preferred: dict[str, Sequence[str]] = {}
    for node in graph:
        if graph.in_degree(node) == 0:
            preferred[node] = ("left", "below-left", "above-left", "above", "below")
        elif graph.out_degree(node) == 0:
            preferred[node] = ("right", "below-right", "above-right", "above", "below")
        else:
            preferred[node] = ("above", "below", "above-right", "below-right", "above-left", "below-left")
    return preferred


def _place_labels(
    figure: Figure,
    canvas: FigureCanvasAgg,
    axes: Any,
    graph: nx.Graph,
    positions: Positions,
    node_area: dict[str, float],
    preferred: dict[str, Sequence[str]],
) -> None:
    """Greedy label placement in display pixels: no label on another label or on a node."""
    nodes = sorted(graph.nodes, key=lambda n: (-float(graph.nodes[n].get("size", 0.0) or 0.0), str(n)))
    if not nodes:
        return
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call,unused-ignore]
    to_pixels = axes.transData.transform
    to_data = axes.transData.inverted().transform
    scale = figure.dpi / 72.0
    anchor = {n: np.asarray(to_pixels(positions[n]), dtype=float) for n in nodes}
    radius = {n: _radius_points(node_area[n]) * scale for n in nodes}
    discs = np.array([[*anchor[n], radius[n]] for n in nodes])
    frame = figure.bbox
    gap = 3 * scale
    placed: list[tuple[float, float, float, float]] = []
    wrap_width = 40 if graph.is_directed() else 24
    for node in nodes:
        data = graph.nodes[node]
        central = float(data.get("size", 0.0) or 0.0) > 0.6 and not graph.is_directed()
        label = _wrap(str(data.get("label", node)), wrap_width)
        if graph.is_directed() and data.get("due"):
            label += f"\ndue {data['due']}"
        text = axes.text(
            0,
            0,
            label,
            ha="center",
            va="center",
            fontsize=9.5 if central else 8.5,
            weight="bold" if central else "normal",
            zorder=5,
            bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.85},
        )
        extent = text.get_window_extent(renderer)
        w, h = extent.width + 3 * scale, extent.height + 2 * scale
        best: tuple[float, np.ndarray] | None = None
        line_h = 11 * scale
        for step in (0, 0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10):
            for direction in (*preferred.get(node, _ALL_DIRECTIONS), *_ALL_DIRECTIONS):
                centre = _candidate(anchor[node], radius[node], w, h, gap + step * line_h, direction)
                cost = _overlap(centre, w, h, placed, discs, frame)
                if best is None or cost < best[0]:
                    best = (cost, centre)
                if cost == 0:
                    break
            if best is not None and best[0] == 0:
                break
        assert best is not None
        centre = best[1]
        placed.append((centre[0] - w / 2, centre[1] - h / 2, centre[0] + w / 2, centre[1] + h / 2))
        text.set_position(to_data(centre))
        # a leader line when the label ended up away from its node
        nearest = np.array(
            [
                min(max(anchor[node][0], centre[0] - w / 2), centre[0] + w / 2),
                min(max(anchor[node][1], centre[1] - h / 2), centre[1] + h / 2),
            ]
        )
        if float(np.hypot(*(nearest - anchor[node]))) > radius[node] + gap + 1.2 * line_h:
            start, end = to_data(anchor[node]), to_data(nearest)
            axes.plot([start[0], end[0]], [start[1], end[1]], color="#777777", lw=0.6, zorder=2)


def _candidate(anchor: np.ndarray, radius: float, w: float, h: float, distance: float, direction: str) -> np.ndarray:
    x, y = anchor
    reach = radius + distance
    diagonal = reach * 0.72
    if direction == "below":
        return np.array([x, y - reach - h / 2])
    if direction == "above":
        return np.array([x, y + reach + h / 2])
    if direction == "right":
        return np.array([x + reach + w / 2, y])
    if direction == "left":
        return np.array([x - reach - w / 2, y])
    dx = 1 if direction.endswith("right") else -1
    dy = 1 if direction.startswith("above") else -1
    return np.array([x + dx * (diagonal + w / 2), y + dy * (diagonal + h / 2)])


def _overlap(
    centre: np.ndarray,
    w: float,
    h: float,
    placed: list[tuple[float, float, float, float]],
    discs: np.ndarray,
    frame: Any,
) -> float:
    """How badly a label box at ``centre`` collides: overlap area with labels and nodes, plus
    anything outside the figure (0 means a free spot)."""
    x0, y0, x1, y1 = centre[0] - w / 2, centre[1] - h / 2, centre[0] + w / 2, centre[1] + h / 2
    cost = 0.0
    outside = (
        max(0.0, frame.x0 - x0)
        + max(0.0, x1 - (frame.x1 - _LEGEND_WIDTH * 72))
        + max(0.0, frame.y0 + 20 - y0)
        + max(0.0, y1 - (frame.y1 - 60))
    )
    cost += outside * h * 4
    for a0, b0, a1, b1 in placed:
        dx = min(x1, a1) - max(x0, a0)
        dy = min(y1, b1) - max(y0, b0)
        if dx > -2 and dy > -2:
            cost += (dx + 2) * (dy + 2)
    nearest_x = np.clip(discs[:, 0], x0, x1)
    nearest_y = np.clip(discs[:, 1], y0, y1)
    inside = np.hypot(nearest_x - discs[:, 0], nearest_y - discs[:, 1]) < discs[:, 2] + 1.5
    if inside.any():
        cost += float(np.sum((discs[inside, 2] + 1.5) ** 2))
    return float(cost)


def _legend(figure: Figure, graph: nx.Graph, name: str, total_w: float, total_h: float, largest: float) -> None:
    left = 1 - (_LEGEND_WIDTH - 0.2) / total_w
    top = 1 - _MARGIN_TOP / total_h
    kinds = sorted({str(d.get("kind", "other")) for _, d in graph.nodes(data=True)}, key=kind_name)
    handles: list[Any] = [
        Line2D(
            [],
            [],
            marker="s" if kind in ("Assignment", "assignment") else "o",
            linestyle="",
            markersize=10,
            markerfacecolor=colour(kind),
            markeredgecolor="white",
            label=kind_name(kind),
        )
        for kind in kinds
    ]
    legends = [("Kind", handles, 0.5)]
    size_handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            color="#9A9A9A",
            markersize=float(np.sqrt(_MIN_NODE + (largest - _MIN_NODE) * share)),
            label=text,
        )
        for share, text in ((0.0, "least central"), (0.5, "middle"), (1.0, "most central"))
    ]
    legends.append(("Size: centrality", size_handles, 2.4 if largest >= _MAX_NODE else 1.2))
    if name == "collaboration":
        weights = [int(d.get("weight", 1)) for _, _, d in graph.edges(data=True)] or [1]
        top_weight = max(weights)
        samples = sorted({1, (top_weight + 1) // 2, top_weight})
        legends.append(
            (
                "Width: shared assignments",
                [
                    Line2D(
                        [],
                        [],
                        color="#8C8C8C",
                        lw=0.8 + 5.2 * ((w - 1) / (top_weight - 1) if top_weight > 1 else 0.0),
                        label=f"{w} shared assignment{'s' if w != 1 else ''}",
                    )
                    for w in samples
                ],
                0.5,
            )
        )
    elif name == "bipartite":
        roles = sorted(
            {str(d.get("role")) for _, _, d in graph.edges(data=True)},
            key=lambda r: list(ROLE_COLOURS).index(r) if r in ROLE_COLOURS else 99,
        )
        legends.append(
            (
                "Edge colour: role",
                [Line2D([], [], color=ROLE_COLOURS.get(r, "#8C8C8C"), lw=2.5, label=r) for r in roles],
                0.5,
            )
        )
    elif name == "dependencies":
        legends.append(
            (
                "Edges",
                [
                    Line2D(
                        [],
                        [],
                        color="#555555",
                        lw=1.3,
                        marker=">",
                        markevery=[1],
                        label="prerequisite → what waits",
                    ),
                    Line2D(
                        [],
                        [],
                        linestyle="",
                        marker="s",
                        markersize=11,
                        markerfacecolor="#FFF7D6",
                        markeredgecolor="#D9C27A",
                        label="date of the prerequisite",
                    ),
                ],
                0.5,
            )
        )
    renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call,unused-ignore]
    y = top
    for title, entries, spacing in legends:
        legend = figure.legend(
            handles=entries,
            title=title,
            loc="upper left",
            bbox_to_anchor=(left, y),
            frameon=False,
            fontsize=10,
            title_fontsize=11,
            alignment="left",
            labelspacing=spacing,
            borderaxespad=0.0,
        )
        figure.add_artist(legend)
        box = legend.get_window_extent(renderer)
        y -= box.height / figure.bbox.height + 0.25 / total_h
