"""The load test (benchmarks/load_test.py), bounded to seconds so that CI runs it.

One real `tbgraph serve` (default workers, a 1 s time limit so that the pathological queries are
stopped within the run), 16 clients of mixed traffic: first clean, then with one pathological
query a second. Every ordinary request succeeds, every pathological one is stopped (503), and no
query worker is lost: each one killed was killed at the time limit and has been replaced.
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from project_paths import ROOT

pytestmark = pytest.mark.slow

_spec = importlib.util.spec_from_file_location("load_test", ROOT / "benchmarks" / "load_test.py")
assert _spec and _spec.loader
load_test: Any = importlib.util.module_from_spec(_spec)
sys.modules["load_test"] = load_test
_spec.loader.exec_module(load_test)

CLIENTS = 16
SECONDS = 5.0


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Any]]:
    port = load_test.free_port()
    url = f"http://127.0.0.1:{port}"
    process = load_test.start_server(port, 1.0)
    try:
        load_test.wait_ready(url, process)
        yield url, process
    finally:
        load_test.stop_server(process)
        load_test.remove_log(process)


def _errors(rows: dict[str, Any]) -> dict[str, Any]:
    return {kind: row["errors"] for kind, row in rows.items() if row["errors"] and kind != "pathological"}


def test_mixed_load_clean_then_pathological(server: tuple[str, Any]) -> None:
    url, process = server
    workload = load_test.Workload(url)
    port = int(url.rsplit(":", 1)[1])
    for request in workload.all_requests():  # every request of the mix works on its own
        assert asyncio.run(load_test.Connection("127.0.0.1", port).send(request)) == 200, request

    before = load_test.workers_settled(url)
    clean, clean_seconds = asyncio.run(load_test.drive(url, workload, clients=CLIENTS, duration=SECONDS / 2))
    clean_rows = load_test.summarise(clean, clean_seconds)
    assert _errors(clean_rows) == {}
    assert set(clean_rows) >= set(load_test.CLASSES), "every class of request was sent"

    bad, bad_seconds = asyncio.run(
        load_test.drive(url, workload, clients=CLIENTS, duration=SECONDS, pathological="literal")
    )
    bad_rows = load_test.summarise(bad, bad_seconds)
    assert _errors(bad_rows) == {}
    assert set(bad.statuses["pathological"]) == {503}
    assert bad_rows["all ordinary"]["requests"] > 100

    after = load_test.workers_settled(url)
    timeouts = after["query_timeouts"] - before["query_timeouts"]
    replaced = after["query_workers_replaced"] - before["query_workers_replaced"]
    assert timeouts >= 2, "the pathological queries really ran into the time limit"
    assert replaced == timeouts, "a query worker died other than by the time limit"
    assert after["query_workers_alive"] == after["query_workers"], "a query worker was not replaced"
    assert process.poll() is None, "the server process died"
    assert after["uptime_seconds"] > before["uptime_seconds"], "the server restarted"
    clean_p99, bad_p99 = clean_rows["all ordinary"]["p99_ms"], bad_rows["all ordinary"]["p99_ms"]
    print(f"\nordinary p99: clean {clean_p99:.1f} ms, pathological {bad_p99:.1f} ms; {timeouts} time-outs, none lost")


def test_the_report_table_renders() -> None:
    row = {"requests": 1, "errors": {}, "statuses": {"200": 1}, "rps": 1.0, "p50_ms": 1.0, "p95_ms": 1.0, "p99_ms": 1.0}
    workers = {"size": 2, "alive_before": 2, "alive_after": 2, "timeouts": 0, "replaced": 0, "lost": 0}
    result = {"rows": {"all ordinary": row}, "workers": workers, "server_alive": True}
    text = load_test.table({"clean": result, "pathological": result})
    assert "1.00×" in text and "lost 0" in text
