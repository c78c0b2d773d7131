"""Fixture letters as a PDF viewer's copy gives them, held against their truth.

A letter copied out of a PDF viewer loses its columns: every run of spaces becomes one space, and every line is
followed by a blank line (as the shipped letter data/source/*.txt is). ``flat`` makes that copy of a fixture letter;
``flat_scores`` extracts every fixture letter so copied and scores it against its hand-written truth.

Run as a script it prints the figures per letter and the totals:
``.venv/bin/python tests/flat_truth.py [KIND ...]`` (default: assignments and deadlines).
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from tbgraph.extract import extract_letter
from tbgraph.extract.gazetteer import Gazetteer, load_gazetteer
from tbgraph.extract.truth import KindFigures, load_truth, score, truth_path_for

__all__ = ["LETTERS", "flat", "flat_score", "flat_scores"]

LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters"


def flat(text: str) -> str:
    """``text`` as a PDF viewer's copy gives it: one space between columns, a blank line after every line."""
    lines = text.split("\n")
    return "\n".join((re.sub(r"(?<=\S) {2,}", " ", ln).rstrip() + " " if ln.strip() else " ") + "\n" for ln in lines)


def flat_score(letter: Path, gazetteer: Gazetteer, workdir: Path) -> dict[str, KindFigures]:
    """The figures per kind of ``letter`` copied flat (written under ``workdir`` by its own name)."""
    copy = workdir / letter.name
    copy.write_text(flat(letter.read_text(encoding="utf-8")), encoding="utf-8")
    return score(extract_letter(copy, gazetteer=gazetteer), load_truth(truth_path_for(letter)), gazetteer).kinds


def flat_scores(letters: Iterable[Path] | None = None) -> dict[str, dict[str, KindFigures]]:
    gazetteer = load_gazetteer()
    chosen = sorted(letters) if letters is not None else sorted(LETTERS.glob("tildelingsbrev-*.txt"))
    with tempfile.TemporaryDirectory() as workdir:
        return {p.stem: flat_score(p, gazetteer, Path(workdir)) for p in chosen if truth_path_for(p).exists()}


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "–"


def main(kinds: list[str]) -> None:
    scores = flat_scores()
    totals = {k: [0, 0, 0, 0] for k in kinds}
    print("| letter | kind | truth | extracted | matched | precision | recall |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, figures in scores.items():
        for kind in kinds:
            f = figures[kind]
            t = totals[kind]
            t[0] += f.truth
            t[1] += f.extracted
            t[2] += f.matched_truth
            t[3] += f.matched_extracted
            print(
                f"| {name} | {kind} | {f.truth} | {f.extracted} | {f.matched_truth} | "
                f"{_pct(f.matched_extracted, f.extracted)} | {_pct(f.matched_truth, f.truth)} |"
            )
    for kind, (truth, extracted, matched, matched_e) in totals.items():
        at_90 = sum(1 for figures in scores.values() if (figures[kind].recall or 0) >= 0.9 or not figures[kind].truth)
        print(
            f"{kind}: {len(scores)} letters, truth {truth}, extracted {extracted}, matched {matched}; "
            f"precision {_pct(matched_e, extracted)}, recall {_pct(matched, truth)}; recall ≥ 90 % in {at_90}"
        )


if __name__ == "__main__":
    main(sys.argv[1:] or ["assignments", "deadlines"])
