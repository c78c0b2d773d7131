"""What one /sparql answer costs, step by step: the measurements that chose how tbgraph serves.

Run:  .venv/bin/python benchmarks/sparql_execution.py [--repeat 200]

For each competency query (required parameters bound with a trailing VALUES clause, as in
benchmarks/http_throughput.py), in microseconds per answer, medians of --repeat runs:

  native      Oxigraph runs the query and writes SPARQL JSON itself (QuerySolutions.serialize):
              the fastest possible, but it cannot cut the answer at a row limit
  capped      what a query worker does: run, read at most max_rows+1 rows, write SPARQL JSON
              (tbgraph.sandbox.worker.run_job), so a cut answer is still a valid document
  capped-xml  the same, written as SPARQL XML (through Oxigraph's writer)
  rdflib      SelectResult.serialize: rows converted to rdflib terms and back (tbgraph.store.base)
  pool        a round trip through the query worker pool (QueryExecutor.run): pipe, pickling,
              another process
  cache       looking the answer up in the answer cache (AnswerCache.get)
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def timed(function: Callable[[], object], repeat: int) -> float:
    function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e6


async def pool_times(spec: object, jobs: dict[str, object], repeat: int) -> dict[str, float]:
    from tbgraph.sandbox.pool import QueryExecutor

    executor = QueryExecutor(spec, size=1, timeout=30)  # type: ignore[arg-type]
    await executor.start()
    out = {}
    try:
        for name, job in jobs.items():
            await executor.run(job)  # type: ignore[arg-type]
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                await executor.run(job)  # type: ignore[arg-type]
                samples.append(time.perf_counter() - started)
            out[name] = statistics.median(samples) * 1e6
    finally:
        await executor.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    import pyoxigraph as ox
    from http_throughput import competency_queries

    from tbgraph.api.middleware.cache import AnswerCache, CachedAnswer
    from tbgraph.dataset.loader import default_sources
    from tbgraph.sandbox.worker import Job, WorkerSpec, open_worker_store, run_job
    from tbgraph.store.base import SelectResult
    from tbgraph.store.engines import open_store

    sources = tuple((str(s.path), s.media_type, s.graph) for s in default_sources())
    spec = WorkerSpec(sources=sources, max_rows=10_000, isolate_network=False)
    store = open_worker_store(spec)
    rdflib_side = open_store("oxigraph")
    for path, media_type, graph in sources:
        rdflib_side.load(Path(path), media_type, graph)
    queries = competency_queries()
    json_type = "application/sparql-results+json"
    jobs = {name: Job(text, json_type) for name, text in queries.items()}
    cache = AnswerCache(64 * 1024 * 1024)
    for job in jobs.values():
        reply = run_job(store, job, spec)
        cache.put(("v", job.query, None, None, json_type), CachedAnswer(reply.body, json_type, False, reply.count))

    with tempfile.TemporaryDirectory():
        pooled = asyncio.run(pool_times(spec, jobs, args.repeat))

    header = (
        f"{'query':24} {'rows':>5} {'native':>8} {'capped':>8} {'capped-xml':>10} {'rdflib':>8} "
        f"{'pool':>8} {'cache':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, text in queries.items():
        job = jobs[name]
        rows = run_job(store, job, spec).count
        native = timed(
            lambda text=text: store.query(text, use_default_graph_as_union=True).serialize(
                format=ox.QueryResultsFormat.JSON
            ),
            args.repeat,
        )
        capped = timed(lambda job=job: run_job(store, job, spec), args.repeat)
        xml_job = Job(text, "application/sparql-results+xml")
        capped_xml = timed(lambda xml_job=xml_job: run_job(store, xml_job, spec), args.repeat)

        def via_rdflib(text: str = text) -> bytes:
            result = rdflib_side.query(text)
            assert isinstance(result, SelectResult)
            return result.serialize(json_type)

        rdflib_time = timed(via_rdflib, max(10, args.repeat // 10))
        key = ("v", text, None, None, json_type)
        cached = timed(lambda key=key: cache.get(key), args.repeat)
        print(
            f"{name:24} {rows:5d} {native:8.0f} {capped:8.0f} {capped_xml:10.0f} {rdflib_time:8.0f} "
            f"{pooled[name]:8.0f} {cached:7.1f}"
        )
    print("\nmicroseconds per answer (median); pool includes the query and its serialisation")


if __name__ == "__main__":
    main()
