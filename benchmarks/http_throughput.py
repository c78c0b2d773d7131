"""HTTP throughput of the competency queries: tbgraph beside rdflib-endpoint and FastAPI's ceiling.

Run:  .venv/bin/python benchmarks/http_throughput.py [--duration 5] [--connections 16] [--quick]
      (needs the bench extra: pip install -e '.[bench]'; uses wrk when installed, else httpx)

Starts, on 127.0.0.1 and free ports, all in the same run:
  tbgraph          `tbgraph serve` with 1 HTTP worker process (and its 2 query worker processes),
                   answer cache on (the default)
  tbgraph-nocache  the same with TBGRAPH_RESULT_CACHE_BYTES=0: every request runs its query in a
                   query worker process (the cost of an answer not yet cached)
  rdflib-endpoint  rdflib-endpoint (PyPI) serving the same files in an rdflib Dataset (union default
                   graph), 1 uvicorn worker
  ceiling          a FastAPI app with one route returning a constant JSON object, 1 uvicorn worker:
                   the framework's ceiling on this machine

Each competency query (the named .rq files; required parameters bound with a VALUES clause to the
example value, e.g. agency nhn, identical text for every server) is sent as GET /sparql?query=…
with Accept: application/sparql-results+json by `--connections` concurrent clients for
`--duration` seconds, after a warm-up. /api/assignments?agency=nhn is measured on tbgraph only.
Prints one table: requests/s, p50 and p99 latency, and ratios to rdflib-endpoint and to the
ceiling. Loopback only; every run is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

EXAMPLES = {"agency": "nhn", "assignment": "TB2023-15", "solution": "kjernejournal", "role": "owner"}
ACCEPT = "application/sparql-results+json"


# -- servers ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_rdflib(port: int) -> None:
    """(subprocess) rdflib-endpoint over the same files as tbgraph."""
    import rdflib
    import uvicorn
    from rdflib_endpoint import SparqlEndpoint

    from tbgraph.dataset.loader import default_sources

    dataset = rdflib.Dataset(default_union=True)
    for source in default_sources():
        dataset.graph(rdflib.URIRef(source.graph)).parse(source.path, format="turtle")
    app = SparqlEndpoint(graph=dataset, path="/sparql", cors_enabled=True)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def serve_constant(port: int) -> None:
    """(subprocess) FastAPI's ceiling: one route, a constant JSON object."""
    import uvicorn
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/constant")
    async def constant() -> dict[str, object]:
        return {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}}

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def start(kind: str, port: int, extra_env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, **(extra_env or {})}
    if kind == "tbgraph":
        command = [
            sys.executable,
            "-m",
            "tbgraph.cli.main",
            "serve",
            "--port",
            str(port),
            "--workers",
            "1",
            "--log-level",
            "warning",
        ]
    else:
        command = [sys.executable, __file__, f"--serve-{kind}", str(port)]
    env["PYTHONPATH"] = str(ROOT / "src")
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(url: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server for {url} exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up within {seconds:.0f} s")


# -- workloads --------------------------------------------------------------------------------


def competency_queries() -> dict[str, str]:
    """Each named query's text, required parameters bound with a trailing VALUES clause.

    The same text goes to every server. A trailing VALUES (after the solution modifiers) is what
    rdflib evaluates best: bound at the top of WHERE, rdflib took 193 s for assignments-involving,
    against 1.2 s this way (0.3 s with rdflib's own initBindings, which the protocol cannot carry).
    """
    from tbgraph.dataset.opening import open_dataset
    from tbgraph.questions.named import named_queries
    from tbgraph.questions.resolve import resolve

    store = open_dataset().store
    out = {}
    for name, query in named_queries().items():
        text = query.text
        for parameter in query.parameters:
            if parameter.required:
                iri = resolve(store, parameter.kind, EXAMPLES[parameter.kind]).iri
                text += f"VALUES ?{parameter.variable} {{ <{iri}> }}\n"
        out[name] = text
    return out


# -- load generators --------------------------------------------------------------------------


def run_wrk(url: str, duration: float, connections: int, threads: int) -> dict[str, float]:
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration:g}s",
            "--timeout",
            "120s",
            "--latency",
            "-H",
            f"Accept: {ACCEPT}",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=duration + 180,
        check=True,
    ).stdout

    def millis(label: str) -> float:
        match = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not match:
            return float("nan")
        value, unit = float(match[1]), match[2]
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])  # type: ignore[index]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rate,
        "p50": millis("50%"),
        "p99": millis("99%"),
        "errors": float(errors[1]) if errors else 0.0,
    }


async def _httpx_load(url: str, duration: float, connections: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + duration
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, headers={"Accept": ACCEPT}, timeout=30) as client:

        async def one() -> None:
            nonlocal errors
            while time.monotonic() < stop:
                started = time.perf_counter()
                response = await client.get(url)
                latencies.append((time.perf_counter() - started) * 1000)
                errors += response.status_code >= 400

        started = time.monotonic()
        await asyncio.gather(*(one() for _ in range(connections)))
        elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "errors": float(errors),
    }


def sequential(url: str, seconds: float, first: float) -> dict[str, float]:
    """For a server that takes long per request: one request after another (it is GIL-bound, so
    concurrent clients would only queue), at least 3 and for about ``seconds``."""
    latencies = [first]
    started = time.monotonic()
    while len(latencies) < 3 or time.monotonic() - started < seconds:
        t = time.perf_counter()
        httpx.get(url, headers={"Accept": ACCEPT}, timeout=600)
        latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()
    return {
        "rps": 1000 / statistics.mean(latencies),
        "p50": statistics.median(latencies),
        "p99": latencies[-1],
        "errors": 0.0,
        "sequential": 1.0,
    }


def measure(url: str, args: argparse.Namespace) -> dict[str, float]:
    started = time.perf_counter()
    response = httpx.get(url, headers={"Accept": ACCEPT}, timeout=600)  # warm-up, and a correctness check
    first = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url[:120]} answered {response.status_code}: {response.text[:300]}")
    if first > args.duration * 1000 / 10:
        return sequential(url, args.duration, first)
    if shutil.which("wrk") and not args.httpx:
        result = run_wrk(url, args.duration, args.connections, args.threads)
    else:
        result = asyncio.run(_httpx_load(url, args.duration, args.connections))
    # A slow server still works through the requests the clients left queued: let it finish.
    httpx.get(url, headers={"Accept": ACCEPT}, timeout=600)
    return result


# -- main -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measurement (default 5)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument(
        "--threads", type=int, default=1, help="wrk threads (default 1: leave the cores to the servers)"
    )
    parser.add_argument("--httpx", action="store_true", help="use the httpx client even if wrk is installed")
    parser.add_argument("--quick", action="store_true", help="3 queries only, 2 s each")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--serve-rdflib", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--serve-constant", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_rdflib:
        serve_rdflib(args.serve_rdflib)
        return
    if args.serve_constant:
        serve_constant(args.serve_constant)
        return
    if args.quick:
        args.duration = 2.0

    queries = competency_queries()
    if args.quick:
        queries = {k: queries[k] for k in ("assignments", "assignments-involving", "budget")}
    ports = {name: free_port() for name in ("tbgraph", "tbgraph-nocache", "rdflib-endpoint", "ceiling")}
    processes = {
        "tbgraph": start("tbgraph", ports["tbgraph"]),
        "tbgraph-nocache": start("tbgraph", ports["tbgraph-nocache"], {"TBGRAPH_RESULT_CACHE_BYTES": "0"}),
        "rdflib-endpoint": start("rdflib", ports["rdflib-endpoint"]),
        "ceiling": start("constant", ports["ceiling"]),
    }
    base = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    results: dict[str, dict[str, dict[str, float]]] = {}
    try:
        wait_ready(base["tbgraph"] + "/health", processes["tbgraph"])
        wait_ready(base["tbgraph-nocache"] + "/health", processes["tbgraph-nocache"])
        wait_ready(base["rdflib-endpoint"] + "/sparql", processes["rdflib-endpoint"])
        wait_ready(base["ceiling"] + "/constant", processes["ceiling"])
        print(
            f"load: {'wrk' if shutil.which('wrk') and not args.httpx else 'httpx'}, "
            f"{args.connections} connections, {args.duration:g} s per row, {os.cpu_count()} cores",
            file=sys.stderr,
        )
        results["ceiling"] = {"constant JSON": measure(base["ceiling"] + "/constant", args)}
        for server in ("tbgraph", "tbgraph-nocache", "rdflib-endpoint"):
            results[server] = {}
            for name, text in queries.items():
                print(f"  {server:16} {name}", file=sys.stderr)
                results[server][name] = measure(f"{base[server]}/sparql?query={quote(text)}", args)
        for server in ("tbgraph", "tbgraph-nocache"):
            results[server]["/api/assignments?agency=nhn"] = measure(base[server] + "/api/assignments?agency=nhn", args)
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

    ceiling = results["ceiling"]["constant JSON"]["rps"]
    header = (
        f"{'workload':30} {'server':16} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'× rdflib':>9} {'of ceiling':>10}"
    )
    print(header)
    print("-" * len(header))
    c = results["ceiling"]["constant JSON"]
    print(f"{'constant JSON':30} {'ceiling':16} {c['rps']:9.0f} {c['p50']:8.2f} {c['p99']:8.2f} {'':>9} {'100%':>10}")
    for name in [*queries, "/api/assignments?agency=nhn"]:
        reference = results["rdflib-endpoint"].get(name)
        for server in ("tbgraph", "tbgraph-nocache", "rdflib-endpoint"):
            r = results[server].get(name)
            if r is None:
                continue
            ratio = f"{r['rps'] / reference['rps']:8.1f}×" if reference and server != "rdflib-endpoint" else ""
            digits = 0 if r["rps"] >= 100 else 1
            flag = (" !" if r["errors"] else "") + (" (sequential)" if r.get("sequential") else "")
            print(
                f"{name:30} {server:16} {r['rps']:9.{digits}f} {r['p50']:8.2f} {r['p99']:8.2f} {ratio:>9} "
                f"{r['rps'] / ceiling:9.0%}{flag}"
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
