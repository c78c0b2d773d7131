"""What gzip does to whole answers, and at what cost: the measurement behind tbgraph.api.middleware.compression.

Run:  .venv/bin/python benchmarks/compression.py [--letters 1000] [--repeat 5]

Loads the synthetic letters of benchmarks/growth.py (written there if missing) into Oxigraph in
memory, writes every named competency query's whole answer over all letters as SPARQL JSON (what
/sparql sends; required parameters bound as benchmarks/growth.py binds them), and for each zlib
level the total over the answers: bytes, ratio, the time to compress once (what the server pays
once per answer and data version, when it keeps it) and to decompress (what a client pays on
every ask). Medians of --repeat runs. One table.

The server keeps an answer compressed and sends the same bytes on every ask, so the level trades a
one-off cost against the size of every ask and of what the answer cache can hold.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from text_table import print_table  # noqa: E402

LEVELS = (1, 3, 6, 9)


def median_ms(function: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def answers(letters: int) -> dict[str, bytes]:
    """Each named query's whole answer over all letters, as SPARQL JSON written by Oxigraph."""
    import growth
    import pyoxigraph as ox

    from tbgraph.growth.letters import write_dataset

    root = growth.data_root(letters)
    write_dataset(root, letters)
    store = ox.Store()
    for source in growth._sources(root):
        store.load(path=str(source.path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(source.graph))
    bodies = {}
    for name, text in growth.sparql_texts().items():
        result = store.query(text, use_default_graph_as_union=True)
        bodies[name] = result.serialize(format=ox.QueryResultsFormat.JSON) or b""  # type: ignore[union-attr]
    return bodies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=1000, help="letters loaded (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (default 5)")
    args = parser.parse_args()
    print(f"loading {args.letters} letters and answering every named query …", file=sys.stderr, flush=True)
    bodies = answers(args.letters)
    total = sum(len(b) for b in bodies.values())
    largest = max(bodies, key=lambda n: len(bodies[n]))
    print(
        f"{len(bodies)} answers, {total / 1e6:.1f} MB of SPARQL JSON (largest: {largest}, "
        f"{len(bodies[largest]) / 1e6:.1f} MB)",
        file=sys.stderr,
    )
    header = ("level", "bytes (MB)", "ratio", "compress once (ms)", "decompress (ms)", f"{largest} (MB)")
    lines = [("none", f"{total / 1e6:.2f}", "1.0", "0", "0", f"{len(bodies[largest]) / 1e6:.2f}")]
    for level in LEVELS:
        packed = {n: gzip.compress(b, compresslevel=level, mtime=0) for n, b in bodies.items()}
        size = sum(len(p) for p in packed.values())
        pack = median_ms(
            lambda level=level: [gzip.compress(b, compresslevel=level, mtime=0) for b in bodies.values()], args.repeat
        )
        unpack = median_ms(lambda packed=packed: [gzip.decompress(p) for p in packed.values()], args.repeat)
        lines.append(
            (
                str(level),
                f"{size / 1e6:.2f}",
                f"{total / size:.1f}",
                f"{pack:.0f}",
                f"{unpack:.0f}",
                f"{len(packed[largest]) / 1e6:.2f}",
            )
        )
    print_table(header, lines)


if __name__ == "__main__":
    main()
