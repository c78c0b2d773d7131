"""Load and soak: mixed traffic at 64 clients for 60 s, clean, then with a pathological query a second.

Run:  .venv/bin/python benchmarks/load_test.py [--clients 64] [--duration 60] [--query-timeout 2]
                                               [--warmup 5] [--pathological comment|same|literal]
                                               [--json FILE]

For each of two runs the script starts `tbgraph serve` (a real process, default workers: one HTTP
worker with two query worker processes, --query-timeout 2) on a free loopback port, warms it up
for --warmup seconds at full load (not measured), then sends mixed traffic from --clients
concurrent clients for --duration seconds:

  sparql-select     GET /sparql, the named competency queries (SELECT; answered from the cache)
  sparql-computed   GET /sparql, a label search different every time (never cached: runs in a
                    query worker process)
  sparql-construct  POST /sparql (form), CONSTRUCT of one resource's triples, as Turtle
  rest-list         /api/agencies, /api/assignments[?agency=nhn], /api/goals, /api/budget, ...
  rest-detail       /api/agencies/{key}, /api/assignments/{id}
  explore-json      the explore and timeline pages' JSON (/api/graph/..., /api/timeline)

The second run adds one pathological query per second from outside the clients: a four-way
cross product counted with COUNT(*), which cannot finish within the time limit, so the server
stops it by killing its worker (503, expected: not counted as an error) and starts a replacement;
the same query again soon after is refused at once (503 too). --pathological says how the query
varies from one second to the next:
  comment  (default) a numbered comment, as a client retrying with cosmetic changes: the server
           knows it for the same query (it compares tokens, not text)
  same     the identical text
  literal  a different number in a FILTER each time: a new query every second, each holding a
           query worker for the whole time limit. With 2 query workers and a 2 s limit that is the
           whole pool and both cores; no server-side rule short of per-client quotas tells these
           from legitimate queries, so expect the ordinary worker-bound queries to queue.

Prints one table: per run and request class the requests, errors (by status), req/s and p50/p95/p99
latency; the ratio of the ordinary requests' p99, pathological run over clean run; and the query
workers alive before and after each run with the time-outs and replacements counted by /health —
a worker lost is one that died other than by a time-out, or one not back after the run.

Why this client: a mixed workload needs latency per request class and errors by status in one run,
which wrk's Lua API cannot give (its done() sees only the aggregate latency). httpx costs ~0.3 ms
of Python per request, which on 2 shared cores would be measured as server latency; so each client
is one keep-alive HTTP/1.1 connection driven by asyncio streams (a few dozen lines, below), a
closed loop (the next request when the answer is in). Closed-loop clients wait out a stall instead
of piling on (coordinated omission), so absolute p99s are optimistic; both runs are measured the
same way, which is what the ratio needs. Loopback only; every run is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CLASSES = ("sparql-select", "sparql-computed", "sparql-construct", "rest-list", "rest-detail", "explore-json")
JSON = "application/json"
RESULTS = "application/sparql-results+json"


# -- the server ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, query_timeout: float, *extra: str) -> subprocess.Popen[bytes]:
    """`tbgraph serve` on 127.0.0.1:port, default workers, the given time limit.

    Its log goes to a file (``process.log_path``), never a pipe: the server logs every 5xx, and a
    pipe nobody reads fills up and blocks it (which froze a run with many 503s)."""
    command = [
        sys.executable, "-m", "tbgraph.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
        "--query-timeout", str(query_timeout), "--log-level", "warning", *extra,
    ]  # fmt: skip
    log = tempfile.NamedTemporaryFile(prefix="tbgraph-load-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    log.close()
    process.log_path = log.name  # type: ignore[attr-defined]
    return process


def server_log(process: subprocess.Popen[bytes]) -> str:
    path = Path(getattr(process, "log_path", ""))
    return path.read_text(errors="replace") if path.is_file() else ""


def get_json(url: str, timeout: float = 5) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
        return json.loads(response.read())


def wait_ready(url: str, process: subprocess.Popen[bytes], seconds: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"tbgraph serve exited with {process.returncode}:\n{server_log(process)[-3000:]}")
        try:
            return dict(get_json(url + "/health", timeout=1))
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"tbgraph serve did not answer {url}/health within {seconds:.0f} s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def remove_log(process: subprocess.Popen[bytes]) -> None:
    Path(getattr(process, "log_path", "")).unlink(missing_ok=True)


def workers_settled(url: str, seconds: float = 30) -> dict[str, Any]:
    """/health once every query worker is back (replacements start in the background)."""
    deadline = time.monotonic() + seconds
    health: dict[str, Any] = get_json(url + "/health")
    while health["query_workers_alive"] < health["query_workers"] and time.monotonic() < deadline:
        time.sleep(0.2)
        health = get_json(url + "/health")
    return health


# -- the workload ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    kind: str
    method: str
    target: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""


class Workload:
    """The requests of each class; ``next`` picks one (classes equally often)."""

    def __init__(self, url: str) -> None:
        from tbgraph.model.prefixes import sparql_prologue
        from tbgraph.questions.named import named_queries

        agencies = [a["key"] for a in get_json(url + "/api/agencies")]
        assignments = [a["id"] for a in get_json(url + "/api/assignments")]
        iris = [a["iri"] for a in get_json(url + "/api/assignments")] + [
            f"https://w3id.org/tbgraph/id/org/{key}" for key in agencies
        ]
        self.prologue = sparql_prologue()
        self.requests: dict[str, list[Request]] = {
            "sparql-select": [
                Request("sparql-select", "GET", "/sparql?" + urlencode({"query": q.text}), (("Accept", RESULTS),))
                for q in named_queries().values()
            ],
            "sparql-construct": [
                Request(
                    "sparql-construct",
                    "POST",
                    "/sparql",
                    (("Accept", "text/turtle"), ("Content-Type", "application/x-www-form-urlencoded")),
                    urlencode({"query": f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}"}).encode(),
                )
                for iri in iris
            ],
            "rest-list": [
                Request("rest-list", "GET", path, (("Accept", JSON),))
                for path in (
                    "/api/agencies",
                    "/api/assignments",
                    "/api/assignments?agency=nhn",
                    "/api/goals",
                    "/api/budget",
                    "/api/deadlines",
                    "/api/deadlines?from=2023-06-01",
                    "/api/ask",
                )  # fmt: skip
            ],
            "rest-detail": [Request("rest-detail", "GET", f"/api/agencies/{k}", (("Accept", JSON),)) for k in agencies]
            + [Request("rest-detail", "GET", f"/api/assignments/{i}", (("Accept", JSON),)) for i in assignments],
            "explore-json": [
                Request("explore-json", "GET", path, (("Accept", JSON),))
                for path in (
                    "/api/graph/collaboration",
                    "/api/graph/collaboration?owner=exclude",
                    "/api/graph/bipartite",
                    "/api/graph/dependencies",
                    "/api/graph/filters",
                    "/api/timeline",
                    "/api/graph/agencies/nhn",
                )  # fmt: skip
            ],
        }
        self.words = ["helse", "data", "journal", "norsk", "plan", "digital", "tjeneste", "kommune", "e-", "nasjonal"]
        self.counter = 0

    def computed(self, rng: random.Random) -> Request:
        """A label search no earlier request asked (a numbered comment): never answered from the cache."""
        self.counter += 1
        word = rng.choice(self.words)
        query = (
            f"{self.prologue}\n# request {self.counter}\nSELECT ?s ?label WHERE {{ ?s rdfs:label ?label "
            f'FILTER(CONTAINS(LCASE(STR(?label)), "{word}")) }} LIMIT 20'
        )
        return Request("sparql-computed", "GET", "/sparql?query=" + quote(query), (("Accept", RESULTS),))

    def next(self, rng: random.Random) -> Request:
        kind = CLASSES[rng.randrange(len(CLASSES))]
        if kind == "sparql-computed":
            return self.computed(rng)
        return rng.choice(self.requests[kind])

    def all_requests(self) -> list[Request]:
        return [r for requests in self.requests.values() for r in requests]


def pathological_request(number: int, mode: str) -> Request:
    if mode == "comment":
        query = f"# pathological query {number}\n{PATHOLOGICAL}"
    elif mode == "literal":
        query = PATHOLOGICAL.replace("?l }", f"?l FILTER(?c != {number}) }}")
    else:
        query = PATHOLOGICAL
    return Request("pathological", "GET", "/sparql?query=" + quote(query), (("Accept", RESULTS),))


# -- a small HTTP/1.1 client -------------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection; reconnects when the server closes it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        return self.reader, self.writer

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def send(self, request: Request) -> int:
        """Send ``request``, read the whole answer; its status."""
        reader, writer = await self._open()
        lines = [f"{request.method} {request.target} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in request.headers]
        if request.method == "POST":
            lines.append(f"Content-Length: {len(request.body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + request.body)
        try:
            status_line = await reader.readline()
            if not status_line:
                raise ConnectionError("the server closed the connection")
            status = int(status_line.split()[1])
            length, chunked, close = None, False, False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"transfer-encoding":
                    chunked = b"chunked" in value.lower()
                elif name == b"connection":
                    close = b"close" in value.lower()
            if chunked:
                while True:
                    size = int((await reader.readline()).split(b";")[0], 16)
                    await reader.readexactly(size + 2)
                    if size == 0:
                        break
            elif length is not None:
                await reader.readexactly(length)
            else:
                await reader.read()
                close = True
        except BaseException:
            self.close()
            raise
        if close:
            self.close()
        return status


# -- running -------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Latencies (s) and statuses per request class."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, Counter[int]] = field(default_factory=dict)
    failures: Counter[str] = field(default_factory=Counter)  # connection errors, by class

    def add(self, kind: str, status: int, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        self.statuses.setdefault(kind, Counter())[status] += 1


async def _client(
    host: str, port: int, workload: Workload, rng: random.Random, until: float, tally: Tally | None
) -> None:
    connection = Connection(host, port)
    try:
        while time.monotonic() < until:
            request = workload.next(rng)
            started = time.perf_counter()
            try:
                status = await connection.send(request)
            except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
                if tally is not None:
                    tally.failures[request.kind] += 1
                await asyncio.sleep(0.05)
                continue
            if tally is not None:
                tally.add(request.kind, status, time.perf_counter() - started)
    finally:
        connection.close()


async def _pathological(host: str, port: int, until: float, mode: str, tally: Tally) -> None:
    """One pathological query a second, each on a connection of its own (they take seconds)."""
    tasks: list[asyncio.Task[None]] = []

    async def one(number: int) -> None:
        connection = Connection(host, port)
        request = pathological_request(number, mode)
        started = time.perf_counter()
        try:
            tally.add("pathological", await connection.send(request), time.perf_counter() - started)
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
            tally.failures["pathological"] += 1
        finally:
            connection.close()

    number = 0
    next_at = time.monotonic()
    while next_at < until:
        tasks.append(asyncio.create_task(one(number)))
        number += 1
        next_at += 1.0
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))
    await asyncio.gather(*tasks)


async def drive(
    url: str, workload: Workload, *, clients: int, duration: float, warmup: float = 0.0,
    pathological: str | None = None, seed: int = 1,
) -> tuple[Tally, float]:  # fmt: skip
    """Warm up (not measured), then run ``clients`` closed-loop clients for ``duration`` seconds
    (plus the pathological injector); the tally and the measured wall time."""
    host, port = url.removeprefix("http://").split(":")
    if warmup > 0:
        until = time.monotonic() + warmup
        await asyncio.gather(
            *(_client(host, int(port), workload, random.Random(seed * 1000 + i), until, None) for i in range(clients))
        )
    tally = Tally()
    started = time.monotonic()
    until = started + duration
    jobs = [_client(host, int(port), workload, random.Random(seed + i), until, tally) for i in range(clients)]
    if pathological:
        jobs.append(_pathological(host, int(port), until, pathological, tally))
    await asyncio.gather(*jobs)
    return tally, time.monotonic() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def summarise(tally: Tally, seconds: float) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    ordinary: list[float] = []
    ordinary_statuses: Counter[int] = Counter()
    for kind in (*CLASSES, "pathological"):
        latencies = tally.latencies.get(kind, [])
        statuses = tally.statuses.get(kind, Counter())
        if kind != "pathological":
            ordinary += latencies
            ordinary_statuses += statuses
        if latencies or tally.failures.get(kind):
            rows[kind] = _row(
                latencies,
                statuses,
                tally.failures.get(kind, 0),
                seconds,
                expected=(503,) if kind == "pathological" else (),
            )
    rows["all ordinary"] = _row(
        ordinary, ordinary_statuses, sum(v for k, v in tally.failures.items() if k != "pathological"), seconds
    )
    return rows


def _row(
    latencies: list[float], statuses: Counter[int], failures: int, seconds: float, expected: tuple[int, ...] = ()
) -> dict[str, Any]:
    errors = {str(s): n for s, n in sorted(statuses.items()) if s >= 400 and s not in expected}
    if failures:
        errors["connection"] = failures
    return {
        "requests": len(latencies),
        "errors": errors,
        "statuses": {str(s): n for s, n in sorted(statuses.items())},
        "rps": len(latencies) / seconds if seconds else 0.0,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
    }


def run(
    *, clients: int, duration: float, query_timeout: float, warmup: float, pathological: str | None, seed: int = 1
) -> dict[str, Any]:
    """One run on a fresh `tbgraph serve`: its rows and the workers' state before and after."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start_server(port, query_timeout)
    try:
        wait_ready(url, process)
        workload = Workload(url)
        before = workers_settled(url)
        tally, seconds = asyncio.run(
            drive(
                url, workload, clients=clients, duration=duration, warmup=warmup, pathological=pathological, seed=seed
            )
        )
        after = workers_settled(url)
        alive = process.poll() is None
    finally:
        stop_server(process)
        log = server_log(process)
        remove_log(process)
    lost = (after["query_workers_replaced"] - after["query_timeouts"]) + (
        after["query_workers"] - after["query_workers_alive"]
    )
    return {
        "rows": summarise(tally, seconds),
        "seconds": seconds,
        "server_alive": alive,
        "server_log": log.splitlines()[-40:],
        "server_uptime_continuous": after["uptime_seconds"] > before["uptime_seconds"],
        "workers": {
            "size": after["query_workers"],
            "alive_before": before["query_workers_alive"],
            "alive_after": after["query_workers_alive"],
            "timeouts": after["query_timeouts"] - before["query_timeouts"],
            "replaced": after["query_workers_replaced"] - before["query_workers_replaced"],
            "lost": lost,
        },
    }


# -- the report ----------------------------------------------------------------------------------


def table(results: dict[str, dict[str, Any]]) -> str:
    head = (
        f"{'run':<13} {'class':<17} {'requests':>9} {'errors':<18} {'req/s':>8} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    )
    lines = [head, "-" * len(head)]
    for name, result in results.items():
        for kind, row in result["rows"].items():
            errors = ", ".join(f"{s}×{n}" for s, n in row["errors"].items()) or "0"
            if kind == "pathological":
                errors += f" (503×{row['statuses'].get('503', 0)} expected)"
            lines.append(
                f"{name:<13} {kind:<17} {row['requests']:>9,} {errors:<18} {row['rps']:>8,.1f} "
                f"{row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['p99_ms']:>8.1f}"
            )
        lines.append("")
    if "clean" in results and "pathological" in results:
        clean = results["clean"]["rows"]["all ordinary"]["p99_ms"]
        bad = results["pathological"]["rows"]["all ordinary"]["p99_ms"]
        lines.append(
            f"ordinary requests' p99, pathological / clean: {bad:.1f} ms / {clean:.1f} ms = {bad / clean:.2f}×"
        )
        for kind in CLASSES:
            c = results["clean"]["rows"].get(kind, {}).get("p99_ms")
            p = results["pathological"]["rows"].get(kind, {}).get("p99_ms")
            if c and p:
                lines.append(f"  {kind:<17} {p:8.1f} / {c:8.1f} ms = {p / c:.2f}×")
    for name, result in results.items():
        w = result["workers"]
        lines.append(
            f"query workers ({name}): alive before {w['alive_before']}/{w['size']}, "
            f"after {w['alive_after']}/{w['size']}; "
            f"stopped at the time limit {w['timeouts']}, replaced {w['replaced']}, lost {w['lost']}; "
            f"server process {'alive' if result['server_alive'] else 'DEAD'}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds measured per run")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of unmeasured load first")
    parser.add_argument("--query-timeout", type=float, default=2.0)
    parser.add_argument("--pathological", choices=("comment", "same", "literal"), default="comment")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    print(
        f"load test: {args.clients} clients, {args.duration:g} s per run after {args.warmup:g} s warm-up, "
        f"--query-timeout {args.query_timeout:g}, {os.cpu_count()} CPUs",
        flush=True,
    )
    results: dict[str, dict[str, Any]] = {}
    for name, pathological in (("clean", None), ("pathological", args.pathological)):
        results[name] = run(
            clients=args.clients, duration=args.duration, query_timeout=args.query_timeout,
            warmup=args.warmup, pathological=pathological,
        )  # fmt: skip
        print(f"  {name} run done", flush=True)
    print()
    print(table(results))
    for name, result in results.items():
        if any(r["errors"] for r in result["rows"].values()) and result["server_log"]:
            print(f"\nserver log ({name} run, last lines):\n  " + "\n  ".join(result["server_log"]))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()}, **results}, indent=2))
    errors = sum(sum(r["rows"]["all ordinary"]["errors"].values()) for r in results.values())
    lost = sum(r["workers"]["lost"] for r in results.values())
    return 0 if errors == 0 and lost == 0 and all(r["server_alive"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
