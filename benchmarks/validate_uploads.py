"""What uploads to POST /api/validate do to everyone else, by how many are validated at once.

Run: ``.venv/bin/python benchmarks/validate_uploads.py`` (about 1 min). It starts ``tbgraph serve``
on one synthetic letter and, for 10 s each, drives 8 clients reading the REST API, first alone,
then while 16 other clients upload the largest body the server accepts (synthetic letters as
Turtle, just under ``max_body_bytes``) to ``/api/validate`` over and over, with
``validations_at_once`` 1 (the default) and 64 (every upload at once, as it was before the gate).
It prints one table: the readers' throughput and latency, and what became of the uploads.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import growth  # noqa: E402  (the server helpers)
from text_table import print_table  # noqa: E402

READS = ("/api/assignments?limit=10", "/api/agencies", "/api/ask/dependencies?assignment=TB2023-15")


def upload_body(limit: int) -> bytes:
    """Synthetic letters' Turtle, concatenated (prefixes may be declared again), up to ``limit`` bytes."""
    from tbgraph.growth.letters import write_dataset

    folder = Path(tempfile.mkdtemp(prefix="tbgraph-upload-"))
    dataset = write_dataset(folder, 20)
    body = b""
    for letter in dataset.letters:
        text = letter.read_bytes()
        if len(body) + len(text) > limit:
            break
        body += text + b"\n"
    return body


async def drive(port: int, seconds: float, readers: int, uploaders: int, body: bytes) -> dict[str, Any]:
    import httpx

    reads: list[float] = []
    read_errors = 0
    uploads: dict[int, list[float]] = {}
    base = f"http://127.0.0.1:{port}"
    limits = httpx.Limits(max_connections=readers + uploaders)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        stop = time.monotonic() + seconds

        async def reader(n: int) -> None:
            nonlocal read_errors
            i = n
            while time.monotonic() < stop:
                started = time.perf_counter()
                try:
                    ok = (await client.get(READS[i % len(READS)])).status_code == 200
                except httpx.HTTPError:
                    ok = False
                reads.append((time.perf_counter() - started) * 1000)
                read_errors += not ok
                i += 1

        async def uploader() -> None:
            while time.monotonic() < stop:
                started = time.perf_counter()
                try:
                    response = await client.post("/api/validate", content=body, headers={"Content-Type": "text/turtle"})
                    status = response.status_code
                except httpx.HTTPError:
                    status = 0  # unanswered: still waiting when the run ended, or the connection failed
                uploads.setdefault(status, []).append((time.perf_counter() - started) * 1000)
                if status == 503:
                    await asyncio.sleep(1.0)  # as Retry-After asks (5 s), shortened to keep the pressure on

        started = time.monotonic()
        await asyncio.gather(*(reader(n) for n in range(readers)), *(uploader() for _ in range(uploaders)))
        elapsed = time.monotonic() - started
    reads.sort()
    done = uploads.get(200, [])
    return {
        "read_rps": len(reads) / elapsed,
        "read_p50": statistics.median(reads) if reads else math.nan,
        "read_p99": reads[min(len(reads) - 1, math.ceil(0.99 * len(reads)) - 1)] if reads else math.nan,
        "read_errors": read_errors,
        "validated": len(done),
        "validated_p50": statistics.median(done) if done else math.nan,
        "busy": len(uploads.get(503, [])),
        "other": sum(len(v) for k, v in uploads.items() if k not in (200, 503)),
    }


def measure(root: Path, at_once: int, seconds: float, readers: int, uploaders: int, body: bytes) -> dict[str, Any]:
    os.environ["TBGRAPH_VALIDATIONS_AT_ONCE"] = str(at_once)
    port = growth.free_port()
    process = growth.start_server(root, store=None, validate=False, cache=False, port=port)
    try:
        growth.wait_ready(port, process, 120)
        return asyncio.run(drive(port, seconds, readers, uploaders, body))
    finally:
        growth.stop_server(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per setting (10)")
    parser.add_argument("--readers", type=int, default=8, help="clients reading the REST API (8)")
    parser.add_argument("--uploaders", type=int, default=16, help="clients uploading to /api/validate (16)")
    args = parser.parse_args()
    from tbgraph.api.settings import Settings
    from tbgraph.growth.letters import write_dataset

    root = growth.data_root(1)
    write_dataset(root, 1)
    body = upload_body(Settings().max_body_bytes)
    print(f"upload: {len(body) / 2**20:.2f} MiB of Turtle", file=sys.stderr)
    rows = [("readers alone", 1, 0)]
    rows += [(f"{args.uploaders} uploaders, {n} at once", n, args.uploaders) for n in (1, 64)]
    results = []
    for label, at_once, uploaders in rows:
        print(f"  {label}", file=sys.stderr, flush=True)
        results.append((label, measure(root, at_once, args.seconds, args.readers, uploaders, body)))
    header = ("setting", "reads/s", "read p50 ms", "read p99 ms", "read errors")
    header += ("validated", "validate p50 s", "503", "unanswered")
    table = [
        (
            label,
            f"{r['read_rps']:.0f}",
            f"{r['read_p50']:.0f}",
            f"{r['read_p99']:.0f}",
            str(r["read_errors"]),
            str(r["validated"]),
            "–" if math.isnan(r["validated_p50"]) else f"{r['validated_p50'] / 1000:.1f}",
            str(r["busy"]),
            str(r["other"]),
        )
        for label, r in results
    ]
    print_table(header, table)


if __name__ == "__main__":
    main()
