"""Actors of the seventh round's third writer and the eighth round (DSA, Språkrådet, Tolletaten 2025; MET 2024,
Patentstyret, DFØ, NSM 2025, IMDi 2024): the name shapes of extract/unknown.py for bodies the reference data does
not know, the bodies the reference data now knows, and the government, which the truths do not count.

Each rule is held against the letters' own lines (read from tests/fixtures/letters/, line numbers of those
copies, as an editor counts them: the truths and the extractor count each page's form feed as a line too, so
their numbers run a page's count higher) and against sentences written by hand for it. The shape rules are
tested against an empty gazetteer, so that a name the reference data knows still tests the rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tbgraph.extract import extract_letter
from tbgraph.extract.gazetteer import KIND_ACTOR, Gazetteer, load_gazetteer
from tbgraph.extract.truth import NOT_COUNTED_ACTORS, load_truth, score, truth_path_for
from tbgraph.extract.unknown import find_unknown_actors

LETTERS = Path(__file__).resolve().parent / "fixtures" / "letters"
NOTHING_KNOWN = Gazetteer({})


def lines(letter: str, first: int, last: int | None = None) -> str:
    """Lines ``first`` … ``last`` of a fixture letter, joined as a paragraph's text is (a word broken at a line
    end with a hyphen is mended)."""
    text = (LETTERS / f"{letter}.txt").read_text(encoding="utf-8").split("\n")[first - 1 : (last or first)]
    joined = " ".join(line.strip() for line in text)
    return re.sub(r"(?<=[a-zæøå])- (?=[a-zæøå])", "", joined)


def unknown(text: str) -> list[str]:
    return [m.entry.label for m in find_unknown_actors(text, NOTHING_KNOWN)]


@pytest.fixture(scope="module")
def gazetteer():  # type: ignore[no-untyped-def]
    return load_gazetteer()


# --- name shapes (extract/unknown.py) ---------------------------------------------------------------------------


def test_a_genitive_before_an_abbreviation_is_read_to_the_body() -> None:
    # tildelingsbrev-2024-dsa lines 144-145, and line 61 with the body's name itself
    assert unknown(lines("tildelingsbrev-2024-dsa", 144, 145)) == ["Det internasjonale atomenergibyrået"]
    assert unknown(lines("tildelingsbrev-2024-dsa", 61)) == ["Det internasjonale atomenergibyrået"]
    # (made up) another body, another ending
    assert unknown("i samarbeid med Det europeiske miljøbyråets (EEA) faggrupper") == ["Det europeiske miljøbyrået"]


def test_a_committee_for_a_field_is_a_body_and_an_agency_for_a_group_is_the_agency() -> None:
    # tildelingsbrev-2024-dsa line 121; (made up) Nynorsk. (A known agency and whom it serves, "Kulturrådet for
    # kunstnere": tests/test_extract_actor_shapes.py, the known name.)
    assert unknown(lines("tildelingsbrev-2024-dsa", 121)) == ["Kriseutvalget for atomberedskap"]
    assert unknown("Kriseutvalet for atomberedskap skal øve kvart år.") == ["Kriseutvalet for atomberedskap"]
    assert unknown("etter innspel frå Koordineringsrådet for informasjonssikkerhet.") == [
        "Koordineringsrådet for informasjonssikkerhet"
    ]


def test_an_association_named_after_the_country_in_nynorsk() -> None:
    # tildelingsbrev-2025-spraakradet line 103; (made up) an association "…lag" in Bokmål
    assert unknown(lines("tildelingsbrev-2025-spraakradet", 103)) == ["Noregs Mållag", "Riksmålsforbundet"]
    assert unknown("Direktoratet skal høre Norges Bondelag om ordninga.") == ["Norges Bondelag"]
    assert unknown("Det nye forslaget skal sendast på høyring.") == []  # "…lag" only after the country's name


def test_one_body_under_two_names_joined_by_a_dash() -> None:
    # tildelingsbrev-2025-spraakradet line 156; (made up) a Sami college under its two names
    assert unknown(lines("tildelingsbrev-2025-spraakradet", 156)) == ["Kainun institutti – Kvensk institutt"]
    sami = "Sámi allaskuvla – Samisk høgskole"
    assert unknown(f"i samarbeid med {sami} utvikle") == [sami]


def test_a_genitive_of_a_time_names_no_body() -> None:
    # tildelingsbrev-2025-spraakradet line 214 (a prize); (made up) Bokmål and a sentence start
    assert unknown(lines("tildelingsbrev-2025-spraakradet", 214)) == []
    assert unknown("Dagens ordning skal evalueres. Årets kommune kåres av departementet.") == []
    assert unknown("i dialog med Bergen kommune om") == ["Bergen kommune"]


def test_a_world_body_named_in_norwegian_with_its_english_abbreviation() -> None:
    # tildelingsbrev-2025-tolletaten lines 67-68, tildelingsbrev-2024-met lines 132-133 (wrapped),
    # tildelingsbrev-2025-patentstyret lines 43-44 (wrapped)
    assert unknown(lines("tildelingsbrev-2025-tolletaten", 67, 68)) == ["Tolletaten", "Verdens tollorganisasjon"]
    assert "Verdas meteorologiorganisasjon" in unknown(lines("tildelingsbrev-2024-met", 132, 133))
    wipo = "Verdens organisasjon for intellektuell eiendom"
    assert wipo in unknown(lines("tildelingsbrev-2025-patentstyret", 43, 44))
    # (made up) a Nynorsk body of the world by its English abbreviation; a task before a bracket is still none
    assert unknown("i dialog med Verdas helseorganisasjon (WHO) om") == ["Verdas helseorganisasjon"]
    assert unknown("Greie ut korleis luftrom for dronetrafikk (U-space) kan etablerast") == []


def test_a_name_of_many_capitalised_words_reaches_back_to_the_abbreviations_first_letter() -> None:
    # tildelingsbrev-2025-nokut lines 65-66: "Education" also starts with E, but leaves too few words for ENQA
    assert unknown(lines("tildelingsbrev-2025-nokut", 65, 66)) == [
        "European Association for Quality Assurance in Higher Education"
    ]
    # (made up) the nearest such word is right when the words after it are enough
    etf = "Education and Training Foundation"
    assert unknown(f"i samarbeid med {etf} (ETF) om") == [etf]
    assert unknown("delta i International Regulators' Forum (IRF) og") == ["International Regulators' Forum"]


def test_a_system_or_register_named_by_what_it_is_for_is_no_body() -> None:
    # tildelingsbrev-2025-nsm lines 105-106 (a steering parameter's cell); (made up) a register and a catalogue
    assert unknown(lines("tildelingsbrev-2025-nsm", 105, 106)) == []
    assert unknown("data fra Nasjonalt register for kreftbehandling (NRK) og Felles datakatalog for helse (FDH)") == []
    assert unknown("Nasjonalt senter for nynorsk i opplæringa (Nynorsksenteret)") != []


def test_a_deadline_columns_first_word_ends_no_name() -> None:
    # tildelingsbrev-2025-tolletaten line 366: "… på Svinesund   Første halvår 2025" across the columns
    assert "Svinesund Første" not in unknown(lines("tildelingsbrev-2025-tolletaten", 366))
    # (made up) Nynorsk and another deadline word
    assert unknown("Kontrollstad på Svinesund   Fyrste halvår 2025") == []
    assert unknown("Samarbeid med Tullverket Snarest") == ["Tullverket"]


# --- the reference data -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("letter", "first", "last", "key"),
    [
        ("tildelingsbrev-2024-dsa", 126, 126, "kriseutvalget-atomberedskap"),  # "Kriseutvalgets medlemmer"
        ("tildelingsbrev-2024-dsa", 144, 145, "iaea"),  # the genitive "… atomenergibyråets"
        ("tildelingsbrev-2025-spraakradet", 103, 103, "noregs-mallag"),
        ("tildelingsbrev-2025-spraakradet", 156, 156, "kvensk-institutt"),
        ("tildelingsbrev-2025-tolletaten", 67, 68, "wco"),
        ("tildelingsbrev-2024-met", 132, 133, "wmo"),  # Nynorsk "Verdas", wrapped
        ("tildelingsbrev-2024-met", 132, 132, "ecmwf"),  # Nynorsk "vêrvarsel"
        ("tildelingsbrev-2024-met", 141, 141, "sysselmesteren"),  # Nynorsk "Sysselmeisteren"
        ("tildelingsbrev-2025-patentstyret", 42, 42, "npi"),
        ("tildelingsbrev-2025-patentstyret", 43, 44, "wipo"),
        ("tildelingsbrev-2025-patentstyret", 45, 46, "euipo"),  # not the EU by "EUs"
        ("tildelingsbrev-2025-nsm", 78, 78, "nato"),
    ],
)
def test_the_reference_data_knows_the_bodies_the_letters_name(  # type: ignore[no-untyped-def]
    gazetteer, letter: str, first: int, last: int, key: str
) -> None:
    found = [m.entry.key for m in gazetteer.find(lines(letter, first, last), [KIND_ACTOR])]
    assert key in found
    if key == "euipo":
        assert "eu" not in found


def test_the_new_bodies_have_no_organisation_number() -> None:
    text = (Path(__file__).resolve().parent.parent / "data" / "reference" / "organisations.ttl").read_text("utf-8")
    added = text[text.index("# Held-out rounds 7 and 8") :]
    assert "tb:orgNumber" not in added


# --- the government ---------------------------------------------------------------------------------------------


def test_the_government_is_no_actor_a_truth_counts(gazetteer) -> None:  # type: ignore[no-untyped-def]
    # tildelingsbrev-2024-dsa line 207 "Regjeringen har besluttet at alle statlige virksomheter …"
    assert {"regjeringen"} == NOT_COUNTED_ACTORS
    letter = LETTERS / "tildelingsbrev-2024-dsa.txt"
    extraction = extract_letter(letter, gazetteer=gazetteer)
    result = score(extraction, load_truth(truth_path_for(letter)), gazetteer)
    assert "Regjeringen" not in result["actors"].extra
    # the letter still names it in the graph, for a curator
    assert any(entry.key == "regjeringen" for entry, _quotes, _section in extraction.mentions)


def test_no_truth_lists_the_government() -> None:
    names = {"regjeringen", "regjeringa"}
    for truth in sorted(LETTERS.glob("*.truth.yaml")):
        actors = yaml.safe_load(truth.read_text(encoding="utf-8")).get("actors") or []
        for actor in actors:
            assert not ({actor["name"].lower()} | {a.lower() for a in actor.get("aliases") or []}) & names, truth.name
