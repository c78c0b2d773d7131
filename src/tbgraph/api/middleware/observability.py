"""What operators see: ``/metrics`` in the Prometheus text format, and an optional JSON access log.

One ASGI middleware times every HTTP request and counts it by route (the path template, so that
``/id/assignment/ehelse/TB2023-01`` and ``…/TB2023-02`` are one series), method and status; the
query pool, the answer caches and the server's own counters are read when ``/metrics`` is scraped
(a collector, not copies kept up to date). The metrics live in a registry of the application's own,
so two applications in one process (the tests) do not mix. With several uvicorn workers each
process answers for itself.

The access log, when asked for (``access_log_json``), is one JSON object a line on the logger
``tbgraph.access``: time, client, method, path, route, status, bytes sent, seconds.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

__all__ = ["Observability", "metrics_body", "CONTENT_TYPE_LATEST"]

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]

access_log = logging.getLogger("tbgraph.access")

_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class _ServerCollector(Collector):
    """The query pool's and caches' counters, read from the running application at scrape time."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def collect(self) -> Iterator[Any]:
        state = getattr(getattr(self.app, "state", None), "tbgraph", None)
        if state is None:
            return
        executor = state.executor
        if executor is not None:
            yield CounterMetricFamily(
                "tbgraph_query_timeouts", "Queries stopped at the time limit.", value=executor.timeouts
            )
            yield CounterMetricFamily(
                "tbgraph_query_workers_replaced",
                "Query workers replaced (one per time-out, plus any that died otherwise).",
                value=executor.replaced,
            )
            yield GaugeMetricFamily("tbgraph_query_workers", "Query workers in the pool.", value=executor.size)
            yield GaugeMetricFamily("tbgraph_query_workers_alive", "Query workers alive.", value=executor.alive)
            yield GaugeMetricFamily(
                "tbgraph_query_workers_idle", "Query workers waiting for a query.", value=executor.idle
            )
        entries = GaugeMetricFamily("tbgraph_cache_entries", "Answers kept, by cache.", labels=["cache"])
        size = GaugeMetricFamily(
            "tbgraph_cache_bytes", "Bytes kept (answers and their keys), by cache.", labels=["cache"]
        )
        hits = CounterMetricFamily("tbgraph_cache_hits", "Answers served from a cache.", labels=["cache"])
        misses = CounterMetricFamily("tbgraph_cache_misses", "Answers looked for and not kept.", labels=["cache"])
        for name, cache in (("sparql", state.cache), ("api", _api_cache(self.app))):
            if cache is None:
                continue
            entries.add_metric([name], len(cache))
            size.add_metric([name], cache.size)
            hits.add_metric([name], cache.hits)
            misses.add_metric([name], cache.misses)
        yield from (entries, size, hits, misses)
        yield GaugeMetricFamily("tbgraph_triples", "Triples in the dataset served.", value=state.void.triples)


def _api_cache(app: Any) -> Any:
    kept = getattr(getattr(app, "state", None), "tbgraph_api_cache", None)
    return kept


class Observability:
    """Time and count every request; answer ``GET /metrics``; log access as JSON when asked."""

    def __init__(self, app: ASGIApp, *, application: Any, json_log: bool = False, metrics: bool = True) -> None:
        self.app = app
        self.json_log = json_log
        self.metrics = metrics
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "tbgraph_http_requests", "HTTP requests answered.", ["route", "method", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "tbgraph_http_request_duration_seconds",
            "Time from a request's start to its answer's end.",
            ["route"],
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.registry.register(_ServerCollector(application))
        application.state.tbgraph_metrics = self.registry

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.metrics and scope["path"].endswith("/metrics") and scope["method"] in ("GET", "HEAD"):
            root = scope.get("root_path", "")
            if scope["path"][len(root) :] == "/metrics" or scope["path"] == "/metrics":
                await self._metrics(scope, send)
                return
        started = time.perf_counter()
        status = 500
        sent = 0

        async def watch(message: MutableMapping[str, Any]) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            seconds = time.perf_counter() - started
            route = _route(scope)
            self.requests.labels(route, scope["method"], str(status)).inc()
            self.latency.labels(route).observe(seconds)
            if self.json_log:
                client = scope.get("client") or ("", 0)
                access_log.info(
                    json.dumps(
                        {
                            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                            "client": client[0],
                            "method": scope["method"],
                            "path": scope["path"],
                            "route": route,
                            "status": status,
                            "bytes": sent,
                            "seconds": round(seconds, 6),
                        },
                        ensure_ascii=False,
                    )
                )

    async def _metrics(self, scope: MutableMapping[str, Any], send: Send) -> None:
        body = metrics_body(self.registry)
        headers = [(b"content-type", CONTENT_TYPE_LATEST.encode()), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


def metrics_body(registry: CollectorRegistry) -> bytes:
    return generate_latest(registry)


def _route(scope: MutableMapping[str, Any]) -> str:
    """The route's path template (bounded label values); unmatched paths share one value."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path
    if scope["path"].startswith("/static/"):
        return "/static/…"
    return "(no route)"
