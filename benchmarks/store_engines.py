"""Which RDF engine should serve tbgraph? Load time, memory and every competency query, side by side.

Run:  .venv/bin/python benchmarks/store_engines.py [--scales 1,10,100] [--repeat 30]

Engines compared, each in a fresh subprocess so peak memory (max RSS) is its own:
  rdflib     rdflib's in-memory Dataset and SPARQL engine (initBindings for parameters)
  oxrdflib   rdflib's API over an Oxigraph store (oxrdflib); parameters through initBindings,
             which makes rdflib's engine run the query -- the path tbgraph's code would take
  oxrdflib-str  the same store, query text only: Oxigraph's engine (parameters cannot be bound)
  oxigraph   pyoxigraph natively (tbgraph.store.base.OxigraphStore), parameters as substitutions

Scale N means the shipped letter cloned N times under other recipient keys (same shape, same
reference data), which is what growing to many letters looks like to these queries. Figures are
medians of --repeat runs after one warm-up; ratios are against rdflib, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

ENGINES = ("rdflib", "oxrdflib", "oxrdflib-str", "oxigraph")
#: A query stops being repeated after this long (at least three runs): rdflib needs seconds per
#: query at ten letters, and the ratio is clear long before --repeat runs.
BUDGET_SECONDS = 5.0

#: One parameter set per named query: the questions users ask (see README).
PARAMETERS: dict[str, dict[str, str]] = {
    "agencies": {},
    "assignments": {},
    "assignments-involving": {"agency": "nhn"},
    "budget": {},
    "collaborators": {"agency": "nhn"},
    "deadlines": {"from": "2023-06-01", "to": "2023-06-30"},
    "dependencies": {"assignment": "TB2023-15"},
    "goals": {},
    "legal-basis": {"assignment": "TB2023-14"},
    "owners": {},
    "solutions": {"solution": "kjernejournal"},
}


def scaled_files(scale: int, workdir: Path) -> list[tuple[Path, str]]:
    """The shipped files, with the letter cloned ``scale`` times into graphs of their own."""
    from tbgraph.dataset.loader import default_sources

    files: list[tuple[Path, str]] = []
    for source in default_sources():
        if "/graph/letter/" not in source.graph:
            files.append((source.path, source.graph))
            continue
        text = source.path.read_text(encoding="utf-8")
        for copy in range(scale):
            if copy == 0:
                files.append((source.path, source.graph))
                continue
            key = f"ehelse{copy}"
            clone = text.replace("assignment/ehelse/", f"assignment/{key}/").replace("letter/ehelse/", f"letter/{key}/")
            path = workdir / f"{source.path.stem}-{copy}.ttl"
            path.write_text(clone, encoding="utf-8")
            files.append((path, source.graph.replace("/ehelse/", f"/{key}/")))
    return files


def run_engine(engine: str, scale: int, repeat: int, workdir: Path) -> dict[str, object]:
    """Measure one engine at one scale (runs inside the child process)."""
    import rdflib

    from tbgraph.questions.named import bind_parameters, get_query
    from tbgraph.store.base import OxigraphStore, RdflibStore

    files = scaled_files(scale, workdir)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if engine == "oxigraph":
        store = OxigraphStore()
        for path, graph in files:
            store.load(path, "text/turtle", graph)
        resolver_store = store
    else:
        if engine == "rdflib":
            dataset = rdflib.Dataset(default_union=True)
        else:
            import oxrdflib  # noqa: F401  (registers the "Oxigraph" store plugin)

            dataset = rdflib.Dataset(store="Oxigraph", default_union=True)
        for path, graph in files:
            dataset.graph(rdflib.URIRef(graph)).parse(str(path), format="turtle")
        resolver_store = RdflibStore()
        resolver_store._dataset = dataset  # reuse the loaded data for parameter resolution
    load_seconds = time.perf_counter() - started
    triples = len(resolver_store)
    timings: dict[str, float] = {}
    rows: dict[str, int] = {}
    for name, values in PARAMETERS.items():
        query = get_query(name)
        bindings = bind_parameters(resolver_store, query, values)
        if engine == "oxigraph":

            def execute(text: str = query.text, bound: dict = bindings) -> int:  # type: ignore[type-arg]
                return len(store.query(text, bindings=bound).rows)  # type: ignore[union-attr]
        elif engine == "oxrdflib-str":
            if bindings:
                timings[name] = float("nan")
                rows[name] = -1
                continue

            def execute(text: str = query.text) -> int:
                return len(list(dataset.query(text)))
        else:
            init = {rdflib.Variable(k): v for k, v in bindings.items()}

            def execute(text: str = query.text, bound: dict = init) -> int:  # type: ignore[type-arg]
                return len(list(dataset.query(text, initBindings=bound)))

        rows[name] = execute()  # warm-up
        samples: list[float] = []
        budget_end = time.perf_counter() + BUDGET_SECONDS
        while len(samples) < repeat and (len(samples) < 3 or time.perf_counter() < budget_end):
            t0 = time.perf_counter()
            execute()
            samples.append(time.perf_counter() - t0)
        timings[name] = statistics.median(samples) * 1000
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "engine": engine,
        "scale": scale,
        "triples": triples,
        "load_s": load_seconds,
        "rss_mb": (rss_after - rss_before) / 1024,
        "ms": timings,
        "rows": rows,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,10,100", help="comma-separated letter counts (default 1,10,100)")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per query (default 30)")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument(
        "--rdflib-max-scale",
        type=int,
        default=1,
        help="skip the rdflib-engine runs above this many letters "
        "(default 1: at 10 letters one run of one query takes minutes)",
    )
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "SCALE", "REPEAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    workdir = ROOT / "benchmarks" / "results" / "store-engines"
    workdir.mkdir(parents=True, exist_ok=True)
    if args.child:
        engine, scale, repeat = args.child
        print(json.dumps(run_engine(engine, int(scale), int(repeat), workdir)))
        return 0

    from rich.console import Console
    from rich.table import Table

    console = Console(width=170)
    results: list[dict[str, object]] = []
    for scale in (int(s) for s in args.scales.split(",")):
        for engine in args.engines.split(","):
            if engine == "rdflib" and scale > args.rdflib_max_scale:
                continue
            console.print(f"[dim]measuring {engine} at {scale} letter(s)…[/]")
            out = subprocess.run(
                [sys.executable, __file__, "--child", engine, str(scale), str(args.repeat)],
                check=True,
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONHASHSEED": "0"},
            )
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))

    for scale in sorted({int(r["scale"]) for r in results}):  # type: ignore[call-overload]
        at_scale = [r for r in results if r["scale"] == scale]
        reference = next((r for r in at_scale if r["engine"] == "rdflib"), at_scale[0])
        table = Table(
            title=f"{scale} letter(s), {reference['triples']:,} triples: median ms per query "
            f"(× = {reference['engine']} time / engine time)",
            title_justify="left",
        )
        table.add_column("measure")
        for r in at_scale:
            table.add_column(str(r["engine"]), justify="right")
        table.add_row("load (s)", *(f"{r['load_s']:.2f}" for r in at_scale))
        table.add_row("memory (MB, max RSS growth)", *(f"{r['rss_mb']:.0f}" for r in at_scale))
        for name in PARAMETERS:
            base = reference["ms"][name]  # type: ignore[index]
            cells = []
            for r in at_scale:
                ms = r["ms"][name]  # type: ignore[index]
                if ms != ms:  # NaN: needs bindings this engine path cannot take
                    cells.append("n/a (needs bindings)")
                else:
                    cells.append(f"{ms:.2f}  ({base / ms:.0f}×)")
            table.add_row(f"{name} [{reference['rows'][name]} rows]", *cells)  # type: ignore[index]
        console.print(table)
        mismatched = [
            (name, r["engine"])
            for r in at_scale
            for name in PARAMETERS
            if r["rows"][name] not in (-1, reference["rows"][name])  # type: ignore[index]
        ]
        if mismatched:
            console.print(f"[red]row counts differ from rdflib: {mismatched}[/]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
