"""How supplements write their changes in sentences and rows, in Bokmål and Nynorsk.

Pure text: each reader returns what a sentence or a row says (spans into the text, dates, amounts,
the words that name the assignment); ``supplement`` turns that into changes against the amended
letter. Sentences end at a full stop before a capital, never after an abbreviation ("kap.",
"nr.", "mill.") or before a lower-case word ("1. juli", "2,5 mill. kroner").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from tbgraph.extract.amounts import parse_number
from tbgraph.extract.dates import DATE_RE, MONTHS, parse_date
from tbgraph.extract.markings import SCHEME_CODE

__all__ = [
    "AssignmentRef",
    "BudgetSentence",
    "MoveSentence",
    "RevisionSpan",
    "amount_unit",
    "budget_sentence",
    "date_at",
    "effective_in",
    "explicit_ref",
    "marking_candidates",
    "move_sentence",
    "post_move",
    "revision_leads_in",
    "revisions_in",
    "scope_date",
    "sentences",
    "table_unit",
    "withdraws",
    "withdrawal_follow_up",
    "withdrawal_sentence",
]

_DATE = re.sub(r"\(\?P<\w+>", "(?:", DATE_RE.pattern)
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:nr|kap|jf|pkt|ca|mill|mrd|kr|bl\.a|f\.eks|evt|ev|St|Prop|Innst|post)|\d)\.$", re.I
)


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as (start, end) spans."""
    spans = []
    start = 0
    for match in re.finditer(r"[.!?](?=\s+[A-ZÆØÅ]|\s*$)", text):
        end = match.end()
        # "1. juli 2023. Departementet": a year ends a sentence; an abbreviation or a day number does not
        abbreviated = match.group() == "." and _ABBREVIATIONS.search(text[start:end]) and text[end:].strip()
        if abbreviated and not re.search(r"\b\d{4}\.$", text[start:end]):
            continue
        if text[start:end].strip():
            spans.append((start + len(text[start:end]) - len(text[start:end].lstrip()), end))
        start = end
    if text[start:].strip():
        spans.append((start + len(text[start:]) - len(text[start:].lstrip()), len(text.rstrip())))
    return spans


@dataclass
class AssignmentRef:
    """How a sentence or row names an assignment: a marking of the letter, else a description."""

    marking: str | None  # "TB2023-17", "DFD-2025-03", "Oppdrag 4", "Nr. 6"
    description: str  # the words around it, for a letter that marks nothing
    #: markings of any scheme the words may hold ("oppdrag K3", "O-3", "2025-04"): names only where the amended
    #: letter marks an assignment so (``supplement_base.BaseLetter.by_marking``), else the description counts
    candidates: tuple[str, ...] = ()
    #: named by a code standing alone and nothing else ("K5 fell bort"): where the letter marks nothing so, the
    #: words are no description of an assignment either, and nothing is looked up by them
    bare: bool = False


_TB = re.compile(r"\bTB\s*(?P<y>\d{4})\s*[-–—‐‑]\s*(?P<n>\d{1,3})\b")
#: A code of capitals and numbers ("DFD-2025-03"), also with a second group of capitals ("DFD-SB-8"), or of any
#: shape of the genre, the number last ("NFD-KT-25-6", "JD-UDI-2025-01").
_CODE = re.compile(
    rf"\b(?P<code>{SCHEME_CODE}|[A-ZÆØÅ]{{2,8}}(?:\s*[-–—‐‑]\s*\d{{1,4}}){{1,3}}|"
    r"(?-i:[A-ZÆØÅ]{2,8}[-–—‐‑][A-ZÆØÅ]{1,6})[-–—‐‑]\d{1,3})\b"
)
_NUMBERED = re.compile(r"\b[Oo]ppdrag(?:et)?\s+(?:nr\.?\s*)?(?P<n>\d{1,3})\b(?![.,]\d)")
#: An assignment named by the letter's section number: "oppdraget i punkt 4.1", "Oppdrag 4.3", "punkt 2.2".
_POINT = re.compile(
    r"\b(?:[Oo]ppdrag(?:et)?\s+(?:i\s+)?(?:punkt|pkt\.?)\s*|(?:[Oo]ppdrag(?:et)?|[Bb]estilling(?:en|a)?)\s+|"
    r"(?:i\s+)?[Pp]unkt\s+)"
    r"(?P<n>\d{1,2}(?:\.\d{1,2})+)\b(?![.,]\d)"
)
#: An assignment named by the letter of its item in the amended letter: "Oppdrag g)", "oppdrag b) om …".
_LETTERED_REF = re.compile(r"\b[Oo]ppdrag(?:et)?\s+(?P<l>[a-zæøå])\)")
#: An assignment named by the number of its item in the amended letter, numbers running on across its goals: "oppdrag
#: 2)", "Oppdrag 7) om …" (the letter marks the item "7)", not "Oppdrag 7").
_NUMBERED_ITEM_REF = re.compile(r"\b[Oo]ppdrag(?:et)?\s+(?P<n>\d{1,2})\)")
_NR = re.compile(r"(?<!\btillegg )(?<!\btildelingsbrev )\bnr\.?\s*(?P<n>\d{1,3})\b(?![.,]\d)", re.I)


#: A marking of any scheme after "oppdrag": "oppdrag K3", "Oppdrag O-3", "oppdrag 2025-04", "oppdrag A.2".
_ANY_AFTER_OPPDRAG = re.compile(
    r"\b[Oo]ppdrag(?:et)?\s+(?:nr\.?\s*)?(?P<m>(?-i:[A-ZÆØÅ]{1,6})[-–.]?\d{1,4}(?:[-–.]\d{1,3})?[a-z]?|"
    r"\d{4}[-–]\d{1,3}(?![\d–-]))(?![\w.,]\d)"
)
#: The same markings standing alone ("K5 fell bort"): capitals and digits, or a year and a number ("2025-04").
_BARE_MARKING = re.compile(
    r"(?<![\w.,/-])(?P<m>(?-i:[A-ZÆØÅ]{1,6})[-–]?\d{1,4}(?:[-–]\d{1,3})?|\d{4}[-–]\d{1,3})(?![\w–-]|[.,]\d)"
)


def marking_candidates(text: str) -> tuple[str, ...]:
    """Markings of any scheme ``text`` may name an assignment by, "oppdrag X" first, then any code standing
    alone; a candidate counts only where the amended letter marks an assignment so."""
    found = [m["m"] for m in _ANY_AFTER_OPPDRAG.finditer(text)]
    found += [m["m"] for m in _BARE_MARKING.finditer(text)]
    return tuple(dict.fromkeys(re.sub(r"[–]", "-", f) for f in found))


def explicit_ref(text: str) -> str | None:
    """The first marking ``text`` names an assignment by."""
    found: list[tuple[int, str]] = []
    for m in _TB.finditer(text):
        found.append((m.start(), f"TB{m['y']}-{int(m['n']):02d}"))
    for m in _CODE.finditer(text):
        code = re.sub(r"\s*[-–—‐‑]\s*", "-", m["code"])
        # "TB2024-05" is read by _TB; a code of another scheme may start with "TB" too ("TB-2024-IMDi-4")
        if not _TB.fullmatch(code) and (re.search(r"\d{2,}", code) or re.search(r"[A-ZÆØÅ]-[A-ZÆØÅ]", code)):
            found.append((m.start(), code))
    numbered_items = {m.start() for m in _NUMBERED_ITEM_REF.finditer(text)}
    for m in _NUMBERED_ITEM_REF.finditer(text):  # "oppdrag 2)": the letter's numbered item
        found.append((m.start(), f"{int(m['n'])})"))
    for m in _NUMBERED.finditer(text):
        if m.start() not in numbered_items:
            found.append((m.start(), f"Oppdrag {int(m['n'])}"))
    for m in _POINT.finditer(text):
        found.append((m.start(), m["n"]))
    for m in _LETTERED_REF.finditer(text):  # "Oppdrag g) Statistikk over …": the letter's lettered item
        found.append((m.start(), f"{m['l']})"))
    if not found:
        for m in _NR.finditer(text):
            before = text[max(0, m.start() - 25) : m.start()].lower()
            if not re.search(r"(?:tillegg|tildelingsbrev|brev|prop|innst)\w*\s*$", before):
                found.append((m.start(), f"Nr. {int(m['n'])}"))
    return min(found)[1] if found else None


#: An adverb that may stand between the verb and its particle: "vert difor trekt tilbake", "avsluttes derfor".
_ADV = r"(?:(?:derfor|difor|dermed|herved|no|nå|altså|òg|også|med\s+dette)\s+)?"
_WITHDRAW = re.compile(
    rf"\b(?:utgår|går\s+ut|trekkes\s+{_ADV}tilbake|trekkast\s+{_ADV}tilbake|vert\s+{_ADV}trekt\s+tilbake|"
    rf"blir\s+{_ADV}trukket\s+tilbake|blir\s+{_ADV}trekt\s+tilbake|trekker\s+(?:\w+\s+)?tilbake|"
    rf"trekkjer\s+(?:\w+\s+)?tilbake|trukket\s+tilbake|bortfaller|bortfell|faller\s+{_ADV}bort|fell\s+{_ADV}bort|"
    rf"avsluttes|avsluttast|vert\s+{_ADV}avslutta|blir\s+{_ADV}avsluttet|"
    r"tas\s+ut|takast\s+ut|strykes|vert\s+stroke|oppheves|opphevast|avlyses|avlysast|vert\s+avlyst|blir\s+avlyst|"
    r"(?:ikke|ikkje)\s+(?:skal\s+)?(?:gjennomføres|gjennomførast|videreføres|vidareførast)|"
    r"skal\s+(?:ikke|ikkje)\s+(?:gjennomføres|gjennomførast|videreføres|vidareførast))\b",
    re.I,
)
_EFFECTIVE = re.compile(
    rf"\b(?:med\s+virkning\s+(?:fra|f\.o\.m\.)|med\s+verknad\s+(?:frå|fra)|fra\s+og\s+med|frå\s+og\s+med|fra|frå|"
    rf"gjelder\s+fra|gjeld\s+frå)\s+(?P<date>{_DATE})",
    re.I,
)
#: A day in effect a sentence gives its own change: "med virkning fra 1. mai 2025", "gjeld frå …".
_OWN_EFFECTIVE = re.compile(
    rf"\b(?:med\s+virkning\s+(?:fra|f\.o\.m\.)|med\s+verknad\s+(?:frå|fra|f\.o\.m\.)|gjelder\s+fra|gjeld\s+frå|"
    rf"fra\s+og\s+med|frå\s+og\s+med)\s+(?P<date>{_DATE})",
    re.I,
)
#: A sentence that dates the changes around it: "Endringane gjeld frå 1. september 2024", "Endringene i
#: bevilgningen gjelder fra …", "Dei nye fristane gjeld frå …"; the date of the letter itself is no day.
_SCOPE = re.compile(
    rf"^\W*(?:(?:Alle\s+)?(?:Endring\w*|Dei\s+nye\s+\w+|De\s+nye\s+\w+|Desse\s+\w+|Disse\s+\w+|Justering\w*)\b"
    rf"[^.]*?\b(?:gjeld|gjelder|gjelde|får\s+verknad|får\s+virkning|trer\s+i\s+kraft|tek\s+til\s+å\s+gjelde)|"
    rf"(?:Med\s+virkning|Med\s+verknad)\b)[^.]*?\b(?:fra|frå|f\.o\.m\.)\s+(?:og\s+med\s+)?(?P<date>{_DATE})",
    re.I,
)


def effective_in(sentence: str, skip: tuple[int, ...] = ()) -> int | None:
    """The offset of the day in effect a sentence gives its own change, leaving out dates at ``skip``."""
    for match in _OWN_EFFECTIVE.finditer(sentence):
        if match.start("date") not in skip:
            return match.start("date")
    return None


def scope_date(sentence: str) -> int | None:
    """The offset of the day a sentence gives the changes around it ("Endringane gjeld frå …")."""
    match = _SCOPE.search(sentence)
    return match.start("date") if match else None


_QUOTED = re.compile(r"«(?P<a>[^»]{2,120})»|“(?P<b>[^”]{2,120})”|\"(?P<c>[^\"]{2,120})\"")
_ABOUT = re.compile(
    r"\b(?:[Oo]ppdraget|[Oo]ppdrag)\s+(?:om|med|knytt\s+til|knyttet\s+til|knytta\s+til)\s+(?:å\s+)?(?P<about>.+)", re.S
)


#: A change named as stated in another place of the supplement: "…, jf. punkt 2.1", "(sjå punkt 3)".
_POINTS_ELSEWHERE = re.compile(
    r"\s*[,(]?\s*(?:jf\.|jfr\.|jamfør|se|sjå)\s+(?:punkt|pkt\.?|avsnitt|kapittel)\s+\d", re.I
)


#: An assignment named by its title right after the word, before the verb: "Oppdraget Tomter til studentboliger …".
_TITLE_AFTER_WORD = re.compile(r"^\W*(?:Oppdraget|Oppdrag)\s+(?P<title>(?-i:[A-ZÆØÅ])[^.;:«»\d]{2,100}?)\s*$")


def withdrawal_sentence(sentence: str) -> tuple[AssignmentRef, int | None] | None:
    """(the assignment, the offset of the day it ends) when the sentence withdraws one."""
    verb = _WITHDRAW.search(sentence)
    if not verb or move_sentence(sentence) is not None:
        return None
    if _POINTS_ELSEWHERE.match(sentence, verb.end()):
        return None  # "… følger av at oppdrag X utgår, jf. punkt 2.1": the withdrawal is stated there
    marking = explicit_ref(sentence)
    about = _ABOUT.search(sentence)
    quoted = _QUOTED.search(sentence) if re.search(r"\b(?:oppdrag|bestilling)", sentence, re.I) else None
    candidates = marking_candidates(sentence[: verb.start()]) if marking is None else ()
    description = about["about"] if about else sentence
    if quoted is not None and about is None:  # "Oppdraget «Forbrukerlån» utgår": named by its title
        description = quoted["a"] or quoted["b"] or quoted["c"]
    named = _TITLE_AFTER_WORD.search(sentence[: verb.start()])
    if marking is None and about is None and quoted is None and named is not None:
        # "Oppdraget Tomter til studentboliger bortfaller for NTNU …": named by its title, without quotes
        quoted, description = named, named["title"]
    description = re.sub(_DATE, " ", _WITHDRAW.sub(" ", description))
    if marking is None and about is None and quoted is None and not candidates:
        return None  # "Det siste møtet i november utgår": no assignment named
    if about is None and quoted is None:  # "Oppdrag 2025-04 om forvaltning av …": what it is about, after the code
        after_code = re.search(r"\b[Oo]ppdrag(?:et)?\s+\S+\s+(?:om|med)\s+(?:å\s+)?(?P<about>.+)", sentence, re.S)
        if after_code and candidates:
            description = re.sub(_DATE, " ", _WITHDRAW.sub(" ", after_code["about"]))
    effective = _EFFECTIVE.search(sentence, verb.start() - 80 if verb.start() > 80 else 0)
    bare = (
        marking is None
        and about is None
        and quoted is None
        and not re.search(r"\b(?:oppdrag|bestilling)", sentence, re.I)
    )
    ref = AssignmentRef(marking, description, candidates, bare)
    return ref, (effective.start("date") if effective else None)


def withdraws(text: str) -> tuple[bool, int | None]:
    """Whether ``text`` (a lead-in line: "Følgende oppdrag utgår med virkning fra 1. mai 2025:") has a verb of
    withdrawal, and the offset of the day in effect it gives."""
    effective = _EFFECTIVE.search(text)
    return bool(_WITHDRAW.search(text)), (effective.start("date") if effective else None)


def withdrawal_follow_up(sentence: str) -> int | None:
    """The offset of the day in effect when ``sentence`` only follows up the withdrawal before it: "Oppdraget
    avlyses med virkning fra 1. juni 2025" after "… oppdrag nr. 3 … ikke skal gjennomføres"; else None."""
    if not re.match(r"^\W*(?:Oppdraget|Dette\s+oppdraget|Oppgåva|Oppgaven|Det)\b", sentence):
        return None
    if not _WITHDRAW.search(sentence) or explicit_ref(sentence) is not None:
        return None
    effective = _EFFECTIVE.search(sentence)
    return effective.start("date") if effective else None


@dataclass
class MoveSentence:
    ref: AssignmentRef
    old: int | None  # offsets of the dates in the sentence
    new: int
    hint: str
    effective: int | None = None  # offset of a day in effect of the sentence's own


_FRIST = re.compile(r"\bfrist\w*|\bleveres\b|\bleverast\b|\blegges\s+fram\b|\bleggjast\s+fram\b", re.I)
_MOVE_VERB = (
    rf"(?:endres|endrast|vert\s+{_ADV}endra|blir\s+{_ADV}endret|blir\s+{_ADV}endra|flyttes|flyttast|vert\s+{_ADV}flytta|"
    rf"blir\s+{_ADV}flyttet|utsettes|utsetjast|vert\s+{_ADV}utsett|blir\s+{_ADV}utsatt|forskyves|forskuvast|"
    rf"vert\s+{_ADV}forskuva|blir\s+{_ADV}forskjøvet|forlenges|forlengast|vert\s+{_ADV}forlengd|"
    rf"fremskyndes|framskyndes|framskundast|fremskyndast|vert\s+{_ADV}(?:fram|frem)skunda|"
    rf"blir\s+{_ADV}(?:fram|frem)skyndet|settes|vert\s+sett|"
    # Nynorsk writes "blir" as well as "vert": "blir utsett", "blir flytta", "blir forlengd"
    rf"blir\s+{_ADV}(?:utsett|flytta|flytt|forskuva|forlengd|framskunda)|vert\s+{_ADV}flytt)"
)
#: "endres fra D til D", also with words between ("endres fristen for evalueringen av … fra D til D").
#: The end of a month as a deadline moved from: "forlenges fra utgangen av september 2024 til 15. november 2024".
_MONTH_END = (
    r"(?:utgangen|slutten)\s+av\s+(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|"
    r"desember)(?:\s+20\d\d)?"
)
_FROM_TO = re.compile(
    rf"\b{_MOVE_VERB}(?:\s+(?!(?:fra|frå|til)\b)[^\s.]+){{0,10}}?\s+(?:fra|frå)\s+(?P<old>{_DATE}|{_MONTH_END})\s+"
    rf"til\s+(?P<new>{_DATE})",
    re.I,
)
_TO = re.compile(rf"\b{_MOVE_VERB}(?:\s+(?:derfor|difor|dermed|nå|no))?\s+til\s+(?P<new>{_DATE})", re.I)
_NEW_FRIST = re.compile(
    rf"\bny\s+frist\s*(?:er|blir|vert|skal\s+være|skal\s+vere|:)?\s*(?:satt\s+til\s+|sett\s+til\s+)?(?P<new>{_DATE})",
    re.I,
)
_OLD = re.compile(
    rf"\b(?:tidligere|tidlegare|opprinnelig|opphavleg|i\s+stedet\s+for|i\s+staden\s+for|før|fra|frå)\s+(?P<old>{_DATE})",
    re.I,
)


def date_at(sentence: str, offset: int, year: int) -> dt.date | None:
    """The date written at ``offset``: a date, or the end of a month ("utgangen av september 2024")."""
    match = DATE_RE.match(sentence, offset)
    if match is not None:
        return parse_date(match, year)
    end = re.compile(r"(?:utgangen|slutten)\s+av\s+(?P<month>[a-zæøå]+)(?:\s+(?P<year>20\d\d))?", re.I).match(
        sentence, offset
    )
    if end is None or end["month"].lower() not in MONTHS:
        return None
    month, in_year = MONTHS[end["month"].lower()], int(end["year"] or year)
    return dt.date(in_year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


#: A sentence that reports what the recipient asked for, no change of the ministry's: "UiA har bedt om at fristen
#: … utsettes til 1. februar 2026" (the answer follows: "Departementet kan ikke imøtekomme søknaden").
_ASKED_FOR = re.compile(r"\b(?:har|hadde)\s+(?:bedt|bede|søkt)\s+om\b|\bsøknaden\s+om\b", re.I)


def move_sentence(sentence: str) -> MoveSentence | None:
    """A sentence that moves a deadline: "endres fra D til D", "utsettes til D", "ny frist er D"."""
    if _ASKED_FOR.search(sentence):
        return None
    both = _FROM_TO.search(sentence)
    if both:
        old: int | None = both.start("old")
        new = both.start("new")
        cut = both.start()
    else:
        one = _TO.search(sentence) or _NEW_FRIST.search(sentence)
        if not one or not _FRIST.search(sentence):
            return None
        new, cut = one.start("new"), one.start()
        before = _OLD.search(sentence, one.end())
        old = before.start("old") if before else None
    head = sentence[:cut]
    marking = explicit_ref(sentence)
    if both:  # the words between the verb and the dates name the assignment too ("… fristen for evalueringen av …")
        head = sentence[: both.start("old")]
    description = re.sub(_DATE, " ", _OWN_EFFECTIVE.sub(" ", head))
    skip = tuple(x for x in (old, new) if x is not None)
    candidates = marking_candidates(head) if marking is None else ()
    return MoveSentence(AssignmentRef(marking, description, candidates), old, new, head, effective_in(sentence, skip))


@dataclass
class BudgetSentence:
    chapter: str
    post: str | None
    before: Decimal | None
    change: Decimal | None
    after: Decimal | None
    unit: str
    effective: int | None = None  # offset of a day in effect of the sentence's own


_UNIT_WORDS = (
    (re.compile(r"^(?:mrd\.?|milliard\w*)$", re.I), "billion-NOK"),
    (re.compile(r"^(?:mill\.?|millioner|million)$", re.I), "million-NOK"),
    (re.compile(r"^(?:tusen|1\s?000)$", re.I), "thousand-NOK"),
)
_MULTIPLIER = {
    "NOK": Decimal(1),
    "thousand-NOK": Decimal(1000),
    "million-NOK": Decimal(1000000),
    "billion-NOK": Decimal(1000000000),
}
_AMOUNT = (
    r"(?P<{g}>[-–−]?\d{{1,3}}(?:[ \u00a0]\d{{3}})+(?:,\d+)?|[-–−]?\d+(?:,\d+)?)\s*"
    r"(?P<{g}u>mrd\.?|milliard\w*|mill\.?|millioner|million|tusen)?\s*(?:kroner|kr\b\.?)"
)
_BUDGET_ITEM = re.compile(r"\bkap(?:ittel|\.)?\s*(?P<chap>\d{3,4})\s*,?\s*(?:post\s*(?P<post>\d{2})\b)?", re.I)
_UP = re.compile(
    r"\b(?:øke[sr]?|økt|økast|auke[sr]?|aukar|auka|aukast|styrke[sr]?|styrkt|plusses|legges\s+til)\b", re.I
)
_DOWN = re.compile(
    r"\b(?:reduser\w*|redusert|kutte[sr]?|kutta|settes\s+ned|vert\s+sett\s+ned|nedjuster\w*|trekkes\s+inn)\b", re.I
)


def amount_unit(number: str, unit: str | None) -> tuple[Decimal, str] | None:
    value = parse_number(number.lstrip("-–−"))
    if value is None:
        return None
    if number[:1] in "-–−":
        value = -value
    for pattern, name in _UNIT_WORDS:
        if unit and pattern.match(unit.strip()):
            return value, name
    return value, "NOK"


#: The amount a post has after the change, said alone: "… blir etter dette 171 920 000 kroner", "Løyvinga er no 2,1
#: mill. kroner", "Tildelingen utgjør etter endringen 45 mill. kroner".
_NEW_TOTAL = re.compile(
    r"\b(?:blir|vert|er|utgjør|utgjer)\s+(?:etter\s+dette|heretter|herette|no|nå|etter\s+endring(?:a|en))\s+(?:på\s+)?"
    + _AMOUNT.format(g="a"),
    re.I,
)


#: A post's amount set anew: "settes … til 123,4 mill. kroner", "vert sett til", "fastsetjast til".
_SET = re.compile(
    r"\b(?:settes|setjast|fastsettes|fastsetjast|vert\s+(?:fast)?sett|blir\s+(?:fast)?satt|er\s+(?:fast)?satt)\b", re.I
)


def budget_sentence(sentence: str) -> BudgetSentence | None:
    """ "Bevilgningen på kap. 1352 post 01 økes med 2,5 mill. kroner (, fra X) til 312,4 mill. kroner"."""
    item = _BUDGET_ITEM.search(sentence)
    if not item:
        return None
    rest = sentence[item.end() :]
    up, down = _UP.search(sentence), _DOWN.search(sentence)
    if not up and not down:
        total = _NEW_TOTAL.search(rest)
        if total is None and _SET.search(sentence):
            # "… settes bevilgningen på kap. 1840 post 70 Administrasjon, Gassnova SF, til 123,4 mill. kroner"
            total = re.search(rf"\btil\s+{_AMOUNT.format(g='a')}", rest, re.I)
        if total is None:
            return None
        # "Kap. 860, post 50 Basisløyving / Basisløyvinga blir etter dette 171 920 000 kroner": the amount after alone
        parsed = amount_unit(total["a"], total["au"])
        if parsed is None:
            return None
        return BudgetSentence(item["chap"], item["post"], None, None, parsed[0], parsed[1], effective_in(sentence))
    values: dict[str, tuple[Decimal, str]] = {}
    for word, key in (("med", "change"), ("til", "after"), ("fra|frå", "before")):
        match = re.search(rf"\b(?:{word})\s+{_AMOUNT.format(g='a')}", rest, re.I)
        if match:
            parsed = amount_unit(match["a"], match["au"])
            if parsed:
                values[key] = parsed
    if "change" not in values and not ("before" in values and "after" in values):
        return None
    unit = (values.get("after") or values.get("change") or values["before"])[1]

    def stated(key: str) -> Decimal | None:
        if key not in values:
            return None
        value, own = values[key]
        return value * _MULTIPLIER[own] / _MULTIPLIER[unit]

    change = stated("change")
    if change is not None:
        change = -abs(change) if down and not (up and up.start() < down.start()) else abs(change)
    return BudgetSentence(
        item["chap"], item["post"], stated("before"), change, stated("after"), unit, effective_in(sentence)
    )


_MOVE_MONEY = re.compile(
    r"\b(?:flyttes|flyttast|vert\s+flytta|blir\s+flyttet|overføres|overførast|vert\s+overført|blir\s+overført|"
    r"omdisponeres|omdisponerast|vert\s+omdisponert|blir\s+omdisponert)\b",
    re.I,
)
_KAP = r"kap(?:ittel|\.)?\s*"
_FROM_POST_TO_POST = re.compile(
    rf"\b(?:fra|frå)\s+(?:{_KAP}(?P<c1>\d{{3,4}})\s*,?\s*)?post\s*(?P<p1>\d{{2}})\b"
    rf"(?:\s+(?:på|under)\s+{_KAP}(?P<c1b>\d{{3,4}}))?\s*,?\s+til\s+(?:{_KAP}(?P<c2>\d{{3,4}})\s*,?\s*)?"
    rf"post\s*(?P<p2>\d{{2}})\b",
    re.I,
)


def post_move(sentence: str) -> list[BudgetSentence]:
    """An amount moved between two posts: "flyttes 2 mill. kroner fra post 01 til post 71 på kap. 1115" (the one
    post down, the other up by it; the amounts before are the amended letter's). Empty when the sentence moves
    no amount between posts."""
    verb = _MOVE_MONEY.search(sentence)
    posts = _FROM_POST_TO_POST.search(sentence)
    if verb is None or posts is None:
        return []
    amount = None
    for match in re.finditer(_AMOUNT.format(g="a"), sentence):
        if match.start() < posts.start():
            amount = match
    if amount is None:
        return []
    parsed = amount_unit(amount["a"], amount["au"])
    if parsed is None:
        return []
    value, unit = parsed
    # the chapter: stated with either post, else "på kap. 1115" / "under kap. 1115" elsewhere in the sentence
    elsewhere = re.search(rf"\b(?:på|under|over)\s+{_KAP}(?P<c>\d{{3,4}})\b", sentence, re.I)
    first = posts["c1"] or posts["c1b"] or (elsewhere["c"] if elsewhere else None)
    second = posts["c2"] or first
    if first is None or second is None:
        return []
    day = effective_in(sentence)
    return [
        BudgetSentence(first, posts["p1"], None, -abs(value), None, unit, day),
        BudgetSentence(second, posts["p2"], None, abs(value), None, unit, day),
    ]


def table_unit(text: str) -> str:
    """The unit a budget table states above or in its header: "(i 1 000 kroner)", "mill. kr", "Beløp i kroner"."""
    lower = text.lower()
    if re.search(r"\bmrd\b|milliard", lower):
        return "billion-NOK"
    if "mill" in lower:
        return "million-NOK"
    if re.search(r"1\s?000|tusen", lower):
        return "thousand-NOK"
    if re.search(r"\bkr\b|kroner", lower):
        return "NOK"
    return "thousand-NOK"


@dataclass
class RevisionSpan:
    """A paragraph that gives an assignment a new text: "Oppdrag 4.3 vert endra slik: «…»",
    "Oppdraget endres til: …", "… erstattes av følgende: …". Offsets into the paragraph's text."""

    ref: AssignmentRef
    start: int  # where the sentence naming the assignment starts
    text_start: int  # the new text, without its quotation marks
    text_end: int
    end: int  # after the closing quotation mark, if any
    effective: int | None = None  # offset of a day in effect of the paragraph's own


#: The verb of a revised text, ending in a colon before the new text.
_REVISE = re.compile(
    r"\b(?:vert\s+endra|vert\s+endret|endres|endrast|blir\s+endret|blir\s+endra|skal\s+(?:no\s+|nå\s+|heretter\s+|herette\s+|etter\s+dette\s+|etter\s+dette\s+no\s+)?(?:lyde|lyda)|"
    r"lyder\s+nå|lyder\s+no|får\s+(?:(?:slik|følgende|følgjande|denne)\s+)?(?:(?:ny|nye|nytt)\s+)?(?:tekst|ordlyd)|"
    r"erstattes|erstattast|"
    r"vert\s+erstatta|blir\s+erstattet|vert\s+bytt\s+ut)"
    r"(?:\s+(?:slik|som\s+følger|som\s+følgjer|til|med|av)(?:\s+(?:følgende|følgjande|denne|dette|ny|nytt))?"
    r"(?:\s+(?:tekst|ordlyd))?)?\s*:\s*",
    re.I,
)
#: A lead-in whose subject is deadlines ("Fristane for …", "Fristene i følgende oppdrag …", "De nye fristene …").
_DEADLINES_CHANGED = re.compile(r"^\W*(?:(?:de|dei)\s+(?:nye\s+)?)?frist\w*\b", re.I)
#: Several assignments named together, none by itself: "desse oppdraga", "følgende oppdrag", "disse oppdragene".
_MANY_ASSIGNMENTS = re.compile(
    r"\b(?:desse|disse|dei\s+følgjande|de\s+følgende|følgende|følgjande)\s+(?:oppdraga|oppdragene|oppdrag|oppgåvene|oppgavene)\b",
    re.I,
)
_CLOSING = {"«": "»", "“": "”", '"': '"', "„": "“"}


def revision_leads_in(text: str) -> bool:
    """True when ``text`` (a paragraph) ends in a revision's verb and colon, its new text in the block below:
    "Oppdrag O-3 Landstrøm får følgende nye ordlyd:" over an indented paragraph."""
    end = len(text.rstrip())
    return any(m.end() >= end for m in _REVISE.finditer(text))


def revisions_in(text: str) -> list[RevisionSpan]:
    """Each new text of an assignment ``text`` (a paragraph) gives, with the words naming the assignment."""
    out: list[RevisionSpan] = []
    for verb in _REVISE.finditer(text):
        if out and verb.start() < out[-1].end:
            continue  # inside the new text of the one before
        # The sentence of the verb, or the one before it where that names the assignment ("… oppdrag 3 om X.
        # Oppdraget endres til: …").
        starts = [s for s, _e in sentences(text[: verb.start()])] or [0]
        start = starts[-1]
        if explicit_ref(text[start : verb.start()]) is None and len(starts) > 1:
            start = starts[-2]
        head = text[start : verb.start()]
        marking = explicit_ref(head)
        if marking is None and not re.search(r"\boppdrag|\boppgåv|\boppgav", head, re.I):
            continue  # a text changed, but not an assignment's
        if marking is None and (_DEADLINES_CHANGED.search(head) or _MANY_ASSIGNMENTS.search(head)):
            continue  # "Fristane for desse oppdraga blir endra:" over a table of moved deadlines: no text revised
        opening = text[verb.end() : verb.end() + 1]
        if opening in _CLOSING:
            close = text.find(_CLOSING[opening], verb.end() + 1)
            if close < 0:
                continue
            text_start, text_end, end = verb.end() + 1, close, close + 1
        else:
            text_start, text_end = verb.end(), len(text.rstrip())
            end = text_end
        if text_end - text_start < 10:
            continue
        description = re.sub(_DATE, " ", _OWN_EFFECTIVE.sub(" ", head))
        candidates = marking_candidates(head) if marking is None else ()
        out.append(
            RevisionSpan(
                AssignmentRef(marking, description, candidates), start, text_start, text_end, end, effective_in(head)
            )
        )
    return out
