"""Every involvement's quote holds the words that carry it.

An involvement says that an actor takes part in an obligation in a role; its tb:source quote is the
evidence. For every involvement in the curated letters (data/letters/*.ttl) this checks that the quote

* stands in the letter at exactly the lines it names (the first and the last line are both needed);
* lies in the own text of the obligation that holds the involvement, under the same section number:
  an assignment's text runs from its ID line to the next assignment or heading (its parts share it;
  a quote from another assignment or from section 1.1 does not count); any other obligation of the
  letter (standing responsibilities, the annual cycle, reporting duties) owns its numbered section;
* names the actor: its label or an alias from data/reference/organisations.ttl, the name of a group
  it belongs to (org:hasMember), or — for the letter's own issuer and recipient — the short form
  the genre uses for them ("departementet", "direktoratet");
* holds a word that carries the role, from a small list of Bokmål cues per role (below).

No rule decides silently: a role without a cue list, an actor without a name, an involvement held by
no obligation or by several, or an obligation without a line span is reported as a problem.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import rdflib
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from project_paths import ROOT
from tbgraph.model.namespaces import TB
from tbgraph.validation.provenance import normalise

ROLE = "https://w3id.org/tbgraph/def/role/"

# Words that carry each role, matched case-insensitively at the start of a word; a leading "-" lets the
# cue also be the last part of a compound ("-ansvar" in "koordineringsansvaret", "-rapport" in
# "sluttrapport"). "{A}" stands for one of the actor's names, with at most two words between (as in
# "fra de regionale helseforetakene"): "til", "fra", "skal" carry a role only when they govern the actor.
ROLE_CUES: dict[str, tuple[str, ...]] = {
    # the one the obligation is laid on: "Direktoratet skal …", "Departementet ber Direktoratet … om å",
    # "bes om å", "har ansvar for", "må påregne", "kan ta forbehold", "tildeles … til å forvalte",
    # "X har etablert", "X koordinerer", "er sekretariat for", X's "oppdrag" or "forvaltning", and the
    # formal reporting "fra X"
    "owner": (
        "skal",
        "bes",
        "ber",
        "må",
        "kan",
        "-ansvar",
        "tildeles",
        "forutsettes",
        "-oppdrag",
        "forvaltning",
        "sekretariat",
        "rolle",
        "{A} har",
        "{A} koordinerer",
        "{A} tilbyr",
        "{A} bidrar",
        "fra {A}",
    ),
    # "som ledes av X"; "bistå X i arbeidet" (the assisted party owns the work); "X skal vurdere …,
    # Direktoratet … bes om å bistå"; "I 2023 skal KS … foreslå"
    "lead": ("ledes av {A}", "ledet av {A}", "{A} leder", "bistå {A}", "i regi av {A}", "{A} skal", "skal {A}"),
    "assisting": ("bistå", "bistand"),
    "collaborating": ("-samarbeid", "sammen med", "delta"),
    "coordinating": ("-koordiner", "samordne"),
    # whose work the obligation builds on: "basert på …", "utarbeidet av X", "i lys av evalueringen",
    # "med utgangspunkt i … departementets tilbakemelding", "X's anbefalinger", "skal det tas opp med",
    # "felles plan … fra de regionale helseforetakene"
    "providing-input": (
        "basert på",
        "utarbeidet av",
        "i lys av",
        "erfaring",
        "-evaluering",
        "innspill",
        "tilbakemelding",
        "utgangspunkt i",
        "grunnlag",
        "anbefaling",
        "tas opp",
        "fra {A}",
    ),
    # "i dialog med", "involveres etter behov", "behandles i", "drøfte", "samle sektoren om", "deltakelse fra"
    "consulted": ("dialog", "involver", "innspill", "behandl", "drøft", "hør", "forankre", "samle", "deltakelse"),
    # the delivery goes to the actor: "til departementets arbeid", "med kopi til Riksrevisjonen",
    # "gi departementet grunnlag", "… lager en sluttrapport", "at kommunene får", "godkjennes av
    # departementet", "understøtte innføring i … regionale helseforetak", "støtte kommunale nettverk"
    "receiving-delivery": (
        "til {A}",
        "overfor {A}",
        "gi {A}",
        "{A} mottar",
        "{A} får",
        "kopi",
        "-rapport",
        "oversend",
        "orientert",
        "levere",
        "innspill",
        "understøtte",
        "støtte",
        "legge til rette",
        "tilrettelegge",
        "godkjenn",
    ),
}

# How a letter refers to its own issuer and recipient without naming them: the genre's short forms,
# by the kind of organisation (a ministry writes "departementet" and "vi", and calls a directorate
# "direktoratet" and any recipient "virksomheten" or "etaten").
ISSUER_SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "Ministry": ("departementet", "departementets", "vi"),
}
RECIPIENT_SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "Directorate": ("direktoratet", "direktoratets"),
    "StateEnterprise": ("foretaket", "foretakets"),
    "RegionalHealthAuthority": ("foretaket", "foretakets", "helseforetaket"),
}
ANY_RECIPIENT_SHORT_FORMS = ("virksomheten", "virksomhetens", "etaten", "etatens")


def _load(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path)
    return graph


@cache
def _curated() -> Graph:
    letters = sorted((ROOT / "data" / "letters").glob("*.ttl"))
    return _load([*letters, ROOT / "data" / "reference" / "organisations.ttl", ROOT / "ontology" / "tbgraph.ttl"])


@cache
def _text_lines(path: str) -> tuple[str, ...]:
    return tuple((ROOT / path).read_text(encoding="utf-8").splitlines())


def _span(lines: tuple[str, ...], first: int, last: int) -> str:
    return normalise(" ".join(lines[first - 1 : last]))


def _joined_hyphens(text: str) -> str:
    """'omsorgs- departementet' (a word hyphenated at a PDF line end) read as 'omsorgs-departementet'."""
    return re.sub(r"(\w)- (?!og\b|eller\b)(\w)", r"\1-\2", text)


def _word(phrase: str) -> str:
    return r"(?<!\w)" + re.escape(phrase)


def _names(graph: Graph, agent: Node, letter: Node | None) -> list[str]:
    """Every way the letter may name the agent: labels, aliases, its groups' names, short forms."""
    names: set[str] = set()
    holders = [agent, *graph.subjects(ORG.hasMember, agent)]
    for holder in holders:
        for predicate in (RDFS.label, SKOS.altLabel):
            for label in graph.objects(holder, predicate):
                if isinstance(label, Literal) and label.language in (None, "nb", "nn"):
                    names.add(str(label))
    if letter is not None:
        kinds = {str(k).rsplit("#", 1)[-1] for k in graph.objects(agent, RDF.type)}
        if (letter, TB.issuedBy, agent) in graph:
            names.update(form for kind in kinds for form in ISSUER_SHORT_FORMS.get(kind, ()))
        if (letter, TB.recipient, agent) in graph:
            names.update(form for kind in kinds for form in RECIPIENT_SHORT_FORMS.get(kind, ()))
            names.update(ANY_RECIPIENT_SHORT_FORMS)
    return sorted(names, key=len, reverse=True)


def _names_pattern(names: list[str]) -> str:
    return "(?:" + "|".join(_word(n) + r"(?!\w)" for n in names) + ")"


def _cue_regex(cue: str, names: list[str]) -> str:
    if cue.startswith("-"):
        return re.escape(cue[1:])
    if "{A}" not in cue:
        return _word(cue)
    before, after = cue.split("{A}")
    parts = []
    if before:
        parts.append(_word(before.strip()) + r"\s+(?:\S+\s+){0,2}?")
    parts.append(_names_pattern(names))
    if after:
        parts.append(r"\s+" + re.escape(after.strip()))
    return "".join(parts)


def _contains(pattern: str, quote: str) -> bool:
    return any(re.search(pattern, text, re.IGNORECASE) for text in (quote, _joined_hyphens(quote)))


def _source_of(graph: Graph, node: Node) -> tuple[str, str, int, int, str] | None:
    location = graph.value(node, TB.source)
    if location is None:
        return None
    text = graph.value(location, TB.inSourceText)
    path = graph.value(text, DCTERMS.identifier) if text is not None else None
    values = [graph.value(location, p) for p in (TB.section, TB.quote, TB.lineStart, TB.lineEnd)]
    if path is None or any(v is None for v in values):
        return None
    section, quote, start, end = values
    return str(section), str(quote), int(str(start)), int(str(end)), str(path)


# A numbered heading: "2.1.1 Spesielle oppdrag", " 2.2 Hovedmål 2: …". Table rows ("21 Spesielle
# driftsutgifter") and footnotes ("1 Med konsekvensjusteringer") look alike, so a line only counts as a
# heading where its number follows the previous heading's (1 -> 1.1 or 2; 2.1.1 -> 2.1.2, 2.2 or 3).
HEADING = re.compile(r"^\s*(\d+(?:\.\d+)*)\s+[A-ZÆØÅ]")


def _follows(previous: str | None) -> set[str]:
    if previous is None:
        return {"1"}
    parts = previous.split(".")
    nexts = {previous + ".1"}
    for depth in range(1, len(parts) + 1):
        head = parts[:depth]
        nexts.add(".".join([*head[:-1], str(int(head[-1]) + 1)]))
    return nexts


@cache
def _headings(path: str) -> tuple[tuple[int, str], ...]:
    found: list[tuple[int, str]] = []
    for number, line in enumerate(_text_lines(path), start=1):
        match = HEADING.match(line)
        if match and match.group(1) in _follows(found[-1][1] if found else None):
            found.append((number, match.group(1)))
    return tuple(found)


def _section_lines(path: str, section: str) -> tuple[int, int] | None:
    """First and last line of a numbered section (to the next heading), or of the text before the first."""
    headings = _headings(path)
    if section == "innledning":
        return (1, headings[0][0] - 1) if headings else None
    for index, (number, label) in enumerate(headings):
        if label == section:
            last = headings[index + 1][0] - 1 if index + 1 < len(headings) else len(_text_lines(path))
            return number, last
    return None


def _top(graph: Graph, holder: Node) -> Node:
    """The assignment a part belongs to (tb:deliverableOf, followed up), or the holder itself."""
    seen = {holder}
    while (parent := graph.value(holder, TB.deliverableOf)) is not None and parent not in seen:
        holder = parent
        seen.add(parent)
    return holder


def _own_region(graph: Graph, holder: Node) -> tuple[str, str, int, int] | str:
    """Where the holder's own words stand: an assignment (and its parts) from its ID line to the next
    assignment or heading; any other obligation of the letter, its numbered section."""
    top = _top(graph, holder)
    own = _source_of(graph, top)
    if own is None:
        return f"its obligation {top} has no source location to check the quote against"
    section, _, start, _, path = own
    if (top, RDF.type, TB.Assignment) in graph:
        starts = sorted(
            s[2]
            for a in graph.subjects(RDF.type, TB.Assignment)
            if (s := _source_of(graph, a)) is not None and s[4] == path and s[2] > start
        )
        ends = [n for n, _ in _headings(path) if n > start]
        last = min([*starts, *ends, len(_text_lines(path)) + 1]) - 1
        return section, path, start, last
    lines = _section_lines(path, section)
    if lines is None:
        return f"no heading for section {section!r} in {path}; the test cannot tell where its text ends"
    return section, path, *lines


def check_involvement(graph: Graph, involvement: URIRef) -> list[str]:
    """The problems with one involvement's evidence; an empty list means the quote carries it."""
    where = str(involvement).rsplit("/id/", 1)[-1]
    agent = graph.value(involvement, PROV.agent)
    role_node = graph.value(involvement, PROV.hadRole)
    source = _source_of(graph, involvement)
    if not isinstance(agent, URIRef) or role_node is None or source is None:
        return [f"{where}: no agent, role or complete source location (section, quote, lines, text)"]
    section, quote, start, end, path = source
    role = str(role_node).removeprefix(ROLE)
    if not (ROOT / path).is_file():
        return [f"{where}: its source text {path} is not in the repository"]
    problems: list[str] = []

    lines = _text_lines(path)
    if not 1 <= start <= end <= len(lines) or normalise(quote) not in _span(lines, start, end):
        problems.append(f"{where}: the quote is not in lines {start}-{end} of {path}")
    elif normalise(quote) in _span(lines, start + 1, end) or normalise(quote) in _span(lines, start, end - 1):
        problems.append(f"{where}: lines {start}-{end} are wider than the quote; name the lines it stands on")

    holders = list(graph.subjects(TB.involvement, involvement))
    if len(holders) != 1:
        problems.append(f"{where}: held by {len(holders)} obligations; the test cannot tell whose text it is")
    else:
        region = _own_region(graph, holders[0])
        if isinstance(region, str):
            problems.append(f"{where}: {region}")
        else:
            own_section, own_path, first, last = region
            if (own_section, own_path) != (section, path) or not first <= start <= end <= last:
                problems.append(
                    f"{where}: quote at §{section} {start}-{end} lies outside its obligation "
                    f"(§{own_section} {first}-{last})"
                )

    text = graph.value(graph.value(involvement, TB.source), TB.inSourceText)
    letter = graph.value(text, TB.textOf) if text is not None else None
    names = _names(graph, agent, letter)
    if not names:
        problems.append(f"{where}: the actor {agent} has no name or alias in the reference data")
    elif not _contains(_names_pattern(names), quote):
        problems.append(f"{where}: the quote does not name {agent.rsplit('/', 1)[-1]}: {quote!r}")

    cues = ROLE_CUES.get(role)
    if cues is None:
        problems.append(f"{where}: no cue words are known for the role {role!r}; add them to ROLE_CUES")
    elif names and not any(_contains(_cue_regex(cue, names), quote) for cue in cues):
        problems.append(f"{where}: no word carrying the role {role} ({', '.join(cues)}) in {quote!r}")
    return problems


def _involvements(graph: Graph) -> list[URIRef]:
    return sorted(i for i in graph.subjects(RDF.type, TB.Involvement) if isinstance(i, URIRef))


def _problems(graph: Graph) -> list[str]:
    return [problem for involvement in _involvements(graph) for problem in check_involvement(graph, involvement)]


def _location(graph: Graph, involvement: URIRef) -> Node:
    location = graph.value(involvement, TB.source)
    assert location is not None, involvement
    return location


def _copy() -> Graph:
    graph = Graph()
    for triple in _curated():
        graph.add(triple)
    return graph


ID = "https://w3id.org/tbgraph/id/"


def test_every_involvement_quote_holds_the_actor_and_the_words_of_its_role() -> None:
    graph = _curated()
    assert len(_involvements(graph)) > 150, "the 2023 letter's obligations carry their involvements"
    problems = _problems(graph)
    assert problems == [], "\n".join(problems)


def test_every_role_in_the_scheme_has_cue_words() -> None:
    graph = _curated()
    scheme = URIRef("https://w3id.org/tbgraph/ontology#RoleScheme")
    roles = {str(r).removeprefix(ROLE) for r in graph.objects(scheme, SKOS.hasTopConcept)}
    assert roles == set(ROLE_CUES), "ROLE_CUES must cover the closed list of roles, and no more"


def test_a_quote_from_outside_the_assignment_is_caught() -> None:
    # Section 1.1 (lines 189-191): "Direktoratet for e-helse og Norsk helsenett SF skal samarbeide om
    # gjennomføring av satsingen" names NHN and a collaboration, but of the initiative, not in TB2023-10's
    # own text (lines 561-578, up to "ID: TB2023-11" on line 579) — the mistake TB2023-15 once had.
    graph = _copy()
    involvement = URIRef(ID + "assignment/ehelse/TB2023-10/involvement/nhn-collaborating")
    location = _location(graph, involvement)
    graph.set((location, TB.section, Literal("1.1")))
    graph.set((location, TB.quote, Literal("Direktoratet for e-helse og Norsk helsenett SF skal samarbeide")))
    graph.set((location, TB.lineStart, Literal(189)))
    graph.set((location, TB.lineEnd, Literal(191)))
    problems = check_involvement(graph, involvement)
    assert len(problems) == 1 and "outside its obligation (§2.2.2 561-578)" in problems[0]


def test_a_role_the_quote_does_not_carry_is_caught() -> None:
    # TB2023-10 (lines 567-569) names Helsedirektoratet "i samarbeid med": nothing there says it leads.
    graph = _copy()
    involvement = URIRef(ID + "assignment/ehelse/TB2023-10/involvement/hdir-collaborating")
    graph.set((involvement, PROV.hadRole, URIRef(ROLE + "lead")))
    problems = check_involvement(graph, involvement)
    assert len(problems) == 1 and "no word carrying the role lead" in problems[0]


def test_a_quote_that_does_not_name_the_actor_is_caught() -> None:
    # Line 464 "som ledes av Helsedirektoratet" does not name Norsk helsenett SF, so neither does
    # "ledes av" govern it.
    graph = _copy()
    involvement = URIRef(ID + "assignment/ehelse/TB2023-06/involvement/hdir-lead")
    graph.set((involvement, PROV.agent, URIRef(ID + "org/nhn")))
    problems = check_involvement(graph, involvement)
    assert len(problems) == 2
    assert "does not name nhn" in problems[0] and "no word carrying the role lead" in problems[1]


def test_lines_wider_than_the_quote_are_caught() -> None:
    graph = _copy()
    involvement = URIRef(ID + "assignment/ehelse/TB2023-06/involvement/hdir-lead")
    graph.set((_location(graph, involvement), TB.lineStart, Literal(462)))  # the quote is on line 464
    problems = check_involvement(graph, involvement)
    assert len(problems) == 1 and "wider than the quote" in problems[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("role", "no cue words are known for the role 'sponsor'"),
        ("agent", "has no name or alias in the reference data"),
        ("holder", "held by 2 obligations"),
    ],
)
def test_what_no_rule_decides_fails_loudly(change: str, message: str) -> None:
    graph = _copy()
    involvement = URIRef(ID + "assignment/ehelse/TB2023-06/involvement/hdir-lead")
    if change == "role":
        graph.set((involvement, PROV.hadRole, URIRef(ROLE + "sponsor")))
    elif change == "agent":
        graph.set((involvement, PROV.agent, URIRef(ID + "org/unnamed-council")))
    else:
        graph.add((URIRef(ID + "assignment/ehelse/TB2023-20"), TB.involvement, involvement))
    assert any(message in problem for problem in check_involvement(graph, involvement))


def test_short_forms_name_only_the_letters_own_parties() -> None:
    # "Direktoratet" (e.g. line 366) is the recipient, Direktoratet for e-helse; it is no name for
    # Helsedirektoratet, which the letter always names in full (lines 464, 569, 605).
    graph = _curated()
    letter = URIRef(ID + "letter/ehelse/2023")
    assert "direktoratet" in _names(graph, URIRef(ID + "org/ehelse"), letter)
    assert "departementet" in _names(graph, URIRef(ID + "org/hod"), letter)
    assert "direktoratet" not in _names(graph, URIRef(ID + "org/hdir"), letter)
    # a regional health authority is also named by its group, "de regionale helseforetakene" (line 569)
    assert "De regionale helseforetakene" in _names(graph, URIRef(ID + "org/helse-nord"), letter)
    assert rdflib.URIRef(ID + "org/rhf") in set(graph.subjects(ORG.hasMember, URIRef(ID + "org/helse-nord")))


@pytest.mark.parametrize(
    ("involvement", "role", "agent", "quote", "lines", "message"),
    [
        # TB2023-12 (lines 603-607): the KPR is "hos Helsedirektoratet"; nothing says they work together
        (
            "TB2023-12/involvement/hdir-receiving-delivery",
            "collaborating",
            "hdir",
            "KPR hos Helsedirektoratet",
            (605, 605),
            "no word carrying the role collaborating",
        ),
        # TB2023-13 (lines 613-615): the other ministry only refers to Digitaliseringsdirektoratet's initiative
        (
            "TB2023-13/involvement/digdir-lead",
            "providing-input",
            "kdd",
            "Kommunal- og distriktsdepartementet viser til at Digitaliseringsdirektoratet har tatt initiativ",
            (613, 615),
            "no word carrying the role providing-input",
        ),
        # TB2023-01 (lines 368-370): a recommendation with no receiver named
        (
            "TB2023-01/involvement/nhn-providing-input",
            "receiving-delivery",
            "hod",
            "vurdere om det er grunnlag for å innføre plikt til bruk, jf pasientjournalloven.",
            (368, 370),
            "does not name hod",
        ),
    ],
)
def test_the_audits_findings_stay_caught(
    involvement: str, role: str, agent: str, quote: str, lines: tuple[int, int], message: str
) -> None:
    graph = _copy()
    node = URIRef(ID + "assignment/ehelse/" + involvement)
    location = _location(graph, node)
    graph.set((node, PROV.hadRole, URIRef(ROLE + role)))
    graph.set((node, PROV.agent, URIRef(ID + "org/" + agent)))
    graph.set((location, TB.quote, Literal(quote)))
    graph.set((location, TB.lineStart, Literal(lines[0])))
    graph.set((location, TB.lineEnd, Literal(lines[1])))
    assert any(message in problem for problem in check_involvement(graph, node))
