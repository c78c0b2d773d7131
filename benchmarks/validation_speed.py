"""How long does SHACL validation take, and what does each speed-up buy? One table.

Run:  .venv/bin/python benchmarks/validation_speed.py [--letters 1,10] [--repeat 3]

Validation decides a server's first start on new data (the verdict is then kept by data version),
so it is measured the way a start meets it: in a fresh process ("cold": nothing parsed or prepared
yet) and then again in the same process ("warm"). Each configuration adds one speed-up to the one
before it:

* plain pySHACL: rdflib's SPARQL engine, one process (what tbgraph did before);
* + the memoisations of tbgraph.validation.tuning;
* + the SPARQL queries answered by Oxigraph (tbgraph.validation.queries);
* + the shapes shared out over two processes (tbgraph.validation.split), what a start now does.

The data is the shipped letter with its reference data and, for ``--letters`` above 1, that many
synthetic letters (tbgraph.growth.letters, cached under benchmarks/results/). Every configuration must
give the same report (the script checks the findings); figures are medians of ``--repeat`` fresh
processes. Results also go to benchmarks/results/validation_speed.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT / "src"))

CONFIGURATIONS = {
    "plain pySHACL (rdflib engine, 1 process)": {"tuned": False, "oxigraph": False, "processes": 1},
    "+ memoisations (pyshacl_tuning)": {"tuned": True, "oxigraph": False, "processes": 1},
    "+ Oxigraph answers the SPARQL": {"tuned": True, "oxigraph": True, "processes": 1},
    "+ 2 processes (what a start does)": {"tuned": True, "oxigraph": True, "processes": 2},
}


def child(letters: int, tuned: bool, oxigraph: bool, processes: int) -> dict[str, Any]:
    """In a fresh process: build the data graph, validate twice, report the times and findings."""
    started = time.perf_counter()
    import rdflib

    from tbgraph.dataset.loader import LETTER_GRAPH_PREFIX, REFERENCE_GRAPH, default_sources
    from tbgraph.growth.letters import synthetic_sources
    from tbgraph.model.rdfio import parse_graph
    from tbgraph.validation import shacl as validation
    from tbgraph.validation import tuning as pyshacl_tuning

    imported = time.perf_counter()
    graph = rdflib.Graph()
    sources = default_sources() if letters <= 1 else synthetic_sources(letters_root(letters))
    for source in sources:
        if source.graph == REFERENCE_GRAPH or source.graph.startswith(LETTER_GRAPH_PREFIX):
            graph += parse_graph(source.path)
    parsed = time.perf_counter()
    if not tuned:
        pyshacl_tuning.untune_pyshacl()
        validation.tune_pyshacl = lambda: True  # type: ignore[assignment]  # what validate() calls
    validation.USE_OXIGRAPH = oxigraph
    times = []
    report = None
    for _ in range(2):
        t = time.perf_counter()
        report = validation.validate(graph, processes=processes)
        times.append(time.perf_counter() - t)
    assert report is not None
    return {
        "import_s": imported - started,
        "parse_s": parsed - imported,
        "cold_s": times[0],
        "warm_s": times[1],
        "triples": len(graph),
        "conforms": report.conforms,
        "findings": sorted(str(f) for f in report.findings),
    }


def letters_root(letters: int) -> Path:
    """The same synthetic data root benchmarks/growth.py writes and reuses."""
    return RESULTS / "growth" / f"letters-{letters}"


def ensure_letters(letters: int) -> None:
    if letters > 1:
        subprocess.run(
            [sys.executable, "-m", "tbgraph.cli", "synthesize", str(letters_root(letters)), "--letters", str(letters)],
            check=True,
            capture_output=True,
        )


def measure(letters: int, configuration: dict[str, Any], repeat: int) -> dict[str, Any]:
    runs = []
    for _ in range(repeat):
        output = subprocess.run(
            [sys.executable, __file__, "--child", json.dumps({"letters": letters, **configuration})],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
    merged = {key: statistics.median(r[key] for r in runs) for key in ("import_s", "parse_s", "cold_s", "warm_s")}
    merged.update({key: runs[0][key] for key in ("triples", "conforms", "findings")})
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", default="1", help="comma-separated letter counts (default 1: the shipped letter)")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per figure (median)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(**json.loads(args.child))))
        return
    results: dict[str, dict[str, Any]] = {}
    header = f"{'letters':>7}  {'configuration':<44} {'cold s':>7} {'warm s':>7} {'cold ×':>7}  findings"
    print(header)
    print("-" * len(header))
    for letters in (int(n) for n in args.letters.split(",")):
        ensure_letters(letters)
        base = None
        for label, configuration in CONFIGURATIONS.items():
            figures = measure(letters, configuration, args.repeat)
            base = base or figures
            same = "same" if figures["findings"] == base["findings"] else "DIFFERENT"
            speedup = base["cold_s"] / figures["cold_s"]
            print(
                f"{letters:>7}  {label:<44} {figures['cold_s']:>7.2f} {figures['warm_s']:>7.2f} {speedup:>6.1f}×  "
                f"{len(figures['findings'])} ({same})"
            )
            results[f"{letters}:{label}"] = {k: v for k, v in figures.items() if k != "findings"} | {
                "same_report": same
            }
        print(
            f"{'':>7}  ({base['triples']:,} triples; importing rdflib/pySHACL {base['import_s']:.2f} s and parsing "
            f"{base['parse_s']:.2f} s come before every validation and are not in the figures)"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "validation_speed.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
