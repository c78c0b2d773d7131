"""Organisations the reference data does not know, found by the shape of their names (extract/unknown.py), and a
copy list whose items wrap over a line end (extract/letter.py). The sentences are the fixture letters' own.

The shape rules are tested against an empty gazetteer, so that a name the reference data comes to know later
still tests the rule; the rules that lean on a known name use the shipped one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from tbgraph.extract import extract_letter
from tbgraph.extract.gazetteer import KIND_ACTOR, Entry, Gazetteer, load_gazetteer
from tbgraph.extract.unknown import find_unknown_actors, inside

NOTHING_KNOWN = Gazetteer({})


@pytest.fixture(scope="module")
def gazetteer():  # type: ignore[no-untyped-def]
    return load_gazetteer()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # tildelingsbrev-2025-dmp lines 91-92, 108-109, 133-134, 140
        (
            "Direktoratet skal innhente innspill fra Nasjonalt råd for legemiddelberedskap. Delrapporten skal",
            ["Nasjonalt råd for legemiddelberedskap"],
        ),
        ("metodevurderinger som behandles i Beslutningsforum for nye metoder.", ["Beslutningsforum for nye metoder"]),
        ("DMP skal i samarbeid med Apotekforeningen gjennomgå ordningen", ["Apotekforeningen"]),
        ("med gebyrer. Bransjeforeningen Melanor skal få anledning til å gi innspill", ["Melanor"]),
        # tildelingsbrev-2025-spk lines 222-223, the word broken at the line end mended
        (
            "Samarbeidsrådet for offentlige tjenestepensjoner skal orienteres om arbeidet.",
            ["Samarbeidsrådet for offentlige tjenestepensjoner"],
        ),
        # tildelingsbrev-2025-riksantikvaren lines 138, 143-144 (wrapped: the paragraph's text is joined)
        ("etter innspill fra Byantikvaren i Oslo og andre kommuner med", ["Byantikvaren i Oslo"]),
        (
            "fordele midlene under post 74 i samråd med Norsk Forening for Fartøyvern og gi en samlet vurdering",
            ["Norsk Forening for Fartøyvern"],
        ),
        # tildelingsbrev-2025-helsetilsynet lines 208-210, 200-201 ("Helse-" / "etaten" mended), 198
        (
            "etter innspill fra Statens undersøkelseskommisjon for helse- og omsorgstjenesten (Ukom), vurdere",
            ["Statens undersøkelseskommisjon for helse- og omsorgstjenesten"],
        ),
        ("i dialog med KS og Helseetaten i Oslo kommune planlegge et", ["Helseetaten i Oslo kommune"]),
        ("med Statsforvalteren i Troms og Finnmark som pilot.", ["Statsforvalteren i Troms og Finnmark"]),
        # tildelingsbrev-2024-luftfartstilsynet lines 102-103: the genitive that starts the name goes with it
        ("basert. Norges Luftsportforbund (NLF) skal få høve til å gi innspel", ["Norges Luftsportforbund"]),
        # tildelingsbrev-2025-spk line 43
        ("Direktoratet for forvaltning og økonomistyring (DFØ)", ["Direktoratet for forvaltning og økonomistyring"]),
        # no body: a task in an item (luftfartstilsynet line 78), a task's title (digdir line 37), a common noun
        # (the shipped letter, TB2023-11), "for" and a verb or a set phrase, a name going on past the text
        ("a) Greie ut korleis luftrom for dronetrafikk (U-space) kan etablerast over dei", []),
        ("ID: DFD-2025-03 Sekretariat for Digitaliseringsrådet", ["Digitaliseringsrådet"]),
        ("ID: TB2023-11 Kodeverk for diagnoser", []),
        ("Direktoratet for å sikre dette. Direktoratet for eksempel", []),
        ("NVE skal i samarbeid med Direktoratet for samfunnssikkerhet og", []),
        # an unknown body of one compound word and what it is for (tildelingsbrev-2025-domstoladministrasjonen
        # line 64, round twelve): its whole name
        ("sekretariatsfunksjonen for Innstillingsrådet for dommere.", ["Innstillingsrådet for dommere"]),
    ],
)
def test_names_of_bodies_by_their_shape(text: str, names: list[str]) -> None:
    assert [m.entry.label for m in find_unknown_actors(text, NOTHING_KNOWN)] == names


def test_a_company_named_after_a_known_body_is_a_body_of_its_own() -> None:
    # tildelingsbrev-2024-luftfartstilsynet lines 33 ("Avinor AS") and 79 ("kva rolle Avinor Flysikring AS skal ha")
    avinor = Entry(URIRef("https://w3id.org/tbgraph/id/org/avinor"), "avinor", KIND_ACTOR, "Avinor AS")
    known = Gazetteer({"Avinor": avinor, "Avinor AS": avinor})
    text = "og kva rolle Avinor Flysikring AS skal ha som leverandør"
    (found,) = find_unknown_actors(text, known)
    assert found.entry.label == "Avinor Flysikring AS"
    (mention,) = known.find(text)
    assert inside(mention.start, mention.end, [found])  # "Avinor" inside it is no mention of Avinor AS
    assert [m.entry.label for m in find_unknown_actors("samarbeidet med Avinor AS og med", known)] == []


def test_a_known_bodys_long_name_after_a_dash_is_no_other_body(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # tildelingsbrev-2025-riksantikvaren lines 38-39
    text = "instruks for Riksantikvaren – Direktoratet for kulturminneforvaltning, fastsatt av departementet"
    assert find_unknown_actors(text, gazetteer) == []


def test_a_copy_list_item_wrapped_over_a_line_end_is_one_body(tmp_path: Path) -> None:
    # tildelingsbrev-2025-helsetilsynet lines 129-130, tildelingsbrev-2025-spk line 43 wrapped as it might be
    letter = tmp_path / "brev.txt"
    letter.write_text(
        "Tildelingsbrev til Helsetilsynet for 2025\n\nHelse- og omsorgsdepartementet viser til Prop. 1 S.\n\n"
        "1 Innledning\nVi gir med dette rammene for 2025.\n\nMed hilsen\n\nKari Nordmann\n\n"
        "Kopi til: Riksrevisjonen; Statens undersøkelseskommisjon for helse- og\n"
        "          omsorgstjenesten; Direktoratet for forvaltning og\n"
        "          økonomistyring (DFØ)\n",
        encoding="utf-8",
    )
    info = extract_letter(letter).info
    assert info is not None
    labels = [entry.label for entry in info.copy_to]
    assert "Statens undersøkelseskommisjon for helse- og omsorgstjenesten" in labels
    assert not any(label.startswith(("omsorgstjenesten", "økonomistyring")) for label in labels)
    assert not any(label.endswith((" og", "helse-")) for label in labels)
    assert len(labels) == 3


def test_a_known_agency_and_whom_it_serves_is_the_known_agency(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # (made up) "Kulturrådet for kunstnere": the known agency (Norsk kulturråd), and whom it serves; no body
    # "Kulturrådet for kunstnere"
    text = "tilskudd fra Kulturrådet for kunstnere."
    assert find_unknown_actors(text, gazetteer) == []
    assert [m.entry.key for m in gazetteer.find(text)] == ["norsk-kulturrad"]
