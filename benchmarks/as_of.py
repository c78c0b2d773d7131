"""Answers as of a day at scale: every named question over synthetic letters, without and with a
supplement (tillegg) per letter, asked after every change and as of a day before them.

Run:  .venv/bin/python benchmarks/as_of.py [--letters 1000] [--repeat 5] [--json FILE]

The letters come from tbgraph.growth.letters with ``supplements=True`` (tbgraph.growth.supplements:
each letter's "Tillegg nr. 1" raises a post and its chapter, adds an assignment, withdraws one from
1 July and moves a deadline; cached under benchmarks/results/as_of/). The same data root is loaded
twice into an in-memory Oxigraph store, as ``tbgraph serve`` loads it: once without the supplement
files, once with them. Each question is timed (p50 of --repeat runs after a warm-up, parameters
written in as tbgraph writes them) in three ways: letters only; letters and supplements, after every
change (the default answer); and the same as of 2023-06-01, before any 2023 supplement takes effect.
The machine is assumed shared: compare within one run, as ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tbgraph.dataset.loader import default_sources  # noqa: E402
from tbgraph.dataset.opening import open_dataset  # noqa: E402
from tbgraph.growth.letters import write_dataset  # noqa: E402
from tbgraph.questions.named import bind_parameters, bound_text, get_query, named_queries  # noqa: E402

#: Parameters as a user types them (as benchmarks/growth.py asks them).
TYPED = {
    "assignments-involving": {"agency": "nhn"},
    "collaborators": {"agency": "nhn"},
    "deadlines": {"from": "2023-06-01", "to": "2023-06-30"},
    "dependencies": {"assignment": "TB2023-15"},
    "legal-basis": {"assignment": "TB2023-15"},
    "solutions": {"solution": "kjernejournal"},
}
AS_OF = dt.date(2023, 6, 1)


def time_questions(store: Any, repeat: int, as_of: dt.date | None) -> dict[str, float]:
    """p50 milliseconds of each named question, the text as tbgraph sends it to Oxigraph."""
    from rdflib.namespace import XSD
    from rdflib.term import Literal

    out: dict[str, float] = {}
    for name in named_queries():
        query = get_query(name)
        bindings = bind_parameters(store, query, TYPED.get(name, {}))
        if as_of is not None:
            bindings["as_of"] = Literal(as_of.isoformat(), datatype=XSD.date)
        text, left = bound_text(query, bindings, store.engine)
        store.query(text, bindings=left)  # warm-up
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            result = store.query(text, bindings=left)
            len(getattr(result, "rows", []))
            runs.append((time.perf_counter() - started) * 1000)
        out[name] = statistics.median(runs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000, help="synthetic letters (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per question (default 5)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    root = ROOT / "benchmarks" / "results" / "as_of" / str(args.letters)
    started = time.perf_counter()
    dataset = write_dataset(root, args.letters, supplements=True)
    print(f"{len(dataset.letters)} letters, {len(dataset.supplements)} supplements, {dataset.triples:,} triples "
          f"({'reused' if dataset.reused else f'written in {time.perf_counter() - started:.0f} s'})")  # fmt: skip
    sources = default_sources(root=root)
    letters_only = [s for s in sources if "/supplement/" not in s.graph]
    figures: dict[str, dict[str, float]] = {}
    for label, chosen, as_of in (
        ("letters only", letters_only, None),
        ("with supplements", sources, None),
        (f"with supplements, as of {AS_OF}", sources, AS_OF),
    ):
        if label != f"with supplements, as of {AS_OF}":
            store = None
            gc.collect()
            started = time.perf_counter()
            store = open_dataset(sources=chosen).store
            print(f"loaded {label} in {time.perf_counter() - started:.1f} s")
        figures[label] = time_questions(store, args.repeat, as_of)
    labels = list(figures)
    print(f"\n{'question':24}" + "".join(f"{label:>34}" for label in labels) + f"{'with/without':>14}")
    for name in named_queries():
        ratio = figures[labels[1]][name] / figures[labels[0]][name]
        print(f"{name:24}" + "".join(f"{figures[label][name]:31.1f} ms" for label in labels) + f"{ratio:13.2f}x")
    if args.json:
        args.json.write_text(json.dumps({"letters": args.letters, "p50_ms": figures}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
