"""Requests of work stated in prose or in a list, wherever in the letter's body they stand.

Letters give many assignments without marking them (no ID, no "Oppdrag 3", no table row): a paragraph, a
sentence or a list item that asks the recipient for work ("Departementet ber Direktoratet om å …", "Vi ber om
at …", "X får i oppdrag å …", "X skal innen 1. mars 2025 …", Nynorsk "bed", "innan", "blir bede om å"). This
module reads such requests in any section of the body, whatever its heading says, and keeps out what reads
like a request but gives no assignment: standing tasks and duties, priorities, the ordinary reporting, the
steering calendar, the common requirements to all agencies, the budget and its authorisations, the
introduction and the reporting chapter, and sentences that only point to an assignment given elsewhere.

The rule for standing duties: a duty ("X skal …") is an assignment only where it sets a time limit (a date or
a part of the year, also in a "Frist: …" line or a "… sendes innen …" sentence after it; not the whole year)
or names one piece of work to deliver (a verb such as utrede, kartlegge, utarbeide, evaluere, foreslå, or a
product such as "en felles strategi", "en plan"). A duty stated generally, without either ("skal til enhver
tid …", "skal følge opp …", "skal bidra til …", "skal ha …"), is standing work, and work that goes on ("skal
fortsatt …", "videreføre") never is one. A request the ministry makes ("ber X om å …", "får i oppdrag å …")
is an assignment unless it asks for a priority ("prioritere", "legge vekt på"), for work to go on, for the
steering calendar, or for reporting without a date of its own.
(docs/decisions/0014: one general reader instead of a rule per layout.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tbgraph.extract.dates import MEANING_DATE, MEANING_PERIOD, find_deadlines
from tbgraph.extract.sections import Section
from tbgraph.extract.text import Line, SourceDoc

__all__ = [
    "GENERAL",
    "Request",
    "proper_names",
    "find_requests",
    "is_request",
    "is_standing_duty",
    "gives_its_delivery",
    "request_title",
    "sentences",
    "paragraphs",
    "masked",
]


@dataclass
class Request:
    """One request: the section it stands in, whether it is a list item, its lines (the first masked to where
    the request opens), a title line of its own above a paragraph, and a line after it that gives its deadline
    ("Frist: 1. juni 2025"), if any."""

    section: str
    item: bool
    lines: list[Line]
    title_lines: list[Line] = field(default_factory=list)
    deadline_lines: list[Line] = field(default_factory=list)
    #: The number of the goal in a numbered list of goals whose text the request stands in, indented under it.
    goal: str | None = None


def request_title(text: str, limit: int = 90) -> str:
    """A title for a request without one: its first sentence, without a list item's marker or a deadline in
    brackets at its end ("(frist 1. juni 2025)"), capitalised and cut at a word near ``limit``."""
    text = _ITEM.sub("", " ".join(text.split()), count=1).strip()
    spans = sentences(text)
    first = text[: spans[0][1]] if spans else text
    first = re.sub(r"\s*\([^()]*\)\s*[.;]?$", "", first).rstrip(" .;:")
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0] + " …"
    return first[:1].upper() + first[1:]


# -- sentences and paragraphs -----------------------------------------------------------------------------------

#: Words after which a full stop ends no sentence, and a day's or an ordinal's number ("1. april"); a year's does
#: ("… for 2023. Oppdraget om …").
_ABBREVIATION = re.compile(
    r"(?:\b(?:jf|kap|nr|pkt|bl\.a|m\.a|mill|mrd|ca|inkl|ev|evt|t\.d|f\.eks|o\.l|mv|mfl)|(?<!\d\d\d)\d)\.$", re.I
)


#: A number that ends a sentence as a reference ("… mellom anna til arbeidet med oppdrag 4. Distriktssenteret skal …").
_REFERENCE_END = re.compile(r"\b(?:oppdrag\w*|punkt|post|avsnitt|tabell|vedlegg|kapittel|tillegg)\s+\d{1,3}\.$", re.I)


def sentences(text: str) -> list[tuple[int, int]]:
    """Where the sentences of ``text`` start and end: a full stop (or "!", "?") before a capital, not after an
    abbreviation or a number ("kap. 144", "1. april")."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-ZÆØÅ(«])", text):
        if _ABBREVIATION.search(text[max(0, m.start() - 6) : m.start()]) and not _REFERENCE_END.search(
            text[max(0, m.start() - 24) : m.start()]
        ):
            continue
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def paragraphs(body: list[Line], doc: SourceDoc) -> list[list[Line]]:
    """``body`` cut at blank lines, save where a sentence runs on over a page break."""
    found: list[list[Line]] = []
    for line in body:
        gap = bool(found) and any(not doc.line(n).strip() for n in range(found[-1][-1].number + 1, line.number))
        runs_on = (
            bool(found)
            and not found[-1][-1].stripped.endswith((".", ":", "!", "?"))
            and (line.stripped[:1].islower() or len(found[-1][-1].stripped) >= 60)
        )
        if not found or (gap and not runs_on):
            found.append([line])
        else:
            found[-1].append(line)
    return found


def masked(paragraph: list[Line], block_origin: list[tuple[int, int] | None], start: int, end: int) -> list[Line]:
    """The lines of ``paragraph`` from the text at ``start`` to the text before ``end``, blanked outside."""
    first = next((o for o in block_origin[start:end] if o is not None), None)
    last = next((o for o in reversed(block_origin[start:end]) if o is not None), None)
    if first is None or last is None:
        return []
    out = []
    for ln in paragraph:
        if ln.number < first[0] or ln.number > last[0]:
            continue
        text = ln.text
        if ln.number == last[0]:
            text = text[: last[1] + 1]
        if ln.number == first[0]:
            text = " " * first[1] + text[first[1] :]
        out.append(Line(ln.number, text))
    return out


# -- where requests are read --------------------------------------------------------------------------------------

#: Sections that give no assignment, whatever their sentences say: the introduction and the mission, the
#: authorisations and payments, the common requirements (fellesføringer), the reporting and the steering calendar,
#: the management of risk, the duty to warn, a goal's steering parameters, assignments withdrawn or closed.
_OUT_SECTION = re.compile(
    r"^(?:Innledning|Innleiing|Innleiande|Avslutning|Bakgrunn|Generelt|Om\s+tildelingsbrevet|Situasjonen\b|"
    r"Rammer\s+for|Samfunnsoppdrag(?:et)?\s*$|Utbetaling|\w*fullmakt|Meirinntekt|Merinntekt|"
    r"Felles\s*føring|Andre\s+(?:forutsetninger|føresetnader|krav)|Administrative\s+(?:forhold|krav)|Rapport|Styringsdialog|Styringskalender|Styringsmøte|Etatsstyring|Tertialrapport|"
    r"Årsrapport|Årshjul|Frister\s+og\s+rapportering|Oversikt\s+over\s+frister|Risikostyring|Risiko\s+og\s+avvik|"
    r"Varsling|Kontakt\s+og\s+varsling|Styringsparamet|Oppdrag\s+som\s+(?:er\s+avslutt|utgår|fell\s+bort)|"
    # the standing tasks ("3.2 Faste oppgåver": "… Dette er mellom anna: – mekling …"), and closed assignments
    r"(?:Andre\s+|Øvrige\s+)?faste\s+oppg(?:aver|åver)\b|Avslutt\w*\s+oppdrag|Avslutta\s+oppdrag)",
    re.IGNORECASE,
)

#: Sections of ``_OUT_SECTION`` where the ministry may still ask for a piece of work by a day: the authorisations and
#: the administrative matters, also where a part's title names them beside others ("DEL III STYRINGSDIALOG,
#: RAPPORTERING OG ADMINISTRATIVE FORHOLD"); no section of reporting, calendar or common requirements alone.
_ASK_ONLY_SECTION = re.compile(
    r"^(?:\w*fullmakt\w*|Andre\s+(?:forutsetninger|føresetnader|krav))|\bAdministrative\s+(?:forhold|krav)\b"
    # "4 Fellesføringer og andre krav" / "4.2 Sikkerhet og beredskap": "KNS skal oppdatere … innen 31. oktober 2024"
    r"|\bog\s+andre\s+krav\b",
    re.IGNORECASE,
)

#: A section that states the goals ("2. VIRKSOMHETSMÅL, STYRINGSPARAMETRE OG RESULTATKRAV"), and a goal of a
#: numbered list in it ("1.   Tapet av verneverdige kulturminner skal reduseres").
_GOAL_SECTION = re.compile(r"\b(?:virksomhetsmål|verksemdsmål|hovedmål|hovudmål|mål)\b", re.IGNORECASE)
_GOAL_ITEM = re.compile(r"^\s*(?P<n>\d{1,2})\.\s+(?-i:[A-ZÆØÅ])")
#: A list item: a bullet of any glyph, "1)", "a)", or "1." before a word that is no month ("1. april" wrapped to
#: the start of a line is a date).
_ITEM = re.compile(
    r"^\s*(?:[-–•▪●◦∙·*►➢✓\uf0b7\uf0a7\uf0d8\x7f\ufffd]|\d{1,2}\)|[a-zæøå]\)|"
    r"\d{1,2}\.(?=\s+(?!(?:jan|feb|mar|apr|mai|jun|jul|aug|sep|okt|nov|des)\w*\b)\S))\s+",
    re.IGNORECASE,
)
#: A number before a request, no part of it: "1.1  BFD ber …", "a.  Direktoratet skal …".
_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})+\.?|[a-zæøå][.)])\s+(?=[A-ZÆØÅ])")
#: A line of table cells (columns three spaces or more apart): no prose.
_CELLS = re.compile(r"\S\s{3,}\S")
#: A line or paragraph that gives the deadline of the request above it: "Frist: 1. juni 2025", "Fristen er …".
_DEADLINE_LINE = re.compile(r"^\s*\(?\s*(?:Frist(?:en)?|Tidsfrist)\b", re.IGNORECASE)
#: A sentence after a request that says when its work is delivered: "En plan sendes departementet innen 1. mai",
#: "Veilederen skal foreligge innen 15. juni 2025".
_DELIVERY = re.compile(
    r"\b(?:sendes|sendast|leveres|leverast|oversendes|oversendast|foreligge|liggje\s+føre|ligge\s+føre|"
    r"legges\s+fram|leggjast\s+fram|rapporteres|rapporterast|"
    # "Arbeidet skal gjennomføres i løpet av andre halvår 2024", "… skal vere ferdig innan 1. mai"
    r"gjennomføres|gjennomførast|ferdigstilles|ferdigstillast|(?:være|vere)\s+(?:ferdig|klar|på\s+plass)|"
    # "Trygderetten skal sende departementet en statusrapport innen …"
    r"(?:skal|må)\s+(?:\S+\s+){0,3}?(?:sende|levere|oversende|legge\s+fram|leggje\s+fram))\b",
    re.IGNORECASE,
)


#: A section on the allocations ("Bevilgninger for 2026", "Løyvingar", "Budsjett og fullmakter"): its terms are no
#: assignments, but a request for a delivery by a day is ("Departementet ber SSB om å utarbeide en oversikt …
#: innen 1. mars 2026"), the sentence alone.
_BUDGET_SECTION = re.compile(r"^(?:Bevilgning|Bevilling|Løyving|Budsjett|Tildeling|Økonomiske\s+rammer)", re.IGNORECASE)
#: A request after a number's full stop, which ends no sentence elsewhere ("… under kap. 3620 post 01. Departementet
#: ber …").
_REQUEST_AFTER_NUMBER = re.compile(r"(?<=\d\.)\s+(?=(?:Departementet|Vi)\s+(?:ber|bed)\s)")


# -- what a request is --------------------------------------------------------------------------------------------

#: Who asks: the ministry ("Departementet", "Vi", "KUD", "Kulturdepartementet").
_ASKER = r"(?:Departementet|Vi|(?-i:[A-ZÆØÅ]{2,6})|(?-i:[A-ZÆØÅ])\w*departementet)"
#: Words that may stand between the verb and what it asks: "også", "videre", "derfor" …
_ALSO = r"(?:(?:også|videre|vidare|dessuten|òg|derfor|difor|samtidig|særskilt|herved|med\s+dette|i\s+tillegg)\s+)*"
#: The one asked, as a common noun: "direktoratet", "tilsynet", "dere", "verksemda" …
_AGENT_NOUN = (
    r"(?:direktoratet|tilsynet|etaten|verksemda|verksemdene|virksomheten|instituttet|rådet|senteret|biblioteket|"
    r"registeret|byrået|arkivet|kontoret|sekretariatet|nemnda|ombudet|museet|banken|kassen|dere|dykk|de|dei)"
)
#: "Departementet ber Direktoratet (også) om å …", "Vi ber om at …", "KLD bed NP leggje fram …", "Vi ber om ein
#: rapport …".
_ASKED = (
    rf"{_ALSO}(?:"
    r"om\s+(?:at|å)\b|om\s+(?:en|ei|eit|et|ein)\s"
    rf"|(?:(?-i:[A-ZÆØÅ])|{_AGENT_NOUN}\b)[^.:;]{{0,90}}?\s(?:om\s+(?:å|at)\b|å\s|om\s+(?:en|ei|eit|et|ein)\s)"
    r"|(?-i:[A-ZÆØÅ][\w-]*)(?:\s+(?-i:[A-ZÆØÅ][\w-]*)){0,3}(?:\s*,[^,.]{1,100},)?"
    r"\s+(?-i:[a-zæøå]{3,}[ea]|gå|gi|gje|få|ta|se|sjå)\s"
    # "ber instituttet og Mattilsynet i fellesskap gå gjennom avtalen": the recipient as a common noun, bare infinitive
    rf"|{_AGENT_NOUN}(?:\s+og\s+(?-i:[A-ZÆØÅ][\w-]*))?(?:\s+(?:i\s+fellesskap|sammen|saman|òg|også))?"
    r"\s+(?-i:[a-zæøå]{3,}[ea]|gå|gi|gje|få|ta|se|sjå)\s)"
)
_ASK = re.compile(rf"{_ASKER}\s+(?P<verb>ber|bed)\s+{_ASKED}", re.IGNORECASE)
#: The same after an opening: "For å nå målet, ber departementet X om å …", "I 2025 bed vi X …".
_ASK_AFTER = re.compile(rf"(?P<verb>ber|bed)\s+(?:departementet|vi)\s+{_ASKED}", re.IGNORECASE)
#: "Departementet gir X i oppdrag å …", "KD gjev Diku eit oppdrag om …".
_GIVE = re.compile(
    rf"{_ASKER}\s+(?:gir|gjev)\s+{_ALSO}[^.:;]{{1,90}}?\s(?:(?:et|eit)\s+(?:nytt\s+)?)?(?:i\s+)?oppdrag\s+(?:om|med|å)\b",
    re.IGNORECASE,
)
#: "X får i oppdrag å …", "X gis i oppdrag …", "X blir bede om å …", "X bes om å …".
_GET = re.compile(
    r"\s(?:får|gis|gjevast|vert\s+gitt|blir\s+gitt)\s+" + _ALSO + r"(?:i\s+)?oppdrag(?:et)?\s+(?:om|med|å)\b"
    r"|\s(?:bes|blir\s+(?:bedt|bede|bedd)|vert\s+(?:bedt|bede|beden|bedd)|er\s+(?:bedt|bede))\s+"
    + _ALSO
    + r"(?:om\s+)?(?:å|at)\b",
    re.IGNORECASE,
)
#: "X skal …", "X må …": a duty, judged by the rule for duties.
_SHALL = re.compile(r"\s(?:skal|må)(?:\s|,\s)", re.IGNORECASE)
#: An opening before the request: "I tillegg", "I 2025", "Som ledd i …,", "I samarbeid med Y skal X …".
_OPENING = re.compile(
    r"^(?:(?:I\s+tillegg|Videre|Vidare|Derfor|Difor|Dessuten|I\s+\d{4}|I\s+år|Innen\s+[^,]{1,40}?\s(?=skal\s)|"
    r"Innan\s+[^,]{1,40}?\s(?=skal\s))\s*,?\s*|I\s+samarbeid\s+med\s+[^.,]{1,80}?\s(?=skal\s)|"
    r"(?:Som\s+(?:et\s+|eit\s+)?(?:ledd|del)\s+i|For\s+å)\s+[^.,]{1,120}?\s(?=skal\s)|[^.]{3,120}?,\s+)",
    re.IGNORECASE,
)
#: The one who shall, for a duty: a name (a capital word the letter also writes in mid-sentence, or an
#: abbreviation) or the recipient as a common noun ("Direktoratet", "Verksemda").
_SUBJECT = re.compile(
    r"^(?P<first>[A-ZÆØÅ][\w-]*)(?:\s+(?:og\s+|for\s+|i\s+|til\s+|på\s+)?[A-ZÆØÅa-zæøå][\w-]*){0,4}?"
    r"(?:\s*\([^)]{1,30}\))?\s*,?$"
)
_NOT_A_SUBJECT = re.compile(
    r"^(?:Departementet|Vi|Alle|Regjeringen|Regjeringa|Statlige|Statlege|Det|Dette|Den|Denne|Disse|Desse|De|Dei|"
    r"Arbeidet|Oppdraget|Oppdraga|Oppdragene|Rapporten|Rapportering\w*|Planen|Status|Tiltaket|Tiltakene|Tiltaka|"
    r"Utredningen|Utgreiinga|Evalueringen|Evalueringa|Leveransen|Årsrapporten|Virksomhetene|Verksemdene|"
    r"Etatene|Dersom|Hvis|Viss|Når|Om|Der|Slik)\b|\w*departementet$",
)
_AGENT_SUBJECT = re.compile(r"^" + _AGENT_NOUN + r"$", re.IGNORECASE)

# The work asked for, by the first verb that says what it is.
#: A priority of the ordinary work: "prioritere", "vektlegge", "ha særlig oppmerksomhet på", "legge vekt på".
_PRIORITISE = (
    r"prioriter\w*|vektlegg\w*|ha\s+(?:særlig\s+|særleg\s+|spesiell\s+|stor\s+)?(?:oppmerksomhet|merksemd|fokus)|"
    # "ber SI være oppmerksom på risikoen for …", "vere merksam på": a matter to watch, no piece of work
    r"(?:være|vere)\s+(?:særlig\s+|særleg\s+|spesielt\s+)?(?:oppmerksom|merksam)|"
    r"legge\s+(?:særlig\s+|stor\s+|større\s+)?vekt|leggje\s+(?:særleg\s+|stor\s+|større\s+)?vekt"
)
#: Work that goes on: "fortsatt", "videreføre", "til enhver tid", "løpende".
_GOING_ON = (
    r"fortsatt|fortsette|framleis|fremdeles|videreføre|vidareføre|halde\s+fram|holde\s+fram|til\s+enhver\s+tid|"
    r"til\s+ei\s+kvar\s+tid|alltid|løpende|løpande|kontinuerlig|kontinuerleg|jevnlig|jamleg|årlig|årleg|som\s+før|"
    r"som\s+tidlegare|som\s+tidligere"
)
#: The ordinary reporting: "rapportere", "omtale", "gjøre rede for".
_REPORT = r"rapporter\w*|omtal[ea]|gjøre\s+rede|gjere\s+greie|redegjøre|orientere|informere|melde"
#: Standing work: "følge opp", "bidra til", "sørge for", "ivareta", "delta", "ha", "være".
_STANDING = (
    r"følge\s+opp|følgje\s+opp|bidra|arbeide|arbeida|jobbe|sørge|syte|ivareta|ta\s+vare|delta|støtte|ha|være|vere|"
    r"sikre|legge\s+til\s+rette|leggje\s+til\s+rette|føre\s+tilsyn|forvalte|utøve|medvirke|samarbeide|samarbeida|"
    r"bistå|holde|halde|varsle|gi\s+råd|gje\s+råd|bruke|nytte|påse|sjå\s+til|se\s+til|etterleve|følge|følgje"
)
#: One piece of work to deliver: "utrede", "kartlegge", "utarbeide", "evaluere", "foreslå" …
_DELIVER = (
    r"utrede|utgreie|greie\s+ut|kartlegge|kartleggje|utarbeide|utarbeida|evaluere|evaluera|gjennomgå|foreslå|"
    r"analysere|analysera|revidere|oppdatere|ferdigstille|levere|lage|etablere|opprette|innføre|implementere|"
    r"pilotere|teste|planlegge|sammenstille|beskrive|avklare|legge\s+fram|leggje\s+fram|sende|"
    r"gjennomføre\s+(?:en|ei|eit|et|ein|ny|nye)\b|vurdere\s+(?:om|hvordan|korleis|behovet|en|ei|eit|et|ein)\b|"
    r"starte|sette\s+i\s+gang|igangsette|setje\s+i\s+gang|"
    r"iverksette\s+(?:en|ei|eit|et)\b|utforme|gi\s+innspill|gje\s+innspel|komme\s+med\s+forslag|kome\s+med\s+forslag"
)
#: One piece of work named by what it makes: "en felles strategi", "ei utgreiing", "en plan for …".
_PRODUCT = re.compile(
    r"\b(?:en|ei|eit|et|ein)\s+(?:\w+\s+)?(?:\w*plan|\w*strategi|\w*rapport|\w*program|utredning|utgreiing|veileder|rettleiar|"
    r"rettleiing|evaluering|analyse|forslag|oversikt|kartlegging|vurdering|gjennomgang|notat|undersøkelse|"
    r"undersøking)\b",
    re.IGNORECASE,
)
#: Having or being, no work: "skal ha en plan", "skal være …".
_BEING = re.compile(r"^(?:\S+\s+){0,2}?(?:ha|være|vere|sikre)\b", re.IGNORECASE)
_VERB = re.compile(
    rf"\b(?:(?P<priority>{_PRIORITISE})|(?P<going>{_GOING_ON})|(?P<report>{_REPORT})|(?P<deliver>{_DELIVER})|"
    rf"(?P<standing>{_STANDING}))\b",
    re.IGNORECASE,
)
#: The steering calendar and the ordinary reporting as what is asked for: "årsrapport", "tertialrapport",
#: "etatsstyringsmøte", "budsjettforslag", "en vurdering av resultatene".
_CALENDAR = re.compile(
    r"\b(?:årsrapport\w*|tertialrapport\w*|halvårsrapport\w*|kvartalsrapport\w*|regnskapsrapport\w*|etatsstyringsmøt\w*|styringsmøt\w*|budsjettforslag\w*|budsjettinnsp\w*|"
    r"satsingsforslag\w*|innspel\s+til\s+(?:stats)?budsjett\w*|innspill\s+til\s+(?:stats)?budsjett\w*|"
    r"årsregnskap\w*|styringsparamet\w*|resultatrapport\w*|(?:den\s+)?ordinære\s+rapporteringa?\w*|"
    r"måloppnåing\w*|måloppnåelse\w*|(?:vurdering|analyse)\s+av\s+resultat\w*)",
    re.IGNORECASE,
)
#: A sentence that only points to an assignment given elsewhere, or speaks of assignments in general ("ber X om å
#: gjennomføre oppdragene i tabell 2", "status for alle oppdrag").
_REFERENCE = re.compile(
    # ("jf. oppdraget i tildelingsbrevet for 2024" carries last year's assignment on: a request of this year's)
    r"\b(?:oppdragene|oppdraga|oppgavene|oppgåvene|"
    r"jf\.?\s+(?:oppdrag(?!et\s+i\s+tildelingsbrevet\s+for\s+\d{4})|punkt|kapittel|kap\.)|som\s+(?:omtalt|omtala|nevnt|nemnt|beskrevet|skildra)\b|"
    r"(?:omtalt|omtala|nevnt|nemnt)\s+(?:i|under)\s+(?:punkt|kapittel|kap\.|avsnitt|oppdrag|tabell)|"
    r"(?:se|sjå)\s+(?:punkt|kapittel|oppdrag|tabell)|i\s+tråd\s+med\s+oppdrag|(?:en|ein|ei|et|eit)\s+del\s+av\s+"
    r"oppdrag|(?:alle|samtlige|samtlege|hvert|kvart)\s+(?:(?:de|dei|disse|desse)\s+)?oppdrag|"
    r"(?:ikke|ikkje)\s+(?:\S+\s+){0,2}?(?:som\s+)?(?:eget\s+|eige\s+|eit\s+|et\s+)?oppdrag\b)",
    re.IGNORECASE,
)
#: A lead-in over a list of assignments ("Departementet ber SSB om å utføre følgende særskilte oppdrag"), of
#: priorities or of standing tasks ("ber X prioritere følgende", "Faste oppgåver er:"): no request of its own.
_LEAD_IN = re.compile(
    r"\b(?:følgende|følgjande|disse|desse|nedenfor|nedanfor)\s+(?:\S+\s+)?(?:oppdrag|oppgaver|oppgåver)\b",
    re.IGNORECASE,
)
_PRIORITY_LEAD = re.compile(
    r"\bprioriter\w*|\bvektlegg\w*|\bvekt\s+på\b|\bløp[ea]nde\s+oppg\w*|\bfaste\s+oppg\w*|\bordinære\s+oppg\w*",
    re.IGNORECASE,
)
#: A list item that is a sentence of its own, with its own subject ("DFØ skal bidra til …"), not the end of the
#: lead-in's sentence ("Departementet ber X om å:" / "utrede …").
_OWN_SENTENCE = re.compile(r"^\S+(?:\s+\S+){0,5}?\s+(?:skal|må|bør|ber|bed|får)\s", re.IGNORECASE)
#: Sentences on assignments in general: "Oppdrag som ikke er sluttført …", "Andre oppdrag fra tidligere år …".
GENERAL = re.compile(
    r"^(?:Oppdrag|Oppdrag(?:a|ene)|Andre\s+oppdrag|Alle\s+oppdrag|Øvrige\s+oppdrag|"
    r"Bestilling(?:er|ar|ene|ane))\s+(?:som|der|fra|frå|gitt|gjeve|gitte|gjevne)\s"
    # assignments the ministry may give later: "Departementet vil i tillegg kunne gje NIBIO mindre utgreiingsoppdrag i
    # løpet av året", "Departementet kan gi nye oppdrag i løpet av året i egne brev"
    r"|^Departementet\s+(?:vil|kan)\s(?:[^.]{0,60}?\s)?(?:gi|gje|gjeve|gjere)\s(?:[^.]{0,40}?\s)?\w*oppdrag\b",
    re.IGNORECASE,
)


def proper_names(doc: SourceDoc) -> set[str]:
    """Words the letter writes with a capital in mid-sentence (after a word in lower case): names."""
    names: set[str] = set()
    for text in doc.lines:
        names.update(re.findall(r"(?<=[a-zæøå,)]\s)([A-ZÆØÅ][\w-]+)", text))
    return names


def _has_date(text: str, year: int) -> bool:
    """True where ``text`` sets a time limit: a date or a part of the year; not a reporting channel alone, and not
    the whole year ("i løpet av året", "i løpet av 2025"), in which all of the letter's work falls."""
    return any(
        d.date is not None
        and not d.unparsed
        and d.meaning in (MEANING_DATE, MEANING_PERIOD)
        and d.rule != "i løpet av året"
        and not (d.period_start is not None and (d.period_start.month, d.date.month) == (1, 12))
        for d in find_deadlines(text, year)
    )


def _first_verb(rest: str) -> str | None:
    """The kind of the first verb in the first words of ``rest`` that says what work is asked for."""
    words = " ".join(rest.split()[:14])
    m = _VERB.search(words)
    return m.lastgroup if m is not None else None


#: Last year's assignment named as what the work carries on: "jf. oppdraget i tildelingsbrevet for 2024".
_LAST_YEARS_ASSIGNMENT = re.compile(r"\bjf\.?\s+oppdraget\s+i\s+tildelingsbrevet\s+for\s+\d{4}\b", re.I)


def is_request(sentence: str, year: int, names: set[str] | None = None, after: str = "") -> bool:
    """True when ``sentence`` asks the recipient for an assignment's work (see the module's rules); ``after``
    is text right after it that may give its deadline ("Frist: 1. juni 2025")."""
    text = " ".join(sentence.split())
    text = _NUMBER.sub("", text)  # "1.1  BFD ber …"
    if GENERAL.match(text) or _REFERENCE.search(text) or _LEAD_IN.search(text):
        return False
    dated = _has_date(text + " " + after, year)
    opening = _OPENING.match(text)
    starts = [0] + ([opening.end()] if opening is not None else [])
    for start in starts:
        head = text[start:]
        asked = _ASK.match(head) or (_ASK_AFTER.match(head) if start > 0 else None)
        if asked is not None:
            return _asked(head[asked.end("verb") :], dated)
        given = _GIVE.match(head)
        if given is not None:
            return _asked(head[given.end() :], dated)
        got = _GET.search(head)
        if got is not None and got.start() <= 80 and _subject(head[: got.start()], names):
            return _asked(head[got.end() :], dated)
        shall = _SHALL.search(head)
        if shall is not None and shall.start() <= 80 and _subject(head[: shall.start()], names):
            # work that goes on as last year's assignment ("skal vidareføre arbeidet med …, jf. oppdraget i
            # tildelingsbrevet for 2024") is this year's assignment still
            return _duty(head[shall.end() :], dated) or bool(_LAST_YEARS_ASSIGNMENT.search(head))
        inverted = re.match(r"^(?:skal|må)\s+(?P<who>[A-ZÆØÅ]\S*(?:\s+[A-ZÆØÅ]\S*){0,2})\s", head)
        if inverted is not None and start > 0 and _subject(inverted["who"], names):
            return _duty(head[inverted.end() :], dated)
    return False


def gives_its_delivery(sentence: str) -> bool:
    """True for a sentence after a request that says when or how its work is delivered ("Frist: …", "Sluttrapport
    skal leverast etter nærmare avtale med departementet", "Planen sendes innen …")."""
    return bool(_DEADLINE_LINE.match(sentence) or _DELIVERY.search(sentence))


def is_standing_duty(sentence: str, year: int, names: set[str]) -> bool:
    """True where ``sentence`` states a duty of the recipient ("Jernbanedirektoratet skal forvalte …") that asks for no
    piece of work (:func:`is_request` says no)."""
    text = " ".join(sentence.split())
    shall = _SHALL.search(text)
    return (
        shall is not None
        and shall.start() <= 80
        and _subject(text[: shall.start()], names)
        and not is_request(text, year, names)
    )


def _subject(words: str, names: set[str] | None) -> bool:
    """True where ``words`` name the recipient as the one who shall: a name or the recipient as a common noun."""
    words = words.strip().rstrip(",").strip()
    words = re.sub(r",\s.*$", "", words)  # "Direktoratet, i samarbeid med X," → "Direktoratet"
    m = _SUBJECT.match(words)
    if m is None or _NOT_A_SUBJECT.search(m["first"]):
        return False
    first = m["first"]
    if _AGENT_SUBJECT.match(first) and len(words.split()) == 1:
        return True
    abbreviation = sum(c.isupper() for c in first) >= 2
    return abbreviation or names is None or first in names


def _asked(rest: str, dated: bool) -> bool:
    """A request ("ber X om å …"): an assignment unless it asks for a priority, for work to go on, for the
    steering calendar, or, without a date, for reporting."""
    kind = _first_verb(rest)
    if kind in ("priority", "going") or _CALENDAR.search(" ".join(rest.split()[:8])):
        return False
    return dated if kind == "report" else True


def _duty(rest: str, dated: bool) -> bool:
    """A duty ("X skal …"): an assignment where it names one piece of work to deliver, or any work by a date;
    never a priority, work that goes on, the steering calendar, or what shall be done in the passive ("X skal ses
    i sammenheng med …", "skal vurderast")."""
    if any(len(w) > 4 and re.search(r"(?:es|ast)$", w) for w in rest.split()[:3]):
        return False
    kind = _first_verb(rest)
    if kind in ("priority", "going") or _CALENDAR.search(" ".join(rest.split()[:8])):
        return False
    if kind in ("standing", None) and _PRODUCT.search(" ".join(rest.split()[:12])) and not _BEING.match(rest.strip()):
        return True  # "skal samarbeide med Arkivverket om en felles strategi for …": one piece of work
    return kind == "deliver" or dated


# -- reading the body -----------------------------------------------------------------------------------------------


def _readable(sections: list[Section], line: int) -> tuple[Section, bool] | None:
    """The deepest section holding ``line`` where requests are read, and whether it is about the allocations;
    none where it or a section around it gives no assignments (``_OUT_SECTION``)."""
    around = [s for s in sections if s.line_start <= line <= s.line_end]
    if not around:
        return None
    out = [s for s in around if _OUT_SECTION.match(s.title.strip())]
    if out and not all(_ASK_ONLY_SECTION.search(s.title.strip()) for s in out):
        return None
    # under the authorisations or the administrative matters, as in the text on the allocations, only a dated request
    # of the ministry is an assignment ("8.2 Ny saksbehandlingsløsning" under "8. Administrative forhold":
    # "Departementet ber nemnda utarbeide en plan … innen 1. oktober 2024")
    allocations = bool(out) or any(_BUDGET_SECTION.match(s.title.strip()) for s in around)
    return max(around, key=lambda s: (s.depth, not s.is_part)), allocations


#: The letter's closing: nothing after the greeting is read.
_GREETING = re.compile(
    r"^\s*(?:Med\s+(?:vennlig\s+|venleg\s+)?hilsen|Med\s+helsing|Vennlig\s+hilsen|Venleg\s+helsing)\b", re.IGNORECASE
)


def _units(lines: list[Line], doc: SourceDoc) -> list[list[Line]]:
    """``lines`` (a run of one section's text) cut into paragraphs and list items: an item runs on over lines
    indented deeper than its marker or starting in lower case; text at the margin after it is a unit of its own."""
    units: list[list[Line]] = []
    for para in paragraphs(lines, doc):
        current: list[Line] = []
        in_item = False
        for line in para:
            if _ITEM.match(line.text):
                if current:
                    units.append(current)
                current = [line]
                in_item = True
            elif in_item and (
                _DEADLINE_LINE.match(line.text)
                and _indent(line) <= _indent(current[0])
                or not (line.stripped[:1].islower() or _indent(line) > _indent(current[0]))
            ):
                units.append(current)
                current = [line]
                in_item = False
            else:
                current.append(line)
        if current:
            units.append(current)
    return units


def _indent(line: Line) -> int:
    return len(line.text) - len(line.text.lstrip())


def _title_line(unit: list[Line], doc: SourceDoc) -> bool:
    """A short first line without a sentence's end over a sentence in capitals (a blank line between them, or the
    line short): a title line of its own ("Oppdrag 1 Gjennomføring av …", "Kunstnarøkonomi")."""
    if len(unit) < 2:
        return False
    title = unit[0].stripped
    apart = any(not doc.line(n).strip() for n in range(unit[0].number + 1, unit[1].number))
    return (
        (len(title) <= 60 or (apart and len(title) <= 100))
        and title[:1].isupper()
        and not title.endswith((".", ",", ":", ";", "!", "?"))
        and not re.search(r"\b(?:og|for|av|i|til|med|om|på|å|at)$|\b(?:skal|ber|bed|får)\b", title, re.IGNORECASE)
        and unit[1].stripped[:1].isupper()
        and not _ITEM.match(unit[0].text)
    )


def find_requests(
    doc: SourceDoc,
    sections: list[Section],
    claimed: set[int],
    stops: Callable[[Line], bool],
    year: int,
) -> list[Request]:
    """Every request of work in the body's sections that no other reading has claimed, in letter order.

    ``claimed`` holds the lines other readings took; they and the lines ``stops`` names (a table's header, a
    label line) are not read and end the text around them. A list led in by a request ("Departementet ber X om
    å:") gives one request per item; an item that asks by itself is one too. A paragraph gives one from its
    first request on; a "Frist: …" line right after a request is its deadline."""
    names = proper_names(doc)
    heading_lines = {n for s in sections for n in range(s.line_start, s.title_end + 1)}
    runs: dict[str, list[list[Line]]] = {}
    budget: set[str] = set()
    goals: dict[int, str] = {}  # line → the goal of a numbered list of goals it stands under
    goal: tuple[str, str, int] | None = None  # the section, the goal's number, its indent
    for line in doc.content():
        if _GREETING.match(line.text):
            break
        if line.number in heading_lines:
            continue
        readable = _readable(sections, line.number)
        if readable is None:
            continue
        section, allocations = readable
        if allocations:
            budget.add(section.number)
        item = _GOAL_ITEM.match(line.text) if _GOAL_SECTION.search(section.title) else None
        if item is not None:
            goal = (section.number, item["n"], _indent(line))
        elif goal is not None and (goal[0] != section.number or _indent(line) <= goal[2]):
            goal = None  # text at the goal's margin, or another section: the list of goals is over
        if goal is not None:
            goals[line.number] = goal[1]
        section_runs = runs.setdefault(section.number, [[]])
        if line.number in claimed or stops(line):
            section_runs.append([])
            continue
        if _CELLS.search(_ITEM.sub("", line.text, count=1).strip()):
            continue  # a table's row, or the page's footer
        section_runs[-1].append(line)
    found: list[Request] = []
    for number, section_runs in runs.items():
        for run in section_runs:
            if run:
                found += _run_requests(number, _units(run, doc), doc, year, names, number in budget)
    for request in found:
        request.goal = goals.get(request.lines[0].number)
    found.sort(key=lambda r: r.lines[0].number)
    return found


def _run_requests(
    number: str, units: list[list[Line]], doc: SourceDoc, year: int, names: set[str], budget: bool
) -> list[Request]:
    """The requests of a run of a section's units; in a section on the allocations only a request by a date, in
    running text (``_budget_request``)."""
    if budget:
        return [r for unit in units if not _ITEM.match(unit[0].text) for r in _budget_requests(number, unit, doc, year)]
    found: list[Request] = []
    lead: str | None = None  # the lead-in of the list being read, without its colon
    last: list[Request] = []  # the requests of the unit (or the list) just read
    into: Request | None = None  # a request whose paragraph leads in to a list of its parts
    for k, unit in enumerate(units):
        text = doc.block(unit).text
        following = doc.block(units[k + 1]).text if k + 1 < len(units) else ""
        after = following if _DEADLINE_LINE.match(following) else ""
        if _ITEM.match(unit[0].text) and into is not None:
            into.lines = into.lines + unit  # "Utredningen skal blant annet omfatte:" / "• …": parts of the request
            continue
        into = None
        if _ITEM.match(unit[0].text):
            item = _ITEM.sub("", text, count=1).strip()
            spans = sentences(item)
            first = item[: spans[0][1]] if spans else item
            rest = f"{item[len(first) :]} {after}"
            if lead is not None and _PRIORITY_LEAD.search(lead):
                continue  # a list of priorities or standing tasks, whatever its items say
            asked = (
                lead is not None and not _OWN_SENTENCE.match(first) and is_request(f"{lead} {first}", year, names, rest)
            )
            if asked or is_request(first, year, names, rest):
                request = Request(number, True, list(unit))
                found.append(request)
                last = (last if last and last[-1].item else []) + [request]
            continue
        delivery = len(sentences(text)) == 1 and (
            (bool(_DELIVERY.search(text)) and _has_date(text, year))
            # "Omfanget av bistanden og tidspunkta for innspela vert avtalte nærmare …": when, to be agreed
            or any(d.meaning == "to-be-agreed" for d in find_deadlines(text, year))
        )
        if last and (_DEADLINE_LINE.match(text) or delivery) and len(text) <= 160:
            # "Frist: 1. juni 2025" or "Utredningen skal leveres innen …" right after a paragraph that asks, or after
            # a list led in by a request: theirs
            for request in last:
                request.deadline_lines = list(unit)
            last = []
            continue
        last = []
        lead = None
        if text.rstrip().endswith(":"):
            # a request whose last sentence leads in to its parts ("BFD ber X utrede … . Utredningen skal omfatte:")
            last = _paragraph_requests(number, unit, doc, year, names, "", lead_in=True)
            if last:
                found += last
                into = last[-1] if k + 1 < len(units) and _ITEM.match(units[k + 1][0].text) else None
                continue
            # a lead-in over a list (its last sentence, without the colon, opens each item), or over a table or a
            # list another reading took: no request of its own
            if k + 1 < len(units) and _ITEM.match(units[k + 1][0].text):
                spans = sentences(text)
                lead = text[spans[-1][0] : spans[-1][1]].rstrip().rstrip(":").strip()
            continue
        last = _paragraph_requests(number, unit, doc, year, names, after)
        found += last
    return found


def _spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text``, cut also after a number's full stop before a request."""
    spans: list[tuple[int, int]] = []
    for start, end in sentences(text):
        cuts = [start] + [start + m.end() for m in _REQUEST_AFTER_NUMBER.finditer(text[start:end])] + [end]
        spans += list(zip(cuts, cuts[1:], strict=False))
    return spans


#: The recipient owes a delivery by a day, in the running text on the allocations or the authorisations:
#: "Kulturminnefondet skal innen 1. april 2025 legge fram en plan for …", "Kulturminnefondet skal derfor vurdere om … og
#: sende sin vurdering til departementet innen 1. oktober 2025".
_DATED_DELIVERY = re.compile(
    r"^(?:[A-ZÆØÅ][\wæøå-]*(?:\s+[\wæøå-]+){0,3})\s+skal\s+(?:\S+\s+){0,25}?"
    r"(?:(?:legge|leggje)\s+fram|sende|levere|oversende)\b"
    # or a piece of work done by a day: "KNS skal oppdatere risiko- og sårbarhetsanalysen … innen 31. oktober 2024"
    # (the recipient by its abbreviation or as "virksomheten", never "Planen skal … sendes innen …")
    r"|^(?:[A-ZÆØÅ]{2,6}|Virksomheten|Verksemda|Direktoratet|Tilsynet|Nemnda|Etaten|Instituttet)\s+skal\s+"
    r"(?:\S+\s+){1,12}?(?:innen|innan)\s+\d"
)


def _budget_requests(number: str, unit: list[Line], doc: SourceDoc, year: int) -> list[Request]:
    """In the running text on the allocations, a sentence in which the ministry asks for a delivery by a day (in
    it or in a sentence of its own right after it: "Frist: 1. november 2025."): the sentence, with that day."""
    block = doc.block(unit)
    spans = _spans(block.text)
    found: list[Request] = []
    for n, (start, end) in enumerate(spans):
        sentence = block.text[start:end].strip()
        owed = (
            _DATED_DELIVERY.match(sentence) is not None and not _CALENDAR.search(sentence) and _has_date(sentence, year)
        )
        if not owed and (not (_ASK.match(sentence) or _GIVE.match(sentence)) or not is_request(sentence, year)):
            continue
        if not _has_date(sentence, year):
            following = block.text[slice(*spans[n + 1])].strip() if n + 1 < len(spans) else ""
            # its day in the next sentence: "Frist: 1. november 2025.", "Planen … sendes departementet innen 1. oktober"
            if not ((_DEADLINE_LINE.match(following) or _DELIVERY.search(following)) and _has_date(following, year)):
                continue
            end = spans[n + 1][1]
        # the sentence after it that says where the work is reported ("Erfaringene fra øvelsen skal rapporteres i
        # årsrapporten for 2024.") is part of it
        after = next((k for k, (a, _b) in enumerate(spans) if a >= end), None)
        if after is not None:
            said = block.text[slice(*spans[after])].strip()
            if not _ASK.match(said) and any(d.channel for d in find_deadlines(said, year)):
                end = spans[after][1]
        stretch = masked(unit, block.origin, start, end)
        if stretch:
            found.append(Request(number, False, stretch))
    return found


#: A later sentence that calls the paragraph's work an assignment: "Oppdraget er løpande", "Oppdraget skal
#: rapporterast i årsrapporten".
_CALLED_AN_ASSIGNMENT = re.compile(r"^Oppdrag(?:et)?\s+(?:er|skal|blir|vert|må|kan|rapporter\w*|lever\w*)\b")


def _named_an_assignment(text: str, spans: list[tuple[int, int]], names: set[str]) -> bool:
    """True where the paragraph opens with a duty of the recipient that reads as standing work ("X skal bidra med
    fagleg underlag i …") and a later sentence calls that work an assignment ("Oppdraget er løpande, og …"): the
    letter says what it is."""
    first = " ".join(text[spans[0][0] : spans[0][1]].split())
    shall = _SHALL.search(first)
    if shall is None or shall.start() > 80 or not _subject(first[: shall.start()], names):
        return False
    if _first_verb(first[shall.end() :]) in ("priority", "going"):
        return False
    return any(_CALLED_AN_ASSIGNMENT.match(" ".join(text[a:b].split())) for a, b in spans[1:])


#: A paragraph that says its work is standing work: "Dette er faste oppgaver", "Dette er en løpende oppgave", "Dette
#: er ordinære oppgåver".
_SAID_STANDING = re.compile(
    r"\bDette\s+er\s+(?:en\s+|ei\s+|eit\s+|et\s+)?(?:faste?|løpende|løpande|ordinære?|varige?)\s+"
    r"(?:oppgaver|oppgåver|oppgave|oppgåve)\b"
    # "Desse er ikkje særlege oppdrag og skal ikkje rapporterast særskilt."
    r"|\b(?:Desse|Disse|Dei|De)\s+er\s+(?:ikke|ikkje)\s+(?:særlege\s+|særlige\s+|særskilte\s+|særskilde\s+|egne\s+|"
    r"eigne\s+)?oppdrag\b"
    # "Dette er ikke et eget oppdrag til nemnda.": the letter says it is none
    r"|\b(?:Dette|Det)\s+er\s+(?:ikke|ikkje)\s+(?:et|eit|noe|noko)\s+(?:eget|eige|selvstendig|sjølvstendig)\s+oppdrag",
    re.IGNORECASE,
)


def _paragraph_requests(
    number: str, unit: list[Line], doc: SourceDoc, year: int, names: set[str], after: str, lead_in: bool = False
) -> list[Request]:
    """The request of a paragraph: from its first sentence that asks to the paragraph's end (or to a sentence on
    assignments in general); a later sentence that asks by a date of its own, after one that had one too, opens
    another. With ``lead_in``, the last sentence leads in to a list and opens none."""
    title_lines: list[Line] = []
    if _title_line(unit, doc):
        title_lines, unit = unit[:1], unit[1:]
    block = doc.block(unit)
    if _SAID_STANDING.search(" ".join(block.text.split())):
        return []  # "… gjennomføre det faste toktprogrammet … . Dette er faste oppgaver som ikke omtales nærmere her."
    spans = _spans(block.text)
    opened: list[tuple[int, bool]] = []  # where each request opens in ``spans``, whether it has a date
    end_span = len(spans) - 1
    for n, (start, end) in enumerate(spans):
        sentence = block.text[start:end]
        if GENERAL.match(sentence):
            end_span = n - 1
            break  # on assignments in general: no part of the request above
        # the request's deadline may stand in a sentence after it: "Frist: …", "… sendes departementet innen …"
        later = [block.text[a:b] for a, b in spans[n + 1 :]] + [after]
        dates = " ".join(t for t in later if _DEADLINE_LINE.match(t) or _DELIVERY.search(t))
        if (lead_in and n == len(spans) - 1) or not is_request(sentence, year, names, dates):
            continue
        dated = _has_date(sentence, year)
        if not opened or (dated and opened[-1][1]):
            opened.append((n, dated))
    if not opened and spans and _named_an_assignment(block.text, spans, names):
        opened.append((0, False))
    found: list[Request] = []
    for k, (n, _dated) in enumerate(opened):
        last = opened[k + 1][0] - 1 if k + 1 < len(opened) else end_span
        number_before = _NUMBER.match(block.text[spans[n][0] : spans[n][1]])
        start = spans[n][0] + (number_before.end() if number_before is not None else 0)
        stretch = masked(unit, block.origin, start, spans[last][1])
        if stretch:
            # the paragraph's title is its first request's, where a sentence of context comes before it too
            found.append(Request(number, False, stretch, title_lines if k == 0 else []))
    return found
