"""Rules of the genre met in the eighteenth held-out round, each held against the round's letters (now fixtures) by
their lines, and where a rule is wider than one letter, against small letters written here.

Line numbers are the project's (``str.splitlines``: a form feed that opens a page ends a line of its own).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from letter_helpers import HEAD, LETTERS, SUPPLEMENTS, deadlines_of, read_deadlines, write_letter
from tbgraph.extract import extract_letter
from tbgraph.extract.sections import find_sections
from tbgraph.extract.supplement_prose import budget_sentence
from tbgraph.extract.text import make_doc, split_lines
from tbgraph.extract.truth import extraction_actors

D = dt.date


def _by_marking(path: Path) -> dict[str, object]:
    return {a.marking: a for a in extract_letter(path).assignments}


def test_assignments_numbered_under_the_goals_that_they_serve() -> None:
    # tildelingsbrev-2025-nlb: "3 Mål, styringsparametere og oppdrag for 2025" (55), "3.1 Mål 1: …" (65) and under it
    # "3.1.1 Studielitteratur for høyere utdanning" (78) … "3.3.4": twelve assignments under their numbers. "3.3.2" asks
    # for work that goes on ("NLB skal følge opp …. Arbeidet er løpende", 160-161); "3.3.5 Rapportering på mål og
    # styringsparametere" (175) says "Dette er ikke et eget oppdrag" (177); "3.4 Faste oppgaver" (180) gives none
    found = _by_marking(LETTERS / "tildelingsbrev-2025-nlb.txt")
    assert list(found) == [f"3.{g}.{n}" for g, last in ((1, 4), (2, 4), (3, 4)) for n in range(1, last + 1)]
    assert found["3.1.1"].title == "Studielitteratur for høyere utdanning"  # type: ignore[attr-defined]
    assert deadlines_of(found["3.3.2"])[0][0] == "continuous"
    # "Status rapporteres i årsrapporten for 2025" (107-108): the annual report, due 15 March 2026 (section 6)
    assert deadlines_of(found["3.1.4"]) == [("channel", "final", D(2026, 3, 15), "årsrapport")]


def test_codes_with_the_year_first_and_a_chapter_named_with_a_digit() -> None:
    # tildelingsbrev-2024-gassnova: "2024-GN-01   Kvalitetssikring …" (79) … "2024-GN-12", hung left of their text;
    # "Frist: Løpende. Samlet vurdering gis i tertialrapportene." (83); "Frist: 15.10.2024" (110) after a lettered
    # list whose last item ends without a stop (109). Budget "1840             CO2-håndtering" (202), a chapter whose
    # name holds a digit, its posts in mill. kroner ("72 … 2 312,5", 212), "Sum kap. 1840   2 634,1" (213)
    result = extract_letter(LETTERS / "tildelingsbrev-2024-gassnova.txt")
    found = {a.marking: a for a in result.assignments}
    assert list(found) == [f"2024-GN-{n:02d}" for n in range(1, 13)]
    assert deadlines_of(found["2024-GN-01"]) == [
        ("continuous", "continuous", None, None),
        ("channel", "final", None, "tertialrapport"),
    ]
    assert deadlines_of(found["2024-GN-05"]) == [("date", "final", D(2024, 10, 15), None)]
    chapters = {c.chapter: c for c in result.chapters}
    assert [(p.post, p.amount) for p in chapters["1840"].posts] == [
        ("21", Decimal("14.6")),
        ("50", Decimal("188.3")),
        ("70", Decimal("118.7")),
        ("72", Decimal("2312.5")),
    ]
    assert (chapters["1840"].total, chapters["1840"].unit) == (Decimal("2634.1"), "million-NOK")


def test_a_list_led_in_by_the_standing_tasks_it_adds_to(tmp_path: Path) -> None:
    # tildelingsbrev-2024-klagenemndssekretariatet lines 104-105: "Departementet gir KNS følgende oppdrag for 2024.
    # Oppdragene kommer i tillegg til de faste oppgavene og skal løses innenfor tildelt ramme:" over eight bullets;
    # a list led in by the standing tasks alone ("Faste oppgaver er:") gives none
    text = HEAD + (
        "1 Oppdrag for 2024\n\nDepartementet gir Kystverket følgende oppdrag for 2024. Oppdragene kommer i tillegg til "
        "de faste oppgavene og skal løses innenfor tildelt ramme:\n\n"
        "     •   Utarbeide en plan for farleiene. Planen skal oversendes departementet innen 1. mai 2024.\n\n"
        "     •   Kartlegge behovet for nye fyr. Kartleggingen skal være ferdig innen 1. oktober 2024.\n\n"
        "2 Faste oppgaver\n\nFaste oppgaver er:\n\n     •   Drift av fyrstasjoner\n     •   Los\n\n"
        "3 Budsjett\n\nTabell 1\n"
    )
    result = extract_letter(write_letter(tmp_path, text))
    assert [a.title for a in result.assignments] == ["Utarbeide en plan for farleiene", "Kartlegge behovet for nye fyr"]
    result = extract_letter(LETTERS / "tildelingsbrev-2024-klagenemndssekretariatet.txt")
    bistand = next(a for a in result.assignments if a.title.startswith("Bistå Kommunal- og distriktsdepartementet"))
    # "Første leveranse skal sendes innen 1. juni 2024 og endelig leveranse innen 1. november 2024" (127-128)
    assert deadlines_of(bistand) == [
        ("date", "preliminary", D(2024, 6, 1), None),
        ("date", "final", D(2024, 11, 1), None),
    ]


def test_a_dated_task_under_other_requirements_and_standing_tasks_without_a_day() -> None:
    # tildelingsbrev-2024-klagenemndssekretariatet: "4 Fellesføringer og andre krav" (156), "4.2 Sikkerhet og
    # beredskap" (162): "KNS skal oppdatere risiko- og sårbarhetsanalysen … innen 31. oktober 2024" (164) with
    # "Erfaringene fra øvelsen skal rapporteres i årsrapporten for 2024." (165-166) is one assignment; "4.4 Faste
    # oppgaver" (172: "KNS skal forberede sakene for nemndene, …", no day) none
    result = extract_letter(LETTERS / "tildelingsbrev-2024-klagenemndssekretariatet.txt")
    in_4 = [a for a in result.assignments if a.section.startswith("4")]
    assert len(in_4) == 1 and in_4[0].text.startswith("KNS skal oppdatere risiko- og sårbarhetsanalysen")
    assert [(d.meaning, d.date, d.channel) for d in in_4[0].deadlines][:1] == [("date", D(2024, 10, 31), None)]
    assert "årsrapport" in {d.channel for d in in_4[0].deadlines}
    assert len(result.assignments) == 10


def test_goals_stated_below_their_lead_in_and_in_an_overall_goal_section() -> None:
    # tildelingsbrev-2025-distriktssenteret: "Samfunnsmålet for distrikts- og regionalpolitikken er:" (67) over
    # "Likeverdige levekår og livskraftige lokalsamfunn, …" (69-70); tildelingsbrev-2025-eksfin: "2.1 Overordnet
    # mål" (52), "Målet for Eksfin er å fremme eksport av …" (54-55)
    goals = extract_letter(LETTERS / "tildelingsbrev-2025-distriktssenteret.txt").goals
    assert goals[0].label.startswith("Likeverdige levekår og livskraftige lokalsamfunn")
    assert len(goals) == 4
    goals = extract_letter(LETTERS / "tildelingsbrev-2025-eksfin.txt").goals
    assert goals[0].label == (
        "Målet for Eksfin er å fremme eksport av norske varer og tjenester og norske investeringer i utlandet"
    )


def test_a_parameter_cell_that_ends_in_a_preposition_goes_on() -> None:
    # tildelingsbrev-2024-klagenemndssekretariatet lines 80-82: "Gjennomsnittlig saksbehandlingstid i" over
    # "Husleietvistutvalget, fra klage er mottatt" — one parameter, though the line below opens with a name
    steering = extract_letter(LETTERS / "tildelingsbrev-2024-klagenemndssekretariatet.txt").steering
    assert len(steering) == 5
    assert steering[1].label.startswith("Gjennomsnittlig saksbehandlingstid i Husleietvistutvalget, fra klage")


def test_national_parameters_after_a_lead_in_and_a_development_agreements_goals() -> None:
    # tildelingsbrev-2025-hvl: "2.2 Nasjonale styringsparametrar" (88), a lead-in ending in a colon (89-91) over seven
    # bullets (93-99); "Mål i avtalen | Styringsparameter | Ambisjon 2026" (106), goals "1. HVL skal …" (107, 111,
    # 116), numbered on after the three sector goals
    result = extract_letter(LETTERS / "tildelingsbrev-2025-hvl.txt")
    assert [g.number for g in result.goals] == ["1", "2", "3", "4", "5", "6"]
    assert result.goals[3].label.startswith("HVL skal utdanne fleire kandidatar")
    assert len(result.steering) == 11
    assert result.steering[0].label == "Del studentar som fullfører på normert tid (bachelor og master)"


def test_an_overview_whose_rows_say_where_each_is_given() -> None:
    # tildelingsbrev-2025-koro: "Oppdrag | Frist | Gitt i" (238); rows "Punkt 5.9" repeat the body's assignments, rows
    # given in another letter ("Faktagrunnlag om kunst … | Innen utgangen av februar 2025 | Brev 3.12.2024", 239-241;
    # "Utredning av felles innkjøpsordning …", 243-244) are assignments the letter gives only here. Budget "Sum
    # utgifter kap. 322   96 622" (79), "Sum inntekter kap. 3322   11 650" (85)
    result = extract_letter(LETTERS / "tildelingsbrev-2025-koro.txt")
    assert len(result.assignments) == 12
    listed = [a for a in result.assignments if a.scheme == "table-row"]
    assert [a.text.split()[0] for a in listed] == ["Faktagrunnlag", "Utredning"]
    assert [deadlines_of(a) for a in listed] == [
        [("date", "final", D(2025, 2, 28), None)],
        [("date", "final", D(2025, 4, 30), None)],
    ]
    assert {c.chapter: c.total for c in result.chapters} == {"322": Decimal("96622"), "3322": Decimal("11650")}


def test_parts_in_roman_numerals_over_sections_under_the_parts_number() -> None:
    # tildelingsbrev-2025-distriktssenteret: "I       INNLEIING" (25) over "1.1     Om tildelingsbrevet" (27), "II
    # MÅL OG STYRINGSPARAMETRAR" (63) over "2.1 …" (65), … "IV      BUDSJETT" (227)
    path = LETTERS / "tildelingsbrev-2025-distriktssenteret.txt"
    doc = make_doc(path, split_lines(path.read_text(encoding="utf-8")), "text/plain", "0")
    numbers = [s.number for s in find_sections(doc, [])]
    assert numbers[:5] == ["I", "1.1", "1.2", "II", "2.1"]
    assert "IV" in numbers and "4.1" in numbers and "V" in numbers


def test_a_hung_oppdrag_ends_at_the_margin_and_a_request_after_a_reference() -> None:
    # tildelingsbrev-2025-distriktssenteret: "Oppdrag 12  Datagrunnlag …" (199), two spaces before a title whose text
    # stands in its column, ends at "Frist: Innan 20. januar 2026." (203): "Departementet tek sikte på … i løpet av
    # våren 2025" (205) at the margin is none of it. "… mellom anna til arbeidet med oppdrag 4. Distriktssenteret skal
    # innan 15. februar 2025 sende departementet ein plan …" (249-251): a sentence of its own, a dated request
    result = extract_letter(LETTERS / "tildelingsbrev-2025-distriktssenteret.txt")
    found = {a.marking: a for a in result.assignments}
    assert deadlines_of(found["Oppdrag 12"]) == [("date", "final", D(2026, 1, 20), None)]
    plan = [a for a in result.assignments if a.text.startswith("Distriktssenteret skal innan 15. februar 2025")]
    assert len(plan) == 1 and deadlines_of(plan[0]) == [("date", "final", D(2025, 2, 15), None)]
    assert len(result.assignments) == 13


def test_a_frist_label_after_an_item_and_a_report_given_in_a_channel() -> None:
    assert read_deadlines("c) ansvarsdelingen mellom Gassnova og departementet Frist: 15.10.2024", 2024) == [
        ("date", "final", D(2024, 10, 15), None)
    ]
    assert read_deadlines("Samlet vurdering gis i tertialrapportene.", 2024) == [
        ("channel", "final", None, "tertialrapport")
    ]


def test_committees_named_in_one_word_and_bodies_added_to_the_reference_data() -> None:
    # tildelingsbrev-2024-klagenemndssekretariatet names "Husleietvistutvalget" (81) and "Lovdata" (135);
    # tildelingsbrev-2025-distriktssenteret "Nordregio" (182); tildelingsbrev-2024-gassnova "Shell og TotalEnergies"
    result = extract_letter(LETTERS / "tildelingsbrev-2024-klagenemndssekretariatet.txt")
    names = {e.label for e in extraction_actors(result)}
    assert {"Husleietvistutvalget", "Stiftelsen Lovdata", "Klagenemndssekretariatet"} <= names
    names = {e.label for e in extraction_actors(extract_letter(LETTERS / "tildelingsbrev-2024-gassnova.txt"))}
    assert {"Shell", "TotalEnergies", "Gassnova SF"} <= names


def test_a_posts_amount_set_anew_by_a_supplement() -> None:
    # endringsbrev-nr-1-2024-gassnova line 29-30: "… settes bevilgningen på kap. 1840 post 70 Administrasjon, Gassnova
    # SF, til 123,4 mill. kroner"; the letter's 118,7 is the amount before
    said = budget_sentence(
        "Som følge av Stortingets vedtak settes bevilgningen på kap. 1840 post 70 Administrasjon, Gassnova SF, til "
        "123,4 mill. kroner."
    )
    assert said is not None
    assert (said.chapter, said.post, said.before, said.change, said.after, said.unit) == (
        "1840",
        "70",
        None,
        None,
        Decimal("123.4"),
        "million-NOK",
    )
    assert budget_sentence("Tildelingen under kap. 1840 post 72 står fast.") is None
    assert (SUPPLEMENTS / "endringsbrev-nr-1-2024-gassnova.txt").exists()


def test_a_name_in_the_genitive_is_its_base_form_and_a_committee_in_one_word() -> None:
    # tildelingsbrev-2024-gassnova: "2024-GN-03   Revidert prosjektplan for Hafslund Celsio" (91) over "Gassnova skal
    # vurdere Hafslund Celsios reviderte prosjektplan" (92): one body, "Hafslund Celsio"; tildelingsbrev-2024-
    # gjenopptakelseskommisjonen "1.2   Bistand til Gjenopptakelsesutvalget" (88): a committee, a body of its own
    names = {e.label for e in extraction_actors(extract_letter(LETTERS / "tildelingsbrev-2024-gassnova.txt"))}
    assert "Hafslund Celsio" in names and "Hafslund Celsios" not in names
    result = extract_letter(LETTERS / "tildelingsbrev-2024-gjenopptakelseskommisjonen.txt")
    assert "Gjenopptakelsesutvalget" in {e.label for e in extraction_actors(result)}
