"""Supplements held against a truth written by hand (tests/fixtures/supplements/*.truth.yaml).

A truth names the letter the supplement amends (a fixture letter), its number and date, and each
change: its kind (withdrawal, deadline, addition, budget), its target as the base letter marks the
assignment (its skos:notation there: "Oppdrag 3", "Nr. 6", "2.2", "3.1, kulepunkt 1",
"DFD-2025-03"), from/to dates or before/change/after amounts with their unit, the day it takes
effect and the lines that say so. ``score`` extracts the supplement with its base letter loaded
into a TBGRAPH_HOME of its own and counts, per kind, the changes in the truth, the changes
extracted and those that match (every fact equal, and the quote's lines meeting the truth's).

Run as a script it prints the table: ``.venv/bin/python tests/supplement_truth.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, TIME

from tbgraph.extract.truth import marking_key

HERE = Path(__file__).resolve().parent
SUPPLEMENTS = HERE / "fixtures" / "supplements"
LETTERS = HERE / "fixtures" / "letters"
TBA = Namespace("https://w3id.org/tbgraph/ontology#")
KINDS = ("withdrawal", "deadline", "addition", "budget", "revision")
MULTIPLIER = {"NOK": Decimal(1), "thousand-NOK": Decimal(1000), "million-NOK": Decimal(1000000)}
NAMES = (
    "tillegg-nr-2-2024-hkdir",
    "supplerande-nr-2-2024-jernbanetilsynet",
    "endring-2025-miljodirektoratet",
    "tillegg-nr-1-2025-politidirektoratet",
    "supplerende-nr-1-2025-digdir",
    "supplerande-nr-1-2024-norad",
    "tillegg-nr-1-2025-finanstilsynet",
    "tillegg-nr-1-2025-landbruksdirektoratet",
    "supplerende-nr-2-2025-mattilsynet",
    "endring-2025-husbanken",
    "tillegg-nr-1-2025-sjofartsdirektoratet",
    "tillegg-nr-1-2025-bufdir",
    "supplerende-nr-1-2025-statsbygg",
    "tillegg-nr-2-2025-konkurransetilsynet",
    "supplerande-nr-1-2024-statped",
    "supplerande-nr-1-2024-imdi",
    "tillegg-nr-1-2025-stami",
    "supplerende-nr-1-2026-ssb",
    "endringsbrev-nr-1-2025-sokkeldirektoratet",
    "supplerande-nr-2-2024-une",
    "supplerande-nr-1-2025-skm",
    "tillegg-nr-4-2025-brreg",
    "tillegg-nr-2-2025-helsedirektoratet",
    "supplerande-nr-1-2024-statsforvaltarens-fellestenester",
    "endringsbrev-2025-domstoladministrasjonen",
    "tillegg-nr-1-2025-havforskningsinstituttet",
    "supplerande-nr-1-2024-veterinaerinstituttet",
    "supplerende-nr-1-2024-sivil-klareringsmyndighet",
    "tillegg-nr-2-2024-helseklage",
    "supplerande-nr-1-2025-havarikommisjonen",
    "supplerende-nr-2-2025-kfv",
    "endringsbrev-nr-1-2025-justervesenet",
    "tillegg-nr-1-2025-ldo",
    "supplerende-nr-2-2024-sikt",
    "tillegg-nr-1-2024-npe",
    "endringsbrev-nr-1-2025-sismo",
    "supplerende-nr-1-2024-ukom",
    "tillegg-nr-2-2025-spesialenheten",
    "endringsbrev-nr-1-2025-nmh",
    "tillegg-nr-1-2025-romsenter",
    "supplerende-nr-1-2025-ntnu",
    "supplerande-tildelingsbrev-nr-2-2025-forbrukerradet",
    "tillegg-nr-2-2025-kulturminnefondet",
    "supplerende-tildelingsbrev-nr-1-2025-nlb",
    "tillegg-nr-1-2025-distriktssenteret",
    "supplerande-tildelingsbrev-nr-2-2025-hvl",
    "endringsbrev-nr-1-2024-gassnova",
    "supplerende-tildelingsbrev-nr-2-2025-ngu",
    "tillegg-2025-uia",
    "endringsbrev-nr-1-2025-nupi",
    "tillegg-nr-1-2025-riksteatret",
)


def load_truth(name: str) -> dict[str, Any]:
    return yaml.safe_load((SUPPLEMENTS / f"{name}.truth.yaml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@dataclass
class Found:
    """One change as compared: its kind, its facts (a hashable key) and its lines."""

    kind: str
    key: tuple[Any, ...]
    lines: tuple[int, int]
    iri: str = ""


@dataclass
class Score:
    name: str
    truth: dict[str, int] = field(default_factory=dict)
    extracted: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    missed: list[Found] = field(default_factory=list)
    extra: list[Found] = field(default_factory=list)
    matches: dict[int, Found] = field(default_factory=dict)  # index in the truth's changes -> extracted


def _date(value: Any) -> str:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)


def truth_changes(truth: dict[str, Any]) -> list[Found]:
    out = []
    for change in truth["changes"]:
        kind = change["kind"]
        lines = (change["lines"][0], change["lines"][1])
        effective = _date(change["effective"])
        if kind == "withdrawal":
            key: tuple[Any, ...] = (str(change["target"]), effective)
        elif kind == "deadline":
            key = (str(change["target"]), _date(change["from"]), _date(change["to"]), effective)
        elif kind == "addition":
            key = (tuple(sorted(_date(d) for d in change["deadlines"])), effective)
        elif kind == "revision":
            key = (str(change["target"]), tuple(sorted(_date(d) for d in change["deadlines"])), effective)
        else:
            m = MULTIPLIER[change["unit"]]
            key = (
                str(change["chapter"]),
                None if change["post"] == "sum" else str(change["post"]),
                *(Decimal(str(change[k])) * m for k in ("before", "change", "after")),
                effective,
            )
        out.append(Found(kind, key, lines))
    return out


def _lines(graph: Graph, subject: URIRef) -> tuple[int, int]:
    starts, ends = [], []
    for source in graph.objects(subject, TBA.source):
        start, end = graph.value(source, TBA.lineStart), graph.value(source, TBA.lineEnd)
        if start is not None:
            starts.append(int(start))
            ends.append(int(end if end is not None else start))
    return (min(starts), max(ends)) if starts else (0, 0)


def _notation(base: Graph, item: URIRef | None) -> str:
    """The base letter's marking of an assignment, or of the assignment a part belongs to."""
    if item is None:
        return "?"
    for candidate in (item, base.value(item, TBA.deliverableOf), base.value(None, TBA.hasDeliverable, item)):
        if candidate is not None:
            for prop in (SKOS.notation, DCTERMS.identifier):
                if base.value(candidate, prop) is not None and (candidate, RDF.type, TBA.Assignment) in base:
                    return str(base.value(candidate, prop))
    return str(item).rsplit("/", 1)[-1]


def extracted_changes(graph: Graph, base: Graph) -> list[Found]:
    """The changes an extracted supplement states, in the truth's terms."""
    both = base + graph
    out = []
    kinds = {
        TBA.AssignmentWithdrawal: "withdrawal",
        TBA.DeadlineChange: "deadline",
        TBA.AssignmentAddition: "addition",
        TBA.BudgetChange: "budget",
        TBA.AssignmentRevision: "revision",
    }
    for cls, kind in kinds.items():
        for change in graph.subjects(RDF.type, cls):
            assert isinstance(change, URIRef)
            effective = str(graph.value(change, TBA.inEffectFrom))
            lines = _lines(graph, change)
            if kind == "withdrawal":
                key: tuple[Any, ...] = (_notation(base, graph.value(change, PROV.invalidated)), effective)  # type: ignore[arg-type]
            elif kind == "deadline":
                old = graph.value(change, PROV.invalidated)
                new = graph.value(change, PROV.generated)
                old_date = str(both.value(old, TIME.inXSDDate)) if old is not None else "?"
                key = (
                    _notation(base, graph.value(change, TBA.amendedItem)),  # type: ignore[arg-type]
                    old_date,
                    str(graph.value(new, TIME.inXSDDate)),
                    effective,
                )
            elif kind == "addition":
                new = graph.value(change, PROV.generated)
                # the truth lists the days a new assignment is due; a deadline without a day ("Frist: løpende",
                # a report "i etatsstyringsmøtene") has none to compare
                days = (graph.value(d, TIME.inXSDDate) for d in graph.objects(new, TBA.deadline))
                dates = sorted(str(d) for d in days if d is not None)
                key = (tuple(dates), effective)
                lines = _lines(graph, new) if new is not None and _lines(graph, new) != (0, 0) else lines
            elif kind == "revision":
                # the new text (prov:generated, tb:text) and the deadlines it gives (prov:generated tb:Deadline)
                dates = sorted(
                    str(graph.value(d, TIME.inXSDDate))
                    for d in graph.objects(change, PROV.generated)
                    if (d, RDF.type, TBA.Deadline) in graph
                )
                key = (_notation(base, graph.value(change, TBA.amendedItem)), tuple(dates), effective)  # type: ignore[arg-type]
            else:
                item = str(graph.value(change, TBA.amendedItem))
                parts = item.split("/budget/", 1)[-1].split("/")
                chapter = parts[0].removeprefix("kap-")
                post = parts[1].removeprefix("post-") if len(parts) > 1 else None
                key = (
                    chapter,
                    post,
                    *(Decimal(str(graph.value(change, p))) for p in (TBA.beforeNOK, TBA.changeNOK, TBA.afterNOK)),
                    effective,
                )
            out.append(Found(kind, key, lines, str(change)))
    return out


def _meet(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _by_title(base: Graph, expected: list[Found]) -> list[Found]:
    """A target named by the title the base letter gives an assignment that has no marking of its own (a table's
    unnumbered row: "Veiledning for frivillige organisasjoner"), or by the first words of its text (a letter that
    marks nothing), in the notation the base letter keeps for it."""
    assignments = set(base.subjects(RDF.type, TBA.Assignment))
    notations = {str(n) for s, n in base.subject_objects(SKOS.notation) if s in assignments} | {
        str(n) for s, n in base.subject_objects(DCTERMS.identifier) if s in assignments
    }
    titles: dict[str, str] = {}
    texts: list[tuple[str, str]] = []
    for item in base.subjects(RDF.type, TBA.Assignment):
        title = base.value(item, DCTERMS.title)
        if title is not None and isinstance(item, URIRef):
            titles.setdefault(str(title), _notation(base, item))
        text = base.value(item, TBA.text)
        if text is not None and isinstance(item, URIRef):
            texts.append((" ".join(str(text).split()).casefold(), _notation(base, item)))
    keyed = {marking_key(n): n for n in notations}
    out = []
    for item in expected:
        target = item.key[0] if item.kind in ("withdrawal", "deadline", "revision") else None
        if isinstance(target, str) and target not in notations and marking_key(target) in keyed:
            # "3" for the row the base letter marks "Nr. 3", "Oppdrag 3" for its heading "Oppdrag 3": one marking
            item = Found(item.kind, (keyed[marking_key(target)], *item.key[1:]), item.lines, item.iri)
        elif isinstance(target, str) and target not in notations and target in titles:
            item = Found(item.kind, (titles[target], *item.key[1:]), item.lines, item.iri)
        elif isinstance(target, str) and target not in notations:
            # a letter that marks nothing: the truth names the assignment by its first words, as a letter's truth does
            starts = {n for t, n in texts if t.startswith(" ".join(target.split()).casefold())}
            if len(starts) == 1:
                item = Found(item.kind, (starts.pop(), *item.key[1:]), item.lines, item.iri)
        out.append(item)
    return out


def compare(name: str, truth: dict[str, Any], graph: Graph, base: Graph) -> Score:
    expected = _by_title(base, truth_changes(truth))
    found = extracted_changes(graph, base)
    score = Score(name)
    free = list(found)
    for index, item in enumerate(expected):
        hit = next((f for f in free if f.kind == item.kind and f.key == item.key and _meet(f.lines, item.lines)), None)
        if hit is None:
            score.missed.append(item)
        else:
            free.remove(hit)
            score.matches[index] = hit
    score.extra = free
    for kind in KINDS:
        score.truth[kind] = sum(1 for e in expected if e.kind == kind)
        score.extracted[kind] = sum(1 for f in found if f.kind == kind)
        score.matched[kind] = sum(1 for i in score.matches if expected[i].kind == kind)
    return score


def base_paths(truth: dict[str, Any]) -> list[Path]:
    """The base letter and the earlier supplements, in the order they are loaded."""
    paths = [LETTERS / truth["supplement"]["base_letter"]]
    paths += [(SUPPLEMENTS / p).resolve() for p in truth["supplement"].get("earlier", [])]
    return paths


def extract_with_base(name: str, home: Path) -> tuple[Any, Graph]:
    """Extract the supplement with its base letter (and earlier supplements) saved in ``home``."""
    from tbgraph.extract import extract_letter

    try:
        from tbgraph.dataset.library import save_letter
    except ImportError:  # the layout before the move
        from tbgraph.library import save_letter  # type: ignore[no-redef]

    os.environ["TBGRAPH_HOME"] = str(home)
    truth = load_truth(name)
    base = Graph()
    for n, path in enumerate(base_paths(truth)):
        extracted = extract_letter(path)
        save_letter(extracted.graph, extracted.graph_iri, f"base-{n}-{path.stem}", home=home)
        base += extracted.graph
    result = extract_letter(SUPPLEMENTS / f"{name}.txt")
    return result, base


def score(name: str, home: Path) -> tuple[Score, Any]:
    result, base = extract_with_base(name, home)
    return compare(name, load_truth(name), result.graph, base), result


def what_went_wrong(name: str, home: Path) -> list[str]:
    """Every change of the supplement ``name`` missed or read in excess, and every reference to the amended letter's
    assignments that found none or a deadline that could not be read: empty where it reads whole."""
    found, result = score(name, home)
    wrong = [f"missed {f.kind} {f.key}" for f in found.missed] + [f"extra {f.kind} {f.key}" for f in found.extra]
    return wrong + [str(p) for p in result.problems if "was not found" in p.message or "cannot read" in p.message]


def main() -> None:
    rows = []
    for name in NAMES:
        with tempfile.TemporaryDirectory() as home:
            s, result = score(name, Path(home))
        for kind in KINDS:
            rows.append((name, kind, s.truth[kind], s.extracted[kind], s.matched[kind]))
        for m in s.missed:
            print(f"  {name}: missed {m.kind} {m.key} lines {m.lines}")
        for x in s.extra:
            print(f"  {name}: extra  {x.kind} {x.key} lines {x.lines}")
        for p in result.problems:
            print(f"  {name}: problem {p}")
    print(f"{'supplement':42} {'kind':11} truth extracted matched")
    total = {k: [0, 0, 0] for k in KINDS}
    for name, kind, t, e, m in rows:
        print(f"{name:42} {kind:11} {t:5} {e:9} {m:7}")
        total[kind] = [total[kind][0] + t, total[kind][1] + e, total[kind][2] + m]
    for kind, (t, e, m) in total.items():
        print(f"{'all':42} {kind:11} {t:5} {e:9} {m:7}")


if __name__ == "__main__":
    main()
