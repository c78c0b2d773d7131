"""Resolving what a person types into the resource meant (tbgraph.questions.resolve), on both engines.

TB2023-15 is written with an en dash in the letter (line 695); TB2023-01 is "Innføring av nasjonale
e-helseløsninger" (section 2.1.1, lines 364-374).
"""

from __future__ import annotations

import pytest

import tbgraph.questions.resolve as resolving
from tbgraph.questions.resolve import UnknownValueError, resolve
from tbgraph.store.base import Store

ID = "https://w3id.org/tbgraph/id/assignment/ehelse/"


@pytest.mark.parametrize("typed", ["TB2023-15", "tb2023-15", "TB2023–15", " TB2023—15 "])
def test_an_assignment_id_is_found_without_listing_every_assignment(
    any_store: Store, typed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def listing(*args: object, **kwargs: object) -> None:
        raise AssertionError("every assignment was listed to resolve an ID")

    monkeypatch.setattr(resolving, "candidates", listing)
    found = resolve(any_store, "assignment", typed)
    assert str(found.iri) == ID + "TB2023-15"
    assert found.key == "TB2023-15"


def test_an_assignment_title_still_resolves(any_store: Store) -> None:
    found = resolve(any_store, "assignment", "Innføring av nasjonale e-helseløsninger")
    assert str(found.iri) == ID + "TB2023-01"


def test_an_unknown_id_lists_the_near_ones(any_store: Store) -> None:
    with pytest.raises(UnknownValueError) as caught:
        resolve(any_store, "assignment", "TB2023-99")
    assert caught.value.near and all(c.key.startswith("TB2023-") for c in caught.value.near)
