"""Growth: what tbgraph holds at 1, 10, 100 and 1,000 allocation letters, measured the same way each time.

Run:  .venv/bin/python benchmarks/growth.py [--scales 1,10,100,1000] [--repeat 15] [--duration 10]
                                           [--connections 16] [--skip-http] [--markdown FILE]

An analyst who loads twenty years of letters for every agency has a thousand times more data than
the one letter the project ships. This benchmark makes that data (tbgraph.growth.letters: letters with
the real letter's shape, about 3,000 triples each; cached under benchmarks/results/growth/) and, at
each scale, measures in fresh subprocesses (so peak memory, max RSS, is each step's own):

  load          Turtle into Oxigraph through tbgraph.dataset.opening.open_dataset, as the server loads: in
                memory (`tbgraph serve`), and into a persistent RocksDB folder (`tbgraph serve
                --store`); for comparison, the same files with pyoxigraph's bulk_load file by file
  reopen        open_dataset on the already-loaded folder, up to the first answer (an ASK), with
                the parts it spends its time on (hashing the files, counting the triples)
  validate      pySHACL (tbgraph.validation.shacl.validate) on the reference data and the letters: all of
                them up to --validate-all letters, otherwise an even sample of --validate-sample
                letters (whole-dataset validation with pySHACL grows with the data: about 2-3 s a
                letter here, so an hour at 1,000); the table says what was validated
  queries       every named competency query (src/tbgraph/sparql/*.rq), parameters bound as
                tbgraph binds them (written in as constants) and resolved beforehand, the answer
                serialised as SPARQL JSON by pyoxigraph (what the server sends): p50 and p95 of
                --repeat runs after a warm-up, in memory and on the persistent store; plus the p50
                of tbgraph.questions.named.run_named (resolving the parameters, rdflib terms), the
                path the CLI takes. Each also scoped to one letter (tbgraph.questions.scope: the letter's
                graph with the reference data and ontology as the default graph, what --recipient
                and --year do), in memory and on the persistent store. In memory also the
                questions about one resource with it bound in a VALUES block instead, and the
                floors (benchmarks/floors/*.rq): the least work the slowest whole-store
                questions cannot avoid (reading every assignment's title; visiting every
                involvement), timed the same way
  http          `tbgraph serve --store` on a free loopback port: start-up time, then --connections
                asyncio httpx clients for --duration seconds over a mix of /sparql competency
                queries (parameter values written in) and /api routes, with the answer cache on
                (the default) and off; req/s, p50/p99 latency, errors, memory of the server's
                process tree. With the cache on, also the same questions paged the way a client
                reads a long list (100 rows a page: LIMIT/OFFSET on /sparql, limit/offset on
                /api) and the questions about one actor, assignment or solution. With the cache
                off, also every question about one letter (default-graph-uri on /sparql,
                recipient and year on /api/ask). Also the
                start-up of the whole server on 1 letter, in memory (median of five): validating
                (the first start), with the verdict remembered from an earlier start, and without
                validation; and the restart on the persistent store (median of five).

One table is printed (rich): a column per scale, the growth per tenfold data (the geometric mean
over the scales measured: x10 data -> xF cost), and each target met or missed. Figures are also
written to benchmarks/results/growth.json (merged by scale, so one scale can be rerun alone).
The machine is assumed shared: compare within one run, as ratios, and repeat.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
RESULTS = ROOT / "benchmarks" / "results" / "growth"
JSON_OUT = ROOT / "benchmarks" / "results" / "growth.json"

#: Parameters of the named queries, as a user types them (resolved by tbgraph.questions.resolve). legal-basis
#: asks of TB2023-15: in the synthetic letters it rests on legal sources, their TB2023-14 on none.
TYPED = {
    "assignments-involving": {"agency": "nhn"},
    "collaborators": {"agency": "nhn"},
    "deadlines": {"from": "2023-06-01", "to": "2023-06-30"},
    "dependencies": {"assignment": "TB2023-15"},
    "legal-basis": {"assignment": "TB2023-15"},
    "solutions": {"solution": "kjernejournal"},
}
#: The same, bound to one resource each (an assignment ID names one assignment per recipient, so the
#: resolver's pick among them is arbitrary; the timings use the first recipient's).
ID = "https://w3id.org/tbgraph/id/"
BOUND = {
    "assignments-involving": {"agency_iri": ID + "org/nhn"},
    "collaborators": {"agency_iri": ID + "org/nhn"},
    "dependencies": {"assignment": ID + "assignment/synetat001/TB2023-15"},
    "legal-basis": {"assignment": ID + "assignment/synetat001/TB2023-15"},
    "solutions": {"solution_iri": ID + "solution/kjernejournal"},
}
#: The letter the scoped figures ask about (--recipient/--year): present at every scale.
SCOPE = ("synetat001", "2023")
#: Queries that measure what the slowest questions cannot avoid (see each file's comment).
FLOORS = ROOT / "benchmarks" / "floors"
QUERY_BUDGET = 6.0  # seconds per query and store before stopping short of --repeat (at least 3 runs)


# =============================================================================================
# Children: each measures one thing in a fresh process and prints one JSON line
# =============================================================================================


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _sources(root: Path) -> list[Any]:
    from tbgraph.growth.letters import synthetic_sources

    return synthetic_sources(root)


def child_load_memory(args: argparse.Namespace) -> dict[str, Any]:
    """As the server loads: tbgraph.dataset.opening.open_dataset in memory (the files hashed for the data
    version, each loaded into its graph, the meta graph written)."""
    from tbgraph.dataset.opening import open_dataset

    sources = _sources(args.root)
    started = time.perf_counter()
    opened = open_dataset(sources=sources)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "triples": len(opened.store), "rss_mib": _rss_mib()}


def child_load_raw(args: argparse.Namespace) -> dict[str, Any]:
    """The same files with pyoxigraph alone (Store.load per file, no per-graph triple count)."""
    import pyoxigraph as ox

    sources = _sources(args.root)
    store = ox.Store()
    started = time.perf_counter()
    for source in sources:
        store.load(path=str(source.path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(source.graph))
    return {"seconds": time.perf_counter() - started, "triples": len(store), "rss_mib": _rss_mib()}


def child_load_persistent(args: argparse.Namespace) -> dict[str, Any]:
    from tbgraph.dataset.opening import open_dataset

    shutil.rmtree(args.store, ignore_errors=True)
    started = time.perf_counter()
    opened = open_dataset(store_path=args.store, sources=_sources(args.root))
    seconds = time.perf_counter() - started
    assert not opened.reused
    triples = opened.report.triples
    del opened
    return {"seconds": seconds, "triples": triples, "rss_mib": _rss_mib(), "disk_mib": _du(args.store)}


def child_load_persistent_answers(args: argparse.Namespace) -> dict[str, Any]:
    """A persistent load as ``tbgraph load --store`` and a first ``serve --store`` make it (a fresh
    folder), then every answer asked without parameters computed on that store and kept (what a
    load would add if it kept them; what a first start on it computes before serving)."""
    from tbgraph.dataset.opening import open_dataset
    from tbgraph.questions.kept import KeptAnswers

    shutil.rmtree(args.store, ignore_errors=True)
    started = time.perf_counter()
    opened = open_dataset(store_path=args.store, sources=_sources_with_supplements(args.root))
    seconds = time.perf_counter() - started
    assert not opened.reused
    kept = KeptAnswers(opened.report.data_version)
    kept.release()
    shutil.rmtree(kept.folder, ignore_errors=True)
    started = time.perf_counter()
    kept.compute(opened.store)
    answers = time.perf_counter() - started
    return {"seconds": seconds, "answers_seconds": answers, "triples": opened.report.triples, "rss_mib": _rss_mib()}


def child_load_bulk(args: argparse.Namespace) -> dict[str, Any]:
    """pyoxigraph's bulk_load, file by file, into a fresh folder: the persistent load before it became one bulk
    load of every file (tbgraph.store.base.OxigraphStore.load_files)."""
    import pyoxigraph as ox

    folder = args.store.with_name(args.store.name + "-bulk")
    shutil.rmtree(folder, ignore_errors=True)
    sources = _sources(args.root)
    started = time.perf_counter()
    store = ox.Store(str(folder))
    for source in sources:
        store.bulk_load(path=str(source.path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(source.graph))
    store.flush()
    seconds = time.perf_counter() - started
    del store
    disk = _du(folder)
    shutil.rmtree(folder, ignore_errors=True)
    return {"seconds": seconds, "rss_mib": _rss_mib(), "disk_mib": disk}


def child_reopen(args: argparse.Namespace) -> dict[str, Any]:
    from tbgraph.dataset.loader import data_version, stored_data_version
    from tbgraph.dataset.opening import open_dataset
    from tbgraph.store.base import OxigraphStore

    sources = _sources(args.root)
    started = time.perf_counter()
    opened = open_dataset(store_path=args.store, sources=sources)
    opened_at = time.perf_counter()
    answer = opened.store.query("ASK { ?letter a <https://w3id.org/tbgraph/ontology#AllocationLetter> }")
    first_answer = time.perf_counter() - started
    assert opened.reused and getattr(answer, "value", False), "the persistent store was not reused"
    del opened
    # where the time goes, measured again piece by piece (the files are in the page cache now)
    parts: dict[str, float] = {}
    t = time.perf_counter()
    version = data_version(sources)
    parts["hash files"] = time.perf_counter() - t
    t = time.perf_counter()
    store = OxigraphStore(args.store)
    parts["open RocksDB"] = time.perf_counter() - t
    t = time.perf_counter()
    assert stored_data_version(store) == version
    parts["read data version"] = time.perf_counter() - t
    t = time.perf_counter()
    store.graphs()
    parts["list graphs"] = time.perf_counter() - t
    return {"open": opened_at - started, "first_answer": first_answer, "parts": parts, "rss_mib": _rss_mib()}


def child_validate(args: argparse.Namespace) -> dict[str, Any]:
    import rdflib

    from tbgraph.dataset.loader import LETTER_GRAPH_PREFIX, REFERENCE_GRAPH
    from tbgraph.growth.letters import letter_sample
    from tbgraph.validation.provenance import check_provenance
    from tbgraph.validation.shacl import validate

    sources = _sources(args.root)
    letters = [s.path for s in sources if s.graph.startswith(LETTER_GRAPH_PREFIX)]
    sample = letters if len(letters) <= args.validate_all else letter_sample(letters, args.validate_sample)
    chosen = set(sample)
    graph = rdflib.Graph()
    for source in sources:
        if source.graph == REFERENCE_GRAPH or source.path in chosen:
            graph.parse(source.path, format="turtle")
    validate(graph.__class__())  # load shapes and ontology, parse the constraint queries: not timed
    started = time.perf_counter()
    report = validate(graph)
    seconds = time.perf_counter() - started
    provenance = check_provenance(graph, args.root)
    return {
        "seconds": seconds,
        "letters": len(sample),
        "of": len(letters),
        "triples": len(graph),
        "conforms": report.conforms,
        "violations": len(report.violations()),
        "warnings": len(report.warnings()),
        "provenance_problems": len(provenance),
        "sample": [p.stem for p in sample] if len(sample) < len(letters) else "all",
        "rss_mib": _rss_mib(),
    }


def child_queries(args: argparse.Namespace) -> dict[str, Any]:
    from rdflib.term import URIRef

    from tbgraph.dataset.loader import load_dataset
    from tbgraph.questions.named import bind_parameters, bound_text, named_queries, run_named
    from tbgraph.questions.resolve import resolve
    from tbgraph.store.base import OxigraphStore
    from tbgraph.store.query_text import bind_values

    if args.persistent:
        store = OxigraphStore(args.store, read_only=True)
    else:
        store = OxigraphStore()
        load_dataset(store, _sources(args.root))
    from tbgraph.questions.scope import letter_scope

    scope = letter_scope(store, SCOPE[0], SCOPE[1])
    assert scope is not None
    scope_graphs = scope.graphs()
    out: dict[str, Any] = {"queries": {}, "resolve": {}}
    for kind, value in (("agency", "nhn"), ("assignment", "TB2023-15"), ("solution", "kjernejournal")):
        times = []
        for _ in range(3):
            t = time.perf_counter()
            resolve(store, kind, value)
            times.append(time.perf_counter() - t)
        out["resolve"][kind] = statistics.median(times) * 1000
    for name, query in named_queries().items():
        bindings = bind_parameters(store, query, TYPED.get(name, {}))  # dates; IRIs replaced below
        for variable, iri in BOUND.get(name, {}).items():
            bindings[variable] = URIRef(iri)

        # As run_named sends it: the values written into the text where Oxigraph plans better so.
        text, bindings = bound_text(query, bindings)

        entry: dict[str, Any] = {}
        for prefix, graphs in (("", None), ("scoped_", scope_graphs)):
            entry |= {f"{prefix}{k}": v for k, v in _time_query(store, text, bindings, graphs, args.repeat).items()}
        if name in BOUND and not args.persistent:
            # What a client that binds the same resources with a VALUES block gets: no constant to
            # plan from.
            values = bind_values(query.text, {v: URIRef(iri) for v, iri in BOUND[name].items()})
            entry["values_p50"] = _time_query(store, values, {}, None, args.repeat)["p50"]
        named = []
        for _ in range(3 if entry["p50"] < 2000 or args.persistent else 1):
            t = time.perf_counter()
            run_named(store, name, TYPED.get(name, {}), scope)
            named.append((time.perf_counter() - t) * 1000)
        entry["scoped_run_named_p50"] = statistics.median(named)
        if not args.persistent:
            named = []
            for _ in range(3 if entry["p50"] < 2000 else 1):
                t = time.perf_counter()
                run_named(store, name, TYPED.get(name, {}))
                named.append((time.perf_counter() - t) * 1000)
            entry["run_named_p50"] = statistics.median(named)
        out["queries"][name] = entry
    if not args.persistent:
        out["floors"] = {
            path.stem: _time_query(store, path.read_text(encoding="utf-8"), {}, None, args.repeat)
            for path in sorted(FLOORS.glob("*.rq"))
        }
    out["rss_mib"] = _rss_mib()
    return out


def _time_query(store: Any, text: str, bindings: dict[str, Any], graphs: Any, repeat: int) -> dict[str, Any]:
    """Rows, bytes and p50/p95 of a query answered as SPARQL JSON, after a warm-up."""
    import pyoxigraph as ox

    def once() -> int:
        result = store.native_query(text, bindings=bindings, default_graphs=graphs)
        return len(result.serialize(format=ox.QueryResultsFormat.JSON) or b"")

    size = once()  # warm-up
    rows = sum(1 for _ in store.native_query(text, bindings=bindings, default_graphs=graphs))
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < repeat and (len(times) < 3 or time.perf_counter() - started < QUERY_BUDGET):
        t = time.perf_counter()
        once()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {
        "rows": rows,
        "bytes": size,
        "runs": len(times),
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)],
    }


def child_first_ask(args: argparse.Namespace) -> dict[str, Any]:
    """Each named question's FIRST ask after a start, in this fresh process: the whole answer
    (``--mode whole``: tbgraph.questions.named.run_named, the path of the CLI and of /api/ask without
    a page) or its first page of 100 rows (``--mode page``: what /api/ask/NAME?limit=100 computes, the
    page cut from the answer as tbgraph.api.routers.questions does). On the letters with supplements
    (data_root_supplements), in memory (loaded here) or on the persistent store (reopened here)."""
    from tbgraph.dataset.opening import open_dataset
    from tbgraph.questions.named import named_queries, run_named

    sources = _sources_with_supplements(args.root)
    started = time.perf_counter()
    opened = open_dataset(store_path=args.store if args.persistent else None, sources=sources)
    out: dict[str, Any] = {"open_seconds": time.perf_counter() - started, "reused": opened.reused, "questions": {}}
    for name, query in named_queries().items():
        # Only the parameters a question requires: the others are asked of every letter (legal-basis
        # of every assignment, solutions of every solution), as a list a client pages through.
        required = {p.name for p in query.parameters if p.required}
        values = {k: v for k, v in TYPED.get(name, {}).items() if k in required}
        t = time.perf_counter()
        table = run_named(opened.store, name, values)
        if args.mode == "page":
            table.records(table.rows[:100])
        out["questions"][name] = {"ms": (time.perf_counter() - t) * 1000, "rows": len(table.rows)}
    out["rss_mib"] = _rss_mib()
    return out


def child_first_ask_kept(args: argparse.Namespace) -> dict[str, Any]:
    """The same first asks through the kept answers (tbgraph.questions.kept), as the server and the CLI
    answer them: ``--kept first`` is a first start on this data version as the code before decision
    0011's second amendment made it (no answer kept: the start computes the aggregates' answers,
    ``summaries_seconds``; a list asked before the background has kept it is computed on demand),
    ``--kept all`` a first start as now (every answer computed before serving: ``summaries_seconds``),
    ``--kept restart`` a restart on the same data (every answer kept by an earlier start). Whole:
    every row as /api/ask sends them (JSON values); page: rows 0-99, reading only the chunks that
    hold them. Questions with a required parameter are computed as before (run_named)."""
    from tbgraph.api.services import Answers
    from tbgraph.api.state import Memo
    from tbgraph.dataset.opening import open_dataset
    from tbgraph.questions.kept import AGGREGATES, KeptAnswers
    from tbgraph.questions.named import named_queries, run_named

    sources = _sources_with_supplements(args.root)
    started = time.perf_counter()
    opened = open_dataset(store_path=args.store if args.persistent else None, sources=sources)
    out: dict[str, Any] = {"open_seconds": time.perf_counter() - started, "reused": opened.reused, "questions": {}}
    kept = KeptAnswers(opened.report.data_version)
    if args.kept in ("first", "all"):
        kept.release()
        shutil.rmtree(kept.folder, ignore_errors=True)
    started = time.perf_counter()
    # what a start does (tbgraph.api.startup.sequence.keep_answers): before, the aggregates; now, all
    kept.compute(opened.store, AGGREGATES if args.kept == "first" else None)
    out["summaries_seconds"] = time.perf_counter() - started
    memo = Memo()
    memo.kept = kept
    answers = Answers(opened.store, memo)
    for name, query in named_queries().items():
        required = {p.name for p in query.parameters if p.required}
        values = {k: v for k, v in TYPED.get(name, {}).items() if k in required}
        t = time.perf_counter()
        found = answers.kept_answer(name, values)
        if found is not None:
            found.records() if args.mode == "whole" else found.records(0, 100)
            rows = len(found)
        else:
            table = run_named(opened.store, name, values)
            if args.mode == "page":
                table.records(table.rows[:100])
            rows = len(table.rows)
        out["questions"][name] = {"ms": (time.perf_counter() - t) * 1000, "rows": rows, "kept": found is not None}
    out["rss_mib"] = _rss_mib()
    return out


def child_as_of(args: argparse.Namespace) -> dict[str, Any]:
    """benchmarks/as_of.py's measure at this scale: every named question over the letters with
    supplements, in memory, after every change and as of a day before the year's supplements (p50
    of --repeat runs after a warm-up)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import as_of  # benchmarks/as_of.py

    from tbgraph.dataset.opening import open_dataset

    store = open_dataset(sources=_sources_with_supplements(args.root)).store
    return {
        "after_every_change": as_of.time_questions(store, args.repeat, None),
        "as_of": as_of.time_questions(store, args.repeat, as_of.AS_OF),
        "day": as_of.AS_OF.isoformat(),
        "rss_mib": _rss_mib(),
    }


def _sources_with_supplements(root: Path) -> list[Any]:
    from tbgraph.dataset.loader import default_sources

    return default_sources(root=root)


CHILDREN = {
    "load-memory": child_load_memory,
    "load-raw": child_load_raw,
    "load-persistent": child_load_persistent,
    "load-persistent-answers": child_load_persistent_answers,
    "load-bulk": child_load_bulk,
    "reopen": child_reopen,
    "validate": child_validate,
    "queries": child_queries,
    "first-ask": child_first_ask,
    "first-ask-kept": child_first_ask_kept,
    "as-of": child_as_of,
}


def _du(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def run_child(
    kind: str,
    args: argparse.Namespace,
    scale: int,
    *,
    persistent: bool = False,
    timeout: float = 3600,
    supplements: bool = False,
    mode: str = "whole",
    kept: str = "first",
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--child",
        kind,
        "--root",
        str(data_root_supplements(scale) if supplements else data_root(scale)),
        "--store",
        str(store_dir(scale, supplements=supplements)),
        "--mode",
        mode,
        "--kept",
        kept,
        "--repeat",
        str(args.repeat),
        "--validate-all",
        str(args.validate_all),
        "--validate-sample",
        str(args.validate_sample),
    ]
    if persistent:
        command.append("--persistent")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TBGRAPH_HOME": str(RESULTS / "home"), **(env or {})}
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"{kind} at {scale} letters failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def data_root(scale: int) -> Path:
    return RESULTS / f"letters-{scale}"


def data_root_supplements(scale: int) -> Path:
    """The letters with a supplement each: the data root benchmarks/as_of.py writes and reuses."""
    return ROOT / "benchmarks" / "results" / "as_of" / str(scale)


def store_dir(scale: int, *, supplements: bool = False) -> Path:
    return RESULTS / (f"store-{scale}-supplements" if supplements else f"store-{scale}")


def measure_first_asks(scale: int, args: argparse.Namespace) -> dict[str, Any]:
    """Each named question's first ask after a start, whole and first page, in memory and on the
    persistent store, on the letters with supplements: --first-ask-runs fresh processes each, p50."""
    from tbgraph.growth.letters import write_dataset

    write_dataset(data_root_supplements(scale), scale, supplements=True)
    out: dict[str, Any] = {}
    # Before (computed: TBGRAPH_KEEP_ANSWERS=0, run_named) and after (kept answers: a first start on the
    # data version, then a restart on it), alternated run by run so that the machine's load falls on all.
    variants = [
        ("", "first-ask", "first"),
        ("kept_first_", "first-ask-kept", "first"),
        ("kept_all_", "first-ask-kept", "all"),
        ("kept_restart_", "first-ask-kept", "restart"),
    ]
    # The persistent load, and every answer computed after it (fresh folder: the store the persistent
    # children below then reuse).
    loads = [run_child("load-persistent-answers", args, scale, supplements=True) for _ in range(args.first_ask_runs)]
    out["persistent_load_seconds"] = [r["seconds"] for r in loads]
    out["persistent_load_answers_seconds"] = [r["answers_seconds"] for r in loads]
    out["persistent_load_p50"] = statistics.median(out["persistent_load_seconds"])
    out["persistent_load_answers_p50"] = statistics.median(out["persistent_load_answers_seconds"])
    for persistent in (False, True):
        for mode in ("whole", "page"):
            runs: dict[str, list[dict[str, Any]]] = {prefix: [] for prefix, _, _ in variants}
            for _ in range(args.first_ask_runs):
                for prefix, child, kept in variants:
                    runs[prefix].append(
                        run_child(
                            child,
                            args,
                            scale,
                            persistent=persistent,
                            supplements=True,
                            mode=mode,
                            kept=kept,
                            env={"TBGRAPH_KEEP_ANSWERS": "1" if prefix else "0"},
                        )
                    )
            for prefix, measured in runs.items():
                label = f"{prefix}{'persistent' if persistent else 'memory'}_{mode}"
                names = measured[0]["questions"]
                out[label] = {name: statistics.median(r["questions"][name]["ms"] for r in measured) for name in names}
                out[f"{label}_runs"] = {name: [r["questions"][name]["ms"] for r in measured] for name in names}
                out[f"{label}_open_seconds"] = [r["open_seconds"] for r in measured]
                out[f"{label}_rows"] = {name: measured[0]["questions"][name]["rows"] for name in names}
                if prefix:
                    out[f"{label}_summaries_seconds"] = [r["summaries_seconds"] for r in measured]
    out["cli_owners_seconds"] = cli_seconds(scale)
    out["server"] = server_first_asks(scale, args)
    return out


#: The long lists, asked first after a start (before the background of the code before kept them).
LISTS = ("assignments", "deadlines", "legal-basis", "solutions")
#: The questions kept per actor, asked of the busiest actor (TYPED) after a start as well.
PER_ACTOR = ("assignments-involving", "collaborators")


def server_first_asks(scale: int, args: argparse.Namespace) -> dict[str, Any]:
    """``tbgraph serve`` on the letters with supplements on new data (a fresh $TBGRAPH_HOME: no answer
    kept; no validation, which at 1,000 letters takes minutes and hides what a start computes beside
    it): seconds to ready, then each long list's first page (``/api/ask/NAME?limit=100``) and the first page
    of each question kept per actor, asked of the busiest actor (TYPED), asked at once,
    in milliseconds with its status. In memory and on the persistent store (reused: loaded by the
    step before); with ``--baseline-src`` the same with the code in that folder, alternated run by run."""
    import httpx

    sources = {"now": str(ROOT / "src")}
    if args.baseline_src:
        sources["baseline"] = str(args.baseline_src)
    root = data_root_supplements(scale)
    runs: dict[str, list[dict[str, Any]]] = {}
    for _ in range(args.first_ask_runs):
        for persistent in (False, True):
            for label, src in sources.items():
                home = RESULTS / "serve-home"
                shutil.rmtree(home, ignore_errors=True)
                port = free_port()
                command = [
                    sys.executable,
                    "-m",
                    "tbgraph.cli",
                    "serve",
                    "--port",
                    str(port),
                    "--log-level",
                    "warning",
                    "--data-root",
                    str(root),
                ]
                if persistent:
                    command += ["--store", str(store_dir(scale, supplements=True))]
                env = {**os.environ, "PYTHONPATH": src, "TBGRAPH_HOME": str(home), "TBGRAPH_VALIDATE_ON_START": "0"}
                for key in ("TBGRAPH_STORE", "TBGRAPH_DATA_ROOT", "TBGRAPH_KEEP_ANSWERS"):
                    env.pop(key, None)
                started = time.monotonic()
                process = subprocess.Popen(
                    command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
                )
                try:
                    measured: dict[str, Any] = {"ready_seconds": wait_ready(port, process, 900) - started}
                    for name in LISTS + PER_ACTOR:
                        t = time.perf_counter()
                        params = {"limit": 100, **(TYPED[name] if name in PER_ACTOR else {})}
                        answer = httpx.get(f"http://127.0.0.1:{port}/api/ask/{name}", params=params, timeout=600)
                        measured[name] = {"ms": (time.perf_counter() - t) * 1000, "status": answer.status_code}
                finally:
                    stop_server(process)
                runs.setdefault(f"{label}_{'persistent' if persistent else 'memory'}", []).append(measured)
    out: dict[str, Any] = {"runs": runs}
    for key, measured in runs.items():
        out[key] = {"ready_seconds": statistics.median(r["ready_seconds"] for r in measured)}
        for name in LISTS + PER_ACTOR:
            out[key][name] = statistics.median(r[name]["ms"] for r in measured)
            out[key][f"{name}_statuses"] = sorted({r[name]["status"] for r in measured})
    return out


def cli_seconds(scale: int) -> dict[str, float]:
    """``tbgraph ask owners --format json`` on the letters with supplements, wall time of the whole
    command: computed (loading the letters) and answered from the kept answer (no store opened)."""
    out = {}
    for label, keep in (("computed", "0"), ("kept", "1")):
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "TBGRAPH_HOME": str(RESULTS / "home"),
            "TBGRAPH_KEEP_ANSWERS": keep,
        }
        command = [
            sys.executable,
            "-m",
            "tbgraph.cli",
            "ask",
            "owners",
            "--format",
            "json",
            "--data-root",
            str(data_root_supplements(scale)),
        ]
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env, timeout=600)
        out[label] = time.perf_counter() - started
    return out


# =============================================================================================
# HTTP
# =============================================================================================


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(root: Path, *, store: Path | None, validate: bool, cache: bool, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "tbgraph.cli", "serve", "--port", str(port), "--log-level", "warning"]
    if store is not None:
        command += ["--store", str(store)]
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "TBGRAPH_HOME": str(RESULTS / "home"),
        "TBGRAPH_DATA_ROOT": str(root),
        "TBGRAPH_VALIDATE_ON_START": "1" if validate else "0",
    }
    env.pop("TBGRAPH_STORE", None)
    if not cache:  # neither /sparql answers nor /api answers as sent (the REST records stay memoised)
        env["TBGRAPH_RESULT_CACHE_BYTES"] = "0"
        env["TBGRAPH_API_CACHE_BYTES"] = "0"
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def wait_ready(port: int, process: subprocess.Popen[bytes], seconds: float) -> float:
    """Seconds until /health answers 200 (measured by the caller from spawn)."""
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode(errors="replace") if process.stderr else ""
            log = RESULTS / f"server-exit-{port}.log"
            log.write_text(error, encoding="utf-8")
            first = next((line for line in error.splitlines() if "panick" in line or "Error" in line), "")
            raise RuntimeError(f"the server exited with status {process.returncode} ({log}): {first} … {error[-600:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return time.monotonic()
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"the server did not answer /health within {seconds:.0f} s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 15)  # its own session: the server and its query workers
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, 9)
            process.wait(timeout=10)


def tree_memory(pid: int) -> dict[str, float]:
    """Resident memory (now and peak) of a process and its descendants, MiB, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    rss = hwm = 0.0
    todo, count = [pid], 0
    while todo:
        current = todo.pop()
        count += 1
        todo.extend(children.get(current, []))
        with contextlib.suppress(OSError):
            for line in (Path("/proc") / str(current) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    hwm += int(line.split()[1]) / 1024
    return {"rss_mib": rss, "peak_mib": hwm, "processes": count}


def sparql_texts(page: str = "", also: dict[str, dict[str, str]] | None = None) -> dict[str, str]:
    """Each named query for /sparql: required parameters (and those in ``also``: name -> variable ->
    IRI) written into the text as constants, as tbgraph.store.remote sends them and as a client that puts
    the IRI in its query does; ``page`` (e.g. "LIMIT 100 OFFSET 200") goes at the end.

    Oxigraph plans from a constant but not from a VALUES block (the ``queries`` step measures both:
    the "parameters as a VALUES block" rows). Before the named queries were shaped for constants
    the clients here sent a VALUES block first in the WHERE group (not a trailing VALUES clause,
    which joins with the final answer: collaborators on the 1,000-letter persistent store 7.4 s
    against 0.57 s)."""
    from rdflib import URIRef

    from tbgraph.questions.named import named_queries
    from tbgraph.store.query_text import bind_values, written_in

    texts = {}
    for name, query in named_queries().items():
        values = {p.variable: URIRef(BOUND[name][p.variable]) for p in query.parameters if p.required}
        values.update({variable: URIRef(iri) for variable, iri in (also or {}).get(name, {}).items()})
        texts[name] = bind_values(*written_in(query.text, values)) + (f"{page}\n" if page else "")
    return texts


TARGETED = ("assignments-involving", "collaborators", "dependencies", "legal-basis", "solutions")


def workload(scale: int, *, targeted: bool = False) -> list[tuple[str, str]]:
    """The mixed workload: (class, path) pairs, the competency queries on /sparql with a few
    different parameter values, and the REST routes. ``targeted``: only the questions about one
    actor, assignment, solution or month, whose answers do not grow with the whole dataset."""
    from tbgraph.questions.named import named_queries

    mix: list[tuple[str, str]] = []
    texts = sparql_texts(also={"solutions": BOUND["solutions"]} if targeted else None)
    if targeted:
        texts = {n: t for n, t in texts.items() if n in TARGETED}
    agencies = ["nhn", "helse-vest", "synetat001"]
    for name, text in texts.items():
        variants = [text]
        if name in ("assignments-involving", "collaborators"):
            variants = [text.replace("/org/nhn>", f"/org/{a}>") for a in agencies]
        elif name in ("dependencies", "legal-basis"):
            variants = [
                text.replace("/TB2023-15>", f"/TB2023-{n:02d}>").replace("/TB2023-14>", f"/TB2023-{n:02d}>")
                for n in (1, 14, 15)
            ]
        mix += [("sparql", "/sparql?" + urlencode({"query": v}, quote_via=quote)) for v in variants]
    for agency in agencies:
        mix.append(("api", f"/api/assignments?agency={agency}"))
        mix.append(("api", f"/api/agencies/{agency}"))
    for month in (3, 6, 9, 11):
        mix.append(("api", f"/api/deadlines?from=2023-{month:02d}-01&to=2023-{month:02d}-28"))
    if targeted:
        mix += [("api", f"/api/ask/dependencies?assignment=TB2023-{n:02d}") for n in (1, 14, 15)]
        return mix
    mix += [("api", "/api/goals"), ("api", "/api/budget"), ("api", "/api/agencies")]
    mix += [("api", f"/api/ask/{n}") for n in ("owners", "goals") if n in named_queries()]
    return mix


#: The pages a paging client asks for: the first, the second and one further on.
PAGES = ((100, 0), (100, 100), (100, 1000))


def paged_workload() -> list[tuple[str, str]]:
    """Every competency question over all letters, asked the way a client pages a long list: 100
    rows at a time (LIMIT/OFFSET on /sparql, limit/offset on /api), plus the short REST lists."""
    from tbgraph.questions.named import named_queries

    mix: list[tuple[str, str]] = []
    for limit, offset in PAGES:
        for text in sparql_texts(f"LIMIT {limit} OFFSET {offset}").values():
            mix.append(("sparql", "/sparql?" + urlencode({"query": text}, quote_via=quote)))
        for name in named_queries():
            typed = {**TYPED.get(name, {}), "limit": limit, "offset": offset}
            mix.append(("api", f"/api/ask/{name}?" + urlencode(typed)))
        for agency in ("nhn", "helse-vest", "synetat001"):
            mix.append(("api", f"/api/assignments?agency={agency}&limit={limit}&offset={offset}"))
    mix += [("api", "/api/agencies")] + [("api", f"/api/agencies/{a}") for a in ("nhn", "helse-vest", "synetat001")]
    mix += [("api", f"/api/deadlines?from=2023-{m:02d}-01&to=2023-{m:02d}-28") for m in (3, 6, 9, 11)]
    return mix


def scoped_workload() -> list[tuple[str, str]]:
    """Every competency question about one letter (the SCOPE letter): on /sparql with the letter's
    graphs as default-graph-uri (SPARQL 1.1 Protocol), and on /api/ask with recipient and year."""
    from tbgraph.dataset.loader import letter_graph
    from tbgraph.questions.named import named_queries
    from tbgraph.questions.scope import SHARED_GRAPHS

    graphs = [letter_graph(*SCOPE), *SHARED_GRAPHS]
    mix: list[tuple[str, str]] = []
    for text in sparql_texts().values():
        params = [("query", text)] + [("default-graph-uri", g) for g in graphs]
        mix.append(("sparql", "/sparql?" + urlencode(params, quote_via=quote)))
    for name in named_queries():
        typed = {**TYPED.get(name, {}), "recipient": SCOPE[0], "year": SCOPE[1]}
        mix.append(("api", f"/api/ask/{name}?" + urlencode(typed)))
    return mix


async def drive(port: int, mix: list[tuple[str, str]], duration: float, connections: int) -> dict[str, Any]:
    import httpx

    base = f"http://127.0.0.1:{port}"
    latencies: dict[str, list[float]] = {"sparql": [], "api": []}
    errors: dict[str, int] = {"sparql": 0, "api": 0}
    statuses: dict[int, int] = {}
    order = list(mix)
    random.Random(0).shuffle(order)
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    headers = {"Accept": "application/sparql-results+json, application/json"}
    async with httpx.AsyncClient(base_url=base, limits=limits, headers=headers, timeout=60) as client:
        stop = time.monotonic() + duration

        async def worker(offset: int) -> None:
            i = offset
            while time.monotonic() < stop:
                kind, path = order[i % len(order)]
                i += connections
                started = time.perf_counter()
                try:
                    response = await client.get(path)
                    status = response.status_code
                except httpx.HTTPError:
                    status = 0
                latencies[kind].append((time.perf_counter() - started) * 1000)
                statuses[status] = statuses.get(status, 0) + 1
                if status != 200:
                    errors[kind] += 1

        started = time.monotonic()
        await asyncio.gather(*(worker(n) for n in range(connections)))
        elapsed = time.monotonic() - started

    def summary(values: list[float], failed: int) -> dict[str, float]:
        values = sorted(values)
        if not values:
            return {"requests": 0, "rps": 0.0, "p50": float("nan"), "p99": float("nan"), "errors": failed}
        return {
            "requests": len(values),
            "rps": len(values) / elapsed,
            "p50": statistics.median(values),
            "p99": values[min(len(values) - 1, math.ceil(0.99 * len(values)) - 1)],
            "errors": failed,
        }

    result = {kind: summary(latencies[kind], errors[kind]) for kind in latencies}
    result["all"] = summary(latencies["sparql"] + latencies["api"], errors["sparql"] + errors["api"])
    result["statuses"] = {str(k): v for k, v in sorted(statuses.items())}
    return result


def warm(port: int, mix: list[tuple[str, str]]) -> dict[str, Any]:
    """Every request once, one after another: checks they answer and fills the caches."""
    import httpx

    failures = []
    started = time.perf_counter()
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
        for _kind, path in mix:
            try:
                response = client.get(path, headers={"Accept": "application/sparql-results+json, application/json"})
                if response.status_code != 200:
                    failures.append(f"{response.status_code} {path[:90]}: {response.text[:160]}")
            except httpx.HTTPError as error:
                failures.append(f"{type(error).__name__} {path[:90]}")
    return {"seconds": time.perf_counter() - started, "failures": failures}


def measure_http(scale: int, args: argparse.Namespace) -> dict[str, Any]:
    try:
        import httpx  # noqa: F401

        from tbgraph.api.app import create_app  # noqa: F401  (the app as it exists)
    except ImportError as error:
        return {"skipped": f"the HTTP API cannot be imported ({error}); install the test extra and finish tbgraph.api"}
    out: dict[str, Any] = {}
    root = data_root(scale)
    if scale == 1:
        starts = (
            ("start_1_letter_validating", True, True),  # the first start: nothing remembered
            ("start_1_letter_remembered", True, False),  # a restart: the verdict is remembered
            ("start_1_letter", False, False),
        )
        for label, validating, forget in starts:
            times = []
            for _ in range(5):  # the median of five: one start varies by a few tenths on this machine
                if forget:
                    shutil.rmtree(RESULTS / "home" / "cache", ignore_errors=True)
                port = free_port()
                spawned = time.monotonic()
                process = start_server(root, store=None, validate=validating, cache=True, port=port)
                try:
                    times.append(wait_ready(port, process, 120) - spawned)
                finally:
                    stop_server(process)
            out[label] = statistics.median(times)
    mix = workload(scale)
    shutil.rmtree(RESULTS / "home" / "cache", ignore_errors=True)  # the first start computes VoID
    for cache in (True, False):
        port = free_port()
        spawned = time.monotonic()
        # The data was validated in the validate step; validating again on start would time pySHACL.
        process = start_server(root, store=store_dir(scale), validate=False, cache=cache, port=port)
        label = "cached" if cache else "uncached"
        try:
            out[f"start_{label}"] = wait_ready(port, process, 900) - spawned
            if cache:  # every request once: checks that they answer, and fills the answer cache
                out[f"warm_{label}"] = warm(port, mix)
            out[label] = asyncio.run(drive(port, mix, args.duration, args.connections))
            out[f"memory_{label}"] = tree_memory(process.pid)
            if not cache:
                scoped = scoped_workload()
                out["warm_scoped"] = warm(port, scoped)
                out["scoped"] = asyncio.run(drive(port, scoped, args.duration, args.connections))
                out["memory_scoped"] = tree_memory(process.pid)
            if cache:
                paged = paged_workload()
                out["warm_paged"] = warm(port, paged)
                out["paged"] = asyncio.run(drive(port, paged, args.duration, args.connections))
                out["memory_paged"] = tree_memory(process.pid)
                targeted = workload(scale, targeted=True)
                out["warm_targeted"] = warm(port, targeted)
                out["targeted"] = asyncio.run(drive(port, targeted, args.duration, args.connections))
                out["memory_targeted"] = tree_memory(process.pid)
        except RuntimeError as error:
            out[label] = {"skipped": str(error)}
        finally:
            stop_server(process)
    # Restarts on the same store, nothing else running: the median of five (one start varies by a
    # few tenths on this machine; the start above also follows a server that was just stopped).
    restarts = []
    for _ in range(5):
        port = free_port()
        spawned = time.monotonic()
        process = start_server(root, store=store_dir(scale), validate=False, cache=True, port=port)
        try:
            restarts.append(wait_ready(port, process, 900) - spawned)
        finally:
            stop_server(process)
    out["restart"] = statistics.median(restarts)
    out["restarts"] = restarts
    out["mix"] = {"sparql": sum(1 for k, _ in mix if k == "sparql"), "api": sum(1 for k, _ in mix if k == "api")}
    return out


# =============================================================================================
# Driving the scales, and the table
# =============================================================================================


def machine() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = 0.0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) / 2**20
    packages = {}
    for name in ("tbgraph", "pyoxigraph", "rdflib", "pyshacl", "fastapi", "uvicorn", "httpx"):
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = "-"
    return {
        "uname": " ".join(platform.uname()),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "python": platform.python_version(),
        "packages": packages,
        "load_average": os.getloadavg(),
    }


def _step(
    kind: str, args: argparse.Namespace, scale: int, persistent: bool, *, supplements: bool = False
) -> dict[str, Any]:
    try:
        return run_child(kind, args, scale, persistent=persistent, supplements=supplements)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        return {"error": str(error)[-1500:]}


def measure_scale(
    scale: int, args: argparse.Namespace, log: Any, previous: dict[str, Any] | None = None
) -> dict[str, Any]:
    previous = previous or {}
    from tbgraph.growth.letters import write_dataset

    result: dict[str, Any] = {"letters": scale}
    started = time.perf_counter()
    dataset = write_dataset(data_root(scale), scale)
    result["generate"] = {"seconds": time.perf_counter() - started, "reused": dataset.reused}
    result["data"] = {
        "letter_triples": dataset.triples,
        "turtle_mib": sum(p.stat().st_size for p in dataset.letters) / 2**20,
    }
    steps = [
        ("load_memory", "load-memory", False),
        ("load_raw", "load-raw", False),
        ("load_persistent", "load-persistent", False),
        ("reopen", "reopen", False),
        ("queries_memory", "queries", False),
        ("queries_persistent", "queries", True),
        ("validate", "validate", False),
    ]
    if not args.skip_bulk:
        steps.insert(2, ("load_bulk", "load-bulk", False))
    if not args.steps or "first_ask" in args.steps.split(","):
        log(f"  {scale} letters: first_ask")
        try:
            result["first_ask"] = measure_first_asks(scale, args)
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            result["first_ask"] = {"error": str(error)[-1500:]}
    if not args.steps or "as_of" in args.steps.split(","):
        log(f"  {scale} letters: as_of")
        result["as_of"] = _step("as-of", args, scale, False, supplements=True)
    if args.steps:
        # Measure again only these, keeping the scale's other figures from growth.json.
        wanted = set(args.steps.split(","))
        result = {**previous, **{k: v for k, v in result.items() if k != "data"}, "data": result["data"]}
        steps = [step for step in steps if step[0] in wanted]
        if "http" not in wanted:
            for key, kind, persistent in steps:
                log(f"  {scale} letters: {key}")
                result[key] = _step(kind, args, scale, persistent)
            return result
    for key, kind, persistent in steps:
        log(f"  {scale} letters: {key}")
        result[key] = _step(kind, args, scale, persistent)
    if args.skip_http:
        result["http"] = {"skipped": "--skip-http"}
    else:
        log(f"  {scale} letters: http")
        result["http"] = measure_http(scale, args)
    return result


def growth(values: dict[int, float | None]) -> str:
    """x10 data -> x? cost: the geometric mean factor per tenfold over the scales measured."""
    points = [(n, v) for n, v in sorted(values.items()) if v is not None and v > 0 and not math.isnan(v)]
    if len(points) < 2:
        return ""
    (n0, v0), (n1, v1) = points[0], points[-1]
    factor = (v1 / v0) ** (1 / math.log10(n1 / n0))
    return f"×{factor:.2g}"


def _get(data: dict[str, Any], *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def table_rows(results: dict[int, dict[str, Any]]) -> list[tuple[str, dict[int, Any], str, str]]:
    """(label, value per scale, unit format, target) rows."""
    from tbgraph.questions.named import named_queries

    rows: list[tuple[str, dict[int, Any], str, str]] = []

    def row(label: str, fmt: str, *path: str, target: str = "") -> None:
        rows.append((label, {n: _get(r, *path) for n, r in results.items()}, fmt, target))

    row("letters' triples", "{:,.0f}", "data", "letter_triples")
    row("Turtle (MiB)", "{:.1f}", "data", "turtle_mib")
    row("load Turtle in memory (s)", "{:.2f}", "load_memory", "seconds", target="< 10 s at 1,000")
    row("  pyoxigraph alone, without counting (s)", "{:.2f}", "load_raw", "seconds")
    row("  peak memory (MiB)", "{:.0f}", "load_memory", "rss_mib", target="< 2,048 MiB")
    row("load into persistent store (s)", "{:.2f}", "load_persistent", "seconds")
    row("  peak memory (MiB)", "{:.0f}", "load_persistent", "rss_mib", target="< 2,048 MiB")
    row("  store on disk (MiB)", "{:.0f}", "load_persistent", "disk_mib")
    row("  with a bulk_load per file instead (s)", "{:.2f}", "load_bulk", "seconds")
    row("  with a bulk_load per file: peak memory (MiB)", "{:.0f}", "load_bulk", "rss_mib")
    row("reopen persistent store → first answer (s)", "{:.2f}", "reopen", "first_answer", target="< 1 s at any size")
    for part in ("hash files", "open RocksDB", "read data version", "list graphs"):
        row(f"  of which {part} (s)", "{:.2f}", "reopen", "parts", part)
    row("SHACL validation (s)", "{:.1f}", "validate", "seconds")
    row("  letters validated", "{}", "validate", "letters")
    row("  seconds per letter", "{:.2f}", "validate", "per_letter")
    row("  conforms", "{}", "validate", "conforms")
    for name in named_queries():
        row(f"query {name} p50 (ms)", "{:.1f}", "queries_memory", "queries", name, "p50", target="< 100 ms at 1,000")
        row("  p95 (ms)", "{:.1f}", "queries_memory", "queries", name, "p95")
        row("  rows", "{:,}", "queries_memory", "queries", name, "rows")
        row("  on the persistent store p50 (ms)", "{:.1f}", "queries_persistent", "queries", name, "p50")
        row("  run_named p50 (ms)", "{:.1f}", "queries_memory", "queries", name, "run_named_p50")
        row("  parameters as a VALUES block p50 (ms)", "{:.1f}", "queries_memory", "queries", name, "values_p50")
        row(
            "  one letter (--year, --recipient) p50 (ms)",
            "{:.1f}",
            "queries_memory",
            "queries",
            name,
            "scoped_p50",
            target="< 100 ms at 1,000",
        )
        row(
            "    on the persistent store p50 (ms)",
            "{:.1f}",
            "queries_persistent",
            "queries",
            name,
            "scoped_p50",
            target="< 100 ms at 1,000",
        )
        row(
            "    run_named, persistent p50 (ms)",
            "{:.1f}",
            "queries_persistent",
            "queries",
            name,
            "scoped_run_named_p50",
        )
    for name in named_queries():
        target = "< 100 ms at 1,000"
        row(f"first ask of {name}, with supplements: whole (ms)", "{:.0f}", "first_ask", "memory_whole", name)
        row("  first page of 100 (ms)", "{:.0f}", "first_ask", "memory_page", name, target=target)
        row("  on the persistent store: whole (ms)", "{:.0f}", "first_ask", "persistent_whole", name)
        row(
            "  on the persistent store: first page (ms)",
            "{:.0f}",
            "first_ask",
            "persistent_page",
            name,
            target="< 500 ms at 1,000",
        )
        row("  kept answers, first start: whole (ms)", "{:.0f}", "first_ask", "kept_first_memory_whole", name)
        row("    first page (ms)", "{:.0f}", "first_ask", "kept_first_memory_page", name, target=target)
        row("    persistent: whole (ms)", "{:.0f}", "first_ask", "kept_first_persistent_whole", name)
        row("    persistent: first page (ms)", "{:.0f}", "first_ask", "kept_first_persistent_page", name)
        row(
            "  kept answers, first start, every answer at start: whole (ms)",
            "{:.0f}",
            "first_ask",
            "kept_all_memory_whole",
            name,
        )
        row("    first page (ms)", "{:.0f}", "first_ask", "kept_all_memory_page", name, target=target)
        row("    persistent: whole (ms)", "{:.0f}", "first_ask", "kept_all_persistent_whole", name)
        row(
            "    persistent: first page (ms)",
            "{:.0f}",
            "first_ask",
            "kept_all_persistent_page",
            name,
            target="< 500 ms at 1,000",
        )
        row("  kept answers, restart: whole (ms)", "{:.0f}", "first_ask", "kept_restart_memory_whole", name)
        row("    first page (ms)", "{:.0f}", "first_ask", "kept_restart_memory_page", name, target=target)
        row("    persistent: whole (ms)", "{:.0f}", "first_ask", "kept_restart_persistent_whole", name)
        row(
            "    persistent: first page (ms)",
            "{:.0f}",
            "first_ask",
            "kept_restart_persistent_page",
            name,
            target="< 500 ms at 1,000",
        )
        row("  rows", "{:,}", "first_ask", "memory_whole_rows", name)
        row("  as of 2023-06-01 p50 (ms)", "{:.1f}", "as_of", "as_of", name)
        row("  after every change p50 (ms)", "{:.1f}", "as_of", "after_every_change", name)
    row("persistent load, with supplements (s)", "{:.1f}", "first_ask", "persistent_load_p50", target="< 60 s")
    row("  then every answer asked without parameters (s)", "{:.1f}", "first_ask", "persistent_load_answers_p50")
    for where in ("memory", "persistent"):
        for label in ("baseline", "now"):
            key = f"{label}_{where}"
            row(
                f"server on new data, {where}, {label}: ready (s)",
                "{:.1f}",
                "first_ask",
                "server",
                key,
                "ready_seconds",
            )
            for name in LISTS + PER_ACTOR:
                row(
                    f"  then {name}: first page (ms)",
                    "{:.0f}",
                    "first_ask",
                    "server",
                    key,
                    name,
                    target="< 100 ms" if where == "memory" else "< 500 ms",
                )
    for path in sorted(FLOORS.glob("*.rq")):
        row(f"floor: {path.stem} p50 (ms)", "{:.1f}", "queries_memory", "floors", path.stem, "p50")
        row("  rows", "{:,}", "queries_memory", "floors", path.stem, "rows")
    for kind in ("agency", "assignment"):
        row(f"resolve --{kind} (ms)", "{:.1f}", "queries_memory", "resolve", kind)
    row("server first start, 1 letter, validating (s)", "{:.2f}", "http", "start_1_letter_validating", target="< 2 s")
    row(
        "server restart, 1 letter, verdict remembered (s)",
        "{:.2f}",
        "http",
        "start_1_letter_remembered",
        target="< 2 s",
    )
    row("server start, 1 letter, no validation (s)", "{:.2f}", "http", "start_1_letter")
    row("server start on the persistent store (s)", "{:.2f}", "http", "start_cached")
    row("  restart, VoID statistics remembered: one (s)", "{:.2f}", "http", "start_uncached")
    row("  restart, median of five (s)", "{:.2f}", "http", "restart", target="< 1 s at 1,000")
    for label in ("cached", "paged", "targeted", "uncached", "scoped"):
        title = {
            "cached": "HTTP mix, answer cache on",
            "paged": "HTTP mix in pages of 100 rows, cache on",
            "targeted": "HTTP, questions about one thing, cache on",
            "uncached": "HTTP mix, answer cache off",
            "scoped": "HTTP, questions about one letter, cache off",
        }[label]
        row(
            f"{title}: req/s",
            "{:.0f}",
            "http",
            label,
            "all",
            "rps",
            target="≥ 100 req/s at 1,000" if label != "uncached" else "",
        )
        row("  /sparql competency queries req/s", "{:.0f}", "http", label, "sparql", "rps")
        row("  /sparql p50 / p99 (ms)", "{}", "http", label, "sparql", "p50p99")
        row("  /api req/s", "{:.0f}", "http", label, "api", "rps")
        row("  /api p50 / p99 (ms)", "{}", "http", label, "api", "p50p99")
        row("  errors", "{}", "http", label, "all", "errors")
        row("  server memory now / peak (MiB)", "{}", "http", f"memory_{label}", "summary")
    return rows


def _decorate(results: dict[int, dict[str, Any]]) -> None:
    """Derived figures the table shows."""
    for result in results.values():
        validate = result.get("validate") or {}
        if validate.get("seconds") and validate.get("letters"):
            validate["per_letter"] = validate["seconds"] / validate["letters"]
        http = result.get("http") or {}
        for label in ("cached", "paged", "targeted", "uncached", "scoped"):
            for kind in ("sparql", "api"):
                part = _get(http, label, kind)
                if isinstance(part, dict) and "p50" in part:
                    part["p50p99"] = f"{part['p50']:.0f} / {part['p99']:.0f}"
            memory = http.get(f"memory_{label}")
            if isinstance(memory, dict) and "rss_mib" in memory:
                memory["summary"] = f"{memory['rss_mib']:.0f} / {memory['peak_mib']:.0f}"


def verdict(label: str, target: str, values: dict[int, Any]) -> str:
    if not target:
        return ""
    if "at 1,000" in target:
        value = values.get(1000)
    elif "1 letter" in label:
        value = values.get(1)
    else:
        measured = [v for v in values.values() if isinstance(v, int | float)]
        value = max(measured) if measured else None
    if not isinstance(value, int | float):
        return "not measured"
    number = float(target.replace(",", "").split()[1])
    ok = value >= number if target.startswith("≥") else value < number
    return "met" if ok else "MISSED"


def render(results: dict[int, dict[str, Any]], info: dict[str, Any], markdown: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    _decorate(results)
    scales = sorted(results)
    table = Table(title="tbgraph growth: synthetic letters with the real letter's shape", show_lines=False)
    table.add_column("measure")
    for n in scales:
        table.add_column(f"{n:,} letter{'s' if n > 1 else ''}", justify="right")
    table.add_column("×10 data →", justify="right")
    table.add_column("target")
    table.add_column("", justify="center")
    lines = []
    header = ["measure", *[f"{n:,}" for n in scales], "×10 data →", "target", "verdict"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join(["---", *["---:" for _ in scales], "---:", "---", "---"]) + "|")
    for label, values, fmt, target in table_rows(results):
        if all(v is None for v in values.values()):
            continue
        cells = []
        for n in scales:
            value = values.get(n)
            if value is None:
                cells.append("–")
            elif isinstance(value, int | float) and not isinstance(value, bool):
                cells.append(fmt.format(value))
            else:
                cells.append(str(value))
        numeric = {n: v for n, v in values.items() if isinstance(v, int | float) and not isinstance(v, bool)}
        trend = growth(numeric) if "letters validated" not in label and "conforms" not in label else ""
        mark = verdict(label, target, values)
        style = "green" if mark == "met" else "red" if mark == "MISSED" else ""
        table.add_row(label, *cells, trend, target, f"[{style}]{mark}[/]" if style else mark)
        lines.append(
            "| "
            + " | ".join(
                [label.strip() if not label.startswith("  ") else "↳ " + label.strip(), *cells, trend, target, mark]
            )
            + " |"
        )
    console = Console(width=200)
    console.print(table)
    console.print(
        f"machine: {info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB; Python {info['python']}; "
        + ", ".join(f"{k} {v}" for k, v in info["packages"].items())
    )
    for n in scales:
        for key in (
            "load_memory",
            "load_persistent",
            "load_bulk",
            "reopen",
            "queries_memory",
            "queries_persistent",
            "validate",
        ):
            if isinstance(results[n].get(key), dict) and "error" in results[n][key]:
                console.print(f"[red]{n} letters, {key} failed:[/] {results[n][key]['error'][-400:]}")
        http = results[n].get("http") or {}
        if "skipped" in http:
            console.print(f"[yellow]{n} letters, HTTP skipped:[/] {http['skipped']}")
        for label in ("cached", "paged", "targeted", "uncached"):
            part = http.get(label)
            if isinstance(part, dict) and "skipped" in part:
                console.print(f"[yellow]{n} letters, HTTP {label} skipped:[/] {part['skipped']}")
            failures = _get(http, f"warm_{label}", "failures")
            if failures:
                console.print(
                    f"[yellow]{n} letters, {len(failures)} request(s) failed when warming ({label}):[/] "
                    + "; ".join(failures[:3])
                )
        validate = results[n].get("validate") or {}
        if isinstance(validate.get("sample"), list):
            console.print(
                f"{n} letters: SHACL validated the reference data with {validate['letters']} of "
                f"{validate['of']} letters: {', '.join(validate['sample'])}"
            )
    if markdown is not None:
        markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,10,100,1000", help="letters per scale (default 1,10,100,1000)")
    parser.add_argument("--repeat", type=int, default=15, help="runs per query (default 15, at least 3)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of HTTP load per setting (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent HTTP clients (default 16)")
    parser.add_argument("--validate-all", type=int, default=10, help="validate every letter up to this many (10)")
    parser.add_argument("--validate-sample", type=int, default=10, help="letters validated above that (10)")
    parser.add_argument("--skip-http", action="store_true", help="leave out the HTTP part")
    parser.add_argument("--skip-bulk", action="store_true", help="leave out the bulk_load-per-file comparison")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    parser.add_argument(
        "--steps",
        help="measure only these steps again (comma-separated: load_memory, load_raw, load_bulk, load_persistent, "
        "reopen, queries_memory, queries_persistent, validate, first_ask, as_of, http), keeping the other figures "
        "in growth.json",
    )
    parser.add_argument("--report", action="store_true", help="print the table from growth.json and stop")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--persistent", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=("whole", "page"), default="whole", help=argparse.SUPPRESS)
    parser.add_argument("--kept", choices=("first", "all", "restart"), default="first", help=argparse.SUPPRESS)
    parser.add_argument(
        "--first-ask-runs", type=int, default=3, help="fresh processes per first-ask figure (default 3; p50)"
    )
    parser.add_argument(
        "--baseline-src",
        type=Path,
        help="first_ask: also start the server from this src folder (e.g. a worktree of an earlier commit's "
        "src), alternated with this checkout's, to compare a first start on new data side by side",
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](args)))
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    saved: dict[str, Any] = json.loads(JSON_OUT.read_text()) if JSON_OUT.is_file() else {}
    results = {int(k): v for k, v in saved.get("scales", {}).items()}
    info = machine()
    if not args.report:
        scales = [int(s) for s in args.scales.split(",") if s.strip()]
        for scale in scales:
            started = time.perf_counter()
            print(f"{scale} letters", file=sys.stderr)
            log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
            results[scale] = measure_scale(scale, args, log, results.get(scale))
            results[scale]["wall_seconds"] = time.perf_counter() - started
            results[scale]["measured"] = time.strftime("%Y-%m-%d %H:%M:%S")
            JSON_OUT.write_text(
                json.dumps(
                    {"machine": info, "scales": {str(k): v for k, v in sorted(results.items())}}, indent=1, default=str
                )
            )
            print(f"{scale} letters done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    render(results, saved.get("machine", info) if args.report else info, args.markdown)


if __name__ == "__main__":
    main()
