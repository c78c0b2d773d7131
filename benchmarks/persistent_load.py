"""The persistent load at N letters, the code before and now alternated in one run.

Run:  .venv/bin/python benchmarks/persistent_load.py [--letters 1000] [--runs 3]
                                                     [--baseline-src DIR ...] [--root LABEL=DIR ...]
                                                     [--memory] [--reload] [--no-fresh]

What `tbgraph load --store` and a first `tbgraph serve --store` on new data pay: open_dataset into a
fresh RocksDB folder. In each run, for each code tree (this checkout's src and each --baseline-src,
e.g. the src of a worktree of an earlier commit) and each data root (the growth letters,
benchmarks/results/growth/letters-N, the same letters with a supplement each, benchmarks/results/as_of/N,
and any --root), one fresh process loads the files and reports its seconds, peak memory (max RSS),
the bytes it wrote (RocksDB's compactions included), the CPU seconds of all its threads and the
store on disk. The trees and roots take turns run by run, so the machine's load falls on all of
them: compare within one run, as ratios. With --memory, this checkout's load in memory and the
reopen of its loaded folder up to a first answer are measured in the same turns. With --reload, each
tree also reloads a store holding another data version (`tbgraph load --store` after letters were
added): a copy of a folder loaded once from the letters alone, opened with the letters and their
supplements, up to the store answering; the folders left beside it afterwards are counted.
--no-fresh leaves out the loads into a fresh folder.

The table is printed; the figures are kept in benchmarks/results/persistent_load.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def _open_dataset() -> Any:
    """The tree's open_dataset: tbgraph.dataset.opening now, tbgraph.dataset before the layers."""
    try:
        from tbgraph.dataset.opening import open_dataset
    except ImportError:
        from tbgraph.dataset import open_dataset  # type: ignore[attr-defined,no-redef]
    return open_dataset


def _sources(root: Path) -> list[Any]:
    try:
        from tbgraph.dataset.loader import default_sources
    except ImportError:
        from tbgraph.loader import default_sources  # type: ignore[no-redef]
    return list(default_sources(root=root))


def child(kind: str, root: Path, store: Path) -> dict[str, Any]:
    """One load (``persistent``, ``memory``), ``reopen`` or ``reload`` (into a store holding another data
    version), in this process: its figures."""
    open_dataset = _open_dataset()
    sources = _sources(root)
    if kind == "persistent":
        shutil.rmtree(store, ignore_errors=True)
    started = time.perf_counter()
    store_path = None if kind == "memory" else store
    opened = open_dataset(store_path=store_path, sources=sources)
    if kind in ("reopen", "reload"):
        opened.store.query("ASK { ?s ?p ?o }")
    seconds = time.perf_counter() - started
    assert opened.reused == (kind == "reopen"), f"{kind}: reused {opened.reused}"
    triples = opened.report.triples
    del opened
    usage = resource.getrusage(resource.RUSAGE_SELF)
    io = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
    out = {
        "seconds": seconds,
        "triples": triples,
        "files": len(sources),
        "rss_mib": usage.ru_maxrss / 1024,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "written_mib": int(io["write_bytes"]) / 2**20,
    }
    if kind == "reload":
        out["left_beside"] = sorted(p.name for p in store.parent.iterdir() if p.name.startswith(f"{store.name}."))
    if kind in ("persistent", "reload"):
        out["disk_mib"] = sum(f.stat().st_size for f in store.rglob("*") if f.is_file()) / 2**20
        out["disk_files"] = sum(1 for _ in store.iterdir())
    return out


def run_child(kind: str, src: Path, root: Path, store: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", kind, "--child-root", str(root), "--child-store", str(store)]
    env = {**os.environ, "PYTHONPATH": str(src), "TBGRAPH_HOME": str(RESULTS / "home")}
    for key in ("TBGRAPH_STORE", "TBGRAPH_DATA_ROOT"):
        env.pop(key, None)
    load_before = os.getloadavg()[0]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"{kind} with {src} on {root} failed:\n{done.stderr[-3000:]}")
    measured: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    measured["load_average"] = [load_before, os.getloadavg()[0]]
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=1000, help="letters (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="turns, each tree and root once a turn (default 3)")
    parser.add_argument("--baseline-src", type=Path, action="append", default=[], help="another code tree's src")
    parser.add_argument("--root", action="append", default=[], metavar="LABEL=DIR", help="another data root")
    parser.add_argument("--memory", action="store_true", help="also this checkout's load in memory and reopen")
    parser.add_argument("--reload", action="store_true", help="also each tree's reload of another data version")
    parser.add_argument("--no-fresh", action="store_true", help="leave out the loads into a fresh folder")
    parser.add_argument("--child", choices=("persistent", "memory", "reopen", "reload"), help=argparse.SUPPRESS)
    parser.add_argument("--child-root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.child_root, args.child_store)))
        return

    sys.path.insert(0, str(ROOT / "src"))
    from tbgraph.growth.letters import write_dataset

    roots = {
        "letters": write_dataset(RESULTS / "growth" / f"letters-{args.letters}", args.letters).root,
        "with supplements": write_dataset(RESULTS / "as_of" / str(args.letters), args.letters, supplements=True).root,
    }
    for given in args.root:
        label, _, folder = given.partition("=")
        roots[label] = Path(folder)
    trees = {"now": ROOT / "src", **{f"baseline {i + 1}": src for i, src in enumerate(args.baseline_src)}}
    store = RESULTS / f"persistent-load-{args.letters}"
    template = RESULTS / f"persistent-load-{args.letters}-letters-only"
    runs: dict[str, list[dict[str, Any]]] = {}
    if args.reload:
        print("the store of the letters alone, reloaded from in each turn ...", file=sys.stderr, flush=True)
        run_child("persistent", ROOT / "src", roots["letters"], template)
    for turn in range(args.runs):
        for tree, src in trees.items():
            if args.reload:
                key = f"{tree} | reload: letters → with supplements"
                print(f"turn {turn + 1}: {key} ...", file=sys.stderr, flush=True)
                shutil.rmtree(store, ignore_errors=True)
                shutil.copytree(template, store)
                runs.setdefault(key, []).append(run_child("reload", src, roots["with supplements"], store))
            for label, root in roots.items():
                if args.no_fresh:
                    continue
                key = f"{tree} | {label}"
                print(f"turn {turn + 1}: {key} ...", file=sys.stderr, flush=True)
                runs.setdefault(key, []).append(run_child("persistent", src, root, store))
                if args.memory and tree == "now":
                    runs.setdefault(f"{key} | reopen", []).append(run_child("reopen", src, root, store))
                    runs.setdefault(f"{key} | in memory", []).append(run_child("memory", src, root, store))
    shutil.rmtree(store, ignore_errors=True)
    shutil.rmtree(template, ignore_errors=True)

    summary = {}
    print(f"\n{args.letters} letters, {args.runs} turns; trees: " + ", ".join(f"{k} = {v}" for k, v in trees.items()))
    print(
        "| what | files | triples | seconds (each turn) | p50 s | s per million triples | peak MiB | written MiB "
        "| CPU s | load average | left beside |"
    )
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---|---|")
    for key, measured in runs.items():
        p50 = statistics.median(m["seconds"] for m in measured)
        triples = measured[0]["triples"]
        summary[key] = {"p50": p50, "per_million_triples": p50 / triples * 1e6}
        loads = [x for m in measured for x in m["load_average"]]
        print(
            f"| {key} | {measured[0]['files']:,} | {triples:,} | "
            + " / ".join(f"{m['seconds']:.1f}" for m in measured)
            + f" | {p50:.1f} | {p50 / triples * 1e6:.1f} | {max(m['rss_mib'] for m in measured):,.0f} | "
            f"{statistics.median(m['written_mib'] for m in measured):,.0f} | "
            f"{statistics.median(m['cpu_seconds'] for m in measured):.1f} | {min(loads):.1f}–{max(loads):.1f} | "
            + (", ".join(sorted({n for m in measured for n in m["left_beside"]})) or "none" if "reload" in key else "")
            + " |"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "persistent_load.json"
    out.write_text(
        json.dumps(
            {
                "letters": args.letters,
                "trees": {k: str(v) for k, v in trees.items()},
                "roots": {k: str(v) for k, v in roots.items()},
                "runs": runs,
                "summary": summary,
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    print(f"\nkept in {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
