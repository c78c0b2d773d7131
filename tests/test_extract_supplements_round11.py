"""Supplement rules of the eleventh held-out round, held against the lines of tillegg-nr-4-2025-brreg (NFD;
tests/fixtures/supplements) and against small hand-written supplements of other ministries, in Bokmål and Nynorsk;
the supplement as a whole is scored with the others in tests/supplement_truth.py (NAMES)."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

from tbgraph.extract.problems import Problem
from tbgraph.extract.sections import find_sections
from tbgraph.extract.supplement import (
    SupplementChanges,
    _budget_tables,
    _moved_rows,
    _withdrawn_lists,
    new_assignment_headings,
)
from tbgraph.extract.text import read_source

sys.path.insert(0, str(Path(__file__).resolve().parent))
from supplement_truth import score  # noqa: E402

HEAD = "Tillegg nr. 2 til tildelingsbrev for 2025\n\n"


def _doc(tmp_path: Path, body: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "tillegg.txt"
    path.write_text(HEAD + body, encoding="utf-8")
    doc = read_source(path)
    problems: list[Problem] = []
    return doc, find_sections(doc, problems), problems


def test_the_brreg_supplement_reads_all_six_changes(tmp_path: Path) -> None:
    # tillegg-nr-4-2025-brreg: lines 29-32 (two moved deadlines in a table keyed by title, "Ultimo mai 2025"),
    # 40-41 ("Følgende oppdrag utgår:" / "– Samordning med … (frist primo oktober)"), 50-55 (title line over the
    # new assignment's text), 70-73 (change-only budget table, "904.01 … + 4 500", "904.21 … – 1 500")
    result, _ = score("tillegg-nr-4-2025-brreg", tmp_path)
    assert not result.missed and not result.extra
    assert sum(result.matched.values()) == 6


def test_a_moved_deadline_row_whose_old_cell_is_a_months_end(tmp_path: Path) -> None:
    # brreg line 30: "Veiledning for frivillige organisasjoner   Ultimo mai 2025   30. september 2025"
    # variant (KUD, Nynorsk): "medio juni" without a year, the new date a day
    doc, sections, _ = _doc(
        tmp_path,
        "1 Endra fristar\n\n"
        "Oppdrag                                   Opphavleg frist      Ny frist\n"
        "Kartlegging av lokale kulturhus           medio juni           1. oktober 2025\n"
        "Evaluering av tilskotsordninga            Ultimo mai 2025      30. november 2025\n",
    )
    changes = SupplementChanges()
    _moved_rows(doc, doc.content(), sections, 2025, changes)
    got = {(m.hint.strip(), m.old, m.new) for m in changes.moves}
    assert got == {
        ("Kartlegging av lokale kulturhus", dt.date(2025, 6, 15), dt.date(2025, 10, 1)),
        ("Evaluering av tilskotsordninga", dt.date(2025, 5, 31), dt.date(2025, 11, 30)),
    }


def test_withdrawals_listed_under_a_lead_in_line(tmp_path: Path) -> None:
    # brreg lines 40-41: "Følgende oppdrag utgår:" / "–   Samordning med domstolenes saksbehandlingssystem (frist
    # primo oktober)"; variant (LMD, Nynorsk): two items, one wrapped, a day in effect in the lead-in
    doc, sections, _ = _doc(
        tmp_path,
        "2 Oppdrag som fell bort\n\n"
        "Følgjande oppdrag fell bort med verknad frå 1. juni 2025:\n"
        "  -   Kartlegging av beiteressursar i utmark (frist 1. september)\n"
        "  -   Rettleiing om tilskot til drenering av\n"
        "      jordbruksjord, frist 15. oktober\n\n"
        "Bakgrunnen er at arbeidet er dekt av andre oppdrag.\n",
    )
    changes = SupplementChanges()
    _withdrawn_lists(doc, doc.content(), sections, 2025, changes)
    assert [w.ref.description for w in changes.withdrawals if w.ref] == [
        "Kartlegging av beiteressursar i utmark",
        "Rettleiing om tilskot til drenering av jordbruksjord",
    ]
    assert {w.effective for w in changes.withdrawals} == {dt.date(2025, 6, 1)}
    assert changes.withdrawals[1].quotes[-1].line_end == 8  # the wrapped item's second line


def test_a_new_assignment_as_a_title_line_over_its_text(tmp_path: Path) -> None:
    # brreg lines 48-55: "3   Nytt oppdrag" / "Forberedelse til gjennomføring av direktiv om digitale verktøy i
    # selskapsretten" / "EU har vedtatt …"; variant (HOD, Bokmål): the title line, then the text
    doc, sections, _ = _doc(
        tmp_path,
        "1   Nytt oppdrag\n\n"
        "Kartlegging av ventetider i psykisk helsevern for barn\n"
        "Departementet ber Helsedirektoratet kartlegge ventetidene i psykisk helsevern for barn og\n"
        "unge, fordelt på helseforetak. Rapport leveres innen 1. november 2025.\n\n"
        "2   Øvrig\n\nØvrige føringer gjelder uendret.\n",
    )
    found = new_assignment_headings(doc, sections, set())
    assert [a.title for a in found] == ["Kartlegging av ventetider i psykisk helsevern for barn"]
    assert [ln.number for ln in found[0].body] == [6, 7]


def test_a_wrapped_paragraph_under_new_assignment_is_no_title(tmp_path: Path) -> None:
    # a paragraph whose first line ends without a stop is no title where its next line goes on mid-sentence
    doc, sections, _ = _doc(
        tmp_path,
        "1   Nytt oppdrag\n\n"
        "Departementet ber Helsedirektoratet kartlegge ventetidene i psykisk helsevern for barn og\n"
        "unge. Rapport leveres innen 1. november 2025.\n\n2   Øvrig\n\nØvrige føringer gjelder uendret.\n",
    )
    assert new_assignment_headings(doc, sections, set()) == []


def test_a_budget_table_giving_only_the_change(tmp_path: Path) -> None:
    # brreg lines 70-73: "Kap./post   Betegnelse   Endring (i 1000 kr)" / "904.01 Driftsutgifter + 4 500" /
    # "904.21 Spesielle driftsutgifter – 1 500"; variant (KLD, Nynorsk): "1400/01", an en dash and a bare number
    doc, sections, problems = _doc(
        tmp_path,
        "4   Endringar i tildelinga\n\n"
        "Kap./post        Nemning                                  Endring (i 1000 kr)\n"
        "1400/01          Driftsutgifter                                       – 2 000\n"
        "1400/21          Spesielle driftsutgifter                               750\n",
    )
    rows = _budget_tables(doc, doc.content(), sections, problems)
    assert [(r.chapter, r.post, r.before, r.change, r.after, r.unit) for r in rows] == [
        ("1400", "01", None, Decimal(-2000), None, "thousand-NOK"),
        ("1400", "21", None, Decimal(750), None, "thousand-NOK"),
    ]
