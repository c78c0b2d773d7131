"""The budget question on letters unlike the shipped one, on the CLI, in REST and on the page.

* A chapter whose letter states no total ("Sum kap.") is still a row: its posts' sum, no amount of
  its own and no verdict (nothing to agree with); before, the chapter was left out and its posts
  stood under no chapter row. The letter: tests/fixtures/letters/tildelingsbrev-2025-sjofartsdirektoratet.txt,
  whose budget is prose (lines 36-39): "Det stilles 412,6 mill. kroner til disposisjon over kap. 910
  post 01 Driftsutgifter. I tillegg stilles 18,3 mill. kroner … kap. 910 post 21 …", income "221,4
  mill. kroner på kap. 3910 post 01 og 15,2 mill. kroner på kap. 3910 post 02"; no total anywhere.
* A change stated in another unit than the letter's table is shown in its own unit: Mattilsynet's
  table is in 1000 kroner ("1115.01 Driftsutgifter 1 512 345", letter line 61); its supplement moves
  "2 mill. kroner fra post 01 til post 71" (supplerende-nr-2-2025-mattilsynet.txt, lines 66-68), so
  post 01 stands at 1 510,345 mill. kroner, not "1510.345" thousand.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cli_process import tbgraph
from project_paths import ROOT, SUPPLEMENTS

LETTERS = ROOT / "tests" / "fixtures" / "letters"
LETTER = LETTERS / "tildelingsbrev-2025-sjofartsdirektoratet.txt"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sjofart") / "home"
    done = tbgraph(folder, "load", str(LETTER))
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


def chapters(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["chapter"]: r for r in rows if r["level"] == "chapter"}


def test_the_cli_lists_each_chapter_with_its_posts_sum_and_no_verdict(home: Path) -> None:
    done = tbgraph(home, "ask", "budget", "--recipient", "sjofartsdirektoratet", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    found = chapters(rows)
    assert set(found) == {"910", "3910"}
    assert found["910"]["lines_sum_nok"] == 412_600_000 + 18_300_000  # lines 36-38
    assert found["3910"]["lines_sum_nok"] == 221_400_000 + 15_200_000  # lines 38-39
    for row in found.values():
        assert row["amount_nok"] is None and row["stated"] is None and row["agrees"] is None
    posts = {(r["chapter"], r["post"]): r["amount_nok"] for r in rows if r["level"] == "post"}
    assert posts == {
        ("910", "01"): 412_600_000,
        ("910", "21"): 18_300_000,
        ("3910", "01"): 221_400_000,
        ("3910", "02"): 15_200_000,
    }
    # each chapter row stands before its posts
    order = [(r["chapter"], r["level"]) for r in rows]
    assert order.index(("910", "chapter")) < order.index(("910", "post"))


@pytest.fixture(scope="module")
def client(home: Path) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from tbgraph.api import Settings, create_app

    before = os.environ.get("TBGRAPH_HOME")
    os.environ["TBGRAPH_HOME"] = str(home)
    try:
        app = create_app(Settings(query_workers=1, validate_on_start=False))
        with TestClient(app) as client:
            yield client
    finally:
        if before is None:
            del os.environ["TBGRAPH_HOME"]
        else:
            os.environ["TBGRAPH_HOME"] = before


def test_rest_and_the_page_show_the_chapter_without_a_verdict(client: Any) -> None:
    response = client.get("/api/budget", params={"recipient": "sjofartsdirektoratet"})
    assert response.status_code == 200, response.text
    found = chapters(response.json())
    assert found["910"]["lines_sum_nok"] == 430_900_000 and found["910"]["amount_nok"] is None
    client.cookies.set("tbgraph-lang", "nb")
    page = client.get("/budget", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "None" not in page.text
    assert "430 900 000" in page.text.replace("\xa0", " ")


def test_a_change_in_another_unit_is_shown_in_its_own_unit(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for path in (
        LETTERS / "tildelingsbrev-2025-mattilsynet.txt",
        SUPPLEMENTS / "supplerende-nr-2-2025-mattilsynet.txt",
    ):
        done = tbgraph(home, "load", str(path))
        assert done.returncode == 0, done.stdout + done.stderr
    done = tbgraph(home, "ask", "budget", "--recipient", "mattilsynet", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = {(r["chapter"], r["post"]): r for r in json.loads(done.stdout)}
    post = rows[("1115", "01")]
    assert post["amount_nok"] == 1_510_345_000  # 1 512 345 thousand less 2 million
    assert (post["stated"], post["unit"]) == (1510.345, "mill. NOK")
    assert post["changed"].startswith("changed from 1512.345 to 1510.345 (-2, mill. NOK) by Tillegg nr. 2")
    assert "lines 66" in post["changed"] or "lines 67" in post["changed"]
    # a line the supplement's table changed keeps the table's unit (1000 kroner)
    assert rows[("1115", "22")]["unit"] == "1000 NOK" and rows[("1115", "22")]["stated"] == 8900
