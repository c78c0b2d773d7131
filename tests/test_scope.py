"""Asking a question of some letters only (--recipient/--year, ?recipient=&year=).

Two letters are loaded: the shipped 2023 letter and a copy of it filed as the 2021 letter to the
same agency, its IRIs moved to a 2021 namespace. Both have an assignment with the ID TB2023-15, so
without a scope "TB2023-15" is ambiguous and the answers count both letters; with a scope every
answer is the one letter's, and equals what the shipped data alone answers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

from project_paths import ROOT
from tbgraph.dataset.loader import default_sources, letter_graph, load_dataset
from tbgraph.questions.named import named_queries, run_named
from tbgraph.questions.scope import Scope, UnknownScopeError, letter_scope, letters_in
from tbgraph.store.base import Store
from tbgraph.store.engines import open_store

LETTER_2023 = ROOT / "data" / "letters" / "2023-hod-ehelse.ttl"
ID = "https://w3id.org/tbgraph/id/"


def _two_letter_root(folder: Path) -> Path:
    """A data root with the shipped data and the 2023 letter copied as the 2021 letter."""
    for part in ("ontology", "shapes"):
        shutil.copytree(ROOT / part, folder / part)
    for part in ("reference", "source"):
        shutil.copytree(ROOT / "data" / part, folder / "data" / part)
    letters = folder / "data" / "letters"
    letters.mkdir(parents=True)
    shutil.copy(LETTER_2023, letters / LETTER_2023.name)
    text = LETTER_2023.read_text(encoding="utf-8")
    moved = (
        text.replace(f"{ID}assignment/ehelse/", f"{ID}assignment/ehelse-2021-copy/")
        .replace(f"{ID}letter/ehelse/2023", f"{ID}letter/ehelse/2021")
        .replace("assignment/ehelse/", "assignment/ehelse-2021-copy/")
        .replace("letter/ehelse/2023", "letter/ehelse/2021")
    )
    (letters / "2021-hod-ehelse.ttl").write_text(moved, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def two_letters_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _two_letter_root(tmp_path_factory.mktemp("two-letters"))


@pytest.fixture(scope="module")
def two_letters(two_letters_root: Path) -> Store:
    store = open_store("oxigraph", None)
    load_dataset(store, default_sources(root=two_letters_root))
    return store


def test_the_letters_loaded_are_listed(two_letters: Store) -> None:
    assert [(r, y) for r, y, _g in letters_in(two_letters)] == [("ehelse", "2021"), ("ehelse", "2023")]


def test_scope_by_recipient_key_or_name_and_year(two_letters: Store) -> None:
    assert letter_scope(two_letters) is None
    assert letter_scope(two_letters, year=2023) == Scope((letter_graph("ehelse", 2023),))
    assert letter_scope(two_letters, "Direktoratet for e-helse", "2021") == Scope((letter_graph("ehelse", 2021),))
    both = letter_scope(two_letters, recipient="ehelse")
    assert both is not None and len(both.letters) == 2


@pytest.mark.parametrize(
    ("recipient", "year", "message"),
    [
        (None, "2020", "no letter for 2020 is loaded; loaded: ehelse/2021, ehelse/2023"),
        ("nhn", None, "no letter to nhn is loaded; loaded: ehelse/2021, ehelse/2023"),
        ("ehelse", "2020", "no letter to ehelse for 2020 is loaded; loaded: ehelse/2021, ehelse/2023"),
        ("no such agency", None, "no letter to 'no such agency' is loaded; recipients loaded: ehelse"),
        (None, "23", "year must be a budget year as YYYY, got '23'"),
    ],
)
def test_unknown_scope_names_what_is_loaded(two_letters: Store, recipient: str, year: str, message: str) -> None:
    with pytest.raises(UnknownScopeError) as raised:
        letter_scope(two_letters, recipient, year)
    assert str(raised.value) == message


def test_without_scope_both_letters_count(two_letters: Store) -> None:
    """Section 2 holds 26 assignments (TB2023-01..26); two copies make 52 owner rows."""
    assert len(run_named(two_letters, "owners").rows) == 52


@pytest.mark.parametrize("year", ["2021", "2023"])
def test_scoped_answers_are_one_letters_answers(two_letters: Store, store: Store, year: str) -> None:
    """Every named question, scoped to one of the two letters, answers what the shipped data alone
    answers (the IRIs of the 2021 copy moved to its own namespace)."""
    scope = letter_scope(two_letters, "ehelse", year)
    parameters = {
        "assignments-involving": {"agency": "nhn"},  # NHN in TB2023-01, -03, -07, -10, -15
        "collaborators": {"agency": "nhn"},
        "dependencies": {"assignment": "TB2023-15"},  # lines 695-720
        "legal-basis": {"assignment": "TB2023-14"},  # lines 669-690
        "solutions": {"assignment": "TB2023-14"},
        "deadlines": {"from": "2023-06-01", "to": "2023-06-30"},
    }
    for name in named_queries():
        scoped = _plain(run_named(two_letters, name, parameters.get(name), scope).records(), year)
        alone = _plain(run_named(store, name, parameters.get(name)).records(), "2023")
        assert scoped == alone, name


def test_an_assignment_id_resolves_within_the_scope(two_letters: Store) -> None:
    """TB2023-15 (line 695) depends on the steering document for step 1; scoped to 2021 the copy's."""
    scope = letter_scope(two_letters, "ehelse", "2021")
    rows = run_named(two_letters, "dependencies", {"assignment": "TB2023-15"}, scope).records()
    assert rows and all("/2021/" in r["target"] or "ehelse-2021-copy" in r["target"] for r in rows)


def _plain(records: list[dict[str, Any]], year: str) -> list[dict[str, Any]]:
    """Rows with the 2021 copy's IRIs written as the shipped letter's, to compare the two."""
    text = json.dumps(records, ensure_ascii=False, sort_keys=True)
    if year == "2021":
        text = text.replace("ehelse-2021-copy/", "ehelse/").replace("letter/ehelse/2021", "letter/ehelse/2023")
    return sorted(json.loads(text), key=lambda r: json.dumps(r, sort_keys=True))


def test_cli_scope_options(two_letters_root: Path, tmp_path: Path) -> None:
    def ask(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tbgraph.cli", "ask", *args],
            capture_output=True,
            text=True,
            timeout=300,
            env={**_env(), "TBGRAPH_DATA_ROOT": str(two_letters_root), "TBGRAPH_HOME": str(tmp_path)},
        )

    scoped = ask("owners", "--recipient", "ehelse", "--year", "2021", "--format", "json")
    assert scoped.returncode == 0, scoped.stderr
    rows = json.loads(scoped.stdout)
    assert len(rows) == 26 and all("ehelse-2021-copy" in r["assignment"] for r in rows)
    missing = ask("owners", "--year", "2019")
    assert missing.returncode == 2
    assert "no letter for 2019 is loaded; loaded: ehelse/2021, ehelse/2023" in missing.stderr
    assert "--recipient AGENCY" in ask("owners", "--help").stdout


def test_api_scope_parameters(two_letters_root: Path) -> None:
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

    from tbgraph.api import Settings, create_app

    app = create_app(Settings(data_root=two_letters_root, validate_on_start=False, query_workers=1))
    with TestClient(app) as client:
        assert len(client.get("/api/ask/owners").json()["rows"]) == 52
        rows = client.get("/api/ask/assignments-involving?agency=nhn&recipient=ehelse&year=2023").json()["rows"]
        # NHN in TB2023-01 (lines 366-368), -03 (390), -07 (520-524), -10 (567-569); not -15, whose text
        # (695-738) does not name it, as tests/test_competency.py::test_assignments_involving_norsk_helsenett has it
        assert sorted({r["id"] for r in rows}) == ["TB2023-01", "TB2023-03", "TB2023-07", "TB2023-10"]
        assert all("/assignment/ehelse/" in r["assignment"] for r in rows)
        wrong = client.get("/api/ask/owners?year=1999")
        assert wrong.status_code == 422
        assert wrong.json()["detail"][0]["loc"] == ["query", "year"]
        assert "loaded: ehelse/2021, ehelse/2023" in wrong.json()["detail"][0]["msg"]


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k not in ("TBGRAPH_STORE", "TBGRAPH_STORE_URL")}


def test_an_assignment_id_without_a_scope_picks_the_same_letter_every_time(two_letters: Store) -> None:
    """TB2023-15 (line 695) is in both letters; without a scope the one with the lowest IRI is
    meant, whichever order the store lists them in (it was the first row the store returned)."""
    from tbgraph.questions.resolve import candidates, resolve

    copies = [c for c in candidates(two_letters, "assignment") if c.key == "TB2023-15"]
    assert len(copies) == 2
    assert resolve(two_letters, "assignment", "TB2023-15").iri == min(c.iri for c in copies)
    assert resolve(two_letters, "assignment", "tb2023–15").iri == min(c.iri for c in copies)
