"""A/B of two texts of one named question on the embedded store: the same answer, and how long each takes.

Run:  .venv/bin/python benchmarks/query_ab.py budget OLD.rq [--new NEW.rq] [--scale 1000] [--runs 7]
                                          [--value assignment=TB2023-15] [--persistent]

A rewrite of a named question (e.g. for another engine, docs/remote-store.md) must not slow the embedded
store. This loads the synthetic letters with a supplement each (benchmarks/results/as_of/SCALE, written
by benchmarks/growth.py; made here when missing), in memory or into a persistent store, and runs the
question as tbgraph.questions.named.run_named does (parameters resolved and written in as constants)
with the OLD text and the NEW one (default: the shipped .rq file), alternated, after a warm-up of each.
It checks that both give the same rows in the same order (the records /api/ask sends) and prints the
p50, min and max in milliseconds of each, and the ratio NEW/OLD.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", help="the named question (e.g. budget)")
    parser.add_argument("old", type=Path, help="the text before (an .rq file)")
    parser.add_argument("--new", type=Path, help="the text after (default: the shipped .rq file)")
    parser.add_argument("--scale", type=int, default=1000, help="letters (default 1000)")
    parser.add_argument("--runs", type=int, default=7, help="runs of each text (default 7)")
    parser.add_argument("--value", action="append", default=[], help="a parameter as NAME=VALUE (repeatable)")
    parser.add_argument("--persistent", action="store_true", help="on a persistent store instead of in memory")
    args = parser.parse_args()

    from tbgraph.dataset.loader import default_sources
    from tbgraph.dataset.opening import open_dataset
    from tbgraph.growth.letters import write_dataset
    from tbgraph.questions import named

    root = ROOT / "benchmarks" / "results" / "as_of" / str(args.scale)
    write_dataset(root, args.scale, supplements=True)
    folder = ROOT / "benchmarks" / "results" / "growth" / f"store-{args.scale}-supplements"
    store_path = folder if args.persistent else None
    started = time.perf_counter()
    store = open_dataset(store_path=store_path, sources=default_sources(root=root)).store
    print(
        f"{args.scale} letters {'on the persistent store' if args.persistent else 'in memory'}: "
        f"opened in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    values = dict(v.split("=", 1) for v in args.value)
    shipped = named.get_query(args.name)
    texts = {
        "old": dataclasses.replace(shipped, text=args.old.read_text(encoding="utf-8")),
        "new": dataclasses.replace(shipped, text=args.new.read_text(encoding="utf-8")) if args.new else shipped,
    }
    real_get_query = named.get_query

    def run(label: str) -> tuple[float, list[dict[str, object]]]:
        named.get_query = lambda name: texts[label] if name == args.name else real_get_query(name)  # type: ignore[assignment]
        try:
            t = time.perf_counter()
            table = named.run_named(store, args.name, values)
            seconds = time.perf_counter() - t
        finally:
            named.get_query = real_get_query  # type: ignore[assignment]
        return seconds, table.records()

    answers = {label: run(label)[1] for label in texts}  # warm-up, and the answers compared
    same = answers["old"] == answers["new"]
    times: dict[str, list[float]] = {label: [] for label in texts}
    for _ in range(args.runs):
        for label in texts:
            times[label].append(run(label)[0] * 1000)
    for label, measured in times.items():
        print(
            f"{args.name} {label}: p50 {statistics.median(measured):.0f} ms (min {min(measured):.0f}, "
            f"max {max(measured):.0f}), {len(answers[label]):,} rows"
        )
    ratio = statistics.median(times["new"]) / statistics.median(times["old"])
    print(f"new/old: {ratio:.2f}; the same rows in the same order: {'yes' if same else 'NO'}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
