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

from project_paths import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "load" / "tildelingsbrev-2022-direktoratet-for-e-helse.txt"


def tbgraph(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tbgraph.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TBGRAPH_HOME": str(home), "COLUMNS": "200"},
        timeout=180,
    )


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
    deps = json.loads(
        tbgraph(home, "ask", "dependencies", "--assignment", "TB2023-17", "--format", "json").stdout
    )
    target = next(row for row in deps if row["target_id"] == "TB2022-09")
    assert target["target"] == tb09["assignment"]

    # Same actors across letters: NHN now has TB2022-09 besides its five 2023 assignments.
    nhn = json.loads(
        tbgraph(home, "ask", "assignments-involving", "--agency", "nhn", "--format", "json").stdout
    )
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
