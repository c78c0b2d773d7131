"""In-process Oxigraph against an Oxigraph SPARQL server over HTTP: load time and every competency query.

Run:  .venv/bin/python benchmarks/remote_store.py [--scales 1,20] [--repeat 50]

Starts ``oxigraph serve`` (the PyPI package ``oxigraph``, installed with the test extra) on a free
loopback port with a temporary folder, then for each scale

* loads the data into a fresh in-process ``OxigraphStore`` and, through ``load_dataset`` over the
  Graph Store Protocol, into the server (``RemoteStore``): load time of each;
* runs every named competency query with its parameters bound (the same bindings on both),
  ``--repeat`` times after one warm-up, and reports p50 and p95 per query and the ratio of the
  remote p50 to the in-process p50;
* checks that both answer the same records (GROUP_CONCAT values and rows that ORDER BY ranks equal
  compared as sets, since SPARQL leaves their order to the engine).

Scale N is the shipped letter cloned N times under other recipient keys (as in
``benchmarks/store_engines.py``). Then, with ``--virtuoso-letters N`` (default 100, 0 skips it),
a second engine: ``tbgraph synthesize`` writes N synthetic letters, and the in-process store, an
Oxigraph server (Graph Store Protocol) and Virtuoso Open Source 7 (Debian's
``virtuoso-opensource``, started by ``tests/virtuoso_server.py``, loaded with its own bulk loader
and asked read-only at its ``/sparql``) are loaded and asked the same questions, ``--virtuoso-repeat``
times each; "same" says whether the server's records are the in-process ones.

The tables are printed and written to ``benchmarks/results/remote-store.txt`` (figures in
``remote-store.json``). Every side shares the machine's cores with the server processes, so
compare ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests"))  # tests/virtuoso_server.py starts Virtuoso

from store_engines import PARAMETERS, scaled_files  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_oxigraph(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    binary = Path(sys.executable).parent / "oxigraph"
    port = free_port()
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}", "--timeout-s", "60"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.post(url + "/query", data={"query": "ASK {}"})
            return process, url
        except httpx.HTTPError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("oxigraph serve did not start")


def normalised(text: str, result: Any) -> list[str]:
    from tbgraph.questions.named import term_to_json

    concatenated = set(re.findall(r"GROUP_CONCAT\([^)]*\)\s+AS\s+\?(\w+)", text, flags=re.IGNORECASE))
    rows = []
    for row in result.rows:
        record = {k: term_to_json(row.get(k)) for k in result.variables}
        for name in concatenated & record.keys():
            if isinstance(record[name], str):
                record[name] = sorted(record[name].split(", "))
        rows.append(repr(sorted(record.items())))
    return sorted(rows)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_query(store: Any, text: str, bindings: dict[str, Any], repeat: int) -> list[float]:
    store.query(text, bindings=bindings)  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        store.query(text, bindings=bindings)
        times.append(time.perf_counter() - started)
    return times


def run_scale(scale: int, url: str, repeat: int, workdir: Path) -> dict[str, Any]:
    from tbgraph.dataset.loader import SourceFile, load_dataset
    from tbgraph.questions.named import bind_parameters, get_query
    from tbgraph.store.base import OxigraphStore
    from tbgraph.store.remote import RemoteStore

    workdir.mkdir(parents=True, exist_ok=True)
    sources = [SourceFile(path, graph) for path, graph in scaled_files(scale, workdir)]
    local = OxigraphStore()
    started = time.perf_counter()
    load_dataset(local, sources)
    local_load = time.perf_counter() - started

    remote = RemoteStore(url)
    for graph in remote.graphs():
        remote.remove_graph(graph)
    started = time.perf_counter()
    load_dataset(remote, sources)
    remote_load = time.perf_counter() - started
    triples = len(local)
    assert len(remote) == triples, (len(remote), triples)

    queries: dict[str, Any] = {}
    for name, values in PARAMETERS.items():
        query = get_query(name)
        bindings = bind_parameters(local, query, values)
        same = normalised(query.text, local.query(query.text, bindings=bindings)) == normalised(
            query.text, remote.query(query.text, bindings=bindings)
        )
        local_times = time_query(local, query.text, bindings, repeat)
        remote_times = time_query(remote, query.text, bindings, repeat)
        queries[name] = {
            "same_records": same,
            "rows": len(local.query(query.text, bindings=bindings).rows),  # type: ignore[union-attr]
            "in_process_p50_ms": statistics.median(local_times) * 1000,
            "in_process_p95_ms": percentile(local_times, 0.95) * 1000,
            "remote_p50_ms": statistics.median(remote_times) * 1000,
            "remote_p95_ms": percentile(remote_times, 0.95) * 1000,
        }
    remote.close()
    return {
        "scale": scale,
        "triples": triples,
        "graphs": len({s.graph for s in sources}) + 1,
        "load_in_process_s": local_load,
        "load_remote_gsp_s": remote_load,
        "queries": queries,
    }


def table(results: list[dict[str, Any]], repeat: int) -> str:
    lines = [
        "In-process Oxigraph (pyoxigraph) vs an Oxigraph server over HTTP (tbgraph.store.remote.RemoteStore)",
        f"{repeat} runs per query after a warm-up; ratio = remote p50 / in-process p50",
        "",
    ]
    for result in results:
        lines.append(
            f"scale {result['scale']}: {result['triples']:,} triples in {result['graphs']} graphs; load "
            f"in-process {result['load_in_process_s'] * 1000:.0f} ms, into the server via GSP "
            f"{result['load_remote_gsp_s'] * 1000:.0f} ms "
            f"({result['load_remote_gsp_s'] / result['load_in_process_s']:.1f}x)"
        )
        lines.append(
            f"  {'query':24} {'rows':>5} {'in-proc p50':>11} {'p95':>8} {'remote p50':>11} {'p95':>8} "
            f"{'ratio':>6}  same answers"
        )
        for name, q in result["queries"].items():
            lines.append(
                f"  {name:24} {q['rows']:>5} {q['in_process_p50_ms']:>9.2f}ms {q['in_process_p95_ms']:>6.2f}ms "
                f"{q['remote_p50_ms']:>9.2f}ms {q['remote_p95_ms']:>6.2f}ms "
                f"{q['remote_p50_ms'] / q['in_process_p50_ms']:>5.1f}x  {'yes' if q['same_records'] else 'NO'}"
            )
        ratios = [q["remote_p50_ms"] / q["in_process_p50_ms"] for q in result["queries"].values()]
        extra = [q["remote_p50_ms"] - q["in_process_p50_ms"] for q in result["queries"].values()]
        lines.append(
            f"  median ratio {statistics.median(ratios):.1f}x, median added time "
            f"{statistics.median(extra):.2f} ms per query"
        )
        lines.append("")
    return "\n".join(lines)


def run_engines(letters: int, repeat: int, workdir: Path, oxigraph_url: str) -> dict[str, Any]:
    """The synthetic letters in-process, in an Oxigraph server and in Virtuoso: load times and every question."""
    from tbgraph.dataset.loader import META_GRAPH, data_version, default_sources, load_dataset
    from tbgraph.dataset.opening import meta_ntriples
    from tbgraph.questions.named import bind_parameters, get_query
    from tbgraph.store.base import OxigraphStore
    from tbgraph.store.remote import RemoteStore
    from virtuoso_server import VirtuosoServer, virtuoso_missing

    if (missing := virtuoso_missing()) is not None:
        raise SystemExit(f"no Virtuoso row: {missing}")
    root = workdir / f"synthetic-{letters}"
    subprocess.run(
        [sys.executable, "-m", "tbgraph.cli", "synthesize", "--letters", str(letters), str(root)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    sources = default_sources(root=root)
    local = OxigraphStore()
    started = time.perf_counter()
    load_dataset(local, sources)
    loads = {"in-process": time.perf_counter() - started}

    oxigraph = RemoteStore(oxigraph_url)
    for graph in oxigraph.graphs():
        oxigraph.remove_graph(graph)
    started = time.perf_counter()
    load_dataset(oxigraph, sources)
    loads["oxigraph"] = time.perf_counter() - started

    meta = workdir / "meta.nt"
    meta.write_text(meta_ntriples(data_version(sources)), encoding="utf-8")
    server = VirtuosoServer(workdir / "virtuoso", dirs={s.path.resolve().parent for s in sources} | {workdir})
    server.start()
    try:
        started = time.perf_counter()
        server.bulk_load([(s.path, s.graph) for s in sources] + [(meta, META_GRAPH)])
        loads["virtuoso"] = time.perf_counter() - started
        virtuoso = RemoteStore(server.url, query_endpoint=server.url, union_parameter=False, read_only=True)
        stores = {"in-process": local, "oxigraph": oxigraph, "virtuoso": virtuoso}
        queries: dict[str, Any] = {}
        for name, values in PARAMETERS.items():
            query = get_query(name)
            bindings = bind_parameters(local, query, values)
            expected = normalised(query.text, local.query(query.text, bindings=bindings))
            figures: dict[str, Any] = {"rows": len(expected)}
            for engine, store in stores.items():
                try:
                    same = (
                        engine == "in-process"
                        or normalised(query.text, store.query(query.text, bindings=bindings)) == expected
                    )
                    times = time_query(store, query.text, bindings, repeat)
                except Exception as error:  # noqa: BLE001 - a server's failure is a figure of the run
                    figures[engine] = {"error": str(error)[:200]}
                    continue
                figures[engine] = {
                    "same_records": same,
                    "p50_ms": statistics.median(times) * 1000,
                    "p95_ms": percentile(times, 0.95) * 1000,
                }
            queries[name] = figures
        virtuoso.close()
    finally:
        server.stop()
    oxigraph.close()
    return {"letters": letters, "triples": len(local), "loads_s": loads, "queries": queries}


def engines_table(result: dict[str, Any], repeat: int) -> str:
    loads = result["loads_s"]
    lines = [
        f"{result['letters']} synthetic letters ({result['triples']:,} triples): in-process Oxigraph, an Oxigraph "
        "server, Virtuoso 7.2 (read-only /sparql)",
        f"load: in-process {loads['in-process']:.1f} s, Oxigraph server via GSP {loads['oxigraph']:.1f} s, "
        f"Virtuoso bulk loader {loads['virtuoso']:.1f} s",
        f"{repeat} runs per question after a warm-up, p50 / p95 in ms; same = the in-process records",
        f"  {'question':24} {'rows':>5} {'in-process':>15} {'Oxigraph server':>17} {'same':>4} "
        f"{'Virtuoso':>17} {'same':>4}",
    ]
    for name, q in result["queries"].items():
        cells = [f"  {name:24} {q['rows']:>5}"]
        for engine, width in (("in-process", 15), ("oxigraph", 17), ("virtuoso", 17)):
            figures = q[engine]
            if "error" in figures:
                cells.append(f"{'error':>{width}}" + ("" if engine == "in-process" else f" {'-':>4}"))
                continue
            cells.append(f"{figures['p50_ms']:>{width - 8}.1f} / {figures['p95_ms']:>5.1f}")
            if engine != "in-process":
                cells.append(f"{'yes' if figures['same_records'] else 'NO':>4}")
        lines.append(" ".join(cells))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,20", help="letter copies to measure at (default: 1,20)")
    parser.add_argument("--repeat", type=int, default=50, help="timed runs per query (default: 50)")
    parser.add_argument(
        "--virtuoso-letters",
        type=int,
        default=100,
        help="synthetic letters for the Virtuoso row (default: 100; 0: none)",
    )
    parser.add_argument("--virtuoso-repeat", type=int, default=10, help="timed runs per question there (default: 10)")
    args = parser.parse_args()
    engines: dict[str, Any] | None = None
    with tempfile.TemporaryDirectory(prefix="tbgraph-remote-bench-") as tmp:
        workdir = Path(tmp)
        process, url = start_oxigraph(workdir / "oxigraph")
        try:
            scales = [s for s in args.scales.split(",") if s.strip() and int(s) > 0]
            results = [run_scale(int(s), url, args.repeat, workdir / f"scale-{s}") for s in scales]
            if args.virtuoso_letters > 0:
                engines = run_engines(args.virtuoso_letters, args.virtuoso_repeat, workdir / "engines", url)
        finally:
            process.terminate()
            process.wait(timeout=10)
    parts = [table(results, args.repeat)] if results else []
    if engines is not None:
        parts.append(engines_table(engines, args.virtuoso_repeat))
    text = "\n".join(parts)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "remote-store.txt").write_text(text + "\n", encoding="utf-8")
    figures = {"scales": results, "engines": engines}
    (RESULTS / "remote-store.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
