"""The foot of a page under its page number: the address block between "Side 1 av 5" and the next page."""

from __future__ import annotations

from tbgraph.extract.furniture import FOOTER_DATA, find_furniture


def test_an_address_block_below_the_page_number_is_furniture() -> None:
    """As tildelingsbrev-2024-arbeids-og-velferdsdirektoratet lines 52-57 lay it out: the page number
    first, then the ministry's address block in columns, then the next page's form feed. Its words
    ("Postboks 8019 Dep       Akersgata 64") were read as an organisation "Dep Akersgata"."""
    body = [f"Linje {n} i brevet med tekst som fortsetter her." for n in range(1, 11)]
    lines = body + [
        "",
        "                                                    Side 1 av 5",
        "Postadresse             Kontoradresse           Telefon                 Avdeling",
        "Postboks 8019 Dep       Akersgata 64            22 24 90 90             for arbeid",
        "0030 Oslo               Org.nr. 983 887 457     www.aid.dep.no          Saksbehandler: Kari",
        "",
        "\fTildelingsbrev 2024 – Etaten",
        "Mer tekst på side to.",
    ]
    found = find_furniture(lines)
    assert [found.get(n) for n in (13, 14, 15)] == [FOOTER_DATA] * 3
    assert 10 not in found and 18 not in found


def test_a_bare_number_at_a_page_foot_is_its_page_number_and_a_later_page_title_a_header() -> None:
    """tildelingsbrev-2025-nokut line 112: a centred "2" as page 2's last line before the form feed;
    tillegg-nr-1-2025-bufdir line 56: "Tildelingsbrev 2025 – Bufdir – tillegg nr. 1" heading page 2 once."""
    from tbgraph.extract.furniture import PAGE_NUMBER, RUNNING

    lines = [
        "Første side med tekst.",
        "\fAndre side med tekst som slutter her.",
        "",
        "                                          2",
        "\fTildelingsbrev 2025 – Etaten – tillegg nr. 1",
        "",
        "3      Øvrige forhold",
        "I 2025 fikk etaten 2",
        "",
        "                                          7",
    ]
    found = find_furniture(lines)
    assert found.get(4) == PAGE_NUMBER and found.get(5) == RUNNING
    assert 7 not in found and 10 not in found  # "7" is not page 3's number
