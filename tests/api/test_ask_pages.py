"""A paged read of every named question is the whole answer: the pages of ``/api/ask/NAME``
(``limit``/``offset``, following ``X-Total-Count``) concatenate to exactly the rows of the answer
asked for whole, in the same order, on the shipped letter and on synthetic letters with supplements.

Whatever computes a page (the whole answer cut, or a page pushed into the query), a client that
reads a long list page by page must get every row once, in the order of the whole answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tbgraph.api import Settings, create_app
from tbgraph.growth.letters import write_dataset
from tbgraph.questions.named import named_queries

#: Values for the questions that need one; each names something in both datasets (the shipped
#: letter has NHN and TB2023-15; every synthetic 2023 letter has its own TB2023-15).
REQUIRED = {"agency": "nhn", "assignment": "TB2023-15"}
PAGE = 7  # small, so that even the shipped letter's answers run over several pages


def _values(name: str) -> dict[str, str]:
    return {p.name: REQUIRED[p.name] for p in named_queries()[name].parameters if p.required}


def _read_in_pages(client: TestClient, name: str, values: dict[str, str]) -> tuple[list[Any], int]:
    rows: list[Any] = []
    offset, total = 0, None
    while total is None or offset < total:
        response = client.get(f"/api/ask/{name}", params={**values, "limit": PAGE, "offset": offset})
        assert response.status_code == 200, response.text
        total = int(response.headers["X-Total-Count"])
        page = response.json()["rows"]
        assert len(page) == min(PAGE, total - offset), (name, offset, total)
        rows += page
        offset += PAGE
    return rows, total or 0


def _check_every_question(client: TestClient) -> None:
    for name in named_queries():
        values = _values(name)
        whole = client.get(f"/api/ask/{name}", params=values)
        assert whole.status_code == 200, whole.text
        rows, total = _read_in_pages(client, name, values)
        assert total == len(whole.json()["rows"]), name
        assert rows == whole.json()["rows"], f"{name}: the pages differ from the whole answer"


def test_pages_of_every_question_make_the_whole_answer_on_the_shipped_letter(client: TestClient) -> None:
    _check_every_question(client)


@pytest.fixture(scope="module")
def synthetic_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root: Path = tmp_path_factory.mktemp("pages") / "root"
    write_dataset(root, 20, years=2, supplements=True)
    with TestClient(create_app(Settings(data_root=root, validate_on_start=False))) as client:
        yield client


def test_pages_of_every_question_make_the_whole_answer_on_letters_with_supplements(
    synthetic_client: TestClient,
) -> None:
    _check_every_question(synthetic_client)
