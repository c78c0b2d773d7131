"""``tbgraph load``: a second letter joins the dataset and links up with the first.

The 2023 letter refers to "oppdrag TB2022-09" (line 780 of the shipped letter). The fixture
tests/fixtures/load/tildelingsbrev-2022-direktoratet-for-e-helse.txt is a small 2022 letter of our
own that gives TB2022-09, with Helsedirektoratet and Norsk helsenett SF as collaborators.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_process import tbgraph
from project_paths import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "load" / "tildelingsbrev-2022-direktoratet-for-e-helse.txt"


def test_a_loaded_letter_links_up_with_the_shipped_one(tmp_path: Path) -> None:
    home = tmp_path / "home"
    loaded = tbgraph(home, "load", str(FIXTURE))
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert "2022-hod-ehelse" in loaded.stdout
    assert (home / "letters" / "2022-hod-ehelse.trig").is_file()
    assert (home / "source" / "2022-hod-ehelse.txt").is_file()

    assignments = json.loads(tbgraph(home, "ask", "assignments", "--format", "json").stdout)
    ids = [row["id"] for row in assignments]
    assert "TB2022-09" in ids and "TB2023-17" in ids  # both letters answer together
    tb09 = next(row for row in assignments if row["id"] == "TB2022-09")
    assert tb09["title"] == "Portaler for rapportering" and tb09["owner_key"] == "ehelse"

    # TB2023-17 "viser til oppdrag TB2022-09": the same resource as the loaded letter's assignment.
    deps = json.loads(tbgraph(home, "ask", "dependencies", "--assignment", "TB2023-17", "--format", "json").stdout)
    target = next(row for row in deps if row["target_id"] == "TB2022-09")
    assert target["target"] == tb09["assignment"]

    # Same actors across letters: NHN now has TB2022-09 besides its five 2023 assignments.
    nhn = json.loads(tbgraph(home, "ask", "assignments-involving", "--agency", "nhn", "--format", "json").stdout)
    assert {"TB2022-09", "TB2023-03"} <= {row["id"] for row in nhn}

    # Its quotes check out against the text kept beside it.
    validated = tbgraph(home, "validate")
    assert validated.returncode == 0, validated.stdout + validated.stderr

    listed = tbgraph(home, "load", "--list")
    assert "2022-hod-ehelse" in listed.stdout
    removed = tbgraph(home, "load", "--remove", "2022-hod-ehelse")
    assert removed.returncode == 0
    after = json.loads(tbgraph(home, "ask", "assignments", "--format", "json").stdout)
    assert "TB2022-09" not in [row["id"] for row in after]


def test_a_persistent_store_follows_loads(tmp_path: Path) -> None:
    home, store = tmp_path / "home", tmp_path / "store"
    assert tbgraph(home, "load", str(FIXTURE), "--store", str(store)).returncode == 0
    rows = json.loads(tbgraph(home, "ask", "owners", "--format", "json", "--store", str(store)).stdout)
    assert "TB2022-09" in {row["id"] for row in rows}


def test_a_persistent_store_of_other_letters_is_replaced_whole(tmp_path: Path) -> None:
    """A store that holds the shipped letter alone takes the loaded one in and gives it up again, each
    time replaced by a folder loaded beside it: no assignment left from the data before, no folder
    left beside it."""
    home, store = tmp_path / "home", tmp_path / "stores" / "store"
    store.parent.mkdir()

    def assignments() -> set[str]:
        asked = tbgraph(home, "ask", "owners", "--format", "json", "--store", str(store))
        assert asked.returncode == 0, asked.stderr
        return {row["id"] for row in json.loads(asked.stdout)}

    shipped = assignments()
    assert "TB2022-09" not in shipped and "TB2023-01" in shipped
    loaded = tbgraph(home, "load", str(FIXTURE), "--store", str(store))
    assert loaded.returncode == 0 and "(unchanged)" not in loaded.stderr, loaded.stderr
    assert assignments() == shipped | {"TB2022-09"}  # the fixture's one assignment (see above)
    removed = tbgraph(home, "load", "--remove", "2022-hod-ehelse", "--store", str(store))
    assert removed.returncode == 0, removed.stderr
    assert assignments() == shipped
    assert sorted(p.name for p in store.parent.iterdir()) == [".store.swap-lock", "store"]  # no folder left beside


def test_unreadable_and_non_conforming_letters_are_not_kept(tmp_path: Path) -> None:
    home = tmp_path / "home"
    bad = tmp_path / "bad.ttl"
    bad.write_text('<https://a> <https://b> "x .\n')
    result = tbgraph(home, "load", str(bad))
    assert result.returncode == 2 and "line" in result.stderr
    empty = tmp_path / "letter.ttl"
    empty.write_text(
        "<https://w3id.org/tbgraph/id/letter/x/2030> a <https://w3id.org/tbgraph/ontology#AllocationLetter> .\n"
    )
    result = tbgraph(home, "load", str(empty))
    assert result.returncode == 1
    assert not list((home / "letters").glob("*.trig")) if (home / "letters").exists() else True


LETTERS = ROOT / "tests" / "fixtures" / "letters"


def test_text_that_is_no_letter_is_refused_naming_the_lines(tmp_path: Path) -> None:
    notes = tmp_path / "referat.txt"
    notes.write_text(
        "Referat fra møte i styringsgruppen\n\nTil stede: Kari, Ola\n\n1 Godkjenning av innkalling\n"
        "Innkallingen ble godkjent.\n",
        encoding="utf-8",
    )
    result = tbgraph(tmp_path / "home", "load", str(notes))
    assert result.returncode == 2, result.stdout + result.stderr
    message = " ".join(result.stderr.split())
    assert "not an allocation letter" in message and "lines 1-6" in message and "nothing was loaded" in message
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "home" / "letters").exists() or not list((tmp_path / "home" / "letters").iterdir())


def test_letters_of_other_ministries_get_slugs_of_their_own(tmp_path: Path) -> None:
    """Issuer, recipient and year make the slug; the second letter never replaces the first. Both
    letters number no assignment in the TB scheme ("Oppdrag 1:", a table's "Nr."): they conform and
    load without --force."""
    home = tmp_path / "home"
    first = LETTERS / "tildelingsbrev-2024-hkdir.txt"
    second = LETTERS / "tildelingsbrev-2024-jernbanetilsynet.txt"
    loaded = tbgraph(home, "load", str(first), str(second))
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert sorted(p.stem for p in (home / "letters").glob("*.trig")) == ["2024-kd-hkdir", "2024-sd-jernbanetilsynet"]
    again = tbgraph(home, "load", str(first))  # the same letter again replaces itself
    assert again.returncode == 0
    assert len(list((home / "letters").glob("*.trig"))) == 2


@pytest.mark.filterwarnings("ignore:Dataset.contexts is deprecated:DeprecationWarning")
def test_a_different_letter_under_a_taken_slug_gets_a_new_one(tmp_path: Path) -> None:
    import rdflib

    from tbgraph.dataset.library import save_letter, unique_slug

    save_letter(rdflib.Graph(), "https://w3id.org/tbgraph/graph/letter/a/2024", "2024-kd-a", home=tmp_path)
    assert unique_slug("2024-kd-a", "https://w3id.org/tbgraph/graph/letter/a/2024", home=tmp_path) == "2024-kd-a"
    assert unique_slug("2024-kd-a", "https://w3id.org/tbgraph/graph/letter/b/2024", home=tmp_path) == "2024-kd-a-2"
    taken = {"2024-kd-a-2": "https://w3id.org/tbgraph/graph/letter/c/2024"}
    assert (
        unique_slug("2024-kd-a", "https://w3id.org/tbgraph/graph/letter/b/2024", taken, home=tmp_path) == "2024-kd-a-3"
    )


def test_a_supplement_is_loaded_after_its_base_letter(tmp_path: Path) -> None:
    from tbgraph.cli.commands.load import _supplement_order

    base = tmp_path / "brev.txt"
    base.write_text("Tildelingsbrev til Helsedirektoratet for 2024\n", encoding="utf-8")
    third = tmp_path / "tillegg3.txt"
    third.write_text("Tillegg nr. 3 til tildelingsbrev for 2024\n", encoding="utf-8")
    first = tmp_path / "tillegg1.txt"
    first.write_text("\nTillegg nr. 1 til tildelingsbrev 2024 – Helsedirektoratet\n", encoding="utf-8")
    assert sorted([third, base, first], key=_supplement_order) == [base, first, third]


def test_extract_then_validate_from_any_directory(tmp_path: Path) -> None:
    """A letter outside the project: extract -o keeps its text where validate looks, from any folder."""
    elsewhere = tmp_path / "post"
    elsewhere.mkdir()
    letter = elsewhere / "brev.txt"
    letter.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "TBGRAPH_HOME": str(tmp_path / "home"), "COLUMNS": "200"}
    run = [sys.executable, "-m", "tbgraph.cli"]
    extracted = subprocess.run(
        [*run, "extract", "../post/brev.txt", "-o", "brev.ttl", "-q"], cwd=work, env=env, capture_output=True, text=True
    )
    assert extracted.returncode == 0, extracted.stderr
    validated = subprocess.run([*run, "validate", "brev.ttl"], cwd=work, env=env, capture_output=True, text=True)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "0 provenance problem" in validated.stdout + validated.stderr


def test_a_supplement_loads_beside_the_letter_it_amends(tmp_path: Path) -> None:
    """Tillegg nr. 3 (tests/fixtures/supplements) conforms together with the shipped 2023 letter; once
    loaded, TB2023-27 is given (line 46), TB2023-17 withdrawn (lines 55-56) and TB2023-15's deadline
    moved to 1 November (lines 61-63)."""
    home = tmp_path / "home"
    supplement = ROOT / "tests" / "fixtures" / "supplements" / "tillegg-nr-3-2023-direktoratet-for-e-helse.txt"
    loaded = tbgraph(home, "load", str(supplement))
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert (home / "letters" / "2023-hod-ehelse-supplement-3.trig").is_file()
    rows = json.loads(tbgraph(home, "ask", "assignments", "--format", "json").stdout)
    ids = {row["id"] for row in rows}
    assert "TB2023-27" in ids and "TB2023-17" not in ids
    moved = next(row for row in rows if row["id"] == "TB2023-15")
    assert "2023-11-01" in moved["deadlines"] and "2023-09-01" not in moved["deadlines"]


def test_a_file_that_is_no_pdf_is_refused_in_one_line_naming_it(tmp_path: Path) -> None:
    """A damaged or mislabelled PDF: exit 2, the file named once, none of pypdf's own log lines."""
    broken = tmp_path / "tildelingsbrev.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    result = tbgraph(tmp_path / "home", "load", str(broken))
    assert result.returncode == 2, result.stdout + result.stderr
    message = " ".join(result.stderr.split())
    assert "not a readable PDF" in message and message.count(str(broken)) == 1
    assert "invalid pdf header" not in result.stderr.lower() and "EOF marker" not in result.stderr
    assert "Traceback" not in result.stderr
