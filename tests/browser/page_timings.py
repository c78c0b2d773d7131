"""How long pages take to be ready in Chromium, and what they load: the figures in docs/web.md.

    .venv/bin/python tests/browser/page_timings.py [--runs 5] [--mbit 10] [path …]   (default: /docs /docs+try)

Starts the application on the shipped data as the browser tests do (tests/browser/test_explore.py),
then opens each page ``--runs`` times in a fresh browser context (nothing cached) at 1440 × 900 and
prints: the median and fastest time from the request to the page being ready (/docs: its operations
listed; /docs+try: "Try the operations" pressed at once and Swagger UI's operations drawn), every
request of the last visit with its bytes on the wire and its median duration, and what the browser
spent on script (compiling and running) and on the whole main thread (Chromium's Performance
metrics). A measurement, not a test: the machine is shared, so read the figures as ratios within one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from test_explore import ARGS, CHROMIUM, _application, _free_port  # noqa: E402

#: path → what marks the page ready beyond the load event. ``/docs+try`` is /docs with "Try the operations"
#: pressed at once: until Swagger UI has drawn its operations.
READY = {
    "/docs": "li.operation",
    "/docs+try": ".swagger-ui .opblock",
    "/explore": '#graph[data-state="ready"]',
    "/timeline": '#timeline[data-state="ready"]',
    "/sparql": ".CodeMirror",
}


def _visit(
    chromium: Any, base: str, path: str, mbit: float | None = None
) -> tuple[float, list[dict[str, Any]], dict[str, float]]:
    context = chromium.new_context(viewport={"width": 1440, "height": 900}, locale="nb-NO")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    if mbit:  # a slower network than the loopback: bytes on the wire then cost time
        cdp.send("Network.enable")
        rate = mbit * 1_000_000 / 8
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 20, "downloadThroughput": rate, "uploadThroughput": rate},
        )
    started = time.perf_counter()
    page.goto(base + path.removesuffix("+try"))
    page.wait_for_load_state("load")
    if path.endswith("+try"):
        page.click("#try-it")
    if path.split("?")[0] in READY:
        page.wait_for_selector(READY[path.split("?")[0]], state="attached", timeout=30_000)
    seconds = time.perf_counter() - started
    phases = page.evaluate(
        "(() => { const n = performance.getEntriesByType('navigation')[0];"
        " return {response: n.responseEnd, 'DOM ready': n.domContentLoadedEventEnd, load: n.loadEventEnd}; })()"
    )
    metrics_extra = {f"{k} (ms)": float(v) for k, v in phases.items()}
    entries = page.evaluate(
        "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
        ".map(e => ({url: e.name, bytes: e.transferSize, body: e.decodedBodySize, ms: e.duration}))"
    )
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    metrics.update(metrics_extra)
    context.close()
    return seconds, entries, metrics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=["/docs", "/docs+try"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--mbit",
        type=float,
        default=None,
        help="emulate a network of this many Mbit/s each way and 20 ms latency (default: loopback)",
    )
    args = parser.parse_args()
    import uvicorn
    from playwright.sync_api import sync_playwright

    app = _application()
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    with urllib.request.urlopen(base + "/"):  # noqa: S310  (starts tbgraph.web.warm, as a reader's first page)
        pass
    warming = getattr(app.state, "tbgraph_web_warm", None)
    if warming is not None:
        warming.join(timeout=60)
    print(
        f"load average per core: {os.getloadavg()[0] / len(os.sched_getaffinity(0)):.2f}"
        + (f"; network {args.mbit:g} Mbit/s, 20 ms latency" if args.mbit else "; loopback")
    )
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            for path in args.paths:
                runs = [_visit(chromium, base, path, args.mbit) for _ in range(args.runs)]
                times = [r[0] for r in runs]
                print(
                    f"\n{path}: ready in {statistics.median(times):.2f} s (median of {len(times)}), "
                    f"fastest {min(times):.2f} s"
                )
                _, entries, _ = runs[-1]
                print(
                    f"  {'request (last run; ms: median over the runs)':<58} {'on the wire':>12} {'decoded':>10} "
                    f"{'ms':>7}"
                )
                for index, e in enumerate(entries):
                    url = e["url"].removeprefix(base)
                    ms = statistics.median(r[1][index]["ms"] for r in runs if len(r[1]) > index)
                    print(f"  {url[:58]:<58} {e['bytes']:>12,} {e['body']:>10,} {ms:>7.0f}")
                total = sum(e["bytes"] for e in entries)
                print(f"  {'total':<58} {total:>12,}")
                script = statistics.median(r[2].get("ScriptDuration", 0) for r in runs)
                task = statistics.median(r[2].get("TaskDuration", 0) for r in runs)
                print(f"  main thread busy {task:.2f} s, of which script {script:.2f} s (medians)")
                phases = ", ".join(
                    f"{k.removesuffix(' (ms)')} {statistics.median(r[2][k] for r in runs) / 1000:.2f} s"
                    for k in runs[0][2]
                    if k.endswith("(ms)")
                )
                print(f"  from the request: {phases} (medians)")
            chromium.close()
    finally:
        server.should_exit = True
        thread.join(timeout=30)


if __name__ == "__main__":
    main()
