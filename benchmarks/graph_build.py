"""How long do the graphs take? Build from the store, metrics, layout, each export, and the page.

Run:  .venv/bin/python benchmarks/graph_build.py [--repeat 20] [--scale 1] [--browser]

For each graph (collaboration, bipartite, dependencies) and a few filter sets: the SPARQL query
and networkx build (``build_graph``), the metrics (``annotate``), the layout, and each export
format. With ``--browser``, also the time from navigating to ``/explore`` until the graph is drawn,
in Debian's Chromium (the application started by uvicorn on a loopback port, as in the browser
test). ``--scale N`` clones the shipped letter N times under other recipient keys first, to see how
the builds grow with more letters. Figures are medians after one warm-up; the results also go to
``benchmarks/results/graph_build.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tbgraph.dataset.loader import (  # noqa: E402
    SourceFile,  # noqa: E402
    default_sources,
    letter_graph,
)
from tbgraph.dataset.opening import open_dataset  # noqa: E402
from tbgraph.graphs import GRAPH_KINDS, Filters, annotate, build_graph, export_bytes  # noqa: E402
from tbgraph.graphs.export import FORMATS  # noqa: E402
from tbgraph.graphs.layout import layout  # noqa: E402

FILTER_SETS: dict[str, Filters] = {
    "all": Filters(),
    "owner left out": Filters(include_owner=False),
    "main goal 3": Filters(goal="3"),
    "role collaborating": Filters(role="collaborating"),
}


def median_ms(action: Callable[[], Any], repeat: int) -> float:
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2)


def scaled_sources(scale: int, folder: Path) -> list[SourceFile]:
    """The shipped files plus the letter cloned ``scale - 1`` times under other recipients."""
    sources = default_sources()
    if scale <= 1:
        return sources
    letter = next(s for s in sources if s.path.name == "2023-hod-ehelse.ttl")
    text = letter.path.read_text(encoding="utf-8")
    for copy in range(2, scale + 1):
        key = f"ehelse{copy}"
        cloned = re.sub(r"(<(?:assignment|letter|source)/)ehelse", rf"\g<1>{key}", text)
        path = folder / f"2023-hod-{key}.ttl"
        path.write_text(cloned, encoding="utf-8")
        sources.append(SourceFile(path, letter_graph(key, 2023)))
    return sources


def browser_load(repeat: int) -> dict[str, float]:
    import socket
    import threading

    import uvicorn
    from playwright.sync_api import sync_playwright

    from tbgraph.api import Settings, create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(Settings(validate_on_start=False, query_workers=1)),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    results: dict[str, float] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
            for view in ("collaboration", "dependencies", "bipartite"):
                times = []
                for attempt in range(repeat + 1):
                    page = browser.new_page(viewport={"width": 1500, "height": 950})
                    started = time.perf_counter()
                    page.goto(f"http://127.0.0.1:{port}/explore?view={view}")
                    page.wait_for_function("document.querySelector('#graph').dataset.state === 'ready'")
                    elapsed = time.perf_counter() - started
                    if attempt:  # the first load computes the server's cached answer
                        times.append(elapsed)
                    else:
                        results[f"explore {view} first load ms"] = round(elapsed * 1000, 1)
                    page.close()
                results[f"explore {view} load ms"] = round(statistics.median(times) * 1000, 1)
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--scale", type=int, default=1, help="clone the letter this many times")
    parser.add_argument("--browser", action="store_true", help="also time /explore in headless Chromium")
    args = parser.parse_args()

    results: dict[str, Any] = {"repeat": args.repeat, "scale": args.scale, "builds": [], "exports": []}
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        store = open_dataset(sources=scaled_sources(args.scale, Path(folder))).store
        results["load ms"] = round((time.perf_counter() - started) * 1000, 1)
        print(f"loaded {len(store):,} triples in {results['load ms']} ms (scale {args.scale})")
        header = ("graph", "filters", "nodes", "edges", "build ms", "metrics ms", "layout ms")
        print("\n{:<15} {:<20} {:>6} {:>6} {:>9} {:>11} {:>10}".format(*header))
        for kind in GRAPH_KINDS:
            for name, filters in FILTER_SETS.items():
                graph = build_graph(store, kind, filters)
                row = {
                    "graph": kind,
                    "filters": name,
                    "nodes": graph.number_of_nodes(),
                    "edges": graph.number_of_edges(),
                    "build ms": median_ms(lambda: build_graph(store, kind, filters), args.repeat),  # noqa: B023
                    "metrics ms": median_ms(lambda: annotate(graph), args.repeat),  # noqa: B023
                    "layout ms": median_ms(lambda: layout(graph), max(3, args.repeat // 4)),  # noqa: B023
                }
                results["builds"].append(row)
                print(
                    f"{kind:<15} {name:<20} {row['nodes']:>6} {row['edges']:>6} {row['build ms']:>9} "
                    f"{row['metrics ms']:>11} {row['layout ms']:>10}"
                )
        print(f"\n{'graph':<15} " + " ".join(f"{fmt:>10}" for fmt in FORMATS) + "   (ms per export)")
        for kind in GRAPH_KINDS:
            graph = build_graph(store, kind)
            annotate(graph)
            row = {"graph": kind}
            for fmt in FORMATS:
                times = 3 if fmt in ("png", "svg") else args.repeat
                row[fmt] = median_ms(lambda: export_bytes(graph, fmt), times)  # noqa: B023
            results["exports"].append(row)
            print(f"{kind:<15} " + " ".join(f"{row[fmt]:>10}" for fmt in FORMATS))
    if args.browser:
        results["browser"] = browser_load(max(3, args.repeat // 4))
        print()
        for key, value in results["browser"].items():
            print(f"{key:<40} {value:>8}")
    out = ROOT / "benchmarks" / "results" / "graph_build.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
