"""Synthetic allocation letters with the real letter's shape, for growth benchmarks and tests.

An analyst who loads twenty years of letters for every agency has about a thousand letters; the
project ships one. :func:`write_dataset` writes ``n`` letters that look to the shapes, the queries
and the server like the curated 2023 letter (``data/letters/2023-hod-ehelse.ttl``): the same
ontology, the same IRI patterns, counts drawn around the real letter's (about 26 assignments, some
with parts; about 80 involvements over the role list; about 40 deadlines inside the budget year,
some continuous or still to be agreed; about 20 dependencies forming chains, some to the previous
year's assignments; budget chapters whose posts add up, earmarks within posts; an annual cycle of
20 rows with 4 steering meetings; main goals, steering parameters, priority areas, government
goals), every item with a ``tb:source`` that quotes a generated source text at the right lines.

Letters are spread over recipients x years: recipient after recipient, each with a run of
consecutive budget years ending in 2023 (20 years at 1,000 letters, so 50 recipients). Recipients
and most issuing ministries are *synthetic* organisations (``syn...`` keys, "Syntetisk etat 001",
organisation numbers starting with 1, which Brønnøysund never assigns), written as reference data
of their own; the actors the letters involve, the solutions they concern and their legal basis
are drawn from the shipped reference data, so the same actor is the same resource in every
letter. A reference to the previous year's assignment ``TB2022-07`` is the IRI of that assignment
in the previous letter, so it links up; the first letter of a run refers to a placeholder
(``tb:ExternalAssignment``), as the curated letter does for ``TB2022-09``.

Everything is deterministic: a letter depends only on the seed, its recipient and its year, so the
same letter comes out whatever the number of letters asked for (only the first of a run differs,
in carrying placeholders). The output folder is a data root (``ontology/``, ``shapes/``,
``data/reference/``, ``data/letters/``, ``data/source/``) that :func:`tbgraph.dataset.loader.default_sources`
and ``tbgraph serve`` (``TBGRAPH_DATA_ROOT``) take as it is::

    >>> from tbgraph.growth.letters import plan
    >>> [letter.stem for letter in plan(4, years=2).letters]
    ['2022-hod-synetat001', '2023-hod-synetat001', '2022-kdd-synetat002', '2023-kdd-synetat002']
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, TIME, XSD
from rdflib.term import Literal, URIRef

from tbgraph.dataset.loader import SourceFile, default_sources
from tbgraph.model.namespaces import ID_BASE, TB, TBDEP, TBDK, TBROLE, TBUNIT
from tbgraph.model.resources import data_dir, ontology_dir, shapes_dir

__all__ = [
    "END_YEAR",
    "GENERATOR_VERSION",
    "Organisation",
    "LetterSpec",
    "Plan",
    "LetterStats",
    "SyntheticDataset",
    "default_years",
    "plan",
    "render_letter",
    "write_dataset",
    "synthetic_sources",
    "SYNTHETIC_REFERENCE_FILE",
]

#: Bump when the generated data changes, so cached datasets are regenerated.
GENERATOR_VERSION = "1"
#: The last budget year of every run of letters (the curated letter's year).
END_YEAR = 2023
#: The reference file of the synthetic organisations, under ``data/reference/``.
SYNTHETIC_REFERENCE_FILE = "synthetic-organisations.ttl"
#: Issuers that are real ministries of the shipped reference data; the rest are synthetic.
REAL_ISSUERS = ("hod", "kdd", "fin")
SYNTHETIC_MINISTRIES = 7

_ORG_CLASSES = (
    TB.Directorate,
    TB.StateEnterprise,
    TB.RegionalHealthAuthority,
    TB.Municipality,
    TB.InterestOrganisation,
    TB.SectorGroup,
)
_ROLE_WEIGHTS = {
    TBROLE.lead: 3,
    TBROLE.assisting: 2,
    TBROLE.collaborating: 5,
    TBROLE.coordinating: 1,
    TBROLE["providing-input"]: 3,
    TBROLE.consulted: 3,
    TBROLE["receiving-delivery"]: 3,
}
_ACTOR_WEIGHTS = {
    "nhn": 6,
    "hdir": 4,
    "fhi": 3,
    "rhf": 3,
    "kommunene": 3,
    "sektoren": 3,
    "ks": 3,
    "legemiddelverket": 2,
    "digdir": 2,
    "nav": 2,
    "helse-sor-ost": 1,
    "helse-vest": 1,
    "helse-midt-norge": 1,
    "helse-nord": 1,
    "registerforvalterne": 1,
    "bufdir": 1,
}

# --------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------

_MONTHS_NB = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_TOPICS = (
    ("digital samhandling", "digital interoperability"),
    ("informasjonssikkerhet", "information security"),
    ("kunstig intelligens", "artificial intelligence"),
    ("deling av helsedata", "sharing of health data"),
    ("standardisering", "standardisation"),
    ("beredskap", "preparedness"),
    ("brukerinvolvering", "user involvement"),
    ("kvalitetsforbedring", "quality improvement"),
    ("personvern", "privacy"),
    ("tilskuddsforvaltning", "grant administration"),
    ("statistikk og analyse", "statistics and analysis"),
    ("forenkling av regelverk", "simplification of regulations"),
    ("kompetanseutvikling", "competence development"),
    ("tjenesteinnovasjon", "service innovation"),
    ("klima og bærekraft", "climate and sustainability"),
    ("universell utforming", "universal design"),
    ("åpne data", "open data"),
    ("felles arkitektur", "common architecture"),
    ("gevinstrealisering", "benefits realisation"),
    ("digital sikkerhet", "digital security"),
    ("kodeverk og terminologi", "code systems and terminology"),
    ("innrapportering til registre", "reporting to registries"),
    ("velferdsteknologi", "welfare technology"),
    ("samordning av tjenester", "coordination of services"),
)
_ACTIONS = (
    ("Utrede", "Study"),
    ("Videreutvikle arbeidet med", "Further develop the work on"),
    ("Evaluere", "Evaluate"),
    ("Etablere en ordning for", "Establish a scheme for"),
    ("Kartlegge", "Map"),
    ("Følge opp", "Follow up"),
    ("Utarbeide veileder om", "Prepare guidance on"),
    ("Innføre tiltak for", "Introduce measures for"),
    ("Styrke", "Strengthen"),
    ("Rapportere om", "Report on"),
    ("Vurdere konsekvenser av", "Assess the consequences of"),
    ("Samordne", "Coordinate"),
)
_AREAS = (
    ("i kommunene", "in the municipalities"),
    ("i spesialisthelsetjenesten", "in the specialist health service"),
    ("på nasjonalt nivå", "at national level"),
    ("i sektoren", "in the sector"),
    ("i egen virksomhet", "in the agency itself"),
    ("i samarbeid med Norden", "in Nordic cooperation"),
    ("for innbyggerne", "for the citizens"),
    ("i forvaltningen", "in public administration"),
)
_GOAL_TITLES = (
    ("Felles retning for fagområdet", "A common direction for the field"),
    ("Tydelige rammebetingelser", "Clear framework conditions"),
    ("Stegvis realisering av bedre tjenester", "Stepwise realisation of better services"),
    ("Enklere tilgang til data", "Easier access to data"),
    ("Effektiv og trygg forvaltning", "Efficient and safe administration"),
    ("Kunnskapsbasert styring", "Knowledge-based governance"),
)
_GOVERNMENT_GOALS = (
    ("God helse og mestring i befolkningen", "Good health and coping in the population"),
    ("Gode tjenester og rask tilgang i hele landet", "Good services and rapid access throughout the country"),
    ("Et attraktivt arbeidsliv i offentlig sektor", "Attractive working life in the public sector"),
    ("Bærekraftig og rettferdig ressursbruk", "Sustainable and fair use of resources"),
    ("En samfunnssikkerhet forberedt på kriser", "Public security prepared for crises"),
    ("En digital offentlig sektor", "A digital public sector"),
    ("Et inkluderende samfunn", "An inclusive society"),
)
_ANNUAL_CYCLE = (
    ((1, 13), "Regnskapsrapportering per 31. desember {prev}", "Accounts reporting as of 31 December {prev}"),
    ((1, 20), "Forklaringer til statsregnskapet", "Explanations to the central government accounts"),
    ((2, 15), "Innspill til revidert budsjett for {year}", "Input to the revised budget for {year}"),
    ((2, 17), "Orientering om disponering av midlene", "Briefing on the use of the funds"),
    ((3, 1), "Etatsstyringsmøte (oppfølging av satsinger)", "Agency steering meeting (follow-up of initiatives)"),
    (
        (3, 15),
        "Årsrapport med kopi til Riksrevisjonen",
        "Annual report with a copy to the Office of the Auditor General",
    ),
    ((4, 29), "Status- og avviksrapportering per 1. april", "Status and deviation reporting as of 1 April"),
    (
        (5, 2),
        "Forslag til budsjettekster for Prop. 1 S ({year}–{next})",
        "Proposed budget texts for Prop. 1 S ({year}–{next})",
    ),
    ((5, 9), "Etatsstyringsmøte", "Agency steering meeting"),
    (
        (5, 10),
        "Oversikt over disponering av tilskuddsmidler for {year}",
        "Overview of the use of grant funds for {year}",
    ),
    ((9, 5), "Etatsstyringsmøte (oppfølging av satsinger)", "Agency steering meeting (follow-up of initiatives)"),
    ((9, 29), "Status- og avviksrapportering per 1. september", "Status and deviation reporting as of 1 September"),
    ((9, 30), "Innspill til omgrupperingsproposisjonen {year}", "Input to the {year} regrouping proposition"),
    ((10, 13), "Innspill til styringssignaler for {next}", "Input to steering signals for {next}"),
    ((10, 17), "Etatsstyringsmøte", "Agency steering meeting"),
    (
        (11, 1),
        "Råd om oppdrag og midler til underliggende virksomheter",
        "Advice on assignments and funds to subordinate bodies",
    ),
    (
        (11, 15),
        "Anbefaling om tiltak som bør gjennomføres påfølgende år",
        "Recommendation of measures for the following year",
    ),
    ((11, 16), "Forslag til satsinger for budsjett {next2}", "Proposed initiatives for the {next2} budget"),
    (
        (11, 17),
        "Forslag til konsekvensjusteringer for {next2}–{next5}",
        "Proposed consequential adjustments for {next2}–{next5}",
    ),
    ((12, 1), "Innspill til foreløpig tildelingsbrev", "Input to the preliminary allocation letter"),
)
_STEERING_MEETING_ROWS = (4, 8, 10, 14)  # indexes into _ANNUAL_CYCLE: the 4 announced meetings
_POSTS = {
    "01": ("Driftsutgifter", "Operating expenses", (40_000, 400_000), False),
    "21": ("Spesielle driftsutgifter", "Special operating expenses", (10_000, 150_000), True),
    "45": (
        "Større utstyrsanskaffelser og vedlikehold",
        "Major equipment purchases and maintenance",
        (2_000, 30_000),
        True,
    ),
    "70": ("Tilskudd", "Grants", (5_000, 90_000), True),
    "73": ("Tilskudd til kommunal sektor", "Grants to the municipal sector", (5_000, 60_000), True),
}
_REVENUE_POSTS = {
    "01": ("Driftsinntekter", "Operating revenue", (1_000, 20_000), False),
    "02": ("Diverse inntekter", "Miscellaneous revenue", (500, 10_000), False),
}

# --------------------------------------------------------------------------------------------
# Organisations and the plan of letters
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Organisation:
    """An actor: from the shipped reference data, or synthetic (then ``synthetic`` is true)."""

    key: str
    label_nb: str
    label_en: str
    kind: URIRef
    synthetic: bool = False
    org_number: str | None = None
    parent: str | None = None

    @property
    def ref(self) -> str:
        return f"<org/{self.key}>"


@dataclass(frozen=True)
class LetterSpec:
    """One letter to generate: who writes to whom for which year, and whether its predecessor exists."""

    year: int
    issuer: Organisation
    recipient: Organisation
    first_of_run: bool

    @property
    def stem(self) -> str:
        return f"{self.year}-{self.issuer.key}-{self.recipient.key}"


@dataclass(frozen=True)
class Plan:
    """Which letters, from which issuers to which recipients."""

    seed: int
    years: int
    ministries: tuple[Organisation, ...]
    agencies: tuple[Organisation, ...]
    letters: tuple[LetterSpec, ...]


def default_years(letters: int) -> int:
    """Budget years per recipient: 1 at 1 letter, 2 at 10, 6 at 100, 20 at 1,000 (at most 20)."""
    return max(1, min(20, round(0.632 * math.sqrt(letters))))


def _org_number(prefix: int, serial: int) -> str:
    """A nine-digit number with a valid modulus-11 check digit, starting with ``prefix``."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    n = serial
    while True:
        digits = f"{prefix}{n:07d}"
        remainder = sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            return f"{digits}{check}"
        n += 1_000_000 if n + 1_000_000 < 10_000_000 else -n + 1  # skip numbers without a check digit


def plan(letters: int, *, years: int | None = None, seed: int = 0) -> Plan:
    """The letters to generate: ``letters`` of them, recipient after recipient."""
    if letters < 1:
        raise ValueError("the number of letters must be at least 1")
    years = years or default_years(letters)
    if not 1 <= years <= 60:
        raise ValueError("years per recipient must be between 1 and 60")
    recipients = math.ceil(letters / years)
    reference = _reference()
    ministries = [reference.orgs[key] for key in REAL_ISSUERS]
    for i in range(1, SYNTHETIC_MINISTRIES + 1):
        ministries.append(
            Organisation(
                key=f"syndep{i:02d}",
                label_nb=f"Syntetisk departement {i:02d}",
                label_en=f"Synthetic ministry {i:02d}",
                kind=TB.Ministry,
                synthetic=True,
                org_number=_org_number(1, 10_000 + i * 7),
            )
        )
    agencies = []
    for i in range(1, recipients + 1):
        parent = ministries[(i - 1) % len(ministries)]
        agencies.append(
            Organisation(
                key=f"synetat{i:03d}",
                label_nb=f"Syntetisk etat {i:03d}",
                label_en=f"Synthetic agency {i:03d}",
                kind=TB.StateEnterprise if i % 7 == 0 else TB.Directorate,
                synthetic=True,
                org_number=_org_number(1, 500_000 + i * 13),
                parent=parent.key,
            )
        )
    by_key = {m.key: m for m in ministries}
    specs: list[LetterSpec] = []
    for agency in agencies:
        for offset in range(years):
            if len(specs) == letters:
                break
            year = END_YEAR - years + 1 + offset
            assert agency.parent is not None
            specs.append(LetterSpec(year, by_key[agency.parent], agency, first_of_run=offset == 0))
    return Plan(seed, years, tuple(ministries), tuple(agencies), tuple(specs))


# --------------------------------------------------------------------------------------------
# The shipped reference data the letters draw on
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reference:
    orgs: dict[str, Organisation]
    solutions: tuple[str, ...]  # relative IRIs under ID_BASE
    legal: tuple[str, ...]


def _relative(iri: URIRef) -> str:
    text = str(iri)
    if not text.startswith(ID_BASE):
        raise ValueError(f"{text} is not under {ID_BASE}")
    return text[len(ID_BASE) :]


@cache
def _reference() -> _Reference:
    ontology = rdflib.Graph()
    for path in sorted(ontology_dir().glob("*.ttl")):
        ontology.parse(path, format="turtle")
    graph = rdflib.Graph()
    for path in sorted((data_dir() / "reference").glob("*.ttl")):
        graph.parse(path, format="turtle")

    def subclasses(root: URIRef) -> set[URIRef]:
        return {c for c in ontology.transitive_subjects(RDFS.subClassOf, root) if isinstance(c, URIRef)}

    org_classes = set().union(*(subclasses(c) for c in (TB.Ministry, *_ORG_CLASSES, TB.ConstitutionalBody)))
    orgs: dict[str, Organisation] = {}
    for subject, kind in graph.subject_objects(RDF.type):
        if kind in org_classes and isinstance(subject, URIRef):
            key = str(graph.value(subject, TB.key))
            labels = {lit.language: str(lit) for lit in graph.objects(subject, RDFS.label) if isinstance(lit, Literal)}
            orgs[key] = Organisation(key, labels["nb"], labels["en"], kind)  # type: ignore[arg-type]
    solution_classes = subclasses(TB.Solution)
    solutions = sorted(_relative(s) for s, k in graph.subject_objects(RDF.type) if k in solution_classes)  # type: ignore[arg-type]
    legal_classes = subclasses(TB.LegalSource) | subclasses(TB.LegalProvision) | subclasses(TB.PolicyDocument)
    legal = sorted(_relative(s) for s, k in graph.subject_objects(RDF.type) if k in legal_classes)  # type: ignore[arg-type]
    return _Reference(orgs, tuple(dict.fromkeys(solutions)), tuple(dict.fromkeys(legal)))


# --------------------------------------------------------------------------------------------
# Turtle and the source text, written side by side
# --------------------------------------------------------------------------------------------

_PREFIXES = {
    "dcterms": DCTERMS,
    "org": ORG,
    "prov": PROV,
    "rdfs": RDFS,
    "skos": SKOS,
    "tb": TB._NS,
    "tbdep": TBDEP._NS,
    "tbdk": TBDK._NS,
    "tbrole": TBROLE._NS,
    "tbunit": TBUNIT._NS,
    "time": TIME,
    "xsd": XSD,
}


@cache
def _qname(iri: URIRef) -> str:
    if iri == RDF.type:
        return "a"
    for prefix, namespace in _PREFIXES.items():
        base = str(namespace)
        if iri.startswith(base):
            local = iri[len(base) :]
            return f"{prefix}:{local}"
    return f"<{iri}>"


def _header() -> str:
    return f"@base <{ID_BASE}> .\n" + "".join(f"@prefix {p}: <{n}> .\n" for p, n in sorted(_PREFIXES.items()))


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _nb(text: str) -> str:
    return f'"{_esc(text)}"@nb'


def _en(text: str) -> str:
    return f'"{_esc(text)}"@en'


def _str(text: str) -> str:
    return f'"{_esc(text)}"'


def _date(day: date) -> str:
    return f'"{day.isoformat()}"^^xsd:date'


def _year(year: int) -> str:
    return f'"{year}"^^xsd:gYear'


@dataclass(frozen=True)
class _Loc:
    section: str
    quote: str
    start: int
    end: int


class _Text:
    """The generated source text of a letter, line by line; ``write`` returns where a passage stands."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def heading(self, text: str) -> None:
        self.lines += ["", text, ""]

    def write(self, section: str, text: str, width: int = 92) -> _Loc:
        wrapped = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [text]
        start = len(self.lines) + 1
        self.lines.extend(wrapped)
        return _Loc(section, " ".join(text.split()), start, len(self.lines))

    def render(self) -> str:
        return "\n".join(self.lines) + "\n"


class _Turtle:
    """Subject blocks of one Turtle document, with a triple count."""

    def __init__(self, source_ref: str) -> None:
        self.blocks: list[str] = []
        self.triples = 0
        self.source_ref = source_ref

    def node(self, subject: str, *pairs: tuple[URIRef, Sequence[str] | str | None]) -> None:
        parts = []
        for predicate, objects in pairs:
            if objects is None:
                continue
            values = [objects] if isinstance(objects, str) else list(objects)
            if not values:
                continue
            self.triples += len(values)
            parts.append(f"{_qname(predicate)} {', '.join(values)}")
        self.blocks.append(f"{subject}\n    " + " ;\n    ".join(parts) + " .\n")

    def loc(self, loc: _Loc) -> str:
        self.triples += 6
        q = _qname
        return (
            f"[ a {q(TB.SourceLocation)} ; {q(TB.inSourceText)} {self.source_ref} ; {q(TB.section)} "
            f"{_str(loc.section)} ;\n        {q(TB.quote)} {_str(loc.quote)} ; {q(TB.lineStart)} {loc.start} ; "
            f"{q(TB.lineEnd)} {loc.end} ]"
        )

    def render(self, comment: str) -> str:
        return _header() + "\n" + comment + "\n" + "\n".join(self.blocks)


# --------------------------------------------------------------------------------------------
# One letter
# --------------------------------------------------------------------------------------------


@dataclass
class LetterStats:
    """What a generated letter holds, for the manifest and the tests."""

    stem: str
    triples: int = 0
    assignments: int = 0
    parts: int = 0
    involvements: int = 0
    deadlines: int = 0
    dated_deadlines: int = 0
    undated_deadlines: int = 0
    dependencies: int = 0
    cross_year_dependencies: int = 0
    main_goals: int = 0
    steering_parameters: int = 0
    priority_areas: int = 0
    annual_cycle: int = 0
    steering_meetings: int = 0
    chapters: int = 0
    posts: int = 0
    earmarks: int = 0
    source_lines: int = 0


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def _assignment_count(seed: int, recipient: str, year: int) -> int:
    """How many assignments the letter of ``recipient`` for ``year`` has (its own stream, so a later
    letter can refer to an earlier one's assignments without generating it)."""
    rng = _rng(seed, recipient, year, "assignments")
    return max(18, min(34, round(rng.gauss(26, 3))))


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _day(rng: random.Random, year: int, first_month: int = 1, last_month: int = 12) -> date:
    start = date(year, first_month, 1)
    end = date(year, last_month, 28)
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _nb_date(day: date) -> str:
    return f"{day.day}. {_MONTHS_NB[day.month - 1]}"


def _thousands(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


def _decimal(value: Decimal) -> str:
    return format(value.normalize(), "f")


def render_letter(spec: LetterSpec, letters_plan: Plan) -> tuple[str, str, LetterStats]:
    """The Turtle and the source text of one letter, and what it holds."""
    seed = letters_plan.seed
    rng = _rng(seed, spec.recipient.key, spec.year)
    reference = _reference()
    year, rec, iss = spec.year, spec.recipient, spec.issuer
    letter = f"<letter/{rec.key}/{year}>"
    base = f"letter/{rec.key}/{year}"
    source_path = f"data/source/synthetic/{spec.stem}.txt"
    source_ref = f"<source/synthetic/{spec.stem}>"
    ttl = _Turtle(source_ref)
    text = _Text()
    stats = LetterStats(spec.stem)
    sname = "direktoratet" if rec.kind == TB.Directorate else "virksomheten"

    actors = {k: v for k, v in _ACTOR_WEIGHTS.items() if k in reference.orgs}
    own_number = int(rec.key[-3:])

    def org(key: str) -> Organisation:
        if key in reference.orgs:
            return reference.orgs[key]
        for candidate in (*letters_plan.agencies, *letters_plan.ministries):
            if candidate.key == key:
                return candidate
        raise KeyError(key)

    def pick_actor() -> Organisation:
        # Sometimes another synthetic agency, one of the five numbered just before this one (they
        # exist whenever this one does, so the letter does not depend on how many letters are made).
        other, offset, shared = rng.random() < 0.15, rng.randint(1, 5), _weighted(rng, actors)
        if other and own_number - offset >= 1:
            return org(f"synetat{own_number - offset:03d}")
        return org(shared)

    # -- the letter ---------------------------------------------------------------------------
    title_nb = f"Tildelingsbrev til {rec.label_nb} for {year}"
    title_en = f"Allocation letter to {rec.label_en} for {year}"
    text.lines.append(title_nb)
    intro = text.write(
        "innledning",
        f"{iss.label_nb} har på bakgrunn av Prop. 1 S ({year - 1}-{year}) utarbeidet tildelingsbrev til "
        f"{rec.label_nb} for {year}.",
    )
    gov_goal_count = _rng(seed, iss.key, year, "government-goals").randint(4, 6)
    ttl.node(
        source_ref,
        (RDF.type, _qname(TB.SourceText)),
        (
            RDFS.label,
            [
                _nb(f"Syntetisk kildetekst til tildelingsbrevet {year} til {rec.label_nb}"),
                _en(f"Synthetic source text of the {year} allocation letter to {rec.label_en}"),
            ],
        ),
        (DCTERMS.identifier, _str(source_path)),
        (TB.textOf, letter),
    )

    # -- 1 budget -----------------------------------------------------------------------------
    text.heading("1 Tildelinger")
    chapter_base = 100 + (int(rec.key[-3:]) * 17) % 880
    chapters: list[tuple[str, bool, dict[str, int]]] = []
    for c in range(rng.choice((1, 2, 2))):
        number = str(chapter_base + c * 3)
        post_numbers = sorted(rng.sample(list(_POSTS), rng.randint(1, 3)) + ([] if c else ["01"]))
        chapters.append((number, False, {p: 0 for p in dict.fromkeys(post_numbers)}))
    if rng.random() < 0.7:
        chapters.append((str(3000 + chapter_base), True, {p: 0 for p in rng.choice((["02"], ["01", "02"]))}))
    earmark_posts: list[tuple[str, str, int]] = []
    for number, revenue, posts in chapters:
        table = _REVENUE_POSTS if revenue else _POSTS
        chapter = f"<{base}/budget/kap-{number}>"
        post_refs = {}
        for post in posts:
            low, high = table[post][2]
            posts[post] = rng.randint(low, high)
        total = sum(posts.values())
        for post, amount in posts.items():
            name_nb, name_en, _, transferable = table[post]
            post_ref = f"<{base}/budget/kap-{number}/post-{post}>"
            post_refs[post] = post_ref
            line = text.write(
                "1", f"{number} {post} {name_nb}{', kan overføres' if transferable else ''} {_thousands(amount)}"
            )
            purpose = text.write(
                "1",
                f"Kap. {number}, post {post} Bevilgningen skal dekke {name_nb.lower()} til "
                f"{rng.choice(_TOPICS)[0]} {rng.choice(_AREAS)[0]}.",
            )
            ttl.node(
                post_ref,
                (RDF.type, _qname(TB.BudgetPost)),
                (SKOS.notation, _str(post)),
                (TB.chapter, chapter),
                (RDFS.label, [_nb(name_nb), _en(name_en)]),
                (TB.statedAmount, str(amount)),
                (TB.statedUnit, _qname(TBUNIT["thousand-NOK"])),
                (TB.amountNOK, str(amount * 1000)),
                (TB.transferable, "true" if transferable else "false"),
                (TB.funds, None if revenue or rng.random() < 0.6 else f"<{rng.choice(reference.solutions)}>"),
                (TB.source, [ttl.loc(line), ttl.loc(purpose)]),
            )
            stats.posts += 1
            if not revenue and post != "01":
                earmark_posts.append((number, post, amount))
        line = text.write("1", f"Sum kap. {number} {_thousands(total)}")
        label = f"Kap. {number} {rec.label_nb}{' (inntekter)' if revenue else ''}"
        ttl.node(
            chapter,
            (RDF.type, _qname(TB.RevenueChapter) if revenue else _qname(TB.ExpenditureChapter)),
            (SKOS.notation, _str(number)),
            (DCTERMS.isPartOf, letter),
            (RDFS.label, [_nb(label), _en(f"Chapter {number} {rec.label_en}{' (revenue)' if revenue else ''}")]),
            (TB.budgetYear, _year(year)),
            (TB.statedTotal, str(total)),
            (TB.statedUnit, _qname(TBUNIT["thousand-NOK"])),
            (TB.totalNOK, str(total * 1000)),
            (TB.source, ttl.loc(line)),
        )
        stats.chapters += 1

    # -- 2 goals, mission, priority areas ------------------------------------------------------
    text.heading("2 Mål og prioriteringer")
    gov_rng = _rng(seed, iss.key, year, "government-goals")
    gov_goals = gov_rng.sample(_GOVERNMENT_GOALS, gov_goal_count)
    gov_refs = []
    for n, (nb, en) in enumerate(gov_goals, 1):
        ref = f"<government-goal/{iss.key}/{year}/{n}>"
        gov_refs.append(ref)
        line = text.write("2", f"{n}. {nb}")
        ttl.node(
            ref,
            (RDF.type, _qname(TB.GovernmentGoal)),
            (SKOS.notation, _str(str(n))),
            (RDFS.label, [_nb(nb), _en(en)]),
            (PROV.wasAttributedTo, "<org/regjeringen>"),
            (TB.source, ttl.loc(line)),
        )
    topic = rng.choice(_TOPICS)
    mission_nb = f"Styrke arbeidet med {topic[0]} for å understøtte gode og effektive tjenester"
    mission = text.write("2", f"{rec.label_nb}s samfunnsoppdrag er å {mission_nb[0].lower()}{mission_nb[1:]}.")
    ttl.node(
        f"<{base}/mission>",
        (RDF.type, _qname(TB.Mission)),
        (
            RDFS.label,
            [_nb(mission_nb), _en(f"Strengthen the work on {topic[1]} to support good and efficient services")],
        ),
        (TB.text, _nb(mission.quote)),
        (TB.source, ttl.loc(mission)),
    )
    for n in range(1, rng.randint(4, 6) + 1):
        action, topic, area = rng.choice(_ACTIONS), rng.choice(_TOPICS), rng.choice(_AREAS)
        nb = f"{action[0]} {topic[0]} {area[0]}"
        line = text.write("2", f"• {nb}")
        ttl.node(
            f"<{base}/priority-area/{n}>",
            (RDF.type, _qname(TB.PriorityArea)),
            (TB.sequence, str(n)),
            (DCTERMS.isPartOf, letter),
            (RDFS.label, [_nb(nb), _en(f"{action[1]} {topic[1]} {area[1]}")]),
            (TB.concerns, [f"<{s}>" for s in rng.sample(reference.solutions, rng.randint(0, 2))]),
            (TB.source, ttl.loc(line)),
        )
        stats.priority_areas += 1

    # -- main goals, steering parameters, assignments -----------------------------------------
    goal_count = rng.choice((3, 4, 4, 4, 5))
    goal_titles = rng.sample(_GOAL_TITLES, goal_count)
    n_assign = _assignment_count(seed, rec.key, year)
    stats.assignments = n_assign
    # Assignments are numbered through the goals in order, as in the letter (TB2023-01..06 under goal 1).
    cuts = sorted(rng.sample(range(1, n_assign), goal_count - 1))
    goal_of = []
    bounds = [0, *cuts, n_assign]
    for g in range(goal_count):
        goal_of += [g + 1] * (bounds[g + 1] - bounds[g])
    prev_count = _assignment_count(seed, rec.key, year - 1)
    placeholders: dict[int, str] = {}
    deps_left = max(12, min(28, round(rng.gauss(20, 3))))
    n_parts_total = 0
    documents = 0
    assignment_refs: list[str] = []

    def involvement(
        node_path: str, agent: Organisation, role: URIRef, loc: _Loc, seen: set[tuple[str, URIRef]]
    ) -> str | None:
        if (agent.key, role) in seen:
            return None
        seen.add((agent.key, role))
        local = str(role).rsplit("/", 1)[1]
        ref = f"<{node_path}/involvement/{agent.key}-{local}>"
        ttl.node(
            ref,
            (RDF.type, _qname(TB.Involvement)),
            (PROV.agent, agent.ref),
            (PROV.hadRole, _qname(role)),
            (TB.source, ttl.loc(loc)),
        )
        stats.involvements += 1
        return ref

    def deadline(node_path: str, n: int, section: str, label: tuple[str, str], kind: str, day: date | None) -> str:
        ref = f"<{node_path}/deadline/{n}>"
        if day is None:
            quote = "Frist: Løpende" if kind == "continuous" else "Endelig frist avklares i dialog med departementet"
        else:
            quote = f"Frist: {_nb_date(day)}" + (" (foreløpig)" if kind == "preliminary" else "")
        loc = text.write(section, quote)
        ttl.node(
            ref,
            (RDF.type, _qname(TB.Deadline)),
            (RDFS.label, [_nb(label[0]), _en(label[1])]),
            (TIME.inXSDDate, None if day is None else _date(day)),
            (TB.deadlineKind, _qname(TBDK[kind])),
            (TB.source, ttl.loc(loc)),
        )
        stats.deadlines += 1
        if day is None:
            stats.undated_deadlines += 1
        else:
            stats.dated_deadlines += 1
        return ref

    def deadline_kind() -> tuple[str, date | None]:
        kind = rng.choices(("final", "preliminary", "continuous", "to-be-agreed"), weights=(14, 2, 2, 2))[0]
        return kind, (_day(rng, year, 2, 12) if kind in ("final", "preliminary") else None)

    def dependency(node_path: str, n: int, section: str, index: int, is_part: bool, used: set[str]) -> str | None:
        """A dependency of assignment ``index`` (1-based) or of one of its parts."""
        nonlocal documents
        choice = rng.choices(("same", "previous", "document", "decision", "deliverable"), weights=(35, 15, 25, 10, 15))[
            0
        ]
        if choice == "same" and index <= 1:
            choice = "document"
        if choice == "same":
            # only to an earlier assignment: chains, never a cycle
            target_index = rng.randint(1, index - 1)
            target = f"<assignment/{rec.key}/TB{year}-{target_index:02d}>"
            quote, kind = f"Oppdraget ses i sammenheng med oppdrag TB{year}-{target_index:02d}.", "assignment"
        elif choice == "previous":
            target_index = rng.randint(1, prev_count)
            target = f"<assignment/{rec.key}/TB{year - 1}-{target_index:02d}>"
            quote, kind = f"Departementet viser til oppdrag TB{year - 1}-{target_index:02d}.", "assignment"
        else:
            documents += 1
            topic = rng.choice(_TOPICS)
            if choice == "document":
                target = f"<{base}/document/d{documents:02d}>"
                day = _day(rng, year - 1, 1, 12) if rng.random() < 0.5 else None
                label = (f"Rapport om {topic[0]}", f"Report on {topic[1]}")
                quote = f"Arbeidet skal bygge på rapporten om {topic[0]}" + (
                    f" levert {_nb_date(day)} {day.year}." if day else "."
                )
                extra: list[tuple[URIRef, Sequence[str] | str | None]] = [
                    (TB.issuedBy, pick_actor().ref if rng.random() < 0.3 else iss.ref),
                    (DCTERMS.date, None if day is None else _date(day)),
                ]
                kind, cls = "document", _qname(TB.Document)
            elif choice == "decision":
                target = f"<{base}/decision/b{documents:02d}>"
                label = (f"Beslutning om videre arbeid med {topic[0]}", f"Decision on further work on {topic[1]}")
                quote = f"Videre arbeid forutsetter beslutning om {topic[0]}."
                extra = [(PROV.wasAttributedTo, iss.ref)]
                kind, cls = "decision", _qname(TB.Decision)
            else:
                actor = pick_actor()
                target = f"<{base}/deliverable/l{documents:02d}>"
                label = (
                    f"Leveranse om {topic[0]} fra {actor.label_nb}",
                    f"Deliverable on {topic[1]} from {actor.label_en}",
                )
                quote = f"Arbeidet skal baseres på leveransen om {topic[0]} utarbeidet av {actor.label_nb}."
                extra = [
                    (PROV.wasAttributedTo, actor.ref),
                    (TB.concerns, f"<{rng.choice(reference.solutions)}>" if rng.random() < 0.5 else None),
                ]
                kind, cls = "deliverable", _qname(TB.ExternalDeliverable)
            loc = text.write(section, quote)
            ttl.node(
                target, (RDF.type, cls), (RDFS.label, [_nb(label[0]), _en(label[1])]), *extra, (TB.source, ttl.loc(loc))
            )
        if target in used:
            return None
        used.add(target)
        if choice in ("same", "previous"):
            loc = text.write(section, quote)
        if choice == "previous":
            stats.cross_year_dependencies += 1
            if spec.first_of_run:
                placeholders[target_index] = quote
        ref = f"<{node_path}/dependency/{n}>"
        ttl.node(
            ref,
            (RDF.type, _qname(TB.Dependency)),
            (TB.target, target),
            (TB.dependencyKind, _qname(TBDEP[kind])),
            (TB.source, ttl.loc(loc)),
        )
        stats.dependencies += 1
        return ref

    for g, (goal_nb, goal_en) in enumerate(goal_titles, 1):
        section = f"2.{g}"
        text.heading(f"2.{g} Hovedmål {g}: {goal_nb}")
        goal_loc = _Loc(section, f"2.{g} Hovedmål {g}: {goal_nb}", len(text.lines) - 1, len(text.lines) - 1)
        body = text.write(
            section,
            f"{rec.label_nb} skal bidra til {goal_nb[0].lower()}{goal_nb[1:]} gjennom "
            f"arbeid med {rng.choice(_TOPICS)[0]} og {rng.choice(_TOPICS)[0]}.",
        )
        goal_ref = f"<{base}/main-goal/{g}>"
        ttl.node(
            goal_ref,
            (RDF.type, _qname(TB.MainGoal)),
            (SKOS.notation, _str(str(g))),
            (DCTERMS.isPartOf, letter),
            (RDFS.label, [_nb(goal_nb), _en(goal_en)]),
            (TB.text, _nb(body.quote)),
            (TB.concerns, [f"<{s}>" for s in rng.sample(reference.solutions, rng.randint(0, 2))]),
            (TB.source, ttl.loc(goal_loc)),
        )
        stats.main_goals += 1
        text.heading(f"2.{g}.1 Styringsparametere")
        for p in range(1, rng.choice((1, 2, 2, 3)) + 1):
            topic = rng.choice(_TOPICS)
            nb, en = f"Utvikling i {topic[0]} målt mot fjoråret", f"Development in {topic[1]} against the previous year"
            line = text.write(f"2.{g}.1", nb)
            ttl.node(
                f"<{base}/steering-parameter/2.{g}-{p}>",
                (RDF.type, _qname(TB.SteeringParameter)),
                (SKOS.notation, _str(f"2.{g}-{p}")),
                (DCTERMS.isPartOf, letter),
                (TB.mainGoal, goal_ref),
                (RDFS.label, [_nb(nb), _en(en)]),
                (TB.source, ttl.loc(line)),
            )
            stats.steering_parameters += 1
        text.heading(f"2.{g}.2 Oppdrag")
        section = f"2.{g}.2"
        for index in (i + 1 for i, goal in enumerate(goal_of) if goal == g):
            ident = f"TB{year}-{index:02d}"
            path = f"assignment/{rec.key}/{ident}"
            ref = f"<{path}>"
            assignment_refs.append(ref)
            action, topic, area = rng.choice(_ACTIONS), rng.choice(_TOPICS), rng.choice(_AREAS)
            title = (f"{action[0]} {topic[0]} {area[0]}", f"{action[1]} {topic[1]} {area[1]}")
            head = text.write(section, f"ID: {ident} {title[0]}")
            owner_text = text.write(section, f"{sname.capitalize()} skal {action[0].lower()} {topic[0]} {area[0]}.")
            sentences = [owner_text.quote]
            seen: set[tuple[str, URIRef]] = set()
            involvements = [involvement(path, rec, TBROLE.owner, owner_text, seen)]
            for _ in range(rng.choices((0, 1, 2, 3), weights=(45, 38, 13, 4))[0]):
                agent = pick_actor()
                role = URIRef(_weighted(rng, {str(k): v for k, v in _ROLE_WEIGHTS.items()}))
                if role == TBROLE["receiving-delivery"] and rng.random() < 0.5:
                    agent = iss
                sentence = _role_sentence(role, agent, sname)
                loc = text.write(section, sentence)
                sentences.append(loc.quote)
                involvements.append(involvement(path, agent, role, loc, seen))
            deadlines = []
            if rng.random() < 0.5:
                kind, day = deadline_kind()
                deadlines.append(
                    deadline(path, 1, section, (f"Leveranse: {title[0]}", f"Delivery: {title[1]}"), kind, day)
                )
            used: set[str] = set()
            dependencies = []
            parts = []
            n_parts = rng.choices((0, 2, 3, 4), weights=(76, 12, 8, 4))[0]
            for d in range(1, 4):
                if deps_left > 0 and rng.random() < (0.55 if d == 1 else 0.25):
                    dep = dependency(path, d, section, index, False, used)
                    if dep:
                        dependencies.append(dep)
                        deps_left -= 1
            for k in range(1, n_parts + 1):
                part_path = f"{path}/part/{k}"
                part_topic = rng.choice(_TOPICS)
                part_label = (f"Delleveranse om {part_topic[0]}", f"Sub-deliverable on {part_topic[1]}")
                part_loc = text.write(
                    section, f"- {sname.capitalize()} skal levere en delleveranse om {part_topic[0]}."
                )
                part_seen: set[tuple[str, URIRef]] = set()
                part_involvements = []
                if rng.random() < 0.35:
                    agent = pick_actor()
                    role = URIRef(_weighted(rng, {str(k): v for k, v in _ROLE_WEIGHTS.items()}))
                    loc = text.write(section, _role_sentence(role, agent, sname))
                    part_involvements.append(involvement(part_path, agent, role, loc, part_seen))
                part_deadlines = []
                if rng.random() < 0.35:
                    kind, day = deadline_kind()
                    part_deadlines.append(deadline(part_path, 1, section, part_label, kind, day))
                part_deps = []
                if deps_left > 0 and rng.random() < 0.2:
                    dep = dependency(part_path, 1, section, index, True, used)
                    if dep:
                        part_deps.append(dep)
                        deps_left -= 1
                ttl.node(
                    f"<{part_path}>",
                    (RDF.type, _qname(TB.Deliverable)),
                    (TB.deliverableOf, ref),
                    (TB.sequence, str(k)),
                    (RDFS.label, [_nb(part_label[0]), _en(part_label[1])]),
                    (TB.text, _nb(part_loc.quote)),
                    (TB.involvement, [i for i in part_involvements if i]),
                    (TB.deadline, part_deadlines),
                    (TB.dependency, part_deps),
                    (TB.source, ttl.loc(part_loc)),
                )
                parts.append(f"<{part_path}>")
                n_parts_total += 1
            ttl.node(
                ref,
                (RDF.type, _qname(TB.Assignment)),
                (DCTERMS.identifier, _str(ident)),
                (DCTERMS.isPartOf, letter),
                (DCTERMS.title, [_nb(title[0]), _en(title[1])]),
                (TB.text, _nb(" ".join(sentences))),
                (TB.mainGoal, goal_ref),
                (TB.hasDeliverable, parts),
                (TB.involvement, [i for i in involvements if i]),
                (TB.deadline, deadlines),
                (TB.dependency, dependencies),
                (TB.concerns, [f"<{s}>" for s in rng.sample(reference.solutions, rng.choice((0, 1, 1, 2, 2, 3)))]),
                (TB.legalBasis, f"<{rng.choice(reference.legal)}>" if rng.random() < 0.6 else None),
                (TB.source, ttl.loc(_Loc(section, f"ID: {ident} {title[0]}", head.start, owner_text.end))),
            )
    stats.parts = n_parts_total

    # -- the previous year's letter, where it is not generated --------------------------------
    if placeholders:
        prev = f"<letter/{rec.key}/{year - 1}>"
        for target_index, quote in sorted(placeholders.items()):
            ident = f"TB{year - 1}-{target_index:02d}"
            loc = text.write("2", quote)
            ttl.node(
                f"<assignment/{rec.key}/{ident}>",
                (RDF.type, _qname(TB.ExternalAssignment)),
                (DCTERMS.identifier, _str(ident)),
                (DCTERMS.isPartOf, prev),
                (
                    RDFS.label,
                    [
                        _nb(f"Oppdrag {ident} i tildelingsbrevet for {year - 1}"),
                        _en(f"Assignment {ident} of the {year - 1} allocation letter"),
                    ],
                ),
                (TB.source, ttl.loc(loc)),
            )
        loc = text.write("2", f"tildelingsbrevet for {year - 1}")
        ttl.node(
            prev,
            (RDF.type, _qname(TB.AllocationLetter)),
            (
                DCTERMS.title,
                [
                    _nb(f"Tildelingsbrev til {rec.label_nb} for {year - 1}"),
                    _en(f"Allocation letter to {rec.label_en} for {year - 1}"),
                ],
            ),
            (
                RDFS.label,
                [
                    _nb(f"Tildelingsbrev til {rec.label_nb} for {year - 1}"),
                    _en(f"Allocation letter to {rec.label_en} for {year - 1}"),
                ],
            ),
            (TB.issuedBy, iss.ref),
            (TB.recipient, rec.ref),
            (TB.budgetYear, _year(year - 1)),
            (
                SKOS.editorialNote,
                [
                    _nb(f"Stedfortreder til {year - 1}-brevet er lastet."),
                    _en(f"Placeholder until the {year - 1} letter is loaded."),
                ],
            ),
            (TB.source, ttl.loc(loc)),
        )

    # -- earmarks ------------------------------------------------------------------------------
    text.heading("1.1 Øremerkede midler")
    for number, post, amount in earmark_posts:
        room = amount * 1000
        for e in range(rng.choice((0, 1, 1, 2))):
            millions = Decimal(rng.randint(10, max(11, room // 400_000))) / 10  # one decimal, within a quarter
            nok = int(millions * 1_000_000)
            if nok > room:
                break
            room -= nok
            topic = rng.choice(_TOPICS)
            funded = rng.choice(assignment_refs)
            loc = text.write(
                "1",
                f"Av bevilgningen på kap. {number} post {post} går {str(millions).replace('.', ',')} "
                f"mill. kroner til arbeid med {topic[0]}.",
            )
            ttl.node(
                f"<{base}/earmark/{number}-{post}-{e + 1}>",
                (RDF.type, _qname(TB.Earmark)),
                (TB.withinPost, f"<{base}/budget/kap-{number}/post-{post}>"),
                (RDFS.label, [_nb(f"Arbeid med {topic[0]}"), _en(f"Work on {topic[1]}")]),
                (TB.statedAmount, _decimal(millions)),
                (TB.statedUnit, _qname(TBUNIT["million-NOK"])),
                (TB.amountNOK, str(nok)),
                (TB.funds, funded),
                (TB.source, ttl.loc(loc)),
            )
            stats.earmarks += 1

    # -- 3.2 reporting -------------------------------------------------------------------------
    text.heading("3.2 Rapportering")
    duties = (
        (f"arsrapport-{year - 1}", f"Årsrapport for {year - 1}", f"Annual report for {year - 1}", date(year, 3, 15)),
        (f"halvarsrapport-{year}", f"Halvårsrapport for {year}", f"Half-year report for {year}", date(year, 8, 15)),
        (f"tilskuddsrapport-{year}", f"Rapportering på tilskudd i {year}", f"Reporting on grants in {year}", None),
    )
    for slug, nb, en, day in duties:
        path = f"{base}/reporting-duty/{slug}"
        loc = text.write("3.2", f"{nb} skal sendes departementet.")
        seen = set()
        inv = [
            involvement(path, rec, TBROLE.owner, loc, seen),
            involvement(path, iss, TBROLE["receiving-delivery"], loc, seen),
        ]
        ttl.node(
            f"<{path}>",
            (RDF.type, _qname(TB.ReportingDuty)),
            (DCTERMS.isPartOf, letter),
            (RDFS.label, [_nb(nb), _en(en)]),
            (TB.involvement, [i for i in inv if i]),
            (TB.deadline, deadline(path, 1, "3.2", (nb, en), "final", day) if day else None),
            (TB.source, ttl.loc(loc)),
        )

    # -- 3.3 annual cycle ----------------------------------------------------------------------
    text.heading("3.3 Årshjul")
    words = {"prev": year - 1, "year": year, "next": year + 1, "next2": year + 2, "next5": year + 5}
    for n, ((month, day_of_month), nb, en) in enumerate(_ANNUAL_CYCLE, 1):
        nb, en = nb.format(**words), en.format(**words)
        path = f"{base}/annual-cycle/{n:02d}"
        day = date(year, month, day_of_month)
        loc = text.write("3.3", f"{_nb_date(day)} {nb}")
        meeting = n - 1 in _STEERING_MEETING_ROWS
        seen = set()
        cycle_involvement = involvement(path, rec, TBROLE.owner, loc, seen)
        ref = f"<{path}/deadline/1>"
        ttl.node(
            ref,
            (RDF.type, _qname(TB.Deadline)),
            (
                RDFS.label,
                [_nb(f"{nb}, {_nb_date(day)} {year}"), _en(f"{en}, {day.day} {_MONTHS_EN[month - 1]} {year}")],
            ),
            (TIME.inXSDDate, _date(day)),
            (TB.deadlineKind, _qname(TBDK.final)),
            (TB.source, ttl.loc(loc)),
        )
        stats.deadlines += 1
        stats.dated_deadlines += 1
        ttl.node(
            f"<{path}>",
            (
                RDF.type,
                [_qname(TB.AnnualCycleItem), _qname(TB.SteeringMeeting)] if meeting else _qname(TB.AnnualCycleItem),
            ),
            (DCTERMS.isPartOf, letter),
            (TB.sequence, str(n)),
            (RDFS.label, [_nb(nb), _en(en)]),
            (TB.involvement, cycle_involvement),
            (TB.deadline, ref),
            (TB.source, ttl.loc(loc)),
        )
        stats.annual_cycle += 1
        stats.steering_meetings += meeting

    # -- the letter node, last: it names what came before ---------------------------------------
    meetings = text.write("3.3", "Det skal som hovedregel gjennomføres fire etatsstyringsmøter i året.")
    ttl.node(
        letter,
        (RDF.type, _qname(TB.AllocationLetter)),
        (DCTERMS.title, [_nb(title_nb), _en(title_en)]),
        (RDFS.label, [_nb(title_nb), _en(title_en)]),
        (TB.issuedBy, iss.ref),
        (TB.recipient, rec.ref),
        (TB.budgetYear, _year(year)),
        (TB.governmentGoal, gov_refs),
        (TB.mission, f"<{base}/mission>"),
        (TB.copyTo, "<org/riksrevisjonen>"),
        (TB.announcedMeetings, str(len(_STEERING_MEETING_ROWS))),
        (TB.signatory, _str(f"Syntetisk underskriver for {iss.label_nb}")),
        (
            SKOS.editorialNote,
            [
                _nb("Syntetisk brev generert av tbgraph.growth.letters for ytelsesmålinger."),
                _en("Synthetic letter generated by tbgraph.growth.letters for benchmarks."),
            ],
        ),
        (TB.source, [ttl.loc(intro), ttl.loc(meetings)]),
    )
    stats.triples = ttl.triples
    stats.source_lines = len(text.lines)
    comment = (
        f"# SYNTHETIC allocation letter {spec.stem} (tbgraph.growth.letters, generator {GENERATOR_VERSION}, "
        f"seed {seed}).\n# Not a real letter: the shape of data/letters/2023-hod-ehelse.ttl, invented content.\n"
    )
    return ttl.render(comment), text.render(), stats


def _role_sentence(role: URIRef, agent: Organisation, sname: str) -> str:
    name = agent.label_nb
    return {
        TBROLE.lead: f"{name} leder arbeidet.",
        TBROLE.assisting: f"{sname.capitalize()} skal bistå, og {name} skal også bistå i arbeidet.",
        TBROLE.collaborating: f"Arbeidet skal skje i samarbeid med {name}.",
        TBROLE.coordinating: f"{name} koordinerer arbeidet.",
        TBROLE["providing-input"]: f"{name} skal gi innspill til arbeidet.",
        TBROLE.consulted: f"{name} skal involveres og høres.",
        TBROLE["receiving-delivery"]: f"Leveransen skal gå til {name}.",
    }[role]


# --------------------------------------------------------------------------------------------
# Reference data of the synthetic organisations
# --------------------------------------------------------------------------------------------


def render_reference(letters_plan: Plan) -> str:
    """Turtle for the synthetic ministries and agencies (keys, names, numbers, parents)."""
    ttl = _Turtle("")
    for organisation in (*letters_plan.ministries, *letters_plan.agencies):
        if not organisation.synthetic:
            continue
        ttl.node(
            organisation.ref,
            (RDF.type, _qname(organisation.kind)),
            (TB.key, _str(organisation.key)),
            (RDFS.label, [_nb(organisation.label_nb), _en(organisation.label_en)]),
            (TB.orgNumber, _str(organisation.org_number) if organisation.org_number else None),
            (ORG.subOrganizationOf, f"<org/{organisation.parent}>" if organisation.parent else None),
            (
                SKOS.editorialNote,
                [
                    _nb("Syntetisk organisasjon for ytelsesmålinger; finnes ikke."),
                    _en("Synthetic organisation for benchmarks; it does not exist."),
                ],
            ),
        )
    return ttl.render(
        "# SYNTHETIC organisations for the synthetic letters (tbgraph.growth.letters). Organisation numbers start\n"
        "# with 1, which the Central Coordinating Register for Legal Entities does not assign.\n"
    )


# --------------------------------------------------------------------------------------------
# The dataset on disk
# --------------------------------------------------------------------------------------------


@dataclass
class SyntheticDataset:
    """A generated data root and what it holds."""

    root: Path
    letters: list[Path] = field(default_factory=list)
    reference: Path | None = None
    triples: int = 0
    stats: list[LetterStats] = field(default_factory=list)
    reused: bool = False
    #: Supplement files (``…-tillegg-1.ttl``, :mod:`tbgraph.growth.supplements`), when asked for.
    supplements: list[Path] = field(default_factory=list)

    @property
    def letters_dir(self) -> Path:
        return self.root / "data" / "letters"

    def sources(self) -> list[SourceFile]:
        return synthetic_sources(self.root)


def _link(target: Path, link: Path) -> None:
    if link.is_symlink() or link.exists():
        return
    try:
        link.symlink_to(target, target_is_directory=target.is_dir())
    except OSError:  # no symlinks here: copy
        if target.is_dir():
            shutil.copytree(target, link)
        else:
            shutil.copy2(target, link)


def _manifest_key(letters: int, years: int, seed: int, supplements: bool = False) -> dict[str, object]:
    key: dict[str, object] = {"generator": GENERATOR_VERSION, "letters": letters, "years": years, "seed": seed}
    if supplements:
        key["supplements"] = True
    return key


def write_dataset(
    root: Path,
    letters: int,
    *,
    years: int | None = None,
    seed: int = 0,
    reuse: bool = True,
    progress: Callable[[int, int], None] | None = None,
    supplements: bool = False,
) -> SyntheticDataset:
    """Write ``letters`` synthetic letters as a data root under ``root``.

    With ``reuse`` an existing root made with the same arguments (its ``synthetic.json``) is kept
    as it is. The ontology, shapes and shipped reference data are linked (or copied where links
    are not possible), so the root is complete for :func:`tbgraph.dataset.loader.default_sources`. With
    ``supplements`` every letter also gets a supplement (tillegg) that changes it
    (:mod:`tbgraph.growth.supplements`), in a file of its own beside it.
    """
    letters_plan = plan(letters, years=years, seed=seed)
    manifest_path = root / "synthetic.json"
    key = _manifest_key(letters, letters_plan.years, seed, supplements)
    if reuse and manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("key") == key:
            dataset = SyntheticDataset(root, reused=True, triples=int(manifest["triples"]))
            found = sorted((root / "data" / "letters").glob("*.ttl"))
            dataset.letters = [p for p in found if "-tillegg-" not in p.stem]
            dataset.supplements = [p for p in found if "-tillegg-" in p.stem]
            dataset.reference = root / "data" / "reference" / SYNTHETIC_REFERENCE_FILE
            dataset.stats = [LetterStats(**s) for s in manifest["stats"]]
            return dataset
    if root.exists():
        for child in ("data", "ontology", "shapes", "synthetic.json"):
            path = root / child
            if path.is_symlink() or path.is_file():
                path.unlink()
            elif path.is_dir():
                shutil.rmtree(path)
    letters_dir = root / "data" / "letters"
    source_dir = root / "data" / "source" / "synthetic"
    reference_dir = root / "data" / "reference"
    for folder in (letters_dir, source_dir, reference_dir):
        folder.mkdir(parents=True, exist_ok=True)
    _link(ontology_dir(), root / "ontology")
    _link(shapes_dir(), root / "shapes")
    for path in sorted((data_dir() / "reference").glob("*.ttl")):
        _link(path, reference_dir / path.name)
    dataset = SyntheticDataset(root)
    dataset.reference = reference_dir / SYNTHETIC_REFERENCE_FILE
    dataset.reference.write_text(render_reference(letters_plan), encoding="utf-8")
    for n, spec in enumerate(letters_plan.letters, 1):
        turtle, source, stats = render_letter(spec, letters_plan)
        path = letters_dir / f"{spec.stem}.ttl"
        path.write_text(turtle, encoding="utf-8")
        (source_dir / f"{spec.stem}.txt").write_text(source, encoding="utf-8")
        dataset.letters.append(path)
        dataset.stats.append(stats)
        dataset.triples += stats.triples
        if supplements:
            from tbgraph.growth.supplements import render_supplement, supplement_stem

            supplement_turtle, supplement_text, _changes = render_supplement(spec, turtle, seed)
            supplement_path = letters_dir / f"{supplement_stem(spec)}.ttl"
            supplement_path.write_text(supplement_turtle, encoding="utf-8")
            (source_dir / f"{supplement_stem(spec)}.txt").write_text(supplement_text, encoding="utf-8")
            dataset.supplements.append(supplement_path)
            dataset.triples += len(rdflib.Graph().parse(data=supplement_turtle, format="turtle"))
        if progress is not None:
            progress(n, len(letters_plan.letters))
    manifest = {
        "key": key,
        "triples": dataset.triples,
        "note": "Synthetic allocation letters (tbgraph.growth.letters); triples counted per letter graph.",
        "stats": [vars(s) for s in dataset.stats],
    }
    tmp = manifest_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    os.replace(tmp, manifest_path)
    return dataset


def synthetic_sources(root: Path) -> list[SourceFile]:
    """The files of a generated data root, ready for :func:`tbgraph.dataset.loader.load_dataset`."""
    return default_sources(root=root)


def letter_sample(paths: Iterable[Path], size: int) -> list[Path]:
    """Up to ``size`` letters spread evenly over ``paths`` (sorted): the first and, from two on, the last."""
    ordered = sorted(paths)
    if len(ordered) <= size:
        return ordered
    if size <= 1:
        return ordered[:size]
    step = (len(ordered) - 1) / (size - 1)
    return [ordered[round(i * step)] for i in range(size)]
